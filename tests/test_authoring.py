"""Building exercises from solutions: the marker rule, what is kept and dropped, stability, and errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conflictlab.course.authoring import BuildError, build, build_notebook, describe_difference, stub_source

FIXTURES = Path(__file__).parent / "fixtures"
SOLUTION = FIXTURES / "solutions" / "99_practice.ipynb"


def cells_by_id(text):
    return {c["id"]: c for c in json.loads(text)["cells"]}


def source(cell):
    return "".join(cell["source"])


@pytest.fixture(scope="module")
def built():
    text, regions, dropped = build_notebook(SOLUTION.read_text(encoding="utf-8"), name=str(SOLUTION))
    return text, regions, dropped


# --------------------------------------------------------------------------- the marker rule, one cell at a time
def test_a_region_that_assigns_a_name_keeps_the_name():
    code = (
        '# BEGIN SOLUTION: a list of actor ids whose role is "party"\n'
        'parties = actors.loc[actors["role"] == "party", "actor_id"].tolist()\n'
        "# END SOLUTION\n"
        "check.task_1(parties)\n"
    )
    out, n, problems = stub_source(code)
    assert problems == [] and n == 1
    assert out == 'parties = ...  # a list of actor ids whose role is "party"\ncheck.task_1(parties)\n'


def test_the_last_statement_of_a_region_decides_the_name():
    code = (
        "# BEGIN SOLUTION: the weighted median position\n"
        "frame = data.frame('venue')\n"
        "w = frame.capability * frame.salience\n"
        "median: float = models.weighted_median(frame.position, w)\n"
        "# END SOLUTION"
    )
    out, n, problems = stub_source(code)
    assert (out, n, problems) == ("median = ...  # the weighted median position", 1, [])


def test_a_region_that_assigns_no_single_name_becomes_a_bare_ellipsis():
    for body in ["chart.show()", "a, b = 1, 2", "x = y = 3", "for x in y:\n    pass"]:
        out, _, problems = stub_source(f"# BEGIN SOLUTION: draw it\n{body}\n# END SOLUTION\n")
        assert problems == []
        assert out == "...  # draw it\n"


def test_an_indented_region_keeps_the_indentation_of_its_begin_line():
    code = (
        "def influence(row):\n"
        "    # BEGIN SOLUTION: return capability times salience\n"
        "    return row.capability * row.salience\n"
        "    # END SOLUTION\n"
    )
    out, _, problems = stub_source(code)
    assert problems == []
    assert out == "def influence(row):\n    ...  # return capability times salience\n"
    compile(out, "<exercise>", "exec")


def test_several_regions_in_one_cell_and_the_lines_between_them_are_kept():
    code = (
        "# BEGIN SOLUTION: first\na = 1\n# END SOLUTION\n"
        "print('kept')\n"
        "# BEGIN SOLUTION: second\nb = 2\n# END SOLUTION"
    )
    out, n, _ = stub_source(code)
    assert n == 2
    assert out == "a = ...  # first\nprint('kept')\nb = ...  # second"


def test_a_cell_without_markers_is_unchanged():
    code = "x = 1\n# a comment about solutions\nx"
    assert stub_source(code) == (code, 0, [])


# --------------------------------------------------------------------------- the practice lesson's exercise
def test_every_answer_becomes_a_stub_naming_its_variable(built):
    text, regions, _ = built
    cells = cells_by_id(text)
    assert regions == 6
    assert source(cells["task-1-answer"]) == 'parties = ...  # a list of actor ids whose role is "party"'
    assert (
        source(cells["task-6-answer"])
        == "answer_6 = ...  # your answer in two or three sentences, as a string"
    )
    assert source(cells["task-3-answer"]).splitlines() == [
        'dated = events.dropna(subset=["earliest"])',
        "timeline = ...  # a table with columns event_id and earliest (as dates), sorted from the earliest event",
        "timeline",
    ]


def test_no_part_of_an_answer_survives(built):
    text = built[0]
    solution = SOLUTION.read_text(encoding="utf-8")
    for answer in [
        ".tolist()",
        '== \\"external power\\").mean()',
        "pd.to_datetime(dated",
        '\\"relative\\"\\n',
        'capability\\"] * actors',
        "The parties care about the outcome",
        "BEGIN SOLUTION",
        "END SOLUTION",
    ]:
        assert answer in solution, answer
        assert answer not in text, answer


def test_instructor_cells_are_left_out_and_every_other_cell_is_kept_in_order(built):
    text, _, dropped = built
    solution_ids = [c["id"] for c in json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]]
    exercise_ids = [c["id"] for c in json.loads(text)["cells"]]
    assert dropped == 2
    assert exercise_ids == [i for i in solution_ids if i not in ("instructor-pacing", "instructor-selfcheck")]


def test_prose_check_cells_and_metadata_are_kept(built):
    text = built[0]
    solution = json.loads(SOLUTION.read_text(encoding="utf-8"))
    exercise = json.loads(text)
    original = {c["id"]: c for c in solution["cells"]}
    for cell in exercise["cells"]:
        if cell["cell_type"] == "markdown" or source(cell).startswith("check."):
            assert cell["source"] == original[cell["id"]]["source"]
    assert exercise["metadata"]["conflictlab"] == {"lesson": "99"}
    assert exercise["metadata"]["kernelspec"] == solution["metadata"]["kernelspec"]
    assert (exercise["nbformat"], exercise["nbformat_minor"]) == (4, 5)


def test_outputs_execution_counts_timings_and_widget_state_are_stripped(built):
    text = built[0]
    solution = json.loads(SOLUTION.read_text(encoding="utf-8"))
    assert any(c.get("outputs") for c in solution["cells"]), "the fixture should have outputs to strip"
    assert "widgets" in solution["metadata"]
    exercise = json.loads(text)
    for cell in exercise["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
        assert "execution" not in cell["metadata"]
    assert "widgets" not in exercise["metadata"]
    nbformat.validate(nbformat.reads(text, as_version=4))


def test_the_build_is_byte_stable(built):
    text = built[0]
    assert build_notebook(SOLUTION.read_text(encoding="utf-8"), name=str(SOLUTION))[0] == text
    # The same notebook saved differently (keys unsorted, other indentation, sources as strings) builds the same.
    data = json.loads(SOLUTION.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        cell["source"] = "".join(cell["source"])
    reshuffled = json.dumps(dict(reversed(list(data.items()))), indent=3, ensure_ascii=True)
    assert build_notebook(reshuffled, name=str(SOLUTION))[0] == text
    assert text.endswith("}\n") and "\r" not in text


def test_the_exercise_is_the_solution_with_only_its_answers_replaced(built):
    """Building an exercise again changes nothing: it has no markers left."""
    text = built[0]
    assert build_notebook(text, name="99_practice.ipynb")[0] == text


# --------------------------------------------------------------------------- malformed notebooks
def notebook(*sources, lesson="12", cell_type="code"):
    cells = [
        {
            "cell_type": cell_type,
            "id": f"c{i}",
            "metadata": {},
            "source": s,
            **({"outputs": [], "execution_count": None} if cell_type == "code" else {}),
        }
        for i, s in enumerate(sources, start=1)
    ]
    meta = {"conflictlab": {"lesson": lesson}} if lesson else {}
    return json.dumps({"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.parametrize(
    ("sources", "where", "fragment"),
    [
        (["x = 1", "# BEGIN SOLUTION: a number\ny = 2\n"], "cell 2 (id 'c2'), line 1", "never closed"),
        (["y = 2\n# END SOLUTION"], "cell 1 (id 'c1'), line 2", "without a '# BEGIN SOLUTION'"),
        (
            ["# BEGIN SOLUTION: a\n# BEGIN SOLUTION: b\nx = 1\n# END SOLUTION\n# END SOLUTION"],
            "cell 1 (id 'c1'), line 2",
            "cannot be nested",
        ),
        (["# BEGIN SOLUTION: a number\n\n# END SOLUTION"], "cell 1 (id 'c1'), line 1", "is empty"),
        (["# BEGIN SOLUTION\nx = 1\n# END SOLUTION"], "cell 1 (id 'c1'), line 1", "needs an instruction"),
        (
            ["# BEGIN SOLUTION:   \nx = 1\n# END SOLUTION"],
            "cell 1 (id 'c1'), line 1",
            "no instruction after the colon",
        ),
        (["# BEGIN SOLUTION - a number\nx = 1\n# END SOLUTION"], "cell 1 (id 'c1'), line 1", "write a colon"),
        (
            ["# Begin Solution: a number\nx = 1\n# END SOLUTION"],
            "cell 1 (id 'c1'), line 1",
            "misspelt marker",
        ),
        (["#BEGIN SOLUTION: a number\nx = 1\n#END SOLUTION"], "cell 1 (id 'c1'), line 1", "misspelt marker"),
        (
            ["if ready:\n# BEGIN SOLUTION: the test\n    x = 1\n# END SOLUTION"],
            "cell 1 (id 'c1')",
            "not valid Python",
        ),
    ],
)
def test_malformed_markers_are_errors_naming_notebook_cell_and_line(sources, where, fragment):
    with pytest.raises(BuildError) as error:
        build_notebook(notebook(*sources), name="solutions/12_demo.ipynb")
    message = str(error.value)
    assert message.startswith("solutions/12_demo.ipynb: cannot build the exercise")
    assert where in message
    assert fragment in message


def test_markers_in_prose_are_errors():
    with pytest.raises(
        BuildError, match=r"cell 1 \(id 'c1'\), line 2: solution markers only work in code cells"
    ):
        build_notebook(notebook("Text\n# BEGIN SOLUTION: x", cell_type="markdown"), name="12_demo.ipynb")


def test_every_problem_is_reported_at_once():
    with pytest.raises(BuildError) as error:
        build_notebook(
            notebook("# BEGIN SOLUTION\nx = 1\n# END SOLUTION", "# END SOLUTION"), name="12_demo.ipynb"
        )
    assert len(error.value.problems) == 2
    assert [p.cell for p in error.value.problems] == [1, 2]


@pytest.mark.parametrize(
    ("text", "name", "fragment"),
    [
        (notebook("x = 1", lesson=None), "12_demo.ipynb", "no lesson number"),
        (
            notebook("x = 1", lesson="13"),
            "12_demo.ipynb",
            "metadata says lesson '13' but the file name says '12'",
        ),
        (notebook("x = 1"), "demo.ipynb", "'NN_name.ipynb'"),
        (notebook("x = 1").replace('"id": "c1", ', ""), "12_demo.ipynb", "cell 1: the cell has no id"),
        (
            notebook("x = 1").replace('"nbformat_minor": 5', '"nbformat_minor": 4'),
            "12_demo.ipynb",
            "format must be 4.5",
        ),
        ("{not json", "12_demo.ipynb", "not valid JSON"),
        ("[]", "12_demo.ipynb", "not a Jupyter notebook"),
    ],
)
def test_notebook_level_problems_are_named(text, name, fragment):
    with pytest.raises(BuildError) as error:
        build_notebook(text, name=name)
    assert fragment in str(error.value)
    assert str(error.value).startswith(name)


# --------------------------------------------------------------------------- comparing with a fresh build
def test_describe_difference_names_the_cell_and_line(built):
    fresh = built[0]
    assert describe_difference(fresh, fresh) is None
    data = json.loads(fresh)
    cell = next(c for c in data["cells"] if c["id"] == "task-2-answer")
    cell["source"] = ["share_external = 0.5"]
    stale = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    message = describe_difference(stale, fresh, name="exercises/99_practice.ipynb")
    assert "exercises/99_practice.ipynb, cell 7 (id 'task-2-answer'), line 1" in message
    assert "'share_external = 0.5'" in message and "make exercises" in message
    data["cells"].pop()
    assert "fresh build has 1 more cell" in describe_difference(
        json.dumps(data), json.dumps(json.loads(stale)), name="x"
    )


# --------------------------------------------------------------------------- the command
def run_cli(*args, cwd):
    env = dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "conflictlab.course.cli", "build", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_build_command_writes_checks_and_reports_drift(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / SOLUTION.name).write_bytes(SOLUTION.read_bytes())
    first = run_cli(cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (
        "wrote: exercises/99_practice.ipynb (6 answer(s) stubbed, 2 instructor cell(s) left out)"
        in first.stdout
    )
    exercise = tmp_path / "exercises" / SOLUTION.name
    assert (
        exercise.read_text(encoding="utf-8")
        == build(tmp_path / "solutions", tmp_path / "x", check=True)[0].text
    )
    mtime = exercise.stat().st_mtime_ns

    second = run_cli(cwd=tmp_path)
    assert "unchanged: exercises/99_practice.ipynb" in second.stdout
    assert exercise.stat().st_mtime_ns == mtime
    assert run_cli("--check", cwd=tmp_path).returncode == 0

    exercise.write_text(
        exercise.read_text(encoding="utf-8").replace("parties = ...", "parties = ['x']"), encoding="utf-8"
    )
    drift = run_cli("--check", cwd=tmp_path)
    assert drift.returncode == 1
    assert "cell 4 (id 'task-1-answer'), line 1" in drift.stderr
    assert "parties = ['x']" in exercise.read_text(encoding="utf-8"), "--check must not write"

    (tmp_path / "exercises" / "98_orphan.ipynb").write_text("{}", encoding="utf-8")
    assert "98_orphan.ipynb has no solution notebook" in run_cli(cwd=tmp_path).stderr


def test_the_build_command_reports_malformed_markers_and_a_missing_folder(tmp_path):
    nothing = run_cli(cwd=tmp_path)
    assert nothing.returncode == 0 and "no solutions/ folder here, so nothing to build" in nothing.stdout
    wrong_folder = run_cli("--solutions", "answer-keys", cwd=tmp_path)
    assert wrong_folder.returncode == 2 and "no folder answer-keys/" in wrong_folder.stderr
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "12_demo.ipynb").write_text(
        notebook("# BEGIN SOLUTION: x\nx = 1"), encoding="utf-8"
    )
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 1
    assert "12_demo.ipynb: cannot build the exercise" in result.stderr
    assert "cell 1 (id 'c1'), line 1: the region opened on line 1 is never closed" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "exercises").exists()
