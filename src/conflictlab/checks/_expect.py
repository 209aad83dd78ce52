"""Comparison helpers for lesson checks, each with hints in the student's terms.

Every ``expect_*`` helper takes the student's answer and what it should be.
When the answer is right it returns it (cleaned up: a list of ids, a float,
the canonical option), so a check can go on with it. When it is wrong it
stops the check with :func:`~conflictlab.checks.fail`, which the task turns
into a "✗ not quite" verdict with one specific hint:

* the wrong kind of value ("`parties` is text; the task asks for a list");
* what is extra or missing ("includes 'russia', which should not be there");
* which value is off, which way and roughly by how much ("about 20% too high",
  "one too many", "the right size but the wrong sign");
* which column is missing, unsorted, or holds the wrong kind of value.

Hints never state the expected answer. They name the student's own values
freely; they name expected items only where a helper says so (for instance
``expect_ids`` names a missing id when just one is missing and most are
found).
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ._core import Task, Unsupported, _lesson_of_module, _mark_answered_only, answer_name, fail
from ._precision import agrees, decimals
from ._written import Requirement, judge

__all__ = [
    "describe",
    "show",
    "expect_bool",
    "expect_choice",
    "expect_frame",
    "expect_ids",
    "expect_mapping",
    "expect_number",
    "expect_type",
    "expect_words",
    "spelling_of",
    "words_task",
]


# --------------------------------------------------------------------------- wording
def _pd():
    """pandas, if the student (or the course) has imported it; never imported here."""
    return sys.modules.get("pandas")


def _np():
    return sys.modules.get("numpy")


def describe(value: Any) -> str:
    """A student-friendly name for the kind of value, e.g. "a list", "text (a string)"."""
    pd, np = _pd(), _np()
    if isinstance(value, Unsupported):
        return value.describe()
    if value is None:
        return "None (nothing)"
    if value is Ellipsis:
        return "... (not answered yet)"
    if isinstance(value, bool) or (np is not None and isinstance(value, np.bool_)):
        return "True or False (a bool)"
    if isinstance(value, numbers.Integral) and abs(int(value)) > sys.float_info.max:
        return "a whole number far too large to be an answer"
    if isinstance(value, numbers.Integral):
        return "a whole number (int)"
    if isinstance(value, numbers.Real) and math.isnan(value):
        return "NaN (\u201cnot a number\u201d, a missing value)"
    if isinstance(value, numbers.Real):
        return "a decimal number (float)"
    if isinstance(value, numbers.Complex):
        return "a complex number"
    if isinstance(value, str):
        return "text (a string)"
    if isinstance(value, (bytes, bytearray)):
        return "bytes"
    if pd is not None:
        if isinstance(value, pd.DataFrame):
            return "a table (DataFrame)"
        if isinstance(value, pd.Series):
            return "a single column (Series)"
        if isinstance(value, pd.Index):
            return "an index (pandas Index)"
        if isinstance(value, pd.Timestamp):
            return "a date (Timestamp)"
    if np is not None and isinstance(value, np.ndarray):
        return f"an array (numpy, {value.ndim}-dimensional)"
    for kind, words in (
        (list, "a list"),
        (tuple, "a tuple"),
        ((set, frozenset), "a set"),
        (dict, "a dictionary (dict)"),
    ):
        if isinstance(value, kind):
            return words
    if callable(value):
        return "a function — call it to get a result"
    type_name = type(value).__name__
    return f"{'an' if type_name[:1].lower() in 'aeiou' else 'a'} {type_name}"


def show(value: Any, limit: int = 60) -> str:
    """A short rendering of a student's value for a message."""
    if isinstance(value, float):
        text = _fmt(value)
    elif isinstance(value, str):
        text = repr(value)
    elif _np() is not None and isinstance(value, _np().generic):
        text = show(value.item(), limit)
    else:
        try:
            text = repr(value)
        except Exception:
            text = f"<{type(value).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(x: Any) -> str:
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, numbers.Integral):
        return f"{int(x):,}".replace(",", "\u202f") if abs(int(x)) >= 10_000 else str(int(x))
    if isinstance(x, numbers.Real):
        x = float(x)
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "infinity" if x > 0 else "minus infinity"
        return f"{x:.6g}"
    return str(x)


def _listing(items: Sequence[Any], limit: int = 4) -> str:
    if not items:
        return "nothing"
    shown = [show(i, 40) for i in items[:limit]]
    if len(items) > limit:
        return ", ".join(shown) + f" and {len(items) - limit} more"
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _plural(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") and not noun.endswith(("ay", "ey", "oy")) else noun + "s"
    return f"{n} {plural}"


def _a(noun: str) -> str:
    """ "a" or "an", for the noun that follows."""
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _with_hint(message: str, hint: str | None) -> str:
    message = message.rstrip()
    if not message.endswith((".", "?", "!")):
        message += "."
    return f"{message} {hint.strip()}" if hint else message


def _norm_text(text: str) -> str:
    text = text.replace("\u2010", "-").replace("\u2011", "-").replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.casefold().split())


# --------------------------------------------------------------------------- spelling of ids
#: The course's one policy for the labels students type. Ids, table names and
#: column names are data: they must be written exactly as the tables write them,
#: and an answer that differs only in capitals or spaces is refused with this
#: advice. Options a task offers in words ("cannot tell", "verified") are not
#: data: ``expect_choice`` ignores capitals and spaces in them.
SPELLING_ADVICE = "write it exactly as the table writes it, capitals and spaces included"


def spelling_of(typed: Any, right: Iterable[Any]) -> str | None:
    """The right label ``typed`` differs from only in capitals or spaces (None if none, or if equal)."""
    if not isinstance(typed, str):
        return None
    for label in right:
        if isinstance(label, str) and label != typed and _norm_text(label) == _norm_text(typed):
            return label
    return None


# --------------------------------------------------------------------------- types
_KINDS: dict[str, tuple[str, Callable[[Any], bool]]] = {}


def _is_number(v: Any) -> bool:
    np = _np()
    return (
        isinstance(v, numbers.Real)
        and not isinstance(v, bool)
        and not (np is not None and isinstance(v, np.bool_))
    )


def _is_table(v: Any) -> bool:
    pd = _pd()
    return pd is not None and isinstance(v, pd.DataFrame)


def _is_column(v: Any) -> bool:
    pd = _pd()
    return pd is not None and isinstance(v, pd.Series)


_KINDS.update(
    {
        "number": ("a number", _is_number),
        "integer": ("a whole number", lambda v: _is_number(v) and isinstance(v, numbers.Integral)),
        "text": ("text (a string)", lambda v: isinstance(v, str)),
        "bool": (
            "True or False",
            lambda v: isinstance(v, bool) or (_np() is not None and isinstance(v, _np().bool_)),
        ),
        "list": ("a list", lambda v: isinstance(v, list)),
        "tuple": ("a tuple", lambda v: isinstance(v, tuple)),
        "set": ("a set", lambda v: isinstance(v, (set, frozenset))),
        "dict": ("a dictionary", lambda v: isinstance(v, dict)),
        "table": ("a table (a pandas DataFrame)", _is_table),
        "column": ("a single column (a pandas Series)", _is_column),
    }
)


def expect_type(value: Any, kinds: str | Sequence[str], *, what: str | None = None) -> Any:
    """Require one of the named kinds of value.

    Parameters
    ----------
    value : object
        The student's answer.
    kinds : str or list of str
        Any of "number", "integer", "text", "bool", "list", "tuple", "set",
        "dict", "table", "column".
    what : str, optional
        What the answer is, in words ("the list of parties"), for the message.

    Returns
    -------
    The value, unchanged.
    """
    names = [kinds] if isinstance(kinds, str) else list(kinds)
    for kind in names:
        if kind not in _KINDS:
            raise ValueError(f"unknown kind {kind!r}; use one of {sorted(_KINDS)}")
    if any(_KINDS[k][1](value) for k in names):
        return value
    wanted = " or ".join(_KINDS[k][0] for k in names)
    subject = f"{answer_name()} ({what})" if what else answer_name()
    fail(f"{subject} is {describe(value)}; the task asks for {wanted}")


# --------------------------------------------------------------------------- numbers
def _number_from(value: Any, *, integer: bool, what: str | None) -> float | int:
    """The student's answer as a plain number, or a hint about its type."""
    name = answer_name()
    subject = f"{name} ({what})" if what else name
    pd, np = _pd(), _np()
    if isinstance(value, Unsupported):
        fail(f"{subject} is {value.describe()}; the task asks for a number")
    if value is None:
        fail(
            f"{subject} is None — a number was expected. Did you assign the result of a function "
            "that prints its result instead of returning it?"
        )
    if isinstance(value, bool) or (np is not None and isinstance(value, np.bool_)):
        fail(f"{subject} is {value}, a True/False value; the task asks for a number")
    if isinstance(value, str):
        try:
            float(value.replace(",", ""))
        except ValueError:
            fail(f"{subject} is text ({show(value)}); the task asks for a number")
        fail(f"{subject} is the text {show(value)}, not a number. Write the number without quotes")
    container = None
    if pd is not None and isinstance(value, pd.DataFrame):
        container, size, take = "a table (DataFrame)", value.size, ".iloc[0, 0]"
    elif pd is not None and isinstance(value, pd.Series):
        container, size, take = "a column (Series)", len(value), ".iloc[0]"
    elif np is not None and isinstance(value, np.ndarray):
        container, size, take = "an array", value.size, "[0]"
    elif isinstance(value, (list, tuple, set, frozenset)):
        container, size, take = describe(value), len(value), "[0]"
    elif isinstance(value, dict):
        container, size, take = "a dictionary", len(value), "[key]"
    if container is not None:
        if size == 1:
            fail(
                f"{subject} is {container} holding one value; the task asks for the number itself. "
                f"Take it out, for example with `{take}`"
            )
        fail(f"{subject} is {container} of {_plural(size, 'value')}; the task asks for a single number")
    if np is not None and isinstance(value, np.generic):
        value = value.item()
    if not _is_number(value):
        fail(f"{subject} is {describe(value)}; the task asks for a number")
    number = float(value) if not isinstance(value, numbers.Integral) else int(value)
    if isinstance(number, float) and math.isnan(number):
        fail(
            f"{subject} is NaN (\u201cnot a number\u201d): a calculation used a missing value or divided zero by zero"
        )
    if isinstance(number, float) and math.isinf(number):
        fail(f"{subject} is infinite: a calculation divided by zero")
    if isinstance(number, int) and abs(number) > sys.float_info.max:
        fail(f"{subject} is {describe(number)}")
    if integer and isinstance(number, float):
        if not number.is_integer():
            fail(f"{subject} is {_fmt(number)}, but it should be a whole number (a count)")
        number = int(number)
    return number


def _close(a: float, b: float, tol: float | None, rel: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=tol if tol is not None else 1e-9)


def _same(a: float, b: float, *, places: int | None, tol: float | None, rel: float) -> bool:
    """The course's precision rule (:func:`~._precision.agrees`) when the task states ``places``."""
    if places is not None:
        return agrees(a, b, places)
    return _close(a, b, tol, rel)


_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six"]


def _places_words(places: int) -> str:
    """ "two decimal places"; "a whole number" for none."""
    if places <= 0:
        return "a whole number"
    count = _NUMBER_WORDS[places] if places < len(_NUMBER_WORDS) else str(places)
    return f"{count} decimal place" + ("" if places == 1 else "s")


#: A near miss: off by no more than this share of the right value (and not by rounding).
NEAR = 0.02


def _number_problem(
    value: float,
    expected: float,
    *,
    tol: float | None,
    rel: float,
    places: int | None = None,
    share: bool = False,
) -> str | None:
    """How ``value`` is off from ``expected``, as a verb phrase; None when close enough."""

    def same(a: float, b: float) -> bool:
        return _same(a, b, places=places, tol=tol, rel=rel)

    if same(value, expected):
        return None
    if expected != 0 and same(value, -expected):
        return "has the right size but the wrong sign"
    if expected != 0 and same(value / 100, expected):
        return "looks like a percentage: give it as a share between 0 and 1 (for example 0.25, not 25)"
    if expected != 0 and same(value * 100, expected):
        return "looks like a share: give it as a percentage (for example 25, not 0.25)"
    diff = value - expected
    if float(value).is_integer() and float(expected).is_integer() and abs(diff) == 1:
        return "is one too high" if diff > 0 else "is one too low"
    if expected != 0 and (value > 0) != (expected > 0) and value != 0:
        return "has the wrong sign" + (" (it is negative)" if value < 0 else " (it is positive)")
    direction = "too high" if diff > 0 else "too low"
    if share and value > 1 and float(value).is_integer():
        return "is a whole number larger than 1: it looks like a count, but the task asks for a share between 0 and 1"
    if expected == 0:
        return f"is {direction}"
    ratio = value / expected
    if ratio >= 2:
        return "is more than twice as large as it should be"
    if 0 <= ratio <= 0.5:
        return "is less than half of what it should be"
    percent = abs(diff) / abs(expected) * 100
    if places is not None and percent <= NEAR * 100:
        return (
            f"is close, but {direction} by more than the task's precision ({_places_words(places)}) allows: "
            "it is not the right value rounded or cut short"
        )
    if percent < 1:
        return f"is slightly {direction} (by less than 1%)"
    rounded = float(f"{percent:.1g}")
    return f"is about {rounded:.0f}% {direction}"


def _too_coarse(number: float, expected: float, places: int | None, subject: str | None = None) -> str | None:
    """A message when ``number`` has fewer places than the task asks for and agrees at its own."""
    if places is None or places <= 0:
        return None
    given = decimals(number)
    if given >= places or agrees(number, expected, places) or not agrees(number, expected, given):
        return None
    return (
        f"{subject or answer_name()} is {_fmt(number)}, which has "
        f"{'no decimal places' if given == 0 else 'only ' + _places_words(given)}: "
        f"too few to judge. The task asks for {_places_words(places)}; there is no need to round at all, "
        "the number as your code computes it is fine"
    )


Mistakes = Mapping[Any, str] | Iterable[tuple[Any, str]]


def _named_mistake(number: float, mistakes: Mistakes, expected: float, **precision: Any) -> str | None:
    """The message of the known mistake ``number`` matches — only when it matches nothing right.

    Both are judged at the precision the task states. An answer written
    with fewer places than the mistake and the task, which is also the right
    value at its own precision (0.62 for a right 0.6223 and a mistaken
    0.6199), matches the mistake only by rounding: it is not named. When the
    answer matches several known mistakes, every one is named (the check
    cannot tell which slip the student made).
    """
    if _same(number, expected, **precision):
        return None
    places = precision["places"]
    given = decimals(number)
    pairs = list(mistakes.items()) if isinstance(mistakes, Mapping) else list(mistakes)
    if places is not None and agrees(number, expected, given):
        pairs = [(w, m) for w, m in pairs if w is None or given >= min(places, decimals(float(w)))]
    found = list(
        dict.fromkeys(
            message
            for wrong, message in pairs
            if wrong is not None
            and math.isfinite(float(wrong))
            and _same(number, float(wrong), **precision)
            and not _same(float(wrong), expected, **precision)
        )
    )
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return f"{len(found)} different slips lead to this value; check each. " + " ".join(
        f"({i}) {_sentence_end(m)}" for i, m in enumerate(found, start=1)
    )


def _sentence_end(message: str) -> str:
    message = message.strip()
    return message if message.endswith((".", "!", "?")) else message + "."


def expect_number(
    value: Any,
    expected: float,
    *,
    places: int | None = None,
    tol: float | None = None,
    rel: float = 1e-6,
    integer: bool = False,
    what: str | None = None,
    hint: str | None = None,
    mistakes: Mistakes | None = None,
    near_hint: str | None = None,
) -> float | int:
    """Require a single number that agrees with ``expected`` to the precision the task states.

    Parameters
    ----------
    value : object
        The student's answer.
    expected : float
        The right value.
    places : int, optional
        The decimal places the task asks for ("two decimal places are
        enough" is ``places=2``). The answer agrees when it lies between
        ``expected`` truncated and ``expected`` rounded up at that many
        places (:func:`conflictlab.checks._precision.agrees`), so rounded
        and truncated answers pass alike. Say the precision in the task's
        text; this is the rule every course task uses.
    tol : float, optional
        Absolute tolerance, for a check that states no precision (by
        default numbers must then agree to within a relative 1e-6).
    rel : float
        Relative tolerance (with ``tol``).
    integer : bool
        The answer is a count: a whole number (``5.0`` is accepted, ``5.5`` not).
    what : str, optional
        The value in words, e.g. "the weighted median", used in type hints.
    hint : str, optional
        A sentence about method added to "off" messages, e.g. "Weight each
        position by capability × salience."
    mistakes : dict or list of (value, message), optional
        Known wrong values and what they reveal, e.g.
        ``{47.5: "That is the weighted mean; the task asks for the median."}``.
        A mistake is named only when the answer matches it, and not the
        right value, at the precision the task states; an answer matching
        several mistakes hears about each (a list may give one value
        several messages).
    near_hint : str, optional
        What to check when the answer is close but not within the
        precision (and not a rounding of the right value), e.g. "Use seed 0
        and 10,000 draws." Defaults to ``hint``.

    Returns
    -------
    int or float
        The student's number as a plain Python number.

    Messages say: too few decimal places (when the answer agrees with the
    right value at its own, coarser precision); a known mistake; the right
    size but the wrong sign; "looks like a percentage" (or a share, or a
    count); "one too high/low" for counts; close but not a rounding (with
    ``near_hint``); otherwise which way it is off and roughly by how much.
    """
    number = _number_from(value, integer=integer, what=what)
    precision: dict[str, Any] = {"places": places, "tol": tol, "rel": rel}
    if _same(number, float(expected), **precision):
        return number
    if mistakes:
        named = _named_mistake(number, mistakes, float(expected), **precision)
        if named:
            fail(named)
    coarse = _too_coarse(number, float(expected), places)
    if coarse:
        fail(coarse)
    share = any(word in (what or "") for word in ("share", "probability"))
    problem = _number_problem(number, float(expected), share=share, **precision)
    if problem:
        near = problem.startswith("is close")
        fail(
            _with_hint(
                f"{answer_name()} is {_fmt(number)}: it {problem}", (near_hint or hint) if near else hint
            )
        )
    return number


def expect_bool(value: Any, expected: bool, *, hint: str | None = None) -> bool:
    """Require ``True`` or ``False`` (not the text "True", not 1)."""
    np = _np()
    name = answer_name()
    if isinstance(value, str) and _norm_text(value) in ("true", "false", "yes", "no"):
        fail(f"{name} is the text {show(value)}; write True or False without quotes")
    if np is not None and isinstance(value, np.bool_):
        value = bool(value)
    if not isinstance(value, bool):
        fail(f"{name} is {describe(value)}; the task asks for True or False")
    if value != bool(expected):
        fail(_with_hint(f"{name} is {value}, which is not what the evidence shows", hint))
    return value


# --------------------------------------------------------------------------- ids
def _items_from(value: Any, *, noun: str, ordered: bool) -> list[Any]:
    """The student's answer as a list of items, or a hint about its type."""
    pd, np = _pd(), _np()
    name = answer_name()
    wanted = f"a list of {_plural(2, noun)[2:]}"
    if isinstance(value, Unsupported):
        fail(f"{name} is {value.describe()}; the task asks for {wanted}")
    if isinstance(value, str):
        if re.search(r"[,;]", value):
            fail(
                f"{name} is one piece of text ({show(value)}); the task asks for {wanted}. "
                f"Put each {noun} in the list as its own text, like `['…', '…']`"
            )
        fail(
            f"{name} is a single piece of text ({show(value)}); the task asks for {wanted}, like `['…', '…']`"
        )
    if pd is not None and isinstance(value, pd.DataFrame):
        fail(
            f"{name} is a whole table (DataFrame); the task asks for {wanted}. "
            "Pick the column that holds them and turn it into a list with `.tolist()`"
        )
    if isinstance(value, dict):
        fail(f"{name} is a dictionary; the task asks for {wanted}")
    if ordered and isinstance(value, (set, frozenset)):
        fail(
            f"{name} is a set, which keeps no order; the task asks for the {_plural(2, noun)[2:]} "
            "in order, as a list"
        )
    if pd is not None and isinstance(value, (pd.Series, pd.Index)):
        items = list(value)
    elif np is not None and isinstance(value, np.ndarray):
        if value.ndim != 1:
            fail(f"{name} is a {value.ndim}-dimensional array; the task asks for {wanted}")
        items = list(value)
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        fail(f"{name} is {describe(value)}; the task asks for {wanted}")
    if isinstance(value, (set, frozenset)):
        try:
            items = sorted(items, key=lambda v: (str(type(v)), str(v)))
        except Exception:
            pass
    if items and all(isinstance(i, bool) or (np is not None and isinstance(i, np.bool_)) for i in items):
        fail(
            f"{name} holds True/False values: that is a condition, the first step. Use it to keep rows and "
            f'take their ids, like `table.loc[condition, "…_id"].tolist()`'
        )
    cleaned = []
    for item in items:
        if np is not None and isinstance(item, np.generic):
            item = item.item()
        nested = isinstance(item, (list, tuple, set, dict))
        if nested or (pd is not None and isinstance(item, (pd.Series, pd.DataFrame))):
            fail(f"{name} holds {describe(item)} inside it; make it one flat list of {_plural(2, noun)[2:]}")
        cleaned.append(item)
    return cleaned


def _compare_items(
    items: list[Any],
    expected: list[Any],
    *,
    noun: str,
    reveal_missing: int,
    includes: str = "includes",
    missing_what: str | None = None,
    valid: Iterable[Any] | None = None,
) -> str | None:
    """What is extra or missing in ``items``, as a sentence; None when the sets agree.

    ``valid`` is every label of the kind in the data (all issue ids, say):
    then extra items are told apart into labels that exist but are not
    the ones the task asks for, and labels that do not exist at all.
    """
    name = answer_name()
    want = set(expected)
    have = set(items)
    extra = [i for i in dict.fromkeys(items) if i not in want]
    missing = [e for e in expected if e not in have]
    if not extra and not missing:
        return None
    if not items:
        return f"{name} is empty: put the {_plural(2, noun)[2:]} the task asks for in it"
    found = len(want & have)
    near = [e for e in extra if spelling_of(e, missing)]
    near_note = (
        (
            f"{_listing(near)} {'differs' if len(near) == 1 else 'differ'} from a right {noun} only in "
            f"capitals or spaces: {SPELLING_ADVICE}"
        )
        if near
        else ""
    )
    if near and len(near) == len(extra) == len(missing):
        return f"{name} is nearly right: {near_note}"
    if extra and not found:
        message = (
            f"The one item in {name} is not a right {noun}"
            if len(have) == 1
            else f"None of the {_plural(len(have), 'item')} in {name} is a right {noun}"
        )
        if valid is not None:
            known = set(valid)
            real = [e for e in extra if e in known]
            unreal = [e for e in extra if e not in known and e not in near]
            parts = []
            if real:
                parts.append(
                    f"{_listing(real)} {'is ' + _a(noun) if len(real) == 1 else 'are'} {noun if len(real) == 1 else _plural(2, noun)[2:]}, "
                    "but not what the task asks for: check the condition you filter on"
                )
            if unreal:
                parts.append(
                    f"{_listing(unreal)} {'is not ' + _a(noun) if len(unreal) == 1 else 'are not'} "
                    f"{noun if len(unreal) == 1 else _plural(2, noun)[2:]} at all: are you looking at the right column?"
                )
            if parts:
                message += ". " + "; ".join(
                    p[0].upper() + p[1:] if not p.startswith("'") else p for p in parts
                )
        else:
            message += ": are you looking at the right column?"
        return message + (f" ({near_note}.)" if near else "")
    clauses = []
    unreal = [e for e in extra if valid is not None and e not in set(valid) and e not in near]
    if unreal:
        clauses.append(
            f"{includes} {_listing(unreal)}, which {'is not ' + _a(noun) if len(unreal) == 1 else 'are not'} {noun if len(unreal) == 1 else _plural(2, noun)[2:]} at all"
        )
    extra = [e for e in extra if e not in unreal]
    if extra:
        clauses.append(
            f"{includes if not clauses else 'it includes'} {_listing(extra)}, which should not be there"
        )
    if missing:
        if len(missing) <= reveal_missing and found >= len(missing):
            text = f"is missing {missing_what + ' ' if missing_what else ''}{_listing(missing)}"
        else:
            text = f"is missing {_plural(len(missing), noun)}"
            if found:
                text += f" (it has {found} of the {len(want)})"
        clauses.append(text if not extra else "it " + text)
    message = f"{name} " + "; ".join(clauses)
    return message + (f". {near_note}" if near else "")


def expect_ids(
    value: Any,
    expected: Iterable[Any],
    *,
    noun: str = "id",
    ordered: bool = False,
    order_hint: str | None = None,
    allow_duplicates: bool = False,
    reveal_missing: int = 1,
    hint: str | None = None,
    mistakes: Iterable[tuple[Iterable[Any], str]] | None = None,
    valid: Iterable[Any] | None = None,
) -> list[Any]:
    """Require a collection of ids (or any labels) equal to ``expected``.

    Parameters
    ----------
    value : object
        The student's answer: a list, tuple, set, pandas Series or Index, or a
        1-D array. A set is refused when ``ordered``.
    expected : iterable
        The right ids, e.g. ``["armenia", "azerbaijan"]``.
    noun : str
        What one item is, for messages: "actor id", "event id".
    ordered : bool
        The order matters (e.g. "sorted by date"); say how in ``order_hint``.
    order_hint : str, optional
        Added to the "wrong order" message, e.g. "Sort them from the earliest event".
    allow_duplicates : bool
        Accept an id listed twice (the comparison is then as sets).
    reveal_missing : int
        Name missing ids only when at most this many are missing and the
        student has found at least as many; otherwise give their number.
    hint : str, optional
        A sentence added to messages about extra or missing ids.
    mistakes : list of (ids, message), optional
        Known wrong answers and what they reveal, e.g.
        ``[(["armenia", "azerbaijan", "russia"], "Russia mediates; it is not a party.")]``.
    valid : iterable, optional
        Every id of this kind in the data (all issue ids, say). Extra ids
        are then told apart: ids that exist but are not asked for, and
        ids that do not exist at all. Ids are compared exactly
        (:data:`SPELLING_ADVICE`).

    Returns
    -------
    list
        The student's ids as a plain list.
    """
    expected = list(expected)
    items = _items_from(value, noun=noun, ordered=ordered)
    name = answer_name()
    expected_types = {type(e) for e in expected}
    if expected_types == {str}:
        bad = next((i for i in items if not isinstance(i, str)), None)
        if bad is not None or any(i is None for i in items):
            fail(f"{name} holds {show(bad)}, which is {describe(bad)}; each {noun} should be text, in quotes")
    elif expected_types and expected_types <= {int}:
        bad = next(
            (i for i in items if not (isinstance(i, numbers.Integral) and not isinstance(i, bool))), None
        )
        if bad is not None:
            fail(f"{name} holds {show(bad)}, which is {describe(bad)}; each {noun} should be a whole number")
    try:
        counts = Counter(items)
    except TypeError:
        fail(f"{name} holds values that cannot be compared as {_plural(2, noun)[2:]}")
    if not allow_duplicates:
        doubled = [i for i, c in counts.items() if c > 1]
        if doubled:
            times = counts[doubled[0]]
            fail(
                f"{show(doubled[0])} appears {times} times in {name}; list each {noun} once"
                + ("" if len(doubled) == 1 else f" ({len(doubled)} {noun}s are repeated)")
            )
    if mistakes:
        for wrong, message in mistakes:
            wrong = list(wrong)
            if (items == wrong) if ordered else (set(items) == set(wrong)):
                if set(wrong) != set(expected) or (ordered and wrong != expected):
                    fail(message)
    problem = _compare_items(items, expected, noun=noun, reveal_missing=reveal_missing, valid=valid)
    if problem:
        fail(_with_hint(problem, hint))
    if ordered and not allow_duplicates and items != expected:
        position = next(i for i, (a, b) in enumerate(zip(items, expected, strict=False)) if a != b)
        fail(
            _with_hint(
                f"{name} has the right {_plural(2, noun)[2:]} but not in the right order: "
                f"the first one out of place is at position {position + 1} ({show(items[position])})",
                order_hint,
            )
        )
    return items


def expect_mapping(
    value: Any,
    expected: Mapping[Any, float],
    *,
    noun: str = "key",
    places: int | None = None,
    tol: float | None = None,
    rel: float = 1e-6,
    what: str | None = None,
    hint: str | None = None,
) -> dict[Any, float]:
    """Require a dictionary (or a Series) from ids to numbers, e.g. each actor's influence.

    Keys are compared as in :func:`expect_ids` (extra and missing keys named);
    each value as in :func:`expect_number` (``places`` is the precision the
    task states), naming the first key whose value is off and how.

    Returns
    -------
    dict
        The student's mapping as a plain dict.
    """
    pd = _pd()
    name = answer_name()
    if pd is not None and isinstance(value, pd.Series):
        if value.index.has_duplicates:
            fail(f"{name} lists the same {noun} more than once in its index")
        value = value.to_dict()
    if not isinstance(value, dict):
        wanted = f"a dictionary from each {noun} to {what or 'its value'}"
        if isinstance(value, Unsupported):
            fail(f"{name} is {value.describe()}; the task asks for {wanted}")
        if pd is not None and isinstance(value, pd.DataFrame):
            fail(
                f"{name} is a whole table (DataFrame); the task asks for {wanted} (or a Series indexed by {noun})"
            )
        fail(f"{name} is {describe(value)}; the task asks for {wanted}")
    keys = list(value)
    expected_keys = list(expected)
    if {type(k) for k in expected_keys} == {str}:
        bad = next((k for k in keys if not isinstance(k, str)), None)
        if bad is not None:
            fail(f"{name} has the key {show(bad)}; each {noun} should be text, in quotes")
    problem = _compare_items(keys, expected_keys, noun=noun, reveal_missing=1)
    if problem:
        fail(problem)
    out = {}
    for key in expected_keys:
        got = value[key]
        try:
            number = _number_from(got, integer=False, what=None)
        except Exception:
            fail(f"The value for {show(key)} in {name} is {describe(got)}; each value should be a number")
        coarse = _too_coarse(number, float(expected[key]), places, f"The value for {show(key)} in {name}")
        if coarse:
            fail(coarse)
        problem = _number_problem(number, float(expected[key]), tol=tol, rel=rel, places=places)
        if problem:
            fail(_with_hint(f"The value for {show(key)} in {name} is {_fmt(number)}: it {problem}", hint))
        out[key] = number
    return out


# --------------------------------------------------------------------------- choices and words
def expect_choice(
    value: Any,
    options: Iterable[str],
    expected: str | Iterable[str],
    *,
    mistakes: Mapping[str, str] | None = None,
    hint: str | None = None,
) -> str:
    """Require one of a fixed set of text options, and the right one.

    Capitals, extra spaces and the kind of dash do not matter. An answer
    that is not among ``options`` gets the list of options; a wrong option
    gets its entry in ``mistakes`` or ``hint``.

    Parameters
    ----------
    options : iterable of str
        Every option the task offers (shown to the student).
    expected : str or iterable of str
        The right option (or options, when several are accepted).

    Returns
    -------
    str
        The option as written in ``options``.
    """
    options = list(options)
    right = {_norm_text(expected)} if isinstance(expected, str) else {_norm_text(e) for e in expected}
    by_norm = {_norm_text(o): o for o in options}
    missing_right = right - set(by_norm)
    if missing_right:
        raise ValueError(f"expected option(s) {sorted(missing_right)} are not among the options {options}")
    name = answer_name()
    listing = ", ".join(repr(o) for o in options)
    if not isinstance(value, str):
        if isinstance(value, (list, tuple, set)) and len(value) == 1:
            fail(f"{name} is {describe(value)} holding one option; give the option itself, as text")
        fail(f"{name} is {describe(value)}; the task asks for one of these options, as text: {listing}")
    norm = _norm_text(value)
    if norm not in by_norm:
        fail(f"{show(value)} is not one of the options. Copy one of them exactly: {listing}")
    if norm not in right:
        option = by_norm[norm]
        if mistakes and option in mistakes:
            fail(mistakes[option])
        fail(_with_hint(f"{show(option)} is one of the options, but not the one the evidence supports", hint))
    return by_norm[norm]


_PLACEHOLDERS = {
    "",
    "...",
    "…",
    "your answer",
    "your answer here",
    "answer",
    "todo",
    "tbd",
    "write your answer here",
}
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def expect_words(value: Any, *, min_words: int = 20, max_words: int | None = None) -> str:
    """Require an answer in words: text, not empty, not a placeholder, at least ``min_words`` long.

    This only checks *that* the student answered. The verdict then says
    "✓ answered", never "correct": what the answer says is for the
    student to compare with the model answer in the solution notebook, and
    for the instructor to read.

    Returns
    -------
    str
        The answer, stripped.
    """
    name = answer_name()
    if not isinstance(value, str):
        fail(
            f"{name} is {describe(value)}; write your answer as text between triple quotes, "
            'like `"""Your answer."""`'
        )
    text = value.strip()
    if _norm_text(text.strip("\"'")) in _PLACEHOLDERS:
        fail(
            f"{name} is still empty: write your answer between the quotes"
            if not text.strip("\"'.… ")
            else f"{name} still holds placeholder text: replace it with your answer"
        )
    count = len(_WORD.findall(text))
    if count < min_words:
        fail(
            f"{name} has {_plural(count, 'word')}; write at least {min_words} — full sentences that give your reasons"
        )
    if max_words is not None and count > max_words:
        fail(f"{name} has {count} words; keep it to {max_words} at most")
    _mark_answered_only()
    return text


def words_task(
    number: int,
    *,
    variable: str,
    min_words: int = 20,
    max_words: int | None = None,
    description: str | None = None,
    requires: Sequence[Requirement] = (),
) -> Task:
    """A ready-made check for a task answered in words (see :func:`expect_words`).

    Bind it to the task's name in the lesson module::

        task_5 = words_task(5, variable="answer_5", min_words=30, requires=[Cites(among=["E06"])])

    ``requires`` lists what the task asks the answer to contain that a
    program can check (see :mod:`conflictlab.checks._written`: ``Cites``,
    ``QuotesArticle``, ``UsesMarker``, ``LabelsOutside``, ``Mentions``).
    The verdict lists what the answer has and what it lacks; an answer
    that has every part says "✓ answered — public checks passed" and that
    the argument is for the instructor to read, never "correct".
    """
    requirements = tuple(requires)

    def check(answer: Any) -> str:
        text = expect_words(answer, min_words=min_words, max_words=max_words)
        count = _plural(len(_WORD.findall(text)), "word")
        if not requirements:
            return (
                f"{count}. This check only sees that you answered, not what you argued; "
                "compare your answer with the model answer when your instructor shares it"
            )
        met, summary = judge(text, requirements)
        if not met:
            fail(f"{answer_name()} ({count}): {summary}")
        return (
            f"{count}: {summary}. That is every part a program can check; the argument itself is for "
            "your instructor to read"
        )

    check.__name__ = f"task_{number}"
    check.__doc__ = description or f"An answer in words (at least {min_words} words)."
    caller = sys._getframe(1).f_globals.get("__name__", "")
    check.__module__ = caller
    made = Task(
        number,
        variable,
        check,
        kind="words",
        lesson=_lesson_of_module(caller),
        requirements=requirements,
        word_limits=(min_words, max_words),
    )
    from ._core import _check_variable

    _check_variable(variable)
    return made


# --------------------------------------------------------------------------- tables
def _dtype_kind(series: Any) -> str:
    pd = _pd()
    t = pd.api.types
    if t.is_bool_dtype(series):
        return "bool"
    if t.is_datetime64_any_dtype(series):
        return "datetime"
    if t.is_integer_dtype(series):
        return "integer"
    if t.is_numeric_dtype(series):
        return "number"
    if t.is_string_dtype(series):
        return "text"
    values = series.dropna()
    if len(values) and all(isinstance(v, str) for v in values):
        return "text"
    return "other"


_KIND_WORDS = {
    "bool": "True/False values",
    "datetime": "dates",
    "integer": "whole numbers",
    "number": "numbers",
    "text": "text",
    "other": "mixed values",
}


def _dtype_ok(actual: str, wanted: str) -> bool:
    if wanted == "number":
        return actual in ("number", "integer")
    return actual == wanted


def _row_label(frame: Any, position: int, key: str | None) -> str:
    if key is not None and key in frame.columns:
        return f"the row for {show(frame[key].iloc[position], 30)}"
    return f"the row with index {show(frame.index[position], 30)}"


def _sort_key(value: Any) -> tuple:
    pd = _pd()
    missing = (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (pd is not None and value is pd.NaT)
    )
    return (1, 0) if missing else (0, value)


def _values_differ(a: Any, b: Any, *, tol: float | None, rel: float, places: int | None = None) -> str | None:
    """How a student's cell ``a`` differs from the expected ``b``; None when equal."""
    pd = _pd()
    a_missing = a is None or (isinstance(a, float) and math.isnan(a)) or a is pd.NaT or a is pd.NA
    b_missing = b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NaT or b is pd.NA
    if a_missing or b_missing:
        if a_missing and b_missing:
            return None
        return "is empty but should not be" if a_missing else f"is {show(a, 30)} but should be empty"
    if _is_number(a) and _is_number(b):
        return _number_problem(float(a), float(b), tol=tol, rel=rel, places=places)
    if isinstance(a, pd.Timestamp) and isinstance(b, pd.Timestamp):
        if a == b:
            return None
        days = (a - b).days
        unit = "day" if abs(days) == 1 else "days"
        return f"is {show(str(a.date()))}, {abs(days)} {unit} too {'late' if days > 0 else 'early'}"
    try:
        equal = bool(a == b)
    except Exception:
        equal = False
    return None if equal else f"is {show(a, 40)}, which is not right"


def expect_frame(
    value: Any,
    *,
    columns: Sequence[str] | None = None,
    exact_columns: bool = False,
    rows: int | None = None,
    key: str | None = None,
    expected: Any = None,
    sorted_by: str | Sequence[str] | None = None,
    ascending: bool | Sequence[bool] = True,
    sort_hint: str | None = None,
    dtypes: Mapping[str, str] | None = None,
    places: int | None = None,
    tol: float | None = None,
    rel: float = 1e-6,
    noun: str = "row",
    hint: str | None = None,
) -> Any:
    """Require a pandas DataFrame with the right columns, rows, kinds of values and order.

    The checks run in this order, stopping at the first problem: it is a
    table; it has ``columns`` (and no others, with ``exact_columns``); each
    column in ``dtypes`` holds the right kind of value; it has ``rows``
    rows; its ``key`` column holds the same ids as ``expected[key]``
    (extra and missing rows named as in :func:`expect_ids`); every value
    agrees with ``expected`` (matched by ``key``, or by position); it is
    sorted by ``sorted_by``.

    Parameters
    ----------
    columns : list of str, optional
        Columns the table must have. Defaults to ``expected``'s columns.
    exact_columns : bool
        Refuse columns beyond ``columns``.
    rows : int, optional
        The number of rows (defaults to ``len(expected)``).
    key : str, optional
        A column of ids that names each row in messages ("the row for
        'E03'") and matches rows with ``expected``.
    expected : DataFrame, optional
        The right table; only ``columns`` are compared.
    sorted_by : str or list of str, optional
        The table must be sorted by these columns.
    ascending : bool or list of bool
        The sort direction(s).
    sort_hint : str, optional
        Added to the "not sorted" message.
    dtypes : dict, optional
        ``{"position": "number"}``; kinds are "number", "integer", "text",
        "bool", "datetime".
    places : int, optional
        The precision the task states for numeric values (as in :func:`expect_number`).
    tol, rel : float
        Tolerances for numeric values when the task states no precision.
    noun : str
        What one row is, for messages: "actor", "event".
    hint : str, optional
        A sentence added to messages about wrong values.

    Returns
    -------
    DataFrame
        The student's table, unchanged.
    """
    pd = _pd()
    name = answer_name()
    if pd is None or not isinstance(value, pd.DataFrame):
        if pd is not None and isinstance(value, pd.Series):
            fail(
                f"{name} is a single column (Series); the task asks for a table (DataFrame). "
                "To keep several columns, select them with double brackets, like `df[['a', 'b']]`"
            )
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            fail(f"{name} is a list of dictionaries; turn it into a table with `pd.DataFrame(...)`")
        fail(f"{name} is {describe(value)}; the task asks for a table (a pandas DataFrame)")
    frame = value
    if columns is None and expected is not None:
        columns = list(expected.columns)
    have = [str(c) for c in frame.columns]
    if columns is not None:
        missing_cols = [c for c in columns if c not in frame.columns]
        if missing_cols:
            col = missing_cols[0]
            index_names = [n for n in frame.index.names if n is not None]
            if col in index_names:
                fail(
                    f"In {name}, {col!r} is the index, not a column. "
                    "Turn it back into a column with `.reset_index()`"
                )
            near = [c for c in have if spelling_of(c, [col])]
            message = f"{name} has no column {col!r}" + (
                f" (it has {near[0]!r}: column names must match exactly; {SPELLING_ADVICE})" if near else ""
            )
            extra_cols = [c for c in have if c not in columns]
            if extra_cols and not near:
                message += f"; it has {_listing(extra_cols)}, which the task does not ask for"
            if len(missing_cols) > 1:
                message += f". {len(missing_cols)} columns are missing in all"
            fail(message)
        if exact_columns:
            extra_cols = [c for c in have if c not in columns]
            if extra_cols:
                fail(
                    f"{name} has {'a column' if len(extra_cols) == 1 else 'columns'} the task does not ask for: "
                    f"{_listing(extra_cols)}. Keep only the columns the task names"
                )
    if frame.columns.has_duplicates:
        dup = frame.columns[frame.columns.duplicated()][0]
        fail(f"{name} has two columns called {dup!r}")
    for col, kind in (dtypes or {}).items():
        if col not in frame.columns:
            continue
        actual = _dtype_kind(frame[col])
        if not _dtype_ok(actual, kind):
            advice = ""
            if kind in ("number", "integer") and actual == "text":
                advice = ". Convert it with `pd.to_numeric(...)`"
            elif kind == "datetime" and actual == "text":
                advice = ". Convert it with `pd.to_datetime(...)`"
            fail(
                f"Column {col!r} of {name} holds {_KIND_WORDS[actual]} ({frame[col].dtype}), "
                f"but it should hold {_KIND_WORDS[kind]}{advice}"
            )
    if rows is None and expected is not None:
        rows = len(expected)
    if key is not None and key in frame.columns:
        if frame[key].duplicated().any():
            dup = frame[key][frame[key].duplicated()].iloc[0]
            fail(f"{name} has more than one row for {show(dup)}; each {noun} should appear once")
    if key is not None and expected is not None and key in frame.columns:
        problem = _compare_items(
            list(frame[key]),
            list(expected[key]),
            noun=noun,
            reveal_missing=1,
            includes="has rows for",
            missing_what="the row for",
        )
        if problem:
            fail(_with_hint(problem, hint))
    if rows is not None and len(frame) != rows:
        diff = len(frame) - rows
        fail(
            _with_hint(
                f"{name} has {_plural(len(frame), 'row')}: that is "
                f"{'too many' if diff > 0 else 'too few'}"
                + (" (one too many)" if diff == 1 else " (one too few)" if diff == -1 else ""),
                hint,
            )
        )
    if expected is not None:
        compare_cols = [c for c in (columns or list(expected.columns)) if c in expected.columns and c != key]
        if key is not None:
            mine = frame.set_index(key)
            theirs = expected.set_index(key)
            labels = list(expected[key])
            pairs = [(f"the row for {show(lab, 30)}", mine.loc[lab], theirs.loc[lab]) for lab in labels]
        else:
            pairs = [
                (_row_label(frame, i, None), frame.iloc[i], expected.iloc[i]) for i in range(len(expected))
            ]
        for label, mine_row, their_row in pairs:
            for col in compare_cols:
                problem = _values_differ(
                    _plain(mine_row[col]), _plain(their_row[col]), tol=tol, rel=rel, places=places
                )
                if problem:
                    fail(_with_hint(f"In {label} of {name}, the value in column {col!r} {problem}", hint))
    if sorted_by is not None:
        by = [sorted_by] if isinstance(sorted_by, str) else list(sorted_by)
        directions = [ascending] * len(by) if isinstance(ascending, bool) else list(ascending)
        _check_sorted(frame, by, directions, key=key, sort_hint=sort_hint)
    return frame


def _plain(value: Any) -> Any:
    np = _np()
    if np is not None and isinstance(value, np.generic):
        return value.item()
    return value


def _check_sorted(
    frame: Any, by: list[str], directions: list[bool], *, key: str | None, sort_hint: str | None
) -> None:
    name = answer_name()
    for col in by:
        if col not in frame.columns:
            fail(f"{name} has no column {col!r} to sort by")
    values = [[_sort_key(_plain(v)) for v in frame[col]] for col in by]

    def first_out_of_order(flip: bool) -> int | None:
        for i in range(len(frame) - 1):
            for col_values, asc in zip(values, directions, strict=False):
                a, b = col_values[i], col_values[i + 1]
                if a == b:
                    continue
                if a[0] != b[0]:  # empty values go last, whichever the direction
                    if a[0] > b[0]:
                        return i
                    break
                try:
                    before = a[1] < b[1]
                except TypeError:
                    fail(
                        f"A column of {name} mixes kinds of values (text and numbers), so it cannot be sorted"
                    )
                if before != (asc != flip):
                    return i
                break
        return None

    first = first_out_of_order(flip=False)
    if first is None:
        return
    cols = " then ".join(repr(c) for c in by)
    if len(frame) > 2 and first_out_of_order(flip=True) is None:
        fail(_with_hint(f"{name} is sorted by {cols} in reverse order", sort_hint))
    fail(
        _with_hint(
            f"{name} is not sorted by {cols}: {_row_label(frame, first, key)} comes before "
            f"{_row_label(frame, first + 1, key)}",
            sort_hint,
        )
    )
