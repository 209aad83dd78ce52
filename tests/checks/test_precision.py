"""The one precision rule every numeric check uses, stated as laws and tried on random values."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conflictlab.checks import expect_number, task
from conflictlab.checks._precision import agrees, bounds, decimals

values = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)
places = st.integers(min_value=0, max_value=5)


def truncated(x: float, p: int) -> float:
    return math.trunc(x * 10**p) / 10**p


def off_the_grid_or_on_it(x: float, p: int) -> bool:
    """Not within float noise of a multiple of 10**-p (the rule reads such a value as that multiple)."""
    scaled = x * 10**p
    gap = abs(scaled - round(scaled))
    return gap == 0 or gap > 1e-9 * max(1, abs(scaled))


@settings(derandomize=True, max_examples=400)
@given(values, places)
def test_every_rounded_or_truncated_answer_agrees(x, p):
    assume(off_the_grid_or_on_it(x, p))
    assert agrees(round(x, p), x, p)
    assert agrees(truncated(x, p), x, p)
    assert agrees(x, x, p)


@settings(derandomize=True, max_examples=400)
@given(values, places, st.floats(min_value=1.000001, max_value=50))
def test_an_answer_off_by_more_than_one_unit_fails(x, p, units):
    unit = 10.0**-p
    assert not agrees(x + units * unit * 1.0001, x, p)
    assert not agrees(x - units * unit * 1.0001, x, p)


@settings(derandomize=True, max_examples=200)
@given(values, places)
def test_the_bounds_hold_the_right_value_and_are_one_unit_apart_at_most(x, p):
    low, high = bounds(x, p)
    assert low - 1e-9 * max(1, abs(x)) <= x <= high + 1e-9 * max(1, abs(x))
    assert high - low <= 10.0**-p + 1e-9


def test_the_issues_example_two_decimal_places_accept_034_and_035_for_0348():
    assert agrees(0.34, 0.348, 2) and agrees(0.35, 0.348, 2)
    assert not agrees(0.33, 0.348, 2) and not agrees(0.36, 0.348, 2)


def test_a_value_stored_just_below_its_decimal_is_not_cut_one_unit_short():
    # 0.35 is stored as 0.34999999999999997: truncating it must still give 0.35.
    assert bounds(0.35, 2) == (0.35, 0.35)
    assert not agrees(0.34, 0.35, 2)


@pytest.mark.parametrize(("x", "n"), [(0.62, 2), (40.0, 0), (3, 0), (0.1 + 0.2, 15), (1e-7, 7), (12.5, 1)])
def test_decimals_counts_the_places_a_number_is_written_with(x, n):
    assert decimals(x) == n


@task(1, variable="share")
def task_1(share):
    "A share stated to three decimal places."
    expect_number(
        share,
        0.6234,
        places=3,
        what="a share between 0 and 1",
        mistakes={0.6198: "That is the share with the lesson's seed (0)."},
        near_hint="Use seed 1.",
    )


_share_task = task_1


def test_an_answer_coarser_than_asked_is_told_to_give_more_places_not_a_mistake():
    # 0.62 is the right share rounded to two places *and* the seed-0 share rounded: it cannot tell them apart.
    feedback = _share_task(0.62)
    assert feedback.status == "wrong"
    assert "three decimal places" in feedback.message
    assert "seed" not in feedback.message


def test_a_mistake_is_named_when_the_answer_matches_it_at_the_stated_precision():
    assert "lesson's seed" in _share_task(0.6198).message


def test_a_near_miss_that_is_not_rounding_gets_the_method_hint():
    message = _share_task(0.631).message
    assert "not the right value rounded" in message and "Use seed 1" in message


def test_rounded_and_truncated_answers_pass():
    assert _share_task(0.623).passed and _share_task(0.624).passed and _share_task(0.6234).passed
    assert not _share_task(0.625).passed and not _share_task(0.622).passed
