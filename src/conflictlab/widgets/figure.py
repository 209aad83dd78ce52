"""A chart as JupyterLab shows it: the chart widget, then its data table (:mod:`conflictlab.charts.display`).

``conflictlab.setup()`` makes :func:`renderer` altair's renderer, so every chart that is the last
expression of a cell is shown by :func:`figure`: a :class:`CourseChart` (altair's ``JupyterChart``,
drawn offline from the bundled JavaScript, as SVG, with no actions menu, shrinking to the column)
followed by the chart's data table in a collapsed ``<details>``. Panels draw their charts with
:class:`CourseChart` too.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, cast

import altair as alt
import anywidget
import ipywidgets as w
import traitlets

from ..charts.display import FIGURE_CSS, data_details
from ..charts.tables import title_text

__all__ = ["CourseChart", "EMBED_OPTIONS", "FigureLabel", "RENDERER", "figure", "renderer"]

#: The name under which :func:`renderer` is registered with altair.
RENDERER = "conflictlab"

#: How Vega draws a course chart in the browser: as SVG (every mark in the accessibility tree,
#: labelled by its tooltip fields), without the actions menu (its button has no accessible name;
#: the data stays reachable in the table beneath the chart, and ``chart.save`` writes files).
EMBED_OPTIONS: dict[str, Any] = {"renderer": "svg", "actions": False}


class CourseChart(alt.JupyterChart):
    """altair's ``JupyterChart`` with the course's figure styles: it shrinks to the column's width."""

    _css = alt.JupyterChart._css + FIGURE_CSS


class FigureLabel(anywidget.AnyWidget):
    """The accessible name and description of a chart's box, set in the browser.

    Vega names the chart's container (role ``graphics-document``) by the chart's description, a
    role that not every tool knows. This invisible widget, inside the box :func:`figure` builds,
    gives the box the role ``figure``, the chart's title as its name and the data table's caption
    (the title and the description) as its description. See ``figure_label.js``.
    """

    _esm = Path(__file__).with_name("figure_label.js")
    #: The figure's accessible name: the chart's title.
    label = traitlets.Unicode("").tag(sync=True)
    #: The id of the element that describes the figure: its data table's caption.
    described_by = traitlets.Unicode("").tag(sync=True)


_ids = itertools.count(1)


def figure(chart: alt.TopLevelMixin | dict[str, Any]) -> w.VBox:
    """The chart (a :class:`CourseChart`) and, beneath it, its data table in a collapsed ``<details>``;
    the box is a figure named by the chart's title (:class:`FigureLabel`)."""
    if isinstance(chart, dict):
        spec = chart
        chart = alt.Chart.from_dict(spec)  # as altair's own "jupyter" renderer does
    else:
        spec = chart.to_dict()
    view = CourseChart(cast(alt.TopLevelSpec, chart), embed_options=dict(EMBED_OPTIONS))
    caption = f"conflictlab-figure-{next(_ids)}-caption"
    details = data_details(spec, caption_id=caption)
    label = FigureLabel(
        label=title_text(spec).strip() or str(spec.get("description", "Chart")),
        described_by=caption if details else "",
        layout=w.Layout(display="none"),
    )
    parts: list[w.Widget] = [view, label]
    if details:
        parts.append(w.HTML(details))
    box = w.VBox(parts, layout=w.Layout(max_width="100%"))
    box.add_class("conflictlab-figure-box")
    return box


def renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """altair renderer: each chart shown by :func:`figure`."""
    return cast(dict[str, Any], figure(spec)._repr_mimebundle_())
