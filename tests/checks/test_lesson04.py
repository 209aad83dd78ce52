"""Plausible wrong answers for lesson 04 (weighting actors' interests); see harness.py."""

import numpy as np
import pandas as pd
from harness import Wrong, wrong_answer_tests

from conflictlab import data, models
from conflictlab.checks import lesson04

venue = data.frame("venue")
right_1 = venue.assign(influence=venue["capability"] * venue["salience"])
shares = models.influence(venue)
influence = right_1.set_index("actor")["influence"]

france_back = lesson04.scenario_frame()  # France steps back
right_3 = lesson04.ladder(france_back)
unsorted = france_back.assign(influence=france_back["capability"] * france_back["salience"])[
    ["actor", "position", "influence"]
]
unsorted = unsorted.assign(cumulative=unsorted["influence"].cumsum())
from_top = right_3.iloc[::-1].assign(cumulative=right_3["influence"].iloc[::-1].cumsum())
x, c, s = france_back["position"], france_back["capability"], france_back["salience"]
right_4 = models.weighted_median(x, c, s)

tipping = lesson04.us_tipping_point()
ret = data.frame("return")
right_6 = {"median": models.forecast(ret, "median"), "mean": models.forecast(ret, "mean")}

WRONG = {
    1: [
        Wrong(
            venue.assign(influence=shares.to_numpy()), says="share of the total", why="shares, not influence"
        ),
        Wrong(
            venue.assign(influence=venue["capability"] + venue["salience"]),
            says="adds capability and salience",
            why="added, not multiplied",
        ),
        Wrong(
            right_1[right_1["actor"] != "United States"],
            says="missing the row for 'United States'",
            why="one actor dropped",
        ),
        Wrong(right_1["influence"], says="single column", why="the column, not the table"),
        Wrong(
            right_1.rename(columns={"influence": "Influence"}),
            says="column names must match exactly",
            why="column name in capitals",
        ),
        Wrong(
            right_1.assign(influence=right_1["influence"].astype(str)),
            says="pd.to_numeric",
            why="influence as text",
        ),
        Wrong(
            right_1.assign(influence=right_1["influence"].where(right_1["actor"] != "Azerbaijan", 0.9)),
            says="the row for 'Azerbaijan'",
            why="one value copied wrongly",
        ),
        Wrong(venue, says="no column `influence` yet", why="the column never added"),
    ],
    2: [
        Wrong(
            float(influence[["Azerbaijan", "Russia"]].sum()),
            says="combined influence itself",
            why="influence, not its share",
        ),
        Wrong(float(shares["Azerbaijan"]), says="Azerbaijan's share alone", why="Russia forgotten"),
        Wrong(
            float(
                venue.set_index("actor").loc[["Azerbaijan", "Russia"], "capability"].sum()
                / venue["capability"].sum()
            ),
            says="share of capability",
            why="capability only",
        ),
        Wrong(float(100 * shares[["Azerbaijan", "Russia"]].sum()), says="percentage", why="a percentage"),
        Wrong(
            f"{shares[['Azerbaijan', 'Russia']].sum():.3f}", says="without quotes", why="the number as text"
        ),
        Wrong(
            round(float(shares[["Azerbaijan", "Russia"]].sum()), 2),
            says="three decimal places",
            why="rounded to two decimals",
        ),
        Wrong(shares[["Azerbaijan", "Russia"]], says="single number", why="the two shares, not their sum"),
    ],
    3: [
        Wrong(unsorted, says="Sort by position first", why="running total taken in the table's own order"),
        Wrong(from_top, says="Sort by position first", why="running total from the Kremlin end"),
        Wrong(right_3.iloc[::-1], says="reverse order", why="right numbers, listed from 100 down"),
        Wrong(
            lesson04.ladder(data.frame("venue")), says="coded values", why="the coded frame, not the scenario"
        ),
        Wrong(right_3.drop(columns="cumulative"), says="no column 'cumulative'", why="running total missing"),
        Wrong(
            right_3.assign(cumulative=right_3["influence"].cumsum() / right_3["influence"].sum()),
            says="running *share*",
            why="running share instead of running total",
        ),
        Wrong(right_3.iloc[:-1], says="missing the row for 'Russia'", why="last row lost"),
    ],
    4: [
        Wrong(models.weighted_mean(x, c, s), says="weighted mean", why="the mean"),
        Wrong(
            float(right_3["position"].iloc[right_3["position"].tolist().index(right_4) - 1]),
            says="one row too early",
            why="the row before half is reached",
        ),
        Wrong(float(np.median(x)), says="every actor counts the same", why="unweighted median"),
        Wrong(str(int(right_4)), says="without quotes", why="the number as text"),
        Wrong(right_4 + 1, says="one too high", why="off by one"),
        Wrong(pd.Series([right_4]), says=".iloc[0]", why="a one-row Series"),
    ],
    5: [
        Wrong(lesson04.us_tipping_point(0.01), says="two decimal places", why="not on the 0.05 grid"),
        Wrong(
            round(tipping - lesson04.STEP, 2), says="still at Azerbaijan's position", why="one step too low"
        ),
        Wrong(
            float(venue.set_index("actor").loc["United States", "salience"]),
            says="as coded",
            why="the coded salience",
        ),
        Wrong(
            float(
                lesson04.us_sweep().pipe(
                    lambda t: t.loc[t["forecast"] == t["forecast"].min(), "value"].iloc[0]
                )
            ),
            says="lowest point",
            why="where the median reaches Armenia",
        ),
        Wrong(100 * tipping, says="percentage", why="a percentage"),
        Wrong(0.9, says="re-engages", why="the hindsight preset's value"),
        Wrong(0.3, says="read from access", why="the access reading's value"),
    ],
    6: [
        Wrong(
            {"median": models.forecast(venue, "median"), "mean": models.forecast(venue, "mean")},
            says="venue issue",
            why="the wrong issue",
        ),
        Wrong({"median": right_6["mean"], "mean": right_6["median"]}, says="swapped", why="values swapped"),
        Wrong([right_6["median"], right_6["mean"]], says="dictionary", why="a list"),
        Wrong(
            {"weighted median": right_6["median"], "weighted mean": right_6["mean"]},
            says="Use exactly the keys",
            why="keys spelt out",
        ),
        Wrong(
            {"median": right_6["median"], "mean": float(ret["position"].mean())},
            says="The value for 'mean'",
            why="unweighted mean",
        ),
        Wrong({"median": right_6["median"]}, says="missing 'mean'", why="one model left out"),
    ],
    7: [
        Wrong("", says="empty", why="left empty"),
        Wrong("The mean is pulled by extremes.", says="words", why="too short"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(42, says="triple quotes", why="not text"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("04", WRONG)


def test_task_5_takes_the_step_worked_out_by_hand():
    # tests/models/test_course_data.py: the median leaves Azerbaijan's position once the US
    # salience passes 24.5 / 60 = 0.408..., so the first step of 0.05 that does is 0.45.
    assert lesson04.task_5(0.45).passed
    assert not lesson04.task_5(0.40).passed
