"""The course's colours meet WCAG 2.1 AA contrast in the role each plays, and stay colour-blind safe.

The contrast ratio is computed here from the WCAG 2.1 definitions (relative luminance of sRGB,
then (L1 + 0.05) / (L2 + 0.05)), not taken from ``conflictlab.charts``:

* every palette colour is drawn as a mark: at least 3:1 on the chart background (SC 1.4.11);
* every colour the charts use for text: at least 4.5:1 on the background (SC 1.4.3);
* the text drawn on a coloured cell (a stance, a relation's sign, a hurdle's status, a forecast's
  share) reaches 4.5:1 on that cell, in every course chart as drawn.
"""

import itertools
import math
import re

import altair as alt
import pytest
import vl_convert as vlc

from conflictlab import charts
from test_charts import BUILDERS, CHARTS

WHITE = "#ffffff"


def _channel(value: int) -> float:
    """One sRGB channel (0–255) made linear, as the WCAG 2.1 definition of relative luminance says."""
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    named = {"white": WHITE, "black": "#000000"}
    hexa = named.get(colour.lower(), colour).lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(2 * ch for ch in hexa)
    r, g, b = (_channel(int(hexa[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_gives_the_known_ratios():
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    # the two published Okabe–Ito colours that the audit measured
    assert contrast("#F0E442", WHITE) == pytest.approx(1.32, abs=0.01)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


def test_charts_are_drawn_on_the_background_the_ratios_use():
    assert charts.course_theme()["config"]["background"].lower() == charts.BACKGROUND.lower() == WHITE


@pytest.mark.parametrize("name", list(charts.PALETTE))
def test_every_palette_colour_reaches_3_to_1_as_a_mark(name):
    ratio = contrast(charts.PALETTE[name], charts.BACKGROUND)
    assert ratio >= 3.0, f"{name} {charts.PALETTE[name]} is {ratio:.2f}:1 on the background"


@pytest.mark.parametrize("name", list(charts.TEXT_COLOURS))
def test_every_text_colour_reaches_4_5_to_1(name):
    ratio = contrast(charts.TEXT_COLOURS[name], charts.BACKGROUND)
    assert ratio >= 4.5, f"{name} {charts.TEXT_COLOURS[name]} is {ratio:.2f}:1 on the background"


@pytest.mark.parametrize(("role", "least"), [("text", 4.5), ("note", 4.5), ("axis", 3.0)])
def test_greys_that_carry_information_reach_their_ratio(role, least):
    assert contrast(charts.GREYS[role], charts.BACKGROUND) >= least


@pytest.mark.parametrize("colour", [*charts.PALETTE.values(), *charts.GREYS.values()])
def test_the_ink_on_any_course_colour_reaches_4_5_to_1(colour):
    assert contrast(charts.ink_on(colour), colour) >= 4.5


def test_the_colours_used_for_categories_are_marks_of_the_palette():
    assert set(charts.CATEGORY) <= set(charts.PALETTE.values())
    assert set(charts.STANCE_COLOURS) | set(charts.HURDLE_COLOURS) | set(charts.RELATION_COLOURS) <= set(
        charts.PALETTE.values()
    )


# --- colour-blind safety: Machado, Oliveira & Fernandes (2009), severity 1.0 ---------------------

SIMULATION = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def _lab(colour: str, matrix) -> tuple[float, float, float]:
    hexa = colour.lstrip("#")
    rgb = [_channel(int(hexa[i : i + 2], 16)) for i in (0, 2, 4)]
    r, g, b = (min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


#: ΔE*ab (CIE 1976) below which two colours of one chart would be hard to tell apart; 2.3 is a
#: just-noticeable difference, so 7 is three times that.
MIN_DIFFERENCE = 7.0


@pytest.mark.parametrize("deficiency", list(SIMULATION))
def test_palette_colours_stay_apart_for_colour_blind_readers(deficiency):
    matrix = SIMULATION[deficiency]
    colours = dict(charts.PALETTE)
    close = [
        (a, b, round(math.dist(_lab(colours[a], matrix), _lab(colours[b], matrix)), 1))
        for a, b in itertools.combinations(colours, 2)
        if math.dist(_lab(colours[a], matrix), _lab(colours[b], matrix)) < MIN_DIFFERENCE
    ]
    assert not close, f"{deficiency}: too close {close}"


# --- the charts as drawn ----------------------------------------------------------------------


def _svg(name: str) -> str:
    with alt.theme.enable(charts.THEME_NAME):
        return vlc.vegalite_to_svg(BUILDERS[name]().to_dict())


_TEXT = re.compile(r'<text(?=[^>]*\saria-label="([^"]*)")?[^>]*?\sfill="([^"]+)"[^>]*>([^<]*)</text>')
_CELL = re.compile(r'<path[^>]*\saria-label="([^"]*)"[^>]*?\sfill="([^"]+)"')


def _parts(label: str) -> frozenset[str]:
    return frozenset(label.split("; ")) if label else frozenset()


def _cell_under(label: str, cells) -> str | None:
    """The fill of the cell a text mark is drawn on: the cell describing the same row (every part
    of the cell's accessible label is part of the text's)."""
    parts = _parts(label)
    found = [(len(cell), fill) for cell, fill in cells if cell and cell <= parts]
    return max(found)[1] if found else None  # the cell that says most about the row, not a backdrop


@pytest.mark.parametrize("name", CHARTS)
def test_every_label_in_a_chart_is_readable_on_what_it_is_drawn_on(name):
    """Text on a coloured cell (matched by the mark's accessible label: the cell and its word
    describe the same row) against the cell's colour; any other text against the background."""
    svg = _svg(name)
    cells = [
        (_parts(label), fill) for label, fill in _CELL.findall(svg) if fill not in ("none", "transparent")
    ]
    texts = [(label, fill, word) for label, fill, word in _TEXT.findall(svg) if word.strip()]
    assert texts, f"{name}: no text found in the drawing"
    unreadable = []
    for label, fill, word in texts:
        under = _cell_under(label, cells) or charts.BACKGROUND
        if contrast(fill, under) < 4.5:
            unreadable.append(f"{word!r} in {fill} on {under}: {contrast(fill, under):.2f}:1")
    assert not unreadable, f"{name}: " + "; ".join(unreadable)


def test_the_cell_labels_really_are_matched_to_their_cells():
    """The stance heatmap's words (not its legend's) sit on cells: each finds the cell of its row."""
    svg = _svg("stance_heatmap")
    cells = [(_parts(label), fill) for label, fill in _CELL.findall(svg)]
    words = [
        (label, word)
        for label, _, word in _TEXT.findall(svg)
        if label and word in ("for", "against", "mixed")
    ]
    assert words and all(_cell_under(label, cells) in charts.STANCE_COLOURS for label, _ in words)
