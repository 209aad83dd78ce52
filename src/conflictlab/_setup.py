"""The course set-up call every notebook makes in its first code cell.

``conflictlab.setup()`` does four things, once per kernel:

1. enables the course's chart theme (defined in :mod:`conflictlab.charts`);
2. makes altair draw charts **without a network connection**: it bundles the
   Vega JavaScript that ships inside ``vl-convert-python`` and hands it to
   altair's Jupyter widget (``alt.JupyterChart.enable_offline()``), then
   switches altair to the course's renderer (``conflictlab.widgets.figure``):
   a chart that is the last expression of a cell is drawn by that widget as
   SVG, shrinking to the column, with its data table beneath it in a collapsed
   ``<details>`` (see ``conflictlab.charts.display``);
3. shows tables (pandas DataFrames) so that a wide one wraps to the column
   rather than needing sideways scrolling;
4. prints one status line saying whether charts render offline and which
   widget libraries are installed.

Why this matters: altair's default renderer loads Vega from a web server (a
CDN). Offline, on a filtered campus network or in an exam room the chart cell
stays blank or shows "Error loading script", while every automated notebook
test still passes because a test runner cannot see rendering.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import __version__

__all__ = ["setup", "SetupStatus", "STATIC_CHARTS_ENV"]

#: Set to "1" in a kernel's environment to draw charts as static SVG with their tables, in the
#: kernel (for the reading copies, ``conflictlab handouts``).
STATIC_CHARTS_ENV = "CONFLICTLAB_STATIC_CHARTS"


@dataclass(frozen=True)
class SetupStatus:
    """What :func:`setup` found and did.

    Attributes
    ----------
    offline : bool
        True when charts are drawn from the bundled JavaScript, with no network.
    problem : str
        Empty when ``offline`` is True; otherwise what went wrong, in plain words.
    line : str
        The status line :func:`setup` prints.
    """

    offline: bool
    problem: str
    line: str


#: The last status, kept so a second ``setup()`` in the same kernel is instant.
_last: SetupStatus | None = None


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _widget_stack() -> str:
    ipyw = _version("ipywidgets")
    labw = _version("jupyterlab_widgets")
    if ipyw is None:
        return "widgets: ipywidgets is not installed — run conflictlab.doctor()"
    if labw is None:
        return (
            f"widgets: ipywidgets {ipyw} without jupyterlab_widgets "
            "(sliders will not show in JupyterLab) — run conflictlab.doctor()"
        )
    text = f"widgets: ipywidgets {ipyw} with jupyterlab_widgets {labw}"
    if ipyw.split(".")[0] == "8" and not labw.startswith("3."):
        text += " (these do not match — run conflictlab.doctor())"
    return text


def _offline_cache_file() -> Path:
    """Where the bundled chart JavaScript for these exact versions is kept.

    Bundling it (``alt.JupyterChart.enable_offline()``) takes a second or two
    in every new kernel; the result depends only on the installed altair and
    vl-convert, so it is kept inside the environment, next to the course data.
    """
    versions = f"altair-{_version('altair')}-vlc-{_version('vl-convert-python')}"
    return Path(sys.prefix) / "share" / "conflictlab" / "cache" / f"jupyterchart-{versions}.js"


def _offline_from_cache(alt) -> None:
    """Use the cached bundle, if there is one, instead of bundling again."""
    chart = alt.JupyterChart
    if getattr(chart, "_is_offline", None) is not False or not hasattr(chart, "_esm"):
        return  # already offline, or an altair that works differently: bundle as usual
    try:
        cached = _offline_cache_file().read_text(encoding="utf-8")
    except OSError:
        return
    if cached:
        chart._esm = cached
        chart._is_offline = True


def _save_offline_cache(alt) -> None:
    path = _offline_cache_file()
    esm = getattr(alt.JupyterChart, "_esm", "")
    if path.exists() or not esm or not getattr(alt.JupyterChart, "_is_offline", False):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(esm, encoding="utf-8")
        os.replace(tmp, path)  # atomic: kernels starting together never read half a file
    except OSError:
        pass  # a read-only environment: bundle in each kernel, as altair does


def _enable_offline() -> str:
    """Switch altair to offline rendering; return '' on success or the problem."""
    import altair as alt

    try:
        import anywidget  # noqa: F401
    except ImportError:
        return "the anywidget package is not installed"
    try:
        _offline_from_cache(alt)
        alt.JupyterChart.enable_offline()
        # The widgets load only when a notebook sets up (a course chart is a widget and its table).
        from .widgets.figure import RENDERER, renderer

        alt.renderers.register(RENDERER, renderer)
        alt.renderers.enable(RENDERER)
        _save_offline_cache(alt)
    except ImportError as exc:
        name = getattr(exc, "name", None) or "vl-convert-python"
        if "vl_convert" in str(name) or "vl-convert" in str(exc):
            return "the vl-convert-python package is not installed"
        return f"a package is missing ({exc})"
    except Exception as exc:  # a broken install must not stop the lesson
        return f"altair could not prepare its offline JavaScript ({type(exc).__name__}: {exc})"
    return ""


def _skip_slow_iri_checker() -> None:
    """Keep jsonschema from loading its optional IRI format checker in this kernel.

    ``rfc3987_syntax`` builds about 35 parsers when it is imported, which costs
    over a second at the start of every kernel (jsonschema issue #1428). It only
    checks the ``iri`` and ``iri-reference`` formats, which the Vega-Lite schema
    altair validates against does not use. Marking it as absent before
    jsonschema is first imported makes jsonschema skip those two formats, as it
    does wherever the package is not installed.
    """
    if "jsonschema" not in sys.modules:
        # typeshed types sys.modules as dict[str, ModuleType]; None is the documented import blocker
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _wrap_tables() -> None:
    """Show DataFrames in this kernel with the course's table styles (``charts.display.frame_html``):
    a wide table wraps to the column instead of needing sideways scrolling at 200% zoom."""
    try:
        from IPython import get_ipython
    except ImportError:  # not in IPython: nothing displays tables
        return
    shell = get_ipython()
    if shell is None:
        return
    import pandas as pd

    # Charts (and altair) load only when a notebook sets up, after the IRI checker is skipped.
    from .charts.display import frame_html

    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)


def setup(*, quiet: bool = False, force: bool = False) -> None:
    """Prepare this notebook's kernel for the course.

    Sets the course chart theme and offline chart rendering, then prints one
    line such as::

        conflictlab 0.1.0 ready — charts render offline; widgets: ipywidgets 8.1.9 with jupyterlab_widgets 3.0.17

    If charts cannot be drawn offline the line says so and what to do. The
    call is cheap to repeat: after the first time it only prints the line.

    Parameters
    ----------
    quiet : bool
        Do the set-up without printing the status line.
    force : bool
        Redo the set-up even if it was already done in this kernel.

    Returns
    -------
    None
        The outcome is kept in ``conflictlab._setup.status()``.
    """
    global _last
    if _last is None or force or not _last.offline:
        _skip_slow_iri_checker()
        import altair as alt

        # Charts (and altair) load only when a notebook sets up, after the IRI checker is skipped.
        from .charts import THEME_NAME, register_theme

        register_theme()
        alt.theme.enable(THEME_NAME)
        problem = _enable_offline()
        if os.environ.get(STATIC_CHARTS_ENV) == "1":
            # A reading copy (conflictlab handouts): charts as inline SVG and tables, drawn in the kernel.
            from .charts.display import STATIC_RENDERER, static_renderer

            alt.renderers.register(STATIC_RENDERER, static_renderer)
            alt.renderers.enable(STATIC_RENDERER)
        _wrap_tables()
        stack = _widget_stack()
        if not problem:
            line = f"conflictlab {__version__} ready — charts render offline; {stack}"
        else:
            line = (
                f"conflictlab {__version__} ready, but charts cannot render offline: {problem}. "
                "Charts will only appear with an internet connection. To fix it, run "
                "`pip install anywidget vl-convert-python` in this environment (or `make lab` "
                f"from the course folder), then restart the kernel. {stack}"
            )
        _last = SetupStatus(offline=not problem, problem=problem, line=line)
    if not quiet:
        print(_last.line)


def status() -> SetupStatus | None:
    """The outcome of the last :func:`setup` call in this kernel, or None."""
    return _last
