"""Checks for lesson 00: the source and the toolkit.

Every expected answer is computed from :mod:`conflictlab.data` when the
check runs, so a change to the data changes what the checks accept.
"""

from conflictlab import data
from conflictlab.checks import (
    SPELLING_ADVICE,
    Mentions,
    describe,
    expect_ids,
    expect_mapping,
    expect_number,
    fail,
    show,
    spelling_of,
    task,
    words_task,
)
from conflictlab.data import catalogue

TITLE = "The source and the toolkit"  # shown in the grader's feedback files

#: The words task 3 asks about (they are in the task's question).
PHRASE = "there are reasons to believe"

#: The claim whose quote task 4 asks about (the article's conclusion).
CONCLUSION = "C45"


@task(1, variable="coding_tables")
def task_1(coding_tables):
    """The names of the tables that hold codings (the analyst's estimates)."""
    expected = data.tables("codings")
    facts = data.tables("facts")
    expect_ids(
        coding_tables,
        expected,
        noun="table name",
        valid=data.tables(),
        hint='`data.tables("codings")` lists them; the fact tables and the background table are not codings.',
        mistakes=[
            (
                facts,
                "Those are the fact tables: what the article says, each row with its quote. "
                "The task asks for the tables of estimates.",
            ),
            (
                [*expected, "background"],
                "The background table is outside context: facts from other "
                "sources, not the analyst's estimates.",
            ),
            (
                [*expected, "claims"],
                "The claims table records what the article claims, with its quote: "
                "it is a fact table, not a coding.",
            ),
        ],
    )


@task(2, variable="actors_by_kind")
def task_2(actors_by_kind):
    """How many actors the article names of each kind (state, person, …)."""
    actors = data.load("actors")
    expected = actors["kind"].value_counts().to_dict()
    expect_mapping(
        actors_by_kind,
        expected,
        noun="kind",
        what="the number of actors of that kind",
        hint="Count the rows of the actors table for each value of its `kind` column, "
        "for example with `.value_counts()`.",
    )


@task(3, variable="reasons_claim")
def task_3(reasons_claim):
    """The id of the claim whose evidence contains the words of PHRASE."""
    claims = data.load("claims")
    claim_ids = list(claims["claim_id"])
    hits = claims.loc[claims["evidence"].str.contains(PHRASE, regex=False), "claim_id"].tolist()
    name = "`reasons_claim`"
    value = reasons_claim
    if isinstance(value, (list, tuple, set)) or type(value).__name__ in ("Series", "Index", "ndarray"):
        items = list(value)
        if len(items) == 1:
            take = "" if isinstance(value, (list, tuple, set)) else ", for example with `.iloc[0]`"
            fail(
                f"{name} is {describe(value)} holding one id; give the id itself, as text, like `'C01'`{take}"
            )
        fail(f"{name} is {describe(value)} of {len(items)} values; the task asks for one claim id, as text")
    if type(value).__name__ == "DataFrame":
        fail(
            f"{name} is a whole table (DataFrame); the task asks for one claim id, as text, like `'C01'`. "
            "Take it from the `claim_id` column"
        )
    if not isinstance(value, str):
        fail(f"{name} is {describe(value)}; the task asks for a claim id, as text, like `'C01'`")
    typed = value
    if typed in hits:
        return None
    if spelling_of(typed, claim_ids):
        fail(f"{name} is {show(value)}: that is a claim id in other capitals or spaces; {SPELLING_ADVICE}")
    if typed not in claim_ids:
        others = {i: t for t in data.fact_tables() for i in data.load(t)[data.FACT_ID_COLUMNS[t]]}
        if typed in others:
            fail(
                f"{show(typed)} is an id from the {others[typed]} table, not a claim id. "
                "Look in the claims table: its ids start with C"
            )
        fail(
            f"There is no claim with the id {show(typed)}. Claim ids look like `'C01'`; "
            "search the `evidence` column of the claims table"
        )
    evidence = str(claims.set_index("claim_id").loc[typed, "evidence"])
    fail(
        f"The evidence of {typed} is “{evidence}”, which does not contain “{PHRASE}”. "
        "Search the `evidence` column, for example with `.str.contains(...)`"
    )


@task(4, variable="conclusion_paragraph")
def task_4(conclusion_paragraph):
    """The paragraph of the article in which the evidence of claim CONCLUSION stands."""
    expected = data.quote(CONCLUSION).paragraph
    count = len(catalogue.paragraphs())
    mistakes = {
        float(expected - 1): "That is one paragraph too early: the article's paragraphs are counted from 1, "
        "as `data.quote` counts them, not from 0.",
        float(count): "That is the number of paragraphs in the whole article; the task asks which one "
        "holds the quote.",
    }
    expect_number(
        conclusion_paragraph,
        expected,
        integer=True,
        what="a paragraph number",
        hint=f'`data.quote("{CONCLUSION}")` shows the quote and says which paragraph it is in.',
        mistakes={k: v for k, v in mistakes.items() if k != float(expected)},
    )


@task(5, variable="person_claims")
def task_5(person_claims):
    """The ids of the claims the article attributes to a named person."""
    claims = data.load("claims")
    actors = data.load("actors")
    people = actors.loc[actors["kind"] == "person", "actor_id"]
    expected = claims.loc[claims["attributed_to"].isin(people), "claim_id"].tolist()
    attributed = claims.loc[claims["attributed_to"].notna(), "claim_id"].tolist()
    officials = actors.loc[actors["role"] == "official", "actor_id"]
    by_officials = claims.loc[claims["attributed_to"].isin(officials), "claim_id"].tolist()
    expect_ids(
        person_claims,
        expected,
        noun="claim id",
        valid=data.load("claims")["claim_id"],
        hint="Look up who each claim is `attributed_to` in the actors table, and keep the claims whose "
        'actor\'s `kind` is "person".',
        mistakes=[
            (
                attributed,
                "Those are all the attributed claims. Some are attributed to a state, a ministry "
                "or an organisation: keep only those attributed to a person (the actor's `kind`).",
            ),
            (
                by_officials,
                "Those are the claims of officials, and some officials are ministries, not "
                "people: use the actors' `kind` column, not `role`.",
            ),
        ],
    )


task_6 = words_task(
    6,
    variable="answer_6",
    min_words=30,
    description="Why the course keeps the analyst's codings apart from the article's facts.",
    requires=[
        Mentions(
            ["coding", "estimate", "judgement", "judgment"],
            what="the codings",
            ask="what are the analyst's codings, and what makes them different?",
        ),
        Mentions(
            ["fact"], what="the facts", ask="what do the fact tables hold, and how can a reader check them?"
        ),
        Mentions(
            ["reader", "disagree"],
            what="the reader who disagrees",
            ask="what can a reader who disagrees with a forecast do when the codings are kept apart?",
        ),
    ],
)
