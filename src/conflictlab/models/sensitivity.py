"""How sure is a forecast? Monte Carlo over the codings, and tornado charts.

Positions, saliences and capabilities are an analyst's estimates. Monte Carlo
analysis redraws the uncertain codings many times and recomputes the
forecast for every draw; the spread of the results says how much the
forecast depends on the judgement calls. A tornado analysis changes one
input at a time and ranks the inputs by how far they move the forecast.

References
----------
.. [Saltelli2008] Saltelli, A. et al. (2008). *Global Sensitivity Analysis:
   The Primer*. Chichester: Wiley. (Monte Carlo propagation of input
   uncertainty; one-at-a-time sensitivity and tornado diagrams.)
.. [BdM1994] Bueno de Mesquita, B. (1994). Political forecasting: an expected
   utility method. In B. Bueno de Mesquita and F. N. Stokman (eds.),
   *European Community Decision Making*, pp. 71-104. Yale University Press.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._frame import frame_arrays
from .forecasting import MODELS, SPATIAL_MODELS, check_model, forecast, spatial_outcomes

__all__ = [
    "anchor_name",
    "scale_bands",
    "describe_on_scale",
    "band_of",
    "BAND_SPLIT",
    "EDGE_RULES",
    "draw_codings",
    "monte_carlo",
    "outcome_probabilities",
    "outcome_histogram",
    "outcome_interval",
    "tornado",
    "TORNADO_INPUTS",
]

#: Where the course's bands split a scale, as fractions of its width: the lower
#: 40%, the middle 20% and the upper 40% (see :func:`scale_bands`).
BAND_SPLIT: tuple[float, float] = (0.4, 0.6)

#: The conventions for a value exactly on an inner band edge (see :func:`band_of`);
#: the first, ``"inner"``, is the course's rule.
EDGE_RULES: tuple[str, ...] = ("inner", "outer", "lower", "upper")

#: The inputs :func:`tornado` varies, in the order used to break ties.
TORNADO_INPUTS: tuple[str, ...] = ("position", "salience", "capability")


def _nonnegative(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def _draw_count(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n (the number of draws) must be a whole number >= 1, got {n!r}")
    return int(n)


def draw_codings(
    frame: pd.DataFrame,
    n: int = 10_000,
    salience_sd: float = 0.05,
    capability_sigma: float = 0.2,
    seed: int | None = 0,
    position_sd: float = 0.0,
    scale: tuple[float, float] = (0, 100),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw ``n`` perturbed sets of capabilities, saliences and positions.

    For every draw and actor: salience + Normal(0, ``salience_sd``), clipped
    to [0, 1]; capability × LogNormal(0, ``capability_sigma``) (a
    multiplicative error, so capabilities stay positive and a 20% error
    means the same for a great power and a small state); position +
    Normal(0, ``position_sd``), clipped to the scale. With the default
    ``position_sd = 0`` every position stays exactly as coded.

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame.
    n : int, default 10_000
        Number of draws.
    salience_sd : float, default 0.05
        Standard deviation of the additive salience error.
    capability_sigma : float, default 0.2
        Standard deviation of the log of the capability multiplier.
    seed : int or None, default 0
        Seed for :func:`numpy.random.default_rng`; the same seed gives the
        same draws. The seed's generator spawns three independent streams,
        one each for saliences, capabilities and positions, each filled draw
        by draw, so drawing positions leaves the other two unchanged.
    position_sd : float, default 0
        Standard deviation of the additive position error, in points of the
        scale (10 means an actor's position is typically off by about 10
        points either way).
    scale : tuple of float, default (0, 100)
        The issue scale's ends; drawn positions are clipped to it. Used only
        when ``position_sd > 0``, and then every coded position must lie on it.

    Returns
    -------
    capability, salience, position : numpy.ndarray
        Three arrays of shape ``(n, number of actors)``.

    Raises
    ------
    ValueError
        On an invalid frame, ``n < 1``, a negative spread, a malformed scale,
        or (with ``position_sd > 0``) a coded position off the scale.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"actor": ["A", "B"], "position": [0, 80],
    ...                       "capability": [1, 1], "salience": [0.5, 0.5]})
    >>> capability, salience, position = draw_codings(frame, n=1000, position_sd=10)
    >>> capability.shape, bool(position.min() >= 0), bool(position[:, 1].std() > 5)
    ((1000, 2), True, True)
    """
    actors, x, c, s = frame_arrays(frame)
    return _draw(actors, x, c, s, n, salience_sd, capability_sigma, seed, position_sd, scale)


def _scale_ends(scale: Any) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise ValueError(f"scale must be two numbers (low, high), got {scale!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"scale must be two finite numbers with low < high, got {scale!r}")
    return lo, hi


def _on_scale(actors: Sequence[Any], x: np.ndarray, lo: float, hi: float) -> None:
    off = np.flatnonzero((x < lo) | (x > hi))
    if off.size:
        k = int(off[0])
        raise ValueError(f"position {x[k]:g} of actor {actors[k]!r} lies off the scale {lo:g}-{hi:g}")


def _draw(
    actors: Sequence[Any],
    x: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    n: Any,
    salience_sd: Any,
    capability_sigma: Any,
    seed: int | None,
    position_sd: Any = 0.0,
    scale: Any = (0, 100),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = _draw_count(n)
    sd = _nonnegative("salience_sd", salience_sd)
    sigma = _nonnegative("capability_sigma", capability_sigma)
    spread = _nonnegative("position_sd", position_sd)
    # three streams by index: the first two are the same whether or not positions are drawn
    salience_rng, capability_rng, position_rng = np.random.default_rng(seed).spawn(3)
    salience = salience_rng.normal(0.0, sd, size=(n, len(s)))
    salience += s
    np.clip(salience, 0.0, 1.0, out=salience)
    capability = capability_rng.lognormal(0.0, sigma, size=(n, len(c)))
    capability *= c
    position = np.broadcast_to(x, (n, len(x))).astype(float)
    if spread > 0:
        lo, hi = _scale_ends(scale)
        _on_scale(actors, x, lo, hi)
        position += position_rng.normal(0.0, spread, size=(n, len(x)))
        np.clip(position, lo, hi, out=position)
    return capability, salience, position


def monte_carlo(
    frame: pd.DataFrame,
    model: str = "median",
    n: int = 10_000,
    salience_sd: float = 0.05,
    capability_sigma: float = 0.2,
    seed: int | None = 0,
    position_sd: float = 0.0,
    scale: tuple[float, float] = (0, 100),
) -> np.ndarray:
    """The model's forecast under ``n`` random perturbations of the codings.

    Draws capabilities, saliences and (with ``position_sd > 0``) positions
    with :func:`draw_codings` and computes
    the model's outcome for every draw at once (no Python loop over draws).

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame.
    model : {"median", "mean", "condorcet"}, default "median"
        The spatial model to apply to each draw (see
        :func:`~conflictlab.models.forecast`).
    n, salience_sd, capability_sigma, seed, position_sd, scale
        As in :func:`draw_codings`. With ``position_sd = 0`` (the default)
        the positions stay as coded and the draws are exactly those of
        earlier versions with the same seed.

    Returns
    -------
    numpy.ndarray
        One outcome per draw, shape ``(n,)``. NaN marks a draw with no
        outcome: for ``"condorcet"`` a draw without a Condorcet winner, for
        any model a draw in which every actor's salience was clipped to 0.
        Pass the result to :func:`outcome_probabilities` or
        :func:`outcome_interval`.

    Raises
    ------
    ValueError
        On an invalid frame, an unknown or non-vectorised model (the message
        lists the allowed ones), ``n < 1``, a negative spread, or (with
        ``position_sd > 0``) a malformed scale or a position off it.

    Notes
    -----
    The weighted median of every draw is found by sorting the positions once
    and taking cumulative sums of the drawn weights along each row; the
    Condorcet winner by comparing total weighted distances
    (see :func:`~conflictlab.models.condorcet_winner`). The median-voter
    logic is that of [BdM1994]_; Monte Carlo propagation of input
    uncertainty follows [Saltelli2008]_.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"actor": ["A", "B", "C"], "position": [10, 50, 90],
    ...                       "capability": [1, 1, 1], "salience": [0.3, 0.3, 0.5]})
    >>> outcomes = monte_carlo(frame, n=1000, seed=1)
    >>> set(outcomes.tolist()) <= {10.0, 50.0, 90.0}
    True
    """
    check_model(model, SPATIAL_MODELS)
    actors, x, c, s = frame_arrays(frame)
    weights, salience, position = _draw(
        actors, x, c, s, n, salience_sd, capability_sigma, seed, position_sd, scale
    )
    weights *= salience  # capability x salience, in place
    if _nonnegative("position_sd", position_sd) == 0:
        return spatial_outcomes(model, x, weights)  # one set of positions for every draw
    return spatial_outcomes(model, position, weights)


def anchor_name(anchor: str) -> str:
    """The short name of a scale anchor: 'Kremlin-led: the Russian track' → 'Kremlin-led'."""
    anchor = str(anchor).strip()
    return anchor.split(":", 1)[0].strip() if ":" in anchor else anchor


def scale_bands(
    low: float, high: float, anchors: Mapping[Any, str] | None = None
) -> tuple[list[float], list[str] | None]:
    """Bands of a scale for counting outcomes, named after the scale's anchors.

    Parameters
    ----------
    low, high : float
        The ends of the scale.
    anchors : mapping of position to text, optional
        The scale's labelled anchors (``{0: "Western-led: …", 50: …, 100: …}``).

    Returns
    -------
    tuple
        ``(edges, names)``: the band edges, from ``low`` to ``high``, and one
        short anchor name per band (``None`` when the anchors cannot name them).
        With anchors at both ends and the middle (as on every course scale) the
        bands are those of :func:`outcome_probabilities`: the lower 40% of the
        scale, the middle 20%, the upper 40%. With other anchors, each outcome
        counts for its nearest anchor. Without anchors, the bands are the same
        40/20/40 split, named by their edges. Which band a value exactly on
        an edge belongs to is decided by :func:`band_of`.

    Examples
    --------
    >>> scale_bands(0, 100, {0: "Western-led: a Western track", 50: "middle", 100: "Kremlin-led"})
    ([0.0, 40.0, 60.0, 100.0], ['Western-led', 'middle', 'Kremlin-led'])
    """
    low, high = float(low), float(high)
    width = high - low
    split = [low, low + BAND_SPLIT[0] * width, low + BAND_SPLIT[1] * width, high]
    names = {float(k): anchor_name(v) for k, v in (anchors or {}).items() if str(v).strip()}
    points = sorted(p for p in names if low <= p <= high)
    if not points:
        return split, None
    if points == [low, (low + high) / 2, high]:
        return split, [names[p] for p in points]
    if len(points) < 2:
        return split, None
    edges = [low] + [(a + b) / 2 for a, b in itertools.pairwise(points)] + [high]
    return edges, [names[p] for p in points]


def describe_on_scale(value: float, low: float, high: float, anchors: Mapping[Any, str] | None = None) -> str:
    """A position in the scale's own words: the anchor it sits on, or the anchors it lies between.

    A value counts as *on* an anchor when it is within a quarter of the
    smallest gap between two anchors (with a single anchor, a quarter of the
    scale's width). Otherwise it is described by the anchors on either side
    of it and the nearer of the two, or, beyond the outermost anchor, by that
    anchor.

    Parameters
    ----------
    value : float
        The position to describe, e.g. a forecast.
    low, high : float
        The ends of the scale.
    anchors : mapping of position to text, optional
        The scale's labelled anchors (``{0: "Western-led: …", 50: …, 100: …}``);
        anchors with empty text are left out.

    Returns
    -------
    str
        The anchor's full text (``"Kremlin-led: the Russian track"``);
        ``"between A and B, closer to B"`` with the anchors' short names
        (:func:`anchor_name`); ``"beyond A"``; or ``""`` when there are no anchors.

    Examples
    --------
    >>> anchors = {0: "Western-led: a Western track", 50: "Regional", 100: "Kremlin-led: the Russian track"}
    >>> describe_on_scale(95, 0, 100, anchors)
    'Kremlin-led: the Russian track'
    >>> describe_on_scale(80, 0, 100, anchors)
    'between Regional and Kremlin-led, closer to Kremlin-led'
    >>> describe_on_scale(80, 0, 100, {0: "West", 50: "middle"})
    'beyond middle'
    """
    texts = {float(k): str(v) for k, v in (anchors or {}).items() if str(v).strip()}
    if not texts:
        return ""
    points = sorted(texts)
    nearest = min(points, key=lambda p: (abs(p - value), p))
    gaps = [b - a for a, b in itertools.pairwise(points)] or [float(high) - float(low)]
    if abs(nearest - value) <= min(gaps) / 4:
        return texts[nearest]
    below = max((p for p in points if p <= value), default=None)
    above = min((p for p in points if p >= value), default=None)
    if below is None or above is None:
        return f"beyond {anchor_name(texts[nearest])}"
    return (
        f"between {anchor_name(texts[below])} and {anchor_name(texts[above])}, "
        f"closer to {anchor_name(texts[nearest])}"
    )


def _bands(bins: Sequence[float], labels: Sequence[str] | None) -> tuple[np.ndarray, list[str]]:
    try:
        edges = np.asarray(bins, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("bins must be numbers (band edges)") from None
    if edges.ndim != 1 or edges.size < 2:
        raise ValueError("bins must list at least two band edges, e.g. (0, 40, 60, 100)")
    if not np.all(np.isfinite(edges)) or np.any(np.diff(edges) <= 0):
        raise ValueError(f"bins must be finite and strictly increasing, got {list(bins)}")
    if labels is None:
        names = [f"{edges[k]:g}-{edges[k + 1]:g}" for k in range(edges.size - 1)]
    else:
        names = [str(label) for label in labels]
        if len(names) != edges.size - 1:
            raise ValueError(
                f"labels must name each band: {edges.size - 1} band(s) from {edges.size} edges, "
                f"but {len(names)} label(s) given"
            )
    return edges, names


def _edge_rule(edge: Any) -> str:
    if edge not in EDGE_RULES:
        allowed = ", ".join(repr(rule) for rule in EDGE_RULES)
        raise ValueError(f"edge must be one of {allowed}; got {edge!r}")
    return str(edge)


def _band_index(values: np.ndarray, edges: np.ndarray, edge: str = "inner") -> np.ndarray:
    """Band of each value, with values on an inner edge placed by the rule ``edge``."""
    index = np.searchsorted(edges, values, side="right") - 1  # on an edge: the band above
    index = np.minimum(index, edges.size - 2)  # the top edge closes the last band
    inner = edges[1:-1]
    on_edge = np.isin(values, inner)
    if edge == "upper" or not on_edge.any():
        return index
    if edge == "lower":
        index[on_edge] -= 1
        return index
    centre = (edges[0] + edges[-1]) / 2
    above_centre = np.isin(values, inner[inner > centre])
    below_centre = np.isin(values, inner[inner < centre])
    if edge == "inner":  # towards the middle of the scale
        index[above_centre] -= 1
    else:  # "outer": towards the ends of the scale
        index[below_centre] -= 1
    return index


def band_of(
    value: float,
    scale: Mapping[str, Any] | None = None,
    edge: str = "inner",
) -> str:
    """The band of a scale an outcome falls in: the course's one band rule.

    Every course scale is cut into three bands by :func:`scale_bands`: the
    lower 40% of the scale, the middle 20% and the upper 40% (on the venue
    scale: Western-led below 40, the middle from 40 to 60, Kremlin-led above
    60). Every lesson, panel and check that names a band uses this function
    or :func:`outcome_probabilities`, which applies the same rule.

    **On an edge.** A value exactly on an inner edge (40 or 60 on a 0-100
    scale) belongs to the band nearer the middle of the scale (with the
    default ``edge="inner"``): 40 and 60 are "middle". The reason: the end
    bands make the stronger claim (on the venue scale, that one outside
    power's track leads the settlement), so a forecast must lie strictly past
    the edge to make it. An edge exactly at the middle of the scale goes to
    the band above it. This is a convention, not a fact about the world; the
    other conventions are there to show how much a verdict depends on it.

    Parameters
    ----------
    value : float
        A position on the scale (a forecast, an outcome).
    scale : mapping, optional
        A scale as returned by ``data.scale``, with ``low``, ``high`` and
        ``anchors``; the bands are named after its anchors. Without a scale:
        0 to 100, bands named by their edges ("0-40").
    edge : {"inner", "outer", "lower", "upper"}, default "inner"
        Where a value exactly on an inner edge goes: the band nearer the
        middle of the scale (the course's rule), the band nearer the end of
        the scale, the band below, or the band above.

    Returns
    -------
    str
        The band's name (the short name of its anchor, e.g. "Western-led").

    Raises
    ------
    ValueError
        If the value is not a finite number or lies off the scale, or
        ``edge`` is not one of the rules.

    Examples
    --------
    >>> venue = {"low": 0, "high": 100, "anchors": {0: "Western-led: …", 50: "Regional: …",
    ...                                            100: "Kremlin-led: …"}}
    >>> [band_of(v, venue) for v in (25, 40, 60, 61)]
    ['Western-led', 'Regional', 'Regional', 'Kremlin-led']
    >>> band_of(60, venue, edge="outer")
    'Kremlin-led'
    >>> band_of(25)
    '0-40'
    """
    rule = _edge_rule(edge)
    low, high = (0.0, 100.0) if scale is None else (float(scale["low"]), float(scale["high"]))
    anchors = None if scale is None else scale.get("anchors")
    edges, names = scale_bands(low, high, anchors)
    table = outcome_probabilities([value], bins=edges, labels=names, edge=rule)
    return str(table.loc[table["count"] == 1, "outcome"].item())


def outcome_probabilities(
    outcomes: Any,
    bins: Sequence[float] | None = None,
    labels: Sequence[str] | None = ("Western-led", "middle", "Kremlin-led"),
    edge: str = "inner",
) -> pd.DataFrame:
    """Share of draws whose outcome falls in each band of the scale.

    Parameters
    ----------
    outcomes : array_like
        One outcome per draw, as returned by :func:`monte_carlo`; NaN means
        "no outcome".
    bins : sequence of float, optional
        Band edges, strictly increasing; the first and last edges close the
        scale. By default the course's bands of a 0-100 scale,
        ``scale_bands(0, 100)``: (0, 40, 60, 100). With the defaults:
        Western-led below 40, the middle from 40 to 60 inclusive,
        Kremlin-led above 60.
    labels : sequence of str or None, default ("Western-led", "middle", "Kremlin-led")
        One name per band; ``None`` names bands by their edges ("0-40").
        The defaults suit the venue/track scale of the course (0 = a
        Western-led track, 100 = a Kremlin-led one).

    Returns
    -------
    pandas.DataFrame
        One row per band with columns ``outcome`` (the label), ``low``,
        ``high`` (the edges), ``count`` and ``share`` (count / all draws).
        If some draws have no outcome (NaN), a final row ``"no outcome"``
        (with NaN edges) counts them, so the shares always sum to 1.

    Raises
    ------
    ValueError
        If there are no outcomes, bins or labels are malformed, an outcome
        lies outside the bins' range, or ``edge`` is not one of the rules.

    Examples
    --------
    >>> outcome_probabilities([10, 40, 60, 100])["count"].tolist()
    [1, 2, 1]
    >>> outcome_probabilities([10, 40, 60, 100], edge="outer")["count"].tolist()
    [2, 0, 2]
    """
    try:
        values = np.asarray(outcomes, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError("outcomes must be numbers, one per draw") from None
    if values.size == 0:
        raise ValueError("outcomes is empty: there are no draws to count")
    if np.any(np.isinf(values)):
        raise ValueError("outcomes must be finite numbers or NaN (no outcome)")
    rule = _edge_rule(edge)
    edges, names = _bands(scale_bands(0, 100)[0] if bins is None else bins, labels)
    finite = values[~np.isnan(values)]
    outside = finite[(finite < edges[0]) | (finite > edges[-1])]
    if outside.size:
        raise ValueError(
            f"outcome {outside[0]:g} lies outside the bands, which run from {edges[0]:g} to {edges[-1]:g}"
        )
    counts = np.bincount(_band_index(finite, edges, rule), minlength=edges.size - 1)
    table = pd.DataFrame(
        {
            "outcome": pd.Series(names, dtype=str),
            "low": edges[:-1],
            "high": edges[1:],
            "count": counts.astype(int),
        }
    )
    missing = int(values.size - finite.size)
    if missing:
        extra = pd.DataFrame(
            {
                "outcome": pd.Series(["no outcome"], dtype=str),
                "low": [np.nan],
                "high": [np.nan],
                "count": [missing],
            }
        )
        table = pd.concat([table, extra], ignore_index=True)
    table["share"] = table["count"] / values.size
    return table


def outcome_histogram(outcomes: Any, intervals: int = 20, max_distinct: int = 30) -> pd.DataFrame:
    """How often each outcome comes up: one row per distinct outcome, or per interval.

    The weighted median and the Condorcet winner always land on an actor's
    position, so their draws take few distinct values and each gets a row; the
    weighted mean and the expected-utility forecast take many, and are grouped
    into ``intervals`` equal-width intervals between the smallest and the
    largest outcome (a histogram; Saltelli et al. 2008 [Saltelli2008]_, ch. 1).

    Parameters
    ----------
    outcomes : array_like
        One outcome per draw, as returned by :func:`monte_carlo`; NaN (no
        outcome) is left out.
    intervals : int, default 20
        How many intervals continuous outcomes are grouped into (at least 1).
    max_distinct : int, default 30
        Up to this many distinct outcomes (after rounding to 6 decimals) get a
        row each.

    Returns
    -------
    pandas.DataFrame
        Sorted by ``outcome``, with columns ``outcome`` (the value, or the
        interval's middle), ``start`` and ``end`` (the interval's edges; both
        equal to the outcome for a distinct value), ``kind`` (``"point"`` or
        ``"interval"``), ``count`` and ``probability`` (count / draws with an
        outcome, so the probabilities sum to 1).

    Raises
    ------
    ValueError
        If there are no finite outcomes, or ``intervals`` or ``max_distinct``
        is not a whole number >= 1.

    Examples
    --------
    >>> outcome_histogram([10, 10, 50, float("nan")])[["outcome", "count", "probability"]].values.tolist()
    [[10.0, 2.0, 0.6666666666666666], [50.0, 1.0, 0.3333333333333333]]
    >>> outcome_histogram([0, 1, 2, 3], intervals=2, max_distinct=3)[["start", "end", "count"]].values.tolist()
    [[0.0, 1.5, 2.0], [1.5, 3.0, 2.0]]
    """
    for name, number in (("intervals", intervals), ("max_distinct", max_distinct)):
        if isinstance(number, bool) or not isinstance(number, (int, np.integer)) or number < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {number!r}")
    try:
        values = np.asarray(outcomes, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError("outcomes must be numbers, one per draw") from None
    values = values[np.isfinite(values)]
    if values.size == 0:
        raise ValueError("there are no outcomes to count")
    distinct, counts = np.unique(np.round(values, 6), return_counts=True)
    if distinct.size <= max_distinct:
        table = pd.DataFrame(
            {"outcome": distinct, "start": distinct, "end": distinct, "kind": "point", "count": counts}
        )
    else:
        counts, edges = np.histogram(values, bins=int(intervals))
        table = pd.DataFrame(
            {
                "outcome": (edges[:-1] + edges[1:]) / 2,
                "start": edges[:-1],
                "end": edges[1:],
                "kind": "interval",
                "count": counts,
            }
        )
    table["probability"] = table["count"] / values.size
    return table


def outcome_interval(outcomes: Any, level: float = 0.9) -> tuple[float, float]:
    """Central interval holding ``level`` of the draws that have an outcome.

    Parameters
    ----------
    outcomes : array_like
        One outcome per draw (NaN = no outcome, left out).
    level : float, default 0.9
        Coverage, strictly between 0 and 1.

    Returns
    -------
    tuple of float
        The ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles (linear
        interpolation, :func:`numpy.quantile`).

    Raises
    ------
    ValueError
        If ``level`` is not in (0, 1) or no draw has an outcome.

    Examples
    --------
    >>> outcome_interval(list(range(101)), level=0.5)
    (25.0, 75.0)
    """
    values = np.asarray(outcomes, dtype=float).ravel()
    try:
        coverage = float(level)
    except (TypeError, ValueError):
        raise ValueError(f"level must be a number in (0, 1), got {level!r}") from None
    if not 0 < coverage < 1:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level!r}")
    finite = values[~np.isnan(values)]
    if finite.size == 0:
        raise ValueError("no draw has an outcome, so there is no interval")
    low, high = np.quantile(finite, [(1 - coverage) / 2, (1 + coverage) / 2])
    return float(low), float(high)


def tornado(
    frame: pd.DataFrame,
    model: str = "mean",
    delta: float = 0.1,
    scale: tuple[float, float] = (0, 100),
) -> pd.DataFrame:
    """Change one input at a time and rank inputs by how far they move the forecast.

    For every actor and each of its three inputs, the forecast is recomputed
    with that input lowered and with it raised, everything else as coded:

    * ``position`` ± ``delta`` × the scale's width (10 points on a 0-100
      scale for ``delta = 0.1``), clipped to the scale;
    * ``salience`` ± ``delta`` (absolute), clipped to [0, 1];
    * ``capability`` × (1 ± ``delta``).

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame; positions must lie on ``scale``.
    model : {"median", "mean", "condorcet", "expected_utility"}, default "mean"
        The forecast to analyse (see :func:`~conflictlab.models.forecast`).
        The spatial models are computed for all variants at once; ``"expected_utility"``
        runs the ten-round simulation once per variant.
    delta : float, default 0.1
        Size of the change, in [0, 1].
    scale : tuple of float, default (0, 100)
        The issue scale's ends.

    Returns
    -------
    pandas.DataFrame
        One row per actor and input with columns ``actor``, ``input``
        (``"position"``, ``"salience"`` or ``"capability"``), ``low`` (the
        forecast with the input lowered), ``high`` (with it raised) and
        ``swing`` (``|high - low|``), sorted by swing, largest first; ties
        keep the frame's actor order, then position, salience, capability.
        The unchanged forecast is ``forecast(frame, model)``. A variant with
        no forecast (a Condorcet tie, or no influence left) shows NaN, and
        its swing is NaN and sorts last.

    Raises
    ------
    ValueError
        On an invalid frame, unknown model, ``delta`` outside [0, 1], a
        malformed scale, or a position off the scale.

    References
    ----------
    One-at-a-time sensitivity and the tornado diagram: [Saltelli2008]_.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"actor": ["A", "B"], "position": [20, 80],
    ...                       "capability": [1, 1], "salience": [0.5, 0.5]})
    >>> print(tornado(frame).round(2).to_string(index=False))
    actor      input   low  high  swing
        A   position 45.00 55.00  10.00
        B   position 45.00 55.00  10.00
        A   salience 53.33 47.27   6.06
        B   salience 46.67 52.73   6.06
        A capability 51.58 48.57   3.01
        B capability 48.42 51.43   3.01
    """
    check_model(model, MODELS)
    actors, x, c, s = frame_arrays(frame)
    step = _nonnegative("delta", delta)
    if step > 1:
        raise ValueError(f"delta must lie in [0, 1], got {delta!r}")
    lo, hi = _scale_ends(scale)
    _on_scale(actors, x, lo, hi)

    n = len(actors)
    variants = []  # (actor k, input, direction) in output order: by actor, then input, low then high
    xs, cs, ss = [], [], []
    for k in range(n):
        for name in TORNADO_INPUTS:
            for sign in (-1.0, 1.0):
                xv, cv, sv = x.copy(), c.copy(), s.copy()
                if name == "position":
                    xv[k] = np.clip(x[k] + sign * step * (hi - lo), lo, hi)
                elif name == "salience":
                    sv[k] = np.clip(s[k] + sign * step, 0.0, 1.0)
                else:
                    cv[k] = c[k] * (1 + sign * step)
                xs.append(xv)
                cs.append(cv)
                ss.append(sv)
                variants.append((k, name))
    xs_a, cs_a, ss_a = np.array(xs), np.array(cs), np.array(ss)
    if model in SPATIAL_MODELS:
        values = spatial_outcomes(model, xs_a, cs_a * ss_a)
    else:
        values = np.empty(len(variants))
        for v in range(len(variants)):
            variant = pd.DataFrame(
                {"actor": actors, "position": xs_a[v], "capability": cs_a[v], "salience": ss_a[v]}
            )
            try:
                result = forecast(variant, model)
            except ValueError:  # e.g. no influence left in this variant
                result = None
            values[v] = np.nan if result is None else result
    low, high = values[0::2], values[1::2]
    names = [actors[k] for k, _ in variants[0::2]]
    inputs = [name for _, name in variants[0::2]]
    table = pd.DataFrame(
        {
            "actor": pd.Series(names, dtype=str),
            "input": pd.Series(inputs, dtype=str),
            "low": low,
            "high": high,
            "swing": np.abs(high - low),
        }
    )
    order = np.argsort(-np.nan_to_num(table["swing"].to_numpy(), nan=-np.inf), kind="stable")
    return table.iloc[order].reset_index(drop=True)
