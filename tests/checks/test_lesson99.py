"""Plausible wrong answers for the practice lesson (lesson 99); see harness.py."""

import numpy as np
import pandas as pd
from harness import Wrong, wrong_answer_tests

from conflictlab.checks import lesson99

actors = lesson99.practice_actors()
events = lesson99.practice_events()
dated = events.dropna(subset=["earliest"])
timeline = dated.assign(earliest=pd.to_datetime(dated["earliest"]))[["event_id", "earliest"]]
influence = dict(zip(actors["actor_id"], actors["capability"] * actors["salience"], strict=False))

WRONG = {
    1: [
        Wrong(["armenia"], says="missing 'azerbaijan'", why="one party left out"),
        Wrong(
            ["armenia", "azerbaijan", "russia"], says="regional power", why="a mediator counted as a party"
        ),
        Wrong(["Armenia", "Azerbaijan"], says="capitals", why="the name column instead of the id column"),
        Wrong("armenia, azerbaijan", says="one piece of text", why="ids joined in one string"),
        Wrong(actors[actors["role"] == "party"], says="whole table", why="the filtered table, not its ids"),
        Wrong(["armenia", "armenia", "azerbaijan"], says="appears 2 times", why="an id listed twice"),
        Wrong([0, 1], says="should be text", why="row numbers instead of ids"),
    ],
    2: [
        Wrong(2, says="number of external powers", why="the count, not the share"),
        Wrong(28.57, says="percentage", why="a percentage, not a share"),
        Wrong(-2 / 7, says="wrong sign", why="wrong sign"),
        Wrong("0.29", says="without quotes", why="the right number as text"),
        Wrong([2 / 7], says="holding one value", why="the right number inside a list"),
        Wrong(pd.Series([2 / 7]), says=".iloc[0]", why="the right number as a one-row Series"),
        Wrong(3 / 7, says="about 50% too high", why="regional powers counted too"),
        Wrong(True, says="True/False", why="a comparison, not a share"),
    ],
    3: [
        Wrong(
            timeline.sort_values("event_id", ascending=False),
            says="reverse order",
            why="sorted the wrong way",
        ),
        Wrong(timeline.iloc[[1, 0, 2, 3]], says="not sorted", why="unsorted"),
        Wrong(dated[["event_id", "earliest"]], says="pd.to_datetime", why="dates left as text"),
        Wrong(
            timeline.rename(columns={"earliest": "date"}),
            says="no column 'earliest'",
            why="wrong column name",
        ),
        Wrong(timeline.iloc[:3], says="missing the row for 'E04'", why="one row off (a row dropped)"),
        Wrong(
            pd.concat([timeline, pd.DataFrame({"event_id": ["E05"], "earliest": [pd.NaT]})]),
            says="'E05', which should not be there",
            why="the undated event kept",
        ),
        Wrong(timeline["earliest"], says="single column", why="a Series, not a table"),
        Wrong(timeline.set_index("event_id"), says="reset_index", why="ids moved into the index"),
        Wrong(
            timeline.assign(earliest=timeline["earliest"] + pd.Timedelta(days=1)),
            says="1 day too late",
            why="dates off by one day",
        ),
    ],
    4: [
        Wrong("stated", says="relative to another event", why="a plausible wrong option"),
        Wrong("relative date", says="not one of the options", why="not an option"),
        Wrong(["relative"], says="holding one option", why="the right option inside a list"),
        Wrong(2, says="as text", why="an option number, not its name"),
    ],
    5: [
        Wrong(
            {k: v for k, v in influence.items() if k != "us"}, says="missing 'us'", why="one actor left out"
        ),
        Wrong({k: -v for k, v in influence.items()}, says="wrong sign", why="wrong sign"),
        Wrong(
            dict(zip(actors["actor_id"], actors["capability"] + actors["salience"], strict=False)),
            says="Multiply capability by salience",
            why="added, not multiplied",
        ),
        Wrong(list(influence.values()), says="dictionary", why="the right numbers in a list"),
        Wrong({k: str(v) for k, v in influence.items()}, says="should be a number", why="numbers as text"),
        Wrong(
            dict(zip(actors["name"], actors["capability"] * actors["salience"], strict=False)),
            says="right column",
            why="keyed by display name",
        ),
        Wrong(np.array(list(influence.values())), says="dictionary", why="the right numbers in an array"),
    ],
    6: [
        Wrong("", says="empty", why="left empty"),
        Wrong("Because they care more.", says="4 words", why="too short"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(42, says="triple quotes", why="not text"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("99", WRONG)
