"""Forms and the answer search of the assessment copy, without running a notebook.

``tests/test_assessment.py`` builds the real copy; this file checks the
pieces on small, hand-made cases: the range a task's words state, a form
read from a check's helper calls, each kind of form check, and the search
for an answer with what students are given anyway left out.
"""

from __future__ import annotations

import pandas as pd
import pytest

from conflictlab.checks import RECORDED, Task, expect_ids, expect_number, task
from conflictlab.checks._form import check_form, form_task
from conflictlab.course.assessment import AnswerSearch, SolutionRun, derive_form, range_of


@pytest.mark.parametrize(
    ("what", "integer", "expected"),
    [
        ("a share between 0 and 1", False, (0.0, 1.0)),
        ("a position on the 0–100 scale", False, (0.0, 100.0)),
        ("a pair's sign: -1 or +1", True, (-1.0, 1.0)),
        ("a Brier score between 0 and 2", False, (0.0, 2.0)),
        ("a count of codings", True, (0.0, None)),
        ("a paragraph number", True, (None, None)),
        ("its forecast", False, (None, None)),
        (None, False, (None, None)),
    ],
)
def test_the_range_is_read_from_the_words_of_the_task(what, integer, expected):
    assert range_of(what, integer=integer) == expected


def watched(check: Task, value) -> SolutionRun:
    """Run ``check`` (defined in this module) on ``value``, recording its helper calls as the release does."""
    calls = []
    helpers = {"expect_number": expect_number, "expect_ids": expect_ids}

    def recorder(name):
        def record(*args, **kwargs):
            calls.append((name, args, kwargs))
            return helpers[name](*args, **kwargs)

        return record

    globals().update({name: recorder(name) for name in helpers})
    try:
        assert check.check(value).status == "passed"
    finally:
        globals().update(helpers)
    return SolutionRun(check, value, "passed", calls)


@task(1, variable="share")
def task_1(share):
    "A share."
    expect_number(share, 0.25, what="a share between 0 and 1")


@task(2, variable="parties")
def task_2(parties):
    "The parties."
    expect_ids(parties, ["armenia", "azerbaijan"], noun="actor id", valid=["armenia", "azerbaijan", "russia"])


def test_a_form_is_read_from_the_check_and_never_holds_the_answer():
    form = derive_form(watched(task_1, 0.25))
    assert form == {
        "kind": "number",
        "integer": False,
        "what": "a share between 0 and 1",
        "low": 0.0,
        "high": 1.0,
    }
    ids = derive_form(watched(task_2, ["armenia", "azerbaijan"]))
    assert ids["kind"] == "ids" and ids["exists_in"] == {"table": "actors", "column": "actor_id"}
    assert "armenia" not in repr(ids)
    assert derive_form(SolutionRun(task_1, True, "passed", [])) == {"kind": "bool"}


@pytest.mark.parametrize(
    ("form", "good", "bad", "message"),
    [
        ({"kind": "bool"}, False, "True", "write True or False without quotes"),
        ({"kind": "choice", "options": ["before", "after"]}, "After", "later", "is not one of the options"),
        (
            {
                "kind": "ids",
                "noun": "claim id",
                "ordered": True,
                "exists_in": {"table": "claims", "column": "claim_id"},
            },
            ["C01", "C02"],
            {"C01", "C02"},
            "a set, which keeps no order",
        ),
        (
            {"kind": "ids", "noun": "claim id", "exists_in": {"table": "claims", "column": "claim_id"}},
            ["C01"],
            ["C01", "C01"],
            "appears more than once",
        ),
        (
            {
                "kind": "mapping",
                "noun": "kind",
                "integer": True,
                "low": 0.0,
                "what": "the number of actors",
                "keys_exist_in": {"table": "actors", "column": "kind"},
            },
            {"state": 3},
            {"planet": 3},
            "'planet', which is not a kind in the course data",
        ),
        (
            {"kind": "mapping", "noun": "kind", "integer": True, "low": 0.0, "what": "the number of actors"},
            {"state": 3},
            {"state": -2},
            "is -2, but it should be the number of actors (at least 0)",
        ),
        (
            {"kind": "sequence", "items": [{"kind": "number"}, {"kind": "number"}]},
            (40.0, 60.0),
            (40.0,),
            "holds 1 value; the task asks for exactly 2",
        ),
        (
            {
                "kind": "record",
                "parts": {
                    "claim": {"kind": "text", "exists_in": {"table": "claims", "column": "claim_id"}},
                    "base_rate": {"kind": "number"},
                },
            },
            {"claim": "C45", "base_rate": 0.3},
            {"claim": "C45"},
            "has no 'base_rate'",
        ),
        (
            {"kind": "text", "noun": "claim id", "exists_in": {"table": "claims", "column": "claim_id"}},
            "C45",
            "c45",
            "only in capitals or spaces",
        ),
        ({"kind": "type", "type": "list"}, [1], (1,), "the task asks for a list"),
        (
            {"kind": "frame", "columns": ["actor"], "dtypes": {"actor": "text"}},
            pd.DataFrame({"actor": ["Iran"]}),
            pd.DataFrame({"actor": [1]}),
            "Column 'actor'",
        ),
    ],
)
def test_each_kind_of_form_records_a_good_answer_and_names_a_bad_one(form, good, bad, message):
    check = form_task(3, variable="answer", description="A task.", form=form)
    assert check.check(good).status == RECORDED, check.check(good).message
    verdict = check.check(bad)
    assert verdict.status == "wrong" and message in verdict.message, verdict.message


def test_an_unknown_form_is_an_error_not_a_pass():
    verdict = form_task(3, variable="answer", description="A task.", form={"kind": "magic"}).check(1)
    assert verdict.status == "error"
    with pytest.raises(ValueError, match="unknown form"):
        check_form(1, {"kind": "magic"})


def test_the_search_finds_answers_but_not_what_students_are_given_anyway():
    search = AnswerSearch.public(
        ["Positions: 60 (printed 60.0) and 20; claim C45 says so.", "tipping = models.tipping_points(sweep)"]
    )
    search.add_answer("lesson 04, task 2", 0.5159705159705159)
    search.add_answer("lesson 04, task 4", 60.0)  # in the data: not searched
    search.add_answer("lesson 00, task 3", "C45")  # an id students see anyway
    assert set(search.values) == {"0.5159705159705159", "0.515971"}
    assert search.find("a.ipynb", "share = 0.5159705159705159") == [
        "a.ipynb holds '0.5159705159705159', the answer of lesson 04, task 2"
    ]
    assert search.find("b.ipynb", "pandas shows 0.515971 here")
    assert not search.find("c.ipynb", "0.5159705 and 60.0, C45, 0.5159716")


def test_forms_are_read_only_from_the_checks_of_the_course_being_released(tmp_path):
    """Checks installed from another version of the course would give other forms: the release stops."""
    from conflictlab.course.assessment import SolutionError, make_assessment_copy

    module = tmp_path / "src/conflictlab/checks/lesson04.py"
    module.parent.mkdir(parents=True)
    module.write_text('"""Checks for lesson 04, another version."""\n', encoding="utf-8")
    entries = {"copy/src/conflictlab/checks/lesson04.py": module.read_bytes()}
    with pytest.raises(SolutionError, match=r"installed checks of lesson 04 .* are not the course's"):
        make_assessment_copy(tmp_path, "copy", entries)
