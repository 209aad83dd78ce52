"""Checks for lesson 01: actors and timeline.

Every expected answer is computed from :mod:`conflictlab.data` when the
check runs, so a change to the data changes what the checks accept.
"""

import pandas as pd

from conflictlab import data
from conflictlab.checks import (
    Cites,
    Mentions,
    expect_choice,
    expect_frame,
    expect_ids,
    expect_mapping,
    task,
    words_task,
)

TITLE = "Actors and timeline"  # shown in the grader's feedback files

#: The answers task 6 offers.
ORDER_OPTIONS = ["before", "after", "cannot tell"]

#: The two events task 6 compares: France's decision to sell arms and the fall of Nagorno-Karabakh.
FIRST, SECOND = "E10", "E03"


def _actor_lists(events: pd.DataFrame) -> pd.Series:
    return events["actors"].fillna("").str.split(";")


@task(1, variable="external_powers")
def task_1(external_powers):
    """The ids of the actors whose role is "external power"."""
    actors = data.load("actors")
    expected = actors.loc[actors["role"] == "external power", "actor_id"].tolist()
    regional = actors.loc[actors["role"] == "regional power", "actor_id"].tolist()
    expect_ids(
        external_powers,
        expected,
        noun="actor id",
        valid=data.load("actors")["actor_id"],
        hint='Keep the rows of the actors table whose `role` is "external power", then take their `actor_id`.',
        mistakes=[
            (
                [*expected, "russia"],
                "Russia is coded as a regional power, not an external power: check the `role` column.",
            ),
            (
                expected + regional,
                "Russia, Iran and Turkey are regional powers: they belong to the region "
                'the conflict is in. Keep only the `role` "external power".',
            ),
        ],
    )


@task(2, variable="primary_actors")
def task_2(primary_actors):
    """The primary actors: the parties and the officials who act for a party."""
    actors = data.load("actors")
    parties = actors.loc[actors["role"] == "party", "actor_id"]
    officials = actors["role"] == "official"
    expected = actors.loc[
        (actors["role"] == "party") | (officials & actors["affiliation"].isin(parties)), "actor_id"
    ].tolist()
    every_official = actors.loc[(actors["role"] == "party") | officials, "actor_id"].tolist()
    expect_ids(
        primary_actors,
        expected,
        noun="actor id",
        valid=data.load("actors")["actor_id"],
        hint="Primary actors are the parties and the officials whose `affiliation` is a party.",
        mistakes=[
            (
                list(parties),
                "Those are the two parties. Their officials act for them and count as primary "
                "actors too: look for officials whose `affiliation` is a party.",
            ),
            (every_official, "Not every official acts for a party: check each official's `affiliation`."),
            (
                [*expected, "karabakh_armenians"],
                "The Karabakh Armenians are the affected population: in this "
                "lesson's classification a secondary actor, not a party.",
            ),
        ],
    )


@task(3, variable="events_by_date")
def task_3(events_by_date):
    """How many events there are for each way their date is known."""
    events = data.load("events")
    expected = events["date_known"].value_counts().to_dict()
    expect_mapping(
        events_by_date,
        expected,
        noun="date category",
        what="the number of events",
        hint="Count the events for each value of the `date_known` column, "
        "for example with `.value_counts()`.",
    )


@task(4, variable="russia_events")
def task_4(russia_events):
    """The ids of the events whose actors include Russia."""
    events = data.load("events")
    lists = _actor_lists(events)
    expected = events.loc[lists.map(lambda a: "russia" in a), "event_id"].tolist()
    text = events["description"] + " " + events["evidence"]
    by_name = events.loc[text.str.contains("Russia"), "event_id"].tolist()
    by_words = events.loc[text.str.contains("Russia|Kremlin|Moscow"), "event_id"].tolist()
    mistakes = []
    if set(by_name) != set(expected):
        mistakes.append(
            (
                by_name,
                "Searching the text for “Russia” is not the same as Russia taking part: "
                "use the `actors` column, which lists the actor ids of each event.",
            )
        )
    if set(by_words) != set(expected):
        mistakes.append(
            (
                by_words,
                "A search of the words finds events that only mention Russia, and misses "
                "events the text does not name it in: use the `actors` column.",
            )
        )
    expect_ids(
        russia_events,
        expected,
        noun="event id",
        valid=data.load("events")["event_id"],
        hint='Keep the events whose `actors` list contains "russia".',
        mistakes=mistakes,
    )


@task(5, variable="relative_events")
def task_5(relative_events):
    """The events with a relative date: event_id, earliest and latest, sorted by earliest."""
    events = data.load("events")
    expected = events.loc[events["date_known"] == "relative", ["event_id", "earliest", "latest"]]
    expect_frame(
        relative_events,
        columns=["event_id", "earliest", "latest"],
        exact_columns=True,
        key="event_id",
        expected=expected,
        dtypes={"earliest": "datetime", "latest": "datetime"},
        sorted_by="earliest",
        noun="event",
        hint='Keep the rows whose `date_known` is "relative".',
        sort_hint='Sort with `.sort_values("earliest")`.',
    )


@task(6, variable="arms_order")
def task_6(arms_order):
    """Whether the article's windows put FIRST (E10) before or after SECOND (E03), or cannot tell."""
    events = data.load("events").set_index("event_id")
    first, second = events.loc[FIRST], events.loc[SECOND]
    if first["latest"] < second["earliest"]:
        expected = "before"
    elif first["earliest"] > second["latest"]:
        expected = "after"
    else:
        expected = "cannot tell"
    expect_choice(
        arms_order,
        ORDER_OPTIONS,
        expected,
        mistakes={
            "before": f"For {FIRST} to come first for certain, its window would have to end before {SECOND}'s "
            f"begins: compare {FIRST}'s `latest` with {SECOND}'s `earliest`.",
            "after": f"For {FIRST} to come after {SECOND} for certain, its window would have to begin after "
            f"{SECOND}'s ends: compare {FIRST}'s `earliest` with {SECOND}'s `latest`. What you know "
            "from outside sources does not count here: the task asks what the article's own "
            "windows can tell.",
            "cannot tell": "Compare the windows: does one of them end before the other begins?",
        },
    )


task_7 = words_task(
    7,
    variable="answer_7",
    min_words=30,
    description="What an undated event means for a claim that one event caused another.",
    requires=[
        Cites(["E23", "E19"], every=True),
        Mentions(
            ["undated", "date", "when"],
            what="the missing dates",
            ask="what does it change that the article dates neither event?",
        ),
        Mentions(
            ["analyst", "outside", "source", "check", "look for", "find"],
            what="what an analyst could do",
            ask="what could an analyst do about it?",
        ),
    ],
)
