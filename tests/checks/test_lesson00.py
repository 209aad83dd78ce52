"""Plausible wrong answers for lesson 00 (the source and the toolkit); see harness.py."""

import numpy as np
from harness import Wrong, wrong_answer_tests

from conflictlab import catalogue, data
from conflictlab.checks import lesson00

actors = data.load("actors")
claims = data.load("claims")
codings = data.tables("codings")
kinds = actors["kind"].value_counts()
phrase_hits = claims.loc[claims["evidence"].str.contains(lesson00.PHRASE, regex=False), "claim_id"].tolist()
assert len(phrase_hits) == 1, "task 3 needs a phrase that exactly one claim quotes"
right_claim = phrase_hits[0]
other_quoters = catalogue.evidence_index()
other_quoters = other_quoters.loc[
    other_quoters["evidence"].str.contains(lesson00.PHRASE, regex=False)
    & (other_quoters["table"] != "claims")
]
paragraph = data.quote(lesson00.CONCLUSION).paragraph
people = actors.loc[actors["kind"] == "person", "actor_id"]
person_claims = claims.loc[claims["attributed_to"].isin(people), "claim_id"].tolist()
attributed = claims.loc[claims["attributed_to"].notna(), "claim_id"].tolist()
officials = actors.loc[actors["role"] == "official", "actor_id"]
by_officials = claims.loc[claims["attributed_to"].isin(officials), "claim_id"].tolist()
neighbour = claims["claim_id"].iloc[claims.index[claims["claim_id"] == right_claim][0] - 1]

WRONG = {
    1: [
        Wrong(data.tables("facts"), says="fact tables", why="the fact tables instead"),
        Wrong([*codings, "background"], says="outside context", why="background counted as a coding"),
        Wrong([*codings, "claims"], says="fact table, not a coding", why="claims counted as a coding"),
        Wrong(codings[:-1], says="missing", why="one table left out"),
        Wrong(", ".join(codings), says="one piece of text", why="names joined in one string"),
        Wrong(catalogue.overview().query("group == 'codings'"), says="whole table", why="the overview rows"),
        Wrong([t.capitalize() for t in codings], says="capitals", why="names with capitals"),
    ],
    2: [
        Wrong(actors["role"].value_counts(), says="right column", why="counted by role, not kind"),
        Wrong(actors["kind"].value_counts(normalize=True), says="less than half", why="shares, not counts"),
        Wrong(kinds.drop("population").to_dict(), says="missing 'population'", why="one kind left out"),
        Wrong(kinds.reset_index(), says="whole table", why="a table, not a mapping"),
        Wrong(list(kinds), says="dictionary", why="the counts without their kinds"),
        Wrong({k: str(v) for k, v in kinds.items()}, says="should be a number", why="counts as text"),
        Wrong(
            kinds.to_dict() | {"state": int(kinds["state"]) + 1},
            says="one too high",
            why="one state too many",
        ),
    ],
    3: [
        Wrong(
            other_quoters["fact_id"].iloc[0],
            says=f"{other_quoters['table'].iloc[0]} table",
            why="a fact from another table that quotes the same words",
        ),
        Wrong(neighbour, says="does not contain", why="the claim next to it"),
        Wrong(right_claim.lower(), says="capitals", why="the id in lower case"),
        Wrong([right_claim], says="holding one id", why="the id inside a list"),
        Wrong(
            claims.loc[claims["claim_id"] == right_claim, "claim_id"],
            says=".iloc[0]",
            why="the id inside a one-row column",
        ),
        Wrong(int(right_claim[1:]), says="as text", why="the number without the C"),
        Wrong("C99", says="no claim with the id", why="an id that does not exist"),
        Wrong(claims[claims["claim_id"] == right_claim], says="whole table", why="the row, not its id"),
    ],
    4: [
        Wrong(paragraph - 1, says="counted from 1", why="counted from 0"),
        Wrong(len(catalogue.paragraphs()), says="number of paragraphs", why="the article's length"),
        Wrong(str(paragraph), says="without quotes", why="the number as text"),
        Wrong(paragraph + 0.5, says="whole number", why="not a whole number"),
        Wrong(paragraph + 1, says="one too high", why="one paragraph too late"),
        Wrong([paragraph], says="holding one value", why="the number inside a list"),
        Wrong(np.int64(paragraph + 5), says="too high", why="a numpy number, wrong"),
    ],
    5: [
        Wrong(attributed, says="all the attributed claims", why="every attributed claim"),
        Wrong(by_officials, says="ministries", why="claims of officials, ministries included"),
        Wrong(
            list(people[people.isin(claims["attributed_to"])]),
            says="right column",
            why="the people's ids, not the claims'",
        ),
        Wrong(person_claims[:-1], says="missing", why="one claim left out"),
        Wrong(", ".join(person_claims), says="one piece of text", why="ids joined in one string"),
    ],
    6: [
        Wrong("", says="empty", why="left empty"),
        Wrong("Codings are estimates.", says="3 words", why="too short"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(42, says="triple quotes", why="not text"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("00", WRONG)
