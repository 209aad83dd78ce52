"""Tipping points: how the forecast moves as one coding moves through a range.

A tornado analysis (:func:`~conflictlab.models.tornado`) nudges each coding a
fixed step down and up. :func:`vary_coding` instead walks one coding of one
actor through a whole range of values and records the forecast at each. For
the weighted median the result is a staircase: the forecast stays on one
actor's position, then jumps to another's when the running total of
influence crosses half (Black 1948). Where the staircase jumps is a tipping
point; a forecast that sits close to one is *knife-edge*.
:func:`tipping_points` lists the jumps.

References
----------
.. [Black1948] Black, D. (1948). On the rationale of group decision-making.
   *Journal of Political Economy* 56(1): 23-34.
.. [Saltelli2008] Saltelli, A. et al. (2008). *Global Sensitivity Analysis:
   The Primer*. Chichester: Wiley. (One-at-a-time sensitivity.)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ._frame import frame_arrays
from .forecasting import MODELS, SPATIAL_MODELS, check_model, forecast, spatial_outcomes

__all__ = ["vary_coding", "tipping_points", "CODINGS"]

#: The codings :func:`vary_coding` can move.
CODINGS: tuple[str, ...] = ("position", "salience", "capability")


def _values(field: str, values: Iterable[float]) -> np.ndarray:
    if isinstance(values, (str, bytes)):
        raise ValueError("values must be numbers, not a string")
    try:
        array = np.asarray(list(values), dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError("values must be numbers") from None
    if array.size == 0:
        raise ValueError("values is empty: give at least one value to try")
    bad = array[~np.isfinite(array)]
    if bad.size:
        raise ValueError(f"values must be finite numbers; got {bad[0]!r}")
    if field == "salience":
        off = array[(array < 0) | (array > 1)]
        if off.size:
            raise ValueError(f"a salience must lie in [0, 1]; got {off[0]:g}")
    if field == "capability":
        off = array[array < 0]
        if off.size:
            raise ValueError(f"a capability must be >= 0; got {off[0]:g}")
    return array


def vary_coding(
    frame: pd.DataFrame,
    actor: str,
    field: str,
    values: Iterable[float],
    model: str = "median",
) -> pd.DataFrame:
    """The forecast as one actor's coding takes each of ``values``, the rest as coded.

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame (columns ``actor, position, capability, salience``).
    actor : str
        The actor whose coding moves (a name in ``frame["actor"]``).
    field : {"position", "salience", "capability"}
        The coding that moves.
    values : iterable of float
        The values to try, in order: saliences in [0, 1], capabilities >= 0.
    model : {"median", "mean", "condorcet", "expected_utility"}, default "median"
        The forecast (see :func:`~conflictlab.models.forecast`). The spatial
        models are computed for all values at once; ``"expected_utility"`` runs the
        simulation once per value.

    Returns
    -------
    pandas.DataFrame
        One row per value, in the order given, with columns ``value`` and
        ``forecast`` (NaN where there is none: a Condorcet tie, or no
        influence left).

    Raises
    ------
    ValueError
        On an invalid frame, an unknown actor, field or model (the message
        lists the allowed ones), or a value out of range.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"actor": ["A", "B", "C"], "position": [10, 50, 90],
    ...                       "capability": [1, 1, 1], "salience": [0.3, 0.3, 0.5]})
    >>> vary_coding(frame, "A", "salience", [0.3, 0.6, 0.9])["forecast"].tolist()
    [50.0, 50.0, 10.0]
    """
    check_model(model, MODELS)
    actors, x, c, s = frame_arrays(frame)
    if field not in CODINGS:
        raise ValueError(f"unknown coding {field!r}; choose one of {', '.join(map(repr, CODINGS))}")
    if actor not in actors:
        raise ValueError(f"no actor {actor!r} in the frame; its actors are {', '.join(map(repr, actors))}")
    k = actors.index(actor)
    v = _values(field, values)
    n = v.size
    xs, cs, ss = np.tile(x, (n, 1)), np.tile(c, (n, 1)), np.tile(s, (n, 1))
    {"position": xs, "capability": cs, "salience": ss}[field][:, k] = v
    if model in SPATIAL_MODELS:
        out = spatial_outcomes(model, xs, cs * ss)
    else:
        out = np.empty(n)
        for row in range(n):
            variant = pd.DataFrame(
                {"actor": actors, "position": xs[row], "capability": cs[row], "salience": ss[row]}
            )
            try:
                result = forecast(variant, model)
            except ValueError:  # e.g. no influence left
                result = None
            out[row] = np.nan if result is None else result
    return pd.DataFrame({"value": v, "forecast": out})


def tipping_points(sweep: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`vary_coding` table where the forecast changes.

    Parameters
    ----------
    sweep : pandas.DataFrame
        A table with columns ``value`` and ``forecast``, in the order the
        values were tried.

    Returns
    -------
    pandas.DataFrame
        One row per change, with columns ``before`` and ``after`` (the last
        value with the old forecast and the first with the new one),
        ``from`` and ``to`` (the two forecasts). Empty when the forecast
        never changes. For a forecast that moves smoothly (the weighted
        mean) nearly every row is a change; the table is meant for the
        weighted median's staircase.

    Examples
    --------
    >>> import pandas as pd
    >>> sweep = pd.DataFrame({"value": [0.1, 0.2, 0.3, 0.4], "forecast": [80, 80, 60, 60]})
    >>> tipping_points(sweep).to_dict("records")
    [{'before': 0.2, 'after': 0.3, 'from': 80.0, 'to': 60.0}]
    """
    if not isinstance(sweep, pd.DataFrame) or not {"value", "forecast"} <= set(sweep.columns):
        raise ValueError("sweep must be a table with columns 'value' and 'forecast' (as from vary_coding)")
    value = sweep["value"].to_numpy(dtype=float)
    result = sweep["forecast"].to_numpy(dtype=float)
    same = (result[1:] == result[:-1]) | (np.isnan(result[1:]) & np.isnan(result[:-1]))
    change = np.flatnonzero(~same)
    return pd.DataFrame(
        {
            "before": value[change],
            "after": value[change + 1],
            "from": result[change],
            "to": result[change + 1],
        }
    )
