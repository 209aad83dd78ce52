"""Every task of every lesson, fed random answers of the right and the wrong types (issue 16).

The values are drawn so that none can be right — numbers far outside every
answer's range, text that is no id, option or file, tables and dictionaries
with made-up contents — and the search is derandomised, so the test is the
same on every run. Each check must answer "not quite" with a hint: never an
"error" verdict (an exception inside the check), never a pass.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictlab.checks import available_lessons, lesson_tasks

COURSE = [lesson for lesson in available_lessons() if lesson != "99"]
TASKS = [t for lesson in COURSE for t in lesson_tasks(lesson)]

#: Column names a student's table might plausibly have, right or wrong.
COLUMNS = [
    "actor",
    "position",
    "influence",
    "cumulative",
    "issue_id",
    "stance",
    "event_id",
    "earliest",
    "latest",
    "source",
    "target",
    "sign_before",
    "sign_after",
    "actor_a",
    "actor_b",
    "zz_other",
]

far_ints = st.integers(min_value=-(10**9), max_value=-1000) | st.integers(min_value=10**6, max_value=10**9)
far_floats = st.floats(min_value=-1e9, max_value=-1000.5) | st.floats(min_value=1e6, max_value=1e9)
odd_floats = st.sampled_from([float("nan"), float("inf"), -float("inf")])
made_up_text = st.text(min_size=0, max_size=30).map(lambda s: "zz " + s)
numbers = far_ints | far_floats | odd_floats


@st.composite
def tables(draw):
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=5, unique=True))
    rows = draw(st.integers(min_value=0, max_value=4))
    cells = st.one_of(numbers, made_up_text, st.none(), st.booleans())
    return pd.DataFrame({c: [draw(cells) for _ in range(rows)] for c in columns})


answers = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    made_up_text,
    st.lists(made_up_text, max_size=6),
    st.lists(numbers, max_size=6),
    st.sets(made_up_text, max_size=4),
    st.tuples(numbers, numbers),
    st.tuples(made_up_text, made_up_text),
    st.dictionaries(made_up_text, numbers, max_size=4),
    st.dictionaries(st.sampled_from(["median", "mean", "expected_utility", "eu"]), numbers, max_size=3),
    tables(),
    st.lists(numbers, max_size=5).map(lambda xs: pd.Series(xs, dtype=float)),
    st.lists(numbers, max_size=5).map(lambda xs: np.array(xs, dtype=float)),
    st.just(print),
)


@pytest.mark.parametrize("task", TASKS, ids=[f"{t.lesson}-T{t.number}" for t in TASKS])
def test_random_answers_get_a_hint_never_an_error_or_a_pass(task):
    @settings(
        derandomize=True,
        max_examples=10,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(answers)
    def check(value):
        feedback = task.check(value)
        assert feedback.status == "wrong", (
            f"{task!r} on {value!r:.100}: {feedback.status}: {feedback.message}"
        )
        assert len(feedback.message) >= 20

    check()
