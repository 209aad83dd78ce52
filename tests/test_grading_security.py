"""Hostile submissions against ``conflictlab grade``: a real class folder, graded twice.

Each notebook here repeats an attack that once worked (see the README's
security paragraph): rewriting the gradebook after grading, planting a
module that a later worker imports, erasing a classmate's notebook, leaving
processes behind, reading the answer key. The class is graded through the
command line once in the Bubblewrap sandbox and once without a sandbox.

With the sandbox, no grade changes, no file outside the output folder
changes, no process remains and nothing planted is imported. Without it,
the grader cannot stop a notebook from touching the instructor's files, but
every verdict is still right and the run says, at its start and its end,
that it ran unsandboxed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from conflictlab.checks import lesson_tasks

FIXTURES = Path(__file__).parent / "fixtures"
SOLUTION = FIXTURES / "solutions" / "99_practice.ipynb"
TASKS = [f"task_{n}" for n in range(1, 7)]
# A program argument no other process on the machine has: an escaped process runs `sleep 987.654`.
ESCAPED = "987.654"
GRADE = [sys.executable, "-m", "conflictlab.course.cli", "grade", "--jobs", "2", "--lesson", "99"]
GRADE += ["--cell-timeout", "20", "--notebook-timeout", "90"]
HAS_BWRAP = shutil.which("bwrap") is not None and sys.platform.startswith("linux")


# =========================================================================== the class
def solution():
    return json.loads(SOLUTION.read_text(encoding="utf-8"))


def set_source(nb, cell_id, text):
    next(c for c in nb["cells"] if c["id"] == cell_id)["source"] = text
    return nb


def source_of(nb, cell_id):
    source = next(c for c in nb["cells"] if c["id"] == cell_id)["source"]
    return "".join(source) if isinstance(source, list) else source


# The hostile notebooks touch only this class's folder and their own ancestors (the grader, its
# workers): never another process on the machine, so an unsandboxed run harms nothing else.
ANCESTORS = """
def ancestors():
    pid = os.getppid()
    while pid > 1:
        yield pid
        try:
            status = open(f'/proc/{pid}/status').read()
        except OSError:
            return
        pid = int(status.split('PPid:')[1].split()[0])
"""


def rewriter(course):
    """Finds --out on an ancestor's command line and leaves a double-forked process to rewrite the reports."""
    code = f"""
import os, time
{ANCESTORS}
out = None
for pid in ancestors():
    try:
        argv = open(f'/proc/{{pid}}/cmdline', 'rb').read().split(b'\\0')
    except (OSError, ValueError):
        continue
    if b'--out' in argv and os.path.isabs(argv[argv.index(b'--out') + 1].decode()):
        out = argv[argv.index(b'--out') + 1].decode()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for _ in range(1200):
            if out and os.path.exists(os.path.join(out, 'gradebook.csv')):
                time.sleep(0.5)
                book = os.path.join(out, 'gradebook.csv')
                text = open(book).read().replace('wrong', 'passed')
                open(book, 'w').write(text)
                open(os.path.join(out, 'feedback', 'rewriter.md'), 'w').write('all passed')
                break
            time.sleep(0.1)
        os.execvp('sleep', ['sleep', '{ESCAPED}'])
    os._exit(0)
parties = ['armenia']
"""
    return set_source(solution(), "task-1-answer", code)


def planter(course):
    """Plants modules wherever a Python process of the grader might import them, then kills its parent."""
    marker = course / "IMPORTED"
    module = f"open({str(marker)!r}, 'w').write('a planted module was imported')\n"
    code = f"""
import os, signal
{ANCESTORS}
places = {{os.getcwd(), os.path.dirname(os.getcwd()), {str(course)!r}, {str(course / "submissions")!r}}}
for pid in ancestors():
    try:
        cwd = os.readlink(f'/proc/{{pid}}/cwd')
    except OSError:
        continue
    if cwd.startswith({str(course.parent)!r}):  # the grader's and its workers' folders, nothing else
        places.add(cwd)
for place in places:
    for name in ('secrets.py', 'json.py', 'base64.py', 'sitecustomize.py'):
        try:
            open(os.path.join(place, name), 'w').write({module!r})
        except OSError:
            pass
share_external = {source_of(solution(), "task-2-answer").split("=", 1)[1].strip()}
try:
    os.kill(os.getppid(), signal.SIGKILL)
except OSError:
    pass
"""
    return set_source(solution(), "task-2-answer", code)


def accomplice(course):
    """Answers "let me pass" everywhere, hoping a planted module passes it."""
    nb = solution()
    for n, name in enumerate(
        ["parties", "share_external", "timeline", "how_known", "influence", "answer_6"], 1
    ):
        set_source(nb, f"task-{n}-answer", f"{name} = 'let me pass'")
    return nb


def eraser(course):
    """Overwrites a classmate's notebook and the answer key, and copies the key into an answer."""
    victim = course / "submissions" / "victim.ipynb"
    key = course / "solutions" / SOLUTION.name
    nb = solution()
    set_source(
        nb,
        "task-3-answer",
        f"""
for path in ({str(victim)!r}, {str(key)!r}):
    try:
        open(path, 'w').write('{{"cells": []}}')
    except OSError:
        pass
"""
        + source_of(nb, "task-3-answer"),
    )
    return set_source(
        nb,
        "task-6-answer",
        f"""
try:
    stolen = open({str(key)!r}).read()[:3000]
except OSError:
    stolen = 'nothing'
answer_6 = 'Influence is capability times salience, so an actor who cares matters more. ' + stolen
""",
    )


def formula(course):
    """A file named like a formula, with an answer that is one."""
    return set_source(
        solution(),
        "task-6-answer",
        'answer_6 = \'=HYPERLINK("http://example.org", "x") Influence is capability times salience, '
        "so an actor that cares more about an issue counts for more in the weighted outcome.'",
    )


def odd_values(course):
    """An integer of 5,000 digits and a string with a lone surrogate, which are values, not missing answers."""
    nb = set_source(solution(), "task-2-answer", "share_external = 10 ** 5000")
    return set_source(nb, "task-4-answer", "how_known = 'stated\\ud800'")


def old_format(course):
    """The correct notebook, saved in the notebook format of 2014 (version 3)."""
    v3 = nbformat.v3
    nb = solution()
    cells = [
        v3.new_code_cell(input=source_of(nb, c["id"]))
        if c["cell_type"] == "code"
        else v3.new_text_cell("markdown", source=source_of(nb, c["id"]))
        for c in nb["cells"]
    ]
    old = v3.new_notebook(worksheets=[v3.new_worksheet(cells=cells)], metadata=nb["metadata"])
    return nbformat.writes(old, version=3)


def hog(course):
    """Writes a file over the size limit and takes memory over the memory limit."""
    nb = solution()
    set_source(
        nb,
        "task-3-answer",
        "open('big.bin', 'wb').write(bytes(300 * 1024**2))\n" + source_of(nb, "task-3-answer"),
    )
    return set_source(
        nb, "task-5-answer", "hoard = bytearray(3 * 1024**3)\n" + source_of(nb, "task-5-answer")
    )


HOSTILE = {
    "aaa_eraser": eraser,
    "accomplice": accomplice,
    "hog": hog,
    "planter": planter,
    "rewriter": rewriter,
}


def make_class(root: Path) -> Path:
    course = root / "course"
    (course / "solutions").mkdir(parents=True)
    shutil.copy(SOLUTION, course / "solutions" / SOLUTION.name)
    submissions = course / "submissions"
    (submissions / "nested").mkdir(parents=True)
    for name, make in HOSTILE.items():
        (submissions / f"{name}.ipynb").write_text(json.dumps(make(course)), encoding="utf-8")
    (submissions / "victim.ipynb").write_text(json.dumps(solution()), encoding="utf-8")
    (submissions / "=2+5.ipynb").write_text(json.dumps(formula(course)), encoding="utf-8")
    (submissions / "odd.ipynb").write_text(json.dumps(odd_values(course)), encoding="utf-8")
    (submissions / "old.ipynb").write_text(old_format(course), encoding="utf-8")
    (submissions / "nested" / "alice.ipynb").write_text(json.dumps(solution()), encoding="utf-8")
    (submissions / ".hidden.ipynb").write_text(json.dumps(solution()), encoding="utf-8")
    (submissions / "link.ipynb").symlink_to(course / "solutions" / SOLUTION.name)
    return course


def snapshot(folder: Path, skip: Path) -> dict[str, str]:
    """Every file under ``folder`` (not under ``skip``) and its SHA-256."""
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "link"
        for p in sorted(folder.rglob("*"))
        if (p.is_file() or p.is_symlink()) and not p.is_relative_to(skip)
    }


def escaped_processes() -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if ESCAPED in (process.info["cmdline"] or []):
                found.append(process)
        except psutil.Error:
            continue
    return found


def grade(tmp_path_factory, sandbox: str) -> dict:
    root = tmp_path_factory.mktemp(f"class-{sandbox}")
    course = make_class(root)
    out = course / "out"
    # The grader's own home, temporary and Jupyter folders, to see what it leaves behind.
    home, temp, runtime = root / "home", root / "tmp", root / "runtime"
    for folder in (home, temp, runtime):
        folder.mkdir()
    before = snapshot(course, out)
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "JUPYTER_RUNTIME_DIR": str(runtime)}
    started = time.monotonic()
    result = subprocess.run(
        [*GRADE, "submissions", "--out", str(out), "--sandbox", sandbox],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    seconds = time.monotonic() - started
    time.sleep(3)  # time for anything left behind to act
    read = lambda name: list(csv.DictReader((out / name).open(encoding="utf-8")))  # noqa: E731
    return {
        "result": result,
        "seconds": seconds,
        "course": course,
        "out": out,
        "home": home,
        "temp": temp,
        "runtime": runtime,
        "before": before,
        "after": snapshot(course, out),
        "rows": {r["student"]: r for r in read("gradebook.csv")} if (out / "gradebook.csv").exists() else {},
        "hints": read("hints.csv") if (out / "hints.csv").exists() else [],
        "words": read("word_answers.csv") if (out / "word_answers.csv").exists() else [],
        "escaped": escaped_processes(),
    }


@pytest.fixture(scope="module")
def sandboxed(tmp_path_factory):
    if not HAS_BWRAP:
        pytest.skip("Bubblewrap is not installed: `apt-get install bubblewrap` (.ci/run installs it)")
    return grade(tmp_path_factory, "bwrap")


@pytest.fixture(scope="module")
def unsandboxed(tmp_path_factory):
    return grade(tmp_path_factory, "none")


def statuses(run, student):
    return [run["rows"][student][t] for t in TASKS]


def expected(solution_statuses=("passed",) * 6, **changed):
    result = list(solution_statuses)
    for task, status in changed.items():
        result[int(task.split("_")[1]) - 1] = status
    return result


# =========================================================================== both runs: every verdict right
@pytest.fixture(params=["sandboxed", "unsandboxed"])
def run(request):
    return request.getfixturevalue(request.param)


def test_the_run_finishes_and_grades_every_notebook_but_the_hidden_one(run):
    assert run["result"].returncode == 0, run["result"].stderr
    assert sorted(run["rows"]) == sorted(
        [
            "aaa_eraser",
            "accomplice",
            "hog",
            "planter",
            "rewriter",
            "victim",
            "'=2+5",
            "odd",
            "old",
            "nested/alice",
            "link",
        ]
    )
    assert ".hidden.ipynb" in run["result"].stderr  # skipped, and said so


def test_no_classmate_changes_another_grade(run):
    assert statuses(run, "victim") == expected()
    assert statuses(run, "nested/alice") == expected()
    # "let me pass" everywhere: every value task is wrong, whatever was planted
    assert statuses(run, "accomplice")[:5] == ["wrong"] * 5
    # its own wrong answer stays wrong after the reports are written
    assert statuses(run, "rewriter") == expected(task_1="wrong")
    assert int(run["rows"]["rewriter"]["tasks_passed"]) == 5


def test_the_eraser_is_graded_on_its_own_answers(run):
    assert statuses(run, "aaa_eraser")[:5] == expected()[:5]


def test_odd_values_are_judged_by_the_checks_not_reported_missing(run):
    tasks = lesson_tasks("99")
    row = statuses(run, "odd")
    assert row[1] == tasks[1].check(10**5000).status != "missing"
    assert row[3] == tasks[3].check("stated\ud800").status == "wrong"
    assert row[0] == "passed"


def test_limits_stop_a_hog_and_its_row_says_which(run):
    assert statuses(run, "hog") == expected(task_3="error", task_5="error")
    notes = run["rows"]["hog"]["notes"]
    assert "wrote a file larger than 256 MiB" in notes and "used more than 2 GiB of memory" in notes


def test_an_old_format_notebook_is_graded(run):
    assert statuses(run, "old") == expected()


def test_a_link_is_not_followed(run):
    assert statuses(run, "link") == ["error"] * 6
    hints = [h["message"] for h in run["hints"] if h["student"] == "link"]
    assert all("symbolic link" in h for h in hints)


def test_no_spreadsheet_formula_reaches_a_csv(run):
    for name in ("gradebook.csv", "hints.csv", "word_answers.csv", "summary.csv"):
        with (run["out"] / name).open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for value in row:
                    assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
    assert "'=2+5" in run["rows"]
    answer = next(w["answer"] for w in run["words"] if w["student"] == "'=2+5")
    assert answer.startswith("'=HYPERLINK(")


def test_no_process_outlives_the_grader(run):
    assert run["escaped"] == []


def test_nothing_planted_is_imported(run):
    assert not (run["course"] / "IMPORTED").exists()


def test_nothing_is_left_in_the_graders_folders(run):
    assert list(run["temp"].iterdir()) == []  # workers' and kernels' temporary folders
    assert list(run["runtime"].iterdir()) == []  # kernel connection files
    assert not (run["home"] / ".ipython").exists()  # no history of the students' cells


# =========================================================================== the sandbox
def test_the_sandboxed_run_says_so(sandboxed):
    assert "Bubblewrap sandbox" in sandboxed["result"].stderr
    assert "NO SANDBOX" not in sandboxed["result"].stderr


def test_in_the_sandbox_no_file_outside_the_output_folder_changes(sandboxed):
    assert sandboxed["after"] == sandboxed["before"]


def test_in_the_sandbox_a_notebook_cannot_kill_its_worker(sandboxed):
    assert statuses(sandboxed, "planter") == expected()


def test_in_the_sandbox_the_answer_key_cannot_be_read(sandboxed):
    key = json.loads(SOLUTION.read_text(encoding="utf-8"))
    distinctive = source_of(key, "task-5-answer").strip().splitlines()[-1]
    answer = next(w["answer"] for w in sandboxed["words"] if w["student"] == "aaa_eraser")
    assert answer.endswith("nothing") and distinctive not in answer
    for path in sandboxed["out"].rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".md"):
            assert "BEGIN SOLUTION" not in path.read_text(encoding="utf-8"), path


def test_the_reports_are_the_graders(sandboxed):
    assert (sandboxed["out"] / "feedback" / "rewriter.md").read_text(encoding="utf-8") != "all passed"


# =========================================================================== without a sandbox
def test_the_unsandboxed_run_says_so_at_its_start_and_its_end(unsandboxed):
    lines = unsandboxed["result"].stderr.splitlines()
    assert "NO SANDBOX" in lines[0]
    assert "WITHOUT a sandbox" in lines[-1] or any("WITHOUT a sandbox" in line for line in lines[-3:])


def test_unsandboxed_a_notebook_that_kills_its_worker_is_an_error_row(unsandboxed):
    assert statuses(unsandboxed, "planter")[1:] == ["error"] * 5
    hints = [h["message"] for h in unsandboxed["hints"] if h["student"] == "planter"]
    assert any("stopped unexpectedly" in h or "Python stopped" in h for h in hints)


def test_unsandboxed_the_reports_are_still_the_graders(unsandboxed):
    assert (unsandboxed["out"] / "feedback" / "rewriter.md").read_text(encoding="utf-8") != "all passed"
