"""The course's data at a glance: which tables there are, and where each fact's quote stands.

Two small views built on :mod:`conflictlab.data`, for the first lesson and
for the table explorer and quote lookup panels:

* :func:`overview` — one row per table: its group (facts, codings or
  background), its size and what it holds;
* :func:`evidence_index` — one row per fact: the table it belongs to and the
  paragraph of the article its evidence quotes.

:func:`paragraphs` splits the article the same way :func:`conflictlab.data.quote`
numbers its paragraphs, so a paragraph number means the same thing everywhere.
``GROUPS`` names the groups of tables (facts, codings, background) in the
order ``data/schema.yaml`` gives them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._files import data_dir
from .errors import DataError, Problem
from .loading import article, load
from .schema import fact_id_columns, fact_tables, groups, table_spec, tables

__all__ = ["evidence_index", "fact_ids", "overview", "paragraphs"]


def __getattr__(name: str) -> Any:
    # GROUPS, the groups of tables in the order the course introduces them, comes from schema.yaml.
    if name == "GROUPS":
        return tuple(groups())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def paragraphs() -> list[str]:
    """The article's paragraphs, in order (paragraph 1 is ``paragraphs()[0]``).

    The body, the author's biography and the publisher's disclaimer are each
    a paragraph, as in :func:`conflictlab.data.quote`; each is stripped of
    the line breaks around it.
    """
    return [part.strip() for part in article().split("\n\n")]


def overview() -> pd.DataFrame:
    """Every table of the course data, grouped: facts, then codings, then background.

    Returns
    -------
    pandas.DataFrame
        Columns ``table`` (the name :func:`conflictlab.data.load` takes),
        ``group`` ("facts", "codings" or "background"), ``rows``,
        ``columns`` (how many) and ``description`` (what one row holds,
        from ``data/schema.yaml``).
    """
    rows = []
    for group in groups():
        for name in tables(group):
            table = load(name)
            rows.append(
                {
                    "table": name,
                    "group": group,
                    "rows": len(table),
                    "columns": table.shape[1],
                    "description": table_spec(data_dir(), name)["description"],
                }
            )
    out = pd.DataFrame(rows)
    out["rows"] = out["rows"].astype("int64")
    out["columns"] = out["columns"].astype("int64")
    return out


def fact_ids() -> list[str]:
    """Every fact id, table by table in the order of :func:`conflictlab.data.fact_tables`."""
    id_columns = fact_id_columns()
    return [str(i) for name in fact_tables() for i in load(name)[id_columns[name]]]


def evidence_index() -> pd.DataFrame:
    """Where each fact's evidence stands in the article.

    Returns
    -------
    pandas.DataFrame
        One row per fact (every row of every fact table), with columns
        ``fact_id``, ``table``, ``paragraph`` (1-based, as
        :func:`conflictlab.data.quote` counts them), ``offset`` (where the
        quote starts within the article) and ``evidence``. Sorted by where
        the quote starts, then by table order and id.

    Raises
    ------
    conflictlab.data.DataError
        If a fact's evidence is not in the article (the tables' own
        validation already refuses such a row).
    """
    text = article()
    parts = text.split("\n\n")
    starts, at = [], 0
    for part in parts:
        starts.append(at)
        at += len(part) + 2  # the blank line between paragraphs
    rows = []
    id_columns = fact_id_columns()
    for order, name in enumerate(fact_tables()):
        table = load(name)
        for fact_id, evidence in zip(table[id_columns[name]], table["evidence"], strict=False):
            offset = text.find(evidence)
            if offset < 0:
                raise DataError(
                    [
                        Problem(
                            f"data/facts/{name}.csv",
                            None,
                            "evidence",
                            "verbatim quote",
                            f"the evidence of {fact_id} is not in the article",
                        )
                    ]
                )
            paragraph = max(i for i, s in enumerate(starts, start=1) if s <= offset)
            rows.append(
                {
                    "fact_id": str(fact_id),
                    "table": name,
                    "paragraph": paragraph,
                    "offset": offset,
                    "evidence": evidence,
                    "_order": order,
                }
            )
    out = pd.DataFrame(rows).sort_values(["offset", "_order", "fact_id"], kind="stable")
    out = out.drop(columns="_order").reset_index(drop=True)
    out["paragraph"] = out["paragraph"].astype("int64")
    out["offset"] = out["offset"].astype("int64")
    return out
