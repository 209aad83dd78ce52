"""Model benchmarks: Monte Carlo vectorised vs a Python loop, and one simulation.

All figures come from one run on the current machine; the speed-up is the
ratio of two timings taken in that same run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from conflictlab.models import monte_carlo, simulate
from conflictlab.models._frame import frame_arrays

from ._timing import median_time

N_DRAWS = 10_000
SALIENCE_SD = 0.05
CAPABILITY_SIGMA = 0.2
SEED = 0
TARGET_MS = 10.0
TARGET_RATIO = 10.0


def ten_actors() -> pd.DataFrame:
    """A fixed ten-actor issue frame, positions spread over the 0-100 scale."""
    return pd.DataFrame(
        {
            "actor": [f"actor {k}" for k in range(10)],
            "position": [5.0, 10.0, 20.0, 35.0, 50.0, 55.0, 70.0, 80.0, 90.0, 100.0],
            "capability": [1.0, 2.5, 0.8, 1.2, 3.0, 0.5, 2.0, 1.7, 4.0, 0.9],
            "salience": [0.9, 0.4, 1.0, 0.6, 0.3, 0.8, 0.7, 0.5, 0.6, 1.0],
        }
    )


def loop_median(frame: pd.DataFrame, n: int = N_DRAWS, seed: int = SEED) -> np.ndarray:
    """The same Monte Carlo, one draw at a time in a Python loop.

    Per draw it does the numpy work the vectorised version does for all draws
    at once: draw this draw's salience noise and capability multipliers (from
    the same two streams, so the numbers are identical), weight, order by
    position, accumulate, find where the running total reaches half.
    """
    _, x, c, s = frame_arrays(frame)
    salience_rng, capability_rng = np.random.default_rng(seed).spawn(2)
    order = np.argsort(x, kind="stable")
    xs = x[order]
    out = np.empty(n)
    for k in range(n):
        sk = np.clip(s + salience_rng.normal(0.0, SALIENCE_SD, size=len(s)), 0.0, 1.0)
        ck = c * capability_rng.lognormal(0.0, CAPABILITY_SIGMA, size=len(c))
        cum = np.cumsum((ck * sk)[order])
        total = cum[-1]
        out[k] = xs[np.argmax(cum >= (0.5 - 1e-9) * total)] if total > 0 else np.nan
    return out


def run() -> list[tuple[str, float, str, str]]:
    frame = ten_actors()

    def vectorised() -> np.ndarray:
        return monte_carlo(
            frame, "median", n=N_DRAWS, salience_sd=SALIENCE_SD, capability_sigma=CAPABILITY_SIGMA, seed=SEED
        )

    same = np.array_equal(vectorised(), loop_median(frame), equal_nan=True)
    vec_s = median_time(vectorised, repeat=31)
    loop_s = median_time(lambda: loop_median(frame), repeat=5, warmup=1)
    ratio = loop_s / vec_s
    mean_s = median_time(lambda: monte_carlo(frame, "mean", n=N_DRAWS, seed=SEED), repeat=31)
    condorcet_s = median_time(lambda: monte_carlo(frame, "condorcet", n=N_DRAWS, seed=SEED), repeat=31)
    simulate_s = median_time(lambda: simulate(frame, rounds=10), repeat=21)

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    draws = f"{N_DRAWS:,} draws x 10 actors"
    return [
        (
            f"monte_carlo median, {draws}, vectorised",
            vec_s * 1e3,
            "ms",
            f"median of 31 runs; target < {TARGET_MS:g} ms: {verdict(vec_s * 1e3 < TARGET_MS)}",
        ),
        (
            f"monte_carlo median, {draws}, Python loop over draws",
            loop_s * 1e3,
            "ms",
            f"median of 5 runs; same numbers as vectorised: {'yes' if same else 'NO'}",
        ),
        (
            "monte_carlo median speed-up (loop / vectorised)",
            ratio,
            "x",
            f"target >= {TARGET_RATIO:g}x: {verdict(ratio >= TARGET_RATIO)}",
        ),
        (f"monte_carlo mean, {draws}, vectorised", mean_s * 1e3, "ms", "median of 31 runs"),
        (f"monte_carlo condorcet, {draws}, vectorised", condorcet_s * 1e3, "ms", "median of 31 runs"),
        ("simulate, 10 actors x 10 rounds", simulate_s * 1e3, "ms", "median of 21 runs"),
    ]
