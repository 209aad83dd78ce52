"""A panel changed before it is shown is drawn with its current values, not the coded ones.

The browser draws a panel's chart from the spec it receives and then reads the
chart's parameters back from the drawing. So the spec must carry the values
the panel holds when it is displayed (for example after ``apply_preset`` in
the same cell), or the chart shows the coded forecast beside a sentence that
gives the new one.
"""

import pytest

from conflictlab import charts, widgets


def _spec_values(panel):
    return {p["name"]: p["value"] for p in panel.chart.spec["params"] if "value" in p}


@pytest.fixture
def influence():
    return widgets.InfluencePanel.from_data("venue")


def test_a_preset_applied_before_display_is_in_the_spec_the_browser_draws(influence):
    influence.apply_preset("The US re-engages")
    current = charts.param_values(influence.chart.chart)
    assert _spec_values(influence) != {k: current[k] for k in _spec_values(influence)}, (
        "the preset should change the chart's values"
    )
    influence._repr_mimebundle_()
    spec = _spec_values(influence)
    assert all(spec[name] == value for name, value in current.items() if name in spec)
    assert influence.chart._params == {**influence.chart._params, **current}
    rules = {r["outcome"]: r["value"] for r in spec[charts.param_name(influence.chart.chart, "cl_rules")]}
    assert rules["weighted median"] == influence.result["weighted_median"]


def test_an_unchanged_panel_sends_its_spec_once(influence):
    before = influence.chart.spec
    influence._repr_mimebundle_()
    assert influence.chart.spec is before


def test_the_sensitivity_panel_is_shown_with_its_current_noise():
    panel = widgets.SensitivityPanel.from_data("venue", draws=1_000)
    panel.inputs["salience_sd"].value = 0.2
    panel._repr_mimebundle_()
    current = charts.param_values(panel.chart.chart)
    spec = _spec_values(panel)
    assert all(spec[name] == value for name, value in current.items() if name in spec)
