"""Charts of the article's facts: lessons 00–03 and 08.

timeline               events with stated / relative / inferred / undated dates
stance_heatmap         actor × issue stances (for, against, mixed)
relation_matrix        who is friendly or hostile to whom, before and after
hurdle_tracker         each issue's status: removed, agreed in principle,
                       diminished or remaining
evidence_map           where the facts come from: each fact above the paragraph it quotes
claims_by_certainty    the article's claims, grouped by how sure it is of them
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from .. import data
from .._text import and_list as _and_list
from .._text import number as _number
from ._common import (
    categories,
    chart_title,
    display_names,
    ink_for,
    numeric,
    require,
    short_names,
    unknown_value,
)
from .theme import CATEGORY, GREYS, PALETTE

# ---------------------------------------------------------------- facts charts

DATE_KINDS = categories("events", "date_known", ["stated", "relative", "inferred", "undated"])
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
    df = require(events, ["event_id", "description", "date_known", "earliest", "latest"], what)
    unknown = sorted(set(df["date_known"].astype(str)) - set(DATE_KINDS))
    if unknown:
        raise unknown_value(what, "date_known", unknown[0], DATE_KINDS)
    for col in ("date_text", "date_basis", "evidence"):
        if col not in df:
            df[col] = ""
    df["date_text"] = df["date_text"].fillna("").astype(str).replace("", "(no time words)")
    if "actors" in df:
        df["actor_names"] = (
            df["actors"]
            .fillna("")
            .astype(str)
            .map(lambda s: ", ".join(display_names(pd.Series([a for a in s.split(";") if a]), actors)))
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
    event_axis: dict[str, Any] = dict(
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
    top = alt.LayerChart(layer=[bars, ends]).properties(width=400, height=height)
    if loose.empty:
        return top.properties(
            title=chart_title("When did it happen? Events in the article", subtitle), description=description
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
            title=chart_title("When did it happen? Events in the article", subtitle),
            description=description,
        )
        .resolve_scale(color="independent")
    )


STANCES = categories("stances", "stance", ["for", "mixed", "against"])
STANCE_COLOURS = [PALETTE["blue"], PALETTE["yellow"], PALETTE["vermillion"]]


def stance_heatmap(
    stances: pd.DataFrame, actors: pd.DataFrame | None = None, issues: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Actor × issue grid of stances: for, against or mixed.

    Each cell is coloured (blue = for, dark yellow = mixed, vermillion = against)
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
    df = require(stances, ["actor_id", "issue_id", "stance"], what)
    unknown = sorted(set(df["stance"].astype(str)) - set(STANCES))
    if unknown:
        raise unknown_value(what, "stance", unknown[0], STANCES)
    for col in ("summary", "evidence"):
        if col not in df:
            df[col] = ""
    df["actor"] = display_names(df["actor_id"], actors)
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
        color=ink_for("stance", STANCES, STANCE_COLOURS),
    )
    counts = df["stance"].value_counts()
    description = (
        f"Grid of {len(df)} stances, {df['actor'].nunique()} actors by {df['issue'].nunique()} issues: "
        f"{int(counts.get('for', 0))} for, {int(counts.get('against', 0))} against, "
        f"{int(counts.get('mixed', 0))} mixed. Empty cells: the article gives no stance."
    )
    return alt.LayerChart(layer=[cells, words]).properties(
        title=chart_title(
            "Who stands where? Stances on the issues",
            "Blue = for, dark yellow = mixed, vermillion = against the issue's statement; "
            "empty = the article does not say.",
        ),
        description=description,
        width=alt.Step(62),
        height=alt.Step(26),
    )


SIGNS = dict(
    zip(
        categories("relations", "sign", [-1, 0, 1]),
        ["hostile (−1)", "neutral (0)", "friendly (+1)"],
        strict=True,
    )
)
PERIODS = dict(
    zip(
        categories("relations", "period", ["before", "after"]),
        ["Before the September 2023 offensive", "After it"],
        strict=True,
    )
)
#: The colours of friendly, neutral and hostile relations (each cell also shows the sign as a symbol).
RELATION_COLOURS = [PALETTE["blue"], PALETTE["grey"], PALETTE["vermillion"]]


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
    df = require(relations, ["source", "target", "sign", "period"], what)
    df["sign"] = numeric(df, "sign", what).astype(int)
    if not df["sign"].isin(list(SIGNS)).all():
        raise unknown_value(
            what, "sign", int(df.loc[~df["sign"].isin(list(SIGNS)), "sign"].iloc[0]), list(SIGNS)
        )
    unknown = sorted(set(df["period"].astype(str)) - set(PERIODS))
    if unknown:
        raise unknown_value(what, "period", unknown[0], list(PERIODS))
    for col in ("trend", "summary", "evidence"):
        if col not in df:
            df[col] = ""
    df["from"] = display_names(df["source"], actors)
    df["to"] = display_names(df["target"], actors)
    df["from_label"] = short_names(df["source"], actors)  # the axes; tooltips keep the full names
    df["to_label"] = short_names(df["target"], actors)
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
                range=RELATION_COLOURS,
            ),
        )
    )
    marks = base.mark_text(fontSize=14, fontWeight="bold").encode(
        text="symbol:N",
        color=ink_for("relation", [SIGNS[1], SIGNS[0], SIGNS[-1]], RELATION_COLOURS),
    )
    friendly = df[df["sign"] > 0].groupby("period").size()
    hostile = df[df["sign"] < 0].groupby("period").size()
    parts = [
        f"{PERIODS[p].lower()}: {int(friendly.get(p, 0))} friendly and {int(hostile.get(p, 0))} hostile"
        for p in PERIODS
        if p in set(df["period"])
    ]
    description = "Two grids of directed relations between actors. " + "; ".join(parts) + "."
    return (
        alt.LayerChart(layer=[cells, marks], data=df)
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
            title=chart_title(
                "The great realignment: relations before and after",
                "+ friendly (blue), − hostile (vermillion), 0 neutral; read from the row's "
                "actor towards the column's.",
            ),
            description=description,
        )
    )


#: Claims' certainties, from the surest to the author's own view.
CERTAINTY = categories(
    "claims",
    "certainty",
    ["stated as fact", "reported", "attributed", "hedged", "unconfirmed", "author's opinion"],
)


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
    df = require(claims, ["claim_id", "claim", "certainty"], what)
    unknown = sorted(set(df["certainty"].astype(str)) - set(CERTAINTY))
    if unknown:
        raise unknown_value(what, "certainty", unknown[0], CERTAINTY)
    for col in ("marker", "attributed_to", "evidence"):
        if col not in df:
            df[col] = ""
        df[col] = df[col].fillna("").astype(str)
    df["who"] = display_names(df["attributed_to"], actors).where(df["attributed_to"] != "", "")
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
    return alt.LayerChart(layer=[squares, totals]).properties(
        title=chart_title(
            "How sure is the article? Claims by certainty",
            "One square per claim; hover to read it and the words that signal its certainty.",
        ),
        description=description,
        width=420,
        height=alt.Step(30),
    )


# ---------------------------------------------------------------- issues

#: Hurdle statuses in the order the tracker shows them: from gone to still in the way.
HURDLE_STATUSES = categories(
    "issues", "status", ["removed", "agreed in principle", "diminished", "remaining"]
)
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
    df = require(issues, ["issue_id", "name", "status"], what)
    unknown = sorted(set(df["status"].astype(str)) - set(HURDLE_STATUSES))
    if unknown:
        raise unknown_value(what, "status", unknown[0], HURDLE_STATUSES)
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
    board = alt.Chart(grid).mark_rect(color=GREYS["backdrop"], stroke="white", strokeWidth=2).encode(x=x, y=y)
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
        color=ink_for("status", HURDLE_STATUSES, HURDLE_COLOURS),
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
    return alt.LayerChart(layer=[board, cells, words]).properties(
        title=chart_title(
            "Hurdle tracker: where each issue stands",
            "The status the article gives each issue, from gone (left) to still in the way "
            "(right). Hover for the quote.",
        ),
        description=description,
        width=alt.Step(125),
        height=alt.Step(26),
    )


#: The fact tables (:func:`conflictlab.data.fact_tables`), each with its shape in the evidence map.
FACT_TABLES = data.fact_tables()
FACT_SHAPES = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "triangle-right"]
if len(FACT_TABLES) > len(FACT_SHAPES):  # pragma: no cover - a fact table added to the schema
    raise RuntimeError(f"the evidence map has {len(FACT_SHAPES)} shapes for {len(FACT_TABLES)} fact tables")


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
    df = require(index, ["fact_id", "table", "paragraph"], what)
    df["paragraph"] = numeric(df, "paragraph", what)
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
    densest = int(counts.index[int(counts.argmax())])
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
        title=chart_title(
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
