"""conflictlab.setup(): the course theme and offline chart rendering, one status line."""

import re
from importlib import metadata

import altair as alt
import pandas as pd
import pytest

import conflictlab
from conflictlab import _setup, charts

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def fresh(monkeypatch):
    """Run each test from a kernel that has not called setup() yet; restore altair after."""
    renderer, options, theme = alt.renderers.active, dict(alt.renderers.options), alt.theme.active
    monkeypatch.setattr(_setup, "_last", None)
    yield
    alt.renderers.enable(renderer, **options)
    alt.theme.enable(theme)


def _chart():
    return alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")


def test_default_altair_renderer_loads_vega_from_the_internet():
    """The trap setup() exists for: the default renderer's output needs a CDN."""
    with alt.renderers.enable("default"):
        bundle = _chart()._repr_mimebundle_()
    html = bundle[0]["text/html"] if isinstance(bundle, tuple) else bundle["text/html"]
    assert "cdn.jsdelivr.net" in html


def test_setup_prints_one_line_saying_charts_render_offline(fresh, capsys):
    conflictlab.setup()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    line = lines[0]
    assert "charts render offline" in line
    assert line.startswith(f"conflictlab {conflictlab.__version__} ready")
    assert f"ipywidgets {metadata.version('ipywidgets')}" in line
    assert f"jupyterlab_widgets {metadata.version('jupyterlab_widgets')}" in line


def test_after_setup_a_chart_is_a_widget_whose_javascript_is_bundled(fresh, capsys):
    conflictlab.setup()
    assert alt.renderers.active == "conflictlab"
    assert alt.JupyterChart._is_offline
    bundle = _chart()._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert WIDGET_VIEW in data and "text/html" not in data
    # What the browser receives: the widget's JavaScript, with no import from a web server.
    esm = alt.JupyterChart(_chart())._esm
    assert len(esm) > 100_000
    assert not re.search(r"""import[^;]*from\s*["']https?://""", esm)
    assert "esm.sh" not in esm


def test_setup_enables_the_course_theme(fresh, capsys):
    conflictlab.setup()
    assert alt.theme.active == charts.THEME_NAME
    spec = _chart().to_dict()
    assert spec["config"]["range"]["category"] == charts.CATEGORY


def test_setup_twice_prints_the_same_line_and_keeps_the_renderer(fresh, capsys):
    conflictlab.setup()
    conflictlab.setup()
    first, second = capsys.readouterr().out.splitlines()
    assert first == second
    assert _setup.status().offline


def test_quiet_setup_prints_nothing(fresh, capsys):
    conflictlab.setup(quiet=True)
    assert capsys.readouterr().out == ""
    assert "charts render offline" in _setup.status().line


def test_setup_says_plainly_when_charts_cannot_render_offline(fresh, capsys, monkeypatch):
    def no_vl_convert(cls=None, offline=True):
        raise ImportError("No module named 'vl_convert'", name="vl_convert")

    monkeypatch.setattr(alt.JupyterChart, "enable_offline", classmethod(no_vl_convert))
    alt.renderers.enable("default")
    conflictlab.setup()
    line = capsys.readouterr().out.strip()
    assert "\n" not in line
    assert "charts render offline" not in line
    assert "cannot render offline" in line
    assert "the vl-convert-python package is not installed" in line
    assert "pip install" in line and "restart the kernel" in line
    assert alt.renderers.active == "default"  # left on the renderer that works online
    assert not _setup.status().offline


def test_setup_reports_a_missing_widget_extension_package(fresh, capsys, monkeypatch):
    real = metadata.version

    def version(name):
        if name == "jupyterlab_widgets":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(_setup.metadata, "version", version)
    conflictlab.setup()
    line = capsys.readouterr().out
    assert "without jupyterlab_widgets" in line and "conflictlab.doctor()" in line


def test_the_offline_chart_bundle_is_cached_and_reused(tmp_path):
    """The second kernel takes altair's offline JavaScript from the cache, unchanged."""
    import subprocess
    import sys

    script = f"""
import hashlib, sys
from pathlib import Path
import conflictlab._setup as s
s._offline_cache_file = lambda: Path({str(tmp_path)!r}) / "bundle.js"
if sys.argv[1] == "second":
    import vl_convert
    def refuse(*a, **k):
        raise AssertionError("bundled again instead of using the cache")
    vl_convert.javascript_bundle = refuse
s.setup(quiet=True)
import altair as alt
assert s.status().offline, s.status().problem
print(hashlib.sha256(alt.JupyterChart._esm.encode()).hexdigest())
"""
    first = subprocess.run(
        [sys.executable, "-c", script, "first"], capture_output=True, text=True, check=True
    )
    assert (tmp_path / "bundle.js").stat().st_size > 100_000
    second = subprocess.run([sys.executable, "-c", script, "second"], capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout


def test_setup_starts_fast_without_jsonschemas_iri_checker_and_charts_still_validate():
    import subprocess
    import sys

    script = """
import sys, time
import conflictlab
t = time.perf_counter()
conflictlab.setup(quiet=True)
import altair as alt, pandas as pd, jsonschema
assert sys.modules.get("rfc3987_syntax") is None, "the slow IRI checker was imported"
alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()  # validates
try:
    alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x=alt.X("x:Q", bin="yes")).to_dict()
except Exception as exc:
    print("invalid spec refused:", type(exc).__name__)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "invalid spec refused" in out.stdout
