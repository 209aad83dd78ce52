"""The evidence map: one mark per fact, above the paragraph its quote stands in."""

import re

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from conflictlab import catalogue, charts


@pytest.fixture(scope="module")
def index():
    return catalogue.evidence_index()


def _spec(chart):
    with alt.theme.enable(charts.THEME_NAME):
        return chart.to_dict()


def test_the_map_is_valid_vega_lite_with_title_and_description(index):
    spec = _spec(charts.evidence_map(index, len(catalogue.paragraphs())))
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert "facts" in spec["title"]["text"]
    assert f"{len(index)} facts" in spec["description"]
    assert f"{len(catalogue.paragraphs())} paragraphs" in spec["description"]


def test_the_map_draws_one_mark_per_fact_offline(index):
    svg = vlc.vegalite_to_svg(_spec(charts.evidence_map(index)))
    assert len(re.findall(r'aria-roledescription="point"', svg)) == len(index)


def test_marks_stack_to_the_number_of_facts_per_paragraph(index):
    chart = charts.evidence_map(index)
    drawn = chart.data
    heights = drawn.groupby("paragraph")["n"].max()
    counts = index.groupby("paragraph").size()
    pd.testing.assert_series_equal(heights, counts, check_names=False)
    assert not drawn.duplicated(["paragraph", "n"]).any()


def test_tooltips_carry_the_fact_id_and_its_quote(index):
    spec = _spec(charts.evidence_map(index))
    fields = {t["field"] for t in spec["encoding"]["tooltip"]}
    assert {"fact_id", "evidence", "table", "paragraph"} <= fields


def test_colour_and_shape_both_tell_the_tables_apart(index):
    spec = _spec(charts.evidence_map(index))
    colour, shape = spec["encoding"]["color"]["scale"], spec["encoding"]["shape"]["scale"]
    assert colour["domain"] == shape["domain"] == [t for t in charts.FACT_TABLES if t in set(index["table"])]
    assert set(colour["range"]) <= set(charts.PALETTE.values())
    assert len(set(shape["range"])) == len(shape["range"])


def test_paragraphs_without_facts_keep_their_place():
    small = pd.DataFrame(
        {
            "fact_id": ["C01", "E01", "C02"],
            "table": ["claims", "events", "claims"],
            "paragraph": [1, 1, 4],
            "evidence": ["a", "b", "c"],
        }
    )
    spec = _spec(charts.evidence_map(small, paragraphs=5))
    assert spec["encoding"]["x"]["scale"]["domain"] == [1, 2, 3, 4, 5]
    assert "paragraphs 2, 3 and 5 are quoted by none" in spec["description"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pd.DataFrame({"fact_id": ["C01"], "table": ["claims"]}), "no column 'paragraph'"),
        (pd.DataFrame({"fact_id": [], "table": [], "paragraph": []}), "empty"),
        (pd.DataFrame({"fact_id": ["C01"], "table": ["claims"], "paragraph": [0]}), "paragraph numbers"),
        (pd.DataFrame({"fact_id": ["C01"], "table": ["claims"], "paragraph": ["two"]}), "must hold numbers"),
    ],
)
def test_bad_input_is_named(table, message):
    with pytest.raises(ValueError, match=message):
        charts.evidence_map(table)


def test_too_few_paragraphs_are_refused():
    small = pd.DataFrame({"fact_id": ["C01"], "table": ["claims"], "paragraph": [7]})
    with pytest.raises(ValueError, match="quotes paragraph 7"):
        charts.evidence_map(small, paragraphs=5)
