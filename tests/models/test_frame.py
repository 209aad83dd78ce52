"""Input checks: every bad input gets a ValueError that names the problem and where."""

import numpy as np
import pandas as pd
import pytest

from conflictlab.models import check_arrays, validate_frame


def frame(**overrides):
    data = {
        "actor": ["Armenia", "Azerbaijan", "Russia"],
        "position": [20.0, 70.0, 90.0],
        "capability": [1.0, 2.0, 3.0],
        "salience": [0.9, 1.0, 0.6],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def test_a_valid_frame_comes_back_clean_with_extra_columns_dropped():
    raw = frame(rationale=["a", "b", "c"]).set_index(pd.Index([10, 11, 12]))
    clean = validate_frame(raw)
    assert list(clean.columns) == ["actor", "position", "capability", "salience"]
    assert list(clean.index) == [0, 1, 2]
    assert clean["actor"].tolist() == ["Armenia", "Azerbaijan", "Russia"]
    assert clean["capability"].dtype == np.float64
    assert "rationale" in raw.columns  # the input is not modified


def test_integer_and_numeric_string_columns_are_accepted():
    clean = validate_frame(frame(position=[20, 70, 90], capability=["1", "2", "3"]))
    assert clean["position"].tolist() == [20.0, 70.0, 90.0]
    assert clean["capability"].tolist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    "bad, message",
    [
        (pd.DataFrame(columns=["actor", "position", "capability", "salience"]), "the frame is empty"),
        (pd.DataFrame(), "the frame is empty"),
        (frame().drop(columns="salience"), "missing column(s) 'salience'"),
        (frame().drop(columns=["position", "capability"]), "missing column(s) 'position', 'capability'"),
        (frame(capability=[1.0, np.nan, 3.0]), "capability is missing (NaN) for actor 'Azerbaijan' (row 1)"),
        (frame(position=[20.0, 70.0, np.inf]), "position is infinite for actor 'Russia' (row 2)"),
        (
            frame(salience=[0.9, "high", 0.6]),
            "salience for actor 'Azerbaijan' (row 1) is not a number: 'high'",
        ),
        (frame(capability=[1.0, -2.0, 3.0]), "capability -2.0 for actor 'Azerbaijan' (row 1) is negative"),
        (frame(salience=[0.9, 1.5, 0.6]), "salience 1.5 for actor 'Azerbaijan' (row 1) is outside [0, 1]"),
        (frame(salience=[-0.1, 1.0, 0.6]), "salience -0.1 for actor 'Armenia' (row 0) is outside [0, 1]"),
        (frame(actor=["Armenia", "Russia", "Russia"]), "duplicate actor 'Russia' (rows 1 and 2)"),
        (frame(actor=["Armenia", None, "Russia"]), "actor name is missing in row 1"),
        (frame(salience=[0.0, 0.0, 0.0]), "all influence is zero"),
        (frame(capability=[0.0, 2.0, 0.0], salience=[1.0, 0.0, 1.0]), "all influence is zero"),
    ],
)
def test_bad_frames_are_named(bad, message):
    with pytest.raises(ValueError) as caught:
        validate_frame(bad)
    assert message in str(caught.value)


def test_a_frame_must_be_a_dataframe():
    with pytest.raises(TypeError, match="expected a pandas DataFrame"):
        validate_frame([{"actor": "A", "position": 1, "capability": 1, "salience": 1}])


def test_one_actor_is_a_valid_frame():
    clean = validate_frame(frame().iloc[:1])
    assert len(clean) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (([1, 2], [1, 1], [1]), "same length (position has 2, capability has 2, salience has 1)"),
        (([], [], []), "no actors"),
        (([1, np.nan], [1, 1], [1, 1]), "position is missing (NaN) for index 1"),
        (([1, 2], [1, -1], [1, 1]), "capability -1.0 for index 1 is negative"),
        (([1, 2], [1, 1], [1, 2]), "salience 2.0 for index 1 is outside [0, 1]"),
        (([1, 2], [0, 0], [1, 1]), "all influence is zero"),
        (([1, 2], ["a", 1], [1, 1]), "capability must contain only numbers"),
        (([[1, 2]], [1], [1]), "position must be one-dimensional"),
        (("12", [1], [1]), "position must be a sequence of numbers, not a string"),
    ],
)
def test_bad_arrays_are_named(args, message):
    with pytest.raises(ValueError) as caught:
        check_arrays(*args)
    assert message in str(caught.value)


def test_array_messages_name_the_actor_when_names_are_given():
    with pytest.raises(ValueError, match=r"salience 3\.0 for actor 'Russia' is outside"):
        check_arrays([1, 2], [1, 1], [1, 3], actors=["Armenia", "Russia"])
