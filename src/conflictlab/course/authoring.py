"""Write ``exercises/`` from the answer keys in ``solutions/``: ``conflictlab build``.

``solutions/NN_name.ipynb`` is the only place an exercise is written. In its
code cells each answer sits between two marker lines::

    # BEGIN SOLUTION: a list of actor ids whose role is "party"
    parties = actors.loc[actors["role"] == "party", "actor_id"].tolist()
    # END SOLUTION

The build replaces each such region, markers included, by one line at the
indentation of the ``# BEGIN SOLUTION`` line:

* ``NAME = ...  # INSTRUCTION`` when the region's last statement assigns a
  single name (``parties = ...`` or ``parties: list = ...``);
* ``...  # INSTRUCTION`` otherwise.

INSTRUCTION is the text after ``# BEGIN SOLUTION:`` and is required. Every
other cell and line is kept as it is — prose, hints, check cells, cell ids,
cell and notebook metadata — except that outputs and execution counts are
removed, execution timings and saved widget state are dropped, and cells
tagged ``instructor`` are left out. The output is byte-stable: the same
solution always gives the same file, so a test can compare the committed
``exercises/`` with a fresh build.

Malformed markers are build errors that name the notebook, the cell (its
number and id) and the line: a region that is never closed, an END without
a BEGIN, a region inside a region, an empty region, a BEGIN without an
instruction, a misspelt marker, a marker outside a code cell, or a cell that
would not be valid Python once stubbed.
"""

from __future__ import annotations

import argparse
import ast
import copy
import dataclasses
import json
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

from .markers import BEGIN, END, LOOSE, cell_source, is_instructor

__all__ = [
    "BuildError",
    "BuildResult",
    "build",
    "build_notebook",
    "describe_difference",
    "stub_source",
]

_NAME = re.compile(r"^(?P<lesson>\d{2})_\w+\.ipynb$")
_DROPPED_CELL_METADATA = ("execution", "ExecuteTime")
_DROPPED_NOTEBOOK_METADATA = ("widgets",)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong in a solution notebook."""

    text: str
    cell: int | None = None  # 1-based position in the notebook
    cell_id: str | None = None
    line: int | None = None  # 1-based line within the cell

    def where(self) -> str:
        parts = []
        if self.cell is not None:
            parts.append(f"cell {self.cell}" + (f" (id {self.cell_id!r})" if self.cell_id else ""))
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


class BuildError(ValueError):
    """A solution notebook that cannot be turned into an exercise.

    ``str(error)`` names the notebook, and each problem's cell and line.
    """

    def __init__(self, notebook: str, problems: Sequence[Problem]):
        self.notebook = notebook
        self.problems = list(problems)
        lines = [f"{notebook}: cannot build the exercise:"]
        for p in self.problems:
            where = p.where()
            lines.append(f"  - {where + ': ' if where else ''}{p.text}")
        super().__init__("\n".join(lines))


@dataclasses.dataclass
class BuildResult:
    """What building one notebook did."""

    solution: Path
    exercise: Path
    text: str
    regions: int
    dropped: int
    changed: bool = False


# --------------------------------------------------------------------------- one cell
def _parse_python(code: str) -> ast.Module:
    return ast.parse(TransformerManager().transform_cell(code))


def _assigned_name(region: list[str]) -> str | None:
    """The single name the region's last statement assigns, if any."""
    code = textwrap.dedent("".join(region))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    if not tree.body:
        return None
    last = tree.body[-1]
    if isinstance(last, ast.Assign) and len(last.targets) == 1 and isinstance(last.targets[0], ast.Name):
        return last.targets[0].id
    if isinstance(last, ast.AnnAssign) and isinstance(last.target, ast.Name) and last.value is not None:
        return last.target.id
    return None


def stub_source(source: str) -> tuple[str, int, list[Problem]]:
    """Replace the answer regions of one code cell's source by stubs.

    Returns
    -------
    (str, int, list of Problem)
        The exercise source, the number of regions replaced, and the
        problems found (line numbers are within the cell).
    """
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    problems: list[Problem] = []
    regions = 0
    open_at: int | None = None
    indent = instruction = ""
    region: list[str] = []
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        begin, end = BEGIN.match(text), END.match(text)
        if begin:
            if open_at is not None:
                problems.append(
                    Problem(
                        f"'# BEGIN SOLUTION' inside the region opened on line {open_at}; "
                        "regions cannot be nested: close the first with '# END SOLUTION'",
                        line=number,
                    )
                )
                continue
            rest = begin.group("rest")
            if not rest.strip():
                problems.append(
                    Problem(
                        "'# BEGIN SOLUTION' needs an instruction saying what to write, e.g. "
                        "'# BEGIN SOLUTION: a list of actor ids'",
                        line=number,
                    )
                )
            elif not rest.startswith(":"):
                problems.append(
                    Problem(
                        f"write a colon after 'SOLUTION', then the instruction: "
                        f"'# BEGIN SOLUTION: {rest.strip(' -–—')}'",
                        line=number,
                    )
                )
            elif not rest[1:].strip():
                problems.append(
                    Problem("'# BEGIN SOLUTION:' has no instruction after the colon", line=number)
                )
            open_at, indent, instruction, region = number, begin.group("indent"), rest[1:].strip(), []
            continue
        if end:
            if open_at is None:
                problems.append(
                    Problem("'# END SOLUTION' without a '# BEGIN SOLUTION' before it", line=number)
                )
                continue
            if not "".join(region).strip():
                problems.append(
                    Problem(
                        f"the region opened on line {open_at} is empty: put the answer between the markers",
                        line=open_at,
                    )
                )
            name = _assigned_name(region)
            stub = f"{name} = ...  # {instruction}" if name else f"...  # {instruction}"
            out.append(f"{indent}{stub}\n")
            regions += 1
            open_at = None
            continue
        loose = LOOSE.search(text)
        if loose:
            word = loose.group("word").upper()
            problems.append(
                Problem(
                    f"misspelt marker {loose.group(0)!r}: write it exactly as "
                    f"'# {word} SOLUTION' on a line of its own",
                    line=number,
                )
            )
            continue
        if open_at is not None:
            region.append(line)
        else:
            out.append(line)
    if open_at is not None:
        problems.append(
            Problem(
                f"the region opened on line {open_at} is never closed: add '# END SOLUTION' after the answer",
                line=open_at,
            )
        )
    result = "".join(out)
    if result.endswith("\n") and not source.endswith("\n"):
        result = result[:-1]
    return result, regions, problems


# --------------------------------------------------------------------------- one notebook
def _split_lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def write_notebook_text(nb: dict[str, Any]) -> str:
    """Serialise a notebook the way JupyterLab does, byte for byte stable."""
    nb = copy.deepcopy(nb)
    for cell in nb.get("cells", []):
        if "source" in cell:
            cell["source"] = _split_lines(cell_source(cell["source"]))
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = _split_lines(cell_source(output["text"]))
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def build_notebook(text: str, *, name: str = "notebook.ipynb") -> tuple[str, int, int]:
    """Build the exercise notebook for one solution notebook's JSON text.

    Parameters
    ----------
    text : str
        The solution notebook, as read from disk.
    name : str
        Its path, for error messages and to check the lesson number.

    Returns
    -------
    (str, int, int)
        The exercise notebook's text, the number of answer regions
        replaced, and the number of instructor cells dropped.

    Raises
    ------
    BuildError
        Naming the notebook, cell and line of every problem found.
    """
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BuildError(name, [Problem(f"not valid JSON (line {exc.lineno}, column {exc.colno})")]) from None
    problems: list[Problem] = []
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise BuildError(name, [Problem("not a Jupyter notebook (no list of cells)")])
    if nb.get("nbformat") != 4 or int(nb.get("nbformat_minor", 0)) < 5:
        problems.append(
            Problem(
                "the notebook format must be 4.5 or later (cells with ids); open and save it in JupyterLab 4"
            )
        )
    file_name = Path(name).name
    match = _NAME.match(file_name)
    if not match:
        problems.append(
            Problem("the file name must look like 'NN_name.ipynb', e.g. '01_actors_and_timeline.ipynb'")
        )
    meta = nb.get("metadata") or {}
    lesson = (
        (meta.get("conflictlab") or {}).get("lesson") if isinstance(meta.get("conflictlab"), dict) else None
    )
    if lesson is None:
        problems.append(
            Problem('the notebook metadata has no lesson number: add "conflictlab": {"lesson": "NN"}')
        )
    elif match and str(lesson) != match.group("lesson"):
        problems.append(
            Problem(f"the metadata says lesson {lesson!r} but the file name says {match.group('lesson')!r}")
        )

    cells = []
    regions = dropped = 0
    seen_ids: set[str] = set()
    for position, cell in enumerate(nb["cells"], start=1):
        cell_id = cell.get("id")
        if not cell_id:
            problems.append(
                Problem("the cell has no id; open and save the notebook in JupyterLab 4", cell=position)
            )
        elif cell_id in seen_ids:
            problems.append(Problem(f"two cells share the id {cell_id!r}", cell=position, cell_id=cell_id))
        seen_ids.add(cell_id)
        if is_instructor(cell):
            dropped += 1
            continue
        cell = copy.deepcopy(cell)
        source = cell_source(cell.get("source", ""))
        if cell.get("cell_type") == "code":
            new_source, n, cell_problems = stub_source(source)
            for p in cell_problems:
                problems.append(dataclasses.replace(p, cell=position, cell_id=cell_id))
            if n and not cell_problems:
                try:
                    _parse_python(new_source)
                except SyntaxError as exc:
                    problems.append(
                        Problem(
                            f"once its answers are replaced by '...', the cell is not valid Python ({exc.msg}, "
                            f"exercise line {exc.lineno}); keep each answer region to whole statements",
                            cell=position,
                            cell_id=cell_id,
                        )
                    )
            regions += n
            cell["source"] = new_source
            cell["outputs"] = []
            cell["execution_count"] = None
        else:
            for number, line in enumerate(source.splitlines(), start=1):
                if BEGIN.match(line) or END.match(line) or LOOSE.search(line):
                    problems.append(
                        Problem(
                            "solution markers only work in code cells",
                            cell=position,
                            cell_id=cell_id,
                            line=number,
                        )
                    )
            cell["source"] = source
        meta_cell = cell.get("metadata") or {}
        for key in _DROPPED_CELL_METADATA:
            meta_cell.pop(key, None)
        cell["metadata"] = meta_cell
        cells.append(cell)
    if problems:
        raise BuildError(name, problems)
    exercise = copy.deepcopy({k: v for k, v in nb.items() if k != "cells"})
    for key in _DROPPED_NOTEBOOK_METADATA:
        exercise.get("metadata", {}).pop(key, None)
    exercise["cells"] = cells
    try:
        nbformat.validate(nbformat.from_dict(copy.deepcopy(exercise)))
    except nbformat.ValidationError as exc:
        raise BuildError(
            name, [Problem(f"the exercise would not be a valid notebook: {exc.message}")]
        ) from None
    return write_notebook_text(exercise), regions, dropped


# --------------------------------------------------------------------------- comparing
def describe_difference(committed: str, fresh: str, *, name: str = "exercise") -> str | None:
    """Say where a committed exercise differs from a fresh build; ``None`` when identical."""
    if committed == fresh:
        return None
    try:
        a, b = json.loads(committed), json.loads(fresh)
    except json.JSONDecodeError:
        return f"{name} is not valid JSON; rebuild it with `make exercises`"
    if a.get("metadata") != b.get("metadata"):
        return f"{name}: the notebook metadata differs from a fresh build; rebuild it with `make exercises`"
    cells_a, cells_b = a.get("cells", []), b.get("cells", [])
    for position, (x, y) in enumerate(zip(cells_a, cells_b, strict=False), start=1):
        if x == y:
            continue
        where = f"cell {position} (id {y.get('id')!r})"
        sx, sy = cell_source(x.get("source", "")), cell_source(y.get("source", ""))
        if sx != sy:
            lx, ly = sx.splitlines(), sy.splitlines()
            for number in range(max(len(lx), len(ly))):
                left = lx[number] if number < len(lx) else "<no line>"
                right = ly[number] if number < len(ly) else "<no line>"
                if left != right:
                    return (
                        f"{name}, {where}, line {number + 1}: committed {left!r}, fresh build {right!r}; "
                        "rebuild with `make exercises`"
                    )
        for key in sorted(set(x) | set(y)):
            if x.get(key) != y.get(key):
                return (
                    f"{name}, {where}: its {key!r} differs from a fresh build; rebuild with `make exercises`"
                )
    if len(cells_a) != len(cells_b):
        extra = cells_a[len(cells_b) :] or cells_b[len(cells_a) :]
        which = "committed file has" if len(cells_a) > len(cells_b) else "fresh build has"
        return (
            f"{name}: the {which} {abs(len(cells_a) - len(cells_b))} more cell(s), starting with id "
            f"{extra[0].get('id')!r}; rebuild with `make exercises`"
        )
    return f"{name}: same cells but different formatting; rebuild with `make exercises`"


# --------------------------------------------------------------------------- a folder
def build(
    solutions: str | Path = "solutions",
    exercises: str | Path = "exercises",
    *,
    notebooks: Sequence[str | Path] | None = None,
    check: bool = False,
) -> list[BuildResult]:
    """Build (or, with ``check``, compare) the exercise for every solution notebook.

    Parameters
    ----------
    solutions, exercises : path
        The folders to read from and write to.
    notebooks : list of paths, optional
        Only these solution notebooks.
    check : bool
        Write nothing; report which exercises differ from a fresh build.

    Returns
    -------
    list of BuildResult
        ``changed`` is True when the exercise was (or, with ``check``,
        would be) written.

    Raises
    ------
    BuildError
        For the first solution notebook that cannot be built.
    """
    solutions, exercises = Path(solutions), Path(exercises)
    sources = [Path(p) for p in notebooks] if notebooks else sorted(solutions.glob("*.ipynb"))
    results = []
    for source in sources:
        text, regions, dropped = build_notebook(source.read_text(encoding="utf-8"), name=str(source))
        target = exercises / source.name
        old = target.read_text(encoding="utf-8") if target.exists() else None
        changed = old != text
        if changed and not check:
            exercises.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        results.append(BuildResult(source, target, text, regions, dropped, changed))
    return results


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        metavar="SOLUTION",
        help="solution notebooks to build (default: every notebook in --solutions)",
    )
    parser.add_argument(
        "--solutions",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of solution notebooks (default: solutions)",
    )
    parser.add_argument(
        "--exercises",
        type=Path,
        default=Path("exercises"),
        metavar="DIR",
        help="folder to write exercise notebooks to (default: exercises)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; fail if any exercise differs from a fresh build"
    )


def run(args: argparse.Namespace) -> int:
    explicit = args.solutions is not None
    args.solutions = args.solutions or Path("solutions")
    if not args.notebooks and not args.solutions.is_dir():
        if explicit:
            print(f"conflictlab build: no folder {args.solutions}/.", file=sys.stderr)
            return 2
        print(
            "conflictlab build: no solutions/ folder here, so nothing to build "
            "(run it from the course folder, or pass --solutions DIR)."
        )
        return 0
    try:
        results = build(args.solutions, args.exercises, notebooks=args.notebooks or None, check=args.check)
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"conflictlab build: {exc}", file=sys.stderr)
        return 2
    if not results:
        print(f"conflictlab build: no solution notebooks in {args.solutions}/; nothing to build.")
        return 0
    stale = []
    if not args.notebooks and args.exercises.is_dir():
        built = {r.exercise.name for r in results}
        stale = sorted(p.name for p in args.exercises.glob("*.ipynb") if p.name not in built)
    failed = False
    for r in results:
        detail = f"{r.regions} answer(s) stubbed, {r.dropped} instructor cell(s) left out"
        if args.check:
            if r.changed:
                failed = True
                committed = r.exercise.read_text(encoding="utf-8") if r.exercise.exists() else None
                reason = (
                    describe_difference(committed, r.text, name=str(r.exercise))
                    if committed is not None
                    else f"{r.exercise} does not exist; run `make exercises`"
                )
                print(f"out of date: {reason}", file=sys.stderr)
            else:
                print(f"up to date: {r.exercise} ({detail})")
        else:
            print(f"{'wrote' if r.changed else 'unchanged'}: {r.exercise} ({detail})")
    for name in stale:
        message = (
            f"{args.exercises / name} has no solution notebook in {args.solutions}/ "
            "(delete it, or restore its solution)"
        )
        print(("out of date: " if args.check else "warning: ") + message, file=sys.stderr)
        failed = failed or args.check
    return 1 if failed else 0
