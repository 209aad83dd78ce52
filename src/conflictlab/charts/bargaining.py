"""Charts of bargaining: lessons 05 and 06.

rounds                 positions across bargaining rounds (expected-utility model)
package_utilities      each package's utility for both parties, the
                       disagreement point and the Nash choice
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .. import data
from .._text import number as _number
from ._common import (
    chart_title,
    numeric,
    require,
    scale_parts,
)
from ._layout import Place, clusters, dodge, mark_box, overlap_area, spread_apart, text_box
from ._live import instance_names, json_records, live_params, param_rows
from .theme import GREYS, PALETTE

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


def actor_order_of(history: pd.DataFrame, order: Sequence[str] | None, what: str) -> list[str]:
    """The actor order a rounds chart draws with: ``order`` if given, else the one ``history`` carries.

    ``history.attrs[data.ACTOR_ORDER_ATTR]`` is set by :func:`conflictlab.data.frame` (the course's
    order of all its actors) and kept by :func:`conflictlab.models.simulate`; a history without
    it, and no ``order``, gives an empty list: the actors are drawn in the history's own order.
    """
    if order is None:
        order = history.attrs.get(data.ACTOR_ORDER_ATTR)
        if order is None:
            return []
    if isinstance(order, str) or not isinstance(order, Sequence):
        raise ValueError(f"{what}: order must be a list of actor names, got {type(order).__name__}.")
    names = [str(a) for a in order]
    repeated = [a for a in dict.fromkeys(names) if names.count(a) > 1]
    if repeated:
        raise ValueError(f"{what}: order names {repeated[0]!r} twice; name each actor once.")
    return names


def rounds_layout(
    history: pd.DataFrame, scale: Mapping[str, Any] | None = None, order: Sequence[str] | None = None
) -> dict[str, Any]:
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
        those of ``order`` first, in its order, then any others in the
        history's order), ``colours`` and ``shapes`` (one per actor of
        ``order``: an actor's colour and shape follow its place in the
        ``order`` given, so charts drawn with the same order agree).
    """
    what = "rounds(history)"
    df = require(history, ["round", "actor", "position"], what)
    df["round"] = numeric(df, "round", what).astype(int)
    df["position"] = numeric(df, "position", what)
    df["actor"] = df["actor"].astype(str)
    is_forecast = df["actor"].str.lower().eq("forecast")
    forecast = df[is_forecast][["round", "position"]]
    if forecast.empty and "forecast" in df:
        forecast = df.groupby("round")["forecast"].first().rename("position").reset_index()
        forecast["position"] = numeric(forecast, "position", what)
    actors_df = df[~is_forecast][["round", "actor", "position"]].reset_index(drop=True)
    if actors_df.empty:
        raise ValueError(
            f"{what}: the table has no actor rows, only the forecast — there is nothing to draw."
        )
    low, high, _, axis_title = scale_parts(scale, df["position"])
    low, high = min(low, float(df["position"].min())), max(high, float(df["position"].max()))
    per_pixel = (high - low) / ROUNDS_HEIGHT
    present = list(dict.fromkeys(actors_df["actor"]))
    known = actor_order_of(history, order, what)
    given = [a for a in known if a in present]
    slots = {a: i for i, a in enumerate(known)}
    drawn_order = given + [a for a in present if a not in given]
    for a in drawn_order:
        slots.setdefault(a, len(slots))
    rank = {a: i for i, a in enumerate(drawn_order)}

    gap = ROUNDS_DODGE * per_pixel
    drawn = actors_df["position"].copy()
    position = actors_df["position"].to_dict()
    actor = actors_df["actor"].to_dict()
    for _, rows in actors_df.groupby("round"):
        ordered = sorted(rows.index, key=lambda i: (position[i], rank[actor[i]]))
        heights = dodge([float(position[i]) for i in ordered], gap, low, high)
        for i, h in zip(ordered, heights, strict=False):
            drawn.at[i] = h
    actors_df["drawn"] = drawn

    last_round = int(actors_df["round"].max())
    last = actors_df[actors_df["round"] == last_round].set_index("actor")
    groups = clusters(last["position"], ROUNDS_DODGE * per_pixel)
    labels = pd.DataFrame(
        {
            "round": last_round,
            "text": [", ".join(sorted(g, key=lambda a: rank[a])) for g in groups],
            "position": [float(last.loc[g, "position"].mean()) for g in groups],
        }
    )
    labels["drawn"] = spread_apart(labels["position"].tolist(), ROUNDS_LABEL_GAP * per_pixel, high)
    return {
        "actors": actors_df,
        "labels": labels,
        "forecast": forecast.sort_values("round"),
        "domain": [low, high],
        "axis_title": axis_title,
        "order": drawn_order,
        "colours": [ROUNDS_COLOURS[slots[a] % len(ROUNDS_COLOURS)] for a in drawn_order],
        "shapes": [ROUNDS_SHAPES[slots[a] % len(ROUNDS_SHAPES)] for a in drawn_order],
    }


def rounds(
    history: pd.DataFrame, scale: Mapping[str, Any] | None = None, order: Sequence[str] | None = None
) -> alt.LayerChart:
    """Actors' positions across the rounds of the expected-utility bargaining model.

    Each actor is a line with a point per round (colour and shape name the
    actor); the model's forecast is a wide grey band with a dashed grey line along it (AA contrast), drawn beneath the lines,
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
    order : sequence of actor names, optional
        The order that gives each actor its colour, shape and place in the
        legend; an actor of ``order`` missing from ``history`` keeps its
        place, so charts of different issues drawn with one order give each
        actor the same colour. By default the order the history carries in
        ``history.attrs["actor_order"]`` — :func:`conflictlab.data.frame`
        puts the course's order of its actors there and
        :func:`conflictlab.models.simulate` keeps it — and otherwise the
        history's own order. Nothing is read from files.
    """
    layout = rounds_layout(history, scale, order)
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
        # The pale band alone is under 3:1 on white; a thin dashed line along it, in the full grey,
        # draws the forecast path at AA contrast for graphical objects (WCAG 2.1, 1.4.11).
        layers.append(
            alt.Chart(forecast)
            .mark_line(color=PALETTE["grey"], strokeWidth=1.5, strokeDash=[5, 3])
            .encode(x=x, y=alt.Y("position:Q", title=layout["axis_title"], scale=y_scale))
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
        .mark_text(align="left", baseline="middle", dx=9, fontSize=ROUNDS_LABEL_SIZE, color=GREYS["text"])
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
        "Each line is one actor's position; the wide grey band with a dashed line is the model's forecast.",
        "Actors at the same position are drawn side by side, a few pixels apart.",
    ]
    return alt.LayerChart(layer=layers).properties(
        title=chart_title("Bargaining round by round", subtitle),
        description=text,
        width=ROUNDS_WIDTH,
        height=ROUNDS_HEIGHT,
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
PACKAGE_LABEL_PLACES: list[Place] = [
    ("left", 9, -9),
    ("left", 9, 9),
    ("right", -9, -9),
    ("right", -9, 9),
    ("center", 0, -16),
    ("center", 0, 16),
]
#: Where the label of the ringed package (the Nash choice) may go: clear of its ring.
RINGED_LABEL_PLACES: list[Place] = [
    ("left", 17, -12),
    ("right", -17, -12),
    ("left", 17, 12),
    ("right", -17, 12),
]
#: Where the "Nash choice" label may go: below the ring or above it.
NASH_LABEL_PLACES: list[Place] = [("center", 0, 25), ("center", 0, -25)]
NO_DEAL_LABEL: Place = ("right", -9, -9)
#: How far labels may reach beyond the plot, in pixels (left, top, right, bottom): the right-hand
#: margin is free, since the legend is below the chart.
PACKAGE_LABEL_ROOM = (30.0, 6.0, 160.0, 6.0)
ZONE_IN = "both gain (in the zone)"
ZONE_OUT = "a party loses"


def _outside(box: tuple[float, float, float, float]) -> float:
    """How much of ``box`` lies beyond the room labels have (the plot and :data:`PACKAGE_LABEL_ROOM`)."""
    left, top, right, bottom = PACKAGE_LABEL_ROOM
    room = (-left, -top, PACKAGE_SIZE + right, PACKAGE_SIZE + bottom)
    return (box[2] - box[0]) * (box[3] - box[1]) - overlap_area(box, room)


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
    dots = [mark_box(x, y, PACKAGE_DOT) for x, y in zip(px, py, strict=False)]
    obstacles = [
        mark_box(cross_x, cross_y, PACKAGE_CROSS),
        text_box(cross_x, cross_y, "no deal", PACKAGE_NOTE_SIZE, NO_DEAL_LABEL),
    ]

    def best(boxes: list[tuple[float, float, float, float]], skip: int | None = None) -> int:
        def cost(box: tuple[float, float, float, float]) -> float:
            covered = sum(overlap_area(box, m) for j, m in enumerate(dots) if j != skip)
            return covered + sum(overlap_area(box, o) for o in obstacles) + _outside(box)

        costs = [cost(b) for b in boxes]
        return min(range(len(boxes)), key=lambda k: (costs[k] > 0, costs[k], k))

    places = [0] * len(df)
    nash_place = [0] * len(df)
    ringed = [int(i) for i in np.flatnonzero(df["choice"].to_numpy(dtype=bool))][:1]
    for i in ringed:
        obstacles.append(mark_box(px[i], py[i], PACKAGE_RING, pad=2.0))
        boxes = [text_box(px[i], py[i], "Nash choice", PACKAGE_NOTE_SIZE, p) for p in NASH_LABEL_PLACES]
        nash_place[i] = best(boxes)
        obstacles.append(boxes[nash_place[i]])
    for i in ringed + sorted((j for j in range(len(df)) if j not in ringed), key=lambda j: (py[j], px[j])):
        choices = RINGED_LABEL_PLACES if i in ringed else PACKAGE_LABEL_PLACES
        first = len(PACKAGE_LABEL_PLACES) if i in ringed else 0
        boxes = [text_box(px[i], py[i], df["label"].iloc[i], PACKAGE_LABEL_SIZE, p) for p in choices]
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
        "cl_packages": json_records(df, _PACKAGE_FIELDS),
        "cl_disagreement": [{"u_a": d[0], "u_b": d[1], "label": "no deal"}],
    }


def _describe_packages(df: pd.DataFrame, d: Sequence[float], a: str, b: str) -> str:
    picked = df[df["choice"]]
    if len(picked):
        verdict = f"The Nash bargaining choice is {picked['label'].iloc[0]}."
    else:
        verdict = (
            "No package leaves both parties better off than no deal: there is no zone of possible agreement."
        )
    n_zone = int((df["in_zone"] == ZONE_IN).sum())
    return (
        f"Utilities of {len(df)} packages for {a} (across) and {b} (up). No deal gives {a} "
        f"{d[0]:.2f} and {b} {d[1]:.2f}. {n_zone} packages leave both better off. {verdict}"
    )


def package_utilities_description(
    utilities: pd.DataFrame, disagreement: Any, choice: Any = None, pareto: Sequence[Any] | None = None
) -> str:
    """The description (the accessible name) :func:`package_utilities` gives its chart for these
    inputs; a panel that redraws the chart with :func:`package_utilities_values` gives it this too."""
    df, d, a, b = _package_frame(
        utilities, disagreement, choice, pareto, "package_utilities_description(utilities)"
    )
    return _describe_packages(df, d, a, b)


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
        Its rows live in the parameters of keys ``cl_packages`` and
        ``cl_disagreement`` (see :func:`package_utilities_values`).
    """
    what = "package_utilities(utilities)"
    df, d, a, b = _package_frame(utilities, disagreement, choice, pareto, what)
    values = package_utilities_values(utilities, disagreement, choice, pareto)
    params = instance_names(*values)
    n = len(df)
    lo, hi = _package_domain(df, d)
    xs = alt.Scale(domain=[lo, hi], nice=False)
    ys = alt.Scale(domain=[lo, hi], nice=False)
    dis = param_rows(params["cl_disagreement"], 1, ["u_a", "u_b", "label"])
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
    pkgs = param_rows(params["cl_packages"], n, _PACKAGE_FIELDS)
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
    description = _describe_packages(df, d, a, b)
    return (
        alt.LayerChart(layer=[zone, cross, cross_label, dots, *labels, ring, *ring_labels])
        .add_params(*live_params(params, values))
        .properties(
            title=chart_title(
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
