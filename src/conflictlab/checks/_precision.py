"""The course's one rule for judging a number against the precision a task states.

A task says how precise an answer must be ("two decimal places are enough").
An answer then agrees with the right value when it lies between the right
value cut off (truncated) at that many decimal places and the right value
rounded *up* at that many places. So for a right value of 0.348 and two
places, 0.34 (truncated), 0.35 (rounded) and anything in between (0.348
itself, 0.3481) agree; 0.33 and 0.36 do not. Rounding and truncation are
accepted alike, and no answer off by more than one unit of the last stated
digit is ever accepted.

Every numeric check uses :func:`agrees` (through ``expect_number``,
``expect_mapping`` and ``expect_frame``), and the same rule decides when an
answer is *too coarse* to judge: an answer with fewer decimal places than the
task asks for, which agrees with the right value at its own precision, is
told to give more places — never that it made a mistake it may not have made.
"""

from __future__ import annotations

import math

__all__ = ["agrees", "bounds", "decimals"]

#: Scaled values this close to a whole number are taken to be that whole number
#: (0.35 is stored as 0.34999999999999998; at two places it is 35, not 34.999…).
_SNAP = 1e-12


def _scaled(value: float, places: int) -> float:
    scaled = float(value) * 10**places
    nearest = round(scaled)
    return float(nearest) if abs(scaled - nearest) <= _SNAP * max(1.0, abs(scaled)) else scaled


def bounds(expected: float, places: int) -> tuple[float, float]:
    """The lowest and highest answers that agree with ``expected`` at ``places`` decimal places.

    Parameters
    ----------
    expected : float
        The right value.
    places : int
        The decimal places the task asks for (0 for whole numbers; may be
        negative for tens, hundreds …).

    Returns
    -------
    (low, high) : tuple of float
        ``expected`` rounded down and rounded up at ``places``; equal when
        ``expected`` has no more places than that.
    """
    scaled = _scaled(expected, places)
    return math.floor(scaled) / 10**places, math.ceil(scaled) / 10**places


def agrees(value: float, expected: float, places: int) -> bool:
    """True when ``value`` is ``expected`` rounded, truncated or given more precisely, at ``places``.

    Examples
    --------
    >>> agrees(0.34, 0.348, 2), agrees(0.35, 0.348, 2), agrees(0.3481, 0.348, 2)
    (True, True, True)
    >>> agrees(0.33, 0.348, 2), agrees(0.36, 0.348, 2)
    (False, False)
    """
    if not (math.isfinite(value) and math.isfinite(expected)):
        return False
    low, high = (_scaled(b, places) for b in bounds(expected, places))
    mine = float(value) * 10**places
    slack = _SNAP * max(1.0, abs(mine))
    return low - slack <= mine <= high + slack


def decimals(value: float, limit: int = 15) -> int:
    """How many decimal places a number is written with (its shortest form): 0.62 → 2, 40.0 → 0.

    A number computed rather than typed has many places (up to ``limit``).
    """
    if not math.isfinite(value):
        return limit
    if float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        places = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return min(limit, max(0, places - int(exponent)))
    return min(limit, len(text.split(".")[1]))
