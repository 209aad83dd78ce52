"""What assistive technology receives, read from the browser's accessibility tree.

* Every chart in every lesson and answer key, after Run All: in Playwright's ARIA snapshot, the
  chart's box is a figure named by the chart's title, the title is in the tree as text, and the
  data table follows as a group named "Data table: <title>"; the figure's accessible description
  holds the chart's description; and in Chromium's own tree (``Accessibility.getPartialAXTree``)
  the chart, Vega's ``graphics-document`` (a role Playwright's snapshot does not know), is named
  by its description. The titles and descriptions expected are those of the charts the kernel sent
  (the widget models), not read from the page's markup. A panel's chart is in Chromium's tree
  with a name (that it is renamed after a keyboard move is checked in ``test_panel_keyboard.py``).
* Every control of every panel in the panels' tour: its accessible name in the ARIA snapshot, and
  its value in Chromium's own accessibility tree (``Accessibility.queryAXTree``): a slider's value
  is the number its read-out shows (to the read-out's precision), a menu's value is the option it
  shows.
"""

from __future__ import annotations

import json
import re

import pytest
from lab_harness import REPO, PanelView, chrome_node
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _shows_charts(path) -> bool:
    """Whether a notebook's code draws a chart or a panel (read from the file)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return bool(re.search(r"\bcharts\.[a-z_]+\(|Panel\b", code))


WITH_CHARTS = [
    p
    for folder in ("lessons", "exercises", "solutions")
    for p in sorted((REPO / folder).glob("[0-9][0-9]_*.ipynb"))
    if _shows_charts(p)
]


def _quoted(text: str) -> str:
    """``text`` as the ARIA snapshot writes a name: whitespace collapsed."""
    return " ".join(text.split())


def _figure_name(line: str) -> str | None:
    """The name in an ARIA snapshot line ``- figure "name":``, which YAML quotes when the name
    holds a colon (``- 'figure "A: b"':``)."""
    if line.startswith("- '"):
        line = "- " + line[3:].rstrip(":").removesuffix("'").replace("''", "'") + ":"
    match = re.fullmatch(r'- figure "(.*)":?', line)
    return match.group(1) if match else None


@pytest.mark.parametrize(
    "ran_notebook",
    WITH_CHARTS,
    indirect=True,
    scope="session",
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_every_chart_has_its_name_description_and_table_in_the_accessibility_tree(ran_notebook):
    notebook = ran_notebook
    page = notebook.page
    expected = notebook.chart_specs()
    assert expected, f"{notebook.path}: no chart in the outputs"
    selector = notebook.within(".jp-OutputArea-output .vega-embed[role='graphics-document']")

    def labels() -> list[str]:
        return page.locator(selector).evaluate_all("els => els.map(e => e.getAttribute('aria-label') || '')")

    for i, spec in enumerate(expected):
        where = f"{notebook.path}, chart {i + 1} ({spec['title'][:40]})"
        if not spec["figure"]:
            continue  # a panel's chart: checked below
        # the chart drawn from this spec: the one whose container Vega labelled with its description
        drawn = notebook.wait_for(
            lambda d=spec["description"]: d in labels() and labels(),
            f"{where}: a drawn chart that carries its description",
            timeout=10,
        )
        index = drawn.index(spec["description"])
        chart = page.locator(selector).nth(index)
        chart.scroll_into_view_if_needed()  # Playwright scrolls every scrolling ancestor and waits
        chart.evaluate("e => e.scrollIntoView({block: 'start'})")  # its top in view, however tall
        # Chromium's tree: the chart (Vega's graphics document) is named by its description
        node = chrome_node(page, f"document.querySelectorAll({selector!r})[{index}]", "graphics-document")
        assert node["role"] == "graphics-document", (where, node)
        assert node["name"] == _quoted(spec["description"]), (where, node)
        # Playwright's ARIA snapshot: the title is in the tree as text
        if spec["title"]:
            assert _quoted(spec["title"]) in chart.aria_snapshot(), f"{where}: no title in the tree"
        # the chart's box is a figure named by its title, described by its table's caption
        box = chart.locator("xpath=ancestor::*[contains(@class, 'conflictlab-figure-box')][1]")
        snapshot = box.aria_snapshot()
        assert _figure_name(snapshot.splitlines()[0]) == _quoted(spec["title"]), f"{where}: {snapshot[:200]}"
        expect(box).to_have_accessible_description(re.compile(re.escape(_quoted(spec["description"])[:80])))
        summary = re.search(r'- group: "(Data table: [^"]*)"', snapshot) or re.search(
            r'- group "(Data table: [^"]*)"', snapshot
        )
        assert summary and _quoted(spec["title"])[:30] in summary.group(1), f"{where}: {snapshot[-300:]}"
    # a panel's chart: in Chromium's tree with a name (its description when the panel drew it; the
    # panel renames it after each move: see test_panel_keyboard.py)
    in_panels = notebook.within(".conflictlab-panel [role='graphics-document']")
    for index in range(page.locator(in_panels).count()):
        page.locator(in_panels).nth(index).scroll_into_view_if_needed()
        node = chrome_node(page, f"document.querySelectorAll({in_panels!r})[{index}]", "graphics-document")
        assert node["role"] == "graphics-document" and node["name"].strip(), (
            notebook.path,
            "panel chart",
            node,
        )
    assert sum(not spec["figure"] for spec in expected) == page.locator(in_panels).count()


def _ax_controls(notebook, kind: str) -> list[dict]:
    """(role, name, value) of every slider, menu and button in the first panel of ``kind``, from
    Chromium's accessibility tree."""
    page = notebook.page
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Accessibility.enable")  # the tree kept up to date from now on, not a cached one
        page.wait_for_timeout(300)
        root = cdp.send(
            "Runtime.evaluate",
            {
                "expression": (
                    f"[...document.querySelectorAll({notebook.within(f'.conflictlab-{kind}-panel')!r})]"
                    ".find(e => e.offsetParent)"
                )
            },
        )["result"]["objectId"]
        found = []
        for role in ("slider", "combobox", "button"):
            for node in cdp.send("Accessibility.queryAXTree", {"objectId": root, "role": role})["nodes"]:
                if node.get("ignored"):
                    continue
                props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
                value = props.get("valuetext") or (node.get("value") or {}).get("value", "")
                found.append(
                    {
                        "role": role,
                        "name": (node.get("name") or {}).get("value", ""),
                        "value": str(value),
                    }
                )
        return found
    finally:
        cdp.detach()


def _shown(panel: PanelView) -> dict[str, dict[str, str]]:
    """For each named slider of the panel: the value its read-out shows and its aria-valuenow."""
    return panel.root.evaluate(
        """el => Object.fromEntries([...el.querySelectorAll('.noUi-handle[aria-label]')].map(h => [
              h.getAttribute('aria-label'),
              {readout: ((h.closest('.widget-slider').querySelector('.widget-readout') || {}).textContent || '').trim(),
               now: h.getAttribute('aria-valuenow') || ''}]))"""
    )


def _same_number(tree_value: str, shown: str) -> bool:
    """Whether the tree's value is the number ``shown`` ("0.90", "30%"), to its precision."""
    digits = shown.replace(",", "").rstrip("%")
    scale = 100 if shown.endswith("%") else 1
    decimals = len(digits.partition(".")[2])
    return abs(float(tree_value) - float(digits) / scale) <= 0.5 * 10**-decimals / scale + 1e-6


@pytest.mark.parametrize("kind", ["influence", "weights", "sensitivity"])
def test_every_panel_control_has_its_name_and_value_in_the_accessibility_tree(demo, kind):
    panel = PanelView(demo, kind)
    panel.root.scroll_into_view_if_needed()
    snapshot = panel.root.aria_snapshot()
    controls = _ax_controls(demo, kind)
    sliders = [c for c in controls if c["role"] == "slider"]
    assert sliders and len(controls) > len(sliders), controls
    for control in controls:
        assert control["name"].strip(), f"a {control['role']} without a name in the {kind} panel"
        assert f'{control["role"]} "{control["name"]}"' in snapshot, control
    assert not re.search(r"- (slider|combobox|button)\s*(\[|:|$)", snapshot, re.M)
    # each slider's value is in the tree (Chromium gives the handle's value as a float)
    shown = _shown(panel)
    for slider in sliders:
        assert slider["value"] and _same_number(slider["value"], shown[slider["name"]]["now"]), (kind, slider)
    # a menu's value is the option it shows
    for menu in (c for c in controls if c["role"] == "combobox"):
        select = panel.root.get_by_role("combobox", name=menu["name"], exact=True)
        option = select.evaluate("s => s.options[s.selectedIndex].textContent")
        assert menu["value"] == option, f"{kind}: {menu['name']} is {menu['value']!r}, shows {option!r}"


@pytest.mark.parametrize("kind", ["influence", "weights", "sensitivity"])
def test_every_slider_value_in_the_tree_is_the_value_its_read_out_shows(demo, kind):
    panel = PanelView(demo, kind)
    panel.root.scroll_into_view_if_needed()
    shown = _shown(panel)
    wrong = [
        f"{c['name']}: {c['value']} in the tree, {shown[c['name']]['readout']!r} shown"
        for c in _ax_controls(demo, kind)
        if c["role"] == "slider" and not _same_number(c["value"], shown[c["name"]]["readout"])
    ]
    assert not wrong, f"{kind}: " + "; ".join(wrong)
