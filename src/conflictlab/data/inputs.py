"""The codings in the shapes the models take: an issue's frame and scale, scenarios, package inputs.

All of it is the analyst's estimates, not facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .loading import load

__all__ = [
    "ACTOR_ORDER_ATTR",
    "actor_order",
    "apply_scenario",
    "frame",
    "package_inputs",
    "scale",
    "scenarios",
]


#: The key of ``DataFrame.attrs`` under which :func:`frame` records the course's actor order (display
#: names), so that a chart of the frame, or of a model's output from it, gives each actor its colour.
ACTOR_ORDER_ATTR = "actor_order"


def actor_order() -> list[str]:
    """The ids of the actors the course codes, in the order of the ``positions`` table.

    The course's own order for drawing actors (each keeps one colour and shape in every chart).
    """
    return list(dict.fromkeys(load("positions")["actor_id"].astype(str)))


def scale(issue_id: str) -> dict[str, Any]:
    """The 0–100 scale of a coded issue: its label, question and anchors (an estimate)."""
    scales = load("scales").set_index("issue_id")
    if issue_id not in scales.index:
        raise KeyError(f"no coded scale for issue {issue_id!r}; coded issues: {', '.join(scales.index)}")
    s = scales.loc[issue_id]
    return {
        "issue_id": issue_id,
        "label": s["label"],
        "question": s["question"],
        "low": 0,
        "high": 100,
        "anchors": {0: s["anchor_0"], 50: s["anchor_50"], 100: s["anchor_100"]},
    }


def frame(issue_id: str) -> pd.DataFrame:
    """The coded actors on one issue, ready for the models.

    Returns a DataFrame with one row per coded actor and the columns
    ``actor`` (display name), ``position`` (0–100), ``capability`` (>= 0),
    ``salience`` (0–1) and ``rationale`` (the analyst's reasons). These are
    estimates, not facts: change them and see what follows. ``attrs[ACTOR_ORDER_ATTR]``
    holds the course's order of all its actors (display names), which charts use to give
    each actor the same colour on every issue.
    """
    positions = load("positions")
    rows = positions[positions["issue_id"] == issue_id]
    if rows.empty:
        coded = ", ".join(dict.fromkeys(positions["issue_id"]))
        raise KeyError(f"no codings for issue {issue_id!r}; coded issues: {coded}")
    names = load("actors").set_index("actor_id")["name"]
    out = pd.DataFrame(
        {
            "actor": rows["actor_id"].map(names).to_numpy(),
            "position": rows["position"].to_numpy(),
            "capability": rows["capability"].to_numpy(),
            "salience": rows["salience"].to_numpy(),
            "rationale": rows["rationale"].to_numpy(),
        }
    )
    out.attrs[ACTOR_ORDER_ATTR] = [str(names.get(a, a)) for a in actor_order()]
    return out


def scenarios(issue_id: str | None = None) -> pd.DataFrame:
    """The documented what-if changes of codings (the influence panel's presets)."""
    df = load("scenarios")
    names = load("actors").set_index("actor_id")["name"]
    df.insert(list(df.columns).index("actor_id") + 1, "actor", df["actor_id"].map(names))
    return df if issue_id is None else df[df["issue_id"] == issue_id].reset_index(drop=True)


def apply_scenario(frame: pd.DataFrame, scenario_id: str) -> pd.DataFrame:
    """A copy of ``frame`` with one scenario's changes applied."""
    changes = scenarios()
    changes = changes[changes["scenario_id"] == scenario_id]
    if changes.empty:
        known = ", ".join(dict.fromkeys(scenarios()["scenario_id"]))
        raise KeyError(f"no scenario called {scenario_id!r}; scenarios: {known}")
    out = frame.copy()
    for change in changes.to_dict("records"):
        hit = out["actor"] == change["actor"]
        if not hit.any():
            raise KeyError(f"scenario {scenario_id!r} changes {change['actor']}, who is not in this frame")
        out.loc[hit, str(change["field"])] = change["value"]
    return out


def package_inputs(parties: Iterable[str] = ("armenia", "azerbaijan")) -> dict[str, Any]:
    """Everything the bargaining lesson needs, in the shapes the models take.

    Returns a dict with

    * ``weights`` — parties × issues, each row adding up to 1;
    * ``terms`` — packages × issues, values on each issue's 0–100 scale;
    * ``ideals`` — parties × issues, each party's coded position;
    * ``disagreement`` — a Series of each party's utility without a deal;
    * ``packages`` — the package table (names and descriptions).

    Rows and columns are labelled with display names for parties and ids for
    packages and issues. All of it is estimates.
    """
    parties = list(parties)
    names = load("actors").set_index("actor_id")["name"]
    w = load("interest_weights")
    w = w[w["actor_id"].isin(parties)]
    issues = list(dict.fromkeys(w["issue_id"]))
    weights = w.pivot(index="actor_id", columns="issue_id", values="weight").loc[parties, issues]
    terms = load("package_terms").pivot(index="package_id", columns="issue_id", values="value")
    packages = load("packages")
    terms = terms.loc[list(packages["package_id"]), issues]
    pos = load("positions")
    pos = pos[pos["actor_id"].isin(parties) & pos["issue_id"].isin(issues)]
    ideals = pos.pivot(index="actor_id", columns="issue_id", values="position").loc[parties, issues]
    d = load("disagreement").set_index("actor_id")["utility"].loc[parties]
    for table in (weights, ideals):
        table.index = [names[p] for p in table.index]
        table.index.name = "party"
        table.columns.name = "issue"
    terms.index.name, terms.columns.name = "package", "issue"
    d.index = [names[p] for p in d.index]
    d.name = "disagreement"
    return {"weights": weights, "terms": terms, "ideals": ideals, "disagreement": d, "packages": packages}
