"""Each lesson opens and closes as the course design says, and has its exercises and checks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "lessons").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_opens_and_closes_as_the_course_design_says(path):
    nb = nbformat.read(path, as_version=4)
    first, last = nb.cells[0], nb.cells[-1]
    assert first.cell_type == "markdown" and last.cell_type == "markdown"
    for heading in ("Learning objectives", "Timing", "Prerequisites", "Key terms"):
        assert heading.lower() in first.source.lower(), f"first cell lacks {heading!r}"
    assert re.search(r"teaching.*exercises.*discussion", first.source, re.I | re.S), (
        "timing needs teaching / exercises / discussion minutes"
    )
    assert "key points" in last.source.lower()
    assert "discussion" in last.source.lower()
    text = "\n".join(c.source for c in nb.cells).lower()
    assert "pause and predict" in text
    assert any("instructor" in c.metadata.get("tags", []) for c in nb.cells), "no instructor notes"
    assert any("NBVAL_CHECK_OUTPUT" in c.source for c in nb.cells if c.cell_type == "code"), (
        "no pinned key numbers"
    )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_has_its_exercise_and_solution(path):
    assert (REPO / "solutions" / path.name).is_file()
    assert (REPO / "exercises" / path.name).is_file()
    assert (REPO / "src" / "conflictlab" / "checks" / f"lesson{path.name[:2]}.py").is_file()
