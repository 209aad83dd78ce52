"""Plausible wrong answers for lesson 05 (bargaining dynamics); see harness.py."""

import pandas as pd
from harness import Wrong, wrong_answer_tests

from conflictlab import data, models
from conflictlab.checks import lesson05

table = lesson05.venue_table()


def pair(challenger, target):
    return table[(table["challenger"] == challenger) & (table["target"] == target)].iloc[0]


eu_ru = pair("European Union", "Russia")
ru_eu = pair("Russia", "European Union")
counts = table["offer"].value_counts()
n_conflicts = int(counts["conflict"])

to_france = table[(table["target"] == "France") & (table["offer"] != "none")]
right_3 = to_france["challenger"].tolist()
from_france = table[(table["challenger"] == "France") & (table["offer"] != "none")]["target"].tolist()
all_challengers = table[table["target"] == "France"]["challenger"].tolist()

round_1 = lesson05.positions_by_round("venue", rounds=1)
france_1 = float(round_1.loc[1, "France"])
biggest_offer = to_france.loc[(to_france["new_position"] - france_1).abs().idxmax()]

moves = lesson05.positions_by_round("return")
change = moves.iloc[-1] - moves.iloc[0]
right_5 = change.abs().idxmax()
furthest = moves.diff().abs().sum().idxmax()
smallest = change.abs().idxmin()

ret = data.frame("return")
history = models.simulate(ret, rounds=10)
right_6 = {"expected_utility": float(history["forecast"].iloc[-1]), "median": models.forecast(ret, "median")}

WRONG = {
    1: [
        Wrong(
            float(ru_eu["win_probability"]), says="Russia's probability of beating", why="the reverse contest"
        ),
        Wrong(float(eu_ru["challenger_eu"]), says="expected utility", why="the wrong column"),
        Wrong(float(eu_ru["target_eu"]), says="challenging back", why="the target's expected utility"),
        Wrong(100 * float(eu_ru["win_probability"]), says="percentage", why="a percentage"),
        Wrong(
            table.loc[
                (table["challenger"] == "European Union") & (table["target"] == "Russia"), "win_probability"
            ],
            says=".iloc[0]",
            why="a one-row Series",
        ),
        Wrong(f"{eu_ru['win_probability']:.2f}", says="without quotes", why="the number as text"),
    ],
    2: [
        Wrong(
            int((table["offer"] != "none").sum()), says="every offer of any kind", why="all offers counted"
        ),
        Wrong(len(table), says="number of rows", why="every pair counted"),
        Wrong(int(counts["compromise"]), says="compromises", why="the wrong kind"),
        Wrong(n_conflicts + 1, says="one too high", why="off by one"),
        Wrong(n_conflicts / 2, says="whole number", why="halved: pairs counted once"),
        Wrong(counts, says="single number", why="the whole count table"),
    ],
    3: [
        Wrong(from_france, says="France makes offers *to*", why="France as challenger, not target"),
        Wrong(all_challengers, says='including those whose `offer` is "none"', why="no-offers kept"),
        Wrong(right_3[:-1], says="missing", why="one challenger left out"),
        Wrong(
            [*right_3, "European Union"],
            says="'European Union', which should not be there",
            why="an actor with no offer added",
        ),
        Wrong(", ".join(right_3), says="one piece of text", why="names joined in one string"),
        Wrong(to_france, says="whole table", why="the rows, not the names"),
        Wrong([name.lower() for name in right_3], says="capitals", why="names in lower case"),
    ],
    4: [
        Wrong(float(round_1.loc[0, "France"]), says="before round 1", why="the coded position"),
        Wrong(
            round(float(biggest_offer["new_position"]), 1),
            says="moves it least",
            why="an offer that moves France further",
        ),
        Wrong(str(round(france_1, 1)), says="without quotes", why="the number as text"),
        Wrong(round(france_1 + 1, 1), says="too high", why="misread"),
    ],
    5: [
        Wrong(str(furthest), says="travels furthest", why="the longest path, not the largest change"),
        Wrong(str(smallest), says="not the one", why="the smallest change"),
        Wrong(str(right_5).lower().replace("a", "ä", 1), says="not one of the options", why="misspelt"),
        Wrong([str(right_5)], says="holding one option", why="the name in a list"),
        Wrong(change, says="as text", why="the whole column of changes"),
    ],
    6: [
        Wrong(
            {"expected_utility": float(history["forecast"].iloc[0]), "median": right_6["median"]},
            says="round 0",
            why="the first round's forecast",
        ),
        Wrong(
            {"expected_utility": models.forecast(ret, "mean"), "median": right_6["median"]},
            says="weighted mean",
            why="the mean instead of the model",
        ),
        Wrong(
            {
                "expected_utility": models.forecast(data.frame("venue"), "expected_utility"),
                "median": right_6["median"],
            },
            says="venue issue",
            why="the wrong issue",
        ),
        Wrong(
            {"expected utility": right_6["expected_utility"], "weighted median": right_6["median"]},
            says="Use exactly the keys",
            why="keys spelt out",
        ),
        Wrong([right_6["expected_utility"], right_6["median"]], says="dictionary", why="a list"),
        Wrong(
            {"expected_utility": right_6["expected_utility"]},
            says="missing 'median'",
            why="the median left out",
        ),
        Wrong(
            {"eu": right_6["expected_utility"], "median": right_6["median"]},
            says='"EU" is the European Union',
            why="the old key, which reads as the European Union",
        ),
    ],
    7: [
        Wrong("", says="empty", why="left empty"),
        Wrong("Everyone moves at once, which is unrealistic.", says="words", why="too short"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(pd.DataFrame(), says="triple quotes", why="not text"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("05", WRONG)
