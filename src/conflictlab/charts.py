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
package_utilities      each package's utility for both parties, the
                       disagreement point and the Nash choice
outcome_probabilities  how often each outcome comes up under uncertainty
tornado                which coding moves the forecast most
claims_by_certainty    the article's claims, grouped by how sure it is of them
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

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
    "package_utilities",
    "outcome_probabilities",
    "tornado",
    "claims_by_certainty",
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


def course_theme() -> alt.theme.ThemeConfig:
    """The course's chart theme: readable sizes, a quiet grid, Okabe–Ito colours."""
    font = "'Source Sans Pro', 'Segoe UI', Helvetica, Arial, sans-serif"
    return {
        "config": {
            "font": font,
            "view": {"continuousWidth": 480, "continuousHeight": 300, "stroke": None},
            "title": {"fontSize": 16, "anchor": "start", "subtitleFontSize": 12,
                      "subtitleColor": "#555555", "offset": 12},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "titleFontWeight": "normal",
                     "gridColor": "#e8e8e8", "domainColor": "#888888", "tickColor": "#888888",
                     "labelLimit": 260},
            "legend": {"labelFontSize": 12, "titleFontSize": 13, "titleFontWeight": "normal",
                       "labelLimit": 260, "titleLimit": 320},
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "mark": {"color": PALETTE["blue"]},
            "range": {"category": [PALETTE[k] for k in (
                "blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]},
        }
    }


def register_theme() -> None:
    """Register :func:`course_theme` with altair as ``THEME_NAME`` (idempotent)."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(course_theme)


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
    lookup = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str)))
    return ids.astype(str).map(lambda i: lookup.get(i, i))


def _fmt(x: float) -> str:
    """A number as a student reads it: 78, 78.5, never 78.000001."""
    x = float(x)
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):d}"
    return f"{x:.1f}"


def _list(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _title(text: str, subtitle: str | Sequence[str] | None = None) -> alt.Title:
    if subtitle:
        return alt.Title(text, subtitle=subtitle)
    return alt.Title(text)


def _short(anchor: str) -> str:
    """The short name of a scale anchor: 'Kremlin-led: the Russian track' → 'Kremlin-led'."""
    anchor = str(anchor).strip()
    return anchor.split(":", 1)[0].strip() if ":" in anchor else anchor


def _scale_parts(scale: Mapping[str, Any] | None, values: Sequence[float]) -> tuple[float, float, dict, str]:
    """(low, high, anchors {position: text}, axis title) for a scale or for bare values."""
    if scale:
        low = float(scale.get("low", 0))
        high = float(scale.get("high", 100))
        anchors = {float(k): str(v) for k, v in dict(scale.get("anchors") or {}).items()
                   if str(v).strip()}
        label = scale.get("label") or "Position"
        return low, high, anchors, f"{label} ({_fmt(low)}–{_fmt(high)})"
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
        expr = (f"datum.value == {at!r} ? [datum.label, {json.dumps(_short(text))}] : " + expr)
    return alt.Axis(values=ticks, labelExpr=expr, labelFlush=True, labelFontWeight="normal",
                    titlePadding=8)


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
        raise ValueError(f"{what}: column 'date_known' has {unknown[0]!r}; "
                         f"allowed are {', '.join(DATE_KINDS)}.")
    for col in ("date_text", "date_basis", "evidence"):
        if col not in df:
            df[col] = ""
    df["date_text"] = df["date_text"].fillna("").astype(str).replace("", "(no time words)")
    if "actors" in df:
        df["actor_names"] = df["actors"].fillna("").astype(str).map(
            lambda s: ", ".join(_names(pd.Series([a for a in s.split(";") if a]), actors)))
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
    colour = alt.Color("how:N", title="How the date is known",
                       scale=alt.Scale(domain=[DATE_KIND_LABELS[k] for k in kinds],
                                       range=[PALETTE["blue"], PALETTE["orange"], PALETTE["purple"]]),
                       legend=alt.Legend(orient="bottom", direction="vertical"))
    dash = alt.StrokeDash("how:N", legend=None,
                          scale=alt.Scale(domain=[DATE_KIND_LABELS[k] for k in kinds],
                                          range=[[1, 0], [2, 2], [6, 3]]))
    shape = alt.Shape("how:N", legend=None,
                      scale=alt.Scale(domain=[DATE_KIND_LABELS[k] for k in kinds],
                                      range=["circle", "triangle-right", "diamond"]))
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
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    x_dates = alt.X("earliest:T", title="Date (the window each event falls in)",
                    axis=alt.Axis(format="%-d %b %Y", labelAngle=0, tickCount=6))
    base = alt.Chart(dated).encode(y=y, tooltip=tooltip)
    bars = base.mark_rule(strokeWidth=4).encode(x=x_dates, x2="latest:T", color=colour,
                                                strokeDash=dash)
    ends = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("latest:T"), color=colour, shape=shape)
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
    top = alt.layer(bars, ends).properties(width=460, height=height)
    if loose.empty:
        return top.properties(title=_title("When did it happen? Events in the article", subtitle),
                              description=description)
    bottom = alt.Chart(loose).mark_point(shape="square", filled=True, size=70,
                                          color=PALETTE["grey"]).encode(
        x=alt.value(8),
        y=alt.Y("label:N", sort=list(loose["label"]), title=None, axis=alt.Axis(labelLimit=420)),
        tooltip=tooltip,
    ).properties(width=460, height=max(40, 22 * len(loose)),
                 title=alt.Title(f"Undated: {len(loose)} events the article does not place in time",
                                 fontSize=13))
    return alt.vconcat(top, bottom, spacing=18).properties(
        title=_title("When did it happen? Events in the article", subtitle),
        description=description,
    ).resolve_scale(color="independent")


STANCES = ["for", "mixed", "against"]
STANCE_COLOURS = [PALETTE["blue"], PALETTE["yellow"], PALETTE["vermillion"]]


def stance_heatmap(stances: pd.DataFrame, actors: pd.DataFrame | None = None,
                   issues: pd.DataFrame | None = None) -> alt.LayerChart:
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
        lookup = dict(zip(issues["issue_id"].astype(str), issues["name"].astype(str)))
        df["issue"] = df["issue_id"].astype(str).map(lambda i: lookup.get(i, i))
        if "proposition" in issues:
            props = dict(zip(issues["issue_id"].astype(str), issues["proposition"].astype(str)))
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
        x=alt.X("issue:N", sort=issue_order, title="Issue",
                axis=alt.Axis(labelAngle=-30, labelLimit=240)),
        y=alt.Y("actor:N", sort=actor_order, title="Actor"),
        tooltip=tooltip,
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("stance:N", title="Stance",
                        scale=alt.Scale(domain=STANCES, range=STANCE_COLOURS)))
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
        title=_title("Who stands where? Stances on the issues",
                     "Blue = for, yellow = mixed, vermillion = against the issue's statement; "
                     "empty = the article does not say."),
        description=description,
        width=alt.Step(70), height=alt.Step(26),
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
    df["relation"] = df["sign"].map(SIGNS)
    df["symbol"] = df["sign"].map({-1: "−", 0: "0", 1: "+"})
    df["when"] = df["period"].map(PERIODS)
    order = list(pd.concat([df["from"], df["to"]]).value_counts().index)
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
        x=alt.X("to:N", sort=order, title="Towards", axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("from:N", sort=order, title="From"),
        tooltip=tooltip,
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("relation:N", title="Relation",
                        scale=alt.Scale(domain=[SIGNS[1], SIGNS[0], SIGNS[-1]],
                                        range=[PALETTE["blue"], "#d9d9d9", PALETTE["vermillion"]])))
    marks = base.mark_text(fontSize=14, fontWeight="bold").encode(
        text="symbol:N",
        color=alt.condition(alt.datum.sign == 0, alt.value("black"), alt.value("white")),
    )
    n = df.groupby("period")["sign"].agg(lambda s: (int((s > 0).sum()), int((s < 0).sum())))
    parts = [f"{PERIODS[p].lower()}: {n[p][0]} friendly and {n[p][1]} hostile"
             for p in PERIODS if p in n.index]
    description = (f"Two grids of directed relations between actors. " + "; ".join(parts) + ".")
    return alt.layer(cells, marks, data=df).properties(
        width=alt.Step(34), height=alt.Step(26),
    ).facet(
        column=alt.Column("when:N", sort=[PERIODS["before"], PERIODS["after"]], title=None,
                          header=alt.Header(labelFontSize=13, labelFontWeight="bold")),
    ).properties(
        title=_title("The great realignment: relations before and after",
                     "+ friendly (blue), − hostile (vermillion), 0 neutral; read from the row's "
                     "actor towards the column's."),
        description=description,
    )


# ---------------------------------------------------------------- model charts


def positions(frame: pd.DataFrame, scale: Mapping[str, Any] | None = None,
              rules: Mapping[str, float | None] | None = None,
              title: str | None = None) -> alt.LayerChart:
    """Actors' positions on one issue, each dot sized by its influence.

    Influence is capability × salience. Vertical rules mark the weighted
    median and the weighted mean (or the outcomes passed in ``rules``); the
    ends (and middle) of the scale carry their anchor labels.

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
        Outcomes to mark, label → value (a value of None is skipped). By
        default the weighted median and weighted mean from
        :mod:`conflictlab.models`.
    title : str, optional
        The chart title.
    """
    what = "positions(frame)"
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
    if rules is None:
        from . import models

        rules = {
            "weighted median": models.weighted_median(df["position"], df["capability"], df["salience"]),
            "weighted mean": models.weighted_mean(df["position"], df["capability"], df["salience"]),
        }
    low, high, anchors, axis_title = _scale_parts(scale, df["position"])
    low = min(low, float(df["position"].min()))
    high = max(high, float(df["position"].max()))
    order = list(df.sort_values(["position", "actor"])["actor"])
    x_scale = alt.Scale(domain=[low, high], nice=False, zero=False, padding=14)
    tooltip = [
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("position:Q", title="Position", format=".4~f"),
        alt.Tooltip("salience:Q", title="Salience (0–1)", format=".2~f"),
        alt.Tooltip("capability:Q", title="Capability", format=".4~f"),
        alt.Tooltip("share:Q", title="Share of influence", format=".0%"),
        alt.Tooltip("rationale:N", title="Why coded so (an estimate)"),
    ]
    df["lo"], df["hi"] = low, high
    x_axis = _anchor_axis(low, high, anchors)
    y = alt.Y("actor:N", sort=order, title=None, axis=None)
    base = alt.Chart(df).encode(y=y)
    lines = base.mark_rule(color="#e3e3e3").encode(x=alt.X("lo:Q", scale=x_scale), x2="hi:Q")
    dots = base.mark_circle(opacity=0.85, stroke="white", strokeWidth=1).encode(
        x=alt.X("position:Q", title=axis_title, scale=x_scale, axis=x_axis),
        size=alt.Size("influence:Q", title="Influence (capability × salience)",
                      scale=alt.Scale(range=[30, 1200], zero=True),
                      legend=alt.Legend(orient="bottom")),
        color=alt.value(PALETTE["blue"]),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=12, fontSize=12).encode(
        x=alt.X("position:Q", scale=x_scale), text="actor:N", tooltip=tooltip)
    layers = [lines, dots, labels]

    marks = [(k, float(v)) for k, v in (rules or {}).items() if v is not None and np.isfinite(float(v))]
    if marks:
        rule_df = pd.DataFrame({"outcome": [k for k, _ in marks], "value": [v for _, v in marks]})
        rule_df["text"] = rule_df["outcome"] + ": " + rule_df["value"].map(_fmt)
        domain = list(rule_df["outcome"])
        colours = [PALETTE["vermillion"], PALETTE["green"], PALETTE["purple"], PALETTE["black"]]
        dashes = [[1, 0], [6, 4], [2, 2], [8, 2, 2, 2]]
        rule_colour = alt.Color("outcome:N", title="Outcome", sort=domain,
                                scale=alt.Scale(domain=domain, range=colours[:len(domain)]),
                                legend=alt.Legend(orient="bottom"))
        rule_tooltip = [alt.Tooltip("outcome:N", title="Outcome"),
                        alt.Tooltip("value:Q", title="Value", format=".4~f")]
        layers.append(alt.Chart(rule_df).mark_rule(strokeWidth=2.5).encode(
            x=alt.X("value:Q", scale=x_scale), color=rule_colour,
            strokeDash=alt.StrokeDash("outcome:N", legend=None,
                                      scale=alt.Scale(domain=domain, range=dashes[:len(domain)])),
            tooltip=rule_tooltip))
        for i, row in enumerate(rule_df.itertuples()):
            near_end = row.value > low + 0.75 * (high - low)
            layers.append(alt.Chart(rule_df.iloc[[i]]).mark_text(
                align="right" if near_end else "left", dx=-4 if near_end else 4,
                fontSize=11, fontWeight="bold", color=colours[i % len(colours)],
            ).encode(x=alt.X("value:Q", scale=x_scale), y=alt.value(-8 - 14 * i), text="text:N",
                     tooltip=rule_tooltip))

    top = df.sort_values("influence", ascending=False)
    description = (
        f"Positions of {len(df)} actors on {axis_title}, dot size showing influence. "
        + "; ".join(f"{r.actor} at {_fmt(r.position)} with {r.share:.0%} of the influence"
                    for r in top.itertuples())
        + ". " + "; ".join(f"{k}: {_fmt(v)}" for k, v in marks) + ("." if marks else "")
    )
    subtitle = ["Each dot is an actor; its size is its influence (capability × salience).",
                "Codings are estimates: move them and watch the outcome."]
    return alt.layer(*layers).properties(
        title=alt.Title(title or (scale.get("label") if scale else None) or "Positions on the issue",
                        subtitle=subtitle, offset=14 + 14 * len(marks)),
        description=description,
        width=480, height=300,
    )


def rounds(history: pd.DataFrame, scale: Mapping[str, Any] | None = None) -> alt.LayerChart:
    """Actors' positions across the rounds of the expected-utility bargaining model.

    Parameters
    ----------
    history : DataFrame
        Tidy, one row per actor and round: ``round, actor, position`` (as
        :func:`conflictlab.models.simulate` returns it). Rows whose ``actor``
        is "forecast" (or a ``forecast`` column, one value per round) are
        drawn as the model's forecast line.
    scale : mapping, optional
        The issue's scale, for the axis title and range.
    """
    what = "rounds(history)"
    df = _require(history, ["round", "actor", "position"], what)
    df["round"] = _numeric(df, "round", what).astype(int)
    df["position"] = _numeric(df, "position", what)
    df["actor"] = df["actor"].astype(str)
    is_forecast = df["actor"].str.lower().eq("forecast")
    forecast = df[is_forecast][["round", "position"]]
    if forecast.empty and "forecast" in df:
        forecast = (df.groupby("round", as_index=False)["forecast"].first()
                    .rename(columns={"forecast": "position"}))
    actors_df = df[~is_forecast]
    low, high, _, axis_title = _scale_parts(scale, df["position"])
    y_scale = alt.Scale(domain=[min(low, df["position"].min()), max(high, df["position"].max())],
                        nice=False)
    last = actors_df[actors_df["round"] == actors_df["round"].max()]
    last = (last.assign(at=last["position"].round(0))
            .groupby("at", as_index=False)
            .agg(position=("position", "mean"), actor=("actor", lambda a: ", ".join(sorted(a)))))
    x = alt.X("round:Q", title="Bargaining round", axis=alt.Axis(tickMinStep=1, format="d"))
    lines = alt.Chart(actors_df).mark_line(point=True, strokeWidth=1.5).encode(
        x=x, y=alt.Y("position:Q", title=axis_title, scale=y_scale),
        color=alt.Color("actor:N", title="Actor"),
        tooltip=[alt.Tooltip("actor:N", title="Actor"), alt.Tooltip("round:Q", title="Round"),
                 alt.Tooltip("position:Q", title="Position", format=".1f")],
    )
    labels = alt.Chart(last).mark_text(align="left", dx=6, fontSize=11, color="#333333").encode(
        x=x, y=alt.Y("position:Q", scale=y_scale), text="actor:N")
    layers = [lines, labels]
    text = f"Positions of {actors_df['actor'].nunique()} actors over {df['round'].nunique()} rounds."
    if not forecast.empty:
        forecast = forecast.assign(what="forecast")
        layers.append(alt.Chart(forecast).mark_line(color="black", strokeDash=[6, 3], strokeWidth=2.5).encode(
            x=x, y=alt.Y("position:Q", scale=y_scale),
            tooltip=[alt.Tooltip("round:Q", title="Round"),
                     alt.Tooltip("position:Q", title="Forecast", format=".1f")]))
        end = forecast.sort_values("round").iloc[-1]
        text += f" The forecast ends at {_fmt(end['position'])} after round {int(end['round'])}."
    return alt.layer(*layers).properties(
        title=_title("Bargaining round by round",
                     "Each line is an actor's position; the dashed black line is the forecast."),
        description=text, width=440, height=300,
    )


def package_utilities(utilities: pd.DataFrame, disagreement: Sequence[float] | Mapping[str, float],
                      choice: str | None = None, pareto: Sequence[str] | None = None) -> alt.LayerChart:
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
    disagreement : sequence or mapping
        The parties' disagreement utilities, in column order (or keyed by party).
    choice : str, optional
        The package the Nash bargaining solution picks (None: no zone of
        possible agreement).
    pareto : sequence of str, optional
        The Pareto-efficient packages, marked in the tooltip.
    """
    what = "package_utilities(utilities)"
    if not isinstance(utilities, pd.DataFrame):
        raise ValueError(f"{what}: expected a pandas DataFrame, got {type(utilities).__name__}.")
    names = utilities["name"].astype(str) if "name" in utilities else None
    util = utilities.drop(columns=["name"]) if names is not None else utilities
    if util.shape[1] != 2:
        raise ValueError(f"{what}: expected one column per party, two parties; "
                         f"got {util.shape[1]} columns ({', '.join(map(str, util.columns))}).")
    if len(util) == 0:
        raise ValueError(f"{what}: the table is empty — there are no packages to draw.")
    a, b = (str(c) for c in util.columns)
    if isinstance(disagreement, Mapping):
        missing = [p for p in (a, b) if p not in disagreement]
        if missing:
            raise ValueError(f"{what}: the disagreement point has no value for {missing[0]!r}.")
        d = [float(disagreement[a]), float(disagreement[b])]
    else:
        d = [float(v) for v in disagreement]
        if len(d) != 2:
            raise ValueError(f"{what}: the disagreement point needs two values, one per party; got {len(d)}.")
    df = pd.DataFrame({
        "package": [str(i) for i in util.index],
        "u_a": pd.to_numeric(util.iloc[:, 0], errors="coerce").to_numpy(),
        "u_b": pd.to_numeric(util.iloc[:, 1], errors="coerce").to_numpy(),
    })
    if df[["u_a", "u_b"]].isna().any().any():
        raise ValueError(f"{what}: utilities must be numbers; a cell is empty or not a number.")
    df["label"] = names.to_numpy() if names is not None else df["package"]
    df["gain_a"] = df["u_a"] - d[0]
    df["gain_b"] = df["u_b"] - d[1]
    df["in_zone"] = np.where((df["gain_a"] > 0) & (df["gain_b"] > 0),
                             "both gain (in the zone)", "a party loses")
    df["nash_product"] = np.where(df["in_zone"].str.startswith("both"),
                                  df["gain_a"] * df["gain_b"], np.nan)
    pareto_set = set(map(str, pareto or []))
    df["pareto"] = np.where(df["package"].isin(pareto_set), "yes", "no")
    df["role"] = np.where(df["package"] == str(choice), "Nash choice", "package")
    hi = max(1.0, float(df[["u_a", "u_b"]].max().max()))
    lo = min(0.0, float(df[["u_a", "u_b"]].min().min()))
    xs = alt.Scale(domain=[lo, hi], nice=False)
    ys = alt.Scale(domain=[lo, hi], nice=False)
    zone = alt.Chart(pd.DataFrame({"x": [d[0]], "x2": [hi], "y": [d[1]], "y2": [hi]})).mark_rect(
        color=PALETTE["green"], opacity=0.12).encode(
        x=alt.X("x:Q", scale=xs), x2="x2:Q", y=alt.Y("y:Q", scale=ys), y2="y2:Q")
    dpoint = pd.DataFrame({"u_a": [d[0]], "u_b": [d[1]], "label": ["no deal"]})
    cross = alt.Chart(dpoint).mark_point(shape="cross", size=160, filled=True, color="black").encode(
        x=alt.X("u_a:Q", scale=xs), y=alt.Y("u_b:Q", scale=ys),
        tooltip=[alt.Tooltip("label:N", title="Point"),
                 alt.Tooltip("u_a:Q", title=f"{a}: utility with no deal", format=".2f"),
                 alt.Tooltip("u_b:Q", title=f"{b}: utility with no deal", format=".2f")])
    cross_label = alt.Chart(dpoint).mark_text(align="right", dx=-9, dy=-9, fontSize=11,
                                              fontWeight="bold").encode(
        x=alt.X("u_a:Q", scale=xs), y=alt.Y("u_b:Q", scale=ys), text="label:N")
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
    zone_colour = alt.Color("in_zone:N", title=None,
                            scale=alt.Scale(domain=["both gain (in the zone)", "a party loses"],
                                            range=[PALETTE["green"], PALETTE["grey"]]),
                            legend=alt.Legend(orient="bottom"))
    dots = alt.Chart(df).mark_point(filled=True, size=120, opacity=0.9).encode(
        x=alt.X("u_a:Q", scale=xs, title=f"Utility for {a} (0–1)"),
        y=alt.Y("u_b:Q", scale=ys, title=f"Utility for {b} (0–1)"),
        color=zone_colour,
        shape=alt.Shape("in_zone:N", scale=alt.Scale(domain=["both gain (in the zone)", "a party loses"],
                                                      range=["circle", "square"]), legend=None),
        tooltip=tooltip)
    labels = alt.Chart(df).mark_text(align="left", dx=9, dy=-8, fontSize=12).encode(
        x=alt.X("u_a:Q", scale=xs), y=alt.Y("u_b:Q", scale=ys), text="label:N", tooltip=tooltip)
    layers = [zone, cross, cross_label, dots, labels]
    if choice is not None and str(choice) in set(df["package"]):
        chosen = df[df["package"] == str(choice)].assign(text="Nash choice")
        layers.append(alt.Chart(chosen).mark_point(shape="circle", size=600, strokeWidth=2.5,
                                                   color=PALETTE["vermillion"], filled=False).encode(
            x=alt.X("u_a:Q", scale=xs), y=alt.Y("u_b:Q", scale=ys), tooltip=tooltip))
        layers.append(alt.Chart(chosen).mark_text(align="left", dx=9, dy=8, fontSize=11,
                                                  fontWeight="bold", color=PALETTE["vermillion"]).encode(
            x=alt.X("u_a:Q", scale=xs), y=alt.Y("u_b:Q", scale=ys), text="text:N"))
        chosen_label = chosen["label"].iloc[0]
        verdict = f"The Nash bargaining choice is {chosen_label}."
    else:
        verdict = "No package leaves both parties better off than no deal: there is no zone of possible agreement."
    n_zone = int(df["in_zone"].str.startswith("both").sum())
    description = (
        f"Utilities of {len(df)} packages for {a} (across) and {b} (up). No deal gives {a} "
        f"{d[0]:.2f} and {b} {d[1]:.2f}. {n_zone} packages leave both better off. {verdict}"
    )
    return alt.layer(*layers).properties(
        title=_title("Which package would both sides sign?",
                     ["Black cross: no deal (the disagreement point). Shaded: better than no deal "
                      "for both (the zone of possible agreement).",
                      "Ringed: the Nash bargaining choice, the largest product of the two gains."]),
        description=description, width=380, height=380,
    )


def outcome_probabilities(outcomes: pd.DataFrame | pd.Series | Sequence[float] | np.ndarray,
                          frame: pd.DataFrame | None = None,
                          scale: Mapping[str, Any] | None = None,
                          bins: int = 20) -> alt.LayerChart:
    """How often each outcome comes up when the codings are uncertain.

    Parameters
    ----------
    outcomes : DataFrame, Series or array
        Either the outcome of every draw (an array, as
        :func:`conflictlab.models.monte_carlo` returns it), or a summary with
        columns ``outcome, probability`` (a Series: outcome → probability).
        Draws with few distinct values (the weighted median lands on an
        actor's position) get one bar each; many distinct values (the mean)
        are grouped into ``bins`` intervals.
    frame : DataFrame, optional
        The issue's frame, to name the actors whose positions the outcomes are.
    scale : mapping, optional
        The issue's scale, for the axis title.
    bins : int
        Number of intervals for continuous outcomes.
    """
    what = "outcome_probabilities(outcomes)"
    if isinstance(outcomes, pd.DataFrame):
        df = _require(outcomes, ["outcome", "probability"], what)
        df["outcome"] = _numeric(df, "outcome", what)
        df["probability"] = _numeric(df, "probability", what)
        n_draws = None
    else:
        if isinstance(outcomes, pd.Series) and not pd.api.types.is_integer_dtype(outcomes.index) \
                and outcomes.index.dtype.kind in "f" and np.isclose(outcomes.sum(), 1.0):
            df = pd.DataFrame({"outcome": outcomes.index.astype(float),
                               "probability": outcomes.to_numpy(dtype=float)})
            n_draws = None
        else:
            values = np.asarray(outcomes, dtype=float).ravel()
            values = values[np.isfinite(values)]
            if values.size == 0:
                raise ValueError(f"{what}: there are no outcomes to draw.")
            n_draws = values.size
            distinct, counts = np.unique(np.round(values, 6), return_counts=True)
            if distinct.size <= 30:
                df = pd.DataFrame({"outcome": distinct, "probability": counts / values.size})
            else:
                edges = np.histogram_bin_edges(values, bins=bins)
                counts, edges = np.histogram(values, bins=edges)
                df = pd.DataFrame({"outcome": (edges[:-1] + edges[1:]) / 2,
                                   "start": edges[:-1], "end": edges[1:],
                                   "probability": counts / values.size})
    if len(df) == 0:
        raise ValueError(f"{what}: there are no outcomes to draw.")
    df["who"] = ""
    if frame is not None and {"actor", "position"} <= set(frame.columns):
        pos = pd.to_numeric(frame["position"], errors="coerce")
        df["who"] = df["outcome"].map(lambda v: ", ".join(
            frame.loc[np.isclose(pos, v), "actor"].astype(str)))
    df["label"] = df["outcome"].map(_fmt)
    low, high, _, axis_title = _scale_parts(scale, df["outcome"])
    tooltip = [alt.Tooltip("label:N", title="Outcome"),
               alt.Tooltip("probability:Q", title="Probability", format=".1%"),
               alt.Tooltip("who:N", title="Position of")]
    y = alt.Y("probability:Q", title="Probability", axis=alt.Axis(format="%"))
    if "start" in df:
        bars = alt.Chart(df).mark_bar(color=PALETTE["blue"]).encode(
            x=alt.X("start:Q", title=axis_title, bin="binned",
                    scale=alt.Scale(domain=[min(low, df["start"].min()), max(high, df["end"].max())])),
            x2="end:Q", y=y,
            tooltip=[alt.Tooltip("start:Q", title="From", format=".1f"),
                     alt.Tooltip("end:Q", title="To", format=".1f"),
                     alt.Tooltip("probability:Q", title="Probability", format=".1%")])
        layers = [bars]
    else:
        order = list(df.sort_values("outcome")["label"])
        x = alt.X("label:N", sort=order, title=axis_title, axis=alt.Axis(labelAngle=0))
        bars = alt.Chart(df).mark_bar(color=PALETTE["blue"]).encode(x=x, y=y, tooltip=tooltip)
        text = alt.Chart(df).mark_text(dy=-6, fontSize=11).encode(
            x=x, y=y, text=alt.Text("probability:Q", format=".0%"), tooltip=tooltip)
        names = alt.Chart(df[df["who"] != ""]).mark_text(dy=-20, fontSize=10, color="#555555").encode(
            x=x, y=y, text="who:N")
        layers = [bars, text, names]
    best = df.sort_values("probability", ascending=False).iloc[0]
    description = (
        f"Probability of each outcome{f' over {n_draws:,} draws' if n_draws else ''}. "
        f"The most likely is {best['label']}"
        + (f" ({best['who']})" if best["who"] else "") + f" with {best['probability']:.0%}."
    )
    subtitle = (f"Share of {n_draws:,} simulated codings that end at each outcome."
                if n_draws else "Share of simulated codings that end at each outcome.")
    return alt.layer(*layers).properties(
        title=_title("How likely is each outcome?", subtitle),
        description=description, width=440, height=260,
    )


def tornado(table: pd.DataFrame, base: float | None = None,
            scale: Mapping[str, Any] | None = None) -> alt.LayerChart:
    """Which codings move the forecast most (a tornado chart).

    Parameters
    ----------
    table : DataFrame
        One row per input changed: ``input`` (e.g. "Russia salience"),
        ``low`` and ``high`` (the outcome when the input is lowered and
        raised), as :func:`conflictlab.models.tornado` returns it; columns
        ``actor`` and ``field`` are used to build ``input`` when it is absent.
        Drawn in the order of the swing, largest on top.
    base : float, optional
        The outcome with the coded values, drawn as a vertical rule.
    scale : mapping, optional
        The issue's scale, for the axis range and title.
    """
    what = "tornado(table)"
    if isinstance(table, pd.DataFrame) and "input" not in table.columns \
            and {"actor", "field"} <= set(table.columns):
        table = table.assign(input=table["actor"].astype(str) + " " + table["field"].astype(str))
    df = _require(table, ["input", "low", "high"], what)
    df["low"] = _numeric(df, "low", what)
    df["high"] = _numeric(df, "high", what)
    df["input"] = df["input"].astype(str)
    df["from"] = df[["low", "high"]].min(axis=1)
    df["to"] = df[["low", "high"]].max(axis=1)
    df["swing"] = df["to"] - df["from"]
    df = df.sort_values("swing", ascending=False, kind="stable")
    order = list(df["input"])
    tooltip = [alt.Tooltip("input:N", title="Input changed"),
               alt.Tooltip("low:Q", title="Outcome with the input lowered", format=".1f"),
               alt.Tooltip("high:Q", title="Outcome with the input raised", format=".1f"),
               alt.Tooltip("swing:Q", title="Swing", format=".1f")]
    y = alt.Y("input:N", sort=order, title="Input changed (one at a time)")
    if scale:
        low, high, _, axis_title = _scale_parts(scale, df["from"])
        x_scale = alt.Scale(domain=[min(low, df["from"].min()), max(high, df["to"].max())], nice=False)
        x_title = f"Forecast when the input is lowered or raised — {axis_title}"
    else:
        x_scale = alt.Scale(zero=False)
        x_title = "Forecast when the input is lowered or raised"
    bars = alt.Chart(df).mark_bar(height=alt.RelativeBandSize(0.7), color=PALETTE["orange"]).encode(
        x=alt.X("from:Q", title=x_title, scale=x_scale), x2="to:Q",
        y=y, tooltip=tooltip)
    low_pts = alt.Chart(df).mark_tick(color=PALETTE["blue"], thickness=3).encode(
        x="low:Q", y=y, tooltip=tooltip)
    layers = [bars, low_pts]
    if base is not None:
        base_df = pd.DataFrame({"base": [float(base)], "text": [f"as coded: {_fmt(base)}"]})
        layers.append(alt.Chart(base_df).mark_rule(color="black", strokeDash=[4, 3], strokeWidth=2)
                      .encode(x="base:Q", tooltip=[alt.Tooltip("text:N", title="Forecast")]))
        layers.append(alt.Chart(base_df).mark_text(align="center", dy=-8, y=0, fontSize=11)
                      .encode(x="base:Q", text="text:N"))
    top = df.iloc[0]
    moving = int((df["swing"] > 1e-9).sum())
    description = (
        f"Tornado chart of {len(df)} inputs, sorted by how far each moves the forecast. "
        f"{moving} of them move it at all; the largest swing is {top['input']}, "
        f"from {_fmt(top['from'])} to {_fmt(top['to'])}."
        + (f" The coded forecast is {_fmt(base)}." if base is not None else "")
    )
    return alt.layer(*layers).properties(
        title=_title("What drives the forecast?",
                     "Each bar: the forecast's range when one coding is lowered and raised, "
                     "the others kept. Blue tick: lowered."),
        description=description, width=420, height=alt.Step(20),
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
        raise ValueError(f"{what}: column 'certainty' has {unknown[0]!r}; "
                         f"allowed are {', '.join(CERTAINTY)}.")
    for col in ("marker", "attributed_to", "evidence"):
        if col not in df:
            df[col] = ""
        df[col] = df[col].fillna("").astype(str)
    df["who"] = _names(df["attributed_to"], actors).where(df["attributed_to"] != "", "")
    df = df.sort_values(["certainty", "claim_id"])
    df["n"] = df.groupby("certainty").cumcount() + 1
    present = [c for c in CERTAINTY if c in set(df["certainty"])]
    counts = df["certainty"].value_counts()
    count_df = pd.DataFrame({"certainty": present,
                             "count": [int(counts[c]) for c in present]})
    tooltip = [alt.Tooltip("claim_id:N", title="Claim"),
               alt.Tooltip("claim:N", title="What is claimed"),
               alt.Tooltip("certainty:N", title="Certainty"),
               alt.Tooltip("marker:N", title="Signalling words"),
               alt.Tooltip("who:N", title="Attributed to"),
               alt.Tooltip("evidence:N", title="Evidence (article)")]
    y = alt.Y("certainty:N", sort=CERTAINTY, title="How the article presents it")
    colours = [PALETTE["blue"], PALETTE["sky"], PALETTE["green"], PALETTE["orange"],
               PALETTE["vermillion"], PALETTE["purple"]]
    squares = alt.Chart(df).mark_square(size=150, opacity=1).encode(
        x=alt.X("n:Q", title="Number of claims", axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domain=[0, int(counts.max()) + 2])),
        y=y,
        color=alt.Color("certainty:N", sort=CERTAINTY, legend=None,
                        scale=alt.Scale(domain=CERTAINTY, range=colours)),
        tooltip=tooltip)
    totals = alt.Chart(count_df).mark_text(align="left", dx=10, fontSize=12, fontWeight="bold").encode(
        x="count:Q", y=y, text="count:Q")
    description = ("Claims in the article by certainty: "
                   + ", ".join(f"{r.count} {r.certainty}" for r in count_df.itertuples()) + ".")
    return alt.layer(squares, totals).properties(
        title=_title("How sure is the article? Claims by certainty",
                     "One square per claim; hover to read it and the words that signal its certainty."),
        description=description, width=420, height=alt.Step(30),
    )
