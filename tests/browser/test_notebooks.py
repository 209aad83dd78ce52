"""Every lesson and every answer key, run in JupyterLab as a student runs it.

For each notebook in ``lessons/``, ``exercises/`` and ``solutions/`` (found when the tests are
collected, so a new notebook is covered the moment it is added): open it,
choose Run > Run All Cells, wait until the kernel is idle and every cell has
run, then check what is on the page:

* no error and nothing on stderr in any output, and no cell left unrun;
* every altair chart drawn (an ``svg``/``canvas`` in its ``.vega-embed``; the
  number drawn equals the number the outputs and widgets hold), and no
  "Error loading script" or "If you see this message" anywhere;
* every widget drawn (no "Error displaying widget", no error box);
* the first code cell calls ``conflictlab.setup()`` and reports that charts
  render offline;
* nothing was fetched from the network;
* axe-core finds no WCAG 2.1 A or AA violation in course content (JupyterLab's own interface is
  recorded in ``test-artifacts/accessibility/``, not failed on);
* at 200% zoom (a 640-pixel window) no output needs sideways scrolling.

The notebook's kernel is shut down afterwards and the file is checked to be
unchanged on disk (see ``conftest.ran_notebook``).
"""

from __future__ import annotations

import pytest
from lab_harness import REPO, record_scan

pytestmark = pytest.mark.browser

COURSE_FOLDERS = ("lessons", "exercises", "solutions")


def course_notebooks() -> list:
    found = []
    for folder in COURSE_FOLDERS:
        found.extend(sorted((REPO / folder).glob("*.ipynb")))
    return found


# The notebook is run by the session-scoped ``ran_notebook`` fixture (conftest.py),
# shared with the panel tests of the same notebook.
@pytest.mark.parametrize(
    "ran_notebook",
    course_notebooks(),
    indirect=True,
    scope="session",
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_notebook_runs_and_draws_every_chart_and_widget(ran_notebook):
    report = ran_notebook.report
    print(report.summary())
    assert not report.problems, report.summary()
    assert report.charts_drawn == report.charts_expected


@pytest.mark.parametrize(
    "ran_notebook",
    course_notebooks(),
    indirect=True,
    scope="session",
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_course_content_meets_wcag_21_aa(ran_notebook):
    """axe-core finds no WCAG 2.1 A or AA violation in what the course puts on screen.

    Violations in JupyterLab's own interface are recorded in
    ``test-artifacts/accessibility/<notebook>.json`` (what students meet outside the course's
    control), not failed on.
    """
    scan = ran_notebook.axe()
    record_scan(scan, "notebook")
    assert scan.rules_checked > 20, f"axe ran only {scan.rules_checked} rules on {scan.path}"
    assert not scan.course_violations, f"{scan.path}:\n" + "\n".join(scan.course_violations)


@pytest.mark.parametrize(
    "ran_notebook",
    course_notebooks(),
    indirect=True,
    scope="session",
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_course_output_reflows_at_200_percent_zoom(ran_notebook):
    """At 200% zoom (a 640-pixel layout) no output is cut off or needs sideways scrolling."""
    problems = ran_notebook.reflow_problems()
    assert not problems, f"{ran_notebook.path}:\n" + "\n".join(problems)
