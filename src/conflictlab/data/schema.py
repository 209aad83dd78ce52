"""The rules of every table, read from ``data/schema.yaml``.

The single source of the tables' names, groups, columns, ids and allowed values.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ._files import data_dir, read_yaml
from .errors import DataError, Problem
from .validation import COLUMN_TYPES

__all__ = [
    "allowed_values",
    "boolean_spellings",
    "groups",
    "quote_min_words",
    "describe",
    "fact_id_columns",
    "fact_tables",
    "schema_spec",
    "table_spec",
    "tables",
]

#: How the course names the schema file in its messages.
LABEL = "data/schema.yaml"


@lru_cache(maxsize=8)
def _schema_file(directory: Path) -> dict[str, Any]:
    doc = read_yaml(directory / "schema.yaml", LABEL)
    problems = _format_problems(doc)
    if problems:
        raise DataError(problems)
    return doc


def _format_problems(doc: Any) -> list[Problem]:
    """What keeps ``schema.yaml`` from being read as the rules of the tables."""

    def problem(where: str, detail: str) -> Problem:
        return Problem(LABEL, None, None, "schema format", f"{where} {detail}")

    if not isinstance(doc, dict) or not isinstance(doc.get("tables"), dict) or not doc["tables"]:
        return [problem("the file", "needs a 'tables:' section with one entry per table")]
    out = []
    spellings = doc.get("booleans")
    if not (
        isinstance(spellings, dict)
        and set(spellings) == {"true", "false"}
        and all(isinstance(v, list) and v and all(isinstance(i, str) for i in v) for v in spellings.values())
    ):
        out.append(problem("'booleans'", 'needs a list of spellings (in quotes) for "true" and for "false"'))
    words = doc.get("quote_min_words")
    if not (isinstance(words, int) and not isinstance(words, bool) and words >= 1):
        out.append(problem("'quote_min_words'", "needs a whole number of at least 1"))
    for name, table in doc["tables"].items():
        if not isinstance(table, dict) or not isinstance(table.get("columns"), dict):
            out.append(problem(f"table {name!r}", "needs 'columns:', one entry per column"))
            continue
        out += [
            problem(f"table {name!r}", f"has no {key!r}") for key in ("file", "group") if key not in table
        ]
        for column, rule in table["columns"].items():
            if not isinstance(rule, dict) or rule.get("type") not in COLUMN_TYPES:
                out.append(
                    problem(
                        f"table {name!r}, column {column!r},",
                        f"needs a type: one of {', '.join(COLUMN_TYPES)}",
                    )
                )
    return out


def schema_spec(directory: Path) -> dict[str, Any]:
    """Every table's entry in ``schema.yaml`` of the folder ``directory``, by table name.

    Raises
    ------
    DataError
        If the file is missing, is not valid YAML, or lacks what a table needs.
    """
    return _schema_file(directory)["tables"]


def boolean_spellings(directory: Path) -> dict[str, bool]:
    """How a true/false cell may be written, as ``schema.yaml`` lists it: spelling → value."""
    spellings = _schema_file(directory)["booleans"]
    return {text: value == "true" for value, texts in spellings.items() for text in texts}


def quote_min_words(directory: Path) -> int:
    """The fewest words a verbatim quote may have where its column does not say (``schema.yaml``)."""
    return int(_schema_file(directory)["quote_min_words"])


def groups() -> list[str]:
    """The groups of tables (facts, codings, background), in the order ``schema.yaml`` gives them."""
    return list(dict.fromkeys(str(t["group"]) for t in schema_spec(data_dir()).values()))


def tables(group: str | None = None) -> list[str]:
    """Names of the tables :func:`load` knows, optionally only one group
    (``"facts"``, ``"codings"`` or ``"background"``).

    Raises
    ------
    KeyError
        If ``group`` is not a group of ``schema.yaml``; the message lists the groups.
    """
    spec = schema_spec(data_dir())
    if group is not None and group not in groups():
        raise KeyError(f"there is no group of tables called {group!r}; the groups are: {', '.join(groups())}")
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
                        LABEL,
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
    directory = data_dir()
    spec = table_spec(directory, name)
    rows = []
    for col, rule in spec["columns"].items():
        rules = []
        if rule["type"] == "bool":
            rules.append("written " + " or ".join(boolean_spellings(directory)))
        if rule["type"] == "float":
            rules.append("a finite number")
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
            words = rule.get("min_words", quote_min_words(directory))
            rules.append(f"a verbatim quote of the article, at least {words} words")
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
