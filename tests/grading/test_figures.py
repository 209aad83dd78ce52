"""A memo's chart is kept per student under the output folder and linked from their feedback."""

from __future__ import annotations

import base64
import re

from conflictlab.grading.codec import encode_value
from conflictlab.grading.kernel import Execution
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
