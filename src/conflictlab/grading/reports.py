"""The reports written after grading: gradebook, hints, summary, word answers, feedback, chart."""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .._text import sentence
from ..charts.class_summary import class_summary
from ..checks import STATUSES, Task, lesson_tasks, load_lesson
from .results import SubmissionResult


def write_reports(results: Sequence[SubmissionResult], lesson: str, out: str | Path) -> dict[str, Path]:
    """Write the gradebook, hints, summary, chart, word answers and feedback files into ``out``.

    Returns
    -------
    dict
        The files written, by kind.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tasks = lesson_tasks(lesson)
    title = getattr(load_lesson(lesson), "TITLE", None)
    written: dict[str, Path] = {}

    def status(result: SubmissionResult, task: Task) -> str:
        return next((x.status for x in result.tasks if x.task == task.number), "error")

    written["gradebook"] = write_csv(
        out / "gradebook.csv",
        ["student", *(t.name for t in tasks), "tasks_passed", "notes"],
        ([r.student, *(status(r, t) for t in tasks), r.passed, "; ".join(r.notes)] for r in results),
    )
    written["hints"] = write_csv(
        out / "hints.csv",
        ["student", "task", "variable", "status", "message"],
        ([r.student, f"task_{x.task}", x.variable, x.status, x.message] for r in results for x in r.tasks),
    )
    summary = []
    for t in tasks:
        counts = Counter(status(r, t) for r in results)
        summary.append(
            {
                "task": t.name,
                "variable": t.variable,
                "description": t.description,
                **{s: counts.get(s, 0) for s in STATUSES},
                "share_passed": round(counts.get("passed", 0) / max(len(results), 1), 4),
            }
        )
    header = ["task", "variable", "description", *STATUSES, "share_passed"]
    written["summary"] = write_csv(out / "summary.csv", header, ([s[k] for k in header] for s in summary))
    word_tasks = [t for t in tasks if t.kind == "words"]
    if word_tasks:
        written["word_answers"] = write_csv(
            out / "word_answers.csv",
            ["student", "task", "variable", "words", "answer"],
            (
                [r.student, t.name, t.variable, len(text.split()), text]
                for r in results
                for t in word_tasks
                for text in [r.words.get(t.variable, "")]
            ),
        )

    feedback_dir = out / "feedback"
    feedback_dir.mkdir(exist_ok=True)
    for r in results:
        path = feedback_dir / feedback_name(r.student)
        path.write_text(feedback_markdown(r, tasks, lesson, title), encoding="utf-8")
    written["feedback"] = feedback_dir

    try:
        chart = class_summary(summary, STATUSES, lesson=lesson, students=len(results), title=title)
        chart.save(str(out / "summary.png"), scale_factor=2)
        chart.save(str(out / "summary.html"), inline=True)
        written["chart_png"] = out / "summary.png"
        written["chart_html"] = out / "summary.html"
    except Exception as exc:  # the grades matter more than the picture
        print(
            f"conflictlab grade: could not draw the summary chart ({type(exc).__name__}: {exc}); "
            "the CSV files are complete.",
            file=sys.stderr,
        )
    return written


#: A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection"; CWE-1236).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading ``'`` before a formula-like start.

    Numbers are written as they are; text that a spreadsheet would run as a
    formula (``=HYPERLINK(...)``, a file named ``=2+5.ipynb``) gets the
    single quote spreadsheets read as "this is text".
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """Write one CSV file (UTF-8, a header row, then ``rows``, every cell made safe) and return its path."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([safe_cell(c) for c in header])
        writer.writerows([safe_cell(c) for c in row] for row in rows)
    return path


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
    "wrong": "✗ not quite",
    "missing": "not answered",
    "error": "⚠ error",
    "timeout": "⌛ ran out of time",
}


def feedback_markdown(
    result: SubmissionResult, tasks: Sequence[Any], lesson: str, title: str | None = None
) -> str:
    """One student's feedback, in Markdown that also reads well as plain text."""
    heading = f"Lesson {lesson}" + (f": {title}" if title else "")
    lines = [f"# Feedback on your exercises — {heading}", "", f"Notebook: `{result.file}`", ""]
    if result.problem:
        lines += [f"**Your notebook could not be graded.** {result.problem}", ""]
    else:
        lines += [
            f"**{result.passed} of {len(result.tasks)} tasks passed the public checks.** Each task below "
            "says what the check found; open your notebook, fix what it points to, and run the check "
            "cell again.",
            "",
        ]
    descriptions = {t.number: t.description for t in tasks}
    kinds = {t.number: getattr(t, "kind", "value") for t in tasks}
    for r in result.tasks:
        verdict = _VERDICTS.get(r.status, r.status)
        if r.status == "passed" and kinds.get(r.task) == "words":
            verdict = "✓ answered (your instructor reads it)"
        lines += [f"## Task {r.task} (`{r.variable}`): {verdict}", ""]
        if descriptions.get(r.task):
            lines += [f"*{descriptions[r.task]}*", ""]
        if r.message and not result.problem:
            lines += [sentence(r.message), ""]
    lines += [
        "---",
        "",
        "These are the same public checks you can run in the notebook: passing them means your answer "
        "passed those checks, not that it has been marked. Answers in words are read by your instructor.",
        "",
    ]
    return "\n".join(lines)
