"""What if a party cared more about one issue, or had a better alternative to a deal?

A party's interest weights are shares of its attention: they add up to 1. To
ask "what if Armenia cared more about the return of the displaced?" one
weight goes up and the party's other weights shrink *in proportion*, so the
party still ranks the other issues as before. :func:`rescale_weights` does
that (it is what the interest-weights panel does when a slider moves), and
:func:`bargaining_sweep` repeats it over a range of values, recording the
zone of possible agreement and the Nash bargaining choice at each one. The
same sweep can move a party's disagreement point instead.

References
----------
.. [Nash1950] Nash, J. F. (1950). The bargaining problem. *Econometrica*
   18(2): 155-162.
.. [Raiffa1982] Raiffa, H. (1982). *The Art and Science of Negotiation*.
   Cambridge, MA: Harvard University Press. (Additive scoring with weights
   that sum to one; the zone of possible agreement.)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from .bargaining import _disagreement, nash_bargaining, package_utilities, zone_of_agreement

__all__ = ["rescale_weights", "bargaining_sweep", "DISAGREEMENT"]

#: The name :func:`bargaining_sweep` takes for "move the disagreement point".
DISAGREEMENT = "disagreement"


def _share(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}") from None
    if not np.isfinite(number) or not 0.0 <= number <= 1.0:
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
    return number


def _label(kind: str, label: Hashable, labels: pd.Index, table: str) -> None:
    if label not in set(labels):
        known = ", ".join(map(repr, labels))
        plural = "parties" if kind == "party" else f"{kind}s"
        raise ValueError(f"{table} has no {kind} {label!r}; its {plural} are {known}")


def rescale_weights(weights: pd.DataFrame, party: Hashable, issue: Hashable, value: float) -> pd.DataFrame:
    """Set one party's weight on one issue; rescale its other weights in proportion.

    The party's other weights are multiplied by the same factor so that all
    its weights still add up to 1: their ratios to one another are kept. If
    they were all zero, the rest of the weight is shared equally among them.
    Other parties' weights are not touched. This is the rule the
    interest-weights panel applies when a weight slider moves.

    Parameters
    ----------
    weights : pandas.DataFrame
        Interest weights, indexed by party, one column per issue; each row
        adds up to 1 (as for :func:`~conflictlab.models.package_utilities`).
    party : hashable
        The row to change.
    issue : hashable
        The column to set.
    value : float
        The new weight, between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        A new table with the same labels; the input is not changed.

    Raises
    ------
    ValueError
        If the party or issue is not in the table (the message lists the
        ones that are), ``value`` is not a number in [0, 1], or the party has
        a single issue and ``value`` is not 1.

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"x": [0.5], "y": [0.3], "z": [0.2]}, index=["A"])
    >>> rescale_weights(w, "A", "x", 0.75).round(3).loc["A"].tolist()
    [0.75, 0.15, 0.1]
    """
    if not isinstance(weights, pd.DataFrame):
        raise TypeError(
            f"weights must be a pandas DataFrame (parties × issues); got {type(weights).__name__}"
        )
    _label("party", party, weights.index, "weights")
    _label("issue", issue, weights.columns, "weights")
    share = _share(f"the new weight of {party!r} on {issue!r}", value)
    out = weights.astype(float)  # a copy
    others = [c for c in out.columns if c != issue]
    if not others and share != 1.0:
        raise ValueError(f"{party!r} has weights on one issue only, so that weight must be 1, not {value!r}")
    current = out.loc[[party], others].to_numpy(dtype=float)[0]  # the party's row
    rest = 1.0 - share
    total = float(current.sum())
    if others:
        new = current * (rest / total) if total > 0 else np.full(len(others), rest / len(others))
        out.loc[party, others] = new
    out.loc[party, issue] = share
    return out


def bargaining_sweep(
    weights: pd.DataFrame,
    terms: pd.DataFrame,
    ideals: pd.DataFrame,
    disagreement: Any,
    party: Hashable,
    what: Hashable,
    values: Iterable[float],
) -> pd.DataFrame:
    """The zone of possible agreement and the Nash choice as one input moves.

    For each value, either the party's weight on issue ``what`` is set to it
    (the party's other weights rescaled in proportion, see
    :func:`rescale_weights`), or -- with ``what="disagreement"`` -- the
    party's disagreement utility is set to it. Everything else stays as
    given. Then the utilities (:func:`~conflictlab.models.package_utilities`),
    the zone of possible agreement
    (:func:`~conflictlab.models.zone_of_agreement`) and the Nash bargaining
    choice (:func:`~conflictlab.models.nash_bargaining`, [Nash1950]_) are
    computed afresh.

    Parameters
    ----------
    weights, terms, ideals : pandas.DataFrame
        As for :func:`~conflictlab.models.package_utilities`.
    disagreement : pandas.Series, mapping or sequence of float
        The parties' disagreement utilities (keyed by party, or in the order
        of ``weights``' rows).
    party : hashable
        The party whose input moves.
    what : hashable
        An issue (a column of ``weights``) or ``"disagreement"``.
    values : iterable of float
        The values to try, each between 0 and 1, in the order given.

    Returns
    -------
    pandas.DataFrame
        One row per value with columns ``value``; ``zone_size`` (the number
        of packages in the zone of possible agreement); ``zone`` (their
        labels, a tuple, in package order); ``nash`` (the Nash choice, or
        None when the zone is empty; always None unless there are exactly
        two parties, as Nash bargaining here is between two); and one column
        per party,
        ``utility <party>``, holding that party's utility for the Nash choice
        (NaN when there is none).

    Raises
    ------
    ValueError
        If the party, the issue or a value is not valid, or the tables are
        not (the message says which).

    Examples
    --------
    >>> import pandas as pd
    >>> weights = pd.DataFrame({"x": [0.5, 0.5], "y": [0.5, 0.5]}, index=["A", "B"])
    >>> ideals = pd.DataFrame({"x": [0, 100], "y": [0, 100]}, index=["A", "B"])
    >>> terms = pd.DataFrame({"x": [0, 50, 100], "y": [100, 50, 0]}, index=["P", "Q", "R"])
    >>> sweep = bargaining_sweep(weights, terms, ideals, [0.3, 0.3], "A", "x", [0.5, 0.9])
    >>> sweep["zone_size"].tolist(), sweep["nash"].tolist()
    ([3, 2], ['P', 'P'])
    """
    if not isinstance(weights, pd.DataFrame):
        raise TypeError(
            f"weights must be a pandas DataFrame (parties × issues); got {type(weights).__name__}"
        )
    _label("party", party, weights.index, "weights")
    moving_disagreement = what == DISAGREEMENT and what not in set(weights.columns)
    if not moving_disagreement:
        if what not in set(weights.columns):
            known = ", ".join(map(repr, weights.columns))
            raise ValueError(f"what must be an issue of weights ({known}) or {DISAGREEMENT!r}; got {what!r}")
    if isinstance(values, (str, bytes)):
        raise ValueError("values must be numbers between 0 and 1, not a string")
    values = list(np.asarray(list(values), dtype=object).ravel())
    if not values:
        raise ValueError("values is empty: give at least one value to try")
    base = package_utilities(weights, terms, ideals)  # checks the tables once, with clear messages
    parties = list(weights.index)
    d = pd.Series(_disagreement(base, disagreement), index=parties)
    rows = []
    for raw in values:
        value = _share(f"value {raw!r}", raw)
        if moving_disagreement:
            utilities = base
            dv = d.copy()
            dv.at[party] = value
        else:
            utilities = package_utilities(rescale_weights(weights, party, what, value), terms, ideals)
            dv = d
        zone = tuple(zone_of_agreement(utilities, dv.to_numpy()))
        nash = nash_bargaining(utilities, dv.to_numpy()) if len(parties) == 2 else None
        row: dict[str, Any] = {"value": value, "zone_size": len(zone), "zone": zone, "nash": nash}
        for p in parties:
            row[f"utility {p}"] = float(utilities[p].at[nash]) if nash is not None else np.nan
        rows.append(row)
    table = pd.DataFrame(rows)
    table["zone"] = pd.Series([row["zone"] for row in rows], dtype=object)
    table["nash"] = pd.Series([row["nash"] for row in rows], dtype=object)  # None stays None
    return table
