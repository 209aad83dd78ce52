"""charts.table_of: every chart's data as a table a screen reader can walk."""

import re

import altair as alt
import pandas as pd
import pytest

from conflictlab import catalogue, charts, data, models


def _venue():
    return data.frame("venue"), data.scale("venue")


def _packages():
    inputs = data.package_inputs()
    utilities = models.package_utilities(inputs["weights"], inputs["terms"], inputs["ideals"])
    d = inputs["disagreement"].to_numpy()
    return charts.package_utilities(utilities, d, models.nash_bargaining(utilities, d)), len(utilities)


#: Each chart, with the number of rows its table must have (counted from the data, not the chart).
CASES = {
    "timeline": lambda: (charts.timeline(data.load("events")), len(data.load("events"))),
    "stance_heatmap": lambda: (charts.stance_heatmap(data.load("stances")), len(data.load("stances"))),
    "claims_by_certainty": lambda: (
        charts.claims_by_certainty(data.load("claims")),
        len(data.load("claims")),
    ),
    "hurdle_tracker": lambda: (charts.hurdle_tracker(data.load("issues")), len(data.load("issues"))),
    "relation_matrix": lambda: (charts.relation_matrix(data.load("relations")), len(data.load("relations"))),
    "evidence_map": lambda: (
        charts.evidence_map(catalogue.evidence_index()),
        len(catalogue.evidence_index()),
    ),
    "positions": lambda: (charts.positions(*_venue()), len(_venue()[0])),
    "rounds": lambda: (charts.rounds(models.simulate(_venue()[0], rounds=3)), 4 * len(_venue()[0])),
    "package_utilities": _packages,
    "tornado": lambda: (charts.tornado(models.tornado(_venue()[0], "median")), 3 * len(_venue()[0])),
    "forecast_vs_outcome": lambda: (
        charts.forecast_vs_outcome(pd.DataFrame({"a": [0.2, 0.6], "b": [0.8, 0.4]}, index=["x", "y"]), "a"),
        4,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_chart_gives_its_rows_as_a_table_with_a_caption_and_header_cells(name):
    chart, rows = CASES[name]()
    table = charts.table_of(chart)
    page = table.to_html()
    spec = chart.to_dict()
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    caption = re.search(r"<caption>(.*?)</caption>", page).group(1)
    assert caption.startswith(title.replace("'", "&#x27;")[:20])
    assert spec["description"][:30].replace("'", "&#x27;") in caption
    assert page.count('<th scope="col">') == len(table.frame.columns) >= 2
    assert page.count("<tr>") - 1 == len(table.frame) == rows


def test_the_columns_are_titled_in_words_not_field_names():
    table = charts.table_of(charts.positions(*_venue()))
    assert list(table.frame.columns)[:2] == ["Actor", "Position"]
    assert set(table.frame["Actor"]) == set(_venue()[0]["actor"])


def test_a_chart_without_tooltips_is_refused_in_words():
    with pytest.raises(ValueError, match="no layer with tooltips"):
        charts.table_of(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"))
