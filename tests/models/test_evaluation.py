"""Brier scores: worked examples, the laws they obey, and clear errors on bad input."""

import doctest
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictlab.models as models
from conflictlab.models import brier_score, evaluation, multi_brier_score, ranked_probability_score

from .strategies import fast

probabilities = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def forecasts(draw, min_outcomes=2, max_outcomes=5):
    """One forecast over K outcomes: non-negative numbers normalised to add up to 1."""
    k = draw(st.integers(min_outcomes, max_outcomes))
    raw = np.array(draw(st.lists(st.floats(0.0, 10.0), min_size=k, max_size=k)))
    if raw.sum() == 0:
        raw[0] = 1.0
    return raw / raw.sum()


class TestWorkedExamples:
    """Scores worked out by hand."""

    def test_a_seventy_percent_forecast_of_something_that_did_not_happen(self):
        # (0.7 - 0)**2 = 0.49
        assert brier_score(0.7, 0) == pytest.approx(0.49)

    def test_a_seventy_percent_forecast_of_something_that_happened(self):
        # (0.7 - 1)**2 = 0.09
        assert brier_score(0.7, True) == pytest.approx(0.09)

    def test_the_mean_over_several_forecasts(self):
        # (0.1**2 + 0.6**2 + 0.2**2) / 3 = (0.01 + 0.36 + 0.04) / 3
        assert brier_score([0.9, 0.6, 0.2], [1, 0, 0]) == pytest.approx(0.41 / 3)

    def test_one_outcome_for_several_forecasts(self):
        # a class's readings of one verbal forecast, all scored against one outcome
        assert brier_score(np.array([0.6, 0.8]), 0) == pytest.approx((0.36 + 0.64) / 2)

    def test_three_outcomes(self):
        # (0.1 - 1)**2 + 0.3**2 + 0.6**2 = 0.81 + 0.09 + 0.36
        assert multi_brier_score([0.1, 0.3, 0.6], 0) == pytest.approx(1.26)

    def test_outcomes_named_by_a_series(self):
        bands = pd.Series({"Western-led": 0.05, "middle": 0.35, "Kremlin-led": 0.6})
        # 0.95**2 + 0.35**2 + 0.6**2 = 0.9025 + 0.1225 + 0.36
        assert multi_brier_score(bands, "Western-led") == pytest.approx(1.385)
        # 0.05**2 + 0.35**2 + 0.4**2 = 0.0025 + 0.1225 + 0.16
        assert multi_brier_score(bands, "Kremlin-led") == pytest.approx(0.285)

    def test_several_forecasts_in_a_table(self):
        table = pd.DataFrame({"a": [1.0, 0.5], "b": [0.0, 0.5]})
        # first: perfect (0); second: 0.25 + 0.25 = 0.5; mean 0.25
        assert multi_brier_score(table, "a") == pytest.approx(0.25)
        # one outcome per forecast: first certain of a but b happened (2); second 0.5
        assert multi_brier_score(table, ["b", "a"]) == pytest.approx(1.25)

    def test_a_two_dimensional_array_with_positions(self):
        assert multi_brier_score([[1, 0, 0], [0, 0, 1]], [0, 2]) == 0.0
        assert multi_brier_score([[1, 0, 0], [0, 0, 1]], [0, 0]) == pytest.approx(1.0)

    def test_the_course_example_from_monte_carlo_bands(self):
        outcomes = np.array([10.0] * 5 + [50.0] * 35 + [80.0] * 60)
        bands = models.outcome_probabilities(outcomes).set_index("outcome")["share"]
        # shares 0.05, 0.35, 0.6 as above
        assert multi_brier_score(bands, "Western-led") == pytest.approx(1.385)


class TestLaws:
    @fast
    @given(st.sampled_from([0, 1]))
    def test_a_perfect_forecast_scores_zero(self, outcome):
        assert brier_score(float(outcome), outcome) == 0.0

    @fast
    @given(st.sampled_from([0, 1]))
    def test_a_certain_wrong_forecast_scores_one(self, outcome):
        assert brier_score(1.0 - outcome, outcome) == 1.0

    @fast
    @given(probabilities, st.sampled_from([0, 1]))
    def test_scores_lie_between_zero_and_one(self, p, outcome):
        assert 0.0 <= brier_score(p, outcome) <= 1.0

    @fast
    @given(probabilities)
    def test_saying_p_for_yes_is_saying_one_minus_p_for_no(self, p):
        assert brier_score(p, 1) == pytest.approx(brier_score(1 - p, 0))

    @fast
    @given(st.lists(probabilities, min_size=1, max_size=8), st.data())
    def test_the_score_of_several_forecasts_is_the_mean_of_their_scores(self, ps, data):
        outcomes = data.draw(st.lists(st.sampled_from([0, 1]), min_size=len(ps), max_size=len(ps)))
        singles = [brier_score(p, o) for p, o in zip(ps, outcomes, strict=False)]
        assert brier_score(ps, outcomes) == pytest.approx(np.mean(singles))

    @fast
    @given(probabilities, st.sampled_from([0, 1]))
    def test_for_two_outcomes_the_original_score_is_twice_the_yes_no_score(self, p, outcome):
        # outcome 1 means "yes happened"; in the two-outcome forecast [yes, no] that is position 0
        assert multi_brier_score([p, 1 - p], 1 - outcome) == pytest.approx(2 * brier_score(p, outcome))

    @fast
    @given(forecasts(), st.data())
    def test_a_forecast_scores_between_zero_and_two(self, f, data):
        k = data.draw(st.integers(0, len(f) - 1))
        assert 0.0 <= multi_brier_score(f, k) <= 2.0 + 1e-12

    @fast
    @given(st.integers(2, 6), st.data())
    def test_certainty_scores_zero_when_right_and_two_when_wrong(self, k, data):
        right = data.draw(st.integers(0, k - 1))
        certain = np.eye(k)[right]
        assert multi_brier_score(certain, right) == 0.0
        wrong = data.draw(st.integers(0, k - 1).filter(lambda j: j != right))
        assert multi_brier_score(certain, wrong) == pytest.approx(2.0)

    @fast
    @given(st.integers(2, 6), st.data())
    def test_an_even_spread_scores_one_minus_one_over_k_whatever_happens(self, k, data):
        happened = data.draw(st.integers(0, k - 1))
        assert multi_brier_score(np.full(k, 1 / k), happened) == pytest.approx(1 - 1 / k)

    @fast
    @given(forecasts(), st.data())
    def test_moving_probability_to_what_happened_never_worsens_the_score(self, f, data):
        k = data.draw(st.integers(0, len(f) - 1))
        other = data.draw(st.integers(0, len(f) - 1).filter(lambda j: j != k))
        shift = f[other] * data.draw(st.floats(0.0, 1.0))
        better = f.copy()
        better[other] -= shift
        better[k] += shift
        assert multi_brier_score(better, k) <= multi_brier_score(f, k) + 1e-12

    def test_labels_and_positions_agree(self):
        f = [0.2, 0.5, 0.3]
        named = pd.Series(f, index=["x", "y", "z"])
        for k, label in enumerate(["x", "y", "z"]):
            assert multi_brier_score(named, label) == pytest.approx(multi_brier_score(f, k))


def rps_by_hand(forecast, happened):
    """The ranked probability score written out from running totals, one band at a time."""
    k = len(forecast)
    total, running_forecast, running_outcome = 0.0, 0.0, 0.0
    for band in range(k - 1):
        running_forecast += forecast[band]
        running_outcome += 1.0 if band == happened else 0.0
        total += (running_forecast - running_outcome) ** 2
    return total / (k - 1)


class TestRankedProbabilityScore:
    """The ranked probability score for ordered outcomes (Epstein 1969; Murphy 1971)."""

    def test_three_bands_worked_by_hand(self):
        # running totals 0.1, 0.4 against 1, 1: (0.9**2 + 0.6**2) / 2 = (0.81 + 0.36) / 2
        assert ranked_probability_score([0.1, 0.3, 0.6], 0) == pytest.approx(0.585)
        # against the middle band: running totals 0.1, 0.4 against 0, 1: (0.01 + 0.36) / 2
        assert ranked_probability_score([0.1, 0.3, 0.6], 1) == pytest.approx(0.185)

    def test_a_near_miss_and_a_far_miss_differ_where_the_brier_score_does_not(self):
        assert multi_brier_score([0, 1, 0], 0) == multi_brier_score([0, 0, 1], 0) == 2.0
        assert ranked_probability_score([0, 1, 0], 0) == pytest.approx(0.5)
        assert ranked_probability_score([0, 0, 1], 0) == pytest.approx(1.0)

    @fast
    @given(forecasts(), st.data())
    def test_agrees_with_the_running_totals_written_out_by_hand(self, f, data):
        k = data.draw(st.integers(0, len(f) - 1))
        assert ranked_probability_score(f, k) == pytest.approx(rps_by_hand(f, k))

    @fast
    @given(forecasts(), st.data())
    def test_never_negative_and_at_most_one(self, f, data):
        k = data.draw(st.integers(0, len(f) - 1))
        assert 0.0 <= ranked_probability_score(f, k) <= 1.0 + 1e-12

    @fast
    @given(forecasts(), st.data())
    def test_zero_only_for_a_sure_correct_forecast(self, f, data):
        k = data.draw(st.integers(0, len(f) - 1))
        sure = bool(np.isclose(f[k], 1.0))
        assert (ranked_probability_score(f, k) < 1e-12) == sure

    @fast
    @given(st.integers(3, 7), st.data())
    def test_a_near_miss_scores_better_than_a_far_miss(self, k, data):
        happened = data.draw(st.integers(0, k - 1))
        near, far = sorted(
            data.draw(
                st.lists(
                    st.integers(0, k - 1).filter(lambda j: j != happened), min_size=2, max_size=2, unique=True
                )
            ),
            key=lambda j: abs(j - happened),
        )
        if abs(near - happened) < abs(far - happened):
            assert ranked_probability_score(np.eye(k)[near], happened) < ranked_probability_score(
                np.eye(k)[far], happened
            )
        else:
            assert ranked_probability_score(np.eye(k)[near], happened) == pytest.approx(
                ranked_probability_score(np.eye(k)[far], happened)
            )

    @fast
    @given(probabilities, st.sampled_from([0, 1]))
    def test_for_two_outcomes_it_is_the_yes_no_brier_score(self, p, outcome):
        assert ranked_probability_score([p, 1 - p], 1 - outcome) == pytest.approx(brier_score(p, outcome))

    def test_labels_and_positions_agree(self):
        named = pd.Series([0.2, 0.5, 0.3], index=["x", "y", "z"])
        for k, label in enumerate(["x", "y", "z"]):
            assert ranked_probability_score(named, label) == pytest.approx(
                ranked_probability_score([0.2, 0.5, 0.3], k)
            )

    @pytest.mark.parametrize(
        ("probabilities", "outcome", "says"),
        [
            ([1.0], 0, "at least two outcomes"),
            ([0.5, 0.3, 0.1], 0, "add up to 0.9, not 1"),
            ([0.2, 0.8], 2, "forecast has 2 outcomes"),
            (pd.Series({"a": 0.2, "b": 0.8}), "c", "'c' is not one of the forecast's outcomes"),
        ],
    )
    def test_refuses_bad_input_with_a_clear_message(self, probabilities, outcome, says):
        with pytest.raises(ValueError, match=re.escape(says)):
            ranked_probability_score(probabilities, outcome)


class TestBadInput:
    @pytest.mark.parametrize(
        ("probabilities", "outcome", "says"),
        [
            ([], 0, "empty"),
            (1.2, 0, "between 0 and 1"),
            (70, 0, "percentage"),
            (-0.1, 1, "between 0 and 1"),
            (np.nan, 1, "missing"),
            ("0.7", 0, "numbers"),
            (True, 1, "True/False"),
            (0.7, 2, "1 (it happened) or 0"),
            (0.7, "no", "1 (it happened) or 0"),
            (0.7, [], "empty"),
            ([0.1, 0.2, 0.3], [0, 1], "3 forecast(s) against 2 outcome(s)"),
        ],
    )
    def test_yes_no_scores_refuse_bad_input_with_a_clear_message(self, probabilities, outcome, says):
        with pytest.raises(ValueError, match=re.escape(says)):
            brier_score(probabilities, outcome)

    @pytest.mark.parametrize(
        ("probabilities", "outcome", "says"),
        [
            ([], 0, "empty"),
            ([1.0], 0, "at least two outcomes"),
            ([0.5, 0.3, 0.1], 0, "add up to 0.9, not 1"),
            ([[0.5, 0.5], [0.6, 0.6]], 0, "forecast 1's probabilities add up to 1.2"),
            ([0.5, 0.5, np.nan], 0, "missing"),
            ([1.5, -0.5], 0, "between 0 and 1"),
            ([0.2, 0.8], 2, "forecast has 2 outcomes"),
            ([0.2, 0.8], -1, "not the position"),
            ([0.2, 0.8], "Western-led", "position (0, 1, 2, ...)"),
            ([0.2, 0.8], True, "position (0, 1, 2, ...)"),
            ([0.2, 0.8], 0.5, "position (0, 1, 2, ...)"),
            (pd.Series({"a": 0.2, "b": 0.8}), "c", "'c' is not one of the forecast's outcomes: 'a', 'b'"),
            ([[0.2, 0.8], [0.5, 0.5]], [0, 1, 1], "2 forecast(s) against 3 outcome(s)"),
            (np.full((2, 2, 2), 0.25), 0, "3 dimensions"),
            (pd.DataFrame({"outcome": ["a", "b"], "share": [0.2, 0.8]}), "a", "set_index('outcome')"),
        ],
    )
    def test_multi_outcome_scores_refuse_bad_input_with_a_clear_message(self, probabilities, outcome, says):
        with pytest.raises(ValueError, match=re.escape(says)):
            multi_brier_score(probabilities, outcome)


def test_docstring_examples_run_and_print_what_they_say():
    result = doctest.testmod(evaluation, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_exported_from_models_with_documentation():
    assert {"brier_score", "multi_brier_score"} <= set(models.__all__)
    for name in ("brier_score", "multi_brier_score"):
        doc = getattr(models, name).__doc__
        assert "Brier1950" in doc and "Examples" in doc
    assert "Monthly Weather Review" in evaluation.__doc__
