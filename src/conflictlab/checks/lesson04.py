"""Checks for lesson 04: weighting actors' interests (who decides where the deal is signed?).

Every expected answer is computed here from :mod:`conflictlab.data` and
:mod:`conflictlab.models`, so a change to the codings changes the answers
with them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from conflictlab import data, models
from conflictlab.checks import (
    Mentions,
    actors_of,
    expect_frame,
    expect_mapping,
    expect_number,
    expect_type,
    fail,
    task,
    words_task,
)
from conflictlab.checks._precision import agrees

TITLE = "Weighting actors' interests"

#: The scenario used for the weighted median by hand (tasks 3 and 4).
SCENARIO = "russia_distracted"
#: The decimal places the tasks ask for (stated in each task's text).
PLACES = {2: 3, 4: 1, 5: 2, 6: 1}
#: The actor and the grid of task 5.
US = "United States"
STEP = 0.05


# ------------------------------------------------------------------ expected values
def expected_influence() -> pd.DataFrame:
    """The venue frame with influence = capability × salience."""
    venue = data.frame("venue")
    return venue.assign(influence=venue["capability"] * venue["salience"])


def scenario_frame() -> pd.DataFrame:
    """The venue frame with the "Russia distracted" scenario applied."""
    return data.apply_scenario(data.frame("venue"), SCENARIO)


def ladder(frame: pd.DataFrame) -> pd.DataFrame:
    """Actors sorted by position with their influence and its running total."""
    out = frame.sort_values("position", kind="stable")[["actor", "position"]].copy()
    out["influence"] = (frame["capability"] * frame["salience"]).loc[out.index]
    out["cumulative"] = out["influence"].cumsum()
    return out


def _arrays(frame: pd.DataFrame):
    return frame["position"], frame["capability"], frame["salience"]


def us_sweep(step: float = STEP) -> pd.DataFrame:
    """Weighted median of the venue issue for every US salience on a grid (columns value, forecast)."""
    steps = np.round(np.arange(0, 1 + step / 2, step), 2)
    return models.vary_coding(data.frame("venue"), US, "salience", steps, "median")


def us_tipping_point(step: float = STEP) -> float:
    """The smallest US salience on the grid at which the weighted median leaves its coded value."""
    return float(models.tipping_points(us_sweep(step))["after"].iloc[0])


# ------------------------------------------------------------------ task 1
@task(1, variable="venue_influence")
def task_1(venue_influence):
    """The venue frame with an `influence` column: capability × salience."""
    expected = expected_influence()
    if isinstance(venue_influence, pd.DataFrame) and not any(
        str(col).strip().lower() == "influence" for col in venue_influence.columns
    ):
        fail(
            "`venue_influence` has no column `influence` yet. Add it with "
            "`venue.assign(influence=...)`, which returns a copy of the table with the new column."
        )
    if (
        isinstance(venue_influence, pd.DataFrame)
        and "influence" in venue_influence.columns
        and "actor" in venue_influence.columns
        and len(venue_influence) == len(expected)
    ):
        mine = pd.to_numeric(venue_influence.set_index("actor")["influence"], errors="coerce")
        frame = expected.set_index("actor")
        if set(mine.index) == set(frame.index):
            mine = mine.loc[frame.index].to_numpy(dtype=float)
            shares = (frame["influence"] / frame["influence"].sum()).to_numpy()
            added = (frame["capability"] + frame["salience"]).to_numpy()
            if np.allclose(mine, shares, atol=1e-6):
                fail(
                    "The `influence` column holds each actor's share of the total. The task asks "
                    "for influence itself, capability × salience, before dividing by anything."
                )
            if np.allclose(mine, added, atol=1e-6):
                fail(
                    "The `influence` column adds capability and salience. Influence multiplies "
                    "them: a great power that does not care has little influence."
                )
    expect_frame(
        venue_influence,
        columns=["actor", "position", "capability", "salience", "influence"],
        key="actor",
        expected=expected,
        dtypes={"influence": "number"},
        noun="actor",
        tol=1e-9,
        hint="Influence is capability × salience, row by row.",
    )


# ------------------------------------------------------------------ task 2
@task(2, variable="share_az_ru")
def task_2(share_az_ru):
    """The combined share of influence of Azerbaijan and Russia on the venue issue."""
    frame = expected_influence().set_index("actor")
    total = frame["influence"].sum()
    expected = frame.loc[["Azerbaijan", "Russia"], "influence"].sum() / total
    mistakes = {
        float(
            frame.loc[["Azerbaijan", "Russia"], "influence"].sum()
        ): "That is their combined influence itself; the task asks for its share of all actors' "
        "influence, a number between 0 and 1.",
        float(
            frame.loc["Azerbaijan", "influence"] / total
        ): "That is Azerbaijan's share alone; add Russia's.",
        float(
            frame.loc[["Azerbaijan", "Russia"], "capability"].sum() / frame["capability"].sum()
        ): "That is their share of capability. Influence is capability × salience: take the "
        "share of influence.",
        float(
            frame.loc[["Azerbaijan", "Russia"], "salience"].sum() / frame["salience"].sum()
        ): "That is their share of salience. Influence is capability × salience: take the share "
        "of influence.",
    }
    expect_number(
        share_az_ru,
        expected,
        places=PLACES[2],
        what="a share between 0 and 1",
        mistakes=mistakes,
        hint="Add Azerbaijan's and Russia's influence (capability × salience) and divide by the "
        "influence of all the actors.",
    )
    if expected > 0.5:
        return "More than half: together they can carry any pairwise vote on this issue."
    return "Less than half: even together they need a partner to carry a vote."


# ------------------------------------------------------------------ task 3
@task(3, variable="ladder_distracted")
def task_3(ladder_distracted):
    """The "Russia distracted" actors sorted by position, with influence and its running total."""
    frame = scenario_frame()
    expected = ladder(frame)
    if isinstance(ladder_distracted, pd.DataFrame):
        columns = set(ladder_distracted.columns)
        if "running_total" in columns and "cumulative" not in columns:
            fail(
                "`ladder_distracted` calls its running total `running_total`, as the lesson did; the task names "
                "that column `cumulative`: rename it"
            )
        if "influence" not in columns:
            fail(
                "`ladder_distracted` has no column `influence` yet. The lesson added it to `venue` in section 3, "
                "before the ladder; `distracted` does not have it. Add it first with "
                '`distracted.assign(influence=distracted["capability"] * distracted["salience"])`'
            )
    if (
        isinstance(ladder_distracted, pd.DataFrame)
        and {"actor", "cumulative"} <= set(ladder_distracted.columns)
        and len(ladder_distracted) == len(expected)
    ):
        coded = ladder(data.frame("venue")).set_index("actor")["cumulative"]
        mine = ladder_distracted.set_index("actor")["cumulative"]
        if set(mine.index) == set(coded.index) and np.allclose(
            pd.to_numeric(mine.loc[coded.index], errors="coerce"), coded, atol=1e-6
        ):
            fail(
                "These are the running totals with the coded values. Use the frame `distracted`, "
                "in which Russia's salience is lowered."
            )
        ordered = expected.set_index("actor")
        if set(mine.index) == set(ordered.index):
            got = pd.to_numeric(mine.loc[ordered.index], errors="coerce").to_numpy(dtype=float)
            running_share = (ordered["cumulative"] / ordered["influence"].sum()).to_numpy()
            if np.allclose(got, running_share, atol=1e-6):
                fail(
                    "The `cumulative` column holds the running *share* of influence. Keep the running "
                    "total itself; you compare it with half of the total in task 4."
                )
    expect_frame(
        ladder_distracted,
        columns=["actor", "position", "influence", "cumulative"],
        key="actor",
        expected=expected,
        dtypes={"position": "number", "influence": "number", "cumulative": "number"},
        sorted_by="position",
        noun="actor",
        tol=1e-6,
        sort_hint='Sort with `.sort_values("position")` before taking the running total.',
        hint="Sort by position first, then take the running total of influence with `.cumsum()`.",
    )


# ------------------------------------------------------------------ task 4
@task(4, variable="median_by_hand")
def task_4(median_by_hand):
    """The weighted median of the "Russia distracted" frame, read off the ladder."""
    frame = scenario_frame()
    x, c, s = _arrays(frame)
    expected = models.weighted_median(x, c, s)
    steps = ladder(frame).reset_index(drop=True)
    row = int(steps.index[steps["position"] == expected][0])
    half = float(steps["influence"].sum() / 2)
    mistakes: list[tuple[float, str]] = []
    for value, message in [
        (
            steps["position"].iloc[row - 1] if row > 0 else None,
            "That is the position one row too early on the ladder: its running total is still below "
            "half of the total influence. Take the first row whose `cumulative` is at least half.",
        ),
        (
            steps["position"].iloc[row + 1] if row + 1 < len(steps) else None,
            "That is the position one row too late on the ladder: the row before it already reaches "
            "half of the total influence. Take the *first* row whose `cumulative` is at least half.",
        ),
        (
            steps["cumulative"].iloc[row],
            "That is a running total of influence, not a position. Read the `position` of the first "
            "row whose `cumulative` reaches half of the total.",
        ),
        (
            half,
            "That is half of the total influence, the mark the running total must reach; the answer "
            "is the `position` of the first row that reaches it.",
        ),
        (
            models.weighted_mean(x, c, s),
            "That is the weighted mean. The median is the first position at which the running total "
            "of influence reaches half of the total.",
        ),
        (
            models.forecast(data.frame("venue"), "median"),
            "That is the weighted median with the coded values. In this scenario Russia's salience is "
            "lower: redo the running total with `distracted`.",
        ),
        (
            np.median(x),
            "That is where the median falls if every actor counts the same (or if you weight by "
            "capability or salience alone). Weight each actor by capability × salience.",
        ),
        (
            models.weighted_median(x, c, np.ones(len(c))),
            "That is the median weighted by capability alone. Weight each actor by capability × salience.",
        ),
        (
            models.weighted_median(x, np.ones(len(c)), s),
            "That is the median weighted by salience alone. Weight each actor by capability × salience.",
        ),
    ]:
        if value is not None and float(value) != float(expected):
            mistakes.append((float(value), message))
    expect_number(
        median_by_hand,
        expected,
        places=PLACES[4],
        what="a position on the 0–100 scale",
        mistakes=mistakes,
        hint="Sort by position, add up influence row by row, and read the `position` of the first row "
        "whose running total reaches half of all influence.",
    )
    return "It is an actor's position: the weighted median always is."


# ------------------------------------------------------------------ task 5
@task(5, variable="us_salience_needed")
def task_5(us_salience_needed):
    """The smallest US salience, in steps of 0.05, that moves the venue forecast off Azerbaijan's position."""
    expected = us_tipping_point()
    table = us_sweep()
    coded_median = models.forecast(data.frame("venue"), "median")
    lowest = float(table["forecast"].iloc[-1])
    frame = data.frame("venue").set_index("actor")
    coded_salience = float(frame.loc[US, "salience"])
    preset = data.scenarios("venue")
    preset_value = preset.loc[(preset["actor"] == US) & (preset["field"] == "salience"), "value"]
    mistakes: dict[float, str] = {}
    for value, message in [
        (
            table.loc[table["forecast"] == lowest, "value"].iloc[0],
            "At that salience the median has already reached its lowest point. The task asks for the "
            "first step at which it leaves Azerbaijan's position.",
        ),
        (
            round(expected - STEP, 2),
            f"At that salience the median is still at Azerbaijan's position ({coded_median:g}). "
            "Try the next step up.",
        ),
        (
            coded_salience,
            "That is the United States' salience as coded, where the forecast is Azerbaijan's "
            "position. Raise it step by step.",
        ),
        (
            us_tipping_point(0.01),
            "That is the tipping point to two decimal places; the task asks for a step of 0.05 "
            "(0.05, 0.10, 0.15, …): the first of those at which the median has moved.",
        ),
    ]:
        mistakes.setdefault(float(value), message)
    for value in preset_value:
        mistakes.setdefault(
            float(value),
            'That is the salience in the preset "The US re-engages"; the median moves well before that.',
        )
    mistakes.pop(expected, None)
    expect_number(
        us_salience_needed,
        expected,
        places=PLACES[5],
        what="a salience between 0 and 1",
        mistakes=mistakes,
        hint="Try each salience 0.05, 0.10, … in the panel or with `models.vary_coding`, and stop at "
        "the first one where the weighted median is not Azerbaijan's position.",
    )
    return (
        "Compare it with the coded salience: that gap is how much more attention Washington "
        "would have to give the issue before the forecast changed."
    )


# ------------------------------------------------------------------ task 6
@task(6, variable="return_forecasts")
def task_6(return_forecasts):
    """The weighted median and weighted mean of the `return` issue, as {"median": …, "mean": …}."""
    ret = data.frame("return")
    expected = {"median": models.forecast(ret, "median"), "mean": models.forecast(ret, "mean")}
    venue = data.frame("venue")
    if isinstance(return_forecasts, pd.Series):
        return_forecasts = return_forecasts.to_dict()
    expect_type(return_forecasts, "dict", what='a dictionary like {"median": …, "mean": …}')
    if return_forecasts and not set(return_forecasts) & set(expected):
        keys = ", ".join(repr(k) for k in return_forecasts)
        fail(
            f'`return_forecasts` has the keys {keys}. Use exactly the keys "median" and "mean", '
            "each holding a number."
        )
    if set(return_forecasts) == {"median", "mean"}:
        try:
            got = {k: float(v) for k, v in return_forecasts.items()}
        except (TypeError, ValueError, OverflowError):
            got = None
        if got is not None:
            if agrees(got["median"], models.forecast(venue, "median"), PLACES[6]) and agrees(
                got["mean"], models.forecast(venue, "mean"), PLACES[6]
            ):
                fail('These are the forecasts for the venue issue. Use `data.frame("return")`.')
            if agrees(got["median"], expected["mean"], PLACES[6]) and agrees(
                got["mean"], expected["median"], PLACES[6]
            ):
                fail("The two numbers are swapped: which model gives which?")
    expect_mapping(
        return_forecasts,
        expected,
        noun="model",
        places=PLACES[6],
        what="its forecast",
        hint='`models.forecast(data.frame("return"), "median")` and `"mean"` give the two forecasts.',
    )
    return "Same issue, same codings, two different stories."


# ------------------------------------------------------------------ task 7
task_7 = words_task(
    7,
    variable="answer_7",
    min_words=40,
    description="Why the weighted median and the weighted mean disagree on the venue issue.",
    requires=[
        Mentions(
            ["median"], what="the weighted median", ask="what does the weighted median count, and what not?"
        ),
        Mentions(
            ["mean"],
            what="the weighted mean",
            ask="what does the weighted mean count that the median does not?",
        ),
        Mentions(
            actors_of("venue"),
            what="the actors of the venue issue",
            ask="which actors' codings pull the two forecasts apart? Name them",
        ),
    ],
)
