"""Cells that a spreadsheet will not run as formulas (CSV injection, CWE-1236).

A student chooses their file name and their answers, and both reach the CSV files the grader
writes. A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be
taken for a formula by Excel, LibreOffice or Google Sheets when an instructor opens the file
(``=HYPERLINK(…)`` sends data away when clicked). Following the OWASP guidance on CSV injection,
such a cell is written with a leading apostrophe, which spreadsheets show as plain text; the
csv module quotes every cell that needs it. Numbers stay numbers: a cell that reads as a plain
number (``-1``, ``-0.25``) cannot be a formula and is left as it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["FORMULA_STARTS", "read_cell", "safe_cell", "safe_row"]

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plain_number(text: str) -> bool:
    try:
        return math.isfinite(float(text)) and text.strip() == text
    except ValueError:
        return False


def safe_cell(value: object) -> object:
    """``value`` as a CSV cell no spreadsheet runs as a formula.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell("-1"), safe_cell(-1), safe_cell("a = b")
    ('-1', -1, 'a = b')
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or _plain_number(value):
        return value
    return "'" + value


def safe_row(row: Iterable[object]) -> list[object]:
    """Every cell of a row made safe with :func:`safe_cell`."""
    return [safe_cell(cell) for cell in row]


def read_cell(text: str) -> str:
    """A cell read back from a CSV file the grader wrote, as it was before :func:`safe_cell`.

    Examples
    --------
    >>> read_cell("'=2+5"), read_cell("it's"), read_cell("'-1")
    ('=2+5', "it's", "'-1")
    """
    inner = text[1:]
    if text.startswith("'") and inner.startswith(FORMULA_STARTS) and not _plain_number(inner):
        return inner
    return text
