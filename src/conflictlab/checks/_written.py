"""What a task answered in words must contain, written once and checked part by part.

A written task's requirements are declared beside its check, in the lesson's
check module::

    task_7 = words_task(
        7,
        variable="sourced_claim",
        min_words=25,
        requires=[Cites(among=["C34"]), QuotesArticle(), UsesMarker(of=["C34"]), LabelsOutside(among=["BG11"])],
    )

The same list serves three readers: the check (which says, part by part,
what the answer has and what it lacks), the student (a blank answer's
feedback lists the requirements, and ``check.task_7.requirements`` shows
them), and the instructor (:func:`conflictlab.checks.marking_sheet`). A
program can only see *that* a part is there — an id, a verbatim quote, a
marker word — never whether the argument is good: a word answer that meets
every part is "answered", never "correct".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from .. import data

__all__ = [
    "Cites",
    "LabelsOutside",
    "Mentions",
    "QuotesArticle",
    "Requirement",
    "UsesMarker",
    "actors_of",
    "judge",
    "marking_sheet",
]

#: What a citable fact id looks like: C12 (claims), E03 (events), S08 (stances), R16
#: (relations), N02 (numbers), BG11 (background, outside the article).
ID_PATTERN = re.compile(r"\b(?:BG|[CERSN])\d{2,3}\b")
_LOWER_ID = re.compile(r"\b(?:bg|[cersn])\d{2,3}\b")


@lru_cache(maxsize=1)
def _known_ids() -> dict[str, str]:
    """Every citable id in the course data, with the table it comes from."""

    known: dict[str, str] = {}
    for table, column in data.FACT_ID_COLUMNS.items():
        for value in data.load(table)[column]:
            if ID_PATTERN.fullmatch(str(value)):
                known[str(value)] = table
    for value in data.load("background")["bg_id"]:
        known[str(value)] = "background"
    return known


def _normalise(text: str) -> str:
    """Quotes and spaces normalised as the data tests compare quotes: curly and straight alike."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _article() -> str:

    return _normalise(data.article())


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


@dataclasses.dataclass(frozen=True)
class Verdict:
    """One requirement judged on one answer: met or not, and the phrase that says so."""

    met: bool
    phrase: str
    note: str = ""


class Requirement:
    """A part of a written answer that a program can check. Subclasses define the two methods."""

    def describe(self) -> str:
        """What the answer must contain, for the student and the marking sheet."""
        raise NotImplementedError

    def judge(self, text: str) -> Verdict:
        """Whether ``text`` meets the requirement, as a short phrase ("cites C34 ✓")."""
        raise NotImplementedError


@dataclasses.dataclass(frozen=True)
class Cites(Requirement):
    """At least ``at_least`` fact ids that exist in the course data (and are among ``among``, if given).

    With ``every=True`` all the ids in ``among`` must be cited. ``prefix``
    keeps only ids of one table ("C" for claims).
    """

    among: tuple[str, ...] = ()
    at_least: int = 1
    every: bool = False
    what: str = "fact id"
    prefix: str = ""

    def __init__(
        self,
        among: Sequence[str] = (),
        *,
        at_least: int = 1,
        every: bool = False,
        what: str = "fact id",
        prefix: str = "",
    ):
        object.__setattr__(self, "among", tuple(among))
        object.__setattr__(self, "at_least", at_least)
        object.__setattr__(self, "every", every)
        object.__setattr__(self, "what", what)
        object.__setattr__(self, "prefix", prefix)

    def describe(self) -> str:
        if (self.every or len(self.among) == 1) and self.among:
            return f"cite {' and '.join(self.among)} by id"
        if self.among:
            return f"cite by id at least {self.at_least} of {_listing(self.among)}"
        count = "a" if self.at_least == 1 else str(self.at_least)
        return f"cite {count} {self.what}{'s' if self.at_least > 1 else ''} by id (like C34 or E06)"

    def judge(self, text: str) -> Verdict:
        found = list(dict.fromkeys(ID_PATTERN.findall(text)))
        known = _known_ids()
        unknown = [i for i in found if i not in known]
        real = [i for i in found if i in known and (not self.prefix or re.match(self.prefix + r"\d", i))]
        note = ""
        if unknown:
            note = f"{_listing(unknown)} {'is not an id' if len(unknown) == 1 else 'are not ids'} in the course data"
        lower = _LOWER_ID.findall(text)
        if lower and not real:
            note = (note + "; " if note else "") + (
                f"{lower[0]} is written in small letters: write ids exactly as the tables do ({lower[0].upper()})"
            )
        if self.among:
            hits = [i for i in real if i in self.among]
            wanted = len(self.among) if self.every else self.at_least
            if len(hits) >= wanted:
                return Verdict(True, f"cites {', '.join(hits)} ✓", note)
            lacking = [i for i in self.among if i not in hits]
            if self.every:
                return Verdict(
                    False,
                    f"does not cite {_listing(lacking)} — name {'it' if len(lacking) == 1 else 'them'} by id",
                    note,
                )
            other = f" (it cites {', '.join(real)}, which the task is not about)" if real else ""
            if len(self.among) == 1:
                return Verdict(False, f"does not cite {self.among[0]}{other} — the task is about it", note)
            return Verdict(
                False, f"cites none of {_listing(self.among)}{other} — the task is about those", note
            )
        if len(real) >= self.at_least:
            return Verdict(True, f"cites {', '.join(real)} ✓", note)
        example = f"{self.prefix or 'C'}34"
        return Verdict(
            False,
            f"cites no {self.what} that exists in the course data — which fact does your answer rest on? "
            f"Name it by its id, like {example}",
            note,
        )


@dataclasses.dataclass(frozen=True)
class QuotesArticle(Requirement):
    """A phrase in quotation marks, at least ``min_words`` long, that is the article's own wording."""

    min_words: int = 2

    def describe(self) -> str:
        return "quote the article's own words, in quotation marks"

    def judge(self, text: str) -> Verdict:
        quoted = [q.strip() for q in re.findall(r"[\"\u201c]([^\"\u201c\u201d]+)[\"\u201d]", text)]
        quoted = [q for q in quoted if len(q.split()) >= self.min_words]
        article = _article()
        verbatim = [q for q in quoted if _normalise(q).strip(" .,;:") in article]
        wrong = [q for q in quoted if q not in verbatim]
        note = _not_verbatim(wrong[0], article) if wrong else ""
        if verbatim:
            return Verdict(True, "quotes the article ✓", note)
        if quoted:
            return Verdict(False, "quotes words that are not the article's own — " + note, "")
        return Verdict(
            False,
            f"quotes nothing from the article — put at least {self.min_words} of its words, exactly as it writes "
            "them, in quotation marks",
        )


def _not_verbatim(quote: str, article: str) -> str:
    """Which part of ``quote`` is not in the article."""
    value = _normalise(quote).strip(" .,;:")
    lo, hi = 0, len(value)
    while lo < hi:  # the longest start of the quote that the article has
        mid = (lo + hi + 1) // 2
        if value[:mid] in article:
            lo = mid
        else:
            hi = mid - 1
    short = value if len(value) <= 60 else value[:57] + "…"
    if lo < 3:
        return f"“{short}” is not in the article (if it quotes another source, say which)"
    return (
        f"“{short}” is the article's wording only up to “{value[max(0, lo - 25) : lo]}”; "
        "after that it differs (copy the words exactly, or quote less)"
    )


@dataclasses.dataclass(frozen=True)
class UsesMarker(Requirement):
    """A marker word from the claims table (of the claims ``of``, if given): how sure the article is."""

    of: tuple[str, ...] = ()

    def __init__(self, of: Sequence[str] = ()):
        object.__setattr__(self, "of", tuple(of))

    def _markers(self) -> list[str]:

        claims = data.load("claims")
        if self.of:
            claims = claims[claims["claim_id"].isin(self.of)]
        return [str(m) for m in claims["marker"].dropna().unique()]

    def describe(self) -> str:
        if self.of:
            return f"give the marker that says how sure the article is about {_listing(self.of)}"
        return "say how sure the article is, with a marker word from the claims table"

    def judge(self, text: str) -> Verdict:
        plain = _normalise(text).casefold()
        for marker in sorted(self._markers(), key=len, reverse=True):
            if re.search(r"\b" + re.escape(_normalise(marker).casefold()) + r"\b", plain):
                return Verdict(True, f"marker “{marker}” ✓")
        where = f" about {_listing(self.of)}" if self.of else ""
        return Verdict(
            False,
            f"no marker word — which word in the article signals how sure it is{where}? "
            "(the claims table's `marker` column)",
        )


@dataclasses.dataclass(frozen=True)
class LabelsOutside(Requirement):
    """A background id (one of ``among``, if given) in a sentence that says it is outside the article."""

    among: tuple[str, ...] = ()

    def __init__(self, among: Sequence[str] = ()):
        object.__setattr__(self, "among", tuple(among))

    def describe(self) -> str:
        which = _listing(self.among) if self.among else "a background id (BG…)"
        return f"bring in {which}, labelled as outside the article"

    def judge(self, text: str) -> Verdict:
        known = _known_ids()
        ids = [i for i in dict.fromkeys(ID_PATTERN.findall(text)) if known.get(i) == "background"]
        wanted = [i for i in ids if not self.among or i in self.among]
        if not wanted:
            which = _listing(self.among) if self.among else "no background id (BG…)"
            return Verdict(False, f"does not bring in {which} — what do outside sources add?")
        sentences = re.split(r"(?<=[.!?])\s+", text)
        for bg in wanted:
            for sentence in sentences:
                if bg in sentence and "outside" in sentence.casefold():
                    return Verdict(True, f"{bg} labelled as outside the article ✓")
        return Verdict(
            False,
            f"{wanted[0]} is not labelled as outside the article — say so in the same sentence "
            "(“outside the article, …”)",
        )


@dataclasses.dataclass(frozen=True)
class Mentions(Requirement):
    """At least one of some words (word beginnings, any case): a part the task names.

    ``words`` may be a function returning them, for words read from the data
    when the check runs (the actors of an issue).
    """

    words: tuple[str, ...] | Callable[[], Sequence[str]] = ()
    what: str = ""
    ask: str = ""

    def __init__(self, words: Sequence[str] | Callable[[], Sequence[str]], *, what: str, ask: str):
        object.__setattr__(self, "words", words if callable(words) else tuple(words))
        object.__setattr__(self, "what", what)
        object.__setattr__(self, "ask", ask)

    def options(self) -> list[str]:
        """The words that meet the requirement."""
        return list(self.words() if callable(self.words) else self.words)

    def describe(self) -> str:
        return "address " + self.what

    def judge(self, text: str) -> Verdict:
        plain = _normalise(text).casefold()
        for word in self.options():
            word = _normalise(word).casefold()
            start = r"\b" if word[:1].isalnum() else ""
            end = r"\b" if len(word) < 4 else ""  # "US" is a whole word; "capabilit" a beginning
            if re.search(start + re.escape(word) + end, plain):
                return Verdict(True, f"{self.what} ✓")
        return Verdict(False, f"nothing on {self.what} — {self.ask}")


def actors_of(issue_id: str) -> Callable[[], list[str]]:
    """The names and aliases of the actors coded on an issue (read when the check runs), for :class:`Mentions`."""

    def names() -> list[str]:

        actors = data.load("actors")
        coded = set(data.frame(issue_id)["actor"])
        rows = actors[actors["name"].isin(coded)]
        aliases = [a for text in rows["aliases"].dropna() for a in str(text).split(";") if a]
        return list(dict.fromkeys([*rows["name"], *aliases]))

    return names


def marking_sheet(lesson: str | int) -> Any:
    """The requirements of every written task of a lesson, one row each, for the instructor.

    Returns
    -------
    DataFrame
        Columns ``task``, ``variable`` and ``requirement`` (in words), one
        row per requirement.
    """
    import pandas as pd

    from ._core import lesson_tasks  # the registry imports every lesson module; only needed here

    rows = [
        {"task": t.number, "variable": t.variable, "requirement": r.describe()}
        for t in lesson_tasks(lesson)
        for r in t.requirements
    ]
    return pd.DataFrame(rows, columns=["task", "variable", "requirement"])


def judge(text: str, requirements: Sequence[Requirement]) -> tuple[bool, str]:
    """Judge ``text`` on every requirement: (all met, "cites C34 ✓, quotes the article ✓, no marker word — …")."""
    verdicts = [r.judge(text) for r in requirements]
    met = all(v.met for v in verdicts)
    ordered = [v for v in verdicts if v.met] + [v for v in verdicts if not v.met]
    phrases = [v.phrase for v in ordered]
    notes = [v.note for v in verdicts if v.note]
    summary = "; ".join(phrases) if not met else ", ".join(phrases)
    if notes:
        summary += ". Note: " + "; ".join(dict.fromkeys(notes))
    return met, summary
