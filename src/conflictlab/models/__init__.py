"""conflictlab.models: the course's analysis models as pure functions.

Every function takes plain data (an issue *frame* -- a DataFrame with columns
``actor, position, capability, salience`` -- or numpy arrays, or small
labelled tables) and returns numbers, arrays or tidy DataFrames. Nothing
here reads files or keeps state between calls.

Modules, one idea each:

* :mod:`~conflictlab.models.spatial` -- weighted mean, weighted median
  (Black 1948), pairwise vote and Condorcet winner, influence shares;
* :mod:`~conflictlab.models.expected_utility` -- Bueno de Mesquita's
  challenge model (1994) as transcribed by Scholz, Calbert & Smith (2011);
* :mod:`~conflictlab.models.bargaining` -- package utilities, Pareto set,
  zone of possible agreement, Nash (1950) bargaining solution;
* :mod:`~conflictlab.models.balance` -- structural balance (Heider 1946;
  Cartwright & Harary 1956);
* :mod:`~conflictlab.models.sensitivity` -- Monte Carlo over codings,
  outcome probabilities, tornado analysis;
* :mod:`~conflictlab.models.forecasting` -- ``forecast(frame, model)``;
* :mod:`~conflictlab.models.reweighting` -- what-ifs for bargaining: one
  interest weight raised with the others rescaled, a sweep of the zone of
  possible agreement and the Nash choice;
* :mod:`~conflictlab.models.tipping` -- the forecast as one coding moves
  through a range, and the tipping points where it jumps.
"""

from ._frame import MODEL_COLUMNS, check_arrays, validate_frame
from .balance import balance_share, best_flip, flip_effects, pair_signs, triad_balance
from .bargaining import nash_bargaining, package_utilities, pareto_set, zone_of_agreement
from .evaluation import brier_score, multi_brier_score, ranked_probability_score
from .expected_utility import (
    OFFER_TYPES,
    basic_utilities,
    challenge_table,
    expected_utility,
    offer,
    risk_exponents,
    simulate,
    win_probabilities,
    win_probability,
)
from .forecasting import MODEL_NAMES, MODELS, SPATIAL_MODELS, forecast
from .reweighting import DISAGREEMENT, bargaining_sweep, rescale_weights
from .sensitivity import (
    BAND_SPLIT,
    EDGE_RULES,
    TORNADO_INPUTS,
    anchor_name,
    band_of,
    describe_on_scale,
    draw_codings,
    monte_carlo,
    outcome_histogram,
    outcome_interval,
    outcome_probabilities,
    scale_bands,
    tornado,
)
from .spatial import condorcet_winner, influence, pairwise_vote, weighted_mean, weighted_median
from .tipping import CODINGS, tipping_points, vary_coding

__all__ = [
    # input checks
    "MODEL_COLUMNS",
    "validate_frame",
    "check_arrays",
    # spatial models
    "weighted_mean",
    "weighted_median",
    "pairwise_vote",
    "condorcet_winner",
    "influence",
    # expected-utility model
    "OFFER_TYPES",
    "win_probability",
    "win_probabilities",
    "basic_utilities",
    "expected_utility",
    "risk_exponents",
    "offer",
    "challenge_table",
    "simulate",
    # one entry point
    "MODELS",
    "MODEL_NAMES",
    "SPATIAL_MODELS",
    "forecast",
    # bargaining over packages
    "package_utilities",
    "pareto_set",
    "zone_of_agreement",
    "nash_bargaining",
    # structural balance
    "pair_signs",
    "triad_balance",
    "balance_share",
    "flip_effects",
    "best_flip",
    # sensitivity
    "draw_codings",
    "monte_carlo",
    "outcome_probabilities",
    "outcome_histogram",
    "outcome_interval",
    "tornado",
    "TORNADO_INPUTS",
    "scale_bands",
    "band_of",
    "BAND_SPLIT",
    "EDGE_RULES",
    "anchor_name",
    "describe_on_scale",
    # what-ifs for bargaining
    "rescale_weights",
    "bargaining_sweep",
    "DISAGREEMENT",
    # tipping points
    "vary_coding",
    "tipping_points",
    "CODINGS",
    # scoring forecasts
    "brier_score",
    "multi_brier_score",
    "ranked_probability_score",
]
