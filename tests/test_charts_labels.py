"""Labels and lines a student can read: nothing a chart draws hides another mark.

The rules are checked on the scene the chart really draws (Vega's scenegraph,
rendered offline by vl-convert), not on the builder's own arithmetic: every
text and every point is taken at the pixel position Vega gives it. Text
widths are estimated here at :data:`EM` of the font size per character — an
allowance wider than the sans-serif fonts the course's charts use.
"""

from __future__ import annotations

import itertools
import math

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from conflictlab import charts, data, models

#: Width of one character of a label, as a share of its font size (an allowance, not a measurement).
EM = 0.5


def _items(scene):
    """(mark type, mark name, item) for every item of every mark in the scenegraph."""
    found = []

    def walk(node, dx=0.0, dy=0.0):
        if isinstance(node, dict):
            if "marktype" in node:
                for item in node.get("items", []):
                    if node["marktype"] == "group":
                        walk(item.get("items", []), dx + item.get("x", 0.0), dy + item.get("y", 0.0))
                    else:
                        found.append(
                            (
                                node["marktype"],
                                node.get("name", ""),
                                dict(item, x=item.get("x", 0.0) + dx, y=item.get("y", 0.0) + dy),
                            )
                        )
            else:
                for value in node.values():
                    walk(value, dx, dy)
        elif isinstance(node, list):
            for value in node:
                walk(value, dx, dy)

    walk(scene["scenegraph"])
    return found


def _scene(chart):
    # Only the drawn scene matters here. Each builder's spec is validated against the Vega-Lite schema
    # in test_charts.py; its structure does not depend on the numbers drawn, and validating it again
    # for every state of the sweep below took about half of this module's time.
    with alt.theme.enable(charts.THEME_NAME):
        return _items(vlc.vegalite_to_scenegraph(chart.to_dict(validate=False)))


def _text_box(item):
    size = float(item.get("fontSize", 11))
    lines = item["text"] if isinstance(item["text"], list) else [item["text"]]
    width = max(len(str(t)) for t in lines) * size * EM
    x = item["x"] + item.get("dx", 0.0)
    left = {"left": x, "right": x - width, "center": x - width / 2}[item.get("align", "left")]
    y = item["y"] + item.get("dy", 0.0)
    return left, y - 0.5 * size, left + width, y + 0.5 * size


def _symbol_box(item):
    r = math.sqrt(float(item.get("size", 64)) / math.pi)
    return item["x"] - r, item["y"] - r, item["x"] + r, item["y"] + r


def _overlap(a, b):
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) > 0 and max(0.0, min(a[3], b[3]) - max(a[1], b[1])) > 0


def _data_marks(scene):
    return [(t, n, i) for t, n, i in scene if n.startswith("layer_")]


# ---------------------------------------------------------------- package chart


def _package_states():
    """The states of lesson 06's chart and panel: as coded, and each step of its two experiments."""
    inputs = data.package_inputs()
    weights, terms, ideals, no_deal = (
        inputs["weights"],
        inputs["terms"],
        inputs["ideals"],
        inputs["disagreement"],
    )
    names = inputs["packages"].set_index("package_id")["name"]
    states = {"coded": (weights, no_deal)}
    for value in np.round(np.arange(0, 1.0001, 0.05), 2):
        changed = weights.copy()
        others = [c for c in changed.columns if c != "return"]
        rest = changed.loc["Armenia", others]
        changed.loc["Armenia", others] = rest / rest.sum() * (1 - value)
        changed.loc["Armenia", "return"] = value
        states[f"Armenia's weight on return {value:.2f}"] = (changed, no_deal)
    for value in np.round(np.arange(0.5, 1.0001, 0.05), 2):
        d = no_deal.copy()
        d["Azerbaijan"] = value
        states[f"Azerbaijan's no-deal utility {value:.2f}"] = (weights, d)
    out = {}
    for name, (w, d) in states.items():
        utilities = models.package_utilities(w, terms, ideals)
        out[name] = (
            utilities.assign(name=names),
            d,
            models.nash_bargaining(utilities, d),
            models.pareto_set(utilities),
        )
    return out


PACKAGE_STATES = _package_states()


@pytest.mark.parametrize("state", list(PACKAGE_STATES))
def test_package_labels_cover_no_package_ring_cross_or_other_label(state):
    utilities, d, nash, pareto = PACKAGE_STATES[state]
    scene = _data_marks(_scene(charts.package_utilities(utilities, d, nash, pareto)))
    names = set(utilities["name"])
    labels = [i for t, _, i in scene if t == "text" and i.get("text") in names]
    notes = [i for t, _, i in scene if t == "text" and i.get("text") in {"Nash choice", "no deal"}]
    symbols = [i for t, _, i in scene if t == "symbol"]
    assert len(labels) == len(utilities), "every package has one label"
    for label in labels:
        box = _text_box(label)
        own = (label["x"], label["y"])
        for mark in symbols:
            ringed_own = (mark["x"], mark["y"]) == own and mark.get("size", 0) > charts.PACKAGE_DOT
            if (mark["x"], mark["y"]) == own and not ringed_own:
                continue  # a package's own dot: the label sits beside it by construction
            assert not _overlap(box, _symbol_box(mark)), (
                f"{state}: the label {label['text']!r} covers a mark at ({mark['x']:.0f}, {mark['y']:.0f})"
            )
        for other in labels + notes:
            if other is not label:
                assert not _overlap(box, _text_box(other)), (
                    f"{state}: the labels {label['text']!r} and {other['text']!r} overlap"
                )


def test_the_nash_ring_keeps_its_label_and_stays_at_the_nash_choice():
    utilities, d, nash, pareto = PACKAGE_STATES["coded"]
    scene = _data_marks(_scene(charts.package_utilities(utilities, d, nash, pareto)))
    rings = [i for t, _, i in scene if t == "symbol" and i.get("size") == charts.PACKAGE_RING]
    dots = {
        i["description"].split("Package: ")[1].split(";")[0]: (i["x"], i["y"])
        for t, _, i in scene
        if t == "symbol" and i.get("size") == charts.PACKAGE_DOT
    }
    assert [(r["x"], r["y"]) for r in rings] == [dots[utilities.loc[nash, "name"]]]
    assert sum(1 for t, _, i in scene if t == "text" and i.get("text") == "Nash choice") == 1


# ---------------------------------------------------------------- rounds chart


def _rounds_scene(issue):
    history = models.simulate(data.frame(issue), rounds=10)
    return history, _scene(charts.rounds(history, data.scale(issue)))


@pytest.mark.parametrize("issue", ["venue", "return"])
def test_every_actor_is_visible_in_every_round(issue):
    """No actor's point sits on another's: actors at the same position are drawn side by side."""
    history, scene = _rounds_scene(issue)
    points = [i for t, _, i in _data_marks(scene) if t == "symbol"]
    assert len(points) == len(history)
    by_round = {}
    for p in points:
        by_round.setdefault(round(p["x"], 3), []).append(p["y"])
    for x, ys in by_round.items():
        ys = sorted(ys)
        gaps = np.diff(ys)
        assert (gaps >= charts.ROUNDS_DODGE - 1e-6).all(), f"two actors drawn on top of each other at x={x}"


@pytest.mark.parametrize("issue", ["venue", "return"])
def test_the_forecast_is_drawn_beneath_the_actors(issue):
    """An actor at the forecast position (Azerbaijan on venue) stays visible: the forecast comes first."""
    _history, scene = _rounds_scene(issue)
    marks = [(t, n) for t, n, _ in _data_marks(scene)]
    names = list(dict.fromkeys(n for _, n in marks))
    lines = [n for t, n in dict.fromkeys(marks) if t == "line"]
    forecast = [
        n
        for n in lines
        if all(i.get("stroke") == charts.PALETTE["grey"] for t, m, i in _data_marks(scene) if m == n)
    ]
    assert len(forecast) == 2  # the pale band and the dashed line along it
    actors = [n for n in lines if n not in forecast]
    assert actors and max(names.index(n) for n in forecast) < min(names.index(n) for n in actors)


@pytest.mark.parametrize("issue", ["venue", "return"])
def test_end_of_line_labels_name_every_actor_and_do_not_overlap(issue):
    history, scene = _rounds_scene(issue)
    texts = [i for t, _, i in _data_marks(scene) if t == "text"]
    named = [a.strip() for i in texts for a in str(i["text"]).split(",")]
    assert sorted(named) == sorted(history["actor"].unique())
    last_x = max(i["x"] for t, _, i in _data_marks(scene) if t == "symbol")
    for i in texts:
        assert i["x"] == pytest.approx(last_x), "labels sit at the end of the lines"
    boxes = sorted(_text_box(i) for i in texts)
    for a, b in itertools.pairwise(boxes):
        assert not _overlap(a, b)


def test_rounds_labels_sit_beside_the_actors_they_name():
    """Each end label is drawn within a label's height of the last position of the actors it names."""
    history, scene = _rounds_scene("venue")
    layout = charts.rounds_layout(history, data.scale("venue"))
    low, high = layout["domain"]
    texts = [i for t, _, i in _data_marks(scene) if t == "text"]
    last = history[history["round"] == history["round"].max()].set_index("actor")["position"]
    for i in texts:
        names = [a.strip() for a in str(i["text"]).split(",")]
        y_value = last[names].mean()
        y_pixel = (high - y_value) / (high - low) * charts.ROUNDS_HEIGHT
        assert abs(i["y"] - y_pixel) <= 2 * charts.ROUNDS_LABEL_GAP


def test_a_history_with_only_a_forecast_is_refused_in_words():
    history = pd.DataFrame({"round": [0, 1], "actor": ["forecast", "forecast"], "position": [1.0, 2.0]})
    with pytest.raises(ValueError, match="no actor rows"):
        charts.rounds(history)
