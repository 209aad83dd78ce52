"""LMS in and out: names from Canvas and Moodle downloads, safe unpacking, rosters, import files."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from conflictlab.grading.lms import (
    CANVAS_COLUMNS,
    Identity,
    LmsError,
    canvas_rows,
    collect,
    extract_zip,
    identify,
    moodle_feedback_zip,
    moodle_rows,
    read_roster,
    write_csv,
)


@pytest.mark.parametrize(
    ("name", "key", "student", "late", "attempt"),
    [
        ("smithalice_48213_1502344_04_weighting_interests.ipynb", "canvas-48213", "smithalice", False, 0),
        ("smithalice_LATE_48213_1502344_04_weighting_interests.ipynb", "canvas-48213", "smithalice", True, 0),
        ("smithalice_48213_1502399_04_weighting_interests-2.ipynb", "canvas-48213", "smithalice", False, 2),
        (
            "Alice Smith_12345_assignsubmission_file/04_weighting_interests.ipynb",
            "moodle-12345",
            "Alice Smith",
            False,
            0,
        ),
        (
            "Alice Smith_12345_assignsubmission_file_/04_weighting_interests.ipynb",
            "moodle-12345",
            "Alice Smith",
            False,
            0,
        ),
        ("Jo_Ann Lee_777_assignsubmission_file_04.ipynb", "moodle-777", "Jo_Ann Lee", False, 0),
        ("alice.ipynb", "alice", "alice", False, 0),
        ("week4/bob_04.ipynb", "week4/bob_04", "week4/bob_04", False, 0),
    ],
)
def test_the_student_is_read_from_the_lms_naming(name, key, student, late, attempt):
    who = identify(name)
    assert (who.key, who.name, who.late, who.attempt) == (key, student, late, attempt)
    assert who.file == name


def _notebook(path: Path, text: str = "{}") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_latest_resubmission_is_graded_and_the_others_are_named(tmp_path):
    _notebook(tmp_path / "smithalice_48213_1_04_x.ipynb")
    _notebook(tmp_path / "smithalice_48213_2_04_x-1.ipynb")
    _notebook(tmp_path / "smithalice_LATE_48213_3_04_x-2.ipynb")
    _notebook(tmp_path / "jonesbob_555_4_04_x.ipynb")
    submissions, notes = collect(tmp_path)
    by_key = {s.identity.key: s for s in submissions}
    assert set(by_key) == {"canvas-48213", "canvas-555"}
    alice = by_key["canvas-48213"]
    assert alice.path is not None and alice.path.name == "smithalice_LATE_48213_3_04_x-2.ipynb"
    assert alice.identity.late
    assert alice.dropped == ["smithalice_48213_1_04_x.ipynb", "smithalice_48213_2_04_x-1.ipynb"]
    assert sum("earlier submission of canvas-48213" in n for n in notes) == 2


def test_two_notebooks_for_one_student_are_reported_not_guessed(tmp_path):
    folder = tmp_path / "Alice Smith_12345_assignsubmission_file"
    _notebook(folder / "04.ipynb")
    _notebook(folder / "04 (copy).ipynb")
    _notebook(tmp_path / "Bob Jones_678_assignsubmission_file" / "04.ipynb")
    submissions, _ = collect(tmp_path)
    alice = next(s for s in submissions if s.identity.key == "moodle-12345")
    assert alice.path is None and "2 notebooks for one student" in alice.problem
    assert "04 (copy).ipynb" in alice.problem
    bob = next(s for s in submissions if s.identity.key == "moodle-678")
    assert bob.path is not None and not bob.problem


def test_nothing_is_skipped_silently(tmp_path):
    _notebook(tmp_path / "alice.ipynb")
    _notebook(tmp_path / "notes.txt")
    _notebook(tmp_path / ".hidden.ipynb")
    _notebook(tmp_path / "sub" / "carol.ipynb")
    (tmp_path / "link.ipynb").symlink_to(tmp_path / "alice.ipynb")
    (tmp_path / "notes.lnk").symlink_to(tmp_path / "notes.txt")
    _notebook(tmp_path / "__MACOSX" / "._alice.ipynb")
    submissions, notes = collect(tmp_path)
    # A link named .ipynb gets its row (the grader says it does not follow links); see test_grading_security.
    assert sorted(s.identity.key for s in submissions) == ["alice", "link", "sub/carol"]
    assert any(n.startswith("notes.txt: not a notebook") for n in notes)
    assert any(n.startswith(".hidden.ipynb: a hidden file") for n in notes)
    assert any(n.startswith("notes.lnk: a link") for n in notes)
    assert any(n.startswith("__MACOSX/._alice.ipynb: a copy a tool made") for n in notes)
    assert len(notes) == 4


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
    return path


def test_a_zip_is_unpacked_inside_its_folder_only(tmp_path):
    archive = _zip(
        tmp_path / "download.zip",
        {
            "smithalice_48213_1_04.ipynb": b"{}",
            "../escape.ipynb": b"{}",
            "/abs/escape.ipynb": b"{}",
            "Bob Jones_678_assignsubmission_file/04.ipynb": b"{}",
            "readme.pdf": b"%PDF",
        },
    )
    target = tmp_path / "unpacked"
    target.mkdir()
    notes = extract_zip(archive, target)
    assert (target / "smithalice_48213_1_04.ipynb").is_file()
    assert (target / "Bob Jones_678_assignsubmission_file" / "04.ipynb").is_file()
    assert not (tmp_path / "escape.ipynb").exists()
    assert sum("outside the download" in n for n in notes) == 2
    submissions, more = collect(target)
    assert {s.identity.key for s in submissions} == {"canvas-48213", "moodle-678"}
    assert any(n.startswith("readme.pdf: not a notebook") for n in more)


def test_a_file_that_is_not_a_zip_is_named(tmp_path):
    bad = tmp_path / "download.zip"
    bad.write_text("not a zip")
    with pytest.raises(LmsError, match=r"download\.zip: not a zip file"):
        extract_zip(bad, tmp_path)


def test_a_roster_without_an_id_column_is_named(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAlice,a@x\n", encoding="utf-8")
    with pytest.raises(
        LmsError, match=r"roster.csv: the roster has no id column \(its columns are name, email\)"
    ):
        read_roster(roster)


def test_a_roster_reads_moodle_identifiers_and_names(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffIdentifier,Full name\nParticipant12345,Alice Smith\nParticipant678,Bob Jones\n")
    read = read_roster(roster)
    assert read.ids == ("12345", "678") and read.names["678"] == "Bob Jones"


def test_a_roster_names_the_row_of_a_repeated_id(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id\n1\n2\n1\n")
    with pytest.raises(LmsError, match=r"roster\.csv, row 4: id '1' appears twice"):
        read_roster(roster)


def _read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_canvas_import_file_cell_by_cell(tmp_path):
    alice = identify("smithalice_48213_1502344_04_x.ipynb")
    bob = identify("jonesbob_555_1502345_04_x.ipynb")
    moodle = identify("Carol King_9_assignsubmission_file/04.ipynb")
    rows = canvas_rows([(alice, 7.5), (bob, None), (moodle, 3)], "Lesson 04 (991)", 10)
    written = _read_csv(write_csv(tmp_path / "canvas.csv", rows))
    assert written == [
        [*CANVAS_COLUMNS, "Lesson 04 (991)"],
        ["Points Possible", "", "", "", "", "10"],
        ["smithalice", "48213", "", "", "", "7.5"],
        ["jonesbob", "555", "", "", "", ""],
    ]


def test_the_moodle_worksheet_cell_by_cell(tmp_path):
    carol = identify("Carol King_9_assignsubmission_file/04.ipynb")
    dave = identify("Dave Lo_10_assignsubmission_file/04.ipynb")
    canvas = identify("smithalice_48213_1502344_04_x.ipynb")
    erin = Identity("moodle-11", "Erin Ek", "moodle", "11", False, 0, "")  # on the roster, no file
    rows = moodle_rows(
        [(carol, 8, '=HYPERLINK("x") well argued'), (dave, None, ""), (canvas, 5, ""), (erin, None, "")],
        10,
        datetime(2026, 12, 3, 9, 30),
    )
    written = _read_csv(write_csv(tmp_path / "moodle.csv", rows))
    assert written[0] == [
        "Identifier",
        "Full name",
        "Status",
        "Grade",
        "Maximum Grade",
        "Grade can be changed",
        "Last modified (grade)",
        "Feedback comments",
    ]
    assert written[1] == [
        "Participant9",
        "Carol King",
        "Submitted for grading",
        "8",
        "10",
        "Yes",
        "2026-12-03 09:30:00",
        '\'=HYPERLINK("x") well argued',
    ]
    assert written[2][:4] == ["Participant10", "Dave Lo", "Submitted for grading", ""]  # not yet marked
    assert written[3][:4] == ["Participant11", "Erin Ek", "No submission", ""]
    assert len(written) == 4


def test_the_moodle_feedback_zip_has_moodles_folder_layout(tmp_path):
    carol = identify("Carol King_9_assignsubmission_file/04.ipynb")
    plain = identify("alice.ipynb")
    files = {
        carol: {"moodle-9.md": b"# feedback\n![chart](moodle-9__chart.png)", "moodle-9__chart.png": b"PNG"},
        plain: {"alice.md": b"# feedback"},
    }
    bundle = moodle_feedback_zip(files, tmp_path / "out" / "moodle_feedback.zip")
    with zipfile.ZipFile(bundle) as z:
        assert z.namelist() == [
            "Carol King_9_assignfeedback_file/moodle-9.md",
            "Carol King_9_assignfeedback_file/moodle-9__chart.png",
        ]
        assert z.read("Carol King_9_assignfeedback_file/moodle-9__chart.png") == b"PNG"
        # Moodle splits each folder name on "_" into name, participant id, plugin type, plugin name.
        name, participant, kind, plugin = z.namelist()[0].split("/")[0].split("_", 4)
        assert (name, participant, kind, plugin) == ("Carol King", "9", "assignfeedback", "file")
