"""Odd values a student (or a tester) may give any task: each gets a plain hint, in good English.

A number too large for a float is simply a wrong number, not a check that "could not run";
a missing value (NaN) is called what it is; messages use "an" before a vowel and the
singular for one item.
"""

from __future__ import annotations

import pytest

from conflictlab.checks import lesson_tasks

LESSONS = [f"{n:02d}" for n in range(10)]
TASKS = [task for lesson in LESSONS for task in lesson_tasks(lesson)]
IDS = [f"{t.lesson}-T{t.number}" for t in TASKS]
HUGE = 10**400  # a whole number no float can hold


class AlwaysEq:
    """A value that claims to equal everything (a classic trick against `==` checks)."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


def task(lesson: str, number: int):
    return next(t for t in lesson_tasks(lesson) if t.number == number)


@pytest.mark.parametrize(
    "value", [HUGE, -HUGE, (HUGE, 1.0), {"median": HUGE, "mean": 1.0}], ids=["huge", "-huge", "pair", "dict"]
)
@pytest.mark.parametrize("t", TASKS, ids=IDS)
def test_a_number_too_large_for_a_float_is_a_wrong_answer_not_a_failed_check(t, value):
    feedback = t.check(value)
    assert feedback.status == "wrong", feedback.message
    assert "could not run" not in feedback.message and "Error" not in feedback.message


def test_a_number_too_large_says_so():
    message = task("07", 1).check(HUGE).message
    assert "far too large" in message


def test_a_missing_value_in_a_dictionary_is_called_nan_without_contradiction():
    message = task("04", 6).check({"median": float("nan"), "mean": 50.0}).message
    assert "NaN" in message and "'median'" in message
    # not "is a decimal number (float); each value should be a number"
    assert "decimal number" not in message and "not a number" in message


@pytest.mark.parametrize("t", TASKS, ids=IDS)
def test_a_value_of_an_unknown_type_is_named_with_the_right_article(t):
    feedback = t.check(AlwaysEq())
    assert not feedback.passed
    assert "a AlwaysEq" not in feedback.message


def test_an_unknown_type_reads_an_before_a_vowel():
    assert "is an AlwaysEq" in task("04", 1).check(AlwaysEq()).message


def test_one_wrong_item_is_spoken_of_in_the_singular():
    one = task("02", 1).check(["zzz"]).message
    assert "None of the 1 item" not in one
    assert "The one item in `remaining` is not a right issue id" in one
    two = task("02", 1).check(["zzz", "yyy"]).message
    assert "None of the 2 items in `remaining` is a right issue id" in two
