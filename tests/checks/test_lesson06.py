"""Plausible wrong answers for lesson 06 (packages and the zone of possible agreement); see harness.py."""

import numpy as np
from harness import Wrong, wrong_answer_tests

from conflictlab import data, models
from conflictlab.checks import lesson06

inputs = data.package_inputs()
weights, terms, ideals, no_deal = inputs["weights"], inputs["terms"], inputs["ideals"], inputs["disagreement"]
names = inputs["packages"].set_index("package_id")["name"]
utilities = models.package_utilities(weights, terms, ideals)
gains = utilities - no_deal
zone = models.zone_of_agreement(utilities, no_deal)
pareto = models.pareto_set(utilities)
products = gains.loc[zone].prod(axis=1)

# Task 1: Azerbaijan and the Brussels treaty.
w, v, x = weights.loc["Azerbaijan"], terms.loc["brussels"], ideals.loc["Azerbaijan"]
right_1 = utilities.loc["brussels", "Azerbaijan"]

# Task 5: Armenia with a better no-deal value.
stronger = no_deal.copy()
stronger["Armenia"] = lesson06.ARMENIA_STRONGER_NO_DEAL
nash_stronger = models.nash_bargaining(utilities, stronger)
coded_nash = models.nash_bargaining(utilities, no_deal)

# Task 6: the first weight on return at which the zone is empty.
weaker = no_deal.copy()
weaker["Armenia"] = lesson06.ARMENIA_WEAKER_NO_DEAL
right_6 = lesson06.return_threshold(weaker)
coded_6 = lesson06.return_threshold(no_deal)


def not_in(options, *excluded):
    return next(k for k in options if k not in excluded)


WRONG = {
    1: [
        Wrong(utilities.loc["brussels", "Armenia"], says="Armenia's utility", why="the other party"),
        Wrong((1 - (v - x).abs() / 100).mean(), says="plain average", why="weights left out"),
        Wrong((w * (v - x).abs() / 100).sum(), says="weighted distance", why="distance, not closeness"),
        Wrong(
            (w * (1 - (v - x).abs())).sum(),
            says="divide each distance by 100",
            why="scale not divided by 100",
        ),
        Wrong(right_1 - no_deal["Azerbaijan"], says="gain over no deal", why="the gain, not the utility"),
        Wrong(str(round(right_1, 3)), says="without quotes", why="the number as text"),
        Wrong(utilities.loc[["brussels"], ["Azerbaijan"]], says="holding one value", why="a one-cell table"),
        Wrong(right_1 * 100, says="percentage", why="a percentage"),
    ],
    2: [
        Wrong(pareto, says="Pareto set", why="the Pareto set instead"),
        Wrong(list(utilities.index), says="not every package", why="every package"),
        Wrong(zone[:-1], says="missing", why="one package left out"),
        Wrong([names[k] for k in zone], says="right column", why="package names, not ids"),
        Wrong(
            [*zone[:-1], not_in(utilities.index, *zone)],
            says="should not be there",
            why="a package outside the zone instead of one inside",
        ),
        Wrong(", ".join(zone), says="one piece of text", why="ids joined in one string"),
        Wrong(gains.loc[zone], says="whole table", why="the rows of the gains table, not their ids"),
    ],
    3: [
        Wrong(zone, says="zone of possible agreement", why="the zone instead"),
        Wrong(
            [k for k in pareto if k in zone],
            says="does not depend on no deal",
            why="Pareto set within the zone",
        ),
        Wrong(list(utilities.index), says="not pareto-efficient", why="every package"),
        Wrong(pareto[:-1], says="missing", why="one package left out"),
        Wrong([k.upper() for k in pareto], says="capitals", why="ids in capitals"),
    ],
    4: [
        Wrong(
            utilities.loc[zone].prod(axis=1).to_dict(),
            says="products of the utilities",
            why="utilities, not gains",
        ),
        Wrong(
            gains.loc[zone].sum(axis=1).to_dict(), says="sums of the two gains", why="added, not multiplied"
        ),
        Wrong(gains.loc[zone].min(axis=1).to_dict(), says="smaller of the two gains", why="the smaller gain"),
        Wrong(gains.prod(axis=1).to_dict(), says="should not be there", why="packages outside the zone kept"),
        Wrong(products.iloc[:-1].to_dict(), says="missing", why="one package left out"),
        Wrong(products.tolist(), says="dictionary", why="the right numbers in a list"),
        Wrong(
            {k: -p for k, p in products.items()},
            says="wrong sign",
            why="gains subtracted the wrong way round",
        ),
        Wrong(
            {k: str(round(p, 4)) for k, p in products.items()},
            says="should be a number",
            why="numbers as text",
        ),
    ],
    5: [
        Wrong(coded_nash, says="coded no-deal values", why="the lesson's Nash choice"),
        Wrong(
            utilities["Armenia"].idxmax(),
            says="no better off than no deal",
            why="Armenia's favourite, outside the zone",
        ),
        Wrong(
            utilities["Azerbaijan"].idxmax(), says="no better off than no deal", why="Azerbaijan's favourite"
        ),
        Wrong(names[nash_stronger], says="not one of the options", why="the package's name, not its id"),
        Wrong([nash_stronger], says="holding one option", why="the id inside a list"),
    ],
    6: [
        Wrong(coded_6, says="coded no-deal value", why="the lesson's threshold"),
        Wrong(right_6 - 0.05, says="still in the zone", why="the last weight with a zone"),
        Wrong(weights.loc["Armenia", "return"], says="coded weight", why="the coded weight"),
        Wrong(right_6 * 100, says="percentage", why="a percentage"),
        Wrong(str(right_6), says="without quotes", why="the number as text"),
        Wrong(np.array([right_6]), says="holding one value", why="inside an array"),
    ],
    7: [
        Wrong("", says="empty", why="left empty"),
        Wrong("It is a compromise because both sides gain something from it.", says="words", why="too short"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(0.0624, says="triple quotes", why="a number, not words"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("06", WRONG)


def test_the_what_if_settings_really_change_the_answers():
    """Tasks 5 and 6 cannot be answered by copying the lesson's results."""
    assert nash_stronger != coded_nash
    assert abs(right_6 - coded_6) > 0.025
