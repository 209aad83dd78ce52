"""Minimal written answers, built by hand from a task's requirements, for the written-answer tests.

``minimal_answer(task)`` meets every requirement of a written task with the
fewest words a program can check, padded with filler to the task's word
count; ``minimal_answer(task, drop=i)`` leaves out requirement ``i``. The
fragments are chosen here, not taken from the checks, so that the tests
judge the checks from outside.
"""

from __future__ import annotations

from conflictlab import data
from conflictlab.checks import Cites, LabelsOutside, Mentions, QuotesArticle, Task, UsesMarker

#: A phrase the article has word for word (paragraph on Hajiyev's remark).
VERBATIM = "the roots of peace are not in Washington but in the region"
FILLER = "lorem"


def fragment(requirement) -> str:
    """The few words that meet one requirement."""
    if isinstance(requirement, Cites):
        if requirement.among:
            ids = requirement.among if requirement.every else requirement.among[: requirement.at_least]
            return " ".join(ids)
        return {"": "C34", "C": "C34", "E": "E06"}[requirement.prefix]
    if isinstance(requirement, QuotesArticle):
        return f"“{VERBATIM}”"
    if isinstance(requirement, UsesMarker):
        claims = data.load("claims").set_index("claim_id")
        return str(claims.loc[requirement.of[0], "marker"]) if requirement.of else "reportedly"
    if isinstance(requirement, LabelsOutside):
        return f"Outside the article, {requirement.among[0] if requirement.among else 'BG11'} adds context."
    if isinstance(requirement, Mentions):
        return requirement.options()[0]
    raise TypeError(f"no fragment for {requirement!r}")


def minimal_answer(task: Task, drop: int | None = None, words: int | None = None) -> str:
    """An answer meeting every requirement of ``task`` except number ``drop``, ``words`` words long."""
    parts = [fragment(r) for i, r in enumerate(task.requirements) if i != drop]
    text = " ".join(f"{p}." if not p.endswith(".") else p for p in parts)
    low, high = task.word_limits or (20, None)
    target = words if words is not None else low + 10 if high is None else min(low + 10, high)
    return text + " " + " ".join([FILLER] * max(0, target - len(text.split())))
