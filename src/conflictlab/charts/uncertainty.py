"""Charts of uncertainty and of judging forecasts: lessons 07 and 09.

outcome_probabilities  how often each outcome comes up under uncertainty
tornado                which coding moves the forecast most
forecast_vs_outcome    probability forecasts against the outcome that happened,
                       with their Brier scores
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .. import models
from .._text import and_list as _and_list
from .._text import number as _number
from ._common import (
    chart_title,
    numeric,
    require,
    scale_parts,
)
from ._live import instance_names, json_records, live_params, param_rows
from .theme import CATEGORY, GREYS, PALETTE, ink_on

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
        df = require(outcomes, ["outcome", "probability"], what)
        df["outcome"] = numeric(df, "outcome", what)
        df["probability"] = numeric(df, "probability", what)
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
        try:
            table = models.outcome_histogram(outcomes, intervals=bins, max_distinct=MAX_DISTINCT)
        except ValueError as exc:
            raise ValueError(f"{what}: {exc}.") from None
        n_draws = int(table["count"].sum())
        if table["kind"].eq("point").all():  # drawn as bars around each outcome, below
            df = table[["outcome", "probability"]]
        else:
            df = table[["outcome", "start", "end", "kind", "probability"]]
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
        low, high, _, title = scale_parts(scale, [0, 1])
        return low, high, title
    if frame is not None and "position" in frame:
        pos = pd.to_numeric(frame["position"], errors="coerce").dropna()
        if len(pos):
            low, high, _, _ = scale_parts(None, pos)
            return low, high, "Outcome (position on the issue)"
    if isinstance(outcomes, pd.DataFrame) and "outcome" in outcomes:
        vals = pd.to_numeric(outcomes["outcome"], errors="coerce").dropna()
    elif isinstance(outcomes, pd.Series) and outcomes.index.dtype.kind in "if":
        vals = pd.Series(outcomes.index, dtype=float)
    else:
        vals = pd.Series(np.asarray(outcomes, dtype=float).ravel()).dropna()
    if len(vals) == 0:
        return 0.0, 1.0, "Outcome"
    low, high, _, _ = scale_parts(None, vals)
    return low, high, "Outcome (position on the issue)"


def outcome_probabilities_values(
    outcomes: Any, frame: pd.DataFrame | None = None, scale: Mapping[str, Any] | None = None, bins: int = 20
) -> dict[str, list]:
    """The parameter values behind :func:`outcome_probabilities` for new outcomes."""
    low, high, _ = _outcome_range(scale, frame, outcomes)
    df, _ = _outcome_frame(outcomes, frame, low, high, bins, "outcome_probabilities(outcomes)")
    return {"cl_outcomes": json_records(df, _OUTCOME_FIELDS)}


def _describe_outcomes(df: pd.DataFrame, n_draws: int | None) -> str:
    best = df.sort_values("probability", ascending=False).iloc[0]
    return (
        f"Probability of each outcome{f' over {n_draws:,} draws' if n_draws else ''}. "
        f"The most likely is {best['label']}"
        + (f" ({best['who']})" if best["who"] else "")
        + f" with {best['probability']:.0%}."
    )


def outcome_probabilities_description(
    outcomes: Any, frame: pd.DataFrame | None = None, scale: Mapping[str, Any] | None = None, bins: int = 20
) -> str:
    """The description (the accessible name) :func:`outcome_probabilities` gives its chart for
    these outcomes; a panel that redraws the chart with :func:`outcome_probabilities_values`
    gives it this too."""
    low, high, _ = _outcome_range(scale, frame, outcomes)
    df, n_draws = _outcome_frame(
        outcomes, frame, low, high, bins, "outcome_probabilities_description(outcomes)"
    )
    return _describe_outcomes(df, n_draws)


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
        Its rows live in the parameter of key ``cl_outcomes``
        (see :func:`outcome_probabilities_values`).
    """
    what = "outcome_probabilities(outcomes)"
    low, high, axis_title = _outcome_range(scale, frame, outcomes)
    df, n_draws = _outcome_frame(outcomes, frame, low, high, bins, what)
    values = {"cl_outcomes": json_records(df, _OUTCOME_FIELDS)}
    params = instance_names(*values)
    low = min(low, float(df["start"].min()))
    high = max(high, float(df["end"].max()))
    xs = alt.Scale(domain=[low, high], nice=False, zero=False)
    ys = alt.Scale(zero=True, nice=True)
    tooltip = [
        alt.Tooltip("label:N", title="Outcome"),
        alt.Tooltip("probability:Q", title="Probability", format=".1%"),
        alt.Tooltip("who:N", title="Position of"),
    ]
    base = param_rows(params["cl_outcomes"], MAX_OUTCOME_ROWS, _OUTCOME_FIELDS)
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
        .mark_text(dy=-20, fontSize=10, color=GREYS["note"])
        .encode(x=alt.X("outcome:Q", scale=xs), y=y, text="who:N")
    )
    description = _describe_outcomes(df, n_draws)
    subtitle = (
        f"Share of {n_draws:,} simulated codings that end at each outcome."
        if n_draws
        else "Share of simulated codings that end at each outcome."
    )
    return (
        alt.LayerChart(layer=[bars, pct, names])
        .add_params(*live_params(params, values))
        .properties(
            title=chart_title("How likely is each outcome?", subtitle),
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
    df = require(table, ["input", "low", "high"], what)
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
        "cl_tornado": json_records(df, _TORNADO_FIELDS),
        "cl_base": [] if base is None else [{"base": float(base), "text": f"as coded: {_number(base)}"}],
    }


def _describe_tornado(df: pd.DataFrame, base: float | None) -> str:
    top = df.iloc[0]
    moving = int((df["swing"].fillna(0) > 1e-9).sum())
    return (
        f"Tornado chart of {len(df)} inputs, sorted by how far each moves the forecast. "
        f"{moving} of them move it at all; the largest swing is {top['input']}, "
        f"from {_number(top['from'])} to {_number(top['to'])}."
        + (f" The coded forecast is {_number(base)}." if base is not None else "")
    )


def tornado_description(table: pd.DataFrame, base: float | None = None) -> str:
    """The description (the accessible name) :func:`tornado` gives its chart for this table; a
    panel that redraws the chart with :func:`tornado_values` gives it this too."""
    return _describe_tornado(_tornado_frame(table, "tornado_description(table)"), base)


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
        Its rows live in the parameters of keys ``cl_tornado`` and ``cl_base``
        (see :func:`tornado_values`).
    """
    what = "tornado(table)"
    df = _tornado_frame(table, what)
    values = tornado_values(table, base)
    params = instance_names(*values)
    n = len(df)
    if scale:
        low, high, _, axis_title = scale_parts(scale, df["from"])
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
    rows = param_rows(params["cl_tornado"], n, _TORNADO_FIELDS)
    y = alt.Y("input:N", sort=alt.EncodingSortField("order", op="min"), title="Coding changed")
    bars = rows.mark_bar(height=alt.RelativeBandSize(0.7), color=PALETTE["orange"]).encode(
        x=alt.X("from:Q", title=x_title, scale=x_scale), x2="to:Q", y=y, tooltip=tooltip
    )
    low_ticks = rows.mark_tick(color=PALETTE["blue"], thickness=3).encode(
        x=alt.X("low:Q", scale=x_scale), y=y, tooltip=tooltip
    )
    base_rows = param_rows(params["cl_base"], 1, ["base", "text"])
    rule = base_rows.mark_rule(color="black", strokeDash=[4, 3], strokeWidth=2).encode(
        x=alt.X("base:Q", scale=x_scale), tooltip=[alt.Tooltip("text:N", title="Forecast")]
    )
    rule_text = base_rows.mark_text(align="center", dy=-8, y=0, fontSize=11).encode(
        x=alt.X("base:Q", scale=x_scale), text="text:N"
    )
    description = _describe_tornado(df, base)
    return (
        alt.LayerChart(layer=[bars, low_ticks, rule, rule_text])
        .add_params(*live_params(params, values))
        .properties(
            title=chart_title(
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
        table[col] = numeric(table, col, what)
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
    inks = [ink_on(c) for c in colours]  # black or white, whichever is clearer on the colour
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
                    "ink": inks[k] if k < len(inks) else PALETTE["black"],
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
    return alt.LayerChart(layer=[bars, labels, score_text]).properties(
        title=chart_title(
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
