"""Every reading copy (``conflictlab handouts``) in Chromium: axe-core finds no WCAG 2.1 A/AA
violation on the whole page, each chart is an image with a name and a description followed by its
data table, nothing is fetched from the network, and at 200% zoom nothing needs sideways scrolling.

The pages are built once per session (the ``handouts`` fixture in tests/conftest.py); each page's
figures go to ``test-artifacts/accessibility/handouts__<lesson>.json``.
"""

from __future__ import annotations

import re

import pytest
from lab_harness import AXE_SCRIPT, AXE_TAGS, REPO, AxeScan, record_scan
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LESSONS = sorted((REPO / "lessons").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture
def offline_page(browser):
    """A page that may read files only: any request to the network is refused and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    asked: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            asked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.asked = asked
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_handout_meets_wcag_21_aa_offline_and_reflows(lesson, handouts, offline_page):
    path = handouts / f"{lesson.stem}.html"
    assert path.exists(), f"no reading copy of {lesson.name}"
    page = offline_page
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert not page.asked, f"{path.name} asked the network for {page.asked}"

    page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
    result = page.evaluate("(options) => axe.run(document, options)", options)
    scan = AxeScan(f"handouts/{path.name}", result, {})
    record_scan(scan, "handout")
    assert scan.rules_checked > 20, f"axe ran only {scan.rules_checked} rules on {path.name}"
    assert not scan.course_violations, f"{path.name}:\n" + "\n".join(scan.course_violations)

    # Each chart: an image named by its title and described by its caption, then its data table.
    charts = page.locator("figure.conflictlab-figure > svg")
    for i in range(charts.count()):
        svg = charts.nth(i)
        assert svg.get_attribute("role") == "img"
        name = svg.get_attribute("aria-label") or ""
        described = page.locator(f"#{svg.get_attribute('aria-describedby')}").inner_text().strip()
        assert name and described, f"{path.name}: chart {i + 1} has no name or no description"
        snapshot = svg.aria_snapshot()
        assert re.match(r"- '?img \"([^\"]*)\"", snapshot).group(1) == name, snapshot[:200]
        expect(svg).to_have_accessible_name(name)
        expect(svg).to_have_accessible_description(described)
        table = (
            page.locator("figure.conflictlab-figure").nth(i).locator("xpath=following-sibling::details[1]")
        )
        assert table.locator("summary").inner_text().startswith("Data table: ")
        assert table.locator("table th").count() >= 2

    # 200% zoom: the page laid out 640 pixels wide needs no sideways scrolling.
    page.set_viewport_size({"width": 640, "height": 900})
    page.wait_for_timeout(200)
    wide = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert wide[0] <= wide[1] + 1, f"{path.name} is {wide[0]} px wide at a 640-px window (200% zoom)"
