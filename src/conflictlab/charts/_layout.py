"""Label placement: dodging crowded lines and labels, and the boxes labels take."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

#: A generous width of one character, as a share of the font size, for keeping labels apart.
CHAR_WIDTH = 0.55

#: How a label is aligned on its anchor, as Vega-Lite's text marks take it.
Align = Literal["left", "center", "right"]
#: Where a label goes from its mark: (align, dx, dy) in pixels.
Place = tuple[Align, float, float]


def clusters(positions: pd.Series, tolerance: float) -> list[list[Any]]:
    """Group the index labels of ``positions`` whose values lie within ``tolerance`` of a neighbour."""
    groups: list[list[Any]] = []
    last = None
    for key, value in positions.sort_values(kind="stable").items():
        if last is None or value - last >= tolerance:
            groups.append([])
        groups[-1].append(key)
        last = value
    return groups


def spread_apart(values: list[float], gap: float, high: float) -> list[float]:
    """Move sorted ``values`` apart until neighbours are at least ``gap`` apart, keeping their order
    and, where there is room, staying at or below ``high``."""
    out = list(values)
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + gap)
    if out and out[-1] > high:
        out[-1] = high
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    return out


def dodge(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Heights for sorted ``values``, at least ``gap`` apart: each group of crowded values is spread
    evenly around its mean, and moved back inside [low, high] if it sticks out."""

    def heights(group: list[float]) -> list[float]:
        k, centre = len(group), float(np.mean(group))
        out = [centre + (j - (k - 1) / 2) * gap for j in range(k)]
        shift = max(0.0, low - out[0]) - max(0.0, out[-1] - high)
        return [h + shift for h in out]

    groups = [[v] for v in values]
    merged = True
    while merged:
        merged = False
        for j in range(len(groups) - 1):
            if heights(groups[j + 1])[0] - heights(groups[j])[-1] < gap - 1e-9:
                groups[j : j + 2] = [groups[j] + groups[j + 1]]
                merged = True
                break
    return [h for g in groups for h in heights(g)]


def text_box(x: float, y: float, text: str, size: float, place: Place) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1), in pixels, a label of ``text`` takes at ``place`` from (x, y)."""
    align, dx, dy = place
    width = len(str(text)) * size * CHAR_WIDTH
    left = x + dx - {"left": 0.0, "right": width, "center": width / 2}[align]
    return left, y + dy - 0.6 * size, left + width, y + dy + 0.6 * size


def mark_box(x: float, y: float, area: float, pad: float = 1.0) -> tuple[float, float, float, float]:
    """The square around a round mark of ``area`` square pixels at (x, y)."""
    r = float(np.sqrt(area / np.pi)) + pad
    return x - r, y - r, x + r, y + r


def overlap_area(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
