"""The class's gradebook: who handed in what, each task's points, marks merged, totals.

What a task is worth is written where the task is written: on its solution marker in the
instructor's solutions notebook (``# BEGIN SOLUTION (2 points): …``, see
:mod:`conflictlab.course.markers`); a task whose marker names no points, or a lesson graded
without its solutions notebook, is worth :data:`~conflictlab.course.markers.DEFAULT_POINTS`.
The same notebook gives the model answer of each written task for the marking sheet.

A task answered in a value earns its points when it passes its check and nothing otherwise.
A task answered in words earns what the instructor's mark gives it: until then its status is
``answered`` (it has the form the task asks for) and its points are blank, not zero — the
total counts only what has been decided, and ``to_mark`` says how much has not.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..checks import Task, lesson_tasks
from ..course.markers import (
    BEGIN,
    DEFAULT_POINTS,
    END,
    MD_BEGIN,
    MD_END,
    answer_variable,
    cell_source,
    marker_points,
)
from .lms import HandIn, Identity, Roster, identify
from .marks import Mark, MarkingRow
from .results import SubmissionResult, problem_result
from .submission import Submission, assigned_names

__all__ = [
    "Entry",
    "Scored",
    "TaskSpec",
    "class_entries",
    "marking_rows",
    "plain_entries",
    "rubric",
    "score",
    "task_specs",
]


@dataclasses.dataclass(frozen=True)
class TaskSpec:
    """One task of the lesson with its points and (for a written task) its model answer."""

    task: Task
    points: float
    model_answer: str = ""

    @property
    def name(self) -> str:
        return self.task.name

    @property
    def words(self) -> bool:
        return self.task.kind == "words"


def solutions_notebook(solutions: Path | None, lesson: str) -> Path | None:
    """The instructor's solutions notebook of ``lesson`` in the folder ``solutions``, if there is one."""
    if solutions is None or not solutions.is_dir():
        return None
    return next(iter(sorted(solutions.glob(f"{lesson}_*.ipynb"))), None)


def task_specs(lesson: str, solutions: Path | None = None) -> tuple[list[TaskSpec], list[str]]:
    """Every task of ``lesson`` with its points and model answer, read from the solutions notebook.

    Returns
    -------
    (specs, notes)
        ``notes`` say when the notebook was not found or could not be read (every task is then
        worth the default points and no model answer is shown).
    """
    tasks = lesson_tasks(lesson)
    notebook = solutions_notebook(solutions, lesson)
    found: dict[str, tuple[float, str]] = {}
    notes: list[str] = []
    if notebook is None:
        notes.append(
            f"no solutions notebook of lesson {lesson} found"
            + (f" in {solutions}" if solutions else "")
            + f"; every task counts {DEFAULT_POINTS:g} point and the marking sheet has no model answers"
        )
    else:
        try:
            cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError) as exc:
            cells = []
            notes.append(f"{notebook}: cannot be read ({exc}); every task counts {DEFAULT_POINTS:g} point")
        variables = {t.variable for t in tasks}
        for cell in cells:
            variable = answer_variable(cell)
            if variable in variables:
                for points, region in _regions(cell_source(cell.get("source", "")), MD_BEGIN, MD_END):
                    found[variable] = (DEFAULT_POINTS if points is None else points, region.strip())
                continue
            if cell.get("cell_type") != "code":
                continue
            for points, region in _regions(cell_source(cell.get("source", ""))):
                for name in assigned_names(region) & variables:
                    found[name] = (DEFAULT_POINTS if points is None else points, _model_answer(region))
    specs = [TaskSpec(t, *found.get(t.variable, (DEFAULT_POINTS, ""))) for t in tasks]
    return specs, notes


def _regions(
    source: str, begin_marker: re.Pattern[str] = BEGIN, end_marker: re.Pattern[str] = END
) -> list[tuple[float | None, str]]:
    regions: list[tuple[float | None, str]] = []
    points: float | None = None
    current: list[str] | None = None
    for line in source.splitlines():
        begin = begin_marker.match(line)
        if begin:
            points, current = marker_points(begin.group("rest"))[0], []
        elif end_marker.match(line):
            if current is not None:
                regions.append((points, "\n".join(current)))
            current = None
        elif current is not None:
            current.append(line)
    if current is not None:  # a notebook whose last region is left open (allowed at a cell's end)
        regions.append((points, "\n".join(current)))
    return regions


def _model_answer(region: str) -> str:
    """The text of a written answer (the string it assigns), or the region's code."""
    try:
        tree = ast.parse(region)
    except SyntaxError:
        return region.strip()
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Assign | ast.AnnAssign) and last.value is not None:
        try:
            value = ast.literal_eval(last.value)
        except ValueError:
            return region.strip()
        if isinstance(value, str):
            return " ".join(value.split())
    return region.strip()


@dataclasses.dataclass
class Entry:
    """One student's row: who, what was graded (None: on the roster, nothing handed in), notes."""

    identity: Identity
    result: SubmissionResult | None
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def student(self) -> str:
        return self.identity.key


def class_entries(
    submissions: Sequence[HandIn],
    results: Sequence[SubmissionResult],
    lesson: str,
    roster: Roster | None = None,
) -> list[Entry]:
    """The gradebook's rows: each submission with its result, and each roster student without one.

    ``results`` are those of the submissions that have a notebook (``path``), in their order.
    """
    graded = iter(results)
    entries: list[Entry] = []
    for submission in submissions:
        identity = submission.identity
        notes: list[str] = []
        if submission.path is None:
            unread = Submission(identity.key, Path(identity.file).name, b"", submission.problem)
            result = problem_result(unread, lesson, submission.problem, 0.0)
        else:
            result = next(graded)
        result.student = identity.key
        notes += result.notes  # the limits the notebook reached
        if result.problem:
            notes.append(f"not graded: {result.problem}")
        if submission.dropped:
            notes.append(
                f"latest of {len(submission.dropped) + 1} submissions graded ({identity.file}); "
                f"not graded: {', '.join(submission.dropped)}"
            )
        if roster is not None and _roster_id(identity) not in roster.ids:
            notes.append("not on the roster")
        entries.append(Entry(identity, result, notes))
    if roster is not None:
        present = {_roster_id(e.identity) for e in entries}
        # The roster comes from one LMS: the one whose students it lists.
        kinds = [e.identity.lms for e in entries if _roster_id(e.identity) in roster.ids]
        lms = max(set(kinds), key=kinds.count) if kinds else "plain"
        for roster_id in roster.ids:
            if roster_id in present:
                continue
            name = roster.names.get(roster_id, "") or roster_id
            key = roster_id if lms == "plain" else f"{lms}-{roster_id}"
            identity = Identity(key, name, lms, "" if lms == "plain" else roster_id, False, 0, "")
            entries.append(Entry(identity, None, ["no submission"]))
    return sorted(entries, key=lambda e: e.student)


def _roster_id(identity: Identity) -> str:
    return identity.lms_id or identity.key


def plain_entries(results: Sequence[SubmissionResult]) -> list[Entry]:
    """Rows for results graded from a folder (:func:`~.folder.grade_folder`): the student as named there."""
    return [
        Entry(
            identify(f"{r.student}.ipynb"),
            r,
            [*r.notes, *([f"not graded: {r.problem}"] if r.problem else [])],
        )
        for r in results
    ]


@dataclasses.dataclass(frozen=True)
class Scored:
    """One task of one student: its status and the points earned (None: not yet marked)."""

    status: str
    points: float | None
    mark: Mark | None = None


def score(spec: TaskSpec, entry: Entry, marks: Mapping[tuple[str, str], Mark]) -> Scored:
    """What one student earned on one task."""
    if entry.result is None:
        return Scored("missing", 0.0)
    status = next((x.status for x in entry.result.tasks if x.task == spec.task.number), "error")
    if not spec.words:
        return Scored(status, spec.points if status == "passed" else 0.0)
    if status == "passed":
        status = "answered"
    mark = marks.get((entry.student, spec.name))
    if mark is not None:
        return Scored(status, mark.score, mark)
    return Scored(status, None if status == "answered" else 0.0)


def rubric(task: Task) -> str:
    """What a written task asks for, one numbered requirement per line ("3. cite C34 by id"), as its check states it.

    The requirements are written once, beside the task (:func:`conflictlab.checks.words_task`); the
    student's feedback, the marking sheet and :func:`conflictlab.checks.marking_sheet` read them
    from there. Empty for a task with no requirement beyond its length.
    """
    # Numbered, not bulleted: a cell starting with "-" would be taken for a formula (see csvsafe).
    return "\n".join(f"{n}. {r.describe()}" for n, r in enumerate(task.requirements, start=1))


def marking_rows(specs: Sequence[TaskSpec], entries: Sequence[Entry]) -> list[MarkingRow]:
    """One row per written answer to read: every non-empty answer to a written task."""
    rows = []
    for entry in entries:
        if entry.result is None:
            continue
        for spec in specs:
            if not spec.words:
                continue
            answer = entry.result.words.get(spec.task.variable, "")
            if not answer.strip():
                continue
            check = next((x for x in entry.result.tasks if x.task == spec.task.number), None)
            automatic = f"{check.status}: {check.message}" if check else ""
            rows.append(
                MarkingRow(
                    entry.student,
                    entry.identity.name,
                    spec.name,
                    spec.points,
                    answer,
                    automatic.strip().rstrip(":"),
                    spec.model_answer,
                    rubric(spec.task),
                )
            )
    return rows
