"""Charts of the spatial models: lesson 04.

positions              actors on an issue scale, sized by influence, with the
                       weighted median and mean
vary_coding            forecasts as one actor's coding runs through a range
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd

from .. import models
from .._text import number as _number
from ._common import (
    anchor_axis,
    chart_title,
    numeric,
    require,
    scale_parts,
)
from ._live import instance_names, json_records, live_params, param_rows
from .theme import GREYS, PALETTE

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
        For each model (``"median"``, ``"mean"``, ``"condorcet"``, ``"expected_utility"``),
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
    unknown = [str(m) for m in results if m not in models.MODEL_NAMES]
    if unknown:
        raise ValueError(
            f"{what}: {unknown[0]!r} is not a model; the models are {', '.join(models.MODEL_NAMES)}."
        )
    parts = []
    for model, table in results.items():
        df = require(table, ["value", "forecast"], f"vary_coding(results[{model!r}])")
        df["value"] = numeric(df, "value", f"vary_coding(results[{model!r}])")
        df["forecast"] = pd.to_numeric(df["forecast"], errors="coerce")
        parts.append(df[["value", "forecast"]].assign(model=model, outcome=models.MODEL_NAMES[model]))
    every = pd.concat(parts, ignore_index=True)
    long = every.dropna(subset=["forecast"])
    if long.empty:
        raise ValueError(f"{what}: no model gave a forecast for any value; there is nothing to draw.")
    models_present = list(results)

    coded = None
    others = pd.DataFrame(columns=["position", "who"])
    if frame is not None:
        fr = require(frame, ["actor", "position"], "vary_coding(frame)")
        fr["position"] = numeric(fr, "position", "vary_coding(frame)")
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

    low, high, _, axis_title = scale_parts(scale, list(long["forecast"]) + list(others["position"]))
    low = min(low, float(long["forecast"].min()))
    high = max(high, float(long["forecast"].max()))
    y_scale = alt.Scale(domain=[low, high], nice=False, zero=False)
    x_scale = alt.Scale(
        domain=[float(every["value"].min()), float(every["value"].max())], nice=False, zero=False
    )
    whose = _possessive(actor)
    names = [models.MODEL_NAMES[m] for m in models_present]
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
            guide.mark_text(align="left", dx=6, fontSize=10, color=GREYS["note"]).encode(
                x=alt.value(VARY_WIDTH), text="who:N", y=alt.Y("position:Q", scale=y_scale)
            )
        )
    for model in models_present:
        part = long[long["model"] == model]
        if part.empty:
            continue
        interpolate: Literal["step-after", "linear"] = "step-after" if model in _STEPPED else "linear"
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
            f"the {models.MODEL_NAMES[model]} runs from {_number(series['forecast'].iloc[0])} "
            f"to {_number(series['forecast'].iloc[-1])}, changing {changes} times"
        )
    description = (
        f"Forecasts as {whose} {field} goes from {_number(every['value'].iloc[0])} to "
        f"{_number(every['value'].iloc[-1])}, everything else as coded: " + "; ".join(sentences) + "."
    )
    return alt.LayerChart(layer=layers).properties(
        title=chart_title(
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


# positions ------------------------------------------------------------------

#: How each model's outcome is drawn: (colour, dash), by model key (:data:`conflictlab.models.MODELS`).
MODEL_STYLES: dict[str, tuple[str, list[int]]] = {
    "median": (PALETTE["vermillion"], [1, 0]),
    "mean": (PALETTE["green"], [6, 4]),
    "condorcet": (PALETTE["purple"], [2, 2]),
    "expected_utility": (PALETTE["black"], [8, 3, 2, 3]),
}
if set(MODEL_STYLES) != set(models.MODELS):  # pragma: no cover - a model added without a style
    raise RuntimeError(
        f"charts.MODEL_STYLES styles {sorted(MODEL_STYLES)}, but the models are {models.MODELS}"
    )
#: The same styles by the outcome's label, the model's name (:data:`conflictlab.models.MODEL_NAMES`).
RULE_STYLES = {models.MODEL_NAMES[key]: style for key, style in MODEL_STYLES.items()}
_ACTOR_FIELDS = ["actor", "position", "capability", "salience", "share", "rationale", "order"]
_RULE_FIELDS = ["outcome", "value", "text", "slot", "colour", "right"]
MAX_RULES = 4


def _positions_frame(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    df = require(frame, ["actor", "position", "capability", "salience"], what)
    for col in ("position", "capability", "salience"):
        df[col] = numeric(df, col, what)
    df["actor"] = df["actor"].astype(str)
    try:
        df["share"] = models.influence(df).to_numpy()
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}.") from None
    if "rationale" not in df:
        df["rationale"] = ""
    df["rationale"] = df["rationale"].fillna("").astype(str)
    df["order"] = df["position"].rank(method="first").astype(int)
    return df


#: The outcomes :func:`positions` marks unless told otherwise.
DEFAULT_RULES = ("median", "mean")


def _default_rules(df: pd.DataFrame) -> dict[str, float | None]:
    """The forecasts of :data:`DEFAULT_RULES`, by model name, from :func:`conflictlab.models.forecast`."""
    return {models.MODEL_NAMES[m]: models.forecast(df, m) for m in DEFAULT_RULES}


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
    return {"cl_actors": json_records(df, _ACTOR_FIELDS), "cl_rules": rule_rows}


def _describe_positions(df: pd.DataFrame, values: Mapping[str, list], axis_title: str) -> str:
    marks = [(r["outcome"], r["value"]) for r in values["cl_rules"]]
    top = df.sort_values("share", ascending=False)
    return (
        f"Positions of {len(df)} actors on {axis_title}, dot size showing influence. "
        + "; ".join(
            f"{actor} at {_number(position)} with {share:.0%} of the influence"
            for actor, position, share in zip(top["actor"], top["position"], top["share"], strict=True)
        )
        + ". "
        + "; ".join(f"{k}: {_number(v)}" for k, v in marks)
        + ("." if marks else "")
    )


def positions_description(
    frame: pd.DataFrame,
    scale: Mapping[str, Any] | None = None,
    rules: Mapping[str, float | None] | None = None,
) -> str:
    """The description (the accessible name) :func:`positions` gives its chart for these inputs.

    A panel that redraws the chart with :func:`positions_values` gives it this
    text too, so that a screen reader hears what the chart now shows.
    """
    df = _positions_frame(frame, "positions_description(frame)")
    if rules is None:
        rules = _default_rules(df)
    axis_title = scale_parts(scale, df["position"])[3]
    # the rules' labels and values do not depend on the axis range (only which side a label sits)
    return _describe_positions(df, positions_values(df, rules), axis_title)


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
        Its rows live in the parameters of keys ``cl_actors`` and ``cl_rules``
        (see :func:`positions_values`).
    """
    what = "positions(frame)"
    df = _positions_frame(frame, what)
    if rules is None:
        rules = _default_rules(df)
    low, high, anchors, axis_title = scale_parts(scale, df["position"])
    low = min(low, float(df["position"].min()))
    high = max(high, float(df["position"].max()))
    values = positions_values(df, rules, low, high)
    params = instance_names(*values)
    n = len(df)

    x_scale = alt.Scale(domain=[low, high], nice=False, zero=False, padding=14)
    x_axis = anchor_axis(low, high, anchors)
    tooltip = [
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("position:Q", title="Position", format=".4~f"),
        alt.Tooltip("salience:Q", title="Salience (0–1)", format=".2~f"),
        alt.Tooltip("capability:Q", title="Capability", format=".4~f"),
        alt.Tooltip("share:Q", title="Share of influence", format=".0%"),
        alt.Tooltip("rationale:N", title="Why coded so (an estimate)"),
    ]
    actors_base = param_rows(params["cl_actors"], n, _ACTOR_FIELDS).encode(
        y=alt.Y("actor:N", sort=alt.EncodingSortField("order", op="min"), title=None, axis=None)
    )
    lines = (
        actors_base.transform_calculate(lo=str(low), hi=str(high))
        .mark_rule(color=GREYS["grid"])
        .encode(x=alt.X("lo:Q", scale=x_scale), x2="hi:Q")
    )
    dots = actors_base.mark_circle(opacity=0.85, stroke="white", strokeWidth=1).encode(
        x=alt.X("position:Q", title=axis_title, scale=x_scale, axis=x_axis),
        size=alt.Size(
            "share:Q",
            title="Share of influence (capability × salience)",
            scale=alt.Scale(range=[30, 1200], zero=True),
            legend=alt.Legend(orient="bottom", format=".0%"),
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
    rule_base = param_rows(params["cl_rules"], MAX_RULES, _RULE_FIELDS)
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
    description = _describe_positions(df, values, axis_title)
    subtitle = [
        "Each dot is an actor; its size is its influence (capability × salience).",
        "Codings are estimates: move them and watch the outcome.",
    ]
    return (
        alt.LayerChart(layer=layers)
        .add_params(*live_params(params, values))
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
