"""Plausible wrong answers for lesson 01 (actors and timeline); see harness.py."""

import pandas as pd
from harness import Wrong, wrong_answer_tests

from conflictlab import data
from conflictlab.checks import lesson01

actors = data.load("actors")
events = data.load("events")
external = actors.loc[actors["role"] == "external power", "actor_id"].tolist()
regional = actors.loc[actors["role"] == "regional power", "actor_id"].tolist()
parties = actors.loc[actors["role"] == "party", "actor_id"].tolist()
officials = actors["role"] == "official"
primary = actors.loc[
    actors["actor_id"].isin(parties) | (officials & actors["affiliation"].isin(parties)), "actor_id"
].tolist()
every_official = actors.loc[actors["actor_id"].isin(parties) | officials, "actor_id"].tolist()
counts = events["date_known"].value_counts()
involved = events["actors"].str.split(";").map(lambda a: "russia" in a)
russia = events.loc[involved, "event_id"].tolist()
text = events["description"] + " " + events["evidence"]
by_name = events.loc[text.str.contains("Russia"), "event_id"].tolist()
by_words = events.loc[text.str.contains("Russia|Kremlin|Moscow"), "event_id"].tolist()
relative = events.loc[events["date_known"] == "relative", ["event_id", "earliest", "latest"]]
ordered = relative.sort_values("earliest")
recent = events.loc[events["date_known"].isin(["relative", "inferred"]), ["event_id", "earliest", "latest"]]
first = events.set_index("event_id").loc[lesson01.FIRST]
second = events.set_index("event_id").loc[lesson01.SECOND]
assert not (first["latest"] < second["earliest"] or first["earliest"] > second["latest"]), (
    "task 6's wrong answers assume the article's windows cannot order the two events"
)

WRONG = {
    1: [
        Wrong([*external, "russia"], says="regional power", why="Russia counted as external"),
        Wrong(external + regional, says="regional powers", why="every outside state counted"),
        Wrong(
            actors.loc[actors["role"] == "external power", "name"].tolist(),
            says="right column",
            why="names, not ids",
        ),
        Wrong(external[1:], says="missing", why="one left out"),
        Wrong(", ".join(external), says="one piece of text", why="ids joined in one string"),
        Wrong(actors[actors["role"] == "external power"], says="whole table", why="the rows, not their ids"),
    ],
    2: [
        Wrong(parties, says="officials", why="the parties only"),
        Wrong(every_official, says="affiliation", why="every official, the EU's included"),
        Wrong(
            [*primary, "karabakh_armenians"],
            says="affected population",
            why="the displaced counted as a party",
        ),
        Wrong(primary[:-1], says="missing", why="one official left out"),
        Wrong(
            actors.loc[actors["actor_id"].isin(primary), "name"].tolist(),
            says="right column",
            why="names, not ids",
        ),
    ],
    3: [
        Wrong(events["date_text"].value_counts(), says="right column", why="counted the time words"),
        Wrong(counts.drop("undated").to_dict(), says="missing 'undated'", why="undated events dropped"),
        Wrong(
            events["date_known"].value_counts(normalize=True), says="less than half", why="shares, not counts"
        ),
        Wrong(list(counts), says="dictionary", why="the counts without their labels"),
        Wrong(
            counts.to_dict() | {"stated": int(counts["stated"]) + 1},
            says="one too high",
            why="one stated event too many",
        ),
        Wrong(counts.reset_index(), says="whole table", why="a table, not a mapping"),
    ],
    4: [
        Wrong(by_name, says="Searching the text", why="searched the words for Russia"),
        Wrong(by_words, says="only mention Russia", why="searched for Russia, the Kremlin and Moscow"),
        Wrong([e for e in russia if e != russia[0]], says=f"missing '{russia[0]}'", why="one event left out"),
        Wrong(",".join(russia), says="one piece of text", why="ids joined in one string"),
        Wrong([e.lower() for e in russia], says="capitals", why="ids in lower case"),
    ],
    5: [
        Wrong(relative, says="not sorted", why="left in the table's order"),
        Wrong(relative.sort_values("earliest", ascending=False), says="reverse order", why="latest first"),
        Wrong(
            ordered.assign(earliest=ordered["earliest"].dt.strftime("%Y-%m-%d")),
            says="pd.to_datetime",
            why="dates as text",
        ),
        Wrong(ordered[["event_id", "earliest"]], says="no column 'latest'", why="the window's end left out"),
        Wrong(recent.sort_values("earliest"), says="which should not be there", why="inferred events kept"),
        Wrong(ordered["earliest"], says="single column", why="a Series, not a table"),
        Wrong(ordered.set_index("event_id"), says="reset_index", why="ids moved into the index"),
        Wrong(
            ordered.assign(latest=ordered["latest"] + pd.Timedelta(days=1)),
            says="1 day too late",
            why="the window's end a day late",
        ),
    ],
    6: [
        Wrong("before", says="`latest`", why="read the arms decision as first"),
        Wrong("after", says="outside sources", why="used what happened, not the article's windows"),
        Wrong("maybe", says="not one of the options", why="not an option"),
        Wrong(False, says="as text", why="True/False, not an option"),
        Wrong(["cannot tell"], says="holding one option", why="the option inside a list"),
    ],
    7: [
        Wrong("", says="empty", why="left empty"),
        Wrong("It cannot be ordered.", says="4 words", why="too short"),
        Wrong("...", says="empty", why="dots left in the quotes"),
        Wrong(None, says="triple quotes", why="None, not text"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("01", WRONG)
