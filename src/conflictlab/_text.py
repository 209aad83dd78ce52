"""Numbers, lists and messages in the words a student reads (shared by charts, widgets, checks and grading)."""

from __future__ import annotations

import math
import re
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


def sentence(message: str) -> str:
    """``message`` ending as a sentence: a full stop added unless it ends with . ! ? or …"""
    message = message.strip()
    return message if message.endswith((".", "!", "?", "…")) else message + "."


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, without terminal colour codes, cut to ``limit`` characters with "…"."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
