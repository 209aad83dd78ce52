"""The models accept every table the data package gives them, in its shapes.

These tests guard the boundary between ``conflictlab.data`` and
``conflictlab.models``: the course's own codings must flow through every
model without an error, and the results must stay on the scales.
"""

import numpy as np
import pytest

from conflictlab import data
from conflictlab.models import (
    MODELS,
    balance_share,
    challenge_table,
    forecast,
    influence,
    monte_carlo,
    nash_bargaining,
    outcome_probabilities,
    package_utilities,
    pair_signs,
    pareto_set,
    simulate,
    tornado,
    triad_balance,
    validate_frame,
    zone_of_agreement,
)

ISSUES = list(data.load("scales")["issue_id"])


@pytest.mark.parametrize("issue", ISSUES)
def test_every_model_runs_on_every_coded_issue(issue):
    frame = data.frame(issue)
    clean = validate_frame(frame)
    assert len(clean) == len(frame)
    assert influence(frame).sum() == pytest.approx(1.0)
    for model in MODELS:
        value = forecast(frame, model)
        assert value is None or 0 <= value <= 100
    history = simulate(frame, rounds=3)
    assert history["position"].between(0, 100).all()
    assert len(challenge_table(frame)) == len(frame) * (len(frame) - 1)
    bands = outcome_probabilities(monte_carlo(frame, n=500))
    assert bands["share"].sum() == pytest.approx(1.0)
    assert len(tornado(frame, model="median")) == 3 * len(frame)


def test_scenarios_flow_through_the_models():
    frame = data.frame("venue")
    scenarios = data.scenarios("venue")
    for scenario, rows in scenarios.groupby("scenario_id"):
        changed = data.apply_scenario(frame, scenario)
        for row in rows.itertuples():
            # the scenario sets the field it names, for the actor it names ...
            assert changed.loc[changed["actor"] == row.actor, row.field].item() == pytest.approx(
                float(row.value)
            )
        # ... and nothing else
        untouched = ~changed["actor"].isin(rows["actor"])
        assert changed[untouched].equals(frame[untouched])
        # the median of the changed codings is one of the actors' positions
        assert forecast(changed, "median") in set(changed["position"])


def test_package_inputs_flow_through_bargaining():
    inputs = data.package_inputs()
    utilities = package_utilities(inputs["weights"], inputs["terms"], inputs["ideals"])
    assert list(utilities.index) == list(inputs["terms"].index)
    assert ((utilities >= 0) & (utilities <= 1)).all().all()
    choice = nash_bargaining(utilities, inputs["disagreement"])
    zone = zone_of_agreement(utilities, inputs["disagreement"])
    if choice is None:
        assert zone == []
    else:
        assert choice in zone and choice in pareto_set(utilities)


@pytest.mark.parametrize("period", ["before", "after"])
def test_relations_of_each_period_flow_through_balance(period):
    relations = data.load("relations")
    one_period = relations[relations["period"] == period]
    pairs = pair_signs(one_period)
    assert set(pairs["sign"]) <= {-1, 1}
    triads = triad_balance(one_period)
    if len(triads):
        assert 0 <= balance_share(one_period) <= 1
    assert np.all(triads["product"].abs() == 1)


# ------------------------------------------------------------------ the venue forecast, worked by hand
# From data/codings/positions.csv (venue), influence = capability × salience:
#   European Union  0  40 × 0.7 = 28      Iran        60  30 × 0.4 = 12
#   United States   5  60 × 0.6 = 36      Azerbaijan  80  70 × 0.9 = 63
#   France         10  25 × 0.5 = 12.5    Russia     100  60 × 0.7 = 42
#   Armenia        25  35 × 0.8 = 28
# Total 221.5, half 110.75. Running total from 0: 28, 64, 76.5, 104.5 (Armenia), 116.5 (Iran):
# the weighted median is Iran's position, 60. Mean: (5·36 + 10·12.5 + 25·28 + 60·12 + 80·63 + 100·42)
# / 221.5 = 10965 / 221.5.
# With the US influence u = 60 s and the rest fixed (total 185.5 + u): the median leaves
# Azerbaijan's position once the running total at Iran, 80.5 + u, passes half, i.e. u > 24.5
# (s > 0.408...); it reaches Armenia's once 68.5 + u passes half, i.e. u > 48.5 (s > 0.808...).
VENUE_BY_HAND = {
    "European Union": (0, 0.7, 40),
    "United States": (5, 0.6, 60),
    "France": (10, 0.5, 25),
    "Armenia": (25, 0.8, 35),
    "Iran": (60, 0.4, 30),
    "Azerbaijan": (80, 0.9, 70),
    "Russia": (100, 0.7, 60),
}


def test_the_venue_codings_are_the_ones_worked_by_hand():
    frame = data.frame("venue").set_index("actor")
    for actor, (position, salience, capability) in VENUE_BY_HAND.items():
        assert tuple(frame.loc[actor, ["position", "salience", "capability"]]) == (
            position,
            salience,
            capability,
        )
    assert len(frame) == len(VENUE_BY_HAND)


def test_the_venue_forecasts_match_the_hand_working():
    frame = data.frame("venue")
    assert forecast(frame, "median") == 60
    assert forecast(frame, "mean") == pytest.approx(10965 / 221.5)
    assert forecast(frame, "condorcet") == 60  # Black: on one issue the median beats every position


@pytest.mark.parametrize(
    ("us_salience", "median"),
    [(0.40, 80), (0.41, 60), (0.80, 60), (0.81, 25), (0.3, 80), (0.9, 25)],
)
def test_the_venue_median_jumps_where_the_hand_working_says(us_salience, median):
    frame = data.frame("venue")
    frame.loc[frame["actor"] == "United States", "salience"] = us_salience
    assert forecast(frame, "median") == median
