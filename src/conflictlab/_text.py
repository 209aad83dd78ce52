"""Numbers and lists in the words a student reads (shared by charts and widgets)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def number(x: float | None) -> str:
    """A number as a student reads it: 78, 78.5, never 78.000001; 'none' for a missing value."""
    if x is None:
        return "none"
    x = float(x)
    if not math.isfinite(x):
        return "none"
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):d}"
    return f"{x:.1f}"


def and_list(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
