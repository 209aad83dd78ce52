"""The reports written after grading: gradebook, hints, summary, marking sheet, feedback, chart, LMS files."""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._text import sentence
from ..charts.class_summary import class_summary, task_label
from ..checks import STATUSES, load_lesson
from . import lms
from .csvsafe import safe_row
from .gradebook import Entry, Scored, TaskSpec, marking_rows, plain_entries, score, task_specs
from .lms import Identity, identify
from .marks import Mark, write_marking_sheet
from .results import SubmissionResult

#: The Canvas gradebook column written when ``--canvas-assignment`` is not given: a header
#: without an id makes Canvas create a new assignment of that name on import.
DEFAULT_CANVAS_ASSIGNMENT = "Lesson {lesson} exercises"


def write_reports(
    results: Sequence[SubmissionResult],
    lesson: str,
    out: str | Path,
    *,
    entries: Sequence[Entry] | None = None,
    specs: Sequence[TaskSpec] | None = None,
    marks: Mapping[tuple[str, str], Mark] | None = None,
    canvas_assignment: str | None = None,
    when: datetime | None = None,
) -> dict[str, Path]:
    """Write the gradebook, hints, summary, chart, marking sheet, feedback and LMS files into ``out``.

    Parameters
    ----------
    results : sequence of SubmissionResult
        What was graded; used (file stem as student) when ``entries`` is not given.
    entries : sequence of Entry, optional
        The class's rows, with the students' LMS identities and notes (from
        :func:`~conflictlab.grading.gradebook.class_entries`).
    specs : sequence of TaskSpec, optional
        The tasks with their points and model answers (default: every task 1 point).
    marks : mapping, optional
        The instructor's marks of written answers, by (student, task).
    canvas_assignment : str, optional
        The Canvas gradebook column, ``"Name (assignment id)"``.
    when : datetime, optional
        The time written in Moodle's "Last modified (grade)" (default: now).

    Returns
    -------
    dict
        The files written, by kind.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = list(entries) if entries is not None else plain_entries(results)
    specs = list(specs) if specs is not None else task_specs(lesson)[0]
    marks = marks or {}
    title = getattr(load_lesson(lesson), "TITLE", None)
    maximum = sum(s.points for s in specs)
    scored = {e.student: [score(s, e, marks) for s in specs] for e in rows}
    written: dict[str, Path] = {}

    def total(entry: Entry) -> float:
        return sum(x.points or 0.0 for x in scored[entry.student])

    def to_mark(entry: Entry) -> int:
        return sum(x.points is None for x in scored[entry.student])

    written["gradebook"] = write_csv(
        out / "gradebook.csv",
        [
            "student",
            "name",
            "lms",
            "lms_id",
            "late",
            *(c for s in specs for c in (s.name, f"{s.name}_points")),
            "total",
            "maximum",
            "to_mark",
            "notes",
        ],
        (
            [
                e.student,
                e.identity.name,
                e.identity.lms,
                e.identity.lms_id,
                "late" if e.identity.late else "",
                *(c for x in scored[e.student] for c in (x.status, _points(x.points))),
                _points(total(e)),
                _points(maximum),
                to_mark(e),
                "; ".join(e.notes),
            ]
            for e in rows
        ),
    )
    written["hints"] = write_csv(
        out / "hints.csv",
        ["student", "task", "variable", "status", "message"],
        (
            [e.student, s.name, s.task.variable, x.status, message]
            for e in rows
            if e.result is not None
            for s, x in zip(specs, scored[e.student], strict=True)
            for message in [next((t.message for t in e.result.tasks if t.task == s.task.number), "")]
        ),
    )
    summary = []
    for s, column in zip(
        specs, zip(*scored.values(), strict=True) if scored else [()] * len(specs), strict=True
    ):
        counts = Counter(x.status for x in column)
        summary.append(
            {
                "task": s.name,
                "variable": s.task.variable,
                "description": s.task.description,
                "points": _points(s.points),
                **{status: counts.get(status, 0) for status in STATUSES},
                "share_passed": round(counts.get("passed", 0) / max(len(rows), 1), 4),
            }
        )
    header = ["task", "variable", "description", "points", *STATUSES, "share_passed"]
    written["summary"] = write_csv(out / "summary.csv", header, ([s[k] for k in header] for s in summary))
    if any(s.words for s in specs):
        written["marking"] = write_marking_sheet(out / "marking.csv", marking_rows(specs, rows), marks)

    feedback_dir = out / "feedback"
    feedback_dir.mkdir(exist_ok=True)
    moodle_files: dict[Identity, dict[str, bytes]] = {}
    figures_dir = out / "figures"
    for e in rows:
        if e.result is None:
            continue
        figures = write_figures(e.result, figures_dir)
        if figures:
            written["figures"] = figures_dir
        path = feedback_dir / feedback_name(e.student)
        # Under out/, the feedback links to the pictures in figures/; in Moodle's zip, each
        # participant's pictures sit beside their feedback file, so the link is the file name alone.
        path.write_text(
            feedback_markdown(
                e.result, specs, lesson, title, scored[e.student], figure_links(figures, feedback_dir)
            ),
            encoding="utf-8",
        )
        if e.identity.lms == "moodle":
            beside = feedback_markdown(
                e.result, specs, lesson, title, scored[e.student], figure_links(figures, figures_dir)
            )
            moodle_files[e.identity] = {
                path.name: beside.encode("utf-8"),
                **{saved.name: saved.read_bytes() for saved in figures.values()},
            }
    written["feedback"] = feedback_dir

    def lms_score(entry: Entry) -> float | None:
        # Blank, not 0, until the grade is decided: nothing handed in, a notebook that could not be
        # graded (the instructor looks at it), or a written answer still to be marked.
        return None if entry.result is None or entry.result.problem or to_mark(entry) else total(entry)

    assignment = canvas_assignment or DEFAULT_CANVAS_ASSIGNMENT.format(lesson=lesson)
    written["canvas"] = lms.write_csv(
        out / "canvas_grades.csv",
        lms.canvas_rows(((e.identity, lms_score(e)) for e in rows), assignment, maximum),
    )
    stamp = when or datetime.now()
    written["moodle"] = lms.write_csv(
        out / "moodle_grades.csv",
        lms.moodle_rows(
            ((e.identity, lms_score(e), feedback_comment(specs, scored[e.student], e)) for e in rows),
            maximum,
            stamp,
        ),
    )
    written["moodle_feedback"] = lms.moodle_feedback_zip(moodle_files, out / "moodle_feedback.zip")

    try:
        chart = class_summary(summary, STATUSES, lesson=lesson, students=len(rows), title=title)
        chart.save(str(out / "summary.png"), scale_factor=2)
        chart.save(str(out / "summary.html"), inline=True)
        page = (out / "summary.html").read_text(encoding="utf-8")
        table = student_table(rows, specs, scored)
        (out / "summary.html").write_text(page.replace("</body>", table + "\n</body>", 1), encoding="utf-8")
        written["chart_png"] = out / "summary.png"
        written["chart_html"] = out / "summary.html"
    except Exception as exc:  # the grades matter more than the picture
        print(
            f"conflictlab grade: could not draw the summary chart ({type(exc).__name__}: {exc}); "
            "the CSV files are complete.",
            file=sys.stderr,
        )
    return written


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """Write one CSV file (UTF-8, a header row, then ``rows``), every cell spreadsheet-safe."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(safe_row(header))
        writer.writerows(safe_row(row) for row in rows)
    return path


def _points(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def feedback_comment(specs: Sequence[TaskSpec], scored: Sequence[Scored], entry: Entry) -> str:
    """The short comment an LMS shows beside the grade: the total, then each task's points."""
    if entry.result is None:
        return "No submission."
    if entry.result.problem:
        return f"Your notebook could not be graded: {entry.result.problem}"
    parts = [
        f"{s.name.replace('task_', 'Task ')}: {x.status}, "
        + (f"{_points(x.points)}/{_points(s.points)}" if x.points is not None else "not yet marked")
        + (f" ({x.mark.comment})" if x.mark and x.mark.comment else "")
        for s, x in zip(specs, scored, strict=True)
    ]
    earned = sum(x.points or 0.0 for x in scored)
    return f"{_points(earned)} of {_points(sum(s.points for s in specs))} points. " + "; ".join(parts) + "."


def write_figures(result: SubmissionResult, folder: Path) -> dict[str, Path]:
    """Save a student's pictures (a memo's chart) as ``figures/STUDENT__NAME``.

    Returns
    -------
    dict
        Each picture's name in the notebook and the file it was saved to.
    """
    saved: dict[str, Path] = {}
    stem = feedback_name(result.student).removesuffix(".md")
    for name, data in result.figures.items():
        safe = re.sub(r"[^\w.-]", "_", Path(name).name).lstrip(".") or "figure"
        try:
            content = base64.b64decode(data, validate=True)
        except ValueError:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}__{safe}"
        path.write_bytes(content)
        saved[name] = path
    return saved


def figure_links(figures: Mapping[str, Path], start: Path) -> dict[str, str]:
    """Each picture's link from a file in the folder ``start``: a relative, URL-quoted path."""
    return {name: quote(Path(os.path.relpath(path, start)).as_posix()) for name, path in figures.items()}


def feedback_name(student: str) -> str:
    """The file name of a student's feedback: their name, with subfolders joined by ``__``, and ``.md``."""
    name = re.sub(r"[\x00-\x1f/\\]", "__", student).lstrip(".") or "student"
    return name[:200] + ".md"


def report_digests(written: dict[str, Path]) -> dict[Path, str]:
    """The SHA-256 of every file in ``written`` (folders: every file in them)."""
    files = sorted(
        f
        for p in written.values()
        for f in ([p] if p.is_file() else [q for q in p.rglob("*") if q.is_file()])
    )
    return {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def verify_reports(
    written: dict[str, Path], digests: dict[Path, str] | None = None, wait: float = 1.0
) -> list[Path]:
    """The reports that changed since they were written (none, unless something outlived grading).

    ``digests`` are the reports' hashes right after writing (by default taken
    now); after ``wait`` seconds each file is read again and compared.
    """
    before = digests if digests is not None else report_digests(written)
    time.sleep(wait)
    after = report_digests(written)
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))


_VERDICTS = {
    "passed": "✓ passed the public checks",
    "answered": "✓ answered",
    "wrong": "✗ not quite",
    "missing": "not answered",
    "error": "⚠ error",
    "timeout": "⌛ ran out of time",
}


def feedback_markdown(
    result: SubmissionResult,
    specs: Sequence[TaskSpec],
    lesson: str,
    title: str | None = None,
    scored: Sequence[Scored] | None = None,
    figures: Mapping[str, str] | None = None,
) -> str:
    """One student's feedback, in Markdown that also reads well as plain text.

    ``figures`` links the pictures the notebook saved (by their names in the notebook) to their
    copies (:func:`write_figures`), relative to where the feedback file is read (:func:`figure_links`).
    """
    scored = (
        list(scored)
        if scored is not None
        else [score(s, Entry(identify(result.file), result), {}) for s in specs]
    )
    heading = f"Lesson {lesson}" + (f": {title}" if title else "")
    lines = [f"# Feedback on your exercises — {heading}", "", f"Notebook: `{result.file}`", ""]
    earned = sum(x.points or 0.0 for x in scored)
    maximum = sum(s.points for s in specs)
    waiting = sum(x.points is None for x in scored)
    if result.problem:
        lines += [f"**Your notebook could not be graded.** {result.problem}", ""]
    else:
        passed = sum(x.status == "passed" for s, x in zip(specs, scored, strict=True) if not s.words)
        values = sum(not s.words for s in specs)
        lines += [
            f"**{_points(earned)} of {_points(maximum)} points**"
            + (
                f" so far ({waiting} written answer{'s' if waiting != 1 else ''} still to be marked)"
                if waiting
                else ""
            )
            + f". {passed} of {values} tasks answered in a value passed the public checks. Each task "
            "below says what the check found; open your notebook, fix what it points to, and run the "
            "check cell again.",
            "",
        ]
    results = {r.task: r for r in result.tasks}
    for s, x in zip(specs, scored, strict=True):
        r = results.get(s.task.number)
        verdict = _VERDICTS.get(x.status, x.status)
        worth = (
            f"{_points(x.points)} of {_points(s.points)} point{'s' if s.points != 1 else ''}"
            if x.points is not None
            else f"{_points(s.points)} point{'s' if s.points != 1 else ''}, not yet marked"
        )
        lines += [f"## Task {s.task.number} (`{s.task.variable}`): {verdict} — {worth}", ""]
        if s.task.description:
            lines += [f"*{s.task.description}*", ""]
        if r is not None and r.message and not result.problem:
            lines += [sentence(r.message), ""]
        if x.mark is not None and x.mark.comment:
            lines += [f"Your instructor: {sentence(x.mark.comment)}", ""]
    if figures:
        lines += ["## Your charts", ""]
        lines += [f"![{name}]({link})" for name, link in figures.items()]
        lines += [""]
    lines += [
        "---",
        "",
        "These are the same public checks you can run in the notebook: passing them means your answer "
        "passed those checks. Answers in words are read and marked by your instructor.",
        "",
    ]
    return "\n".join(lines)


def student_table(
    entries: Sequence[Entry], specs: Sequence[TaskSpec], scored: Mapping[str, Sequence[Scored]]
) -> str:
    """An HTML table, one row per student: each task's verdict and points, the total, the notes."""
    esc = html.escape
    head = "".join(
        f'<th scope="col" title="{esc(s.task.description)}">{esc(task_label(s.name))} '
        f"({_points(s.points)})</th>"
        for s in specs
    )
    body = []
    maximum = _points(sum(s.points for s in specs))
    for e in entries:
        cells = "".join(
            f"<td>{esc(x.status)}"
            + (f" · {esc(_points(x.points))}" if x.points is not None else "")
            + "</td>"
            for x in scored[e.student]
        )
        earned = _points(sum(x.points or 0.0 for x in scored[e.student]))
        name = e.identity.name if e.identity.name != e.student else ""
        body.append(
            f'<tr><th scope="row">{esc(e.student)}</th><td>{esc(name)}</td>{cells}'
            f"<td>{earned} / {maximum}</td><td>{esc('; '.join(e.notes))}</td></tr>"
        )
    return (
        '<h2 style="font-family: sans-serif">Students</h2>\n'
        '<table style="font-family: sans-serif; border-collapse: collapse" border="1" cellpadding="4">\n'
        f'<thead><tr><th scope="col">student</th><th scope="col">name</th>{head}'
        '<th scope="col">points</th><th scope="col">notes</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(body) + "\n</tbody></table>"
    )
