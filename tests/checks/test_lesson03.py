"""Plausible wrong answers for lesson 03 (relations and the great realignment); see harness.py."""

from harness import Wrong, wrong_answer_tests

from conflictlab import data, models

relations = data.load("relations")
before = relations[relations["period"] == "before"]
after = relations[relations["period"] == "after"]

both = before.merge(after, on=["source", "target"], suffixes=("_before", "_after"))
columns = ["source", "target", "sign_before", "sign_after"]
changed = both.loc[both["sign_before"] != both["sign_after"], columns]
outer = before.merge(after, on=["source", "target"], how="outer", suffixes=("_before", "_after"))

pairs = models.pair_signs(after)
effects = models.flip_effects(before)
balancing = effects[effects["share_after"] == 1]


def flipped(table, rows):
    out = table.copy()
    out.loc[rows, "sign"] = 1
    return out


one_way = (after["source"] == "armenia") & (after["target"] == "azerbaijan")
both_ways = after["source"].isin(["armenia", "azerbaijan"]) & after["target"].isin(["armenia", "azerbaijan"])
russia_armenia = after["source"].isin(["armenia", "russia"]) & after["target"].isin(["armenia", "russia"])

WRONG = {
    1: [
        Wrong(
            both[columns],
            says="did not change: that is the first step",
            why="every relation in both periods, changed or not",
        ),
        Wrong(
            outer.loc[outer["sign_before"] != outer["sign_after"], columns],
            says="only one period",
            why="an outer merge keeps relations recorded in one period",
        ),
        Wrong(
            changed.rename(columns={"sign_before": "sign_after", "sign_after": "sign_before"}),
            says="wrong sign",
            why="the two periods swapped",
        ),
        Wrong(changed.iloc[1:], says="missing the row for", why="one row dropped"),
        Wrong(changed["source"], says="single column", why="a Series, not a table"),
        Wrong(
            changed.rename(columns={"sign_before": "before"}),
            says="no column 'sign_before'",
            why="a column renamed",
        ),
        Wrong(
            changed.assign(sign_after=changed["sign_after"].astype(str)),
            says="pd.to_numeric",
            why="signs as text",
        ),
        Wrong(changed.set_index(["source", "target"]), says="reset_index", why="actors moved into the index"),
    ],
    2: [
        Wrong(1, says="Azerbaijan's relation towards Iran only", why="one direction read"),
        Wrong(0, says="Averaging", why="the two directions averaged"),
        Wrong("-1", says="without quotes", why="the number as text"),
        Wrong(
            pairs.loc[(pairs["actor_a"] == "azerbaijan") & (pairs["actor_b"] == "iran"), "sign"],
            says=".iloc[0]",
            why="a one-row Series",
        ),
        Wrong(True, says="True/False", why="the mixed flag"),
        Wrong(-0.5, says="whole number", why="a fraction"),
    ],
    3: [
        Wrong(len(models.triad_balance(after)), says="number of triads", why="a count, not a share"),
        Wrong(100, says="percentage", why="a percentage"),
        Wrong(models.balance_share(before), says="before the offensive", why="the before period"),
        Wrong(str(models.balance_share(after)), says="without quotes", why="the number as text"),
        Wrong(models.triad_balance(after)["balanced"], says="single number", why="the column of verdicts"),
    ],
    4: [
        Wrong(models.best_flip(before), says="best_flip", why="only the tie-break winner"),
        Wrong(effects, says="should not be there", why="every flip, balancing or not"),
        Wrong(
            balancing[balancing["actor_b"] == "russia"], says="missing", why="only the flips involving Russia"
        ),
        Wrong(balancing[["actor_a", "sign"]], says="no column 'actor_b'", why="a column left out"),
        Wrong(balancing["actor_a"], says="single column", why="a Series, not a table"),
        Wrong(
            models.flip_effects(after).query("share_after == 1"),
            says="after-period",
            why="the after period instead of before",
        ),
        Wrong(balancing.to_dict("records"), says="pd.DataFrame", why="a list of dictionaries"),
    ],
    5: [
        Wrong(
            models.balance_share(flipped(after, one_way)),
            says="change both directions",
            why="only one direction changed",
        ),
        Wrong(
            models.balance_share(flipped(after, russia_armenia)),
            says="too high",
            why="the wrong pair flipped",
        ),
        Wrong(
            len(models.triad_balance(flipped(after, both_ways))),
            says="number of triads",
            why="a count of triads",
        ),
        Wrong(
            models.triad_balance(flipped(after, both_ways))["balanced"],
            says="single number",
            why="the column of verdicts",
        ),
        Wrong(None, says="None", why="a function's printout assigned"),
    ],
    6: [
        Wrong("", says="empty", why="left empty"),
        Wrong("Peace would unbalance the triads.", says="5 words", why="too short"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(0.0, says="triple quotes", why="a number, not text"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("03", WRONG)
