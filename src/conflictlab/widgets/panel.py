"""The common part of every panel: :class:`Panel`, and the helpers panels build their inputs with.

A panel is a small class, built the way the ipywidgets documentation
("Widget Events") builds one: input widgets → one :meth:`Panel.update` that
calls the pure functions of :mod:`conflictlab.models` → a chart and a
sentence. :class:`Panel` holds everything the panels share (the result, the
sentence and message boxes, updating once after several changes, the reset
button, the chart updated in place, display and export); each panel module
(:mod:`.influence`, :mod:`.weights`, :mod:`.sensitivity`, :mod:`.reading`)
adds its inputs and its computation.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, Literal, TypedDict, TypeVar, cast

import altair as alt
import anywidget
import ipywidgets as w
import traitlets

from .. import charts
from .figure import CourseChart

__all__ = [
    "Panel",
    "PanelResult",
    "Problem",
    "ControlNames",
    "make_slider",
    "row_label",
    "scale_range",
    "slug",
]

# ---------------------------------------------------------------- helpers


def slug(text: Any) -> str:
    """``text`` as a CSS-class fragment: 'European Union' → 'european-union'."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"


def _offline_charts() -> None:
    """Make sure the panel's charts draw without a network, even without setup()."""
    try:
        alt.JupyterChart.enable_offline()
    except Exception:  # setup() reports the problem; a panel still works online
        pass


def row_label(text: str) -> w.HTML:
    """A slider's name in a grid row: wraps onto a second line rather than being cut short."""
    label = w.HTML(
        f'<span style="display:block;line-height:1.25;text-align:right">{html.escape(str(text))}</span>'
    )
    label.add_class("conflictlab-row-label")
    return label


def make_slider(
    value: float,
    low: float,
    high: float,
    step: float,
    fmt: str,
    classes: Sequence[str],
    tooltip: str = "",
    description: str = "",
) -> w.FloatSlider:
    """A panel's slider: updates on release, shows its value in ``fmt``, carries the CSS ``classes``."""
    control = w.FloatSlider(
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
        control.add_class(c)
    return control


def scale_range(positions: Sequence[float], scale: Mapping[str, Any] | None = None) -> tuple[float, float]:
    """The range a panel's sliders and axes span: the scale's, widened to every position.

    Without a scale: 0–100 if the positions fit, otherwise from the lowest
    position to the highest (one unit either side if they are all equal).
    """
    low_pos, high_pos = float(min(positions)), float(max(positions))
    if scale:
        low, high = float(scale.get("low", 0)), float(scale.get("high", 100))
    elif low_pos >= 0 and high_pos <= 100:
        low, high = 0.0, 100.0
    else:
        low, high = low_pos, high_pos
    low, high = min(low, low_pos), max(high, high_pos)
    if high == low:
        low, high = low - 1, high + 1
    return low, high


#: The files :meth:`Panel.save` writes, by ending.
_IMAGE_FORMATS: dict[str, Literal["png", "svg"]] = {".png": "png", ".svg": "svg"}


class Problem(Exception):
    """A state of the inputs in which the panel cannot compute an outcome.

    Raise it from :meth:`Panel._compute` with a sentence for the student; the
    panel shows it and keeps its last good chart.
    """


class ControlNames(anywidget.AnyWidget):
    """Accessible names for a panel's controls, and its result sentence as a live region.

    ipywidgets 8 draws a slider as a handle with the role "slider" that its
    description label is not tied to, and has no way to name it, so a screen
    reader would announce every slider as just "slider". This invisible widget
    sits inside the panel; in the browser it gives each control named in
    ``names`` (by a CSS class of the control's own) an ``aria-label`` on the
    element that takes the keyboard focus, gives each slider the value its
    read-out shows, names the charts' export menus, gives the panel's chart the
    description of what it shows after each change, and marks the elements with
    a class in ``live`` as polite live regions (``aria-live``), so that a new
    result is read out when a control moves. See ``control_names.js``.
    """

    _esm = Path(__file__).with_name("control_names.js")
    #: CSS class of a control → its accessible name.
    names = traitlets.Dict(value_trait=traitlets.Unicode()).tag(sync=True)
    #: CSS classes of the elements to announce when they change.
    live = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: The accessible name of a chart's export menu.
    chart_menu = traitlets.Unicode("Save the chart as an image").tag(sync=True)
    #: The panel chart's description after the inputs changed ('' until then: the chart's own).
    chart_description = traitlets.Unicode("").tag(sync=True)


class PanelResult(TypedDict):
    """The keys every panel's :attr:`Panel.result` has; each panel adds its own."""

    ok: bool
    problem: str
    sentence: str


R = TypeVar("R", bound=PanelResult)


# ---------------------------------------------------------------- the common part


class Panel(Generic[R]):
    """What every panel shares: inputs, a typed result, a sentence, a chart, reset, save, display.

    A panel subclasses ``Panel[SomeResult]``, where ``SomeResult`` is a
    :class:`PanelResult` with the panel's own keys, and

    * in ``__init__``: calls ``super().__init__()``, puts its input widgets in
      :attr:`inputs`, passes each to :meth:`_watch` (so that a change
      calls :meth:`update`) and to :meth:`_name` (its accessible name, which
      says what it changes: "Russia salience"), builds its chart with :meth:`_make_chart` from the
      first result (:meth:`_first_result`), and lays itself out with
      :meth:`_assemble` (the reset button from :meth:`_reset_button`);
    * defines :meth:`_compute`: read the inputs, call :mod:`conflictlab.models`,
      return ``(result, chart values)``, or raise :class:`Problem` (or
      ``ValueError``) with a sentence for the student;
    * defines :meth:`_empty_result` (the panel's keys when there is no
      outcome) and :meth:`reset`.

    :meth:`_push` sets the chart values on the chart (in the kernel and in the
    browser, without rebuilding the chart); a panel without a chart
    overrides it.

    Attributes
    ----------
    inputs : dict
        The input widgets, keyed by ``(actor, field)``, ``(party, issue)`` or a name.
    result : PanelResult
        The latest outcome: ``ok`` (False when the inputs make no outcome
        possible), ``problem`` (why not, else ''), ``sentence`` (the outcome
        in words), and the panel's own keys.
    sentence : ipywidgets.HTML
        The outcome in words, shown above the chart.
    notice : ipywidgets.HTML
        The message box for problems.
    chart : altair.JupyterChart or None
        The chart, updated in place.
    widget : ipywidgets.Box or None
        The whole panel, as displayed.
    """

    kind = "panel"
    #: The bold first words of the message shown when the inputs give no result.
    problem_title = "No forecast for these values."

    def __init__(self) -> None:
        _offline_charts()
        self.inputs: dict[Any, w.ValueWidget] = {}
        self._names: dict[str, str] = {}  # a control's own CSS class → its accessible name
        self.result: R = cast(R, {"ok": False, "problem": "", "sentence": ""})
        self._holding = 0
        self._dirty = False
        self.sentence = w.HTML(value="")
        self.sentence.add_class("conflictlab-forecast")
        self.sentence.add_class("conflictlab-result")
        self.notice = w.HTML(value="")
        self.notice.add_class("conflictlab-message")
        self.chart: alt.JupyterChart | None = None
        self.widget: w.Box | None = None
        self.control_names: ControlNames | None = None

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
        except (Problem, ValueError) as exc:
            problem = str(exc)
            self.result = cast(R, {"sentence": "", **self._empty_result(), "ok": False, "problem": problem})
            self.notice.value = (
                '<div class="conflictlab-problem" role="alert" style="border-left:4px solid '
                f'{charts.PALETTE["vermillion"]};padding:4px 10px;background:#fff4ec">'
                f"<b>{html.escape(self.problem_title)}</b> {html.escape(problem)}</div>"
            )
            return
        self.result = cast(R, {"ok": True, "problem": "", **result})
        self.notice.value = ""
        self.sentence.value = self._sentence_html(result)
        self._push(values)
        self._describe_chart(self._description(result))

    def _push(self, values: Mapping[str, Any]) -> None:
        """Set new parameter values on the chart, in the kernel and in the browser."""
        assert self.chart is not None
        named = charts.set_param_values(self._altair_chart(), values)
        with self.chart.hold_sync():
            for name, value in named.items():
                setattr(self.chart.params, name, value)

    def _describe_chart(self, text: str | None) -> None:
        """Give the chart a new description, its accessible name: in the kernel (what
        :meth:`save` writes) and in the browser (through :class:`ControlNames`)."""
        if text is None or self.chart is None:
            return
        chart: Any = self._altair_chart()  # a layer or concat chart: each has a description
        chart.description = text
        if self.control_names is not None:
            self.control_names.chart_description = text

    # hooks for subclasses
    def _compute(self) -> tuple[dict[str, Any], dict[str, Any]]:  # pragma: no cover
        raise NotImplementedError

    def _description(self, result: Mapping[str, Any]) -> str | None:
        """The chart's description for ``result`` (from the chart builder's ``*_description``);
        None for a panel whose chart needs no new one."""
        return None

    def _empty_result(self) -> dict[str, Any]:
        return {}

    def _sentence_html(self, result: Mapping[str, Any]) -> str:
        return f'<p style="font-size:1.1em">{html.escape(result.get("sentence", ""))}</p>'

    def reset(self) -> None:  # pragma: no cover - each panel defines it
        raise NotImplementedError

    # --- the page -------------------------------------------------------------

    def _name(self, control: w.DOMWidget, name: str) -> None:
        """Give a control its accessible name: what it changes, e.g. 'Azerbaijan salience'.

        The name reaches the browser through :class:`ControlNames`; a visible
        label, where the control has one, should begin the name (so that a
        student using speech input can say what they see).
        """
        if not name.strip():
            raise ValueError("a control's accessible name must not be empty")
        css = f"conflictlab-control-{len(self._names)}"
        control.add_class(css)
        self._names[css] = name

    def accessible_name(self, control: w.DOMWidget) -> str:
        """The name a screen reader announces for one of the panel's controls ('' if it has none)."""
        return next((self._names[c] for c in control._dom_classes if c in self._names), "")

    def _reset_button(self, tooltip: str) -> w.Button:
        """The panel's Reset button (CSS class ``conflictlab-reset``), kept on ``self.reset_button``."""
        button = w.Button(description="Reset", icon="undo", tooltip=tooltip, layout=w.Layout(width="auto"))
        button.add_class("conflictlab-reset")
        self._name(button, f"Reset: {tooltip[0].lower()}{tooltip[1:]}")
        button.on_click(lambda _: self.reset())
        self.reset_button = button
        return button

    def _first_result(self) -> tuple[dict[str, Any], Any]:
        """Compute the starting result and its sentence (the coded values are always valid)."""
        result, values = self._compute()
        self.result = cast(R, {"ok": True, "problem": "", **result})
        self.sentence.value = self._sentence_html(result)
        return result, values

    def _assemble(self, *children: w.Widget) -> None:
        """Lay the panel out, top to bottom (the order a keyboard moves through it), with its :class:`ControlNames`."""
        self.control_names = ControlNames(
            names=dict(self._names), live=["conflictlab-result"], layout=w.Layout(display="none")
        )
        parts = [c for c in children if c is not None]
        self.widget = w.VBox([*parts, self.control_names], layout=w.Layout(width="100%"))
        self.widget.add_class("conflictlab-panel")
        self.widget.add_class(f"conflictlab-{self.kind}-panel")

    def _make_chart(self, chart: alt.TopLevelMixin) -> alt.JupyterChart:
        """The panel's chart widget (CSS class ``conflictlab-chart``), updated in place by :meth:`_push`."""
        jc = CourseChart(  # shrinks to the column's width, like every course chart
            cast(alt.TopLevelSpec, chart),
            embed_options={
                "renderer": "svg",
                # the export menu, named by ControlNames (the data is in the result sentence)
                "actions": {"export": True, "source": False, "compiled": False, "editor": False},
            },
        )
        jc.add_class("conflictlab-chart")
        return jc

    def _altair_chart(self) -> alt.TopLevelMixin:
        """The altair chart the chart widget draws (its parameters hold the current values)."""
        assert self.chart is not None and self.chart.chart is not None
        return cast(alt.TopLevelMixin, self.chart.chart)

    @property
    def message(self) -> str:
        """The problem the panel shows now ('' when there is none)."""
        return self.result["problem"]

    def _sync_spec(self) -> None:
        """Put the chart's current parameter values and description into the spec the browser
        draws from.

        A browser draws a chart from its spec and then reads the parameters
        back from the drawing; values set before the chart is shown (a preset
        applied in the same cell) would otherwise be replaced by the values
        the chart was built with.
        """
        if self.chart is None or not self.chart.spec:
            return
        values = charts.param_values(self._altair_chart())
        description = cast(Any, self._altair_chart()).description
        stale = [
            p
            for p in self.chart.spec.get("params", [])
            if p.get("name") in values and p.get("value") != values[p["name"]]
        ]
        if not stale and description in (alt.Undefined, self.chart.spec.get("description")):
            return
        spec = dict(self.chart.spec)
        if description is not alt.Undefined:
            spec["description"] = description
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
        fmt = _IMAGE_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise ValueError(
                f"save() writes .png or .svg files; {path.name!r} ends in "
                f"{path.suffix or 'nothing'}. Try {path.stem or 'figure'}.png."
            )
        with alt.theme.enable(charts.THEME_NAME):  # altair draws it with vl-convert, offline
            self._altair_chart().save(str(path), format=fmt, scale_factor=scale_factor)
        return path
