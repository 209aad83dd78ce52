"""models.outcome_histogram: how often each outcome of a Monte Carlo run comes up."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictlab.models import outcome_histogram

from .strategies import fast

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


def test_few_distinct_outcomes_get_a_row_each():
    table = outcome_histogram([50.0, 10.0, 50.0, 50.0, np.nan])
    assert table["outcome"].tolist() == [10.0, 50.0]
    assert table["count"].tolist() == [1, 3]
    assert table["probability"].tolist() == [0.25, 0.75]  # the draw with no outcome is left out
    assert set(table["kind"]) == {"point"}


def test_many_distinct_outcomes_are_grouped_into_equal_intervals():
    table = outcome_histogram(np.arange(100.0), intervals=4, max_distinct=30)
    assert table["start"].tolist() == [0.0, 24.75, 49.5, 74.25]
    assert table["end"].tolist() == [24.75, 49.5, 74.25, 99.0]
    assert table["count"].tolist() == [25, 25, 25, 25]
    assert set(table["kind"]) == {"interval"}


@fast
@given(st.lists(finite, min_size=1, max_size=200), st.integers(1, 40), st.integers(1, 40))
def test_every_draw_with_an_outcome_is_counted_once(values, intervals, max_distinct):
    table = outcome_histogram(values, intervals=intervals, max_distinct=max_distinct)
    assert table["count"].sum() == len(values)
    assert table["probability"].sum() == pytest.approx(1.0)
    assert table["outcome"].is_monotonic_increasing
    for row in table.itertuples():
        inside = [v for v in values if row.start - 1e-6 <= v <= row.end + 1e-6]
        assert len(inside) >= row.count


@pytest.mark.parametrize("bad", [[], [np.nan], ["x"]])
def test_no_outcomes_are_refused_in_words(bad):
    with pytest.raises(ValueError, match="outcome"):
        outcome_histogram(bad)


@pytest.mark.parametrize("arg", [{"intervals": 0}, {"max_distinct": 2.5}, {"intervals": True}])
def test_counts_must_be_whole_numbers(arg):
    with pytest.raises(ValueError, match="whole number"):
        outcome_histogram([1.0, 2.0], **arg)
