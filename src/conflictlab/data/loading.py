"""Reading the tables, the article and its citation."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ._files import read_json, read_text, resolve
from .errors import DataError, Problem
from .schema import boolean_spellings, fact_id_columns, quote_min_words, table_spec
from .validation import Sources, validate

__all__ = ["CITATION_FIELDS", "article", "citation", "cite", "load"]


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
        text=_article_cached(directory),
        fact_id_columns=fact_id_columns(directory),
        table=lambda t: _load_cached(directory, t),
        booleans=boolean_spellings(directory),
        quote_min_words=quote_min_words(directory),
    )
    validated = validate(sources, name, spec, raw, label)
    return validated


def _read_csv(path: Path, label: str) -> pd.DataFrame:
    if not path.is_file():
        raise DataError([Problem(label, None, None, "file exists", "the file is missing")])
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
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
    """The article's text: body, author biography and disclaimer, without web-page furniture.

    A byte-order mark (U+FEFF) an editor may have added is removed: it is not text.
    """
    return _article_cached(resolve(data_dir).resolve())


@lru_cache(maxsize=8)
def _article_cached(directory: Path) -> str:
    return read_text(directory / "article.txt", "data/article.txt")


#: What ``citation.json`` gives, each as text (the date as yyyy-mm-dd).
CITATION_FIELDS = ("author", "title", "outlet", "publisher", "date", "url")


def citation(data_dir: str | Path | None = None) -> dict[str, str]:
    """The article's citation metadata: author, title, outlet, publisher, date, url.

    Raises
    ------
    DataError
        If ``citation.json`` is missing, is not valid JSON, or lacks one of
        these fields (each text; the date written yyyy-mm-dd).
    """
    label = "data/citation.json"
    found = read_json(resolve(data_dir) / "citation.json", label)
    found = found if isinstance(found, dict) else {}
    problems = [
        Problem(label, None, field, "citation field", f"the citation needs a {field!r} (text)")
        for field in CITATION_FIELDS
        if not isinstance(found.get(field), str) or not found[field].strip()
    ]
    if not problems:
        try:
            date.fromisoformat(found["date"])
        except ValueError:
            problems.append(
                Problem(
                    label,
                    None,
                    "date",
                    "type",
                    f"{found['date']!r} is not a valid date (yyyy-mm-dd)",
                    found["date"],
                )
            )
    if problems:
        raise DataError(problems)
    return found


def cite(data_dir: str | Path | None = None) -> str:
    """The article's reference, formatted for a footnote or a reading list."""
    c = citation(data_dir)
    day = pd.Timestamp(c["date"])
    return (
        f"{c['author']}, “{c['title']}”, {c['outlet']}, {c['publisher']}, {day.day} {day:%B %Y}, {c['url']}"
    )
