"""Bueno de Mesquita's expected-utility challenge model, step by step.

Each round, every actor weighs challenging every other actor: what it gains
if it wins, loses if it fails, and expects if it leaves things alone. Actors
with the upper hand make offers; each actor accepts one offer and moves; the
round's forecast is the median voter position of the new positions.

This module follows one published transcription of the model, exactly where
it is explicit: Scholz, Calbert & Smith (2011) [SCS2011]_, who assembled the
equations scattered across Bueno de Mesquita's papers [BdM1994]_ and
replicated his European Community car-emissions example. Equation and step
numbers below are those of the open conference version of the paper (ICAART
2011, pp. 18-30; its Appendix lists the algorithm as steps 1-13); the same
authors' journal version is *Journal of Theoretical Politics* 23(4): 510-531.

Notation: actor ``i`` has position ``x_i``, capability ``c_i``, salience
``s_i`` (in [0, 1]) and risk exponent ``r_i``; ``R = max(x) - min(x)`` is the
spread of the current positions; ``mu`` is the median voter position.

The algorithm, per round (Appendix steps 2-11):

1. ``r_i = 1`` for every actor (step 2).
2. ``mu`` = the Condorcet winner of the pairwise votes (step 3), computed as
   the weighted median (:func:`~conflictlab.models.weighted_median`), which
   is the same position whenever a Condorcet winner exists.
3. Basic utilities for every ordered pair, eqs. 15, 16, 22, 23, 24 (step 4):
   :func:`basic_utilities`.
4. ``P(i beats j)``, eq. 31 (step 5): :func:`win_probabilities`.
5. ``E^i(U_ij)``, eqs. 5-7 (step 7): :func:`expected_utility`.
6. Security and risk exponents, eqs. 34 and 33 (steps 8-9):
   :func:`risk_exponents`; then steps 3-5 again with the new ``r_i``
   (step 10; Scholz et al. section 5: "first determine the expected
   utilities using r_i = 1, then ... estimate r_i, and lastly re-apply the
   r_i estimates to re-estimate the expected utilities").
7. Offers from the signs and sizes of ``E^i(U_ij)`` and ``E^j(U_ji)``
   (section 6, eqs. 35-36, figure 6): :func:`offer`. Every actor accepts one
   offer and all move at once (step 11).

Where the paper is explicit this module does what it says. Where it is not
(its figure 6 and section 6.2 are given in prose and pictures), these
readings are used, each consistent with the paper's text:

* **Probability with equal positions.** Eq. 31 divides by the total support
  margin, which is zero when ``x_i == x_j``; no contest exists then and
  ``P = 0.5``.
* **Status-quo probability.** ``Q = 1.0`` by default, the value Scholz et al.
  chose for the emissions replication ("No value for Q was given. We chose
  Q = 1.0"); with ``Q = 1`` the better/worse terms drop out. For ``Q < 1``,
  ``T = 1`` exactly when the median lies strictly closer to ``i`` than ``j``
  does, i.e. when ``j`` moving to the median would leave ``i`` better off
  (their cases 1 and 3A; cases 2 and 3B give ``T = 0``).
* **Security level** of actor ``i`` is the expected utility its adversaries
  see in challenging it, ``sum_{j != i} E^j(U_ji)`` (their section 5 prose).
  When every actor's security is equal (to one part in 10^9) eq. 34 is 0/0
  and every ``r_i = 1``.
* **Whose risk exponent.** ``E^i(U_ij)`` uses ``i``'s own ``r_i``, as the
  Appendix writes the utilities ``U^i`` with exponent ``r_i``.
* **Offers** (figure 6). Writing ``a = E^i(U_ij)`` and ``b = E^j(U_ji)``,
  ``i`` has the upper hand over ``j`` and makes an offer when ``a > 0`` and
  either ``b <= 0`` or ``a > b``:

  - *conflict*: ``a > b > 0``. Both expect to gain; the one who expects
    less gives way and ``j`` moves to ``x_i``.
  - *compromise*: ``a > 0 >= b`` and ``|b| < a``. ``j`` moves part of the
    way, to ``x_j + (x_i - x_j) |b / a|`` (eq. 35).
  - *capitulation*: ``a > 0 > b`` and ``|b| >= a``. ``j`` moves all the
    way to ``x_i``.
  - otherwise *none*: ``i`` has no offer to make to ``j``.

* **Which offer an actor accepts** (section 6.2: "players move the least
  that they can"; in conflict with several, "concede to the one that allows
  i to move the least"): the offer that moves it least; among equal moves,
  the proposer with the larger expected utility ``E^i(U_ij)`` (the more
  enforceable offer); then the proposer listed first.
* **The scale** ``R`` is recomputed from the current positions each round,
  as the paper writes ``|x_max - x_min|``. When all positions coincide the
  distances are zero and nobody has anything to gain.
* **The forecast** of a round is the median voter position of the positions
  at its end, the quantity Scholz et al. report round by round (their Table
  2), with salience and capability unchanged.

Scholz et al. report, for the emissions data, a median voter position of 8.4
years after round 1 and 9.9 after rounds 2-5 (their Table 2). That
trajectory depends on the rules the paper gives only as a picture, and the
readings above do not reproduce it: on the emissions data
they keep the median voter position at 7.0 years from round to round while
the weighted mean moves between 7.2 and 7.4. Treat the round-by-round path
as one reading of the model, not as the published forecast.

References
----------
.. [SCS2011] Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011).
   Unravelling Bueno de Mesquita's group decision model. *Journal of
   Theoretical Politics* 23(4): 510-531. Open version: Proceedings of the
   3rd International Conference on Agents and Artificial Intelligence
   (ICAART 2011), pp. 18-30.
.. [BdM1994] Bueno de Mesquita, B. (1994). Political forecasting: an expected
   utility method. In B. Bueno de Mesquita and F. N. Stokman (eds.),
   *European Community Decision Making*, pp. 71-104. Yale University Press.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._batch import median_rows
from ._frame import check_arrays, frame_arrays

__all__ = [
    "OFFER_TYPES",
    "win_probability",
    "win_probabilities",
    "basic_utilities",
    "expected_utility",
    "risk_exponents",
    "offer",
    "challenge_table",
    "simulate",
]

#: The offer types of :func:`offer`, from the challenger's side.
OFFER_TYPES: tuple[str, ...] = ("conflict", "compromise", "capitulation", "none")

_SECURITY_RTOL = 1e-9


# --------------------------------------------------------------------------
# Step 5: probability of winning a contest (eq. 31)
# --------------------------------------------------------------------------


def _win_probabilities(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    dist = np.abs(x[:, None] - x[None, :])  # dist[k, i] = |x_k - x_i|
    # margin[k, i, j] = |x_k - x_j| - |x_k - x_i|: how much closer k is to i than to j
    margin = dist[:, None, :] - dist[:, :, None]
    support = w[:, None, None] * margin
    num = np.clip(support, 0.0, None).sum(axis=0)
    den = np.abs(support).sum(axis=0)
    p = np.full(num.shape, 0.5)
    np.divide(num, den, out=p, where=den > 0)
    return p


def win_probabilities(position: ArrayLike, capability: ArrayLike, salience: ArrayLike) -> np.ndarray:
    """Probability that each actor would beat each other actor in a contest.

    Every actor ``k`` sides with the nearer of the two contenders and brings
    its influence ``c_k s_k`` times how much nearer it is. Eq. 31 of
    Scholz, Calbert & Smith (2011) [SCS2011]_:

    .. math::

        P^i_{ij} = \\frac{\\sum_{k:\\,m_k > 0} c_k s_k\\, m_k}
                        {\\sum_{k} c_k s_k\\, |m_k|},
        \\qquad m_k = |x_k - x_j| - |x_k - x_i|

    Parameters
    ----------
    position, capability, salience : array_like
        One value per actor.

    Returns
    -------
    numpy.ndarray
        Matrix ``P`` of shape ``(n, n)`` with ``P[i, j]`` the probability that
        ``i`` beats ``j``. For distinct positions ``P[i, j] + P[j, i] == 1``
        (the supporters of ``i`` and of ``j`` split the denominator). Where
        ``x_i == x_j`` there is no contest and ``P[i, j] = 0.5``; so the
        diagonal is 0.5.

    Raises
    ------
    ValueError
        On invalid input (see :func:`~conflictlab.models.check_arrays`).

    Examples
    --------
    >>> win_probabilities([0, 100], [1, 1], [1, 0.5]).round(3).tolist()
    [[0.5, 0.667], [0.333, 0.5]]
    """
    x, c, s = check_arrays(position, capability, salience)
    return _win_probabilities(x, c * s)


def win_probability(position: ArrayLike, capability: ArrayLike, salience: ArrayLike, i: int, j: int) -> float:
    """Probability that actor ``i`` beats actor ``j`` (eq. 31, one pair).

    Parameters
    ----------
    position, capability, salience : array_like
        One value per actor.
    i, j : int
        Row numbers (0-based) of the challenger and the challenged.

    Returns
    -------
    float
        ``P(i beats j)``; 0.5 when the two hold the same position.

    See Also
    --------
    win_probabilities : the whole matrix at once.

    Examples
    --------
    >>> win_probability([0, 100], [1, 1], [1, 0.5], 0, 1)
    0.6666666666666666
    """
    x, c, s = check_arrays(position, capability, salience)
    n = len(x)
    for name, k in (("i", i), ("j", j)):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise ValueError(f"{name} must be an actor's row number (an integer), got {k!r}")
        if not 0 <= k < n:
            raise ValueError(f"{name} = {k} is not an actor's row number (0 to {n - 1})")
    w = c * s
    margin = np.abs(x - x[j]) - np.abs(x - x[i])
    den = float(w @ np.abs(margin))
    if den == 0:
        return 0.5
    return float(w @ np.clip(margin, 0.0, None)) / den


# --------------------------------------------------------------------------
# Step 4: basic utilities (eqs. 15, 16, 22, 23, 24)
# --------------------------------------------------------------------------


def _basic_utilities(x: np.ndarray, mu: float, r: np.ndarray) -> dict[str, np.ndarray]:
    spread = float(x.max() - x.min())
    d = np.abs(x[:, None] - x[None, :])
    dm = np.abs(x - mu)[:, None]
    if spread > 0:
        d = d / spread
        dm = dm / spread
    else:
        d = np.zeros_like(d)
        dm = np.zeros_like(dm)
    rr = r[:, None]
    return {
        "success": 2 - 4 * (0.5 - 0.5 * d) ** rr,
        "failure": 2 - 4 * (0.5 + 0.5 * d) ** rr,
        "better": 2 - 4 * np.clip(0.5 - 0.25 * (dm + d), 0.0, None) ** rr,
        "worse": 2 - 4 * (0.5 + 0.25 * (dm + d)) ** rr,
        "status_quo": np.broadcast_to(2 - 4 * 0.5**rr, d.shape).copy(),
    }


def _check_risk(risk: ArrayLike | None, n: int) -> np.ndarray:
    if risk is None:
        return np.ones(n)
    r = np.asarray(risk, dtype=float)
    if r.ndim == 0:
        r = np.full(n, float(r))
    if r.shape != (n,):
        raise ValueError(f"risk must have one exponent per actor ({n}); got shape {r.shape}")
    if not np.all(np.isfinite(r)) or np.any(r <= 0):
        raise ValueError("risk exponents must be positive finite numbers (the model keeps them in [0.5, 2])")
    return r


def basic_utilities(
    position: ArrayLike, median: float, risk: ArrayLike | None = None
) -> dict[str, np.ndarray]:
    """The five basic utilities of every actor towards every other actor.

    With ``d_ij = |x_i - x_j| / R`` and ``d_imu = |x_i - mu| / R``
    (``R`` the spread of positions), Scholz, Calbert & Smith (2011)
    [SCS2011]_ eqs. 15, 16, 22, 23 and 24:

    * success, ``i`` imposes its position on ``j``:
      ``U_s = 2 - 4 (0.5 - 0.5 d_ij)^r_i``
    * failure, ``j`` imposes its position on ``i``:
      ``U_f = 2 - 4 (0.5 + 0.5 d_ij)^r_i``
    * better, no challenge and things improve for ``i``:
      ``U_b = 2 - 4 (0.5 - 0.25 (d_imu + d_ij))^r_i``
    * worse, no challenge and things get worse for ``i``:
      ``U_w = 2 - 4 (0.5 + 0.25 (d_imu + d_ij))^r_i``
    * status quo, nothing changes: ``U_sq = 2 - 4 (0.5)^r_i``

    Utilities run from -2 to 2. Each has the form ``2 - 4 (1 - g)^r_i / 2^r_i``
    in a gain ``g`` between 0 and 1, so a risk exponent ``r_i > 1`` makes the
    utility concave in the gain: actor ``i`` is **risk-averse** (a sure status
    quo is worth more to it than a gamble with the same expected gain, and
    ``U_sq`` rises with ``r_i``). ``r_i < 1`` makes it **risk-acceptant**;
    ``r_i = 1`` risk-neutral.

    Parameters
    ----------
    position : array_like
        One position per actor.
    median : float
        The median voter position ``mu``; must lie within the positions'
        range.
    risk : array_like or float, optional
        Risk exponents ``r_i`` (default 1 for everyone).

    Returns
    -------
    dict of str to numpy.ndarray
        Keys ``"success", "failure", "better", "worse", "status_quo"``; each
        an ``(n, n)`` matrix whose ``[i, j]`` entry is actor ``i``'s utility
        in the dyad where ``i`` challenges ``j`` (``status_quo`` does not
        depend on ``j`` and is repeated along each row). When all positions
        coincide every distance is zero.

    Examples
    --------
    >>> u = basic_utilities([0, 50, 100], median=50)
    >>> u["success"][0].tolist(), u["failure"][0].tolist()
    ([0.0, 1.0, 2.0], [0.0, -1.0, -2.0])
    """
    x = np.asarray(position, dtype=float)
    if x.ndim != 1 or x.size == 0:
        raise ValueError("position must be a non-empty one-dimensional array, one value per actor")
    if not np.all(np.isfinite(x)):
        raise ValueError("position must contain only finite numbers (no NaN)")
    try:
        mu = float(median)
    except (TypeError, ValueError):
        raise ValueError(f"median must be a number, got {median!r}") from None
    if not np.isfinite(mu) or not x.min() <= mu <= x.max():
        raise ValueError(f"median {median!r} must lie within the actors' positions ({x.min()} to {x.max()})")
    return _basic_utilities(x, mu, _check_risk(risk, len(x)))


# --------------------------------------------------------------------------
# Step 7: expected utility of a challenge (eqs. 5-7)
# --------------------------------------------------------------------------


def _expected_utility(
    x: np.ndarray, s: np.ndarray, w: np.ndarray, r: np.ndarray, q: float, p: np.ndarray, mu: float
) -> np.ndarray:
    u = _basic_utilities(x, mu, r)
    t = (np.abs(x - mu)[:, None] < np.abs(x[:, None] - x[None, :])).astype(float)
    sj = s[None, :]
    challenge = sj * (p * u["success"] + (1 - p) * u["failure"]) + (1 - sj) * u["success"]
    no_challenge = q * u["status_quo"] + (1 - q) * (t * u["better"] + (1 - t) * u["worse"])
    eu = challenge - no_challenge
    np.fill_diagonal(eu, 0.0)
    return eu


def _check_q(q: Any) -> float:
    try:
        value = float(q)
    except (TypeError, ValueError):
        raise ValueError(f"q (the probability of the status quo) must be a number, got {q!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"q (the probability of the status quo) must lie in [0, 1], got {q!r}")
    return value


def expected_utility(
    position: ArrayLike,
    capability: ArrayLike,
    salience: ArrayLike,
    risk: ArrayLike | None = None,
    q: float = 1.0,
) -> np.ndarray:
    """Expected utility to each actor of challenging each other actor.

    Scholz, Calbert & Smith (2011) [SCS2011]_ eqs. 5-7 (Appendix step 7):

    .. math::

        E^i(U_{ij}) = s_j \\left[P^i U^i_s + (1 - P^i) U^i_f\\right]
                      + (1 - s_j) U^i_s
                      - Q U^i_{sq} - (1 - Q)\\left[T U^i_b + (1 - T) U^i_w\\right]

    The first line is the value of challenging: ``j`` resists with
    probability ``s_j`` (its salience), and then ``i`` wins with
    probability ``P^i`` (:func:`win_probabilities`); if ``j`` does not
    resist, ``i`` succeeds. The second line is the value of not challenging:
    with probability ``Q`` nothing changes, otherwise ``j`` drifts and ``i``
    ends better off (``T = 1``) or worse off (``T = 0``).

    Parameters
    ----------
    position, capability, salience : array_like
        One value per actor.
    risk : array_like or float, optional
        Risk exponents ``r_i`` used in each actor's utilities (default 1).
    q : float, default 1.0
        ``Q``, the probability that nothing changes without a challenge.

    Returns
    -------
    numpy.ndarray
        Matrix ``E`` of shape ``(n, n)`` with ``E[i, j] = E^i(U_ij)``;
        ``E[j, i]`` is ``j``'s view of challenging ``i``. The diagonal is 0.

    Notes
    -----
    ``mu`` is the weighted median of the positions; ``T = 1`` exactly when
    ``mu`` lies strictly closer to ``x_i`` than ``x_j`` does. With the
    default ``q = 1`` and ``r = 1`` the formula reduces to
    ``E^i(U_ij) = 2 d_ij [1 - 2 s_j (1 - P^i)]`` with ``d_ij`` the distance
    scaled by the spread of positions.

    Examples
    --------
    >>> expected_utility([0, 100], [1, 1], [1, 0.5]).round(4).tolist()
    [[0.0, 1.3333], [-0.6667, 0.0]]
    """
    x, c, s = check_arrays(position, capability, salience)
    r = _check_risk(risk, len(x))
    w = c * s
    mu = float(median_rows(x, w[None, :])[0])
    return _expected_utility(x, s, w, r, _check_q(q), _win_probabilities(x, w), mu)


# --------------------------------------------------------------------------
# Steps 8-9: security and risk exponents (eqs. 34 and 33)
# --------------------------------------------------------------------------


def _risk_exponents(eu: np.ndarray) -> np.ndarray:
    security = eu.sum(axis=0) - np.diag(eu)
    hi, lo = float(security.max()), float(security.min())
    if hi - lo <= _SECURITY_RTOL * max(1.0, abs(hi), abs(lo)):
        return np.ones(len(security))
    big_r = (2 * security - hi - lo) / (hi - lo)
    return (1 - big_r / 3) / (1 + big_r / 3)


def risk_exponents(eu: ArrayLike) -> np.ndarray:
    """Each actor's risk exponent, from how exposed its position is.

    Actor ``i``'s *security level* is the expected utility its adversaries
    see in challenging it, ``Sec_i = sum_{j != i} E^j(U_ji)`` (the column sum
    of ``eu``). Scholz, Calbert & Smith (2011) [SCS2011]_ eq. 34 places it
    between the least and most exposed actors, and eq. 33 turns that into an
    exponent:

    .. math::

        R_i = \\frac{2\\,Sec_i - \\max_k Sec_k - \\min_k Sec_k}
                    {\\max_k Sec_k - \\min_k Sec_k},
        \\qquad r_i = \\frac{1 - R_i / 3}{1 + R_i / 3}

    so ``r_i`` runs from 0.5 (the most exposed actor) to 2 (the least
    exposed).

    Parameters
    ----------
    eu : array_like
        Square matrix of expected utilities ``E[i, j] = E^i(U_ij)``, as
        returned by :func:`expected_utility` with ``risk=1``.

    Returns
    -------
    numpy.ndarray
        One risk exponent per actor. When every security level is equal (to
        one part in 10^9), eq. 34 is undefined and every exponent is 1.

    Examples
    --------
    >>> risk_exponents([[0, 4/3], [-2/3, 0]]).round(6).tolist()
    [2.0, 0.5]
    """
    matrix = np.asarray(eu, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 2:
        raise ValueError(
            f"eu must be a square matrix with one row per actor (at least 2); got shape {matrix.shape}"
        )
    if not np.all(np.isfinite(matrix)):
        raise ValueError("eu must contain only finite numbers (no NaN)")
    return _risk_exponents(matrix)


# --------------------------------------------------------------------------
# Step 11: offers (section 6, eq. 35, figure 6)
# --------------------------------------------------------------------------


def _offer(a: np.ndarray, b: np.ndarray, xi: np.ndarray, xj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    distinct = xi != xj
    conflict = distinct & (a > 0) & (b > 0) & (a > b)
    upper = distinct & (a > 0) & (b <= 0)
    compromise = upper & (-b < a)
    capitulation = upper & (-b >= a)
    kind = np.full(a.shape, "none", dtype="<U12")
    kind[conflict] = "conflict"
    kind[compromise] = "compromise"
    kind[capitulation] = "capitulation"
    with np.errstate(invalid="ignore", divide="ignore"):
        partial = xj + (xi - xj) * np.abs(b / np.where(a != 0, a, 1.0))
    new = np.where(conflict | capitulation, xi, np.where(compromise, partial, np.nan))
    return kind, new


def offer(
    eu_ij: ArrayLike, eu_ji: ArrayLike, position_i: ArrayLike, position_j: ArrayLike
) -> tuple[Any, Any]:
    """The offer challenger ``i`` can make to ``j``, and where ``j`` would move.

    With ``a = E^i(U_ij)`` and ``b = E^j(U_ji)`` (section 6 and figure 6 of
    Scholz, Calbert & Smith 2011 [SCS2011]_), ``i`` has the upper hand when
    ``a > 0`` and either ``b <= 0`` or ``a > b``:

    * ``"conflict"`` -- ``a > b > 0``: both expect to gain from a fight;
      ``j``, who expects less, gives way and moves to ``x_i``.
    * ``"compromise"`` -- ``a > 0 >= b`` and ``|b| < a``: ``j`` moves part
      of the way, to ``x_j + (x_i - x_j) |b / a|`` (eq. 35).
    * ``"capitulation"`` -- ``a > 0 > b`` and ``|b| >= a``: ``j`` moves all
      the way to ``x_i``.
    * ``"none"`` -- otherwise, or when the two already share a position.

    Parameters
    ----------
    eu_ij : float or array_like
        ``E^i(U_ij)``, the challenger's expected utility.
    eu_ji : float or array_like
        ``E^j(U_ji)``, the target's expected utility of challenging ``i``.
    position_i, position_j : float or array_like
        Current positions of challenger and target. All four inputs
        broadcast together.

    Returns
    -------
    kind : str or numpy.ndarray of str
        One of ``"conflict", "compromise", "capitulation", "none"``.
    new_position : float or numpy.ndarray
        The position ``j`` would move to; NaN where the kind is ``"none"``.
        Scalars in, scalars out.

    Examples
    --------
    >>> offer(0.5, -0.2, 10, 4)
    ('compromise', 6.4)
    >>> offer(0.2, -0.5, 10, 4)
    ('capitulation', 10.0)
    """
    arrays = []
    for name, value in (
        ("eu_ij", eu_ij),
        ("eu_ji", eu_ji),
        ("position_i", position_i),
        ("position_j", position_j),
    ):
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be numeric") from None
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{name} must contain only finite numbers (no NaN)")
        arrays.append(array)
    scalar = all(a.ndim == 0 for a in arrays)
    a, b, xi, xj = np.broadcast_arrays(*[np.atleast_1d(x) for x in arrays])
    kind, new = _offer(a, b, xi, xj)
    if scalar:
        return str(kind[0]), float(new[0])
    return kind, new


# --------------------------------------------------------------------------
# One round, the challenge table, and the simulation
# --------------------------------------------------------------------------


def _round(
    x: np.ndarray, c: np.ndarray, s: np.ndarray, q: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Steps 2-10 for the current positions: return (P, risk, E)."""
    w = c * s
    mu = float(median_rows(x, w[None, :])[0])
    p = _win_probabilities(x, w)
    first = _expected_utility(x, s, w, np.ones(len(x)), q, p, mu)
    r = _risk_exponents(first)
    return p, r, _expected_utility(x, s, w, r, q, p, mu)


def _check_two(actors: list[str]) -> None:
    if len(actors) < 2:
        raise ValueError(
            "the expected-utility model needs at least two actors: challenges are "
            f"made between pairs, and the frame has {len(actors)}"
        )


def challenge_table(frame: pd.DataFrame, q: float = 1.0) -> pd.DataFrame:
    """Every ordered pair's challenge, step by step, for the current positions.

    One row per ordered pair (challenger ``i``, target ``j``), ``i != j``,
    in the frame's row order. The quantities are those of one round of the
    model (see the module notes): expected utilities are the second,
    risk-adjusted pass, as used for the offers.

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame with at least two actors.
    q : float, default 1.0
        Probability of the status quo without a challenge.

    Returns
    -------
    pandas.DataFrame
        Columns:

        * ``challenger``, ``target`` -- actor names;
        * ``challenger_position``, ``target_position``;
        * ``win_probability`` -- P(challenger beats target), eq. 31;
        * ``challenger_eu`` -- the challenger's expected utility of
          challenging the target, ``E^i(U_ij)``;
        * ``target_eu`` -- the target's view: its expected utility of
          challenging the challenger, ``E^j(U_ji)``;
        * ``offer`` -- ``"conflict"``, ``"compromise"``, ``"capitulation"``
          or ``"none"`` (:func:`offer`);
        * ``new_position`` -- where the target would move if it accepted
          (NaN when the offer is ``"none"``).

    Raises
    ------
    ValueError
        If the frame is invalid or has fewer than two actors, or ``q`` lies
        outside [0, 1].

    References
    ----------
    Scholz, Calbert & Smith (2011) [SCS2011]_, Appendix steps 2-11.
    """
    actors, x, c, s = frame_arrays(frame)
    _check_two(actors)
    p, _, eu = _round(x, c, s, _check_q(q))
    kind, new = _offer(eu, eu.T, x[:, None], x[None, :])
    n = len(actors)
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    names = np.array(actors, dtype=object)
    return pd.DataFrame(
        {
            "challenger": pd.Series(names[i], dtype=str),
            "target": pd.Series(names[j], dtype=str),
            "challenger_position": x[i],
            "target_position": x[j],
            "win_probability": p[i, j],
            "challenger_eu": eu[i, j],
            "target_eu": eu[j, i],
            "offer": pd.Series(kind[i, j], dtype=str),
            "new_position": new[i, j],
        }
    )


def _step(x: np.ndarray, c: np.ndarray, s: np.ndarray, q: float) -> np.ndarray:
    """One round: every actor accepts the offer that moves it least."""
    _, _, eu = _round(x, c, s, q)
    kind, new = _offer(eu, eu.T, x[:, None], x[None, :])
    move = np.where(kind == "none", np.inf, np.abs(new - x[None, :]))
    least = move.min(axis=0)
    candidate = move == least[None, :]
    proposer = np.argmax(np.where(candidate, eu, -np.inf), axis=0)
    accepted = new[proposer, np.arange(len(x))]
    return np.where(np.isfinite(least), accepted, x)


def simulate(frame: pd.DataFrame, rounds: int = 10, q: float = 1.0) -> pd.DataFrame:
    """Run the challenge model for several rounds and record every position.

    Each round applies Appendix steps 2-11 of Scholz, Calbert & Smith (2011)
    [SCS2011]_ to the current positions: expected utilities with ``r = 1``,
    risk exponents, expected utilities again, offers, and every actor
    accepting the offer that moves it least (see the module notes for the
    readings of the paper's figure-only rules). All actors move at once.

    Parameters
    ----------
    frame : pandas.DataFrame
        An issue frame with at least two actors.
    rounds : int, default 10
        Number of rounds to run (0 returns the coded positions only).
    q : float, default 1.0
        Probability of the status quo without a challenge (Scholz et al.
        used 1.0 for their replication).

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per round and actor, ``(rounds + 1) * n`` rows, with
        columns ``round`` (0 = the coded positions), ``actor``, ``position``
        and ``forecast``. The forecast is the round's median voter position:
        the weighted median of that round's positions
        (:func:`~conflictlab.models.weighted_median`), the quantity Scholz et
        al. report round by round (their Table 2). Capability and salience
        stay as coded. The history keeps the frame's ``attrs`` (such as the
        actor order a chart draws with).

    Raises
    ------
    ValueError
        If the frame is invalid or has fewer than two actors, ``rounds`` is
        not a whole number >= 0, or ``q`` lies outside [0, 1].

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"actor": ["A", "B"], "position": [0, 100],
    ...                       "capability": [1, 1], "salience": [1, 0.5]})
    >>> simulate(frame, rounds=1)[["round", "actor", "position"]].values.tolist()
    [[0, 'A', 0.0], [0, 'B', 100.0], [1, 'A', 0.0], [1, 'B', 0.0]]
    """
    actors, x, c, s = frame_arrays(frame)
    _check_two(actors)
    if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 0:
        raise ValueError(f"rounds must be a whole number >= 0, got {rounds!r}")
    qq = _check_q(q)
    w = (c * s)[None, :]
    history = [x]
    for _ in range(int(rounds)):
        history.append(_step(history[-1], c, s, qq))
    positions = np.vstack(history)  # (rounds + 1, n)
    forecasts = median_rows(positions, np.broadcast_to(w, positions.shape))
    n = len(actors)
    out = pd.DataFrame(
        {
            "round": np.repeat(np.arange(rounds + 1), n),
            "actor": pd.Series(actors * (rounds + 1), dtype=str),
            "position": positions.ravel(),
            "forecast": np.repeat(forecasts, n),
        }
    )
    out.attrs = dict(frame.attrs)
    return out
