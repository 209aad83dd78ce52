"""The course's data: the article, its facts, the analyst's codings and outside context.

Every table is described in ``data/schema.yaml``; :func:`load` reads a table,
validates it against that description with pandera, and returns a pandas
DataFrame. A table that breaks a rule raises one :class:`DataError` naming the
file, the row, the column and the rule.

Three kinds of table are kept apart:

* **facts** — what the article says, one row per fact, each with an
  ``evidence`` column holding a verbatim quote of the article;
* **codings** — the analyst's estimates the models need (positions, salience,
  capability, packages, interest weights), each with a rationale and the ids
  of the facts it rests on;
* **background** — facts from outside the article, each with its sources.

Nothing here touches the network. The data folder is found, in order, from the
``CONFLICTLAB_DATA`` environment variable, the repository checkout
(``<repo>/data``), or the installed package (``<prefix>/share/conflictlab/data``).

The modules: ``_files`` (finding the folder, reading its files), ``errors``
(:class:`DataError` and its :class:`Problem` list), ``schema`` (the rules of ``schema.yaml``), ``loading`` (:func:`load`,
the article and its citation), ``validation`` (the pandera schemas and the
problems they report), ``quotes`` (:func:`quote`), ``inputs`` (the codings in the
shapes the models take), ``catalogue`` (the tables at a glance) and ``outside``
(background notes, labelled and sourced).
"""

from __future__ import annotations

from typing import Any

from ._files import data_dir
from .errors import DataError, Problem
from .inputs import ACTOR_ORDER_ATTR, actor_order, apply_scenario, frame, package_inputs, scale, scenarios
from .loading import article, citation, cite, load
from .quotes import Quote, quote
from .schema import allowed_values, describe, fact_id_columns, fact_tables, tables

__all__ = [
    "ACTOR_ORDER_ATTR",
    "DataError",
    "FACT_ID_COLUMNS",
    "Problem",
    "Quote",
    "actor_order",
    "allowed_values",
    "apply_scenario",
    "article",
    "cite",
    "citation",
    "data_dir",
    "describe",
    "fact_id_columns",
    "fact_tables",
    "frame",
    "load",
    "package_inputs",
    "quote",
    "scale",
    "scenarios",
    "tables",
]


def __getattr__(name: str) -> Any:
    # FACT_ID_COLUMNS reads like a constant but comes from schema.yaml, read when first asked for
    # (so that importing the package never fails for want of a data folder).
    if name == "FACT_ID_COLUMNS":
        return fact_id_columns()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
