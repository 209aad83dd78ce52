"""Interactive panels: move a slider, see the forecast move, and see why."""

from .influence import (
    CODED,
    EXPLORER_MAX_ROWS,
    MODELS,
    InfluencePanel,
    InterestWeightsPanel,
    QuoteLookup,
    SensitivityPanel,
    TableExplorer,
)

__all__ = [
    "InfluencePanel",
    "InterestWeightsPanel",
    "SensitivityPanel",
    "TableExplorer",
    "QuoteLookup",
    "MODELS",
    "EXPLORER_MAX_ROWS",
    "CODED",
]
