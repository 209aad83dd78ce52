"""Reading copies of the lessons: one standalone, offline, accessible HTML page per lesson.

``conflictlab handouts`` (``make handouts``) runs each lesson top to bottom in a fresh kernel,
leaves out the instructor cells, and writes ``build/handouts/NN_name.html``: for students who use
a screen reader, who print, or who read without a kernel. Only ``lessons/`` is read: a handout
carries no solutions, and a lesson cell holding a solution marker stops the build.

What makes the pages accessible (and what the browser tests check with axe-core):

* charts are inline SVG, drawn by Vega in the kernel (``conflictlab.charts.figure_html``), with
  the role ``img``, the chart's title as its accessible name and its description as its
  accessible description (and a visible caption), and the chart's data as a table beneath it;
* formulas are MathML (read by screen readers and drawn by browsers without any script);
* an interactive panel, which needs a kernel, becomes a boxed note with its current result;
* the page loads nothing from the network: no script, no font, no style sheet from elsewhere.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import latex2mathml.converter
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from .._setup import STATIC_CHARTS_ENV
from ..charts.display import FIGURE_CSS
from .markers import LOOSE, cell_source, is_instructor

__all__ = ["HANDOUT_TEMPLATE", "HandoutError", "build_handouts", "handout_html", "math_to_mathml"]

#: The nbconvert template of the reading copies (it extends JupyterLab's own "lab" template).
HANDOUT_TEMPLATE = Path(__file__).parent / "templates" / "handout"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\w$])")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)


def math_to_mathml(markdown: str) -> str:
    """Replace ``$…$`` and ``$$…$$`` formulas in Markdown by MathML, leaving code untouched.

    Examples
    --------
    >>> "<math" in math_to_mathml("The score is $p^2$.")
    True
    >>> math_to_mathml("Costs `$5` and $5.")
    'Costs `$5` and $5.'
    """

    def convert(text: str) -> str:
        text = _DISPLAY_MATH.sub(
            lambda m: "\n\n" + latex2mathml.converter.convert(m.group(1).strip(), display="block") + "\n\n",
            text,
        )
        return _INLINE_MATH.sub(lambda m: latex2mathml.converter.convert(m.group(1).strip()), text)

    parts = _CODE.split(markdown)
    return "".join(part if i % 2 else convert(part) for i, part in enumerate(parts))


def _panel_note(output: dict[str, Any]) -> dict[str, Any]:
    """A panel's output, which needs a running kernel, as a boxed note for the reading copy."""
    data = output.get("data", {})
    if "text/html" in data:
        return nbformat.v4.new_output("display_data", data={"text/html": data["text/html"]})
    text = str(data.get("text/plain", "")).split("\n(If you see this text", 1)[0].strip()
    name, _, sentence = text.partition(": ")
    body = (
        '<aside class="conflictlab-handout-panel" role="note">'
        f"<p><strong>Interactive panel ({html.escape(name)}).</strong> "
        "Open this lesson in JupyterLab to move its sliders.</p>"
        + (f"<p>With the coded values: {html.escape(sentence)}</p>" if sentence else "")
        + "</aside>"
    )
    return nbformat.v4.new_output("display_data", data={"text/html": body})


class HandoutError(ValueError):
    """A lesson that cannot become a reading copy (it holds a solution)."""


def _prepare(nb: Any, name: str = "the lesson") -> Any:
    """Leave out instructor cells, turn panels into notes and formulas into MathML."""
    nb.cells = [c for c in nb.cells if not is_instructor(c)]
    nb.metadata.pop("widgets", None)  # the panels' state: a page without a kernel has no use for it
    for number, cell in enumerate(nb.cells, start=1):
        if LOOSE.search(cell_source(cell.get("source", ""))):
            raise HandoutError(
                f"{name}, cell {number}: it holds a solution marker; a reading copy carries no solutions."
            )
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = math_to_mathml(cell.source)
        elif cell.cell_type == "code":
            cell.outputs = [
                _panel_note(o) if WIDGET_MIME in o.get("data", {}) else o
                for o in cell.outputs
                if o.get("output_type") != "stream" or o.get("name") != "stderr"
            ]
    return nb


def _execute(path: Path, timeout: int) -> Any:
    nb = nbformat.read(path, as_version=4)
    previous = os.environ.get(STATIC_CHARTS_ENV)
    os.environ[STATIC_CHARTS_ENV] = "1"  # the kernel inherits it: charts are drawn as SVG
    try:
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        )
        client.execute()
    finally:
        if previous is None:
            os.environ.pop(STATIC_CHARTS_ENV, None)
        else:
            os.environ[STATIC_CHARTS_ENV] = previous
    return nb


def handout_html(nb: Any, title: str) -> str:
    """The reading copy of an executed lesson notebook, as one standalone HTML page."""
    exporter = HTMLExporter(
        extra_template_basedirs=[str(HANDOUT_TEMPLATE.parent)],
        template_name=HANDOUT_TEMPLATE.name,
        skip_svg_encoding=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(
        _prepare(nb, title), resources={"metadata": {"name": title}, "conflictlab_css": FIGURE_CSS}
    )
    return body


def _title(nb: Any, path: Path) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if match:
                return re.sub(r"[*_`]", "", match.group(1)).strip()
    return path.stem


def build_handouts(
    lessons: Iterable[str | Path] | None = None,
    out: str | Path = "build/handouts",
    root: str | Path = ".",
    timeout: int = 300,
) -> list[Path]:
    """Write the reading copy of each lesson; return the pages written.

    Parameters
    ----------
    lessons : iterable of paths, optional
        The lesson notebooks; by default every numbered lesson in ``<root>/lessons``.
    out : path, default "build/handouts"
        The folder for the pages (made if missing), relative to ``root`` unless absolute.
    root : path, default "."
        The course folder.
    timeout : int, default 300
        Seconds any one cell may run.
    """
    root = Path(root)
    paths: Sequence[Path] = (
        [Path(p) for p in lessons]
        if lessons is not None
        else sorted((root / "lessons").glob("[0-9][0-9]_*.ipynb"))
    )
    target = Path(out) if Path(out).is_absolute() else root / out
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        nb = _execute(path, timeout)
        page = target / f"{path.stem}.html"
        page.write_text(handout_html(nb, _title(nb, path)), encoding="utf-8")
        written.append(page)
    return written


# ------------------------------------------------------------------ command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "lessons", nargs="*", metavar="LESSON", help="lesson notebooks (default: every lesson in lessons/)"
    )
    parser.add_argument(
        "--course", default=".", metavar="DIR", help="the course repository (default: the current folder)"
    )
    parser.add_argument(
        "--out",
        default="build/handouts",
        metavar="DIR",
        help="where to write the pages (default: build/handouts/)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        pages = build_handouts(args.lessons or None, out=args.out, root=args.course)
    except (HandoutError, FileNotFoundError) as exc:
        print(f"conflictlab handouts: {exc}", file=sys.stderr)
        return 1
    for page in pages:
        print(page)
    print(f"{len(pages)} reading copies written.")
    return 0
