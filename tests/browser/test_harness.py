"""The browser harness sees what a student sees, failures included.

Two small notebooks in ``fixtures/`` prove the machinery before it judges the
course: one where everything draws, and one that shows a student each failure
the course's notebooks are checked for (a chart that needs the internet, a
chart in a format JupyterLab cannot draw, a widget with no front end, text on
stderr, a table wider than the notebook, an exception, and the cells Run All
never reaches). A check that cannot fail would pass the second one.
"""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest
from lab_harness import OFFLINE_PHRASE, REPO

from conflictlab import models

pytestmark = pytest.mark.browser

FIXTURES = REPO / "tests" / "browser" / "fixtures"

# The harness_ok fixture's issue frame (its cell 3), for the expected forecasts.
FRAME = pd.DataFrame(
    {
        "actor": ["Alpha", "Beta", "Gamma"],
        "position": [10.0, 50.0, 90.0],
        "capability": [1.0, 1.0, 2.0],
        "salience": [0.5, 0.5, 0.3],
    }
)


def weighted_mean_with_gamma_salience(salience: float) -> float:
    frame = FRAME.assign(salience=[0.5, 0.5, salience])
    return models.weighted_mean(frame["position"], frame["capability"], frame["salience"])


def test_a_notebook_that_draws_everything_passes(open_notebook):
    notebook = open_notebook(FIXTURES / "harness_ok.ipynb")
    notebook.run_all()
    report = notebook.check(require_setup=False)
    assert report.problems == [], report.summary()
    # A chart as a cell's last expression, one inside a panel, one inside an Output widget.
    assert (report.charts_expected, report.charts_drawn) == (3, 3), report.summary()
    assert (report.widgets_expected, report.widgets_drawn) == (3, 3), report.summary()
    assert OFFLINE_PHRASE in report.setup_text
    # JupyterLab's news question (it pops up a few seconds after start) is switched off.
    time.sleep(max(0.0, notebook.lab.page_loaded_at + 8 - time.monotonic()))
    assert not [t for t in notebook.toasts() if "news" in t.lower()]


def test_every_failure_a_student_could_see_is_reported(open_notebook):
    notebook = open_notebook(FIXTURES / "harness_broken.ipynb")
    notebook.run_all()
    report = notebook.check(require_setup=True)
    text = "\n".join(report.problems)
    expected = [
        r"cell 3 shows 'Error loading script'",
        r"cell 3: 1 of 1 charts not drawn",
        r"cell 4 shows 'If you see this message",
        r"cell 4: 1 of 1 charts not drawn",
        r"cell 5: widget shows an error instead of itself .*conflictlab-no-such-extension",
        r"cell 6 wrote to stderr .*a warning a student should not see",
        r"cell 6: its output is \d+ px wide in a \d+-px column",
        r"cell 7 shows an error: ZeroDivisionError",
        r"cell 8 did not run",
        r"does not call conflictlab\.setup\(\)",
        r"set-up cell does not report 'charts render offline'",
        r"asked for a file from the network: https://cdn\.jsdelivr\.net/",
    ]
    missing = [pattern for pattern in expected if not re.search(pattern, text)]
    assert not missing, f"not reported: {missing}\nreported:\n{text}"
    assert report.charts_drawn == 0 and report.charts_expected == 2, report.summary()


def test_a_slider_moved_with_the_keyboard_updates_the_sentence_and_the_chart(open_notebook):
    notebook = open_notebook(FIXTURES / "harness_ok.ipynb")
    notebook.run_all()
    assert notebook.check(require_setup=False).problems == []
    slider = notebook.slider("conflictlab-input-gamma-salience")
    assert slider.value() == pytest.approx(0.30)
    before = notebook.chart_markup(".conflictlab-chart")

    for keys, salience in [(("ArrowRight",), 0.35), (("End",), 1.0), (("Home",), 0.0)]:
        assert slider.press(*keys) == pytest.approx(salience)
        expected = weighted_mean_with_gamma_salience(salience)
        shown = notebook.wait_for(
            lambda expected=expected: (
                _number(notebook.text(".conflictlab-forecast-value")) == pytest.approx(expected, abs=0.05)
            ),
            f"the sentence to show {expected:.1f} after {keys}",
        )
        assert shown
        notebook.wait_for(
            lambda expected=expected: any(
                _mark_value(label, "weighted mean") == pytest.approx(expected, abs=1e-6)
                for label in notebook.aria_labels(".conflictlab-chart")
            ),
            f"the chart's rule to move to {expected:.4f} after {keys}",
        )
    assert notebook.chart_markup(".conflictlab-chart") != before


def test_a_notebook_reads_only_its_own_tab_when_another_is_open(open_notebook):
    """Another notebook open in a hidden tab (a test module holds one open while others run)
    draws the same classes; every query of a notebook stays in its own tab."""
    other = open_notebook(REPO / "lessons" / "panels_demo.ipynb")
    other.run_all()
    notebook = open_notebook(FIXTURES / "harness_ok.ipynb")
    notebook.run_all()
    assert notebook.check(require_setup=False).problems == []
    page_wide = notebook.page.locator(".conflictlab-forecast-value").count()
    assert page_wide > len(notebook.page.locator(notebook.within(".conflictlab-forecast-value")).all())
    expected = weighted_mean_with_gamma_salience(0.30)
    assert _number(notebook.text(".conflictlab-forecast-value")) == pytest.approx(expected, abs=0.05)
    assert notebook.slider("conflictlab-input-gamma-salience").value() == pytest.approx(0.30)
    marks = [_mark_value(label, "weighted mean") for label in notebook.aria_labels(".conflictlab-chart")]
    assert [m for m in marks if m is not None] == [pytest.approx(expected, abs=1e-6)]


def _number(text: str) -> float | None:
    match = re.search(r"-?\d+(?:\.\d+)?", text)
    return float(match.group()) if match else None


def _mark_value(label: str, field: str) -> float | None:
    """The number a chart mark's accessible label gives for ``field`` ("field: 52.5")."""
    match = re.search(rf"(?:^|; ){re.escape(field)}: (-?\d+(?:\.\d+)?)", label)
    return float(match.group(1)) if match else None
