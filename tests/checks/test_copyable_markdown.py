"""Markdown that students copy into code must be valid Python (issue 16, section 3).

A minus sign (U+2212) anywhere, or a curly quote or an en/em dash inside a
code span, breaks when pasted into a code cell (``SyntaxError: invalid
character '−'``). The exercises and solutions must have none; lessons are
scanned too, and their hits listed, so their authors can fix them.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Characters that look like Python but are not, anywhere in Markdown that may be copied.
MINUS = "\u2212"
#: Characters that break inside a code span (`…`): curly quotes and typographic dashes.
IN_CODE = {
    "\u2018": "‘",
    "\u2019": "’",
    "\u201c": "“",
    "\u201d": "”",
    "\u2013": "–",
    "\u2014": "—",
    MINUS: "−",
}
CODE_SPAN = re.compile(r"`([^`\n]+)`")


def hits(path: Path) -> list[str]:
    """Every place in a notebook's Markdown that would break when copied into code."""
    found = []
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        for span in CODE_SPAN.findall(text):
            bad = sorted({c for c in span if c in IN_CODE})
            if bad:
                found.append(f"cell {cell['id']}: `{span}` has {' '.join(IN_CODE[c] for c in bad)}")
        outside = CODE_SPAN.sub("", text)
        for match in re.finditer(MINUS + r"\s?\d", outside):
            found.append(
                f"cell {cell['id']}: {match.group(0)!r} uses the minus sign U+2212; write -{match.group(0)[-1]}"
            )
    return found


STUDENT_NOTEBOOKS = sorted((ROOT / "exercises").glob("*.ipynb")) + sorted(
    (ROOT / "solutions").glob("*.ipynb")
)


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_exercise_markdown_can_be_copied_into_code(path):
    assert hits(path) == []


def test_the_scan_finds_what_breaks():
    nb = {
        "cells": [
            {"cell_type": "markdown", "id": "a", "source": ["a sign of −1, and `data.quote(“C45”)`"]},
            {"cell_type": "markdown", "id": "b", "source": ["`x = -1` and “quoted” prose are fine"]},
        ]
    }
    path = Path(__file__).with_name("_scan_fixture.ipynb")
    path.write_text(json.dumps(nb), encoding="utf-8")
    try:
        found = hits(path)
    finally:
        path.unlink()
    assert len(found) == 2 and all(f.startswith("cell a") for f in found)


def lesson_hits() -> dict[str, list[str]]:
    """The lessons' hits, for their authors (``python tests/checks/test_copyable_markdown.py``)."""
    return {p.name: hits(p) for p in sorted((ROOT / "lessons").glob("*.ipynb")) if hits(p)}


if __name__ == "__main__":
    for name, found in lesson_hits().items():
        print(name)
        for line in found:
            print("   ", line)
