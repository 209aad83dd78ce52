"""The two reading panels of lesson 00, driven headless: set an input, compare with conflictlab.data."""

import re

import pandas as pd
import pytest

from conflictlab import catalogue, data, widgets

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _body_rows(html_text: str) -> int:
    body = re.search(r"<tbody>(.*)</tbody>", html_text, re.S)
    return 0 if body is None else body.group(1).count("<tr>")


def _rows_containing(table: pd.DataFrame, word: str) -> pd.DataFrame:
    """The rows with ``word`` in some cell, found independently of the panel."""
    word = word.casefold().replace("'", "’")
    text = table.map(lambda v: "" if pd.isna(v) else str(v).casefold())
    return table[text.apply(lambda col: col.str.contains(word, regex=False)).any(axis=1)]


# ---------------------------------------------------------------- table explorer


@pytest.fixture(scope="module")
def shared_explorer():
    return widgets.TableExplorer()


@pytest.fixture
def explorer(shared_explorer):
    shared_explorer.reset()  # built once per module; each test starts from the first table
    return shared_explorer


def test_explorer_starts_on_the_actors_table(explorer):
    actors = data.load("actors")
    r = explorer.result
    assert r["ok"] and r["table"] == "actors" and r["group"] == "facts"
    assert r["n_rows"] == r["n_matches"] == len(actors)
    pd.testing.assert_frame_equal(r["matches"], actors)
    pd.testing.assert_frame_equal(r["shown"], actors.head(5))
    assert _body_rows(explorer.table_view.value) == 5
    assert "move the slider" in r["sentence"]
    assert set(explorer.inputs) == {"table", "search", "rows"}


@pytest.mark.parametrize("name", data.tables())
def test_every_table_can_be_chosen_and_is_named_by_its_group(explorer, name):
    explorer.inputs["table"].value = name
    r = explorer.result
    table = data.load(name)
    assert r["table"] == name and r["n_rows"] == len(table)
    assert name in data.tables(r["group"])
    pd.testing.assert_frame_equal(r["shown"], table.head(5))
    assert _body_rows(explorer.table_view.value) == min(5, len(table))
    assert {"facts": "fact table", "codings": "estimates", "background": "outside context"}[r["group"]] in r[
        "sentence"
    ]


@pytest.mark.parametrize(
    ("name", "word"),
    [("actors", "Iran"), ("claims", "reportedly"), ("events", "KREMLIN"), ("background", "BG11")],
)
def test_search_keeps_the_rows_that_contain_the_word(explorer, name, word):
    explorer.inputs["table"].value = name
    explorer.inputs["search"].value = word
    expected = _rows_containing(data.load(name), word)
    assert 0 < len(expected) < len(data.load(name))
    pd.testing.assert_frame_equal(explorer.result["matches"], expected)
    assert f"{len(expected)} of them contain" in explorer.result["sentence"]


def test_a_straight_apostrophe_finds_the_articles_curly_one(explorer):
    explorer.inputs["table"].value = "claims"
    explorer.inputs["search"].value = "Azerbaijan's"
    expected = _rows_containing(data.load("claims"), "Azerbaijan’s")
    assert len(expected) > 0
    pd.testing.assert_frame_equal(explorer.result["matches"], expected)


def test_dates_are_searched_and_shown_as_dates(explorer):
    explorer.inputs["table"].value = "events"
    explorer.inputs["search"].value = "2023-11-21"
    events = data.load("events")
    hit = (events["earliest"] == "2023-11-21") | (events["latest"] == "2023-11-21")
    assert set(explorer.result["matches"]["event_id"]) == set(events.loc[hit, "event_id"])
    explorer.inputs["search"].value = ""
    explorer.inputs["rows"].value = widgets.EXPLORER_MAX_ROWS
    shown = explorer.table_view.value
    assert "2023-09-01" in shown and "NaT" not in shown and "nan" not in shown


def test_a_search_without_matches_says_so_and_shows_no_rows(explorer):
    explorer.inputs["search"].value = "Atlantis"
    r = explorer.result
    assert r["ok"] and r["n_matches"] == 0
    assert "None of them contains “Atlantis”" in r["sentence"] and "spelling" in r["sentence"]
    assert explorer.table_view.value == ""
    explorer.inputs["search"].value = "Iran"
    assert explorer.result["n_matches"] > 0 and _body_rows(explorer.table_view.value) > 0


def test_the_slider_sets_how_many_rows_are_shown(explorer):
    explorer.inputs["table"].value = "claims"
    for n in (1, 12, widgets.EXPLORER_MAX_ROWS):
        explorer.inputs["rows"].value = n
        expected = min(n, len(data.load("claims")))
        assert len(explorer.result["shown"]) == _body_rows(explorer.table_view.value) == expected
    assert "Showing all" in explorer.result["sentence"]


def test_cell_text_is_escaped(explorer):
    explorer.inputs["table"].value = "claims"
    explorer.inputs["rows"].value = widgets.EXPLORER_MAX_ROWS
    shown = explorer.table_view.value
    assert "author&#x27;s opinion" in shown and "author's opinion" not in shown


def test_reset_goes_back_to_the_start(explorer):
    explorer.inputs["table"].value = "positions"
    explorer.inputs["search"].value = "russia"
    explorer.inputs["rows"].value = 2
    explorer.reset()
    assert {k: v.value for k, v in explorer.inputs.items()} == {"table": "actors", "search": "", "rows": 5}
    pd.testing.assert_frame_equal(explorer.result["shown"], data.load("actors").head(5))
    explorer.inputs["table"].value = "events"
    explorer.reset_button.click()
    assert explorer.result["table"] == "actors"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"table": "actor"}, "no table called 'actor'; the tables are: actors, events"),
        ({"rows": 0}, "from 1 to 50"),
        ({"rows": 51}, "from 1 to 50"),
        ({"rows": "5"}, "whole number"),
        ({"rows": True}, "whole number"),
        ({"search": 3}, "search must be text"),
    ],
)
def test_bad_arguments_get_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        widgets.TableExplorer(**kwargs)


def test_save_writes_every_matching_row_as_csv(explorer, tmp_path):
    explorer.inputs["table"].value = "claims"
    explorer.inputs["search"].value = "hedged"
    explorer.inputs["rows"].value = 1
    path = explorer.save(tmp_path / "hedged.csv")
    saved = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(saved["claim_id"]) == list(explorer.result["matches"]["claim_id"])
    assert len(saved) > 1
    with pytest.raises(ValueError, match=r"saves \.csv files"):
        explorer.save(tmp_path / "hedged.png")


def test_explorer_displays_itself_as_a_widget(explorer):
    bundle = explorer._repr_mimebundle_()
    data_ = bundle[0] if isinstance(bundle, tuple) else bundle
    assert WIDGET_VIEW in data_
    assert "conflictlab.doctor()" in data_["text/plain"]
    assert "conflictlab-explorer-panel" in explorer.widget._dom_classes


# ---------------------------------------------------------------- quote lookup


@pytest.fixture(scope="module")
def shared_lookup():
    return widgets.QuoteLookup()


@pytest.fixture
def lookup(shared_lookup):
    shared_lookup.reset()
    return shared_lookup


def _assert_shows(panel, fact_id):
    q = data.quote(fact_id)
    r = panel.result
    assert r["ok"] and r["fact_id"] == fact_id and r["table"] == q.table
    assert (r["paragraph"], r["evidence"], r["article_sentence"]) == (q.paragraph, q.evidence, q.sentence)
    assert r["evidence"] in data.article()
    assert f"paragraph {q.paragraph}" in r["sentence"]
    assert f"<b>{q.evidence}</b>".replace("'", "&#x27;").replace('"', "&quot;") in panel.quote_view.value
    table = data.load(q.table)
    row = table[table[data.FACT_ID_COLUMNS[q.table]] == fact_id].iloc[0]
    assert r["row"][data.FACT_ID_COLUMNS[q.table]] == fact_id
    assert set(r["row"]) == set(table.columns)
    for column in table.columns:
        if isinstance(row[column], str):
            assert r["row"][column] == row[column]
    assert panel.notice.value == ""


def test_lookup_starts_on_claim_c11(lookup):
    _assert_shows(lookup, "C11")
    assert lookup.result["row"]["certainty"] == "reported"


@pytest.mark.parametrize("name", data.fact_tables())
def test_a_fact_of_every_table_can_be_looked_up(lookup, name):
    table = data.load(name)
    for fact_id in table[data.FACT_ID_COLUMNS[name]].iloc[[0, -1]]:
        lookup.inputs["fact_id"].value = fact_id
        _assert_shows(lookup, fact_id)


def test_the_box_offers_every_fact_id(lookup):
    assert list(lookup.inputs["fact_id"].options) == catalogue.fact_ids()


@pytest.mark.parametrize(("typed", "fact_id"), [("e06", "E06"), (" C45 ", "C45"), ("RUSSIA", "russia")])
def test_capitals_and_spaces_do_not_matter(lookup, typed, fact_id):
    lookup.inputs["fact_id"].value = typed
    _assert_shows(lookup, fact_id)


def test_an_unknown_id_says_what_is_wrong_and_suggests_ids(lookup):
    lookup.inputs["fact_id"].value = "C99"
    r = lookup.result
    assert r["ok"] is False and r["quote"] is None
    assert "No fact has the id 'C99'" in r["problem"] and "Did you mean" in r["problem"]
    assert "conflictlab-problem" in lookup.notice.value and "No quote to show." in lookup.notice.value
    assert lookup.quote_view.value == "" and lookup.sentence.value == ""
    suggested = re.findall(r"\b[A-Z]\d\d\b", r["problem"].split("Did you mean", 1)[1])
    assert suggested and all(s in catalogue.fact_ids() for s in suggested)
    lookup.inputs["fact_id"].value = "C09"
    _assert_shows(lookup, "C09")


def test_an_empty_box_asks_for_an_id(lookup):
    lookup.inputs["fact_id"].value = "   "
    assert lookup.result["ok"] is False
    assert lookup.message.startswith("Type a fact id")


def test_lookup_starting_on_an_unknown_id_shows_the_message():
    panel = widgets.QuoteLookup("Z1")
    assert panel.result["ok"] is False and "'Z1'" in panel.message


def test_a_fact_id_that_is_not_text_is_refused():
    with pytest.raises(ValueError, match="fact_id must be text"):
        widgets.QuoteLookup(11)


def test_reset_goes_back_to_the_first_fact(lookup):
    lookup.inputs["fact_id"].value = "E20"
    lookup.reset()
    _assert_shows(lookup, "C11")


def test_save_writes_the_quote_with_its_reference(lookup, tmp_path):
    text = lookup.save(tmp_path / "quote.md").read_text(encoding="utf-8")
    assert data.quote("C11").sentence in text and data.cite() in text and "C11" in text
    with pytest.raises(ValueError, match=r"\.md or \.txt"):
        lookup.save(tmp_path / "quote.png")
    lookup.inputs["fact_id"].value = "nothing"
    with pytest.raises(ValueError, match="no quote to save"):
        lookup.save(tmp_path / "quote.txt")


def test_lookup_displays_itself_as_a_widget(lookup):
    bundle = lookup._repr_mimebundle_()
    data_ = bundle[0] if isinstance(bundle, tuple) else bundle
    assert WIDGET_VIEW in data_
    assert "conflictlab-quote-panel" in lookup.widget._dom_classes
