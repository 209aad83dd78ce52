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
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import yaml

__all__ = [
    "ACTOR_ORDER_ATTR",
    "DataError",
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
    "fact_tables",
    "frame",
    "load",
    "package_inputs",
    "quote",
    "scale",
    "scenarios",
    "tables",
]

#: Tables whose id columns together form the set of "fact ids".
FACT_ID_COLUMNS = {
    "actors": "actor_id",
    "events": "event_id",
    "issues": "issue_id",
    "stances": "stance_id",
    "relations": "relation_id",
    "claims": "claim_id",
    "numbers": "number_id",
}


# --------------------------------------------------------------------- finding the data
def data_dir() -> Path:
    """The folder holding the course data (see the module docstring for the search order)."""
    env = os.environ.get("CONFLICTLAB_DATA")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2] / "data"
    if (repo / "schema.yaml").is_file():
        return repo
    for prefix in (sys.prefix, sys.base_prefix):
        installed = Path(prefix) / "share" / "conflictlab" / "data"
        if (installed / "schema.yaml").is_file():
            return installed
    raise FileNotFoundError(
        "conflictlab cannot find its data folder. Run the course from its repository "
        "(make lab), or set CONFLICTLAB_DATA to the folder that holds schema.yaml."
    )


def _resolve(directory: str | Path | None) -> Path:
    return Path(directory) if directory is not None else data_dir()


# --------------------------------------------------------------------------- errors
@dataclass(frozen=True)
class Problem:
    """One broken rule in one place of a data file."""

    file: str
    row: int | None  # 1-based data row (the header is not counted); None for the whole file
    column: str | None
    rule: str
    detail: str

    @property
    def line(self) -> int | None:
        """The line of the CSV file (the header is line 1)."""
        return None if self.row is None else self.row + 1

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.line})")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.detail} [rule: {self.rule}]"


class DataError(ValueError):
    """A data table breaks a rule of ``data/schema.yaml``.

    ``problems`` lists every :class:`Problem` found; the message names the
    file, the row, the column and the rule of each.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        files = sorted({p.file for p in self.problems})
        head = (
            f"{files[0]} breaks the data rules" if len(files) == 1 else "the data files break the data rules"
        )
        lines = [f"{head} ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}):"]
        lines += [f"  - {p}" for p in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"  … and {len(self.problems) - 20} more")
        super().__init__("\n".join(lines))


# --------------------------------------------------------------------------- schema
@lru_cache(maxsize=8)
def _schema_spec(directory: Path) -> dict[str, Any]:
    path = directory / "schema.yaml"
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, "schema", "the schema file is missing")]) from None
    return spec["tables"]


def tables(group: str | None = None) -> list[str]:
    """Names of the tables :func:`load` knows, optionally only one group
    (``"facts"``, ``"codings"`` or ``"background"``)."""
    spec = _schema_spec(data_dir())
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
    spec = _table_spec(data_dir(), table)
    rule = spec["columns"].get(column)
    if not rule or "allowed" not in rule:
        with_lists = [c for c, r in spec["columns"].items() if "allowed" in (r or {})]
        raise KeyError(
            f"column {column!r} of table {table!r} has no list of allowed values; "
            f"these columns have one: {', '.join(with_lists) or 'none'}"
        )
    return list(rule["allowed"])


#: The key of ``DataFrame.attrs`` under which :func:`frame` records the course's actor order (display
#: names), so that a chart of the frame, or of a model's output from it, gives each actor its colour.
ACTOR_ORDER_ATTR = "actor_order"


def actor_order() -> list[str]:
    """The ids of the actors the course codes, in the order of the ``positions`` table.

    The course's own order for drawing actors (each keeps one colour and shape in every chart).
    """
    return list(dict.fromkeys(load("positions")["actor_id"].astype(str)))


def fact_tables() -> list[str]:
    """Names of the fact tables (each row quotes the article)."""
    return tables("facts")


def describe(name: str) -> pd.DataFrame:
    """The rules of one table as a DataFrame: one row per column, what it holds and what it must obey."""
    spec = _table_spec(data_dir(), name)
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


def _table_spec(directory: Path, name: str) -> dict[str, Any]:
    spec = _schema_spec(directory)
    if name not in spec:
        known = ", ".join(spec)
        raise KeyError(f"there is no table called {name!r}; the tables are: {known}")
    return spec[name]


# ---------------------------------------------------------------------------- loading
def load(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load one table by name, validated, as a pandas DataFrame.

    Parameters
    ----------
    name : str
        A table name, e.g. ``"actors"``, ``"events"``, ``"positions"`` (see :func:`tables`).
    data_dir : path, optional
        Read from this folder instead of the course's own data.

    Returns
    -------
    pandas.DataFrame
        A fresh copy: changing it does not change what the next call returns.

    Raises
    ------
    DataError
        If the file breaks a rule of ``schema.yaml``; the message names the
        file, the row, the column and the rule.
    """
    return _load_cached(_resolve(data_dir).resolve(), name).copy()


@lru_cache(maxsize=64)
def _load_cached(directory: Path, name: str) -> pd.DataFrame:
    spec = _table_spec(directory, name)
    path = directory / spec["file"]
    label = f"data/{spec['file']}"
    raw = _read_csv(path, label)
    validated = _validate(directory, name, spec, raw, label)
    return validated


def _read_csv(path: Path, label: str) -> pd.DataFrame:
    if not path.is_file():
        raise DataError([Problem(label, None, None, "file exists", "the file is missing")])
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            [Problem(label, None, None, "UTF-8 text", f"the file is not UTF-8 text ({exc.reason})")]
        ) from None
    except pd.errors.ParserError as exc:
        detail = str(exc).strip().splitlines()[-1]
        m = re.search(r"line (\d+)", detail)
        row = int(m.group(1)) - 1 if m else None
        raise DataError(
            [Problem(label, row, None, "CSV format", f"the CSV cannot be read: {detail}")]
        ) from None
    except pd.errors.EmptyDataError:
        raise DataError([Problem(label, None, None, "CSV format", "the file is empty")]) from None
    return df


def article(data_dir: str | Path | None = None) -> str:
    """The article's text: body, author biography and disclaimer, without web-page furniture."""
    return _article_cached(_resolve(data_dir).resolve())


@lru_cache(maxsize=8)
def _article_cached(directory: Path) -> str:
    return (directory / "article.txt").read_text(encoding="utf-8")


def citation(data_dir: str | Path | None = None) -> dict[str, str]:
    """The article's citation metadata: author, title, outlet, publisher, date, url."""
    path = _resolve(data_dir) / "citation.json"
    return json.loads(path.read_text(encoding="utf-8"))


def cite(data_dir: str | Path | None = None) -> str:
    """The article's reference, formatted for a footnote or a reading list."""
    c = citation(data_dir)
    day = pd.Timestamp(c["date"])
    return (
        f"{c['author']}, “{c['title']}”, {c['outlet']}, {c['publisher']}, {day.day} {day:%B %Y}, {c['url']}"
    )


# ------------------------------------------------------------------------- validation
_TYPES = {"str": str, "int": "int64", "float": "float64", "date": "datetime64[ns]", "bool": bool}
_NULLABLE_TYPES = {"int": "Int64", "bool": "boolean"}
_BOOLS = {"true": True, "false": False}


def _items(value: Any, sep: str | None) -> list[str]:
    if sep is None:
        return [value]
    return [item.strip() for item in str(value).split(sep)]


def _ids(directory: Path, name: str, current: tuple[str, pd.DataFrame] | None) -> set[str]:
    """The ids a ``references`` rule accepts."""
    if name == "facts":
        ids: set[str] = set()
        for table, column in FACT_ID_COLUMNS.items():
            ids |= _ids(directory, f"{table}.{column}", current)
        return ids
    table, column = name.split(".")
    if current is not None and current[0] == table:  # a table referring to itself
        return set(current[1][column].dropna().astype(str))
    return set(_load_cached(directory, table)[column].astype(str))


def _element_check(rule: str, column: str, sep: str | None, ok) -> pa.Check:
    """A check applied to each (non-empty) cell; list cells are checked item by item."""

    def test(series: pd.Series) -> pd.Series:
        return series.map(lambda v: all(ok(item) for item in _items(v, sep)))

    return pa.Check(test, name=f"{rule}|{column}")


def _build_schema(directory: Path, name: str, spec: dict[str, Any], df: pd.DataFrame) -> pa.DataFrameSchema:
    text = _article_cached(directory)
    columns: dict[str, pa.Column] = {}
    for col, rule in spec["columns"].items():
        kind = rule["type"]
        required = rule.get("required", True)
        sep = rule.get("list")
        checks: list[pa.Check] = []
        if "allowed" in rule:
            allowed = rule["allowed"]
            checks.append(pa.Check(lambda s, a=allowed: s.isin(a), name=f"allowed values|{col}"))
        if "min" in rule:
            checks.append(pa.Check(lambda s, m=rule["min"]: s >= m, name=f"minimum|{col}"))
        if "max" in rule:
            checks.append(pa.Check(lambda s, m=rule["max"]: s <= m, name=f"maximum|{col}"))
        if "pattern" in rule:
            pattern = re.compile(rule["pattern"])
            checks.append(_element_check("pattern", col, sep, lambda v, p=pattern: bool(p.fullmatch(v))))
        if rule.get("verbatim"):
            checks.append(_element_check("verbatim quote", col, sep, lambda v: v in text))
        if rule.get("in_article"):
            checks.append(_element_check("in article", col, sep, lambda v: v in text))
        if "references" in rule:
            ids = _ids(directory, rule["references"], (name, df))
            checks.append(_element_check("known id", col, sep, lambda v, ids=ids: v in ids))
        dtype = _NULLABLE_TYPES.get(kind, _TYPES[kind]) if not required else _TYPES[kind]
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


def _validate(directory: Path, name: str, spec: dict[str, Any], df: pd.DataFrame, label: str) -> pd.DataFrame:
    df = df.copy()
    for col, rule in spec["columns"].items():
        if rule["type"] == "bool" and col in df:
            df[col] = df[col].map(lambda v: _BOOLS.get(str(v).strip().lower(), v) if pd.notna(v) else v)
    schema = _build_schema(directory, name, spec, df)
    try:
        out = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise DataError(_problems(exc.failure_cases, df, spec, label, _article_cached(directory))) from None
    problems = _cross_table_problems(directory, spec, out, label)
    if problems:
        raise DataError(problems)
    return out[list(spec["columns"])].reset_index(drop=True)


def _problems(
    cases: pd.DataFrame, df: pd.DataFrame, spec: dict[str, Any], label: str, text: str
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        value = case.failure_case
        index = None if pd.isna(case.index) else int(case.index)
        column = None if pd.isna(case.column) else str(case.column)
        if check == "column_in_dataframe":
            rule, column, detail, index = "required column", str(value), "the column is missing", None
        elif check == "column_in_schema":
            rule, column, detail, index = "known column", str(value), "this column is not in the schema", None
        elif check == "not_nullable":
            rule, detail = "required value", "the cell is empty"
        elif check.startswith(("coerce_dtype", "dtype")):
            kind = spec["columns"].get(column, {}).get("type", "value")
            rule, detail = "type", f"{value!r} is not a valid {_TYPE_NAMES.get(kind, kind)}"
        elif "|" in check:
            rule, column = check.split("|", 1)
            cell = (
                df.at[index, column.split(",")[0]]
                if index is not None and column.split(",")[0] in df
                else value
            )
            detail = _detail(rule, column, cell, spec, df, index, text)
        else:
            rule, detail = check, f"{value!r} fails the check"
        key = (rule, column, index)
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(label, None if index is None else index + 1, column, rule, detail))
    problems.sort(key=lambda p: (p.row is not None, p.row or 0, p.column or ""))
    return problems


_TYPE_NAMES = {
    "int": "whole number",
    "float": "number",
    "date": "date (yyyy-mm-dd)",
    "bool": "true/false value",
    "str": "text",
}


def _detail(rule: str, column: str, cell: Any, spec, df: pd.DataFrame, index, text: str) -> str:
    col_spec = spec["columns"].get(column, {})
    sep = col_spec.get("list")
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
        return f"{column} ({df.at[index, column]}) comes after {late} ({df.at[index, late]})"
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
    directory: Path, spec: dict[str, Any], df: pd.DataFrame, label: str
) -> list[Problem]:
    problems = []
    complete = spec.get("complete")
    if complete:
        rows_table, rows_col = complete["rows"].split(".")
        cols_table, cols_col = complete["columns"].split(".")
        rows = list(dict.fromkeys(_load_cached(directory, rows_table)[rows_col]))
        cols = list(dict.fromkeys(_load_cached(directory, cols_table)[cols_col]))
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


# ------------------------------------------------------------------ looking things up
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
    for table, column in FACT_ID_COLUMNS.items():
        df = load(table)
        hit = df[df[column] == fact_id]
        if len(hit):
            evidence = hit["evidence"].iloc[0]
            return _locate(fact_id, table, evidence)
    import difflib

    ids = [i for t, c in FACT_ID_COLUMNS.items() for i in load(t)[c]]
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


# ------------------------------------------------------------------ inputs for models
def scale(issue_id: str) -> dict[str, Any]:
    """The 0–100 scale of a coded issue: its label, question and anchors (an estimate)."""
    scales = load("scales").set_index("issue_id")
    if issue_id not in scales.index:
        raise KeyError(f"no coded scale for issue {issue_id!r}; coded issues: {', '.join(scales.index)}")
    s = scales.loc[issue_id]
    return {
        "issue_id": issue_id,
        "label": s["label"],
        "question": s["question"],
        "low": 0,
        "high": 100,
        "anchors": {0: s["anchor_0"], 50: s["anchor_50"], 100: s["anchor_100"]},
    }


def frame(issue_id: str) -> pd.DataFrame:
    """The coded actors on one issue, ready for the models.

    Returns a DataFrame with one row per coded actor and the columns
    ``actor`` (display name), ``position`` (0–100), ``capability`` (>= 0),
    ``salience`` (0–1) and ``rationale`` (the analyst's reasons). These are
    estimates, not facts: change them and see what follows. ``attrs[ACTOR_ORDER_ATTR]``
    holds the course's order of all its actors (display names), which charts use to give
    each actor the same colour on every issue.
    """
    positions = load("positions")
    rows = positions[positions["issue_id"] == issue_id]
    if rows.empty:
        coded = ", ".join(dict.fromkeys(positions["issue_id"]))
        raise KeyError(f"no codings for issue {issue_id!r}; coded issues: {coded}")
    names = load("actors").set_index("actor_id")["name"]
    out = pd.DataFrame(
        {
            "actor": rows["actor_id"].map(names).to_numpy(),
            "position": rows["position"].to_numpy(),
            "capability": rows["capability"].to_numpy(),
            "salience": rows["salience"].to_numpy(),
            "rationale": rows["rationale"].to_numpy(),
        }
    )
    out.attrs[ACTOR_ORDER_ATTR] = [str(names.get(a, a)) for a in actor_order()]
    return out


def scenarios(issue_id: str | None = None) -> pd.DataFrame:
    """The documented what-if changes of codings (the influence panel's presets)."""
    df = load("scenarios")
    names = load("actors").set_index("actor_id")["name"]
    df.insert(df.columns.get_loc("actor_id") + 1, "actor", df["actor_id"].map(names))
    return df if issue_id is None else df[df["issue_id"] == issue_id].reset_index(drop=True)


def apply_scenario(frame: pd.DataFrame, scenario_id: str) -> pd.DataFrame:
    """A copy of ``frame`` with one scenario's changes applied."""
    changes = scenarios()
    changes = changes[changes["scenario_id"] == scenario_id]
    if changes.empty:
        known = ", ".join(dict.fromkeys(scenarios()["scenario_id"]))
        raise KeyError(f"no scenario called {scenario_id!r}; scenarios: {known}")
    out = frame.copy()
    for change in changes.itertuples():
        hit = out["actor"] == change.actor
        if not hit.any():
            raise KeyError(f"scenario {scenario_id!r} changes {change.actor}, who is not in this frame")
        out.loc[hit, change.field] = change.value
    return out


def package_inputs(parties: Iterable[str] = ("armenia", "azerbaijan")) -> dict[str, Any]:
    """Everything the bargaining lesson needs, in the shapes the models take.

    Returns a dict with

    * ``weights`` — parties × issues, each row adding up to 1;
    * ``terms`` — packages × issues, values on each issue's 0–100 scale;
    * ``ideals`` — parties × issues, each party's coded position;
    * ``disagreement`` — a Series of each party's utility without a deal;
    * ``packages`` — the package table (names and descriptions).

    Rows and columns are labelled with display names for parties and ids for
    packages and issues. All of it is estimates.
    """
    parties = list(parties)
    names = load("actors").set_index("actor_id")["name"]
    w = load("interest_weights")
    w = w[w["actor_id"].isin(parties)]
    issues = list(dict.fromkeys(w["issue_id"]))
    weights = w.pivot(index="actor_id", columns="issue_id", values="weight").loc[parties, issues]
    terms = load("package_terms").pivot(index="package_id", columns="issue_id", values="value")
    packages = load("packages")
    terms = terms.loc[list(packages["package_id"]), issues]
    pos = load("positions")
    pos = pos[pos["actor_id"].isin(parties) & pos["issue_id"].isin(issues)]
    ideals = pos.pivot(index="actor_id", columns="issue_id", values="position").loc[parties, issues]
    d = load("disagreement").set_index("actor_id")["utility"].loc[parties]
    for table in (weights, ideals):
        table.index = [names[p] for p in table.index]
        table.index.name = "party"
        table.columns.name = "issue"
    terms.index.name, terms.columns.name = "package", "issue"
    d.index = [names[p] for p in d.index]
    d.name = "disagreement"
    return {"weights": weights, "terms": terms, "ideals": ideals, "disagreement": d, "packages": packages}
