"""Checks for lesson 05: bargaining dynamics (the expected-utility challenge model).

Every expected answer is computed here from :mod:`conflictlab.data` and
:mod:`conflictlab.models`.
"""

from __future__ import annotations

import math

import pandas as pd

from conflictlab import data, models
from conflictlab.checks import (
    Mentions,
    actors_of,
    expect_choice,
    expect_ids,
    expect_mapping,
    expect_number,
    expect_type,
    fail,
    task,
    words_task,
)
from conflictlab.checks._precision import agrees

TITLE = "Bargaining dynamics"

#: Rounds of the simulation in tasks 5 and 6.
ROUNDS = 10

#: Task 6's key for the expected-utility model's forecast. Not "eu": in this course
#: "EU" is the European Union.
EXPECTED_UTILITY = "expected_utility"
#: The decimal places task 6 asks for (stated in its text).
PLACES_6 = 1


# ------------------------------------------------------------------ expected values
def venue_table() -> pd.DataFrame:
    """The challenge table of the venue issue, coded positions."""
    return models.challenge_table(data.frame("venue"))


def _pair(table: pd.DataFrame, challenger: str, target: str) -> pd.Series:
    return table[(table["challenger"] == challenger) & (table["target"] == target)].iloc[0]


def positions_by_round(issue: str, rounds: int = ROUNDS) -> pd.DataFrame:
    """Positions of every actor (columns) in every round (rows) of the simulation."""
    history = models.simulate(data.frame(issue), rounds=rounds)
    return history.pivot(index="round", columns="actor", values="position")


# ------------------------------------------------------------------ task 1
@task(1, variable="p_eu_beats_russia")
def task_1(p_eu_beats_russia):
    """P(European Union beats Russia) on the venue issue, from the challenge table."""
    table = venue_table()
    row = _pair(table, "European Union", "Russia")
    reverse = _pair(table, "Russia", "European Union")
    mistakes: dict[float, str] = {}
    for value, message in [
        (
            reverse["win_probability"],
            "That is Russia's probability of beating the European Union. Use the row whose "
            "challenger is the European Union and whose target is Russia.",
        ),
        (
            row["challenger_eu"],
            "That is the European Union's expected utility of the challenge (`challenger_eu`), "
            "not its probability of winning (`win_probability`).",
        ),
        (
            row["target_eu"],
            "That is Russia's expected utility of challenging back (`target_eu`), not a probability "
            "of winning.",
        ),
    ]:
        mistakes.setdefault(float(value), message)
    expect_number(
        p_eu_beats_russia,
        float(row["win_probability"]),
        places=2,
        what="a probability between 0 and 1",
        mistakes=mistakes,
        hint='Read the `win_probability` of the row with challenger "European Union" and target "Russia".',
    )
    if row["win_probability"] < 0.5:
        return (
            "Under one half: in a head-on contest the Western track's leader would more likely lose — "
            "though the actors near the middle decide it."
        )
    return "Over one half: in a head-on contest the Western track's leader would more likely win."


# ------------------------------------------------------------------ task 2
@task(2, variable="n_conflicts")
def task_2(n_conflicts):
    """How many of the venue challenges are conflict offers."""
    table = venue_table()
    counts = table["offer"].value_counts()
    expected = int(counts.get("conflict", 0))
    offers = int((table["offer"] != "none").sum())
    mistakes: dict[float, str] = {}
    for value, message in [
        (offers, 'That counts every offer of any kind. Count only the rows whose `offer` is "conflict".'),
        (
            len(table),
            "That is the number of rows — every ordered pair of actors. Count only the rows whose "
            '`offer` is "conflict".',
        ),
        (
            counts.get("none", 0),
            'That counts the pairs with no offer. Count the rows whose `offer` is "conflict".',
        ),
        (counts.get("compromise", 0), "That is the number of compromises. Count the conflicts."),
    ]:
        if float(value) != float(expected):
            mistakes.setdefault(float(value), message)
    expect_number(
        n_conflicts,
        expected,
        integer=True,
        what="a count",
        mistakes=mistakes,
        hint='`table["offer"].value_counts()` counts each kind of offer.',
    )


# ------------------------------------------------------------------ task 3
@task(3, variable="offers_to_france")
def task_3(offers_to_france):
    """The actors that make France an offer in the first round (venue issue)."""
    table = venue_table()
    to_france = table[(table["target"] == "France") & (table["offer"] != "none")]
    expected = list(to_france["challenger"])
    targets = list(table[(table["challenger"] == "France") & (table["offer"] != "none")]["target"])
    everyone = list(table[table["target"] == "France"]["challenger"])
    mistakes = []
    if set(targets) != set(expected):
        mistakes.append(
            (
                targets,
                "Those are the actors France makes offers *to*. The task asks who makes "
                "France an offer: France is the `target`.",
            )
        )
    if set(everyone) != set(expected):
        mistakes.append(
            (
                everyone,
                "That is every actor that could challenge France, including those whose "
                '`offer` is "none". Keep only the real offers.',
            )
        )
    expect_ids(
        offers_to_france,
        expected,
        noun="actor name",
        valid=table["challenger"],
        mistakes=mistakes,
        hint='Keep the rows whose `target` is "France" and whose `offer` is not "none", then take '
        "their `challenger`.",
    )


# ------------------------------------------------------------------ task 4
@task(4, variable="france_after_round_1")
def task_4(france_after_round_1):
    """France's position after round 1 of the venue simulation."""
    moves = positions_by_round("venue", rounds=1)
    expected = float(moves["France"].loc[1])
    table = venue_table()
    offers = table[(table["target"] == "France") & (table["offer"] != "none")]
    mistakes: dict[float, str] = {
        float(moves["France"].loc[0]): "That is France's coded position, before round 1. Every actor accepts "
        "one offer per round."
    }
    for challenger, new_position in zip(
        offers["challenger"], offers["new_position"].astype(float), strict=True
    ):
        if not math.isclose(new_position, expected, abs_tol=0.05):
            mistakes.setdefault(
                round(new_position, 1),
                f"That is where {challenger}'s offer would take France. An actor accepts "
                "the offer that moves it least.",
            )
    expect_number(
        france_after_round_1,
        expected,
        places=1,
        what="a position on the 0–100 scale",
        mistakes=mistakes,
        hint="Look at the `new_position` of every offer France receives, or run "
        "`models.simulate(venue, rounds=1)`.",
    )
    accepted = offers[(offers["new_position"] - expected).abs() < 0.05]
    kind = (
        f"the {accepted['offer'].iloc[0]} offered by {accepted['challenger'].iloc[0]}"
        if len(accepted)
        else "one offer"
    )
    return f"The smallest move wins: France accepts {kind}."


# ------------------------------------------------------------------ task 5
@task(5, variable="biggest_mover")
def task_5(biggest_mover):
    """On `return`, the actor whose position changes most between round 0 and round 10."""
    moves = positions_by_round("return")
    change = (moves.iloc[-1] - moves.iloc[0]).abs()
    expected = str(change.idxmax())
    travelled = moves.diff().abs().sum()
    options = [str(a) for a in moves.columns]
    mistakes = {}
    furthest = str(travelled.idxmax())
    if furthest != expected:
        mistakes[furthest] = (
            f"{furthest} travels furthest in all, back and forth, but the task compares only "
            "its first and its last position."
        )
    signed = moves.iloc[-1] - moves.iloc[0]
    lowest = str(signed.idxmin())
    if lowest != expected and lowest not in mistakes:
        mistakes[lowest] = (
            f"{lowest} moves the most *down* the scale; the task asks for the largest change "
            "in either direction."
        )
    expect_choice(
        biggest_mover,
        options,
        expected,
        mistakes=mistakes,
        hint="Subtract each actor's round-0 position from its round-10 position and compare the "
        "sizes of the changes.",
    )
    return (
        f"{expected} moves most between the first and the last round. Is that plausible? Read its "
        'rationale in `data.frame("return")`.'
    )


# ------------------------------------------------------------------ task 6
@task(6, variable="return_eu_vs_median")
def task_6(return_eu_vs_median):
    """On `return`: {"expected_utility": final forecast after 10 rounds, "median": weighted median of the coded positions}."""
    key = EXPECTED_UTILITY
    ret = data.frame("return")
    history = models.simulate(ret, rounds=ROUNDS)
    forecasts = history.groupby("round")["forecast"].first()
    expected = {key: float(forecasts.iloc[-1]), "median": models.forecast(ret, "median")}
    if isinstance(return_eu_vs_median, pd.Series):
        return_eu_vs_median = return_eu_vs_median.to_dict()
    expect_type(return_eu_vs_median, "dict", what=f'a dictionary like {{"{key}": …, "median": …}}')
    if "eu" in return_eu_vs_median and key not in return_eu_vs_median:
        fail(
            f'`return_eu_vs_median` has the key "eu". Name the bargaining model\'s forecast "{key}": '
            'in this course "EU" is the European Union'
        )
    if return_eu_vs_median and not set(return_eu_vs_median) & set(expected):
        keys = ", ".join(repr(k) for k in return_eu_vs_median)
        fail(
            f'`return_eu_vs_median` has the keys {keys}. Use exactly the keys "{key}" and "median", '
            "each holding a number."
        )
    got = return_eu_vs_median.get(key)
    try:
        got = float(got)
    except (TypeError, ValueError):
        got = None

    def same(a: float, b: float) -> bool:
        return agrees(a, b, PLACES_6)

    if got is not None and not same(got, expected[key]):
        if same(got, float(forecasts.iloc[0])):
            fail(
                f'Your "{key}" value is the forecast of round 0, before any bargaining. Take the forecast '
                "of the last round."
            )
        if same(got, models.forecast(ret, "mean")):
            fail(
                f'Your "{key}" value is the weighted mean. Run `models.simulate` and take the forecast of '
                'the last round (or `models.forecast(ret, "expected_utility")`).'
            )
        venue = data.frame("venue")
        if same(got, models.forecast(venue, "expected_utility")):
            fail(f'Your "{key}" value is the venue issue\'s forecast. Use `data.frame("return")`.')
    expect_mapping(
        return_eu_vs_median,
        expected,
        noun="model",
        places=PLACES_6,
        what="its forecast",
        hint="Take the `forecast` of the last round of `models.simulate(ret, rounds=10)` and "
        '`models.forecast(ret, "median")`.',
    )
    if agrees(expected[key], expected["median"], PLACES_6):
        return "On this issue the two models agree."
    return "On this issue the two models disagree: the bargaining changes the story."


# ------------------------------------------------------------------ task 7
task_7 = words_task(
    7,
    variable="answer_7",
    min_words=40,
    description="One assumption of the challenge model, and how it shaped a result in this lesson.",
    requires=[
        Mentions(
            [
                "offer",
                "distance",
                "same time",
                "at once",
                "simultaneous",
                "on its own",
                "scale",
                "capabilit",
                "salienc",
            ],
            what="one of the listed assumptions",
            ask="which of the five assumptions do you judge? Name it",
        ),
        Mentions(
            lambda: [*actors_of("venue")(), "round"],
            what="a result of the model",
            ask="which result from lesson 05 or tasks 3–6 did the assumption produce? Name the actor or the round",
        ),
    ],
)
