"""The assessment copy (``conflictlab release --mode assessment``): checks of form only, and no answers.

What the solutions compute is read here independently of
``conflictlab.course.assessment``: each solution notebook is run by this file
(nbclient) and its answers come back pickled, not through the release's
runner or the grader's codec. The search for those answers and for the full
check modules' code is this file's own too, by the rule the release states:
a value counts as found only where it is not also in what students are
given anyway (the lessons, the exercises, the data, the rest of the package).
"""

from __future__ import annotations

import ast
import base64
import csv
import importlib.util
import inspect
import json
import math
import os
import pickle
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

import conflictlab
from conflictlab.checks import RECORDED, STATUSES, Feedback, lesson_tasks
from conflictlab.course import cli
from conflictlab.course.release import build_release

pytestmark = pytest.mark.kernel

REPO = Path(__file__).resolve().parents[1]
TOP = f"conflictlab-student-{conflictlab.__version__}-assessment"
LESSON_MODULE = re.compile(r"src/conflictlab/checks/lesson(\d{2})\.py$")
#: The course's lessons with checks (not the tests' fixture lesson, which has no solution notebook here).
LESSONS = sorted(
    p.stem[len("lesson") :] for p in (REPO / "src/conflictlab/checks").glob("lesson[0-9][0-9].py")
)


# ------------------------------------------------------------------ independent readers
def solution_answers(folder: Path) -> dict[str, dict[str, object]]:
    """Run every solution notebook (in ``folder``) and read each task's variable back, pickled."""
    answers = {}
    for lesson in LESSONS:
        names = [t.variable for t in lesson_tasks(lesson)]
        path = next((REPO / "solutions").glob(f"{lesson}_*.ipynb"))
        nb = nbformat.read(path, as_version=4)
        # A written answer's check reads the saved notebook, so the notebook sits in the folder it runs in.
        here = folder / lesson
        here.mkdir()
        shutil.copy(path, here / path.name)
        nb.cells.append(
            nbformat.v4.new_code_cell(
                "import base64 as _b, pickle as _p\n"
                f"print(_b.b64encode(_p.dumps({{n: globals()[n] for n in {names!r} if n in globals()}})).decode())"
            )
        )
        NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(here)}}
        ).execute()
        answers[lesson] = pickle.loads(base64.b64decode(nb.cells[-1].outputs[0]["text"].strip()))
    return answers


def text_of(name: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if not name.endswith(".ipynb"):
        return text
    parts = []
    for cell in json.loads(text)["cells"]:
        parts.append("".join(cell.get("source", "")))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts += ["".join(v) for v in out.get("data", {}).values() if isinstance(v, (str, list))]
    return "\n".join(parts)


def words_of(text: str) -> set[str]:
    return {w.strip(".-+") for w in re.findall(r"[\w.+\-]+", text)} - {""}


def printed(value) -> list[str]:
    """How a notebook prints a value and its parts: repr, six significant digits, ids, table cells."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return []
    if isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
        if not math.isfinite(x):
            return []
        out = [repr(x), f"{x:.6g}"]
        return [*out, str(int(x))] if x.is_integer() else out
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, pd.DataFrame):
        return [p for column in value.columns for cell in value[column] for p in printed(cell)]
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in printed(k) + printed(v)]
    if isinstance(value, (list, tuple, set)):
        return [p for item in value for p in printed(item)]
    return [repr(value)]


def found_in(rendering: str, words: set[str], text: str, public: str) -> bool:
    """A one-word rendering as a word of the file; a longer one by any of its lines not given anyway."""
    if " " not in rendering and "\n" not in rendering:
        return rendering in words
    lines = [line.strip() for line in rendering.splitlines() if line.strip()]
    return any(line in text for line in lines if (len(line) >= 30 or len(lines) == 1) and line not in public)


def answer_code(lesson: str) -> tuple[list[str], list[str]]:
    """The full check module's helper function names, and the lines of every function's body."""
    source = (REPO / "src/conflictlab/checks" / f"lesson{lesson}.py").read_text(encoding="utf-8")
    names, lines = [], []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            if not node.name.startswith("task_"):
                names.append(node.name)
            body = node.body[1:] if ast.get_docstring(node) else node.body
            for statement in body:
                segment = ast.get_source_segment(source, statement) or ""
                lines += [line.strip() for line in segment.splitlines() if len(line.strip()) >= 20]
    return names, lines


def load_module(path: Path, lesson: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"assessment_copy.lesson{lesson}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    return solution_answers(tmp_path_factory.mktemp("solutions-run"))


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """The assessment zip, built once, and unzipped."""
    release = build_release(REPO, tmp_path_factory.mktemp("dist"), mode="assessment")
    root = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(release.path) as zf:
        files = {name[len(TOP) + 1 :]: zf.read(name) for name in zf.namelist()}
        zf.extractall(root)
    return {"release": release, "files": files, "root": root / TOP}


@pytest.fixture(scope="module")
def form_checks(copy):
    root = copy["root"] / "src/conflictlab/checks"
    return {lesson: load_module(root / f"lesson{lesson}.py", lesson) for lesson in LESSONS}


# ------------------------------------------------------------------ what the copy holds
def test_the_copy_says_it_is_an_assessment_copy(copy):
    files = copy["files"]
    assert copy["release"].path.name == f"{TOP}.zip" and copy["release"].mode == "assessment"
    readme = files["README.md"].decode()
    assert "assessment copy" in readme and "answer recorded — it will be marked" in readme
    assert "correct" not in readme
    exercises = [n for n in files if n.startswith("exercises/") and n.endswith(".ipynb")]
    assert len(exercises) == len(list((REPO / "exercises").glob("*.ipynb")))
    for name in exercises:
        cells = json.loads(files[name])["cells"]
        assert "assessment copy" in "".join(cells[1]["source"]), name
        assert "✓ correct" not in files[name].decode(), name
    for lesson in LESSONS:
        assert "assessment copy" in files[f"src/conflictlab/checks/lesson{lesson}.py"].decode()
    assert not [n for n in files if "solutions" in n.split("/")]
    # The student repository written beside the zip holds the same files (and binder/).
    repository = copy["release"].repository
    assert repository.name == f"{TOP}-repository"
    for name, raw in files.items():
        assert (repository / name).read_bytes() == raw, name


def test_no_check_module_of_the_copy_computes_an_answer(copy):
    for lesson in LESSONS:
        source = copy["files"][f"src/conflictlab/checks/lesson{lesson}.py"].decode()
        tree = ast.parse(source)
        imported = {
            (node.module if isinstance(node, ast.ImportFrom) else alias.name)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        }
        assert imported == {"conflictlab.checks._form"}, (lesson, imported)
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Lambda, ast.ClassDef))]
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert not used & {"models", "data", "expected"}, (lesson, used)


def test_the_copy_holds_none_of_the_answer_computing_code(copy):
    files = {name: text_of(name, raw) for name, raw in copy["files"].items()}
    words = {name: words_of(text) for name, text in files.items()}
    lines = {name: {line.strip() for line in text.splitlines()} for name, text in files.items()}
    checked, leaks = 0, []
    for lesson in LESSONS:
        names, body_lines = answer_code(lesson)
        assert body_lines, lesson
        public_words = {w for f, ws in words.items() if not LESSON_MODULE.search(f) for w in ws}
        public_text = "\n".join(t for f, t in files.items() if not LESSON_MODULE.search(f))
        for name in names:
            checked += 1
            if f"def {name}(" not in public_text:  # a public function of the package may share a name
                leaks += [f"def {name} in {f}" for f, text in files.items() if f"def {name}(" in text]
            if name not in public_words:  # a helper's name that is no word of the lessons or the package
                leaks += [f"{name} in {f}" for f, ws in words.items() if name in ws]
        public = {line for f, ls in lines.items() if not LESSON_MODULE.search(f) for line in ls}
        for line in body_lines:
            if line in public:
                continue  # the same line is part of the package or a notebook students get anyway
            checked += 1
            leaks += [f"{line!r} (lesson {lesson}) in {f}" for f, ls in lines.items() if line in ls]
    assert checked > 500
    assert not leaks, leaks[:20]


def test_no_solution_value_is_in_the_copy(copy, answers):
    files = {name: text_of(name, raw) for name, raw in copy["files"].items()}
    words = {name: words_of(text) for name, text in files.items()}
    public_text = "\n".join(t for name, t in files.items() if not LESSON_MODULE.search(name))
    # What students are given anyway, the full check modules left out: the lessons, exercises, data and package.
    public_words = words_of(public_text)
    checked, leaks = 0, []
    for lesson, values in answers.items():
        for variable, value in values.items():
            for rendering in set(printed(value)):
                if not rendering or words_of(rendering) <= public_words:
                    continue
                checked += 1
                leaks += [
                    f"{rendering[:50]!r} ({lesson}, {variable}) in {name}"
                    for name, text in files.items()
                    if found_in(rendering, words[name], text, public_text)
                ]
    assert checked > 50
    assert not leaks, leaks[:20]


def test_the_release_refuses_a_copy_that_would_hold_an_answer(tmp_path, monkeypatch, answers):
    """The release's own search finds an answer slipped into a file of the copy, and writes nothing."""
    from conflictlab.course import assessment, release

    share = repr(float(answers["04"]["share_az_ru"]))
    made = assessment.make_assessment_copy

    def leaky(course, folder, entries):
        search = made(course, folder, entries)
        entries[f"{folder}/exercises/notes.md"] = f"Task 2 of lesson 04 is {share}.".encode()
        return search

    monkeypatch.setattr(assessment, "make_assessment_copy", leaky)
    with pytest.raises(release.ReleaseError, match=re.escape(share)):
        build_release(REPO, tmp_path, mode="assessment")
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ the checks of form
def test_every_solution_answer_is_recorded_by_the_form_checks(form_checks, answers):
    for lesson, module in form_checks.items():
        tasks = lesson_tasks(module)
        full = lesson_tasks(lesson)
        assert [(t.number, t.variable, t.kind) for t in tasks] == [
            (t.number, t.variable, t.kind) for t in full
        ]
        assert [t.__doc__ for t in tasks] == [t.__doc__ for t in full]
        assert [str(inspect.signature(t)) for t in tasks] == [f"({t.variable})" for t in full]
        for task in tasks:
            if task.variable not in answers[lesson]:
                assert task.kind == "words"  # a written answer kept in a Markdown answer cell
                continue
            feedback = task.check(answers[lesson][task.variable])
            assert feedback.status == RECORDED, (lesson, task.number, feedback.message)
            assert not feedback.passed and "correct" not in feedback.text()
            assert "recorded — it will be marked" in feedback.text()


def test_a_blank_answer_is_not_answered_yet(form_checks):
    for lesson, module in form_checks.items():
        for task in lesson_tasks(module):
            assert task.check(...).status == "missing", (lesson, task.number)


def test_wrong_forms_get_a_specific_message(form_checks, answers):
    l01, l04, l05 = form_checks["01"], form_checks["04"], form_checks["05"]
    cases = [
        (l04.task_2, "0.52", "is the text '0.52', not a number"),
        (l04.task_1, answers["04"]["venue_influence"].drop(columns="influence"), "has no column 'influence'"),
        (l04.task_1, answers["04"]["venue_influence"].assign(influence="high"), "Column 'influence'"),
        (l01.task_1, ["armenia", "atlantis"], "'atlantis', which is not an actor id in the course data"),
        (l01.task_1, ["Armenia"], "only in capitals or spaces"),
        (l05.task_1, 1.5, "is 1.5, but it should be a probability between 0 and 1"),
        (l04.task_4, 120.0, "is 120, but it should be a position on the 0–100 scale"),
        (l04.task_2, float("nan"), "is NaN"),
        (l04.task_6, {"median": 1.0}, "missing the key(s) 'mean'"),
        (l01.task_6, "probably", "is not one of the options"),
        (l04.task_7, "Too short.", "write at least"),
    ]
    for task, value, message in cases:
        feedback = task.check(value)
        assert feedback.status == "wrong" and message in feedback.message, (task, feedback.message)


def test_a_well_formed_wrong_answer_is_recorded_not_marked(form_checks):
    assert form_checks["04"].task_2.check(0.9).status == RECORDED
    assert form_checks["04"].task_4.check(50.0).status == RECORDED


def test_recorded_is_a_verdict_of_its_own():
    recorded = Feedback(RECORDED, "x", task=2)
    assert RECORDED not in STATUSES  # the grader's verdicts: it marks with the full checks
    assert not recorded.passed and "recorded" in recorded._repr_html_()
    with pytest.raises(ValueError):
        Feedback("marked")


# ------------------------------------------------------------------ notebooks and grading
def test_every_exercise_of_the_copy_runs_blank_to_not_answered_yet(copy, monkeypatch):
    root = copy["root"]
    monkeypatch.setenv("PYTHONPATH", str(root / "src"))
    monkeypatch.delenv("CONFLICTLAB_DATA", raising=False)
    for path in sorted((root / "exercises").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("import conflictlab.checks._form as f\nprint(f.__file__)"))
        NotebookClient(
            nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        assert Path(nb.cells[-1].outputs[0]["text"].strip()).is_relative_to(root)
        checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("check.task_")]
        assert checks, path.name
        for cell in checks:
            shown = " ".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            assert "not answered yet" in shown, (path.name, cell.source, shown)


def grade_one(
    notebook: bytes, tmp_path: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """``conflictlab grade`` on one student's notebook (in ``tmp_path/submissions``), run from ``tmp_path``."""
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    (submissions / "alice.ipynb").write_bytes(notebook)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "conflictlab.course.cli",
            "grade",
            str(submissions),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ) if env is None else env,
        cwd=tmp_path,
    )


def test_grading_an_assessment_copy_uses_the_full_checks(copy, tmp_path):
    """A student's notebook from the assessment copy, graded from the instructor's package: passed and wrong."""
    exercise = json.loads(copy["files"]["exercises/04_weighting_interests.ipynb"])
    solution = json.loads((REPO / "solutions/04_weighting_interests.ipynb").read_text(encoding="utf-8"))
    answers = {c["id"]: c["source"] for c in solution["cells"] if c.get("id", "").endswith("-answer")}
    for cell in exercise["cells"]:
        if cell.get("id") in answers:
            cell["source"] = answers[cell["id"]]
        if cell.get("id") == "task-2-answer":
            cell["source"] = "share_az_ru = 0.9  # well formed, and wrong"
    result = grade_one(json.dumps(exercise).encode(), tmp_path)
    assert result.returncode == 0, result.stderr
    with (tmp_path / "out" / "gradebook.csv").open(encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    verdicts = {k: v for k, v in row.items() if re.fullmatch(r"task_\d+", k)}
    assert len(verdicts) == len(lesson_tasks("04"))
    assert verdicts.pop("task_2") == "wrong"
    assert verdicts.pop("task_7") in ("passed", "answered")  # a written answer: read by the instructor
    assert set(verdicts.values()) == {"passed"}, verdicts


def test_grading_with_the_assessment_copys_package_is_refused(copy, tmp_path):
    """An instructor who grades with a student's assessment copy installed is told why, and nothing is marked."""
    env = dict(os.environ, PYTHONPATH=str(copy["root"] / "src"))
    env.pop("CONFLICTLAB_DATA", None)
    result = grade_one(copy["files"]["exercises/04_weighting_interests.ipynb"], tmp_path, env)
    assert result.returncode != 0
    assert "assessment copy" in result.stderr and "instructor's copy" in result.stderr, result.stderr
    assert not (tmp_path / "out" / "gradebook.csv").exists()


def test_practice_stays_the_default_and_the_command_line_takes_the_mode(tmp_path, capsys):
    parser = cli.build_parser()
    assert parser.parse_args(["release"]).mode == "practice"
    assert parser.parse_args(["release", "--mode", "assessment"]).mode == "assessment"
    with pytest.raises(SystemExit):
        parser.parse_args(["release", "--mode", "exam"])
    assert "invalid choice: 'exam'" in capsys.readouterr().err
