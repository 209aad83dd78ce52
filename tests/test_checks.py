"""The checks framework: feedback, tasks, the registry, and each helper's hints in both directions."""

import math
import types

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictlab import checks
from conflictlab.checks import (
    STATUSES,
    Feedback,
    Unsupported,
    describe,
    expect_bool,
    expect_choice,
    expect_frame,
    expect_ids,
    expect_mapping,
    expect_number,
    expect_type,
    expect_words,
    fail,
    lesson_tasks,
    task,
    words_task,
)


def make_task(check, number=1, variable="answer", raw=False):
    """A task around ``check``, bound to the right name as a lesson module would.

    The helpers return the cleaned-up answer, while a check returns None to
    accept it; unless ``raw``, the task ignores what ``check`` returns.
    """

    def task_n(value):
        result = check(value)
        return result if raw else None

    task_n.__name__ = f"task_{number}"
    return task(number, variable=variable)(task_n)


def verdict(check, value, variable="answer", raw=False):
    return make_task(check, variable=variable, raw=raw).check(value)


def assert_wrong(check, value, *fragments, variable="answer"):
    feedback = verdict(check, value, variable=variable)
    assert feedback.status == "wrong", f"{value!r:.80}: {feedback.status}: {feedback.message}"
    for fragment in fragments:
        assert fragment.lower() in feedback.message.lower(), f"{fragment!r} not in: {feedback.message}"
    return feedback.message


def assert_passes(check, value, variable="answer"):
    feedback = verdict(check, value, variable=variable)
    assert feedback.status == "passed", f"{value!r:.80}: {feedback.status}: {feedback.message}"
    return feedback


# --------------------------------------------------------------------------- Feedback
def test_each_status_has_its_own_headline():
    texts = {s: Feedback(s, "x", task=3).text() for s in STATUSES}
    assert texts["passed"].startswith("Task 3: ✓ correct — public checks passed")
    assert "not answered yet" in texts["missing"]
    assert "not quite" in texts["wrong"]
    assert "could not run" in texts["error"]
    assert "ran out of time" in texts["timeout"]
    assert len(set(texts.values())) == len(STATUSES)


def test_a_pass_says_public_checks_passed_and_never_claims_a_grade():
    text = Feedback("passed", task=1).text().lower()
    assert "public checks passed" in text
    assert "grade" not in text and "mark" not in text


def test_feedback_refuses_an_unknown_status():
    with pytest.raises(ValueError, match="status must be one of"):
        Feedback("ok")


def test_feedback_html_escapes_the_message_and_renders_code_spans():
    html = Feedback("wrong", "`parties` includes '<script>alert(1)</script>'", task=2)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<code>parties</code>" in html
    assert 'role="status"' in html and "Task 2" in html


def test_feedback_carries_status_and_message_for_the_grader():
    data = Feedback("wrong", "off", task=4, variable="x").to_dict()
    assert data == {
        "task": 4,
        "variable": "x",
        "status": "wrong",
        "headline": "✗ not quite",
        "message": "off",
    }
    assert not Feedback("wrong", "off")
    assert Feedback("passed")


# --------------------------------------------------------------------------- Task
def test_ellipsis_is_not_answered_yet_and_the_check_is_not_called():
    calls = []

    def check(value):
        calls.append(value)

    feedback = verdict(check, ..., variable="parties")
    assert feedback.status == "missing"
    assert "not answered yet" in feedback.text()
    assert "`parties = ...`" in feedback.message
    assert calls == []


def test_an_exception_inside_a_check_becomes_a_friendly_error_not_a_traceback():
    def check(value):
        return value["missing key"]

    feedback = verdict(check, {}, variable="weights")
    assert feedback.status == "error"
    assert "KeyError" in feedback.message
    assert "`weights`" in feedback.message
    assert "Traceback" not in feedback.message


def test_a_check_called_with_the_wrong_number_of_arguments_does_not_raise():
    t = make_task(lambda value: None, number=2, variable="parties")
    for args in [(), (1, 2)]:
        feedback = t(*args)
        assert feedback.status == "error"
        assert "check.task_2(parties)" in feedback.message


def test_a_check_that_returns_something_odd_is_an_error_of_the_check():
    feedback = verdict(lambda value: 42, "x", raw=True)
    assert feedback.status == "error"
    assert "returned int" in feedback.message


def test_a_returned_string_is_a_note_after_the_pass():
    feedback = verdict(lambda value: "Well spotted.", "x", raw=True)
    assert feedback.status == "passed"
    assert feedback.text().endswith("public checks passed. Well spotted.")


def test_fail_gives_a_wrong_verdict_with_the_authors_words():
    def check(value):
        fail("`x` counts Russia twice")

    feedback = verdict(check, 1)
    assert (feedback.status, feedback.message) == ("wrong", "`x` counts Russia twice")


def test_warnings_inside_a_check_do_not_reach_the_student(recwarn):
    import warnings

    def check(value):
        warnings.warn("deprecated", FutureWarning, stacklevel=2)

    assert verdict(check, 1).passed
    assert len(recwarn) == 0


def test_the_task_decorator_insists_on_matching_names():
    def task_2(answer):
        return None

    with pytest.raises(ValueError, match="name it 'task_3'"):
        task(3, variable="x")(task_2)
    with pytest.raises(ValueError, match="Python name"):
        task(2, variable="not a name")(task_2)
    with pytest.raises(TypeError, match="non-negative int"):
        task("2", variable="x")(task_2)

    def task_4(a, b):
        return None

    with pytest.raises(TypeError, match="exactly one argument"):
        task(4, variable="x")(task_4)


# --------------------------------------------------------------------------- registry
def test_the_practice_lesson_lists_its_tasks_with_the_variables_they_read():
    tasks = lesson_tasks("99")
    assert [(t.number, t.variable, t.name) for t in tasks] == [
        (1, "parties", "task_1"),
        (2, "share_external", "task_2"),
        (3, "timeline", "task_3"),
        (4, "how_known", "task_4"),
        (5, "influence", "task_5"),
        (6, "answer_6", "task_6"),
    ]
    assert all(t.lesson == "99" for t in tasks)
    assert tasks[5].kind == "words" and tasks[0].kind == "value"
    assert tasks[0].description == 'The ids of the actors whose role is "party".'
    assert lesson_tasks(99) == tasks


def test_lessons_are_found_and_unknown_lessons_are_named():
    assert "99" in checks.available_lessons()
    with pytest.raises(LookupError, match="lesson 42 has no checks"):
        lesson_tasks("42")
    with pytest.raises(ValueError, match="like '01'"):
        lesson_tasks("first")


def test_the_registry_refuses_a_task_bound_to_the_wrong_name_or_defined_twice():
    module = types.ModuleType("conflictlab.checks.lesson77")
    module.task_1 = make_task(lambda v: None, number=1, variable="a")
    module.task_2 = make_task(lambda v: None, number=1, variable="b")
    with pytest.raises(ValueError, match="name it 'task_1'"):
        lesson_tasks(module)
    module = types.ModuleType("conflictlab.checks.lesson77")
    module.task_1 = make_task(lambda v: None, number=1, variable="a")
    module.first = module.task_1
    with pytest.raises(ValueError, match="name it 'task_1'"):
        lesson_tasks(module)


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.text(max_size=5), inner, max_size=4)
            | st.tuples(inner, inner)
            | st.frozensets(st.integers() | st.text(max_size=4), max_size=3)
        ),
        max_leaves=10,
    )
)
def test_no_check_of_the_practice_lesson_ever_raises_or_passes_a_random_value(value):
    for t in lesson_tasks("99"):
        feedback = t(value)
        assert isinstance(feedback, Feedback)
        assert feedback.status in ("wrong", "missing", "error")
        assert feedback.status != "error", f"task {t.number} crashed on {value!r}: {feedback.message}"


# --------------------------------------------------------------------------- describe
@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "None"),
        (True, "True or False"),
        (3, "whole number"),
        (np.int64(3), "whole number"),
        (2.5, "decimal number"),
        (np.float64(2.5), "decimal number"),
        ("x", "text"),
        ([1], "a list"),
        ((1,), "a tuple"),
        ({1}, "a set"),
        ({1: 2}, "dictionary"),
        (pd.DataFrame(), "table"),
        (pd.Series(dtype=float), "single column"),
        (np.zeros(2), "array"),
        (len, "a function"),
        (Unsupported("mylib.Graph"), "mylib.Graph"),
    ],
)
def test_describe_names_kinds_of_values_in_plain_words(value, words):
    assert words in describe(value)


# --------------------------------------------------------------------------- expect_ids
PARTIES = ["armenia", "azerbaijan"]


def ids_check(**options):
    return lambda value: expect_ids(value, PARTIES, noun="actor id", **options)


@pytest.mark.parametrize(
    "value",
    [
        ["armenia", "azerbaijan"],
        ["azerbaijan", "armenia"],
        ("armenia", "azerbaijan"),
        {"armenia", "azerbaijan"},
        pd.Series(["azerbaijan", "armenia"]),
        pd.Index(["armenia", "azerbaijan"]),
        np.array(["armenia", "azerbaijan"]),
    ],
)
def test_ids_in_any_list_like_and_any_order_pass(value):
    assert_passes(ids_check(), value)


@pytest.mark.parametrize(
    ("value", "fragments"),
    [
        (["armenia"], ["missing 'azerbaijan'"]),
        (["armenia", "azerbaijan", "russia"], ["includes 'russia'", "should not be there"]),
        (["russia"], ["the one item in", "not a right actor id", "right column"]),
        (["Armenia", "azerbaijan"], ["capitals"]),
        (["armenia", "armenia", "azerbaijan"], ["appears 2 times"]),
        ("armenia", ["single piece of text"]),
        ("armenia; azerbaijan", ["one piece of text", "its own text"]),
        ([1, 2], ["should be text"]),
        ([["armenia", "azerbaijan"]], ["flat list"]),
        ({"armenia": 1}, ["dictionary"]),
        (pd.DataFrame({"actor_id": PARTIES}), ["whole table", ".tolist()"]),
        (None, ["None"]),
        (3, ["whole number", "list of actor ids"]),
        ([], ["empty"]),
        (np.zeros((2, 2)), ["2-dimensional"]),
        (Unsupported("networkx.Graph"), ["networkx.Graph"]),
    ],
)
def test_wrong_ids_get_specific_hints(value, fragments):
    assert_wrong(ids_check(), value, *fragments)


def test_missing_ids_are_not_revealed_when_most_are_missing():
    expected = ["a1", "a2", "a3", "a4"]
    message = assert_wrong(
        lambda v: expect_ids(v, expected, noun="id"), ["a1"], "missing 3 ids", "has 1 of the 4"
    )
    for hidden in ["a2", "a3", "a4"]:
        assert hidden not in message
    message = assert_wrong(lambda v: expect_ids(v, ["only"], noun="id"), ["other"])
    assert "only" not in message


def test_ordered_ids_name_the_first_one_out_of_place():
    def check(v):
        return expect_ids(
            v,
            ["E01", "E02", "E03"],
            noun="event id",
            ordered=True,
            order_hint="Sort them by date.",
        )

    assert_passes(check, ["E01", "E02", "E03"])
    assert_wrong(
        check, ["E01", "E03", "E02"], "not in the right order", "position 2 ('E03')", "Sort them by date."
    )
    assert_wrong(check, {"E01", "E02", "E03"}, "keeps no order")


def test_known_mistakes_get_their_own_explanation():
    def check(v):
        return expect_ids(
            v,
            PARTIES,
            mistakes=[
                (
                    ["armenia", "azerbaijan", "russia"],
                    "Russia mediates.",
                )
            ],
        )

    assert assert_wrong(check, ["russia", "armenia", "azerbaijan"]) == "Russia mediates."


# --------------------------------------------------------------------------- expect_number
def number_check(expected, **options):
    return lambda value: expect_number(value, expected, **options)


@pytest.mark.parametrize("value", [0.25, np.float64(0.25), 0.2500000001, 0.252])
def test_numbers_within_tolerance_pass(value):
    assert_passes(number_check(0.25, tol=0.005), value)


def test_a_count_accepts_a_whole_float_but_not_a_fraction():
    assert_passes(number_check(5, integer=True), 5.0)
    assert_passes(number_check(5, integer=True), np.int64(5))
    assert_wrong(number_check(5, integer=True), 5.5, "whole number")


@pytest.mark.parametrize(
    ("expected", "value", "fragments"),
    [
        (5, 6, ["one too high"]),
        (5, 4, ["one too low"]),
        (0.25, -0.25, ["right size but the wrong sign"]),
        (0.25, 25, ["percentage", "between 0 and 1"]),
        (40.0, 0.4, ["looks like a share"]),
        (10.0, 12.0, ["about 20% too high"]),
        (10.0, 9.3, ["about 7% too low"]),
        (10.0, 10.05, ["slightly too high", "less than 1%"]),
        (10.0, 25.0, ["more than twice"]),
        (10.0, 4.0, ["less than half"]),
        (10.0, -3.0, ["wrong sign"]),
        (0.0, 0.3, ["too high"]),
    ],
)
def test_an_off_number_says_which_way_and_roughly_how_far(expected, value, fragments):
    message = assert_wrong(number_check(expected), value, *fragments)
    assert f"{expected:g}" not in message.replace(f"{value:g}", "")


@pytest.mark.parametrize(
    ("value", "fragments"),
    [
        ("0.25", ["the text '0.25'", "without quotes"]),
        ("a quarter", ["is text"]),
        ([0.25], ["list holding one value", "[0]"]),
        ((0.25, 0.5), ["2 values", "single number"]),
        (pd.Series([0.25]), [".iloc[0]"]),
        (pd.DataFrame({"x": [0.25]}), [".iloc[0, 0]"]),
        (np.array([0.25]), ["array holding one value"]),
        (True, ["True/False"]),
        (None, ["None", "returning"]),
        (math.nan, ["NaN"]),
        (math.inf, ["infinite"]),
        ({"x": 0.25}, ["dictionary"]),
        (Unsupported("fractions.Fraction"), ["fractions.Fraction"]),
    ],
)
def test_the_right_number_in_the_wrong_type_gets_a_type_hint(value, fragments):
    assert_wrong(number_check(0.25), value, *fragments)


def test_a_number_hint_and_known_mistakes():
    check = number_check(50.0, hint="Weight each position.", mistakes={47.5: "That is the weighted mean."})
    assert assert_wrong(check, 47.5) == "That is the weighted mean."
    assert assert_wrong(check, 60.0).endswith("Weight each position.")


# --------------------------------------------------------------------------- expect_bool / expect_type
def test_booleans():
    check = lambda v: expect_bool(v, True, hint="Count the negative ties.")  # noqa: E731
    assert_passes(check, True)
    assert_passes(check, np.bool_(True))
    assert_wrong(check, "True", "without quotes")
    assert_wrong(check, 1, "True or False")
    assert_wrong(check, False, "Count the negative ties.")


def test_expect_type_names_what_was_expected():
    check = lambda v: expect_type(v, ["list", "tuple"], what="the parties")  # noqa: E731
    assert_passes(check, [1])
    assert_wrong(check, "x", "(the parties) is text", "a list or a tuple")
    with pytest.raises(ValueError, match="unknown kind"):
        expect_type(1, "vector")


# --------------------------------------------------------------------------- expect_choice
OPTIONS = ["Western-led", "Kremlin-led", "neutral venue"]


def choice_check(**options):
    return lambda value: expect_choice(value, OPTIONS, "Kremlin-led", **options)


@pytest.mark.parametrize("value", ["Kremlin-led", "kremlin-led", "  Kremlin–led ", "KREMLIN-LED"])
def test_a_choice_ignores_capitals_spaces_and_dashes(value):
    assert_passes(choice_check(), value)


def test_wrong_choices_get_hints():
    assert_wrong(choice_check(), "Kremlin led", "not one of the options", "'Western-led'")
    assert_wrong(
        choice_check(hint="Reread the last paragraph."),
        "Western-led",
        "not the one the evidence supports",
        "Reread the last paragraph.",
    )
    assert (
        assert_wrong(choice_check(mistakes={"neutral venue": "No venue is neutral here."}), "Neutral venue")
        == "No venue is neutral here."
    )
    assert_wrong(choice_check(), ["Kremlin-led"], "holding one option")
    assert_wrong(choice_check(), 2, "as text")


def test_a_choice_whose_answer_is_not_an_option_is_an_authors_error():
    with pytest.raises(ValueError, match="not among the options"):
        expect_choice("x", OPTIONS, "Moscow-led")


# --------------------------------------------------------------------------- expect_mapping
WEIGHTS = {"armenia": 0.5, "azerbaijan": 0.75}


def mapping_check():
    return lambda value: expect_mapping(value, WEIGHTS, noun="actor id", hint="Multiply.")


def test_a_mapping_may_be_a_dict_or_a_series():
    assert_passes(mapping_check(), {"azerbaijan": 0.75, "armenia": 0.5})
    assert_passes(mapping_check(), pd.Series(WEIGHTS))


@pytest.mark.parametrize(
    ("value", "fragments"),
    [
        ({"armenia": 0.5}, ["missing 'azerbaijan'"]),
        ({**WEIGHTS, "russia": 0.1}, ["includes 'russia'"]),
        ({"armenia": 0.5, "azerbaijan": 0.8}, ["value for 'azerbaijan'", "too high", "Multiply."]),
        ({"armenia": "0.5", "azerbaijan": 0.75}, ["value for 'armenia'", "should be a number"]),
        ([0.5, 0.75], ["a list", "dictionary"]),
        (pd.DataFrame({"w": [0.5, 0.75]}, index=list(WEIGHTS)), ["whole table", "Series"]),
        ({1: 0.5, 2: 0.75}, ["should be text"]),
    ],
)
def test_wrong_mappings_get_hints(value, fragments):
    assert_wrong(mapping_check(), value, *fragments)


# --------------------------------------------------------------------------- expect_words
def test_a_word_answer_is_answered_not_correct():
    t = words_task(5, variable="answer_5", min_words=5)
    feedback = t("The parties care most, so they weigh most.")
    assert feedback.status == "passed"
    assert feedback.headline == "✓ answered — public checks passed"
    assert "correct" not in feedback.text()
    assert "only sees that you answered" in feedback.message
    assert t.kind == "words" and t.variable == "answer_5" and t.name == "task_5"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "still empty"),
        ('""', "still empty"),
        ("   ", "still empty"),
        ("...", "still empty"),
        ("Your answer here", "placeholder"),
        ("Too short.", "2 words"),
        (None, "triple quotes"),
        (["a", "list"], "triple quotes"),
    ],
)
def test_unanswered_word_tasks_get_hints(value, fragment):
    t = words_task(5, variable="answer_5", min_words=5)
    feedback = t(value)
    assert feedback.status == "wrong"
    assert fragment in feedback.message


def test_a_word_limit():
    check = lambda v: expect_words(v, min_words=1, max_words=3)  # noqa: E731
    assert_wrong(check, "one two three four", "keep it to 3")


# --------------------------------------------------------------------------- expect_frame
EVENTS = pd.DataFrame(
    {
        "event_id": ["E01", "E02", "E03"],
        "earliest": pd.to_datetime(["2023-07-15", "2023-09-19", "2023-10-05"]),
        "actors": [2, 3, 1],
    }
)


def frame_check(**options):
    defaults = dict(
        key="event_id", expected=EVENTS, sorted_by="earliest", dtypes={"earliest": "datetime"}, noun="event"
    )
    defaults.update(options)
    return lambda value: expect_frame(value, **defaults)


def test_a_right_table_passes_whatever_its_index_and_column_order():
    assert_passes(frame_check(), EVENTS)
    assert_passes(frame_check(), EVENTS[["actors", "earliest", "event_id"]].set_axis([7, 8, 9]))
    assert_passes(frame_check(), EVENTS.assign(note="extra column"))


@pytest.mark.parametrize(
    ("value", "fragments"),
    [
        (EVENTS["event_id"], ["single column", "double brackets"]),
        (EVENTS.to_dict("records"), ["list of dictionaries", "pd.DataFrame"]),
        (
            EVENTS.rename(columns={"earliest": "Earliest"}),
            ["no column 'earliest'", "'Earliest'", "match exactly"],
        ),
        (EVENTS.rename(columns={"earliest": "date"}), ["no column 'earliest'", "'date'"]),
        (EVENTS.set_index("event_id"), ["is the index", ".reset_index()"]),
        (
            EVENTS.assign(earliest=EVENTS["earliest"].dt.strftime("%Y-%m-%d")),
            ["holds text", "pd.to_datetime"],
        ),
        (EVENTS.iloc[[0, 1]], ["missing the row for 'E03'"]),
        (pd.concat([EVENTS, EVENTS.iloc[[0]]]), ["more than one row for 'E01'"]),
        (EVENTS.assign(actors=[2, 3, 2]), ["row for 'E03'", "column 'actors'", "one too high"]),
        (
            EVENTS.iloc[[1, 0, 2]],
            ["not sorted by 'earliest'", "row for 'E02' comes before the row for 'E01'"],
        ),
        (EVENTS.iloc[::-1], ["reverse order"]),
        (EVENTS.assign(event_id=["E01", "E02", "E09"]), ["rows for 'E09'", "missing the row for 'E03'"]),
    ],
)
def test_wrong_tables_get_specific_hints(value, fragments):
    assert_wrong(frame_check(), value, *fragments, variable="timeline")


def test_a_table_without_a_key_is_compared_row_by_row_and_by_count():
    expected = pd.DataFrame({"actor": ["a", "b"], "position": [10.0, 20.0]})
    check = frame_check(
        key=None, expected=expected, sorted_by=None, dtypes={"position": "number"}, noun="row"
    )
    assert_passes(check, expected)
    assert_wrong(check, expected.iloc[:1], "1 row", "too few")
    assert_wrong(check, expected.assign(position=[10.0, 24.0]), "column 'position'", "about 20% too high")
    assert_wrong(check, expected.assign(position=["10", "20"]), "holds text", "pd.to_numeric")
    assert_wrong(check, expected.assign(actor=["a", "c"]), "column 'actor'", "'c', which is not right")


def test_exact_columns_name_the_extra_ones():
    check = frame_check(columns=["event_id", "earliest"], exact_columns=True, expected=None, sorted_by=None)
    assert_wrong(check, EVENTS, "does not ask for: 'actors'")


def test_sorting_by_two_columns_and_empty_values_last():
    frame = pd.DataFrame({"group": ["a", "a", "b", "b"], "score": [1.0, 2.0, 0.5, math.nan]})
    check = frame_check(key=None, expected=None, dtypes=None, sorted_by=["group", "score"])
    assert_passes(check, frame)
    assert_wrong(check, frame.iloc[[1, 0, 2, 3]], "not sorted by 'group' then 'score'")
    assert_wrong(check, frame.iloc[[0, 1, 3, 2]], "not sorted")
