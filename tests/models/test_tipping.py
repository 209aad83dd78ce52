"""The forecast as one coding moves through a range, and where it tips."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictlab.models import forecast, tipping_points, vary_coding

from .strategies import fast, frames

# Three actors, influence (capability × salience) .3, .3, .5: total 1.1.
FRAME = pd.DataFrame(
    {"actor": ["A", "B", "C"], "position": [10, 50, 90], "capability": [1, 1, 1], "salience": [0.3, 0.3, 0.5]}
)


def test_the_median_staircase_by_hand():
    # A's salience s. With s = 0, A and B hold .3 of .8, less than half: C (90) is the median.
    # A and B together reach half when s + .3 >= (s + .8) / 2, i.e. s >= .2;
    # A alone when s >= (s + .8) / 2, i.e. s >= .8.
    sweep = vary_coding(FRAME, "A", "salience", [0.0, 0.19, 0.2, 0.5, 0.79, 0.8, 1.0])
    assert sweep["value"].tolist() == [0.0, 0.19, 0.2, 0.5, 0.79, 0.8, 1.0]
    assert sweep["forecast"].tolist() == [90.0, 90.0, 50.0, 50.0, 50.0, 10.0, 10.0]
    tips = tipping_points(sweep)
    assert tips.to_dict("records") == [
        {"before": 0.19, "after": 0.2, "from": 90.0, "to": 50.0},
        {"before": 0.79, "after": 0.8, "from": 50.0, "to": 10.0},
    ]


def test_lowering_a_salience_can_tip_the_other_way():
    # Lowering C's salience to 0: B is then the median of A (.3) and B (.3).
    sweep = vary_coding(FRAME, "C", "salience", [0.5, 0.2, 0.0])
    assert sweep["forecast"].tolist() == [50.0, 50.0, 10.0]


def test_moving_a_position_moves_the_median_with_it():
    sweep = vary_coding(FRAME, "B", "position", [20, 50, 80, 95])
    # B stays the median voter while it sits between A and C; beyond C, C is the median.
    assert sweep["forecast"].tolist() == [20.0, 50.0, 80.0, 90.0]


def test_the_mean_moves_smoothly_and_the_eu_model_runs_per_value():
    sweep = vary_coding(FRAME, "A", "capability", [1, 2], model="mean")
    assert sweep["forecast"].tolist() == pytest.approx(
        [
            (0.3 * 10 + 0.3 * 50 + 0.5 * 90) / 1.1,
            (0.6 * 10 + 0.3 * 50 + 0.5 * 90) / 1.4,
        ]
    )
    eu = vary_coding(FRAME, "A", "salience", [0.3, 0.9], model="expected_utility")
    changed = FRAME.assign(salience=[0.9, 0.3, 0.5])
    assert eu["forecast"].tolist() == pytest.approx(
        [forecast(FRAME, "expected_utility"), forecast(changed, "expected_utility")]
    )


@fast
@given(frames(min_size=2, max_size=6), st.data())
def test_every_row_is_the_forecast_of_the_changed_frame(frame, data):
    k = data.draw(st.integers(0, len(frame) - 1))
    field = data.draw(st.sampled_from(["position", "salience", "capability"]))
    bounds = {"position": (0.0, 100.0), "salience": (0.0, 1.0), "capability": (0.0, 10.0)}[field]
    values = data.draw(st.lists(st.floats(*bounds), min_size=1, max_size=5))
    model = data.draw(st.sampled_from(["median", "mean"]))
    actor = frame.loc[k, "actor"]
    sweep = vary_coding(frame, actor, field, values, model=model)
    for value, result in zip(values, sweep["forecast"], strict=False):
        changed = frame.copy()
        changed.loc[k, field] = value
        try:
            expected = forecast(changed, model)
        except ValueError:  # no influence left in this variant
            assert np.isnan(result)
            continue
        assert result == pytest.approx(expected)
        if model == "median":
            assert result in set(changed["position"])  # the median is always an actor's position


@pytest.mark.parametrize(
    "actor, field, values, model, message",
    [
        ("D", "salience", [0.5], "median", "no actor 'D' in the frame; its actors are 'A', 'B', 'C'"),
        ("A", "influence", [0.5], "median", "unknown coding 'influence'"),
        ("A", "salience", [1.5], "median", "a salience must lie in [0, 1]; got 1.5"),
        ("A", "capability", [-1], "median", "a capability must be >= 0; got -1"),
        ("A", "salience", [], "median", "values is empty"),
        ("A", "salience", "0.5", "median", "not a string"),
        ("A", "salience", [np.nan], "median", "finite numbers"),
        ("A", "salience", [0.5], "mode", "unknown model 'mode'"),
    ],
)
def test_bad_input(actor, field, values, model, message):
    with pytest.raises(ValueError) as caught:
        vary_coding(FRAME, actor, field, values, model=model)
    assert message in str(caught.value)


def test_no_tipping_point_when_nothing_changes():
    sweep = vary_coding(FRAME, "C", "capability", [1, 1.1, 1.2])
    assert tipping_points(sweep).empty
    with pytest.raises(ValueError, match="columns 'value' and 'forecast'"):
        tipping_points(pd.DataFrame({"x": [1]}))
