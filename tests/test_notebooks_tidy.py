"""conflictlab tidy: notebooks stripped for git, checked outputs pinned from a real run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conflictlab.course import tidy as notebooks


def make(tmp_path: Path, cells, name="01_demo.ipynb") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    for i, c in enumerate(nb.cells):
        c["id"] = f"cell-{i}"
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"},
        "widgets": {"application/vnd.jupyter.widget-state+json": {}},
        "conflictlab": {"lesson": "01"},
    }
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def stream(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def test_clean_strips_what_git_should_not_hold_and_keeps_checked_outputs(tmp_path):
    plain = nbformat.v4.new_code_cell(
        "x = 1\nx",
        execution_count=3,
        outputs=[stream("1\n")],
        metadata={"tags": ["instructor"], "ExecuteTime": {"a": 1}},
    )
    checked = nbformat.v4.new_code_cell(
        "# NBVAL_CHECK_OUTPUT\nprint(2)", execution_count=4, outputs=[stream("2\n")]
    )
    path = make(tmp_path, [nbformat.v4.new_markdown_cell("# Title"), plain, checked])
    nb = notebooks.clean(json.loads(path.read_text()))
    assert set(nb["metadata"]) == {"kernelspec", "language_info", "conflictlab"}
    assert nb["metadata"]["language_info"] == {"name": "python"}
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0]["outputs"] == [] and code[0]["execution_count"] is None
    assert code[0]["metadata"] == {"tags": ["instructor"]}
    assert "".join(code[1]["outputs"][0]["text"]) == "2\n"
    assert code[1]["execution_count"] == notebooks.PINNED_COUNT  # nbval compares only counted cells
    nbformat.validate(nbformat.from_dict(nb))


def test_pin_stores_the_output_of_a_real_run_in_checked_cells_only(tmp_path):
    path = make(
        tmp_path,
        [
            nbformat.v4.new_code_cell("n = 6 * 7\nprint('ignored')"),
            nbformat.v4.new_code_cell(
                "# NBVAL_CHECK_OUTPUT\nprint(f'the answer is {n}')", outputs=[stream("stale\n")]
            ),
        ],
    )
    changed = notebooks.tidy([path], pin_outputs=True)
    assert changed == [path]
    nb = json.loads(path.read_text())
    assert nb["cells"][0]["outputs"] == []
    assert "".join(nb["cells"][1]["outputs"][0]["text"]) == "the answer is 42\n"
    assert notebooks.tidy([path], check=True) == []  # tidy now, and stable


def test_pin_refuses_a_notebook_with_a_failing_cell(tmp_path):
    path = make(tmp_path, [nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\n1 / 0")])
    before = path.read_text()
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        notebooks.tidy([path], pin_outputs=True)
    assert path.read_text() == before


def test_command_line_check_mode_reports_untidy_notebooks(tmp_path):
    path = make(
        tmp_path,
        [
            nbformat.v4.new_code_cell(
                "1",
                execution_count=1,
                outputs=[
                    nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=1)
                ],
            )
        ],
    )
    cmd = [sys.executable, "-m", "conflictlab.course.cli", "tidy", "--check", str(path)]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 1 and "not tidy" in first.stdout
    subprocess.run(
        [sys.executable, "-m", "conflictlab.course.cli", "tidy", str(path)], check=True, capture_output=True
    )
    second = subprocess.run(cmd, capture_output=True, text=True)
    assert second.returncode == 0, second.stdout


def _nbval(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval-lax",
            "--nbval-current-env",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=path.parent,
    )


def test_a_pinned_notebook_passes_nbval_and_a_changed_story_fails_it(tmp_path):
    path = make(
        tmp_path,
        [
            nbformat.v4.new_code_cell("n = 6 * 7"),
            nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(f'the answer is {n}')"),
        ],
    )
    notebooks.tidy([path], pin_outputs=True)
    passed = _nbval(path)
    assert passed.returncode == 0, passed.stdout
    path.write_text(path.read_text().replace("6 * 7", "6 * 8"))  # the data change the pin must catch
    failed = _nbval(path)
    assert failed.returncode != 0 and "the answer is 48" in failed.stdout, failed.stdout
