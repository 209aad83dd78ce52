"""Where the course data lives, and reading its files.

The data folder is found, in order, from the ``CONFLICTLAB_DATA`` environment
variable, the repository checkout (``<repo>/data``), or the installed package
(``<prefix>/share/conflictlab/data``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["data_dir", "resolve"]


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
    return Path(directory) if directory is not None else data_dir()
