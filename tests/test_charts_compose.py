"""Charts compose like any altair chart, and draw what the models compute.

Live charts keep their rows in Vega-Lite parameters; each chart names them for
itself, so two charts of one kind can stand side by side, one above the other,
or be layered, and Vega draws the result. Whatever a chart shows of a model —
influence shares, forecasts, outcome probabilities, tornado swings — comes from
:mod:`conflictlab.models`: after random edits of a frame, the chart's rows
agree with the models' results.
"""

import numpy as np
import pytest
import vl_convert as vlc

from conflictlab import charts, data, models


@pytest.fixture(scope="module")
def venue():
    return data.frame("venue"), data.scale("venue")


def _package_chart():
    inputs = data.package_inputs()
    utilities = models.package_utilities(inputs["weights"], inputs["terms"], inputs["ideals"])
    d = inputs["disagreement"].to_numpy()
    return charts.package_utilities(
        utilities, d, models.nash_bargaining(utilities, d), models.pareto_set(utilities)
    )


def _live_builders(frame, scale):
    return {
        "positions": lambda: charts.positions(frame, scale),
        "package_utilities": _package_chart,
        "outcome_probabilities": lambda: charts.outcome_probabilities(
            models.monte_carlo(frame, n=300, seed=1), frame, scale
        ),
        "tornado": lambda: charts.tornado(models.tornado(frame, "median"), 50.0, scale),
    }


LIVE = ["positions", "package_utilities", "outcome_probabilities", "tornado"]


@pytest.mark.parametrize("name", LIVE)
def test_a_live_chart_composes_with_others_of_its_kind_and_renders(name, venue):
    """Side by side and layered at once: ``a & (b + c)``, three charts of one kind in one
    specification, drawn by Vega (which refuses a duplicate signal name). ``|`` and ``&`` lift
    the charts' parameters the same way; ``|`` is checked below, without drawing."""
    build = _live_builders(*venue)[name]
    a, b, c = build(), build(), build()
    spec = (a & (b + c)).to_dict()
    names = [p["name"] for p in spec.get("params", [])]
    assert len(names) == len(set(names)) == 3 * len(charts.param_values(a))
    beside = [p["name"] for p in (a | b).to_dict(validate=False).get("params", [])]
    assert len(beside) == len(set(beside)) == 2 * len(charts.param_values(a))
    svg = vlc.vegalite_to_svg(spec)
    assert svg.lstrip().startswith("<svg")


def test_a_composed_chart_is_set_by_full_names_and_refuses_an_ambiguous_key(venue):
    frame, scale = venue
    a, b = charts.positions(frame, scale), charts.positions(frame, scale)
    both = a | b
    with pytest.raises(ValueError, match="2 parameters for 'cl_rules'"):
        charts.set_param_values(both, {"cl_rules": []})
    name = charts.param_name(a, "cl_rules")
    assert charts.set_param_values(both, {name: []}) == {name: []}
    assert charts.param_values(both)[name] == []


def test_a_single_chart_is_set_by_key_and_reports_its_full_names(venue):
    frame, scale = venue
    chart = charts.positions(frame, scale)
    changed = frame.assign(salience=frame["salience"] * 0.5)
    named = charts.set_param_values(chart, charts.positions_values(changed, None, 0, 100))
    assert set(named) == set(charts.param_values(chart))
    assert charts.param_values(chart, by_key=True) == charts.positions_values(changed, None, 0, 100)
    with pytest.raises(ValueError, match="no parameter 'cl_nothing'"):
        charts.set_param_values(chart, {"cl_nothing": []})


# ------------------------------------------------------------ charts agree with models


def _edited(frame, rng):
    """The frame with every actor's codings redrawn at random (some influence always left)."""
    n = len(frame)
    return frame.assign(
        position=rng.integers(0, 101, n).astype(float),
        capability=rng.uniform(0, 5, n).round(2) + 0.01,
        salience=rng.uniform(0, 1, n).round(2),
    ).assign(salience=lambda f: f["salience"].where(f["salience"] > 0, 0.05))


@pytest.mark.parametrize("seed", range(5))
def test_positions_show_the_models_influence_and_forecasts(seed, venue):
    frame, scale = venue
    edited = _edited(frame, np.random.default_rng(seed))
    shown = charts.param_values(charts.positions(edited, scale), by_key=True)
    shares = {r["actor"]: r["share"] for r in shown["cl_actors"]}
    assert shares == pytest.approx(models.influence(edited).to_dict())
    rules = {r["outcome"]: r["value"] for r in shown["cl_rules"]}
    for model in ("median", "mean"):
        assert rules[models.MODEL_NAMES[model]] == pytest.approx(models.forecast(edited, model))


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("model", ["median", "mean"])
def test_outcome_probabilities_show_the_models_histogram(seed, model, venue):
    frame, scale = venue
    outcomes = models.monte_carlo(_edited(frame, np.random.default_rng(seed)), model=model, n=400, seed=seed)
    rows = charts.param_values(charts.outcome_probabilities(outcomes, frame, scale), by_key=True)[
        "cl_outcomes"
    ]
    expected = models.outcome_histogram(outcomes, max_distinct=charts.MAX_DISTINCT)
    assert [r["outcome"] for r in rows] == pytest.approx(expected["outcome"].tolist())
    assert [r["probability"] for r in rows] == pytest.approx(expected["probability"].tolist())


@pytest.mark.parametrize("seed", range(3))
def test_the_tornado_shows_the_models_swings(seed, venue):
    frame, scale = venue
    table = models.tornado(_edited(frame, np.random.default_rng(seed)), "median")
    rows = charts.param_values(charts.tornado(table, None, scale), by_key=True)["cl_tornado"]
    shown = {r["input"]: (r["low"], r["high"]) for r in rows}
    expected = {
        f"{r.actor} {r.input}": (r.low, r.high)
        for r in table.itertuples()
        if np.isfinite([r.low, r.high]).all()
    }
    assert {k: v for k, v in shown.items() if None not in v} == expected  # the rows pass through unchanged


@pytest.mark.parametrize("seed", range(3))
def test_rounds_show_the_models_history(seed, venue):
    frame, scale = venue
    history = models.simulate(_edited(frame, np.random.default_rng(seed)), rounds=4)
    layout = charts.rounds_layout(history, scale)
    drawn = layout["actors"].set_index(["round", "actor"])["position"]
    assert drawn.to_dict() == pytest.approx(history.set_index(["round", "actor"])["position"].to_dict())
    forecast = layout["forecast"].set_index("round")["position"]
    assert forecast.to_dict() == pytest.approx(history.groupby("round")["forecast"].first().to_dict())
