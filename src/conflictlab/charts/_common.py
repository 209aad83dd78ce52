"""Helpers every chart module uses: input checks, names, titles and scale axes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .. import data
from .._text import number as _number
from ..models import anchor_name
from .theme import ink_on

#: Altair's default data transformer refuses more rows than this.
MAX_ROWS = 5000


def ink_for(field: str, domain: Sequence[Any], colours: Sequence[str]) -> Any:
    """The colour of a label drawn on a cell coloured by ``field``: black or white, whichever is
    clearer on the cell's colour (:func:`.theme.ink_on`, at least 4.5:1).

    ``domain`` and ``colours`` are the cell colour scale's domain and range. A condition rather than
    a second colour scale: it shares no scale with the cells and adds nothing to the marks' labels.
    """
    white = [d for d, c in zip(domain, colours, strict=True) if ink_on(c) == "#ffffff"]
    return alt.condition(
        alt.FieldOneOfPredicate(field=field, oneOf=white), alt.value("#ffffff"), alt.value("#000000")
    )


def require(df: Any, columns: Sequence[str], what: str) -> pd.DataFrame:
    """Check that ``df`` is a non-empty DataFrame with ``columns``; return a copy."""
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"{what}: expected a pandas DataFrame, got {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        word = "column" if len(missing) == 1 else "columns"
        raise ValueError(
            f"{what}: the table has no {word} {names}. It needs the columns "
            f"{', '.join(repr(c) for c in columns)}; it has {', '.join(map(repr, df.columns))}."
        )
    if len(df) == 0:
        raise ValueError(f"{what}: the table is empty — there is nothing to draw.")
    if len(df) >= MAX_ROWS:
        raise ValueError(
            f"{what}: the table has {len(df):,} rows; a chart takes fewer than {MAX_ROWS:,}. "
            "Summarise it first."
        )
    return df.copy()


def numeric(df: pd.DataFrame, column: str, what: str) -> pd.Series:
    values = pd.to_numeric(df[column], errors="coerce")
    bad = values.isna() & df[column].notna()
    if bad.any():
        example = df.loc[bad, column].iloc[0]
        raise ValueError(f"{what}: column {column!r} must hold numbers; it has {example!r}.")
    if values.isna().any():
        raise ValueError(f"{what}: column {column!r} has an empty cell.")
    return values.astype(float)


def display_names(ids: pd.Series, actors: pd.DataFrame | None) -> pd.Series:
    """Actor ids → display names, using the actors table when given."""
    if actors is None or "actor_id" not in actors or "name" not in actors:
        return ids.astype(str)
    lookup = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str), strict=False))
    return ids.astype(str).map(lambda i: lookup.get(i, i))


#: A name longer than this is shown by its acronym on a crowded axis, when the actors table gives one.
SHORT_NAME = 20


def short_names(ids: pd.Series, actors: pd.DataFrame | None) -> pd.Series:
    """Like :func:`display_names`, but a long name whose aliases include an acronym (CSTO) is shown as it."""
    names = display_names(ids, actors)
    if actors is None or "aliases" not in actors or "actor_id" not in actors:
        return names
    acronyms = {}
    for actor_id, aliases in zip(
        actors["actor_id"].astype(str), actors["aliases"].fillna("").astype(str), strict=False
    ):
        found = [a.strip() for a in aliases.split(";") if re.fullmatch(r"[A-Z]{2,6}", a.strip())]
        if found:
            acronyms[actor_id] = found[0]
    return pd.Series(
        [
            acronyms.get(i, n) if len(n) > SHORT_NAME else n
            for i, n in zip(ids.astype(str), names, strict=False)
        ],
        index=ids.index,
    )


def chart_title(text: str, subtitle: str | Sequence[str] | None = None) -> alt.Title:
    if subtitle:
        return alt.Title(text, subtitle=subtitle)
    return alt.Title(text)


def scale_parts(
    scale: Mapping[str, Any] | None, values: Iterable[float]
) -> tuple[float, float, dict[float, str], str]:
    """(low, high, anchors {position: text}, axis title) for a scale or for bare values."""
    if scale:
        low = float(scale.get("low", 0))
        high = float(scale.get("high", 100))
        anchors = {float(k): str(v) for k, v in dict(scale.get("anchors") or {}).items() if str(v).strip()}
        label = scale.get("label") or "Position"
        return low, high, anchors, f"{label} ({_number(low)}–{_number(high)})"
    vals = [float(v) for v in values]
    low, high = min(vals), max(vals)
    if high == low:
        low, high = low - 1, high + 1
    return low, high, {}, "Position on the issue"


def anchor_axis(low: float, high: float, anchors: Mapping[float, str]) -> alt.Axis:
    """An x axis whose ticks at the scale's anchors carry the anchors' short names."""

    ticks = sorted(set(np.linspace(low, high, 5).round(6).tolist()) | set(anchors))
    if not anchors:
        return alt.Axis(values=ticks, labelFlush=True)
    expr = "datum.label"
    for at, text in sorted(anchors.items(), reverse=True):
        expr = f"datum.value == {at!r} ? [datum.label, {json.dumps(anchor_name(text))}] : " + expr
    return alt.Axis(values=ticks, labelExpr=expr, labelFlush=True, labelFontWeight="normal", titlePadding=8)


def categories(table: str, column: str, order: Sequence[Any]) -> list[Any]:
    """The values ``data/schema.yaml`` allows in ``table.column``, in a chart's drawing order.

    The schema is the one list of a category's members; a chart keeps only the
    order it draws them in (from gone to still in the way, say). Raises
    RuntimeError naming both lists if they disagree, so that a value added to
    the schema cannot silently go undrawn.
    """
    allowed = data.allowed_values(table, column)
    if len(order) != len(allowed) or {str(v) for v in order} != {str(v) for v in allowed}:
        raise RuntimeError(
            f"the charts draw {table}.{column} as {list(order)}, but data/schema.yaml allows "
            f"{allowed}: give the chart an order (and a colour) for each allowed value"
        )
    by_text = {str(v): v for v in allowed}
    return [by_text[str(v)] for v in order]


def unknown_value(what: str, column: str, value: Any, allowed: Sequence[Any]) -> ValueError:
    """The error for a cell outside a category: names the column, the value and the allowed values."""
    return ValueError(f"{what}: column {column!r} has {value!r}; allowed are {', '.join(map(str, allowed))}.")
