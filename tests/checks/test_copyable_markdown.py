"""Markdown that students copy into code must be valid Python (issue 16, section 3).

The rule, for the Markdown of every notebook (lessons, exercises, solutions):

* **No minus sign U+2212 anywhere.** Negative numbers, the signs of ties
  (+ and -), and formulas in running prose are all written with the ASCII
  hyphen-minus "-", the character Python reads, so whatever a student copies
  runs (``SyntaxError: invalid character '−'`` otherwise). A formula that should
  look typeset goes in LaTeX (``$...$``), which draws "-" as a true minus.
* **No curly quote and no en or em dash inside code**, that is inside a code
  span (`...`) or a fenced code block. In prose they are the course's
  typography (the article's quotes are curly) and stay.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("lessons", "exercises", "solutions")
#: Never in Markdown: it looks like Python's minus but is not.
MINUS = "\u2212"
#: Characters that break inside code: curly quotes, typographic dashes and the minus sign.
IN_CODE = {
    "\u2018": "‘",
    "\u2019": "’",
    "\u201c": "“",
    "\u201d": "”",
    "\u2013": "–",
    "\u2014": "—",
    MINUS: "−",
}
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`([^`\n]+)`")


def markdown_hits(nb: dict) -> list[str]:
    """Every place in a notebook's Markdown that breaks the rule above, by cell id."""
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        blocks = FENCED.findall(text)
        prose = FENCED.sub("", text)
        for code in blocks + CODE_SPAN.findall(prose):
            bad = sorted({c for c in code if c in IN_CODE})
            if bad:
                found.append(f"cell {cell['id']}: `{code.strip()}` has {' '.join(IN_CODE[c] for c in bad)}")
        for match in re.finditer(f".{{0,12}}{MINUS}.{{0,12}}", CODE_SPAN.sub("", prose)):
            found.append(f"cell {cell['id']}: {match.group(0)!r} uses the minus sign U+2212; write -")
    return found


def hits(path: Path) -> list[str]:
    """The rule's breaches in one notebook file."""
    return markdown_hits(json.loads(path.read_text(encoding="utf-8")))


NOTEBOOKS = {folder: sorted((ROOT / folder).glob("*.ipynb")) for folder in FOLDERS}


def test_every_folder_of_notebooks_is_scanned():
    # a moved folder or a changed suffix must not leave the scan below with nothing to check
    assert all(NOTEBOOKS[folder] for folder in FOLDERS), {f: len(p) for f, p in NOTEBOOKS.items()}


@pytest.mark.parametrize(
    "path",
    [path for folder in FOLDERS for path in NOTEBOOKS[folder]],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_markdown_can_be_copied_into_code(path):
    assert hits(path) == []


def _notebook(*sources: str) -> dict:
    return {"cells": [{"cell_type": "markdown", "id": str(i), "source": [s]} for i, s in enumerate(sources)]}


@pytest.mark.parametrize(
    "source",
    [
        "a sign of −1",  # a negative number
        "ties of + and − sign",  # a sign with no digit after it
        "closeness is 1 − |term − ideal| / 100",  # a formula in prose
        "call `data.quote(“C45”)`",  # curly quotes in a code span
        "run `x = 1 – y`",  # an en dash in a code span
        "run\n\n```python\nquote(‘C45’)\n```\n",  # curly quotes in a fenced block
    ],
)
def test_the_scan_finds_what_breaks(source):
    assert len(markdown_hits(_notebook("fine", source))) >= 1
    assert all(hit.startswith("cell 1:") for hit in markdown_hits(_notebook("fine", source)))


def test_the_scan_leaves_prose_typography_and_ascii_code_alone():
    nb = _notebook(
        "`x = -1` and “quoted” prose — with a dash — are fine",
        "a formula $1 - |t - i| / 100$ and a sign of -1",
        "```python\npanel.save(\"memo.png\")   # or 'memo.svg'\n```\nthen “done”",
    )
    assert markdown_hits(nb) == []
