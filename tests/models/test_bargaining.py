"""Packages: utilities from weighted interests, Pareto set, ZOPA, Nash bargaining."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conflictlab.models import nash_bargaining, package_utilities, pareto_set, zone_of_agreement

from .strategies import fast

# A logrolling example worked by hand. Party A cares mostly about issue x
# (weight 0.7) and wants it at 0; party B cares mostly about y (0.8) and wants
# it at 0. U_p(k) = sum_i w_pi (1 - |v_ki - x_pi| / 100).
WEIGHTS = pd.DataFrame({"x": [0.7, 0.2], "y": [0.3, 0.8]}, index=["A", "B"])
IDEALS = pd.DataFrame({"x": [0, 100], "y": [100, 0]}, index=["A", "B"])
TERMS = pd.DataFrame(
    {"x": [0, 50, 100, 0, 100], "y": [0, 50, 100, 100, 0]},
    index=["trade", "split", "reverse trade", "all to A", "all to B"],
)
# by hand:           U_A                      U_B
#  trade (0, 0):     .7*1 + .3*0 = .7         .2*0 + .8*1 = .8
#  split (50, 50):   .35 + .15 = .5           .1 + .4 = .5
#  reverse (100,100): 0 + .3 = .3             .2 + 0 = .2
#  all to A (0,100): .7 + .3 = 1.0            0 + 0 = 0
#  all to B (100,0): 0 + 0 = 0                .2 + .8 = 1.0
EXPECTED = {
    "trade": (0.7, 0.8),
    "split": (0.5, 0.5),
    "reverse trade": (0.3, 0.2),
    "all to A": (1.0, 0.0),
    "all to B": (0.0, 1.0),
}


@pytest.fixture
def utilities():
    return package_utilities(WEIGHTS, TERMS, IDEALS)


def test_package_utilities_by_hand(utilities):
    assert list(utilities.index) == list(TERMS.index)
    assert list(utilities.columns) == ["A", "B"]
    assert utilities.index.name == "package" and utilities.columns.name == "party"
    for package, (ua, ub) in EXPECTED.items():
        assert utilities.loc[package, "A"] == pytest.approx(ua)
        assert utilities.loc[package, "B"] == pytest.approx(ub)


def test_tables_are_aligned_by_label_not_position(utilities):
    shuffled = package_utilities(WEIGHTS[["y", "x"]], TERMS, IDEALS.loc[["B", "A"], ["y", "x"]])
    pd.testing.assert_frame_equal(shuffled, utilities)


def test_pareto_set(utilities):
    # trade (.7, .8) dominates split (.5, .5) and reverse trade (.3, .2).
    assert pareto_set(utilities) == ["trade", "all to A", "all to B"]


def test_zone_of_agreement_and_nash(utilities):
    # Gains over (0.3, 0.3): trade (.4, .5), split (.2, .2); all others leave someone worse off.
    assert zone_of_agreement(utilities, [0.3, 0.3]) == ["trade", "split"]
    assert nash_bargaining(utilities, [0.3, 0.3]) == "trade"  # .4 * .5 = .2 > .2 * .2
    assert nash_bargaining(utilities, pd.Series({"B": 0.3, "A": 0.3, "C": 9})) == "trade"


def test_no_zone_of_possible_agreement(utilities):
    # A's walk-away .8 beats every package but "all to A", which leaves B below .1.
    assert zone_of_agreement(utilities, {"A": 0.8, "B": 0.1}) == []
    assert nash_bargaining(utilities, {"A": 0.8, "B": 0.1}) is None


def test_a_gain_of_exactly_zero_is_not_agreement(utilities):
    assert "trade" not in zone_of_agreement(utilities, [0.7, 0.0])


def test_nash_tie_goes_to_the_first_listed():
    u = pd.DataFrame({"A": [0.6, 0.4], "B": [0.4, 0.6]}, index=["first", "second"])
    assert nash_bargaining(u, [0, 0]) == "first"
    assert nash_bargaining(u.iloc[::-1], [0, 0]) == "second"


@pytest.mark.parametrize(
    "weights, terms, ideals, message",
    [
        (WEIGHTS.assign(x=[0.6, 0.2]), TERMS, IDEALS, "interest weights of party 'A' sum to 0.9, not 1"),
        (WEIGHTS.assign(x=[1.2, 0.2], y=[-0.2, 0.8]), TERMS, IDEALS, "party 'A' on issue 'y' is negative"),
        (
            WEIGHTS,
            TERMS.assign(x=[0, 50, 100, 0, 120]),
            IDEALS,
            "package 'all to B', issue 'x' is 120.0, outside",
        ),
        (WEIGHTS, TERMS, IDEALS.assign(y=[100, np.nan]), "ideal points at party 'B', issue 'y' is missing"),
        (WEIGHTS, TERMS.drop(columns="y"), IDEALS, "package terms has no issue 'y'"),
        (WEIGHTS, TERMS.assign(z=1), IDEALS, "package terms has issue 'z', which interest weights lacks"),
        (WEIGHTS, TERMS, IDEALS.loc[["A"]], "ideal points has no party 'B'"),
        (WEIGHTS, pd.concat([TERMS, TERMS.iloc[:1]]), IDEALS, "package terms lists package 'trade' twice"),
        (WEIGHTS, TERMS.assign(x="lots"), IDEALS, "is not a number: 'lots'"),
        (WEIGHTS.iloc[:0], TERMS, IDEALS, "interest weights is empty"),
    ],
)
def test_bad_package_tables(weights, terms, ideals, message):
    with pytest.raises(ValueError) as caught:
        package_utilities(weights, terms, ideals)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "disagreement, message",
    [
        ([0.3], "disagreement has 1 value(s) but utilities has 2 parties (A, B)"),
        ({"A": 0.3}, "disagreement has no value for party 'B'"),
        ([0.3, "low"], "disagreement for party 'B' is not a number: 'low'"),
        ([0.3, np.nan], "disagreement for party 'B' is missing"),
    ],
)
def test_bad_disagreement(utilities, disagreement, message):
    with pytest.raises(ValueError) as caught:
        zone_of_agreement(utilities, disagreement)
    assert message in str(caught.value)


def test_nash_is_for_two_parties(utilities):
    three = utilities.assign(C=0.5)
    with pytest.raises(ValueError, match="between two parties, but utilities has 3 column"):
        nash_bargaining(three, [0, 0, 0])


def test_tables_must_be_dataframes():
    with pytest.raises(TypeError, match="utilities must be a pandas DataFrame"):
        pareto_set([[0.1, 0.2]])


# ---------------------------------------------------------------- laws

utility_tables = st.integers(1, 8).flatmap(
    lambda k: st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=k, max_size=k).map(
        lambda rows: pd.DataFrame(rows, columns=["A", "B"], index=[f"P{i}" for i in range(len(rows))])
    )
)
disagreements = st.tuples(st.floats(0, 1), st.floats(0, 1))


def dominates(u, a, b):
    return bool((u.loc[a] >= u.loc[b]).all() and (u.loc[a] > u.loc[b]).any())


@fast
@given(utility_tables, disagreements)
def test_nash_choice_is_never_dominated_and_maximises_the_product(u, d):
    choice = nash_bargaining(u, d)
    gains = u - np.array(d)
    zone = [k for k in u.index if (gains.loc[k] > 0).all()]
    if choice is None:
        assert zone == []
        return
    assert choice in zone
    assert not any(dominates(u, other, choice) for other in u.index)
    best = max(gains.loc[k].prod() for k in zone)
    assert gains.loc[choice].prod() == pytest.approx(best)


@fast
@given(utility_tables)
def test_pareto_set_is_exactly_the_undominated_packages(u):
    front = pareto_set(u)
    assert front  # never empty
    for k in u.index:
        dominated = any(dominates(u, other, k) for other in u.index)
        assert (k in front) == (not dominated)


@fast
@given(utility_tables, disagreements, st.sampled_from(["A", "B"]), st.floats(0.1, 10), st.floats(-5, 5))
def test_nash_choice_ignores_a_positive_affine_change_of_one_partys_utilities(u, d, party, scale, shift):
    # Nash's invariance axiom: utilities are defined only up to a positive affine change,
    # applied to the party's package utilities and its disagreement value alike.
    gains = (u - np.array(d)).clip(lower=0).prod(axis=1)
    ranked = np.sort(gains.to_numpy())[::-1]
    assume(len(ranked) < 2 or ranked[0] - ranked[1] > 1e-6)  # no near-tie for rounding to break
    changed = u.copy()
    changed[party] = scale * u[party] + shift
    moved = list(d)
    moved[list(u.columns).index(party)] = scale * d[list(u.columns).index(party)] + shift
    assert nash_bargaining(changed, moved) == nash_bargaining(u, d)
