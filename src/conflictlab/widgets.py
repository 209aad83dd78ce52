"""Interactive panels: move a slider, see the forecast move, and see why.

Three panels, each a small class built the way the ipywidgets documentation
("Widget Events") builds one: input widgets → one ``update()`` that calls the
pure functions of :mod:`conflictlab.models` → a chart and a sentence.

``InfluencePanel(frame, scale=None)``
    One issue: each actor's position, salience and capability; a model
    chooser; presets (the documented scenarios) and a reset button. Shows
    the positions chart and the forecast in words.
``InterestWeightsPanel(weights, terms, ideals, disagreement)``
    Lesson 06: each party's weights over the issues and its disagreement
    point; shows the packages' utilities, the zone of possible agreement and
    the Nash bargaining choice. ``InterestWeightsPanel.from_data()`` builds it
    from the course data.
``SensitivityPanel(frame, scale=None)``
    Noise on the codings and the number of draws; shows how likely each
    outcome is and the tornado chart, recomputed from a fixed seed.

Two small panels for reading the data (lesson 00), built the same way but
showing a table or a quote instead of a chart:

``TableExplorer(table="actors")``
    Pick any table of the course data, search its rows for a word, and
    choose with a slider how many rows to show.
``QuoteLookup(fact_id="C11")``
    Type a fact id; see the evidence quote in its sentence of the article,
    the paragraph it stands in, and the fact's row.

Every panel has

* ``panel.inputs`` — its input widgets, keyed by ``(actor, field)`` (e.g.
  ``panel.inputs[("Russia", "salience")]``) or by name (``"model"``,
  ``"preset"``, ``"salience_sd"`` …);
* ``panel.result`` — a dict with its latest outcome (``result["ok"]`` is
  False, with the reason in ``result["problem"]``, when the inputs make no
  outcome possible);
* ``panel.chart`` — an ``altair.JupyterChart``, updated in place: the
  chart's rows live in Vega-Lite parameters, and an update sets them, so
  the browser redraws the marks without rebuilding the chart (the two
  reading panels have no chart);
* ``panel.save("memo.png")`` (or ``.svg``) — the current chart as a file
  (the table explorer saves its rows as ``.csv``, the quote lookup its
  quote as ``.md`` or ``.txt``);
* ``panel.reset()`` — back to the coded values.

A panel shows itself when it is the last expression of a cell. Sliders
update on release (``continuous_update=False``).

Hooks for browser tests (stable CSS classes on the rendered elements)
--------------------------------------------------------------------
``conflictlab-panel``             every panel's outer box, plus one of
``conflictlab-influence-panel``, ``conflictlab-weights-panel``,
``conflictlab-sensitivity-panel``
``conflictlab-forecast``          the sentence with the panel's outcome; inside it,
                                  ``conflictlab-forecast-value`` holds the number
                                  (InfluencePanel) or the package (InterestWeightsPanel)
``conflictlab-message``           the box for problems; it contains a
                                  ``conflictlab-problem`` element only while there is one
``conflictlab-chart``             the chart widget (its ``.vega-embed`` draws ``svg.marks``)
``conflictlab-input``             every input widget, plus ``conflictlab-input-<actor>-<field>``
                                  (e.g. ``conflictlab-input-russia-salience``) or
                                  ``conflictlab-input-<name>`` (e.g. ``conflictlab-input-model``)
``conflictlab-reset``             the reset button
``conflictlab-explorer-panel``,   the two reading panels' outer boxes; the explorer's rows
``conflictlab-quote-panel``       are in ``conflictlab-table``, the quote in ``conflictlab-quote``
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

from . import charts, models
from ._text import and_list as _and_list
from ._text import number as _number

__all__ = [
    "InfluencePanel",
    "InterestWeightsPanel",
    "SensitivityPanel",
    "TableExplorer",
    "QuoteLookup",
    "MODELS",
    "EXPLORER_MAX_ROWS",
]

#: The models the influence panel offers: key → name shown to students.
MODELS = {
    "median": "weighted median",
    "mean": "weighted mean",
    "condorcet": "Condorcet winner (pairwise vote)",
    "eu": "expected-utility simulation",
}

#: The rule each model's forecast is drawn as on the positions chart.
_RULE_NAMES = {
    "median": "weighted median",
    "mean": "weighted mean",
    "condorcet": "Condorcet winner",
    "eu": "expected-utility forecast",
}

CODED = "Coded values"


# ---------------------------------------------------------------- helpers


def _slug(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"


def _offline_charts() -> None:
    """Make sure the panel's charts draw without a network, even without setup()."""
    try:
        alt.JupyterChart.enable_offline()
    except Exception:  # setup() reports the problem; a panel still works online
        pass


def _row_label(text: str) -> w.HTML:
    """A slider's name in a grid row: wraps onto a second line rather than being cut short."""
    label = w.HTML(
        f'<span style="display:block;line-height:1.25;text-align:right">{html.escape(str(text))}</span>'
    )
    label.add_class("conflictlab-row-label")
    return label


def _slider(
    value: float,
    low: float,
    high: float,
    step: float,
    fmt: str,
    classes: Sequence[str],
    tooltip: str = "",
    description: str = "",
) -> w.FloatSlider:
    slider = w.FloatSlider(
        value=float(value),
        min=float(low),
        max=float(high),
        step=float(step),
        readout_format=fmt,
        continuous_update=False,
        description=description,
        tooltip=tooltip or None,
        style={"description_width": "initial"},
        layout=w.Layout(width="auto", min_width="160px"),
    )
    for c in classes:
        slider.add_class(c)
    return slider


class _Problem(Exception):
    """A state of the inputs in which the panel cannot compute an outcome."""


# ---------------------------------------------------------------- the common part


class _Panel:
    """What all panels share: inputs, result, chart, message, save, display."""

    kind = "panel"
    #: The bold first words of the message shown when the inputs give no result.
    problem_title = "No forecast for these values."

    def __init__(self) -> None:
        _offline_charts()
        self.inputs: dict[Any, w.ValueWidget] = {}
        self.result: dict[str, Any] = {}
        self._holding = 0
        self._dirty = False
        self.sentence = w.HTML(value="")
        self.sentence.add_class("conflictlab-forecast")
        self.sentence.add_class("conflictlab-result")
        self.notice = w.HTML(value="")
        self.notice.add_class("conflictlab-message")
        self.chart: alt.JupyterChart | None = None
        self.widget: w.Box | None = None

    # --- updating -------------------------------------------------------------

    @contextmanager
    def _hold(self) -> Iterator[None]:
        """Change several inputs and update once at the end."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            if self._holding == 0 and self._dirty:
                self._dirty = False
                self.update()

    def _on_input(self, change: Mapping[str, Any]) -> None:
        if self._holding:
            self._dirty = True
            return
        self.update()

    def _watch(self, widget: w.ValueWidget) -> None:
        widget.observe(self._on_input, names="value")

    def update(self) -> None:
        """Recompute the result from the inputs and redraw the chart in place.

        Bad states (for example every actor with zero influence) do not raise:
        the panel shows a message, keeps its last good chart, and sets
        ``result["ok"]`` to False with the reason in ``result["problem"]``.
        """
        try:
            result, values = self._compute()
        except (_Problem, ValueError) as exc:
            problem = str(exc)
            self.result = {"ok": False, "problem": problem, **self._empty_result()}
            self.notice.value = (
                '<div class="conflictlab-problem" role="alert" style="border-left:4px solid '
                f'{charts.PALETTE["vermillion"]};padding:4px 10px;background:#fff4ec">'
                f"<b>{html.escape(self.problem_title)}</b> {html.escape(problem)}</div>"
            )
            return
        self.result = {"ok": True, "problem": "", **result}
        self.notice.value = ""
        self.sentence.value = self._sentence_html(result)
        self._push(values)

    def _push(self, values: Mapping[str, Any]) -> None:
        """Set new parameter values on the chart, in the kernel and in the browser."""
        assert self.chart is not None
        named = charts.set_param_values(self.chart.chart, values)  # by the chart's own names
        with self.chart.hold_sync():
            for name, value in named.items():
                setattr(self.chart.params, name, value)

    # hooks for subclasses
    def _compute(self) -> tuple[dict[str, Any], dict[str, Any]]:  # pragma: no cover
        raise NotImplementedError

    def _empty_result(self) -> dict[str, Any]:
        return {}

    def _sentence_html(self, result: Mapping[str, Any]) -> str:
        return f'<p style="font-size:1.1em">{html.escape(result.get("sentence", ""))}</p>'

    def reset(self) -> None:  # pragma: no cover - each panel defines it
        raise NotImplementedError

    # --- the page -------------------------------------------------------------

    def _reset_button(self, tooltip: str) -> w.Button:
        """The panel's Reset button (CSS class ``conflictlab-reset``), kept on ``self.reset_button``."""
        button = w.Button(description="Reset", icon="undo", tooltip=tooltip, layout=w.Layout(width="auto"))
        button.add_class("conflictlab-reset")
        button.on_click(lambda _: self.reset())
        self.reset_button = button
        return button

    def _first_result(self) -> tuple[dict[str, Any], Any]:
        """Compute the starting result and its sentence (the coded values are always valid)."""
        result, values = self._compute()
        self.result = {"ok": True, "problem": "", **result}
        self.sentence.value = self._sentence_html(result)
        return result, values

    def _assemble(self, *children: w.Widget) -> None:
        self.widget = w.VBox([c for c in children if c is not None], layout=w.Layout(width="100%"))
        self.widget.add_class("conflictlab-panel")
        self.widget.add_class(f"conflictlab-{self.kind}-panel")

    def _make_chart(self, chart: alt.TopLevelMixin) -> alt.JupyterChart:
        jc = alt.JupyterChart(
            chart,
            embed_options={"actions": {"export": True, "source": False, "compiled": False, "editor": False}},
        )
        jc.add_class("conflictlab-chart")
        return jc

    @property
    def message(self) -> str:
        """The problem the panel shows now ('' when there is none)."""
        return self.result.get("problem", "")

    def _sync_spec(self) -> None:
        """Put the chart's current parameter values into the spec the browser draws from.

        A browser draws a chart from its spec and then reads the parameters
        back from the drawing; values set before the chart is shown (a preset
        applied in the same cell) would otherwise be replaced by the values
        the chart was built with.
        """
        if self.chart is None or not self.chart.spec:
            return
        values = charts.param_values(self.chart.chart)
        stale = [
            p
            for p in self.chart.spec.get("params", [])
            if p.get("name") in values and p.get("value") != values[p["name"]]
        ]
        if not stale:
            return
        spec = dict(self.chart.spec)
        spec["params"] = [
            dict(p, value=values[p["name"]]) if p.get("name") in values else p
            for p in self.chart.spec["params"]
        ]
        with self.chart.hold_sync():
            self.chart.spec = spec
            self.chart._params = {**self.chart._params, **values}

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        assert self.widget is not None
        self._sync_spec()
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = (
            f"{type(self).__name__}: {self.result.get('sentence') or self.message}\n"
            "(If you see this text instead of sliders and a chart, the notebook's widget "
            "extension is missing: run conflictlab.doctor().)"
        )
        return bundle

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.result.get('sentence') or self.message}>"

    # --- export ---------------------------------------------------------------

    def save(self, path: str | Path, scale_factor: float = 2.0) -> Path:
        """Write the current chart to a PNG or SVG file, for a memo.

        Parameters
        ----------
        path : str or Path
            Where to write; the file ending (``.png`` or ``.svg``) picks the format.
        scale_factor : float
            Resolution of a PNG (2 = twice the on-screen size).

        Returns
        -------
        Path
            The file written.
        """
        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in {"png", "svg"}:
            raise ValueError(
                f"save() writes .png or .svg files; {path.name!r} ends in "
                f"{path.suffix or 'nothing'}. Try {path.stem or 'figure'}.png."
            )
        assert self.chart is not None
        import vl_convert as vlc

        with alt.theme.enable(charts.THEME_NAME):
            spec = self.chart.chart.to_dict()
        from altair.utils._importers import vl_version_for_vl_convert

        version = vl_version_for_vl_convert()
        if fmt == "png":
            path.write_bytes(vlc.vegalite_to_png(spec, vl_version=version, scale=scale_factor))
        else:
            path.write_text(vlc.vegalite_to_svg(spec, vl_version=version), encoding="utf-8")
        return path


# ---------------------------------------------------------------- influence panel


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
        for row in scenarios.itertuples(index=False):
            out.setdefault(str(row.name), []).append((str(row.actor), str(row.field), float(row.value)))
    else:
        for name, changes in dict(scenarios).items():
            out[str(name)] = [(str(a), str(f), float(v)) for a, f, v in changes]
    for name, changes in out.items():
        for actor, field, _ in changes:
            if actor not in actors:
                raise ValueError(f"preset {name!r} changes {actor!r}, who is not in the frame.")
            if field not in ("position", "salience", "capability"):
                raise ValueError(
                    f"preset {name!r} changes {field!r}; a preset may change "
                    "position, salience or capability."
                )
    return out


class InfluencePanel(_Panel):
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
        sentence name the outcome ("Kremlin-led"). Without it the range spans
        the positions (0–100 if they fit).
    scenarios : DataFrame or mapping, optional
        Presets: a table with columns ``name, actor, field, value`` (as
        :func:`conflictlab.data.scenarios` returns it) or a mapping
        ``{name: [(actor, field, value), ...]}``. Each preset starts from the
        coded values and applies its changes. By default, when ``scale``
        names a coded issue, that issue's documented scenarios.
    model : str
        The model shown first: "median", "mean", "condorcet" or "eu".
    rounds : int
        Rounds of the expected-utility simulation.

    Attributes
    ----------
    inputs : dict
        ``(actor, "position" | "salience" | "capability")`` → slider, and
        ``"model"``, ``"preset"`` → dropdowns.
    result : dict
        ``ok``, ``problem``, ``model``, ``model_name``, ``forecast`` (the
        chosen model's outcome, ``models.forecast(frame, model)``),
        ``weighted_median``, ``weighted_mean``, ``condorcet_winner``,
        ``influence`` ({actor: share}), ``frame`` (the values now on the
        sliders), ``sentence``, and ``rounds`` for the expected-utility model.
    chart : altair.JupyterChart
        The positions chart (:func:`conflictlab.charts.positions`).
    """

    kind = "influence"
    FIELDS = ("position", "salience", "capability")

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
        self.presets = {CODED: []} | _scenario_changes(scenarios, self.actors)
        self.preset_notes = self._preset_notes(scenarios)

        low, high = self._range()
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
                slider = _slider(
                    coded[field],
                    lo,
                    hi,
                    step,
                    fmt,
                    ["conflictlab-input", f"conflictlab-input-{_slug(actor)}-{field}"],
                    tooltip=tip,
                )
                self.inputs[(actor, field)] = slider
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
            options=[(name.capitalize(), key) for key, name in MODELS.items()],
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
        from . import data

        return cls(data.frame(issue_id), data.scale(issue_id), **kwargs)

    # --- set-up helpers -------------------------------------------------------

    @staticmethod
    def _data_scenarios(issue_id: str) -> pd.DataFrame | None:
        from . import data

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

    def _range(self) -> tuple[float, float]:
        pos = self.coded["position"]
        if self.scale:
            low = float(self.scale.get("low", 0))
            high = float(self.scale.get("high", 100))
        elif pos.min() >= 0 and pos.max() <= 100:
            low, high = 0.0, 100.0
        else:
            low, high = float(pos.min()), float(pos.max())
            if high == low:
                low, high = low - 1, high + 1
        return min(low, float(pos.min())), max(high, float(pos.max()))

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
        values = {(a, f): float(self.coded.loc[k, f]) for k, a in enumerate(self.actors) for f in self.FIELDS}
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
        weight = frame["capability"] * frame["salience"]
        if not (weight > 0).any():
            raise _Problem(
                "Every actor now has zero influence (capability × salience is 0 for all), "
                "so there is nothing to weigh. Raise someone's salience or capability."
            )
        active = frame.loc[weight > 0, "actor"].tolist()
        if len(active) < 2:
            raise _Problem(
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
            "influence": models.influence(frame).to_dict(),
            "frame": frame,
            "preset": self.inputs["preset"].value,
        }
        if model == "eu":
            history = models.simulate(frame, rounds=self.rounds)
            result["rounds"] = history
        result["forecast"] = models.forecast(frame, model)
        result["sentence"] = self._sentence(result)
        values = charts.positions_values(frame, self._rules(result), self.low, self.high)
        return result, values

    def _rules(self, result: Mapping[str, Any]) -> dict[str, float | None]:
        rules = {"weighted median": result["weighted_median"], "weighted mean": result["weighted_mean"]}
        if result["model"] in ("condorcet", "eu"):
            rules[_RULE_NAMES[result["model"]]] = result["forecast"]
        return rules

    def _band(self, value: float) -> str:
        """The outcome in the scale's words, e.g. 'Kremlin-led: the Russian track…'."""
        anchors = {
            float(k): str(v) for k, v in ((self.scale or {}).get("anchors") or {}).items() if str(v).strip()
        }
        if not anchors:
            return ""
        points = sorted(anchors)
        nearest = min(points, key=lambda p: (abs(p - value), p))
        gaps = [b - a for a, b in itertools.pairwise(points)] or [self.high - self.low]
        near_gap = min((g for g in gaps), default=1.0)
        if abs(nearest - value) <= near_gap / 4:
            return anchors[nearest]
        below = max((p for p in points if p <= value), default=None)
        above = min((p for p in points if p >= value), default=None)
        if below is None or above is None:
            return f"beyond {models.anchor_name(anchors[nearest])}"
        return (
            f"between {models.anchor_name(anchors[below])} and {models.anchor_name(anchors[above])}, "
            f"closer to {models.anchor_name(anchors[nearest])}"
        )

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
            first = f"The forecast ({name}): {_number(forecast)}" + (f" — {band}." if band else ".")
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
        return f'<p style="font-size:1.1em" aria-live="polite">{text}</p>'


# ---------------------------------------------------------------- interest weights panel


class InterestWeightsPanel(_Panel):
    """Each party's weights over the issues → package utilities, the ZOPA and the Nash choice.

    Parameters
    ----------
    weights : DataFrame
        Interest weights, indexed by party (two parties), one column per
        issue; each row sums to 1.
    terms : DataFrame
        Package terms, indexed by package, one column per issue (0–100).
    ideals : DataFrame
        Each party's own position on each issue, indexed by party.
    disagreement : Series, mapping or sequence
        Each party's utility with no deal (0–1), by party or in row order.
    packages : DataFrame, optional
        The packages table (``package_id, name, description``) for names.
    issue_names : mapping, optional
        Issue id → name for the slider labels.

    Use :meth:`from_data` for the course's own inputs::

        InterestWeightsPanel.from_data()

    Attributes
    ----------
    inputs : dict
        ``(party, issue)`` → weight slider (shown as a share; moving one
        rescales that party's other weights so they keep summing to 1, in
        their old proportions) and ``(party, "disagreement")`` → slider.
    result : dict
        ``ok``, ``problem``, ``weights``, ``disagreement``, ``utilities``
        (``models.package_utilities``), ``pareto``, ``zone``, ``nash`` (the
        package id, or None), ``nash_name``, ``sentence``.
    """

    kind = "weights"

    def __init__(
        self,
        weights: pd.DataFrame,
        terms: pd.DataFrame,
        ideals: pd.DataFrame,
        disagreement: Any,
        packages: pd.DataFrame | None = None,
        issue_names: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        if not isinstance(weights, pd.DataFrame) or weights.shape[0] != 2:
            raise ValueError("weights must be a DataFrame with one row per party, two parties.")
        self.parties = [str(p) for p in weights.index]
        self.issues = [str(i) for i in weights.columns]
        self.terms = terms
        self.ideals = ideals
        self.coded_weights = weights.astype(float).copy()
        self.coded_weights.index = self.parties
        if isinstance(disagreement, Mapping) or isinstance(disagreement, pd.Series):
            d = pd.Series({str(k): float(v) for k, v in dict(disagreement).items()})
            missing = [p for p in self.parties if p not in d.index]
            if missing:
                raise ValueError(f"the disagreement point has no value for {missing[0]!r}.")
            d = d.loc[self.parties]
        else:
            d = pd.Series([float(v) for v in disagreement], index=self.parties)
        self.coded_disagreement = d
        self.package_names = {}
        if packages is not None and {"package_id", "name"} <= set(packages.columns):
            self.package_names = dict(
                zip(packages["package_id"].astype(str), packages["name"].astype(str), strict=False)
            )
        self.issue_names = dict(issue_names or {})
        # check the inputs once, with a message naming what is wrong
        models.package_utilities(self.coded_weights, terms, ideals)

        columns: list[w.Widget] = []
        for party in self.parties:
            # One grid per party: the issue's name in a column of its own, where a long name
            # wraps instead of being cut, and the slider with the rest of the width.
            cells: list[w.Widget] = []
            for issue in self.issues:
                name = self.issue_names.get(issue, issue)
                slider = _slider(
                    self.coded_weights.loc[party, issue],
                    0.0,
                    1.0,
                    0.01,
                    ".0%",
                    ["conflictlab-input", f"conflictlab-input-{_slug(party)}-{_slug(issue)}"],
                    tooltip=f"{party}: weight on {name}, coded {self.coded_weights.loc[party, issue]:.0%}",
                )
                self.inputs[(party, issue)] = slider
                slider.observe(self._on_weight, names="value")
                cells += [_row_label(name), slider]
            dslider = _slider(
                d.loc[party],
                0.0,
                1.0,
                0.01,
                ".2f",
                ["conflictlab-input", f"conflictlab-input-{_slug(party)}-disagreement"],
                tooltip=f"{party}: utility with no deal (the disagreement point, "
                f"BATNA), coded {d.loc[party]:.2f}",
            )
            self.inputs[(party, "disagreement")] = dslider
            self._watch(dslider)
            cells += [_row_label("No deal (utility, 0–1)"), dslider]
            grid = w.GridBox(
                cells,
                layout=w.Layout(
                    grid_template_columns="minmax(7em, 11em) minmax(150px, 1fr)",
                    grid_gap="2px 10px",
                    align_items="center",
                    width="100%",
                ),
            )
            heading = w.HTML(f"<b>{html.escape(party)}</b>: weight on each issue (together 100%)")
            columns.append(w.VBox([heading, grid], layout=w.Layout(flex="1 1 340px", min_width="0")))
        reset_button = self._reset_button("Back to the coded values")

        result, _ = self._first_result()
        self.chart = self._make_chart(self._chart_for(result))
        self._assemble(
            self.sentence,
            self.notice,
            self.chart,
            w.HBox(columns, layout=w.Layout(flex_flow="row wrap", grid_gap="24px")),
            reset_button,
        )

    @classmethod
    def from_data(cls, parties: Sequence[str] = ("armenia", "azerbaijan")) -> InterestWeightsPanel:
        """The panel for the course's packages, interest weights and disagreement point."""
        from . import data

        inputs = data.package_inputs(parties)
        issues = data.load("issues")
        names = dict(zip(issues["issue_id"].astype(str), issues["name"].astype(str), strict=False))
        return cls(
            inputs["weights"],
            inputs["terms"],
            inputs["ideals"],
            inputs["disagreement"],
            packages=inputs["packages"],
            issue_names=names,
        )

    # --- keeping each party's weights summing to one --------------------------

    def _on_weight(self, change: Mapping[str, Any]) -> None:
        owner = change["owner"]
        party, issue = next(k for k, v in self.inputs.items() if v is owner)
        with self._hold():
            if not self._holding_rebalance:
                self._rebalance(party, issue, float(change["new"]))
            self._dirty = True

    _holding_rebalance = False

    def _rebalance(self, party: str, issue: str, value: float) -> None:
        """Rescale the party's other weights so that all of them sum to 1."""
        others = [i for i in self.issues if i != issue]
        current = {i: float(self.inputs[(party, i)].value) for i in others}
        rest = max(0.0, 1.0 - value)
        total = sum(current.values())
        if total > 0:
            new = {i: v * rest / total for i, v in current.items()}
        else:
            new = {i: rest / len(others) for i in others} if others else {}
        self._holding_rebalance = True
        try:
            for i, v in new.items():
                self.inputs[(party, i)].value = v
        finally:
            self._holding_rebalance = False

    def weights(self) -> pd.DataFrame:
        """The weights on the sliders now (parties × issues)."""
        return pd.DataFrame(
            [[float(self.inputs[(p, i)].value) for i in self.issues] for p in self.parties],
            index=pd.Index(self.parties, name=self.coded_weights.index.name),
            columns=pd.Index(self.issues, name=self.coded_weights.columns.name),
        )

    def disagreement(self) -> pd.Series:
        """The disagreement point on the sliders now (by party)."""
        return pd.Series(
            [float(self.inputs[(p, "disagreement")].value) for p in self.parties],
            index=self.parties,
            name="disagreement",
        )

    def reset(self) -> None:
        """Back to the coded weights and disagreement point."""
        with self._hold():
            self._holding_rebalance = True
            try:
                for p in self.parties:
                    for i in self.issues:
                        self.inputs[(p, i)].value = float(self.coded_weights.loc[p, i])
                    self.inputs[(p, "disagreement")].value = float(self.coded_disagreement.loc[p])
            finally:
                self._holding_rebalance = False
            self._dirty = True

    # --- the computation ------------------------------------------------------

    def _empty_result(self) -> dict[str, Any]:
        return {
            "weights": self.weights(),
            "disagreement": self.disagreement(),
            "utilities": None,
            "pareto": [],
            "zone": [],
            "nash": None,
            "nash_name": None,
            "sentence": "",
        }

    def _compute(self) -> tuple[dict[str, Any], dict[str, Any]]:
        weights = self.weights()
        d = self.disagreement()
        utilities = models.package_utilities(weights, self.terms, self.ideals)
        pareto = list(models.pareto_set(utilities))
        zone = list(models.zone_of_agreement(utilities, d.to_numpy()))
        nash = models.nash_bargaining(utilities, d.to_numpy())
        result = {
            "weights": weights,
            "disagreement": d,
            "utilities": utilities,
            "pareto": pareto,
            "zone": zone,
            "nash": nash,
            "nash_name": None if nash is None else self.package_names.get(str(nash), str(nash)),
        }
        result["sentence"] = self._sentence(result)
        return result, charts.package_utilities_values(self._labelled(utilities), d.to_numpy(), nash, pareto)

    def _labelled(self, utilities: pd.DataFrame) -> pd.DataFrame:
        names = [self.package_names.get(str(p), str(p)) for p in utilities.index]
        return utilities.assign(name=names)

    def _chart_for(self, result: Mapping[str, Any]) -> alt.LayerChart:
        return charts.package_utilities(
            self._labelled(result["utilities"]),
            result["disagreement"].to_numpy(),
            result["nash"],
            result["pareto"],
        )

    def _sentence(self, result: Mapping[str, Any]) -> str:
        u, d = result["utilities"], result["disagreement"]
        n, k = len(u), len(result["zone"])
        if result["nash"] is None:
            return (
                f"No package leaves both {_and_list(self.parties)} better off than no deal: there "
                "is no zone of possible agreement, so the Nash bargaining solution predicts "
                "no deal."
            )
        row = u.loc[result["nash"]]
        gains = " and ".join(f"{p} gains {float(row[p]) - float(d[p]):.2f}" for p in self.parties)
        return (
            f"The Nash bargaining choice: {result['nash_name']} — {gains} over no deal. "
            f"{k} of {n} packages lie in the zone of possible agreement."
        )

    def _sentence_html(self, result: Mapping[str, Any]) -> str:
        text = html.escape(result["sentence"])
        if result["nash_name"]:
            name = html.escape(result["nash_name"])
            text = text.replace(name, f'<b class="conflictlab-forecast-value">{name}</b>', 1)
        return f'<p style="font-size:1.1em" aria-live="polite">{text}</p>'


# ---------------------------------------------------------------- sensitivity panel

SENSITIVITY_MODELS = {"median": "weighted median", "mean": "weighted mean", "condorcet": "Condorcet winner"}
DRAWS = [1_000, 2_000, 5_000, 10_000, 20_000]


class SensitivityPanel(_Panel):
    """Noise on the codings → how likely each outcome is, and what drives the forecast.

    Parameters
    ----------
    frame : DataFrame
        The issue's frame (``actor, position, capability, salience``).
    scale : mapping, optional
        The issue's scale (``low``, ``high``, ``anchors``), for axis titles
        and for naming outcomes by their nearest anchor.
    model : str
        "median", "mean" or "condorcet".
    seed : int
        The random seed: the same inputs always give the same draws.
    salience_sd, capability_sigma : float
        Starting noise: salience + Normal(0, salience_sd), clipped to [0, 1];
        capability × LogNormal(0, capability_sigma).
    draws : int
        Starting number of draws.
    delta : float
        How far the tornado chart moves each input, down and up (see
        :func:`conflictlab.models.tornado`).

    Attributes
    ----------
    inputs : dict
        ``"model"``, ``"salience_sd"``, ``"capability_sigma"``, ``"draws"``, ``"delta"``.
    result : dict
        ``ok``, ``problem``, ``model``, ``coded_forecast``
        (``models.forecast``), ``outcomes`` (one per draw,
        ``models.monte_carlo``), ``bands`` (``models.outcome_probabilities``
        over the scale's bands, named after its anchors: the lower 40% of the
        scale, the middle 20%, the upper 40%),
        ``most_likely`` and ``probability`` (the single most frequent
        outcome), ``interval`` (``models.outcome_interval``, 90%),
        ``tornado`` (``models.tornado``), ``sentence``.
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
    ) -> None:
        super().__init__()
        if model not in SENSITIVITY_MODELS:
            raise ValueError(f"model must be one of {', '.join(SENSITIVITY_MODELS)}; got {model!r}.")
        self.frame = models.validate_frame(frame)
        self.scale = dict(scale) if scale else None
        self.seed = int(seed)
        pos = self.frame["position"]
        if self.scale:
            low, high = float(self.scale.get("low", 0)), float(self.scale.get("high", 100))
        elif pos.min() >= 0 and pos.max() <= 100:
            low, high = 0.0, 100.0
        else:
            low, high = float(pos.min()), float(pos.max())
        self.low, self.high = min(low, float(pos.min())), max(high, float(pos.max()))
        if self.high == self.low:
            self.low, self.high = self.low - 1, self.high + 1
        self.band_edges, self.band_names = models.scale_bands(
            self.low, self.high, (self.scale or {}).get("anchors")
        )
        self._tornado_cache: dict[tuple[str, float], tuple[pd.DataFrame, dict[str, Any]]] = {}
        self._last_draws: tuple[tuple, dict[str, Any]] | None = None

        model_box = w.Dropdown(
            options=[(n.capitalize(), k) for k, n in SENSITIVITY_MODELS.items()],
            value=model,
            description="Model:",
            style={"description_width": "initial"},
        )
        sal = _slider(
            salience_sd,
            0.0,
            0.3,
            0.01,
            ".2f",
            [],
            tooltip="Standard deviation of the noise added to every salience",
            description="Salience noise (sd)",
        )
        cap = _slider(
            capability_sigma,
            0.0,
            1.0,
            0.05,
            ".2f",
            [],
            tooltip="Sigma of the log-normal factor on every capability",
            description="Capability noise (σ)",
        )
        draws_box = w.Dropdown(
            options=[(f"{n:,}", n) for n in sorted(set(DRAWS) | {int(draws)})],
            value=int(draws),
            description="Draws:",
            style={"description_width": "initial"},
        )
        delta_box = _slider(
            delta,
            0.01,
            0.5,
            0.01,
            ".2f",
            [],
            tooltip="How far the tornado chart moves each input, down and up: "
            "positions by this share of the scale, saliences by this much, "
            "capabilities by this fraction",
            description="Tornado step (±)",
        )
        for slider in (sal, cap, delta_box):  # a grid cell each: the track takes the room the label leaves
            slider.layout.width = "100%"
        for name, widget in (
            ("model", model_box),
            ("salience_sd", sal),
            ("capability_sigma", cap),
            ("draws", draws_box),
            ("delta", delta_box),
        ):
            widget.add_class("conflictlab-input")
            widget.add_class(f"conflictlab-input-{name.replace('_', '-')}")
            self.inputs[name] = widget
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
                [sal, cap, delta_box],
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
        from . import data

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
        if s["salience_sd"] == 0 and s["capability_sigma"] == 0:
            raise _Problem(
                f"With no noise every draw repeats the coded forecast ({_number(coded)}), so "
                "there is no uncertainty to show. Raise the salience or capability noise."
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
            raise _Problem("No draw produced an outcome with these settings. Lower the noise.")
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
        return alt.vconcat(
            charts.outcome_probabilities(result["outcomes"], self.frame, self._chart_scale()),
            charts.tornado(result["tornado"], base=result["coded_forecast"], scale=self._chart_scale()),
            spacing=30,
        )

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


# ---------------------------------------------------------------- reading panels (lesson 00)

#: The most rows the table explorer shows at once (the slider's maximum).
EXPLORER_MAX_ROWS = 50

_GROUP_WORDS = {
    "facts": "a fact table: each row records something the article says, with its evidence quote",
    "codings": "a coding table: the analyst's estimates, not facts from the article",
    "background": "outside context: facts from other sources, each with its sources",
}


def _fold(text: str) -> str:
    """Text for searching: capitals and the kind of quote mark or dash do not matter."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
    return " ".join(str(text).translate(table).casefold().split())


def _display(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the text a student reads: dates as yyyy-mm-dd, nothing for empty cells."""
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        series = df[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = series.dt.strftime("%Y-%m-%d").fillna("")
        else:
            out[col] = series.map(
                lambda v: (
                    ""
                    if v is None or (not isinstance(v, str) and pd.isna(v))
                    else _number(v)
                    if isinstance(v, (float, np.floating))
                    else str(v)
                )
            )
    return out


_TABLE_STYLE = (
    "<style>.conflictlab-rows{border-collapse:collapse;font-size:0.9em;line-height:1.35}"
    ".conflictlab-rows th{text-align:left;background:#f2f2f2;position:sticky;top:0;padding:3px 8px}"
    ".conflictlab-rows td{text-align:left;vertical-align:top;padding:3px 8px;"
    "border-bottom:1px solid #e3e3e3;max-width:420px}</style>"
)


def _html_table(df: pd.DataFrame) -> str:
    shown = _display(df)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>"
        for row in shown.itertuples(index=False)
    )
    return (
        f'{_TABLE_STYLE}<div style="max-height:440px;overflow:auto">'
        f'<table class="conflictlab-rows"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


class TableExplorer(_Panel):
    """Browse the course's tables: pick one, search its rows, choose how many to show.

    Parameters
    ----------
    table : str
        The table shown first, a name from :func:`conflictlab.data.tables`.
    search : str
        Show only the rows that contain this text in some column. Capitals,
        the kind of quote mark (’ or ') and of dash do not matter.
    rows : int
        How many of the matching rows to show, from 1 to
        :data:`EXPLORER_MAX_ROWS`.

    Attributes
    ----------
    inputs : dict
        ``"table"`` (dropdown), ``"search"`` (text box, read when you press
        Enter or leave it) and ``"rows"`` (slider).
    result : dict
        ``ok``, ``problem``, ``table``, ``group`` ("facts", "codings" or
        "background"), ``description``, ``n_rows`` (the table's size),
        ``search``, ``matches`` (the matching rows, a DataFrame),
        ``n_matches``, ``shown`` (the rows on screen) and ``sentence``.
    """

    kind = "explorer"
    problem_title = "Nothing to show."

    def __init__(self, table: str = "actors", *, search: str = "", rows: int = 5) -> None:
        super().__init__()
        from . import catalogue

        self.sentence.remove_class("conflictlab-forecast")
        self.catalogue = catalogue.overview().set_index("table")
        if table not in self.catalogue.index:
            raise ValueError(
                f"there is no table called {table!r}; the tables are: {', '.join(self.catalogue.index)}."
            )
        if isinstance(rows, bool) or not isinstance(rows, (int, np.integer)):
            raise ValueError(f"rows must be a whole number from 1 to {EXPLORER_MAX_ROWS}; got {rows!r}.")
        if not 1 <= int(rows) <= EXPLORER_MAX_ROWS:
            raise ValueError(f"rows must be from 1 to {EXPLORER_MAX_ROWS}; got {rows}.")
        if not isinstance(search, str):
            raise ValueError(f"search must be text; got {type(search).__name__}.")
        options = [
            (f"{name} ({row.group}, {row.rows} rows)", name) for name, row in self.catalogue.iterrows()
        ]
        table_box = w.Dropdown(
            options=options,
            value=table,
            description="Table:",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        search_box = w.Text(
            value=search,
            placeholder="a word or a name, e.g. Iran",
            description="Search:",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        rows_slider = w.IntSlider(
            value=int(rows),
            min=1,
            max=EXPLORER_MAX_ROWS,
            step=1,
            description="Rows shown:",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", min_width="320px"),
        )
        for name, widget in (("table", table_box), ("search", search_box), ("rows", rows_slider)):
            widget.add_class("conflictlab-input")
            widget.add_class(f"conflictlab-input-{name}")
            self.inputs[name] = widget
            self._watch(widget)
        self._start = {name: widget.value for name, widget in self.inputs.items()}
        reset_button = self._reset_button("Back to the starting table")
        self.table_view = w.HTML("")
        self.table_view.add_class("conflictlab-table")

        _result, values = self._first_result()
        self._push(values)
        self._assemble(
            w.HBox(
                [table_box, search_box, reset_button], layout=w.Layout(flex_flow="row wrap", grid_gap="12px")
            ),
            rows_slider,
            self.sentence,
            self.notice,
            self.table_view,
        )

    def reset(self) -> None:
        """Back to the starting table, search and number of rows."""
        with self._hold():
            for name, value in self._start.items():
                self.inputs[name].value = value

    def _empty_result(self) -> dict[str, Any]:
        return {
            "table": self.inputs["table"].value,
            "group": None,
            "description": "",
            "n_rows": 0,
            "search": self.inputs["search"].value,
            "matches": None,
            "n_matches": 0,
            "shown": None,
            "sentence": "",
        }

    def _compute(self) -> tuple[dict[str, Any], dict[str, Any]]:
        from . import data

        name = self.inputs["table"].value
        info = self.catalogue.loc[name]
        table = data.load(name)
        search = self.inputs["search"].value.strip()
        if search:
            needle = _fold(search)
            text = _display(table)
            hit = pd.Series(False, index=table.index)
            for col in text.columns:
                hit |= text[col].map(_fold).str.contains(needle, regex=False)
            matches = table[hit]
        else:
            matches = table
        count = int(self.inputs["rows"].value)
        shown = matches.head(count)
        result = {
            "table": name,
            "group": info["group"],
            "description": info["description"],
            "n_rows": len(table),
            "search": search,
            "matches": matches,
            "n_matches": len(matches),
            "shown": shown,
        }
        result["sentence"] = self._sentence(result)
        return result, {"html": _html_table(shown) if len(shown) else ""}

    def _sentence(self, result: Mapping[str, Any]) -> str:
        n, name = result["n_rows"], result["table"]
        first = f"{name} is {_GROUP_WORDS[result['group']]}. It has {n} row{'s' if n != 1 else ''}."
        m, search = result["n_matches"], result["search"]
        if search and m == 0:
            return (
                f"{first} None of them contains “{search}”: check the spelling, try a shorter word, "
                "or choose another table."
            )
        if search:
            first += f" {m} of them contain{'s' if m == 1 else ''} “{search}”."
        shown = len(result["shown"])
        if shown < m:
            return f"{first} Showing the first {shown}: move the slider to see more."
        return f"{first} Showing {'it' if shown == 1 else f'all {shown}'}."

    def _push(self, values: Mapping[str, Any]) -> None:
        self.table_view.value = values["html"]

    def save(self, path: str | Path, scale_factor: float = 2.0) -> Path:
        """Write the matching rows (all of them, not only those shown) to a ``.csv`` file."""
        path = Path(path)
        if path.suffix.lower() != ".csv":
            raise ValueError(
                f"the table explorer saves .csv files; {path.name!r} ends in "
                f"{path.suffix or 'nothing'}. Try {path.stem or 'rows'}.csv."
            )
        if not self.result.get("ok"):
            raise ValueError(f"there are no rows to save: {self.message}")
        self.result["matches"].to_csv(path, index=False, encoding="utf-8")
        return path


class QuoteLookup(_Panel):
    """Type a fact id; see its evidence quote in its sentence of the article.

    Parameters
    ----------
    fact_id : str
        The fact shown first: any id of a fact table (``C11``, ``E06``,
        ``russia``, ``venue`` …). Capitals do not matter.

    Attributes
    ----------
    inputs : dict
        ``"fact_id"``: a text box that suggests the known ids; it is read
        when you press Enter or leave it.
    result : dict
        ``ok``, ``problem``, ``fact_id``, ``table``, ``paragraph`` (1-based),
        ``evidence`` (the quote), ``article_sentence`` (the sentence or
        sentences it stands in), ``row`` (the fact's row, as a dict),
        ``quote`` (the :class:`conflictlab.data.Quote`) and ``sentence``.
    """

    kind = "quote"
    problem_title = "No quote to show."

    def __init__(self, fact_id: str = "C11") -> None:
        super().__init__()
        from . import catalogue

        self.sentence.remove_class("conflictlab-forecast")
        self.ids = catalogue.fact_ids()
        self._by_folded = {i.casefold(): i for i in self.ids}
        if not isinstance(fact_id, str):
            raise ValueError(f"fact_id must be text, such as 'C11'; got {fact_id!r}.")
        box = w.Combobox(
            value=fact_id,
            options=self.ids,
            ensure_option=False,
            continuous_update=False,
            placeholder="a fact id, e.g. C11",
            description="Fact id:",
            style={"description_width": "initial"},
        )
        box.add_class("conflictlab-input")
        box.add_class("conflictlab-input-fact-id")
        self.inputs["fact_id"] = box
        self._watch(box)
        self._start = fact_id
        self.quote_view = w.HTML("")
        self.quote_view.add_class("conflictlab-quote")
        hint = w.HTML(
            '<span style="color:#555">Type an id and press Enter: C… claims, E… events, '
            "S… stances, R… relations, N… numbers; actors and issues by their id "
            "(<code>russia</code>, <code>venue</code>).</span>"
        )
        self.update()
        self._assemble(box, hint, self.sentence, self.notice, self.quote_view)

    def reset(self) -> None:
        """Back to the starting fact id."""
        self.inputs["fact_id"].value = self._start

    def update(self) -> None:
        """Look the id up again; an unknown id clears the quote and says what is wrong."""
        super().update()
        if not self.result.get("ok"):
            self.sentence.value = ""
            self.quote_view.value = ""

    def _empty_result(self) -> dict[str, Any]:
        return {
            "fact_id": self.inputs["fact_id"].value,
            "table": None,
            "paragraph": None,
            "evidence": None,
            "article_sentence": None,
            "row": None,
            "quote": None,
            "sentence": "",
        }

    def _compute(self) -> tuple[dict[str, Any], dict[str, Any]]:
        from . import data

        typed = str(self.inputs["fact_id"].value).strip()
        if not typed:
            raise _Problem("Type a fact id, such as C11 (a claim) or E06 (an event), and press Enter.")
        fact_id = self._by_folded.get(typed.casefold())
        if fact_id is None:
            import difflib

            close = difflib.get_close_matches(typed.casefold(), list(self._by_folded), n=3)
            names = [self._by_folded[c] for c in close]
            hint = (
                f" Did you mean {', '.join(names[:-1]) + ' or ' + names[-1] if len(names) > 1 else names[0]}?"
                if names
                else " Fact ids look like C11, E06 or russia."
            )
            raise _Problem(f"No fact has the id {typed!r}.{hint}")
        q = data.quote(fact_id)
        table = data.load(q.table)
        column = data.FACT_ID_COLUMNS[q.table]
        row = _display(table[table[column] == fact_id]).iloc[0].to_dict()
        result = {
            "fact_id": fact_id,
            "table": q.table,
            "paragraph": q.paragraph,
            "evidence": q.evidence,
            "article_sentence": q.sentence,
            "row": row,
            "quote": q,
        }
        result["sentence"] = (
            f"{fact_id} is a row of the {q.table} table. Its evidence (in bold) "
            f"stands in paragraph {q.paragraph} of the article:"
        )
        return result, {"html": self._quote_html(q, row)}

    def _push(self, values: Mapping[str, Any]) -> None:
        self.quote_view.value = values["html"]

    @staticmethod
    def _quote_html(q: Any, row: Mapping[str, str]) -> str:
        before, found, after = q.sentence.partition(q.evidence)
        if found:
            quoted = f"{html.escape(before)}<b>{html.escape(found)}</b>{html.escape(after)}"
        else:
            quoted = f"<b>{html.escape(q.sentence)}</b>"
        fields = "".join(
            f"<li><code>{html.escape(k)}</code>: {html.escape(v) if v else '<i>(empty)</i>'}</li>"
            for k, v in row.items()
            if k != "evidence"
        )
        return (
            f'<blockquote style="border-left:4px solid {charts.PALETTE["blue"]};margin:6px 0;'
            f'padding:4px 12px;font-size:1.05em">{quoted}</blockquote>'
            f'<div style="color:#333">The fact\'s row:<ul style="margin-top:2px">{fields}</ul></div>'
        )

    def save(self, path: str | Path, scale_factor: float = 2.0) -> Path:
        """Write the quote, its fact id and the article's reference to a ``.md`` or ``.txt`` file."""
        from . import data

        path = Path(path)
        if path.suffix.lower() not in {".md", ".txt"}:
            raise ValueError(
                f"the quote lookup saves .md or .txt files; {path.name!r} ends in "
                f"{path.suffix or 'nothing'}. Try {path.stem or 'quote'}.md."
            )
        if not self.result.get("ok"):
            raise ValueError(f"there is no quote to save: {self.message}")
        r = self.result
        path.write_text(
            f"> {r['article_sentence']}\n\n{r['fact_id']} ({r['table']}), paragraph "
            f"{r['paragraph']} of {data.cite()}\n",
            encoding="utf-8",
        )
        return path
