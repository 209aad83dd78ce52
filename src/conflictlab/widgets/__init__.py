"""Interactive panels: move a slider, see the forecast move, and see why.

Three panels, each a small class built the way the ipywidgets documentation
("Widget Events") builds one: input widgets → one ``update()`` that calls the
pure functions of :mod:`conflictlab.models` → a chart and a sentence. The
panels compute nothing themselves: every number they show comes from
:mod:`conflictlab.models`, and every chart from :mod:`conflictlab.charts`.

Modules: :mod:`.panel` (the :class:`Panel` base class every panel extends,
and how to write a new one), :mod:`.influence`, :mod:`.weights`,
:mod:`.sensitivity` and :mod:`.reading` (one panel, or two small ones, each).

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
* ``panel.result`` — a dict with its latest outcome, typed per panel
  (:class:`InfluenceResult`, :class:`WeightsResult` …; ``result["ok"]`` is
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

Every panel works from the keyboard and speaks to a screen reader: each
slider, menu and button has an accessible name that says what it changes
(``panel.accessible_name(panel.inputs[("Russia", "salience")])`` is
"Russia salience"), a slider announces the value its read-out shows, Tab
moves through the controls in the order they are drawn, and the sentence is
a polite live region, so that a change is read out (see
:class:`~conflictlab.widgets.panel.ControlNames`).

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
``conflictlab-control-<n>``       every named control (the key of its accessible name)
``conflictlab-explorer-panel``,   the two reading panels' outer boxes; the explorer's rows
``conflictlab-quote-panel``       are in ``conflictlab-table``, the quote in ``conflictlab-quote``
"""

from .influence import CODED, MODELS, InfluencePanel, InfluenceResult
from .panel import Panel, PanelResult, Problem
from .reading import EXPLORER_MAX_ROWS, ExplorerResult, QuoteLookup, QuoteResult, TableExplorer
from .sensitivity import SensitivityPanel, SensitivityResult
from .weights import InterestWeightsPanel, WeightsResult

__all__ = [
    # the panels
    "InfluencePanel",
    "InterestWeightsPanel",
    "SensitivityPanel",
    "TableExplorer",
    "QuoteLookup",
    # their settings
    "MODELS",
    "EXPLORER_MAX_ROWS",
    "CODED",
    # for writing a panel, and the types of their results
    "Panel",
    "PanelResult",
    "Problem",
    "InfluenceResult",
    "WeightsResult",
    "SensitivityResult",
    "ExplorerResult",
    "QuoteResult",
]
