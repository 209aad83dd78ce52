"""Running one notebook in a Jupyter kernel, cell by cell, with time limits, and reading its answers back."""

from __future__ import annotations

import asyncio
import dataclasses
import math
import os
import secrets
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipykernel.kernelspec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbformat.v4 import new_code_cell

from .._text import shorten
from .codec import ANSWERS_MIME, extraction_code
from .processes import kill_process
from .submission import assigned_names

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
#: The name of the kernel the grader starts (always the grader's own Python).
KERNEL_NAME = "conflictlab-grader"


@dataclasses.dataclass
class CellRun:
    """How one code cell of a submission ran."""

    index: int
    status: str = "not run"  # ok, error, timeout, not run
    limit: float = 0.0  # the time it was allowed
    cut_short: bool = False  # its limit was what was left of the notebook's time
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0


@dataclasses.dataclass
class Execution:
    """How a notebook ran, cell by cell, and the answers read back from its kernel."""

    cells: dict[int, CellRun]
    answers: dict[str, dict[str, Any]]
    stopped: str | None = None  # why cells stopped running: "time", "died", "stuck", "start"
    stopped_at: int | None = None
    start_problem: str | None = None


def kernel_env() -> dict[str, str]:
    """The environment of a student's kernel."""
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


class CurrentEnvironment(KernelSpecManager):
    """The grader's own Python, whatever kernels the machine has installed."""

    def get_kernel_spec(self, kernel_name: str) -> Any:
        if kernel_name == KERNEL_NAME:
            return self.kernel_spec_class(
                resource_dir=ipykernel.kernelspec.RESOURCES, **ipykernel.kernelspec.get_kernel_dict()
            )
        return super().get_kernel_spec(kernel_name)


class QuietClient(NotebookClient):
    """Keeps only the outputs of the grader's own cells (a print loop cannot fill memory)."""

    keep_outputs_of: int = -1

    def output(self, outs: list[Any], msg: dict[str, Any], display_id: str | None, cell_index: int) -> Any:
        if cell_index == self.keep_outputs_of:
            return super().output(outs, msg, display_id, cell_index)
        return None


def make_client(nb: Any, workdir: Path) -> QuietClient:
    """A notebook client for ``nb`` that starts the grader's kernel in ``workdir``."""
    km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=CurrentEnvironment())
    return QuietClient(
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


class _NotebookRun:
    """One run of a notebook: its cells in order, then its answers read back."""

    def __init__(
        self, nb: Any, names: Sequence[str], workdir: Path, *, cell_timeout: float, notebook_timeout: float
    ) -> None:
        self.nb = nb
        self.names = list(names)
        self.cell_timeout = cell_timeout
        self.notebook_timeout = notebook_timeout
        self.code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
        self.execution = Execution(cells={i: CellRun(i) for i in self.code_cells}, answers={})
        wanted = set(names)
        self.assigns = {i: assigned_names(nb.cells[i].source) & wanted for i in self.code_cells}
        nb.cells.append(new_code_cell(""))
        self.scratch = len(nb.cells) - 1
        self.client = make_client(nb, workdir)
        self.client.keep_outputs_of = self.scratch
        self.nonce = secrets.token_hex(8)

    async def read_answers(self, which: Sequence[str]) -> dict[str, dict[str, Any]] | None:
        client = self.client
        cell = new_code_cell(extraction_code(which, self.nonce))
        client.timeout = EXTRACT_TIMEOUT
        # The answers come back as one output message, which can be large and, on a busy
        # machine, arrive well after the kernel's reply: wait for it as long as for the reply.
        client.iopub_timeout = EXTRACT_TIMEOUT
        try:
            await asyncio.wait_for(
                client.async_execute_cell(cell, self.scratch, store_history=False), 2 * EXTRACT_TIMEOUT + 10
            )
        except Exception:
            return None
        finally:
            client.iopub_timeout = _CELL_IOPUB_TIMEOUT
        for out in cell.get("outputs", []):
            bundle = out.get("data", {}).get(ANSWERS_MIME)
            if (
                isinstance(bundle, dict)
                and bundle.get("nonce") == self.nonce
                and isinstance(bundle.get("answers"), dict)
            ):
                return bundle["answers"]
        return None

    async def run_cell(self, i: int, deadline: float) -> bool:
        """Run code cell ``i``; False when the rest of the notebook cannot run."""
        client, execution = self.client, self.execution
        run = execution.cells[i]
        remaining = deadline - time.monotonic()
        if remaining < 1:
            execution.stopped, execution.stopped_at = "time", i
            return False
        limit = max(1, math.ceil(min(self.cell_timeout, remaining)))
        run.limit, run.cut_short = limit, remaining < self.cell_timeout
        client.timeout = limit
        started = time.monotonic()
        try:
            await asyncio.wait_for(client.async_execute_cell(self.nb.cells[i], i), limit + _GRACE)
            run.status = "ok"
        except CellExecutionError as exc:
            run.seconds = time.monotonic() - started
            timed_out = exc.ename == "KeyboardInterrupt" and run.seconds >= limit - 0.5
            run.status = "timeout" if timed_out else "error"
            run.ename, run.evalue = exc.ename, shorten(exc.evalue, 300)
            if timed_out and run.cut_short:
                execution.stopped, execution.stopped_at = "time", i
                return False
        except (TimeoutError, DeadKernelError):
            # nbclient reports its own cancellation (our time limit on a cell that ignores
            # interrupts) as a dead kernel: ask the kernel whether it is still there.
            run.seconds = time.monotonic() - started
            if await self.alive():
                run.status = "timeout"
                execution.stopped, execution.stopped_at = "stuck", i
            else:
                run.status = "error"
                run.ename, run.evalue = "DeadKernelError", "Python stopped while running this cell"
                execution.stopped, execution.stopped_at = "died", i
            return False
        run.seconds = time.monotonic() - started
        if run.status == "ok" and self.assigns[i]:
            snapshot = await self.read_answers(sorted(self.assigns[i]))
            execution.answers.update(snapshot or {})
        return True

    async def run_cells(self) -> None:
        deadline = time.monotonic() + self.notebook_timeout
        for i in self.code_cells:
            if not await self.run_cell(i, deadline):
                break
        if self.execution.stopped not in ("died", "stuck"):
            final = await self.read_answers(self.names)
            self.execution.answers.update(final or {})

    async def alive(self) -> bool:
        try:
            km = self.client.km
            return km is not None and bool(await km.is_alive())  # type: ignore[misc]  # an AsyncKernelManager
        except Exception:
            return False

    async def run(self, on_kernel: Callable[[int], None] | None) -> Execution:
        execution = self.execution
        try:
            async with self.client.async_setup_kernel(
                env=kernel_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            ):
                provisioner = getattr(self.client.km, "provisioner", None)
                kernel_pid = getattr(getattr(provisioner, "process", None), "pid", None)
                if on_kernel is not None and kernel_pid is not None:
                    on_kernel(kernel_pid)
                try:
                    await self.run_cells()
                finally:
                    if kernel_pid is not None:  # whatever the notebook started goes with its kernel
                        kill_process(kernel_pid, children_only=True)
        except DeadKernelError:
            execution.stopped = execution.stopped or "died"
        except Exception as exc:  # the kernel would not start, or the client failed
            if not any(r.status != "not run" for r in execution.cells.values()):
                execution.start_problem = f"{type(exc).__name__}: {shorten(str(exc), 200)}"
            execution.stopped = execution.stopped or "start"
        return execution


async def run_notebook(
    nb: Any,
    names: Sequence[str],
    workdir: Path,
    *,
    cell_timeout: float,
    notebook_timeout: float,
    on_kernel: Callable[[int], None] | None = None,
) -> Execution:
    """Execute ``nb`` cell by cell in ``workdir`` and read ``names`` back; never raises for a student's code.

    ``nb`` gains one empty cell at its end, where the grader's own cells run.
    """
    run = _NotebookRun(nb, names, workdir, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout)
    return await run.run(on_kernel)
