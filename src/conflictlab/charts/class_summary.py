"""The grader's chart: which tasks a class found hardest (``conflictlab grade``'s ``summary.png``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from .._text import shorten
from .theme import PALETTE

__all__ = ["VERDICT_COLOURS", "class_summary", "task_label"]

#: The colour of each verdict the grader gives (``conflictlab.checks.STATUSES``); a verdict not
#: named here is drawn in grey.
VERDICT_COLOURS = {
    "passed": PALETTE["green"],
    "answered": PALETTE["sky"],
    "wrong": PALETTE["orange"],
    "missing": PALETTE["grey"],
    "error": PALETTE["vermillion"],
    "timeout": PALETTE["purple"],
}


def task_label(name: str, description: str = "") -> str:
    """A task as people say it: its number and its description cut to 48 characters.

    Examples
    --------
    >>> task_label("task_4", "The weighted median position on the corridor question")
    'Task 4: The weighted median position on the corridor qu…'
    >>> task_label("task_2")
    'Task 2'
    """
    label = name.replace("task_", "Task ")
    return f"{label}: {shorten(description, 48)}" if description else label


def class_summary(
    summary: Sequence[Mapping[str, Any]],
    statuses: Sequence[str],
    *,
    lesson: str,
    students: int,
    title: str | None = None,
) -> alt.Chart:
    """A stacked bar per task (the share of students by verdict), the hardest task at the top.

    Parameters
    ----------
    summary : list of dict
        One row per task, as ``summary.csv`` holds it: ``task`` ("task_3"), its
        ``description`` (optional; the bars are labelled with :func:`task_label`),
        ``share_passed``, and the number of students with each verdict.
    statuses : list of str
        The verdicts, in order (the grader passes ``conflictlab.checks.STATUSES``),
        coloured as :data:`VERDICT_COLOURS` says.
    lesson, students, title
        For the heading: the lesson number, how many notebooks were graded,
        and the lesson's title.
    """
    labels = {s["task"]: task_label(s["task"], s.get("description", "")) for s in summary}
    rows = [
        {
            "task": labels[s["task"]],
            "status": status,
            "students": s[status],
            "share": s[status] / max(students, 1),
        }
        for s in summary
        for status in statuses
    ]
    order = [labels[s["task"]] for s in sorted(summary, key=lambda s: (s["share_passed"], s["task"]))]
    heading = f"Which tasks did the class find hardest? Lesson {lesson}" + (f": {title}" if title else "")
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y("task:N", sort=order, title=None, axis=alt.Axis(labelLimit=360)),
            x=alt.X("sum(share):Q", stack="normalize", title="share of students", axis=alt.Axis(format="%")),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(
                    domain=list(statuses),
                    range=[VERDICT_COLOURS.get(s, PALETTE["grey"]) for s in statuses],
                ),
                legend=alt.Legend(title="verdict", orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=["task:N", "status:N", "students:Q", alt.Tooltip("share:Q", format=".0%")],
        )
        .transform_calculate(order=f"indexof({json.dumps(list(statuses))}, datum.status)")
        .properties(
            title=alt.Title(
                heading, subtitle=f"{students} submissions; tasks ordered from the fewest passes"
            ),
            width=420,
            height=alt.Step(26),
        )
    )
