"""How the course shows a chart: the chart, then its data as a table in a collapsed ``<details>``.

Every chart a notebook shows goes through one design, whichever builder made it (altair's
renderer, set by ``conflictlab.setup()``):

* the chart, drawn by Vega as SVG, whose accessible name is its description (Vega gives the chart's
  container the role ``graphics-document`` and the description as its label), with no actions
  menu; it shrinks to the width of the page (:data:`FIGURE_CSS`), so that at 200% zoom nothing
  needs sideways scrolling (WCAG 2.1, success criterion 1.4.10);
* beneath it, a ``<details>`` element whose ``<summary>`` names the table ("Data table: <title>")
  and which holds :func:`.tables.table_of` of the chart: the rows a screen reader can walk.

In JupyterLab the chart is altair's ``JupyterChart`` widget (``conflictlab.widgets.figure``); in a
reading copy (``conflictlab handouts``) it is inline SVG drawn in the kernel by
:func:`figure_html`, with the role ``img``, the title as its name and the description as its
description. Both draw from the JavaScript bundled with vl-convert: nothing is loaded from the
network.
"""

from __future__ import annotations

import html
import itertools
import re
from typing import Any

import altair as alt
import vl_convert as vlc

from .tables import table_of, title_text

__all__ = [
    "FIGURE_CSS",
    "TABLE_CSS",
    "data_details",
    "figure_html",
    "frame_html",
    "static_renderer",
    "STATIC_RENDERER",
]

#: The name of the static renderer (inline SVG and table, drawn in the kernel) for reading copies.
STATIC_RENDERER = "conflictlab-static"

#: Styles of a chart and its data table: the chart shrinks to the column's width (its text keeps
#: its proportions), and the table's long cells wrap instead of widening the page.
FIGURE_CSS = """
.vega-embed { max-width: 100%; }
.vega-embed svg.marks, .conflictlab-figure svg { max-width: 100%; height: auto; }
.conflictlab-chart-data { margin: 0.2em 0 1em 0; max-width: 100%; }
.conflictlab-chart-data summary { cursor: pointer; padding: 2px 0; }
.conflictlab-chart-data table { border-collapse: collapse; margin-top: 0.3em; max-width: 100%; }
.conflictlab-chart-data caption { text-align: left; padding: 0.2em 0 0.4em 0; }
.conflictlab-chart-data th, .conflictlab-chart-data td {
  text-align: left; vertical-align: top; padding: 2px 8px; border-bottom: 1px solid #d0d0d0;
  overflow-wrap: anywhere;
}
.conflictlab-figure { margin: 0.5em 0 0.2em 0; }
.conflictlab-figure figcaption { margin: 0.3em 0; }
"""

#: Styles of a table a notebook shows (a pandas DataFrame): narrower padding, and a cell's text
#: may wrap anywhere, so that a wide table fits the column at 200% zoom instead of scrolling.
TABLE_CSS = (
    "<style>.conflictlab-frame table{max-width:100%}"
    ".conflictlab-frame th,.conflictlab-frame td{overflow-wrap:anywhere;padding:0.3em 0.45em}</style>"
)

_ids = itertools.count(1)


def _spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    return chart if isinstance(chart, dict) else chart.to_dict()


def data_details(
    chart: alt.TopLevelMixin | dict[str, Any], *, open: bool = False, caption_id: str = ""
) -> str:
    """The chart's data table in a ``<details>`` element whose summary names it ('' when the chart
    has no table: a chart with no tooltips, not made by a course builder).

    Parameters
    ----------
    chart : altair chart or dict
        The chart, or its Vega-Lite spec.
    open : bool, default False
        Show the table open (for a printed reading copy) rather than collapsed.
    caption_id : str, optional
        An id for the table's caption (the chart's title and description), for the figure's
        ``aria-describedby``.
    """
    spec = _spec(chart)
    try:
        table = table_of(spec)
    except ValueError:
        return ""
    title = title_text(spec).strip() or "the chart"
    rows = len(table.frame)
    summary = f"Data table: {title} ({rows} row{'s' if rows != 1 else ''})"
    return (
        f'<details class="conflictlab-chart-data"{" open" if open else ""}>'
        f"<summary>{html.escape(summary)}</summary>{table.to_html(caption_id)}</details>"
    )


def figure_html(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    """The chart as a static figure: inline SVG (role ``img``, the title as its accessible name, the
    description as its accessible description and as a visible caption), then its data table.

    Drawn in the kernel by vl-convert: no script, nothing from the network.
    """
    spec = _spec(chart)
    svg = vlc.vegalite_to_svg(spec)
    n = next(_ids)
    title = title_text(spec).strip() or "Chart"
    description = str(spec.get("description", "")).strip()
    label = f'role="img" aria-label="{html.escape(title)}"'
    if description:
        label += f' aria-describedby="conflictlab-chart-{n}-description"'
    # the marks' own labels are left to the table: an image's children are not read one by one
    svg = re.sub(r"^\s*<svg\b", f"<svg {label}", svg, count=1)
    caption = (
        f'<figcaption id="conflictlab-chart-{n}-description">{html.escape(description)}</figcaption>'
        if description
        else ""
    )
    return f'<figure class="conflictlab-figure">{svg}{caption}</figure>{data_details(spec, open=True)}'


def static_renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    """altair renderer for reading copies: :func:`figure_html` as the output's HTML."""
    return {"text/html": figure_html(spec), "text/plain": f"<chart: {title_text(spec) or 'untitled'}>"}


def frame_html(frame: Any) -> str | None:
    """A DataFrame as a notebook shows it (pandas' own HTML, with pandas' display options), inside
    a block whose :data:`TABLE_CSS` lets a wide table wrap to the column; None when pandas has no
    HTML for it."""
    shown = frame._repr_html_()
    if shown is None:
        return None
    return f'<div class="conflictlab-frame">{TABLE_CSS}{shown}</div>'
