"""Grading benchmark: what the sandbox costs per notebook.

The same small class — three copies of lesson 01's answer key — is graded
twice in this run, one notebook at a time: once with each kernel in the
Bubblewrap sandbox, once without a sandbox. Reported: seconds per notebook
each way (one run each, so the figures move with the machine's load) and
their ratio, against the target of at most 1.2×.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from conflictlab.grading import grade_folder
from conflictlab.grading.sandbox import find_sandbox

ROOT = Path(__file__).resolve().parents[1]
KEY = next((ROOT / "solutions").glob("01_*.ipynb"))
STUDENTS = 3
TARGET = 1.2


def _seconds_per_notebook(folder: Path, kind: str) -> float:
    started = time.perf_counter()
    _, results = grade_folder(folder, lesson="01", jobs=1, sandbox=find_sandbox(kind))
    if any(r.problem for r in results):
        raise RuntimeError(f"grading with sandbox {kind!r} failed: {results[0].problem}")
    return (time.perf_counter() - started) / len(results)


def run() -> list[tuple[str, float, str, str]]:
    with tempfile.TemporaryDirectory(prefix="conflictlab-bench-") as name:
        folder = Path(name)
        for n in range(STUDENTS):
            shutil.copy(KEY, folder / f"student{n}.ipynb")
        bare = _seconds_per_notebook(folder, "none")
        if find_sandbox().kind != "bwrap":
            return [
                (f"grade lesson 01, {STUDENTS} notebooks, no sandbox", bare, "s/notebook", "one run"),
                ("the same in the Bubblewrap sandbox", float("nan"), "s/notebook", "bwrap is not installed"),
            ]
        boxed = _seconds_per_notebook(folder, "bwrap")
    ratio = boxed / bare
    verdict = "met" if ratio <= TARGET else "NOT met"
    return [
        (f"grade lesson 01, {STUDENTS} notebooks one at a time, no sandbox", bare, "s/notebook", "one run"),
        ("the same, each kernel in the Bubblewrap sandbox", boxed, "s/notebook", "one run, same class"),
        ("sandbox cost, ratio to no sandbox", ratio, "x", f"target <= {TARGET}: {verdict}"),
    ]
