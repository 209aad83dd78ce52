"""One entry point for a forecast: ``forecast(frame, model)``.

The course compares several models of the same issue. This dispatcher lets a
notebook or a widget switch between them by name.
"""

from __future__ import annotations

from typing import Literal, overload

import numpy as np
import pandas as pd

from ._batch import condorcet_rows, mean_rows, median_rows
from ._frame import frame_arrays
from .expected_utility import simulate

__all__ = ["MODELS", "MODEL_NAMES", "SPATIAL_MODELS", "forecast", "check_model"]

#: Models :func:`forecast` knows, by name.
MODELS: tuple[str, ...] = ("median", "mean", "condorcet", "expected_utility")
#: The name of each model as students read it, in charts, panels and sentences.
MODEL_NAMES: dict[str, str] = {
    "median": "weighted median",
    "mean": "weighted mean",
    "condorcet": "Condorcet winner",
    "expected_utility": "expected-utility forecast",
}
#: The models computed directly from positions and weights (vectorisable).
SPATIAL_MODELS: tuple[str, ...] = ("median", "mean", "condorcet")

_KERNELS = {"median": median_rows, "mean": mean_rows, "condorcet": condorcet_rows}


def check_model(model: str, allowed: tuple[str, ...] = MODELS) -> str:
    """Return ``model`` if it is one of ``allowed``; otherwise raise ValueError listing them."""
    if not isinstance(model, str) or model not in allowed:
        names = ", ".join(repr(m) for m in allowed)
        raise ValueError(f"unknown model {model!r}; choose one of {names}")
    return model


def spatial_outcomes(model: str, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Outcome of a spatial model for each row of weights ``w`` (NaN: no outcome)."""
    return _KERNELS[check_model(model, SPATIAL_MODELS)](x, w)


# Every model but "condorcet" always has an outcome (a valid frame has some
# influence), so a caller naming one of them gets a float, not an Optional.
@overload
def forecast(
    frame: pd.DataFrame, model: Literal["median", "mean", "expected_utility"] = ..., rounds: int = ...
) -> float: ...
@overload
def forecast(frame: pd.DataFrame, model: str, rounds: int = ...) -> float | None: ...
def forecast(frame: pd.DataFrame, model: str = "median", rounds: int = 10) -> float | None:
    """Forecast an issue's outcome with one of the course's models.

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame (columns ``actor, position, capability, salience``).
    model : {"median", "mean", "condorcet", "expected_utility"}, default "median"
        * ``"median"`` -- the weighted median, the median voter position
          (Black 1948; :func:`~conflictlab.models.weighted_median`);
        * ``"mean"`` -- the weighted mean
          (:func:`~conflictlab.models.weighted_mean`);
        * ``"condorcet"`` -- the actor position that beats all others in
          pairwise votes, or ``None`` if there is none
          (:func:`~conflictlab.models.condorcet_winner`);
        * ``"expected_utility"`` -- the final forecast of the expected-utility model after
          ``rounds`` rounds (Bueno de Mesquita 1994, as transcribed by
          Scholz, Calbert & Smith 2011;
          :func:`~conflictlab.models.simulate`).
    rounds : int, default 10
        Rounds of the expected-utility model (used only by ``"expected_utility"``).

    Returns
    -------
    float or None
        The forecast position; ``None`` only for ``"condorcet"`` without a
        winner.

    Raises
    ------
    ValueError
        If ``model`` is not one of the names above (the message lists them),
        or the frame is invalid; ``"expected_utility"`` also needs at least two actors.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"actor": ["A", "B", "C"], "position": [10, 50, 90],
    ...                       "capability": [1, 1, 1], "salience": [0.3, 0.3, 0.5]})
    >>> forecast(frame, "median"), round(forecast(frame, "mean"), 2)
    (50.0, 57.27)
    """
    check_model(model)
    if model == "expected_utility":
        history = simulate(frame, rounds=rounds)
        return float(history["forecast"].iloc[-1])
    _, x, c, s = frame_arrays(frame)
    value = spatial_outcomes(model, x, (c * s)[None, :])[0]
    return None if np.isnan(value) else float(value)
