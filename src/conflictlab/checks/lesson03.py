"""Checks for lesson 03: relations and the great realignment.

Expected answers come from the ``relations`` table and from the structural
balance functions in :mod:`conflictlab.models`; where a task asks what a
model function returns, the check recomputes it another way (flipping a pair
in the table and measuring balance again) rather than calling that function.
"""

from __future__ import annotations

import pandas as pd

from conflictlab import data, models
from conflictlab.checks import (
    Cites,
    Mentions,
    answer_name,
    expect_frame,
    expect_number,
    fail,
    task,
    words_task,
)

TITLE = "Relations and the great realignment"

#: The pair whose flip stands for a peace between the two parties.
PEACE = ("armenia", "azerbaijan")


def period(name: str) -> pd.DataFrame:
    """The rows of the relations table for one period ("before" or "after")."""
    relations = data.load("relations")
    return relations[relations["period"] == name].reset_index(drop=True)


def changed_relations() -> pd.DataFrame:
    """Directed relations recorded in both periods whose sign changed."""
    both = period("before").merge(period("after"), on=["source", "target"], suffixes=("_before", "_after"))
    return both.loc[
        both["sign_before"] != both["sign_after"], ["source", "target", "sign_before", "sign_after"]
    ].reset_index(drop=True)


def pair_sign(relations: pd.DataFrame, a: str, b: str) -> int:
    """The sign of the pair {a, b} under the course's rule, from the pair table."""
    pairs = models.pair_signs(relations)
    lo, hi = sorted([a, b])
    row = pairs[(pairs["actor_a"] == lo) & (pairs["actor_b"] == hi)]
    return int(row["sign"].iloc[0])


def with_pair_flipped(relations: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The pair table as relations, with the pair {a, b} given the opposite sign."""
    pairs = models.pair_signs(relations)
    lo, hi = sorted([a, b])
    hit = (pairs["actor_a"] == lo) & (pairs["actor_b"] == hi)
    flipped = pairs["sign"].where(~hit, -pairs["sign"])
    return pd.DataFrame({"source": pairs["actor_a"], "target": pairs["actor_b"], "sign": flipped})


def balancing_flips(relations: pd.DataFrame) -> pd.DataFrame:
    """Every pair whose flip alone makes all complete triads balanced."""
    pairs = models.pair_signs(relations)
    keep = [
        models.balance_share(with_pair_flipped(relations, a, b)) == 1.0
        for a, b in zip(pairs["actor_a"], pairs["actor_b"], strict=False)
    ]
    return pairs.loc[keep, ["actor_a", "actor_b"]].reset_index(drop=True)


def _keyed(frame: pd.DataFrame, first: str, second: str, *, ordered: bool) -> pd.DataFrame:
    """``frame`` with a column ``pair`` naming each row, for messages like "the row for 'a → b'"."""
    a, b = frame[first].astype(str), frame[second].astype(str)
    if ordered:
        key = a + " → " + b
    else:
        key = pd.Series(
            [" – ".join(sorted(p)) for p in zip(a, b, strict=False)], index=frame.index, dtype=str
        )
    return frame.assign(pair=key)


@task(1, variable="changed")
def task_1(changed):
    """The directed relations recorded in both periods whose sign changed."""
    columns = ["source", "target", "sign_before", "sign_after"]
    expected = changed_relations()
    frame = expect_frame(changed, columns=columns, dtypes={"sign_before": "number", "sign_after": "number"})
    if frame[["source", "target"]].isna().any().any():
        fail(
            f"{answer_name()} has a row with no source or target: keep only relations recorded in both periods"
        )
    same = frame["sign_before"] == frame["sign_after"]
    if len(frame) and same.any() and not same.all():
        fail(
            f"{answer_name()} has all the relations recorded in both periods, including "
            f"{int(same.sum())} whose sign did not change: that is the first step. Now keep the rows where "
            "`sign_before` and `sign_after` differ (`!=`)"
        )
    if len(frame) and same.all():
        fail(
            f"In every row of {answer_name()} the sign is the same before and after: you kept the relations "
            "that did not change. Keep the rows where `sign_before` and `sign_after` differ (`!=`)"
        )
    if frame[["sign_before", "sign_after"]].isna().any().any():
        fail(
            f"{answer_name()} has a row with an empty sign: it includes a relation the article records in only "
            "one period. A relation can only change sign if it is recorded both before and after"
        )
    expect_frame(
        _keyed(frame, "source", "target", ordered=True),
        columns=columns,
        key="pair",
        expected=_keyed(expected, "source", "target", ordered=True),
        noun="relation",
        hint="Keep the rows where `sign_before` and `sign_after` differ.",
    )
    return (
        "Compare them with the relation matrix: these are the cells whose sign flips between the two grids."
    )


@task(2, variable="azerbaijan_iran")
def task_2(azerbaijan_iran):
    """The sign of the Azerbaijan–Iran pair after the offensive, under the course's rule."""
    after = period("after")
    directions = after[
        ((after["source"] == "azerbaijan") & (after["target"] == "iran"))
        | ((after["source"] == "iran") & (after["target"] == "azerbaijan"))
    ]
    by_source = dict(zip(directions["source"], directions["sign"], strict=False))
    mistakes = {}
    if "azerbaijan" in by_source:
        mistakes[float(by_source["azerbaijan"])] = (
            "That is the sign of Azerbaijan's relation towards Iran only. The pair's sign combines both "
            "directions: under the course's rule, a pair is hostile if either direction is hostile."
        )
    if len(by_source) == 2:
        mistakes[float(sum(by_source.values()) / 2)] = (
            "Averaging the two directions is not the course's rule: a pair's sign is -1 or +1, and it is -1 "
            "if either direction is -1."
        )
    expect_number(
        azerbaijan_iran,
        pair_sign(after, "azerbaijan", "iran"),
        integer=True,
        what="a pair's sign: -1 or +1",
        mistakes=mistakes,
        hint="Look up the pair in `models.pair_signs(after)`; actors in a pair are in alphabetical order.",
    )


@task(3, variable="share_after")
def task_3(share_after):
    """The share of complete triads that are balanced after the offensive."""
    after, before = period("after"), period("before")
    triads = models.triad_balance(after)
    mistakes = {
        float(len(triads)): "That is a number of triads; the task asks for the share of complete triads that "
        "are balanced, a number between 0 and 1.",
    }
    before_share = float(models.triad_balance(before)["balanced"].mean())
    mistakes.setdefault(before_share, "That is the share before the offensive; the task asks for after it.")
    expected = float(triads["balanced"].sum() / len(triads))
    expect_number(
        share_after,
        expected,
        places=2,
        what="a share between 0 and 1",
        mistakes=mistakes,
        hint="Use `models.balance_share` on the after-period relations.",
    )


@task(4, variable="balancing")
def task_4(balancing):
    """Every pair whose flip alone would balance the before-system: a table with actor_a and actor_b."""
    if isinstance(balancing, dict) and {"actor_a", "actor_b"} <= set(balancing):
        fail(
            f"{answer_name()} holds one flip: `models.best_flip` picks a single pair and breaks ties "
            "alphabetically. The task asks for every pair whose flip balances the system: look at "
            "`models.flip_effects`"
        )
    columns = ["actor_a", "actor_b"]
    frame = expect_frame(balancing, columns=columns)
    before = period("before")
    expected = balancing_flips(before)
    given = set(_keyed(frame, "actor_a", "actor_b", ordered=False)["pair"])
    after_flips = set(_keyed(balancing_flips(period("after")), "actor_a", "actor_b", ordered=False)["pair"])
    right = set(_keyed(expected, "actor_a", "actor_b", ordered=False)["pair"])
    if given and given == after_flips and given != right:
        fail(
            f"{answer_name()} lists flips of the after-period relations; the task asks about the system "
            "before the offensive (`before`)"
        )
    expect_frame(
        _keyed(frame, "actor_a", "actor_b", ordered=False),
        columns=columns,
        key="pair",
        expected=_keyed(expected, "actor_a", "actor_b", ordered=False),
        noun="pair",
        hint="Keep the flips after which every complete triad of the before-period is balanced "
        "(`share_after` of 1).",
    )
    return "Balance theory allows several flips; it does not say which one history will take."


@task(5, variable="share_after_peace")
def task_5(share_after_peace):
    """The share of balanced triads after the offensive if Armenia and Azerbaijan made peace."""
    if isinstance(share_after_peace, pd.DataFrame) and "sign" in share_after_peace.columns:
        fail(
            "`share_after_peace` is the relations table with your changes: the first steps. Now pass it to "
            "`models.balance_share(...)` to get the share"
        )
    after = period("after")
    expected = models.balance_share(with_pair_flipped(after, *PEACE))
    triads = models.triad_balance(after)
    mistakes = {
        float(models.balance_share(after)): (
            "That is the share with the two still hostile. If you changed only one direction, the pair rule "
            "keeps the pair at -1: one hostile direction is enough. Change both directions to +1."
        ),
        float(len(triads)): "That is a number of triads; the task asks for a share between 0 and 1.",
    }
    expect_number(
        share_after_peace,
        expected,
        places=2,
        what="a share between 0 and 1",
        mistakes=mistakes,
        hint="Set the sign of both Armenia–Azerbaijan rows of the after-period to +1, then use "
        "`models.balance_share`.",
    )


task_6 = words_task(
    6,
    variable="answer_6",
    min_words=40,
    description="What balance theory predicts for a peace deal, and why it may be wrong.",
    requires=[
        Mentions(
            ["balance", "unbalanced", "triad"],
            what="structural balance's prediction",
            ask="what does balance theory predict for the triads once the two make peace?",
        ),
        Cites(what="fact id"),
    ],
)
