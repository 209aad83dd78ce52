"""Outside context is always labelled, sourced, and kept apart from the article's facts."""

import html

import pytest

from conflictlab import data, outside


@pytest.fixture(scope="module")
def background():
    return data.load("background").set_index("bg_id")


def test_every_background_fact_makes_a_labelled_sourced_note(background):
    for bg_id, row in background.iterrows():
        n = outside.note(bg_id)
        text, markdown, page = str(n), n._repr_markdown_(), n._repr_html_()
        for shown in (text, markdown, html.unescape(page)):
            assert "Outside the article" in shown
            assert bg_id in shown
            assert row["summary"] in shown
        for url in row["sources"].split(";"):
            assert url in text
            assert f"]({url})" in markdown
            assert f'href="{html.escape(url)}"' in page


def test_a_fact_after_the_article_says_so(background):
    later = background.index[background["after_article"]].tolist()
    earlier = background.index[~background["after_article"]].tolist()
    assert later and earlier
    for bg_id in later:
        assert "after it was published" in outside.note(bg_id).label
    for bg_id in earlier:
        assert outside.note(bg_id).label == "Outside the article"


def test_status_and_bearing_are_in_words_and_dates_in_full():
    n = outside.note("BG22")
    assert n.status == "unverified" and "status: unverified" in str(n)
    assert n.date is None
    eleven = outside.note("BG11")
    assert "corrects the article" in str(eleven)
    when = data.load("background").set_index("bg_id").loc["BG11", "date"]
    assert f"{when.day} {when:%B %Y}" in str(eleven)


def test_relations_to_the_articles_facts_are_listed():
    n = outside.note("BG10")
    row = data.load("background").set_index("bg_id").loc["BG10"]
    assert list(n.relates_to) == row["relates_to"].split(";")
    assert "Bears on: " + ", ".join(n.relates_to) in str(n)


def test_several_notes_in_the_order_given():
    shown = outside.notes(["BG12", "BG11"])
    assert [n.bg_id for n in shown] == ["BG12", "BG11"]
    for text in (shown._repr_markdown_(), shown._repr_html_(), str(shown)):
        assert text.index("BG12") < text.index("BG11")


def test_an_unknown_id_names_the_closest():
    with pytest.raises(KeyError, match="BG11"):
        outside.note("BG111")
    with pytest.raises(KeyError, match="no background fact"):
        outside.note("C45")
