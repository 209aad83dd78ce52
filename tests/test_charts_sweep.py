"""charts.sweep: forecasts along one coding — valid, readable, and it draws what the table says."""

import re

import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from conflictlab import charts, data, models

STEPS = np.round(np.arange(0, 1.0001, 0.05), 2)


@pytest.fixture(scope="module")
def venue():
    return data.frame("venue"), data.scale("venue")


@pytest.fixture(scope="module")
def table(venue):
    frame, _ = venue
    return models.sweep(frame, "United States", "salience", STEPS, models=("median", "mean"))


@pytest.fixture(scope="module")
def spec(venue, table):
    frame, scale = venue
    return charts.sweep(table, "United States", frame, scale).to_dict()


def test_valid_vega_lite_with_title_and_description(spec):
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert spec["title"]["text"] == "What if United States' salience were different?"
    assert len(spec["description"]) > 40


def test_description_counts_the_jumps_of_the_median(spec, table):
    jumps = int((table["median"].diff().fillna(0) != 0).sum())
    assert f"weighted median runs from {table['median'].iloc[0]:g} to {table['median'].iloc[-1]:g}, " \
           f"changing {jumps} times" in spec["description"]


def test_draws_every_actor_name_the_axis_titles_and_the_coded_value(venue, spec):
    frame, _ = venue
    svg = vlc.vegalite_to_svg(spec)
    for actor in frame["actor"]:
        assert f">{actor}<" in svg
    assert "United States' salience (the one coding changed)" in svg
    assert "Forecast — Who leads the settlement (0–100)" in svg
    coded = float(frame.loc[frame["actor"] == "United States", "salience"].iloc[0])
    assert f"as coded: {coded:.2f}" in svg


def test_the_median_is_drawn_as_steps_and_the_mean_as_a_line(spec):
    lines = [layer for layer in spec["layer"] if isinstance(layer.get("mark"), dict)
             and layer["mark"].get("type") == "line"]
    styles = {}
    for layer in lines:
        rows = spec["datasets"][layer["data"]["name"]]
        styles[rows[0]["model"]] = layer["mark"]["interpolate"]
    assert styles == {"median": "step-after", "mean": "linear"}


def test_plotted_points_are_the_models_forecasts(spec, table):
    rows = [r for name, data_rows in spec["datasets"].items() for r in data_rows if "model" in r]
    median = {r["value"]: r["forecast"] for r in rows if r["model"] == "median"}
    assert median == dict(zip(table["salience"], table["median"]))


def test_colours_come_from_the_palette(spec):
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}\b", str(spec)))
    greys = {c for c in colours if len(set(c[1:].upper()[i:i + 2] for i in (0, 2, 4))) == 1}
    assert {c.upper() for c in colours - greys} <= {c.upper() for c in charts.PALETTE.values()}


def test_works_without_frame_or_scale_and_skips_missing_forecasts():
    table = pd.DataFrame({"capability": [0, 1, 2], "condorcet": [np.nan, 10.0, 10.0],
                          "eu": [5.0, 6.0, 7.5]})
    spec = charts.sweep(table, "Russia").to_dict()
    svg = vlc.vegalite_to_svg(spec)
    assert "Russia's capability (the one coding changed)" in svg
    rows = [r for rows in spec["datasets"].values() for r in rows if r.get("model") == "condorcet"]
    assert [r["value"] for r in rows] == [1, 2]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda t: t[["salience"]], "one column per model"),
        (lambda t: t.rename(columns={"mean": "average"}), "'average' is not a model"),
        (lambda t: t.iloc[0:0], "empty"),
        (lambda t: t.assign(median=np.nan, mean=np.nan), "no model gave a forecast"),
        (lambda t: t.assign(salience="high"), "must hold numbers"),
    ],
)
def test_bad_tables_are_refused_in_words(table, make, message):
    with pytest.raises(ValueError) as info:
        charts.sweep(make(table), "United States")
    assert message in str(info.value)


def test_an_actor_missing_from_the_frame_is_named(venue, table):
    frame, scale = venue
    with pytest.raises(ValueError, match="no actor 'Narnia'"):
        charts.sweep(table, "Narnia", frame, scale)
