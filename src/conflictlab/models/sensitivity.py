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
    "draw_codings",
    "monte_carlo",
    "outcome_probabilities",
    "outcome_histogram",
    "outcome_interval",
    "tornado",
    "TORNADO_INPUTS",
]

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
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` perturbed sets of capabilities and saliences.

    For every draw and actor: salience + Normal(0, ``salience_sd``), clipped
    to [0, 1]; capability × LogNormal(0, ``capability_sigma``) (a
    multiplicative error, so capabilities stay positive and a 20% error
    means the same for a great power and a small state). Positions are kept
    as coded.

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
        same draws. The seed's generator spawns two independent streams, one
        for saliences and one for capabilities, each filled draw by draw.

    Returns
    -------
    capability, salience : numpy.ndarray
        Two arrays of shape ``(n, number of actors)``.
    """
    _, _, c, s = frame_arrays(frame)
    return _draw(c, s, n, salience_sd, capability_sigma, seed)


def _draw(
    c: np.ndarray, s: np.ndarray, n: Any, salience_sd: Any, capability_sigma: Any, seed: int | None
) -> tuple[np.ndarray, np.ndarray]:
    n = _draw_count(n)
    sd = _nonnegative("salience_sd", salience_sd)
    sigma = _nonnegative("capability_sigma", capability_sigma)
    salience_rng, capability_rng = np.random.default_rng(seed).spawn(2)
    salience = salience_rng.normal(0.0, sd, size=(n, len(s)))
    salience += s
    np.clip(salience, 0.0, 1.0, out=salience)
    capability = capability_rng.lognormal(0.0, sigma, size=(n, len(c)))
    capability *= c
    return capability, salience


def monte_carlo(
    frame: pd.DataFrame,
    model: str = "median",
    n: int = 10_000,
    salience_sd: float = 0.05,
    capability_sigma: float = 0.2,
    seed: int | None = 0,
) -> np.ndarray:
    """The model's forecast under ``n`` random perturbations of the codings.

    Draws capabilities and saliences with :func:`draw_codings` and computes
    the model's outcome for every draw at once (no Python loop over draws).

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame.
    model : {"median", "mean", "condorcet"}, default "median"
        The spatial model to apply to each draw (see
        :func:`~conflictlab.models.forecast`).
    n, salience_sd, capability_sigma, seed
        As in :func:`draw_codings`.

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
        lists the allowed ones), ``n < 1`` or a negative spread.

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
    _, x, c, s = frame_arrays(frame)
    weights, salience = _draw(c, s, n, salience_sd, capability_sigma, seed)
    weights *= salience  # capability x salience, in place
    return spatial_outcomes(model, x, weights)


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
        40/20/40 split, named by their edges.

    Examples
    --------
    >>> scale_bands(0, 100, {0: "Western-led: a Western track", 50: "middle", 100: "Kremlin-led"})
    ([0.0, 40.0, 60.0, 100.0], ['Western-led', 'middle', 'Kremlin-led'])
    """
    low, high = float(low), float(high)
    width = high - low
    split = [low, low + 0.4 * width, low + 0.6 * width, high]
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


def _band_index(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Band of each value; inner edges lean towards the middle of the scale."""
    index = np.searchsorted(edges, values, side="right") - 1  # lower edge included
    index = np.minimum(index, edges.size - 2)  # the top edge closes the last band
    centre = (edges[0] + edges[-1]) / 2
    upper_inner = edges[1:-1][edges[1:-1] > centre]
    index[np.isin(values, upper_inner)] -= 1  # above the middle: the edge joins the band below
    return index


def outcome_probabilities(
    outcomes: Any,
    bins: Sequence[float] = (0, 40, 60, 100),
    labels: Sequence[str] | None = ("Western-led", "middle", "Kremlin-led"),
) -> pd.DataFrame:
    """Share of draws whose outcome falls in each band of the scale.

    Parameters
    ----------
    outcomes : array_like
        One outcome per draw, as returned by :func:`monte_carlo`; NaN means
        "no outcome".
    bins : sequence of float, default (0, 40, 60, 100)
        Band edges, strictly increasing; the first and last edges close the
        scale. A draw exactly on an inner edge counts for the band nearer the
        middle of the scale (an edge exactly at the middle goes to the band
        above it). With the defaults: Western-led below 40, the middle from
        40 to 60 inclusive, Kremlin-led above 60.
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
        If there are no outcomes, bins or labels are malformed, or an outcome
        lies outside the bins' range.

    Examples
    --------
    >>> outcome_probabilities([10, 40, 60, 100])["count"].tolist()
    [1, 2, 1]
    """
    try:
        values = np.asarray(outcomes, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError("outcomes must be numbers, one per draw") from None
    if values.size == 0:
        raise ValueError("outcomes is empty: there are no draws to count")
    if np.any(np.isinf(values)):
        raise ValueError("outcomes must be finite numbers or NaN (no outcome)")
    edges, names = _bands(bins, labels)
    finite = values[~np.isnan(values)]
    outside = finite[(finite < edges[0]) | (finite > edges[-1])]
    if outside.size:
        raise ValueError(
            f"outcome {outside[0]:g} lies outside the bands, which run from {edges[0]:g} to {edges[-1]:g}"
        )
    counts = np.bincount(_band_index(finite, edges), minlength=edges.size - 1)
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
    model : {"median", "mean", "condorcet", "eu"}, default "mean"
        The forecast to analyse (see :func:`~conflictlab.models.forecast`).
        The spatial models are computed for all variants at once; ``"eu"``
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
    try:
        lo, hi = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise ValueError(f"scale must be two numbers (low, high), got {scale!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"scale must be two finite numbers with low < high, got {scale!r}")
    off = np.flatnonzero((x < lo) | (x > hi))
    if off.size:
        k = int(off[0])
        raise ValueError(f"position {x[k]:g} of actor {actors[k]!r} lies off the scale {lo:g}-{hi:g}")

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
                xs.append(xv), cs.append(cv), ss.append(sv)
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
