"""Bargaining over packages of issues: utilities, the Pareto set, the zone of
possible agreement and the Nash bargaining solution.

A *package* fixes a value on each of several issues (each on its 0-100
scale). A party values a package by how close it comes to the party's own
position on each issue, weighted by how much the party cares about that
issue. Trading on issues the parties weight differently (logrolling) is how
packages can leave both better off than no deal.

References
----------
.. [Nash1950] Nash, J. F. (1950). The bargaining problem. *Econometrica*
   18(2): 155-162.
.. [Raiffa1982] Raiffa, H. (1982). *The Art and Science of Negotiation*.
   Cambridge, MA: Harvard University Press. (Additive multi-issue scoring;
   the zone of possible agreement.)
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["package_utilities", "pareto_set", "zone_of_agreement", "nash_bargaining"]

_WEIGHT_SUM_TOL = 1e-6


def _table(name: str, table: Any, rows: str, columns: str) -> np.ndarray:
    """Check a labelled numeric table; return its values as float64."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            f"{name} must be a pandas DataFrame (one row per {rows}, one column per {columns}); got {type(table).__name__}"
        )
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise ValueError(f"{name} is empty: it needs at least one {rows} and one {columns}")
    for _axis, kind, labels in (("row", rows, table.index), ("column", columns, table.columns)):
        duplicated = labels[labels.duplicated()]
        if len(duplicated):
            raise ValueError(f"{name} lists {kind} {duplicated[0]!r} twice")
    values = np.empty(table.shape, dtype=float)
    for j, column in enumerate(table.columns):
        for i, (label, value) in enumerate(zip(table.index, table[column].tolist(), strict=False)):
            where = f"{name} at {rows} {label!r}, {columns} {column!r}"
            if isinstance(value, (bool, np.bool_)):
                raise ValueError(f"{where} is not a number: {value!r}")
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"{where} is not a number: {value!r}") from None
            if not np.isfinite(number):
                raise ValueError(f"{where} is missing or infinite ({value!r})")
            values[i, j] = number
    return values


def _in_scale(name: str, table: pd.DataFrame, values: np.ndarray, rows: str) -> None:
    bad = np.argwhere((values < 0) | (values > 100))
    if bad.size:
        i, j = bad[0]
        raise ValueError(
            f"{name} at {rows} {table.index[i]!r}, issue {table.columns[j]!r} is "
            f"{values[i, j]}, outside the issue scale 0-100"
        )


def _same_labels(
    what: str, reference_name: str, reference: pd.Index, other_name: str, other: pd.Index
) -> None:
    missing = [label for label in reference if label not in set(other)]
    extra = [label for label in other if label not in set(reference)]
    if missing:
        raise ValueError(f"{other_name} has no {what} {missing[0]!r}, which {reference_name} has")
    if extra:
        raise ValueError(f"{other_name} has {what} {extra[0]!r}, which {reference_name} lacks")


def package_utilities(weights: pd.DataFrame, terms: pd.DataFrame, ideals: pd.DataFrame) -> pd.DataFrame:
    """Each party's utility for each package, from weighted interests.

    .. math::

        U_p(k) = \\sum_i w_{p,i} \\left(1 - \\frac{|v_{k,i} - x_{p,i}|}{100}\\right)

    where ``w_{p,i}`` is party ``p``'s weight on issue ``i`` (its weights
    sum to 1), ``v_{k,i}`` is package ``k``'s value on issue ``i`` and
    ``x_{p,i}`` is the party's own position there, all on 0-100 scales. A
    package that gives a party its own position on every issue is worth 1
    to it; one at the far end of every scale is worth 0. This is the
    additive multi-issue scoring of negotiation analysis [Raiffa1982]_.

    Parameters
    ----------
    weights : pandas.DataFrame
        Interest weights, indexed by party, one column per issue; each row
        non-negative and summing to 1.
    terms : pandas.DataFrame
        Package terms, indexed by package, one column per issue, values on
        the issue's 0-100 scale.
    ideals : pandas.DataFrame
        Ideal points, indexed by party, one column per issue: the party's
        coded position (0-100).

    Returns
    -------
    pandas.DataFrame
        Utilities in [0, 1], indexed by package (index name ``"package"``),
        one column per party in the order of ``weights``' rows (column index
        name ``"party"``).

    Raises
    ------
    ValueError
        If a table is empty, has repeated labels or non-numeric, missing or
        out-of-range values; a party's weights are negative or do not sum to
        1; or the tables disagree on the issues or parties. The message names
        the table, the row and the column.

    Examples
    --------
    >>> import pandas as pd
    >>> weights = pd.DataFrame({"trade": [0.5], "security": [0.5]}, index=["A"])
    >>> ideals = pd.DataFrame({"trade": [100], "security": [0]}, index=["A"])
    >>> terms = pd.DataFrame({"trade": [100, 50], "security": [100, 0]}, index=["P1", "P2"])
    >>> package_utilities(weights, terms, ideals)["A"].tolist()
    [0.5, 0.75]
    """
    w = _table("interest weights", weights, "party", "issue")
    _table("package terms", terms, "package", "issue")
    _table("ideal points", ideals, "party", "issue")
    _same_labels("issue", "interest weights", weights.columns, "package terms", terms.columns)
    _same_labels("issue", "interest weights", weights.columns, "ideal points", ideals.columns)
    _same_labels("party", "interest weights", weights.index, "ideal points", ideals.index)
    bad = np.argwhere(w < 0)
    if bad.size:
        i, j = bad[0]
        raise ValueError(
            f"interest weight of party {weights.index[i]!r} on issue {weights.columns[j]!r} "
            f"is negative ({w[i, j]})"
        )
    sums = w.sum(axis=1)
    off = np.flatnonzero(np.abs(sums - 1) > _WEIGHT_SUM_TOL)
    if off.size:
        i = int(off[0])
        raise ValueError(f"interest weights of party {weights.index[i]!r} sum to {sums[i]:.6g}, not 1")
    issues = list(weights.columns)
    v = terms[issues].to_numpy(dtype=float)
    x = ideals.loc[weights.index, issues].to_numpy(dtype=float)
    _in_scale("package terms", terms[issues], v, "package")
    _in_scale("ideal points", ideals.loc[weights.index, issues], x, "party")
    closeness = 1 - np.abs(v[:, None, :] - x[None, :, :]) / 100  # (package, party, issue)
    utility = (closeness * w[None, :, :]).sum(axis=2)
    return pd.DataFrame(
        utility,
        index=pd.Index(terms.index, name="package"),
        columns=pd.Index(weights.index, name="party"),
    )


def _utilities(utilities: Any) -> np.ndarray:
    return _table("utilities", utilities, "package", "party")


def _disagreement(utilities: pd.DataFrame, disagreement: Any) -> np.ndarray:
    parties = list(utilities.columns)
    if isinstance(disagreement, (pd.Series, Mapping)):
        mapping = disagreement if isinstance(disagreement, Mapping) else disagreement.to_dict()
        missing = [p for p in parties if p not in mapping]
        if missing:
            raise ValueError(f"disagreement has no value for party {missing[0]!r}")
        raw = [mapping[p] for p in parties]
    else:
        if isinstance(disagreement, (str, bytes)):
            raise ValueError("disagreement must be numbers, one per party, not a string")
        try:
            raw = list(np.asarray(disagreement, dtype=object).ravel())
        except TypeError:
            raise ValueError("disagreement must be one number per party") from None
        if len(raw) != len(parties):
            raise ValueError(
                f"disagreement has {len(raw)} value(s) but utilities has {len(parties)} "
                f"part{'y' if len(parties) == 1 else 'ies'} ({', '.join(map(str, parties))})"
            )
    values = np.empty(len(parties))
    for k, (party, value) in enumerate(zip(parties, raw, strict=False)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"disagreement for party {party!r} is not a number: {value!r}") from None
        if not np.isfinite(number):
            raise ValueError(f"disagreement for party {party!r} is missing or infinite ({value!r})")
        values[k] = number
    return values


def _dominated(u: np.ndarray) -> np.ndarray:
    """dominated[b] is True when some package a is >= b for every party and > b for one."""
    at_least = (u[:, None, :] >= u[None, :, :]).all(axis=2)
    better = (u[:, None, :] > u[None, :, :]).any(axis=2)
    return np.any(at_least & better, axis=0)


def pareto_set(utilities: pd.DataFrame) -> list[Hashable]:
    """The Pareto-efficient packages: those no other package improves on.

    Package ``b`` is weakly dominated by package ``a`` when ``a`` gives every
    party at least as much as ``b`` and some party strictly more. The Pareto
    set is every package not weakly dominated by another. Packages with
    identical utilities do not dominate each other.

    Parameters
    ----------
    utilities : pandas.DataFrame
        Indexed by package, one column per party (as from
        :func:`package_utilities`).

    Returns
    -------
    list
        Package labels, in the order of ``utilities``' rows. Never empty for
        a non-empty table.

    References
    ----------
    Nash (1950) [Nash1950]_ requires the bargaining solution to be Pareto
    efficient (his axiom of optimality).

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"A": [0.7, 0.5, 1.0], "B": [0.8, 0.5, 0.0]}, index=["P1", "P2", "P3"])
    >>> pareto_set(u)
    ['P1', 'P3']
    """
    u = _utilities(utilities)
    return list(utilities.index[~_dominated(u)])


def zone_of_agreement(utilities: pd.DataFrame, disagreement: Any) -> list[Hashable]:
    """Packages that leave every party strictly better off than no deal.

    The disagreement point (each party's BATNA, its best alternative to a
    negotiated agreement) is what a party gets if talks fail. A package is in
    the zone of possible agreement (ZOPA) when its utility exceeds the
    disagreement utility for every party.

    Parameters
    ----------
    utilities : pandas.DataFrame
        Indexed by package, one column per party.
    disagreement : pandas.Series, mapping or sequence of float
        Each party's disagreement utility: a Series or dict keyed by the
        party labels of ``utilities``' columns (extra keys are ignored), or
        a sequence in the same order as the columns.

    Returns
    -------
    list
        Package labels with a strictly positive gain for every party, in row
        order; empty when there is no zone of possible agreement.

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"A": [0.7, 0.5, 1.0], "B": [0.8, 0.5, 0.0]}, index=["P1", "P2", "P3"])
    >>> zone_of_agreement(u, [0.3, 0.3])
    ['P1', 'P2']
    """
    u = _utilities(utilities)
    d = _disagreement(utilities, disagreement)
    return list(utilities.index[((u - d[None, :]) > 0).all(axis=1)])


def nash_bargaining(utilities: pd.DataFrame, disagreement: Any) -> Hashable | None:
    """The Nash bargaining solution among the packages, for two parties.

    Among the packages that give both parties a strictly positive gain over
    the disagreement point, choose the one that maximises the product of the
    gains (Nash 1950 [Nash1950]_):

    .. math:: k^* = \\arg\\max_k \\; (U_1(k) - d_1)\\,(U_2(k) - d_2)

    Parameters
    ----------
    utilities : pandas.DataFrame
        Indexed by package, exactly two columns (the parties).
    disagreement : pandas.Series, mapping or sequence of float
        The two parties' disagreement utilities, keyed by party or in column
        order (see :func:`zone_of_agreement`).

    Returns
    -------
    hashable or None
        The chosen package's label, or ``None`` when no package gives both
        parties a strictly positive gain (no zone of possible agreement).

    Raises
    ------
    ValueError
        If ``utilities`` does not have exactly two party columns, or the
        inputs are not valid numbers.

    Notes
    -----
    Ties: when several packages share the largest product, the one listed
    first in ``utilities`` is chosen. Only Pareto-efficient packages are
    candidates; mathematically a dominated package always has a smaller
    product, and restricting to the Pareto set keeps rounding from ever
    choosing one, so the choice is never dominated.

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"A": [0.7, 0.5, 1.0], "B": [0.8, 0.5, 0.0]}, index=["P1", "P2", "P3"])
    >>> nash_bargaining(u, [0.3, 0.3])
    'P1'
    >>> nash_bargaining(u, [0.8, 0.1]) is None
    True
    """
    u = _utilities(utilities)
    if u.shape[1] != 2:
        raise ValueError(
            f"Nash bargaining here is between two parties, but utilities has {u.shape[1]} "
            f"column(s): {', '.join(map(str, utilities.columns))}"
        )
    gains = u - _disagreement(utilities, disagreement)[None, :]
    candidates = (gains > 0).all(axis=1) & ~_dominated(u)
    if not candidates.any():
        return None
    product = np.where(candidates, gains.prod(axis=1), -np.inf)
    return utilities.index[int(np.argmax(product))]
