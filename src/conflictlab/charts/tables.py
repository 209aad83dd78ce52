"""Every chart's data as a table a screen reader can walk: :func:`table_of`.

A chart's marks reach a screen reader only as its description. The table
gives the rows themselves: the columns a chart's tooltips name, titled as the
tooltips title them, one row per mark of the chart's main layer, with the
chart's title and description as the caption.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import altair as alt
import pandas as pd

__all__ = ["ChartTable", "table_of", "title_text"]


class ChartTable:
    """A chart's data as an accessible HTML table (``caption``, column header cells)."""

    def __init__(self, caption: str, frame: pd.DataFrame) -> None:
        self.caption = caption
        self.frame = frame

    def to_html(self, caption_id: str = "") -> str:
        """The table as HTML: a caption (with the id ``caption_id``, if given), a header row of
        ``<th scope="col">`` cells, the rows."""
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in self.frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
            for row in self.frame.itertuples(index=False)
        )
        ident = f' id="{html.escape(caption_id)}"' if caption_id else ""
        return (
            f'<table class="conflictlab-chart-table"><caption{ident}>{html.escape(self.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _units(node: Any, data: Any) -> Iterator[tuple[dict[str, Any], Any]]:
    """Every unit spec (a mark with an encoding) with the data it draws (inherited from above)."""
    if isinstance(node, dict):
        data = node.get("data", data)
        if "mark" in node and isinstance(node.get("encoding"), dict):
            yield node, data
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in node.get(key, []):
                yield from _units(child, data)
        if isinstance(node.get("spec"), dict):
            yield from _units(node["spec"], data)


def _rows(unit: dict[str, Any], data: Any, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows a unit draws: a named dataset, or the array parameter its rows are read from."""
    params = {p["name"]: p.get("value") for p in spec.get("params", []) if "name" in p}
    for step in unit.get("transform", []):
        expr = str(step.get("filter", ""))
        for name, value in params.items():
            if f"length({name})" in expr and isinstance(value, list):
                return [r for r in value if isinstance(r, dict)]
    if isinstance(data, dict) and "name" in data:
        return list(spec.get("datasets", {}).get(data["name"], []))
    if isinstance(data, dict) and isinstance(data.get("values"), list):
        return list(data["values"])
    return []


def title_text(spec: dict[str, Any]) -> str:
    """A chart spec's title as one line of plain text ('' when it has none)."""
    title = spec.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else title
    return " ".join(map(str, text)) if isinstance(text, list) else str(text)


def table_of(chart: alt.TopLevelMixin | dict[str, Any]) -> ChartTable:
    """The data of any course chart as a table: what a screen reader user reads instead of the marks.

    ``chart`` is an altair chart or its Vega-Lite spec (``chart.to_dict()``).

    The table's columns are the fields the chart's main layer names in its
    tooltips, titled as there; its rows are that layer's rows; its caption is
    the chart's title and description.

    Raises
    ------
    ValueError
        If the chart has no layer with tooltips (it is not a course chart).
    """
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    groups: dict[tuple[str, ...], list[pd.DataFrame]] = {}
    for unit, data in _units(spec, spec.get("data")):
        tooltip = unit["encoding"].get("tooltip")
        if not isinstance(tooltip, list):
            continue
        rows = _rows(unit, data, spec)
        fields = [t for t in tooltip if isinstance(t, dict) and "field" in t]
        present = [t for t in fields if any(t["field"] in r for r in rows)]
        if not rows or not present:
            continue
        columns = tuple(str(t.get("title", t["field"])) for t in present)
        frame = pd.DataFrame([[r.get(t["field"]) for t in present] for r in rows], columns=list(columns))
        groups.setdefault(columns, []).append(frame)
    if not groups:
        raise ValueError("table_of(chart): the chart has no layer with tooltips, so no table to show.")
    # the main layer: the most columns, then the most rows (layers with the same tooltips, such as
    # a timeline's dated and undated events, are one table)
    frames = max(groups.values(), key=lambda fs: (len(fs[0].columns), sum(len(f) for f in fs)))
    table = pd.concat(frames, ignore_index=True).drop_duplicates().reset_index(drop=True)
    text = title_text(spec)
    stop = "" if not text or text.rstrip()[-1] in ".?!" else "."
    caption = f"{text}{stop} {spec.get('description', '')}".strip()
    return ChartTable(caption, table)
