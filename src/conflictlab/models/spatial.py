"""Spatial models of a one-issue decision: who is closest to whom, weighted.

Each actor has a position on the issue's scale and an influence weight
``w = capability × salience``: what it could bring to bear, times how much of
it it will spend on this issue. The functions here turn positions and weights
into a forecast.

References
----------
.. [Black1948] Black, D. (1948). On the rationale of group decision-making.
   *Journal of Political Economy* 56(1): 23-34.
.. [BdM1994] Bueno de Mesquita, B. (1994). Political forecasting: an expected
   utility method. In B. Bueno de Mesquita and F. N. Stokman (eds.),
   *European Community Decision Making: Models, Applications, and
   Comparisons*, pp. 71-104. New Haven: Yale University Press.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._batch import condorcet_rows, mean_rows, median_rows
from ._frame import check_arrays, frame_arrays

__all__ = [
    "weighted_mean",
    "weighted_median",
    "pairwise_vote",
    "condorcet_winner",
    "influence",
]


def _weights(
    position: ArrayLike, capability: ArrayLike, salience: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    x, c, s = check_arrays(position, capability, salience)
    return x, (c * s)[None, :]


def weighted_mean(position: ArrayLike, capability: ArrayLike, salience: ArrayLike) -> float:
    """Influence-weighted mean position.

    .. math:: \\bar x = \\frac{\\sum_i w_i x_i}{\\sum_i w_i}, \\qquad w_i = c_i s_i

    Parameters
    ----------
    position, capability, salience : array_like
        One value per actor: position on the issue's scale, capability
        (>= 0) and salience (in [0, 1]).

    Returns
    -------
    float
        The weighted mean, a compromise point that need not be any actor's
        position.

    Raises
    ------
    ValueError
        On empty or unequal-length input, NaN, negative capability, salience
        outside [0, 1], or zero total influence.

    Notes
    -----
    The mean voter position is reported beside the median by Bueno de
    Mesquita [BdM1994]_ as a compromise benchmark. Unlike the median, it moves
    with every actor's position, so extreme actors pull it.

    Examples
    --------
    >>> weighted_mean([0, 100], [1, 1], [1, 0.5])
    33.333333333333336
    """
    x, w = _weights(position, capability, salience)
    return float(mean_rows(x, w)[0])


def weighted_median(position: ArrayLike, capability: ArrayLike, salience: ArrayLike) -> float:
    """Influence-weighted (lower) median position: the median voter.

    Sort the actors by position; the weighted median is the first position at
    which the running total of influence reaches at least half of all
    influence. When the running total lands exactly on one half, two
    positions tie and the lower one is returned (the *lower* weighted median).
    "Reaches" allows for rounding: a shortfall below one part in 10^9 of the
    total counts as reaching it.

    Parameters
    ----------
    position, capability, salience : array_like
        One value per actor (see :func:`weighted_mean`).

    Returns
    -------
    float
        The weighted median; always one of the actors' positions.

    Raises
    ------
    ValueError
        As :func:`weighted_mean`.

    Notes
    -----
    The weighted median minimises the total weighted distance
    :math:`\\sum_i w_i |x_i - m|` and, when it is unique, beats every other
    position in a pairwise weighted vote: Black's median voter theorem
    [Black1948]_ for single-peaked preferences. It is the baseline forecast
    of Bueno de Mesquita's method [BdM1994]_.

    Examples
    --------
    >>> weighted_median([10, 50, 90], [1, 1, 1], [0.3, 0.3, 0.5])
    50.0
    """
    x, w = _weights(position, capability, salience)
    return float(median_rows(x, w)[0])


def pairwise_vote(
    position: ArrayLike, capability: ArrayLike, salience: ArrayLike, a: float, b: float
) -> float:
    """Net weighted support for outcome ``a`` over outcome ``b``.

    .. math:: v(a, b) = \\frac{\\sum_k w_k (|x_k - b| - |x_k - a|)}{\\max_k x_k - \\min_k x_k}

    Each actor backs the outcome closer to its own position, with its whole
    influence times how much closer that outcome is; the sum is scaled by the
    spread of the actors' positions.

    Parameters
    ----------
    position, capability, salience : array_like
        One value per actor.
    a, b : float
        The two outcomes put to the vote.

    Returns
    -------
    float
        Positive when ``a`` beats ``b``, negative when ``b`` beats ``a``, zero
        for a tie. ``pairwise_vote(..., a, b) == -pairwise_vote(..., b, a)``.

    Raises
    ------
    ValueError
        As :func:`weighted_mean`; also when ``a`` or ``b`` is not a finite
        number, or when every actor holds the same position (the spread that
        scales the vote is zero).

    Notes
    -----
    This is the pairwise vote of Bueno de Mesquita's model as written out by
    Scholz, Calbert & Smith (2011, Appendix step 3), with risk-neutral
    utilities: it is the difference between b's and a's total weighted
    distance to the actors, divided by the range of positions.

    Examples
    --------
    >>> pairwise_vote([0, 100], [1, 1], [1, 0.5], a=0, b=100)
    0.5
    """
    x, w = _weights(position, capability, salience)
    for name, value in (("a", a), ("b", b)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"outcome {name} must be a number, got {value!r}") from None
        if not np.isfinite(number):
            raise ValueError(f"outcome {name} must be a finite number, got {value!r}")
    spread = float(x.max() - x.min())
    if spread == 0:
        raise ValueError(
            "pairwise_vote needs at least two different actor positions: the vote is "
            "scaled by the spread of positions, which is zero here"
        )
    weights = w[0]
    support = np.abs(x - float(b)) - np.abs(x - float(a))
    return float(weights @ support / spread)


def condorcet_winner(position: ArrayLike, capability: ArrayLike, salience: ArrayLike) -> float | None:
    """The actor position that beats every other actor position, or None.

    Every pair of distinct actor positions is put to :func:`pairwise_vote`.
    The Condorcet winner beats each of the others by more than rounding noise
    (one part in 10^9 of the total weighted distances compared). When two
    positions tie at the top, no position beats all others and the result is
    ``None``.

    Parameters
    ----------
    position, capability, salience : array_like
        One value per actor.

    Returns
    -------
    float or None
        The winning position, or ``None`` when there is no Condorcet winner.
        With a single distinct position (for example one actor), that
        position wins unopposed.

    Raises
    ------
    ValueError
        As :func:`weighted_mean`.

    Notes
    -----
    With distance-based (single-peaked) preferences on one issue a Condorcet
    winner exists whenever the weighted median is unique, and then it *is*
    the weighted median (Black's theorem [Black1948]_); it fails to exist
    exactly when half of the influence sits on each side of a gap. The
    pairwise contest is the median-voter step of [BdM1994]_.

    Examples
    --------
    >>> condorcet_winner([10, 50, 90], [1, 1, 1], [0.3, 0.3, 0.5])
    50.0
    >>> condorcet_winner([0, 100], [1, 1], [0.5, 0.5]) is None
    True
    """
    x, w = _weights(position, capability, salience)
    value = condorcet_rows(x, w)[0]
    return None if np.isnan(value) else float(value)


def influence(frame: pd.DataFrame) -> pd.Series:
    """Each actor's share of total influence, ``w_i / sum(w)`` with ``w = c × s``.

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame (columns ``actor, position, capability, salience``).

    Returns
    -------
    pandas.Series
        Shares summing to 1, indexed by actor (index name ``"actor"``), named
        ``"influence"``, in the frame's row order.

    Raises
    ------
    ValueError
        If the frame fails :func:`~conflictlab.models.validate_frame`.

    Notes
    -----
    Influence as capability times salience is the weighting of Bueno de
    Mesquita [BdM1994]_: resources an actor could bring to bear, times the
    share of them it is willing to spend on this issue.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"actor": ["A", "B"], "position": [0, 100],
    ...                       "capability": [3, 1], "salience": [1, 1]})
    >>> influence(frame).tolist()
    [0.75, 0.25]
    """
    actors, _, c, s = frame_arrays(frame)
    w = c * s
    return pd.Series(w / w.sum(), index=pd.Index(actors, name="actor", dtype=str), name="influence")
