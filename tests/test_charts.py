"""Chart builders: valid Vega-Lite, readable, accessible, and they really draw."""

import copy
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from conflictlab import charts, data, models

RAW_FIELDS = {
    "i",
    "u_a",
    "u_b",
    "start",
    "end",
    "from",
    "to",
    "lo",
    "hi",
    "label",
    "value",
    "outcome",
    "position",
    "probability",
    "input",
    "n",
    "count",
    "actor",
    "issue",
    "earliest",
    "latest",
    "round",
    "sign",
    "stance",
    "certainty",
    "influence",
}


@pytest.fixture(scope="module")
def venue():
    return data.frame("venue"), data.scale("venue")


def _utilities():
    inputs = data.package_inputs()
    utilities = models.package_utilities(inputs["weights"], inputs["terms"], inputs["ideals"])
    d = inputs["disagreement"].to_numpy()
    return utilities, d, models.nash_bargaining(utilities, d), models.pareto_set(utilities)


def _package_chart():
    utilities, d, nash, pareto = _utilities()
    return charts.package_utilities(utilities, d, nash, pareto)


def _venue():
    return data.frame("venue"), data.scale("venue")


#: Every builder, drawn from the course data or from model outputs; built when a test first asks.
BUILDERS = {
    "timeline": lambda: charts.timeline(data.load("events"), data.load("actors")),
    "stance_heatmap": lambda: charts.stance_heatmap(
        data.load("stances"), data.load("actors"), data.load("issues")
    ),
    "relation_matrix": lambda: charts.relation_matrix(data.load("relations"), data.load("actors")),
    "positions": lambda: charts.positions(*_venue()),
    "rounds": lambda: charts.rounds(models.simulate(_venue()[0], rounds=5), _venue()[1]),
    "package_utilities": _package_chart,
    "outcome_probabilities": lambda: charts.outcome_probabilities(
        models.monte_carlo(_venue()[0], n=2000, seed=0), *_venue()
    ),
    "tornado": lambda: charts.tornado(
        models.tornado(_venue()[0], "median"), models.forecast(_venue()[0], "median"), _venue()[1]
    ),
    "claims_by_certainty": lambda: charts.claims_by_certainty(data.load("claims"), data.load("actors")),
    "hurdle_tracker": lambda: charts.hurdle_tracker(data.load("issues")),
}
CHARTS = list(BUILDERS)


@pytest.fixture(scope="module")
def built():
    """``built(name)``: the chart of that builder, built once for the module."""
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = BUILDERS[name]()
        return cache[name]

    return get


@pytest.fixture(scope="module")
def spec(built):
    """``spec(name)``: the chart's Vega-Lite spec (validated against the schema), made once for the module.

    Each test gets its own copy, so no test sees another's changes.
    """
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = built(name).to_dict()  # validates; raises if the spec is invalid
        return copy.deepcopy(cache[name])

    return get


def _walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def _vega_axes(spec):
    vega = vlc.vegalite_to_vega(spec)
    return [
        n
        for n in _walk(vega)
        if isinstance(n, dict)
        and "orient" in n
        and "scale" in n
        and n.get("orient") in {"left", "right", "top", "bottom"}
    ]


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_valid_vega_lite_with_title_and_description(name, spec):
    spec = spec(name)  # validated against the Vega-Lite schema; raises if invalid
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    title = spec.get("title")
    text = title["text"] if isinstance(title, dict) else title
    assert isinstance(text, str) and len(text) > 10, f"{name} needs a title a student understands"
    assert len(spec.get("description", "")) > 40, f"{name} needs a description for screen readers"


@pytest.mark.parametrize("name", CHARTS)
def test_every_visible_axis_has_a_plain_words_title(name, spec):
    axes = [
        a
        for a in _vega_axes(spec(name))
        if a.get("labels", True) is not False and a.get("aria", True) is not False
    ]
    assert axes, f"{name} draws no axis"
    for axis in axes:
        title = axis.get("title")
        text = " ".join(title) if isinstance(title, list) else title
        assert text, f"{name}: the {axis['orient']} axis has no title"
        assert text not in RAW_FIELDS, f"{name}: axis titled with a raw field name {text!r}"


@pytest.mark.parametrize("name", CHARTS)
def test_chart_stays_far_below_the_row_limit(name, spec):
    spec = spec(name)
    rows = sum(len(v) for v in spec.get("datasets", {}).values())
    rows += sum(len(p["value"]) for p in spec.get("params", []) if isinstance(p.get("value"), list))
    assert 0 < rows < 5000


@pytest.mark.parametrize("name", CHARTS)
def test_colours_come_from_the_colour_blind_safe_palette(name, spec):
    spec = spec(name)
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}\b", str(spec)))
    allowed = {c.upper() for c in charts.PALETTE.values()}
    greys = {c for c in colours if len({c[1:].upper()[i : i + 2] for i in (0, 2, 4)}) == 1}
    assert {c.upper() for c in colours - greys} <= allowed


@pytest.mark.parametrize("name", CHARTS)
def test_chart_renders_offline_to_svg(name, spec):
    svg = vlc.vegalite_to_svg(spec(name))
    assert svg.lstrip().startswith("<svg") and "<text" in svg


#: The widest chart a notebook column shows whole: in a 1280-pixel window with the file browser
#: open, JupyterLab's output area is 848 px wide, less its padding and the chart's action button.
#: The browser tests check the notebooks themselves for anything wider than the column.
MAX_CHART_WIDTH = 810


@pytest.mark.parametrize("name", CHARTS)
def test_chart_fits_a_notebook_column(name, built):
    with alt.theme.enable(charts.THEME_NAME):
        svg = vlc.vegalite_to_svg(built(name).to_dict())
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))
    assert width <= MAX_CHART_WIDTH, (
        f"{name} is {width:.0f} px wide; a notebook column shows {MAX_CHART_WIDTH}"
    )


def test_positions_draws_actors_rules_and_anchor_labels(venue):
    frame, scale = venue
    svg = vlc.vegalite_to_svg(charts.positions(frame, scale).to_dict())
    median = models.weighted_median(frame["position"], frame["capability"], frame["salience"])
    for actor in frame["actor"]:
        assert f">{actor}<" in svg
    assert f"weighted median: {median:g}" in svg
    assert "weighted mean: " in svg
    for anchor in scale["anchors"].values():
        assert f">{anchor.split(':')[0]}<" in svg


def test_positions_takes_a_students_frame_with_integer_positions_and_no_scale():
    frame = pd.DataFrame(
        {
            "actor": ["North", "South", "Broker"],
            "position": [10, 90, 60],
            "capability": [3, 2, 1],
            "salience": [0.5, 0.9, 1.0],
        }
    )
    chart = charts.positions(frame)
    values = charts.param_values(chart, by_key=True)
    assert [r["actor"] for r in values["cl_actors"]] == ["North", "South", "Broker"]
    rules = {r["outcome"]: r["value"] for r in values["cl_rules"]}
    assert rules["weighted median"] == models.weighted_median([10, 90, 60], [3, 2, 1], [0.5, 0.9, 1.0])
    assert rules["weighted mean"] == pytest.approx(
        models.weighted_mean([10, 90, 60], [3, 2, 1], [0.5, 0.9, 1.0])
    )


def test_positions_values_are_what_the_builder_puts_in_the_chart(venue):
    frame, scale = venue
    changed = frame.assign(salience=frame["salience"].where(frame["actor"] != "Russia", 0.2))
    chart = charts.positions(changed, scale)
    assert charts.param_values(chart, by_key=True) == charts.positions_values(changed, None, 0, 100)


def test_each_live_chart_s_description_function_gives_the_description_its_builder_gives(venue):
    """A panel redraws a live chart with ``*_values`` and renames it with ``*_description``: for the
    same inputs, the name is the one the builder gives the chart it builds from them."""
    frame, scale = venue
    changed = frame.assign(salience=frame["salience"].where(frame["actor"] != "Russia", 0.0))
    rules = {"weighted median": 60.0, "Condorcet winner": 25.0}
    for args, kwargs in [((changed,), {}), ((changed, scale), {}), ((changed, scale), {"rules": rules})]:
        built = charts.positions(*args, **kwargs).description
        assert charts.positions_description(*args, **kwargs) == built
    assert "Russia at 100 with 0% of the influence" in charts.positions_description(changed, scale)
    assert "Condorcet winner: 25" in charts.positions_description(changed, scale, rules)

    inputs = data.package_inputs()
    utilities = models.package_utilities(inputs["weights"], inputs["terms"], inputs["ideals"])
    for d in (inputs["disagreement"].to_numpy(), [0.45, 1.0]):
        nash = models.nash_bargaining(utilities, d)
        pareto = list(models.pareto_set(utilities))
        built = charts.package_utilities(utilities, d, nash, pareto).description
        assert charts.package_utilities_description(utilities, d, nash, pareto) == built
    assert "0 packages leave both better off" in built  # no deal is worth 1.00 to Azerbaijan

    for seed in (1, 2):
        outcomes = models.monte_carlo(frame, n=2000, salience_sd=0.2, seed=seed)
        built = charts.outcome_probabilities(outcomes, frame, scale).description
        assert charts.outcome_probabilities_description(outcomes, frame, scale) == built
        table = models.tornado(frame, "median", delta=0.05 * seed)
        built = charts.tornado(table, base=60).description
        assert charts.tornado_description(table, base=60) == built


def test_influence_share_in_tooltip_rows_adds_up(venue):
    frame, _ = venue
    rows = charts.positions_values(frame)["cl_actors"]
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)
    shares = models.influence(frame)
    assert {r["actor"]: r["share"] for r in rows} == pytest.approx(shares.to_dict())


@pytest.mark.parametrize(
    "name, table, column",
    [
        ("timeline", "events", "evidence"),
        ("stance_heatmap", "stances", "evidence"),
        ("relation_matrix", "relations", "evidence"),
        ("claims_by_certainty", "claims", "evidence"),
        ("hurdle_tracker", "issues", "evidence"),
    ],
)
def test_fact_charts_carry_the_evidence_quote_in_tooltips(name, table, column, built):
    spec = built(name).to_dict()
    tooltip_fields = {
        t.get("field")
        for n in _walk(spec)
        for t in (n.get("tooltip") or [])
        if isinstance(n.get("tooltip"), list)
        for t in [t]
        if isinstance(t, dict)
    }
    assert column in tooltip_fields
    values = str(spec.get("datasets"))
    quote = data.load(table)[column].iloc[0]
    assert quote.replace("'", "\\'")[:40] in values or quote[:40] in values


def test_timeline_separates_undated_events_and_distinguishes_date_kinds(built):
    events = data.load("events")
    spec = built("timeline").to_dict()
    assert "vconcat" in spec
    text = str(spec)
    for kind in ("stated", "relative", "inferred"):
        assert charts.DATE_KIND_LABELS[kind] in text
    undated = events[events["date_known"] == "undated"]
    assert f"Undated: {len(undated)} events" in text


def test_tornado_reads_the_models_table_and_sorts_by_swing(venue):
    frame, _scale = venue
    table = models.tornado(frame, "median")
    rows = charts.tornado_values(table, 80)["cl_tornado"]
    swings = [r["swing"] for r in rows if r["swing"] is not None]
    assert swings == sorted(swings, reverse=True)
    assert rows[0]["input"] == f"{table.iloc[0]['actor']} {table.iloc[0]['input']}"


def test_outcome_probabilities_sum_to_one_and_name_the_actors(venue):
    frame, scale = venue
    outcomes = models.monte_carlo(frame, n=5000, seed=3)
    rows = charts.outcome_probabilities_values(outcomes, frame, scale)["cl_outcomes"]
    assert sum(r["probability"] for r in rows) == pytest.approx(1.0)
    by_outcome = {r["outcome"]: r for r in rows}
    values, counts = np.unique(outcomes, return_counts=True)
    for v, c in zip(values, counts, strict=False):
        assert by_outcome[v]["probability"] == pytest.approx(c / outcomes.size)
        assert by_outcome[v]["who"] == ", ".join(frame.loc[frame["position"] == v, "actor"])


def test_continuous_outcomes_are_grouped_into_intervals(venue):
    frame, scale = venue
    outcomes = models.monte_carlo(frame, model="mean", n=5000, seed=3)
    rows = charts.outcome_probabilities_values(outcomes, frame, scale, bins=20)["cl_outcomes"]
    assert len(rows) == 20 and all(r["kind"] == "interval" for r in rows)
    assert sum(r["probability"] for r in rows) == pytest.approx(1.0)


def test_package_chart_marks_the_nash_choice_and_the_zone():
    utilities, d, nash, pareto = _utilities()
    rows = charts.package_utilities_values(utilities, d, nash, pareto)["cl_packages"]
    chosen = [r["package"] for r in rows if r["choice"]]
    assert chosen == [str(nash)]
    zone = models.zone_of_agreement(utilities, d)
    assert {r["package"] for r in rows if r["in_zone"] == charts.ZONE_IN} == set(map(str, zone))


@pytest.mark.parametrize(
    "builder, columns",
    [
        (charts.positions, ["actor", "position", "capability", "salience"]),
        (charts.timeline, ["event_id", "description", "date_known", "earliest", "latest"]),
        (charts.stance_heatmap, ["actor_id", "issue_id", "stance"]),
        (charts.relation_matrix, ["source", "target", "sign", "period"]),
        (charts.rounds, ["round", "actor", "position"]),
        (charts.tornado, ["input", "low", "high"]),
        (charts.claims_by_certainty, ["claim_id", "claim", "certainty"]),
    ],
)
def test_a_missing_column_is_named(builder, columns):
    for missing in columns:
        df = pd.DataFrame({c: ["x"] for c in columns if c != missing})
        with pytest.raises(ValueError, match=repr(missing)):
            builder(df)


@pytest.mark.parametrize(
    "builder, columns",
    [
        (charts.positions, ["actor", "position", "capability", "salience"]),
        (charts.timeline, ["event_id", "description", "date_known", "earliest", "latest"]),
        (charts.claims_by_certainty, ["claim_id", "claim", "certainty"]),
        (charts.outcome_probabilities, ["outcome", "probability"]),
    ],
)
def test_an_empty_table_is_refused_in_words(builder, columns):
    with pytest.raises(ValueError, match="empty"):
        builder(pd.DataFrame({c: [] for c in columns}))


def test_too_many_rows_are_refused():
    big = pd.DataFrame({"claim_id": [f"C{i}" for i in range(6000)], "claim": "x", "certainty": "hedged"})
    with pytest.raises(ValueError, match="6,000 rows"):
        charts.claims_by_certainty(big)


def test_a_non_number_position_is_named():
    frame = pd.DataFrame(
        {"actor": ["A", "B"], "position": [10, "far"], "capability": [1, 1], "salience": [1, 1]}
    )
    with pytest.raises(ValueError, match=r"'position'.*'far'"):
        charts.positions(frame, rules={})


def test_unknown_categories_are_named():
    stances = pd.DataFrame({"actor_id": ["a"], "issue_id": ["b"], "stance": ["maybe"]})
    with pytest.raises(ValueError, match="'maybe'"):
        charts.stance_heatmap(stances)


def test_package_chart_needs_two_parties():
    with pytest.raises(ValueError, match="two parties"):
        charts.package_utilities(pd.DataFrame({"A": [0.5]}, index=["p"]), [0.1])


def test_charts_can_still_be_adjusted_by_a_notebook(venue):
    frame, scale = venue
    chart = charts.positions(frame, scale).properties(width=700)
    assert chart.to_dict()["width"] == 700
    layered = charts.rounds(models.simulate(frame, rounds=3)) + alt.Chart(
        pd.DataFrame({"y": [50]})
    ).mark_rule().encode(y="y:Q")
    layered.to_dict()


def test_course_theme_is_registered_and_uses_the_palette():
    assert charts.THEME_NAME in alt.theme.names()
    config = charts.course_theme()["config"]
    assert set(config["range"]["category"]) <= set(charts.PALETTE.values())


def test_relation_matrix_axes_use_an_acronym_for_a_long_name_and_tooltips_the_full_name():
    actors = data.load("actors")
    relations = data.load("relations")
    spec = charts.relation_matrix(relations, actors).to_dict()
    rows = pd.DataFrame(next(iter(spec["datasets"].values())))
    long_names = actors[actors["name"].str.len() > charts.SHORT_NAME].set_index("actor_id")
    shown = rows[rows["target"].isin(long_names.index)]
    assert len(shown), "the course's relations name an actor with a long name"
    for _, row in shown.iterrows():
        full = long_names.loc[row["target"], "name"]
        aliases = long_names.loc[row["target"], "aliases"].split(";")
        assert row["to"] == full
        assert row["to_label"] in aliases and row["to_label"].isupper() and len(row["to_label"]) < len(full)
    short = rows[~rows["target"].isin(long_names.index)]
    assert (short["to_label"] == short["to"]).all()
