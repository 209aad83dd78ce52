"""The marks an author puts in the course notebooks, in one place.

Two marks tell the course tools what students must not see:

* a cell tagged :data:`INSTRUCTOR_TAG` is for instructors only: ``conflictlab
  build`` leaves it out of the exercises and ``conflictlab release`` out of
  the students' zip;
* in ``solutions/``, an answer sits between two marker lines::

      # BEGIN SOLUTION: a list of actor ids whose role is "party"
      parties = ...
      # END SOLUTION

  :data:`BEGIN` and :data:`END` are the exact grammar the build accepts;
  :data:`LOOSE` finds a marker however it is spelt (``#begin solutions``),
  so the build can name a misspelt one and the release can refuse any.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "INSTRUCTOR_TAG",
    "BEGIN",
    "END",
    "LOOSE",
    "cell_source",
    "is_instructor",
    "is_marker_line",
    "solution_regions",
]

#: Cells with this tag are for instructors only (left out of exercises and of the students' zip).
INSTRUCTOR_TAG = "instructor"

#: ``# BEGIN SOLUTION: INSTRUCTION`` on a line of its own (``indent`` and ``rest`` are groups).
BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION(?P<rest>.*?)[ \t]*$")
#: ``# END SOLUTION`` on a line of its own.
END = re.compile(r"^[ \t]*# END SOLUTION[ \t]*$")
#: A marker anywhere in a line, however spelt or cased (``word`` is BEGIN or END).
LOOSE = re.compile(r"#\s*(?P<word>BEGIN|END)[\s_-]*SOLUTION", re.IGNORECASE)
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
