"""Timing helpers shared by the benchmark modules."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any


def median_time(fn: Callable[[], Any], repeat: int = 25, warmup: int = 2) -> float:
    """Median wall-clock seconds of ``repeat`` calls of ``fn()``, after ``warmup`` untimed calls.

    The garbage collector is paused while timing so a collection triggered by
    an earlier call does not land inside a later one. The median, not the
    mean or the minimum, is reported: robust to the odd slow run on a shared
    machine, and still a typical time rather than a lucky one.
    """
    for _ in range(warmup):
        fn()
    times = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    finally:
        if enabled:
            gc.enable()
    return statistics.median(times)
