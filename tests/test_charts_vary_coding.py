"""charts.vary_coding: forecasts along one coding — valid, readable, and it draws what the tables say."""

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
def results(venue):
    frame, _ = venue
    return {m: models.vary_coding(frame, "United States", "salience", STEPS, m) for m in ("median", "mean")}


@pytest.fixture(scope="module")
def spec(venue, results):
    frame, scale = venue
    return charts.vary_coding(results, "United States", "salience", frame, scale).to_dict()


def test_valid_vega_lite_with_title_and_description(spec):
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert spec["title"]["text"] == "What if United States' salience were different?"
    assert len(spec["description"]) > 40


def test_description_counts_the_jumps_of_the_median(spec, results):
    median = results["median"]["forecast"]
    jumps = len(models.tipping_points(results["median"]))
    assert (
        f"weighted median runs from {median.iloc[0]:g} to {median.iloc[-1]:g}, changing {jumps} times"
        in spec["description"]
    )


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
    lines = [
        layer
        for layer in spec["layer"]
        if isinstance(layer.get("mark"), dict) and layer["mark"].get("type") == "line"
    ]
    styles = {}
    for layer in lines:
        rows = spec["datasets"][layer["data"]["name"]]
        styles[rows[0]["model"]] = layer["mark"]["interpolate"]
    assert styles == {"median": "step-after", "mean": "linear"}


def test_plotted_points_are_the_models_forecasts(spec, results):
    rows = [r for data_rows in spec["datasets"].values() for r in data_rows if "model" in r]
    median = {r["value"]: r["forecast"] for r in rows if r["model"] == "median"}
    assert median == dict(zip(results["median"]["value"], results["median"]["forecast"], strict=False))


def test_dense_grids_are_drawn_without_a_dot_per_value(venue):
    frame, scale = venue
    fine = np.round(np.arange(0, 1.0001, 0.01), 2)
    spec = charts.vary_coding(
        {"mean": models.vary_coding(frame, "Russia", "salience", fine, "mean")},
        "Russia",
        "salience",
        frame,
        scale,
    ).to_dict()
    line = next(
        layer
        for layer in spec["layer"]
        if isinstance(layer.get("mark"), dict) and layer["mark"].get("type") == "line"
    )
    assert line["mark"]["point"] is False


def test_colours_come_from_the_palette(spec):
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}\b", str(spec)))
    greys = {c for c in colours if len({c[1:].upper()[i : i + 2] for i in (0, 2, 4)}) == 1}
    assert {c.upper() for c in colours - greys} <= {c.upper() for c in charts.PALETTE.values()}


def test_works_without_frame_or_scale_and_skips_missing_forecasts():
    results = {
        "condorcet": pd.DataFrame({"value": [0, 1, 2], "forecast": [np.nan, 10.0, 10.0]}),
        "expected_utility": pd.DataFrame({"value": [0, 1, 2], "forecast": [5.0, 6.0, 7.5]}),
    }
    spec = charts.vary_coding(results, "Russia", "capability").to_dict()
    svg = vlc.vegalite_to_svg(spec)
    assert "Russia's capability (the one coding changed)" in svg
    rows = [r for rows in spec["datasets"].values() for r in rows if r.get("model") == "condorcet"]
    assert [r["value"] for r in rows] == [1, 2]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda r: r["median"], "expected a dictionary from model names"),
        (lambda r: {}, "expected a dictionary from model names"),
        (lambda r: {"average": r["mean"]}, "'average' is not a model"),
        (lambda r: {"median": r["median"].iloc[0:0]}, "empty"),
        (lambda r: {"median": r["median"].rename(columns={"forecast": "outcome"})}, "no column 'forecast'"),
        (lambda r: {"median": r["median"].assign(forecast=np.nan)}, "no model gave a forecast"),
        (lambda r: {"median": r["median"].assign(value="high")}, "must hold numbers"),
    ],
)
def test_bad_input_is_refused_in_words(results, make, message):
    with pytest.raises(ValueError) as info:
        charts.vary_coding(make(results), "United States", "salience")
    assert message in str(info.value)


def test_an_actor_missing_from_the_frame_is_named(venue, results):
    frame, scale = venue
    with pytest.raises(ValueError, match="no actor 'Narnia'"):
        charts.vary_coding(results, "Narnia", "salience", frame, scale)
