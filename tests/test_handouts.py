"""Reading copies (``conflictlab handouts``): one offline page per lesson, with no instructor cell
and no solution. The browser tests scan each page with axe-core (tests/browser/test_handout_pages.py)."""

import html
import re
from pathlib import Path

import nbformat
import pytest

from conflictlab.course import handouts
from conflictlab.course.markers import LOOSE, cell_source, is_instructor

LESSONS = sorted((Path(__file__).resolve().parents[1] / "lessons").glob("[0-9][0-9]_*.ipynb"))


def _words(text: str) -> str:
    """Text reduced to lower-case words, so that Markdown and its HTML compare alike."""
    return " ".join(re.findall(r"[a-z0-9]+", html.unescape(text).lower()))


def _page_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return _words(re.sub(r"<[^>]+>", " ", page))


def _longest_line(cell) -> str:
    lines = [_words(line) for line in cell_source(cell["source"]).splitlines()]
    return max(lines, key=len, default="")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_a_handout_has_no_instructor_cell_and_keeps_every_other_text_cell(lesson, handouts):
    page = (handouts / f"{lesson.stem}.html").read_text(encoding="utf-8")
    text = _page_text(page)
    nb = nbformat.read(lesson, as_version=4)
    instructor = [c for c in nb.cells if is_instructor(c)]
    assert instructor, f"{lesson.name} has no instructor cell to leave out"
    for cell in instructor:
        line = _longest_line(cell)
        assert len(line) > 20 and line not in text, (
            f"{lesson.name}: an instructor cell is in the handout: {line}"
        )
    # the same comparison finds the cells that are kept: the check above can see a cell
    kept = [c for c in nb.cells if c.cell_type == "markdown" and not is_instructor(c) and "$" not in c.source]
    missing = [_longest_line(c) for c in kept if _longest_line(c) and _longest_line(c) not in text]
    assert len(missing) <= len(kept) // 10, f"{lesson.name}: student cells not found: {missing[:3]}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_a_handout_has_no_solution_and_loads_nothing(lesson, handouts):
    page = (handouts / f"{lesson.stem}.html").read_text(encoding="utf-8")
    assert not LOOSE.search(page)
    assert "<script" not in page.lower()
    # nothing is fetched: no src, no style sheet or font from elsewhere (links to sources stay links)
    assert not re.search(r"""\s(src|srcset)=["']?(https?:)?//""", page)
    assert not re.search(r"""<link[^>]+href=["']?(https?:)?//""", page)
    assert not re.search(r"""url\(\s*["']?(https?:)?//""", page)
    assert "@import" not in page


def test_only_lessons_have_handouts(handouts):
    assert sorted(p.stem for p in handouts.glob("*.html")) == [p.stem for p in LESSONS]


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_instructor_cells_are_left_out_and_a_solution_marker_stops_the_build():
    note = nbformat.v4.new_markdown_cell("Pacing: ten minutes.", metadata={"tags": ["instructor"]})
    text = nbformat.v4.new_markdown_cell("# A lesson\n\nFor students.")
    kept = handouts._prepare(_notebook(text, note))
    assert [c.source for c in kept.cells] == ["# A lesson\n\nFor students."]
    answer = nbformat.v4.new_code_cell("# BEGIN SOLUTION\nx = 1\n# END SOLUTION")
    with pytest.raises(handouts.HandoutError, match="cell 2: it holds a solution marker"):
        handouts._prepare(_notebook(text, answer), "lesson 99")


def test_a_handout_page_is_built_without_a_kernel_from_an_executed_notebook():
    nb = _notebook(nbformat.v4.new_markdown_cell("# Reading copy\n\nThe score is $p^2$."))
    page = handouts.handout_html(nb, "Reading copy")
    assert "<title>Reading copy</title>" in page
    assert "<math" in page and "$p^2$" not in page
    assert 'lang="en"' in page
