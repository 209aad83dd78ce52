"""Build the students' copy of the course: ``conflictlab release``.

The copy is one zip file, ``dist/conflictlab-student-<version>.zip``, holding a
single folder a student unpacks and opens in JupyterLab:

* ``lessons/`` and ``exercises/`` — the notebooks, without the cells tagged
  ``instructor`` (notes, pacing, answers to discussion prompts); exercises
  also without outputs;
* ``data/`` — the article and the course's tables;
* ``src/conflictlab/``, ``pyproject.toml``, ``constraints.txt`` — the course's
  Python package and the tested versions of everything it needs;
* ``README.md`` — for students: what is where, how to install and start, how
  the checks work.

Nothing from ``solutions/`` goes in. The build refuses to write the zip when
a lesson or an exercise still holds an answer region (``# BEGIN SOLUTION``
… ``# END SOLUTION``), and after writing it reads every file back and
refuses (deleting the zip) if the text of any answer region or instructor
cell appears in it, unless that text is also part of what students are given
anyway (a lesson's public cells, the package or the data).

The zip is reproducible: the same course gives the same bytes (sorted
entries, fixed timestamps).
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from .markers import cell_source, is_instructor, is_marker_line, solution_regions

__all__ = [
    "START_LESSON",
    "ReleaseError",
    "Release",
    "build_release",
    "solution_regions",
    "add_arguments",
    "run",
]


#: The notebook a student opens first.
START_LESSON = "lessons/00_the_source_and_the_toolkit.ipynb"


#: Fixed timestamp for every zip entry (the earliest a zip can hold).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".DS_Store"}


class ReleaseError(RuntimeError):
    """The course cannot be released as it is; the message says where and why."""


@dataclass
class Release:
    """What :func:`build_release` wrote."""

    path: Path
    folder: str
    files: list[str] = field(default_factory=list)
    lessons: int = 0
    exercises: int = 0
    instructor_cells_dropped: int = 0
    secrets_checked: int = 0

    def summary(self) -> str:
        return (
            f"wrote {self.path}: {self.lessons} lesson(s), {self.exercises} exercise(s), "
            f"{len(self.files)} files in {self.folder}/; "
            f"{self.instructor_cells_dropped} instructor cell(s) left out; checked that "
            f"{self.secrets_checked} answer region(s) and instructor cell(s) are not in it"
        )


# ------------------------------------------------------------------ notebooks


def _source(cell: dict[str, Any]) -> str:
    return cell_source(cell.get("source", ""))


def _has_marker(source: str) -> bool:
    return any(is_marker_line(line) for line in source.splitlines())


def _student_notebook(path: Path, rel: str, *, clear_outputs: bool) -> tuple[bytes, int]:
    """The notebook without instructor cells (and, for exercises, outputs)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReleaseError(f"{rel}: not a readable notebook ({exc})") from exc
    kept, dropped = [], 0
    for number, cell in enumerate(nb.get("cells", []), start=1):
        if is_instructor(cell):
            dropped += 1
            continue
        if cell.get("cell_type") == "code" and _has_marker(_source(cell)):
            raise ReleaseError(
                f"{rel}: cell {number} still holds an answer region ('# BEGIN SOLUTION'). "
                "Answers belong in solutions/; rebuild the exercises with 'conflictlab build'."
            )
        if clear_outputs and cell.get("cell_type") == "code":
            cell = dict(cell, outputs=[], execution_count=None)
        kept.append(cell)
    nb["cells"] = kept
    if clear_outputs:
        nb.get("metadata", {}).pop("widgets", None)
    text = json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    return text.encode("utf-8"), dropped


def _title(path: Path) -> str:
    """The first heading of a notebook, or its file name."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return path.stem
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown" or is_instructor(cell):
            continue
        for line in _source(cell).splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return path.stem


# ------------------------------------------------------------------ what goes in


def _files(folder: Path, pattern: str = "**/*") -> Iterator[Path]:
    for path in sorted(folder.glob(pattern)):
        if path.is_file() and not (_SKIP_PARTS & set(path.parts)) and not path.name.startswith("."):
            yield path


def _course_files(course: Path) -> Iterator[tuple[str, Path]]:
    """(name in the zip, file) for everything but the notebooks and the README."""
    for folder in ("data", "src/conflictlab"):
        for path in _files(course / folder):
            if path.suffix in (".pyc", ".pyo"):
                continue
            yield path.relative_to(course).as_posix(), path
    for name in ("pyproject.toml", "constraints.txt", "LICENSE"):
        if (course / name).is_file():
            yield name, course / name


def student_readme(version: str, lessons: list[tuple[str, str]], exercises: list[str]) -> str:
    """The README students find at the top of their copy."""
    start = (
        START_LESSON
        if any(name == START_LESSON for name, _ in lessons)
        else (lessons[0][0] if lessons else "lessons/")
    )
    rows = "\n".join(f"| `{name}` | {title} |" for name, title in lessons) or "| — | — |"
    ex = ", ".join(f"`{Path(e).name}`" for e in exercises) or "none yet"
    win_start = start.replace("/", "\\")
    return f"""# Reading a Peace Process — your copy of the course

Version {version}. Conflict analysis in Jupyter, taught with one article: Emil Avdaliani,
“Hesitant Steps Towards a South Caucasus Peace Deal”, *Europe’s Edge* (CEPA), 21 November 2023.

## What is in this folder

| folder or file | what it holds |
|---|---|
| `lessons/` | one notebook per lesson, numbered in the order you take them |
| `exercises/` | your exercises, one notebook per lesson with the same number |
| `data/` | the article and the course's tables (`data/schema.yaml` describes each one) |
| `src/conflictlab/` | the small Python package the notebooks use |
| `pyproject.toml`, `constraints.txt` | what to install, and the exact versions the course was tested with |

The lessons:

| notebook | title |
|---|---|
{rows}

Exercises: {ex}.

## Set up once

You need Python 3.11 (from python.org, or your computer's package manager). Open a terminal
in this folder and type these commands; the second one takes a few minutes the first time.

On macOS or Linux:

```
python3.11 -m venv .venv
.venv/bin/python -m pip install -c constraints.txt -e .
```

On Windows (PowerShell):

```
py -3.11 -m venv .venv
.venv\\Scripts\\python -m pip install -c constraints.txt -e .
```

Everything is installed inside the `.venv` folder, nothing elsewhere on your computer.

## Start the course

macOS or Linux: `.venv/bin/jupyter lab {start}`

Windows: `.venv\\Scripts\\jupyter lab {win_start}`

JupyterLab opens in your web browser. Run a notebook from the top with *Run ▸ Run All Cells*.
The first cell of every notebook prints a line that ends with “charts render offline”: the
course then works without an internet connection.

## Working on an exercise

* Each task has a cell with `...` where your answer goes, and a check cell after it.
* Run the check cell: it says “not answered yet”, gives a hint about what is still wrong, or
  says “✓ correct”. These are public checks that help you learn; your instructor grades your
  notebook separately.
* Save often (*File ▸ Save Notebook*). Hand in the exercise notebook file the way your
  instructor asks.

## If something does not appear

* A chart or a slider is missing, or a box says “Error displaying widget”: run
  `conflictlab.doctor()` in a cell. It checks the widget and chart set-up and says what to fix.
* A cell shows an error you do not understand: run the notebook again from the top
  (*Kernel ▸ Restart Kernel and Run All Cells*); cells depend on the ones above them.
"""


# ------------------------------------------------------------------ the build


def _public_text(course: Path) -> str:
    """What students are given anyway: lessons' public cells, the package, the data."""
    parts: list[str] = []
    for path in sorted((course / "lessons").glob("*.ipynb")):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        parts.extend(_source(c) for c in nb.get("cells", []) if not is_instructor(c))
    for _name, path in _course_files(course):
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            pass
    return _normal("\n".join(parts))


def _normal(text: str) -> str:
    """Text with each line stripped and blank lines dropped, framed by newlines, so that
    ``_normal(a) in _normal(b)`` means a's lines appear as whole, consecutive lines of b."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n" + "\n".join(lines) + "\n" if lines else ""


def secret_texts(course: Path) -> list[tuple[str, str]]:
    """(where, text) of every answer region in solutions/ and every instructor cell."""
    found = []
    for folder in ("solutions", "lessons", "exercises"):
        for path in sorted((course / folder).glob("*.ipynb")):
            try:
                nb = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            rel = path.relative_to(course).as_posix()
            for number, cell in enumerate(nb.get("cells", []), start=1):
                source = _source(cell)
                if is_instructor(cell) and source.strip():
                    found.append((f"{rel}, instructor cell {number}", source))
                if folder == "solutions":
                    for region in solution_regions(source):
                        if region.strip():
                            found.append((f"{rel}, cell {number}, answer region", region))
    return found


def _readable(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if text.lstrip().startswith("{"):
        try:  # a notebook: compare its cells' sources and outputs as plain text
            nb = json.loads(text)
            chunks = []
            for cell in nb.get("cells", []):
                chunks.append(_source(cell))
                for out in cell.get("outputs", []):
                    chunks.append(json.dumps(out, ensure_ascii=False))
                    t = out.get("text")
                    if t:
                        chunks.append(cell_source(t))
            return text + "\n" + "\n".join(chunks)
        except ValueError:
            pass
    return text


def _write_zip(target: Path, entries: Iterable[tuple[str, bytes]]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    tmp.replace(target)


def build_release(course: str | Path = ".", out: str | Path = "dist", version: str = __version__) -> Release:
    """Write the students' zip for the course in ``course`` into ``out``.

    Parameters
    ----------
    course : path
        The course repository (it holds ``lessons/``, ``data/`` and ``src/conflictlab/``).
    out : path
        The folder the zip is written to (created when missing).
    version : str
        The version in the zip's name and README.

    Returns
    -------
    Release
        The zip's path, its files and counts.

    Raises
    ------
    ReleaseError
        When the course is incomplete, a lesson or exercise holds an answer
        region, or the finished zip would contain an answer or an instructor cell.
    """
    course = Path(course).resolve()
    missing = [
        p for p in ("lessons", "data", "src/conflictlab", "pyproject.toml") if not (course / p).exists()
    ]
    if missing:
        raise ReleaseError(
            f"{course} does not look like the course repository: "
            f"{', '.join(missing)} missing. Run 'conflictlab release' from the "
            "course folder or pass --course."
        )
    folder = f"conflictlab-student-{version}"
    release = Release(path=Path(out).resolve() / f"{folder}.zip", folder=folder)
    entries: dict[str, bytes] = {}
    lessons, exercises = [], []
    for kind, clear in (("lessons", False), ("exercises", True)):
        for path in sorted((course / kind).glob("*.ipynb")):
            rel = path.relative_to(course).as_posix()
            data, dropped = _student_notebook(path, rel, clear_outputs=clear)
            entries[f"{folder}/{rel}"] = data
            release.instructor_cells_dropped += dropped
            if kind == "lessons":
                lessons.append((rel, _title(path)))
            else:
                exercises.append(rel)
    release.lessons, release.exercises = len(lessons), len(exercises)
    for name, path in _course_files(course):
        entries[f"{folder}/{name}"] = path.read_bytes()
    entries[f"{folder}/README.md"] = student_readme(version, lessons, exercises).encode("utf-8")
    leaked = [name for name in entries if "solutions" in Path(name).parts]
    if leaked:  # pragma: no cover - nothing above adds them
        raise ReleaseError(f"the students' zip would hold solutions: {leaked}")

    # Read everything back as a student would get it, and look for answers.
    public = _public_text(course)
    contents = {name: _normal(_readable(data)) for name, data in entries.items()}
    leaks = []
    for where, text in secret_texts(course):
        secret = _normal(text)
        if not secret or secret in public:
            continue
        release.secrets_checked += 1
        for name, content in contents.items():
            if secret in content:
                leaks.append(f"{where} appears in {name}")
    if leaks:
        raise ReleaseError(
            "the students' zip would reveal answers or instructor notes:\n  - " + "\n  - ".join(leaks)
        )
    _write_zip(release.path, entries.items())
    release.files = sorted(entries)
    return release


# ------------------------------------------------------------------ command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course", default=".", metavar="DIR", help="the course repository (default: the current folder)"
    )
    parser.add_argument(
        "--out", default="dist", metavar="DIR", help="where to write the zip (default: dist/)"
    )


def run(args: argparse.Namespace) -> int:
    try:
        release = build_release(args.course, args.out)
    except ReleaseError as exc:
        print(f"conflictlab release: {exc}", file=sys.stderr)
        return 1
    print(release.summary())
    return 0


def _main() -> int:  # pragma: no cover - python -m conflictlab.course.release
    parser = argparse.ArgumentParser(prog="conflictlab release")
    add_arguments(parser)
    return run(parser.parse_args())


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
