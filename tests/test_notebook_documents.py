"""Every notebook is a well-formed document for assistive technology (WCAG 2.1: 1.1.1, 1.3.1, 2.4.4, 2.4.6).

Checked on the Markdown itself, without a browser: one top-level heading, no skipped heading
levels, link text that makes sense out of context, tables with header cells, images with alt text.
The browser tests scan what JupyterLab renders; this test names the cell to fix.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mistune
import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p for folder in ("lessons", "exercises", "solutions") for p in (REPO / folder).glob("*.ipynb")
)
#: Link texts that say nothing about where a link goes (WCAG 2.4.4).
VAGUE_LINK_TEXT = {"here", "click here", "this", "link", "this link", "more", "read more", "see here"}

_parse = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])


def _walk(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for token in tokens:
        yield token
        yield from _walk(token.get("children") or [])


def _text(token: dict[str, Any]) -> str:
    if "raw" in token:
        return str(token["raw"])
    return "".join(_text(child) for child in token.get("children") or [])


def document_problems(cells: list[str]) -> list[str]:
    """What keeps a notebook's Markdown cells (given as sources) from being a well-formed document."""
    problems: list[str] = []
    levels: list[tuple[int, int]] = []
    for number, source in enumerate(cells, start=1):
        for token in _walk(_parse(source)):  # type: ignore[arg-type]
            kind = token["type"]
            if kind == "heading":
                levels.append((number, token["attrs"]["level"]))
            elif kind == "link":
                text = _text(token).strip()
                if not text or text.lower() in VAGUE_LINK_TEXT:
                    problems.append(f"cell {number}: a link's text ({text!r}) does not say where it goes")
            elif kind == "image" and not _text(token).strip():
                problems.append(f"cell {number}: an image has no alt text")
            elif kind == "table_head":
                if not all(_text(cell).strip() for cell in token.get("children") or []):
                    problems.append(f"cell {number}: a table has an empty header cell")
            elif kind in ("block_html", "inline_html"):
                raw = token.get("raw", "")
                for tag in re.findall(r"<img\b[^>]*>", raw, re.I):
                    if not re.search(r"\balt\s*=\s*\"[^\"]+\"", tag, re.I):
                        problems.append(f"cell {number}: an <img> has no alt text")
                if re.search(r"<table\b", raw, re.I) and not re.search(r"<th\b", raw, re.I):
                    problems.append(f"cell {number}: an HTML table has no header cells")
    tops = [cell for cell, level in levels if level == 1]
    if len(tops) != 1:
        problems.append(f"{len(tops)} top-level headings (cells {tops}); a notebook has exactly one")
    if levels and levels[0][1] != 1:
        problems.append(f"cell {levels[0][0]}: the first heading is level {levels[0][1]}, not the title")
    for (_, before), (cell, level) in itertools.pairwise(levels):
        if level > before + 1:
            problems.append(f"cell {cell}: heading level {level} follows level {before} (a level skipped)")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_a_well_formed_document(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    cells = [c.source if c.cell_type == "markdown" else "" for c in nb.cells]
    assert document_problems(cells) == []


@pytest.mark.parametrize(
    ("cells", "says"),
    [
        (["## Start at two"], "top-level headings"),
        (["# Title", "### Skipped"], "level skipped"),
        (["# Title", "See [here](https://example.org)."], "does not say where it goes"),
        (["# Title", "![](chart.png)"], "no alt text"),
        (["# Title", "| | b |\n|---|---|\n| 1 | 2 |"], "empty header cell"),
        (["# Title", "<table><tr><td>1</td></tr></table>"], "no header cells"),
        (["# Title", '<img src="x.png">'], "<img> has no alt text"),
        (["# One", "# Two"], "2 top-level headings"),
    ],
)
def test_each_rule_names_what_is_wrong(cells: list[str], says: str) -> None:
    problems = document_problems(cells)
    assert any(says in p for p in problems), problems


def test_a_well_formed_document_passes() -> None:
    cells = [
        "# Title\n\n## Part\n\n### Detail",
        "Read [the course design](docs/architecture.md).\n\n![A bar chart of shares](c.png)",
        "| actor | share |\n|---|---|\n| A | 1 |",
        "## Next part",
    ]
    assert document_problems(cells) == []
