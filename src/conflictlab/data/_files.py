"""Where the course data lives, and reading its files.

The data folder is found, in order, from the ``CONFLICTLAB_DATA`` environment
variable, the repository checkout (``<repo>/data``), or the installed package
(``<prefix>/share/conflictlab/data``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem

__all__ = ["data_dir", "read_json", "read_text", "read_yaml", "resolve"]

#: U+FEFF, the byte-order mark some editors put at the start of a file; it is never text.
BOM = "\ufeff"


def data_dir() -> Path:
    """The folder holding the course data (see this module's docstring for the search order)."""
    env = os.environ.get("CONFLICTLAB_DATA")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3] / "data"
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


def resolve(directory: str | Path | None) -> Path:
    """``directory`` as a path, or the course's data folder when it is ``None``."""
    return Path(directory) if directory is not None else data_dir()


def read_text(path: Path, label: str) -> str:
    """The UTF-8 text of a data file, without a byte-order mark.

    Raises :class:`DataError` naming ``label`` (the file as the course names it)
    when the file is missing or is not UTF-8 text.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(label, None, None, "file exists", "the file is missing")]) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            [Problem(label, None, None, "UTF-8 text", f"the file is not UTF-8 text ({exc.reason})")]
        ) from None
    return text.replace(BOM, "")


def read_yaml(path: Path, label: str) -> Any:
    """A YAML file's content; a file YAML cannot read is a :class:`DataError` with the line."""
    text = read_text(path, label)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or "the text is not valid YAML"
        raise DataError(
            [Problem(label, None, None, "YAML format", f"the file cannot be read{where}: {what}")]
        ) from None


def read_json(path: Path, label: str) -> Any:
    """A JSON file's content; a file JSON cannot read is a :class:`DataError` with the line."""
    text = read_text(path, label)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            [
                Problem(
                    label,
                    None,
                    None,
                    "JSON format",
                    f"the file cannot be read at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                )
            ]
        ) from None
