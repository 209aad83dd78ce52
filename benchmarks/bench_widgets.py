"""Panel benchmarks: kernel-side time from a settled slider value to a redrawn chart.

Each update is what happens in the kernel when a student releases a slider:
the panel reads its inputs, calls ``conflictlab.models``, writes the new
sentence and sets the chart's parameters. It is timed with no browser
attached, so sending the (small) widget messages is not included; the
browser's redraw is not included either.

Every timed update is a real change: the slider alternates between two
values, so each call recomputes. Reported: median and 95th percentile of the
per-update times, against the issue's target of well under 50 ms.

The last rows compare the two ways a panel could redraw its chart, timed in
this run: setting the chart's parameters (what the panels do) against
rebuilding and re-sending the whole chart specification.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

import altair as alt
import numpy as np

from conflictlab import charts, widgets

from .bench_models import ten_actors

TARGET_MS = 50.0
REPEAT = 60
WARMUP = 3


def _times(update: Callable[[int], None], repeat: int = REPEAT, warmup: int = WARMUP) -> list[float]:
    """Milliseconds of each of ``repeat`` calls ``update(k)``, after ``warmup`` calls."""
    for k in range(warmup):
        update(k)
    times = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for k in range(warmup, warmup + repeat):
            start = time.perf_counter()
            update(k)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        if enabled:
            gc.enable()
    return times


def _rows(name: str, times: list[float], what: str) -> list[tuple[str, float, str, str]]:
    median = statistics.median(times)
    p95 = float(np.percentile(times, 95))
    met = "met" if p95 < TARGET_MS else "NOT met"
    return [
        (f"{name}: median", median, "ms", f"{what}; {len(times)} updates"),
        (f"{name}: p95", p95, "ms", f"target p95 < {TARGET_MS:g} ms: {met}"),
    ]


def _alternate(widget, a: float, b: float) -> Callable[[int], None]:
    def update(k: int) -> None:
        widget.value = a if k % 2 else b

    return update


def _check(panel, label: str) -> None:
    if not panel.result.get("ok"):
        raise RuntimeError(f"{label}: the panel reported a problem: {panel.message}")


def run() -> list[tuple[str, float, str, str]]:
    rows: list[tuple[str, float, str, str]] = []
    frame = ten_actors()

    influence = widgets.InfluencePanel(frame)
    times = _times(_alternate(influence.inputs[("actor 4", "salience")], 0.3, 0.9))
    _check(influence, "InfluencePanel")
    rows += _rows("InfluencePanel, 10 actors, weighted median", times, "one salience slider moved")

    influence.inputs["model"].value = "expected_utility"
    times = _times(_alternate(influence.inputs[("actor 4", "salience")], 0.3, 0.9), repeat=30)
    _check(influence, "InfluencePanel (eu)")
    rows += _rows(
        "InfluencePanel, 10 actors, expected-utility (10 rounds)", times, "one salience slider moved"
    )

    weights = widgets.InterestWeightsPanel.from_data()
    times = _times(_alternate(weights.inputs[("Armenia", "recognition")], 0.2, 0.5))
    _check(weights, "InterestWeightsPanel")
    rows += _rows(
        f"InterestWeightsPanel, {len(weights.issues)} issues x {len(weights.result['utilities'])} packages",
        times,
        "one weight moved (the party's others rescaled)",
    )

    sensitivity = widgets.SensitivityPanel(frame, draws=10_000)
    times = _times(_alternate(sensitivity.inputs["salience_sd"], 0.05, 0.1), repeat=40)
    _check(sensitivity, "SensitivityPanel")
    rows += _rows(
        "SensitivityPanel, 10 actors, 10,000 draws",
        times,
        "salience noise moved (Monte Carlo redrawn, seed fixed)",
    )

    step = sensitivity.inputs["delta"]
    values = np.round(np.linspace(0.02, 0.5, REPEAT + WARMUP + 1), 3)
    times = _times(lambda k: setattr(step, "value", float(values[k])), repeat=REPEAT)
    _check(sensitivity, "SensitivityPanel (tornado)")
    rows += _rows(
        "SensitivityPanel, 10 actors, tornado step",
        times,
        "tornado step moved (30 inputs x 2 recomputed; the draws are kept)",
    )

    # In place (parameters) against rebuilding the chart, same inputs, same run.
    panel = widgets.InfluencePanel(frame)
    jc = panel.chart
    variants = [frame.assign(salience=frame["salience"] * f) for f in (0.5, 1.0)]
    rules = {"weighted median": 50.0, "weighted mean": 52.5}

    def by_params(k: int) -> None:
        values = charts.positions_values(variants[k % 2], rules, 0, 100)
        named = charts.set_param_values(jc.chart, values)  # by the chart's own parameter names
        with jc.hold_sync():
            for name, value in named.items():
                setattr(jc.params, name, value)

    other = alt.JupyterChart(charts.positions(frame, rules={}))

    def by_rebuild(k: int) -> None:
        other.chart = charts.positions(variants[k % 2], rules=rules)

    fast = statistics.median(_times(by_params, repeat=30))
    slow = statistics.median(_times(by_rebuild, repeat=30))
    same = charts.param_values(jc.chart, by_key=True) == charts.param_values(other.chart, by_key=True)
    rows.append(("positions chart redraw: set parameters", fast, "ms", "median of 30; what the panels do"))
    rows.append(
        (
            "positions chart redraw: rebuild the chart",
            slow,
            "ms",
            "median of 30; new altair chart, validated and re-sent",
        )
    )
    rows.append(
        (
            "in place vs rebuild",
            slow / fast,
            "x",
            f"same run; both give the same chart values: {'yes' if same else 'NO'}",
        )
    )
    return rows


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
