"""Plausible wrong answers for lesson 08 (reading the article critically); see harness.py."""

import pandas as pd
from harness import Wrong, wrong_answer_tests
from written import minimal_answer

from conflictlab import data
from conflictlab.checks import lesson08

claims = data.load("claims")
actors = data.load("actors")
background = data.load("background")

counts = claims["certainty"].value_counts()
voices = lesson08.azerbaijani_sources()
azerbaijani = claims.loc[claims["attributed_to"].isin(voices), "claim_id"].tolist()
attributed = claims.loc[claims["certainty"] == "attributed", "claim_id"].tolist()
hedged = claims[claims["certainty"] == "hedged"]
might = hedged.loc[hedged["marker"] == "might", "claim_id"].tolist()
corrects = background.loc[background["bearing"] == "corrects", "bg_id"].tolist()
related = {i for text in background["relates_to"] for i in text.split(";")}
links = [c for c in lesson08.CONCLUSION_CHAIN if c in related]
links_bg = background.loc[
    background["relates_to"].str.split(";").map(lambda ids: any(c in ids for c in lesson08.CONCLUSION_CHAIN)),
    "bg_id",
].tolist()

WRONG = {
    1: [
        Wrong(
            claims["certainty"].value_counts(normalize=True),
            says="shares that add up to 1",
            why="shares instead of counts",
        ),
        Wrong(
            counts.drop("reported").to_dict(),
            says="missing 'reported'",
            why="the single reported claim dropped",
        ),
        Wrong(claims["marker"].value_counts(), says="right column", why="counted the markers"),
        Wrong(counts.reset_index(), says="whole table", why="a table, not a mapping"),
        Wrong(
            {**counts.to_dict(), "stated as fact": counts["stated as fact"] + 1},
            says="one too high",
            why="one claim counted twice",
        ),
        Wrong(list(counts.values), says="dictionary", why="the counts without their certainties"),
    ],
    2: [
        Wrong(
            claims.loc[claims["attributed_to"].isin(voices - {"azerbaijan"}), "claim_id"].tolist(),
            says="the state itself",
            why="officials only",
        ),
        Wrong(
            claims.loc[claims["attributed_to"] == "azerbaijan", "claim_id"].tolist(),
            says="its officials",
            why="the state only",
        ),
        Wrong(attributed, says="which should not be there", why="every attributed claim"),
        Wrong(
            sorted(voices),
            says="the actor ids that count: the first step",
            why="actor ids instead of claim ids",
        ),
        Wrong(", ".join(azerbaijani), says="one piece of text", why="ids joined in one string"),
        Wrong(azerbaijani[:-1], says="missing", why="one claim left out"),
    ],
    3: [
        Wrong(
            claims.loc[claims["evidence"].str.contains("might"), "claim_id"].tolist(),
            says="attributed",
            why="every claim whose evidence says might",
        ),
        Wrong(hedged["claim_id"].tolist(), says="which should not be there", why="every hedged claim"),
        Wrong(might[:-1], says="missing", why="one left out"),
        Wrong(
            claims.loc[claims["claim_id"].isin(might), "claim"].tolist(),
            says="right column",
            why="the claims' words instead of their ids",
        ),
        Wrong([c.lower() for c in might], says="capitals", why="ids in lower case"),
    ],
    4: [
        Wrong(
            background.loc[background["bearing"].isin(["corrects", "qualifies"]), "bg_id"].tolist(),
            says="only qualify",
            why="corrects and qualifies",
        ),
        Wrong(
            background.loc[background["bearing"] == "qualifies", "bg_id"].tolist(),
            says="only qualify",
            why="the qualifying rows instead",
        ),
        Wrong(
            background.loc[background["bearing"] == "corrects", "topic"].tolist(),
            says="right column",
            why="topics instead of ids",
        ),
        Wrong(corrects[1:], says="missing", why="one left out"),
        Wrong(background[background["bearing"] == "corrects"], says="whole table", why="the filtered table"),
    ],
    5: [
        Wrong([c for c in links if c != "C45"], says="after the article", why="the later fact left out"),
        Wrong(
            ["C33", "C34"],
            says="whether it corrects, qualifies or adds context",
            why="only the corrected links",
        ),
        Wrong(links_bg, says="right column", why="the background ids instead of the claim ids"),
        Wrong(lesson08.CONCLUSION_CHAIN, says="which should not be there", why="the whole chain"),
        Wrong(pd.Series(links).str.lower().tolist(), says="capitals", why="ids in lower case"),
    ],
    6: [
        Wrong("verified", says="the article's word, not a check", why="trusting the article"),
        Wrong("partial", says="relates_to", why="a neighbouring status"),
        Wrong("BG22", says="not one of the options", why="the row's id, not its status"),
        Wrong(["unverified"], says="holding one option", why="the right option inside a list"),
    ],
    7: [
        Wrong("", says="empty", why="left empty"),
        Wrong("Hajiyev said peace is in the region.", says="7 words", why="too short"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(" ".join(["word"] * 151), says="151 words", why="too long"),
        Wrong(["According to Hajiyev"], says="triple quotes", why="a list, not text"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("08", WRONG)


def test_the_right_answers_pass():
    assert lesson08.task_1(counts.to_dict()).passed
    assert lesson08.task_1(counts).passed
    assert lesson08.task_2(azerbaijani).passed
    assert lesson08.task_3(might).passed
    assert lesson08.task_4(corrects).passed
    assert lesson08.task_5(links).passed
    status = background.loc[background["relates_to"].str.contains("C10"), "status"].iloc[0]
    assert lesson08.task_6(status).passed
    assert lesson08.task_7(minimal_answer(lesson08.task_7, words=30)).passed


def test_the_chain_starts_with_the_conclusion_and_names_only_claims():
    assert lesson08.CONCLUSION_CHAIN[0] == "C45"
    assert set(lesson08.CONCLUSION_CHAIN) <= set(claims["claim_id"])
