"""The forecast-against-outcome chart: valid, readable, honest about what happened, and it draws."""

import re

import pandas as pd
import pytest
import vl_convert as vlc

from conflictlab import charts, data, models

BANDS = ["Western-led", "middle", "Kremlin-led"]


@pytest.fixture(scope="module")
def forecasts():
    frame = data.frame("venue")
    coded = models.outcome_probabilities(models.monte_carlo(frame, n=2000, seed=0))
    return pd.DataFrame(
        [[0.1, 0.2, 0.7], coded.set_index("outcome")["share"].loc[BANDS].tolist(), [1 / 3] * 3],
        index=["The article, read as 70%", "The model as coded", "An even spread"],
        columns=BANDS,
    )


def _rows(chart):
    """The data rows of each layer, in layer order."""
    spec = chart.to_dict()
    return [spec["datasets"][layer["data"]["name"]] for layer in spec["layer"]]


def test_valid_vega_lite_with_a_title_a_description_and_plain_axis_titles(forecasts):
    spec = charts.forecast_vs_outcome(forecasts, "Western-led").to_dict()
    assert spec["title"]["text"] == "Forecasts against what happened"
    assert "Western-led, which happened" in " ".join(spec["title"]["subtitle"])
    assert len(spec["description"]) > 40
    svg = vlc.vegalite_to_svg(spec)
    assert "Probability given to each outcome" in svg
    for name in forecasts.index:
        assert name in svg


def test_each_bar_ends_with_that_forecasts_brier_score(forecasts):
    chart = charts.forecast_vs_outcome(forecasts, "Western-led")
    scores = {r["forecast"]: r["score"] for r in _rows(chart)[2]}
    for name, row in forecasts.iterrows():
        assert scores[name] == pytest.approx(models.multi_brier_score(row, "Western-led"))
    # worked by hand: (0.1 - 1)**2 + 0.2**2 + 0.7**2 = 0.81 + 0.04 + 0.49
    assert scores["The article, read as 70%"] == pytest.approx(1.34)
    svg = vlc.vegalite_to_svg(chart.to_dict())
    assert "Brier 1.34" in svg and "Brier 0.67" in svg


def test_only_the_outcome_that_happened_is_outlined(forecasts):
    chart = charts.forecast_vs_outcome(forecasts, "Kremlin-led")
    bars = _rows(chart)[0]
    assert {r["outcome"] for r in bars if r["happened"]} == {"Kremlin-led"}
    assert sum(r["happened"] for r in bars) == len(forecasts)
    spec = chart.to_dict()
    assert spec["layer"][0]["encoding"]["strokeWidth"]["condition"]["test"] == "datum.happened"


def test_bars_stack_in_the_order_of_the_scale_and_fill_the_axis(forecasts):
    bars = pd.DataFrame(_rows(charts.forecast_vs_outcome(forecasts, "middle"))[0])
    for _name, group in bars.groupby("forecast"):
        assert group.sort_values("start")["outcome"].tolist() == BANDS
        assert group["end"].max() == pytest.approx(1.0)
        assert group["start"].min() == 0.0


def test_colours_are_from_the_palette_and_text_stays_readable_on_grey(forecasts):
    spec = charts.forecast_vs_outcome(forecasts, "Western-led").to_dict()
    colours = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", str(spec))}
    inks = {"#000000", "#FFFFFF"}  # the text on the bars
    assert colours - inks <= {c.upper() for c in charts.PALETTE.values()}
    labels = pd.DataFrame(_rows(charts.forecast_vs_outcome(forecasts, "Western-led"))[1])
    assert set(labels.loc[labels["outcome"] == "middle", "ink"]) == {"#000000"}


@pytest.mark.parametrize(
    ("table", "happened", "says"),
    [
        ("not a table", "a", "DataFrame"),
        (pd.DataFrame({"a": [], "b": []}), "a", "empty"),
        (pd.DataFrame({"a": [0.5], "b": [0.5]}), "c", "'c' is not one of the outcomes"),
        (pd.DataFrame({"a": [0.5], "b": ["half"]}), "a", "'b' must hold numbers"),
        (pd.DataFrame({"a": [0.5], "b": [0.3]}, index=["mine"]), "a", "'mine'.*add up to 0.8"),
        (pd.DataFrame({"a": [0.5, 0.5], "b": [0.5, 0.5]}, index=["x", "x"]), "a", "same name"),
    ],
)
def test_bad_input_is_refused_in_words(table, happened, says):
    with pytest.raises(ValueError, match=says):
        charts.forecast_vs_outcome(table, happened)
