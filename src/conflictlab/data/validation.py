"""Validating a table against ``data/schema.yaml`` with pandera, and reporting what breaks.

Each table's entry in the schema becomes three :class:`pandera.DataFrameSchema`
stages, each run only when the one before found nothing:

1. **shape** — every column of the schema is there, no other, and at least one row;
2. **cells** — every cell reads as its column's type (a number, a whole number, a
   date written yyyy-mm-dd, a true/false value spelled as the schema lists) and no
   required cell is empty;
3. **values** — the rules on the values: finite numbers, allowed values, bounds,
   patterns, quotes, ids, and the rules across columns and rows.

So one bad cell is one problem, and never sets off others that only follow from it
(a number that cannot be read is not also "below the minimum"). Every failure
becomes one :class:`~conflictlab.data.Problem` naming the file, the row, the
column, the value and the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine

from .errors import DataError, Problem

__all__ = ["COLUMN_TYPES", "Sources", "validate"]


@dataclass(frozen=True)
class Sources:
    """What validating one table needs from the rest of its data folder."""

    text: str  # the article
    fact_id_columns: dict[str, str]  # the id column of each fact table
    table: Callable[[str], pd.DataFrame]  # another table of the folder, validated
    booleans: dict[str, bool]  # how a true/false cell may be spelled, and what it means
    quote_min_words: int  # the fewest words of a verbatim quote, where the column does not say


#: What each column ``type`` of the schema reads as (a true/false cell is read in two steps:
#: its spelling is checked against the schema's list, then it becomes a bool).
COLUMN_TYPES: dict[str, Any] = {
    "str": str,
    "int": "int64",
    "float": "float64",
    # ISO dates only; to_datetime_kwargs is a documented field that pandera's decorator hides from mypy
    "date": pandas_engine.DateTime(to_datetime_kwargs={"format": "%Y-%m-%d"}),  # type: ignore[call-arg]
    "bool": bool,
}
_NULLABLE_TYPES = {"int": "Int64", "bool": "boolean"}

_TYPE_NAMES = {
    "int": "whole number",
    "float": "number",
    "date": "date (yyyy-mm-dd)",
    "bool": "true/false value",
    "str": "text",
}

# When one cell breaks several rules, the first of these is the one reported.
_FIRST = ("required value", "type")


def _items(value: Any, sep: str | None) -> list[Any]:
    if sep is None:
        return [value]
    return [item.strip() for item in str(value).split(sep)]


def _ids(sources: Sources, name: str, current: tuple[str, pd.DataFrame] | None) -> set[str]:
    """The ids a ``references`` rule accepts."""
    if name == "facts":
        ids: set[str] = set()
        for table, column in sources.fact_id_columns.items():
            ids |= _ids(sources, f"{table}.{column}", current)
        return ids
    table, column = name.split(".")
    if current is not None and current[0] == table:  # a table referring to itself
        return set(current[1][column].dropna().astype(str))
    return set(sources.table(table)[column].astype(str))


def _element_check(rule: str, column: str, sep: str | None, ok: Callable[[Any], bool]) -> pa.Check:
    """A check applied to each (non-empty) cell; list cells are checked item by item."""

    def test(series: pd.Series) -> pd.Series:
        return series.map(lambda v: all(ok(item) for item in _items(v, sep)))

    return pa.Check(test, name=f"{rule}|{column}")


def _matches(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda v: bool(pattern.fullmatch(v))


def _has_words(n: int) -> Callable[[Any], bool]:
    return lambda v: len(str(v).split()) >= n


def _shape_schema(spec: dict[str, Any]) -> pa.DataFrameSchema:
    """Stage 1: the columns of the schema, no others, and at least one row."""
    columns = {col: pa.Column(nullable=True) for col in spec["columns"]}
    rows = pa.Check(lambda d: len(d) > 0, name="at least one row|")
    return pa.DataFrameSchema(columns, checks=[rows], strict=True, ordered=False)


def _cell_schema(sources: Sources, spec: dict[str, Any]) -> pa.DataFrameSchema:
    """Stage 2: every cell reads as its type; required cells are filled."""
    columns = {}
    for col, rule in spec["columns"].items():
        kind, required = rule["type"], rule.get("required", True)
        if kind == "bool":  # text for now: only the listed spellings are true/false values
            spelled = pa.Check(lambda s: s.isin(list(sources.booleans)), name=f"type|{col}")
            columns[col] = pa.Column(str, checks=[spelled], nullable=not required)
        else:
            columns[col] = pa.Column(COLUMN_TYPES[kind], nullable=not required, coerce=True)
    return pa.DataFrameSchema(columns, strict=True, ordered=False)


def _value_schema(sources: Sources, name: str, spec: dict[str, Any], df: pd.DataFrame) -> pa.DataFrameSchema:
    """Stage 3: the rules on the values of each column, and across columns and rows."""
    text = sources.text
    columns: dict[str, pa.Column] = {}
    for col, rule in spec["columns"].items():
        kind = rule["type"]
        required = rule.get("required", True)
        sep = rule.get("list")
        checks: list[pa.Check] = []
        if kind == "float":
            checks.append(pa.Check(lambda s: pd.Series(np.isfinite(s), index=s.index), name=f"finite|{col}"))
        if "allowed" in rule:
            allowed = rule["allowed"]
            checks.append(pa.Check(lambda s, a=allowed: s.isin(a), name=f"allowed values|{col}"))
        if "min" in rule:
            checks.append(pa.Check(lambda s, m=rule["min"]: s >= m, name=f"minimum|{col}"))
        if "max" in rule:
            checks.append(pa.Check(lambda s, m=rule["max"]: s <= m, name=f"maximum|{col}"))
        if "pattern" in rule:
            pattern = re.compile(rule["pattern"])
            checks.append(_element_check("pattern", col, sep, _matches(pattern)))
        if rule.get("verbatim"):
            words = rule.get("min_words", sources.quote_min_words)
            checks.append(_element_check("quote length", col, sep, _has_words(words)))
            checks.append(_element_check("verbatim quote", col, sep, lambda v: v in text))
        if rule.get("in_article"):
            checks.append(_element_check("in article", col, sep, lambda v: v in text))
        if "references" in rule:
            ids = _ids(sources, rule["references"], (name, df))
            checks.append(_element_check("known id", col, sep, ids.__contains__))
        dtype = _NULLABLE_TYPES.get(kind, COLUMN_TYPES[kind]) if not required else COLUMN_TYPES[kind]
        columns[col] = pa.Column(dtype, checks=checks, nullable=not required, coerce=True)

    wide: list[pa.Check] = []
    key = spec.get("key", [])
    for group in [key, *spec.get("unique", [])]:
        if group:
            wide.append(
                pa.Check(
                    lambda d, g=list(group): ~d.duplicated(subset=g, keep=False),
                    name=f"unique|{','.join(group)}",
                )
            )
    for col, rule in spec["columns"].items():
        if rule.get("within"):
            other = rule["within"]
            wide.append(
                pa.Check(
                    lambda d, c=col, o=other: pd.Series(
                        [
                            pd.isna(a) or (isinstance(b, str) and str(a) in b)
                            for a, b in zip(d[c], d[o], strict=False)
                        ],
                        index=d.index,
                    ),
                    name=f"within {other}|{col}",
                )
            )
    if spec.get("distinct"):
        a, b = spec["distinct"]
        wide.append(pa.Check(lambda d, a=a, b=b: d[a] != d[b], name=f"distinct from {a}|{b}"))
    if spec.get("ordered"):
        early, late = spec["ordered"]
        wide.append(
            pa.Check(
                lambda d, e=early, lt=late: d[e].isna() | d[lt].isna() | (d[e] <= d[lt]),
                name=f"not after {late}|{early}",
            )
        )
    for cond in spec.get("required_if", []):
        ((other, values),) = cond["when"].items()
        wide.append(
            pa.Check(
                lambda d, c=cond["column"], o=other, v=values: ~(d[o].isin(v) & d[c].isna()),
                name=f"required when {other} is {' or '.join(map(str, values))}|{cond['column']}",
            )
        )
    if spec.get("sums_to_one"):
        value, per = spec["sums_to_one"]["value"], spec["sums_to_one"]["per"]
        wide.append(
            pa.Check(
                lambda d, v=value, p=per: (d.groupby(p)[v].transform("sum") - 1).abs() < 1e-9,
                name=f"sums to 1 per {per}|{value}",
            )
        )
    return pa.DataFrameSchema(columns, checks=wide, strict=True, ordered=False)


def validate(sources: Sources, name: str, spec: dict[str, Any], df: pd.DataFrame, label: str) -> pd.DataFrame:
    """Table ``name``, as read from the file ``label`` (every cell as text), checked against its ``spec``.

    Returns the table with each column of its type. Raises :class:`DataError` with
    the problems of the first stage that finds any (see the module docstring).
    """
    raw = df.reset_index(drop=True)

    def run(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
        try:
            return schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            raise DataError(_problems(exc.failure_cases, raw, frame, spec, label, sources)) from None

    run(_shape_schema(spec), raw)
    cells = run(_cell_schema(sources, spec), raw.copy())
    for col, rule in spec["columns"].items():
        if rule["type"] == "bool":
            cells[col] = cells[col].map(sources.booleans.get, na_action="ignore")
    out = run(_value_schema(sources, name, spec, cells), cells)
    problems = _cross_table_problems(sources, spec, out, label)
    if problems:
        raise DataError(problems)
    return out[list(spec["columns"])].reset_index(drop=True)


def _problems(
    cases: pd.DataFrame,
    raw: pd.DataFrame,
    df: pd.DataFrame,
    spec: dict[str, Any],
    label: str,
    sources: Sources,
) -> list[Problem]:
    """One :class:`Problem` per place: pandera's failure cases, named in the course's words.

    ``raw`` is the table as the file has it (for the value of a cell), ``df`` as
    the failing stage saw it.
    """
    found: dict[tuple[int | None, str | None], Problem] = {}
    for case in cases.to_dict("records"):
        check = str(case["check"])
        value = case["failure_case"]
        index = None if pd.isna(case["index"]) else int(case["index"])
        column = None if pd.isna(case["column"]) else str(case["column"])
        if check == "column_in_dataframe":
            rule, column, detail, index = "required column", str(value), "the column is missing", None
        elif check == "column_in_schema":
            rule, column, detail, index = "known column", str(value), "this column is not in the schema", None
        elif check == "not_nullable" and _cell(raw, index, str(column), None) is None:
            rule, detail = "required value", "the cell is empty"
        elif check == "not_nullable":  # text that reads as no value, like "nan"
            rule, detail = "type", _type_detail(_cell(raw, index, str(column), value), spec, str(column))
        elif check.startswith(("coerce_dtype", "dtype", "type|")):
            column = column or check.split("|", 1)[1]
            rule, detail = "type", _type_detail(_cell(raw, index, column, value), spec, column)
        elif "|" in check:
            rule, columns = check.split("|", 1)
            column = columns or None
            cell = _cell(raw, index, columns.split(",")[0], value)
            detail = _detail(rule, columns, cell, spec, df, index, sources)
        else:
            rule, detail = check, f"{value!r} fails the check"
        shown = _cell(raw, index, (column or "").split(",")[0], None)
        row = None if index is None else index + 1
        problem = Problem(label, row, column, rule, detail, None if shown is None else str(shown))
        kept = found.get((row, column))
        if kept is None or _rank(problem.rule) < _rank(kept.rule):
            found[(row, column)] = problem
    problems = [p for p in found.values() if not _follows(p, found)]
    problems.sort(key=lambda p: (p.row is not None, p.row or 0, p.column or ""))
    return problems


def _cell(raw: pd.DataFrame, index: int | None, column: str, default: Any) -> Any:
    """A cell as the file writes it (text), or ``default`` when the problem is not one cell."""
    if index is None or column not in raw:
        return default
    value: Any = raw.at[index, column]
    return None if pd.isna(value) else value


# A rule that compares a cell with another column of its row names that column in its wording.
_READS = re.compile(r"^(?:within|not after|distinct from|required when|sums to 1 per) (\w+)")


def _follows(problem: Problem, found: dict[tuple[int | None, str | None], Problem]) -> bool:
    """Whether ``problem`` only follows from a problem with the other column its rule reads."""
    m = _READS.match(problem.rule)
    return m is not None and problem.row is not None and (problem.row, m.group(1)) in found


def _rank(rule: str) -> int:
    """Which of several rules one cell breaks is reported: an empty cell, then a wrong type, then the rest."""
    return _FIRST.index(rule) if rule in _FIRST else len(_FIRST)


def _type_detail(value: Any, spec: dict[str, Any], column: str) -> str:
    kind = spec["columns"].get(column, {}).get("type", "value")
    return f"{value!r} is not a valid {_TYPE_NAMES.get(kind, kind)}"


def _detail(
    rule: str,
    column: str,
    cell: Any,
    spec: dict[str, Any],
    df: pd.DataFrame,
    index: int | None,
    sources: Sources,
) -> str:
    text = sources.text
    col_spec = spec["columns"].get(column, {})
    sep = col_spec.get("list")
    if rule == "at least one row":
        return "the table has its header but no rows"
    if rule == "finite":
        return f"{cell!r} is not a finite number"
    if rule == "quote length":
        words = col_spec.get("min_words", sources.quote_min_words)
        bad = [v for v in _items(cell, sep) if len(v.split()) < words]
        return (
            f"{', '.join(map(repr, bad))} is too short to show where in the article the fact comes from "
            f"(a quote has at least {words} words)"
        )
    if rule == "allowed values":
        allowed = ", ".join(map(str, col_spec["allowed"]))
        return f"{cell!r} is not an allowed value (allowed: {allowed})"
    if rule == "minimum":
        return f"{cell!r} is below the minimum {col_spec['min']}"
    if rule == "maximum":
        return f"{cell!r} is above the maximum {col_spec['max']}"
    if rule == "pattern":
        bad = [v for v in _items(cell, sep) if not re.fullmatch(col_spec["pattern"], v)]
        return f"{', '.join(map(repr, bad))} does not match the pattern {col_spec['pattern']}"
    if rule == "known id":
        ref = col_spec["references"]
        target = "any fact table" if ref == "facts" else ref
        bad = list(_items(cell, sep))
        return (
            f"{cell!r} contains an id that is not in {target}"
            if sep
            else f"{cell!r} is not an id in {target}"
        )
    if rule == "verbatim quote":
        return _quote_hint(str(cell), text)
    if rule == "in article":
        bad = [v for v in _items(cell, sep) if v not in text]
        return f"{', '.join(map(repr, bad))} does not occur in the article"
    if rule.startswith("unique"):
        cols = column.split(",")
        values = ", ".join(f"{c}={df.at[index, c]!r}" for c in cols)
        return f"{values} appears more than once"
    if rule.startswith("within"):
        other = rule.split(" ", 1)[1]
        return f"{cell!r} does not occur in the row's {other}"
    if rule.startswith("distinct"):
        return f"{cell!r} is the same in both columns"
    if rule.startswith("not after"):
        late = rule.split(" ", 2)[2]
        return f"{column} ({df.at[index, column]!s}) comes after {late} ({df.at[index, late]!s})"
    if rule.startswith("required when"):
        return f"the cell is empty, but it is {rule}"
    if rule.startswith("sums to 1"):
        per = rule.rsplit(" ", 1)[1]
        group = df.at[index, per]
        total = pd.to_numeric(df.loc[df[per] == group, column], errors="coerce").sum()
        return f"the {column}s of {per} {group!r} add up to {total:g}, not 1"
    return f"{cell!r} breaks the rule"


def _quote_hint(value: str, text: str) -> str:
    """Say why a quote is not verbatim, as precisely as possible."""
    curly = value.replace("'", "’")
    curly = re.sub(r'"([^"]*)"', r"“\1”", curly)
    if curly != value and curly in text:
        return "the quote uses straight quotes (' or \") where the article has curly ones (’ “ ”)"
    if value.strip() != value and value.strip() in text:
        return "the quote has spaces at its start or end that the article does not"
    if value.lower() in text.lower():
        return "the quote differs from the article in capital letters"
    lo, hi = 0, len(value)
    while lo < hi:  # the longest prefix that still occurs in the article
        mid = (lo + hi + 1) // 2
        if value[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return "the quote does not occur in the article text"
    return (
        f"the quote does not occur in the article: it matches up to “…{value[max(0, lo - 30) : lo]}” "
        f"and then has {value[lo]!r} where the article differs"
    )


def _cross_table_problems(
    sources: Sources, spec: dict[str, Any], df: pd.DataFrame, label: str
) -> list[Problem]:
    problems = []
    complete = spec.get("complete")
    if complete:
        rows_table, rows_col = complete["rows"].split(".")
        cols_table, cols_col = complete["columns"].split(".")
        rows = list(dict.fromkeys(sources.table(rows_table)[rows_col]))
        cols = list(dict.fromkeys(sources.table(cols_table)[cols_col]))
        present = set(zip(df[rows_col], df[cols_col], strict=False))
        for r in rows:
            for c in cols:
                if (r, c) not in present:
                    problems.append(
                        Problem(
                            label,
                            None,
                            cols_col,
                            f"every {rows_col} × {cols_col}",
                            f"{rows_col} {r!r} has no row for {cols_col} {c!r}",
                        )
                    )
    return problems
