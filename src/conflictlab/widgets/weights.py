"""The interest-weights panel (lesson 06): weights over the issues → the Nash choice."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from .. import charts, data, models
from .._text import and_list as _and_list
from .panel import Panel, PanelResult, make_slider, row_label, slug

__all__ = ["InterestWeightsPanel", "WeightsResult"]


class WeightsResult(PanelResult):
    """:attr:`InterestWeightsPanel.result`: the packages' utilities, the zone and the Nash choice."""

    weights: pd.DataFrame
    disagreement: pd.Series
    utilities: pd.DataFrame | None
    pareto: list[Any]
    zone: list[Any]
    nash: Any
    nash_name: str | None


class InterestWeightsPanel(Panel[WeightsResult]):
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
        their old proportions, as ``models.rescale_weights`` does) and
        ``(party, "disagreement")`` → slider.
    result : WeightsResult
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
        self._coded_rows = self.coded_weights.to_dict(orient="index")
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
                coded = float(self._coded_rows[party][issue])
                slider = make_slider(
                    coded,
                    0.0,
                    1.0,
                    0.01,
                    ".0%",
                    ["conflictlab-input", f"conflictlab-input-{slug(party)}-{slug(issue)}"],
                    tooltip=f"{party}: weight on {name}, coded {coded:.0%}",
                )
                self.inputs[(party, issue)] = slider
                self._name(slider, f"{party} weight on {name}")
                slider.observe(self._on_weight, names="value")
                cells += [row_label(name), slider]
            dslider = make_slider(
                d.loc[party],
                0.0,
                1.0,
                0.01,
                ".2f",
                ["conflictlab-input", f"conflictlab-input-{slug(party)}-disagreement"],
                tooltip=f"{party}: utility with no deal (the disagreement point, "
                f"BATNA), coded {d.loc[party]:.2f}",
            )
            self.inputs[(party, "disagreement")] = dslider
            self._name(dslider, f"{party} utility with no deal")
            self._watch(dslider)
            cells += [row_label("No deal (utility, 0–1)"), dslider]
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
        """Rescale the party's other weights so that all of them sum to 1 (``models.rescale_weights``)."""
        try:
            new = models.rescale_weights(self.weights(), party, issue, value)
        except ValueError:  # a party with one issue: the update says what is wrong
            return
        self._holding_rebalance = True
        try:
            row = new.to_dict(orient="index")[party]
            for i in self.issues:
                if i != issue:
                    self.inputs[(party, i)].value = float(row[i])
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
                        self.inputs[(p, i)].value = float(self._coded_rows[p][i])
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
        return result, charts.package_utilities_values(*self._chart_inputs(result))

    def _labelled(self, utilities: pd.DataFrame) -> pd.DataFrame:
        names = [self.package_names.get(str(p), str(p)) for p in utilities.index]
        return utilities.assign(name=names)

    def _chart_for(self, result: Mapping[str, Any]) -> alt.LayerChart:
        return charts.package_utilities(*self._chart_inputs(result))

    def _description(self, result: Mapping[str, Any]) -> str:
        return charts.package_utilities_description(*self._chart_inputs(result))

    def _chart_inputs(self, result: Mapping[str, Any]) -> tuple[pd.DataFrame, Any, Any, list[Any]]:
        """What the package chart draws: utilities with names, no deal, the Nash choice, the Pareto set."""
        return (
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
        return f'<p style="font-size:1.1em">{text}</p>'
