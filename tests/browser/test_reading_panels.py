"""The lesson 00 reading panels answer a student's keyboard in JupyterLab.

The table explorer: typing a word in its search box and pressing Enter keeps
the rows that contain it; moving its slider with the keyboard changes how
many rows are drawn. The quote lookup: typing a fact id and pressing Enter
shows that fact's sentence; an unknown id shows a message. What the page
shows is compared with ``conflictlab.data``, computed here in the test.
"""

from __future__ import annotations

import pytest

from conflictlab import data

# The browser harness (tests/browser/conftest.py, lab_harness.py) drives JupyterLab for these tests.
lab_harness = pytest.importorskip("lab_harness", reason="the browser test harness is not installed here")
REPO, PanelView = lab_harness.REPO, lab_harness.PanelView

pytestmark = pytest.mark.browser

LESSON = REPO / "lessons" / "00_the_source_and_the_toolkit.ipynb"
WAIT = 20.0


@pytest.mark.parametrize("ran_notebook", [LESSON], indirect=True, ids=["00_the_source_and_the_toolkit"])
def test_table_explorer_searches_and_shows_as_many_rows_as_the_slider_says(ran_notebook):
    panel = PanelView(ran_notebook, "explorer")
    assert panel.count() == 1
    panel.root.scroll_into_view_if_needed()
    rows = lambda: panel.root.locator(".conflictlab-table tbody tr").count()  # noqa: E731
    claims = data.load("claims")
    start = int(panel.slider("rows").value())
    ran_notebook.wait_for(lambda: rows() == min(start, len(claims)), "the first rows of the claims table")

    search = panel.root.locator(".conflictlab-input-search input").first
    search.fill("reportedly")
    search.press("Enter")
    expected = claims[claims.apply(lambda r: r.astype(str).str.contains("reportedly").any(), axis=1)]
    assert 1 <= len(expected) < len(claims)
    ran_notebook.wait_for(
        lambda: (
            f"{len(expected)} of them contain" in " ".join(panel.texts("conflictlab-result"))
            or f"{len(expected)} of them contains" in " ".join(panel.texts("conflictlab-result"))
        ),
        "the sentence to count the matching rows",
        timeout=WAIT,
    )
    ran_notebook.wait_for(lambda: rows() == min(start, len(expected)), "the matching rows", timeout=WAIT)
    shown = panel.root.locator(".conflictlab-table tbody tr td:first-child").all_inner_texts()
    assert set(shown) <= set(expected["claim_id"])

    search.fill("")
    search.press("Enter")
    ran_notebook.wait_for(
        lambda: "contain" not in " ".join(panel.texts("conflictlab-result")),
        "the search to be cleared",
        timeout=WAIT,
    )
    value = panel.slider("rows").press("End")
    ran_notebook.wait_for(lambda: rows() == min(int(value), len(claims)), "every claim drawn", timeout=WAIT)
    value = panel.slider("rows").press("Home")
    ran_notebook.wait_for(lambda: rows() == int(value) == 1, "a single row drawn", timeout=WAIT)


@pytest.mark.parametrize("ran_notebook", [LESSON], indirect=True, ids=["00_the_source_and_the_toolkit"])
def test_quote_lookup_shows_the_sentence_of_a_typed_id_and_names_a_wrong_one(ran_notebook):
    panel = PanelView(ran_notebook, "quote")
    assert panel.count() == 1
    panel.root.scroll_into_view_if_needed()
    quote_text = lambda: " ".join(panel.root.locator(".conflictlab-quote").first.inner_text().split())  # noqa: E731
    box = panel.root.locator(".conflictlab-input-fact-id input").first
    first = data.quote("E06")
    ran_notebook.wait_for(lambda: " ".join(first.sentence.split()) in quote_text(), "E06's sentence")

    box.fill("c45")
    box.press("Enter")
    target = data.quote("C45")
    ran_notebook.wait_for(
        lambda: " ".join(target.sentence.split()) in quote_text(), "C45's sentence", timeout=WAIT
    )
    assert panel.root.locator(".conflictlab-quote b").first.inner_text() == target.evidence
    assert f"paragraph {target.paragraph}" in " ".join(panel.texts("conflictlab-result"))

    box.fill("C99")
    box.press("Enter")
    ran_notebook.wait_for(
        lambda: "No fact has the id 'C99'" in panel.problem(), "a message about C99", timeout=WAIT
    )
    assert quote_text() == ""


@pytest.mark.parametrize("ran_notebook", [LESSON], indirect=True, ids=["00_the_source_and_the_toolkit"])
@pytest.mark.parametrize("kind", ["explorer", "quote"])
def test_reading_panels_show_every_label_whole_and_usable_sliders(ran_notebook, kind):
    assert PanelView(ran_notebook, kind).count() == 1
    problems = PanelView.all_layout_problems(ran_notebook, kind)
    assert not problems, "\n".join(problems)
