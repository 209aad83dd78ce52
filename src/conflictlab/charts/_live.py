"""Live charts: rows kept in Vega-Lite parameters, so a panel redraws a chart in place."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
from altair.utils.schemapi import UndefinedType

# ---------------------------------------------------------------- live charts
#
# The charts a panel redraws (positions, package utilities, outcome
# probabilities, tornado) keep their rows in Vega-Lite *parameters* rather
# than in a dataset: each layer reads row ``i`` of an array parameter. A panel
# then updates the chart in place by setting the parameters of its
# ``alt.JupyterChart`` — the browser recomputes the marks without rebuilding
# the chart, and the kernel does not re-serialise and re-validate the whole
# specification on every slider move. Each ``*_values`` function returns the
# parameter values its builder would put in the chart for new inputs, by *key*
# ("cl_actors"). Vega's parameters share one namespace, so each chart names its
# parameters after their keys with a number of its own ("cl_actors_3"), and
# charts compose (``a | b``, ``a & b``, ``a + b``) without a duplicate name;
# :func:`set_param_values` finds a chart's parameter by its key.

#: Numbers that make each live chart's parameter names its own (as altair numbers its own).
_INSTANCES = itertools.count(1)


def instance_names(*keys: str) -> dict[str, str]:
    """Names for one chart's parameters: each key with a number no other chart has, by key."""
    number = next(_INSTANCES)
    return {key: f"{key}_{number}" for key in keys}


def live_params(names: Mapping[str, str], values: Mapping[str, Any]) -> list[alt.Parameter]:
    """The chart's parameters: for each key, the parameter ``names[key]`` holding ``values[key]``."""
    return [alt.param(name=names[key], value=values[key]) for key in names]


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


def _params(chart: alt.TopLevelMixin) -> list[Any]:
    params = getattr(chart, "params", alt.Undefined)
    return [] if isinstance(params, UndefinedType) else list(params)


def param_name(chart: alt.TopLevelMixin, key: str) -> str:
    """The name of the chart's parameter for ``key`` ("cl_actors" → "cl_actors_3").

    ``key`` may also be the full name. Raises ValueError if the chart has no
    such parameter, or several (a composition of two live charts of one kind:
    name the one meant in full).
    """
    names = [p.name for p in _params(chart)]
    if key in names:
        return key
    found = [n for n in names if re.fullmatch(rf"{re.escape(key)}_\d+", str(n))]
    if len(found) == 1:
        return str(found[0])
    if not found:
        raise ValueError(
            f"the chart has no parameter {key!r}; it has {', '.join(map(str, names)) or 'none'}."
        )
    raise ValueError(
        f"the chart has {len(found)} parameters for {key!r} ({', '.join(found)}), one per chart it "
        "is made of: name the one you mean in full."
    )


def param_values(chart: alt.TopLevelMixin, by_key: bool = False) -> dict[str, Any]:
    """The current values of a chart's top-level parameters, by name (or by key, with ``by_key``)."""
    values = {
        p.name: p.value for p in _params(chart) if getattr(p, "value", alt.Undefined) is not alt.Undefined
    }
    if not by_key:
        return values
    keys = {name: re.sub(r"_\d+$", "", str(name)) for name in values}
    return {keys[name]: values[name] for name in values if param_name(chart, keys[name]) == name}


def set_param_values(chart: alt.TopLevelMixin, values: Mapping[str, Any]) -> dict[str, Any]:
    """Set the values of a chart's top-level parameters in place, by key or by name.

    Returns the values by the parameters' full names: what a chart widget
    (``alt.JupyterChart.params``) needs to be set with too.
    """
    known = {p.name: p for p in _params(chart)}
    named = {param_name(chart, key): value for key, value in values.items()}
    for name, value in named.items():
        known[name].value = value
    return named
