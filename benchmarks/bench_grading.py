"""Grading benchmark: a class against plain nbclient, and what the sandbox costs per notebook.

1. A class: 40 copies of the answered exercise of lesson 01 (its solutions notebook), graded as
   ``conflictlab grade`` grades them (``grade_submissions``, ``jobs=2``, the default sandbox:
   worker processes, a fresh kernel per notebook, answers read back and checked), timed against
   the floor: the same 40 notebooks run by plain nbclient, two at a time, with no sandbox, no
   checks and nothing read back. The ratio is the grader's own overhead (the sandbox included);
   the target is under 1.3x. Both runs must succeed on every notebook (the grader with every task
   passed or answered), or the row says so.
2. The sandbox's cost: three copies of the same notebook graded one at a time, once with each
   kernel in the Bubblewrap sandbox and once without; seconds per notebook each way and their
   ratio, against the target of at most 1.2x.

One run each: a class takes minutes, and the runs share the machine at the same time of day, so
the figures move with the machine's load.
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

from conflictlab.grading import grade_folder, grade_submissions, stage
from conflictlab.grading.sandbox import find_sandbox

REPO = Path(__file__).resolve().parents[1]
LESSON = "01"
KEY = next((REPO / "solutions").glob(f"{LESSON}_*.ipynb"))
STUDENTS = int(os.environ.get("CONFLICTLAB_BENCH_STUDENTS", "40"))
JOBS = 2
CLASS_TARGET = 1.3
SANDBOX_STUDENTS = 3
SANDBOX_TARGET = 1.2

Row = tuple[str, float, str, str]


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


def _class() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="conflictlab-bench-") as name:
        folder = Path(name)
        paths = []
        for n in range(STUDENTS):
            path = folder / f"student{n:02d}.ipynb"
            shutil.copyfile(KEY, path)
            paths.append(path)
        sandbox = find_sandbox()
        started = time.perf_counter()
        results = grade_submissions(stage(folder, paths), LESSON, jobs=JOBS, sandbox=sandbox)
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
    met = "met" if ratio < CLASS_TARGET else "NOT met"
    size = f"{STUDENTS} notebooks of exercise {LESSON}, --jobs {JOBS}"
    return [
        (
            f"grade, {size}, sandbox {sandbox.kind}",
            STUDENTS / graded * 60,
            "notebooks/min",
            f"one run, {graded:.0f} s; {agree}",
        ),
        (
            f"plain nbclient floor, {size}",
            STUDENTS / floor * 60,
            "notebooks/min",
            f"one run, {floor:.0f} s; no sandbox, no checks",
        ),
        ("grader time / floor time", ratio, "x", f"one run of each; target < {CLASS_TARGET}x: {met}"),
    ]


def _seconds_per_notebook(folder: Path, kind: str) -> float:
    started = time.perf_counter()
    _, results = grade_folder(folder, lesson=LESSON, jobs=1, sandbox=find_sandbox(kind))
    if any(r.problem for r in results):
        raise RuntimeError(f"grading with sandbox {kind!r} failed: {results[0].problem}")
    return (time.perf_counter() - started) / len(results)


def _sandbox_cost() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="conflictlab-bench-") as name:
        folder = Path(name)
        for n in range(SANDBOX_STUDENTS):
            shutil.copy(KEY, folder / f"student{n}.ipynb")
        bare = _seconds_per_notebook(folder, "none")
        first = f"grade lesson {LESSON}, {SANDBOX_STUDENTS} notebooks one at a time, no sandbox"
        if find_sandbox().kind != "bwrap":
            return [
                (first, bare, "s/notebook", "one run"),
                ("the same in the Bubblewrap sandbox", float("nan"), "s/notebook", "bwrap is not installed"),
            ]
        boxed = _seconds_per_notebook(folder, "bwrap")
    ratio = boxed / bare
    verdict = "met" if ratio <= SANDBOX_TARGET else "NOT met"
    return [
        (first, bare, "s/notebook", "one run"),
        ("the same, each kernel in the Bubblewrap sandbox", boxed, "s/notebook", "one run, same class"),
        ("sandbox cost, ratio to no sandbox", ratio, "x", f"target <= {SANDBOX_TARGET}: {verdict}"),
    ]


def run() -> list[Row]:
    return _class() + _sandbox_cost()
