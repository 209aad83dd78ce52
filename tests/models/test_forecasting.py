"""forecast(frame, model): one entry point for every model."""

import pandas as pd
import pytest

from conflictlab.models import MODELS, condorcet_winner, forecast, simulate, weighted_mean, weighted_median


def test_spatial_models_dispatch(ec_frame):
    args = ec_frame["position"], ec_frame["capability"], ec_frame["salience"]
    assert forecast(ec_frame, "median") == weighted_median(*args)
    assert forecast(ec_frame, "mean") == pytest.approx(weighted_mean(*args))
    assert forecast(ec_frame, "condorcet") == condorcet_winner(*args)
    assert forecast(ec_frame) == weighted_median(*args)


def test_eu_is_the_simulations_final_forecast(ec_frame):
    history = simulate(ec_frame, rounds=10)
    assert forecast(ec_frame, "expected_utility") == history.loc[history["round"] == 10, "forecast"].iloc[0]
    short = simulate(ec_frame, rounds=2)
    assert forecast(ec_frame, "expected_utility", rounds=2) == short["forecast"].iloc[-1]


def test_condorcet_without_a_winner_is_none():
    tie = pd.DataFrame({"actor": ["A", "B"], "position": [0, 100], "capability": [1, 1], "salience": [1, 1]})
    assert forecast(tie, "condorcet") is None


def test_unknown_model_lists_the_allowed_names(ec_frame):
    with pytest.raises(ValueError) as caught:
        forecast(ec_frame, "nash")
    assert (
        str(caught.value)
        == "unknown model 'nash'; choose one of 'median', 'mean', 'condorcet', 'expected_utility'"
    )
    assert MODELS == ("median", "mean", "condorcet", "expected_utility")


def test_bad_frames_are_reported(ec_frame):
    with pytest.raises(ValueError, match=r"salience 1\.2 for actor 'UK'"):
        forecast(ec_frame.assign(salience=ec_frame["salience"].where(ec_frame["actor"] != "UK", 1.2)))
