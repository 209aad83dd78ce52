"""Monte Carlo over codings, outcome bands and intervals, tornado analysis."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from conflictlab import data
from conflictlab.models import (
    EDGE_RULES,
    band_of,
    condorcet_winner,
    describe_on_scale,
    draw_codings,
    forecast,
    monte_carlo,
    outcome_interval,
    outcome_probabilities,
    scale_bands,
    tornado,
    weighted_mean,
    weighted_median,
)

from .strategies import fast, frames


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "actor": ["Armenia", "Azerbaijan", "Russia", "EU", "US"],
            "position": [20.0, 70.0, 90.0, 10.0, 5.0],
            "capability": [1.0, 2.0, 3.0, 1.5, 2.5],
            "salience": [0.9, 1.0, 0.6, 0.5, 0.3],
            "rationale": ["", "", "", "", ""],
        }
    )


class TestDrawCodings:
    def test_shapes_ranges_and_reproducibility(self, frame):
        c, s, _ = draw_codings(frame, n=500, seed=3)
        assert c.shape == s.shape == (500, 5)
        assert np.all((s >= 0) & (s <= 1))
        assert np.all(c > 0)
        c2, s2, _ = draw_codings(frame, n=500, seed=3)
        assert np.array_equal(c, c2) and np.array_equal(s, s2)
        c3, _, _ = draw_codings(frame, n=500, seed=4)
        assert not np.array_equal(c, c3)

    def test_spreads_match_the_parameters(self, frame):
        c, s, _ = draw_codings(frame, n=20_000, salience_sd=0.05, capability_sigma=0.2, seed=0)
        log_multiplier = np.log(c / frame["capability"].to_numpy())
        assert log_multiplier.mean() == pytest.approx(0.0, abs=0.01)
        assert log_multiplier.std() == pytest.approx(0.2, abs=0.01)
        # Azerbaijan's salience is 1.0: half the draws are clipped at 1, none exceed it.
        assert (s[:, 1] == 1.0).mean() == pytest.approx(0.5, abs=0.02)
        # Armenia's 0.9 sits two standard deviations from the clip: the noise is barely clipped.
        assert (s[:, 0] - 0.9).std() == pytest.approx(0.05, abs=0.003)

    def test_no_noise_means_the_coded_values(self, frame):
        c, s, x = draw_codings(frame, n=3, salience_sd=0, capability_sigma=0)
        assert np.array_equal(c, np.tile(frame["capability"].to_numpy(), (3, 1)))
        assert np.array_equal(s, np.tile(frame["salience"].to_numpy(), (3, 1)))
        assert np.array_equal(x, np.tile(frame["position"].to_numpy(), (3, 1)))


class TestPositionNoise:
    """``position_sd``: positions drawn too, without disturbing the other draws."""

    def test_no_position_noise_reproduces_the_draws_written_out_by_hand(self, frame):
        # The draws as the course has always made them: two streams spawned from the seed,
        # saliences from the first, capability multipliers from the second.
        salience_rng, capability_rng = np.random.default_rng(5).spawn(2)
        s_coded, c_coded = frame["salience"].to_numpy(), frame["capability"].to_numpy()
        expected_s = np.clip(s_coded + salience_rng.normal(0.0, 0.05, size=(400, 5)), 0.0, 1.0)
        expected_c = c_coded * capability_rng.lognormal(0.0, 0.2, size=(400, 5))
        for position_sd in (0, 0.0, 12.5):  # positions come from a third stream
            c, s, _ = draw_codings(frame, n=400, seed=5, position_sd=position_sd)
            assert np.array_equal(s, expected_s) and np.array_equal(c, expected_c)

    def test_no_position_noise_reproduces_the_monte_carlo_draw_by_draw(self, frame):
        outcomes = monte_carlo(frame, n=300, seed=2, position_sd=0)
        c, s, _ = draw_codings(frame, n=300, seed=2)
        x = frame["position"].to_numpy()
        assert outcomes.tolist() == [weighted_median(x, c[k], s[k]) for k in range(300)]

    def test_every_draw_with_position_noise_is_the_model_on_that_draw(self, frame):
        outcomes = monte_carlo(frame, model="mean", n=200, seed=4, position_sd=8)
        c, s, x = draw_codings(frame, n=200, seed=4, position_sd=8)
        for k in range(200):
            assert outcomes[k] == pytest.approx(weighted_mean(x[k], c[k], s[k]))

    def test_positions_stay_on_the_scale(self, frame):
        _, _, x = draw_codings(frame, n=2000, seed=0, position_sd=30, scale=(0, 100))
        assert x.min() >= 0 and x.max() <= 100
        assert (x == 0).any() and (x == 100).any()  # the clip is reached with this much noise

    def test_the_mean_spreads_as_the_weighted_sum_of_the_position_errors(self):
        # Only positions vary, far from the scale's ends: the mean is sum(w_i (x_i + e_i)) / sum(w),
        # so its standard deviation is sd * sqrt(sum(w_i**2)) / sum(w).
        middle = pd.DataFrame(
            {
                "actor": ["A", "B", "C"],
                "position": [45, 50, 55],
                "capability": [1, 2, 3],
                "salience": [1, 1, 1],
            }
        )
        w = np.array([1.0, 2.0, 3.0])
        outcomes = monte_carlo(middle, "mean", n=20_000, salience_sd=0, capability_sigma=0, position_sd=4)
        assert outcomes.std() == pytest.approx(4 * np.sqrt((w**2).sum()) / w.sum(), rel=0.03)

    @pytest.mark.parametrize("model", ["median", "mean", "condorcet"])
    def test_more_position_noise_spreads_the_outcomes_more(self, frame, model):
        spreads = [np.nanstd(monte_carlo(frame, model, n=4000, seed=0, position_sd=sd)) for sd in (0, 5, 15)]
        assert spreads[0] < spreads[1] < spreads[2]

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            (dict(position_sd=-1), "position_sd must be a finite number >= 0"),
            (dict(position_sd="wide"), "position_sd must be a number"),
            (dict(position_sd=5, scale=(0, 50)), "position 70 of actor 'Azerbaijan' lies off the scale 0-50"),
            (dict(position_sd=5, scale=(100, 0)), "low < high"),
        ],
    )
    def test_bad_position_noise(self, frame, kwargs, message):
        with pytest.raises(ValueError, match=message):
            monte_carlo(frame, n=10, **kwargs)


class TestMonteCarlo:
    @pytest.mark.parametrize(
        "model, single",
        [("median", weighted_median), ("mean", weighted_mean), ("condorcet", condorcet_winner)],
    )
    def test_every_draw_equals_the_model_on_that_draw(self, frame, model, single):
        outcomes = monte_carlo(frame, model=model, n=300, seed=7)
        c, s, _ = draw_codings(frame, n=300, seed=7)
        x = frame["position"].to_numpy()
        for k in range(300):
            expected = single(x, c[k], s[k])
            assert outcomes[k] == pytest.approx(np.nan if expected is None else expected, nan_ok=True)

    def test_without_noise_every_draw_is_the_forecast(self, frame):
        for model in ("median", "mean", "condorcet"):
            outcomes = monte_carlo(frame, model=model, n=50, salience_sd=0, capability_sigma=0)
            assert outcomes == pytest.approx(np.full(50, forecast(frame, model)))

    def test_seed_makes_it_reproducible(self, frame):
        assert np.array_equal(monte_carlo(frame, n=1000, seed=1), monte_carlo(frame, n=1000, seed=1))
        assert not np.array_equal(
            monte_carlo(frame, model="mean", n=1000, seed=1), monte_carlo(frame, model="mean", n=1000, seed=2)
        )

    def test_a_draw_with_no_influence_left_has_no_outcome(self):
        lone = pd.DataFrame(
            {"actor": ["A", "B"], "position": [10, 90], "capability": [1, 0], "salience": [0.02, 1]}
        )
        outcomes = monte_carlo(lone, n=400, salience_sd=0.5, seed=0)
        c, s, _ = draw_codings(lone, n=400, salience_sd=0.5, seed=0)
        no_weight = (c * s).sum(axis=1) == 0
        assert no_weight.any()
        assert np.array_equal(np.isnan(outcomes), no_weight)

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            (
                dict(model="expected_utility"),
                "unknown model 'expected_utility'; choose one of 'median', 'mean', 'condorcet'",
            ),
            (dict(model="average"), "unknown model 'average'"),
            (dict(n=0), "number of draws"),
            (dict(n=10.5), "number of draws"),
            (dict(salience_sd=-1), "salience_sd must be a finite number >= 0"),
            (dict(capability_sigma=np.nan), "capability_sigma must be a finite number >= 0"),
        ],
    )
    def test_bad_arguments(self, frame, kwargs, message):
        with pytest.raises(ValueError) as caught:
            monte_carlo(frame, **kwargs)
        assert message in str(caught.value)

    @settings(fast, max_examples=30)
    @given(frames(min_size=1, max_size=8))
    def test_the_median_is_always_an_actor_position(self, frame):
        outcomes = monte_carlo(frame, n=200, seed=0)
        finite = outcomes[~np.isnan(outcomes)]
        assert set(finite.tolist()) <= set(frame["position"].tolist())


class TestOutcomeProbabilities:
    def test_bands_by_hand(self):
        # Western-led < 40; middle 40-60, both edges included; Kremlin-led > 60.
        table = outcome_probabilities([0, 39.9, 40, 59.9, 60, 60.1, 100, 50])
        assert table["outcome"].tolist() == ["Western-led", "middle", "Kremlin-led"]
        assert table["count"].tolist() == [2, 4, 2]
        assert table["share"].tolist() == pytest.approx([0.25, 0.5, 0.25])
        assert table[["low", "high"]].values.tolist() == [[0, 40], [40, 60], [60, 100]]

    def test_edges_lean_towards_the_middle_of_the_scale(self):
        # Five bands on 0-100 (centre 50): 20 and 40 join the band above, 60 and 80 the band below;
        # an edge exactly at the centre joins the band above.
        table = outcome_probabilities([0, 20, 40, 60, 80, 100], bins=[0, 20, 40, 60, 80, 100], labels=None)
        assert table["count"].tolist() == [1, 1, 2, 1, 1]
        halves = outcome_probabilities([0, 50, 100], bins=[0, 50, 100], labels=["low", "high"])
        assert halves["count"].tolist() == [1, 2]

    def test_edge_rules_by_hand(self):
        on_edges = [0, 40, 50, 60, 100]
        counts = {rule: outcome_probabilities(on_edges, edge=rule)["count"].tolist() for rule in EDGE_RULES}
        assert counts == {
            "inner": [1, 3, 1],  # 40 and 60 are middle
            "outer": [2, 1, 2],  # 40 is Western-led, 60 Kremlin-led
            "lower": [2, 2, 1],  # each edge joins the band below
            "upper": [1, 2, 2],  # each edge joins the band above
        }
        off_edges = [0, 39.9, 40.1, 59.9, 60.1, 100]
        assert {tuple(outcome_probabilities(off_edges, edge=rule)["count"]) for rule in EDGE_RULES} == {
            (2, 2, 2)
        }

    def test_no_outcome_draws_are_counted_separately(self):
        table = outcome_probabilities([10, np.nan, 80, np.nan])
        assert table["outcome"].tolist() == ["Western-led", "middle", "Kremlin-led", "no outcome"]
        assert table["count"].tolist() == [1, 0, 1, 2]
        assert table["share"].sum() == pytest.approx(1.0)

    def test_custom_bands(self):
        table = outcome_probabilities([1, 2.5, 3], bins=[0, 2, 4], labels=None)
        assert table["outcome"].tolist() == ["0-2", "2-4"]
        assert table["count"].tolist() == [1, 2]

    @pytest.mark.parametrize(
        "args, message",
        [
            (([120],), "outcome 120 lies outside the bands, which run from 0 to 100"),
            (([],), "outcomes is empty"),
            (([1], [0, 50, 40]), "strictly increasing"),
            (
                ([1], [0, 100], ["a", "b"]),
                "labels must name each band: 1 band(s) from 2 edges, but 2 label(s) given",
            ),
        ],
    )
    def test_bad_input(self, args, message):
        with pytest.raises(ValueError) as caught:
            outcome_probabilities(*args)
        assert message in str(caught.value)


class TestOneBandRule:
    """One band rule for the whole course, defined in models and used by every lesson."""

    VENUE = data.scale("venue")
    POSITIONS = np.arange(0, 100.5, 0.5)

    def test_the_venue_bands_by_hand(self):
        names = [anchor.split(":")[0] for anchor in self.VENUE["anchors"].values()]
        expected = [names[0] if v < 40 else names[2] if v > 60 else names[1] for v in self.POSITIONS]
        assert [band_of(v, self.VENUE) for v in self.POSITIONS] == expected

    @pytest.mark.parametrize("edge", EDGE_RULES)
    def test_lessons_04_and_09_agree_on_every_position(self, edge):
        # Lesson 04 names the band of a forecast with band_of(value, data.scale("venue"));
        # lesson 09 counts Monte Carlo draws with outcome_probabilities. Same band, every position.
        _, names = scale_bands(self.VENUE["low"], self.VENUE["high"], self.VENUE["anchors"])
        counted = outcome_probabilities(self.POSITIONS, edge=edge)["count"].tolist()
        named = [names.index(band_of(v, self.VENUE, edge=edge)) for v in self.POSITIONS]
        assert counted == np.bincount(named, minlength=3).tolist()
        for v in self.POSITIONS:
            one = outcome_probabilities([v], edge=edge)
            assert names.index(band_of(v, self.VENUE, edge=edge)) == int(np.flatnonzero(one["count"])[0])

    def test_the_default_bands_are_the_scale_bands(self):
        assert outcome_probabilities([1])[["low", "high"]].to_numpy().ravel().tolist() == [
            0,
            40,
            40,
            60,
            60,
            100,
        ]
        assert scale_bands(0, 100)[0] == [0, 40, 60, 100]

    @pytest.mark.parametrize("value, message", [(120, "outside the bands"), ("high", "must be numbers")])
    def test_band_of_refuses_bad_values(self, value, message):
        with pytest.raises(ValueError, match=message):
            band_of(value, self.VENUE)


def test_outcome_interval():
    assert outcome_interval(np.arange(101.0), level=0.5) == (25.0, 75.0)
    assert outcome_interval([np.nan, 1.0, 3.0], level=0.5) == (1.5, 2.5)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        outcome_interval([1.0], level=1)
    with pytest.raises(ValueError, match="no draw has an outcome"):
        outcome_interval([np.nan])


class TestTornado:
    def test_mean_by_hand(self):
        # A at 20 and B at 80, capability 1, salience 0.5 each: the mean is 50.
        # Position of A +-10: (0.5*30 + 40) / 1 = 55 and (0.5*10 + 40) / 1 = 45.
        # Salience of A 0.6: (12 + 40) / 1.1 = 47.27; 0.4: (8 + 40) / 0.9 = 53.33.
        # Capability of A x1.1: (11 + 40) / 1.05 = 48.57; x0.9: (9 + 40) / 0.95 = 51.58.
        two = pd.DataFrame(
            {"actor": ["A", "B"], "position": [20, 80], "capability": [1, 1], "salience": [0.5, 0.5]}
        )
        table = tornado(two, model="mean", delta=0.1)
        assert list(table.columns) == ["actor", "input", "low", "high", "swing"]
        rows = table.set_index(["actor", "input"])
        assert rows.loc[("A", "position"), ["low", "high"]].tolist() == pytest.approx([45, 55])
        assert rows.loc[("A", "salience"), ["low", "high"]].tolist() == pytest.approx([48 / 0.9, 52 / 1.1])
        assert rows.loc[("A", "capability"), ["low", "high"]].tolist() == pytest.approx(
            [49 / 0.95, 51 / 1.05]
        )
        assert rows.loc[("A", "salience"), "swing"] == pytest.approx(48 / 0.9 - 52 / 1.1)
        assert table["input"].tolist()[:2] == ["position", "position"]
        assert table["input"].tolist()[-2:] == ["capability", "capability"]

    def test_clipping_at_the_ends_of_the_scales(self):
        edge = pd.DataFrame(
            {"actor": ["A", "B"], "position": [0, 100], "capability": [1, 1], "salience": [1.0, 0.5]}
        )
        rows = tornado(edge, model="mean").set_index(["actor", "input"])
        # A cannot go below 0 or above salience 1: its "low" position and "high" salience change nothing.
        base = forecast(edge, "mean")
        assert rows.loc[("A", "position"), "low"] == pytest.approx(base)
        assert rows.loc[("A", "salience"), "high"] == pytest.approx(base)

    @settings(fast, max_examples=30)
    @given(frames(min_size=1, max_size=6))
    def test_sorted_by_swing_and_consistent(self, frame):
        for model in ("median", "mean"):
            table = tornado(frame, model=model)
            assert len(table) == 3 * len(frame)
            assert np.allclose(table["swing"], (table["high"] - table["low"]).abs(), equal_nan=True)
            swings = table["swing"].dropna().to_numpy()
            assert np.all(np.diff(swings) <= 0)

    def test_no_change_no_swing(self, frame):
        assert (tornado(frame, model="median", delta=0)["swing"] == 0).all()

    def test_expected_utility_model(self, frame):
        table = tornado(frame, model="expected_utility")
        assert len(table) == 15
        assert table["swing"].notna().all()

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            (dict(model="vote"), "unknown model 'vote'"),
            (dict(delta=1.5), "delta must lie in [0, 1]"),
            (dict(delta=-0.1), "delta must be a finite number >= 0"),
            (dict(scale=(100, 0)), "low < high"),
            (dict(scale=(0, 50)), "position 70 of actor 'Azerbaijan' lies off the scale 0-50"),
        ],
    )
    def test_bad_arguments(self, frame, kwargs, message):
        with pytest.raises(ValueError) as caught:
            tornado(frame, **kwargs)
        assert message in str(caught.value)


# ---------------------------------------------------------------- an outcome in the scale's words

ANCHORS = {0: "West: the Western track", 50: "Regional: the parties alone", 100: "Kremlin: the Russian track"}


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "West: the Western track"),  # on an anchor: its full text
        (12.5, "West: the Western track"),  # a quarter of the 50-point gap away still counts as on it
        (13, "between West and Regional, closer to West"),
        (25, "between West and Regional, closer to West"),  # half-way: the lower anchor is nearer
        (37, "between West and Regional, closer to Regional"),
        (40, "Regional: the parties alone"),
        (62.5, "Regional: the parties alone"),
        (80, "between Regional and Kremlin, closer to Kremlin"),
        (100, "Kremlin: the Russian track"),
    ],
)
def test_describe_on_scale_names_the_anchor_or_the_anchors_around_the_value(value, words):
    assert describe_on_scale(value, 0, 100, ANCHORS) == words


def test_describe_on_scale_beyond_the_last_anchor_and_without_anchors():
    assert describe_on_scale(90, 0, 100, {0: "West", 40: "Middle: both tracks"}) == "beyond Middle"
    # a blank anchor is left out
    assert describe_on_scale(95, 0, 100, {0: "West", 100: "  "}) == "beyond West"
    assert describe_on_scale(50, 0, 100, None) == ""
    assert describe_on_scale(50, 0, 100, {}) == ""


def test_describe_on_scale_with_one_anchor_uses_a_quarter_of_the_scale():
    assert describe_on_scale(24, 0, 100, {0: "Start"}) == "Start"
    assert describe_on_scale(26, 0, 100, {0: "Start"}) == "beyond Start"
