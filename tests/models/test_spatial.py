"""Spatial models: worked examples (the EC emissions case) and the laws they obey."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictlab.models import (
    condorcet_winner,
    influence,
    pairwise_vote,
    weighted_mean,
    weighted_median,
)

from .strategies import actor_arrays, fast, grid_positions, real_positions

# Influence (capability x salience) of the EC blocs, summed by hand from
# Bueno de Mesquita (1994) Table 1 (see conftest.ec_frame):
#   4 years:  Netherlands .064 + Luxembourg .006 + Germany .128 + Denmark .050 = .248
#   7 years:  Belgium .032 + Ireland .005 + Greece .056                         = .093
#   10 years: France .096 + Italy .096 + UK .144                                = .336
W4, W7, W10 = 0.248, 0.093, 0.336
TOTAL = W4 + W7 + W10  # .677


def arrays(frame):
    return frame["position"], frame["capability"], frame["salience"]


def objective(x, w, m):
    return float(np.sum(w * np.abs(x - m)))


class TestEmissionsExample:
    def test_median_voter_is_seven_years(self, ec_frame):
        # Cumulative influence: .248 at 4 years (< half of .677 = .3385), .341 at 7 (>= half).
        assert weighted_median(*arrays(ec_frame)) == 7.0

    def test_weighted_mean(self, ec_frame):
        expected = (4 * W4 + 7 * W7 + 10 * W10) / TOTAL  # 5.003 / .677 = 7.39
        assert weighted_mean(*arrays(ec_frame)) == pytest.approx(expected)

    def test_seven_years_beats_ten_by_a_whisker(self, ec_frame):
        # Total weighted distance: to 7 = 3 W4 + 3 W10 = 1.752, to 10 = 6 W4 + 3 W7 = 1.767,
        # to 4 = 3 W7 + 6 W10 = 2.295; the range of positions is 10 - 4 = 6.
        assert pairwise_vote(*arrays(ec_frame), a=7, b=10) == pytest.approx((1.767 - 1.752) / 6)
        assert pairwise_vote(*arrays(ec_frame), a=7, b=4) == pytest.approx((2.295 - 1.752) / 6)
        assert pairwise_vote(*arrays(ec_frame), a=10, b=7) == pytest.approx(-(1.767 - 1.752) / 6)

    def test_condorcet_winner_is_seven(self, ec_frame):
        assert condorcet_winner(*arrays(ec_frame)) == 7.0

    def test_influence_shares(self, ec_frame):
        shares = influence(ec_frame)
        assert shares.index.name == "actor"
        assert shares.name == "influence"
        assert shares["UK"] == pytest.approx(0.16 * 0.9 / TOTAL)
        assert shares.sum() == pytest.approx(1.0)
        assert list(shares.index) == ec_frame["actor"].tolist()


def test_exact_tie_gives_the_lower_median_and_no_condorcet_winner():
    assert weighted_median([100, 0], [1, 1], [0.5, 0.5]) == 0.0
    assert condorcet_winner([100, 0], [1, 1], [0.5, 0.5]) is None


def test_one_actor_is_its_own_forecast():
    assert weighted_median([42], [1], [1]) == 42.0
    assert weighted_mean([42], [1], [1]) == 42.0
    assert condorcet_winner([42], [1], [1]) == 42.0


def test_pairwise_vote_needs_a_spread_of_positions():
    with pytest.raises(ValueError, match="at least two different actor positions"):
        pairwise_vote([50, 50], [1, 1], [1, 1], a=0, b=100)


@pytest.mark.parametrize("a, b", [(np.nan, 1), (1, "x")])
def test_pairwise_vote_outcomes_must_be_numbers(a, b):
    with pytest.raises(ValueError, match="outcome"):
        pairwise_vote([0, 100], [1, 1], [1, 1], a=a, b=b)


def test_influence_rejects_a_bad_frame():
    with pytest.raises(ValueError, match="missing column"):
        influence(pd.DataFrame({"actor": ["A"], "position": [1]}))


# ---------------------------------------------------------------- laws


@fast
@given(actor_arrays())
def test_median_minimises_total_weighted_distance(actors):
    x, c, s = actors
    w = c * s
    m = weighted_median(x, c, s)
    assert m in x
    best = min(objective(x, w, p) for p in x)
    assert objective(x, w, m) <= best + 1e-9 * (1 + best)


@fast
@given(actor_arrays(), st.floats(-100, 100))
def test_translating_positions_translates_mean_and_median(actors, shift):
    x, c, s = actors
    assert weighted_median(x + shift, c, s) == pytest.approx(weighted_median(x, c, s) + shift, abs=1e-9)
    assert weighted_mean(x + shift, c, s) == pytest.approx(weighted_mean(x, c, s) + shift, abs=1e-9)


@fast
@given(actor_arrays(positions=grid_positions), st.floats(0.01, 100))
def test_scaling_all_capabilities_changes_nothing(actors, k):
    x, c, s = actors
    assert weighted_median(x, k * c, s) == weighted_median(x, c, s)
    assert weighted_mean(x, k * c, s) == pytest.approx(weighted_mean(x, c, s))
    assert condorcet_winner(x, k * c, s) == condorcet_winner(x, c, s)


@fast
@given(actor_arrays(positions=grid_positions), grid_positions, st.floats(0, 10))
def test_an_actor_with_zero_salience_cannot_move_the_outcome(actors, where, capability):
    x, c, s = actors
    x2, c2, s2 = np.append(x, where), np.append(c, capability), np.append(s, 0.0)
    assert weighted_median(x2, c2, s2) == weighted_median(x, c, s)
    assert weighted_mean(x2, c2, s2) == pytest.approx(weighted_mean(x, c, s))
    assert condorcet_winner(x2, c2, s2) == condorcet_winner(x, c, s)


@fast
@given(actor_arrays(min_size=2, positions=grid_positions))
def test_condorcet_winner_beats_every_other_position_and_is_the_median(actors):
    x, c, s = actors
    winner = condorcet_winner(x, c, s)
    if winner is None:
        # No winner: some other position ties the median in the vote.
        median = weighted_median(x, c, s)
        others = [p for p in np.unique(x) if p != median]
        assert any(abs(pairwise_vote(x, c, s, median, p)) < 1e-9 for p in others)
        return
    assert winner == weighted_median(x, c, s)  # Black's theorem
    for p in np.unique(x):
        if p != winner and x.max() > x.min():
            assert pairwise_vote(x, c, s, winner, p) > 0


@fast
@given(actor_arrays(min_size=2), real_positions, real_positions)
def test_pairwise_vote_is_antisymmetric(actors, a, b):
    x, c, s = actors
    if x.max() == x.min():
        return
    assert pairwise_vote(x, c, s, a, b) == pytest.approx(-pairwise_vote(x, c, s, b, a), abs=1e-12)


@fast
@given(actor_arrays(positions=grid_positions), st.data())
def test_the_order_in_which_actors_are_listed_changes_nothing(actors, data):
    x, c, s = actors
    order = np.array(data.draw(st.permutations(range(len(x)))))
    assert weighted_median(x[order], c[order], s[order]) == weighted_median(x, c, s)
    assert weighted_mean(x[order], c[order], s[order]) == pytest.approx(weighted_mean(x, c, s))
    assert condorcet_winner(x[order], c[order], s[order]) == condorcet_winner(x, c, s)
