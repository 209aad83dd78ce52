"""The influence panel: sliders per actor → the forecast for one issue."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any, NotRequired

import ipywidgets as w
import numpy as np
import pandas as pd

from .. import charts, data, models
from .._text import and_list as _and_list
from .._text import number as _number
from .panel import Panel, PanelResult, Problem, make_slider, scale_range, slug

__all__ = ["InfluencePanel", "InfluenceResult", "MODELS", "CODED"]

#: The models the influence panel offers, key → name (from :data:`conflictlab.models.MODEL_NAMES`).
MODELS: dict[str, str] = {key: models.MODEL_NAMES[key] for key in models.MODELS}

#: The name of the preset that holds the coded values.
CODED = "Coded values"


class InfluenceResult(PanelResult):
    """:attr:`InfluencePanel.result`: the forecast of the chosen model and what lies behind it."""

    model: str
    model_name: str
    forecast: float | None
    weighted_median: float | None
    weighted_mean: float | None
    condorcet_winner: float | None
    influence: dict[str, float]
    frame: pd.DataFrame | None
    preset: NotRequired[str]
    rounds: NotRequired[pd.DataFrame]


def _scenario_changes(scenarios: Any, actors: Sequence[str]) -> dict[str, list[tuple[str, str, float]]]:
    """Presets from the scenarios table (or a mapping) → {name: [(actor, field, value)]}."""
    if scenarios is None:
        return {}
    out: dict[str, list[tuple[str, str, float]]] = {}
    if isinstance(scenarios, pd.DataFrame):
        need = {"name", "actor", "field", "value"}
        if not need <= set(scenarios.columns):
            missing = sorted(need - set(scenarios.columns))
            raise ValueError(
                f"the scenarios table needs the columns name, actor, field, value; "
                f"it has no {', '.join(map(repr, missing))}."
            )
        rows = scenarios[["name", "actor", "field", "value"]].itertuples(index=False, name=None)
        for name, actor, field, value in rows:
            out.setdefault(str(name), []).append((str(actor), str(field), float(value)))
    else:
        for name, changes in dict(scenarios).items():
            out[str(name)] = [(str(a), str(f), float(v)) for a, f, v in changes]
    for name, changes in out.items():
        for actor, field, _ in changes:
            if actor not in actors:
                raise ValueError(f"preset {name!r} changes {actor!r}, who is not in the frame.")
            if field not in models.CODINGS:
                raise ValueError(
                    f"preset {name!r} changes {field!r}; a preset may change "
                    "position, salience or capability."
                )
    return out


class InfluencePanel(Panel[InfluenceResult]):
    """Sliders per actor → the forecast for one issue, as a chart and a sentence.

    Parameters
    ----------
    frame : DataFrame
        One row per actor with the columns ``actor, position, capability,
        salience`` (a ``rationale`` column, if present, is shown as each
        actor's note). Any issue works, a student's own included, with
        positions on any scale (whole numbers too).
    scale : mapping, optional
        The issue's scale from :func:`conflictlab.data.scale`: ``label``,
        ``low``, ``high``, ``anchors``. It sets the slider range and lets the
        sentence name the band of the forecast ("Kremlin-led", by
        :func:`conflictlab.models.band_of`). Without it the range spans
        the positions (0–100 if they fit).
    scenarios : DataFrame or mapping, optional
        Presets: a table with columns ``name, actor, field, value`` (as
        :func:`conflictlab.data.scenarios` returns it) or a mapping
        ``{name: [(actor, field, value), ...]}``. Each preset starts from the
        coded values and applies its changes. By default, when ``scale``
        names a coded issue, that issue's documented scenarios.
    model : str
        The model shown first, one of :data:`conflictlab.models.MODELS`:
        "median", "mean", "condorcet" or "expected_utility".
    rounds : int
        Rounds of the expected-utility simulation.

    Attributes
    ----------
    inputs : dict
        ``(actor, "position" | "salience" | "capability")`` → slider, and
        ``"model"``, ``"preset"`` → dropdowns.
    result : InfluenceResult
        ``ok``, ``problem``, ``model``, ``model_name``
        (:data:`conflictlab.models.MODEL_NAMES`), ``forecast`` (the chosen
        model's outcome, as ``models.forecast(frame, model, rounds)``),
        ``weighted_median``, ``weighted_mean``, ``condorcet_winner``,
        ``influence`` ({actor: share}, ``models.influence``), ``frame`` (the
        values now on the sliders), ``preset``, ``sentence``, and ``rounds``
        (``models.simulate``) for the expected-utility model.
    chart : altair.JupyterChart
        The positions chart (:func:`conflictlab.charts.positions`).
    """

    kind = "influence"
    FIELDS = models.CODINGS

    def __init__(
        self,
        frame: pd.DataFrame,
        scale: Mapping[str, Any] | None = None,
        *,
        scenarios: Any = None,
        model: str = "median",
        rounds: int = 10,
    ) -> None:
        super().__init__()
        if model not in MODELS:
            raise ValueError(f"model must be one of {', '.join(MODELS)}; got {model!r}.")
        clean = models.validate_frame(frame)
        self.scale = dict(scale) if scale else None
        self.rounds = int(rounds)
        rationale = (
            frame["rationale"].fillna("").astype(str).tolist()
            if "rationale" in frame.columns
            else [""] * len(clean)
        )
        self.coded = clean.assign(rationale=rationale)
        self.actors = list(self.coded["actor"])
        if scenarios is None and self.scale and self.scale.get("issue_id"):
            scenarios = self._data_scenarios(self.scale["issue_id"])
        self.presets: dict[str, list[tuple[str, str, float]]] = {CODED: []} | _scenario_changes(
            scenarios, self.actors
        )
        self.preset_notes = self._preset_notes(scenarios)

        low, high = scale_range(self.coded["position"].tolist(), self.scale)
        self.low, self.high = low, high
        integer_positions = bool(np.allclose(self.coded["position"], self.coded["position"].round()))
        pos_step = 1.0 if integer_positions and high - low >= 10 else (high - low) / 100
        cap_max = float(max(100.0, math.ceil(self.coded["capability"].max() * 2)))
        integer_caps = bool(np.allclose(self.coded["capability"], self.coded["capability"].round()))
        cap_step = 1.0 if integer_caps and cap_max >= 10 else cap_max / 100

        rows: list[w.Widget] = [
            w.HTML("<b>Actor</b>"),
            w.HTML("<b>Position</b>"),
            w.HTML("<b>Salience (0–1)</b>"),
            w.HTML("<b>Capability</b>"),
        ]
        for k, actor in enumerate(self.actors):
            note = rationale[k]
            coded = self.coded.iloc[k]
            style = "cursor:help;border-bottom:1px dotted #777" if note else ""
            label = w.HTML(f'<span title="{html.escape(note)}" style="{style}">{html.escape(actor)}</span>')
            label.add_class("conflictlab-actor")
            rows.append(label)
            specs = {
                "position": (low, high, pos_step, ".0f" if pos_step >= 1 else ".2f"),
                "salience": (0.0, 1.0, 0.01, ".2f"),
                "capability": (0.0, cap_max, cap_step, ".0f" if cap_step >= 1 else ".2f"),
            }
            for field in self.FIELDS:
                lo, hi, step, fmt = specs[field]
                tip = f"{actor}, {field}: coded {_number(coded[field]) if field != 'salience' else f'{coded[field]:.2f}'}"
                if note:
                    tip += f". {note}"
                slider = make_slider(
                    coded[field],
                    lo,
                    hi,
                    step,
                    fmt,
                    ["conflictlab-input", f"conflictlab-input-{slug(actor)}-{field}"],
                    tooltip=tip,
                )
                self.inputs[(actor, field)] = slider
                self._name(slider, f"{actor} {field}")
                self._watch(slider)
                rows.append(slider)
        grid = w.GridBox(
            rows,
            layout=w.Layout(
                grid_template_columns="minmax(120px, 1fr) repeat(3, minmax(170px, 2fr))",
                grid_gap="2px 12px",
                width="100%",
            ),
        )

        model_box = w.Dropdown(
            options=[(name[0].upper() + name[1:], key) for key, name in MODELS.items()],
            value=model,
            description="Model:",
            style={"description_width": "initial"},
        )
        model_box.add_class("conflictlab-input")
        model_box.add_class("conflictlab-input-model")
        preset_box = w.Dropdown(
            options=list(self.presets),
            value=CODED,
            description="Preset:",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        preset_box.add_class("conflictlab-input")
        preset_box.add_class("conflictlab-input-preset")
        self.inputs["model"] = model_box
        self.inputs["preset"] = preset_box
        self._name(model_box, "Model for the forecast")
        self._name(preset_box, "Preset scenario")
        self._watch(model_box)
        preset_box.observe(self._on_preset, names="value")
        reset_button = self._reset_button("Back to the coded values")
        self.preset_note = w.HTML("")
        self.preset_note.add_class("conflictlab-preset-note")

        result, _values = self._first_result()
        self.chart = self._make_chart(
            charts.positions(result["frame"], self.scale, rules=self._rules(result), title=self._title())
        )
        notes = "".join(
            f"<li><b>{html.escape(a)}</b>: {html.escape(n)}</li>"
            for a, n in zip(self.actors, rationale, strict=False)
            if n
        )
        why = None
        if notes:
            why = w.Accordion([w.HTML(f"<ul>{notes}</ul>")], titles=("Why these codings? (estimates)",))
            why.selected_index = None
        heading = w.HTML(self._heading())
        self._assemble(
            heading,
            w.HBox(
                [model_box, preset_box, reset_button], layout=w.Layout(flex_flow="row wrap", grid_gap="12px")
            ),
            self.preset_note,
            self.sentence,
            self.notice,
            self.chart,
            grid,
            why,
        )

    @classmethod
    def from_data(cls, issue_id: str = "venue", **kwargs: Any) -> InfluencePanel:
        """The panel for one coded issue of the course data (frame, scale and presets)."""
        return cls(data.frame(issue_id), data.scale(issue_id), **kwargs)

    # --- set-up helpers -------------------------------------------------------

    @staticmethod
    def _data_scenarios(issue_id: str) -> pd.DataFrame | None:
        try:
            table = data.scenarios(issue_id)
        except Exception:
            return None
        return table if len(table) else None

    def _preset_notes(self, scenarios: Any) -> dict[str, str]:
        notes = {CODED: "The analyst's coded values."}
        if isinstance(scenarios, pd.DataFrame) and "description" in scenarios:
            for row in scenarios.itertuples(index=False):
                text = str(row.description)
                if "rationale" in scenarios.columns:
                    text += f" ({row.rationale})"
                notes.setdefault(str(row.name), text)
        return notes

    def _title(self) -> str:
        return (self.scale or {}).get("label") or "Positions on the issue"

    def _heading(self) -> str:
        if not self.scale:
            return ""
        question = self.scale.get("question") or ""
        return (
            f'<div style="font-size:1.15em"><b>{html.escape(str(self.scale.get("label", "")))}</b>'
            f"{' — ' + html.escape(str(question)) if question else ''}</div>"
        )

    # --- inputs → frame -------------------------------------------------------

    def frame(self) -> pd.DataFrame:
        """The values on the sliders now, as a frame the models take."""
        return pd.DataFrame(
            {
                "actor": pd.Series(self.actors, dtype=str),
                "position": [float(self.inputs[(a, "position")].value) for a in self.actors],
                "capability": [float(self.inputs[(a, "capability")].value) for a in self.actors],
                "salience": [float(self.inputs[(a, "salience")].value) for a in self.actors],
            }
        )

    def set_values(self, values: Mapping[tuple[str, str], float]) -> None:
        """Set several sliders at once ({(actor, field): value}) and update once."""
        with self._hold():
            for key, value in values.items():
                if key not in self.inputs:
                    raise KeyError(
                        f"no input {key!r}; inputs are (actor, field) pairs such as "
                        f"{next(iter(self.inputs))!r}."
                    )
                self.inputs[key].value = float(value)

    def preset_values(self, name: str) -> dict[tuple[str, str], float]:
        """The slider values a preset sets: the coded values with the preset's changes."""
        if name not in self.presets:
            raise KeyError(f"no preset {name!r}; presets: {', '.join(self.presets)}")
        values = {
            (a, f): float(self.coded[f].iloc[k]) for k, a in enumerate(self.actors) for f in self.FIELDS
        }
        for actor, field, value in self.presets[name]:
            values[(actor, field)] = value
        return values

    def apply_preset(self, name: str) -> None:
        """Set the sliders to a preset (see :attr:`presets`)."""
        if self.inputs["preset"].value != name:
            self.inputs["preset"].value = name  # calls back here through _on_preset
            return
        self.set_values(self.preset_values(name))
        self.preset_note.value = (
            f'<span style="color:#555">{html.escape(self.preset_notes.get(name, ""))}</span>'
            if name != CODED
            else ""
        )

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        self.apply_preset(change["new"])

    def reset(self) -> None:
        """Back to the coded values (the model chosen stays)."""
        with self._hold():
            if self.inputs["preset"].value != CODED:
                self.inputs["preset"].value = CODED
            else:
                self.apply_preset(CODED)

    # --- the computation ------------------------------------------------------

    def _empty_result(self) -> dict[str, Any]:
        model = self.inputs["model"].value if "model" in self.inputs else "median"
        return {
            "model": model,
            "model_name": MODELS[model],
            "forecast": None,
            "weighted_median": None,
            "weighted_mean": None,
            "condorcet_winner": None,
            "influence": {},
            "frame": self.frame() if self.inputs else None,
            "sentence": "",
        }

    def _compute(self) -> tuple[dict[str, Any], dict[str, Any]]:
        frame = self.frame()
        model = self.inputs["model"].value
        try:
            shares = models.influence(frame)
        except (
            ValueError
        ) as exc:  # the sliders keep each coding in range: what is left is no influence at all
            raise Problem(
                "Every actor now has zero influence (capability × salience is 0 for all), "
                "so there is nothing to weigh. Raise someone's salience or capability."
            ) from exc
        active = [str(actor) for actor, share in shares.items() if share > 0]
        if len(active) < 2:
            raise Problem(
                f"Only {active[0]} has any influence left, so every model just returns "
                f"{active[0]}'s position. Give a second actor some salience and "
                "capability to see a forecast."
            )
        pos, cap, sal = frame["position"], frame["capability"], frame["salience"]
        result: dict[str, Any] = {
            "model": model,
            "model_name": MODELS[model],
            "weighted_median": models.weighted_median(pos, cap, sal),
            "weighted_mean": models.weighted_mean(pos, cap, sal),
            "condorcet_winner": models.condorcet_winner(pos, cap, sal),
            "influence": shares.to_dict(),
            "frame": frame,
            "preset": self.inputs["preset"].value,
        }
        # One simulation: its rounds are shown, its last round is the forecast.
        if model == "expected_utility":
            history = models.simulate(frame, rounds=self.rounds)
            result["rounds"] = history
            result["forecast"] = float(history["forecast"].iloc[-1])
        else:
            result["forecast"] = models.forecast(frame, model)
        result["sentence"] = self._sentence(result)
        values = charts.positions_values(frame, self._rules(result), self.low, self.high)
        return result, values

    def _description(self, result: Mapping[str, Any]) -> str:
        return charts.positions_description(result["frame"], self.scale, self._rules(result))

    def _rules(self, result: Mapping[str, Any]) -> dict[str, float | None]:
        """The lines on the chart: the median and the mean always, and the chosen model's forecast."""
        rules = {MODELS["median"]: result["weighted_median"], MODELS["mean"]: result["weighted_mean"]}
        if result["model"] in ("condorcet", "expected_utility"):
            rules[MODELS[result["model"]]] = result["forecast"]
        return rules

    def _band(self, value: float) -> str:
        """The band the forecast falls in, by the course's one band rule (``models.band_of``).

        The bands are those of the panel's range (the scale's, widened to every
        position), named after the scale's anchors; without anchors, no band.
        """
        anchors = (self.scale or {}).get("anchors")
        if not anchors:
            return ""
        return models.band_of(value, {"low": self.low, "high": self.high, "anchors": anchors})

    def _sentence(self, result: Mapping[str, Any]) -> str:
        forecast = result["forecast"]
        name = result["model_name"]
        if forecast is None:
            first = (
                f"No forecast from the {name}: no actor's position beats every other in "
                f"pairwise votes. The weighted median is {_number(result['weighted_median'])}."
            )
        else:
            band = self._band(forecast)
            first = f"The forecast ({name}): {_number(forecast)}" + (f" — band: {band}." if band else ".")
        shares = pd.Series(result["influence"]).sort_values(ascending=False, kind="stable")
        top, total = [], 0.0
        for actor, share in shares.items():
            top.append(str(actor))
            total += float(share)
            if total > 0.5:
                break
        verb = "alone carries" if len(top) == 1 else "carry"
        return f"{first} {_and_list(top)} {verb} {round(100 * total)}% of the influence."

    def _sentence_html(self, result: Mapping[str, Any]) -> str:
        text = html.escape(result["sentence"])
        if result["forecast"] is not None:
            number = _number(result["forecast"])
            text = text.replace(f": {number}", f': <b class="conflictlab-forecast-value">{number}</b>', 1)
        return f'<p style="font-size:1.1em">{text}</p>'
