"""Chart builders for the course.

One function per chart the lessons draw. Each takes a tidy pandas DataFrame —
a table from :mod:`conflictlab.data` or the output of a model from
:mod:`conflictlab.models` — and returns an altair chart, so a notebook can
still adjust it (``.properties(width=600)``, layering, ``.configure_*``).

Every chart has a title, axis titles in plain words, a ``description`` that
screen readers announce, and tooltips; charts that show facts carry the
article's evidence quote in their tooltips. Colours come from the Okabe–Ito
palette (Okabe & Ito 2008), which stays distinct for the common forms of
colour blindness; where colour carries meaning, a second channel (shape, dash
or a text label) carries it too.

The course theme (fonts, sizes, colours) is defined once, here, in
:func:`course_theme`; ``conflictlab.setup()`` enables it.

Bad input — a missing column, an empty table — raises ``ValueError`` naming the
column or the problem.

Builders
--------
timeline               events with stated / relative / inferred / undated dates
stance_heatmap         actor × issue stances (for, against, mixed)
relation_matrix        who is friendly or hostile to whom, before and after
positions              actors on an issue scale, sized by influence, with the
                       weighted median and mean
rounds                 positions across bargaining rounds (expected-utility model)
vary_coding            forecasts as one actor's coding runs through a range
package_utilities      each package's utility for both parties, the
                       disagreement point and the Nash choice
outcome_probabilities  how often each outcome comes up under uncertainty
tornado                which coding moves the forecast most
claims_by_certainty    the article's claims, grouped by how sure it is of them
hurdle_tracker         each issue's status: removed, agreed in principle,
                       diminished or remaining
evidence_map           where the facts come from: each fact above the paragraph it quotes
forecast_vs_outcome    probability forecasts against the outcome that happened,
                       with their Brier scores
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .._text import and_list as _and_list
from .._text import number as _number
from ..models import anchor_name

__all__ = [
    "PALETTE",
    "THEME_NAME",
    "course_theme",
    "register_theme",
    "timeline",
    "stance_heatmap",
    "relation_matrix",
    "positions",
    "rounds",
    "vary_coding",
    "package_utilities",
    "outcome_probabilities",
    "tornado",
    "claims_by_certainty",
    "hurdle_tracker",
    "evidence_map",
    "forecast_vs_outcome",
    "positions_values",
    "package_utilities_values",
    "outcome_probabilities_values",
    "tornado_values",
    "param_values",
    "set_param_values",
    "anchor_name",
]

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

#: Altair's default data transformer refuses more rows than this.
MAX_ROWS = 5000


# ---------------------------------------------------------------- theme


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


# ---------------------------------------------------------------- helpers


def _require(df: Any, columns: Sequence[str], what: str) -> pd.DataFrame:
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


def _numeric(df: pd.DataFrame, column: str, what: str) -> pd.Series:
    values = pd.to_numeric(df[column], errors="coerce")
    bad = values.isna() & df[column].notna()
    if bad.any():
        example = df.loc[bad, column].iloc[0]
        raise ValueError(f"{what}: column {column!r} must hold numbers; it has {example!r}.")
    if values.isna().any():
        raise ValueError(f"{what}: column {column!r} has an empty cell.")
    return values.astype(float)


def _names(ids: pd.Series, actors: pd.DataFrame | None) -> pd.Series:
    """Actor ids → display names, using the actors table when given."""
    if actors is None or "actor_id" not in actors or "name" not in actors:
        return ids.astype(str)
    lookup = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str), strict=False))
    return ids.astype(str).map(lambda i: lookup.get(i, i))


#: A name longer than this is shown by its acronym on a crowded axis, when the actors table gives one.
SHORT_NAME = 20


def _short_names(ids: pd.Series, actors: pd.DataFrame | None) -> pd.Series:
    """Like :func:`_names`, but a long name whose aliases include an acronym (CSTO) is shown as it."""
    names = _names(ids, actors)
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


def _title(text: str, subtitle: str | Sequence[str] | None = None) -> alt.Title:
    if subtitle:
        return alt.Title(text, subtitle=subtitle)
    return alt.Title(text)


def _scale_parts(scale: Mapping[str, Any] | None, values: Sequence[float]) -> tuple[float, float, dict, str]:
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


def _anchor_axis(low: float, high: float, anchors: Mapping[float, str]) -> alt.Axis:
    """An x axis whose ticks at the scale's anchors carry the anchors' short names."""
    import json

    ticks = sorted(set(np.linspace(low, high, 5).round(6).tolist()) | set(anchors))
    if not anchors:
        return alt.Axis(values=ticks, labelFlush=True)
    expr = "datum.label"
    for at, text in sorted(anchors.items(), reverse=True):
        expr = f"datum.value == {at!r} ? [datum.label, {json.dumps(anchor_name(text))}] : " + expr
    return alt.Axis(values=ticks, labelExpr=expr, labelFlush=True, labelFontWeight="normal", titlePadding=8)


# ---------------------------------------------------------------- facts charts

DATE_KINDS = ["stated", "relative", "inferred", "undated"]
DATE_KIND_LABELS = {
    "stated": "stated (the article gives the date)",
    "relative": "relative (“recent”, “in the past weeks”)",
    "inferred": "inferred (worked out from the text)",
    "undated": "undated",
}


def timeline(events: pd.DataFrame, actors: pd.DataFrame | None = None) -> alt.VConcatChart | alt.LayerChart:
    """Timeline of the article's events, showing how each date is known.

    Each dated event is a bar spanning the window the analyst places it in
    (``earliest`` to ``latest``): solid for a date the article states, dotted
    for a relative date ("recently"), dashed for an inferred one, each in its
    own colour and with its own end-point shape. Undated events are listed
    below the time axis, since they have no place on it.

    Parameters
    ----------
    events : DataFrame
        The ``events`` table: ``event_id, description, date_known, earliest,
        latest`` and, for tooltips, ``date_text, date_basis, evidence``.
    actors : DataFrame, optional
        The ``actors`` table, to show actor names in tooltips.

    Returns
    -------
    altair chart
    """
    what = "timeline(events)"
    df = _require(events, ["event_id", "description", "date_known", "earliest", "latest"], what)
    unknown = sorted(set(df["date_known"].astype(str)) - set(DATE_KINDS))
    if unknown:
        raise ValueError(
            f"{what}: column 'date_known' has {unknown[0]!r}; allowed are {', '.join(DATE_KINDS)}."
        )
    for col in ("date_text", "date_basis", "evidence"):
        if col not in df:
            df[col] = ""
    df["date_text"] = df["date_text"].fillna("").astype(str).replace("", "(no time words)")
    if "actors" in df:
        df["actor_names"] = (
            df["actors"]
            .fillna("")
            .astype(str)
            .map(lambda s: ", ".join(_names(pd.Series([a for a in s.split(";") if a]), actors)))
        )
    else:
        df["actor_names"] = ""
    df["earliest"] = pd.to_datetime(df["earliest"], errors="coerce")
    df["latest"] = pd.to_datetime(df["latest"], errors="coerce")
    df["how"] = df["date_known"].map(DATE_KIND_LABELS)
    df["label"] = df["event_id"].astype(str) + "  " + df["description"].astype(str).str.slice(0, 60)
    df.loc[df["description"].astype(str).str.len() > 60, "label"] += "…"

    undated = df["date_known"].eq("undated") | df["earliest"].isna()
    dated = df[~undated].sort_values(["earliest", "latest", "event_id"])
    loose = df[undated].sort_values("event_id")
    order = list(dated["label"])

    kinds = DATE_KINDS[:3]
    colour = alt.Color(
        "how:N",
        title="How the date is known",
        scale=alt.Scale(
            domain=[DATE_KIND_LABELS[k] for k in kinds],
            range=[PALETTE["blue"], PALETTE["orange"], PALETTE["purple"]],
        ),
        legend=alt.Legend(orient="bottom", direction="vertical"),
    )
    dash = alt.StrokeDash(
        "how:N",
        legend=None,
        scale=alt.Scale(domain=[DATE_KIND_LABELS[k] for k in kinds], range=[[1, 0], [2, 2], [6, 3]]),
    )
    shape = alt.Shape(
        "how:N",
        legend=None,
        scale=alt.Scale(
            domain=[DATE_KIND_LABELS[k] for k in kinds], range=["circle", "triangle-right", "diamond"]
        ),
    )
    tooltip = [
        alt.Tooltip("event_id:N", title="Event"),
        alt.Tooltip("description:N", title="What happened"),
        alt.Tooltip("date_text:N", title="Time words in the article"),
        alt.Tooltip("how:N", title="How the date is known"),
        alt.Tooltip("earliest:T", title="Earliest", format="%d %b %Y"),
        alt.Tooltip("latest:T", title="Latest", format="%d %b %Y"),
        alt.Tooltip("date_basis:N", title="How the window was worked out"),
        alt.Tooltip("actor_names:N", title="Actors"),
        alt.Tooltip("evidence:N", title="Evidence (article)"),
    ]
    # The axis title sits above the labels: long event labels would run into a title at the side.
    event_axis = dict(
        labelLimit=380, titleAngle=0, titleAlign="right", titleBaseline="bottom", titleX=-6, titleY=-6
    )
    y = alt.Y("label:N", sort=order, title="Event", axis=alt.Axis(**event_axis))
    x_dates = alt.X(
        "earliest:T",
        title="Date (the window each event falls in)",
        axis=alt.Axis(
            format="%-d %b %Y", labelAngle=0, tickCount=alt.TimeIntervalStep(interval="month", step=1)
        ),
    )
    base = alt.Chart(dated).encode(y=y, tooltip=tooltip)
    bars = base.mark_rule(strokeWidth=4).encode(x=x_dates, x2="latest:T", color=colour, strokeDash=dash)
    ends = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("latest:T"), color=colour, shape=shape
    )
    subtitle = [
        f"{len(dated)} events placed in time: the bar spans the window each event falls in.",
        "Solid = the article states the date; dotted = relative (“recently”); dashed = inferred.",
    ]
    description = (
        f"Timeline of {len(df)} events from the article. {int(df['date_known'].eq('stated').sum())} "
        f"have a stated date, {int(df['date_known'].eq('relative').sum())} a relative date, "
        f"{int(df['date_known'].eq('inferred').sum())} an inferred date and {len(loose)} are undated."
    )
    height = max(120, 22 * len(dated))
    # Narrow enough that labels and plot fit a notebook beside JupyterLab's file browser.
    top = alt.layer(bars, ends).properties(width=400, height=height)
    if loose.empty:
        return top.properties(
            title=_title("When did it happen? Events in the article", subtitle), description=description
        )
    bottom = (
        alt.Chart(loose)
        .mark_point(shape="square", filled=True, size=70, color=PALETTE["grey"])
        .encode(
            x=alt.value(8),
            y=alt.Y("label:N", sort=list(loose["label"]), title="Event", axis=alt.Axis(**event_axis)),
            tooltip=tooltip,
        )
        .properties(
            width=400,
            height=max(40, 22 * len(loose)),
            title=alt.Title(f"Undated: {len(loose)} events the article does not place in time", fontSize=13),
        )
    )
    return (
        alt.vconcat(top, bottom, spacing=18)
        .properties(
            title=_title("When did it happen? Events in the article", subtitle),
            description=description,
        )
        .resolve_scale(color="independent")
    )


STANCES = ["for", "mixed", "against"]
STANCE_COLOURS = [PALETTE["blue"], PALETTE["yellow"], PALETTE["vermillion"]]


def stance_heatmap(
    stances: pd.DataFrame, actors: pd.DataFrame | None = None, issues: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Actor × issue grid of stances: for, against or mixed.

    Each cell is coloured (blue = for, yellow = mixed, vermillion = against)
    and labelled with the word, so the chart reads without colour. Blank cells
    are pairs the article says nothing about.

    Parameters
    ----------
    stances : DataFrame
        The ``stances`` table: ``actor_id, issue_id, stance`` and, for
        tooltips, ``summary, evidence``.
    actors, issues : DataFrame, optional
        The ``actors`` and ``issues`` tables, to show names instead of ids.
    """
    what = "stance_heatmap(stances)"
    df = _require(stances, ["actor_id", "issue_id", "stance"], what)
    unknown = sorted(set(df["stance"].astype(str)) - set(STANCES))
    if unknown:
        raise ValueError(f"{what}: column 'stance' has {unknown[0]!r}; allowed are for, against, mixed.")
    for col in ("summary", "evidence"):
        if col not in df:
            df[col] = ""
    df["actor"] = _names(df["actor_id"], actors)
    if issues is not None and {"issue_id", "name"} <= set(issues.columns):
        lookup = dict(zip(issues["issue_id"].astype(str), issues["name"].astype(str), strict=False))
        df["issue"] = df["issue_id"].astype(str).map(lambda i: lookup.get(i, i))
        if "proposition" in issues:
            props = dict(zip(issues["issue_id"].astype(str), issues["proposition"].astype(str), strict=False))
            df["proposition"] = df["issue_id"].astype(str).map(lambda i: props.get(i, ""))
    else:
        df["issue"] = df["issue_id"].astype(str)
    if "proposition" not in df:
        df["proposition"] = ""
    actor_order = list(df.groupby("actor").size().sort_values(ascending=False).index)
    issue_order = list(df.groupby("issue").size().sort_values(ascending=False).index)
    tooltip = [
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("issue:N", title="Issue"),
        alt.Tooltip("proposition:N", title="Statement"),
        alt.Tooltip("stance:N", title="Stance"),
        alt.Tooltip("summary:N", title="Summary"),
        alt.Tooltip("evidence:N", title="Evidence (article)"),
    ]
    base = alt.Chart(df).encode(
        x=alt.X("issue:N", sort=issue_order, title="Issue", axis=alt.Axis(labelAngle=-30, labelLimit=240)),
        y=alt.Y("actor:N", sort=actor_order, title="Actor"),
        tooltip=tooltip,
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("stance:N", title="Stance", scale=alt.Scale(domain=STANCES, range=STANCE_COLOURS))
    )
    words = base.mark_text(fontSize=11).encode(
        text="stance:N",
        color=alt.condition(alt.datum.stance == "mixed", alt.value("black"), alt.value("white")),
    )
    counts = df["stance"].value_counts()
    description = (
        f"Grid of {len(df)} stances, {df['actor'].nunique()} actors by {df['issue'].nunique()} issues: "
        f"{int(counts.get('for', 0))} for, {int(counts.get('against', 0))} against, "
        f"{int(counts.get('mixed', 0))} mixed. Empty cells: the article gives no stance."
    )
    return alt.layer(cells, words).properties(
        title=_title(
            "Who stands where? Stances on the issues",
            "Blue = for, yellow = mixed, vermillion = against the issue's statement; "
            "empty = the article does not say.",
        ),
        description=description,
        width=alt.Step(62),
        height=alt.Step(26),
    )


SIGNS = {-1: "hostile (−1)", 0: "neutral (0)", 1: "friendly (+1)"}
PERIODS = {"before": "Before the September 2023 offensive", "after": "After it"}


def relation_matrix(relations: pd.DataFrame, actors: pd.DataFrame | None = None) -> alt.FacetChart:
    """Who is friendly or hostile to whom, before and after September 2023.

    Rows are the actor a relation comes from, columns the actor it is
    directed at. Each cell is coloured by sign and labelled +, − or 0.

    Parameters
    ----------
    relations : DataFrame
        The ``relations`` table: ``source, target, sign, period`` and, for
        tooltips, ``trend, summary, evidence``.
    actors : DataFrame, optional
        The ``actors`` table, to show names instead of ids.
    """
    what = "relation_matrix(relations)"
    df = _require(relations, ["source", "target", "sign", "period"], what)
    df["sign"] = _numeric(df, "sign", what).astype(int)
    if not df["sign"].isin([-1, 0, 1]).all():
        raise ValueError(f"{what}: column 'sign' must be -1, 0 or 1.")
    unknown = sorted(set(df["period"].astype(str)) - set(PERIODS))
    if unknown:
        raise ValueError(f"{what}: column 'period' has {unknown[0]!r}; allowed are before, after.")
    for col in ("trend", "summary", "evidence"):
        if col not in df:
            df[col] = ""
    df["from"] = _names(df["source"], actors)
    df["to"] = _names(df["target"], actors)
    df["from_label"] = _short_names(df["source"], actors)  # the axes; tooltips keep the full names
    df["to_label"] = _short_names(df["target"], actors)
    df["relation"] = df["sign"].map(SIGNS)
    df["symbol"] = df["sign"].map({-1: "−", 0: "0", 1: "+"})
    df["when"] = df["period"].map(PERIODS)
    order = list(pd.concat([df["from_label"], df["to_label"]]).value_counts().index)
    tooltip = [
        alt.Tooltip("from:N", title="From"),
        alt.Tooltip("to:N", title="Towards"),
        alt.Tooltip("when:N", title="Period"),
        alt.Tooltip("relation:N", title="Relation"),
        alt.Tooltip("trend:N", title="Trend"),
        alt.Tooltip("summary:N", title="Summary"),
        alt.Tooltip("evidence:N", title="Evidence (article)"),
    ]
    base = alt.Chart().encode(
        x=alt.X("to_label:N", sort=order, title="Towards", axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("from_label:N", sort=order, title="From"),
        tooltip=tooltip,
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "relation:N",
            title="Relation",
            legend=alt.Legend(orient="bottom", direction="horizontal"),
            scale=alt.Scale(
                domain=[SIGNS[1], SIGNS[0], SIGNS[-1]],
                range=[PALETTE["blue"], "#d9d9d9", PALETTE["vermillion"]],
            ),
        )
    )
    marks = base.mark_text(fontSize=14, fontWeight="bold").encode(
        text="symbol:N",
        color=alt.condition(alt.datum.sign == 0, alt.value("black"), alt.value("white")),
    )
    n = df.groupby("period")["sign"].agg(lambda s: (int((s > 0).sum()), int((s < 0).sum())))
    parts = [
        f"{PERIODS[p].lower()}: {n[p][0]} friendly and {n[p][1]} hostile" for p in PERIODS if p in n.index
    ]
    description = "Two grids of directed relations between actors. " + "; ".join(parts) + "."
    return (
        alt.layer(cells, marks, data=df)
        .properties(
            width=alt.Step(30),
            height=alt.Step(26),
        )
        .facet(
            column=alt.Column(
                "when:N",
                sort=[PERIODS["before"], PERIODS["after"]],
                title=None,
                header=alt.Header(labelFontSize=13, labelFontWeight="bold"),
            ),
        )
        .properties(
            title=_title(
                "The great realignment: relations before and after",
                "+ friendly (blue), − hostile (vermillion), 0 neutral; read from the row's "
                "actor towards the column's.",
            ),
            description=description,
        )
    )


# ---------------------------------------------------------------- model charts


#: Size of the rounds chart's plot, in pixels.
ROUNDS_WIDTH = 440
ROUNDS_HEIGHT = 300
#: Pixels between the lines of actors who hold the same position in a round, so no line hides another.
ROUNDS_DODGE = 4.0
#: The least vertical distance, in pixels, between two labels at the lines' right-hand ends.
ROUNDS_LABEL_GAP = 14.0
#: Line colours for the actors (the palette without yellow, too pale for a thin line on white).
ROUNDS_COLOURS = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")]
#: Point shapes for the actors: a second channel besides colour.
ROUNDS_SHAPES = ["circle", "square", "triangle-up", "diamond", "triangle-down", "cross", "triangle-left"]
ROUNDS_LABEL_SIZE = 11


def _clusters(positions: pd.Series, tolerance: float) -> list[list[Any]]:
    """Group the index labels of ``positions`` whose values lie within ``tolerance`` of a neighbour."""
    groups: list[list[Any]] = []
    last = None
    for key, value in positions.sort_values(kind="stable").items():
        if last is None or value - last >= tolerance:
            groups.append([])
        groups[-1].append(key)
        last = value
    return groups


def _spread(values: list[float], gap: float, high: float) -> list[float]:
    """Move sorted ``values`` apart until neighbours are at least ``gap`` apart, keeping their order
    and, where there is room, staying at or below ``high``."""
    out = list(values)
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + gap)
    if out and out[-1] > high:
        out[-1] = high
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    return out


def _dodge(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Heights for sorted ``values``, at least ``gap`` apart: each group of crowded values is spread
    evenly around its mean, and moved back inside [low, high] if it sticks out."""

    def heights(group: list[float]) -> list[float]:
        k, centre = len(group), float(np.mean(group))
        out = [centre + (j - (k - 1) / 2) * gap for j in range(k)]
        shift = max(0.0, low - out[0]) - max(0.0, out[-1] - high)
        return [h + shift for h in out]

    groups = [[v] for v in values]
    merged = True
    while merged:
        merged = False
        for j in range(len(groups) - 1):
            if heights(groups[j + 1])[0] - heights(groups[j])[-1] < gap - 1e-9:
                groups[j : j + 2] = [groups[j] + groups[j + 1]]
                merged = True
                break
    return [h for g in groups for h in heights(g)]


def _course_actor_order() -> list[str]:
    """The display names of the actors the course codes, in the order of the positions table.

    Used to give each actor the same colour and shape in every rounds chart; empty if the
    course data cannot be read.
    """
    try:
        from .. import data

        ids = list(dict.fromkeys(data.load("positions")["actor_id"].astype(str)))
        actors = data.load("actors")
        names = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str), strict=False))
    except Exception:  # a chart of other data still draws
        return []
    return [names.get(i, i) for i in ids]


def rounds_layout(history: pd.DataFrame, scale: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Where :func:`rounds` draws each actor, each end-of-line label and the forecast.

    Actors who hold the same position in a round (within :data:`ROUNDS_DODGE`
    pixels) are drawn side by side, :data:`ROUNDS_DODGE` pixels apart, in a
    fixed order, so that no line hides another; the exact position stays in
    the tooltip. Each group of actors at the end of the last round gets one
    label, and labels are moved apart until they are at least
    :data:`ROUNDS_LABEL_GAP` pixels apart.

    Returns
    -------
    dict
        ``actors`` (``round, actor, position, drawn``: one row per actor and
        round; ``drawn`` is the height the line is drawn at, on the scale),
        ``labels`` (``round, text, position, drawn``), ``forecast``
        (``round, position``; empty when the history has none), ``domain``
        (the y scale's low and high), ``axis_title``, ``order`` (the actors,
        the course's in the order of the positions table), ``colours`` and
        ``shapes`` (one per actor of ``order``: the same actor has the same
        colour and shape in every rounds chart).
    """
    what = "rounds(history)"
    df = _require(history, ["round", "actor", "position"], what)
    df["round"] = _numeric(df, "round", what).astype(int)
    df["position"] = _numeric(df, "position", what)
    df["actor"] = df["actor"].astype(str)
    is_forecast = df["actor"].str.lower().eq("forecast")
    forecast = df[is_forecast][["round", "position"]]
    if forecast.empty and "forecast" in df:
        forecast = (
            df.groupby("round", as_index=False)["forecast"].first().rename(columns={"forecast": "position"})
        )
        forecast["position"] = _numeric(forecast, "position", what)
    actors_df = df[~is_forecast][["round", "actor", "position"]].reset_index(drop=True)
    if actors_df.empty:
        raise ValueError(
            f"{what}: the table has no actor rows, only the forecast — there is nothing to draw."
        )
    low, high, _, axis_title = _scale_parts(scale, df["position"])
    low, high = min(low, float(df["position"].min())), max(high, float(df["position"].max()))
    per_pixel = (high - low) / ROUNDS_HEIGHT
    present = list(dict.fromkeys(actors_df["actor"]))
    known = _course_actor_order()
    course = [a for a in known if a in present]
    slots = {a: i for i, a in enumerate(known)}
    order = course + [a for a in present if a not in course]
    for a in order:
        slots.setdefault(a, len(slots))
    rank = {a: i for i, a in enumerate(order)}

    gap = ROUNDS_DODGE * per_pixel
    drawn = actors_df["position"].copy()
    for _, rows in actors_df.groupby("round"):
        ordered = sorted(
            rows.index, key=lambda i: (actors_df.at[i, "position"], rank[actors_df.at[i, "actor"]])
        )
        heights = _dodge([float(actors_df.at[i, "position"]) for i in ordered], gap, low, high)
        for i, h in zip(ordered, heights, strict=False):
            drawn.at[i] = h
    actors_df["drawn"] = drawn

    last_round = int(actors_df["round"].max())
    last = actors_df[actors_df["round"] == last_round].set_index("actor")
    groups = _clusters(last["position"], ROUNDS_DODGE * per_pixel)
    labels = pd.DataFrame(
        {
            "round": last_round,
            "text": [", ".join(sorted(g, key=rank.get)) for g in groups],
            "position": [float(last.loc[g, "position"].mean()) for g in groups],
        }
    )
    labels["drawn"] = _spread(labels["position"].tolist(), ROUNDS_LABEL_GAP * per_pixel, high)
    return {
        "actors": actors_df,
        "labels": labels,
        "forecast": forecast.sort_values("round"),
        "domain": [low, high],
        "axis_title": axis_title,
        "order": order,
        "colours": [ROUNDS_COLOURS[slots[a] % len(ROUNDS_COLOURS)] for a in order],
        "shapes": [ROUNDS_SHAPES[slots[a] % len(ROUNDS_SHAPES)] for a in order],
    }


def rounds(history: pd.DataFrame, scale: Mapping[str, Any] | None = None) -> alt.LayerChart:
    """Actors' positions across the rounds of the expected-utility bargaining model.

    Each actor is a line with a point per round (colour and shape name the
    actor); the model's forecast is a wide grey band drawn beneath the lines,
    so an actor who holds the forecast position stays visible on it. Actors
    who hold the same position are drawn a few pixels apart, side by side
    (:func:`rounds_layout`); the tooltip gives the exact position. A label
    at the right-hand end names the actors at each final position.

    Parameters
    ----------
    history : DataFrame
        Tidy, one row per actor and round: ``round, actor, position`` (as
        :func:`conflictlab.models.simulate` returns it). Rows whose ``actor``
        is "forecast" (or a ``forecast`` column, one value per round) are
        drawn as the model's forecast.
    scale : mapping, optional
        The issue's scale, for the axis title and range.
    """
    layout = rounds_layout(history, scale)
    actors_df, labels, forecast = layout["actors"], layout["labels"], layout["forecast"]
    low, high = layout["domain"]
    y_scale = alt.Scale(domain=[low, high], nice=False)
    x = alt.X(
        "round:Q",
        title="Bargaining round",
        axis=alt.Axis(tickMinStep=1, format="d"),
        scale=alt.Scale(domain=[int(actors_df["round"].min()), int(actors_df["round"].max())]),
    )
    y = alt.Y("drawn:Q", title=layout["axis_title"], scale=y_scale)
    order = layout["order"]
    colour = alt.Color(
        "actor:N",
        title="Actor",
        sort=order,
        scale=alt.Scale(domain=order, range=layout["colours"]),
        legend=alt.Legend(orient="bottom", columns=4, symbolStrokeWidth=2),
    )
    shape = alt.Shape(
        "actor:N", title="Actor", sort=order, scale=alt.Scale(domain=order, range=layout["shapes"])
    )
    tooltip = [
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("round:Q", title="Round"),
        alt.Tooltip("position:Q", title="Position", format=".1f"),
    ]
    layers = []
    text = f"Positions of {len(order)} actors over {actors_df['round'].nunique()} rounds."
    if not forecast.empty:
        layers.append(
            alt.Chart(forecast)
            .mark_line(
                color=PALETTE["grey"], strokeWidth=11, opacity=0.4, strokeCap="round", strokeJoin="round"
            )
            .encode(
                x=x,
                y=alt.Y("position:Q", title=layout["axis_title"], scale=y_scale),
                tooltip=[
                    alt.Tooltip("round:Q", title="Round"),
                    alt.Tooltip("position:Q", title="Forecast", format=".1f"),
                ],
            )
        )
        end = forecast.iloc[-1]
        text += f" The forecast ends at {_number(end['position'])} after round {int(end['round'])}."
    base = alt.Chart(actors_df)
    layers.append(base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, detail="actor:N"))
    layers.append(
        base.mark_point(filled=True, size=45, opacity=1).encode(
            x=x, y=y, color=colour, shape=shape, tooltip=tooltip
        )
    )
    layers.append(
        alt.Chart(labels)
        .mark_text(align="left", baseline="middle", dx=9, fontSize=ROUNDS_LABEL_SIZE, color="#333333")
        .encode(
            x=x,
            y=alt.Y("drawn:Q", scale=y_scale),
            text="text:N",
            tooltip=[
                alt.Tooltip("text:N", title="Actors"),
                alt.Tooltip("position:Q", title="Position", format=".1f"),
            ],
        )
    )
    subtitle = [
        "Each line is one actor's position; the wide grey band is the model's forecast.",
        "Actors at the same position are drawn side by side, a few pixels apart.",
    ]
    return alt.layer(*layers).properties(
        title=_title("Bargaining round by round", subtitle),
        description=text,
        width=ROUNDS_WIDTH,
        height=ROUNDS_HEIGHT,
    )


#: The name each model's line carries in :func:`vary_coding` (the keys of RULE_STYLES).
MODEL_LINE_NAMES = {
    "median": "weighted median",
    "mean": "weighted mean",
    "condorcet": "Condorcet winner",
    "eu": "expected-utility forecast",
}
#: Models whose forecast is always an actor's position: drawn as steps.
_STEPPED = {"median", "condorcet"}
VARY_WIDTH = 420
#: Above this many values the lines are drawn without a dot at each value.
VARY_MAX_POINTS = 41


def _possessive(name: str) -> str:
    """'Russia' → "Russia's", 'United States' → "United States'"."""
    name = str(name)
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def vary_coding(
    results: Mapping[str, pd.DataFrame],
    actor: str,
    field: str,
    frame: pd.DataFrame | None = None,
    scale: Mapping[str, Any] | None = None,
) -> alt.LayerChart:
    """How the forecasts change as one actor's coding runs through a range.

    Parameters
    ----------
    results : mapping of model name to DataFrame
        For each model (``"median"``, ``"mean"``, ``"condorcet"``, ``"eu"``),
        the table :func:`conflictlab.models.vary_coding` returns for it:
        columns ``value`` (the coding tried) and ``forecast``. For example
        ``{m: models.vary_coding(frame, "Russia", "salience", steps, m) for m in ("median", "mean")}``.
    actor : str
        The actor whose coding changes, for the titles.
    field : {"position", "salience", "capability"}
        The coding that changes, for the titles.
    frame : DataFrame, optional
        The issue's frame as coded. When given, the other actors' positions
        are drawn as faint dotted lines labelled with their names (so a jump
        of the median reads as "from Azerbaijan's position to Iran's"), and
        the coded value is marked with a dashed vertical rule.
    scale : mapping, optional
        The issue's scale, for the forecast axis's range and title.

    Returns
    -------
    altair.LayerChart
        The weighted median and the Condorcet winner are drawn as steps (they
        only ever take actors' positions, and jump at the tipping points);
        the weighted mean and the expected-utility forecast as lines through
        their points (with a dot at each value when there are at most 41
        values). Values without a forecast (NaN) are left out.
    """
    what = "vary_coding(results)"
    if isinstance(results, pd.DataFrame) or not isinstance(results, Mapping) or not results:
        raise ValueError(
            f"{what}: expected a dictionary from model names to the tables "
            'models.vary_coding returns, like {"median": table, "mean": table}.'
        )
    unknown = [str(m) for m in results if m not in MODEL_LINE_NAMES]
    if unknown:
        raise ValueError(
            f"{what}: {unknown[0]!r} is not a model; the models are {', '.join(MODEL_LINE_NAMES)}."
        )
    parts = []
    for model, table in results.items():
        df = _require(table, ["value", "forecast"], f"vary_coding(results[{model!r}])")
        df["value"] = _numeric(df, "value", f"vary_coding(results[{model!r}])")
        df["forecast"] = pd.to_numeric(df["forecast"], errors="coerce")
        parts.append(df[["value", "forecast"]].assign(model=model, outcome=MODEL_LINE_NAMES[model]))
    every = pd.concat(parts, ignore_index=True)
    long = every.dropna(subset=["forecast"])
    if long.empty:
        raise ValueError(f"{what}: no model gave a forecast for any value; there is nothing to draw.")
    models_present = list(results)

    coded = None
    others = pd.DataFrame(columns=["position", "who"])
    if frame is not None:
        fr = _require(frame, ["actor", "position"], "vary_coding(frame)")
        fr["position"] = _numeric(fr, "position", "vary_coding(frame)")
        mine = fr[fr["actor"].astype(str) == str(actor)]
        if mine.empty:
            raise ValueError(
                f"vary_coding(frame): no actor {actor!r} in the frame; its actors are "
                f"{', '.join(fr['actor'].astype(str))}."
            )
        if field in fr.columns:
            coded = float(pd.to_numeric(mine[field], errors="coerce").iloc[0])
        rest = fr if field != "position" else fr[fr["actor"].astype(str) != str(actor)]
        others = rest.groupby("position", as_index=False).agg(who=("actor", lambda a: ", ".join(map(str, a))))

    low, high, _, axis_title = _scale_parts(scale, list(long["forecast"]) + list(others["position"]))
    low = min(low, float(long["forecast"].min()))
    high = max(high, float(long["forecast"].max()))
    y_scale = alt.Scale(domain=[low, high], nice=False, zero=False)
    x_scale = alt.Scale(
        domain=[float(every["value"].min()), float(every["value"].max())], nice=False, zero=False
    )
    whose = _possessive(actor)
    names = [MODEL_LINE_NAMES[m] for m in models_present]
    colour = alt.Color(
        "outcome:N",
        title="Forecast",
        sort=names,
        scale=alt.Scale(domain=names, range=[RULE_STYLES[n][0] for n in names]),
        legend=alt.Legend(orient="bottom"),
    )
    dash = alt.StrokeDash(
        "outcome:N",
        legend=None,
        sort=names,
        scale=alt.Scale(domain=names, range=[RULE_STYLES[n][1] for n in names]),
    )
    tooltip = [
        alt.Tooltip("outcome:N", title="Model"),
        alt.Tooltip("value:Q", title=f"{whose} {field}", format=".4~f"),
        alt.Tooltip("forecast:Q", title="Forecast", format=".1f"),
    ]
    x = alt.X("value:Q", title=f"{whose} {field} (the one coding changed)", scale=x_scale)
    y = alt.Y("forecast:Q", title=f"Forecast — {axis_title}", scale=y_scale)
    layers: list[alt.Chart] = []
    if len(others):
        guide = alt.Chart(others).encode(y=alt.Y("position:Q", scale=y_scale))
        layers.append(
            guide.mark_rule(color=PALETTE["grey"], strokeDash=[1, 3], strokeWidth=1).encode(
                tooltip=[
                    alt.Tooltip("who:N", title="Position of"),
                    alt.Tooltip("position:Q", title="Position", format=".4~f"),
                ]
            )
        )
        layers.append(
            guide.mark_text(align="left", dx=6, fontSize=10, color="#555555").encode(
                x=alt.value(VARY_WIDTH), text="who:N", y=alt.Y("position:Q", scale=y_scale)
            )
        )
    for model in models_present:
        part = long[long["model"] == model]
        if part.empty:
            continue
        interpolate = "step-after" if model in _STEPPED else "linear"
        layers.append(
            alt.Chart(part)
            .mark_line(interpolate=interpolate, strokeWidth=2.5, point=len(part) <= VARY_MAX_POINTS)
            .encode(x=x, y=y, color=colour, strokeDash=dash, tooltip=tooltip)
        )
    if coded is not None and np.isfinite(coded):
        shown = f"{coded:.2f}" if field == "salience" else _number(coded)
        mark = pd.DataFrame({"value": [coded], "text": [f"as coded: {shown}"]})
        rule = alt.Chart(mark).encode(x=alt.X("value:Q", scale=x_scale))
        layers.append(
            rule.mark_rule(color="black", strokeDash=[4, 3], strokeWidth=1.5).encode(
                tooltip=[alt.Tooltip("text:N", title="Coded value")]
            )
        )
        layers.append(rule.mark_text(align="left", dx=4, y=-8, fontSize=11).encode(text="text:N"))

    sentences = []
    for model in models_present:
        series = long[long["model"] == model]
        if series.empty:
            continue
        steps = series["forecast"].round(6)
        changes = int(steps.ne(steps.shift()).sum()) - 1
        sentences.append(
            f"the {MODEL_LINE_NAMES[model]} runs from {_number(series['forecast'].iloc[0])} "
            f"to {_number(series['forecast'].iloc[-1])}, changing {changes} times"
        )
    description = (
        f"Forecasts as {whose} {field} goes from {_number(every['value'].iloc[0])} to "
        f"{_number(every['value'].iloc[-1])}, everything else as coded: " + "; ".join(sentences) + "."
    )
    return alt.layer(*layers).properties(
        title=_title(
            f"What if {whose} {field} were different?",
            [
                "Each line: a model's forecast with this one coding changed, the rest as coded.",
                "Dotted grey lines: the other actors' positions.",
            ],
        ),
        description=description,
        width=VARY_WIDTH,
        height=300,
    )


# ---------------------------------------------------------------- live charts
#
# The charts a panel redraws (positions, package utilities, outcome
# probabilities, tornado) keep their rows in Vega-Lite *parameters* rather
# than in a dataset: each layer reads row ``i`` of an array parameter. A panel
# then updates the chart in place by setting the parameters of its
# ``alt.JupyterChart`` — the browser recomputes the marks without rebuilding
# the chart, and the kernel does not re-serialise and re-validate the whole
# specification on every slider move. Each ``*_values`` function returns the
# parameter values its builder would put in the chart for new inputs.


def _slots(param: str, n: int, fields: Sequence[str]) -> alt.Chart:
    """A chart whose rows are the first ``len(param)`` items of array parameter ``param``."""
    import json

    calc = {f: f"{param}[datum.i][{json.dumps(f)}]" for f in fields}
    return (
        alt.Chart(alt.sequence(0, max(int(n), 1), as_="i"))
        .transform_filter(f"datum.i < length({param})")
        .transform_calculate(**calc)
    )


def _records(df: pd.DataFrame, fields: Sequence[str]) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (numpy scalars to Python numbers, NaN to None)."""
    out = []
    for row in df[list(fields)].itertuples(index=False):
        rec = {}
        for f, v in zip(fields, row, strict=False):
            if isinstance(v, (np.bool_, bool)):
                v = bool(v)
            elif isinstance(v, (int, np.integer)):
                v = int(v)
            elif isinstance(v, (float, np.floating)):
                v = None if not np.isfinite(v) else float(v)
            elif v is None or (isinstance(v, float) and np.isnan(v)):
                v = None
            else:
                v = str(v)
            rec[f] = v
        out.append(rec)
    return out


def param_values(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The current values of a chart's top-level parameters, by name."""
    params = getattr(chart, "params", alt.Undefined)
    if params is alt.Undefined:
        return {}
    return {p.name: p.value for p in params if getattr(p, "value", alt.Undefined) is not alt.Undefined}


def set_param_values(chart: alt.TopLevelMixin, values: Mapping[str, Any]) -> None:
    """Set the values of a chart's top-level parameters in place (by name)."""
    params = getattr(chart, "params", alt.Undefined)
    known = {p.name: p for p in ([] if params is alt.Undefined else params)}
    for name, value in values.items():
        if name not in known:
            raise ValueError(f"the chart has no parameter {name!r}; it has {', '.join(known) or 'none'}.")
        known[name].value = value


# positions ------------------------------------------------------------------

RULE_STYLES = {
    # outcome label: (colour, dash)
    "weighted median": (PALETTE["vermillion"], [1, 0]),
    "weighted mean": (PALETTE["green"], [6, 4]),
    "Condorcet winner": (PALETTE["purple"], [2, 2]),
    "expected-utility forecast": (PALETTE["black"], [8, 3, 2, 3]),
}
_ACTOR_FIELDS = ["actor", "position", "capability", "salience", "influence", "share", "rationale", "order"]
_RULE_FIELDS = ["outcome", "value", "text", "slot", "colour", "right"]
MAX_RULES = 4


def _positions_frame(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    df = _require(frame, ["actor", "position", "capability", "salience"], what)
    for col in ("position", "capability", "salience"):
        df[col] = _numeric(df, col, what)
    df["influence"] = df["capability"] * df["salience"]
    total = float(df["influence"].sum())
    df["share"] = df["influence"] / total if total > 0 else 0.0
    df["actor"] = df["actor"].astype(str)
    if "rationale" not in df:
        df["rationale"] = ""
    df["rationale"] = df["rationale"].fillna("").astype(str)
    df["order"] = df["position"].rank(method="first").astype(int)
    return df


def _default_rules(df: pd.DataFrame) -> dict[str, float]:
    from .. import models

    return {
        "weighted median": models.weighted_median(df["position"], df["capability"], df["salience"]),
        "weighted mean": models.weighted_mean(df["position"], df["capability"], df["salience"]),
    }


def positions_values(
    frame: pd.DataFrame,
    rules: Mapping[str, float | None] | None = None,
    low: float | None = None,
    high: float | None = None,
) -> dict[str, list]:
    """The parameter values behind :func:`positions` for ``frame`` and ``rules``.

    A panel sets these on its chart to redraw it in place. ``low`` and
    ``high`` (the scale's ends) decide on which side of a rule its label sits.
    """
    df = _positions_frame(frame, "positions(frame)")
    if rules is None:
        rules = _default_rules(df)
    marks = [(str(k), float(v)) for k, v in rules.items() if v is not None and np.isfinite(float(v))][
        :MAX_RULES
    ]
    lo = float(df["position"].min()) if low is None else float(low)
    hi = float(df["position"].max()) if high is None else float(high)
    palette = [PALETTE["vermillion"], PALETTE["green"], PALETTE["purple"], PALETTE["black"]]
    rule_rows = [
        {
            "outcome": k,
            "value": v,
            "text": f"{k}: {_number(v)}",
            "slot": i,
            "colour": RULE_STYLES.get(k, (palette[i % 4], None))[0],
            "right": bool(v > lo + 0.7 * (hi - lo)),
        }
        for i, (k, v) in enumerate(marks)
    ]
    return {"cl_actors": _records(df, _ACTOR_FIELDS), "cl_rules": rule_rows}


def positions(
    frame: pd.DataFrame,
    scale: Mapping[str, Any] | None = None,
    rules: Mapping[str, float | None] | None = None,
    title: str | None = None,
) -> alt.LayerChart:
    """Actors' positions on one issue, each dot sized by its influence.

    Influence is capability × salience. Vertical rules mark the weighted
    median and the weighted mean (or the outcomes passed in ``rules``); the
    anchors of the scale label its ends (and middle) under the axis.

    Parameters
    ----------
    frame : DataFrame
        One row per actor: ``actor, position, capability, salience``
        (``rationale`` is shown in the tooltip when present).
    scale : mapping, optional
        The issue's scale, as :func:`conflictlab.data.scale` returns it:
        ``label``, ``low``, ``high`` and ``anchors`` ({position: text}).
        Without it the axis spans the positions in ``frame``.
    rules : mapping, optional
        Outcomes to mark, label → value (a value of None is skipped; at most
        four). By default the weighted median and weighted mean from
        :mod:`conflictlab.models`.
    title : str, optional
        The chart title (default: the scale's label).

    Returns
    -------
    altair.LayerChart
        Its rows live in the parameters ``cl_actors`` and ``cl_rules``
        (see :func:`positions_values`).
    """
    what = "positions(frame)"
    df = _positions_frame(frame, what)
    if rules is None:
        rules = _default_rules(df)
    low, high, anchors, axis_title = _scale_parts(scale, df["position"])
    low = min(low, float(df["position"].min()))
    high = max(high, float(df["position"].max()))
    values = positions_values(df, rules, low, high)
    n = len(df)

    x_scale = alt.Scale(domain=[low, high], nice=False, zero=False, padding=14)
    x_axis = _anchor_axis(low, high, anchors)
    tooltip = [
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("position:Q", title="Position", format=".4~f"),
        alt.Tooltip("salience:Q", title="Salience (0–1)", format=".2~f"),
        alt.Tooltip("capability:Q", title="Capability", format=".4~f"),
        alt.Tooltip("share:Q", title="Share of influence", format=".0%"),
        alt.Tooltip("rationale:N", title="Why coded so (an estimate)"),
    ]
    actors_base = _slots("cl_actors", n, _ACTOR_FIELDS).encode(
        y=alt.Y("actor:N", sort=alt.EncodingSortField("order", op="min"), title=None, axis=None)
    )
    lines = (
        actors_base.transform_calculate(lo=str(low), hi=str(high))
        .mark_rule(color="#e3e3e3")
        .encode(x=alt.X("lo:Q", scale=x_scale), x2="hi:Q")
    )
    dots = actors_base.mark_circle(opacity=0.85, stroke="white", strokeWidth=1).encode(
        x=alt.X("position:Q", title=axis_title, scale=x_scale, axis=x_axis),
        size=alt.Size(
            "influence:Q",
            title="Influence (capability × salience)",
            scale=alt.Scale(range=[30, 1200], zero=True),
            legend=alt.Legend(orient="bottom"),
        ),
        color=alt.value(PALETTE["blue"]),
        tooltip=tooltip,
    )
    labels = actors_base.mark_text(align="left", dx=12, fontSize=12).encode(
        x=alt.X("position:Q", scale=x_scale), text="actor:N", tooltip=tooltip
    )
    layers = [lines, dots, labels]

    rule_tooltip = [
        alt.Tooltip("outcome:N", title="Outcome"),
        alt.Tooltip("value:Q", title="Value", format=".4~f"),
    ]
    rule_base = _slots("cl_rules", MAX_RULES, _RULE_FIELDS)
    layers.append(
        rule_base.mark_rule(strokeWidth=2.5).encode(
            x=alt.X("value:Q", scale=x_scale),
            color=alt.Color("colour:N", scale=None),
            strokeDash=alt.StrokeDash(
                "outcome:N",
                legend=None,
                scale=alt.Scale(domain=list(RULE_STYLES), range=[d for _, d in RULE_STYLES.values()]),
            ),
            tooltip=rule_tooltip,
        )
    )
    for slot in range(MAX_RULES):
        for right in (False, True):
            layers.append(
                rule_base.transform_filter(
                    f"datum.slot == {slot} && {'datum.right' if right else '!datum.right'}"
                )
                .mark_text(
                    align="right" if right else "left", dx=-4 if right else 4, fontSize=11, fontWeight="bold"
                )
                .encode(
                    x=alt.X("value:Q", scale=x_scale),
                    y=alt.value(-8 - 14 * slot),
                    text="text:N",
                    color=alt.Color("colour:N", scale=None),
                    tooltip=rule_tooltip,
                )
            )

    marks = [(r["outcome"], r["value"]) for r in values["cl_rules"]]
    top = df.sort_values("influence", ascending=False)
    description = (
        f"Positions of {n} actors on {axis_title}, dot size showing influence. "
        + "; ".join(
            f"{r.actor} at {_number(r.position)} with {r.share:.0%} of the influence"
            for r in top.itertuples()
        )
        + ". "
        + "; ".join(f"{k}: {_number(v)}" for k, v in marks)
        + ("." if marks else "")
    )
    subtitle = [
        "Each dot is an actor; its size is its influence (capability × salience).",
        "Codings are estimates: move them and watch the outcome.",
    ]
    return (
        alt.layer(*layers)
        .add_params(
            alt.param(name="cl_actors", value=values["cl_actors"]),
            alt.param(name="cl_rules", value=values["cl_rules"]),
        )
        .properties(
            title=alt.Title(
                title or (scale.get("label") if scale else None) or "Positions on the issue",
                subtitle=subtitle,
                offset=14 + 14 * max(len(marks), 3),
            ),
            description=description,
            width=480,
            height=max(160, 40 * n),
        )
    )


# package utilities ------------------------------------------------------------

_PACKAGE_FIELDS = [
    "package",
    "label",
    "u_a",
    "u_b",
    "gain_a",
    "gain_b",
    "in_zone",
    "pareto",
    "nash_product",
    "choice",
    "place",
    "nash_place",
]
#: Width and height of the package chart's plot, in pixels.
PACKAGE_SIZE = 420
#: Font sizes of the package labels and of the "Nash choice" and "no deal" labels.
PACKAGE_LABEL_SIZE = 12
PACKAGE_NOTE_SIZE = 11
#: Mark sizes (areas in square pixels, as Vega-Lite counts them) of a package, the ring and the cross.
PACKAGE_DOT = 120
PACKAGE_RING = 600
PACKAGE_CROSS = 160
#: Where a package's label may go, tried in this order: (align, dx, dy) from the package's dot.
PACKAGE_LABEL_PLACES = [
    ("left", 9, -9),
    ("left", 9, 9),
    ("right", -9, -9),
    ("right", -9, 9),
    ("center", 0, -16),
    ("center", 0, 16),
]
#: Where the label of the ringed package (the Nash choice) may go: clear of its ring.
RINGED_LABEL_PLACES = [("left", 17, -12), ("right", -17, -12), ("left", 17, 12), ("right", -17, 12)]
#: Where the "Nash choice" label may go: below the ring or above it.
NASH_LABEL_PLACES = [("center", 0, 25), ("center", 0, -25)]
NO_DEAL_LABEL = ("right", -9, -9)
#: How far labels may reach beyond the plot, in pixels (left, top, right, bottom): the right-hand
#: margin is free, since the legend is below the chart.
PACKAGE_LABEL_ROOM = (30.0, 6.0, 160.0, 6.0)
#: A generous width of one character, as a share of the font size, for keeping labels apart.
CHAR_WIDTH = 0.55
ZONE_IN = "both gain (in the zone)"
ZONE_OUT = "a party loses"


def _text_box(
    x: float, y: float, text: str, size: float, place: tuple[str, float, float]
) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1), in pixels, a label of ``text`` takes at ``place`` from (x, y)."""
    align, dx, dy = place
    width = len(str(text)) * size * CHAR_WIDTH
    left = x + dx - {"left": 0.0, "right": width, "center": width / 2}[align]
    return left, y + dy - 0.6 * size, left + width, y + dy + 0.6 * size


def _mark_box(x: float, y: float, area: float, pad: float = 1.0) -> tuple[float, float, float, float]:
    """The square around a round mark of ``area`` square pixels at (x, y)."""
    r = float(np.sqrt(area / np.pi)) + pad
    return x - r, y - r, x + r, y + r


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _outside(box: tuple[float, float, float, float]) -> float:
    """How much of ``box`` lies beyond the room labels have (the plot and :data:`PACKAGE_LABEL_ROOM`)."""
    left, top, right, bottom = PACKAGE_LABEL_ROOM
    room = (-left, -top, PACKAGE_SIZE + right, PACKAGE_SIZE + bottom)
    return (box[2] - box[0]) * (box[3] - box[1]) - _overlap(box, room)


def _place_labels(df: pd.DataFrame, d: Sequence[float], lo: float, hi: float) -> tuple[list[int], list[int]]:
    """Choose a place for each package's label and for the "Nash choice" label.

    Each label takes the first of its places (:data:`PACKAGE_LABEL_PLACES`;
    :data:`RINGED_LABEL_PLACES` for the ringed package; :data:`NASH_LABEL_PLACES`)
    where it covers no package, no ring, no cross and no label placed before
    it, and stays within the room labels have; if every place covers
    something, the place that covers least. The "Nash choice" label is placed
    first, then the ringed package's label, then the others from the top of the
    chart down. Returns the index of each package's place in
    ``PACKAGE_LABEL_PLACES + RINGED_LABEL_PLACES``, and of the "Nash choice"
    label's place.
    """
    span = (hi - lo) or 1.0
    px = ((df["u_a"] - lo) / span * PACKAGE_SIZE).to_numpy(dtype=float)
    py = ((hi - df["u_b"]) / span * PACKAGE_SIZE).to_numpy(dtype=float)
    cross_x, cross_y = (d[0] - lo) / span * PACKAGE_SIZE, (hi - d[1]) / span * PACKAGE_SIZE
    dots = [_mark_box(x, y, PACKAGE_DOT) for x, y in zip(px, py, strict=False)]
    obstacles = [
        _mark_box(cross_x, cross_y, PACKAGE_CROSS),
        _text_box(cross_x, cross_y, "no deal", PACKAGE_NOTE_SIZE, NO_DEAL_LABEL),
    ]

    def best(boxes: list[tuple[float, float, float, float]], skip: int | None = None) -> int:
        def cost(box: tuple[float, float, float, float]) -> float:
            covered = sum(_overlap(box, m) for j, m in enumerate(dots) if j != skip)
            return covered + sum(_overlap(box, o) for o in obstacles) + _outside(box)

        costs = [cost(b) for b in boxes]
        return min(range(len(boxes)), key=lambda k: (costs[k] > 0, costs[k], k))

    places = [0] * len(df)
    nash_place = [0] * len(df)
    ringed = [int(i) for i in np.flatnonzero(df["choice"].to_numpy(dtype=bool))][:1]
    for i in ringed:
        obstacles.append(_mark_box(px[i], py[i], PACKAGE_RING, pad=2.0))
        boxes = [_text_box(px[i], py[i], "Nash choice", PACKAGE_NOTE_SIZE, p) for p in NASH_LABEL_PLACES]
        nash_place[i] = best(boxes)
        obstacles.append(boxes[nash_place[i]])
    for i in ringed + sorted((j for j in range(len(df)) if j not in ringed), key=lambda j: (py[j], px[j])):
        choices = RINGED_LABEL_PLACES if i in ringed else PACKAGE_LABEL_PLACES
        first = len(PACKAGE_LABEL_PLACES) if i in ringed else 0
        boxes = [_text_box(px[i], py[i], df["label"].iloc[i], PACKAGE_LABEL_SIZE, p) for p in choices]
        k = best(boxes, skip=i)
        places[i] = first + k
        obstacles.append(boxes[k])
    return places, nash_place


def _package_domain(df: pd.DataFrame, d: Sequence[float]) -> tuple[float, float]:
    """The range both axes of the package chart cover: 0 to 1, widened to hold every point."""
    hi = max(1.0, float(df[["u_a", "u_b"]].max().max()), *d)
    lo = min(0.0, float(df[["u_a", "u_b"]].min().min()), *d)
    return lo, hi


def _package_frame(
    utilities: pd.DataFrame, disagreement: Any, choice: Any, pareto: Any, what: str
) -> tuple[pd.DataFrame, list[float], str, str]:
    if not isinstance(utilities, pd.DataFrame):
        raise ValueError(f"{what}: expected a pandas DataFrame, got {type(utilities).__name__}.")
    names = utilities["name"].astype(str) if "name" in utilities else None
    util = utilities.drop(columns=["name"]) if names is not None else utilities
    if util.shape[1] != 2:
        raise ValueError(
            f"{what}: expected one column per party, two parties; "
            f"got {util.shape[1]} columns ({', '.join(map(str, util.columns))})."
        )
    if len(util) == 0:
        raise ValueError(f"{what}: the table is empty — there are no packages to draw.")
    a, b = (str(c) for c in util.columns)
    if isinstance(disagreement, Mapping) or (
        isinstance(disagreement, pd.Series) and set(map(str, disagreement.index)) >= {a, b}
    ):
        dmap = {str(k): v for k, v in dict(disagreement).items()}
        missing = [p for p in (a, b) if p not in dmap]
        if missing:
            raise ValueError(f"{what}: the disagreement point has no value for {missing[0]!r}.")
        d = [float(dmap[a]), float(dmap[b])]
    else:
        d = [float(v) for v in np.asarray(disagreement, dtype=float).ravel()]
        if len(d) != 2:
            raise ValueError(f"{what}: the disagreement point needs two values, one per party; got {len(d)}.")
    df = pd.DataFrame(
        {
            "package": [str(i) for i in util.index],
            "u_a": pd.to_numeric(util.iloc[:, 0], errors="coerce").to_numpy(dtype=float),
            "u_b": pd.to_numeric(util.iloc[:, 1], errors="coerce").to_numpy(dtype=float),
        }
    )
    if df[["u_a", "u_b"]].isna().any().any():
        raise ValueError(f"{what}: utilities must be numbers; a cell is empty or not a number.")
    df["label"] = names.to_numpy() if names is not None else df["package"]
    df["gain_a"] = df["u_a"] - d[0]
    df["gain_b"] = df["u_b"] - d[1]
    both = (df["gain_a"] > 0) & (df["gain_b"] > 0)
    df["in_zone"] = np.where(both, ZONE_IN, ZONE_OUT)
    df["nash_product"] = np.where(both, df["gain_a"] * df["gain_b"], np.nan)
    pareto_set = set(map(str, pareto or []))
    df["pareto"] = np.where(df["package"].isin(pareto_set), "yes", "no")
    df["choice"] = df["package"] == str(choice) if choice is not None else False
    lo, hi = _package_domain(df, d)
    df["place"], df["nash_place"] = _place_labels(df, d, lo, hi)
    return df, d, a, b


def package_utilities_values(
    utilities: pd.DataFrame, disagreement: Any, choice: Any = None, pareto: Sequence[Any] | None = None
) -> dict[str, list]:
    """The parameter values behind :func:`package_utilities` for new inputs."""
    df, d, _, _ = _package_frame(utilities, disagreement, choice, pareto, "package_utilities(utilities)")
    return {
        "cl_packages": _records(df, _PACKAGE_FIELDS),
        "cl_disagreement": [{"u_a": d[0], "u_b": d[1], "label": "no deal"}],
    }


def package_utilities(
    utilities: pd.DataFrame,
    disagreement: Sequence[float] | Mapping[str, float],
    choice: Any = None,
    pareto: Sequence[Any] | None = None,
) -> alt.LayerChart:
    """Each package's utility for the two parties, the disagreement point and the Nash choice.

    A package is a dot at (utility for the first party, utility for the
    second). The disagreement point — what each party gets with no deal — is
    the black cross; packages up and to the right of it (shaded) leave both
    better off: the zone of possible agreement. The Nash bargaining choice is
    ringed.

    Parameters
    ----------
    utilities : DataFrame
        Indexed by package, one column per party (two parties), as
        :func:`conflictlab.models.package_utilities` returns it. A column
        ``name`` (the package's display name) is used for labels if present.
    disagreement : sequence, Series or mapping
        The parties' disagreement utilities, in column order (or keyed by party).
    choice : package label, optional
        The package the Nash bargaining solution picks (None: no zone of
        possible agreement).
    pareto : sequence of package labels, optional
        The Pareto-efficient packages, marked in the tooltip.

    Returns
    -------
    altair.LayerChart
        Its rows live in the parameters ``cl_packages`` and
        ``cl_disagreement`` (see :func:`package_utilities_values`).
    """
    what = "package_utilities(utilities)"
    df, d, a, b = _package_frame(utilities, disagreement, choice, pareto, what)
    values = package_utilities_values(utilities, disagreement, choice, pareto)
    n = len(df)
    lo, hi = _package_domain(df, d)
    xs = alt.Scale(domain=[lo, hi], nice=False)
    ys = alt.Scale(domain=[lo, hi], nice=False)
    dis = _slots("cl_disagreement", 1, ["u_a", "u_b", "label"])
    zone = (
        dis.transform_calculate(top=str(hi))
        .mark_rect(color=PALETTE["green"], opacity=0.12)
        .encode(x=alt.X("u_a:Q", scale=xs), x2="top:Q", y=alt.Y("u_b:Q", scale=ys), y2="top:Q")
    )
    cross = dis.mark_point(shape="cross", size=PACKAGE_CROSS, filled=True, color="black").encode(
        x=alt.X("u_a:Q", scale=xs),
        y=alt.Y("u_b:Q", scale=ys),
        tooltip=[
            alt.Tooltip("label:N", title="Point"),
            alt.Tooltip("u_a:Q", title=f"{a}: utility with no deal", format=".2f"),
            alt.Tooltip("u_b:Q", title=f"{b}: utility with no deal", format=".2f"),
        ],
    )
    align, dx, dy = NO_DEAL_LABEL
    cross_label = dis.mark_text(
        align=align, dx=dx, dy=dy, fontSize=PACKAGE_NOTE_SIZE, fontWeight="bold"
    ).encode(x=alt.X("u_a:Q", scale=xs), y=alt.Y("u_b:Q", scale=ys), text="label:N")
    tooltip = [
        alt.Tooltip("label:N", title="Package"),
        alt.Tooltip("u_a:Q", title=f"Utility for {a}", format=".2f"),
        alt.Tooltip("u_b:Q", title=f"Utility for {b}", format=".2f"),
        alt.Tooltip("gain_a:Q", title=f"{a}: gain over no deal", format="+.2f"),
        alt.Tooltip("gain_b:Q", title=f"{b}: gain over no deal", format="+.2f"),
        alt.Tooltip("in_zone:N", title="Zone of possible agreement"),
        alt.Tooltip("pareto:N", title="Pareto-efficient"),
        alt.Tooltip("nash_product:Q", title="Product of gains", format=".3f"),
    ]
    pkgs = _slots("cl_packages", n, _PACKAGE_FIELDS)
    zone_scale = alt.Scale(domain=[ZONE_IN, ZONE_OUT], range=[PALETTE["green"], PALETTE["grey"]])
    dots = pkgs.mark_point(filled=True, size=PACKAGE_DOT, opacity=0.9).encode(
        x=alt.X("u_a:Q", scale=xs, title=f"Utility for {a} (0–1)"),
        y=alt.Y("u_b:Q", scale=ys, title=f"Utility for {b} (0–1)"),
        color=alt.Color("in_zone:N", title=None, scale=zone_scale, legend=alt.Legend(orient="bottom")),
        shape=alt.Shape(
            "in_zone:N", legend=None, scale=alt.Scale(domain=[ZONE_IN, ZONE_OUT], range=["circle", "square"])
        ),
        tooltip=tooltip,
    )
    # One layer per place a label can take (see _place_labels), so that no label covers a mark.
    labels = [
        pkgs.transform_filter(f"datum.place == {k}")
        .mark_text(align=align, dx=dx, dy=dy, fontSize=PACKAGE_LABEL_SIZE)
        .encode(x=alt.X("u_a:Q", scale=xs), y=alt.Y("u_b:Q", scale=ys), text="label:N", tooltip=tooltip)
        for k, (align, dx, dy) in enumerate(PACKAGE_LABEL_PLACES + RINGED_LABEL_PLACES)
    ]
    chosen = pkgs.transform_filter("datum.choice")
    ring = chosen.mark_point(
        shape="circle", size=PACKAGE_RING, strokeWidth=2.5, color=PALETTE["vermillion"], filled=False
    ).encode(x=alt.X("u_a:Q", scale=xs), y=alt.Y("u_b:Q", scale=ys), tooltip=tooltip)
    ring_labels = [
        chosen.transform_filter(f"datum.nash_place == {k}")
        .transform_calculate(text="'Nash choice'")
        .mark_text(
            align=align,
            dx=dx,
            dy=dy,
            fontSize=PACKAGE_NOTE_SIZE,
            fontWeight="bold",
            color=PALETTE["vermillion"],
        )
        .encode(x=alt.X("u_a:Q", scale=xs), y=alt.Y("u_b:Q", scale=ys), text="text:N")
        for k, (align, dx, dy) in enumerate(NASH_LABEL_PLACES)
    ]
    picked = df[df["choice"]]
    if len(picked):
        verdict = f"The Nash bargaining choice is {picked['label'].iloc[0]}."
    else:
        verdict = (
            "No package leaves both parties better off than no deal: there is no zone of possible agreement."
        )
    n_zone = int((df["in_zone"] == ZONE_IN).sum())
    description = (
        f"Utilities of {n} packages for {a} (across) and {b} (up). No deal gives {a} "
        f"{d[0]:.2f} and {b} {d[1]:.2f}. {n_zone} packages leave both better off. {verdict}"
    )
    return (
        alt.layer(zone, cross, cross_label, dots, *labels, ring, *ring_labels)
        .add_params(
            alt.param(name="cl_packages", value=values["cl_packages"]),
            alt.param(name="cl_disagreement", value=values["cl_disagreement"]),
        )
        .properties(
            title=_title(
                "Which package would both sides sign?",
                [
                    "Black cross: no deal (the disagreement point). Shaded: better than no deal "
                    "for both (the zone of possible agreement).",
                    "Ringed: the Nash bargaining choice, the largest product of the two gains.",
                ],
            ),
            description=description,
            width=PACKAGE_SIZE,
            height=PACKAGE_SIZE,
        )
    )


# outcome probabilities ----------------------------------------------------------

_OUTCOME_FIELDS = ["outcome", "start", "end", "probability", "label", "who", "kind"]
MAX_OUTCOME_ROWS = 40
MAX_DISTINCT = 30


def _outcome_frame(
    outcomes: Any, frame: pd.DataFrame | None, low: float, high: float, bins: int, what: str
) -> tuple[pd.DataFrame, int | None]:
    bins = int(min(max(bins, 2), MAX_OUTCOME_ROWS))
    half = max((high - low) * 0.012, 1e-9)
    n_draws: int | None = None
    if isinstance(outcomes, pd.DataFrame):
        df = _require(outcomes, ["outcome", "probability"], what)
        df["outcome"] = _numeric(df, "outcome", what)
        df["probability"] = _numeric(df, "probability", what)
        df = df[["outcome", "probability"]]
    elif (
        isinstance(outcomes, pd.Series)
        and outcomes.index.dtype.kind in "if"
        and len(outcomes)
        and np.isclose(float(outcomes.sum()), 1.0)
        and outcomes.name != "outcome"
    ):
        df = pd.DataFrame(
            {"outcome": outcomes.index.to_numpy(dtype=float), "probability": outcomes.to_numpy(dtype=float)}
        )
    else:
        values = np.asarray(outcomes, dtype=float).ravel()
        values = values[np.isfinite(values)]
        if values.size == 0:
            raise ValueError(f"{what}: there are no outcomes to draw.")
        n_draws = int(values.size)
        distinct, counts = np.unique(np.round(values, 6), return_counts=True)
        if distinct.size <= MAX_DISTINCT:
            df = pd.DataFrame({"outcome": distinct, "probability": counts / values.size})
        else:
            edges = np.histogram_bin_edges(values, bins=bins)
            counts, edges = np.histogram(values, bins=edges)
            df = pd.DataFrame(
                {
                    "outcome": (edges[:-1] + edges[1:]) / 2,
                    "start": edges[:-1],
                    "end": edges[1:],
                    "probability": counts / values.size,
                }
            )
            df["kind"] = "interval"
    if len(df) == 0:
        raise ValueError(f"{what}: there are no outcomes to draw.")
    if len(df) > MAX_OUTCOME_ROWS:
        raise ValueError(
            f"{what}: {len(df)} distinct outcomes is too many to draw; "
            f"pass the outcome of every draw and they are grouped into intervals."
        )
    df = df.sort_values("outcome").reset_index(drop=True)
    if "start" not in df:
        df["start"] = df["outcome"] - half
        df["end"] = df["outcome"] + half
        df["kind"] = "point"
        df["label"] = df["outcome"].map(_number)
    else:
        df["label"] = df["start"].map(lambda v: f"{v:.1f}") + "–" + df["end"].map(lambda v: f"{v:.1f}")
    df["who"] = ""
    if frame is not None and {"actor", "position"} <= set(frame.columns) and (df["kind"] == "point").all():
        pos = pd.to_numeric(frame["position"], errors="coerce").to_numpy(dtype=float)
        names = frame["actor"].astype(str).to_numpy()
        df["who"] = df["outcome"].map(lambda v: ", ".join(names[np.isclose(pos, v)]))
    return df, n_draws


def _outcome_range(
    scale: Mapping[str, Any] | None, frame: pd.DataFrame | None, outcomes: Any
) -> tuple[float, float, str]:
    if scale:
        low, high, _, title = _scale_parts(scale, [0, 1])
        return low, high, title
    if frame is not None and "position" in frame:
        pos = pd.to_numeric(frame["position"], errors="coerce").dropna()
        if len(pos):
            low, high, _, _ = _scale_parts(None, pos)
            return low, high, "Outcome (position on the issue)"
    if isinstance(outcomes, pd.DataFrame) and "outcome" in outcomes:
        vals = pd.to_numeric(outcomes["outcome"], errors="coerce").dropna()
    elif isinstance(outcomes, pd.Series) and outcomes.index.dtype.kind in "if":
        vals = pd.Series(outcomes.index, dtype=float)
    else:
        vals = pd.Series(np.asarray(outcomes, dtype=float).ravel()).dropna()
    if len(vals) == 0:
        return 0.0, 1.0, "Outcome"
    low, high, _, _ = _scale_parts(None, vals)
    return low, high, "Outcome (position on the issue)"


def outcome_probabilities_values(
    outcomes: Any, frame: pd.DataFrame | None = None, scale: Mapping[str, Any] | None = None, bins: int = 20
) -> dict[str, list]:
    """The parameter values behind :func:`outcome_probabilities` for new outcomes."""
    low, high, _ = _outcome_range(scale, frame, outcomes)
    df, _ = _outcome_frame(outcomes, frame, low, high, bins, "outcome_probabilities(outcomes)")
    return {"cl_outcomes": _records(df, _OUTCOME_FIELDS)}


def outcome_probabilities(
    outcomes: pd.DataFrame | pd.Series | Sequence[float] | np.ndarray,
    frame: pd.DataFrame | None = None,
    scale: Mapping[str, Any] | None = None,
    bins: int = 20,
) -> alt.LayerChart:
    """How often each outcome comes up when the codings are uncertain.

    Parameters
    ----------
    outcomes : DataFrame, Series or array
        Either the outcome of every draw (an array, as
        :func:`conflictlab.models.monte_carlo` returns it), or a summary with
        columns ``outcome, probability`` (or a Series: outcome → probability).
        Draws with few distinct values (the weighted median always lands on
        an actor's position) get one bar each; many distinct values (the
        weighted mean) are grouped into ``bins`` intervals.
    frame : DataFrame, optional
        The issue's frame, to name the actors whose positions the outcomes are.
    scale : mapping, optional
        The issue's scale, for the axis range and title.
    bins : int
        Number of intervals for continuous outcomes (at most 40).

    Returns
    -------
    altair.LayerChart
        Its rows live in the parameter ``cl_outcomes``
        (see :func:`outcome_probabilities_values`).
    """
    what = "outcome_probabilities(outcomes)"
    low, high, axis_title = _outcome_range(scale, frame, outcomes)
    df, n_draws = _outcome_frame(outcomes, frame, low, high, bins, what)
    values = {"cl_outcomes": _records(df, _OUTCOME_FIELDS)}
    low = min(low, float(df["start"].min()))
    high = max(high, float(df["end"].max()))
    xs = alt.Scale(domain=[low, high], nice=False, zero=False)
    ys = alt.Scale(zero=True, nice=True)
    tooltip = [
        alt.Tooltip("label:N", title="Outcome"),
        alt.Tooltip("probability:Q", title="Probability", format=".1%"),
        alt.Tooltip("who:N", title="Position of"),
    ]
    base = _slots("cl_outcomes", MAX_OUTCOME_ROWS, _OUTCOME_FIELDS)
    y = alt.Y("probability:Q", title="Probability", axis=alt.Axis(format="%"), scale=ys)
    bars = base.mark_bar(color=PALETTE["blue"]).encode(
        x=alt.X("start:Q", title=axis_title, scale=xs), x2="end:Q", y=y, y2=alt.datum(0), tooltip=tooltip
    )
    points = base.transform_filter("datum.kind == 'point'")
    pct = points.mark_text(dy=-6, fontSize=11).encode(
        x=alt.X("outcome:Q", scale=xs), y=y, text=alt.Text("probability:Q", format=".0%"), tooltip=tooltip
    )
    names = (
        points.transform_filter("datum.who != ''")
        .mark_text(dy=-20, fontSize=10, color="#555555")
        .encode(x=alt.X("outcome:Q", scale=xs), y=y, text="who:N")
    )
    best = df.sort_values("probability", ascending=False).iloc[0]
    description = (
        f"Probability of each outcome{f' over {n_draws:,} draws' if n_draws else ''}. "
        f"The most likely is {best['label']}"
        + (f" ({best['who']})" if best["who"] else "")
        + f" with {best['probability']:.0%}."
    )
    subtitle = (
        f"Share of {n_draws:,} simulated codings that end at each outcome."
        if n_draws
        else "Share of simulated codings that end at each outcome."
    )
    return (
        alt.layer(bars, pct, names)
        .add_params(
            alt.param(name="cl_outcomes", value=values["cl_outcomes"]),
        )
        .properties(
            title=_title("How likely is each outcome?", subtitle),
            description=description,
            width=440,
            height=240,
        )
    )


# tornado -------------------------------------------------------------------------

_TORNADO_FIELDS = ["input", "low", "high", "from", "to", "swing", "order"]


def _tornado_frame(table: Any, what: str) -> pd.DataFrame:
    if isinstance(table, pd.DataFrame) and "actor" in table.columns:
        field = "input" if "input" in table.columns else "field" if "field" in table.columns else None
        if field is not None:
            table = table.assign(input=table["actor"].astype(str) + " " + table[field].astype(str))
    df = _require(table, ["input", "low", "high"], what)
    for col in ("low", "high"):
        values = pd.to_numeric(df[col], errors="coerce")
        bad = values.isna() & df[col].notna()
        if bad.any():
            raise ValueError(
                f"{what}: column {col!r} must hold numbers; it has {df.loc[bad, col].iloc[0]!r}."
            )
        df[col] = values.astype(float)
    df["input"] = df["input"].astype(str)
    df["from"] = df[["low", "high"]].min(axis=1, skipna=False)
    df["to"] = df[["low", "high"]].max(axis=1, skipna=False)
    df["swing"] = df["to"] - df["from"]
    df = df.sort_values("swing", ascending=False, kind="stable", na_position="last")
    df = df.reset_index(drop=True)
    df["order"] = np.arange(len(df))
    return df


def tornado_values(table: pd.DataFrame, base: float | None = None) -> dict[str, list]:
    """The parameter values behind :func:`tornado` for a new table."""
    df = _tornado_frame(table, "tornado(table)")
    return {
        "cl_tornado": _records(df, _TORNADO_FIELDS),
        "cl_base": [] if base is None else [{"base": float(base), "text": f"as coded: {_number(base)}"}],
    }


def tornado(
    table: pd.DataFrame, base: float | None = None, scale: Mapping[str, Any] | None = None
) -> alt.LayerChart:
    """Which codings move the forecast most (a tornado chart).

    Parameters
    ----------
    table : DataFrame
        One row per input changed, with ``low`` and ``high`` (the outcome
        when the input is lowered and when it is raised) and either
        ``actor`` and ``input`` (as :func:`conflictlab.models.tornado`
        returns it: "Russia" and "salience") or one ``input`` column naming
        both ("Russia salience"). Drawn in the order of the swing, largest on
        top; a variant with no outcome (NaN) is listed without a bar.
    base : float, optional
        The outcome with the coded values, drawn as a dashed rule.
    scale : mapping, optional
        The issue's scale, for the axis range and title.

    Returns
    -------
    altair.LayerChart
        Its rows live in the parameters ``cl_tornado`` and ``cl_base``
        (see :func:`tornado_values`).
    """
    what = "tornado(table)"
    df = _tornado_frame(table, what)
    values = tornado_values(table, base)
    n = len(df)
    if scale:
        low, high, _, axis_title = _scale_parts(scale, df["from"])
        x_scale = alt.Scale(domain=[min(low, df["from"].min()), max(high, df["to"].max())], nice=False)
        x_title = f"Forecast when the input is lowered or raised — {axis_title}"
    else:
        x_scale = alt.Scale(zero=False)
        x_title = "Forecast when the input is lowered or raised"
    tooltip = [
        alt.Tooltip("input:N", title="Input changed"),
        alt.Tooltip("low:Q", title="Forecast with the input lowered", format=".1f"),
        alt.Tooltip("high:Q", title="Forecast with the input raised", format=".1f"),
        alt.Tooltip("swing:Q", title="Swing", format=".1f"),
    ]
    rows = _slots("cl_tornado", n, _TORNADO_FIELDS)
    y = alt.Y("input:N", sort=alt.EncodingSortField("order", op="min"), title="Coding changed")
    bars = rows.mark_bar(height=alt.RelativeBandSize(0.7), color=PALETTE["orange"]).encode(
        x=alt.X("from:Q", title=x_title, scale=x_scale), x2="to:Q", y=y, tooltip=tooltip
    )
    low_ticks = rows.mark_tick(color=PALETTE["blue"], thickness=3).encode(
        x=alt.X("low:Q", scale=x_scale), y=y, tooltip=tooltip
    )
    base_rows = _slots("cl_base", 1, ["base", "text"])
    rule = base_rows.mark_rule(color="black", strokeDash=[4, 3], strokeWidth=2).encode(
        x=alt.X("base:Q", scale=x_scale), tooltip=[alt.Tooltip("text:N", title="Forecast")]
    )
    rule_text = base_rows.mark_text(align="center", dy=-8, y=0, fontSize=11).encode(
        x=alt.X("base:Q", scale=x_scale), text="text:N"
    )
    top = df.iloc[0]
    moving = int((df["swing"].fillna(0) > 1e-9).sum())
    description = (
        f"Tornado chart of {n} inputs, sorted by how far each moves the forecast. "
        f"{moving} of them move it at all; the largest swing is {top['input']}, "
        f"from {_number(top['from'])} to {_number(top['to'])}."
        + (f" The coded forecast is {_number(base)}." if base is not None else "")
    )
    return (
        alt.layer(bars, low_ticks, rule, rule_text)
        .add_params(
            alt.param(name="cl_tornado", value=values["cl_tornado"]),
            alt.param(name="cl_base", value=values["cl_base"]),
        )
        .properties(
            title=_title(
                "What drives the forecast?",
                [
                    "Each bar: the forecast's range when one coding is lowered and raised,",
                    "the others kept as coded. Blue tick: the forecast with it lowered.",
                ],
            ),
            description=description,
            width=420,
            height=alt.Step(20),
        )
    )


CERTAINTY = ["stated as fact", "reported", "attributed", "hedged", "unconfirmed", "author's opinion"]


def claims_by_certainty(claims: pd.DataFrame, actors: pd.DataFrame | None = None) -> alt.LayerChart:
    """The article's claims, grouped by how sure the article is of them.

    One square per claim, so each claim's tooltip shows its words, the
    signalling marker ("reportedly", "might") and the evidence quote.

    Parameters
    ----------
    claims : DataFrame
        The ``claims`` table: ``claim_id, claim, certainty`` and, for
        tooltips, ``marker, attributed_to, evidence``.
    actors : DataFrame, optional
        The ``actors`` table, to show who a claim is attributed to.
    """
    what = "claims_by_certainty(claims)"
    df = _require(claims, ["claim_id", "claim", "certainty"], what)
    unknown = sorted(set(df["certainty"].astype(str)) - set(CERTAINTY))
    if unknown:
        raise ValueError(
            f"{what}: column 'certainty' has {unknown[0]!r}; allowed are {', '.join(CERTAINTY)}."
        )
    for col in ("marker", "attributed_to", "evidence"):
        if col not in df:
            df[col] = ""
        df[col] = df[col].fillna("").astype(str)
    df["who"] = _names(df["attributed_to"], actors).where(df["attributed_to"] != "", "")
    df = df.sort_values(["certainty", "claim_id"])
    df["n"] = df.groupby("certainty").cumcount() + 1
    present = [c for c in CERTAINTY if c in set(df["certainty"])]
    counts = df["certainty"].value_counts()
    count_df = pd.DataFrame({"certainty": present, "count": [int(counts[c]) for c in present]})
    tooltip = [
        alt.Tooltip("claim_id:N", title="Claim"),
        alt.Tooltip("claim:N", title="What is claimed"),
        alt.Tooltip("certainty:N", title="Certainty"),
        alt.Tooltip("marker:N", title="Signalling words"),
        alt.Tooltip("who:N", title="Attributed to"),
        alt.Tooltip("evidence:N", title="Evidence (article)"),
    ]
    y = alt.Y("certainty:N", sort=CERTAINTY, title="How the article presents it")
    colours = [
        PALETTE["blue"],
        PALETTE["sky"],
        PALETTE["green"],
        PALETTE["orange"],
        PALETTE["vermillion"],
        PALETTE["purple"],
    ]
    squares = (
        alt.Chart(df)
        .mark_square(size=150, opacity=1)
        .encode(
            x=alt.X(
                "n:Q",
                title="Number of claims",
                axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domain=[0, int(counts.max()) + 2]),
            ),
            y=y,
            color=alt.Color(
                "certainty:N", sort=CERTAINTY, legend=None, scale=alt.Scale(domain=CERTAINTY, range=colours)
            ),
            tooltip=tooltip,
        )
    )
    totals = (
        alt.Chart(count_df)
        .mark_text(align="left", dx=10, fontSize=12, fontWeight="bold")
        .encode(x="count:Q", y=y, text="count:Q")
    )
    description = (
        "Claims in the article by certainty: "
        + ", ".join(f"{r.count} {r.certainty}" for r in count_df.itertuples())
        + "."
    )
    return alt.layer(squares, totals).properties(
        title=_title(
            "How sure is the article? Claims by certainty",
            "One square per claim; hover to read it and the words that signal its certainty.",
        ),
        description=description,
        width=420,
        height=alt.Step(30),
    )


# ---------------------------------------------------------------- issues

#: Hurdle statuses in the order the tracker shows them: from gone to still in the way.
HURDLE_STATUSES = ["removed", "agreed in principle", "diminished", "remaining"]
HURDLE_COLOURS = [PALETTE["green"], PALETTE["sky"], PALETTE["orange"], PALETTE["vermillion"]]


def hurdle_tracker(issues: pd.DataFrame) -> alt.LayerChart:
    """Where each issue between the parties stands: removed, agreed in principle, diminished or remaining.

    One row per issue and one column per status, from gone (left) to still in
    the way (right); the issue's cell in its status column is filled and
    labelled, so the chart reads without colour. Rows are grouped by status.

    Parameters
    ----------
    issues : DataFrame
        The ``issues`` table: ``issue_id, name, status`` and, for tooltips,
        ``proposition, description, evidence``.

    Returns
    -------
    altair.LayerChart
        A grid of issues × statuses with the evidence quote in each tooltip.
    """
    what = "hurdle_tracker(issues)"
    df = _require(issues, ["issue_id", "name", "status"], what)
    unknown = sorted(set(df["status"].astype(str)) - set(HURDLE_STATUSES))
    if unknown:
        raise ValueError(
            f"{what}: column 'status' has {unknown[0]!r}; allowed are {', '.join(HURDLE_STATUSES)}."
        )
    if df["issue_id"].duplicated().any():
        dup = df.loc[df["issue_id"].duplicated(), "issue_id"].iloc[0]
        raise ValueError(f"{what}: issue {dup!r} appears more than once; each issue has one status.")
    for col in ("proposition", "description", "evidence"):
        if col not in df:
            df[col] = ""
        df[col] = df[col].fillna("").astype(str)
    df["name"] = df["name"].astype(str)
    df["status"] = df["status"].astype(str)
    df["rank"] = df["status"].map(HURDLE_STATUSES.index)
    df = df.sort_values(["rank"], kind="stable").reset_index(drop=True)
    order = list(df["name"])
    grid = pd.DataFrame([(n, s) for n in order for s in HURDLE_STATUSES], columns=["name", "column"])
    x = alt.X(
        "column:N",
        sort=HURDLE_STATUSES,
        title="Status in the article",
        scale=alt.Scale(domain=HURDLE_STATUSES),
        axis=alt.Axis(orient="top", labelAngle=0, labelLimit=130, domain=False, ticks=False),
    )
    y = alt.Y("name:N", sort=order, title="Issue", axis=alt.Axis(domain=False, ticks=False))
    board = alt.Chart(grid).mark_rect(color="#f5f5f5", stroke="white", strokeWidth=2).encode(x=x, y=y)
    tooltip = [
        alt.Tooltip("name:N", title="Issue"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("proposition:N", title="Statement"),
        alt.Tooltip("description:N", title="What it is"),
        alt.Tooltip("evidence:N", title="Evidence (article)"),
    ]
    filled = alt.Chart(df).encode(
        x=alt.X(
            "status:N",
            sort=HURDLE_STATUSES,
            title="Status in the article",
            scale=alt.Scale(domain=HURDLE_STATUSES),
        ),
        y=y,
        tooltip=tooltip,
    )
    cells = filled.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "status:N",
            title="Status",
            legend=None,
            scale=alt.Scale(domain=HURDLE_STATUSES, range=HURDLE_COLOURS),
        )
    )
    words = filled.mark_text(fontSize=11).encode(
        text="status:N",
        color=alt.condition(
            alt.FieldOneOfPredicate(field="status", oneOf=["removed", "remaining"]),
            alt.value("white"),
            alt.value("black"),
        ),
    )
    counts = df["status"].value_counts()
    present = [s for s in HURDLE_STATUSES if s in counts.index]
    description = (
        f"Hurdle tracker: {len(df)} issues by status: "
        + ", ".join(f"{int(counts[s])} {s}" for s in present)
        + ". "
        + "; ".join(f"{s}: {_and_list(list(df.loc[df['status'] == s, 'name']))}" for s in present)
        + "."
    )
    return alt.layer(board, cells, words).properties(
        title=_title(
            "Hurdle tracker: where each issue stands",
            "The status the article gives each issue, from gone (left) to still in the way "
            "(right). Hover for the quote.",
        ),
        description=description,
        width=alt.Step(125),
        height=alt.Step(26),
    )


FACT_TABLES = ["actors", "events", "issues", "stances", "relations", "claims", "numbers"]
FACT_SHAPES = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "triangle-right"]


def evidence_map(index: pd.DataFrame, paragraphs: int | None = None) -> alt.Chart:
    """Where the facts come from: one mark per fact, above the paragraph its evidence quotes.

    A unit chart: each row of a fact table is one mark, stacked above the
    paragraph of the article its ``evidence`` quotes, coloured and shaped by
    its table. Hovering over a mark shows the fact's id and its quote, so the
    chart doubles as a map of the article.

    Parameters
    ----------
    index : DataFrame
        One row per fact with ``fact_id``, ``table`` and ``paragraph``, and
        for tooltips ``evidence`` (as :func:`conflictlab.catalogue.evidence_index`
        returns it).
    paragraphs : int, optional
        How many paragraphs the article has, so paragraphs without facts
        still get their place on the axis. By default the largest paragraph
        number in ``index``.

    Returns
    -------
    altair.Chart
    """
    what = "evidence_map(index)"
    df = _require(index, ["fact_id", "table", "paragraph"], what)
    df["paragraph"] = _numeric(df, "paragraph", what)
    if (df["paragraph"] < 1).any() or not (df["paragraph"] % 1 == 0).all():
        bad = df.loc[(df["paragraph"] < 1) | (df["paragraph"] % 1 != 0), "paragraph"].iloc[0]
        raise ValueError(
            f"{what}: column 'paragraph' must hold paragraph numbers 1, 2, 3 …; it has {_number(bad)}."
        )
    df["paragraph"] = df["paragraph"].astype(int)
    last = int(df["paragraph"].max())
    if paragraphs is not None:
        if int(paragraphs) < last:
            raise ValueError(f"{what}: paragraphs={paragraphs}, but a fact quotes paragraph {last}.")
        last = int(paragraphs)
    if "evidence" not in df:
        df["evidence"] = ""
    df["table"] = df["table"].astype(str)
    known = [t for t in FACT_TABLES if t in set(df["table"])]
    others = sorted(set(df["table"]) - set(FACT_TABLES))
    domain = known + others
    if len(domain) > len(CATEGORY):
        raise ValueError(f"{what}: {len(domain)} tables is more than the chart can colour ({len(CATEGORY)}).")
    rank = {t: i for i, t in enumerate(domain)}
    df["_rank"] = df["table"].map(rank)
    sort = ["paragraph", "_rank"] + (["offset"] if "offset" in df else []) + ["fact_id"]
    df = df.sort_values(sort, kind="stable")
    df["n"] = df.groupby("paragraph").cumcount() + 1
    df = df.drop(columns="_rank")
    counts = df["paragraph"].value_counts()
    densest = int(counts.idxmax())
    shapes = [FACT_SHAPES[FACT_TABLES.index(t)] if t in FACT_TABLES else "circle" for t in domain]
    tooltip = [
        alt.Tooltip("fact_id:N", title="Fact id"),
        alt.Tooltip("table:N", title="Table"),
        alt.Tooltip("paragraph:O", title="Paragraph"),
        alt.Tooltip("evidence:N", title="Evidence (article)"),
    ]
    marks = (
        alt.Chart(df)
        .mark_point(filled=True, size=55, opacity=1)
        .encode(
            x=alt.X(
                "paragraph:O",
                title="Paragraph of the article",
                scale=alt.Scale(domain=list(range(1, last + 1))),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                "n:Q",
                title="Facts quoting the paragraph",
                axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domain=[0, int(counts.max()) + 1]),
            ),
            color=alt.Color(
                "table:N",
                title="Fact table",
                sort=domain,
                scale=alt.Scale(domain=domain, range=CATEGORY[: len(domain)]),
            ),
            shape=alt.Shape(
                "table:N", title="Fact table", sort=domain, scale=alt.Scale(domain=domain, range=shapes)
            ),
            tooltip=tooltip,
        )
    )
    empty = [p for p in range(1, last + 1) if p not in counts.index]
    description = (
        f"Map of {len(df)} facts over the article's {last} paragraphs: each mark is one row of a "
        f"fact table, placed above the paragraph its evidence quotes. Paragraph {densest} is quoted "
        f"most, by {int(counts.max())} facts"
        + (
            f"; paragraphs {_and_list([str(p) for p in empty])} are quoted by none."
            if len(empty) > 1
            else f"; paragraph {empty[0]} is quoted by none."
            if empty
            else "; every paragraph is quoted."
        )
    )
    return marks.properties(
        title=_title(
            "Where do the facts come from?",
            [
                "Each mark is one row of a fact table, above the paragraph its evidence quotes.",
                "Hover over a mark to read its quote.",
            ],
        ),
        description=description,
        width=alt.Step(26),
        height=260,
    )


# forecasts against the outcome ---------------------------------------------------

_BAND_COLOURS = {3: [PALETTE["blue"], PALETTE["grey"], PALETTE["vermillion"]]}


def forecast_vs_outcome(forecasts: pd.DataFrame, happened: str) -> alt.LayerChart:
    """Probability forecasts over an issue's outcomes, set against the one that happened.

    One bar per forecast, split into the probability it gave each outcome;
    the outcome that happened is outlined in black, and each bar ends with
    the forecast's Brier score (:func:`conflictlab.models.multi_brier_score`:
    0 is perfect, 2 is certain and wrong).

    Parameters
    ----------
    forecasts : DataFrame
        One row per forecast, indexed by its name ("The article, read as
        70%"); one column per outcome, in the order of the scale
        (``Western-led``, ``middle``, ``Kremlin-led``). Each row adds up to 1.
    happened : str
        The column of the outcome that happened.

    Returns
    -------
    altair.LayerChart
    """
    from .. import models

    what = "forecast_vs_outcome(forecasts)"
    if not isinstance(forecasts, pd.DataFrame):
        raise ValueError(
            f"{what}: expected a pandas DataFrame (one row per forecast, one column per "
            f"outcome), got {type(forecasts).__name__}."
        )
    if forecasts.empty:
        raise ValueError(f"{what}: the table is empty — there is nothing to draw.")
    outcomes = [str(c) for c in forecasts.columns]
    if happened not in outcomes:
        raise ValueError(
            f"{what}: happened={happened!r} is not one of the outcomes ({', '.join(map(repr, outcomes))})."
        )
    table = forecasts.copy()
    table.columns = outcomes
    for col in outcomes:
        table[col] = _numeric(table, col, what)
    names = [str(i) for i in table.index]
    if len(set(names)) != len(names):
        raise ValueError(f"{what}: two forecasts have the same name; give each row its own name.")
    scores = []
    for name, (_, row) in zip(names, table.iterrows(), strict=False):
        try:
            scores.append(models.multi_brier_score(row, happened))
        except ValueError as exc:
            raise ValueError(f"{what}: the forecast {name!r}: {exc}.") from None
    colours = _BAND_COLOURS.get(len(outcomes), CATEGORY[: len(outcomes)])
    # white text on the dark colours, black on the light ones (grey, sky, yellow, orange)
    light = {PALETTE["grey"], PALETTE["sky"], PALETTE["yellow"], PALETTE["orange"]}
    inks = ["black" if c in light else "white" for c in colours]
    rows = []
    for name, (_, row) in zip(names, table.iterrows(), strict=False):
        start = 0.0
        for k, outcome in enumerate(outcomes):
            p = float(row[outcome])
            rows.append(
                {
                    "forecast": name,
                    "outcome": outcome,
                    "probability": p,
                    "start": start,
                    "end": start + p,
                    "mid": start + p / 2,
                    "order": k,
                    "happened": outcome == happened,
                    "ink": inks[k] if k < len(inks) else "black",
                    "label": f"{p:.0%}" if p >= 0.07 else "",
                }
            )
            start += p
    long = pd.DataFrame(rows)
    score_df = pd.DataFrame({"forecast": names, "score": scores, "text": [f"Brier {s:.2f}" for s in scores]})
    y = alt.Y("forecast:N", sort=names, title=None, axis=alt.Axis(labelLimit=300))
    x_scale = alt.Scale(domain=[0, 1], nice=False)
    tooltip = [
        alt.Tooltip("forecast:N", title="Forecast"),
        alt.Tooltip("outcome:N", title="Outcome"),
        alt.Tooltip("probability:Q", title="Probability", format=".0%"),
        alt.Tooltip("happened:N", title="Happened"),
    ]
    bars = (
        alt.Chart(long)
        .mark_bar(height=alt.RelativeBandSize(0.7), stroke="black")
        .encode(
            x=alt.X(
                "start:Q", title="Probability given to each outcome", scale=x_scale, axis=alt.Axis(format="%")
            ),
            x2="end:Q",
            y=y,
            color=alt.Color(
                "outcome:N",
                sort=outcomes,
                title="Outcome",
                scale=alt.Scale(domain=outcomes, range=colours),
                legend=alt.Legend(
                    orient="top", direction="horizontal", symbolType="square", symbolStrokeWidth=0
                ),
            ),
            strokeWidth=alt.condition("datum.happened", alt.value(3), alt.value(0)),
            order=alt.Order("order:Q"),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(long)
        .mark_text(fontSize=11, fontWeight="bold")
        .encode(
            x=alt.X("mid:Q", scale=x_scale),
            y=y,
            text="label:N",
            color=alt.Color("ink:N", scale=None),
            tooltip=tooltip,
        )
    )
    score_text = (
        alt.Chart(score_df)
        .mark_text(align="left", dx=8, fontSize=12)
        .encode(
            x=alt.datum(1.0, scale=x_scale),
            y=y,
            text="text:N",
            tooltip=[
                alt.Tooltip("forecast:N", title="Forecast"),
                alt.Tooltip("score:Q", title="Brier score (0 best, 2 worst)", format=".3f"),
            ],
        )
    )
    best = names[int(np.argmin(scores))]
    description = (
        f"{len(names)} forecasts over the outcomes {_and_list(outcomes)}, against what happened: {happened}. "
        + "; ".join(f"{n}: Brier score {s:.2f}" for n, s in zip(names, scores, strict=False))
        + f". The best (lowest) score is {best}'s."
    )
    return alt.layer(bars, labels, score_text).properties(
        title=_title(
            "Forecasts against what happened",
            [
                f"Each bar shares out one forecast's probability; outlined in black: {happened}, "
                "which happened.",
                "At the end of each bar: its Brier score (0 = perfect, 2 = certain and wrong; "
                "lower is better).",
            ],
        ),
        description=description,
        width=380,
        height=alt.Step(36),
    )
