"""sweep(): forecasts as one coding runs through a range — worked examples and laws."""

import doctest
import importlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictlab.models import SWEEP_FIELDS, forecast, sweep

from .strategies import fast, frames


def test_docstring_examples_run():
    module = importlib.import_module("conflictlab.models.thresholds")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


class TestEmissionsExample:
    """The EC emissions case (Bueno de Mesquita 1994), thresholds worked out by hand."""

    def test_denmark_salience_holds_the_median_at_seven(self, ec_frame):
        # Influence (capability x salience) with Denmark's salience s:
        #   4 years: NL .064 + Lux .006 + Ger .128 + Den .05 s = .198 + .05 s
        #   7 years: .093; 10 years: .336; total .627 + .05 s.
        # The lower median is 7 when the 4- and 7-year blocs reach half the total:
        #   .291 + .05 s >= (.627 + .05 s) / 2  <=>  s >= 0.9; below that it is 10.
        table = sweep(ec_frame, "Denmark", "salience", [0.0, 0.5, 0.89, 0.9, 1.0], models=("median",))
        assert table["median"].tolist() == [10.0, 10.0, 10.0, 7.0, 7.0]

    def test_uk_capability_moves_the_median_to_ten(self, ec_frame):
        # 10-year bloc with UK capability c: .096 + .096 + .9 c; the rest .341.
        # The lower median is 10 when 4- and 7-year blocs together fall short of half:
        # .341 < (.533 + .9 c) / 2  <=>  c > .1656. At c = .16 (coded) it is 7, at .2 it is 10.
        table = sweep(ec_frame, "UK", "capability", [0.16, 0.2], models=("median", "mean"))
        assert table["median"].tolist() == [7.0, 10.0]
        mean_at_02 = (4 * 0.248 + 7 * 0.093 + 10 * (0.192 + 0.18)) / (0.248 + 0.093 + 0.372)
        assert table["mean"].iloc[1] == pytest.approx(mean_at_02)


def test_columns_rows_and_order(ec_frame):
    values = [0.9, 0.1, 0.5]
    table = sweep(ec_frame, "Germany", "salience", values, models=("mean", "median", "condorcet"))
    assert list(table.columns) == ["salience", "mean", "median", "condorcet"]
    assert table["salience"].tolist() == values


def test_the_frame_is_not_changed(ec_frame):
    before = ec_frame.copy()
    sweep(ec_frame, "Germany", "position", [0, 10], models=("median", "eu"))
    pd.testing.assert_frame_equal(ec_frame, before)


@pytest.mark.parametrize("model", ["median", "mean", "condorcet", "eu"])
def test_the_coded_value_gives_the_coded_forecast(ec_frame, model):
    coded = float(ec_frame.loc[ec_frame["actor"] == "France", "salience"].iloc[0])
    table = sweep(ec_frame, "France", "salience", [coded], models=(model,))
    assert table[model].iloc[0] == pytest.approx(forecast(ec_frame, model))


def test_no_influence_left_gives_nan():
    frame = pd.DataFrame({"actor": ["A", "B"], "position": [0, 100], "capability": [1, 0],
                          "salience": [0.5, 0.5]})
    table = sweep(frame, "A", "salience", [0.0, 0.5])
    assert np.isnan(table["median"].iloc[0]) and np.isnan(table["mean"].iloc[0])
    assert table["median"].iloc[1] == 0.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"actor": "Narnia"}, "no actor 'Narnia'"),
        ({"field": "influence"}, "field must be one of"),
        ({"values": [0.2, 1.5]}, "salience must lie in [0, 1]"),
        ({"values": []}, "non-empty"),
        ({"values": "0.5"}, "not text"),
        ({"values": [0.1, float("nan")]}, "finite"),
        ({"models": ("median", "mode")}, "unknown model 'mode'"),
        ({"models": ()}, "at least one model"),
        ({"field": "capability", "values": [-1]}, "capability must be >= 0"),
    ],
)
def test_bad_input_is_named(ec_frame, kwargs, message):
    args = {"actor": "France", "field": "salience", "values": [0.5]} | kwargs
    with pytest.raises(ValueError, match=None) as info:
        sweep(ec_frame, **args)
    assert message in str(info.value)


# ------------------------------------------------------------------- laws

saliences = st.lists(st.floats(0.0, 1.0), min_size=2, max_size=6).map(sorted)


@fast
@given(frame=frames(), steps=saliences)
def test_more_salience_pulls_the_mean_towards_the_actor(frame, steps):
    # The mean is a weighted average; raising one weight can only bring it closer to that
    # actor's position.
    actor = frame["actor"].iloc[0]
    x = float(frame["position"].iloc[0])
    table = sweep(frame, actor, "salience", steps, models=("mean",))
    gaps = (table["mean"] - x).abs().dropna().to_numpy()
    assert np.all(np.diff(gaps) <= 1e-9)


@fast
@given(frame=frames(), steps=saliences)
def test_more_salience_pulls_the_median_towards_the_actor(frame, steps):
    # A heavier actor can only drag the weighted median towards its own position.
    actor = frame["actor"].iloc[0]
    x = float(frame["position"].iloc[0])
    table = sweep(frame, actor, "salience", steps, models=("median",))
    gaps = (table["median"] - x).abs().dropna().to_numpy()
    assert np.all(np.diff(gaps) <= 1e-9)


@fast
@given(frame=frames(), steps=saliences)
def test_the_median_is_always_an_actors_position(frame, steps):
    actor = frame["actor"].iloc[-1]
    table = sweep(frame, actor, "salience", steps, models=("median",))
    positions = set(frame["position"].astype(float))
    assert set(table["median"].dropna()) <= positions


def test_fields_are_the_three_codings():
    assert SWEEP_FIELDS == ("position", "salience", "capability")
