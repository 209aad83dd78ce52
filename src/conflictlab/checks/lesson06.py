"""Checks for lesson 06: packages and the zone of possible agreement.

Every expected answer is computed from the course data with
:mod:`conflictlab.models`; the only numbers written here are the what-if
settings the tasks state (a party's no-deal value in tasks 5 and 6, the grid
of weights in task 6).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from conflictlab import data, models
from conflictlab.checks import (
    Mentions,
    expect_choice,
    expect_ids,
    expect_mapping,
    expect_number,
    fail,
    task,
    words_task,
)
from conflictlab.checks._precision import agrees

TITLE = "Packages and the zone of possible agreement"

#: Task 5: Armenia's no-deal utility in the what-if (a better alternative to a deal).
ARMENIA_STRONGER_NO_DEAL = 0.70
#: Task 6: Armenia's no-deal utility in the what-if (a worse alternative to a deal).
ARMENIA_WEAKER_NO_DEAL = 0.40
#: Task 6: the weights tried, in steps of 0.05.
RETURN_GRID = np.round(np.arange(0, 1.0001, 0.05), 2)


def _inputs():
    inputs = data.package_inputs()
    utilities = models.package_utilities(inputs["weights"], inputs["terms"], inputs["ideals"])
    return inputs, utilities


def _with_no_deal(no_deal, party, value):
    changed = no_deal.copy()
    changed[party] = value
    return changed


def package_ids() -> list[str]:
    """The package ids, in the order of the packages table (the options of task 5)."""
    return data.load("packages")["package_id"].tolist()


@task(1, variable="utility_brussels_azerbaijan")
def task_1(utility_brussels_azerbaijan):
    """Azerbaijan's utility for the Brussels treaty, worked out from weights, terms and ideal points."""
    inputs, utilities = _inputs()
    w = inputs["weights"].loc["Azerbaijan"]
    v = inputs["terms"].loc["brussels"]
    x = inputs["ideals"].loc["Azerbaijan"]
    distance = (v - x).abs() / 100
    expected = utilities.loc["brussels", "Azerbaijan"]
    expect_number(
        utility_brussels_azerbaijan,
        expected,
        places=3,
        what="Azerbaijan's utility, a number between 0 and 1",
        hint="For each issue take 1 - |term - ideal| / 100, multiply by Azerbaijan's weight on that issue, "
        "and add up over the issues.",
        mistakes={
            float(
                utilities.loc["brussels", "Armenia"]
            ): "That is Armenia's utility for the Brussels treaty; the task asks for Azerbaijan's.",
            float(
                (1 - distance).mean()
            ): "That is the plain average of the closeness on each issue: weight each issue by how much "
            "Azerbaijan cares about it.",
            float(
                (w * distance).sum()
            ): "That is the weighted distance from Azerbaijan's ideal points. Utility measures closeness: "
            "1 minus the distance.",
            float(
                (w * (1 - (v - x).abs())).sum()
            ): "The terms and ideal points are on a 0–100 scale: divide each distance by 100 before taking it "
            "from 1.",
            float(
                expected - inputs["disagreement"]["Azerbaijan"]
            ): "That is Azerbaijan's gain over no deal; the task asks for the utility itself.",
        },
    )
    return "Compare it with Azerbaijan's no-deal value: would Azerbaijan sign this treaty?"


@task(2, variable="zone")
def task_2(zone):
    """The package ids in the zone of possible agreement (coded values)."""
    inputs, utilities = _inputs()
    expected = models.zone_of_agreement(utilities, inputs["disagreement"])
    pareto = models.pareto_set(utilities)
    expect_ids(
        zone,
        expected,
        noun="package id",
        valid=package_ids(),
        hint="Keep a package only if its utility is above the no-deal value for both Armenia and Azerbaijan.",
        mistakes=[
            (
                pareto,
                "That is the Pareto set. The zone compares each package with no deal, not with the "
                "other packages.",
            ),
            (
                list(utilities.index),
                "Not every package beats no deal for both sides: compare each utility "
                "with that side's no-deal value.",
            ),
        ],
    )


@task(3, variable="pareto")
def task_3(pareto):
    """The Pareto-efficient package ids (coded values)."""
    inputs, utilities = _inputs()
    expected = models.pareto_set(utilities)
    zone = models.zone_of_agreement(utilities, inputs["disagreement"])
    expect_ids(
        pareto,
        expected,
        noun="package id",
        valid=package_ids(),
        hint="A package is left out only if another package is at least as good for both sides and better "
        "for one.",
        mistakes=[
            (
                zone,
                "That is the zone of possible agreement. Pareto efficiency compares the packages with "
                "one another; no deal plays no part in it.",
            ),
            (
                [k for k in expected if k in zone],
                "Pareto efficiency does not depend on no deal: a package can "
                "be Pareto-efficient and still lie outside the zone.",
            ),
            (
                list(utilities.index),
                "One package is beaten by another package for both sides, so it is not Pareto-efficient.",
            ),
        ],
    )


def _as_mapping(value):
    if isinstance(value, pd.Series) and not value.index.has_duplicates:
        return value.to_dict()
    return value if isinstance(value, dict) else None


#: The decimal places task 4 asks for (stated in its text).
PLACES_4 = 3


def _same_values(mapping, reference, places):
    return set(mapping) == set(reference) and all(
        isinstance(mapping[k], (int, float, np.integer, np.floating))
        and not isinstance(mapping[k], bool)
        and agrees(float(mapping[k]), float(reference[k]), places)
        for k in reference
    )


@task(4, variable="products")
def task_4(products):
    """The product of the two gains for each package in the zone (coded values)."""
    inputs, utilities = _inputs()
    no_deal = inputs["disagreement"]
    zone = models.zone_of_agreement(utilities, no_deal)
    gains = utilities - no_deal
    expected = gains.loc[zone].prod(axis=1).to_dict()
    places = PLACES_4
    mapping = _as_mapping(products)
    if mapping is not None:
        wrong_ways = [
            (
                utilities.loc[zone].prod(axis=1).to_dict(),
                "Those are products of the utilities. Subtract each side's no-deal value first: the Nash rule "
                "multiplies the gains.",
            ),
            (
                gains.loc[zone].sum(axis=1).to_dict(),
                "Those are sums of the two gains; the Nash rule multiplies them.",
            ),
            (
                gains.loc[zone].min(axis=1).to_dict(),
                "Those are the smaller of the two gains; the Nash rule multiplies them.",
            ),
            *(
                (
                    gains.loc[zone].round(digits).prod(axis=1).to_dict(),
                    f"Those are products of the gains rounded to {digits} decimal place{'s' if digits > 1 else ''} "
                    "before multiplying, which changes the products more than the task allows. Multiply the "
                    "gains as they are, and round only the products, if at all.",
                )
                for digits in (1, 2)
            ),
        ]
        for reference, message in wrong_ways:
            if _same_values(mapping, reference, places) and not _same_values(mapping, expected, places):
                fail(message)
        # Gains rounded at the task's own precision before multiplying are right answers too.
        rounded_first = gains.loc[zone].round(places).prod(axis=1).to_dict()
        if _same_values(mapping, rounded_first, places) and not _same_values(mapping, expected, places):
            return None
    expect_mapping(
        products,
        expected,
        noun="package id",
        places=places,
        what="the product of its two gains",
        hint="Multiply Armenia's gain by Azerbaijan's gain, where a gain is the utility minus "
        "that side's no-deal value.",
    )


@task(5, variable="nash_stronger_armenia")
def task_5(nash_stronger_armenia):
    """The Nash bargaining choice when Armenia's no-deal value rises to ARMENIA_STRONGER_NO_DEAL."""
    inputs, utilities = _inputs()
    no_deal = _with_no_deal(inputs["disagreement"], "Armenia", ARMENIA_STRONGER_NO_DEAL)
    expected = models.nash_bargaining(utilities, no_deal)
    coded = models.nash_bargaining(utilities, inputs["disagreement"])
    zone = models.zone_of_agreement(utilities, no_deal)
    mistakes = {}
    for package in utilities.index:
        if package == expected:
            continue
        if package == coded:
            mistakes[package] = (
                "That is the Nash choice with the coded no-deal values. Recompute "
                "Armenia's gains with its better alternative."
            )
        elif package not in zone:
            loser = [p for p in utilities.columns if utilities.loc[package, p] <= no_deal[p]]
            mistakes[package] = (
                f"That package leaves {' and '.join(loser)} no better off than no deal, "
                "so it is outside the zone: the Nash rule never picks it."
            )
        else:
            mistakes[package] = "That package is in the zone, but another has a larger product of gains."
    expect_choice(nash_stronger_armenia, package_ids(), str(expected), mistakes=mistakes)
    return "A better alternative for Armenia pulls the Nash choice towards Armenia's terms."


def return_threshold(no_deal) -> float:
    """The first weight of RETURN_GRID at which no package is left in the zone (NaN if none)."""
    return _return_threshold(tuple(pd.Series(no_deal).astype(float).items()))


@functools.lru_cache(maxsize=8)
def _return_threshold(no_deal: tuple[tuple[str, float], ...]) -> float:
    # a sweep of 21 bargains: kept, so that checking an answer again answers at once
    inputs, _ = _inputs()
    sweep = models.bargaining_sweep(
        inputs["weights"],
        inputs["terms"],
        inputs["ideals"],
        pd.Series(dict(no_deal)),
        "Armenia",
        "return",
        RETURN_GRID,
    )
    return float(sweep.loc[sweep["zone_size"] == 0, "value"].min())


@task(6, variable="closing_weight")
def task_6(closing_weight):
    """The smallest weight on return (steps of 0.05) that closes the zone, with Armenia's weaker no-deal value."""
    inputs, _ = _inputs()
    weaker = _with_no_deal(inputs["disagreement"], "Armenia", ARMENIA_WEAKER_NO_DEAL)
    expected = return_threshold(weaker)
    coded = return_threshold(inputs["disagreement"])
    step = float(RETURN_GRID[1] - RETURN_GRID[0])
    mistakes = {
        expected
        - step: "At that weight at least one package is still in the zone, so it has not closed yet.",
        float(inputs["weights"].loc["Armenia", "return"]): "That is Armenia's coded weight on return.",
    }
    if abs(coded - expected) > step / 2:
        mistakes[coded] = (
            "That is where the zone closes with Armenia's coded no-deal value; use the weaker "
            "one this task gives."
        )
    expect_number(
        closing_weight,
        expected,
        places=2,
        what="a weight between 0 and 1",
        hint="Run the sweep with the weaker no-deal value and take the smallest weight whose zone is empty.",
        mistakes=mistakes,
    )
    return "A worse alternative makes Armenia accept more before the zone closes."


task_7 = words_task(
    7,
    variable="answer_7",
    min_words=40,
    description="Why the Nash choice is a compromise, and what it assumes.",
    requires=[
        Mentions(["gain"], what="the gains", ask="use the gains over no deal you computed in task 4"),
        Mentions(["assum"], what="what the Nash rule assumes", ask="what does the Nash rule assume?"),
        Mentions(
            ["weight", "ideal", "no-deal", "no deal", "disagreement", "term", "utilit"],
            what="an estimate you would question",
            ask="which input — a weight, an ideal point, a package's terms or a no-deal value — would you question?",
        ),
    ],
)
