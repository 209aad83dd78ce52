"""Input checks shared by every model: frames and equal-length arrays.

An issue's inputs are a *frame*: a :class:`pandas.DataFrame` with one row per
actor and the columns ``actor``, ``position``, ``capability`` and ``salience``.
Extra columns (a coder's ``rationale``, say) are allowed and ignored. The
functions here turn a frame or three arrays into clean ``float64`` arrays, or
raise a :class:`ValueError` whose message names the problem and the actor or
row where it was found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = ["MODEL_COLUMNS", "validate_frame", "frame_arrays", "check_arrays"]

#: The columns the models read from a frame, in this order.
MODEL_COLUMNS: tuple[str, ...] = ("actor", "position", "capability", "salience")

_NUMERIC = ("position", "capability", "salience")


def _where(actor: Any, label: Any) -> str:
    """Describe a row for an error message: the actor's name and its row label."""
    if actor is None:
        return f"row {label!r}"
    return f"actor {actor!r} (row {label!r})"


def validate_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Check an issue frame and return a clean copy of its model columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per actor with columns ``actor`` (a name), ``position`` (a
        point on the issue's scale, usually 0-100), ``capability`` (>= 0) and
        ``salience`` (in [0, 1]). Other columns are allowed and ignored.

    Returns
    -------
    pandas.DataFrame
        A new frame with exactly the columns ``actor, position, capability,
        salience`` (names as ``str``, numbers as ``float64``) and a fresh
        0..n-1 index, in the input's row order.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        If the frame is empty; a column is missing; an actor name is missing
        or repeated; a number is missing (NaN), infinite or not a number; a
        capability is negative; a salience lies outside [0, 1]; or every actor
        has zero influence (capability × salience = 0), so no outcome can be
        weighted. The message names the column and the actor (or row label).

    Examples
    --------
    >>> import pandas as pd
    >>> validate_frame(pd.DataFrame({"actor": ["A"], "position": [10],
    ...                              "capability": [1], "salience": [2]}))
    Traceback (most recent call last):
    ...
    ValueError: salience 2.0 for actor 'A' (row 0) is outside [0, 1]
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            "expected a pandas DataFrame with columns actor, position, capability, "
            f"salience; got {type(frame).__name__}"
        )
    if len(frame) == 0:
        raise ValueError("the frame is empty: it needs one row per actor")
    missing = [c for c in MODEL_COLUMNS if c not in frame.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise ValueError(
            f"the frame is missing column(s) {names}; it needs the columns "
            "actor, position, capability, salience"
        )

    labels = list(frame.index)
    actors: list[str] = []
    seen: dict[str, Any] = {}
    for label, name in zip(labels, frame["actor"].tolist(), strict=False):
        if name is None or (isinstance(name, float) and np.isnan(name)) or str(name).strip() == "":
            raise ValueError(f"the actor name is missing in row {label!r}")
        name = str(name)
        if name in seen:
            raise ValueError(
                f"duplicate actor {name!r} (rows {seen[name]!r} and {label!r}); "
                "each actor needs exactly one row"
            )
        seen[name] = label
        actors.append(name)

    columns: dict[str, np.ndarray] = {}
    for column in _NUMERIC:
        raw = frame[column].tolist()
        values = np.empty(len(raw), dtype=float)
        for k, value in enumerate(raw):
            where = _where(actors[k], labels[k])
            if isinstance(value, (bool, np.bool_)):
                raise ValueError(f"{column} for {where} is not a number: {value!r}")
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"{column} for {where} is not a number: {value!r}") from None
            if np.isnan(number):
                raise ValueError(f"{column} is missing (NaN) for {where}")
            if np.isinf(number):
                raise ValueError(f"{column} is infinite for {where}")
            values[k] = number
        columns[column] = values

    for k, value in enumerate(columns["capability"]):
        if value < 0:
            raise ValueError(
                f"capability {value} for {_where(actors[k], labels[k])} is negative; capability must be >= 0"
            )
    for k, value in enumerate(columns["salience"]):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"salience {value} for {_where(actors[k], labels[k])} is outside [0, 1]")
    if not np.any(columns["capability"] * columns["salience"] > 0):
        raise ValueError(
            "all influence is zero: capability × salience is 0 for every actor, so no outcome can be weighted"
        )
    out = pd.DataFrame({"actor": pd.Series(actors, dtype=str), **columns})
    return out


def frame_arrays(frame: pd.DataFrame) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Validate ``frame`` and return ``(actors, position, capability, salience)``."""
    clean = validate_frame(frame)
    return (
        clean["actor"].tolist(),
        clean["position"].to_numpy(dtype=float),
        clean["capability"].to_numpy(dtype=float),
        clean["salience"].to_numpy(dtype=float),
    )


def _as_vector(name: str, values: Any) -> np.ndarray:
    if isinstance(values, (str, bytes)):
        raise ValueError(f"{name} must be a sequence of numbers, not a string")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must contain only numbers") from None
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one value per actor); got shape {array.shape}")
    return array


def check_arrays(
    position: ArrayLike,
    capability: ArrayLike,
    salience: ArrayLike,
    actors: Sequence[str] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check three per-actor arrays and return them as ``float64`` arrays.

    Parameters
    ----------
    position, capability, salience : array_like
        One value per actor, all of the same length.
    actors : sequence of str, optional
        Actor names, used only to make error messages name the actor.

    Returns
    -------
    tuple of numpy.ndarray
        ``(position, capability, salience)``.

    Raises
    ------
    ValueError
        If the arrays are empty or of unequal length, contain NaN, infinite or
        non-numeric values, a negative capability, a salience outside [0, 1],
        or if every actor's influence (capability × salience) is zero.
    """
    arrays = {
        "position": _as_vector("position", position),
        "capability": _as_vector("capability", capability),
        "salience": _as_vector("salience", salience),
    }
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) != 1:
        detail = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"position, capability and salience must have the same length ({detail})")
    n = lengths["position"]
    if n == 0:
        raise ValueError("no actors: position, capability and salience are empty")

    def who(k: int) -> str:
        return f"actor {actors[k]!r}" if actors is not None and k < len(actors) else f"index {k}"

    for name, array in arrays.items():
        bad = np.flatnonzero(np.isnan(array))
        if bad.size:
            raise ValueError(f"{name} is missing (NaN) for {who(int(bad[0]))}")
        bad = np.flatnonzero(np.isinf(array))
        if bad.size:
            raise ValueError(f"{name} is infinite for {who(int(bad[0]))}")
    bad = np.flatnonzero(arrays["capability"] < 0)
    if bad.size:
        k = int(bad[0])
        raise ValueError(
            f"capability {arrays['capability'][k]} for {who(k)} is negative; capability must be >= 0"
        )
    bad = np.flatnonzero((arrays["salience"] < 0) | (arrays["salience"] > 1))
    if bad.size:
        k = int(bad[0])
        raise ValueError(f"salience {arrays['salience'][k]} for {who(k)} is outside [0, 1]")
    if not np.any(arrays["capability"] * arrays["salience"] > 0):
        raise ValueError(
            "all influence is zero: capability × salience is 0 for every actor, so no outcome can be weighted"
        )
    return arrays["position"], arrays["capability"], arrays["salience"]
