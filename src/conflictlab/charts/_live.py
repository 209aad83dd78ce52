"""Live charts: rows kept in Vega-Lite parameters, so a panel redraws a chart in place."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

# ---------------------------------------------------------------- live charts
#
# The charts a panel redraws (positions, package utilities, outcome
# probabilities, tornado) keep their rows in Vega-Lite *parameters* rather
# than in a dataset: each layer reads row ``i`` of an array parameter. A panel
# then updates the chart in place by setting the parameters of its
# ``alt.JupyterChart`` — the browser recomputes the marks without rebuilding
# the chart, and the kernel does not re-serialise and re-validate the whole
# specification on every slider move. Each ``*_values`` function returns the
# parameter values its builder would put in the chart for new inputs.


def param_rows(param: str, n: int, fields: Sequence[str]) -> alt.Chart:
    """A chart whose rows are the first ``len(param)`` items of array parameter ``param``."""

    calc = {f: f"{param}[datum.i][{json.dumps(f)}]" for f in fields}
    return (
        alt.Chart(alt.sequence(0, max(int(n), 1), as_="i"))
        .transform_filter(f"datum.i < length({param})")
        .transform_calculate(**calc)
    )


def json_records(df: pd.DataFrame, fields: Sequence[str]) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (numpy scalars to Python numbers, NaN to None)."""
    out = []
    for row in df[list(fields)].itertuples(index=False):
        rec = {}
        for f, v in zip(fields, row, strict=False):
            if isinstance(v, (np.bool_, bool)):
                v = bool(v)
            elif isinstance(v, (int, np.integer)):
                v = int(v)
            elif isinstance(v, (float, np.floating)):
                v = None if not np.isfinite(v) else float(v)
            elif v is None or (isinstance(v, float) and np.isnan(v)):
                v = None
            else:
                v = str(v)
            rec[f] = v
        out.append(rec)
    return out


def param_values(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The current values of a chart's top-level parameters, by name."""
    params = getattr(chart, "params", alt.Undefined)
    if params is alt.Undefined:
        return {}
    return {p.name: p.value for p in params if getattr(p, "value", alt.Undefined) is not alt.Undefined}


def set_param_values(chart: alt.TopLevelMixin, values: Mapping[str, Any]) -> None:
    """Set the values of a chart's top-level parameters in place (by name)."""
    params = getattr(chart, "params", alt.Undefined)
    known = {p.name: p for p in ([] if params is alt.Undefined else params)}
    for name, value in values.items():
        if name not in known:
            raise ValueError(f"the chart has no parameter {name!r}; it has {', '.join(known) or 'none'}.")
        known[name].value = value
