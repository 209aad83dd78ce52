"""Raising one interest weight with the others rescaled; sweeps of the ZOPA and the Nash choice."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictlab.models import (
    bargaining_sweep,
    nash_bargaining,
    package_utilities,
    rescale_weights,
    zone_of_agreement,
)

from .strategies import fast

# The logrolling example of test_bargaining.py. A wants x at 0 and y at 100;
# B wants both at the other end.
WEIGHTS = pd.DataFrame({"x": [0.7, 0.2], "y": [0.3, 0.8]}, index=["A", "B"])
IDEALS = pd.DataFrame({"x": [0, 100], "y": [100, 0]}, index=["A", "B"])
TERMS = pd.DataFrame(
    {"x": [0, 50, 100, 0, 100], "y": [0, 50, 100, 100, 0]},
    index=["trade", "split", "reverse trade", "all to A", "all to B"],
)


def test_rescale_by_hand():
    w = pd.DataFrame({"x": [0.5, 0.2], "y": [0.3, 0.2], "z": [0.2, 0.6]}, index=["A", "B"])
    out = rescale_weights(w, "A", "x", 0.75)
    # the rest, 0.25, is shared 3 : 2 as y and z were (0.3 : 0.2)
    assert out.loc["A"].tolist() == pytest.approx([0.75, 0.15, 0.10])
    assert out.loc["B"].tolist() == [0.2, 0.2, 0.6]  # the other party untouched
    assert w.loc["A", "x"] == 0.5  # the input is not changed


def test_rescale_to_one_and_from_all_zero():
    w = pd.DataFrame({"x": [0.4], "y": [0.6], "z": [0.0]}, index=["A"])
    assert rescale_weights(w, "A", "x", 1.0).loc["A"].tolist() == [1.0, 0.0, 0.0]
    only = pd.DataFrame({"x": [1.0], "y": [0.0], "z": [0.0]}, index=["A"])
    # nothing to keep in proportion: the rest is shared equally
    assert rescale_weights(only, "A", "x", 0.5).loc["A"].tolist() == pytest.approx([0.5, 0.25, 0.25])


@pytest.mark.parametrize(
    "party, issue, value, message",
    [
        ("C", "x", 0.5, "weights has no party 'C'; its parties are 'A', 'B'"),
        ("A", "w", 0.5, "weights has no issue 'w'"),
        ("A", "x", 1.5, "must be a number between 0 and 1, got 1.5"),
        ("A", "x", "half", "got 'half'"),
        ("A", "x", np.nan, "between 0 and 1"),
        ("A", "x", True, "between 0 and 1"),
    ],
)
def test_rescale_bad_input(party, issue, value, message):
    with pytest.raises(ValueError) as caught:
        rescale_weights(WEIGHTS, party, issue, value)
    assert message in str(caught.value)


def test_rescale_single_issue_must_be_one():
    with pytest.raises(ValueError, match="one issue only"):
        rescale_weights(pd.DataFrame({"x": [1.0]}, index=["A"]), "A", "x", 0.5)


weight_rows = st.lists(st.floats(0.0, 1.0), min_size=2, max_size=6).filter(lambda r: sum(r) > 1e-3)


@fast
@given(weight_rows, st.data())
def test_rescaled_weights_sum_to_one_and_keep_their_ratios(row, data):
    row = np.array(row) / sum(row)
    issues = [f"i{k}" for k in range(len(row))]
    w = pd.DataFrame([row], index=["A"], columns=issues)
    j = data.draw(st.integers(0, len(row) - 1))
    value = data.draw(st.floats(0.0, 1.0))
    out = rescale_weights(w, "A", issues[j], value).loc["A"].to_numpy()
    assert out.sum() == pytest.approx(1.0)
    assert out[j] == value
    assert (out >= 0).all()
    others = np.delete(row, j)
    new_others = np.delete(out, j)
    if others.sum() > 1e-9:
        # every other weight is scaled by the same factor
        np.testing.assert_allclose(new_others * others.sum(), others * (1 - value), atol=1e-12)


def test_sweep_of_a_weight_matches_computing_each_case_by_hand():
    # B gains only from "trade" (.8) and "all to B" (1.0); A gets its weight on x from "trade"
    # and nothing from "all to B", so there is a zone only once A's weight on x passes .3.
    d = [0.3, 0.75]
    values = [0.0, 0.3, 0.7, 1.0]
    sweep = bargaining_sweep(WEIGHTS, TERMS, IDEALS, d, "A", "x", values)
    assert sweep["value"].tolist() == values
    for _, row in sweep.iterrows():
        u = package_utilities(rescale_weights(WEIGHTS, "A", "x", row["value"]), TERMS, IDEALS)
        assert list(row["zone"]) == zone_of_agreement(u, d)
        assert row["zone_size"] == len(row["zone"])
        assert row["nash"] == nash_bargaining(u, d)
        for party in ("A", "B"):
            if row["nash"] is None:
                assert np.isnan(row[f"utility {party}"])
            else:
                assert row[f"utility {party}"] == pytest.approx(u.loc[row["nash"], party])
    assert sweep["nash"].tolist() == [None, None, "trade", "trade"]


def test_sweep_of_a_weight_by_hand():
    # A cares only about y (x weight 0): A wants y at 100, so "all to A" (y 100)
    # and "reverse trade" (y 100) give A 1.0 and "trade" gives A 0.
    sweep = bargaining_sweep(WEIGHTS, TERMS, IDEALS, [0.3, 0.3], "A", "x", [0.0])
    assert sweep.loc[0, "zone"] == ("split",)  # .5 for A, .5 for B; trade gives A nothing
    assert sweep.loc[0, "nash"] == "split"


def test_sweep_of_the_disagreement_point():
    # Coded utilities: trade (.7, .8), split (.5, .5), all to A (1, 0), all to B (0, 1).
    sweep = bargaining_sweep(
        WEIGHTS, TERMS, IDEALS, {"A": 0.3, "B": 0.3}, "B", "disagreement", [0.3, 0.6, 0.8]
    )
    assert sweep["zone"].tolist() == [("trade", "split"), ("trade",), ()]
    assert sweep["nash"].tolist() == ["trade", "trade", None]


def test_sweep_bad_input():
    with pytest.raises(ValueError, match=r"what must be an issue of weights .* or 'disagreement'; got 'z'"):
        bargaining_sweep(WEIGHTS, TERMS, IDEALS, [0.3, 0.3], "A", "z", [0.5])
    with pytest.raises(ValueError, match="values is empty"):
        bargaining_sweep(WEIGHTS, TERMS, IDEALS, [0.3, 0.3], "A", "x", [])
    with pytest.raises(ValueError, match="value 2 must be a number between 0 and 1"):
        bargaining_sweep(WEIGHTS, TERMS, IDEALS, [0.3, 0.3], "A", "disagreement", [0.5, 2])
    with pytest.raises(ValueError, match="weights has no party 'C'"):
        bargaining_sweep(WEIGHTS, TERMS, IDEALS, [0.3, 0.3], "C", "x", [0.5])
    with pytest.raises(ValueError, match="disagreement has no value for party 'B'"):
        bargaining_sweep(WEIGHTS, TERMS, IDEALS, {"A": 0.3}, "A", "x", [0.5])


def test_rescaling_is_the_interest_weights_panels_rule():
    """Moving a weight slider in the panel gives the weights rescale_weights computes."""
    from conflictlab import data, widgets

    inputs = data.package_inputs()
    panel = widgets.InterestWeightsPanel.from_data()
    for value in (0.35, 0.6, 0.05):
        panel.inputs[("Armenia", "return")].value = value
        expected = rescale_weights(inputs["weights"], "Armenia", "return", value)
        np.testing.assert_allclose(panel.weights().to_numpy(), expected.to_numpy(), atol=1e-12)
        sweep = bargaining_sweep(
            inputs["weights"],
            inputs["terms"],
            inputs["ideals"],
            inputs["disagreement"],
            "Armenia",
            "return",
            [value],
        )
        assert panel.result["zone"] == list(sweep.loc[0, "zone"])
        assert panel.result["nash"] == sweep.loc[0, "nash"]
        panel.reset()
