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
