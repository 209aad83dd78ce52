"""Checks for lesson 08: reading the article critically.

Every expected answer is computed from the course data (the ``claims``,
``actors`` and ``background`` tables); nothing is typed in.
"""

from __future__ import annotations

import numbers

from conflictlab import data
from conflictlab.checks import (
    Cites,
    LabelsOutside,
    QuotesArticle,
    UsesMarker,
    expect_choice,
    expect_ids,
    expect_mapping,
    fail,
    task,
    words_task,
)

TITLE = "Reading the article critically"

#: The claims the article's conclusion (C45) rests on, as the lesson traces them:
#: the conclusion, the hedged claim it generalises, the opening hedge, and the evidence.
CONCLUSION_CHAIN = ["C45", "C21", "C01", "C33", "C34", "C35", "C40"]

#: Task 7: the claim to rewrite as a sourced claim, and the outside note that bears on it.
SOURCED_CLAIM, SOURCED_OUTSIDE = "C34", "BG11"

#: The options of task 6 (the values of the background table's ``status``).
STATUSES = ["verified", "partial", "unverified"]


def _claims():
    return data.load("claims")


def _background():
    return data.load("background")


def azerbaijani_sources() -> set[str]:
    """Azerbaijan and the actors affiliated with it (its officials and ministries)."""
    actors = data.load("actors")
    return {"azerbaijan"} | set(actors.loc[actors["affiliation"] == "azerbaijan", "actor_id"])


def _related(bg_ids=None) -> set[str]:
    """Every fact id some background row (or the rows ``bg_ids``) bears on."""
    background = _background()
    if bg_ids is not None:
        background = background[background["bg_id"].isin(bg_ids)]
    return {item for text in background["relates_to"] for item in str(text).split(";") if item}


def _is_list_of(value, ids) -> bool:
    """True when ``value`` is a collection of text items, all of them in ``ids`` (a half-way state)."""
    if isinstance(value, str) or not hasattr(value, "__iter__") or isinstance(value, dict):
        return False
    try:
        items = list(value)
    except Exception:
        return False
    return bool(items) and all(isinstance(i, str) for i in items) and set(items) <= set(ids)


def _as_shares(value) -> bool:
    """True when ``value`` looks like shares of all claims (numbers adding up to 1) instead of counts."""
    items = value.to_dict() if hasattr(value, "to_dict") and not isinstance(value, dict) else value
    if not isinstance(items, dict) or not items:
        return False
    try:
        numbers_only = [
            float(v) for v in items.values() if isinstance(v, numbers.Real) and not isinstance(v, bool)
        ]
        if len(numbers_only) != len(items):
            return False
        return abs(sum(numbers_only) - 1) < 1e-6 and all(0 <= v < 1 for v in numbers_only)
    except OverflowError:  # a number too large for a float is not a share
        return False


@task(1, variable="certainty_counts")
def task_1(certainty_counts):
    """How many of the article's claims have each certainty: a dictionary (or Series) from certainty to count."""
    expected = {str(k): int(v) for k, v in _claims()["certainty"].value_counts().items()}
    if _as_shares(certainty_counts):
        fail(
            "`certainty_counts` holds shares that add up to 1, not counts of claims. "
            "Leave out `normalize=True`"
        )
    expect_mapping(
        certainty_counts,
        expected,
        noun="certainty",
        what="its number of claims",
        hint="Count the rows of the claims table for each value of its `certainty` column.",
    )


@task(2, variable="azerbaijani_voices")
def task_2(azerbaijani_voices):
    """The claims the article attributes to Azerbaijan or to one of its officials, by claim id."""
    claims = _claims()
    voices = azerbaijani_sources()
    expected = claims.loc[claims["attributed_to"].isin(voices), "claim_id"]
    officials = claims.loc[claims["attributed_to"].isin(voices - {"azerbaijan"}), "claim_id"]
    state = claims.loc[claims["attributed_to"] == "azerbaijan", "claim_id"]
    if _is_list_of(azerbaijani_voices, voices):
        fail(
            "`azerbaijani_voices` holds the actor ids that count: the first step. Now keep the claims whose "
            '`attributed_to` is one of them (`claims["attributed_to"].isin(...)`) and take their `claim_id`'
        )
    expect_ids(
        azerbaijani_voices,
        expected,
        noun="claim id",
        valid=data.load("claims")["claim_id"],
        hint="Keep the claims whose `attributed_to` is Azerbaijan itself or an actor whose "
        "`affiliation` in the actors table is Azerbaijan.",
        mistakes=[
            (
                officials,
                "These are the claims attributed to Azerbaijan's officials. The task also "
                "counts claims the article attributes to the state itself "
                '(`attributed_to` is "azerbaijan").',
            ),
            (
                state,
                "These are the claims attributed to the state of Azerbaijan. The task also counts "
                'its officials: actors whose `affiliation` in the actors table is "azerbaijan".',
            ),
        ],
    )


@task(3, variable="hedged_might")
def task_3(hedged_might):
    """The hedged claims whose marker is the word "might", by claim id."""
    claims = _claims()
    expected = claims.loc[(claims["certainty"] == "hedged") & (claims["marker"] == "might"), "claim_id"]
    in_evidence = claims.loc[claims["evidence"].str.contains(r"\bmight\b", regex=True), "claim_id"]
    expect_ids(
        hedged_might,
        expected,
        noun="claim id",
        valid=data.load("claims")["claim_id"],
        hint='Keep the rows whose `certainty` is "hedged" and whose `marker` is "might".',
        mistakes=[
            (
                in_evidence,
                "Your list has every claim whose evidence contains “might”. One of them is "
                "not hedged by the article: it reports what Armenia fears (its certainty is "
                '"attributed"). Filter on the `certainty` and `marker` columns.',
            ),
        ],
    )


@task(4, variable="corrections")
def task_4(corrections):
    """The background facts whose bearing on the article is "corrects", by bg id."""
    background = _background()
    expected = background.loc[background["bearing"] == "corrects", "bg_id"]
    both = background.loc[background["bearing"].isin(["corrects", "qualifies"]), "bg_id"]
    qualifies = background.loc[background["bearing"] == "qualifies", "bg_id"]
    expect_ids(
        corrections,
        expected,
        noun="bg id",
        valid=data.load("background")["bg_id"],
        hint='Keep the rows of the background table whose `bearing` is "corrects".',
        mistakes=[
            (
                both,
                "Your list includes the rows that only qualify the article (they add limits or "
                'detail); the task asks for those whose `bearing` is "corrects".',
            ),
            (
                qualifies,
                "These rows only qualify the article (they add limits or detail); the task asks "
                'for those whose `bearing` is "corrects".',
            ),
        ],
    )


@task(5, variable="checkable_links")
def task_5(checkable_links):
    """The claims of the conclusion's chain that at least one background fact bears on, by claim id."""
    related = _related()
    expected = [c for c in CONCLUSION_CHAIN if c in related]
    background = _background()
    before = _related(background.loc[~background["after_article"], "bg_id"])
    corrected = _related(background.loc[background["bearing"] == "corrects", "bg_id"])
    if _is_list_of(checkable_links, related) and len(set(checkable_links)) > len(CONCLUSION_CHAIN):
        fail(
            "`checkable_links` holds every fact id some background row bears on: the first step. Now keep "
            "only the claims of `chain` that are among them"
        )
    expect_ids(
        checkable_links,
        expected,
        noun="claim id",
        valid=data.load("claims")["claim_id"],
        hint="Split each background row's `relates_to` at \";\" and keep the chain's claims that appear there.",
        mistakes=[
            (
                [c for c in CONCLUSION_CHAIN if c in before],
                "You left out the claim that a fact from after the article bears on. It happened later, "
                "but it is still an outside check on that claim: keep it.",
            ),
            (
                [c for c in CONCLUSION_CHAIN if c in corrected],
                "These are the links that outside sources correct. The task asks for every link an outside "
                "source bears on, whether it corrects, qualifies or adds context.",
            ),
        ],
    )


@task(6, variable="iran_threat_status")
def task_6(iran_threat_status):
    """The status of the outside check on claim C10 (Iran "has threatened military action")."""
    background = _background()
    rows = background[background["relates_to"].str.split(";").map(lambda ids: "C10" in ids)]
    expect_choice(
        iran_threat_status,
        STATUSES,
        rows["status"].iloc[0],
        mistakes={
            "verified": "The article states C10 as fact, but that is the article's word, not a check. "
            "Find the background row whose `relates_to` lists C10 and read its `status`.",
        },
        hint="Find the background row whose `relates_to` lists C10 and read its `status`.",
    )


task_7 = words_task(
    7,
    variable="sourced_claim",
    min_words=25,
    max_words=150,
    description="One claim of the article rewritten as a sourced claim, in words.",
    requires=[
        QuotesArticle(),
        UsesMarker(of=[SOURCED_CLAIM]),
        Cites([SOURCED_CLAIM]),
        LabelsOutside([SOURCED_OUTSIDE]),
    ],
)
