"""The panels work without a mouse, and a screen reader hears what they do.

The panels' tour (``lessons/panels_demo.ipynb``) is run once in JupyterLab.
For each panel, everything is read from the page's accessibility tree
(Playwright's ARIA snapshot and its role-and-name locators), as assistive
technology receives it, not from the widgets' markup:

* every slider, menu and button has a name that says what it changes
  ("Russia salience", not "slider");
* Tab moves through the controls in the order they are drawn;
* axe-core (bundled in axe-playwright-python) finds no WCAG 2.1 A or AA
  violation in any panel;
* one slider, found by its name and moved with the keyboard only, shows and
  announces its new value, and the panel's sentence (a polite live region)
  then gives the outcome that ``conflictlab.models``, run here on the same
  inputs, computes. Each move is chosen so that the outcome changes. The
  panel's chart is then named (in Chromium's accessibility tree) by what it
  shows after the move, not by what it showed before.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from lab_harness import REPO, PanelView, chrome_node

from conflictlab import data, models

pytestmark = pytest.mark.browser

READING = REPO / "lessons" / "00_the_source_and_the_toolkit.ipynb"
WAIT = 20.0  # seconds for the kernel to recompute and the browser to redraw


def tree(panel: PanelView) -> str:
    panel.root.scroll_into_view_if_needed()
    return panel.root.aria_snapshot()


def announced(panel: PanelView) -> str:
    """What the panel's live region says now (from the accessibility tree)."""
    region = panel.root.locator(".conflictlab-result").first
    assert region.get_attribute("aria-live") == "polite", "the sentence is not a live region"
    return " ".join(region.aria_snapshot().split())


def unnamed(snapshot: str) -> list[str]:
    """Lines of an ARIA snapshot that show a control with no name."""
    return [
        line.strip()
        for line in snapshot.splitlines()
        if re.match(r"^\s*- (slider|combobox|button|textbox|spinbutton)\s*(:|\[|$)", line)
    ]


def move_by_keyboard(panel: PanelView, name: str, key: str) -> str:
    """Focus the slider called ``name`` (found by its accessible name), press ``key``;
    return the value it announces (its aria-valuetext)."""
    handle = panel.root.get_by_role("slider", name=name, exact=True)
    assert handle.count() == 1, f"no single slider is called {name!r}"
    before = handle.get_attribute("aria-valuetext")
    handle.focus()
    handle.press(key)
    panel.notebook.wait_for(
        lambda: handle.get_attribute("aria-valuetext") != before, f"the slider {name!r} to move"
    )
    return handle.get_attribute("aria-valuetext") or ""


def chart_name(panel: PanelView) -> str:
    """The accessible name of the panel's chart, from Chromium's accessibility tree."""
    expression = (
        f"[...document.querySelectorAll({panel.notebook.within(f'.conflictlab-{panel.kind}-panel')!r})]"
        ".find(e => e.offsetParent).querySelector(\".conflictlab-chart [role='graphics-document']\")"
    )
    return chrome_node(panel.notebook.page, expression, "graphics-document")["name"]


def tab_order(panel: PanelView, first: str, presses: int) -> list[str]:
    """The names of the controls Tab reaches, starting on the menu called ``first``."""
    panel.root.get_by_role("combobox", name=first, exact=True).focus()
    names = [first]
    for _ in range(presses):
        panel.notebook.page.keyboard.press("Tab")
        names.append(
            panel.notebook.page.evaluate(
                "() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent"
            ).strip()
        )
    return names


# ---------------------------------------------------------------- the reading panels (lesson 00), first:
# one notebook is open at a time, and the panels' tour stays open for the tests after this one


def test_reading_panels_are_named_and_pass_axe(open_notebook):
    notebook = open_notebook(READING)
    notebook.run_all()
    report = notebook.check()
    assert not report.problems, report.summary()
    explorer, lookup = PanelView(notebook, "explorer"), PanelView(notebook, "quote")
    snapshot = tree(explorer)
    assert not unnamed(snapshot), f"controls without a name: {unnamed(snapshot)}"
    for expected in (
        'combobox "Table to show"',
        'textbox "Search the table\'s rows"',
        'slider "Rows shown"',
        'button "Reset: back to the starting table"',
    ):
        assert expected in snapshot, expected
    snapshot = tree(lookup)
    assert not unnamed(snapshot), f"controls without a name: {unnamed(snapshot)}"
    assert 'combobox "Fact id to look up"' in snapshot
    for panel in (explorer, lookup):
        assert axe_violations(panel) == []


# ---------------------------------------------------------------- influence


def test_influence_panel_controls_are_named_for_what_they_change(demo):
    panel = PanelView(demo, "influence")
    snapshot = tree(panel)
    assert not unnamed(snapshot), f"controls without a name: {unnamed(snapshot)}"
    for actor in data.frame("venue")["actor"]:
        for field in ("position", "salience", "capability"):
            assert f'slider "{actor} {field}"' in snapshot
    for name in ("Model for the forecast", "Preset scenario"):
        assert f'combobox "{name}"' in snapshot
    assert 'button "Reset: back to the coded values"' in snapshot
    order = tab_order(panel, "Model for the forecast", 12)
    sliders = [n for n in order if n.endswith(("position", "salience", "capability"))]
    assert order[1:3] == ["Preset scenario", "Reset: back to the coded values"], order
    assert sliders[:4] == [
        "Azerbaijan position",
        "Azerbaijan salience",
        "Azerbaijan capability",
        "Russia position",
    ]


def test_influence_panel_announces_the_forecast_after_a_keyboard_move(demo):
    panel = PanelView(demo, "influence")
    tree(panel)
    frame = data.frame("venue")
    frame.loc[frame["actor"] == "Russia", "salience"] = 0.0
    expected = models.forecast(frame, "median")
    assert expected != models.forecast(data.frame("venue"), "median")
    shares = models.influence(frame)
    before = chart_name(panel)
    assert f"Russia at 100 with {shares['Russia']:.0%} of the influence" not in before
    assert move_by_keyboard(panel, "Russia salience", "Home") == "0.00"
    demo.wait_for(
        lambda: f"The forecast (weighted median): {expected:g}" in announced(panel),
        f"the announced forecast to become {expected:g}",
        timeout=WAIT,
    )
    name = demo.wait_for(
        lambda: (lambda text: text != before and text)(chart_name(panel)), "the chart's name to change"
    )
    assert f"Russia at 100 with {shares['Russia']:.0%} of the influence" in name, name
    assert f"Azerbaijan at 80 with {shares['Azerbaijan']:.0%} of the influence" in name, name
    assert f"weighted median: {expected:g}" in name, name


# ---------------------------------------------------------------- interest weights


def test_weights_panel_controls_are_named_for_what_they_change(demo):
    panel = PanelView(demo, "weights")
    snapshot = tree(panel)
    assert not unnamed(snapshot), f"controls without a name: {unnamed(snapshot)}"
    issues = data.load("issues")
    inputs = data.package_inputs()
    for party in inputs["weights"].index:
        for issue in inputs["weights"].columns:
            name = issues.loc[issues["issue_id"] == issue, "name"].item()
            assert f'slider "{party} weight on {name}"' in snapshot
        assert f'slider "{party} utility with no deal"' in snapshot
    handle = panel.root.get_by_role("slider", name="Armenia weight on Return of the displaced", exact=True)
    share = inputs["weights"].loc["Armenia", "return"]
    assert handle.get_attribute("aria-valuetext") == f"{share:.0%}"  # the value as the read-out shows it


def test_weights_panel_announces_the_outcome_after_a_keyboard_move(demo):
    panel = PanelView(demo, "weights")
    tree(panel)
    inputs = data.package_inputs()
    d = inputs["disagreement"].copy()
    d["Azerbaijan"] = 1.0
    utilities = models.package_utilities(inputs["weights"], inputs["terms"], inputs["ideals"])
    assert models.nash_bargaining(utilities, d.to_numpy()) is None  # the move leaves no zone
    assert models.nash_bargaining(utilities, inputs["disagreement"].to_numpy()) is not None
    before = chart_name(panel)
    assert move_by_keyboard(panel, "Azerbaijan utility with no deal", "End") == "1.00"
    demo.wait_for(
        lambda: "No package leaves both Armenia and Azerbaijan better off than no deal" in announced(panel),
        "the panel to announce that no package is in the zone",
        timeout=WAIT,
    )
    name = demo.wait_for(
        lambda: (lambda text: text != before and text)(chart_name(panel)), "the chart's name to change"
    )
    assert f"No deal gives Armenia {d['Armenia']:.2f} and Azerbaijan 1.00." in name, name
    assert "0 packages leave both better off" in name, name


# ---------------------------------------------------------------- sensitivity


def test_sensitivity_panel_controls_are_named_for_what_they_change(demo):
    panel = PanelView(demo, "sensitivity")
    snapshot = tree(panel)
    assert not unnamed(snapshot), f"controls without a name: {unnamed(snapshot)}"
    for role, name in (
        ("combobox", "Model for the draws"),
        ("combobox", "Draws: how many random draws"),
        ("slider", "Salience noise (sd) on every actor's salience"),
        ("slider", "Capability noise (σ) on every actor's capability"),
        ("slider", "Position noise (sd) on every actor's position"),
        ("slider", "Tornado step (±) for each coding"),
        ("button", "Reset: back to the starting values"),
    ):
        assert f'{role} "{name}"' in snapshot, name


def test_sensitivity_panel_announces_the_chances_after_a_keyboard_move(demo):
    panel = PanelView(demo, "sensitivity")
    tree(panel)
    frame, scale = data.frame("venue"), data.scale("venue")
    outcomes = models.monte_carlo(frame, n=10_000, salience_sd=0.3, capability_sigma=0.2, seed=0)
    edges, names = models.scale_bands(scale["low"], scale["high"], scale["anchors"])
    bands = models.outcome_probabilities(outcomes, bins=edges, labels=names)
    words = ", ".join(
        f"{row.outcome} {row.share:.0%}" for row in bands.sort_values("share", ascending=False).itertuples()
    )
    drawn = np.asarray(outcomes, dtype=float)
    values, counts = np.unique(drawn[np.isfinite(drawn)], return_counts=True)
    likeliest, share = values[counts.argmax()], counts.max() / counts.sum()
    who = ", ".join(frame.loc[frame["position"] == likeliest, "actor"])
    before = chart_name(panel)
    assert move_by_keyboard(panel, "Salience noise (sd) on every actor's salience", "End") == "0.30"
    demo.wait_for(
        lambda: f"comes out {words}" in announced(panel),
        f"the panel to announce {words}",
        timeout=WAIT,
    )
    name = demo.wait_for(
        lambda: (lambda text: text != before and text)(chart_name(panel)), "the chart's name to change"
    )
    assert f"The most likely is {likeliest:g} ({who}) with {share:.0%}." in name, name


def test_sensitivity_panel_position_noise_moves_by_keyboard_and_the_chances_follow(demo):
    panel = PanelView(demo, "sensitivity")
    tree(panel)
    frame, scale = data.frame("venue"), data.scale("venue")
    assert move_by_keyboard(panel, "Position noise (sd) on every actor's position", "End") == "25"
    settings = {  # the other controls as they are now; the draws start from the panel's seed, 0
        "n": int(panel.choice("draws").replace(",", "")),
        "salience_sd": panel.slider("salience-sd").value(),
        "capability_sigma": panel.slider("capability-sigma").value(),
    }
    outcomes = models.monte_carlo(frame, position_sd=25, seed=0, **settings)
    edges, names = models.scale_bands(scale["low"], scale["high"], scale["anchors"])
    bands = models.outcome_probabilities(outcomes, bins=edges, labels=names)
    words = ", ".join(
        f"{row.outcome} {row.share:.0%}"
        for row in bands.sort_values("share", ascending=False).itertuples()
        if row.share > 0
    )
    demo.wait_for(
        lambda: f"comes out {words}" in announced(panel),
        f"the panel to announce {words}",
        timeout=WAIT,
    )


# ---------------------------------------------------------------- axe-core on the panels

#: WCAG 2.1 level A and AA, as axe-core tags its rules.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script() -> str:
    """axe-core as shipped inside the axe-playwright-python package (nothing is downloaded)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(panel: PanelView) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations inside one panel, one line each."""
    panel.notebook.page.evaluate(axe_script())
    result = panel.root.evaluate(
        "(el, tags) => axe.run(el, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    assert len(result["passes"]) >= 5  # the rules did run on the panel's controls
    return [
        f"{v['id']}: {v['help']} — {[' '.join(map(str, n['target'])) for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("kind", ["influence", "weights", "sensitivity"])
def test_axe_finds_no_wcag_violation_in_the_panel(demo, kind):
    panel = PanelView(demo, kind)
    tree(panel)
    found = axe_violations(panel)
    assert not found, "\n".join(found)
