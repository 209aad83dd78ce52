"""Written answers, marked by hand: the marking sheet the grader writes and the marks read back.

A program can check that a written answer has the form a task asks for (an id, a quote, a word
count); only a reader can judge its argument. So the grader counts a written answer as
``answered`` and writes ``marking.csv``: one row per student and written task, with the answer
in full, its word count, what the automatic check found, the model answer and the task's points,
and two empty columns, ``score`` and ``comment``. The instructor fills them in (in any
spreadsheet) and runs ``conflictlab grade … --marks marking.csv``; the marks then count in the
gradebook, the totals, the feedback files and the LMS files.

Reading marks back never loses or guesses: a row whose student or task is unknown, whose score
is not a number, is negative or above the task's points, or that marks one answer twice, is
reported with its file and row, and every other mark is used.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .._text import word_count
from .csvsafe import read_cell, safe_row

__all__ = ["MARKING_COLUMNS", "Mark", "MarkingRow", "MarksError", "read_marks", "write_marking_sheet"]

#: The columns of the marking sheet, in order; ``score`` and ``comment`` are the instructor's.
MARKING_COLUMNS = (
    "student",
    "name",
    "task",
    "points",
    "words",
    "answer",
    "automatic_check",
    "model_answer",
    "rubric",
    "score",
    "comment",
)
#: The columns a marks file must have to be read back.
REQUIRED_COLUMNS = ("student", "task", "score")


class MarksError(ValueError):
    """A marks file that cannot be read at all (missing, not CSV, without the needed columns)."""


@dataclasses.dataclass(frozen=True)
class MarkingRow:
    """One written answer to mark."""

    student: str
    name: str
    task: str
    points: float
    answer: str
    automatic_check: str
    model_answer: str
    #: What the task asks for that a reader marks against: its requirements, one per line.
    rubric: str = ""

    @property
    def words(self) -> int:
        return word_count(self.answer)  # as the task's word limits count them


@dataclasses.dataclass(frozen=True)
class Mark:
    """An instructor's mark for one answer."""

    score: float
    comment: str


def write_marking_sheet(
    path: Path, rows: Iterable[MarkingRow], marks: Mapping[tuple[str, str], Mark] | None = None
) -> Path:
    """Write the marking sheet: the answers in full, with ``score`` and ``comment`` columns.

    Those columns hold the ``marks`` already given (so a sheet written again after ``--marks``
    keeps them) and are empty for the answers still to mark. A sheet at ``path`` that already
    has scores in it is first kept as ``<name>.previous.csv``, so that no mark typed into it is
    lost, even one that could not be used.
    """
    marks = marks or {}
    if path.is_file() and _has_scores(path):
        path.replace(path.with_name(f"{path.stem}.previous.csv"))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(MARKING_COLUMNS)
        for row in rows:
            writer.writerow(
                safe_row(
                    [
                        row.student,
                        row.name,
                        row.task,
                        _number(row.points),
                        row.words,
                        row.answer,
                        row.automatic_check,
                        row.model_answer,
                        row.rubric,
                        *(
                            (_number(mark.score), mark.comment)
                            if (mark := marks.get((row.student, row.task)))
                            else ("", "")
                        ),
                    ]
                )
            )
    return path


def read_marks(
    path: Path, points: Mapping[tuple[str, str], float]
) -> tuple[dict[tuple[str, str], Mark], list[str]]:
    """Read a filled-in marking sheet.

    Parameters
    ----------
    path : Path
        The marks file (the marking sheet with ``score`` and ``comment`` filled in).
    points : mapping of (student, task) to float
        Every written answer of this grading run and the points its task is worth.

    Returns
    -------
    (marks, problems)
        The usable marks by (student, task), and one sentence per row that could not be used,
        naming the file and the row. A row with an empty score is not yet marked: not a problem.

    Raises
    ------
    MarksError
        If the file cannot be read, or lacks a ``student``, ``task`` or ``score`` column.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MarksError(f"{path}: the marks cannot be read ({exc})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))  # a comment may span lines
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise MarksError(
            f"{path}: the marks file lacks the column(s) {', '.join(missing)}; "
            "fill in the marking sheet the grader wrote and keep its header row"
        )
    students = {student for student, _ in points}
    marks: dict[tuple[str, str], Mark] = {}
    problems: list[str] = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): _unquote(v) for k, v in raw.items()}
        where = f"{path.name}, row {number}"
        student, task, score_text = row.get("student", ""), row.get("task", ""), row.get("score", "")
        if not score_text:
            continue
        if student not in students:
            problems.append(f"{where}: no submission of student {student!r} in this grading run")
            continue
        if (student, task) not in points:
            tasks = sorted(t for s, t in points if s == student)
            problems.append(
                f"{where}: {task!r} is not a written task of {student} (those are {', '.join(tasks)})"
            )
            continue
        try:
            score = float(score_text.replace(",", "."))
        except ValueError:
            problems.append(f"{where}: the score {score_text!r} is not a number")
            continue
        limit = points[(student, task)]
        if not math.isfinite(score) or score < 0 or score > limit:
            problems.append(
                f"{where}: the score {score_text} for {task} is outside 0–{_number(limit)} points"
            )
            continue
        if (student, task) in marks:
            problems.append(f"{where}: {student}'s {task} is marked twice; the first mark is kept")
            continue
        marks[(student, task)] = Mark(score, row.get("comment", ""))
    return marks, problems


def _has_scores(path: Path) -> bool:
    try:
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
        return any((row.get("score") or "").strip() for row in reader)
    except (OSError, UnicodeDecodeError, csv.Error):
        return True  # unreadable: keep it rather than overwrite it


def _unquote(value: str | Sequence[str] | None) -> str:
    """A cell as the instructor meant it (the grader's leading apostrophe taken off again)."""
    return read_cell(value.strip()) if isinstance(value, str) else ""


def _number(value: float) -> str:
    return f"{value:g}"
