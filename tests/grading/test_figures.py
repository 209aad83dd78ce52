"""A memo's chart is kept per student under the output folder and linked from their feedback."""

from __future__ import annotations

import base64
import posixpath
import re
import zipfile
from urllib.parse import unquote

from conflictlab.grading.codec import encode_value
from conflictlab.grading.gradebook import Entry
from conflictlab.grading.kernel import Execution
from conflictlab.grading.lms import identify
from conflictlab.grading.notebook import saved_figures
from conflictlab.grading.reports import write_reports
from conflictlab.grading.results import SubmissionResult, TaskResult

PNG = b"\x89PNG\r\n\x1a\n" + b"chart" * 10


def test_the_pictures_an_answer_names_are_kept_and_nothing_else(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "memo_forecast.png").write_bytes(PNG)
    (home / "other.png").write_bytes(PNG)  # saved, but no answer names it
    (tmp_path / "secret.png").write_bytes(b"outside")
    (home / "link.png").symlink_to(tmp_path / "secret.png")
    answers = {
        "memo_figure": {"value": encode_value("memo_forecast.png")},
        "more": {"value": encode_value(["link.png", "../secret.png", "missing.svg", "notes.txt"])},
    }
    figures = saved_figures(Execution({}, answers), home)
    assert {name: base64.b64decode(data) for name, data in figures.items()} == {"memo_forecast.png": PNG}


def test_each_students_chart_is_saved_under_the_output_folder_and_linked(tmp_path):
    results = [
        SubmissionResult(
            student=student,
            file=f"{student}.ipynb",
            lesson="99",
            tasks=[TaskResult(1, "parties", "passed", "")],
            figures={"memo_forecast.png": base64.b64encode(PNG).decode("ascii")},
        )
        for student in ("alice", "nested/bob")
    ]
    written = write_reports(results, "99", tmp_path / "out")
    figures = sorted(p.name for p in (tmp_path / "out" / "figures").iterdir())
    assert figures == ["alice__memo_forecast.png", "nested__bob__memo_forecast.png"]
    assert (tmp_path / "out" / "figures" / figures[0]).read_bytes() == PNG
    assert written["figures"] == tmp_path / "out" / "figures"  # re-checked after writing, like every report
    for student, name in (("alice", figures[0]), ("nested__bob", figures[1])):
        feedback = (tmp_path / "out" / "feedback" / f"{student}.md").read_text(encoding="utf-8")
        link = re.search(r"!\[memo_forecast\.png\]\((.*?)\)", feedback)
        assert link is not None and (tmp_path / "out" / "feedback" / link.group(1)).resolve().name == name


def test_the_moodle_feedback_zip_carries_each_participants_charts_beside_the_feedback_that_links_them(
    tmp_path,
):
    pictures = {
        "Carol Chen_777_assignsubmission_file/99_practice.ipynb": ["memo_forecast.png"],
        "Dave Doe_778_assignsubmission_file/99_practice.ipynb": ["memo_forecast.png", "my chart.svg"],
        "Erin Ek_779_assignsubmission_file/99_practice.ipynb": [],
        "frank.ipynb": ["memo_forecast.png"],  # not a Moodle submission: not in Moodle's zip
    }
    entries = []
    for file, names in pictures.items():
        identity = identify(file)
        result = SubmissionResult(
            student=identity.key,
            file=file,
            lesson="99",
            tasks=[TaskResult(1, "parties", "passed", "")],
            figures={name: base64.b64encode(PNG + name.encode()).decode("ascii") for name in names},
        )
        entries.append(Entry(identity, result))
    out = tmp_path / "out"
    write_reports([e.result for e in entries], "99", out, entries=entries)
    found = []
    with zipfile.ZipFile(out / "moodle_feedback.zip") as bundle:
        members = set(bundle.namelist())
        feedback = sorted(name for name in members if name.endswith(".md"))
        assert feedback == [
            "Carol Chen_777_assignfeedback_file/moodle-777.md",
            "Dave Doe_778_assignfeedback_file/moodle-778.md",
            "Erin Ek_779_assignfeedback_file/moodle-779.md",
        ]
        for name in feedback:
            for link in re.findall(r"!\[[^\]]*\]\(([^)]*)\)", bundle.read(name).decode("utf-8")):
                assert not link.startswith(("/", "../")), link  # relative, and inside the zip
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(link)))
                assert target in members, f"{name} links to {link}, which is not in the zip"
                assert posixpath.dirname(target) == posixpath.dirname(name)  # beside the feedback
                found.append((target, bundle.read(target)))
    assert sorted(found) == [
        ("Carol Chen_777_assignfeedback_file/moodle-777__memo_forecast.png", PNG + b"memo_forecast.png"),
        ("Dave Doe_778_assignfeedback_file/moodle-778__memo_forecast.png", PNG + b"memo_forecast.png"),
        ("Dave Doe_778_assignfeedback_file/moodle-778__my_chart.svg", PNG + b"my chart.svg"),
    ]
    assert members == set(feedback) | {target for target, _ in found}  # nothing else, nothing unlinked
    # The feedback under out/ still links to the copies in out/figures/.
    carol = (out / "feedback" / "moodle-777.md").read_text(encoding="utf-8")
    link = re.search(r"!\[memo_forecast\.png\]\((.*?)\)", carol)
    assert link is not None
    assert (
        out / "feedback" / unquote(link.group(1))
    ).resolve() == out / "figures" / "moodle-777__memo_forecast.png"
