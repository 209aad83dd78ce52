"""A class on an LMS, end to end: released, handed in, graded, marked, and sent back to Canvas and Moodle.

The class takes the practice lesson (lesson 99) as a course of its own: the course's package and
data with one lesson's checks and the instructor's answer key, its written task in a Markdown
answer cell worth 2 points (as the course's own lessons write one). ``conflictlab build`` makes
the exercise from the key, and ``conflictlab release`` hands the students their copies: the
practice zip, and the assessment copy's student repository, which is what this class works in
(its checks only record an answer's form; the grader marks with the instructor's full checks).

Every submission is that released exercise with answers filled in, handed in as one LMS download
zip holding Canvas and Moodle names at once: a Canvas student who resubmitted late (her written
answer holds triple quotes and a backslash), a Canvas student with wrong answers, a blank
exercise, deleted cells, an endless loop, a syntax error, two Moodle students (one with a filler
answer in words), a Moodle student with two notebooks, and a file that is not a notebook. The
roster adds a student who handed in nothing. The class is graded once, the marking sheet is
filled in (with two bad rows, and one written answer left unmarked), and graded again with
``--marks``; every cell of the Canvas and Moodle import files is then checked.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conflictlab import __version__
from conflictlab._text import word_count
from conflictlab.course import cli

# The independent readers of answers and instructor notes that the release's own tests use.
from test_release import contains_lines, lines_of, public_lines, secrets_of, zip_texts

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
PRACTICE_KEY = FIXTURES / "solutions" / "99_practice.ipynb"
EXERCISE = "exercises/99_practice.ipynb"
FILLER = " ".join(["blah"] * 45)


# ------------------------------------------------------------------ the course, built and released
def answer_key() -> dict:
    """The instructor's key: the practice solution, its written task a Markdown answer cell worth 2 points."""
    nb = json.loads(PRACTICE_KEY.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["id"] == "task-6-answer":  # the model answer, moved from a Python string into Markdown
            model = ast.literal_eval(ast.parse(source).body[0].value).strip()
            for key in ("outputs", "execution_count"):
                cell.pop(key, None)
            cell.update(
                cell_type="markdown",
                metadata={"tags": ["answer:answer_6"]},
                source="<!-- BEGIN SOLUTION (2 points): your answer in two or three sentences -->\n"
                f"{model}\n<!-- END SOLUTION -->",
            )
        elif cell["id"] == "task-6-check":
            cell["source"] = "check.task_6()"  # a written answer's check reads it from the saved notebook
        elif cell["id"] == "instructor-selfcheck":  # a written answer is no variable of the kernel
            assert "influence, answer_6]" in source
            cell["source"] = source.replace("influence, answer_6]", "influence]")
    return nb


def make_course(root: Path) -> Path:
    """A course of one lesson, lesson 99: the course's package (with lesson 99's checks in place of
    the course's lessons'), its data and binder/, and the instructor's answer key in solutions/."""
    course = root / "course"
    shutil.copytree(REPO / "data", course / "data")
    shutil.copytree(
        REPO / "src" / "conflictlab",
        course / "src" / "conflictlab",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "lesson[0-9][0-9].py"),
    )
    shutil.copy(FIXTURES / "checks" / "lesson99.py", course / "src" / "conflictlab" / "checks")
    shutil.copytree(REPO / "binder", course / "binder")
    for name in ("pyproject.toml", "constraints.txt", "LICENSE"):
        shutil.copy(REPO / name, course / name)
    (course / "lessons").mkdir()
    (course / "solutions").mkdir()
    (course / "solutions" / PRACTICE_KEY.name).write_text(
        json.dumps(answer_key(), indent=1), encoding="utf-8"
    )
    return course


def conflictlab(*args: str) -> None:
    """Run a ``conflictlab`` command as an instructor types it; it must succeed."""
    assert cli.main([str(a) for a in args]) == 0, args


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("course")
    course = make_course(root)
    conflictlab("build", "--solutions", course / "solutions", "--exercises", course / "exercises")
    conflictlab("release", "--course", course, "--out", root / "dist")
    conflictlab("release", "--course", course, "--out", root / "dist", "--mode", "assessment")
    top = f"conflictlab-student-{__version__}"
    practice = root / "dist" / f"{top}.zip"
    repository = root / "dist" / f"{top}-assessment-repository"
    with zipfile.ZipFile(practice) as bundle:
        practice_exercise = json.loads(bundle.read(f"{top}/{EXERCISE}"))
    return {
        "course": course,
        "practice": practice,
        "repository": repository,
        "practice_exercise": practice_exercise,
        "exercise": json.loads((repository / EXERCISE).read_text(encoding="utf-8")),
    }


# ------------------------------------------------------------------ the students' notebooks
def handed_in(exercise: dict, *, deleted: tuple[str, ...] = (), **answers: str) -> str:
    """The released exercise with answers filled in, by cell id.

    A code answer replaces the line ``name = ...`` the exercise gives (the other lines of the cell
    stay); a written answer replaces the prompt of its Markdown answer cell, as the prompt asks.
    """
    nb = json.loads(json.dumps(exercise))
    for cell in nb["cells"]:
        if cell.get("id") not in answers:
            continue
        answer, source = answers[cell["id"]], "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            assert "Write here" in source, source
            cell["source"] = answer
        else:
            lines = source.splitlines()
            blanks = [n for n, line in enumerate(lines) if re.match(r"\w+ = \.\.\.", line)]
            assert len(blanks) == 1, source
            lines[blanks[0] : blanks[0] + 1] = answer.splitlines()
            cell["source"] = "\n".join(lines)
    nb["cells"] = [cell for cell in nb["cells"] if cell.get("id") not in deleted]
    return json.dumps(nb, indent=1)


# A student's own right answers: not the answer key's code, the same values.
HONEST = {
    "task-1-answer": 'parties = ["armenia", "azerbaijan"]',
    "task-2-answer": "share_external = 2 / 7",
    "task-3-answer": "timeline = dated.assign(earliest=pd.to_datetime(dated.earliest))"
    '[["event_id", "earliest"]].sort_values("earliest")',
    "task-4-answer": 'how_known = "relative"',
    "task-5-answer": "influence = {a.actor_id: a.capability * a.salience for a in actors.itertuples()}",
    "task-6-answer": "The two parties care far more about the outcome than anyone else, with a salience of 1. "
    "Influence is capability times salience, so an outside power that is strong but cares little "
    "counts for less than a party.",
}

# A written answer in a Markdown answer cell: triple quotes, quotes and a backslash are only text
# there, and nothing cuts it short.
MEMO = """Bottom line: the parties weigh more because they care more.

Written the way code would break it: answer = \"\"\"they care\"\"\" -- and a backslash \\ too, and 'quotes'.
Influence multiplies capability by salience (1 for the parties, 0.3 or less for the outside
powers), so a weaker actor that cares a lot outweighs a stronger one that cares little."""

WRONG = {
    "task-1-answer": 'parties = ["armenia"]',
    "task-2-answer": "share_external = 2",
    "task-3-answer": 'timeline = events[["event_id", "earliest"]].dropna()',
    "task-4-answer": 'how_known = "stated"',
    "task-5-answer": "influence = list(actors['capability'] * actors['salience'])",
    "task-6-answer": "They care more.",
}


def download(exercise: dict) -> dict[str, str]:
    """The LMS's "download all submissions" of the class, by path inside the zip."""
    name = Path(EXERCISE).name

    def honest(**changed: str) -> str:
        return handed_in(exercise, **{**HONEST, **changed})

    return {
        f"smithalice_48213_1502344_{name}": handed_in(exercise, **WRONG),
        f"smithalice_LATE_48213_1502344_{name.replace('.ipynb', '-1.ipynb')}": honest(
            **{"task-6-answer": MEMO}
        ),
        f"jonesbob_48214_1502345_{name}": handed_in(exercise, **WRONG),
        f"leecarl_48215_1502346_{name}": json.dumps(exercise),
        f"kimdan_48216_1502347_{name}": handed_in(
            exercise, deleted=("task-2-answer", "task-2-check"), **HONEST
        ),
        f"parkeve_48217_1502348_{name}": honest(
            **{"task-3-answer": "timeline = None\nwhile True:\n    pass"}
        ),
        f"Fay Fox_780_assignsubmission_file/{name}": honest(**{"task-4-answer": 'how_known = "relative'}),
        f"Carol Chen_777_assignsubmission_file/{name}": honest(),
        f"Dave Doe_778_assignsubmission_file/{name}": honest(**{"task-6-answer": FILLER}),
        f"Erin Ek_779_assignsubmission_file/{name}": honest(),
        f"Erin Ek_779_assignsubmission_file/{name.replace('.ipynb', ' copy.ipynb')}": honest(),
        "jonesbob_48214_1502345_notes.txt": "not a notebook",
    }


def grade(course: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "conflictlab.course.cli",
            "grade",
            str(course / "download.zip"),
            "--out",
            str(course / "out"),
            "--jobs",
            "2",
            "--cell-timeout",
            "20",
            "--solutions",
            str(course / "solutions"),
            "--roster",
            str(course / "roster.csv"),
            "--canvas-assignment",
            "Practice (5501)",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    return result


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def course(released, tmp_path_factory):
    course = tmp_path_factory.mktemp("class")
    with zipfile.ZipFile(course / "download.zip", "w") as bundle:
        for name, text in download(released["exercise"]).items():
            bundle.writestr(name, text)
    (course / "roster.csv").write_text(
        "Student,ID\nAlice Smith,48213\nBob Jones,48214\nCarl Lee,48215\nDan Kim,48216\nEve Park,48217\n"
        "Zed Zulu,48299\n"
    )
    # The instructor grades with the answer key (and the full checks), not with the students' copy.
    shutil.copytree(released["course"] / "solutions", course / "solutions")
    first = grade(course)
    sheet = read(course / "out" / "marking.csv")
    header, rows = sheet[0], sheet[1:]
    by_student = {row[0]: row for row in rows}
    marks = {
        "canvas-48213": ("2", "Clear and well argued."),
        "moodle-777": ("1.5", "Good; say why salience matters."),
        "moodle-778": ("0", "Filler, not an answer."),
        "canvas-48214": ("5", "above the task's points"),
    }
    filled = [header]
    for student, (score, comment) in marks.items():
        row = list(by_student[student])
        row[header.index("score")], row[header.index("comment")] = score, comment
        filled.append(row)
    filled.append(["canvas-99999", "nobody", "task_6", "2", "", "", "", "", "", "1", ""])
    for student, score in (("canvas-48216", "1"), ("canvas-48217", "2")):
        row = list(by_student[student])
        row[header.index("score")] = score
        filled.append(row)
    with (course / "marks.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(filled)
    first_gradebook = {r["student"]: r for r in csv.DictReader((course / "out" / "gradebook.csv").open())}
    first_canvas = read(course / "out" / "canvas_grades.csv")
    (course / "out" / "marking.csv").write_bytes((course / "marks.csv").read_bytes())  # filled in place
    second = grade(course, "--marks", str(course / "out" / "marking.csv"))
    return {
        "out": course / "out",
        "first": first,
        "second": second,
        "sheet": by_student,
        "first_gradebook": first_gradebook,
        "first_canvas": first_canvas,
    }


def code_and_answer_cells(exercise: dict) -> list[tuple[str, str, str]]:
    return [
        (cell["id"], cell["cell_type"], "".join(cell["source"]))
        for cell in exercise["cells"]
        if cell["cell_type"] == "code" or "answer:answer_6" in cell["metadata"].get("tags", [])
    ]


def test_the_practice_and_assessment_copies_hand_out_the_same_exercise_cells(released):
    practice, assessment = released["practice_exercise"], released["exercise"]
    assert code_and_answer_cells(practice) == code_and_answer_cells(assessment)
    # Every task's answer cell and check cell, and not the key's instructor self-test.
    assert [cell_id for cell_id, _, _ in code_and_answer_cells(assessment)] == [
        "setup",
        *(f"task-{n}-{part}" for n in range(1, 7) for part in ("answer", "check")),
    ]
    # What tells the two apart is a note for the student, not a cell the grader reads.
    notes = [c["id"] for c in assessment["cells"] if "assessment" in c["metadata"].get("tags", [])]
    assert notes == ["assessment-note"]
    assert not [c for c in practice["cells"] if "assessment" in c["metadata"].get("tags", [])]


def test_the_copies_the_class_was_given_hold_no_answer_and_no_instructor_note(released, tmp_path):
    course = released["course"]
    public = public_lines(course)
    secrets = [
        (where, text) for where, text in secrets_of(course) if not contains_lines(public, lines_of(text))
    ]
    # Looked for: the key's answers that its package does not hold anyway (task 1's check computes
    # task 1's answer), the written one among them, and the key's two instructor cells.
    assert len([w for w, _ in secrets if "(answer)" in w]) == 5
    assert any(text.startswith("The parties care about the outcome far more") for _, text in secrets)
    assert len([w for w, _ in secrets if "(instructor)" in w]) == 2
    shutil.make_archive(str(tmp_path / "repository"), "zip", released["repository"])
    for copy in (released["practice"], tmp_path / "repository.zip"):
        texts = zip_texts(copy)
        assert any(name.endswith(EXERCISE) for name in texts)
        assert not [n for n in texts if "solutions" in n.split("/")]
        leaks = [
            f"{where} in {name}"
            for where, secret in secrets
            for name, lines in texts.items()
            if contains_lines(lines, lines_of(secret))
        ]
        assert not leaks, leaks


def gradebook(course):
    with (course["out"] / "gradebook.csv").open(encoding="utf-8") as f:
        return {r["student"]: r for r in csv.DictReader(f)}


def test_students_are_read_from_canvas_and_moodle_names(course):
    book = gradebook(course)
    assert sorted(book) == [
        "canvas-48213",
        "canvas-48214",
        "canvas-48215",
        "canvas-48216",
        "canvas-48217",
        "canvas-48299",
        "moodle-777",
        "moodle-778",
        "moodle-779",
        "moodle-780",
    ]
    assert (book["canvas-48213"]["name"], book["canvas-48213"]["lms"]) == ("smithalice", "canvas")
    assert (book["moodle-777"]["name"], book["moodle-777"]["lms_id"]) == ("Carol Chen", "777")


def test_the_latest_resubmission_is_graded_and_the_dropped_one_named_in_its_row(course):
    alice = gradebook(course)["canvas-48213"]
    assert [alice[f"task_{n}"] for n in range(1, 7)] == ["passed"] * 5 + ["answered"]
    assert alice["late"] == "late"
    assert "smithalice_48213_1502344_99_practice.ipynb" in alice["notes"]
    assert "latest of 2 submissions" in alice["notes"]


def test_two_notebooks_for_one_student_are_reported_in_the_row_and_not_guessed(course):
    erin = gradebook(course)["moodle-779"]
    assert {erin[f"task_{n}"] for n in range(1, 7)} == {"error"}
    assert "2 notebooks for one student" in erin["notes"]
    assert "99_practice copy.ipynb" in erin["notes"]


def test_a_roster_student_without_a_submission_gets_a_row(course):
    zed = gradebook(course)["canvas-48299"]
    assert (zed["name"], zed["notes"], zed["total"], zed["maximum"]) == (
        "Zed Zulu",
        "no submission",
        "0",
        "7",
    )
    assert "not on the roster" in gradebook(course)["moodle-777"]["notes"]


def test_a_blank_exercise_and_a_syntax_error_are_graded_like_any_other(course):
    book = gradebook(course)
    carl = book["canvas-48215"]
    assert {carl[f"task_{n}"] for n in range(1, 7)} == {"missing"}
    assert (carl["total"], carl["to_mark"]) == ("0", "0")
    fay = book["moodle-780"]
    assert [fay[f"task_{n}"] for n in range(1, 7)] == ["passed"] * 3 + ["error", "passed", "answered"]
    assert (fay["total"], fay["to_mark"]) == ("4", "1")


def test_deleted_cells_and_an_endless_loop_cost_only_their_own_task(course):
    book = gradebook(course)
    dan = book["canvas-48216"]
    assert [dan[f"task_{n}"] for n in range(1, 7)] == ["passed", "missing"] + ["passed"] * 3 + ["answered"]
    eve = book["canvas-48217"]
    assert [eve[f"task_{n}"] for n in range(1, 7)] == ["passed", "passed", "timeout"] + ["passed"] * 2 + [
        "answered"
    ]
    with (course["out"] / "hints.csv").open(encoding="utf-8") as f:
        hints = {(r["student"], r["task"]): r["message"] for r in csv.DictReader(f)}
    assert "No cell assigns `share_external`" in hints[("canvas-48216", "task_2")]
    assert "was still running after 20 seconds" in hints[("canvas-48217", "task_3")]


def test_a_file_that_is_not_a_notebook_is_reported(course):
    assert "jonesbob_48214_1502345_notes.txt: not a notebook" in course["first"].stderr


def test_points_come_from_the_solution_marker_and_written_answers_count_once_marked(course):
    before = course["first_gradebook"]["moodle-777"]
    assert (before["task_6"], before["task_6_points"], before["total"], before["to_mark"]) == (
        "answered",
        "",
        "5",
        "1",
    )
    assert before["maximum"] == "7"
    after = gradebook(course)
    assert (
        after["moodle-777"]["task_6_points"],
        after["moodle-777"]["total"],
        after["moodle-777"]["to_mark"],
    ) == (
        "1.5",
        "6.5",
        "0",
    )
    # A filler answer has the form the task asks for: answered, never passed; the reader gives it 0.
    dave = after["moodle-778"]
    assert (dave["task_6"], dave["task_6_points"], dave["total"]) == ("answered", "0", "5")


def test_the_marking_sheet_holds_the_answer_in_full_and_the_model_answer(course):
    dave = course["sheet"]["moodle-778"]
    assert dave[2:6] == ["task_6", "2", "45", FILLER]
    assert dave[7].startswith("The parties care about the outcome far more")
    assert dave[8] == ""  # the rubric: this task asks for nothing beyond its length
    assert dave[9:] == ["", ""]


def test_a_memo_in_an_answer_cell_reaches_the_marking_sheet_in_full(course):
    assert '"""' in MEMO and "\\" in MEMO
    alice = course["sheet"]["canvas-48213"]
    # Words are counted by the one rule the task's word limits use ("--" and "\\" are not words).
    assert alice[2:6] == ["task_6", "2", str(word_count(MEMO)), MEMO]


def test_a_sheet_written_again_keeps_the_marks_and_the_filled_in_sheet(course):
    with (course["out"] / "marking.csv").open(encoding="utf-8") as f:
        again = {r["student"]: r for r in csv.DictReader(f)}
    assert (again["moodle-777"]["score"], again["moodle-777"]["comment"]) == (
        "1.5",
        "Good; say why salience matters.",
    )
    assert (again["canvas-48214"]["score"], again["moodle-780"]["score"]) == ("", "")  # refused; not marked
    # The sheet the instructor filled in sits in the output folder: it is kept, not overwritten.
    previous = read(course["out"] / "marking.previous.csv")
    assert ["canvas-48214", "5"] == [previous[4][0], previous[4][previous[0].index("score")]]


def test_bad_marks_are_reported_with_file_and_row_and_the_others_merged(course):
    err = course["second"].stderr
    assert "marking.csv, row 5: the score 5 for task_6 is outside 0–2 points" in err
    assert "marking.csv, row 6: no submission of student 'canvas-99999'" in err
    assert "5 mark(s) merged" in err


def test_the_canvas_import_file_cell_by_cell(course):
    rows = read(course["out"] / "canvas_grades.csv")
    assert rows == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Practice (5501)"],
        ["Points Possible", "", "", "", "", "7"],
        ["smithalice", "48213", "", "", "", "7"],
        ["jonesbob", "48214", "", "", "", "0"],
        ["leecarl", "48215", "", "", "", "0"],
        ["kimdan", "48216", "", "", "", "5"],
        ["parkeve", "48217", "", "", "", "6"],
        ["Zed Zulu", "48299", "", "", "", ""],
    ]
    # Before the marks, Alice's written answer was unmarked, so her grade was left blank.
    assert course["first_canvas"][2] == ["smithalice", "48213", "", "", "", ""]


def test_the_moodle_worksheet_cell_by_cell(course):
    rows = read(course["out"] / "moodle_grades.csv")
    assert rows[0] == [
        "Identifier",
        "Full name",
        "Status",
        "Grade",
        "Maximum Grade",
        "Grade can be changed",
        "Last modified (grade)",
        "Feedback comments",
    ]
    stamps = {row[6] for row in rows[1:]}
    assert len(stamps) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", stamps.pop())
    body = [row[:6] + row[7:] for row in rows[1:]]
    assert body == [
        [
            "Participant777",
            "Carol Chen",
            "Submitted for grading",
            "6.5",
            "7",
            "Yes",
            "6.5 of 7 points. Task 1: passed, 1/1; Task 2: passed, 1/1; Task 3: passed, 1/1; "
            "Task 4: passed, 1/1; Task 5: passed, 1/1; Task 6: answered, 1.5/2 "
            "(Good; say why salience matters.).",
        ],
        [
            "Participant778",
            "Dave Doe",
            "Submitted for grading",
            "5",
            "7",
            "Yes",
            "5 of 7 points. Task 1: passed, 1/1; Task 2: passed, 1/1; Task 3: passed, 1/1; "
            "Task 4: passed, 1/1; Task 5: passed, 1/1; Task 6: answered, 0/2 (Filler, not an answer.).",
        ],
        [
            "Participant779",
            "Erin Ek",
            "Submitted for grading",
            "",
            "7",
            "Yes",
            "Your notebook could not be graded: 2 notebooks for one student "
            "(Erin Ek_779_assignsubmission_file/99_practice copy.ipynb, "
            "Erin Ek_779_assignsubmission_file/99_practice.ipynb): hand in one, or grade them apart",
        ],
        [
            "Participant780",
            "Fay Fox",
            "Submitted for grading",
            "",
            "7",
            "Yes",
            "4 of 7 points. Task 1: passed, 1/1; Task 2: passed, 1/1; Task 3: passed, 1/1; "
            "Task 4: error, 0/1; Task 5: passed, 1/1; Task 6: answered, not yet marked.",
        ],
    ]


def test_the_moodle_feedback_zip_and_the_feedback_files_show_points_and_marks(course):
    with zipfile.ZipFile(course["out"] / "moodle_feedback.zip") as bundle:
        names = sorted(bundle.namelist())
        carol = bundle.read("Carol Chen_777_assignfeedback_file/moodle-777.md").decode("utf-8")
    assert names == [
        "Carol Chen_777_assignfeedback_file/moodle-777.md",
        "Dave Doe_778_assignfeedback_file/moodle-778.md",
        "Erin Ek_779_assignfeedback_file/moodle-779.md",
        "Fay Fox_780_assignfeedback_file/moodle-780.md",
    ]
    assert "**6.5 of 7 points**" in carol
    assert "## Task 6 (`answer_6`): ✓ answered — 1.5 of 2 points" in carol
    assert "Your instructor: Good; say why salience matters." in carol


def test_the_summary_page_names_tasks_and_has_a_row_per_student(course):
    page = (course["out"] / "summary.html").read_text(encoding="utf-8")
    assert "Task 1: The ids of the actors whose role is" in page  # the chart's labels say what a task is
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", page)
    assert [student for student, _ in rows] == sorted(gradebook(course))
    carol = dict(rows)["moodle-777"]
    assert (
        "<td>Carol Chen</td>" in carol and "<td>answered · 1.5</td>" in carol and "<td>6.5 / 7</td>" in carol
    )
    assert "2 notebooks for one student" in dict(rows)["moodle-779"]
