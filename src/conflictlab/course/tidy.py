"""Keep the course notebooks tidy in git: ``conflictlab tidy``.

Notebooks are committed without outputs, execution counts or
kernel-specific metadata, so a diff shows only what an author changed. The
exception is a cell whose source contains ``# NBVAL_CHECK_OUTPUT``: nbval
compares its output with the stored one, so it keeps the output it is
checked against. ``conflictlab tidy --pin`` re-runs a notebook and stores
fresh outputs for exactly those cells — run it after a deliberate change to
the data or the models, and read the diff: it shows which of a lesson's key
numbers moved.
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from .authoring import write_notebook_text
from .markers import cell_source

__all__ = ["CHECKED", "PINNED_COUNT", "clean", "pin", "tidy"]

#: The marker nbval uses for cells whose output is compared.
CHECKED = "NBVAL_CHECK_OUTPUT"
#: The execution count stored in a checked cell with outputs (nbval needs one to compare).
PINNED_COUNT = 1

_KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
_NOTEBOOK_KEYS = ("kernelspec", "language_info", "conflictlab")


def _clean_output(output: dict[str, Any]) -> dict[str, Any]:
    output = copy.deepcopy(output)
    kind = output.get("output_type")
    if kind in ("display_data", "execute_result"):
        output["metadata"] = {}
    if kind == "execute_result":
        output["execution_count"] = None
    return output


def clean(nb: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``nb`` as the course keeps it in git.

    Outputs and execution counts are removed except in checked cells, which
    keep their outputs and the execution count :data:`PINNED_COUNT`; cell
    metadata keeps only ``tags``; notebook metadata keeps the standard
    ``python3`` kernelspec, the language name and the ``conflictlab`` entry.
    """
    nb = copy.deepcopy(nb)
    meta = nb.get("metadata", {})
    kept = {k: meta[k] for k in _NOTEBOOK_KEYS if k in meta}
    kept["kernelspec"] = dict(_KERNELSPEC)
    kept["language_info"] = {"name": "python"}
    nb["metadata"] = kept
    nb["nbformat"], nb["nbformat_minor"] = 4, max(5, int(nb.get("nbformat_minor", 5)))
    for cell in nb.get("cells", []):
        tags = (cell.get("metadata") or {}).get("tags")
        cell["metadata"] = {"tags": tags} if tags else {}
        if cell.get("cell_type") != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        cell["execution_count"] = None
        if CHECKED in cell_source(cell.get("source", "")):
            cell["outputs"] = [_clean_output(o) for o in cell.get("outputs", [])]
            if cell["outputs"]:
                # nbval compares a cell's output only when the cell records an execution
                # count (it calls a cell without one "unrun" and fails it for having
                # outputs); a fixed count keeps the stored notebook stable.
                cell["execution_count"] = PINNED_COUNT
        else:
            cell["outputs"] = []
    return nb


def pin(nb: dict[str, Any], *, path: Path, timeout: int = 120) -> dict[str, Any]:
    """Run ``nb`` top to bottom in a fresh kernel and store the outputs of its checked cells.

    Raises ``RuntimeError`` naming the cell when a cell fails, so a broken
    notebook is never pinned.
    """
    run = nbformat.reads(json.dumps(nb), as_version=4)
    client = NotebookClient(
        run, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        raise RuntimeError(f"{path}: a cell failed, so nothing was pinned:\n{exc}") from None
    out = copy.deepcopy(nb)
    for cell, ran in zip(out["cells"], run.cells, strict=False):
        if cell.get("cell_type") == "code" and CHECKED in cell_source(cell.get("source", "")):
            cell["outputs"] = [dict(o) for o in ran.outputs]
    return clean(out)


def tidy(paths: list[Path], *, pin_outputs: bool = False, check: bool = False) -> list[Path]:
    """Clean (and optionally re-pin) notebooks in place; return those that changed.

    With ``check=True`` nothing is written: the returned paths are the
    notebooks that are not tidy.
    """
    changed = []
    for path in paths:
        original = path.read_text(encoding="utf-8")
        nb = json.loads(original)
        nb = pin(nb, path=path) if pin_outputs else clean(nb)
        text = write_notebook_text(nb)
        if text != original:
            changed.append(path)
            if not check:
                path.write_text(text, encoding="utf-8")
    return changed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="notebooks to tidy (default: lessons/ and solutions/)"
    )
    parser.add_argument(
        "--pin",
        action="store_true",
        help=f"re-run each notebook and store fresh outputs for its '# {CHECKED}' cells",
    )
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a notebook is not tidy")


def run(args: argparse.Namespace) -> int:
    paths = args.notebooks or sorted(Path("lessons").glob("*.ipynb")) + sorted(
        Path("solutions").glob("*.ipynb")
    )
    try:
        changed = tidy(paths, pin_outputs=args.pin, check=args.check)
    except (RuntimeError, OSError, json.JSONDecodeError) as exc:
        print(f"conflictlab tidy: {exc}")
        return 1
    verb = "not tidy" if args.check else "tidied"
    for path in changed:
        print(f"{verb}: {path}")
    if not changed:
        print(f"all {len(paths)} notebooks are tidy")
    return 1 if (args.check and changed) else 0
