"""Structural balance of a signed network of relations.

Heider's balance theory: "the friend of my friend is my friend, the enemy of
my enemy is my friend". A triad of actors is *balanced* when the product of
its three relation signs is positive (all friendly, or two hostile and one
friendly) and *unbalanced* otherwise; unbalanced triads are under pressure to
change. Cartwright and Harary turned this into graph theory: a signed graph
is balanced when all its cycles are, and the share of balanced triads
measures how close a system is to balance.

Relations arrive as a table with columns ``source, target, sign`` (one time
period; the caller filters periods first). Signs are -1 (hostile), +1
(friendly) or 0 (no clear relation).

**Combining the two directions of a pair.** The article codes relations as
directed (Armenia towards Russia need not equal Russia towards Armenia),
while balance theory signs each *pair*. The rule used here:

* rows with sign 0 are ignored (no clear relation is no edge);
* a pair's sign is +1 only when every remaining row between the two actors,
  in either direction, is +1; a single -1 in either direction makes the pair
  -1 (hostility on one side is enough to break a friendship);
* a pair with no remaining rows has no relation and takes part in no triad.

References
----------
.. [Heider1946] Heider, F. (1946). Attitudes and cognitive organization.
   *Journal of Psychology* 21(1): 107-112.
.. [CH1956] Cartwright, D. and Harary, F. (1956). Structural balance: a
   generalization of Heider's theory. *Psychological Review* 63(5):
   277-293.
.. [Harary1959] Harary, F. (1959). On the measurement of structural
   balance. *Behavioral Science* 4(4): 316-323.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["pair_signs", "triad_balance", "balance_share", "flip_effects", "best_flip"]

_COLUMNS = ("source", "target", "sign")


def _relations(relations: Any) -> pd.DataFrame:
    """Check a relations table; return columns source, target (str) and sign (int)."""
    if not isinstance(relations, pd.DataFrame):
        raise TypeError(
            f"relations must be a pandas DataFrame with columns source, target, sign; got {type(relations).__name__}"
        )
    missing = [c for c in _COLUMNS if c not in relations.columns]
    if missing:
        raise ValueError(
            f"relations is missing column(s) {', '.join(map(repr, missing))}; "
            "it needs the columns source, target, sign"
        )
    sources, targets, signs = [], [], []
    for label, source, target, sign in zip(
        relations.index,
        relations["source"].tolist(),
        relations["target"].tolist(),
        relations["sign"].tolist(),
        strict=False,
    ):
        for role, name in (("source", source), ("target", target)):
            if name is None or (isinstance(name, float) and np.isnan(name)) or str(name).strip() == "":
                raise ValueError(f"the {role} actor is missing in relations row {label!r}")
        if str(source) == str(target):
            raise ValueError(f"relations row {label!r} links {str(source)!r} to itself")
        try:
            number = float(sign)
        except (TypeError, ValueError):
            raise ValueError(f"sign in relations row {label!r} is not a number: {sign!r}") from None
        if isinstance(sign, (bool, np.bool_)) or number not in (-1.0, 0.0, 1.0):
            raise ValueError(f"sign in relations row {label!r} is {sign!r}; it must be -1, 0 or 1")
        sources.append(str(source))
        targets.append(str(target))
        signs.append(int(number))
    return pd.DataFrame({"source": sources, "target": targets, "sign": signs})


def pair_signs(relations: pd.DataFrame) -> pd.DataFrame:
    """One signed relation per pair of actors, combining both directions.

    Rows with sign 0 are dropped; a pair is +1 when all its remaining rows
    (either direction) are +1 and -1 when any is -1 (see the module notes).

    Parameters
    ----------
    relations : pandas.DataFrame
        Columns ``source``, ``target`` (actor names or ids) and ``sign``
        (-1, 0 or 1). Other columns are ignored.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor_a``, ``actor_b`` (``actor_a < actor_b``
        alphabetically), ``sign`` (-1 or 1) and ``mixed`` (True when the rows
        between the two disagreed), sorted by ``actor_a, actor_b``.

    Raises
    ------
    ValueError
        If a column is missing, an actor is missing, a row links an actor to
        itself, or a sign is not -1, 0 or 1. The message names the row.

    References
    ----------
    Cartwright & Harary (1956) [CH1956]_ sign the edges of an undirected
    graph; the rule above maps the article's directed relations onto it.

    Examples
    --------
    >>> import pandas as pd
    >>> rel = pd.DataFrame({"source": ["A", "B", "A"], "target": ["B", "A", "C"], "sign": [1, -1, 0]})
    >>> pair_signs(rel).values.tolist()
    [['A', 'B', -1, True]]
    """
    clean = _relations(relations)
    clean = clean[clean["sign"] != 0]
    a = np.minimum(clean["source"].to_numpy(dtype=object), clean["target"].to_numpy(dtype=object))
    b = np.maximum(clean["source"].to_numpy(dtype=object), clean["target"].to_numpy(dtype=object))
    pairs = pd.DataFrame(
        {
            "actor_a": pd.Series(a, dtype=str),
            "actor_b": pd.Series(b, dtype=str),
            "sign": clean["sign"].to_numpy(),
        }
    )
    grouped = pairs.groupby(["actor_a", "actor_b"], sort=True)["sign"]
    out = pd.DataFrame({"sign": grouped.min(), "mixed": grouped.min() != grouped.max()}).reset_index()
    out["sign"] = out["sign"].astype(int)
    out["mixed"] = out["mixed"].astype(bool)
    return out[["actor_a", "actor_b", "sign", "mixed"]]


def _sign_matrix(relations: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    pairs = pair_signs(relations)
    actors = sorted(set(pairs["actor_a"]) | set(pairs["actor_b"]))
    index = {name: k for k, name in enumerate(actors)}
    m = np.zeros((len(actors), len(actors)), dtype=int)
    ia = pairs["actor_a"].map(index).to_numpy(dtype=int)
    ib = pairs["actor_b"].map(index).to_numpy(dtype=int)
    m[ia, ib] = pairs["sign"].to_numpy()
    m[ib, ia] = pairs["sign"].to_numpy()
    return actors, m


def _triads(m: np.ndarray) -> np.ndarray:
    """Index triples (a < b < c) whose three pairs all have a relation."""
    n = len(m)
    if n < 3:
        return np.empty((0, 3), dtype=int)
    t = np.array(list(combinations(range(n), 3)), dtype=int)
    complete = (m[t[:, 0], t[:, 1]] != 0) & (m[t[:, 0], t[:, 2]] != 0) & (m[t[:, 1], t[:, 2]] != 0)
    return t[complete]


def triad_balance(relations: pd.DataFrame) -> pd.DataFrame:
    """Every triad of actors whose three pairs all have a relation, and its balance.

    Parameters
    ----------
    relations : pandas.DataFrame
        Columns ``source, target, sign``, one period (see :func:`pair_signs`
        for how directions and zero signs are combined).

    Returns
    -------
    pandas.DataFrame
        One row per complete triad, actors in alphabetical order
        (``actor_a < actor_b < actor_c``), rows sorted the same way; columns
        ``actor_a, actor_b, actor_c``, the pair signs ``sign_ab, sign_ac,
        sign_bc``, their ``product``, and ``balanced`` (``product > 0``).
        Empty (with these columns) when no triad is complete.

    References
    ----------
    Heider (1946) [Heider1946]_; Cartwright & Harary (1956) [CH1956]_: a
    cycle is balanced when the product of its signs is positive.

    Examples
    --------
    >>> import pandas as pd
    >>> rel = pd.DataFrame({"source": ["A", "A", "B"], "target": ["B", "C", "C"], "sign": [1, 1, -1]})
    >>> triad_balance(rel)[["product", "balanced"]].values.tolist()
    [[-1, False]]
    """
    actors, m = _sign_matrix(relations)
    t = _triads(m)
    names = np.array(actors, dtype=object)
    ab, ac, bc = m[t[:, 0], t[:, 1]], m[t[:, 0], t[:, 2]], m[t[:, 1], t[:, 2]]
    product = ab * ac * bc
    return pd.DataFrame(
        {
            "actor_a": pd.Series(names[t[:, 0]], dtype=str),
            "actor_b": pd.Series(names[t[:, 1]], dtype=str),
            "actor_c": pd.Series(names[t[:, 2]], dtype=str),
            "sign_ab": ab.astype(int),
            "sign_ac": ac.astype(int),
            "sign_bc": bc.astype(int),
            "product": product.astype(int),
            "balanced": product > 0,
        }
    )


def balance_share(relations: pd.DataFrame) -> float:
    """Share of complete triads that are balanced.

    Parameters
    ----------
    relations : pandas.DataFrame
        Columns ``source, target, sign``, one period.

    Returns
    -------
    float
        Balanced triads divided by complete triads, in [0, 1]. A share of 1
        means every *complete triad* is balanced. Only for a complete graph
        (every pair related) does that make the whole system balanced in the
        sense of Cartwright & Harary (1956) [CH1956]_, every cycle balanced;
        where pairs are missing, a longer cycle (four actors or more) can
        still be unbalanced with a share of 1.

    Raises
    ------
    ValueError
        If no three actors have relations on all three pairs, so the share is
        undefined.
    """
    triads = triad_balance(relations)
    if len(triads) == 0:
        raise ValueError(
            "no complete triads: no three actors have a non-zero relation on all "
            "three pairs, so the share of balanced triads is undefined"
        )
    return float(triads["balanced"].mean())


def flip_effects(relations: pd.DataFrame) -> pd.DataFrame:
    """What flipping each pair's sign, one at a time, would do to balance.

    Flipping a pair changes the balance of exactly the complete triads that
    contain it: balanced ones become unbalanced and vice versa.

    Parameters
    ----------
    relations : pandas.DataFrame
        Columns ``source, target, sign``, one period.

    Returns
    -------
    pandas.DataFrame
        One row per related pair with columns ``actor_a, actor_b, sign``
        (current), ``new_sign``, ``share_before``, ``share_after`` and
        ``change`` (after minus before), sorted by ``share_after``
        descending, ties alphabetically by ``actor_a, actor_b``.

    Raises
    ------
    ValueError
        If there are no complete triads (see :func:`balance_share`).
    """
    pairs = pair_signs(relations)
    actors, m = _sign_matrix(relations)
    t = _triads(m)
    if len(t) == 0:
        balance_share(relations)  # raises the shared message
    balanced = (m[t[:, 0], t[:, 1]] * m[t[:, 0], t[:, 2]] * m[t[:, 1], t[:, 2]]) > 0
    n = len(actors)
    gain = np.zeros((n, n))  # flipping pair (a, b): +1 per unbalanced triad fixed, -1 per balanced broken
    delta = np.where(balanced, -1.0, 1.0)
    for u, v in ((0, 1), (0, 2), (1, 2)):
        np.add.at(gain, (t[:, u], t[:, v]), delta)
    gain = gain + gain.T
    count = int(balanced.sum())
    before = count / len(t)
    index = {name: k for k, name in enumerate(actors)}
    ia = pairs["actor_a"].map(index).to_numpy(dtype=int)
    ib = pairs["actor_b"].map(index).to_numpy(dtype=int)
    after = (count + gain[ia, ib]) / len(t)
    out = pd.DataFrame(
        {
            "actor_a": pairs["actor_a"],
            "actor_b": pairs["actor_b"],
            "sign": pairs["sign"],
            "new_sign": -pairs["sign"],
            "share_before": before,
            "share_after": after,
            "change": after - before,
        }
    )
    return out.sort_values(
        ["share_after", "actor_a", "actor_b"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def best_flip(relations: pd.DataFrame) -> dict[str, Any] | None:
    """The single pair whose sign flip raises the share of balanced triads most.

    Parameters
    ----------
    relations : pandas.DataFrame
        Columns ``source, target, sign``, one period.

    Returns
    -------
    dict or None
        ``{"actor_a", "actor_b", "sign", "new_sign", "share_before",
        "share_after"}`` for the best flip; ties go to the alphabetically
        first pair (``actor_a``, then ``actor_b``). ``None`` when no single
        flip raises the share (for example when the system is already
        balanced).

    Raises
    ------
    ValueError
        If there are no complete triads (see :func:`balance_share`).

    References
    ----------
    Harary (1959) [Harary1959]_: the fewest sign changes that balance a
    graph (its *line index of balance*) measure its distance from balance;
    this is one greedy step of that search, on the triads only. Balance
    itself is defined in [CH1956]_.

    Examples
    --------
    >>> import pandas as pd
    >>> rel = pd.DataFrame({"source": ["A", "A", "B"], "target": ["B", "C", "C"], "sign": [1, 1, -1]})
    >>> best_flip(rel)["actor_a"], best_flip(rel)["actor_b"], best_flip(rel)["share_after"]
    ('A', 'B', 1.0)
    """
    effects = flip_effects(relations)
    top = effects.iloc[0]
    if not top["change"] > 0:
        return None
    return {
        "actor_a": str(top["actor_a"]),
        "actor_b": str(top["actor_b"]),
        "sign": int(top["sign"]),
        "new_sign": int(top["new_sign"]),
        "share_before": float(top["share_before"]),
        "share_after": float(top["share_after"]),
    }
