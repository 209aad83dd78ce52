"""Written answers in Markdown answer cells: the build's prompt, the student's check of the saved
notebook, the grader's reading of the text, and the release's refusal of a model answer."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
import pytest

from conflictlab.checks import lesson_tasks
from conflictlab.checks._written import saved_answer
from conflictlab.course.authoring import BuildError, build_notebook, stub_answer_cell
from conflictlab.course.markers import PROMPT, answer_cells, answer_text, solution_regions
from conflictlab.grading.gradebook import task_specs
from conflictlab.grading.kernel import Execution
from conflictlab.grading.notebook import judge

MODEL = 'The parties care most: their salience is 1. A quote in code, """like this""", is only text here.'
ANSWER = (
    "Influence is capability times salience, so the parties, who care about the outcome above all, "
    'outweigh capable outsiders that care little; a student may write """ or \\ and it stays text.'
)


def answer_cell(text: str, variable: str = "answer_6", cell_id: str = "task-6-answer") -> dict:
    return {
        "cell_type": "markdown",
        "id": cell_id,
        "metadata": {"tags": [f"answer:{variable}"]},
        "source": text,
    }


def solution_notebook(cell: dict) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "markdown", "id": "t6", "metadata": {}, "source": "## Task 6"},
                cell,
                {
                    "cell_type": "code",
                    "id": "c6",
                    "metadata": {},
                    "source": "check.task_6()",
                    "outputs": [],
                    "execution_count": None,
                },
            ],
            "metadata": {"conflictlab": {"lesson": "99"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


MARKED = f"<!-- BEGIN SOLUTION (2 points): two or three sentences -->\n{MODEL}\n<!-- END SOLUTION -->"


# --------------------------------------------------------------------------- the build
def test_the_build_replaces_the_model_answer_with_a_prompt():
    text, regions, _ = build_notebook(solution_notebook(answer_cell(MARKED)), name="99_practice.ipynb")
    cell = json.loads(text)["cells"][1]
    source = "".join(cell["source"])
    assert regions == 1 and "like this" not in text and "BEGIN SOLUTION" not in text
    assert source.startswith(PROMPT) and "(2 points) two or three sentences" in source
    assert "save the notebook (Ctrl+S)" in source
    assert cell["metadata"]["tags"] == ["answer:answer_6"]  # the grader and the check find it by its tag
    assert answer_text(source) == ""  # the prompt alone is no answer


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        (MODEL, "must hold its model answer between"),
        ("<!-- BEGIN SOLUTION: a memo -->\n" + MODEL, "never closed"),
        ("<!-- BEGIN SOLUTION: a memo -->\n\n<!-- END SOLUTION -->", "is empty"),
        ("<!-- BEGIN SOLUTION -->\n" + MODEL + "\n<!-- END SOLUTION -->", "after a colon"),
        (MARKED + "\n" + MARKED, "holds one region"),
    ],
)
def test_a_malformed_answer_cell_is_a_build_error(source, fragment):
    _, problems = stub_answer_cell(source)
    assert any(fragment in p.text for p in problems), problems
    with pytest.raises(BuildError, match="cell 2"):
        build_notebook(solution_notebook(answer_cell(source)), name="99_practice.ipynb")


def test_markdown_markers_outside_an_answer_cell_are_an_error():
    cell = {"cell_type": "markdown", "id": "prose", "metadata": {}, "source": MARKED}
    with pytest.raises(BuildError, match="solution markers only work in code cells and answer cells"):
        build_notebook(solution_notebook(cell), name="99_practice.ipynb")


def test_the_release_finds_a_model_answer_in_markdown():
    # conflictlab release refuses any file holding a solution region; it finds this one too.
    assert solution_regions(MARKED) == [MODEL]


def test_the_grader_takes_points_and_model_answer_from_the_markdown_markers(tmp_path):
    (tmp_path / "99_practice.ipynb").write_text(solution_notebook(answer_cell(MARKED)), encoding="utf-8")
    specs, notes = task_specs("99", tmp_path)
    six = next(s for s in specs if s.task.variable == "answer_6")
    assert (six.points, six.model_answer, notes) == (2.0, MODEL, [])


# --------------------------------------------------------------------------- the text, as written
def test_an_answer_is_its_text_without_the_prompt_and_with_every_character():
    cell = answer_cell(f"{PROMPT} your answer.\n{ANSWER}\n")
    assert answer_cells([cell]) == {"answer_6": ANSWER}


def test_the_grader_reads_the_answer_cell_even_when_no_cell_could_run():
    nb = nbformat.from_dict(json.loads(solution_notebook(answer_cell(ANSWER))))
    execution = Execution({}, {}, start_problem="the kernel could not start")
    tasks = [t for t in lesson_tasks("99") if t.variable == "answer_6"]
    results, words = judge(nb, tasks, execution, cell_timeout=5, notebook_timeout=10)
    assert words == {"answer_6": ANSWER}
    assert results[0].status == tasks[0].check(ANSWER).status == "passed"


def test_a_blank_answer_cell_is_not_answered_yet():
    nb = nbformat.from_dict(json.loads(solution_notebook(answer_cell(f"{PROMPT} your answer."))))
    tasks = [t for t in lesson_tasks("99") if t.variable == "answer_6"]
    results, words = judge(nb, tasks, Execution({}, {}), cell_timeout=5, notebook_timeout=10)
    assert (results[0].status, words) == ("missing", {})
    assert "in place of the ✎ line" in results[0].message


# --------------------------------------------------------------------------- the student's check
@pytest.fixture
def saved(tmp_path, monkeypatch):
    path = tmp_path / "99_practice.ipynb"
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    return path


def test_the_check_reads_the_saved_notebook_jupyterlab_names(saved, tmp_path):
    saved.write_text(solution_notebook(answer_cell(ANSWER)), encoding="utf-8")
    assert saved_answer("answer_6", tmp_path / "elsewhere") == (ANSWER, "")
    feedback = lesson_tasks("99")[5]()  # check.task_6(), with no argument
    assert feedback.status == "passed" and "words" in feedback.message


def test_an_old_save_is_checked_with_a_reminder_to_save_again(saved, tmp_path):
    saved.write_text(solution_notebook(answer_cell(ANSWER)), encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(saved, (an_hour_ago, an_hour_ago))
    text, note = saved_answer("answer_6", tmp_path)
    assert text == ANSWER and "saved 60 minutes ago" in note and "save the notebook (Ctrl+S)" in note


def test_an_unsaved_answer_says_to_save_and_run_again(saved, tmp_path):
    saved.write_text(solution_notebook(answer_cell(f"{PROMPT} your answer.")), encoding="utf-8")
    feedback = lesson_tasks("99")[5]()
    assert feedback.status == "missing"
    assert "empty in the saved notebook" in feedback.message and "(Ctrl+S)" in feedback.message


def test_without_a_saved_notebook_the_check_says_so_and_never_raises(tmp_path, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "gone.ipynb"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    feedback = lesson_tasks("99")[5]()
    assert feedback.status == "missing"
    assert "could not find your answer cell for `answer_6`" in feedback.message
    assert "save the notebook (Ctrl+S) and run this cell again" in feedback.message


def test_without_jupyterlab_the_one_notebook_in_the_folder_is_read(tmp_path, monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    (tmp_path / "99_practice.ipynb").write_text(solution_notebook(answer_cell(ANSWER)), encoding="utf-8")
    (tmp_path / "notes.ipynb").write_text(
        solution_notebook(answer_cell("x", variable="other")), encoding="utf-8"
    )
    assert saved_answer("answer_6", Path(tmp_path))[0] == ANSWER
