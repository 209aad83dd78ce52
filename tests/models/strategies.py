"""Hypothesis strategies for actors, frames and tables."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st

#: Settings for every property test here: a few dozen examples each, derandomised
#: so a run is reproducible, no deadline (the first call of a numpy path can be
#: slow on a shared machine). Applied per test, so other suites keep their own.
fast = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

# Weights are either exactly zero or comfortably positive: the laws are about
# real weights, not about underflow at 1e-300.
capabilities = st.one_of(st.just(0.0), st.floats(1e-3, 10.0))
saliences = st.one_of(st.just(0.0), st.floats(0.01, 1.0))
real_positions = st.floats(0.0, 100.0, allow_nan=False)
grid_positions = st.integers(0, 100).map(float)


@st.composite
def actor_arrays(draw, min_size=1, max_size=8, positions=real_positions):
    """(position, capability, salience) arrays with some positive influence."""
    n = draw(st.integers(min_size, max_size))
    x = np.array(draw(st.lists(positions, min_size=n, max_size=n)))
    c = np.array(draw(st.lists(capabilities, min_size=n, max_size=n)))
    s = np.array(draw(st.lists(saliences, min_size=n, max_size=n)))
    assume(np.any(c * s > 0))
    return x, c, s


@st.composite
def frames(draw, min_size=2, max_size=6, positions=grid_positions):
    x, c, s = draw(actor_arrays(min_size=min_size, max_size=max_size, positions=positions))
    return pd.DataFrame(
        {"actor": [f"actor {k}" for k in range(len(x))], "position": x, "capability": c, "salience": s}
    )
