"""Written answers are checked for what their task asks, both ways (issue 16).

For every written task of every lesson: a minimal answer meeting every
checkable requirement passes as "answered" (never "correct"), and leaving
out any one requirement makes the check name what is missing.
"""

import pytest
from written import FILLER, VERBATIM, fragment, minimal_answer

from conflictlab.checks import (
    Cites,
    LabelsOutside,
    Mentions,
    QuotesArticle,
    UsesMarker,
    available_lessons,
    lesson_tasks,
    marking_sheet,
    words_task,
)

#: The course's lessons (the practice lesson 99 of the tests is left out).
COURSE = [lesson for lesson in available_lessons() if lesson != "99"]
WRITTEN = [t for lesson in COURSE for t in lesson_tasks(lesson) if t.kind == "words"]
IDS = [f"{t.lesson}-T{t.number}" for t in WRITTEN]

#: The written tasks issue 16 names; each must check more than its word count.
NAMED = {"00": 6, "01": 7, "02": 6, "03": 6, "04": 7, "05": 7, "06": 7, "07": 6, "08": 7, "09": (6, 8)}


def test_every_written_task_the_issue_names_has_requirements():
    for lesson, numbers in NAMED.items():
        for number in numbers if isinstance(numbers, tuple) else (numbers,):
            task = {t.number: t for t in lesson_tasks(lesson)}[number]
            assert task.kind == "words" and task.requirements, f"{lesson} T{number} checks only its length"


@pytest.mark.parametrize("task", WRITTEN, ids=IDS)
def test_word_spam_of_the_right_length_is_not_answered(task):
    low, _ = task.word_limits
    for word in ("word", "blah"):
        feedback = task.check(" ".join([word] * (low + 1)))
        assert not feedback.passed, f"{task!r} passes {low + 1} × {word!r}"
        assert feedback.status == "wrong"


@pytest.mark.parametrize("task", WRITTEN, ids=IDS)
def test_a_minimal_answer_meeting_every_requirement_is_answered_not_correct(task):
    feedback = task.check(minimal_answer(task))
    assert feedback.passed, feedback.message
    assert "answered" in feedback.headline and "correct" not in feedback.headline
    assert "instructor" in feedback.message
    assert feedback.message.count("✓") == len(task.requirements)


def _names(requirement) -> str:
    """A word the hint must contain when ``requirement`` is missing (chosen here, per kind)."""
    if isinstance(requirement, Cites):
        return requirement.among[0] if requirement.every or len(requirement.among) == 1 else "cite"
    if isinstance(requirement, QuotesArticle):
        return "quotes nothing"
    if isinstance(requirement, UsesMarker):
        return "marker"
    if isinstance(requirement, LabelsOutside):
        return requirement.among[0] if requirement.among else "background id"
    if isinstance(requirement, Mentions):
        return "nothing on " + requirement.what
    raise TypeError(requirement)


CASES = [(t, i) for t in WRITTEN for i in range(len(t.requirements))]


@pytest.mark.parametrize(
    ("task", "drop"),
    CASES,
    ids=[f"{t.lesson}-T{t.number}-{type(t.requirements[i]).__name__}{i}" for t, i in CASES],
)
def test_leaving_out_one_requirement_makes_the_check_name_it(task, drop):
    feedback = task.check(minimal_answer(task, drop=drop))
    assert feedback.status == "wrong", feedback.message
    assert _names(task.requirements[drop]) in feedback.message, feedback.message
    others = len(task.requirements) - 1
    assert feedback.message.count("✓") == others, "the hint should also list what the answer has"


def test_a_blank_answer_lists_what_the_answer_should_contain():
    task = {t.number: t for t in lesson_tasks("08")}[7]
    message = task.check(...).message
    assert "C34" in message and "BG11" in message and "quote" in message


# ------------------------------------------------------------------ the parts, one by one


def _one(requirement, text):
    made = words_task(1, variable="essay", min_words=3, requires=[requirement])
    return made.check(text)


def test_a_quote_with_straight_quotes_and_odd_spaces_counts_as_verbatim():
    assert _one(QuotesArticle(), f'He says "{VERBATIM.replace(" ", "  ")}" here.').passed


def test_a_quote_that_is_not_verbatim_says_where_it_leaves_the_article():
    message = _one(
        QuotesArticle(), "He says “the roots of peace are not in Brussels but in the region” here."
    ).message
    assert "only up to" in message and "not in" in message


def test_an_id_that_does_not_exist_is_named_and_does_not_count():
    feedback = _one(Cites(), "As C99 shows, lorem ipsum dolor.")
    assert not feedback.passed and "C99 is not an id" in feedback.message


def test_an_id_in_small_letters_is_told_to_use_the_tables_spelling():
    feedback = _one(Cites(), "As c34 shows, lorem ipsum dolor.")
    assert not feedback.passed and "C34" in feedback.message


def test_a_cited_id_outside_the_tasks_ids_is_named():
    feedback = _one(Cites(["C34"]), "As C33 shows, lorem ipsum dolor.")
    assert not feedback.passed and "C33" in feedback.message and "C34" in feedback.message


def test_a_background_id_must_be_labelled_outside_in_its_sentence():
    assert not _one(LabelsOutside(["BG11"]), "BG11 says it was a ministers' meeting. Lorem ipsum.").passed
    assert _one(LabelsOutside(["BG11"]), "Outside the article, BG11 says it was a ministers' meeting.").passed


def test_the_marker_of_the_claim_counts_and_another_marker_does_not():
    assert _one(UsesMarker(of=["C34"]), "Officials signaled a regional turn, lorem.").passed
    assert not _one(UsesMarker(of=["C34"]), "Officials reportedly wanted a regional turn.").passed


def test_the_marking_sheet_lists_every_requirement_of_a_lesson():
    sheet = marking_sheet("08")
    assert list(sheet.columns) == ["task", "variable", "requirement"]
    assert set(sheet["task"]) == {7} and len(sheet) == 4
    assert sheet["requirement"].str.contains("BG11").any()


def test_fragments_and_filler_do_not_meet_other_requirements_by_accident():
    # The minimal answers above are only a fair test if each fragment meets only its own requirement.
    for task in WRITTEN:
        for i, requirement in enumerate(task.requirements):
            alone = " ".join([fragment(requirement)] + [FILLER] * 50)
            for j, other in enumerate(task.requirements):
                if j != i:
                    assert not other.judge(alone).met, (task, requirement, other)
