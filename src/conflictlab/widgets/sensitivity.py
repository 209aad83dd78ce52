"""The sensitivity panel (lesson 07): noise on the codings → how likely each outcome is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NotRequired

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

from .. import charts, data, models
from .._text import number as _number
from .panel import Panel, PanelResult, Problem, make_slider, scale_range

__all__ = ["SensitivityPanel", "SensitivityResult"]

#: The models the sensitivity panel offers (those ``models.monte_carlo`` draws), key → name.
SENSITIVITY_MODELS: dict[str, str] = {key: models.MODEL_NAMES[key] for key in models.SPATIAL_MODELS}
#: The numbers of draws the panel offers.
DRAWS = [1_000, 2_000, 5_000, 10_000, 20_000]
#: The range of each slider, (low, high, step). Position noise is in points of the scale: its range is
#: these numbers times the scale's width (0 to 25 points, in steps of 1, on a 0-100 scale).
RANGES: dict[str, tuple[float, float, float]] = {
    "salience_sd": (0.0, 0.3, 0.01),
    "capability_sigma": (0.0, 1.0, 0.05),
    "position_sd": (0.0, 0.25, 0.01),
    "delta": (0.01, 0.5, 0.01),
}


def _in_range(name: str, value: Any, low: float, high: float) -> float:
    """``value`` as a float if it is a number from ``low`` to ``high``; otherwise say what is wrong."""
    allowed = f"a number from {low:g} to {high:g}"
    if isinstance(value, bool):
        raise ValueError(f"{name} must be {allowed}; got {value!r}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {allowed}; got {value!r}.") from None
    if not low <= number <= high:  # NaN fails this too
        raise ValueError(f"{name} must be {allowed}; got {value!r}.")
    return number


class SensitivityResult(PanelResult):
    """:attr:`SensitivityPanel.result`: the outcomes of the draws, their bands and the tornado table."""

    model: str
    coded_forecast: float | None
    outcomes: np.ndarray | None
    bands: pd.DataFrame | None
    most_likely: float | None
    probability: float | None
    interval: tuple[float, float] | None
    tornado: pd.DataFrame | None
    no_outcome: NotRequired[float]
    draws: NotRequired[int]
    delta: NotRequired[float]


class SensitivityPanel(Panel[SensitivityResult]):
    """Noise on the codings → how likely each outcome is, and what drives the forecast.

    Parameters
    ----------
    frame : DataFrame
        The issue's frame (``actor, position, capability, salience``).
    scale : mapping, optional
        The issue's scale (``low``, ``high``, ``anchors``), for axis titles
        and for naming outcomes by their nearest anchor.
    model : str
        One of :data:`conflictlab.models.SPATIAL_MODELS`: "median", "mean" or "condorcet".
    seed : int
        The random seed: the same inputs always give the same draws.
    salience_sd, capability_sigma : float
        Starting noise: salience + Normal(0, salience_sd), clipped to [0, 1]
        (salience_sd from 0 to 0.3); capability × LogNormal(0, capability_sigma)
        (capability_sigma from 0 to 1).
    position_sd : float
        Starting position noise: position + Normal(0, position_sd), clipped to
        the scale; in points of the scale, from 0 to a quarter of its width
        (0 to 25 on a 0-100 scale). 0, the default, keeps the coded positions.
    draws : int
        Starting number of draws.
    delta : float
        How far the tornado chart moves each input, down and up (see
        :func:`conflictlab.models.tornado`), from 0.01 to 0.5.

    Raises
    ------
    ValueError
        If the frame is invalid, ``model`` is not one of the models, or a
        starting value lies outside its slider's range (the message names
        the argument and the range).

    Attributes
    ----------
    inputs : dict
        ``"model"``, ``"salience_sd"``, ``"capability_sigma"``, ``"position_sd"``,
        ``"draws"``, ``"delta"``.
    result : SensitivityResult
        ``ok``, ``problem``, ``model``, ``coded_forecast``
        (``models.forecast``), ``outcomes`` (one per draw,
        ``models.monte_carlo``), ``bands`` (``models.outcome_probabilities``
        over the scale's bands, named after its anchors: the lower 40% of the
        scale, the middle 20%, the upper 40%),
        ``most_likely`` and ``probability`` (the single most frequent
        outcome), ``interval`` (``models.outcome_interval``, 90%),
        ``tornado`` (``models.tornado``), ``no_outcome`` (the share of
        draws without one), ``draws``, ``delta``, ``sentence``.
    """

    kind = "sensitivity"

    def __init__(
        self,
        frame: pd.DataFrame,
        scale: Mapping[str, Any] | None = None,
        *,
        model: str = "median",
        seed: int = 0,
        salience_sd: float = 0.05,
        capability_sigma: float = 0.2,
        draws: int = 10_000,
        delta: float = 0.1,
        position_sd: float = 0.0,
    ) -> None:
        super().__init__()
        if model not in SENSITIVITY_MODELS:
            raise ValueError(f"model must be one of {', '.join(SENSITIVITY_MODELS)}; got {model!r}.")
        self.frame = models.validate_frame(frame)
        self.scale = dict(scale) if scale else None
        self.seed = int(seed)
        self.low, self.high = scale_range(self.frame["position"].tolist(), self.scale)
        width = self.high - self.low
        ranges = dict(RANGES)
        low, high, step = RANGES["position_sd"]
        ranges["position_sd"] = (width * low, width * high, width * step)
        start = {
            name: _in_range(name, value, *ranges[name][:2])
            for name, value in (
                ("salience_sd", salience_sd),
                ("capability_sigma", capability_sigma),
                ("position_sd", position_sd),
                ("delta", delta),
            )
        }
        self.band_edges, self.band_names = models.scale_bands(
            self.low, self.high, (self.scale or {}).get("anchors")
        )
        self._tornado_cache: dict[tuple[str, float], tuple[pd.DataFrame, dict[str, Any]]] = {}
        self._last_draws: tuple[tuple[Any, ...], dict[str, Any]] | None = None

        model_box = w.Dropdown(
            options=[(n.capitalize(), k) for k, n in SENSITIVITY_MODELS.items()],
            value=model,
            description="Model:",
            style={"description_width": "initial"},
        )
        sal = make_slider(
            start["salience_sd"],
            *ranges["salience_sd"],
            ".2f",
            [],
            tooltip="Standard deviation of the noise added to every salience",
            description="Salience noise (sd)",
        )
        cap = make_slider(
            start["capability_sigma"],
            *ranges["capability_sigma"],
            ".2f",
            [],
            tooltip="Sigma of the log-normal factor on every capability",
            description="Capability noise (σ)",
        )
        pos = make_slider(
            start["position_sd"],
            *ranges["position_sd"],
            ".0f" if ranges["position_sd"][2] >= 1 else ".2f",
            [],
            tooltip="Standard deviation of the noise added to every position, in points of the scale "
            "(a drawn position is kept on the scale)",
            description="Position noise (sd)",
        )
        draws_box = w.Dropdown(
            options=[(f"{n:,}", n) for n in sorted(set(DRAWS) | {int(draws)})],
            value=int(draws),
            description="Draws:",
            style={"description_width": "initial"},
        )
        delta_box = make_slider(
            start["delta"],
            *ranges["delta"],
            ".2f",
            [],
            tooltip="How far the tornado chart moves each input, down and up: "
            "positions by this share of the scale, saliences by this much, "
            "capabilities by this fraction",
            description="Tornado step (±)",
        )
        for slider in (
            sal,
            cap,
            pos,
            delta_box,
        ):  # a grid cell each: the track takes the room the label leaves
            slider.layout.width = "100%"
        for name, widget, spoken in (
            ("model", model_box, "Model for the draws"),
            ("salience_sd", sal, "Salience noise (sd) on every actor's salience"),
            ("capability_sigma", cap, "Capability noise (σ) on every actor's capability"),
            ("position_sd", pos, "Position noise (sd) on every actor's position"),
            ("draws", draws_box, "Draws: how many random draws"),
            ("delta", delta_box, "Tornado step (±) for each coding"),
        ):
            widget.add_class("conflictlab-input")
            widget.add_class(f"conflictlab-input-{name.replace('_', '-')}")
            self.inputs[name] = widget
            self._name(widget, spoken)
            self._watch(widget)
        self._coded_inputs = {k: v.value for k, v in self.inputs.items()}
        reset_button = self._reset_button("Back to the starting values")

        result, _ = self._first_result()
        self.chart = self._make_chart(self._chart_for(result))
        self._assemble(
            w.HBox(
                [model_box, draws_box, reset_button], layout=w.Layout(flex_flow="row wrap", grid_gap="12px")
            ),
            w.GridBox(
                [sal, cap, pos, delta_box],
                layout=w.Layout(
                    grid_template_columns="repeat(auto-fill, minmax(300px, 1fr))",
                    grid_gap="4px 16px",
                    width="100%",
                ),
            ),
            self.sentence,
            self.notice,
            self.chart,
        )

    @classmethod
    def from_data(cls, issue_id: str = "venue", **kwargs: Any) -> SensitivityPanel:
        """The panel for one coded issue of the course data."""
        return cls(data.frame(issue_id), data.scale(issue_id), **kwargs)

    def reset(self) -> None:
        """Back to the starting noise, draws, step and model."""
        with self._hold():
            for name, value in self._coded_inputs.items():
                self.inputs[name].value = value

    def settings(self) -> dict[str, Any]:
        """The keyword arguments for ``models.monte_carlo`` the inputs give now."""
        return {
            "model": self.inputs["model"].value,
            "n": int(self.inputs["draws"].value),
            "salience_sd": float(self.inputs["salience_sd"].value),
            "capability_sigma": float(self.inputs["capability_sigma"].value),
            "position_sd": float(self.inputs["position_sd"].value),
            "scale": (self.low, self.high),
            "seed": self.seed,
        }

    def _empty_result(self) -> dict[str, Any]:
        return {
            "model": self.inputs["model"].value,
            "coded_forecast": None,
            "outcomes": None,
            "bands": None,
            "most_likely": None,
            "probability": None,
            "interval": None,
            "tornado": None,
            "sentence": "",
        }

    def _tornado(self, model: str, delta: float) -> tuple[pd.DataFrame, dict[str, Any]]:
        """The tornado table and its chart values, computed once per model and step."""
        key = (model, round(delta, 6))
        if key not in self._tornado_cache:
            table = models.tornado(self.frame, model=model, delta=delta, scale=(self.low, self.high))
            coded = models.forecast(self.frame, model)
            self._tornado_cache[key] = (table, charts.tornado_values(table, coded))
        return self._tornado_cache[key]

    def _compute(self) -> tuple[dict[str, Any], dict[str, Any]]:
        s = self.settings()
        coded = models.forecast(self.frame, s["model"])
        if s["salience_sd"] == 0 and s["capability_sigma"] == 0 and s["position_sd"] == 0:
            raise Problem(
                f"With no noise every draw repeats the coded forecast ({_number(coded)}), so "
                "there is no uncertainty to show. Raise the salience, capability or position noise."
            )
        draws = self._draws(s)
        delta = float(self.inputs["delta"].value)
        table, tornado_values = self._tornado(s["model"], delta)
        result = {
            "model": s["model"],
            "coded_forecast": coded,
            **draws["result"],
            "tornado": table,
            "draws": s["n"],
            "delta": delta,
        }
        result["sentence"] = self._sentence(result)
        chart_values = {**draws["values"], **tornado_values}
        return result, chart_values

    def _draws(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The Monte Carlo part of the result, kept while its settings stay the same."""
        key = tuple(sorted(settings.items()))
        if self._last_draws is not None and self._last_draws[0] == key:
            return self._last_draws[1]
        outcomes = np.asarray(models.monte_carlo(self.frame, **settings), dtype=float)
        finite = outcomes[np.isfinite(outcomes)]
        if finite.size == 0:
            raise Problem("No draw produced an outcome with these settings. Lower the noise.")
        values, counts = np.unique(finite, return_counts=True)
        best = int(np.argmax(counts))
        draws = {
            "result": {
                "outcomes": outcomes,
                "bands": models.outcome_probabilities(outcomes, bins=self.band_edges, labels=self.band_names),
                "most_likely": float(values[best]),
                "probability": float(counts[best] / outcomes.size),
                "interval": models.outcome_interval(outcomes, 0.9),
                "no_outcome": float(np.isnan(outcomes).mean()),
            },
            "values": charts.outcome_probabilities_values(outcomes, self.frame, self._chart_scale()),
        }
        self._last_draws = (key, draws)
        return draws

    def _chart_scale(self) -> dict[str, Any]:
        return self.scale or {"low": self.low, "high": self.high, "label": "Outcome", "anchors": {}}

    def _chart_for(self, result: Mapping[str, Any]) -> alt.VConcatChart:
        chances = charts.outcome_probabilities(result["outcomes"], self.frame, self._chart_scale())
        swings = charts.tornado(result["tornado"], base=result["coded_forecast"], scale=self._chart_scale())
        # the pair's accessible name (Vega names a chart by its top-level description only)
        return alt.vconcat(chances, swings, spacing=30, description=self._description(result))

    def _description(self, result: Mapping[str, Any]) -> str:
        """Both charts' descriptions: how likely each outcome is, then what drives the forecast."""
        chances = charts.outcome_probabilities_description(
            result["outcomes"], self.frame, self._chart_scale()
        )
        return f"{chances} {charts.tornado_description(result['tornado'], base=result['coded_forecast'])}"

    def _sentence(self, result: Mapping[str, Any]) -> str:
        name = SENSITIVITY_MODELS[result["model"]]
        lo, hi = result["interval"]
        bands = result["bands"]
        shares = bands[bands["outcome"] != "no outcome"].sort_values("share", ascending=False)
        if self.band_names:
            words = ", ".join(f"{r.outcome} {r.share:.0%}" for r in shares.itertuples() if r.share > 0)
            first = f"Across {result['draws']:,} draws the {name} comes out {words}"
        else:
            first = f"Across {result['draws']:,} draws the {name} averages {_number(np.nanmean(result['outcomes']))}"
        if result["no_outcome"] > 0:
            first += f" (no outcome in {result['no_outcome']:.0%})"
        driver = ""
        table = result["tornado"]
        if table is not None and len(table) and {"actor", "input", "swing"} <= set(table.columns):
            top = table.sort_values("swing", ascending=False, kind="stable", na_position="last").iloc[0]
            if np.isfinite(top["swing"]) and top["swing"] > 1e-9:
                driver = f" It moves most with {top['actor']}'s {top['input']}."
        return (
            f"{first}; 90% of draws fall between {_number(lo)} and {_number(hi)}. "
            f"With the coded values it is {_number(result['coded_forecast'])}.{driver}"
        )
