"""The rules of every table, read from ``data/schema.yaml``.

The single source of the tables' names, groups, columns, ids and allowed values.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ._files import data_dir
from .errors import DataError, Problem

__all__ = [
    "allowed_values",
    "describe",
    "fact_id_columns",
    "fact_tables",
    "schema_spec",
    "table_spec",
    "tables",
]


@lru_cache(maxsize=8)
def schema_spec(directory: Path) -> dict[str, Any]:
    """Every table's entry in ``schema.yaml`` of the folder ``directory``, by table name."""
    path = directory / "schema.yaml"
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, "schema", "the schema file is missing")]) from None
    return spec["tables"]


def tables(group: str | None = None) -> list[str]:
    """Names of the tables :func:`load` knows, optionally only one group
    (``"facts"``, ``"codings"`` or ``"background"``)."""
    spec = schema_spec(data_dir())
    return [name for name, t in spec.items() if group is None or t["group"] == group]


def allowed_values(table: str, column: str) -> list[Any]:
    """The values ``schema.yaml`` allows in one column, in the schema's order.

    The single source of every category the course draws or checks (a relation's
    ``sign``, a claim's ``certainty``, an issue's ``status`` …).

    Raises
    ------
    KeyError
        If the table is unknown, or the column has no list of allowed values.
    """
    spec = table_spec(data_dir(), table)
    rule = spec["columns"].get(column)
    if not rule or "allowed" not in rule:
        with_lists = [c for c, r in spec["columns"].items() if "allowed" in (r or {})]
        raise KeyError(
            f"column {column!r} of table {table!r} has no list of allowed values; "
            f"these columns have one: {', '.join(with_lists) or 'none'}"
        )
    return list(rule["allowed"])


def fact_id_columns(directory: Path | None = None) -> dict[str, str]:
    """The id column of each fact table: its one-column ``key`` in ``schema.yaml``.

    Together these columns hold the course's "fact ids" (``C11``, ``E03`` …),
    which a ``references: facts`` rule accepts and :func:`conflictlab.data.quote` looks up.
    """
    directory = data_dir() if directory is None else directory
    spec = schema_spec(directory)
    columns = {}
    for name, table in spec.items():
        if table["group"] != "facts":
            continue
        key = table.get("key", [])
        if len(key) != 1:
            raise DataError(
                [
                    Problem(
                        str(directory / "schema.yaml"),
                        None,
                        None,
                        "one id column per fact table",
                        f"the fact table {name!r} needs a key of one column (its id), not {key!r}",
                    )
                ]
            )
        columns[name] = key[0]
    return columns


def fact_tables() -> list[str]:
    """Names of the fact tables (each row quotes the article)."""
    return tables("facts")


def describe(name: str) -> pd.DataFrame:
    """The rules of one table as a DataFrame: one row per column, what it holds and what it must obey."""
    spec = table_spec(data_dir(), name)
    rows = []
    for col, rule in spec["columns"].items():
        rules = []
        if rule.get("allowed") is not None:
            rules.append("one of: " + ", ".join(map(str, rule["allowed"])))
        if "min" in rule or "max" in rule:
            rules.append(f"between {rule.get('min', '-∞')} and {rule.get('max', '∞')}")
        if rule.get("pattern"):
            rules.append(f"matches {rule['pattern']}")
        if rule.get("references"):
            ref = rule["references"]
            rules.append("any fact id" if ref == "facts" else f"an id from {ref}")
        if rule.get("verbatim"):
            rules.append("a verbatim quote of the article")
        if rule.get("in_article"):
            rules.append("each item occurs in the article")
        if rule.get("within"):
            rules.append(f"occurs inside {rule['within']}")
        if rule.get("list"):
            rules.append(f"a list separated by '{rule['list']}'")
        rows.append(
            {
                "column": col,
                "type": rule["type"],
                "required": rule.get("required", True),
                "rules": "; ".join(rules),
            }
        )
    return pd.DataFrame(rows)


def table_spec(directory: Path, name: str) -> dict[str, Any]:
    """One table's entry in ``schema.yaml``; a ``KeyError`` lists the known tables."""
    spec = schema_spec(directory)
    if name not in spec:
        known = ", ".join(spec)
        raise KeyError(f"there is no table called {name!r}; the tables are: {known}")
    return spec[name]
