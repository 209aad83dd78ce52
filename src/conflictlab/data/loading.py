"""Reading the tables, the article and its citation."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ._files import resolve
from .errors import DataError, Problem
from .schema import fact_id_columns, table_spec
from .validation import Sources, validate

__all__ = ["article", "citation", "cite", "load"]


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
    return _load_cached(resolve(data_dir).resolve(), name).copy()


@lru_cache(maxsize=64)
def _load_cached(directory: Path, name: str) -> pd.DataFrame:
    spec = table_spec(directory, name)
    path = directory / spec["file"]
    label = f"data/{spec['file']}"
    raw = _read_csv(path, label)
    sources = Sources(
        _article_cached(directory), fact_id_columns(directory), lambda t: _load_cached(directory, t)
    )
    validated = validate(sources, name, spec, raw, label)
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
    return _article_cached(resolve(data_dir).resolve())


@lru_cache(maxsize=8)
def _article_cached(directory: Path) -> str:
    return (directory / "article.txt").read_text(encoding="utf-8")


def citation(data_dir: str | Path | None = None) -> dict[str, str]:
    """The article's citation metadata: author, title, outlet, publisher, date, url."""
    path = resolve(data_dir) / "citation.json"
    return json.loads(path.read_text(encoding="utf-8"))


def cite(data_dir: str | Path | None = None) -> str:
    """The article's reference, formatted for a footnote or a reading list."""
    c = citation(data_dir)
    day = pd.Timestamp(c["date"])
    return (
        f"{c['author']}, “{c['title']}”, {c['outlet']}, {c['publisher']}, {day.day} {day:%B %Y}, {c['url']}"
    )
