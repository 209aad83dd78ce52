"""Context from outside the article, always labelled and sourced.

The course keeps what the article says (the fact tables) apart from what
other sources say (the ``background`` table). A lesson that brings in
outside context shows it with :func:`note`, which labels it as outside the
article -- and as *after* the article when it happened later -- and names
its status (verified, partial, unverified), how it bears on the article
(adds context, qualifies, corrects, happened later) and its sources::

    from conflictlab import outside
    outside.note("BG11")            # one labelled note, shown as Markdown
    outside.notes(["BG11", "BG12"]) # several
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlparse

import pandas as pd

from .loading import load

__all__ = ["OutsideNote", "OutsideNotes", "note", "notes"]

LABEL = "Outside the article"
LABEL_AFTER = "Outside the article, and after it was published"

#: How each ``status`` reads in a note.
STATUS_WORDS = {
    "verified": "verified",
    "partial": "only partly supported",
    "unverified": "not confirmed",
}

#: How each ``bearing`` reads in a note.
BEARING_WORDS = {
    "adds context": "adds context",
    "qualifies": "qualifies the article",
    "corrects": "corrects the article",
    "happened later": "happened later",
}


def _site(url: str) -> str:
    host = urlparse(url).netloc or url
    return host[4:] if host.startswith("www.") else host


def _date_text(date: pd.Timestamp | None) -> str:
    if date is None or pd.isna(date):
        return ""
    return f"{date.day} {date:%B %Y}"


@dataclass(frozen=True)
class OutsideNote:
    """One row of the ``background`` table, ready to show with its label and sources."""

    bg_id: str
    topic: str
    summary: str
    status: str
    bearing: str
    after_article: bool
    date: pd.Timestamp | None
    sources: tuple[str, ...]
    relates_to: tuple[str, ...]

    @property
    def label(self) -> str:
        """ "Outside the article" -- with ", and after it was published" for later events."""
        return LABEL_AFTER if self.after_article else LABEL

    def _details(self) -> str:
        parts = [
            self.bg_id,
            f"status: {self.status}",  # the code the data and the exercises use
            BEARING_WORDS.get(self.bearing, self.bearing),
        ]
        when = _date_text(self.date)
        if when:
            parts.append(when)
        return " · ".join(parts)

    def __str__(self) -> str:
        lines = [f"{self.label} ({self._details()}): {self.topic}.", self.summary]
        if self.relates_to:
            lines.append(f"Bears on: {', '.join(self.relates_to)}")
        lines.append("Sources: " + " ; ".join(self.sources))
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        links = " · ".join(f"[{_site(u)}]({u})" for u in self.sources)
        lines = [f"> **{self.label}** ({self._details()})  ", f"> **{self.topic}.** {self.summary}  "]
        if self.relates_to:
            lines.append(f"> *Bears on:* {', '.join(self.relates_to)}  ")
        lines.append(f"> *Sources:* {links}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        links = " · ".join(
            f'<a href="{e(u)}" target="_blank" rel="noopener noreferrer">{e(_site(u))}</a>'
            for u in self.sources
        )
        bears = f"<div><i>Bears on:</i> {e(', '.join(self.relates_to))}</div>" if self.relates_to else ""
        return (
            '<div class="conflictlab-outside" role="note" style="border-left:4px solid #999999;'
            'background:#f6f6f6;padding:0.4em 0.9em;margin:0.4em 0;border-radius:3px;line-height:1.45">'
            f"<div><b>{e(self.label)}</b> ({e(self._details())})</div>"
            f"<div><b>{e(self.topic)}.</b> {e(self.summary)}</div>"
            f"{bears}<div><i>Sources:</i> {links}</div></div>"
        )


class OutsideNotes(list):
    """Several :class:`OutsideNote` objects, shown one after another."""

    def __str__(self) -> str:
        return "\n\n".join(str(n) for n in self)

    def _repr_markdown_(self) -> str:
        return "\n\n".join(n._repr_markdown_() for n in self)

    def _repr_html_(self) -> str:
        return "".join(n._repr_html_() for n in self)


def _split(value: object) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    return tuple(item.strip() for item in str(value).split(";") if item.strip())


def note(bg_id: str) -> OutsideNote:
    """The background fact ``bg_id`` (e.g. "BG11"), labelled as outside the article, with its sources.

    Raises ``KeyError`` naming the closest ids when ``bg_id`` is unknown.
    """
    table = load("background").set_index("bg_id")
    if bg_id not in table.index:
        close = difflib.get_close_matches(str(bg_id), list(table.index), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"no background fact has the id {bg_id!r}.{hint}")
    row = table.loc[bg_id]
    date = row["date"]
    return OutsideNote(
        bg_id=str(bg_id),
        topic=str(row["topic"]),
        summary=str(row["summary"]),
        status=str(row["status"]),
        bearing=str(row["bearing"]),
        after_article=bool(row["after_article"]),
        date=None if pd.isna(date) else pd.Timestamp(date),
        sources=_split(row["sources"]),
        relates_to=_split(row["relates_to"]),
    )


def notes(bg_ids: Iterable[str]) -> OutsideNotes:
    """Several background facts as labelled notes, in the order given."""
    return OutsideNotes(note(i) for i in bg_ids)
