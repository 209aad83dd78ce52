"""Checks for lesson 02: issues, positions, interests and needs.

Every expected answer is computed from the course data (the ``issues`` and
``stances`` tables), so a change to the data changes what the checks expect.
"""

from __future__ import annotations

import pandas as pd

from conflictlab import data
from conflictlab.checks import (
    Cites,
    Mentions,
    answer_name,
    expect_frame,
    expect_ids,
    expect_number,
    fail,
    show,
    task,
    words_task,
)

TITLE = "Issues: positions, interests, needs"


def _issues_with(status: str | list[str]) -> list[str]:
    issues = data.load("issues")
    wanted = [status] if isinstance(status, str) else list(status)
    return issues.loc[issues["status"].isin(wanted), "issue_id"].tolist()


def _stances_of(actor_id: str) -> pd.DataFrame:
    stances = data.load("stances")
    return stances.loc[stances["actor_id"] == actor_id, ["issue_id", "stance"]].reset_index(drop=True)


def disagreements(actor_a: str, actor_b: str) -> list[str]:
    """The issues on which both actors take a stance and their stances differ."""
    a = _stances_of(actor_a).set_index("issue_id")["stance"]
    b = _stances_of(actor_b).set_index("issue_id")["stance"]
    shared = [i for i in a.index if i in b.index]
    return [i for i in shared if a[i] != b[i]]


def shared_issues(actor_a: str, actor_b: str) -> list[str]:
    """The issues on which both actors take a stance."""
    b = set(_stances_of(actor_b)["issue_id"])
    return [i for i in _stances_of(actor_a)["issue_id"] if i in b]


def issues_with_stance(stance: str | list[str]) -> list[str]:
    """The issues on which at least one actor takes one of the given stances."""
    stances = data.load("stances")
    wanted = [stance] if isinstance(stance, str) else list(stance)
    return list(dict.fromkeys(stances.loc[stances["stance"].isin(wanted), "issue_id"]))


def contested() -> list[str]:
    """The issues with at least one actor for and at least one against."""
    against = set(issues_with_stance("against"))
    return [i for i in issues_with_stance("for") if i in against]


@task(1, variable="remaining")
def task_1(remaining):
    """The ids of the issues the article leaves remaining."""
    expected = _issues_with("remaining")
    expect_ids(
        remaining,
        expected,
        noun="issue id",
        valid=data.load("issues")["issue_id"],
        hint='Keep the rows of `issues` whose `status` is "remaining", then take their `issue_id`.',
        mistakes=[
            (
                expected + _issues_with("diminished"),
                "The corridor is there, but the article says that hurdle has *diminished*: its status is not "
                '"remaining". Keep only the rows whose `status` is "remaining".',
            ),
            (
                expected + _issues_with("agreed in principle"),
                "The three principles are reportedly agreed in principle, so they are not remaining hurdles. "
                'Keep only the rows whose `status` is "remaining".',
            ),
            (
                expected + _issues_with(["diminished", "agreed in principle"]),
                "That keeps every issue except the one removed. Diminished issues and issues agreed in principle "
                'have their own status; keep only the rows whose `status` is "remaining".',
            ),
        ],
    )


@task(2, variable="share_against")
def task_2(share_against):
    """The share of all stances that are "against"."""
    stances = data.load("stances")
    is_against = stances["stance"] == "against"
    decided = stances["stance"].isin(["for", "against"])
    expect_number(
        share_against,
        is_against.mean(),
        places=2,
        what="a share between 0 and 1",
        hint='Divide the number of "against" stances by the number of all stances.',
        mistakes={
            float(is_against.sum()): 'That is the number of "against" stances; the task asks for their share '
            "of all stances, a number between 0 and 1.",
            float((stances["stance"] == "for").mean()): 'That is the share of "for" stances; the task asks '
            'for "against".',
            float(is_against.sum() / decided.sum()): "You left out the mixed stances: the task asks for the "
            "share of *all* stances.",
        },
    )


@task(3, variable="azerbaijan_stances")
def task_3(azerbaijan_stances):
    """Azerbaijan's stances: a table with columns issue_id and stance, one row per issue."""
    expected = _stances_of("azerbaijan")
    frame = expect_frame(azerbaijan_stances, columns=["issue_id", "stance"])
    if "actor_id" in frame.columns:
        others = [a for a in dict.fromkeys(frame["actor_id"]) if a != "azerbaijan"]
        if others:
            listing = ", ".join(show(a) for a in others[:3])
            actors = data.load("actors")
            officials = set(actors.loc[actors["affiliation"] == "azerbaijan", "actor_id"])
            note = (
                " Azerbaijan's officials speak for it, but the stances table records them as actors of "
                "their own"
                if officials & set(others)
                else ""
            )
            fail(
                f"{answer_name()} has rows for other actors ({listing}). The task asks only for the rows "
                f'whose `actor_id` is "azerbaijan".{note}'
            )
    expect_frame(
        frame,
        columns=["issue_id", "stance"],
        exact_columns=True,
        key="issue_id",
        expected=expected,
        noun="issue",
        hint='Keep the rows of `stances` whose `actor_id` is "azerbaijan", with their `issue_id` '
        "and `stance` as they are.",
    )
    return "Compare your table with Azerbaijan's row in the stance heatmap."


@task(4, variable="disagree")
def task_4(disagree):
    """The issues on which Armenia and Azerbaijan both take a stance, and the stances differ."""
    expected = disagreements("armenia", "azerbaijan")
    shared = shared_issues("armenia", "azerbaijan")
    agreed = [i for i in shared if i not in expected]
    either = list(
        dict.fromkeys(list(_stances_of("armenia")["issue_id"]) + list(_stances_of("azerbaijan")["issue_id"]))
    )
    mistakes = [
        (shared, "That is every issue both take a stance on. Keep only the ones where their stances differ."),
        (
            either,
            "That is every issue either of them takes a stance on. Keep only the issues where both take "
            "a stance, and the stances differ.",
        ),
        (agreed, "Those are the issues where their stances are the same; the task asks where they differ."),
    ]
    mistakes += [
        (
            [*expected, i],
            f"On {show(i)} both take the same recorded stance. Whether they really agree "
            "there is a good question for the lesson; this task asks about the stances "
            "as recorded",
        )
        for i in agreed
    ]
    expect_ids(
        disagree,
        expected,
        noun="issue id",
        valid=data.load("issues")["issue_id"],
        mistakes=mistakes,
        hint="An issue counts only when both Armenia and Azerbaijan take a stance on it and their "
        "stances differ.",
    )
    if agreed:
        return (
            f"Where they take the same stance ({', '.join(show(i) for i in agreed)}), read each issue's "
            "proposition: is every one of those real agreement?"
        )
    return None


@task(5, variable="contested_issues")
def task_5(contested_issues):
    """The issues on which at least one actor is "for" and at least one is "against"."""
    expected = contested()
    expect_ids(
        contested_issues,
        expected,
        noun="issue id",
        valid=data.load("issues")["issue_id"],
        hint='An issue is contested when at least one actor is "for" and at least one is "against"; '
        '"mixed" counts as neither.',
        mistakes=[
            (
                issues_with_stance("against"),
                "That is every issue someone is against. An issue is contested only when someone is also for it.",
            ),
            (
                issues_with_stance("for"),
                "That is every issue someone is for. An issue is contested only when someone is also against it.",
            ),
        ],
    )
    return "On these issues the stated positions clash head-on; the lesson asks whether the interests behind them clash too."


task_6 = words_task(
    6,
    variable="answer_6",
    min_words=40,
    description="What the Iran route does for Azerbaijan, and which interest of Armenia it leaves out, in words.",
    requires=[
        Cites(),
        Mentions(
            ["interest"],
            what="Azerbaijan's interest",
            ask="which interest of Azerbaijan does the Iran route serve?",
        ),
        Mentions(
            ["armenia"],
            what="the interest of Armenia it leaves out",
            ask="which interest of Armenia does a route through Iran leave out?",
        ),
        Mentions(
            ["infer", "my own", "my reading", "in my view", "i think", "i assume", "i suppose"],
            what="your own inference, labelled",
            ask="which parts of your answer are your inference rather than the article's? Say so",
        ),
    ],
)
