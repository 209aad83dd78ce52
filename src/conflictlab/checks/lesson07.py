"""Checks for lesson 07: how sure is the forecast?

Every expected answer is computed from the course data with
:mod:`conflictlab.models`; the only numbers written here are the settings the
tasks state (the seed, the number of draws, the interval's level, the grid of
saliences).
"""

from __future__ import annotations

import numbers
import sys

import numpy as np
import pandas as pd

from conflictlab import data, models
from conflictlab.checks import (
    Mentions,
    actors_of,
    answer_name,
    describe,
    expect_number,
    fail,
    show,
    task,
    words_task,
)
from conflictlab.checks._expect import _norm_text
from conflictlab.checks._precision import agrees, decimals

TITLE = "How sure is the forecast?"

#: Tasks 1 and 2: the seed and the number of draws (the lesson uses seed 0).
SEED = 1
DRAWS = 10_000
#: Task 2: the interval's level.
LEVEL = 0.9
#: The decimal places tasks 1, 2 and 5 ask for (stated in each task's text).
PLACES = {1: 3, 2: 1, 5: 2}
#: Task 5: the saliences tried, in steps of 0.01.
SALIENCE_GRID = np.round(np.arange(0, 1.0001, 0.01), 2)


def _frame() -> pd.DataFrame:
    return data.frame("venue")


def _band(value: float) -> str:
    """The band of the scale a forecast falls in, by the models' own rule."""
    bands = models.outcome_probabilities([value])
    return str(bands.loc[bands["count"] == 1, "outcome"].item())


@task(1, variable="p_kremlin")
def task_1(p_kremlin):
    """The share of weighted-median draws that are Kremlin-led, with seed 1."""
    frame = _frame()
    outcomes = models.monte_carlo(frame, model="median", n=DRAWS, seed=SEED)
    bands = models.outcome_probabilities(outcomes).set_index("outcome")["share"]
    expected = bands["Kremlin-led"]
    lesson = models.outcome_probabilities(models.monte_carlo(frame, model="median", n=DRAWS, seed=0))
    mean_bands = models.outcome_probabilities(models.monte_carlo(frame, model="mean", n=DRAWS, seed=SEED))
    mistakes = {
        float(
            lesson.set_index("outcome").loc["Kremlin-led", "share"]
        ): "That is the share with the lesson's seed (0); this task uses seed 1.",
        float(
            bands["middle"]
        ): "That is the share of the middle band; the task asks for the Kremlin-led band.",
        float(
            (outcomes >= 60).mean()
        ): "That counts forecasts of exactly 60 as Kremlin-led; 60 belongs to the middle band (above 60 is "
        "Kremlin-led).",
        float(
            mean_bands.set_index("outcome").loc["Kremlin-led", "share"]
        ): "That is the share for the weighted mean; the task asks about the weighted median.",
        float(
            bands["Kremlin-led"] * DRAWS
        ): "That is a number of draws; give the share of all draws, between 0 and 1.",
    }
    expect_number(
        p_kremlin,
        expected,
        places=PLACES[1],
        what="a share between 0 and 1",
        mistakes=mistakes,
        hint="Run `models.monte_carlo` with the settings the task gives, then "
        "`models.outcome_probabilities` on its result.",
        near_hint=f"A Monte Carlo share depends on the seed and the number of draws: use `seed={SEED}` and "
        f"`n={DRAWS:_}`, as the task says.",
    )


def _pair(value, what: str) -> tuple[float, float]:
    """Two numbers (low, high) from a tuple, list, array or Series; otherwise a hint."""
    name = answer_name()
    if isinstance(value, (pd.Series, np.ndarray)):
        value = list(np.asarray(value).ravel())
    if isinstance(value, (numbers.Real, np.generic)) and not isinstance(value, bool):
        fail(f"{name} is a single number ({show(value)}); the task asks for {what}, like `(40.0, 60.0)`")
    if isinstance(value, str):
        fail(f"{name} is text ({show(value)}); the task asks for {what} without quotes, like `(40.0, 60.0)`")
    if not isinstance(value, (tuple, list)):
        fail(f"{name} is {describe(value)}; the task asks for {what}, like `(40.0, 60.0)`")
    if len(value) != 2:
        fail(
            f"{name} holds {len(value)} value(s); the task asks for exactly two: the low end and the high end"
        )
    out = []
    for item in value:
        if isinstance(item, np.generic):
            item = item.item()
        if isinstance(item, bool) or not isinstance(item, numbers.Real):
            fail(f"{name} holds {show(item)}, which is {describe(item)}; both ends should be numbers")
        if isinstance(item, numbers.Integral) and abs(int(item)) > sys.float_info.max:
            fail(f"{name} holds a number far larger than any end of this interval could be")
        if not np.isfinite(item):
            fail(f"{name} holds {show(item)}; both ends should be finite numbers")
        out.append(float(item))
    return out[0], out[1]


@task(2, variable="interval_mean")
def task_2(interval_mean):
    """The 90% interval of the weighted mean's draws, with seed 1, as (low, high)."""
    frame = _frame()
    outcomes = models.monte_carlo(frame, model="mean", n=DRAWS, seed=SEED)
    expected = models.outcome_interval(outcomes, level=LEVEL)
    low, high = _pair(interval_mean, "two numbers, (low, high)")
    places = PLACES[2]

    def close(pair):
        return agrees(low, pair[0], places) and agrees(high, pair[1], places)

    if close(expected):
        return None
    median_outcomes = models.monte_carlo(frame, model="median", n=DRAWS, seed=SEED)
    wrong_ways = [
        ((expected[1], expected[0]), "The two ends are the wrong way round: give the low end first."),
        (
            models.outcome_interval(models.monte_carlo(frame, model="mean", n=DRAWS, seed=0), level=LEVEL),
            "That is the interval with the lesson's seed (0); this task uses seed 1.",
        ),
        (
            models.outcome_interval(outcomes, level=0.95),
            "That interval holds 95% of the draws; the task asks for 90%.",
        ),
        (
            models.outcome_interval(outcomes, level=0.8),
            "That interval holds only 80% of the draws (it cuts 10% at each end); a 90% interval cuts 5% at each end.",
        ),
        (
            models.outcome_interval(median_outcomes, level=LEVEL),
            "That is the interval of the weighted median; the task asks about the weighted mean.",
        ),
        (
            (float(np.nanmin(outcomes)), float(np.nanmax(outcomes))),
            "That is the range of all the draws, from the lowest to the highest; the 90% interval leaves out "
            "the lowest 5% and the highest 5%.",
        ),
    ]
    for pair, message in wrong_ways:
        if close(pair) and not close(expected):
            fail(message)
    if low > high:
        fail(f"{answer_name()} starts at {low:.1f} and ends at {high:.1f}: give the low end first")
    for end, mine, right in (("low end", low, expected[0]), ("high end", high, expected[1])):
        if agrees(mine, right, places):
            continue
        if decimals(mine) < places and agrees(mine, right, decimals(mine)):
            fail(
                f"The {end} of {answer_name()}, {mine:g}, has no decimal places: too few to judge. "
                "The task asks for one decimal place; there is no need to round at all"
            )
        near = abs(mine - right) <= 1.0
        fail(
            f"The {end} of {answer_name()} is {mine:g}, which is "
            + ("close, but not a rounding of the right value. " if near else "off. ")
            + f"A Monte Carlo interval depends on the seed and the number of draws: use `seed={SEED}` and "
            f"`n={DRAWS:_}` with the weighted mean, then `models.outcome_interval` with level {LEVEL}."
        )
    raise AssertionError("unreachable: an end that agrees is skipped")  # pragma: no cover


def _swings() -> pd.DataFrame:
    return models.tornado(_frame(), model="mean")


def _pair_of_words(value) -> tuple[str, str]:
    name = answer_name()
    if isinstance(value, str):
        fail(
            f"{name} is one piece of text ({show(value)}); the task asks for a pair, like "
            '`("Iran", "capability")`'
        )
    if isinstance(value, pd.DataFrame):
        fail(
            f"{name} is a whole table; take the actor and the input from the row you found, like "
            '`("Iran", "capability")`'
        )
    if isinstance(value, pd.Series):
        value = tuple(value.tolist())
    if not isinstance(value, (tuple, list)):
        fail(f'{name} is {describe(value)}; the task asks for a pair, like `("Iran", "capability")`')
    if len(value) != 2:
        fail(f"{name} holds {len(value)} value(s); the task asks for two: the actor and the input")
    if not all(isinstance(v, str) for v in value):
        fail(f"{name} holds {show(list(value))}; both the actor and the input should be text, in quotes")
    return value[0], value[1]


@task(3, variable="biggest_non_position")
def task_3(biggest_non_position):
    """The coding other than a position with the largest swing in the weighted mean's tornado."""
    swings = _swings()
    rest = swings[swings["input"] != "position"].sort_values("swing", ascending=False, kind="stable")
    expected = (rest.iloc[0]["actor"], rest.iloc[0]["input"])
    actor, field = _pair_of_words(biggest_non_position)
    actors = {_norm_text(a): a for a in swings["actor"]}
    inputs = {_norm_text(i): i for i in swings["input"]}
    if _norm_text(actor) in inputs and _norm_text(field) in actors:
        fail("The pair is the wrong way round: give the actor first, then the input")
    if _norm_text(actor) not in actors:
        ids = set(data.load("actors")["actor_id"])
        extra = (
            " (that looks like an actor id; use the name in the frame's `actor` column)"
            if actor in ids
            else ""
        )
        fail(f"{show(actor)} is not an actor in the venue frame{extra}")
    if _norm_text(field) not in inputs:
        fail(
            f"{show(field)} is not one of the inputs the tornado varies: 'position', 'salience', 'capability'"
        )
    got = (actors[_norm_text(actor)], inputs[_norm_text(field)])
    if got == expected:
        return "Compare this coding's rationale with its facts: is it the estimate you trust least?"
    median = models.tornado(_frame(), model="median")
    median_rest = median[median["input"] != "position"].sort_values("swing", ascending=False, kind="stable")
    if got[1] == "position":
        fail("That is a position; the task leaves positions out and asks about saliences and capabilities")
    if got == (median_rest.iloc[0]["actor"], median_rest.iloc[0]["input"]):
        fail("That is the largest for the weighted median; the task asks about the weighted mean")
    if got == (rest.iloc[-1]["actor"], rest.iloc[-1]["input"]):
        fail("That is the smallest swing of all: sort by `swing` from the largest")
    swing = float(rest.loc[(rest["actor"] == got[0]) & (rest["input"] == got[1]), "swing"].iloc[0])
    fail(
        f"{got[0]}'s {got[1]} swings the mean by {swing:.2f} points, but another salience or capability "
        "swings it more"
    )


@task(4, variable="n_band_flips")
def task_4(n_band_flips):
    """How many codings, moved by the tornado step, take the weighted median out of its band."""
    frame = _frame()
    coded_band = _band(models.forecast(frame, "median"))
    table = models.tornado(frame, model="median")
    flips = [any(_band(v) != coded_band for v in (row.low, row.high)) for row in table.itertuples()]
    expected = int(sum(flips))
    moving = int((table["swing"] > 0).sum())
    mistakes = {
        0: "None? Check two things: the task is about the weighted median, and a forecast of exactly 60 is "
        "already in the middle band.",
        len(table): "That is every coding in the tornado table; count only those whose low or high forecast "
        "leaves the Kremlin-led band.",
        int((table["swing"] == 0).sum()): "That counts the codings that do not move the forecast at all.",
        2 * len(table): "That counts lows and highs separately; count each coding once.",
    }
    if moving != expected:
        mistakes[moving] = (
            "That counts every coding that moves the forecast at all. A move from one "
            "Kremlin-led position to another does not leave the band."
        )
    expect_number(
        n_band_flips,
        expected,
        integer=True,
        what="a count of codings",
        mistakes=mistakes,
        hint="For each row of the weighted median's tornado table, ask whether its low or its high "
        "forecast is 60 or less.",
    )
    return "By the lesson's definition, one such coding is enough to make the forecast knife-edge."


@task(5, variable="russia_tipping")
def task_5(russia_tipping):
    """The largest Russian salience (steps of 0.01) below the coded one at which the median changes."""
    frame = _frame()
    coded = models.forecast(frame, "median")
    coded_salience = float(frame.set_index("actor").loc["Russia", "salience"])
    sweep = models.vary_coding(frame, "Russia", "salience", SALIENCE_GRID)
    below = sweep[sweep["value"] <= coded_salience]
    changed = below[below["forecast"] != coded]
    expected = float(changed["value"].max())
    tips = models.tipping_points(sweep)
    us_tip = models.tipping_points(models.vary_coding(frame, "United States", "salience", SALIENCE_GRID))
    step = float(SALIENCE_GRID[1] - SALIENCE_GRID[0])
    mistakes = {
        expected + step: f"At that salience the weighted median is still {coded:g}: it has not changed yet.",
        coded_salience: "That is Russia's coded salience, where the forecast is as coded.",
        round(coded_salience - expected, 2): "That is how far the salience must fall; the task asks for the "
        "salience itself.",
        float(changed["value"].min()): "That is the lowest salience tried; the task asks for the highest "
        "salience at which the forecast has changed.",
    }
    for tip in tips.itertuples():
        if tip.before < expected:
            mistakes[float(tip.before)] = (
                "That is a second tipping point, further down. The task asks where the "
                "forecast first changes as Russia's salience falls from its coded value."
            )
    if len(us_tip):
        mistakes[float(us_tip["after"].iloc[0])] = (
            "That is the US tipping point from the lesson; this task is about Russia."
        )
    expect_number(
        russia_tipping,
        expected,
        places=PLACES[5],
        what="a salience between 0 and 1",
        mistakes=mistakes,
        hint="Run `models.vary_coding` for Russia's salience and look for the highest value, below "
        "the coded one, whose forecast differs from the coded forecast.",
    )
    return "Compare it with Russia's coded salience: how large an error would flip the forecast?"


task_6 = words_task(
    6,
    variable="answer_6",
    min_words=40,
    description="Which coding to research next, and why.",
    requires=[
        Mentions(
            actors_of("venue"), what="the actor whose coding it is", ask="whose coding would you research?"
        ),
        Mentions(
            ["position", "salience", "capabilit"],
            what="which coding (position, salience or capability)",
            ask="which of the actor's codings: its position, salience or capability?",
        ),
        Mentions(
            ["evidence", "source", "statement", "report", "quote", "article"],
            what="the evidence that would settle it",
            ask="what kind of evidence, in the article or outside it, would settle it?",
        ),
    ],
)
