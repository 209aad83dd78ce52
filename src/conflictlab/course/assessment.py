"""The assessment copy of the course: ``conflictlab release --mode assessment``.

A practice copy (the default) ships the full checks: each ``check.task_N``
computes the expected answer and says "✓ correct" or gives a hint. That is
the answer key, readable by any student. An assessment copy ships instead,
for every lesson, a generated ``conflictlab/checks/lessonNN.py`` with the
same ``task_N`` checks (same variables, same task descriptions) that check
only the *form* of an answer (:mod:`conflictlab.checks._form`) and say
"answer recorded — it will be marked". ``conflictlab grade`` marks the
handed-in notebooks with the instructor's own, full checks (its kernels
import the instructor's installed package).

How a task's form is found, without writing it by hand:

1. Each solution notebook is run once (nbclient, as ``conflictlab tidy``
   does), and each task's answer variable is read back (the grader's codec).
2. The full check is run on that answer while its ``expect_*`` helpers are
   watched: their form arguments (``integer``, ``what``, ``noun``,
   ``columns``, ``dtypes``, ``options``, ``valid`` …) describe the form.
3. :func:`derive_form` turns the answer's type and those arguments into a
   form (see :mod:`conflictlab.checks._form`): a number's range is read
   from the words the task uses for it ("a share between 0 and 1", "a
   position on the 0–100 scale"); ids are checked against the column of the
   course data that holds them (found by looking the answer's ids up);
   dictionary keys are fixed only when the task's text names them. A
   boolean answer's form is its type alone: its value would be the answer.
4. Every form is tried on the solution's own answer: a form that refuses
   it stops the release (a form is never stricter than the answer key).

Before anything is written, every file of the copy is searched for the
answers (:class:`AnswerSearch`): every value the solution run produced, as
a notebook would print it (a number's ``repr`` and its six-digit form, each
id, each key and value, each cell of a table), and the code of the full
check modules (each helper function's name, each line of 20 characters or
more of every function's body). A value or a line is searched only when it
is not also in what students are given anyway — the copy's lessons,
exercises, data and package other than the check modules: ``60.0`` is a
position in the data, and finding it there proves nothing. A one-word value
counts as found when it is a whole word of a file (``0.45`` is not found in
``0.455``); a longer one when each of its lines is in the file.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import math
import numbers
import pprint
import re
import shutil
import tempfile
import textwrap
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from .. import data
from ..checks import RECORDED, Task, checking_in, lesson_tasks, load_lesson
from ..checks._form import form_task, requirement_to_data
from ..grading.codec import ANSWERS_MIME, decode_value, extraction_code
from .markers import cell_source

__all__ = [
    "ASSESSMENT_HEADLINE",
    "ASSESSMENT_NOTE",
    "AnswerSearch",
    "SolutionError",
    "SolutionRun",
    "derive_form",
    "form_module_source",
    "lesson_forms",
    "lesson_runs",
    "make_assessment_copy",
    "range_of",
    "renderings",
    "run_solution",
]

#: What an assessment copy says about its checks (README, notebooks, package): a headline, then the note.
ASSESSMENT_HEADLINE = "This is an assessment copy of the course."
ASSESSMENT_NOTE = (
    "Its check cells look only at the form of an "
    "answer (its type, its columns, its range, that the ids you give exist) and then say "
    "“answer recorded — it will be marked”; they do not say whether an answer is right. "
    "Your instructor marks the notebook you hand in."
)

#: The ``expect_*`` helpers whose arguments describe a task's form.
_WATCHED = ("expect_number", "expect_ids", "expect_frame", "expect_mapping", "expect_choice", "expect_type")


# ------------------------------------------------------------------ running the solutions
@dataclasses.dataclass
class SolutionRun:
    """One task of a solution notebook: its answer, the full check's verdict on it, and the helpers it called."""

    task: Task
    value: Any
    status: str
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]]
    in_kernel: bool = True  # False for a written answer kept in a Markdown answer cell


class SolutionError(RuntimeError):
    """A solution notebook did not run, or a task's answer is missing or fails its own check."""


def run_solution(path: Path, variables: Sequence[str], folder: Path, *, timeout: int = 300) -> dict[str, Any]:
    """Run a solution notebook top to bottom in ``folder`` and read back the values of ``variables``
    (those it assigns: a written answer in a Markdown answer cell is no variable).

    The notebook runs in a fresh kernel, as ``conflictlab tidy --pin`` runs it,
    but in ``folder`` (so the files it saves, a chart, stay out of ``solutions/``);
    the values come back through the grader's codec (:mod:`conflictlab.grading.codec`).

    Raises
    ------
    SolutionError
        When a cell fails or the values cannot be read back.
    """
    nb = nbformat.read(str(path), as_version=4)
    nonce = uuid.uuid4().hex
    nb.cells.append(nbformat.v4.new_code_cell(extraction_code(list(variables), nonce)))
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        raise SolutionError(f"{path.name}: a cell failed, so its answers cannot be read:\n{exc}") from None
    for out in nb.cells[-1].get("outputs", []):
        bundle = out.get("data", {}).get(ANSWERS_MIME)
        if isinstance(bundle, dict) and bundle.get("nonce") == nonce:
            found = bundle["answers"]
            return {
                v: decode_value(found[v]["value"]) for v in variables if not found.get(v, {}).get("absent")
            }
    raise SolutionError(f"{path.name}: the answers could not be read back from the kernel")


def _watched_check(module: ModuleType, task: Task, value: Any) -> tuple[str, list[Any]]:
    """The full check's verdict on ``value``, and the calls of its ``expect_*`` helpers."""
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
    saved = {name: vars(module)[name] for name in _WATCHED if name in vars(module)}

    def watch(name: str, helper: Callable[..., Any]) -> Callable[..., Any]:
        def watched(*args: Any, **kwargs: Any) -> Any:
            calls.append((name, args, kwargs))
            return helper(*args, **kwargs)

        return watched

    try:
        for name, helper in saved.items():
            setattr(module, name, watch(name, helper))
        feedback = task.check(value)
    finally:
        for name, helper in saved.items():
            setattr(module, name, helper)
    return feedback.status, calls


def lesson_runs(course: Path, lesson: str) -> list[SolutionRun]:
    """Run the lesson's solution notebook and its full checks on each answer (see the module's docstring)."""
    module = load_lesson(lesson)
    tasks = lesson_tasks(module)
    paths = sorted((course / "solutions").glob(f"{lesson}_*.ipynb"))
    if not paths:
        raise SolutionError(f"lesson {lesson} has checks but no solutions/{lesson}_*.ipynb")
    runs = []
    with tempfile.TemporaryDirectory(prefix="conflictlab-release-") as folder:
        # A written answer's check reads the saved notebook in its folder, so the notebook is there too.
        shutil.copy(paths[0], Path(folder) / paths[0].name)
        values = run_solution(paths[0], [t.variable for t in tasks], Path(folder))
        with checking_in(folder):  # a check that looks for a file the notebook saved looks there
            missing = [t.variable for t in tasks if t.variable not in values and t.kind != "words"]
            if missing:
                raise SolutionError(f"{paths[0].name} assigns no {', '.join(missing)}")
            checked = [
                (task, *_watched_check(module, task, values[task.variable]))
                if task.variable in values
                else (task, "passed", [])
                for task in tasks
            ]
    for task, status, calls in checked:
        if task.variable not in values:  # a written answer in a Markdown cell: its text is an answer region
            runs.append(SolutionRun(task, None, status, calls, in_kernel=False))
            continue
        if status != "passed":
            raise SolutionError(
                f"{paths[0].name}: the solution's `{task.variable}` does not pass task {task.number}'s "
                f"check ({status}), so its form cannot be read from it"
            )
        runs.append(SolutionRun(task, values[task.variable], status, calls))
    return runs


# ------------------------------------------------------------------ forms
_RANGES = (
    (re.compile(r"between (-?\d+(?:\.\d+)?) and (-?\d+(?:\.\d+)?)"), lambda m: (m[1], m[2])),
    (re.compile(r"(-?\d+(?:\.\d+)?)\s*[–-]\s*(\d+(?:\.\d+)?) scale"), lambda m: (m[1], m[2])),
    (re.compile(r"(-1) or \+?(1)\b"), lambda m: (m[1], m[2])),
)


def range_of(what: str | None, *, integer: bool = False) -> tuple[float | None, float | None]:
    """The range a quantity allows, read from the words a task uses for it.

    "a share between 0 and 1" gives (0, 1), "a position on the 0–100 scale"
    (0, 100), "a pair's sign: -1 or +1" (-1, 1); a count or a number of
    things ("a count", "the number of events") cannot be negative.
    """
    text = what or ""
    for pattern, ends in _RANGES:
        match = pattern.search(text)
        if match:
            low, high = ends(match)
            return float(low), float(high)
    if integer and re.search(r"\b(count|number of|how many)\b", text, re.IGNORECASE):
        return 0.0, None
    return None, None


class _Catalogue:
    """The columns of the course data, to find which one holds the ids an answer gives."""

    def __init__(self) -> None:
        self.columns: list[tuple[str, str, set[Any]]] = []
        for table in data.tables():
            frame = data.load(table)
            for column in frame.columns:
                values = frame[column].dropna()
                if len(values) and all(isinstance(v, str) for v in values):
                    self.columns.append((table, str(column), set(values)))
        self.tables = set(data.tables())

    def where(self, items: Sequence[Any], *, ids_only: bool = False) -> dict[str, Any] | None:
        """The column that holds every item (a table's id column first), or None.

        With ``ids_only`` only a table's id column counts (one text answer that
        happens to be in a column of free text is not an id).
        """
        labels = {i for i in items if isinstance(i, str)}
        if not labels or len(labels) != len(set(items)):
            return None
        if labels <= self.tables:
            return {"tables": True}
        found = [(t, c, v) for t, c, v in self.columns if labels <= v]
        if not found:
            return None

        def rank(entry: tuple[str, str, set[Any]]) -> tuple[int, int]:
            table, column, values = entry
            first = next(iter(data.load(table).columns)) == column
            return (0 if first and column.endswith("_id") else 1 if column == "name" else 2, len(values))

        table, column, _ = min(found, key=rank)
        if ids_only and rank((table, column, set()))[0] != 0:
            return None
        return {"table": table, "column": column}


def _plain(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def _kwarg(
    call: tuple[str, tuple[Any, ...], dict[str, Any]], position: int, name: str, default: Any = None
) -> Any:
    _, args, kwargs = call
    if name in kwargs:
        return kwargs[name]
    return args[position] if len(args) > position else default


def _is_integral(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _dtype_kinds(frame: Any, columns: Sequence[str]) -> dict[str, str]:
    from ..checks._expect import _dtype_kind  # the kinds the full checks name, in one place

    kinds = {}
    for column in columns:
        if column in frame.columns:
            kind = _dtype_kind(frame[column])
            if kind in ("integer", "number"):
                kinds[column] = "number"
            elif kind in ("text", "bool", "datetime"):
                kinds[column] = kind
    return kinds


def derive_form(run: SolutionRun, catalogue: _Catalogue | None = None) -> dict[str, Any]:
    """The form of one task's answer, from the solution's answer and the full check's helper calls.

    Never the answer itself: a type, columns and their kinds, a range the
    task's words state, the column of the data that ids must exist in, the
    options the task offers, or the dictionary keys the task's text names.
    """
    import pandas as pd

    catalogue = catalogue or _Catalogue()
    task, value = run.task, run.value
    if task.kind == "words":
        fewest, most = task.word_limits or (20, None)
        return {
            "kind": "words",
            "min_words": fewest,
            "max_words": most,
            "requires": [requirement_to_data(r) for r in task.requirements],
        }
    calls: dict[str, list[Any]] = {}
    for call in run.calls:
        calls.setdefault(call[0], []).append(call)
    words = " ".join(
        [task.description, inspect.getdoc(task.function) or ""]
        + [str(c[2].get("what") or "") for c in run.calls]
    )
    if "expect_choice" in calls:
        options = _kwarg(calls["expect_choice"][-1], 1, "options")
        return {"kind": "choice", "options": [str(o) for o in options]}
    if "expect_frame" in calls:
        columns: list[str] = []
        dtypes: dict[str, str] = {}
        key = noun = None
        for call in calls["expect_frame"]:
            wanted = call[2].get("columns")
            if wanted is None and call[2].get("expected") is not None:
                wanted = list(call[2]["expected"].columns)
            columns += [str(c) for c in wanted or [] if str(c) not in columns]
            dtypes.update(call[2].get("dtypes") or {})
            key = call[2].get("key") or key
            noun = call[2].get("noun") or noun
        form: dict[str, Any] = {
            "kind": "frame",
            "columns": columns,
            "dtypes": {**_dtype_kinds(value, columns), **dtypes},
            "key": key,
            "noun": noun or "row",
        }
        if key and isinstance(value, pd.DataFrame) and key in value.columns:
            form["key_exists_in"] = catalogue.where(list(value[key]))
        return form
    if (
        isinstance(value, dict)
        and "expect_mapping" not in calls
        and not all(_is_number(v) for v in value.values())
    ):
        return {"kind": "record", "parts": {str(k): _part_form(v, catalogue) for k, v in value.items()}}
    if "expect_mapping" in calls or isinstance(value, dict):
        call = calls.get("expect_mapping", [("", (), {})])[-1]
        mapping = value.to_dict() if isinstance(value, pd.Series) else dict(value)
        keys = [str(k) for k in mapping]
        stated = all(f'"{k}"' in words or f"'{k}'" in words or f"`{k}`" in words for k in keys)
        integer = all(_is_integral(v) for v in mapping.values())
        what = call[2].get("what")
        low, high = range_of(what, integer=integer)
        if integer and low is None:
            low = 0.0 if all(v >= 0 for v in mapping.values()) and "number" in (what or "") else None
        return {
            "kind": "mapping",
            "noun": call[2].get("noun") or "key",
            "what": what,
            "key_type": "text" if all(isinstance(k, str) for k in mapping) else None,
            "keys": keys if stated else None,
            "keys_exist_in": None if stated else catalogue.where(list(mapping)),
            "integer": integer,
            "low": low,
            "high": high,
        }
    if "expect_ids" in calls:
        call = calls["expect_ids"][-1]
        items = list(value)
        valid = call[2].get("valid")
        where = catalogue.where(list(valid)) if valid is not None else None
        return {
            "kind": "ids",
            "noun": call[2].get("noun") or "id",
            "ordered": bool(call[2].get("ordered")),
            "allow_duplicates": bool(call[2].get("allow_duplicates")),
            "item": "integer" if items and all(_is_integral(i) for i in items) else "text",
            "exists_in": where or catalogue.where(items),
        }
    if "expect_number" in calls:
        call = calls["expect_number"][-1]
        integer = bool(call[2].get("integer"))
        what = call[2].get("what")
        low, high = range_of(what, integer=integer)
        return {"kind": "number", "integer": integer, "what": what, "low": low, "high": high}
    return _form_of_value(value, catalogue, "expect_type" in calls and calls["expect_type"][-1])


def _form_of_value(value: Any, catalogue: _Catalogue, typed: Any) -> dict[str, Any]:
    """A form from the answer's type alone, for a check that uses no ``expect_*`` helper for it."""
    import pandas as pd

    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return {"kind": "bool"}  # which of True and False is the answer: never in the form
    if isinstance(value, numbers.Real):
        return {"kind": "number", "integer": _is_integral(value), "what": None, "low": None, "high": None}
    if isinstance(value, str):
        return {"kind": "text", "noun": "label", "exists_in": catalogue.where([value], ids_only=True)}
    if isinstance(value, tuple):
        items = [_part_form(item, catalogue) for item in value]
        if all(item["kind"] in ("number", "text") for item in items):
            return {"kind": "sequence", "items": items}
        return {"kind": "type", "type": "tuple"}
    if isinstance(value, pd.DataFrame):
        return {"kind": "type", "type": "table"}
    if typed:
        kinds = _kwarg(typed, 1, "kinds")
        return {"kind": "type", "type": kinds, "what": typed[2].get("what")}
    for kind, cls in (("list", list), ("set", (set, frozenset)), ("dict", dict)):
        if isinstance(value, cls):
            return {"kind": "type", "type": kind}
    raise SolutionError(f"no form for an answer of type {type(value).__name__}")


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _part_form(value: Any, catalogue: _Catalogue) -> dict[str, Any]:
    """The form of one part of a pair or of a dictionary of several kinds of value."""
    if _is_number(value):
        return {"kind": "number", "integer": False}
    if isinstance(value, str):
        return {"kind": "text", "exists_in": catalogue.where([value], ids_only=True)}
    for kind, cls in (("bool", bool), ("list", (list, tuple)), ("dict", dict)):
        if isinstance(value, cls):
            return {"kind": "type", "type": kind}
    raise SolutionError(f"no form for a part of type {type(value).__name__}")


def _clean(value: Any) -> Any:
    """A form as plain Python data (no numpy scalars), ready to be written as a literal."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return _plain(value)


def lesson_forms(course: Path, lesson: str) -> tuple[list[SolutionRun], dict[int, dict[str, Any]]]:
    """Run a lesson's solution and derive each task's form; every solution answer must pass its form.

    Raises
    ------
    SolutionError
        When the solution does not run, an answer fails its own full check,
        or a derived form would refuse the solution's answer (a form too strict).
    """
    runs = lesson_runs(course, lesson)
    catalogue = _Catalogue()
    forms = {}
    for run in runs:
        form = _clean(derive_form(run, catalogue))
        probe = form_task(
            run.task.number, variable=run.task.variable, description=run.task.description, form=form
        )
        verdict = probe.check(run.value) if run.in_kernel else None
        if verdict is not None and verdict.status != RECORDED:
            raise SolutionError(
                f"lesson {lesson}, task {run.task.number}: the form read from the solution refuses the "
                f"solution's own answer ({verdict.message})"
            )
        forms[run.task.number] = form
    return runs, forms


def form_module_source(
    module: ModuleType, tasks: Sequence[Task], forms: Mapping[int, Mapping[str, Any]]
) -> str:
    """The text of an assessment copy's ``conflictlab/checks/lessonNN.py``: forms as data, no answers."""
    lesson = module.__name__.rsplit("lesson", 1)[-1]
    title = getattr(module, "TITLE", "")
    note = "\n".join(textwrap.wrap(f"{ASSESSMENT_HEADLINE} {ASSESSMENT_NOTE}", 88))
    lines = [
        f'"""Checks for lesson {lesson}{": " + title if title else ""} — assessment copy.',
        "",
        note,
        "",
        "Each ``task_N`` checks only the form of its answer; :data:`FORMS` holds the forms",
        "(see :mod:`conflictlab.checks._form`). Written by ``conflictlab release --mode assessment``.",
        '"""',
        "",
        "from conflictlab.checks._form import form_task",
        "",
        f"TITLE = {title!r}",
        "",
        "#: This module checks form only (an assessment copy of the course).",
        "ASSESSMENT_COPY = True",
        "",
        "#: The form each task's answer must have, by task number.",
        f"FORMS = {pprint.pformat({n: dict(forms[n]) for n in sorted(forms)}, width=100, sort_dicts=True)}",
        "",
    ]
    for task in tasks:
        doc = task.function.__doc__ or task.description
        lines += [
            "",
            f"task_{task.number} = form_task(",
            f"    {task.number},",
            f"    variable={task.variable!r},",
            f"    description={doc!r},",
            f"    form=FORMS[{task.number}],",
            ")",
        ]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ looking for answers
_TOKEN = re.compile(r"[\w.+\-]+")


def tokens(text: str) -> set[str]:
    """The words and numbers of a text, as the answer search compares them ("0.45", "C45", "60.0")."""
    return {t.strip(".-+") for t in _TOKEN.findall(text)} - {""}


def renderings(value: Any) -> Iterator[str]:
    """How a notebook would print ``value`` and the parts of it (a number's ``repr`` and its
    six-digit form, as pandas shows it; each id in a list; each cell of a table)."""
    import pandas as pd

    if value is None or isinstance(value, bool) or type(value).__name__ == "bool_":
        return  # True, False and None are in every notebook
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isfinite(number):
            yield repr(value) if not isinstance(value, float) else repr(number)
            if number.is_integer():
                yield str(int(number))
                yield repr(float(number))
            yield f"{number:.6g}"
        return
    if isinstance(value, str):
        yield value.strip()
        return
    if isinstance(value, pd.DataFrame):
        for column in value.columns:
            for cell in value[column]:
                yield from renderings(cell)
        yield value.to_string()
        return
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if isinstance(value, dict):
        for key, item in value.items():
            yield from renderings(key)
            yield from renderings(item)
        yield repr(value)
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from renderings(item)
        yield repr(value)


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


@dataclasses.dataclass
class AnswerSearch:
    """What must not be in an assessment copy: the solution's answers and the code that computes them.

    ``values`` are the renderings of every answer the solutions produced
    that are not also in what students are given anyway; ``code`` the
    names and body lines of the full check modules' functions, likewise.
    """

    values: dict[str, str] = dataclasses.field(default_factory=dict)  # rendering -> where from
    code: dict[str, str] = dataclasses.field(default_factory=dict)  # name or line -> where from
    public_tokens: set[str] = dataclasses.field(default_factory=set)
    public_lines: set[str] = dataclasses.field(default_factory=set)

    @classmethod
    def public(cls, texts: Sequence[str]) -> AnswerSearch:
        """A search that leaves out whatever is in ``texts`` (what students are given anyway)."""
        joined = "\n".join(texts)
        return cls(public_tokens=tokens(joined), public_lines=_lines(joined))

    def add_answer(self, where: str, value: Any) -> None:
        for text in renderings(value):
            words = tokens(text)
            if not words or words <= self.public_tokens:
                continue  # every word of it is in the lessons or the data
            if "\n" in text or " " in text:
                if all(line in self.public_lines for line in _lines(text)):
                    continue
            self.values.setdefault(text, where)

    def add_code(self, module: ModuleType) -> None:
        """The functions of a full check module: each helper's name, and each line of each body."""
        source = inspect.getsource(module)
        for node in ast.parse(source).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            where = f"{module.__name__}.{node.name}"
            if not node.name.startswith("task_") and node.name not in self.public_tokens:
                self.code.setdefault(node.name, where)
            body = node.body[1:] if ast.get_docstring(node) else node.body
            for statement in body:
                for line in _lines(ast.get_source_segment(source, statement) or ""):
                    if len(line) >= 20 and line not in self.public_lines:
                        self.code.setdefault(line, where)

    def find(self, name: str, text: str) -> list[str]:
        """The answers and answer code that ``text`` (the file ``name``) holds, each as a sentence."""
        found_tokens, found_lines = tokens(text), _lines(text)
        leaks = []
        for rendering, where in self.values.items():
            words = tokens(rendering)
            hit = (
                rendering in found_tokens
                if len(words) == 1 and rendering in words
                else all(line in text for line in _lines(rendering))
            )
            if hit:
                leaks.append(f"{name} holds {rendering[:60]!r}, the answer of {where}")
        for piece, where in self.code.items():
            if piece in (found_tokens if piece.isidentifier() else found_lines):
                leaks.append(f"{name} holds {piece[:60]!r}, code of {where} that computes answers")
        return leaks


# ------------------------------------------------------------------ the copy
_CHECK_MODULE = re.compile(r"src/conflictlab/checks/lesson(\d{2})\.py$")
_CHECK_FILE = "src/conflictlab/checks/lesson{}.py"


def _entry_text(name: str, raw: bytes) -> str:
    """A file of the copy as text: a notebook's cell sources and outputs, any other text file as it is."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if name.endswith(".ipynb"):
        try:
            nb = json.loads(text)
        except ValueError:
            return text
        parts = []
        for cell in nb.get("cells", []):
            parts.append(cell_source(cell.get("source", "")))
            for out in cell.get("outputs", []):
                parts.append(cell_source(out.get("text", "")))
                parts.extend(
                    cell_source(v) for v in out.get("data", {}).values() if isinstance(v, (str, list))
                )
        return "\n".join(parts)
    return text


def _with_note(name: str, raw: bytes) -> bytes:
    """An exercise notebook with the assessment note as a cell under its title, and its word on the
    checks' verdict ("✓ correct") made the assessment copy's."""
    nb = json.loads(raw.decode("utf-8"))
    for old in nb.get("cells", []):
        if old.get("cell_type") == "markdown":
            text = cell_source(old.get("source", ""))
            if "✓ correct" in text:
                old["source"] = text.replace("✓ correct", "answer recorded — it will be marked")
    cell: dict[str, Any] = {
        "cell_type": "markdown",
        "metadata": {"tags": ["assessment"]},
        "source": f"> **{ASSESSMENT_HEADLINE}** {ASSESSMENT_NOTE}",
    }
    if any("id" in c for c in nb.get("cells", [])):
        cell["id"] = "assessment-note"
    nb["cells"].insert(1 if nb.get("cells") else 0, cell)
    return (json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


#: The students' README's bullet on what a check cell says, in an assessment copy.
_CHECK_BULLET = re.compile(r"\* Run the check cell:.*?(?=\n\* |\n\n)", re.DOTALL)


def _readme_with_note(raw: bytes) -> bytes:
    """The students' README with the assessment note under its title, and its word on the checks."""
    title, _, rest = raw.decode("utf-8").partition("\n")
    note = (
        f"\n> **{ASSESSMENT_HEADLINE}** "
        + ASSESSMENT_NOTE
        + " The checks in `src/conflictlab/checks/` hold the form of each answer, not the answers.\n"
    )
    rest = _CHECK_BULLET.sub(
        "* Run the check cell: it says “not answered yet”, names what is wrong with the form of\n"
        "  your answer (a number where a table is asked for, a missing column, an id that does not\n"
        "  exist), or says “answer recorded — it will be marked”. It does not say whether an answer\n"
        "  is right: your instructor marks the notebook you hand in.",
        rest,
        count=1,
    )
    return (title + "\n" + note + rest).encode("utf-8")


def make_assessment_copy(course: Path, folder: str, entries: dict[str, bytes]) -> AnswerSearch:
    """Turn the files of a practice copy (``entries``, name → bytes) into an assessment copy, in place.

    Each ``src/conflictlab/checks/lessonNN.py`` is replaced by a form-only
    module (:func:`form_module_source`), each exercise gets the assessment
    note under its title, and the README says what kind of copy it is.

    Returns
    -------
    AnswerSearch
        The answers and the answer code that no file of the copy may hold
        (the caller searches every file it writes with :meth:`AnswerSearch.find`).

    Raises
    ------
    SolutionError
        When a solution does not run, or its answers do not pass their own checks.
    """
    lessons = {m[1]: name for name in entries if (m := _CHECK_MODULE.search(name))}
    public = [
        _entry_text(name, raw)
        for name, raw in entries.items()
        if name not in lessons.values() and not name.endswith("README.md")
    ]
    search = AnswerSearch.public(public)
    for lesson, name in sorted(lessons.items()):
        module = load_lesson(lesson)
        if inspect.getsource(module).encode("utf-8") != (course / _CHECK_FILE.format(lesson)).read_bytes():
            raise SolutionError(
                f"the installed checks of lesson {lesson} ({module.__file__}) are not the course's "
                f"({_CHECK_FILE.format(lesson)}): release with the course's own package installed"
            )
        runs, forms = lesson_forms(course, lesson)
        entries[name] = form_module_source(module, [r.task for r in runs], forms).encode("utf-8")
        search.add_code(module)
        for run in (r for r in runs if r.in_kernel):
            search.add_answer(f"lesson {lesson}, task {run.task.number} (`{run.task.variable}`)", run.value)
    for name in list(entries):
        if name.startswith(f"{folder}/exercises/") and name.endswith(".ipynb"):
            entries[name] = _with_note(name, entries[name])
    readme = f"{folder}/README.md"
    if readme in entries:
        entries[readme] = _readme_with_note(entries[readme])
    return search
