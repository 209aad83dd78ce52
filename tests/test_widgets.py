"""The three panels, driven headless: set an input, compare with conflictlab.models.

Building a panel takes a good part of a second, so each panel is built once per
module and reset before every test that uses it (the reset itself is tested).
"""

import numpy as np
import pandas as pd
import pytest

from conflictlab import charts, data, models, widgets

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FIELDS = ("position", "salience", "capability")


# ---------------------------------------------------------------- influence panel


@pytest.fixture(scope="module")
def venue():
    return data.frame("venue"), data.scale("venue")


@pytest.fixture(scope="module")
def shared_influence(venue):
    frame, scale = venue
    return widgets.InfluencePanel(frame, scale)


@pytest.fixture
def panel(shared_influence):
    shared_influence.reset()
    shared_influence.inputs["model"].value = "median"
    return shared_influence


def shown(jc, key):
    """What a chart widget holds (and the browser draws) in the chart's parameter for ``key``."""
    return getattr(jc.params, charts.param_name(jc.chart, key))


def _with(frame, actor, field, value):
    out = frame.copy()
    out.loc[out["actor"] == actor, field] = value
    return out


def _assert_result_matches_models(result, frame, model="median"):
    pos, cap, sal = frame["position"], frame["capability"], frame["salience"]
    assert result["ok"] is True
    assert result["forecast"] == models.forecast(frame, model)
    assert result["weighted_median"] == models.weighted_median(pos, cap, sal)
    assert result["weighted_mean"] == pytest.approx(models.weighted_mean(pos, cap, sal), abs=1e-12)
    assert result["condorcet_winner"] == models.condorcet_winner(pos, cap, sal)
    assert result["influence"] == pytest.approx(models.influence(frame).to_dict())


def test_influence_panel_starts_at_the_coded_forecast(panel, venue):
    frame, _ = venue
    _assert_result_matches_models(panel.result, frame)
    assert set(panel.inputs) >= {(a, f) for a in frame["actor"] for f in FIELDS} | {"model", "preset"}
    for actor, field in ((a, f) for a in frame["actor"] for f in FIELDS):
        coded = frame.loc[frame["actor"] == actor, field].iloc[0]
        assert panel.inputs[(actor, field)].value == coded


@pytest.mark.parametrize(
    "actor, field, value",
    [
        ("Russia", "salience", 0.1),
        ("Azerbaijan", "position", 40),
        ("European Union", "capability", 130),
        ("Armenia", "salience", 1.0),
    ],
)
def test_moving_a_slider_recomputes_with_the_models(panel, venue, actor, field, value):
    frame, _ = venue
    panel.inputs[(actor, field)].value = value
    _assert_result_matches_models(panel.result, _with(frame, actor, field, value))


@pytest.mark.parametrize("model", ["median", "mean", "condorcet", "expected_utility"])
def test_model_chooser_switches_the_forecast(panel, venue, model):
    frame, _ = venue
    changed = _with(frame, "Russia", "salience", 0.35)
    panel.inputs[("Russia", "salience")].value = 0.35
    panel.inputs["model"].value = model
    assert panel.result["model"] == model
    _assert_result_matches_models(panel.result, changed, model)
    if model == "expected_utility":
        history = models.simulate(changed, rounds=10)
        pd.testing.assert_frame_equal(panel.result["rounds"], history)


def test_chart_is_updated_in_place(panel, venue):
    frame, _ = venue
    jc = panel.chart
    spec_before = jc.spec
    panel.inputs[("Russia", "salience")].value = 0.2
    changed = _with(frame, "Russia", "salience", 0.2)
    assert panel.chart is jc  # the same widget: no new model, no re-display
    assert jc.spec is spec_before  # the specification was not rebuilt
    rules = {r["outcome"]: r["value"] for r in shown(jc, "cl_rules")}
    assert rules["weighted median"] == models.weighted_median(
        changed["position"], changed["capability"], changed["salience"]
    )
    russia = next(r for r in shown(jc, "cl_actors") if r["actor"] == "Russia")
    assert russia["salience"] == 0.2
    # the altair chart object carries the same values, so save() draws what is on screen
    assert charts.param_values(jc.chart, by_key=True) == {
        "cl_actors": shown(jc, "cl_actors"),
        "cl_rules": shown(jc, "cl_rules"),
    }


def test_a_move_renames_the_chart_by_what_it_now_shows(panel, venue):
    """The chart's description (its accessible name) follows the inputs: in the kernel (what
    save() writes) and, through the panel's ControlNames widget, in the browser."""
    frame, _ = venue
    assert panel.control_names is not None
    panel.inputs[("Russia", "salience")].value = 0.0
    changed = _with(frame, "Russia", "salience", 0.0)
    shares = models.influence(changed)
    median = models.weighted_median(changed["position"], changed["capability"], changed["salience"])
    text = panel.control_names.chart_description
    assert f"Russia at 100 with {shares['Russia']:.0%} of the influence" in text
    assert f"Azerbaijan at 80 with {shares['Azerbaijan']:.0%} of the influence" in text
    assert f"weighted median: {median:g}" in text
    assert panel._altair_chart().description == text
    panel._repr_mimebundle_()  # displayed again: the spec the browser draws from says it too
    assert panel.chart.spec["description"] == text


def test_sentence_states_forecast_band_and_who_carries_the_influence(panel, venue):
    frame, _scale = venue
    sentence = panel.result["sentence"]
    median = models.forecast(frame, "median")
    assert sentence.startswith(f"The forecast (weighted median): {median:g} — ")
    shares = models.influence(frame).sort_values(ascending=False)
    top, total = [], 0.0
    for actor, share in shares.items():
        top.append(actor)
        total += share
        if total > 0.5:
            break
    named = top[0] if len(top) == 1 else ", ".join(top[:-1]) + " and " + top[-1]
    assert named in sentence
    assert f"{round(100 * total)}% of the influence" in sentence
    anchors = _scale["anchors"]
    nearest = min(anchors, key=lambda point: abs(float(point) - median))
    assert models.anchor_name(anchors[nearest]) in sentence  # names the outcome nearest the forecast
    assert panel.sentence.value.count(f'class="conflictlab-forecast-value">{median:g}<') == 1


def test_sentence_names_the_band_at_the_end_of_the_scale(panel):
    panel.set_values(
        {("Russia", "capability"): 140, ("Russia", "salience"): 1.0, ("Azerbaijan", "salience"): 0.1}
    )  # Russia now carries over half
    assert panel.result["forecast"] == 100
    assert " — band: Kremlin-led." in panel.result["sentence"]
    assert "Russia alone carries" in panel.result["sentence"]


def test_sentence_puts_a_forecast_on_an_inner_edge_in_the_middle_band(panel):
    # Iran (at 60) now tips the median: 60 is the edge between the middle and the Kremlin-led band,
    # and by the course's one band rule an edge belongs to the band nearer the middle of the scale.
    panel.set_values({("Iran", "capability"): 100, ("Iran", "salience"): 1.0})
    assert panel.result["forecast"] == 60
    assert " — band: Regional." in panel.result["sentence"]


def test_presets_apply_the_documented_scenarios(panel, venue):
    frame, _ = venue
    scenarios = data.scenarios("venue")
    assert list(panel.presets) == [widgets.CODED, *list(scenarios["name"])]
    for row in scenarios.itertuples():
        panel.inputs["preset"].value = row.name
        expected = data.apply_scenario(frame, row.scenario_id)
        assert panel.inputs[(row.actor, row.field)].value == row.value
        for actor, field in ((a, f) for a in frame["actor"] for f in FIELDS):
            assert (
                panel.inputs[(actor, field)].value == expected.loc[expected["actor"] == actor, field].iloc[0]
            )
        _assert_result_matches_models(panel.result, expected)
        assert row.description in panel.preset_note.value


def test_reset_restores_the_coded_values(panel, venue):
    frame, _ = venue
    panel.inputs["preset"].value = "Russia distracted"
    panel.inputs[("Iran", "position")].value = 5
    panel.inputs["model"].value = "mean"
    panel.reset()
    for actor, field in ((a, f) for a in frame["actor"] for f in FIELDS):
        assert panel.inputs[(actor, field)].value == frame.loc[frame["actor"] == actor, field].iloc[0]
    assert panel.inputs["preset"].value == widgets.CODED
    _assert_result_matches_models(panel.result, frame, "mean")


def test_reset_button_does_the_same(panel, venue):
    frame, _ = venue
    panel.inputs[("Iran", "position")].value = 5
    panel.reset_button.click()
    _assert_result_matches_models(panel.result, frame)


def test_a_preset_updates_once(panel, monkeypatch):
    calls = []
    original = panel._compute
    monkeypatch.setattr(panel, "_compute", lambda: calls.append(1) or original())
    panel.inputs["preset"].value = "The US re-engages"
    assert len(calls) == 1


def test_all_influence_zero_shows_a_message_and_keeps_the_last_chart(panel, venue):
    frame, _ = venue
    actors = list(frame["actor"])
    panel.set_values({(a, "salience"): 0.0 for a in actors[1:]})
    last_good = dict(shown(panel.chart, "cl_rules")[0])
    panel.inputs[(actors[0], "salience")].value = 0.0
    assert panel.result["ok"] is False
    assert "zero influence" in panel.message
    assert panel.result["forecast"] is None
    assert "conflictlab-problem" in panel.notice.value and "zero influence" in panel.notice.value
    assert shown(panel.chart, "cl_rules")[0] == last_good
    panel.set_values({(actors[0], "salience"): 0.5, (actors[1], "salience"): 0.5})  # recovers
    assert panel.result["ok"] is True and panel.notice.value == ""
    assert panel.result["forecast"] == models.forecast(panel.frame(), "median")


def test_a_single_actor_left_is_explained(panel, venue):
    frame, _ = venue
    before = shown(panel.chart, "cl_actors")
    panel.set_values({(a, "salience"): 0.0 for a in frame["actor"] if a != "Iran"})
    assert panel.result["ok"] is False
    assert "Only Iran has any influence" in panel.message
    assert shown(panel.chart, "cl_actors") == before


def test_a_students_frame_with_integer_positions_and_no_scale():
    frame = pd.DataFrame(
        {
            "actor": ["Government", "Rebels", "Mediator", "Neighbour"],
            "position": [10, 90, 55, 70],
            "capability": [60, 30, 10, 40],
            "salience": [0.6, 1.0, 0.9, 0.3],
        }
    )
    panel = widgets.InfluencePanel(frame)
    _assert_result_matches_models(panel.result, frame)
    assert panel.result["sentence"].startswith(
        f"The forecast (weighted median): {models.forecast(frame, 'median'):g}."
    )
    assert panel.presets == {widgets.CODED: []}
    slider = panel.inputs[("Rebels", "position")]
    assert (slider.min, slider.max, slider.step) == (0, 100, 1)
    panel.inputs[("Rebels", "salience")].value = 0.2
    _assert_result_matches_models(panel.result, _with(frame, "Rebels", "salience", 0.2))


def test_positions_off_the_0_100_scale_get_a_slider_range_that_fits():
    frame = pd.DataFrame(
        {
            "actor": ["A", "B", "C"],
            "position": [-5.0, 3.5, 12.0],
            "capability": [1, 1, 1],
            "salience": [1, 1, 1],
        }
    )
    panel = widgets.InfluencePanel(frame)
    slider = panel.inputs[("B", "position")]
    assert slider.min <= -5 and slider.max >= 12
    assert panel.result["forecast"] == 3.5


def test_bad_frames_are_refused_with_the_models_message():
    with pytest.raises(ValueError, match="salience"):
        widgets.InfluencePanel(
            pd.DataFrame({"actor": ["A"], "position": [1], "capability": [1], "salience": [2]})
        )
    with pytest.raises(ValueError, match="model must be one of"):
        widgets.InfluencePanel(data.frame("venue"), model="vote")


def test_a_preset_for_an_actor_not_in_the_frame_is_refused(venue):
    frame, _ = venue
    with pytest.raises(ValueError, match="'Atlantis'"):
        widgets.InfluencePanel(frame, scenarios={"odd": [("Atlantis", "salience", 0.5)]})


def test_explicit_presets_work_for_any_frame(venue):
    frame, _ = venue
    panel = widgets.InfluencePanel(frame, scenarios={"Iran steps in": [("Iran", "capability", 90)]})
    panel.apply_preset("Iran steps in")
    _assert_result_matches_models(panel.result, _with(frame, "Iran", "capability", 90))


# ---------------------------------------------------------------- every panel


@pytest.fixture(scope="module", params=["influence", "weights", "sensitivity"])
def any_panel(request, shared_influence, shared_weights, shared_sensitivity):
    panel = {"influence": shared_influence, "weights": shared_weights, "sensitivity": shared_sensitivity}[
        request.param
    ]
    panel.reset()
    return panel


def test_sliders_update_only_when_released(any_panel):
    sliders = [v for v in any_panel.inputs.values() if hasattr(v, "continuous_update")]
    assert sliders
    assert all(s.continuous_update is False for s in sliders)


def test_panel_displays_itself_with_a_friendly_text_fallback(any_panel):
    bundle = any_panel._repr_mimebundle_()
    data_ = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data_[WIDGET_VIEW]["model_id"] == any_panel.widget.model_id
    assert "conflictlab.doctor()" in data_["text/plain"]


def test_panel_has_the_documented_css_hooks(any_panel):
    kind = {
        "InfluencePanel": "influence",
        "InterestWeightsPanel": "weights",
        "SensitivityPanel": "sensitivity",
    }[type(any_panel).__name__]
    assert {"conflictlab-panel", f"conflictlab-{kind}-panel"} <= set(any_panel.widget._dom_classes)
    assert "conflictlab-forecast" in any_panel.sentence._dom_classes
    assert "conflictlab-message" in any_panel.notice._dom_classes
    assert "conflictlab-chart" in any_panel.chart._dom_classes
    assert "conflictlab-reset" in any_panel.reset_button._dom_classes
    for key, widget in any_panel.inputs.items():
        assert "conflictlab-input" in widget._dom_classes
        assert any(c.startswith("conflictlab-input-") for c in widget._dom_classes), key
    assert 'class="conflictlab-forecast-value"' in any_panel.sentence.value or kind == "sensitivity"


def test_panel_saves_png_and_svg(any_panel, tmp_path):
    png = any_panel.save(tmp_path / "memo.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000
    svg = any_panel.save(tmp_path / "memo.svg")
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") and text.rstrip().endswith("</svg>")
    assert svg.stat().st_size > 5_000


def test_saved_figure_shows_the_current_values(panel, tmp_path):
    panel.set_values(
        {("Russia", "capability"): 140, ("Russia", "salience"): 1.0, ("Azerbaijan", "salience"): 0.1}
    )
    text = panel.save(tmp_path / "memo.svg").read_text(encoding="utf-8")
    assert "weighted median: 100" in text


def test_save_refuses_other_formats_in_words(any_panel, tmp_path):
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        any_panel.save(tmp_path / "memo.docx")


# ---------------------------------------------------------------- interest weights panel


@pytest.fixture(scope="module")
def inputs():
    return data.package_inputs()


@pytest.fixture(scope="module")
def shared_weights():
    return widgets.InterestWeightsPanel.from_data()


@pytest.fixture
def weights_panel(shared_weights):
    shared_weights.reset()
    return shared_weights


def _bargain(weights, terms, ideals, d):
    utilities = models.package_utilities(weights, terms, ideals)
    return utilities, models.nash_bargaining(utilities, d), models.zone_of_agreement(utilities, d)


def test_weights_panel_starts_at_the_coded_inputs(weights_panel, inputs):
    utilities, nash, zone = _bargain(
        inputs["weights"], inputs["terms"], inputs["ideals"], inputs["disagreement"].to_numpy()
    )
    r = weights_panel.result
    pd.testing.assert_frame_equal(r["utilities"], utilities)
    assert r["nash"] == nash and r["zone"] == zone
    assert r["pareto"] == models.pareto_set(utilities)
    name = inputs["packages"].set_index("package_id").loc[nash, "name"]
    assert r["sentence"].startswith(f"The Nash bargaining choice: {name} — ")


def test_moving_a_weight_keeps_the_partys_weights_summing_to_one(weights_panel, inputs):
    weights_panel.inputs[("Armenia", "recognition")].value = 0.6
    coded = inputs["weights"].loc["Armenia"]
    others = coded.drop("recognition")
    expected = inputs["weights"].copy()
    expected.loc["Armenia", others.index] = others * (1 - 0.6) / others.sum()
    expected.loc["Armenia", "recognition"] = 0.6
    got = weights_panel.result["weights"]
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), atol=1e-12)
    assert got.sum(axis=1).to_numpy() == pytest.approx([1.0, 1.0])
    utilities, nash, zone = _bargain(
        expected, inputs["terms"], inputs["ideals"], inputs["disagreement"].to_numpy()
    )
    pd.testing.assert_frame_equal(weights_panel.result["utilities"], utilities)
    assert weights_panel.result["nash"] == nash and weights_panel.result["zone"] == zone


def test_a_weight_set_to_one_leaves_nothing_for_the_others(weights_panel):
    weights_panel.inputs[("Azerbaijan", "corridor")].value = 1.0
    w = weights_panel.result["weights"].loc["Azerbaijan"]
    assert w["corridor"] == 1.0 and w.drop("corridor").sum() == pytest.approx(0.0)
    weights_panel.inputs[("Azerbaijan", "corridor")].value = 0.6  # the rest is shared out equally
    w = weights_panel.result["weights"].loc["Azerbaijan"]
    assert w.drop("corridor").to_numpy() == pytest.approx([0.1] * 4)


def test_a_high_disagreement_point_leaves_no_zone(weights_panel, inputs):
    weights_panel.inputs[("Armenia", "disagreement")].value = 0.99
    d = inputs["disagreement"].to_numpy().copy()
    d[0] = 0.99
    _utilities, nash, zone = _bargain(inputs["weights"], inputs["terms"], inputs["ideals"], d)
    assert nash is None and zone == []
    assert weights_panel.result["ok"] is True and weights_panel.result["nash"] is None
    assert "no zone of possible agreement" in weights_panel.result["sentence"]
    assert not any(r["choice"] for r in shown(weights_panel.chart, "cl_packages"))


def test_weights_panel_renames_its_chart_after_a_move(weights_panel, inputs):
    weights_panel.inputs[("Azerbaijan", "disagreement")].value = 1.0
    d = inputs["disagreement"].to_numpy()
    text = weights_panel.control_names.chart_description
    assert f"No deal gives Armenia {d[0]:.2f} and Azerbaijan 1.00." in text
    assert "0 packages leave both better off" in text
    assert weights_panel._altair_chart().description == text


def test_weights_panel_reset(weights_panel, inputs):
    weights_panel.inputs[("Armenia", "return")].value = 0.7
    weights_panel.inputs[("Azerbaijan", "disagreement")].value = 0.1
    weights_panel.reset_button.click()
    pd.testing.assert_frame_equal(weights_panel.result["weights"], inputs["weights"], check_names=False)
    assert weights_panel.result["disagreement"].to_numpy() == pytest.approx(inputs["disagreement"].to_numpy())


def test_weights_panel_with_explicit_arguments():
    weights = pd.DataFrame({"x": [0.5, 0.2], "y": [0.5, 0.8]}, index=["North", "South"])
    terms = pd.DataFrame({"x": [0, 100, 50], "y": [100, 0, 50]}, index=["P", "Q", "R"])
    ideals = pd.DataFrame({"x": [0, 100], "y": [0, 100]}, index=["North", "South"])
    panel = widgets.InterestWeightsPanel(weights, terms, ideals, [0.2, 0.2])
    utilities = models.package_utilities(weights, terms, ideals)
    assert panel.result["nash"] == models.nash_bargaining(utilities, [0.2, 0.2])
    assert set(panel.inputs) == {
        ("North", "x"),
        ("North", "y"),
        ("South", "x"),
        ("South", "y"),
        ("North", "disagreement"),
        ("South", "disagreement"),
    }


# ---------------------------------------------------------------- sensitivity panel


@pytest.fixture(scope="module")
def shared_sensitivity(venue):
    frame, scale = venue
    return widgets.SensitivityPanel(frame, scale, draws=5000)


@pytest.fixture
def sensitivity(shared_sensitivity):
    shared_sensitivity.reset()
    return shared_sensitivity


def test_sensitivity_panel_matches_the_models_from_a_fixed_seed(sensitivity, venue):
    frame, _ = venue
    settings = dict(model="median", n=5000, salience_sd=0.05, capability_sigma=0.2, seed=0)
    outcomes = models.monte_carlo(frame, **settings)
    r = sensitivity.result
    np.testing.assert_array_equal(r["outcomes"], outcomes)
    assert r["coded_forecast"] == models.forecast(frame, "median")
    assert r["interval"] == models.outcome_interval(outcomes, 0.9)
    pd.testing.assert_frame_equal(r["tornado"], models.tornado(frame, model="median", delta=0.1))
    values, counts = np.unique(outcomes, return_counts=True)
    assert r["most_likely"] == values[np.argmax(counts)]
    assert r["bands"]["share"].sum() == pytest.approx(1.0)


def test_sensitivity_bands_follow_the_scale_anchors(sensitivity, venue):
    _frame, _scale = venue
    expected = models.outcome_probabilities(
        sensitivity.result["outcomes"],
        bins=[0, 40, 60, 100],
        labels=["Western-led", "Regional", "Kremlin-led"],
    )
    default = models.outcome_probabilities(sensitivity.result["outcomes"])
    assert expected["share"].tolist() == default["share"].tolist()  # the models' own bands
    pd.testing.assert_frame_equal(sensitivity.result["bands"], expected)
    best = expected.sort_values("share", ascending=False).iloc[0]
    assert f"{best['outcome']} {best['share']:.0%}" in sensitivity.result["sentence"]


@pytest.mark.parametrize(
    "name, value, key",
    [
        ("salience_sd", 0.15, "salience_sd"),
        ("capability_sigma", 0.6, "capability_sigma"),
        ("position_sd", 10, "position_sd"),
        ("draws", 2000, "n"),
        ("model", "mean", "model"),
    ],
)
def test_changing_the_noise_recomputes(sensitivity, venue, name, value, key):
    frame, _ = venue
    sensitivity.inputs[name].value = value
    settings = dict(model="median", n=5000, salience_sd=0.05, capability_sigma=0.2, seed=0) | {key: value}
    np.testing.assert_array_equal(sensitivity.result["outcomes"], models.monte_carlo(frame, **settings))
    rows = shown(sensitivity.chart, "cl_outcomes")
    assert sum(r["probability"] for r in rows) == pytest.approx(1.0)


def test_changing_the_tornado_step_recomputes_the_tornado(sensitivity, venue):
    frame, _ = venue
    sensitivity.inputs["delta"].value = 0.3
    expected = models.tornado(frame, model="median", delta=0.3)
    pd.testing.assert_frame_equal(sensitivity.result["tornado"], expected)
    assert len(shown(sensitivity.chart, "cl_tornado")) == len(expected)


def test_sensitivity_panel_renames_its_charts_after_a_move(sensitivity, venue):
    frame, _ = venue
    sensitivity.inputs["salience_sd"].value = 0.3
    outcomes = np.asarray(sensitivity.result["outcomes"], dtype=float)
    values, counts = np.unique(outcomes[np.isfinite(outcomes)], return_counts=True)
    likeliest, share = values[counts.argmax()], counts.max() / counts.sum()
    who = ", ".join(frame.loc[frame["position"] == likeliest, "actor"])
    text = sensitivity.control_names.chart_description
    assert f"The most likely is {likeliest:g} ({who}) with {share:.0%}." in text
    assert "Tornado chart of" in text
    assert sensitivity._altair_chart().description == text


def test_zero_noise_is_explained_and_keeps_the_chart(sensitivity, venue):
    before = shown(sensitivity.chart, "cl_outcomes")
    sensitivity.inputs["salience_sd"].value = 0.0
    assert sensitivity.result["ok"] is True  # capability noise is still on
    after_one = shown(sensitivity.chart, "cl_outcomes")
    sensitivity.inputs["capability_sigma"].value = 0.0
    assert sensitivity.result["ok"] is False
    coded = models.forecast(venue[0], "median")
    assert f"With no noise every draw repeats the coded forecast ({coded:g})" in sensitivity.message
    assert shown(sensitivity.chart, "cl_outcomes") == after_one != before


def test_position_noise_alone_is_noise_enough(sensitivity, venue):
    frame, _ = venue
    for name, value in (("position_sd", 5), ("salience_sd", 0.0), ("capability_sigma", 0.0)):
        sensitivity.inputs[name].value = value
    assert sensitivity.result["ok"] is True
    expected = models.monte_carlo(frame, salience_sd=0.0, capability_sigma=0.0, position_sd=5, n=5000)
    np.testing.assert_array_equal(sensitivity.result["outcomes"], expected)
    assert len(np.unique(expected)) > 1  # the positions did move
    sensitivity.inputs["position_sd"].value = 0
    assert sensitivity.result["ok"] is False
    assert "Raise the salience, capability or position noise" in sensitivity.message


def test_position_noise_spans_a_quarter_of_the_scale_in_its_own_points():
    frame = pd.DataFrame(
        {"actor": ["A", "B", "C"], "position": [-5, 3, 12], "capability": [1, 2, 1], "salience": [0.5] * 3}
    )
    panel = widgets.SensitivityPanel(frame, draws=1000, position_sd=2)  # no scale: the positions' range
    slider = panel.inputs["position_sd"]
    assert (slider.min, slider.max) == (0, pytest.approx(17 / 4))
    expected = models.monte_carlo(frame, n=1000, position_sd=2, scale=(-5, 12))
    np.testing.assert_array_equal(panel.result["outcomes"], expected)


@pytest.mark.parametrize(
    "name, value, allowed",
    [
        ("salience_sd", 0.5, "from 0 to 0.3"),
        ("salience_sd", -0.01, "from 0 to 0.3"),
        ("capability_sigma", 1.5, "from 0 to 1"),
        ("position_sd", 30, "from 0 to 25"),
        ("position_sd", float("nan"), "from 0 to 25"),
        ("position_sd", "ten", "from 0 to 25"),
        ("delta", 0, "from 0.01 to 0.5"),
        ("delta", True, "from 0.01 to 0.5"),
    ],
)
def test_a_starting_value_off_its_slider_is_refused_with_the_range(venue, name, value, allowed):
    frame, scale = venue
    with pytest.raises(ValueError, match=f"^{name} must be a number {allowed}; got "):
        widgets.SensitivityPanel(frame, scale, **{name: value})


def test_sensitivity_reset(sensitivity, venue):
    frame, _ = venue
    sensitivity.inputs["salience_sd"].value = 0.0
    sensitivity.inputs["capability_sigma"].value = 0.0
    sensitivity.inputs["draws"].value = 1000
    sensitivity.reset()
    assert sensitivity.result["ok"] is True
    np.testing.assert_array_equal(sensitivity.result["outcomes"], models.monte_carlo(frame, n=5000, seed=0))


# ---------------------------------------------------------------- panels agree with models after random edits
# A seeded random walk over each panel's inputs. After every edit the panel's result must be what
# conflictlab.models computes from the same inputs, tracked here independently of the panel: so no
# panel can compute influence, forecasts, bands or rescaled weights in a way of its own.

STEPS = 25


@pytest.mark.parametrize("seed", [1, 2])
def test_influence_panel_agrees_with_models_after_random_edits(panel, venue, seed):
    frame, scale = venue
    rng = np.random.default_rng(seed)
    expected = frame.copy()
    model = "median"
    for _ in range(STEPS):
        if rng.random() < 0.2:
            model = str(rng.choice(models.MODELS))
            panel.inputs["model"].value = model
        else:
            actor = str(rng.choice(frame["actor"]))
            field = str(rng.choice(FIELDS))
            slider = panel.inputs[(actor, field)]
            value = round(float(rng.uniform(slider.min, slider.max)), 2)
            slider.value = value
            expected.loc[expected["actor"] == actor, field] = value
        result = panel.result
        assert result["ok"] is True  # every coded actor keeps some influence on this walk
        pd.testing.assert_frame_equal(
            result["frame"], expected[list(result["frame"].columns)], check_dtype=False
        )
        _assert_result_matches_models(result, expected, model)
        if result["forecast"] is not None:  # the band by the course's one band rule
            assert f" — band: {models.band_of(result['forecast'], scale)}." in result["sentence"]
        assert result["model_name"] == models.MODEL_NAMES[model]


@pytest.mark.parametrize("seed", [1, 2])
def test_weights_panel_agrees_with_models_after_random_edits(weights_panel, inputs, seed):
    rng = np.random.default_rng(seed)
    weights = inputs["weights"].astype(float)
    d = inputs["disagreement"].astype(float).copy()
    for _ in range(STEPS):
        party = str(rng.choice(weights_panel.parties))
        value = round(float(rng.uniform(0, 1)), 2)
        if rng.random() < 0.25:
            weights_panel.inputs[(party, "disagreement")].value = value
            d[party] = value
        else:
            issue = str(rng.choice(weights_panel.issues))
            weights_panel.inputs[(party, issue)].value = value
            weights = models.rescale_weights(weights, party, issue, value)
        r = weights_panel.result
        np.testing.assert_allclose(r["weights"].to_numpy(), weights.to_numpy(), atol=1e-9)
        np.testing.assert_allclose(r["disagreement"].to_numpy(), d.to_numpy())
        utilities, nash, zone = _bargain(weights, inputs["terms"], inputs["ideals"], d.to_numpy())
        np.testing.assert_allclose(r["utilities"].to_numpy(), utilities.to_numpy(), atol=1e-9)
        assert r["nash"] == nash and r["zone"] == zone


@pytest.mark.parametrize("seed", [1, 2])
def test_sensitivity_panel_agrees_with_models_after_random_edits(sensitivity, venue, seed):
    frame, scale = venue
    rng = np.random.default_rng(seed)
    settings = dict(model="median", n=5000, salience_sd=0.05, capability_sigma=0.2, position_sd=0.0, seed=0)
    delta = 0.1
    edges, names = models.scale_bands(scale["low"], scale["high"], scale["anchors"])
    for _ in range(STEPS // 2):
        what = str(rng.choice(["model", "salience_sd", "capability_sigma", "position_sd", "draws", "delta"]))
        if what == "model":
            settings["model"] = str(rng.choice(models.SPATIAL_MODELS))
            sensitivity.inputs["model"].value = settings["model"]
        elif what == "draws":
            settings["n"] = int(rng.choice([1_000, 2_000, 5_000]))
            sensitivity.inputs["draws"].value = settings["n"]
        elif what == "delta":
            delta = round(float(rng.uniform(0.01, 0.5)), 2)
            sensitivity.inputs["delta"].value = delta
        elif what == "position_sd":  # in points of the venue scale, 0-100
            settings["position_sd"] = float(rng.integers(0, 26))
            sensitivity.inputs["position_sd"].value = settings["position_sd"]
        else:
            settings[what] = round(float(rng.uniform(0.01, 0.3)), 2)
            sensitivity.inputs[what].value = settings[what]
        r = sensitivity.result
        outcomes = models.monte_carlo(frame, **settings)
        np.testing.assert_array_equal(r["outcomes"], outcomes)
        pd.testing.assert_frame_equal(
            r["bands"], models.outcome_probabilities(outcomes, bins=edges, labels=names)
        )
        assert r["interval"] == models.outcome_interval(outcomes, 0.9)
        assert r["coded_forecast"] == models.forecast(frame, settings["model"])
        pd.testing.assert_frame_equal(
            r["tornado"], models.tornado(frame, model=settings["model"], delta=delta, scale=(0, 100))
        )


def test_the_expected_utility_model_is_simulated_once_per_update(panel, monkeypatch):
    calls = []
    original = models.simulate

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(models, "simulate", counted)
    monkeypatch.setattr(models.forecasting, "simulate", counted)
    panel.inputs["model"].value = "expected_utility"
    assert len(calls) == 1
    assert panel.result["forecast"] == panel.result["rounds"]["forecast"].iloc[-1]


def test_the_model_menus_offer_the_models_by_their_names(panel, sensitivity):
    offered = {key: label for label, key in panel.inputs["model"].options}
    assert list(offered) == list(models.MODELS)
    assert all(label.lower() == models.MODEL_NAMES[key].lower() for key, label in offered.items())
    assert [key for _, key in sensitivity.inputs["model"].options] == list(models.SPATIAL_MODELS)


# ---------------------------------------------------------------- every control has a name that says what it changes

GENERIC = {
    "floatslider",
    "intslider",
    "slider",
    "dropdown",
    "button",
    "text",
    "combobox",
    "reset",
    "model",
    "",
}


def _reading_panels():
    return [widgets.TableExplorer(), widgets.QuoteLookup()]


@pytest.mark.parametrize("kind", ["influence", "weights", "sensitivity", "reading"])
def test_every_control_has_a_specific_accessible_name(
    kind, shared_influence, shared_weights, shared_sensitivity
):
    panels = {
        "influence": [shared_influence],
        "weights": [shared_weights],
        "sensitivity": [shared_sensitivity],
        "reading": _reading_panels(),
    }[kind]
    for panel in panels:
        controls = dict(panel.inputs)
        if hasattr(panel, "reset_button"):  # the quote lookup has none
            controls["reset"] = panel.reset_button
        names = {key: panel.accessible_name(control) for key, control in controls.items()}
        for key, name in names.items():
            assert name.strip().lower().rstrip(":") not in GENERIC, (key, name)
            assert len(name.split()) >= 2, (key, name)
        assert len(set(names.values())) == len(names), "two controls share a name"
        # the browser side receives every name, keyed by a CSS class the control carries
        sent = panel.control_names.names
        for key, control in controls.items():
            assert [sent[c] for c in control._dom_classes if c in sent] == [names[key]], key
        assert panel.control_names.live == ["conflictlab-result"]
        assert "conflictlab-result" in panel.sentence._dom_classes
        assert panel.control_names in panel.widget.children


def test_slider_names_say_whose_value_they_change(shared_influence, shared_weights):
    for (actor, field), slider in (
        (k, v) for k, v in shared_influence.inputs.items() if isinstance(k, tuple)
    ):
        assert shared_influence.accessible_name(slider) == f"{actor} {field}"  # e.g. "Azerbaijan salience"
    issue_names = dict(zip(data.load("issues")["issue_id"], data.load("issues")["name"], strict=True))
    for (party, what), slider in shared_weights.inputs.items():
        name = shared_weights.accessible_name(slider)
        assert name.startswith(f"{party} ")
        assert (issue_names[what] in name) if what != "disagreement" else ("no deal" in name)


def test_a_control_without_a_name_is_refused(shared_influence):
    with pytest.raises(ValueError, match="must not be empty"):
        shared_influence._name(shared_influence.reset_button, "  ")
