"""Scoring probability forecasts against what happened: Brier and ranked probability scores.

A forecast that gives probabilities can be scored once the outcome is known.
The Brier score is the squared distance between the probabilities and what
happened (1 for the outcome that came about, 0 for the others): 0 for a
forecast that gave the outcome certainty, larger the more probability went
elsewhere. Lower is better. Over several forecasts it is the mean.

Two forms:

* :func:`brier_score` -- yes/no forecasts (one probability that an event
  happens): ``(p - o)**2``, from 0 (perfect) to 1 (certain and wrong). This
  is the form most used today;
* :func:`multi_brier_score` -- forecasts over several outcomes (for example
  the three bands of an issue scale): the sum over the outcomes of
  ``(f_k - o_k)**2``, from 0 to 2. This is Brier's original score; for two
  outcomes it is twice the yes/no form.

When the outcomes are *ordered* (the bands of an issue scale run from one
end to the other), the Brier score treats every miss alike: probability put
on the band next to the outcome counts as much against a forecast as
probability put on the far band. :func:`ranked_probability_score` compares
*cumulative* probabilities instead, so a near miss scores better than a far
miss.

References
----------
.. [Brier1950] Brier, G. W. (1950). Verification of forecasts expressed in
   terms of probability. *Monthly Weather Review*, 78(1), 1-3.
.. [Epstein1969] Epstein, E. S. (1969). A scoring system for probability
   forecasts of ranked categories. *Journal of Applied Meteorology*, 8(6),
   985-987.
.. [Murphy1971] Murphy, A. H. (1971). A note on the ranked probability
   score. *Journal of Applied Meteorology*, 10(1), 155-156.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["brier_score", "multi_brier_score", "ranked_probability_score"]

#: How far a forecast's probabilities may add up away from 1.
SUM_TOLERANCE = 1e-6


def _numbers(value: Any, name: str) -> np.ndarray:
    """``value`` as a float array; ValueError naming ``name`` if it is not numbers."""
    array = np.asarray(value)
    if array.dtype == bool:
        raise ValueError(f"{name} must be numbers between 0 and 1, not True/False")
    if array.dtype.kind in "USO" and any(isinstance(v, (str, bytes)) for v in array.ravel()):
        raise ValueError(f"{name} must be numbers between 0 and 1, not text; got {value!r}")
    try:
        return np.asarray(array, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers between 0 and 1; got {value!r}") from None


def _check_probabilities(p: np.ndarray, name: str = "probabilities") -> None:
    if p.size == 0:
        raise ValueError(f"{name} is empty: there is no forecast to score")
    if np.isnan(p).any():
        k = int(np.flatnonzero(np.isnan(p).ravel())[0])
        raise ValueError(f"{name} has a missing value (NaN) at position {k}")
    bad = (p < 0) | (p > 1)
    if bad.any():
        value = float(p.ravel()[np.flatnonzero(bad.ravel())[0]])
        extra = " (a percentage? divide by 100)" if 1 < value <= 100 else ""
        raise ValueError(f"{name} must lie between 0 and 1; got {value:g}{extra}")


def brier_score(probabilities: Any, outcome: Any) -> float:
    """Brier score of yes/no forecasts: the mean of ``(p - o)**2``.

    Parameters
    ----------
    probabilities : float or array_like
        The probability each forecast gave to the event, between 0 and 1.
    outcome : {0, 1, True, False} or array_like
        Whether the event happened (1 or True) or not (0 or False): one
        outcome for all forecasts, or one per forecast (any shape that
        broadcasts against ``probabilities``).

    Returns
    -------
    float
        The mean over the forecasts of ``(p - o)**2``: 0 for a perfect
        forecast, 1 for a forecast that was certain and wrong, 0.25 for a
        shrug (p = 0.5) whatever happens. Lower is better.

    Raises
    ------
    ValueError
        If there is no forecast, a probability is missing, not a number or
        outside [0, 1], an outcome is not 0 or 1, or the two do not match in
        shape. The message says which.

    References
    ----------
    [Brier1950]_, in the yes/no form (half of Brier's original score for two
    outcomes; see :func:`multi_brier_score`).

    Examples
    --------
    >>> round(brier_score(0.7, 0), 4)
    0.49
    >>> brier_score([1.0, 0.0], [1, 0])
    0.0
    >>> round(brier_score([0.9, 0.6, 0.2], [1, 0, 0]), 4)
    0.1367
    """
    p = _numbers(probabilities, "probabilities")
    _check_probabilities(p)
    o = np.asarray(outcome)
    if o.size == 0:
        raise ValueError("outcome is empty: say whether the event happened (1) or not (0)")
    try:
        o = o.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"outcome must be 1 (it happened) or 0 (it did not); got {outcome!r}") from None
    if not np.isin(o, (0.0, 1.0)).all():
        value = o.ravel()[np.flatnonzero(~np.isin(o.ravel(), (0.0, 1.0)))[0]]
        raise ValueError(f"outcome must be 1 (it happened) or 0 (it did not); got {value:g}")
    try:
        p, o = np.broadcast_arrays(p, o)
    except ValueError:
        raise ValueError(
            f"probabilities and outcome do not match: {p.size} forecast(s) against {o.size} outcome(s)"
        ) from None
    return float(np.mean((p - o) ** 2))


def _forecast_table(probabilities: Any) -> tuple[np.ndarray, list[Hashable] | None]:
    """Forecasts as an (n, K) array, and the outcome labels when the input names them."""
    labels: list[Hashable] | None = None
    if isinstance(probabilities, pd.DataFrame):
        text = [
            c
            for c in probabilities.columns
            if not pd.api.types.is_numeric_dtype(probabilities[c])
            or pd.api.types.is_bool_dtype(probabilities[c])
        ]
        if text:
            raise ValueError(
                f"probabilities must hold numbers in every column, but column {text[0]!r} does not. "
                "Pass one column per outcome and one row per forecast; for a table from "
                "outcome_probabilities, pass table.set_index('outcome')['share']"
            )
        labels = list(probabilities.columns)
        values = probabilities.to_numpy(dtype=float)
    elif isinstance(probabilities, pd.Series):
        labels = list(probabilities.index)
        values = _numbers(probabilities.to_numpy(), "probabilities")[None, :]
    else:
        values = _numbers(probabilities, "probabilities")
        if values.ndim == 1:
            values = values[None, :]
        elif values.ndim != 2:
            raise ValueError(
                "probabilities must be one forecast (one probability per outcome) or a table "
                f"with one row per forecast; got an array with {values.ndim} dimensions"
            )
    _check_probabilities(values)
    if values.shape[1] < 2:
        raise ValueError(
            "a forecast over outcomes needs at least two outcomes; for a yes/no forecast use brier_score"
        )
    if labels is not None and len(set(labels)) != len(labels):
        raise ValueError("probabilities names an outcome twice")
    sums = values.sum(axis=1)
    off = np.flatnonzero(np.abs(sums - 1) > SUM_TOLERANCE)
    if off.size:
        k = int(off[0])
        which = "the forecast's" if len(values) == 1 else f"forecast {k}'s"
        raise ValueError(
            f"{which} probabilities add up to {sums[k]:.6g}, not 1: a forecast must "
            "share out all the probability among the outcomes"
        )
    return values, labels


def _outcome_index(outcome: Any, labels: list[Hashable] | None, n: int, k: int) -> np.ndarray:
    """The position of the outcome that happened, one per forecast."""
    if labels is not None:
        single = isinstance(outcome, str) or not isinstance(outcome, (Sequence, np.ndarray, pd.Series))
        items = [outcome] if single else list(outcome)
        where = {label: i for i, label in enumerate(labels)}
        index = []
        for item in items:
            if item not in where:
                names = ", ".join(repr(x) for x in labels)
                raise ValueError(f"outcome {item!r} is not one of the forecast's outcomes: {names}")
            index.append(where[item])
        found = np.asarray(index, dtype=int)
    else:
        raw = np.asarray(outcome)
        if raw.dtype == bool or (
            raw.dtype.kind not in "iu"
            and not (raw.dtype.kind == "f" and np.all(np.isfinite(raw)) and np.all(raw == np.round(raw)))
        ):
            raise ValueError(
                f"outcome must be the position (0, 1, 2, ...) of the outcome that happened; got {outcome!r}"
            )
        found = raw.astype(int).ravel()
        bad = (found < 0) | (found >= k)
        if bad.any():
            raise ValueError(
                f"outcome {int(found[np.flatnonzero(bad)[0]])} is not the position of an "
                f"outcome: the forecast has {k} outcomes, at positions 0 to {k - 1}"
            )
    if found.size == 0:
        raise ValueError("outcome is empty: say which outcome happened")
    if found.size == 1:
        return np.repeat(found, n)
    if found.size != n:
        raise ValueError(
            f"probabilities and outcome do not match: {n} forecast(s) against {found.size} outcome(s)"
        )
    return found


def multi_brier_score(probabilities: Any, outcome: Any) -> float:
    """Brier score of forecasts over several outcomes (Brier's original score).

    For each forecast, the sum over the outcomes of ``(f_k - o_k)**2``, where
    ``f_k`` is the probability the forecast gave outcome ``k`` and ``o_k`` is
    1 for the outcome that happened and 0 for the others; then the mean over
    the forecasts.

    Parameters
    ----------
    probabilities : array_like, Series or DataFrame
        One forecast -- a 1-D array or a Series indexed by the outcomes'
        names (``{"Western-led": 0.05, "middle": 0.33, "Kremlin-led":
        0.62}``) -- or several: a 2-D array or a DataFrame with one row per
        forecast and one column per outcome. Each forecast's probabilities
        lie in [0, 1] and add up to 1.
    outcome : label, int, or sequence of them
        The outcome that happened: its name when ``probabilities`` names
        the outcomes (a Series or DataFrame), otherwise its position (0, 1,
        2, ...). One for all forecasts, or one per forecast.

    Returns
    -------
    float
        The mean score: 0 for a forecast that gave the outcome probability
        1, 2 for one that was certain of another outcome; ``1 - 1/K`` for a
        forecast that spread its probability evenly over ``K`` outcomes.
        Lower is better.

    Raises
    ------
    ValueError
        If there is no forecast, fewer than two outcomes, a probability is
        missing or outside [0, 1], a forecast's probabilities do not add up
        to 1, the outcome is not one of the forecast's outcomes, or the
        numbers of forecasts and outcomes differ. The message says which.

    References
    ----------
    [Brier1950]_, equation (1). For two outcomes the score is twice
    :func:`brier_score` of the probability of either one.

    Examples
    --------
    >>> multi_brier_score([0.1, 0.3, 0.6], 0)
    1.26
    >>> import pandas as pd
    >>> bands = pd.Series({"Western-led": 0.1, "middle": 0.3, "Kremlin-led": 0.6})
    >>> multi_brier_score(bands, "Kremlin-led")
    0.26
    >>> multi_brier_score([[1, 0, 0], [0, 0, 1]], [0, 0])
    1.0
    """
    values, labels = _forecast_table(probabilities)
    n, k = values.shape
    index = _outcome_index(outcome, labels, n, k)
    happened = np.zeros_like(values)
    happened[np.arange(n), index] = 1.0
    return float(np.mean(np.sum((values - happened) ** 2, axis=1)))


def ranked_probability_score(probabilities: Any, outcome: Any) -> float:
    """Ranked probability score of forecasts over ordered outcomes.

    The outcomes must be listed in their order (for the venue scale: Western-
    led, middle, Kremlin-led). For each forecast, take the running totals of
    its probabilities, ``F_1, F_2, ...`` (the probability that the outcome
    falls in band ``k`` or an earlier one), and the same running totals of
    what happened, ``O_k`` (0 before the band that happened, 1 from it on);
    the score is the mean of ``(F_k - O_k)**2`` over the first ``K - 1``
    bands (the last running total is always 1 on both sides). Then the mean
    over the forecasts.

    Parameters
    ----------
    probabilities : array_like, Series or DataFrame
        As in :func:`multi_brier_score`; the outcomes (the entries of a
        forecast, the index of a Series, the columns of a DataFrame) must be
        in the scale's order.
    outcome : label, int, or sequence of them
        The outcome that happened, as in :func:`multi_brier_score`.

    Returns
    -------
    float
        The mean score, from 0 (all probability on the outcome that
        happened) to 1 (all probability on the band at the far end from
        it). Lower is better. Unlike the Brier score, it grows with the
        distance between where the probability went and what happened.

    Raises
    ------
    ValueError
        On the same malformed input as :func:`multi_brier_score`; the
        message says which.

    Notes
    -----
    [Epstein1969]_ proposed the score for ranked categories; the form used
    here, the sum of squared differences of the cumulative probabilities
    divided by ``K - 1``, is [Murphy1971]_'s. For two outcomes it equals
    :func:`brier_score` of the probability of either one.

    References
    ----------
    [Epstein1969]_, [Murphy1971]_.

    Examples
    --------
    A near miss (the probability on the band next to the outcome) scores
    better than a far miss; the Brier score cannot tell them apart.

    >>> ranked_probability_score([0, 1, 0], 0)
    0.5
    >>> ranked_probability_score([0, 0, 1], 0)
    1.0
    >>> multi_brier_score([0, 1, 0], 0) == multi_brier_score([0, 0, 1], 0)
    True
    >>> import pandas as pd
    >>> bands = pd.Series({"Western-led": 0.1, "middle": 0.3, "Kremlin-led": 0.6})
    >>> round(ranked_probability_score(bands, "Western-led"), 4)
    0.585
    """
    values, labels = _forecast_table(probabilities)
    n, k = values.shape
    index = _outcome_index(outcome, labels, n, k)
    happened = np.zeros_like(values)
    happened[np.arange(n), index] = 1.0
    gap = np.cumsum(values, axis=1)[:, :-1] - np.cumsum(happened, axis=1)[:, :-1]
    return float(np.mean(np.sum(gap**2, axis=1) / (k - 1)))
