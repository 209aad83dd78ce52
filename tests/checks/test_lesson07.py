"""Plausible wrong answers for lesson 07 (how sure is the forecast?); see harness.py."""

import numpy as np
import pandas as pd
from harness import Wrong, wrong_answer_tests

from conflictlab import data, models
from conflictlab.checks import lesson07

frame = data.frame("venue")
coded = models.forecast(frame, "median")

# Task 1
outcomes = models.monte_carlo(frame, model="median", n=10_000, seed=lesson07.SEED)
shares = models.outcome_probabilities(outcomes).set_index("outcome")["share"]
lesson_shares = models.outcome_probabilities(models.monte_carlo(frame, model="median", n=10_000, seed=0))
lesson_shares = lesson_shares.set_index("outcome")["share"]

# Task 2
outcomes_mean = models.monte_carlo(frame, model="mean", n=10_000, seed=lesson07.SEED)
right_2 = models.outcome_interval(outcomes_mean, level=0.9)

# Task 3
swings = models.tornado(frame, model="mean")
rest = swings[swings["input"] != "position"]
right_3 = (rest.iloc[0]["actor"], rest.iloc[0]["input"])

# Task 4
median_swings = models.tornado(frame, model="median", delta=lesson07.BIG_STEP)

# Task 5
russia = models.vary_coding(frame, "Russia", "salience", lesson07.SALIENCE_GRID)
russia_coded = frame.set_index("actor").loc["Russia", "salience"]
changed = russia[(russia["value"] <= russia_coded) & (russia["forecast"] != coded)]
right_5 = changed["value"].max()
us_tip = models.tipping_points(models.vary_coding(frame, "United States", "salience", lesson07.SALIENCE_GRID))

WRONG = {
    1: [
        Wrong(lesson_shares["Kremlin-led"], says="lesson's seed", why="seed 0, copied from the lesson"),
        Wrong(shares["middle"], says="middle band", why="the wrong band"),
        Wrong((outcomes >= 60).mean(), says="exactly 60", why="60 counted as Kremlin-led"),
        Wrong(int(shares["Kremlin-led"] * 10_000), says="number of draws", why="a count, not a share"),
        Wrong(shares["Kremlin-led"] * 100, says="percentage", why="a percentage"),
        Wrong(models.outcome_probabilities(outcomes), says="table", why="the whole bands table"),
        Wrong(pd.Series([shares["Kremlin-led"]]), says="holding one value", why="a one-row Series"),
    ],
    2: [
        Wrong((right_2[1], right_2[0]), says="wrong way round", why="ends reversed"),
        Wrong(
            models.outcome_interval(models.monte_carlo(frame, model="mean", n=10_000, seed=0)),
            says="lesson's seed",
            why="seed 0, copied from the lesson",
        ),
        Wrong(models.outcome_interval(outcomes_mean, level=0.95), says="95%", why="a 95% interval"),
        Wrong(models.outcome_interval(outcomes_mean, level=0.8), says="80%", why="quantiles 0.1 and 0.9"),
        Wrong(
            models.outcome_interval(outcomes, level=0.9), says="weighted median", why="the median's interval"
        ),
        Wrong((outcomes_mean.min(), outcomes_mean.max()), says="range of all the draws", why="min and max"),
        Wrong(float(np.mean(outcomes_mean)), says="single number", why="the average, not an interval"),
        Wrong(f"{right_2[0]:.1f} to {right_2[1]:.1f}", says="text", why="the interval as text"),
        Wrong((right_2[0], right_2[1] + 1), says="high end", why="one end off"),
        Wrong([right_2[0], right_2[1], 0.9], says="exactly two", why="three numbers"),
    ],
    3: [
        Wrong(
            (swings.iloc[0]["actor"], swings.iloc[0]["input"]), says="position", why="positions not left out"
        ),
        Wrong(("Azerbaijan", "salience"), says="swings it more", why="a salience that pulls the mean less"),
        Wrong(
            (rest.iloc[-1]["actor"], rest.iloc[-1]["input"]),
            says="smallest swing",
            why="sorted the wrong way",
        ),
        Wrong((rest.iloc[1]["actor"], rest.iloc[1]["input"]), says="swings it more", why="the runner-up"),
        Wrong((right_3[1], right_3[0]), says="wrong way round", why="input first"),
        Wrong(("us", right_3[1]), says="actor id", why="an id instead of a name"),
        Wrong(f"{right_3[0]} {right_3[1]}", says="one piece of text", why="joined in one string"),
        Wrong(rest.head(1), says="whole table", why="the row, not the pair"),
        Wrong(
            (right_3[0], "influence"), says="not one of the inputs", why="an input the tornado does not vary"
        ),
    ],
    4: [
        Wrong(
            int((median_swings["swing"] > 0).sum()),
            says="moves the forecast at all",
            why="every moving coding",
        ),
        Wrong(0, says="larger step", why="none found, e.g. with the mean's tornado"),
        Wrong(1, says="standard step", why="the tornado's standard step (only Iran's position)"),
        Wrong(len(median_swings), says="every coding", why="all rows"),
        Wrong(int((median_swings["swing"] == 0).sum()), says="do not move", why="the zero swings"),
        Wrong(2 * len(median_swings), says="lows and highs separately", why="both columns counted"),
        Wrong("1", says="without quotes", why="the number as text"),
        Wrong(True, says="True/False", why="a yes/no instead of a count"),
    ],
    5: [
        Wrong(
            round(right_5 + 0.01, 2),
            says="has not changed yet",
            why="the first value that keeps the forecast",
        ),
        Wrong(russia_coded, says="coded salience", why="the coded value"),
        Wrong(
            round(russia_coded - right_5, 2),
            says="how far the salience must fall",
            why="the drop, not the level",
        ),
        Wrong(changed["value"].min(), says="lowest salience tried", why="min instead of max"),
        Wrong(us_tip["after"].iloc[0], says="US tipping point", why="copied from the lesson"),
        Wrong(right_5 * 100, says="percentage", why="a percentage"),
        Wrong(russia, says="table", why="the whole sweep"),
    ],
    6: [
        Wrong("", says="empty", why="left empty"),
        Wrong("Azerbaijan's position, because it matters most.", says="words", why="too short"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(("Azerbaijan", "position"), says="triple quotes", why="a pair, not words"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("07", WRONG)


def test_the_tasks_cannot_be_answered_by_copying_the_lesson():
    """Tasks 1 and 2 use another seed than the lesson, and the answers really differ."""
    assert abs(shares["Kremlin-led"] - lesson_shares["Kremlin-led"]) > 0.0005
    lesson_interval = models.outcome_interval(models.monte_carlo(frame, model="mean", n=10_000, seed=0))
    assert max(abs(a - b) for a, b in zip(right_2, lesson_interval, strict=False)) > 0.05


def test_task_4_counts_the_codings_worked_out_by_hand():
    # With delta 0.25, from the influences in tests/models/test_course_data.py (total 221.5):
    # lowered, Azerbaijan's capability (47.25), its salience (45.5), Russia's salience (27) each
    # let the running total at Armenia (104.5) reach half (25, Western-led); raised, Azerbaijan's
    # capability (78.75) leaves the total at Iran short of half (80, Kremlin-led); the US salience
    # lowered (21) gives 80, raised (51) gives 25; Iran's position moves the forecast to 35 or 85.
    # Azerbaijan's position (55, or clipped at 100) stays in the middle band; every other coding
    # leaves the median at Iran's position. Five codings.
    assert lesson07.task_4(5).passed
    assert not lesson07.task_4(6).passed
