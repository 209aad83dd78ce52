"""The quote behind a fact: its evidence, and the sentence and paragraph it stands in."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .loading import article, load
from .schema import fact_id_columns

__all__ = ["Quote", "quote"]


@dataclass(frozen=True)
class Quote:
    """The evidence behind one fact, and where it stands in the article."""

    fact_id: str
    table: str
    evidence: str
    sentence: str
    paragraph: int  # 1-based paragraph of the article

    def __str__(self) -> str:
        return f"{self.fact_id} ({self.table}), paragraph {self.paragraph}: “{self.evidence}”"

    def _repr_markdown_(self) -> str:
        sentence = self.sentence.replace(self.evidence, f"**{self.evidence}**")
        return f"**{self.fact_id}** ({self.table}, paragraph {self.paragraph}):\n\n> {sentence}"


def _sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph."""
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.?!”)])\s+(?=[A-Z“(])", paragraph):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(paragraph)))
    return spans


def quote(fact_id: str) -> Quote:
    """The verbatim quote behind any fact id (an actor, event, issue, stance,
    relation, claim or number), with the full sentence(s) it comes from.

    Raises ``KeyError`` with the closest known ids when the id is unknown.
    """
    for table, column in fact_id_columns().items():
        df = load(table)
        hit = df[df[column] == fact_id]
        if len(hit):
            evidence = hit["evidence"].iloc[0]
            return _locate(fact_id, table, evidence)
    ids = [i for t, c in fact_id_columns().items() for i in load(t)[c]]
    close = difflib.get_close_matches(str(fact_id), ids, n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise KeyError(f"no fact has the id {fact_id!r}.{hint}")


def _locate(fact_id: str, table: str, evidence: str) -> Quote:
    paragraphs = article().split("\n\n")
    for number, paragraph in enumerate(paragraphs, start=1):
        at = paragraph.find(evidence)
        if at < 0:
            continue
        end = at + len(evidence)
        spans = [s for s in _sentences(paragraph) if s[0] < end and s[1] > at]
        sentence = paragraph[spans[0][0] : spans[-1][1]] if spans else evidence
        return Quote(fact_id, table, evidence, sentence, number)
    return Quote(fact_id, table, evidence, evidence, 0)
