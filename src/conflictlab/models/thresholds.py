"""What if one coding were different? Forecasts along a range of one input.

A forecast rests on estimates. :func:`sweep` changes one actor's position,
salience or capability step by step, keeps everything else as coded, and
records each model's forecast at every step. Read down the table to find the
value at which a forecast jumps from one actor's position to another's: the
*threshold* a coding would have to cross to change the story.

References
----------
.. [Saltelli2008] Saltelli, A. et al. (2008). *Global Sensitivity Analysis:
   The Primer*. Chichester: Wiley. (One-at-a-time sensitivity analysis.)
.. [Black1948] Black, D. (1948). On the rationale of group decision-making.
   *Journal of Political Economy* 56(1): 23-34.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ._frame import validate_frame
from .forecasting import MODELS, check_model, forecast

__all__ = ["SWEEP_FIELDS", "sweep"]

#: The inputs :func:`sweep` can vary.
SWEEP_FIELDS: tuple[str, ...] = ("position", "salience", "capability")


def _values(values: Iterable[float], field: str) -> np.ndarray:
    if isinstance(values, (str, bytes)):
        raise ValueError(f"values must be a sequence of numbers, not text ({values!r})")
    try:
        array = np.asarray(list(values), dtype=float)
    except (TypeError, ValueError):
        raise ValueError("values must contain only numbers") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError("values must be a non-empty list of numbers, one per step")
    if not np.all(np.isfinite(array)):
        raise ValueError("values must be finite numbers (no NaN or infinity)")
    if field == "salience" and (array.min() < 0 or array.max() > 1):
        bad = array[(array < 0) | (array > 1)][0]
        raise ValueError(f"a salience must lie in [0, 1]; values include {bad:g}")
    if field == "capability" and array.min() < 0:
        raise ValueError(f"a capability must be >= 0; values include {array.min():g}")
    return array


def sweep(
    frame: pd.DataFrame,
    actor: str,
    field: str,
    values: Iterable[float],
    models: Sequence[str] = ("median", "mean"),
    rounds: int = 10,
) -> pd.DataFrame:
    """Forecasts as one actor's coding runs through a range of values.

    For each value, the frame is copied with ``actor``'s ``field`` set to
    that value (every other coding as it is) and each model's forecast is
    computed with :func:`~conflictlab.models.forecast`.

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame (columns ``actor, position, capability, salience``).
    actor : str
        The actor whose coding changes, as named in the frame's ``actor``
        column (e.g. ``"United States"``).
    field : {"position", "salience", "capability"}
        The coding to change.
    values : iterable of float
        The values to try, in the order the rows should have (e.g.
        ``np.arange(0, 1.01, 0.05)`` for a salience).
    models : sequence of str, default ("median", "mean")
        Models to run, any of ``"median", "mean", "condorcet", "eu"``.
    rounds : int, default 10
        Rounds of the expected-utility simulation (used only by ``"eu"``).

    Returns
    -------
    pandas.DataFrame
        One row per value, in the order given: a column named after
        ``field`` holding the value, then one column per model holding its
        forecast (NaN where the Condorcet model has no winner, or where the
        changed coding leaves no actor with any influence).

    Raises
    ------
    ValueError
        If the frame is invalid, the actor is not in it, the field or a
        model is unknown, or a value is not a valid coding (a salience
        outside [0, 1], a negative capability, NaN). Messages name the
        problem.

    Notes
    -----
    A one-at-a-time analysis [Saltelli2008]_: it shows how far one estimate
    must move before a forecast changes, not how likely that is (for that,
    see :func:`~conflictlab.models.monte_carlo`). The weighted median only
    ever takes actors' positions [Black1948]_, so its column moves in jumps;
    the weighted mean moves smoothly.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"actor": ["A", "B", "C"], "position": [0, 50, 100],
    ...                       "capability": [1, 1, 1], "salience": [0.5, 0.3, 0.4]})
    >>> print(sweep(frame, "A", "salience", [0.0, 0.5, 1.0]).round(1).to_string(index=False))
     salience  median  mean
          0.0   100.0  78.6
          0.5    50.0  45.8
          1.0     0.0  32.4
    """
    clean = validate_frame(frame)
    if field not in SWEEP_FIELDS:
        raise ValueError(f"field must be one of {', '.join(SWEEP_FIELDS)}; got {field!r}")
    names = clean["actor"].tolist()
    if actor not in names:
        raise ValueError(f"no actor {actor!r} in the frame; its actors are {', '.join(names)}")
    if isinstance(models, str):
        models = (models,)
    models = [check_model(m, MODELS) for m in models]
    if not models:
        raise ValueError(f"name at least one model: {', '.join(MODELS)}")
    if len(set(models)) != len(models):
        raise ValueError("each model may be named only once")
    steps = _values(values, field)
    row = names.index(actor)
    out: dict[str, list[float]] = {field: steps.tolist(), **{m: [] for m in models}}
    for value in steps:
        variant = clean.copy()
        variant.loc[row, field] = value
        influence = variant["capability"] * variant["salience"]
        for model in models:
            if not (influence > 0).any():
                out[model].append(np.nan)
                continue
            result = forecast(variant, model, rounds=rounds)
            out[model].append(np.nan if result is None else float(result))
    return pd.DataFrame(out)
