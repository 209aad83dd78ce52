"""Names and labels a student types are judged by one policy (issue 16, section 3)."""

from conflictlab import data
from conflictlab.checks import lesson00, lesson01, lesson02, lesson06


def test_02_t4_valid_but_wrong_issue_ids_are_named_as_issue_ids():
    message = lesson02.task_4(["return", "venue"]).message
    assert "'return' and 'venue' are issue ids, but not what the task asks for" in message
    assert "right column" not in message


def test_06_t2_package_names_instead_of_ids_are_told_they_are_not_ids():
    names = data.load("packages").set_index("package_id").loc[["regional"], "name"].tolist()
    message = lesson06.task_2(names).message
    assert "is not a package id at all" in message and "right column" in message


def test_an_extra_id_that_does_not_exist_is_told_apart_from_one_that_does():
    right = lesson02.contested()
    message = lesson02.task_5([*right, "nonsense"]).message
    assert "'nonsense', which is not an issue id at all" in message


def test_ids_in_other_capitals_are_refused_with_the_same_advice_everywhere():
    claim = lesson00.task_3("c21").message
    tables = lesson00.task_1([t.capitalize() for t in data.tables("codings")]).message
    assert "exactly as the table writes it" in claim
    assert "exactly as the table writes it" in tables


def test_an_id_with_a_space_is_refused_like_a_capital():
    assert not lesson00.task_3("C21 ").passed
    assert "exactly as the table writes it" in lesson00.task_3("C21 ").message


def test_01_t5_the_whole_events_table_is_told_to_keep_the_named_columns():
    events = data.load("events")
    relative = events[events["date_known"] == "relative"].sort_values("earliest")
    message = lesson01.task_5(relative).message
    assert "Keep only the columns the task names" in message


def test_02_t3_azerbaijans_rows_with_every_column_are_told_to_keep_the_named_columns():
    stances = data.load("stances")
    rows = stances[stances["actor_id"] == "azerbaijan"]
    message = lesson02.task_3(rows).message
    assert "Keep only the columns the task names" in message
