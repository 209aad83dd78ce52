"""Chart builders for the course.

One function per chart the lessons draw. Each takes a tidy pandas DataFrame —
a table from :mod:`conflictlab.data` or the output of a model from
:mod:`conflictlab.models` — and returns an altair chart, so a notebook can
still adjust it (``.properties(width=600)``, layering, ``.configure_*``).

Every chart has a title, axis titles in plain words, a ``description`` that
screen readers announce, and tooltips; charts that show facts carry the
article's evidence quote in their tooltips. Colours come from the Okabe–Ito
palette (Okabe & Ito 2008), which stays distinct for the common forms of
colour blindness; where colour carries meaning, a second channel (shape, dash
or a text label) carries it too.

The course theme (fonts, sizes, colours) is defined once, in
:mod:`.theme` (:func:`course_theme`); ``conflictlab.setup()`` enables it.

Bad input — a missing column, an empty table — raises ``ValueError`` naming the
column or the problem.

Modules, one per model family (mirroring :mod:`conflictlab.models`)
-------------------------------------------------------------------
theme        the palette (AA contrast on the background), the inks and the course theme
facts        charts of the article's facts (lessons 00–03 and 08)
spatial      charts of the spatial models (lesson 04)
bargaining   bargaining rounds and packages (lessons 05 and 06)
uncertainty  outcome probabilities, tornado, forecasts against the outcome (07, 09)
tables       every chart's data as an accessible table (:func:`table_of`)
display      how a chart is shown: the chart, then its table in a collapsed ``<details>``
             (:func:`data_details`); inline SVG for reading copies (:func:`figure_html`)
_common, _layout, _live
             input checks and names; label placement; rows kept in parameters

Builders
--------
timeline               events with stated / relative / inferred / undated dates
stance_heatmap         actor × issue stances (for, against, mixed)
relation_matrix        who is friendly or hostile to whom, before and after
positions              actors on an issue scale, sized by influence, with the
                       weighted median and mean
rounds                 positions across bargaining rounds (expected-utility model)
vary_coding            forecasts as one actor's coding runs through a range
package_utilities      each package's utility for both parties, the
                       disagreement point and the Nash choice
outcome_probabilities  how often each outcome comes up under uncertainty
tornado                which coding moves the forecast most
claims_by_certainty    the article's claims, grouped by how sure it is of them
hurdle_tracker         each issue's status: removed, agreed in principle,
                       diminished or remaining
evidence_map           where the facts come from: each fact above the paragraph it quotes
forecast_vs_outcome    probability forecasts against the outcome that happened,
                       with their Brier scores

The four charts a panel redraws in place (positions, package_utilities,
outcome_probabilities, tornado) each come with ``*_values`` (the parameter values
for new inputs) and ``*_description`` (the chart's description for the same
inputs, which the panel hands to the browser so that its accessible name stays true).
"""

from ..models import anchor_name
from ._common import MAX_ROWS, SHORT_NAME
from ._layout import CHAR_WIDTH
from ._live import param_name, param_values, set_param_values
from .bargaining import (
    NASH_LABEL_PLACES,
    NO_DEAL_LABEL,
    PACKAGE_CROSS,
    PACKAGE_DOT,
    PACKAGE_LABEL_PLACES,
    PACKAGE_LABEL_ROOM,
    PACKAGE_LABEL_SIZE,
    PACKAGE_NOTE_SIZE,
    PACKAGE_RING,
    PACKAGE_SIZE,
    RINGED_LABEL_PLACES,
    ROUNDS_COLOURS,
    ROUNDS_DODGE,
    ROUNDS_HEIGHT,
    ROUNDS_LABEL_GAP,
    ROUNDS_LABEL_SIZE,
    ROUNDS_SHAPES,
    ROUNDS_WIDTH,
    ZONE_IN,
    ZONE_OUT,
    package_utilities,
    package_utilities_description,
    package_utilities_values,
    rounds,
    rounds_layout,
)
from .display import FIGURE_CSS, data_details, figure_html
from .facts import (
    CERTAINTY,
    DATE_KIND_LABELS,
    DATE_KINDS,
    FACT_SHAPES,
    FACT_TABLES,
    HURDLE_COLOURS,
    HURDLE_STATUSES,
    PERIODS,
    RELATION_COLOURS,
    SIGNS,
    STANCE_COLOURS,
    STANCES,
    claims_by_certainty,
    evidence_map,
    hurdle_tracker,
    relation_matrix,
    stance_heatmap,
    timeline,
)
from .spatial import (
    MAX_RULES,
    MODEL_STYLES,
    RULE_STYLES,
    VARY_MAX_POINTS,
    VARY_WIDTH,
    positions,
    positions_description,
    positions_values,
    vary_coding,
)
from .tables import ChartTable, table_of
from .theme import (
    BACKGROUND,
    CATEGORY,
    GREYS,
    OKABE_ITO,
    PALETTE,
    TEXT_COLOURS,
    THEME_NAME,
    contrast_ratio,
    course_theme,
    ink_on,
    register_theme,
)
from .uncertainty import (
    MAX_DISTINCT,
    MAX_OUTCOME_ROWS,
    forecast_vs_outcome,
    outcome_probabilities,
    outcome_probabilities_description,
    outcome_probabilities_values,
    tornado,
    tornado_description,
    tornado_values,
)

__all__ = [
    "PALETTE",
    "BACKGROUND",
    "OKABE_ITO",
    "TEXT_COLOURS",
    "GREYS",
    "contrast_ratio",
    "ink_on",
    "THEME_NAME",
    "course_theme",
    "register_theme",
    "timeline",
    "stance_heatmap",
    "relation_matrix",
    "positions",
    "rounds",
    "rounds_layout",
    "vary_coding",
    "package_utilities",
    "outcome_probabilities",
    "tornado",
    "claims_by_certainty",
    "hurdle_tracker",
    "evidence_map",
    "forecast_vs_outcome",
    "positions_values",
    "package_utilities_values",
    "outcome_probabilities_values",
    "tornado_values",
    "positions_description",
    "package_utilities_description",
    "outcome_probabilities_description",
    "tornado_description",
    "param_values",
    "set_param_values",
    "table_of",
    "ChartTable",
    "data_details",
    "figure_html",
    "FIGURE_CSS",
    "param_name",
    "anchor_name",
    # sizes, categories and styles the builders draw with
    "CATEGORY",
    "CHAR_WIDTH",
    "CERTAINTY",
    "DATE_KINDS",
    "DATE_KIND_LABELS",
    "FACT_SHAPES",
    "FACT_TABLES",
    "HURDLE_COLOURS",
    "HURDLE_STATUSES",
    "MAX_DISTINCT",
    "MAX_OUTCOME_ROWS",
    "MAX_ROWS",
    "MAX_RULES",
    "MODEL_STYLES",
    "NASH_LABEL_PLACES",
    "NO_DEAL_LABEL",
    "PACKAGE_CROSS",
    "PACKAGE_DOT",
    "PACKAGE_LABEL_PLACES",
    "PACKAGE_LABEL_ROOM",
    "PACKAGE_LABEL_SIZE",
    "PACKAGE_NOTE_SIZE",
    "PACKAGE_RING",
    "PACKAGE_SIZE",
    "PERIODS",
    "RELATION_COLOURS",
    "RINGED_LABEL_PLACES",
    "ROUNDS_COLOURS",
    "ROUNDS_DODGE",
    "ROUNDS_HEIGHT",
    "ROUNDS_LABEL_GAP",
    "ROUNDS_LABEL_SIZE",
    "ROUNDS_SHAPES",
    "ROUNDS_WIDTH",
    "RULE_STYLES",
    "SHORT_NAME",
    "SIGNS",
    "STANCES",
    "STANCE_COLOURS",
    "VARY_MAX_POINTS",
    "VARY_WIDTH",
    "ZONE_IN",
    "ZONE_OUT",
]
