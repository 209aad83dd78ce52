"""Grading: the typed encoding, reading submissions, and the `grade` command end to end.

The end-to-end test grades one folder of practice-lesson submissions (lesson
99, see tests/fixtures) covering what students do: correct, wrong, blank,
deleted / duplicated / reordered cells, a renamed variable, an endless loop
(and one that ignores interrupts), an exception, a crashed kernel, an
invalid and an empty file, a notebook that redefines the checks and prints a
fake "✓ correct", one that looks for the solutions, and one without lesson
metadata. Short time limits and two jobs keep it to well under a minute.
"""

import copy
import csv
import datetime as dt
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from conflictlab.checks import Unsupported, lesson_tasks
from conflictlab.grading import (
    SubmissionError,
    assigned_names,
    choose_lesson,
    decode_value,
    encode_value,
    grade_notebook,
    read_submission,
)

FIXTURES = Path(__file__).parent / "fixtures"
SOLUTION = FIXTURES / "solutions" / "99_practice.ipynb"
EXERCISE = FIXTURES / "exercises" / "99_practice.ipynb"
CELL_TIMEOUT = 6
TASKS = [f"task_{n}" for n in range(1, 7)]


# =========================================================================== the typed encoding
def roundtrip(value):
    data = encode_value(value)
    text = json.dumps(data, allow_nan=False)  # plain JSON: no NaN tokens, nothing executable
    return decode_value(json.loads(text))


@pytest.mark.parametrize(
    "value",
    [
        None,
        ...,
        True,
        False,
        0,
        -7,
        2**80,
        0.1,
        -2.5,
        "",
        "Türkiye’s “corridor”",
        [1, "a", None],
        (1, (2, 3)),
        {1, 2, 3},
        frozenset(),
        {"a": [1, 2], 3: (4,)},
        [[], {}, ()],
        dt.date(2023, 9, 19),
        dt.datetime(2023, 9, 19, 8, 30),
    ],
)
def test_plain_values_survive_the_round_trip_with_their_types(value):
    back = roundtrip(value)
    assert back == value
    assert type(back) is type(value) or (isinstance(value, frozenset) and isinstance(back, set))


def test_special_floats_and_numpy_scalars():
    assert math.isnan(roundtrip(math.nan))
    assert roundtrip(math.inf) == math.inf and roundtrip(-math.inf) == -math.inf
    assert type(roundtrip(np.int64(3))) is int and roundtrip(np.int64(3)) == 3
    assert type(roundtrip(np.float32(0.5))) is float
    assert roundtrip(np.bool_(True)) is True


def test_tables_keep_columns_index_order_and_dtypes():
    frame = pd.DataFrame(
        {
            "event_id": pd.Series(["E03", "E01", None], dtype="str"),
            "earliest": pd.to_datetime(["2023-10-05", "2023-07-15", None]),
            "actors": [3, 1, 2],
            "share": [0.5, math.nan, 1.0],
            "flag": [True, False, True],
            "kind": pd.Categorical(["a", "b", "a"]),
            "nullable": pd.array([1, None, 3], dtype="Int64"),
        },
        index=pd.Index([10, 5, 7], name="row"),
    )
    back = roundtrip(frame)
    pd.testing.assert_frame_equal(back, frame)
    assert list(back.index) == [10, 5, 7]


def test_series_arrays_and_multi_indexes():
    series = pd.Series([2.0, 1.0], index=["b", "a"], name="influence")
    pd.testing.assert_series_equal(roundtrip(series), series)
    frame = pd.DataFrame(
        {"w": [1, 2]}, index=pd.MultiIndex.from_tuples([("x", 1), ("y", 2)], names=["a", "b"])
    )
    pd.testing.assert_frame_equal(roundtrip(frame), frame)
    array = np.arange(6, dtype="float64").reshape(2, 3)
    back = roundtrip(array)
    assert back.dtype == array.dtype and back.shape == (2, 3) and (back == array).all()
    strings = np.array(["armenia", "azerbaijan"])
    assert list(roundtrip(strings)) == ["armenia", "azerbaijan"]
    assert roundtrip(pd.Timestamp("2023-09-19")) == pd.Timestamp("2023-09-19")
    assert roundtrip(pd.NaT) is pd.NaT


def test_anything_else_arrives_as_unsupported_with_its_type():
    class Graph:
        pass

    back = roundtrip(Graph())
    assert isinstance(back, Unsupported)
    assert back.type_name.endswith("Graph")
    assert isinstance(roundtrip(len), Unsupported)
    assert isinstance(roundtrip([1, Graph()])[1], Unsupported)


def test_huge_deep_and_self_containing_values_are_refused_not_crashed():
    assert "too large" in roundtrip(list(range(600_000))).reason
    deep = []
    for _ in range(100):
        deep = [deep]
    assert "nested too deeply" in roundtrip(deep).reason
    loop = []
    loop.append(loop)
    assert isinstance(roundtrip(loop), Unsupported)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"t": "pickle", "v": "gASV"},
        {"t": "list", "v": 3},
        {"t": "frame", "columns": []},
        "not even a dict",
    ],
)
def test_malformed_data_from_a_kernel_decodes_to_unsupported(data):
    assert isinstance(decode_value(data), Unsupported)


# =========================================================================== reading submissions
@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "The file is empty"),
        (b"  \n", "The file is empty"),
        (b'{"cells": [', "JSON is broken at line 1"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not text"),
        (b'{"title": "essay"}', "not a Jupyter notebook"),
    ],
)
def test_unreadable_submissions_are_explained(tmp_path, content, fragment):
    path = tmp_path / "s.ipynb"
    path.write_bytes(content)
    with pytest.raises(SubmissionError, match=fragment):
        read_submission(path)


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("parties = [1]", {"parties"}),
        ("share: float = 0.5", {"share"}),
        ("for actor in actors:\n    total = 1", {"actor", "total"}),
        ("import pandas as pd\nfrom x import y", {"pd", "y"}),
        ("def helper(a):\n    inner = a\n    return inner", {"helper"}),
        ("[x for x in range(3)]", set()),
        ("%time answer = 3", {"answer"}),
        ("if (n := 3):\n    pass", {"n"}),
        ("parties = (\n", {"parties"}),  # a syntax error falls back to a pattern
        ("a == b", set()),
    ],
)
def test_assigned_names(source, names):
    assert assigned_names(source) == names


def test_choose_lesson(tmp_path):
    def nb(name, lesson):
        path = tmp_path / name
        path.write_text(json.dumps({"cells": [], "metadata": {"conflictlab": {"lesson": lesson}}}))
        return path

    a, b, c = nb("a.ipynb", "03"), nb("b.ipynb", "03"), nb("c.ipynb", "04")
    (tmp_path / "d.ipynb").write_text("")
    assert choose_lesson([a, b, c, tmp_path / "d.ipynb"], None) == "03"
    assert choose_lesson([a], "7") == "07"
    with pytest.raises(ValueError, match="several lessons"):
        choose_lesson([a, c], None)
    with pytest.raises(ValueError, match="pass --lesson"):
        choose_lesson([tmp_path / "d.ipynb"], None)
    with pytest.raises(ValueError, match="lesson number"):
        choose_lesson([a], "one")


# =========================================================================== submissions
def solution():
    return json.loads(SOLUTION.read_text(encoding="utf-8"))


def exercise():
    return json.loads(EXERCISE.read_text(encoding="utf-8"))


def cell(nb, cell_id):
    return next(c for c in nb["cells"] if c["id"] == cell_id)


def set_source(nb, cell_id, text):
    cell(nb, cell_id)["source"] = text
    return nb


def wrong_answers():
    nb = solution()
    set_source(nb, "task-1-answer", 'parties = ["armenia"]')
    set_source(nb, "task-2-answer", "share_external = 2")
    set_source(nb, "task-3-answer", 'timeline = events[["event_id", "earliest"]].dropna()')
    set_source(nb, "task-4-answer", 'how_known = "stated"')
    set_source(nb, "task-5-answer", "influence = list(actors['capability'] * actors['salience'])")
    set_source(nb, "task-6-answer", 'answer_6 = "They care more."')
    return nb


def deleted_cells():
    nb = solution()
    nb["cells"] = [c for c in nb["cells"] if c["id"] not in ("task-2-answer", "task-2-check")]
    return nb


def duplicated_and_reordered():
    """Check cells first (they fail: nothing is defined yet), then the answers: task 1 twice, task 5 before 4."""
    nb = solution()
    by_id = {c["id"]: c for c in nb["cells"]}
    others = [c["id"] for c in nb["cells"] if not c["id"].endswith("-answer")]
    answers = [
        "task-1-answer",
        "task-1-answer",
        "task-2-answer",
        "task-3-answer",
        "task-5-answer",
        "task-4-answer",
        "task-6-answer",
    ]
    nb["cells"] = [copy.deepcopy(by_id[i]) for i in others + answers]
    for n, c in enumerate(nb["cells"]):
        c["id"] = f"cell-{n}"
    return nb


def renamed_variable():
    nb = solution()
    set_source(nb, "task-1-answer", 'party_ids = actors.loc[actors["role"] == "party", "actor_id"].tolist()')
    set_source(nb, "task-1-check", "check.task_1(party_ids)")
    return nb


def endless_loop():
    return set_source(solution(), "task-2-answer", "while True:\n    pass\nshare_external = 2 / 7")


def loop_that_ignores_interrupts():
    return set_source(
        solution(),
        "task-5-answer",
        (
            "influence = dict(zip(actors['actor_id'], actors['capability'] * actors['salience']))\n"
            "import time\n"
            "while True:\n"
            "    try:\n"
            "        time.sleep(0.05)\n"
            "    except KeyboardInterrupt:\n"
            "        pass\n"
        ),
    )


def exception():
    return set_source(solution(), "task-3-answer", "timeline = events.sort_values('no such column')")


def kernel_crash():
    return set_source(solution(), "task-4-answer", "how_known = 'relative'\nimport os\nos._exit(1)")


def cheater():
    nb = wrong_answers()
    set_source(
        nb,
        "setup",
        source_of(nb, "setup")
        + (
            "\n\nimport conflictlab.checks._core as core\n"
            "core.Task.check = lambda self, value: core.Feedback('passed', task=self.number)\n"
            "def task_1(value):\n    return '✓ correct — public checks passed'\n"
            "check.task_1 = task_1\n"
            "print('Task 1: ✓ correct — public checks passed')"
        ),
    )
    for c in nb["cells"]:
        if c["id"].endswith("-check"):
            c["outputs"] = [
                {"output_type": "stream", "name": "stdout", "text": "✓ correct — public checks passed\n"}
            ]
            c["execution_count"] = 1
    return nb


def snooper():
    return set_source(
        solution(),
        "task-1-answer",
        (
            "import os, glob\n"
            "looked = glob.glob('../solutions/*.ipynb') + glob.glob('solutions/*.ipynb') + glob.glob('../../solutions/*')\n"
            "neighbours = [f for f in os.listdir('.') if f != 'snooper.ipynb']\n"
            "# With the answer key or another file in sight, copy the right answer; in isolation, guess wrong.\n"
            "parties = ['armenia', 'azerbaijan'] if (looked or neighbours) else ['armenia']\n"
            "import subprocess\n"
            "subprocess.Popen(['sleep', '417'], start_new_session=True)  # left running, out of the kernel's group"
        ),
    )


def no_metadata():
    nb = solution()
    del nb["metadata"]["conflictlab"]
    return nb


def other_lesson():
    nb = solution()
    nb["metadata"]["conflictlab"]["lesson"] = "98"
    return nb


SUBMISSIONS = {
    "correct": solution,
    "blank": exercise,
    "wrong": wrong_answers,
    "deleted": deleted_cells,
    "shuffled": duplicated_and_reordered,
    "renamed": renamed_variable,
    "endless": endless_loop,
    "stubborn": loop_that_ignores_interrupts,
    "exception": exception,
    "crash": kernel_crash,
    "cheater": cheater,
    "snooper": snooper,
    "unlabelled": no_metadata,
    "other_lesson": other_lesson,
}


def source_of(nb, cell_id):
    source = cell(nb, cell_id)["source"]
    return "".join(source) if isinstance(source, list) else source


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the class once through the real command, in a subprocess; return what it wrote."""
    course = tmp_path_factory.mktemp("course")
    # An answer key next to the submissions, where a kernel running in the submissions folder would find it.
    (course / "solutions").mkdir()
    (course / "solutions" / SOLUTION.name).write_bytes(SOLUTION.read_bytes())
    submissions = course / "submissions"
    submissions.mkdir()
    for name, make in SUBMISSIONS.items():
        (submissions / f"{name}.ipynb").write_text(json.dumps(make()), encoding="utf-8")
    (submissions / "invalid.ipynb").write_text(
        '{"cells": [{"cell_type": "code", "source": "x = ', encoding="utf-8"
    )
    (submissions / "empty.ipynb").write_bytes(b"")
    (submissions / "notes.txt").write_text("not a notebook")
    out = course / "out"
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "conflictlab.course.cli",
            "grade",
            str(submissions),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--lesson",
            "99",
            "--cell-timeout",
            str(CELL_TIMEOUT),
            "--notebook-timeout",
            "60",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ),
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    with (out / "gradebook.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with (out / "hints.csv").open(encoding="utf-8") as f:
        hints = {(r["student"], r["task"]): r for r in csv.DictReader(f)}
    print(f"\ngraded {len(rows)} submissions in {seconds:.1f} s")
    return {
        "rows": {r["student"]: r for r in rows},
        "header": list(rows[0]),
        "hints": hints,
        "out": out,
        "stderr": result.stderr,
        "seconds": seconds,
        "submissions": submissions,
    }


def statuses(graded, student):
    return [graded["rows"][student][t] for t in TASKS]


def hint(graded, student, task):
    return graded["hints"][(student, task)]["message"]


def test_the_gradebook_has_a_row_per_student_and_a_column_per_task(graded):
    assert graded["header"] == ["student", *TASKS, "tasks_passed", "notes"]
    expected = sorted([*SUBMISSIONS, "invalid", "empty"])
    assert sorted(graded["rows"]) == expected
    for row in graded["rows"].values():
        assert {row[t] for t in TASKS} <= {"passed", "wrong", "missing", "error", "timeout"}
        assert int(row["tasks_passed"]) == sum(row[t] == "passed" for t in TASKS)
    assert "notes.txt" in graded["stderr"]


def test_a_correct_notebook_passes_every_task(graded):
    assert statuses(graded, "correct") == ["passed"] * 6


def test_a_notebook_without_lesson_metadata_is_graded_as_the_lesson_given(graded):
    assert statuses(graded, "unlabelled") == ["passed"] * 6


def test_a_blank_exercise_is_not_answered_yet(graded):
    assert statuses(graded, "blank") == ["missing"] * 6
    assert "`parties = ...`" in hint(graded, "blank", "task_1")


def test_wrong_answers_get_the_checks_hints(graded):
    assert statuses(graded, "wrong") == ["wrong"] * 6
    assert "missing 'azerbaijan'" in hint(graded, "wrong", "task_1")
    assert "number of external powers" in hint(graded, "wrong", "task_2")
    assert "pd.to_datetime" in hint(graded, "wrong", "task_3")
    assert "relative to another event" in hint(graded, "wrong", "task_4")
    assert "dictionary" in hint(graded, "wrong", "task_5")
    assert "3 words" in hint(graded, "wrong", "task_6")


def test_deleted_cells_make_their_task_missing_and_nothing_else(graded):
    assert statuses(graded, "deleted") == ["passed", "missing", "passed", "passed", "passed", "passed"]
    assert "No cell assigns `share_external`" in hint(graded, "deleted", "task_2")


def test_duplicated_and_reordered_cells_are_graded_by_their_final_values(graded):
    assert statuses(graded, "shuffled") == ["passed"] * 6


def test_a_renamed_variable_is_missing_not_a_crash(graded):
    assert statuses(graded, "renamed") == ["missing"] + ["passed"] * 5
    assert "No cell assigns `parties`" in hint(graded, "renamed", "task_1")


def test_an_endless_loop_times_out_and_the_rest_is_still_graded(graded):
    assert statuses(graded, "endless") == ["passed", "timeout", "passed", "passed", "passed", "passed"]
    assert f"still running after {CELL_TIMEOUT} seconds" in hint(graded, "endless", "task_2")
    assert "`while True:`" in hint(graded, "endless", "task_2")


def test_a_loop_that_ignores_interrupts_keeps_the_answers_computed_before_it(graded):
    assert statuses(graded, "stubborn") == ["passed"] * 4 + ["timeout", "timeout"]
    assert "was still running" in hint(graded, "stubborn", "task_5")
    assert "could not be stopped" in hint(graded, "stubborn", "task_6")


def test_an_exception_is_an_error_that_names_it(graded):
    assert statuses(graded, "exception") == ["passed", "passed", "error", "passed", "passed", "passed"]
    assert "KeyError" in hint(graded, "exception", "task_3")


def test_a_crashed_kernel_keeps_the_answers_computed_before_it(graded):
    assert statuses(graded, "crash") == ["passed"] * 3 + ["error"] * 3
    assert "Python stopped" in hint(graded, "crash", "task_4")
    assert "kernel died" in hint(graded, "crash", "task_5")


def test_redefined_checks_and_printed_ticks_are_not_trusted(graded):
    assert statuses(graded, "cheater") == ["wrong"] * 6


def test_the_kernel_cannot_see_the_solutions_or_other_files(graded):
    assert statuses(graded, "snooper")[0] == "wrong"
    assert "missing 'azerbaijan'" in hint(graded, "snooper", "task_1")


def test_processes_a_notebook_starts_are_stopped_with_its_kernel(graded):
    import psutil

    leftovers = [
        p for p in psutil.process_iter(["cmdline"]) if (p.info["cmdline"] or [])[:2] == ["sleep", "417"]
    ]
    assert not leftovers


@pytest.mark.parametrize(
    ("student", "fragment"),
    [
        ("invalid", "JSON is broken"),
        ("empty", "The file is empty"),
        ("other_lesson", "for lesson 98, but this grading run is for lesson 99"),
    ],
)
def test_files_that_cannot_be_graded_are_error_rows_with_a_reason(graded, student, fragment):
    assert statuses(graded, student) == ["error"] * 6
    assert fragment in hint(graded, student, "task_1")
    assert fragment in (graded["out"] / "feedback" / f"{student}.md").read_text(encoding="utf-8")


def test_hints_have_one_row_per_student_and_task(graded):
    assert len(graded["hints"]) == len(graded["rows"]) * 6
    for (student, task), row in graded["hints"].items():
        assert row["status"] == graded["rows"][student][task]
        if row["status"] != "passed":
            assert row["message"], (student, task)


def test_each_student_gets_a_readable_feedback_file(graded):
    folder = graded["out"] / "feedback"
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(graded["rows"])
    text = (folder / "wrong.md").read_text(encoding="utf-8")
    assert text.startswith("# Feedback on your exercises — Lesson 99: Practice lesson")
    assert "0 of 6 tasks passed the public checks" in text
    assert "## Task 1 (`parties`): ✗ not quite" in text
    assert "missing 'azerbaijan'" in text
    assert "not that it has been marked" in text
    correct = (folder / "correct.md").read_text(encoding="utf-8")
    assert "6 of 6 tasks" in correct and "✓ answered (your instructor reads it)" in correct


def test_the_summary_and_its_chart_show_which_tasks_were_hardest(graded):
    out = graded["out"]
    with (out / "summary.csv").open(encoding="utf-8") as f:
        summary = {r["task"]: r for r in csv.DictReader(f)}
    assert list(summary) == TASKS
    for task, row in summary.items():
        column = [r[task] for r in graded["rows"].values()]
        for status in ("passed", "wrong", "missing", "error", "timeout"):
            assert int(row[status]) == column.count(status)
    assert (out / "summary.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "Which tasks did the class find hardest?" in html
    assert '<script src="http' not in html and '<script type="text/javascript" src=' not in html


def test_word_answers_are_collected_for_the_instructor(graded):
    with (graded["out"] / "word_answers.csv").open(encoding="utf-8") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    assert "The parties care about the outcome far more" in rows["correct"]["answer"]
    assert rows["blank"]["answer"] == ""


def test_progress_names_each_student_on_stderr(graded):
    total = len(graded["rows"])
    for student in graded["rows"]:
        assert f"grading {student} …" in graded["stderr"]
    assert f"[{total}/{total}]" in graded["stderr"]


# =========================================================================== in-process details
def test_a_notebook_that_runs_out_of_time_says_so():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import time\ntime.sleep(2)"),
        nbformat.v4.new_code_cell("time.sleep(3)"),
        nbformat.v4.new_code_cell("parties = ['armenia', 'azerbaijan']"),
    ]
    results = grade_notebook(nb, lesson_tasks("99")[:2], cell_timeout=30, notebook_timeout=3).tasks
    assert [r.status for r in results] == ["timeout", "missing"]
    assert "ran out of time (3 seconds in all)" in results[0].message


def test_command_line_mistakes_are_explained(tmp_path):
    def grade(*args):
        return subprocess.run(
            [sys.executable, "-m", "conflictlab.course.cli", "grade", *args, "--out", str(tmp_path / "o")],
            capture_output=True,
            text=True,
            timeout=120,
        )

    missing = grade(str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "is not a folder" in missing.stderr
    empty = grade(str(tmp_path))
    assert empty.returncode == 2 and "no notebooks" in empty.stderr
    (tmp_path / "a.ipynb").write_text(json.dumps({"cells": [], "metadata": {}}))
    unknown = grade(str(tmp_path))
    assert unknown.returncode == 2 and "pass --lesson NN" in unknown.stderr
    no_checks = grade(str(tmp_path), "--lesson", "42")
    assert no_checks.returncode == 2 and "lesson 42 has no checks" in no_checks.stderr
    assert not (tmp_path / "o").exists()
    for result in (missing, empty, unknown, no_checks):
        assert "Traceback" not in result.stderr


def test_ctrl_c_stops_every_worker_and_kernel(tmp_path):
    import psutil

    (tmp_path / "endless.ipynb").write_text(json.dumps(endless_loop()), encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "conflictlab.course.cli",
            "grade",
            str(tmp_path),
            "--out",
            str(tmp_path / "out"),
            "--lesson",
            "99",
            "--jobs",
            "1",
            "--cell-timeout",
            "60",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    grader = psutil.Process(process.pid)
    deadline = time.monotonic() + 60
    kernels = []
    while not kernels and time.monotonic() < deadline:
        time.sleep(0.2)
        kernels = [p for p in grader.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    assert kernels, "no kernel was started"
    started = grader.children(recursive=True)
    process.send_signal(2)  # SIGINT, as Ctrl-C sends
    stderr = process.communicate(timeout=60)[1]
    assert process.returncode == 130
    assert "interrupted; nothing was written" in stderr
    _gone, alive = psutil.wait_procs(started, timeout=10)
    assert not alive, f"left running: {[p.cmdline() for p in alive]}"
    assert not (tmp_path / "out").exists()
