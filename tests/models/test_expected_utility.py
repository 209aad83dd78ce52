"""The expected-utility model, step by step, against values derived by hand.

Equation numbers are those of Scholz, Calbert & Smith (2011), the open
ICAART version. Every expected value here is worked out from the equations
in the comments, not taken from the code.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from conflictlab.models import (
    basic_utilities,
    challenge_table,
    expected_utility,
    offer,
    risk_exponents,
    simulate,
    weighted_median,
    win_probabilities,
    win_probability,
)

from .strategies import actor_arrays, fast, frames

W4, W7, W10 = 0.248, 0.093, 0.336  # EC bloc influence, see test_spatial
TOTAL = W4 + W7 + W10


def arrays(frame):
    return (
        frame["position"].to_numpy(float),
        frame["capability"].to_numpy(float),
        frame["salience"].to_numpy(float),
    )


# ------------------------------------------------------------ eq. 31


class TestWinProbability:
    def test_emissions_blocs(self, ec_frame):
        x, c, s = arrays(ec_frame)
        p = win_probabilities(x, c, s)
        names = ec_frame["actor"].tolist()
        fr, de, be, nl = (
            names.index("France"),
            names.index("Germany"),
            names.index("Belgium"),
            names.index("Netherlands"),
        )
        # 10 v 4: the 10-year bloc backs France by 6, the 4-year bloc Germany by 6,
        # the 7-year bloc is equidistant (margin 0).
        assert p[fr, de] == pytest.approx(W10 / (W10 + W4))
        # 7 v 10: margins +3 for the 4- and 7-year blocs, -3 for the 10-year bloc.
        assert p[be, fr] == pytest.approx((W4 + W7) / TOTAL)
        # 4 v 7: margins +3 (4-year bloc), -3 (7-year bloc), 6 - 3 = -3 (10-year bloc).
        assert p[nl, be] == pytest.approx(W4 / TOTAL)
        # Same position: no contest.
        assert p[nl, de] == 0.5
        assert win_probability(x, c, s, fr, de) == pytest.approx(W10 / (W10 + W4))

    def test_two_actors(self, two_actor_frame):
        # Margins: A backs itself by 100 with weight 1, B itself by 100 with weight 0.5.
        p = win_probabilities(*arrays(two_actor_frame))
        assert p[0, 1] == pytest.approx(2 / 3)
        assert p[1, 0] == pytest.approx(1 / 3)

    @pytest.mark.parametrize("i, j", [(0, 5), (-1, 0), (0.5, 1), (True, 0)])
    def test_bad_actor_numbers(self, i, j):
        with pytest.raises(ValueError, match="row number"):
            win_probability([0, 1], [1, 1], [1, 1], i, j)


@fast
@given(actor_arrays(min_size=2))
def test_probabilities_of_a_contest_sum_to_one(actors):
    x, c, s = actors
    p = win_probabilities(x, c, s)
    distinct = x[:, None] != x[None, :]
    assert np.allclose((p + p.T)[distinct], 1.0)
    assert np.all((p >= 0) & (p <= 1))


# ------------------------------------------------------------ eqs. 15, 16, 22-24


class TestBasicUtilities:
    def test_risk_neutral(self):
        # r = 1: U_s = 2 - 4(0.5 - 0.5 d) = 2d, U_f = -2d, U_sq = 0.
        # x = (0, 50, 100), mu = 50: for i = 0, j = 2, d = 1 and d_mu = 0.5, so
        # U_b = 2 - 4(0.5 - 0.25 * 1.5) = 1.5 and U_w = 2 - 4(0.5 + 0.25 * 1.5) = -1.5.
        u = basic_utilities([0, 50, 100], median=50)
        assert u["success"][0].tolist() == pytest.approx([0, 1, 2])
        assert u["failure"][0].tolist() == pytest.approx([0, -1, -2])
        assert u["better"][0, 2] == pytest.approx(1.5)
        assert u["worse"][0, 2] == pytest.approx(-1.5)
        assert np.all(u["status_quo"] == 0)

    def test_risk_exponents_bend_the_utilities(self):
        # r = 2, d = 0.5: U_s = 2 - 4(0.25)^2 = 1.75, U_f = 2 - 4(0.75)^2 = -0.25, U_sq = 2 - 4(0.25) = 1.
        # r = 0.5: U_sq = 2 - 4 sqrt(0.5) = 2 - 2 sqrt(2).
        u = basic_utilities([0, 50, 100], median=50, risk=[2, 2, 0.5])
        assert u["success"][0, 1] == pytest.approx(1.75)
        assert u["failure"][0, 1] == pytest.approx(-0.25)
        assert u["status_quo"][0, 0] == pytest.approx(1.0)
        assert u["status_quo"][2, 0] == pytest.approx(2 - 2 * math.sqrt(2))

    def test_no_spread_means_no_distance(self):
        u = basic_utilities([30, 30], median=30)
        assert np.allclose(u["success"], 0) and np.allclose(u["failure"], 0)

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            (dict(median=200), "must lie within the actors' positions"),
            (dict(median=50, risk=[1, 0, 1]), "positive finite"),
            (dict(median=50, risk=[1, 1, 1, 1]), "one exponent per actor"),
        ],
    )
    def test_bad_input(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            basic_utilities([0, 50, 100], **kwargs)


# ------------------------------------------------------------ eqs. 5-7


class TestExpectedUtility:
    def test_two_actors_risk_neutral(self, two_actor_frame):
        # Q = 1, r = 1, d = 1: E^i(U_ij) = s_j [P U_s + (1 - P) U_f] + (1 - s_j) U_s - U_sq
        # A: 0.5 (2/3 * 2 - 1/3 * 2) + 0.5 * 2 - 0 = 4/3
        # B: 1.0 (1/3 * 2 - 2/3 * 2) + 0 * 2 - 0 = -2/3
        eu = expected_utility(*arrays(two_actor_frame))
        assert eu == pytest.approx(np.array([[0, 4 / 3], [-2 / 3, 0]]))

    def test_two_actors_with_status_quo_probability_one_half(self, two_actor_frame):
        # mu = 0 (A holds 2/3 of the influence). Q = 0.5, r = 1.
        # A: T = 1 (|0 - mu| < |0 - 100|), U_b = 2 - 4(0.5 - 0.25(0 + 1)) = 1:
        #    E = 4/3 - 0.5 * 1 = 5/6.
        # B: T = 0 (|100 - mu| = |100 - 0|), U_w = 2 - 4(0.5 + 0.25(1 + 1)) = -2:
        #    E = -2/3 - 0.5 * (-2) = 1/3.
        eu = expected_utility(*arrays(two_actor_frame), q=0.5)
        assert eu == pytest.approx(np.array([[0, 5 / 6], [1 / 3, 0]]))

    def test_two_actors_with_risk_exponents(self, two_actor_frame):
        # r_A = 2: U_s = 2, U_f = -2, U_sq = 1: E = 0.5 (4/3 - 2/3) + 0.5 * 2 - 1 = 1/3.
        # r_B = 0.5: U_sq = 2 - 2 sqrt 2: E = (2/3 - 4/3) - (2 - 2 sqrt 2) = 2 sqrt 2 - 8/3.
        eu = expected_utility(*arrays(two_actor_frame), risk=[2, 0.5])
        assert eu[0, 1] == pytest.approx(1 / 3)
        assert eu[1, 0] == pytest.approx(2 * math.sqrt(2) - 8 / 3)

    def test_emissions_closed_form(self, ec_frame):
        # With Q = 1 and r = 1 the equations reduce to E^i(U_ij) = 2 d_ij [1 - 2 s_j (1 - P_ij)],
        # d_ij = |x_i - x_j| / 6. P by bloc, as in TestWinProbability.
        x, c, s = arrays(ec_frame)
        bloc_p = {  # P(bloc a beats bloc b)
            (10, 4): W10 / (W10 + W4),
            (4, 10): W4 / (W10 + W4),
            (7, 10): (W4 + W7) / TOTAL,
            (10, 7): W10 / TOTAL,
            (4, 7): W4 / TOTAL,
            (7, 4): (W7 + W10) / TOTAL,
        }
        eu = expected_utility(x, c, s)
        for i in range(len(x)):
            for j in range(len(x)):
                if x[i] == x[j]:
                    assert eu[i, j] == pytest.approx(0.0, abs=1e-12)
                    continue
                d = abs(x[i] - x[j]) / 6
                p = bloc_p[(int(x[i]), int(x[j]))]
                assert eu[i, j] == pytest.approx(2 * d * (1 - 2 * s[j] * (1 - p)))

    def test_bad_q(self, two_actor_frame):
        with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
            expected_utility(*arrays(two_actor_frame), q=1.5)


# ------------------------------------------------------------ eqs. 33-34


class TestRiskExponents:
    def test_two_actors(self):
        # Security: Sec_A = E^B(U_BA) = -2/3, Sec_B = E^A(U_AB) = 4/3.
        # R_A = (2(-2/3) - 4/3 + 2/3) / 2 = -1 -> r_A = (1 + 1/3) / (1 - 1/3) = 2.
        # R_B = +1 -> r_B = (2/3) / (4/3) = 0.5.
        assert risk_exponents([[0, 4 / 3], [-2 / 3, 0]]) == pytest.approx([2.0, 0.5])

    def test_emissions(self, ec_frame):
        x, c, s = arrays(ec_frame)
        n = len(x)
        # Closed form of E at r = 1 (see test_emissions_closed_form), built independently.
        p = win_probabilities(x, c, s)
        d = np.abs(x[:, None] - x[None, :]) / 6
        eu = 2 * d * (1 - 2 * s[None, :] * (1 - p))
        np.fill_diagonal(eu, 0)
        security = [sum(eu[j, i] for j in range(n) if j != i) for i in range(n)]
        hi, lo = max(security), min(security)
        expected = [(1 - R / 3) / (1 + R / 3) for R in ((2 * sec - hi - lo) / (hi - lo) for sec in security)]
        r = risk_exponents(eu)
        assert r == pytest.approx(expected)
        assert r.min() == pytest.approx(0.5) and r.max() == pytest.approx(2.0)

    def test_equal_security_means_neutral_risk(self):
        assert risk_exponents([[0, 1], [1, 0]]).tolist() == [1.0, 1.0]

    def test_bad_matrix(self):
        with pytest.raises(ValueError, match="square matrix"):
            risk_exponents([[0, 1, 2]])
        with pytest.raises(ValueError, match="finite"):
            risk_exponents([[0, np.nan], [1, 0]])


# ------------------------------------------------------------ section 6, eq. 35


class TestOffer:
    @pytest.mark.parametrize(
        "a, b, kind, new",
        [
            (0.5, 0.2, "conflict", 10.0),  # both gain, i more: j moves to x_i
            (0.2, 0.5, "none", np.nan),  # both gain, j more: j's offer, not i's
            (0.5, -0.2, "compromise", 6.4),  # j moves |b/a| = 0.4 of the way: 4 + 0.4 * 6
            (0.5, 0.0, "compromise", 4.0),  # j loses nothing: concedes nothing
            (0.2, -0.5, "capitulation", 10.0),  # j stands to lose more than i gains
            (0.5, -0.5, "capitulation", 10.0),  # equal sizes: the full move
            (-0.1, 0.3, "none", np.nan),  # i has no upper hand
            (-0.1, -0.3, "none", np.nan),  # status quo
        ],
    )
    def test_regions(self, a, b, kind, new):
        got_kind, got_new = offer(a, b, 10.0, 4.0)
        assert got_kind == kind
        assert got_new == pytest.approx(new, nan_ok=True)

    def test_same_position_has_no_offer(self):
        assert offer(0.5, -0.5, 7, 7)[0] == "none"

    def test_vectorised(self):
        kinds, new = offer([0.5, 0.2], [-0.2, -0.5], [10, 10], [4, 4])
        assert kinds.tolist() == ["compromise", "capitulation"]
        assert new == pytest.approx([6.4, 10.0])

    def test_bad_input(self):
        with pytest.raises(ValueError, match="eu_ji must contain only finite numbers"):
            offer(0.5, np.nan, 10, 4)


# ------------------------------------------------------------ one round, the table, rounds


def test_challenge_table_two_actors(two_actor_frame):
    # One round by hand: r = 1 pass gives E = [[0, 4/3], [-2/3, 0]], so r = (2, 0.5);
    # the second pass gives E^A(U_AB) = 1/3 and E^B(U_BA) = 2 sqrt 2 - 8/3 = 0.162.
    # Both positive, A's larger: a conflict A wins; B would move to A's position 0.
    table = challenge_table(two_actor_frame)
    assert list(table.columns) == [
        "challenger",
        "target",
        "challenger_position",
        "target_position",
        "win_probability",
        "challenger_eu",
        "target_eu",
        "offer",
        "new_position",
    ]
    a_row = table[table["challenger"] == "A"].iloc[0]
    b_row = table[table["challenger"] == "B"].iloc[0]
    assert a_row["target"] == "B"
    assert a_row["win_probability"] == pytest.approx(2 / 3)
    assert a_row["challenger_eu"] == pytest.approx(1 / 3)
    assert a_row["target_eu"] == pytest.approx(2 * math.sqrt(2) - 8 / 3)
    assert a_row["offer"] == "conflict"
    assert a_row["new_position"] == 0.0
    assert b_row["offer"] == "none" and np.isnan(b_row["new_position"])
    assert b_row["win_probability"] == pytest.approx(1 / 3)


def test_challenge_table_has_every_ordered_pair(ec_frame):
    table = challenge_table(ec_frame)
    assert len(table) == 10 * 9
    assert not (table["challenger"] == table["target"]).any()
    assert set(table["offer"]) <= {"conflict", "compromise", "capitulation", "none"}
    # A row's target_eu is the mirrored row's challenger_eu.
    mirrored = table.set_index(["challenger", "target"])["challenger_eu"]
    for row in table.itertuples():
        assert row.target_eu == mirrored[(row.target, row.challenger)]


def test_simulate_two_actors(two_actor_frame):
    # Round 1 (see test_challenge_table_two_actors): B moves to 0. Round 2: everyone at 0,
    # nothing left to gain, nobody moves.
    history = simulate(two_actor_frame, rounds=2)
    assert list(history.columns) == ["round", "actor", "position", "forecast"]
    assert history["round"].tolist() == [0, 0, 1, 1, 2, 2]
    assert history["position"].tolist() == [0.0, 100.0, 0.0, 0.0, 0.0, 0.0]
    assert history["forecast"].tolist() == [0.0] * 6


def accepted_positions(frame):
    """Round-1 positions from the challenge table and the documented acceptance rule."""
    table = challenge_table(frame)
    offers = table[table["offer"] != "none"].copy()
    offers["move"] = (offers["new_position"] - offers["target_position"]).abs()
    positions = dict(zip(frame["actor"], frame["position"].astype(float), strict=False))
    for target, group in offers.groupby("target", sort=False):
        least = group[group["move"] == group["move"].min()]
        best = least[least["challenger_eu"] == least["challenger_eu"].max()].iloc[0]
        positions[target] = best["new_position"]
    return [positions[a] for a in frame["actor"]]


def test_simulate_round_follows_the_challenge_table(ec_frame):
    history = simulate(ec_frame, rounds=1)
    assert history[history["round"] == 1]["position"].tolist() == pytest.approx(accepted_positions(ec_frame))


@settings(fast, max_examples=25)
@given(frames(min_size=2, max_size=6))
def test_simulate_laws(frame):
    history = simulate(frame, rounds=3)
    x, c, s = arrays(frame)
    assert len(history) == 4 * len(frame)
    assert history[history["round"] == 0]["position"].tolist() == x.tolist()
    # Actors only ever move towards other actors' positions, so nobody leaves the coded range.
    assert history["position"].between(x.min() - 1e-9, x.max() + 1e-9).all()
    assert history["position"].notna().all()
    for _, rnd in history.groupby("round"):
        assert rnd["forecast"].nunique() == 1
        assert rnd["forecast"].iloc[0] == weighted_median(rnd["position"].to_numpy(), c, s)
    round1 = history[history["round"] == 1]["position"].tolist()
    assert round1 == pytest.approx(accepted_positions(frame))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(rounds=-1), "rounds must be a whole number"),
        (dict(rounds=2.5), "rounds must be a whole number"),
        (dict(q=-0.1), r"must lie in \[0, 1\]"),
    ],
)
def test_simulate_bad_arguments(two_actor_frame, kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate(two_actor_frame, **kwargs)


def test_one_actor_cannot_challenge_anyone(two_actor_frame):
    with pytest.raises(ValueError, match="at least two actors"):
        simulate(two_actor_frame.iloc[:1])
    with pytest.raises(ValueError, match="at least two actors"):
        challenge_table(two_actor_frame.iloc[:1])


def test_simulate_rejects_a_bad_frame():
    bad = pd.DataFrame({"actor": ["A", "B"], "position": [0, 1], "capability": [1, -1], "salience": [1, 1]})
    with pytest.raises(ValueError, match=r"capability -1\.0 for actor 'B'"):
        simulate(bad)
