"""Plausible wrong answers for lesson 09 (judging the forecast); see harness.py.

Task 7 looks for a chart file in the notebook's folder, so besides the wrong
answers the harness runs, it is tested here with real files in a temporary
folder: charts saved by a panel pass; renamed, empty, tiny or outside files
get a hint.
"""

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from harness import Wrong, wrong_answer_tests
from written import minimal_answer

from conflictlab import data, models, widgets
from conflictlab.checks import lesson09

venue = data.frame("venue")
shares = lesson09.band_shares(venue)
mean_shares = lesson09.band_shares(venue, model="mean")
russia = lesson09.band_shares(data.apply_scenario(venue, "russia_distracted"))
us_back = lesson09.band_shares(data.apply_scenario(venue, "us_reengages"))
days = lesson09.days_to_outcome()
p_western = lesson09.ARTICLE_READING["Western-led"]
brier_article = models.brier_score(p_western, 1)
brier_mean = models.multi_brier_score(mean_shares, "Western-led")
threshold = lesson09.russia_salience_threshold()

MEMO = minimal_answer(lesson09.task_8, words=300)

GOOD_QUESTION = {
    "claim": "C38",
    "question": "By 31 December 2024, will Armenia have formally notified its withdrawal from the CSTO?",
    "horizon": "2024-12-31",
    "outcomes": [
        "Armenia formally notifies its withdrawal",
        "Armenia resumes full participation",
        "neither: no formal change by the horizon",
    ],
    "resolution": "Formal withdrawal means a written notice to the CSTO under its charter, reported by "
    "Armenia's government; statements that participation is frozen do not count.",
    "base_rate": "How often members that froze their participation in a military alliance left it within a year.",
}


def question(**changes):
    """The good question with some parts changed (a part set to None is left out)."""
    changed = {**GOOD_QUESTION, **changes}
    return {key: value for key, value in changed.items() if value is not None}


WRONG = {
    1: [
        Wrong(days + 1, says="one too high", why="counted both ends"),
        Wrong(-days, says="subtract the article's date", why="subtracted the wrong way round"),
        Wrong(days // 7, says="weeks", why="weeks"),
        Wrong(21, says="months", why="months"),
        Wrong(f"{days} days", says="text", why="a sentence, not a number"),
        Wrong(days / 365.25, says="whole number", why="years"),
    ],
    2: [
        Wrong(
            models.brier_score(p_western, 0),
            says="if the settlement had not been Western-led",
            why="scored as if the event had not happened",
        ),
        Wrong(1 - p_western, says="squares it", why="not squared"),
        Wrong(
            models.brier_score(lesson09.ARTICLE_READING["Kremlin-led"], 0),
            says="Kremlin-led reading",
            why="the lesson's Kremlin-led score",
        ),
        Wrong("0.81", says="without quotes", why="the number as text"),
        Wrong([brier_article], says="holding one value", why="inside a list"),
    ],
    3: [
        Wrong(
            models.multi_brier_score(shares, "Western-led"),
            says="weighted median",
            why="the lesson's model instead of the mean",
        ),
        Wrong(
            (1 - mean_shares["Western-led"]) ** 2,
            says="only the Western-led band",
            why="the yes/no score of one band",
        ),
        Wrong(
            models.multi_brier_score(mean_shares, "Kremlin-led"),
            says="as if the settlement had been Kremlin-led",
            why="scored against the wrong band",
        ),
        Wrong(brier_mean / 2, says="do not halve", why="halved"),
        Wrong(
            float(np.abs(mean_shares.to_numpy() - (mean_shares.index == "Western-led")).sum()),
            says="without squaring",
            why="absolute differences",
        ),
        Wrong(mean_shares, says="multi_brier_score", why="the band shares, not their score"),
    ],
    4: [
        Wrong(shares["Western-led"], says="Apply the scenario first", why="the coded forecast"),
        Wrong(us_back["Western-led"], says="russia_distracted", why="the lesson's scenario"),
        Wrong(russia["Kremlin-led"], says="the Kremlin-led share", why="the wrong band"),
        Wrong(russia["middle"], says="middle band", why="the middle band"),
        Wrong(100 * russia["Western-led"], says="percentage", why="a percentage"),
        Wrong(round(russia["Western-led"] * lesson09.DRAWS), says="number of draws", why="a count of draws"),
    ],
    5: [
        Wrong(0.3, says="the scenario sets", why="the scenario's salience"),
        Wrong(0.7, says="as coded", why="the coded salience"),
        Wrong(round(threshold + 0.01, 2), says="already left the Western-led band", why="one step too far"),
        Wrong(0.59, says="not Kremlin-led", why="the last salience of the middle band"),
        Wrong(0.0, says="largest", why="the smallest salience instead"),
        Wrong(25.0, says="more than twice", why="the forecast position, not the salience"),
    ],
    6: [
        Wrong("", says="empty", why="left empty"),
        Wrong(
            "Yes, the article was wrong because the deal was signed in Washington.",
            says="12 words",
            why="too short",
        ),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(" ".join(["word"] * 260), says="260 words", why="too long"),
    ],
    7: [
        Wrong("memo_forecast.pdf", says="ends in .pdf", why="a file type panels do not write"),
        Wrong("no_chart_saved_here.png", says="There is no file", why="named but never saved"),
        Wrong(
            "/tmp/memo_forecast.png", says="outside the notebook's folder", why="an absolute path elsewhere"
        ),
        Wrong("../memo_forecast.png", says="outside the notebook's folder", why="the folder above"),
        Wrong(Path("memo_forecast.png"), says="path object", why="the Path that save() returns"),
        Wrong(42, says="not a file name", why="not text"),
        Wrong("", says="empty", why="left empty"),
        Wrong([], says="empty list", why="an empty list"),
    ],
    9: [
        Wrong("By 2025, will the deal be Kremlin-led?", says="should be a dict", why="the question alone"),
        Wrong(question(horizon=None), says="has no 'horizon'", why="no horizon"),
        Wrong(question(claim="X1"), says="not the id of one of the article's claims", why="not a claim id"),
        Wrong(
            question(horizon="2023-01-01"), says="not after the article", why="a horizon before the article"
        ),
        Wrong(question(horizon="soon"), says="not a date", why="a horizon in words"),
        Wrong(
            question(outcomes=["Armenia leaves", "Armenia resumes full participation"]),
            says="not exhaustive",
            why="no outcome for nothing by the horizon",
        ),
        Wrong(
            question(outcomes=["Armenia leaves", "Armenia leaves", "no change"]),
            says="lists an outcome twice",
            why="outcomes not exclusive",
        ),
        Wrong(question(outcomes=["no change"]), says="fewer than two outcomes", why="one outcome"),
        Wrong(question(resolution="when it happens"), says="resolution", why="criteria too vague to resolve"),
        Wrong(question(base_rate=45), says="percentage", why="a percentage"),
        Wrong(question(base_rate="low"), says="too short", why="a base rate without cases"),
        Wrong(
            question(
                claim="C45",
                question="By the horizon, will Armenia and Azerbaijan have signed a peace treaty, and on which track?",
            ),
            says="lesson's own question",
            why="copied the lesson's example",
        ),
    ],
    8: [
        Wrong("", says="empty", why="left empty"),
        Wrong(" ".join(["word"] * 120), says="120 words", why="a paragraph, not a memo"),
        Wrong(" ".join(["word"] * 700), says="700 words", why="more than a page"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("09", WRONG)


def test_the_right_answers_pass():
    assert lesson09.task_1(days).passed
    assert lesson09.task_1(float(days)).passed
    assert lesson09.task_2(brier_article).passed
    assert lesson09.task_3(brier_mean).passed
    assert lesson09.task_4(russia["Western-led"]).passed
    assert lesson09.task_5(threshold).passed
    assert lesson09.task_6(minimal_answer(lesson09.task_6, words=50)).passed
    assert lesson09.task_8(MEMO).passed
    assert lesson09.task_9(GOOD_QUESTION).passed
    assert lesson09.task_9(question(base_rate=0.2)).passed


def test_the_courses_judgements_are_those_the_lesson_states():
    assert lesson09.OUTCOME in shares.index
    assert lesson09.washington_declaration()["after_article"]
    scale = data.scale("venue")
    assert lesson09.OUTCOME == scale["anchors"][0].split(":")[0]


def test_the_thresholds_are_where_the_forecast_enters_or_leaves_the_western_led_band():
    for actor, pick in (("Russia", -1), ("United States", 0)):
        who = venue["actor"] == actor
        western = [
            s
            for s in lesson09.SALIENCE_GRID
            if models.forecast(venue.assign(salience=venue["salience"].mask(who, s)), "median") < 40
        ]
        assert western, actor
        found = (
            lesson09.russia_salience_threshold() if actor == "Russia" else lesson09.us_salience_threshold()
        )
        assert found == western[pick]
    # the thresholds lie on the far side of the coded values: a large change in either coding
    coded = venue.set_index("actor")["salience"]
    assert lesson09.russia_salience_threshold() < coded["Russia"]
    assert lesson09.us_salience_threshold() > coded["United States"]


# ------------------------------------------------------------------ task 7 with real files


def _png(width: int, height: int) -> bytes:
    """A minimal valid PNG of the given size (grey pixels)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def panel():
    return widgets.InfluencePanel.from_data("venue")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    notebook = tmp_path / "exercises"
    notebook.mkdir()
    monkeypatch.chdir(notebook)
    return notebook


@pytest.mark.parametrize("name", ["memo_forecast.png", "memo_forecast.svg", "figures/memo.png"])
def test_a_chart_saved_by_a_panel_passes(panel, folder, name):
    (folder / "figures").mkdir()
    panel.save(name)
    verdict = lesson09.task_7(name)
    assert verdict.passed, verdict.text()
    assert name in verdict.message and ("PNG chart" in verdict.message or "SVG chart" in verdict.message)


def test_several_saved_charts_pass(panel, folder):
    panel.save("one.png")
    panel.save("two.svg")
    assert lesson09.task_7(["one.png", "two.svg"]).passed
    assert lesson09.task_7(("one.png", "missing.png")).status == "wrong"


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (b"just some text", "memo.png", "not a PNG picture"),
        (b"", "memo.png", "empty file"),
        (_png(1, 1), "memo.png", "1 × 1 pixels"),
        (b"<html>not a chart</html>", "memo.svg", "not an SVG picture"),
        (_png(400, 300), "memo.svg", "not an SVG picture"),
    ],
)
def test_a_file_that_is_not_a_chart_gets_a_hint(folder, content, name, says):
    (folder / name).write_bytes(content)
    verdict = lesson09.task_7(name)
    assert verdict.status == "wrong" and says in verdict.message, verdict.text()


def test_a_well_formed_png_of_chart_size_passes(folder):
    (folder / "drawn.png").write_bytes(_png(400, 300))
    assert lesson09.task_7("drawn.png").passed


def test_a_folder_is_not_a_chart(folder):
    (folder / "charts.png").mkdir()
    verdict = lesson09.task_7("charts.png")
    assert verdict.status == "wrong" and "is a folder" in verdict.message


def test_a_link_to_a_file_outside_the_folder_is_refused(folder, tmp_path):
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(_png(400, 300))
    (folder / "memo.png").symlink_to(outside)
    verdict = lesson09.task_7("memo.png")
    assert verdict.status == "wrong" and "outside the notebook's folder" in verdict.message
