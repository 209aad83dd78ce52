"""Checks that look at a file the student wrote find it, in a notebook and under the grader."""

import importlib
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from conflictlab import checks
from conflictlab.checks import checking_in, lesson_tasks, notebook_folder
from conflictlab.grading import grade_notebook


def test_in_a_notebook_it_is_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert notebook_folder() == Path.cwd()


def test_the_grader_can_point_it_elsewhere_for_a_while(tmp_path):
    before = notebook_folder()
    with checking_in(tmp_path / "submission"):
        assert notebook_folder() == tmp_path / "submission"
        with checking_in(tmp_path / "other"):
            assert notebook_folder() == tmp_path / "other"
        assert notebook_folder() == tmp_path / "submission"
    assert notebook_folder() == before


CHECKS = '''
from conflictlab.checks import fail, notebook_folder, task


@task(1, variable="saved")
def task_1(saved):
    """A file the notebook wrote, by name."""
    path = notebook_folder() / saved
    if not path.is_file():
        fail(f"there is no file {saved!r} next to the notebook")
    if path.read_text() != "memo":
        fail("the file does not hold the memo")
'''


@pytest.fixture
def file_lesson(tmp_path, monkeypatch):
    """A one-task lesson (number 97) whose check reads a file in the notebook's folder."""
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "lesson97.py").write_text(textwrap.dedent(CHECKS), encoding="utf-8")
    monkeypatch.setattr(checks, "__path__", [*list(checks.__path__), str(folder)])
    sys.modules.pop("conflictlab.checks.lesson97", None)
    importlib.invalidate_caches()
    yield lesson_tasks("97")
    sys.modules.pop("conflictlab.checks.lesson97", None)


def _notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["conflictlab"] = {"lesson": "97"}
    return nb


def test_the_grader_checks_files_in_the_folder_it_ran_the_notebook_in(file_lesson, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the grader's own folder holds no such file
    wrote = _notebook("open('memo.txt', 'w').write('memo')", "saved = 'memo.txt'")
    results = grade_notebook(wrote, file_lesson, cell_timeout=30, notebook_timeout=60).tasks
    assert [(r.status, r.message) for r in results] == [("passed", "")]

    named_only = _notebook("saved = 'memo.txt'")
    results = grade_notebook(named_only, file_lesson, cell_timeout=30, notebook_timeout=60).tasks
    assert results[0].status == "wrong"
    assert "no file 'memo.txt'" in results[0].message
