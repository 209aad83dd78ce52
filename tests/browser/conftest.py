"""One JupyterLab server and one headless Chromium for every browser test.

Fixtures
--------
``chromium``     the browser's path; skips the browser tests (with the reason)
                 when there is none, except under ``CI=true``, where that fails.
``lab_server``   JupyterLab from this environment, rooted at the repository
                 (see ``lab_harness.LabServer``); stopped, with every kernel,
                 at the end of the session even after a failure.
``browser``      Playwright's Chromium, launched once.
``lab``          the page showing JupyterLab (``lab_harness.Lab``).
``open_notebook`` opens a notebook for one test; afterwards it saves a
                 screenshot if the test failed, shuts the notebook's kernel down,
                 closes it without saving, and checks the file on disk is unchanged.

Screenshots of failed notebooks go to ``test-artifacts/browser/``, with a
``timings.json`` of every notebook's times; the times are also printed at the
end of the run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lab_harness import (
    ACCESSIBILITY,
    AXE_RECORDS,
    CHROMIUM_FLAGS,
    REPO,
    TIMINGS,
    Lab,
    LabServer,
    axe_summary,
    file_digest,
    find_chromium,
)

# The harness's own notebooks are not course notebooks: nbval must not run
# them (one of them fails on purpose).
collect_ignore_glob = ["fixtures/*"]

ARTIFACTS = REPO / "test-artifacts" / "browser"
DEMO = REPO / "lessons" / "panels_demo.ipynb"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


BROWSER_TESTS = Path(__file__).resolve().parent


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Run the browser tests last.

    Playwright's sync API keeps an asyncio event loop running in the main thread
    from the browser's launch until it closes at the end of the session; code
    that calls ``asyncio.run()`` meanwhile (nbclient, the grader) would fail.
    """
    browser = [item for item in items if BROWSER_TESTS in Path(str(item.path)).resolve().parents]
    if browser and len(browser) < len(items):
        rest = [item for item in items if BROWSER_TESTS not in Path(str(item.path)).resolve().parents]
        items[:] = rest + browser


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    notebook = getattr(item, "funcargs", {}).get("ran_notebook")
    if report.when == "call" and report.failed and notebook is not None and not notebook.closed:
        # The page as it is when the test fails: after Run All for a notebook's own test,
        # after the slider moves for a panel's.
        kind = getattr(item.function, "panel_kind", None)
        own = item.originalname == "test_notebook_runs_and_draws_every_chart_and_widget"
        suffix = "" if own else f"-{kind}-panel" if kind else f"-{item.originalname.removeprefix('test_')}"
        name = artefact_name(notebook.path) + suffix
        try:
            print(f"screenshot: {notebook.screenshot(ARTIFACTS / f'{name}.png')}")
        except Exception as exc:  # the evidence is a bonus; the failure is already reported
            print(f"no screenshot of {notebook.path}: {exc}")
    return report


@pytest.fixture(scope="session")
def chromium() -> str:
    path = find_chromium()
    problem = None
    if path is None and os.environ.get("CONFLICTLAB_CHROMIUM"):
        problem = f"CONFLICTLAB_CHROMIUM={os.environ['CONFLICTLAB_CHROMIUM']} is not an executable browser"
    elif path is None:
        problem = (
            "Chromium was not found (looked for /usr/bin/chromium and 'chromium' on PATH); "
            "install it with 'apt-get install chromium' to run the browser tests"
        )
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the Python package 'playwright' is not installed (pip install -e '.[test]')"
    if problem:
        if in_ci():
            pytest.fail(f"CI=true, so the browser tests must run, but {problem}", pytrace=False)
        pytest.skip(f"browser tests skipped: {problem}")
    return path


@pytest.fixture(scope="session")
def lab_server(chromium, tmp_path_factory):
    server = LabServer(REPO, tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a new, empty profile folder and removes it afterwards.
        chrome = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield chrome
        finally:
            chrome.close()


@pytest.fixture(scope="session")
def lab(browser, lab_server):
    page = Lab(browser, lab_server)
    try:
        yield page
    finally:
        page.close()


def artefact_name(path: str) -> str:
    rel = Path(path)
    return f"{rel.parent.name}-{rel.stem}"


class NotebookGuard:
    """Opens notebooks for a test and cleans up after it, whatever happened."""

    def __init__(self, lab: Lab) -> None:
        self.lab = lab
        self.opened = []
        self.digests: dict[Path, str] = {}

    def open(self, path):
        path = Path(path).resolve()
        self.digests[path] = file_digest(path)
        notebook = self.lab.open(path)
        self.opened.append(notebook)
        return notebook

    def finish(self, failed: bool, screenshot: bool | None = None) -> list[str]:
        """Screenshot (after a failure), shut kernels down, close; return what went wrong."""
        problems = []
        for notebook in self.opened:
            if failed if screenshot is None else screenshot:
                try:
                    shot = notebook.screenshot(ARTIFACTS / f"{artefact_name(notebook.path)}.png")
                    print(f"screenshot: {shot}")
                except Exception as exc:  # the evidence is a bonus; the failure is already reported
                    print(f"no screenshot of {notebook.path}: {exc}")
            try:
                notebook.close()
            except Exception as exc:
                problems.append(f"{notebook.path} did not close cleanly: {exc}")
                failed = True
        if failed:
            self.lab.reset()  # a fresh page for the next notebook
        for notebook in self.opened:
            left = [s for s in self.lab.server.sessions() if s.get("path") == notebook.path]
            if left:
                problems.append(f"{notebook.path}: its kernel is still running after the test")
        for path, digest in self.digests.items():
            if file_digest(path) != digest:
                problems.append(f"{path.relative_to(REPO)} was changed on disk by the browser test")
        return problems


@pytest.fixture
def open_notebook(lab, request):
    """``open_notebook(path)`` -> ``lab_harness.OpenNotebook``, cleaned up after the test."""
    guard = NotebookGuard(lab)
    yield guard.open
    report = getattr(request.node, "rep_call", None)
    problems = guard.finish(failed=report is None or report.failed)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def ran_notebook(lab, request):
    """A course notebook (``request.param``) opened and run once, with its report in
    ``.report``, for every test that uses it: pytest groups the tests of one notebook
    (its own checks, then its panels), so each notebook runs once and only one is open
    at a time. A screenshot is taken when one of them fails (see the hook above)."""
    guard = NotebookGuard(lab)
    failures_before = request.session.testsfailed
    completed = False
    try:
        notebook = guard.open(request.param)
        notebook.run_all()
        notebook.report = notebook.check(require_setup=True)
        yield notebook
        completed = True
    finally:
        failed = not completed or request.session.testsfailed > failures_before
        problems = guard.finish(failed=failed, screenshot=not completed)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def demo(lab):
    """The panels' tour (``lessons/panels_demo.ipynb``), run once for a test module that
    drives its panels, and closed after it."""
    notebook = lab.open(DEMO)
    try:
        notebook.run_all()
        report = notebook.check()
        assert not report.problems, report.summary()
        yield notebook
    finally:
        notebook.close()


def pytest_terminal_summary(terminalreporter):
    if AXE_RECORDS:
        figures = axe_summary(AXE_RECORDS)
        terminalreporter.section("accessibility: axe-core, WCAG 2.1 A and AA")
        terminalreporter.write_line(
            f"{figures['pages']} pages scanned ({figures['notebooks']} notebooks after Run All, "
            f"{figures['handouts']} reading copies), {figures['rules_checked']} rules checked; "
            f"course content: {figures['course_violations']} violations; JupyterLab's interface: "
            f"{figures['jupyterlab_elements']} elements on {figures['jupyterlab_pages_with_violations']} pages "
            f"break {len(figures['jupyterlab_rules_violated'])} rules "
            f"({', '.join(figures['jupyterlab_rules_violated']) or 'none'})"
        )
        ACCESSIBILITY.mkdir(parents=True, exist_ok=True)
        (ACCESSIBILITY / "summary.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    if not TIMINGS:
        return
    rows = list(TIMINGS)
    tr = terminalreporter
    tr.section("browser: seconds per notebook (open + kernel, run all, draw, close)")
    for t in rows:
        tr.write_line(
            f"{t.total_s:6.1f}  = {t.open_s:5.1f} + {t.run_s:5.1f} + {t.render_s:5.1f} + "
            f"{t.close_s:4.1f}   charts {t.charts or '-':>5}   {t.notebook}"
        )
    total = sum(t.total_s for t in rows)
    tr.write_line(
        f"{len(rows)} notebook runs, {total:.1f} s in all, {total / len(rows):.1f} s per notebook on average"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.json").write_text(
        json.dumps(
            [
                dict(
                    notebook=t.notebook,
                    open_s=round(t.open_s, 2),
                    run_s=round(t.run_s, 2),
                    render_s=round(t.render_s, 2),
                    close_s=round(t.close_s, 2),
                    total_s=round(t.total_s, 2),
                    charts=t.charts,
                )
                for t in rows
            ],
            indent=1,
        )
    )
