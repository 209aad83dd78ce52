"""Written answers marked by hand: the marking sheet out, the marks back in, every bad row named."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conflictlab.grading.csvsafe import FORMULA_STARTS, safe_cell
from conflictlab.grading.marks import MARKING_COLUMNS, MarkingRow, MarksError, read_marks, write_marking_sheet

POINTS = {("alice", "task_6"): 4.0, ("bob", "task_6"): 4.0, ("bob", "task_8"): 10.0}


def _sheet(tmp_path: Path, rows: list[MarkingRow]) -> Path:
    return write_marking_sheet(tmp_path / "marking.csv", rows)


def _fill(path: Path, scores: dict[tuple[str, str], tuple[str, str]]) -> Path:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if (row["student"], row["task"]) in scores:
            row["score"], row["comment"] = scores[(row["student"], row["task"])]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MARKING_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _rows() -> list[MarkingRow]:
    return [
        MarkingRow("alice", "Alice", "task_6", 4, 'The article says "x" (C34).', "cites C34 ✓", "Model: …"),
        MarkingRow("bob", "Bob", "task_6", 4, '=HYPERLINK("http://evil")', "no id", "Model: …"),
        MarkingRow("bob", "Bob", "task_8", 10, 'A memo with """ quotes', "", ""),
    ]


def test_the_marking_sheet_holds_each_answer_in_full_with_empty_marks(tmp_path):
    path = _sheet(tmp_path, _rows())
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["student"], r["task"], r["points"], r["words"]) for r in rows] == [
        ("alice", "task_6", "4", "5"),
        ("bob", "task_6", "4", "3"),  # HYPERLINK, http, evil: words as the word limits count them
        ("bob", "task_8", "10", "4"),  # and """ is no word
    ]
    assert rows[0]["answer"] == 'The article says "x" (C34).'
    assert rows[1]["answer"] == '\'=HYPERLINK("http://evil")'  # shown as text by a spreadsheet
    assert rows[2]["answer"] == 'A memo with """ quotes'
    assert all(r["score"] == "" and r["comment"] == "" for r in rows)


def test_marks_are_read_back_and_a_blank_score_is_not_yet_marked(tmp_path):
    path = _fill(
        _sheet(tmp_path, _rows()),
        {("alice", "task_6"): ("3.5", "Good use of C34"), ("bob", "task_8"): ("8", "")},
    )
    marks, problems = read_marks(path, POINTS)
    assert problems == []
    assert {k: (m.score, m.comment) for k, m in marks.items()} == {
        ("alice", "task_6"): (3.5, "Good use of C34"),
        ("bob", "task_8"): (8.0, ""),
    }


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("zed,task_6,2", "row 2: no submission of student 'zed'"),
        ("alice,task_8,2", "row 2: 'task_8' is not a written task of alice (those are task_6)"),
        ("alice,task_6,5", "row 2: the score 5 for task_6 is outside 0–4 points"),
        ("alice,task_6,-1", "row 2: the score -1 for task_6 is outside 0–4 points"),
        ("alice,task_6,good", "row 2: the score 'good' is not a number"),
        ("alice,task_6,nan", "outside 0–4 points"),
    ],
)
def test_a_bad_row_is_named_and_the_rest_are_used(tmp_path, row, says):
    path = tmp_path / "marks.csv"
    path.write_text(f"student,task,score\n{row}\nbob,task_6,3\n", encoding="utf-8")
    marks, problems = read_marks(path, POINTS)
    assert len(problems) == 1 and says in problems[0]
    assert problems[0].startswith("marks.csv, row 2: ")
    assert marks[("bob", "task_6")].score == 3


def test_an_answer_marked_twice_keeps_the_first_mark(tmp_path):
    path = tmp_path / "marks.csv"
    path.write_text("student,task,score,comment\nbob,task_6,3,first\nbob,task_6,1,second\n", encoding="utf-8")
    marks, problems = read_marks(path, POINTS)
    assert marks[("bob", "task_6")].comment == "first"
    assert problems == ["marks.csv, row 3: bob's task_6 is marked twice; the first mark is kept"]


def test_a_marks_file_without_its_columns_is_refused_whole(tmp_path):
    path = tmp_path / "marks.csv"
    path.write_text("who,mark\nbob,3\n", encoding="utf-8")
    with pytest.raises(MarksError, match="lacks the column"):
        read_marks(path, POINTS)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_no_text_cell_starts_a_formula(start):
    cell = safe_cell(f"{start}1+2")
    assert isinstance(cell, str) and not cell.startswith(FORMULA_STARTS)


def test_numbers_stay_numbers():
    assert [safe_cell(v) for v in (-1, 2.5, "-1", "-0.25", "12")] == [-1, 2.5, "-1", "-0.25", "12"]


def test_the_rubric_column_lists_what_the_task_asks_for(tmp_path):
    """Lesson 08's sourced claim: the lesson's checklist (a quote, the marker, claim C34, BG11 as outside
    context) is the rubric the reader marks against, one line per item, on the marking sheet."""
    from conflictlab.checks import lesson_tasks
    from conflictlab.grading.gradebook import rubric

    task = next(t for t in lesson_tasks("08") if t.number == 7)
    lines = rubric(task).splitlines()
    assert [line.split(". ", 1)[0] for line in lines] == ["1", "2", "3", "4"]
    text = rubric(task).lower()
    for item in ("quot", "marker", "c34", "bg11", "outside"):
        assert item in text, item
    assert rubric(next(t for t in lesson_tasks("08") if t.kind != "words")) == ""

    row = MarkingRow("alice", "Alice", "task_7", 3, "An answer.", "", "Model: …", rubric(task))
    with write_marking_sheet(tmp_path / "marking.csv", [row]).open(encoding="utf-8") as handle:
        (written,) = list(csv.DictReader(handle))
    assert written["rubric"].splitlines() == lines
    assert list(written) == list(MARKING_COLUMNS) and written["score"] == written["comment"] == ""
