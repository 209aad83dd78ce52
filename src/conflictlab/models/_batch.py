"""Row-wise kernels: one spatial outcome per row of a weight matrix.

Every spatial outcome in this package is computed here, for a batch of ``d``
weightings at once (``d = 1`` for a single forecast, ``d = 10_000`` for a
Monte Carlo run), so the single-forecast functions and the sensitivity
analysis share one implementation and one tie rule.

``x`` is either one position vector shared by all rows, shape ``(n,)``, or one
position vector per row, shape ``(d, n)``. ``w`` holds influence weights
(capability × salience), shape ``(d, n)``. A row whose weights sum to zero has
no outcome: its result is NaN, and callers document that.
"""

from __future__ import annotations

import numpy as np

__all__ = ["median_rows", "mean_rows", "condorcet_rows", "total_distance"]

#: Relative tolerance for "cumulative weight reaches half the total" and for
#: "one position beats another": differences smaller than this share of the
#: quantities compared are rounding noise, not a real margin.
RTOL = 1e-9


def _sorted(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if x.ndim == 1:
        order = np.argsort(x, kind="stable")
        return np.broadcast_to(x[order], w.shape), w[:, order]
    order = np.argsort(x, axis=1, kind="stable")
    return np.take_along_axis(x, order, axis=1), np.take_along_axis(w, order, axis=1)


def median_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Lower weighted median of each row (Black 1948).

    Sort the positions; the median is the first position at which the running
    total of weight reaches at least half of the row's total weight.
    """
    xs, ws = _sorted(x, w)  # ws is a fresh copy: accumulate in place
    cum = np.cumsum(ws, axis=1, out=ws)
    total = cum[:, -1]
    reached = cum >= (0.5 - RTOL) * total[:, None]
    idx = np.argmax(reached, axis=1)
    out = xs[np.arange(len(idx)), idx]
    return np.where(total > 0, out, np.nan)


def mean_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted mean of each row: sum of w * x over sum of w."""
    total = w.sum(axis=1)
    if x.ndim == 1:
        num = w @ x
    else:
        num = (w * x).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, num / np.where(total > 0, total, 1.0), np.nan)


def total_distance(x: np.ndarray, w: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Sum over actors of w_i * |x_i - p| for each row and each point p.

    ``points`` has shape ``(m,)`` (shared) or ``(d, m)``; the result is ``(d, m)``.
    """
    if x.ndim == 1 and points.ndim == 1:
        return w @ np.abs(x[:, None] - points[None, :])
    xx = np.broadcast_to(x, w.shape)
    pp = np.broadcast_to(points, (w.shape[0], points.shape[-1]))
    return np.einsum("di,dim->dm", w, np.abs(xx[:, :, None] - pp[:, None, :]))


def condorcet_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The actor position that beats every other actor position, per row.

    Position a beats position b in the weighted pairwise vote when
    ``sum_i w_i (|x_i - b| - |x_i - a|) > 0``, that is when a's total weighted
    distance to the actors is smaller than b's. The winner is therefore the
    unique position with the smallest total distance, provided it is smaller
    than every other position's by more than rounding noise; otherwise (a tie
    at the top) the row has no Condorcet winner and the result is NaN.
    """
    d = w.shape[0]
    if x.ndim == 1:
        candidates = np.unique(x)
        dist = total_distance(x, w, candidates)  # (d, m)
        if candidates.size == 1:
            return np.where(w.sum(axis=1) > 0, candidates[0], np.nan)
        best = np.argmin(dist, axis=1)
        best_dist = dist[np.arange(d), best]
        margin = dist - best_dist[:, None] - RTOL * (dist + best_dist[:, None])
        margin[np.arange(d), best] = np.inf
        ok = (margin > 0).all(axis=1) & (w.sum(axis=1) > 0)
        return np.where(ok, candidates[best], np.nan)
    dist = total_distance(x, w, x)  # (d, n): each actor's position as a candidate
    best = np.argmin(dist, axis=1)
    rows = np.arange(d)
    best_x = x[rows, best]
    best_dist = dist[rows, best]
    margin = dist - best_dist[:, None] - RTOL * (dist + best_dist[:, None])
    same = x == best_x[:, None]  # candidates at the winner's own position
    ok = (np.where(same, np.inf, margin) > 0).all(axis=1) & (w.sum(axis=1) > 0)
    return np.where(ok, best_x, np.nan)
