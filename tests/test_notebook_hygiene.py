"""Notebooks in git: stripped, stable metadata, and the course's lesson structure."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conflictlab.course.tidy import PINNED_COUNT

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p for folder in ("lessons", "exercises", "solutions") for p in (REPO / folder).glob("*.ipynb")
)
LESSONS = sorted((REPO / "lessons").glob("[0-9][0-9]_*.ipynb"))
ALLOWED_NOTEBOOK_METADATA = {"kernelspec", "language_info", "conflictlab"}
ALLOWED_CELL_METADATA = {"tags"}


def rel(p: Path) -> str:
    return p.relative_to(REPO).as_posix()


def test_the_course_has_notebooks():
    assert (REPO / "lessons" / "00_the_source_and_the_toolkit.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_notebook_is_valid_and_stripped(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), "cells need ids (nbformat 4.5)"
    assert set(nb.metadata) <= ALLOWED_NOTEBOOK_METADATA, (
        f"extra notebook metadata: {set(nb.metadata) - ALLOWED_NOTEBOOK_METADATA}"
    )
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert set(nb.metadata.get("language_info", {})) <= {"name"}
    for i, cell in enumerate(nb.cells):
        where = f"{rel(path)} cell {i} ({cell.get('id')})"
        assert set(cell.metadata) <= ALLOWED_CELL_METADATA, f"{where}: metadata {set(cell.metadata)}"
        if cell.cell_type != "code":
            continue
        if "NBVAL_CHECK_OUTPUT" not in cell.source:
            assert cell.execution_count is None, f"{where}: has an execution count"
            assert cell.outputs == [], f"{where}: stored output in a cell whose output no test checks"
        else:
            assert cell.outputs, f"{where}: a checked cell must store the output it is checked against"
            # nbval compares only cells with an execution count; tidy stores a fixed one
            assert cell.execution_count == PINNED_COUNT, f"{where}: run `conflictlab tidy --pin` on it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_first_code_cell_sets_up_the_course(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code cannot be run by the tests"
    assert "conflictlab.setup()" in code[0].source
