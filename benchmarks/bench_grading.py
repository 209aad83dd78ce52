"""Grading a class: 40 submissions of one exercise, two at a time, against plain nbclient.

The class is 40 copies of the answered exercise of lesson 01 (its solutions notebook). The
grader (``conflictlab.grading.grade_paths``, ``jobs=2``: worker processes, a fresh kernel per
notebook, answers read back and checked) is timed against the floor: the same 40 notebooks run
by plain nbclient, two at a time, with no checks and nothing read back. The ratio is the
grader's own overhead; the target is under 1.3x. Both runs must succeed on every notebook (the
grader with every task passed or answered), or the row says so. One run each: a class takes
minutes, and both runs share the machine at the same time of day.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from conflictlab.grading import grade_paths

REPO = Path(__file__).resolve().parents[1]
LESSON = "01"
STUDENTS = int(os.environ.get("CONFLICTLAB_BENCH_STUDENTS", "40"))
JOBS = 2
TARGET = 1.3


def _floor(paths: list[Path]) -> tuple[float, int]:
    """Seconds to run every notebook with plain nbclient, JOBS at a time; and how many failed."""

    def execute(path: Path) -> bool:
        nb = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory() as folder:
            try:
                NotebookClient(
                    nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}
                ).execute()
            except Exception:
                return False
        return True

    started = time.perf_counter()
    with ThreadPoolExecutor(JOBS) as pool:
        ok = list(pool.map(execute, paths))
    return time.perf_counter() - started, ok.count(False)


def run() -> list[tuple[str, float, str, str]]:
    solution = next((REPO / "solutions").glob(f"{LESSON}_*.ipynb"))
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n in range(STUDENTS):
            path = Path(folder) / f"student{n:02d}.ipynb"
            shutil.copyfile(solution, path)
            paths.append(path)
        started = time.perf_counter()
        results = grade_paths(paths, LESSON, jobs=JOBS)
        graded = time.perf_counter() - started
        floor, floor_failed = _floor(paths)
    wrong = sum(
        1 for r in results if r.problem or any(t.status not in ("passed", "answered") for t in r.tasks)
    )
    agree = (
        "all graded right"
        if not wrong and not floor_failed
        else f"{wrong} graded wrong, {floor_failed} failed in nbclient"
    )
    ratio = graded / floor
    met = "met" if ratio < TARGET else "NOT met"
    size = f"{STUDENTS} notebooks of exercise {LESSON}, --jobs {JOBS}"
    return [
        (f"grade, {size}", STUDENTS / graded * 60, "notebooks/min", f"one run, {graded:.0f} s; {agree}"),
        (
            f"plain nbclient floor, {size}",
            STUDENTS / floor * 60,
            "notebooks/min",
            f"one run, {floor:.0f} s; no checks",
        ),
        ("grader time / floor time", ratio, "x", f"one run of each; target < {TARGET}x: {met}"),
    ]
