"""The course's chart theme: the Okabe–Ito palette, fonts and sizes, defined once."""

from __future__ import annotations

import altair as alt

# import and_list as _and_list
# import number as _number
# import anchor_name

__all__ = ["THEME_NAME", "PALETTE", "CATEGORY", "course_theme", "register_theme"]

THEME_NAME = "conflictlab"

#: The Okabe & Ito (2008) colour-blind-safe palette, plus a neutral grey.
PALETTE = {
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


#: Colours for categories (actors, kinds), in the order they are used.
CATEGORY = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]


def course_theme() -> alt.theme.ThemeConfig:
    """The course's chart theme: readable sizes, a quiet grid, Okabe–Ito colours."""
    font = "'Source Sans Pro', 'Segoe UI', Helvetica, Arial, sans-serif"
    return {
        "config": {
            "font": font,
            "view": {"continuousWidth": 480, "continuousHeight": 300, "stroke": None},
            "title": {
                "fontSize": 16,
                "anchor": "start",
                "subtitleFontSize": 12,
                "subtitleColor": "#555555",
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": "normal",
                "gridColor": "#e8e8e8",
                "domainColor": "#888888",
                "tickColor": "#888888",
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
