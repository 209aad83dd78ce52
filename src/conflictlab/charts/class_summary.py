"""The grader's chart: which tasks a class found hardest (``conflictlab grade``'s ``summary.png``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from .theme import PALETTE

__all__ = ["VERDICT_COLOURS", "class_summary"]

#: The colour of each verdict, in the grader's order of verdicts (``conflictlab.checks.STATUSES``:
#: passed, wrong, missing, error, timeout).
VERDICT_COLOURS = [PALETTE[k] for k in ("green", "orange", "grey", "vermillion", "purple")]


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
        One row per task, as ``summary.csv`` holds it: ``task`` ("task_3"),
        ``share_passed``, and the number of students with each verdict.
    statuses : list of str
        The verdicts, in order (the grader passes ``conflictlab.checks.STATUSES``);
        they take :data:`VERDICT_COLOURS` in that order.
    lesson, students, title
        For the heading: the lesson number, how many notebooks were graded,
        and the lesson's title.
    """
    rows = [
        {
            "task": s["task"].replace("task_", "Task "),
            "status": status,
            "students": s[status],
            "share": s[status] / max(students, 1),
        }
        for s in summary
        for status in statuses
    ]
    order = [
        s["task"].replace("task_", "Task ")
        for s in sorted(summary, key=lambda s: (s["share_passed"], s["task"]))
    ]
    heading = f"Which tasks did the class find hardest? Lesson {lesson}" + (f": {title}" if title else "")
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y("task:N", sort=order, title=None),
            x=alt.X("sum(share):Q", stack="normalize", title="share of students", axis=alt.Axis(format="%")),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=list(statuses), range=VERDICT_COLOURS[: len(statuses)]),
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
