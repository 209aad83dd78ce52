"""How a chart is shown: the chart, then its data table in a <details> whose summary names it.

One design for every chart builder, applied in one place (the renderer ``conflictlab.setup()``
enables): checked here for every builder, in the notebook form (a widget: chart and table) and in
the reading-copy form (inline SVG with role="img", name and description, then the table).
"""

import re
from html.parser import HTMLParser

import altair as alt
import ipywidgets as w
import pandas as pd
import pytest

import conflictlab
from conflictlab import _setup, charts
from conflictlab.widgets import figure as fig
from test_charts import BUILDERS, CHARTS

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class _Tags(HTMLParser):
    """The start tags of a page with their attributes, and the text of each element by tag."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        for tag in self._open:
            self.text[tag] = self.text.get(tag, "") + data


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _title(spec):
    title = spec["title"]
    return title["text"] if isinstance(title, dict) else title


@pytest.fixture(scope="module")
def specs():
    cache = {}

    def get(name):
        if name not in cache:
            with alt.theme.enable(charts.THEME_NAME):
                cache[name] = BUILDERS[name]().to_dict()
        return cache[name]

    return get


@pytest.mark.parametrize("name", CHARTS)
def test_the_data_table_is_in_a_collapsed_details_whose_summary_names_it(name, specs):
    spec = specs(name)
    page = charts.data_details(spec)
    parsed = _parse(page)
    details = [attrs for tag, attrs in parsed.tags if tag == "details"]
    assert len(details) == 1 and "open" not in details[0]
    summary = parsed.text["summary"]
    assert summary.startswith("Data table: ") and _title(spec)[:25] in summary
    rows = len(charts.table_of(spec).frame)
    assert f"({rows} row" in summary
    assert sum(1 for tag, _ in parsed.tags if tag == "tr") == rows + 1  # the header row and the rows
    assert all(attrs.get("scope") == "col" for tag, attrs in parsed.tags if tag == "th")


@pytest.mark.parametrize("name", CHARTS)
def test_the_static_figure_is_inline_svg_named_and_described_then_its_table(name, specs):
    spec = specs(name)
    page = charts.figure_html(spec)
    parsed = _parse(page)
    svg = next(attrs for tag, attrs in parsed.tags if tag == "svg")
    assert svg["role"] == "img"
    assert svg["aria-label"] == _title(spec)
    described = svg["aria-describedby"]
    caption = next(attrs for tag, attrs in parsed.tags if tag == "figcaption")
    assert caption["id"] == described
    assert parsed.text["figcaption"] == spec["description"]
    assert page.index("<svg") < page.index("<details")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/", "")
    assert "https://" not in page


def test_two_figures_on_one_page_have_different_ids(specs):
    first, second = (charts.figure_html(specs("timeline")) for _ in range(2))
    ids = re.findall(r'\sid="([^"]+)"', first + second)
    assert len(ids) == len(set(ids)) == 2


def test_a_chart_without_tooltips_is_shown_without_a_table():
    chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
    assert charts.data_details(chart) == ""
    assert "<details" not in charts.figure_html(chart)


@pytest.fixture
def fresh(monkeypatch):
    renderer, options, theme = alt.renderers.active, dict(alt.renderers.options), alt.theme.active
    monkeypatch.setattr(_setup, "_last", None)
    yield
    alt.renderers.enable(renderer, **options)
    alt.theme.enable(theme)


@pytest.mark.parametrize("name", CHARTS)
def test_in_a_notebook_every_chart_is_shown_as_the_chart_then_its_table(name, fresh, capsys, specs):
    conflictlab.setup(quiet=True)
    bundle = BUILDERS[name]()._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    box = w.Widget.widgets[data[WIDGET_VIEW]["model_id"]]
    chart, label, table = box.children
    assert isinstance(chart, fig.CourseChart) and isinstance(table, w.HTML)
    assert label.label == _title(specs(name))
    assert f'<caption id="{label.described_by}">' in table.value
    assert chart.embed_options == {"renderer": "svg", "actions": False}
    assert table.value.startswith('<details class="conflictlab-chart-data"><summary>Data table: ')
    assert "max-width: 100%" in chart._css


def test_reading_copies_draw_charts_in_the_kernel(fresh, capsys, monkeypatch):
    monkeypatch.setenv(_setup.STATIC_CHARTS_ENV, "1")
    conflictlab.setup(quiet=True)
    bundle = BUILDERS["hurdle_tracker"]()._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert WIDGET_VIEW not in data
    assert data["text/html"].startswith('<figure class="conflictlab-figure"><svg role="img"')


def test_a_table_is_shown_as_pandas_shows_it_inside_a_block_that_lets_it_wrap():
    frame = pd.DataFrame({"a_very_long_column_name_without_spaces": range(100)})
    shown = charts.display.frame_html(frame)
    assert shown.startswith('<div class="conflictlab-frame"><style>')
    assert "overflow-wrap:anywhere" in shown
    assert frame._repr_html_() in shown  # pandas' own rows and display options (60 rows at most)
    assert shown.count("<tr>") < 100
