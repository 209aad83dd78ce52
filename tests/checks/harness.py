"""Plausible wrong answers, per task, that every lesson's checks must reject with a specific hint.

Each lesson ``NN`` with checks has a file ``tests/checks/test_lessonNN.py``
(``tests/test_course_exercises.py`` fails until it exists) that lists, for
every task, at least three wrong answers a student could plausibly give —
off by one, the wrong column, unsorted, the wrong sign, the right numbers in
the wrong type — each with a piece of the hint it must get::

    from harness import Wrong, wrong_answer_tests

    WRONG = {
        1: [
            Wrong(["armenia"], says="missing", why="one party left out"),
            Wrong(["Armenia", "Azerbaijan"], says="capitals", why="display names, not ids"),
            Wrong("armenia, azerbaijan", says="one piece of text", why="ids joined in one string"),
        ],
        ...
    }

    test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("01", WRONG)

For each wrong answer the harness asserts that the check

* does not pass it (a check that passes a wrong answer is a failing test);
* calls it ``wrong`` — not ``error``: a wrong type gets a hint, not a crash;
* says ``says`` (case-insensitive) in its message, so the hint is specific;
* gives the same verdict after the grader's round trip (typed JSON out of
  the student's kernel and back), so the class is graded as the notebook
  showed.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

import pytest

from conflictlab.checks import lesson_tasks
from conflictlab.grading import decode_value, encode_value

#: Every task needs at least this many wrong answers.
MIN_WRONG_ANSWERS = 3


@dataclasses.dataclass
class Wrong:
    """A plausible wrong answer and a fragment of the hint it must get."""

    value: Any
    says: str
    why: str = ""


def check_wrong_answer(lesson: str, number: int, wrong: Wrong) -> None:
    """Assert that task ``number`` of ``lesson`` rejects ``wrong`` with a specific hint."""
    tasks = {t.number: t for t in lesson_tasks(lesson)}
    assert number in tasks, f"lesson {lesson} has no task {number}"
    task = tasks[number]
    label = f"lesson {lesson}, task {number} ({wrong.why or 'wrong answer'}): {wrong.value!r:.120}"
    feedback = task.check(copy.deepcopy(wrong.value))
    assert not feedback.passed, f"{label}: the check PASSES this wrong answer"
    assert feedback.status == "wrong", (
        f"{label}: expected a hint (status 'wrong'), got {feedback.status!r}: {feedback.message}"
    )
    assert wrong.says.lower() in feedback.message.lower(), (
        f"{label}: the hint does not say {wrong.says!r}; it says: {feedback.message}"
    )
    assert len(feedback.message) >= 20, f"{label}: the hint is too short to help: {feedback.message!r}"

    carried = decode_value(json.loads(json.dumps(encode_value(copy.deepcopy(wrong.value)), allow_nan=False)))
    graded = task.check(carried)
    assert (graded.status, graded.message) == (feedback.status, feedback.message), (
        f"{label}: the grader would see this answer differently: {graded.status}: {graded.message}"
    )


def check_coverage(
    lesson: str, wrong_answers: dict[int, list[Wrong]], minimum: int = MIN_WRONG_ANSWERS
) -> None:
    """Assert that every task of ``lesson`` has at least ``minimum`` wrong answers listed."""
    numbers = [t.number for t in lesson_tasks(lesson)]
    assert numbers, f"lesson {lesson} has no tasks"
    unknown = sorted(set(wrong_answers) - set(numbers))
    assert not unknown, f"lesson {lesson} has no task(s) {unknown}, but wrong answers are listed for them"
    short = {n: len(wrong_answers.get(n, [])) for n in numbers if len(wrong_answers.get(n, [])) < minimum}
    assert not short, (
        f"lesson {lesson}: list at least {minimum} plausible wrong answers for every task; "
        f"these tasks have fewer: {short}"
    )


def wrong_answer_tests(lesson: str, wrong_answers: dict[int, list[Wrong]]):
    """The two pytest tests for a lesson's wrong answers (assign them to ``test_*`` names)."""
    cases = [(n, w) for n in sorted(wrong_answers) for w in wrong_answers[n]]
    ids = [f"task_{n}-{w.why or i}" for i, (n, w) in enumerate(cases)]

    def test_every_task_has_wrong_answers() -> None:
        check_coverage(lesson, wrong_answers)

    @pytest.mark.parametrize(("number", "wrong"), cases, ids=ids)
    def test_wrong_answer_gets_a_specific_hint(number: int, wrong: Wrong) -> None:
        check_wrong_answer(lesson, number, wrong)

    return test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint
