"""The course's panels answer a student's keyboard the way the models say they should.

For every notebook in ``lessons/`` and ``solutions/`` that shows a panel
(found by the panel's class name in its code), the notebook run by
``test_notebooks`` (the same session-scoped run) is used; for each panel, a slider is moved with the keyboard (focus
the handle, press Home, End or the arrow keys) and the test waits for the
panel's sentence and its chart to show what ``conflictlab.models``, run here
in the test process on the changed inputs, computes. Each move is chosen so
that the models' answer differs from the one on screen before, so a panel
that did not update cannot pass.

The panels' inputs are read from the page (the sliders' read-outs and the
dropdowns), so any frame a lesson builds a panel from is covered.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from lab_harness import REPO, PanelView

from conflictlab import data, models

pytestmark = pytest.mark.browser

COURSE_FOLDERS = ("lessons", "solutions")
PANELS = {
    "influence": "InfluencePanel",
    "weights": "InterestWeightsPanel",
    "sensitivity": "SensitivityPanel",
}
# The name each dropdown option stands for (the panels' option labels).
INFLUENCE_MODELS = {
    "Weighted median": "median",
    "Weighted mean": "mean",
    "Condorcet winner": "condorcet",
    "Expected-utility forecast": "expected_utility",
}
SENSITIVITY_MODELS = {"Weighted median": "median", "Weighted mean": "mean", "Condorcet winner": "condorcet"}
WAIT = 20.0  # seconds for the kernel to recompute and the browser to redraw


def notebooks_with(class_name: str) -> list:
    found = []
    for folder in COURSE_FOLDERS:
        for path in sorted((REPO / folder).glob("*.ipynb")):
            nb = json.loads(path.read_text(encoding="utf-8"))
            code = "\n".join(
                "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                for c in nb["cells"]
                if c["cell_type"] == "code"
            )
            if re.search(rf"\b{class_name}\b", code):
                found.append(path)
    return found


def pytest_generate_tests(metafunc):
    kind = getattr(metafunc.function, "panel_kind", None)
    if kind is not None:
        paths = notebooks_with(PANELS[kind])
        params = [pytest.param(p, id=p.relative_to(REPO).as_posix()) for p in paths] or [
            pytest.param(
                None,
                id="none",
                marks=pytest.mark.skip(
                    reason=f"no notebook in lessons/ or solutions/ shows {PANELS[kind]} yet"
                ),
            )
        ]
        metafunc.parametrize("ran_notebook", params, indirect=True, scope="session")


def panel_test(kind):
    def mark(function):
        function.panel_kind = kind
        return function

    return mark


def ran_cleanly(notebook) -> None:
    assert not notebook.report.problems, (
        "the notebook did not run cleanly, so its panels are not tested:\n" + notebook.report.summary()
    )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def number_in(text: str | None) -> float | None:
    match = re.search(r"-?\d+(?:\.\d+)?", (text or "").replace(",", ""))
    return float(match.group()) if match else None


def close_to(shown: float | None, expected: float, shown_decimals: int = 1) -> bool:
    """Whether a number shown with ``shown_decimals`` decimals is ``expected``, rounded."""
    return shown is not None and abs(shown - expected) <= 0.5 * 10**-shown_decimals + 1e-9


# ---------------------------------------------------------------- influence


def influence_inputs(panel: PanelView) -> pd.DataFrame:
    actors = panel.texts("conflictlab-actor")
    assert actors, "the influence panel lists no actors"
    return pd.DataFrame(
        {
            "actor": actors,
            **{
                field: [panel.slider(f"{slug(a)}-{field}").value() for a in actors]
                for field in ("position", "capability", "salience")
            },
        }
    )


def rule_values(panel: PanelView) -> dict[str, float]:
    """The rules the positions chart draws, by name ("weighted median": 60.0 …)."""
    rules = {}
    for mark in panel.chart_marks():
        if "outcome" in mark and "value" in mark:
            try:
                rules[mark["outcome"]] = float(mark["value"])
            except ValueError:
                pass
    return rules


@panel_test("influence")
def test_influence_panel_follows_a_salience_slider(ran_notebook):
    ran_cleanly(ran_notebook)
    panel = PanelView(ran_notebook, "influence")
    assert panel.count() >= 1
    model = INFLUENCE_MODELS[panel.choice("model")]
    frame = influence_inputs(panel)
    before = models.forecast(frame, model)
    assert close_to(number_in(panel.forecast_value()), before), (panel.sentence(), before)
    assert rule_values(panel)["weighted median"] == pytest.approx(
        models.weighted_median(frame["position"], frame["capability"], frame["salience"])
    )
    chart_before = panel.chart_markup()

    # The first actor whose salience, pushed to an end of its slider, changes the forecast.
    move = None
    for actor in frame["actor"]:
        for key, value in (("Home", 0.0), ("End", 1.0)):
            changed = frame.assign(salience=np.where(frame["actor"] == actor, value, frame["salience"]))
            expected = models.forecast(changed, model)
            if expected is not None and not close_to(before, expected, 6):
                move = (actor, key, value, changed, expected)
                break
        if move:
            break
    assert move, "no single salience change moves this panel's forecast"
    actor, key, value, changed, expected = move

    assert panel.slider(f"{slug(actor)}-salience").press(key) == pytest.approx(value)
    ran_notebook.wait_for(
        lambda: close_to(number_in(panel.forecast_value()), expected),
        f"the sentence to give {expected:.1f} after {actor}'s salience {key}",
        timeout=WAIT,
    )
    median = models.weighted_median(changed["position"], changed["capability"], changed["salience"])
    mean = models.weighted_mean(changed["position"], changed["capability"], changed["salience"])
    ran_notebook.wait_for(
        lambda: (
            (rules := rule_values(panel)).get("weighted median") == pytest.approx(median)
            and rules.get("weighted mean") == pytest.approx(mean, abs=1e-6)
        ),
        f"the chart's rules to move to {median:.1f} (median) and {mean:.2f} (mean)",
        timeout=WAIT,
    )
    assert panel.chart_markup() != chart_before
    assert panel.problem() == ""


# ---------------------------------------------------------------- interest weights


def weights_inputs(panel: PanelView) -> dict:
    """The panel's weights and no-deal values as the sliders show them, with the course's
    package terms. Where the read-outs (whole percents) agree with the coded weights, the
    coded weights are used exactly."""
    inputs = data.package_inputs()
    parties = list(inputs["weights"].index)
    coded = inputs["weights"]
    shown = pd.DataFrame(
        [[panel.slider(f"{slug(p)}-{slug(i)}").value() for i in coded.columns] for p in parties],
        index=coded.index,
        columns=coded.columns,
    )
    weights = coded if np.allclose(shown.to_numpy(), coded.to_numpy(), atol=0.005) else shown
    disagreement = pd.Series(
        [panel.slider(f"{slug(p)}-disagreement").value() for p in parties], index=parties
    )
    return {
        **inputs,
        "weights": weights,
        "parties": parties,
        "disagreement": disagreement,
        "exact": weights is coded,
    }


def nash_for(inputs: dict, disagreement: pd.Series):
    utilities = models.package_utilities(inputs["weights"], inputs["terms"], inputs["ideals"])
    choice = models.nash_bargaining(utilities, disagreement.to_numpy())
    names = dict(zip(inputs["packages"]["package_id"], inputs["packages"]["name"], strict=False))
    return utilities, (None if choice is None else names[choice]), names


def ringed(panel: PanelView) -> tuple[float, float] | None:
    """Where the chart rings the Nash choice (its two utilities)."""
    for mark in panel.chart_marks():
        if mark.get("text") == "Nash choice":
            return float(mark["u_a"]), float(mark["u_b"])
    return None


def no_deal_point(panel: PanelView) -> tuple[float, float] | None:
    for mark in panel.chart_marks():
        if mark.get("Point") == "no deal":
            return float(mark["u_a"]), float(mark["u_b"])
    return None


@panel_test("weights")
def test_interest_weights_panel_follows_a_disagreement_slider(ran_notebook):
    ran_cleanly(ran_notebook)
    panel = PanelView(ran_notebook, "weights")
    inputs = weights_inputs(panel)
    utilities, before, names = nash_for(inputs, inputs["disagreement"])
    assert panel.forecast_value() == before, (panel.sentence(), before)
    chart_before = panel.chart_markup()

    # Raise one party's no-deal value with the arrow key until the Nash choice changes.
    move = None
    for number, party in enumerate(inputs["parties"]):
        for presses in range(1, 101):
            d = inputs["disagreement"].copy()
            d[party] = round(d[party] + 0.01 * presses, 2)
            if d[party] > 1:
                break
            _, after, _ = nash_for(inputs, d)
            if after != before:
                move = (party, number, presses, d, after)
                break
        if move:
            break
    assert move, "no change of a disagreement value changes the Nash choice"
    party, number, presses, d, expected = move

    shown = panel.slider(f"{slug(party)}-disagreement").press(*["ArrowRight"] * presses)
    assert shown == pytest.approx(d[party])
    if expected is None:
        ran_notebook.wait_for(
            lambda: panel.forecast_value() is None and "no deal" in panel.sentence(),
            "the sentence to say no package beats no deal",
            timeout=WAIT,
        )
    else:
        ran_notebook.wait_for(
            lambda: panel.forecast_value() == expected, f"the sentence to name {expected!r}", timeout=WAIT
        )
        choice_id = {v: k for k, v in names.items()}[expected]
        where = tuple(round(float(utilities.loc[choice_id, p]), 6) for p in inputs["parties"])
        tolerance = 1e-6 if inputs["exact"] else 0.02  # read-outs round weights to whole percents
        ran_notebook.wait_for(
            lambda: (r := ringed(panel)) is not None and np.allclose(r, where, atol=tolerance),
            f"the chart to ring {expected!r} at {where}",
            timeout=WAIT,
        )
    ran_notebook.wait_for(
        lambda: (p := no_deal_point(panel)) is not None and np.allclose(p, d.to_numpy()),
        f"the chart's no-deal point to move to {tuple(d)}",
        timeout=WAIT,
    )
    assert panel.chart_markup() != chart_before


# ---------------------------------------------------------------- sensitivity


def scale_of(panel: PanelView) -> dict:
    """The coded issue whose scale the panel's chart is drawn on."""
    texts = panel.chart_texts()
    scales = data.load("scales")
    for issue_id, label in zip(scales["issue_id"], scales["label"], strict=False):
        if any(t.startswith(str(label)) for t in texts):
            return data.scale(issue_id)
    raise AssertionError(f"the sensitivity chart names no coded issue's scale: {texts[:20]}")


def outcome_bars(panel: PanelView) -> dict[float, float]:
    """Outcome -> probability, as the chart's bars state them."""
    bars = {}
    for mark in panel.chart_marks():
        if "Outcome" in mark and "Probability" in mark and "end" in mark:
            bars[float(mark["Outcome"])] = float(mark["Probability"].rstrip("%")) / 100
    return bars


def expected_sensitivity(frame, settings):
    outcomes = np.asarray(models.monte_carlo(frame, **settings), dtype=float)
    values, counts = np.unique(outcomes[np.isfinite(outcomes)], return_counts=True)
    return outcomes, {float(v): float(c / outcomes.size) for v, c in zip(values, counts, strict=False)}


def band_shares(outcomes, scale) -> dict[str, int]:
    low, high = float(scale["low"]), float(scale["high"])
    width = high - low
    names = [str(scale["anchors"][k]).split(":", 1)[0].strip() for k in sorted(scale["anchors"])]
    bands = models.outcome_probabilities(
        outcomes, bins=(low, low + 0.4 * width, low + 0.6 * width, high), labels=names
    )
    return {
        str(row.outcome): round(100 * row.share)
        for row in bands.itertuples()
        if row.share > 0 and row.outcome != "no outcome"
    }


def sentence_shares(sentence: str, names) -> dict[str, int]:
    return {
        name: int(m.group(1)) for name in names if (m := re.search(rf"{re.escape(name)} (\d+)%", sentence))
    }


@panel_test("sensitivity")
def test_sensitivity_panel_follows_the_salience_noise_slider(ran_notebook):
    ran_cleanly(ran_notebook)
    panel = PanelView(ran_notebook, "sensitivity")
    scale = scale_of(panel)
    frame = data.frame(scale["issue_id"])
    settings = {
        "model": SENSITIVITY_MODELS[panel.choice("model")],
        "n": int(panel.choice("draws").replace(",", "")),
        "salience_sd": panel.slider("salience-sd").value(),
        "capability_sigma": panel.slider("capability-sigma").value(),
        "seed": 0,  # the panel's documented default
    }
    outcomes, probabilities = expected_sensitivity(frame, settings)
    bars = outcome_bars(panel)
    assert bars.keys() == probabilities.keys() and all(
        bars[k] == pytest.approx(p, abs=1e-6) for k, p in probabilities.items()
    ), (bars, probabilities)
    shares = band_shares(outcomes, scale)
    assert sentence_shares(panel.sentence(), shares) == shares, (panel.sentence(), shares)
    chart_before = panel.chart_markup()

    # Push the salience noise to the top of its slider.
    changed = dict(settings, salience_sd=panel.slider("salience-sd").press("End"))
    assert changed["salience_sd"] > settings["salience_sd"]
    outcomes, probabilities = expected_sensitivity(frame, changed)
    assert probabilities != expected_sensitivity(frame, settings)[1]
    ran_notebook.wait_for(
        lambda: (
            (b := outcome_bars(panel)).keys() == probabilities.keys()
            and all(b[k] == pytest.approx(p, abs=1e-6) for k, p in probabilities.items())
        ),
        f"the chart's bars to show {probabilities}",
        timeout=WAIT,
    )
    shares = band_shares(outcomes, scale)
    ran_notebook.wait_for(
        lambda: sentence_shares(panel.sentence(), shares) == shares,
        f"the sentence to give the shares {shares}",
        timeout=WAIT,
    )
    lo, hi = models.outcome_interval(outcomes, 0.9)
    between = re.search(r"between (-?[\d.]+) and (-?[\d.]+)", panel.sentence())
    assert between and close_to(float(between.group(1)), lo) and close_to(float(between.group(2)), hi), (
        panel.sentence(),
        lo,
        hi,
    )
    assert panel.chart_markup() != chart_before


# ---------------------------------------------------------------- readable at a laptop's width


def readable(notebook, kind: str) -> None:
    """Every label of every panel of ``kind`` shows in full and every slider track is usable."""
    ran_cleanly(notebook)
    assert PanelView(notebook, kind).count() > 0, f"no {kind} panel on the page"
    problems = PanelView.all_layout_problems(notebook, kind)
    assert not problems, "\n".join(problems)


@panel_test("influence")
def test_influence_panel_labels_and_sliders_are_readable(ran_notebook):
    readable(ran_notebook, "influence")


@panel_test("weights")
def test_interest_weights_panel_labels_and_sliders_are_readable(ran_notebook):
    readable(ran_notebook, "weights")


@panel_test("sensitivity")
def test_sensitivity_panel_labels_and_sliders_are_readable(ran_notebook):
    readable(ran_notebook, "sensitivity")
