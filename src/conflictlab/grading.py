"""Grade a class's exercise notebooks: ``conflictlab grade SUBMISSIONS_DIR --out OUT``.

Each submission is executed in a fresh Jupyter kernel (nbclient), in a
temporary folder that holds only that notebook, cell by cell, with a time
limit per cell (the cell is interrupted and the rest still runs) and per
notebook (the remaining cells are skipped). After each cell that assigns a
task's variable, and once at the end, a small extraction cell reads the
tasks' variables and sends them back in a typed JSON encoding (tables,
columns, arrays, lists, tuples, dictionaries, sets, text, numbers,
True/False, None and ``...``; anything else arrives as "unsupported type
X"). The checks of ``conflictlab.checks.lessonNN`` then run in the grader's
own process on those values: the notebook's printed output, and any check
functions it defines or alters, are never used, and nothing from the
student's kernel is ever unpickled.

Submissions are graded ``--jobs`` at a time by worker processes. A notebook
that is empty, invalid, crashing, endless, or that kills its worker, becomes
a row of ``error`` or ``timeout`` with a reason; the others go on.

How a task's status is decided, from the last cell (in notebook order) that
assigns the task's variable:

``error``    that cell raised an exception (the hint names it), Python died
             while or before running it, or the notebook could not be run;
``timeout``  that cell was stopped at the time limit, or the notebook's time
             ran out before or while it ran;
``missing``  otherwise, when the variable is absent (renamed, deleted) or
             still ``...``;
``passed`` / ``wrong``   otherwise, as the package's check says.

Output, in ``OUT``: ``gradebook.csv``, ``hints.csv``, ``summary.csv``,
``summary.png`` and ``summary.html`` (which tasks the class found hardest),
``word_answers.csv`` (for tasks answered in words) and ``feedback/STUDENT.md``.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import csv
import dataclasses
import inspect
import json
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

#: Default time limits, in seconds.
CELL_TIMEOUT = 60
NOTEBOOK_TIMEOUT = 600
#: Time allowed for a kernel to start, and for reading the answers back.
STARTUP_TIMEOUT = 60
EXTRACT_TIMEOUT = 30
#: Seconds past a cell's limit before a kernel that ignores interrupts is given up on.
_GRACE = 5
#: Seconds to wait, after a student's cell has finished, for its last output messages (which
#: grading does not keep); reading the answers back waits up to EXTRACT_TIMEOUT instead.
_CELL_IOPUB_TIMEOUT = 4
#: The most values (table cells, list items, characters / 100) read back per variable.
VALUE_BUDGET = 500_000

_MIME = "application/vnd.conflictlab.answers+json"
_KERNEL_NAME = "conflictlab-grader"


# =========================================================================== results
@dataclasses.dataclass
class TaskResult:
    """One task's verdict for one student."""

    task: int
    variable: str
    status: str
    message: str


@dataclasses.dataclass
class SubmissionResult:
    """Everything the grader found about one submission."""

    student: str
    file: str
    lesson: str | None
    tasks: list[TaskResult]
    problem: str | None = None
    seconds: float = 0.0
    words: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def passed(self) -> int:
        return sum(t.status == "passed" for t in self.tasks)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubmissionResult:
        tasks = [TaskResult(**t) for t in data.pop("tasks")]
        return cls(tasks=tasks, **data)


# =========================================================================== typed JSON encoding
def encode_value(value, limit=500_000):
    """Encode ``value`` as typed, plain JSON data (runs inside the student's kernel).

    The encoding keeps what a check needs to tell a right answer from a
    wrong one — a tuple stays a tuple, a DataFrame keeps its columns, index
    and dtypes — and refuses everything else as ``{"t": "unsupported"}``.
    This function is sent to the kernel as source code, so it imports what
    it needs itself and uses nothing else from this module.
    """
    import datetime as _dt
    import math as _math
    import sys as _sys

    np = _sys.modules.get("numpy")
    pd = _sys.modules.get("pandas")
    budget = [limit]

    class _Refused(Exception):
        pass

    def spend(n=1):
        budget[0] -= n
        if budget[0] < 0:
            raise _Refused("it is too large for the grader to read")

    def type_name(v):
        t = type(v)
        return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"

    def number(v):
        v = float(v)
        if _math.isnan(v):
            return {"t": "float", "v": "nan"}
        if _math.isinf(v):
            return {"t": "float", "v": "inf" if v > 0 else "-inf"}
        return {"t": "float", "v": v}

    def index(ix, depth):
        if pd is not None and isinstance(ix, pd.RangeIndex):
            return {
                "t": "range",
                "start": ix.start,
                "stop": ix.stop,
                "step": ix.step,
                "name": enc(ix.name, depth + 1),
            }
        if pd is not None and isinstance(ix, pd.MultiIndex):
            return {
                "t": "multiindex",
                "names": [enc(n, depth + 1) for n in ix.names],
                "v": [enc(tuple(x), depth + 1) for x in ix.tolist()],
            }
        return {
            "t": "index",
            "name": enc(ix.name, depth + 1),
            "dtype": str(ix.dtype),
            "v": [enc(x, depth + 1) for x in ix.tolist()],
        }

    def enc(v, depth=0):
        spend()
        if depth > 30:
            raise _Refused("it is nested too deeply for the grader to read")
        if v is None:
            return {"t": "none"}
        if v is Ellipsis:
            return {"t": "ellipsis"}
        if isinstance(v, bool) or (np is not None and isinstance(v, np.bool_)):
            return {"t": "bool", "v": bool(v)}
        if isinstance(v, int) or (np is not None and isinstance(v, np.integer)):
            return {"t": "int", "v": int(v)}
        if isinstance(v, float) or (np is not None and isinstance(v, np.floating)):
            return number(v)
        if isinstance(v, str):
            spend(len(v) // 100)
            return {"t": "str", "v": str.__str__(v)}
        if pd is not None:
            if v is pd.NaT:
                return {"t": "nat"}
            if v is pd.NA:
                return {"t": "na"}
            if isinstance(v, pd.Timestamp):
                return {"t": "timestamp", "v": v.isoformat()}
            if isinstance(v, pd.DataFrame):
                spend(v.size)
                return {
                    "t": "frame",
                    "columns": [enc(c, depth + 1) for c in v.columns],
                    "dtypes": [str(d) for d in v.dtypes],
                    "index": index(v.index, depth),
                    "data": [[enc(x, depth + 1) for x in v.iloc[:, j].tolist()] for j in range(v.shape[1])],
                }
            if isinstance(v, pd.Series):
                spend(len(v))
                return {
                    "t": "series",
                    "name": enc(v.name, depth + 1),
                    "dtype": str(v.dtype),
                    "index": index(v.index, depth),
                    "v": [enc(x, depth + 1) for x in v.tolist()],
                }
            if isinstance(v, pd.Index):
                return index(v, depth)
        if np is not None:
            if isinstance(v, np.ndarray):
                spend(v.size)
                return {
                    "t": "ndarray",
                    "dtype": str(v.dtype),
                    "shape": list(v.shape),
                    "v": [enc(x, depth + 1) for x in v.ravel().tolist()],
                }
            if isinstance(v, np.datetime64) and pd is not None:
                return enc(pd.Timestamp(v), depth)
        if isinstance(v, _dt.datetime):
            return {"t": "datetime", "v": v.isoformat()}
        if isinstance(v, _dt.date):
            return {"t": "date", "v": v.isoformat()}
        if isinstance(v, list):
            return {"t": "list", "v": [enc(x, depth + 1) for x in list.__iter__(v)]}
        if isinstance(v, tuple):
            return {"t": "tuple", "v": [enc(x, depth + 1) for x in tuple.__iter__(v)]}
        if isinstance(v, (set, frozenset)):
            return {"t": "set", "v": [enc(x, depth + 1) for x in v]}
        if isinstance(v, dict):
            return {"t": "dict", "v": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in dict.items(v)]}
        return {
            "t": "unsupported",
            "type": type_name(v),
            "reason": "the grader cannot read values of this type",
        }

    try:
        return enc(value)
    except _Refused as exc:
        return {"t": "unsupported", "type": type_name(value), "reason": str(exc)}
    except RecursionError:
        return {
            "t": "unsupported",
            "type": type_name(value),
            "reason": "it is nested too deeply for the grader to read",
        }


def decode_value(data: Any) -> Any:
    """Rebuild a value from :func:`encode_value`'s output (in the grader's process).

    Unknown or malformed data becomes :class:`conflictlab.checks.Unsupported`;
    nothing is ever evaluated or unpickled.
    """
    from conflictlab.checks import Unsupported

    try:
        return _decode(data)
    except Exception as exc:  # malformed data from a kernel is the student's problem, not a crash
        return Unsupported("value", f"the grader could not read it back ({type(exc).__name__})")


def _decode(d: Any) -> Any:
    import datetime as dt

    import numpy as np
    import pandas as pd

    from conflictlab.checks import Unsupported

    t = d["t"]
    if t == "none":
        return None
    if t == "ellipsis":
        return Ellipsis
    if t == "bool":
        return bool(d["v"])
    if t == "int":
        return int(d["v"])
    if t == "float":
        return float(d["v"])
    if t == "str":
        return str(d["v"])
    if t == "nat":
        return pd.NaT
    if t == "na":
        return pd.NA
    if t == "timestamp":
        return pd.Timestamp(d["v"])
    if t == "datetime":
        return dt.datetime.fromisoformat(d["v"])
    if t == "date":
        return dt.date.fromisoformat(d["v"])
    if t == "list":
        return [_decode(x) for x in d["v"]]
    if t == "tuple":
        return tuple(_decode(x) for x in d["v"])
    if t == "set":
        return {_decode(x) for x in d["v"]}
    if t == "dict":
        return {_decode(k): _decode(v) for k, v in d["v"]}
    if t in ("range", "index", "multiindex"):
        return _decode_index(d)
    if t == "series":
        values = _with_dtype([_decode(x) for x in d["v"]], d["dtype"])
        return pd.Series(values, index=_decode_index(d["index"]), name=_decode(d["name"]))
    if t == "frame":
        columns = [_decode(c) for c in d["columns"]]
        data = [
            _with_dtype([_decode(x) for x in col], dtype)
            for col, dtype in zip(d["data"], d["dtypes"], strict=False)
        ]
        index = _decode_index(d["index"])
        frame = (
            pd.concat([pd.Series(col, index=index) for col in data], axis=1)
            if data
            else pd.DataFrame(index=index)
        )
        frame.columns = pd.Index(columns, dtype=object if not columns else None)
        return frame
    if t == "ndarray":
        values = [_decode(x) for x in d["v"]]
        try:
            array = np.array(values, dtype=d["dtype"])
        except (TypeError, ValueError):
            array = np.array(values, dtype=object)
        return array.reshape(d["shape"])
    if t == "unsupported":
        reason = d.get("reason", "the grader cannot read values of this type")
        return Unsupported(str(d.get("type", "value")), str(reason))
    raise ValueError(f"unknown encoding {t!r}")


def _with_dtype(values: list[Any], dtype: str) -> Any:
    """The values as a pandas array of ``dtype`` (positional: no index to align on)."""
    import pandas as pd

    series = pd.Series(values, dtype=object)
    try:
        series = series.astype(dtype)
    except (TypeError, ValueError):
        series = series.infer_objects()
    return series.array


def _decode_index(d: dict[str, Any]) -> Any:
    import pandas as pd

    if d["t"] == "range":
        return pd.RangeIndex(d["start"], d["stop"], d["step"], name=_decode(d["name"]))
    if d["t"] == "multiindex":
        tuples = [_decode(x) for x in d["v"]]
        names = [_decode(n) for n in d["names"]]
        return (
            pd.MultiIndex.from_tuples(tuples, names=names)
            if tuples
            else pd.MultiIndex.from_arrays([[] for _ in names], names=names)
        )
    values = _with_dtype([_decode(x) for x in d["v"]], d["dtype"])
    return pd.Index(values, name=_decode(d["name"]))


def _extraction_code(names: Sequence[str], nonce: str) -> str:
    """The cell the grader runs in a student's kernel to read the answers."""
    source = inspect.getsource(encode_value)
    return f"""
def __conflictlab_read_answers():
    from IPython import get_ipython
    from IPython.display import display
{_indent(source, 4)}
    namespace = get_ipython().user_ns
    found = {{}}
    for name in {list(names)!r}:
        if name not in namespace:
            found[name] = {{"absent": True}}
            continue
        try:
            found[name] = {{"value": encode_value(namespace[name], {VALUE_BUDGET})}}
        except BaseException as exc:
            found[name] = {{"value": {{"t": "unsupported", "type": type(namespace[name]).__name__,
                                      "reason": "the grader could not read it (" + type(exc).__name__ + ")"}}}}
    display({{{_MIME!r}: {{"nonce": {nonce!r}, "answers": found}}}}, raw=True)
__conflictlab_read_answers()
del __conflictlab_read_answers
"""


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


# =========================================================================== reading a submission
class SubmissionError(Exception):
    """A submission that cannot be run at all; the message is for the student."""


def read_submission(path: Path) -> Any:
    """Read a submitted notebook, or raise :class:`SubmissionError` saying what is wrong with the file."""
    import nbformat

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SubmissionError(f"The file could not be opened ({exc.strerror}).") from None
    if not raw.strip():
        raise SubmissionError(
            "The file is empty: it holds no notebook. Submit the .ipynb file saved from JupyterLab."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(
            "The file is not a notebook (it is not text). Submit the .ipynb file saved from JupyterLab."
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            f"The file is not a readable notebook: its JSON is broken at line {exc.lineno}, column {exc.colno} "
            "(was it edited outside JupyterLab, or cut short?). Download it again from JupyterLab "
            "(File → Download) and resubmit."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise SubmissionError("The file is JSON but not a Jupyter notebook (it has no list of cells).")
    try:
        nb = nbformat.reads(text, as_version=4, capture_validation_error={})
    except Exception as exc:
        raise SubmissionError(f"The notebook could not be read ({type(exc).__name__}: {exc}).") from None
    for cell in nb.cells:
        if "source" not in cell or "cell_type" not in cell:
            raise SubmissionError("The notebook has a damaged cell (no type or no source).")
    return nb


def notebook_lesson(nb: Any) -> str | None:
    """The lesson a notebook declares in its metadata (``"conflictlab": {"lesson": "NN"}``)."""
    meta = nb.get("metadata", {}) if isinstance(nb, dict) else {}
    lesson = (
        (meta.get("conflictlab") or {}).get("lesson") if isinstance(meta.get("conflictlab"), dict) else None
    )
    if lesson is None:
        return None
    text = str(lesson).strip()
    return text.zfill(2) if re.fullmatch(r"\d{1,2}", text) else None


def _peek_lesson(path: Path) -> str | None:
    try:
        return notebook_lesson(json.loads(Path(path).read_text(encoding="utf-8-sig")))
    except Exception:
        return None


def assigned_names(source: str) -> set[str]:
    """Names a cell assigns at its top level (``x = ...``, ``for x in``, ``import x``, ``def x``)."""
    pattern = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)", flags=re.M)
    if source.lstrip().startswith("%%"):  # a cell magic such as %%time: its body is Python
        source = source.lstrip().split("\n", 1)[1] if "\n" in source.lstrip() else ""
    magic_lines = [
        re.sub(r"^\s*%\w+\s*", "", line) for line in source.splitlines() if line.lstrip().startswith("%")
    ]
    names: set[str] = set(pattern.findall("\n".join(magic_lines)))
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        tree = ast.parse(TransformerManager().transform_cell(source))
    except Exception:
        return names | set(pattern.findall(source))

    class Visitor(ast.NodeVisitor):
        def visit_Name(self, node: ast.Name) -> None:
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)

        def visit_FunctionDef(self, node: ast.AST) -> None:
            names.add(node.name)  # type: ignore[attr-defined]

        visit_AsyncFunctionDef = visit_FunctionDef
        visit_ClassDef = visit_FunctionDef

        def visit_Lambda(self, node: ast.AST) -> None:
            pass

        def visit_ListComp(self, node: ast.AST) -> None:
            pass

        visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

        def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
            names.add(node.target.id)
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])

        visit_ImportFrom = visit_Import

        def visit_Global(self, node: ast.Global) -> None:
            names.update(node.names)

    Visitor().visit(tree)
    return names


# =========================================================================== running a submission
@dataclasses.dataclass
class _CellRun:
    index: int
    status: str = "not run"  # ok, error, timeout, not run
    limit: float = 0.0  # the time it was allowed
    cut_short: bool = False  # its limit was what was left of the notebook's time
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0


@dataclasses.dataclass
class _Execution:
    cells: dict[int, _CellRun]
    answers: dict[str, dict[str, Any]]
    stopped: str | None = None  # why cells stopped running: "time", "died", "stuck", "start"
    stopped_at: int | None = None
    start_problem: str | None = None


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "MPLBACKEND": "Agg",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "CONFLICTLAB_GRADING": "1",
        }
    )
    return env


def _make_client(nb: Any, workdir: Path) -> Any:
    import ipykernel.kernelspec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    class CurrentEnvironment(KernelSpecManager):
        """The grader's own Python, whatever kernels the machine has installed."""

        def get_kernel_spec(self, kernel_name: str) -> Any:
            if kernel_name == _KERNEL_NAME:
                return self.kernel_spec_class(
                    resource_dir=ipykernel.kernelspec.RESOURCES, **ipykernel.kernelspec.get_kernel_dict()
                )
            return super().get_kernel_spec(kernel_name)

    class QuietClient(NotebookClient):
        """Keeps only the outputs of the grader's own cells (a print loop cannot fill memory)."""

        keep_outputs_of: int = -1

        def output(self, outs, msg, display_id, cell_index):  # type: ignore[override]
            if cell_index == self.keep_outputs_of:
                return super().output(outs, msg, display_id, cell_index)
            return None

    km = AsyncKernelManager(kernel_name=_KERNEL_NAME, kernel_spec_manager=CurrentEnvironment())
    client = QuietClient(
        nb,
        km=km,
        timeout=CELL_TIMEOUT,
        interrupt_on_timeout=True,
        allow_errors=False,
        record_timing=False,
        startup_timeout=STARTUP_TIMEOUT,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(workdir)}},
        iopub_timeout=_CELL_IOPUB_TIMEOUT,
        raise_on_iopub_timeout=False,
    )
    return client


async def _run_notebook(
    nb: Any,
    names: Sequence[str],
    workdir: Path,
    *,
    cell_timeout: float,
    notebook_timeout: float,
    on_kernel: Callable[[int], None] | None = None,
) -> _Execution:
    """Execute ``nb`` cell by cell and read ``names`` back; never raises for a student's code."""
    from nbclient.exceptions import CellExecutionError, DeadKernelError
    from nbformat.v4 import new_code_cell

    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    execution = _Execution(cells={i: _CellRun(i) for i in code_cells}, answers={})
    wanted = set(names)
    assigns = {i: assigned_names(nb.cells[i].source) & wanted for i in code_cells}
    nb.cells.append(new_code_cell(""))
    scratch = len(nb.cells) - 1
    client = _make_client(nb, workdir)
    client.keep_outputs_of = scratch
    nonce = secrets.token_hex(8)

    async def read_answers(which: Sequence[str]) -> dict[str, dict[str, Any]] | None:
        cell = new_code_cell(_extraction_code(which, nonce))
        client.timeout = EXTRACT_TIMEOUT
        # The answers come back as one output message, which can be large and, on a busy
        # machine, arrive well after the kernel's reply: wait for it as long as for the reply.
        client.iopub_timeout = EXTRACT_TIMEOUT
        try:
            await asyncio.wait_for(
                client.async_execute_cell(cell, scratch, store_history=False), 2 * EXTRACT_TIMEOUT + 10
            )
        except (TimeoutError, Exception):
            return None
        finally:
            client.iopub_timeout = _CELL_IOPUB_TIMEOUT
        for out in cell.get("outputs", []):
            bundle = out.get("data", {}).get(_MIME)
            if (
                isinstance(bundle, dict)
                and bundle.get("nonce") == nonce
                and isinstance(bundle.get("answers"), dict)
            ):
                return bundle["answers"]
        return None

    async def run_cells() -> None:
        deadline = time.monotonic() + notebook_timeout
        for i in code_cells:
            run = execution.cells[i]
            remaining = deadline - time.monotonic()
            if remaining < 1:
                execution.stopped, execution.stopped_at = "time", i
                break
            limit = max(1, math.ceil(min(cell_timeout, remaining)))
            run.limit, run.cut_short = limit, remaining < cell_timeout
            client.timeout = limit
            started = time.monotonic()
            try:
                await asyncio.wait_for(client.async_execute_cell(nb.cells[i], i), limit + _GRACE)
                run.status = "ok"
            except CellExecutionError as exc:
                run.seconds = time.monotonic() - started
                timed_out = exc.ename == "KeyboardInterrupt" and run.seconds >= limit - 0.5
                run.status = "timeout" if timed_out else "error"
                run.ename, run.evalue = exc.ename, _shorten(exc.evalue, 300)
                if timed_out and run.cut_short:
                    execution.stopped, execution.stopped_at = "time", i
                    break
            except (TimeoutError, DeadKernelError):
                # nbclient reports its own cancellation (our time limit on a cell that ignores
                # interrupts) as a dead kernel: ask the kernel whether it is still there.
                run.seconds = time.monotonic() - started
                if await _alive(client):
                    run.status = "timeout"
                    execution.stopped, execution.stopped_at = "stuck", i
                else:
                    run.status = "error"
                    run.ename, run.evalue = "DeadKernelError", "Python stopped while running this cell"
                    execution.stopped, execution.stopped_at = "died", i
                break
            run.seconds = time.monotonic() - started
            if run.status == "ok" and assigns[i]:
                snapshot = await read_answers(sorted(assigns[i]))
                for name, found in (snapshot or {}).items():
                    execution.answers[name] = found
        if execution.stopped not in ("died", "stuck"):
            final = await read_answers(list(names))
            if final is not None:
                for name, found in final.items():
                    execution.answers[name] = found

    try:
        async with client.async_setup_kernel(
            env=_kernel_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ):
            kernel_pid = getattr(getattr(client.km.provisioner, "process", None), "pid", None)
            if on_kernel is not None and kernel_pid is not None:
                on_kernel(kernel_pid)
            try:
                await run_cells()
            finally:
                if kernel_pid is not None:  # whatever the notebook started goes with its kernel
                    _kill_process(kernel_pid, children_only=True)
    except DeadKernelError:
        execution.stopped = execution.stopped or "died"
    except Exception as exc:  # the kernel would not start, or the client failed
        if not any(r.status != "not run" for r in execution.cells.values()):
            execution.start_problem = f"{type(exc).__name__}: {_shorten(str(exc), 200)}"
        execution.stopped = execution.stopped or "start"
    return execution


async def _alive(client: Any) -> bool:
    try:
        return bool(await client.km.is_alive())
    except Exception:
        return False


def _shorten(text: str, limit: int) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_line(source: str) -> str:
    for line in source.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return _shorten(stripped, 50)
    return _shorten(source.strip(), 50)


def grade_notebook(
    nb: Any,
    tasks: Sequence[Any],
    *,
    cell_timeout: float = CELL_TIMEOUT,
    notebook_timeout: float = NOTEBOOK_TIMEOUT,
    file_name: str = "submission.ipynb",
    on_kernel: Callable[[int], None] | None = None,
) -> tuple[list[TaskResult], dict[str, str]]:
    """Run one notebook and judge each task with the package's checks.

    Returns
    -------
    (list of TaskResult, dict)
        The verdicts, and the texts of answers to tasks in words.
    """
    names = list(dict.fromkeys(t.variable for t in tasks))
    workdir = Path(tempfile.mkdtemp(prefix="conflictlab-grade-"))
    try:
        import nbformat

        (workdir / Path(file_name).name).write_text(nbformat.writes(nb), encoding="utf-8")
    except Exception:
        pass
    try:
        execution = asyncio.run(
            _run_notebook(
                nb,
                names,
                workdir,
                cell_timeout=cell_timeout,
                notebook_timeout=notebook_timeout,
                on_kernel=on_kernel,
            )
        )
        from conflictlab.checks._core import _checking_in

        with _checking_in(workdir):  # checks of files the notebook wrote (a saved chart) look here
            return _judge(nb, tasks, execution, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _judge(
    nb: Any, tasks: Sequence[Any], execution: _Execution, *, cell_timeout: float, notebook_timeout: float
) -> tuple[list[TaskResult], dict[str, str]]:
    results: list[TaskResult] = []
    words: dict[str, str] = {}
    code_cells = sorted(execution.cells)
    position = {i: i + 1 for i in range(len(nb.cells))}
    assigns = {i: assigned_names(nb.cells[i].source) for i in code_cells}
    for task in tasks:
        var = task.variable
        defining = [i for i in code_cells if var in assigns[i]]
        last = defining[-1] if defining else None
        run = execution.cells.get(last) if last is not None else None
        where = (
            f"cell {position[last]} (the one starting `{_first_line(nb.cells[last].source)}`)"
            if last is not None
            else ""
        )
        status, message = None, None
        if execution.start_problem:
            status, message = "error", f"The notebook could not be started ({execution.start_problem})."
        elif run is not None and run.status == "error":
            status = "error"
            if run.ename == "DeadKernelError":
                message = (
                    f"Python stopped while running {where}, which computes `{var}` — the notebook may use "
                    "too much memory, or call exit()."
                )
            else:
                message = f"The cell that computes `{var}`, {where}, stopped with an error: {run.ename}: {run.evalue}"
        elif run is not None and run.status == "timeout" and run.cut_short:
            status = "timeout"
            message = (
                f"The notebook ran out of time ({_seconds(notebook_timeout)} in all) while {where}, "
                f"which computes `{var}`, was running."
            )
        elif run is not None and run.status == "timeout":
            status = "timeout"
            message = (
                f"The cell that computes `{var}`, {where}, was still running after "
                f"{_seconds(run.limit)} and was stopped. Look for a loop that never ends."
            )
        elif run is not None and run.status == "not run":
            if execution.stopped == "time":
                status = "timeout"
                message = (
                    f"The notebook ran out of time ({_seconds(notebook_timeout)} in all) before it reached "
                    f"{where}, which computes `{var}`."
                )
            elif execution.stopped == "stuck":
                status = "timeout"
                stuck = position.get(execution.stopped_at, "?")
                message = (
                    f"Cell {stuck} kept running and could not be stopped, so {where}, which computes "
                    f"`{var}`, never ran."
                )
            else:
                status = "error"
                stopped = position.get(execution.stopped_at, "?")
                message = (
                    f"Python stopped (the kernel died) at cell {stopped}, before {where}, which computes "
                    f"`{var}`, could run."
                )
        if status is None:
            found = execution.answers.get(var)
            if found is None and execution.stopped in ("died", "stuck"):
                status = "error" if execution.stopped == "died" else "timeout"
                message = (
                    "The notebook stopped before the grader could read its answers "
                    f"({'the kernel died' if execution.stopped == 'died' else 'a cell could not be stopped'})."
                )
            elif found is None or found.get("absent"):
                status = "missing"
                if defining:
                    message = (
                        f"There is no variable `{var}` after running the notebook. The check reads `{var}`: "
                        f"keep that name, in the cell under task {task.number}."
                    )
                else:
                    message = (
                        f"No cell assigns `{var}` (was it renamed, or its cell deleted?). The check reads "
                        f"`{var}`: keep that name, in the cell under task {task.number}."
                    )
            else:
                value = decode_value(found.get("value"))
                feedback = task.check(value)
                status, message = feedback.status, feedback.message
                if getattr(task, "kind", "value") == "words" and isinstance(value, str):
                    words[var] = value
        results.append(
            TaskResult(task=task.number, variable=var, status=status, message=_shorten(message, 600))
        )
    return results, words


def _seconds(value: float) -> str:
    return "1 second" if value == 1 else f"{value:g} seconds"


def grade_submission(
    path: str | Path,
    lesson: str,
    *,
    cell_timeout: float = CELL_TIMEOUT,
    notebook_timeout: float = NOTEBOOK_TIMEOUT,
    on_kernel: Callable[[int], None] | None = None,
) -> SubmissionResult:
    """Grade one submitted notebook against ``lesson``'s checks (in this process).

    Parameters
    ----------
    path : path
        The submitted notebook.
    lesson : str
        The lesson being graded, e.g. "01". A notebook whose metadata names
        another lesson gets an error row saying so.
    cell_timeout, notebook_timeout : float
        Time limits in seconds: each cell is interrupted after
        ``cell_timeout`` and the rest of the notebook is skipped after
        ``notebook_timeout``.

    Returns
    -------
    SubmissionResult
    """
    from conflictlab.checks import lesson_tasks

    path = Path(path)
    started = time.monotonic()
    tasks = lesson_tasks(lesson)

    def problem_result(problem: str) -> SubmissionResult:
        return _problem_result(path, lesson, problem, time.monotonic() - started)

    try:
        nb = read_submission(path)
    except SubmissionError as exc:
        return problem_result(str(exc))
    declared = notebook_lesson(nb)
    if declared is not None and declared != lesson:
        return problem_result(
            f"This is the notebook for lesson {declared}, but this grading run is for lesson {lesson}."
        )
    results, words = grade_notebook(
        nb,
        tasks,
        cell_timeout=cell_timeout,
        notebook_timeout=notebook_timeout,
        file_name=path.name,
        on_kernel=on_kernel,
    )
    return SubmissionResult(
        student=path.stem,
        file=path.name,
        lesson=lesson,
        tasks=results,
        seconds=time.monotonic() - started,
        words=words,
    )


# =========================================================================== worker processes
def _serve(stdin: Any = None, stdout: Any = None) -> int:
    """``python -m conflictlab.grading --serve``: grade the jobs read from stdin, one JSON line each.

    For each job the worker writes ``result.json`` (and, as soon as the kernel
    starts, ``kernel.pid``) into the job's private folder, then prints one line,
    ``done``, so the grader knows the result is complete. The kernel's own
    stdout and stderr go nowhere, so it cannot write into this channel.
    """
    import logging

    logging.disable(logging.CRITICAL)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    kernel: list[int] = []
    _watch_parent(kernel)
    for line in stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        folder = Path(job["folder"])

        def remember_kernel(pid: int, folder: Path = folder) -> None:
            kernel[:] = [pid]
            (folder / "kernel.pid").write_text(str(pid))

        try:
            result = grade_submission(
                job["path"],
                job["lesson"],
                cell_timeout=job["cell_timeout"],
                notebook_timeout=job["notebook_timeout"],
                on_kernel=remember_kernel,
            )
            data = result.to_json()
        except Exception as exc:  # a fault of the grader itself: report it for this notebook, carry on
            data = {"crash": f"{type(exc).__name__}: {_shorten(str(exc), 300)}"}
        part = folder / "result.json.part"
        part.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        part.replace(folder / "result.json")
        stdout.write("done\n")
        stdout.flush()
    return 0


def _watch_parent(kernel: list[int]) -> None:
    """Stop this worker, and its kernel, as soon as the grader that started it is gone."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                for pid in kernel:
                    _kill_process(pid)
                os._exit(1)

    threading.Thread(target=watch, name="watch-grader", daemon=True).start()


def _kill_process(pid: int, *, started_after: float | None = None, children_only: bool = False) -> None:
    """Kill a process and its children, if it still exists (and started after ``started_after``)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        if started_after is None and not children_only:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        return
    try:
        process = psutil.Process(pid)
        if started_after is not None and process.create_time() < started_after - 1:
            return  # the number now belongs to another process
        family = process.children(recursive=True) + ([] if children_only else [process])
    except psutil.Error:
        return
    for member in family:
        with contextlib.suppress(psutil.Error):
            member.kill()


class _Worker:
    """One long-lived grading process, replaced whenever a submission kills or hangs it."""

    def __init__(self, cell_timeout: float, notebook_timeout: float, stop: threading.Event) -> None:
        self.cell_timeout = cell_timeout
        self.notebook_timeout = notebook_timeout
        self.stop = stop
        self.proc: subprocess.Popen[str] | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="conflictlab-worker-", suffix=".log", delete=False)

    def _start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            self.log.seek(0)
            self.log.truncate()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "conflictlab.grading", "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.log,
                text=True,
                bufsize=1,
                start_new_session=True,
            )
        return self.proc

    def _discard(self) -> None:
        proc = self.proc
        if proc is not None:
            _kill_process(proc.pid)
            proc.wait()
            self.proc = None

    def kill(self) -> None:
        """Stop the worker and its kernel at once (the instructor pressed Ctrl-C)."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            _kill_process(proc.pid)

    def _log_tail(self) -> str:
        try:
            self.log.flush()
            lines = Path(self.log.name).read_text(encoding="utf-8", errors="replace").strip().splitlines()
            return _shorten(" ".join(lines[-3:]), 300)
        except OSError:
            return ""

    def grade(self, path: Path, lesson: str) -> SubmissionResult:
        import selectors

        started_wall, started = time.time(), time.monotonic()
        hard_limit = STARTUP_TIMEOUT + self.notebook_timeout + 2 * (EXTRACT_TIMEOUT + 10) + 60
        reason = None
        with tempfile.TemporaryDirectory(prefix="conflictlab-job-") as folder:
            folder = Path(folder)
            proc = self._start()
            job = {
                "path": str(path),
                "lesson": lesson,
                "cell_timeout": self.cell_timeout,
                "notebook_timeout": self.notebook_timeout,
                "folder": str(folder),
            }
            try:
                proc.stdin.write(json.dumps(job) + "\n")
                proc.stdin.flush()
            except (BrokenPipeError, OSError):
                reason = "the grading process could not be started"
            selector = selectors.DefaultSelector()
            selector.register(proc.stdout, selectors.EVENT_READ)
            while reason is None:
                if selector.select(timeout=0.5):
                    line = proc.stdout.readline()
                    if line.strip() == "done":
                        break
                    if not line:
                        reason = f"the grading process stopped unexpectedly (exit code {proc.wait()})"
                        tail = self._log_tail()
                        if tail:
                            reason += f": {tail}"
                elif self.stop.is_set():
                    reason = "grading was interrupted"
                elif time.monotonic() - started > hard_limit:
                    reason = f"the grader gave up on it after {hard_limit:g} seconds"
            selector.close()
            if reason is not None:
                self._discard()
            pid_file = folder / "kernel.pid"
            if pid_file.exists():
                try:
                    _kill_process(int(pid_file.read_text()), started_after=started_wall)
                except ValueError:
                    pass
            if reason is None:
                try:
                    data = json.loads((folder / "result.json").read_text(encoding="utf-8"))
                    if "crash" in data:
                        reason = f"the grader failed on it ({data['crash']})"
                    else:
                        return SubmissionResult.from_json(data)
                except (OSError, ValueError, TypeError) as exc:
                    reason = f"its result could not be read ({type(exc).__name__})"
        return _problem_result(
            path, lesson, f"This notebook could not be graded: {reason}.", time.monotonic() - started
        )

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except Exception:
                self._discard()
        self.log.close()
        try:
            os.unlink(self.log.name)
        except OSError:
            pass


def _problem_result(path: Path, lesson: str, problem: str, seconds: float) -> SubmissionResult:
    from conflictlab.checks import lesson_tasks

    tasks = lesson_tasks(lesson)
    return SubmissionResult(
        student=path.stem,
        file=path.name,
        lesson=lesson,
        problem=problem,
        seconds=seconds,
        tasks=[TaskResult(t.number, t.variable, "error", problem) for t in tasks],
    )


# =========================================================================== progress
class _Progress:
    """A progress bar (or, when stderr is not a terminal, one line per notebook) naming the current students."""

    def __init__(self, total: int, stream: Any = None) -> None:
        self.total = total
        self.done = 0
        self.running: list[str] = []
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.lock = threading.Lock()
        self.started = time.monotonic()

    def start(self, student: str) -> None:
        with self.lock:
            self.running.append(student)
            if self.tty:
                self._draw()
            else:
                print(
                    f"[{self.done:>{len(str(self.total))}}/{self.total}] grading {student} …",
                    file=self.stream,
                    flush=True,
                )

    def finish(self, result: SubmissionResult) -> None:
        with self.lock:
            self.done += 1
            if result.student in self.running:
                self.running.remove(result.student)
            counts = Counter(t.status for t in result.tasks)
            ordered = sorted(counts.items(), key=lambda kv: _STATUS_ORDER.index(kv[0]))
            summary = ", ".join(f"{n} {s}" for s, n in ordered)
            line = f"[{self.done:>{len(str(self.total))}}/{self.total}] {result.student}: {summary or 'no tasks'}"
            line += f" ({result.seconds:.1f} s)"
            if result.problem:
                line += f" — {_shorten(result.problem, 80)}"
            if self.tty:
                self.stream.write("\r\x1b[2K" + line + "\n")
                self._draw()
            else:
                print(line, file=self.stream, flush=True)

    def _draw(self) -> None:
        width = shutil.get_terminal_size((80, 20)).columns
        bar_width = 24
        filled = round(bar_width * self.done / max(self.total, 1))
        bar = "█" * filled + "░" * (bar_width - filled)
        now = ", ".join(self.running) or "—"
        line = f"grading {bar} {self.done}/{self.total}  now: {now}"
        self.stream.write("\r\x1b[2K" + line[: width - 1])
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


_STATUS_ORDER = ["passed", "wrong", "missing", "error", "timeout"]


# =========================================================================== a class
def find_submissions(folder: Path) -> tuple[list[Path], list[Path]]:
    """The notebooks in ``folder`` (not its subfolders), and the other files that were skipped."""
    notebooks, others = [], []
    for path in sorted(Path(folder).iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or not path.is_file():
            continue
        (notebooks if path.suffix.lower() == ".ipynb" else others).append(path)
    return notebooks, others


def choose_lesson(notebooks: Iterable[Path], lesson: str | None) -> str:
    """The lesson a grading run is for: ``--lesson``, else the one the notebooks' metadata names."""
    if lesson is not None:
        text = str(lesson).strip()
        if not re.fullmatch(r"\d{1,2}", text):
            raise ValueError(f"--lesson takes a lesson number such as 01, not {lesson!r}")
        return text.zfill(2)
    counts = Counter(x for x in (_peek_lesson(p) for p in notebooks) if x is not None)
    if not counts:
        raise ValueError("none of the notebooks says which lesson it belongs to; pass --lesson NN")
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        listing = ", ".join(f"lesson {k} ({v})" for k, v in ranked)
        raise ValueError(f"the notebooks belong to several lessons ({listing}); pass --lesson NN")
    return ranked[0][0]


def grade_folder(
    folder: str | Path,
    *,
    lesson: str | None = None,
    jobs: int | None = None,
    cell_timeout: float = CELL_TIMEOUT,
    notebook_timeout: float = NOTEBOOK_TIMEOUT,
    progress: _Progress | None = None,
) -> tuple[str, list[SubmissionResult]]:
    """Grade every notebook in ``folder``, ``jobs`` at a time, in separate worker processes.

    Returns
    -------
    (str, list of SubmissionResult)
        The lesson graded, and one result per notebook, ordered by student.
    """
    import queue

    notebooks, _ = find_submissions(Path(folder))
    lesson = choose_lesson(notebooks, lesson)
    from conflictlab.checks import lesson_tasks

    lesson_tasks(lesson)  # fail early, in the instructor's terms, when the lesson has no checks
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(notebooks) or 1))
    stop = threading.Event()
    todo: queue.Queue[Path] = queue.Queue()
    for path in notebooks:
        todo.put(path)
    results: list[SubmissionResult] = []
    lock = threading.Lock()
    workers: list[_Worker] = []

    def slot() -> None:
        worker = _Worker(cell_timeout, notebook_timeout, stop)
        with lock:
            workers.append(worker)
        try:
            while not stop.is_set():
                try:
                    path = todo.get_nowait()
                except queue.Empty:
                    return
                if progress:
                    progress.start(path.stem)
                result = worker.grade(path, lesson)
                if stop.is_set():
                    return
                with lock:
                    results.append(result)
                if progress:
                    progress.finish(result)
        finally:
            worker.close()

    threads = [threading.Thread(target=slot, name=f"grader-{n}", daemon=True) for n in range(jobs)]
    for thread in threads:
        thread.start()
    try:
        while any(t.is_alive() for t in threads):
            for thread in threads:
                thread.join(timeout=0.2)
    except KeyboardInterrupt:
        stop.set()
        with lock:
            for worker in workers:
                worker.kill()
        deadline = time.monotonic() + 30
        while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
            time.sleep(0.1)
        raise
    return lesson, sorted(results, key=lambda r: r.student)


# =========================================================================== reports
def write_reports(results: Sequence[SubmissionResult], lesson: str, out: str | Path) -> dict[str, Path]:
    """Write the gradebook, hints, summary, chart, word answers and feedback files into ``out``.

    Returns
    -------
    dict
        The files written, by kind.
    """
    from conflictlab.checks import lesson_tasks, load_lesson

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tasks = lesson_tasks(lesson)
    module = load_lesson(lesson)
    title = getattr(module, "TITLE", None)
    written: dict[str, Path] = {}
    columns = [t.name for t in tasks]

    path = out / "gradebook.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", *columns, "tasks_passed"])
        for r in results:
            by_task = {t.task: t.status for t in r.tasks}
            w.writerow([r.student, *(by_task.get(t.number, "error") for t in tasks), r.passed])
    written["gradebook"] = path

    path = out / "hints.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "task", "variable", "status", "message"])
        for r in results:
            for t in r.tasks:
                w.writerow([r.student, f"task_{t.task}", t.variable, t.status, t.message])
    written["hints"] = path

    summary = []
    for t in tasks:
        counts = Counter(next((x.status for x in r.tasks if x.task == t.number), "error") for r in results)
        n = max(len(results), 1)
        summary.append(
            {
                "task": t.name,
                "variable": t.variable,
                "description": t.description,
                **{s: counts.get(s, 0) for s in _STATUS_ORDER},
                "share_passed": round(counts.get("passed", 0) / n, 4),
            }
        )
    path = out / "summary.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["task", "variable", "description", *_STATUS_ORDER, "share_passed"])
        w.writeheader()
        w.writerows(summary)
    written["summary"] = path

    word_tasks = [t for t in tasks if getattr(t, "kind", "value") == "words"]
    if word_tasks:
        path = out / "word_answers.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["student", "task", "variable", "words", "answer"])
            for r in results:
                for t in word_tasks:
                    text = r.words.get(t.variable, "")
                    w.writerow([r.student, t.name, t.variable, len(text.split()), text])
        written["word_answers"] = path

    feedback_dir = out / "feedback"
    feedback_dir.mkdir(exist_ok=True)
    for r in results:
        path = feedback_dir / f"{r.student}.md"
        path.write_text(feedback_markdown(r, tasks, lesson, title), encoding="utf-8")
    written["feedback"] = feedback_dir

    try:
        chart = summary_chart(summary, lesson, len(results), title)
        chart.save(str(out / "summary.png"), scale_factor=2)
        chart.save(str(out / "summary.html"), inline=True)
        written["chart_png"] = out / "summary.png"
        written["chart_html"] = out / "summary.html"
    except Exception as exc:  # the grades matter more than the picture
        print(
            f"conflictlab grade: could not draw the summary chart ({type(exc).__name__}: {exc}); "
            "the CSV files are complete.",
            file=sys.stderr,
        )
    return written


_VERDICTS = {
    "passed": "✓ passed the public checks",
    "wrong": "✗ not quite",
    "missing": "not answered",
    "error": "⚠ error",
    "timeout": "⌛ ran out of time",
}


def feedback_markdown(
    result: SubmissionResult, tasks: Sequence[Any], lesson: str, title: str | None = None
) -> str:
    """One student's feedback, in Markdown that also reads well as plain text."""
    heading = f"Lesson {lesson}" + (f": {title}" if title else "")
    lines = [f"# Feedback on your exercises — {heading}", "", f"Notebook: `{result.file}`", ""]
    if result.problem:
        lines += [f"**Your notebook could not be graded.** {result.problem}", ""]
    else:
        lines += [
            f"**{result.passed} of {len(result.tasks)} tasks passed the public checks.** Each task below "
            "says what the check found; open your notebook, fix what it points to, and run the check "
            "cell again.",
            "",
        ]
    descriptions = {t.number: t.description for t in tasks}
    kinds = {t.number: getattr(t, "kind", "value") for t in tasks}
    for r in result.tasks:
        verdict = _VERDICTS.get(r.status, r.status)
        if r.status == "passed" and kinds.get(r.task) == "words":
            verdict = "✓ answered (your instructor reads it)"
        lines += [f"## Task {r.task} (`{r.variable}`): {verdict}", ""]
        if descriptions.get(r.task):
            lines += [f"*{descriptions[r.task]}*", ""]
        if r.message and not result.problem:
            lines += [_sentence(r.message), ""]
    lines += [
        "---",
        "",
        "These are the same public checks you can run in the notebook: passing them means your answer "
        "passed those checks, not that it has been marked. Answers in words are read by your instructor.",
        "",
    ]
    return "\n".join(lines)


def _sentence(message: str) -> str:
    message = message.strip()
    return message if message.endswith((".", "!", "?", "…")) else message + "."


def summary_chart(
    summary: Sequence[dict[str, Any]], lesson: str, students: int, title: str | None = None
) -> Any:
    """A stacked bar per task (share of students by verdict), hardest task at the top."""
    import altair as alt
    import pandas as pd

    rows = []
    order = [s["task"] for s in sorted(summary, key=lambda s: (s["share_passed"], s["task"]))]
    for s in summary:
        label = s["task"].replace("task_", "Task ")
        for status in _STATUS_ORDER:
            rows.append(
                {
                    "task": label,
                    "status": status,
                    "students": s[status],
                    "share": s[status] / max(students, 1),
                }
            )
    data = pd.DataFrame(rows)
    colours = ["#009E73", "#E69F00", "#BBBBBB", "#D55E00", "#CC79A7"]  # Okabe–Ito, colour-blind safe
    heading = f"Which tasks did the class find hardest? Lesson {lesson}" + (f": {title}" if title else "")
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("task:N", sort=[o.replace("task_", "Task ") for o in order], title=None),
            x=alt.X("sum(share):Q", stack="normalize", title="share of students", axis=alt.Axis(format="%")),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=_STATUS_ORDER, range=colours),
                legend=alt.Legend(title="verdict", orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=["task:N", "status:N", "students:Q", alt.Tooltip("share:Q", format=".0%")],
        )
        .transform_calculate(order=f"indexof({json.dumps(_STATUS_ORDER)}, datum.status)")
        .properties(
            title=alt.Title(
                heading, subtitle=f"{students} submissions; tasks ordered from the fewest passes"
            ),
            width=420,
            height=alt.Step(26),
        )
    )


# =========================================================================== command line
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "submissions",
        metavar="SUBMISSIONS_DIR",
        type=Path,
        help="folder of submitted exercise notebooks (one .ipynb per student, any names)",
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="OUT",
        help="folder for gradebook.csv, hints.csv, feedback/ and the summary chart",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="notebooks graded at once (default: the number of CPUs)",
    )
    parser.add_argument(
        "--lesson",
        default=None,
        metavar="NN",
        help="the lesson, for notebooks whose metadata does not say (e.g. 01)",
    )
    parser.add_argument(
        "--cell-timeout",
        type=float,
        default=CELL_TIMEOUT,
        metavar="S",
        help=f"seconds before a cell is interrupted (default {CELL_TIMEOUT})",
    )
    parser.add_argument(
        "--notebook-timeout",
        type=float,
        default=NOTEBOOK_TIMEOUT,
        metavar="S",
        help=f"seconds before the rest of a notebook is skipped (default {NOTEBOOK_TIMEOUT})",
    )


def run(args: argparse.Namespace) -> int:
    folder: Path = args.submissions
    if not folder.is_dir():
        print(f"conflictlab grade: {folder} is not a folder.", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("conflictlab grade: --jobs must be at least 1.", file=sys.stderr)
        return 2
    if args.cell_timeout <= 0 or args.notebook_timeout <= 0:
        print("conflictlab grade: time limits must be positive.", file=sys.stderr)
        return 2
    notebooks, others = find_submissions(folder)
    if others:
        print(
            f"conflictlab grade: skipping {len(others)} file(s) that are not notebooks: "
            + ", ".join(p.name for p in others[:5])
            + (" …" if len(others) > 5 else ""),
            file=sys.stderr,
        )
    if not notebooks:
        print(f"conflictlab grade: no notebooks (.ipynb files) in {folder}.", file=sys.stderr)
        return 2
    try:
        lesson = choose_lesson(notebooks, args.lesson)
        from conflictlab.checks import lesson_tasks

        tasks = lesson_tasks(lesson)
    except (ValueError, LookupError) as exc:
        print(f"conflictlab grade: {exc}", file=sys.stderr)
        return 2
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(notebooks)))
    print(
        f"conflictlab grade: lesson {lesson}, {len(tasks)} tasks, {len(notebooks)} notebooks, "
        f"{jobs} at a time (cells stop after {args.cell_timeout:g} s, notebooks after "
        f"{args.notebook_timeout:g} s).",
        file=sys.stderr,
    )
    progress = _Progress(len(notebooks))
    started = time.monotonic()
    try:
        lesson, results = grade_folder(
            folder,
            lesson=lesson,
            jobs=jobs,
            cell_timeout=args.cell_timeout,
            notebook_timeout=args.notebook_timeout,
            progress=progress,
        )
    except KeyboardInterrupt:
        progress.close()
        print("conflictlab grade: interrupted; nothing was written.", file=sys.stderr)
        return 130
    progress.close()
    write_reports(results, lesson, args.out)
    problems = [r for r in results if r.problem]
    print(
        f"conflictlab grade: graded {len(results)} notebooks in {time.monotonic() - started:.0f} s; "
        f"results in {args.out}/ (gradebook.csv, hints.csv, feedback/, summary.png).",
        file=sys.stderr,
    )
    if problems:
        print(
            f"conflictlab grade: {len(problems)} notebook(s) could not be run: "
            + "; ".join(f"{r.file}: {_shorten(r.problem or '', 90)}" for r in problems[:10]),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        sys.exit(_serve())
    print("Use `conflictlab grade`.", file=sys.stderr)
    sys.exit(2)
