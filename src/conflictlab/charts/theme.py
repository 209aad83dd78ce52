"""The course's chart theme: the Okabe–Ito palette, fonts and sizes, defined once."""

from __future__ import annotations

import altair as alt

__all__ = [
    "THEME_NAME",
    "BACKGROUND",
    "OKABE_ITO",
    "PALETTE",
    "TEXT_COLOURS",
    "GREYS",
    "CATEGORY",
    "contrast_ratio",
    "ink_on",
    "course_theme",
    "register_theme",
]

THEME_NAME = "conflictlab"

#: The background every chart is drawn on (set in the theme, so the ratios below hold).
BACKGROUND = "#ffffff"

#: The Okabe & Ito (2008) colour-blind-safe palette as published, for reference. Several of its
#: colours are too light on white for WCAG 2.1 AA (orange 2.25:1, sky 2.31, yellow 1.32, grey 2.85),
#: so the charts draw with the darker variants in :data:`PALETTE`.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

#: The course palette: each Okabe–Ito hue, darkened (HLS lightness lowered, hue and saturation
#: kept) until it reaches WCAG 2.1 AA contrast on :data:`BACKGROUND` — 3:1 for marks (success
#: criterion 1.4.11, non-text contrast), 4.5:1 where the colour is also used for text (1.4.3). The
#: ratio on white follows each colour. The darkening levels were chosen so that the colours stay
#: apart for the three common colour-vision deficiencies (simulated as in Machado, Oliveira &
#: Fernandes 2009): the closest pair, orange and yellow for deuteranopia, is ΔE*ab 7.6 apart.
PALETTE = {
    "blue": "#0072B2",  # 5.19:1, unchanged
    "orange": "#A97500",  # 4.01:1 (was #E69F00)
    "sky": "#239DE2",  # 3.00:1 (was #56B4E9)
    "green": "#008762",  # 4.52:1 (was #009E73)
    "yellow": "#A2970D",  # 3.01:1 (was #F0E442)
    "vermillion": "#AD4C00",  # 5.51:1 (was #D55E00)
    "purple": "#BC508C",  # 4.50:1 (was #CC79A7)
    "black": "#000000",  # 21:1
    "grey": "#767676",  # 4.54:1 (was #999999)
}

#: The palette colours the charts also use for text (labels drawn in a mark's colour): each
#: reaches 4.5:1 on :data:`BACKGROUND`.
TEXT_COLOURS = {k: PALETTE[k] for k in ("blue", "green", "vermillion", "purple", "black", "grey")}

#: The greys of the charts' furniture, by role: ``text`` and ``note`` are text (at least 4.5:1),
#: ``axis`` draws axis lines and ticks (graphical objects, at least 3:1); ``grid`` and ``backdrop``
#: (gridlines, the empty cells behind a board's marks) carry no information of their own.
GREYS = {
    "text": "#333333",  # 12.63:1
    "note": "#555555",  # 7.46:1
    "axis": "#888888",  # 3.54:1
    "grid": "#e8e8e8",
    "backdrop": "#f5f5f5",
}

#: Colours for categories (actors, kinds), in the order they are used.
CATEGORY = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]

#: The two inks for text drawn on a coloured mark; :func:`ink_on` picks between them.
_INKS = ("#000000", "#ffffff")


def _luminance(colour: str) -> float:
    """The relative luminance of an ``#rrggbb`` colour (WCAG 2.1, definition of relative luminance)."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str = BACKGROUND) -> float:
    """The WCAG 2.1 contrast ratio of two ``#rrggbb`` colours, from 1 (none) to 21 (black on white).

    Examples
    --------
    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    """
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(fill: str) -> str:
    """The text colour (black or white) with the higher contrast on ``fill``: always at least 4.5:1.

    Either black or white reaches 4.58:1 on any colour, so text on a coloured cell (a stance, a
    hurdle's status, a relation's symbol) stays readable whatever the cell's colour.
    """
    return max(_INKS, key=lambda ink: contrast_ratio(ink, fill))


def course_theme() -> alt.theme.ThemeConfig:
    """The course's chart theme: readable sizes, a quiet grid, Okabe–Ito colours."""
    font = "'Source Sans Pro', 'Segoe UI', Helvetica, Arial, sans-serif"
    return {
        "config": {
            "font": font,
            "background": BACKGROUND,
            "view": {"continuousWidth": 480, "continuousHeight": 300, "stroke": None},
            "title": {
                "fontSize": 16,
                "anchor": "start",
                "subtitleFontSize": 12,
                "subtitleColor": GREYS["note"],
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": "normal",
                "gridColor": GREYS["grid"],
                "domainColor": GREYS["axis"],
                "tickColor": GREYS["axis"],
                "labelLimit": 260,
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": "normal",
                "labelLimit": 260,
                "titleLimit": 320,
            },
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "mark": {"color": PALETTE["blue"]},
            "range": {"category": CATEGORY},
        }
    }


def register_theme() -> None:
    """Register :func:`course_theme` with altair as ``THEME_NAME`` (idempotent)."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(course_theme)


register_theme()
