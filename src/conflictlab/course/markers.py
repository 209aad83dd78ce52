"""The marks an author puts in the course notebooks, in one place.

Two marks tell the course tools what students must not see:

* a cell tagged :data:`INSTRUCTOR_TAG` is for instructors only: ``conflictlab
  build`` leaves it out of the exercises and ``conflictlab release`` out of
  the students' zip;
* in ``solutions/``, an answer sits between two marker lines::

      # BEGIN SOLUTION: a list of actor ids whose role is "party"
      parties = ...
      # END SOLUTION

  A task's points go in brackets before the colon, ``# BEGIN SOLUTION (2 points): …``;
  without them a task is worth :data:`DEFAULT_POINTS`. :func:`marker_points` reads them.
  :data:`BEGIN` and :data:`END` are the exact grammar the build accepts;
  :data:`LOOSE` finds a marker however it is spelt (``#begin solutions``),
  so the build can name a misspelt one and the release can refuse any.

A third mark holds an answer in words: a Markdown cell tagged ``answer:VARIABLE``
(:data:`ANSWER_TAG` and the task's variable, e.g. ``answer:memo``) is the student's answer
to the task that reads ``VARIABLE``. Its text is the answer, read as written, so no quoting
or length can break it. In ``solutions/`` the model answer sits between Markdown markers::

    <!-- BEGIN SOLUTION (2 points): your memo, 250 to 600 words -->
    Bottom line. …
    <!-- END SOLUTION -->

(:data:`MD_BEGIN`, :data:`MD_END`); ``conflictlab build`` replaces the region with a prompt
line (:func:`answer_prompt`), which :func:`answer_text` never counts as part of an answer.
The student's check cell (``check.task_8()``) and the grader read the cell's text with
:func:`answer_text`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "ANSWER_TAG",
    "INSTRUCTOR_TAG",
    "BEGIN",
    "MD_BEGIN",
    "MD_END",
    "PROMPT",
    "answer_cells",
    "answer_prompt",
    "answer_text",
    "answer_variable",
    "DEFAULT_POINTS",
    "END",
    "LOOSE",
    "cell_source",
    "is_instructor",
    "is_marker_line",
    "marker_points",
    "solution_regions",
]

#: Cells with this tag are for instructors only (left out of exercises and of the students' zip).
INSTRUCTOR_TAG = "instructor"

#: ``# BEGIN SOLUTION: INSTRUCTION`` on a line of its own (``indent`` and ``rest`` are groups).
BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION(?P<rest>.*?)[ \t]*$")
#: What a task is worth when its marker names no points.
DEFAULT_POINTS = 1.0
#: ``(2 points)`` or ``(0.5 points)`` at the start of a BEGIN marker's ``rest``.
POINTS = re.compile(r"^[ \t]*\((?P<points>\d+(?:\.\d+)?)[ \t]+points?\)")
#: ``# END SOLUTION`` on a line of its own.
END = re.compile(r"^[ \t]*# END SOLUTION[ \t]*$")
#: A marker anywhere in a line, however spelt or cased (``word`` is BEGIN or END), in code
#: (``# BEGIN SOLUTION``) or in Markdown (``<!-- BEGIN SOLUTION``).
LOOSE = re.compile(r"(?:#|<!--)\s*(?P<word>BEGIN|END)[\s_-]*SOLUTION", re.IGNORECASE)

#: A Markdown cell tagged ``answer:VARIABLE`` holds the answer in words to the task reading VARIABLE.
ANSWER_TAG = "answer:"
#: ``<!-- BEGIN SOLUTION: INSTRUCTION -->`` on a line of its own, in an answer cell of ``solutions/``.
MD_BEGIN = re.compile(r"^[ \t]*<!-- BEGIN SOLUTION(?P<rest>.*?)[ \t]*-->[ \t]*$")
#: ``<!-- END SOLUTION -->`` on a line of its own.
MD_END = re.compile(r"^[ \t]*<!-- END SOLUTION[ \t]*-->[ \t]*$")
#: How the prompt the build writes into an answer cell begins; such a line is never part of an answer.
PROMPT = "> ✎ **Write here:**"
_LOOSE_LINE = re.compile(r"^\s*" + LOOSE.pattern, re.IGNORECASE)


def cell_source(source: Any) -> str:
    """A cell's source (or an output's text) as one string: notebooks store it as a string or a list of lines."""
    return "".join(source) if isinstance(source, list) else str(source)


def is_instructor(cell: Mapping[str, Any]) -> bool:
    """Whether a notebook cell is tagged :data:`INSTRUCTOR_TAG`."""
    return INSTRUCTOR_TAG in ((cell.get("metadata") or {}).get("tags") or [])


def is_marker_line(line: str) -> str | None:
    """``"BEGIN"`` or ``"END"`` when ``line`` starts with a solution marker of any spelling, else None."""
    match = _LOOSE_LINE.match(line)
    return match.group("word").upper() if match else None


def marker_points(rest: str) -> tuple[float | None, str]:
    """The points a BEGIN marker's ``rest`` names, and the rest without them.

    Examples
    --------
    >>> marker_points(" (2 points): a list of actor ids")
    (2.0, ': a list of actor ids')
    >>> marker_points(": a number")
    (None, ': a number')
    """
    match = POINTS.match(rest)
    if not match:
        return None, rest
    return float(match["points"]), rest[match.end() :]


def solution_regions(source: str) -> list[str]:
    """The answer regions of a cell's source: the lines between marker lines of any spelling."""
    regions: list[str] = []
    current: list[str] | None = None
    for line in source.splitlines():
        word = is_marker_line(line)
        if word == "BEGIN":
            current = []
        elif word == "END":
            if current is not None:
                regions.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return regions


def answer_variable(cell: Mapping[str, Any]) -> str | None:
    """The variable whose answer a Markdown cell holds (its ``answer:VARIABLE`` tag), or None."""
    if cell.get("cell_type") != "markdown":
        return None
    for tag in (cell.get("metadata") or {}).get("tags") or []:
        if isinstance(tag, str) and tag.startswith(ANSWER_TAG) and tag[len(ANSWER_TAG) :].strip():
            return tag[len(ANSWER_TAG) :].strip()
    return None


def answer_prompt(instruction: str) -> str:
    """The line the build writes into an answer cell in place of the model answer.

    Examples
    --------
    >>> answer_prompt("(2 points) your memo, 250 to 600 words")
    '> ✎ **Write here:** (2 points) your memo, 250 to 600 words. Double-click this cell, replace this line with your text, press Shift+Enter, then save the notebook (Ctrl+S).'
    """
    return (
        f"{PROMPT} {instruction.rstrip('. ')}. Double-click this cell, replace this line with your "
        "text, press Shift+Enter, then save the notebook (Ctrl+S)."
    )


def answer_text(source: Any) -> str:
    r"""The answer an answer cell holds: its text without the prompt line and marker lines.

    Examples
    --------
    >>> answer_text('> ✎ **Write here:** a memo.\nBottom line: 40% "regional".')
    'Bottom line: 40% "regional".'
    """
    lines = [
        line
        for line in cell_source(source).splitlines()
        if not line.lstrip().startswith(PROMPT) and not is_marker_line(line)
    ]
    return "\n".join(lines).strip()


def answer_cells(cells: Any) -> dict[str, str]:
    """The answers in words of a notebook's cells, by variable (the first cell tagged for each)."""
    found: dict[str, str] = {}
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, Mapping):
            variable = answer_variable(cell)
            if variable is not None and variable not in found:
                found[variable] = answer_text(cell.get("source", ""))
    return found
