"""Running one notebook in a Jupyter kernel, cell by cell, with time limits, and reading its answers back."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
import os
import secrets
import shutil
import subprocess
import tempfile
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
from .processes import end_kernel
from .sandbox import Sandbox
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
#: The most output, in bytes of JSON, kept from the grader's own cells (the answers read back).
MAX_ANSWER_BYTES = 64 * 1024**2
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
    exit_code: int | None = None  # the kernel's exit status, when it died

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Execution:
        cells = {int(i): CellRun(**run) for i, run in data.pop("cells").items()}
        return cls(cells=cells, **data)

    def cut_off(self) -> Execution:
        """This execution, as it stands when Python stopped mid-way (its worker was killed)."""
        running = next((i for i in sorted(self.cells) if self.cells[i].status == "not run"), None)
        if running is not None and self.stopped is None:
            run = self.cells[running]
            run.status, run.ename, run.evalue = (
                "error",
                "DeadKernelError",
                "Python stopped while running this cell",
            )
            self.stopped, self.stopped_at = "died", running
        return self


class GraderKernels(KernelSpecManager):
    """One kernel, ``conflictlab-grader``: the grader's own Python, started as ``argv`` says.

    Interrupts go as messages, not signals: in a sandbox the kernel is not the
    process Jupyter started.
    """

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.argv = argv

    def get_kernel_spec(self, kernel_name: str) -> Any:
        if kernel_name == KERNEL_NAME:
            return self.kernel_spec_class(
                resource_dir=ipykernel.kernelspec.RESOURCES,
                argv=self.argv,
                display_name="conflictlab grader",
                language="python",
                interrupt_mode="message",
                metadata={},
            )
        return super().get_kernel_spec(kernel_name)


class QuietClient(NotebookClient):
    """Keeps only the outputs of the grader's own cells (a print loop cannot fill memory), up to a size."""

    keep_outputs_of: int = -1
    kept_bytes: int = 0

    def output(self, outs: list[Any], msg: dict[str, Any], display_id: str | None, cell_index: int) -> Any:
        if cell_index != self.keep_outputs_of:
            return None
        size = len(json.dumps(msg.get("content", {}), default=str))
        self.kept_bytes += size
        if self.kept_bytes > MAX_ANSWER_BYTES:
            return None
        return super().output(outs, msg, display_id, cell_index)


def make_client(nb: Any, home: Path, runtime: Path, sandbox: Sandbox, uid: int | None) -> QuietClient:
    """A notebook client for ``nb`` whose kernel runs in ``home``, in ``sandbox``.

    The connection file lives in ``runtime``, so nothing is left in Jupyter's
    own folders and the notebook's folder holds only the notebook; in a
    sandbox, where the kernel has no network, it talks through sockets there.
    """
    specs = GraderKernels(sandbox.kernel_argv(home, runtime, uid=uid))
    km = AsyncKernelManager(
        kernel_name=KERNEL_NAME, kernel_spec_manager=specs, connection_file=str(runtime / "kernel.json")
    )
    if sandbox.isolated:
        km.transport = "ipc"
        km.ip = str(runtime / "k")
    return QuietClient(
        nb,
        km=km,
        timeout=CELL_TIMEOUT,
        interrupt_on_timeout=True,
        allow_errors=False,
        record_timing=False,
        startup_timeout=STARTUP_TIMEOUT,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(home)}},
        iopub_timeout=_CELL_IOPUB_TIMEOUT,
        raise_on_iopub_timeout=False,
    )


class _NotebookRun:
    """One run of a notebook: its cells in order, then its answers read back."""

    def __init__(
        self,
        nb: Any,
        names: Sequence[str],
        home: Path,
        *,
        cell_timeout: float,
        notebook_timeout: float,
        sandbox: Sandbox,
        slot: int,
        run_token: str,
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
        self.home = home
        self.sandbox = sandbox
        self.uid = sandbox.kernel_uid(slot)
        # a socket's name is at most 107 bytes: a short folder of its own, in /tmp when there is one
        short = "/tmp" if os.path.isdir("/tmp") else None
        self.runtime = Path(tempfile.mkdtemp(prefix="cl-", dir=short))
        self.client = make_client(nb, home, self.runtime, sandbox, self.uid)
        self.client.keep_outputs_of = self.scratch
        self.nonce = secrets.token_hex(8)  # marks the answers' output (the kernel sees it)
        self.token = f"{run_token}-{secrets.token_hex(8)}"  # marks the kernel's processes

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
                execution.exit_code = self.exit_code()
            return False
        run.seconds = time.monotonic() - started
        if run.status == "ok" and self.assigns[i]:
            snapshot = await self.read_answers(sorted(self.assigns[i]))
            execution.answers.update(snapshot or {})
        return True

    async def run_cells(self, on_progress: Callable[[Execution], None] | None) -> None:
        deadline = time.monotonic() + self.notebook_timeout
        for i in self.code_cells:
            going_on = await self.run_cell(i, deadline)
            if on_progress is not None:
                on_progress(self.execution)
            if not going_on:
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

    def exit_code(self) -> int | None:
        process = getattr(getattr(self.client.km, "provisioner", None), "process", None)
        try:
            return None if process is None else process.wait(timeout=2)
        except Exception:
            return None

    async def run(
        self, on_kernel: Callable[[int], None] | None, on_progress: Callable[[Execution], None] | None
    ) -> Execution:
        execution = self.execution
        kernel_pid = None
        try:
            async with self.client.async_setup_kernel(
                env={**self.sandbox.kernel_env(self.runtime), "CONFLICTLAB_KERNEL_TOKEN": self.token},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ):
                provisioner = getattr(self.client.km, "provisioner", None)
                kernel_pid = getattr(getattr(provisioner, "process", None), "pid", None)
                if on_kernel is not None and kernel_pid is not None:
                    on_kernel(kernel_pid)
                try:
                    await self.run_cells(on_progress)
                finally:  # whatever the notebook started goes with its kernel
                    end_kernel(kernel_pid, uid=self.uid, token=self.token)
        except DeadKernelError:
            execution.stopped = execution.stopped or "died"
        except Exception as exc:  # the kernel would not start, or the client failed
            if not any(r.status != "not run" for r in execution.cells.values()):
                execution.start_problem = f"{type(exc).__name__}: {shorten(str(exc), 200)}"
            execution.stopped = execution.stopped or "start"
        finally:
            end_kernel(kernel_pid, uid=self.uid, token=self.token)
            shutil.rmtree(self.runtime, ignore_errors=True)
        return execution


async def run_notebook(
    nb: Any,
    names: Sequence[str],
    home: Path,
    *,
    cell_timeout: float,
    notebook_timeout: float,
    sandbox: Sandbox,
    slot: int = 0,
    run_token: str = "",
    on_kernel: Callable[[int], None] | None = None,
    on_progress: Callable[[Execution], None] | None = None,
) -> Execution:
    """Execute ``nb`` cell by cell in ``home`` and read ``names`` back; never raises for a student's code.

    ``home`` is the kernel's empty working folder; ``slot`` tells kernels
    graded at the same time apart. ``nb`` gains one empty cell at its end,
    where the grader's own cells run. When this returns, every process the
    notebook started has been killed. ``on_progress`` is called after each
    cell with the execution so far. ``run_token`` starts the value of
    ``CONFLICTLAB_KERNEL_TOKEN`` in the kernel's environment, so a grading run
    can find what its kernels left.
    """
    run = _NotebookRun(
        nb,
        names,
        home,
        cell_timeout=cell_timeout,
        notebook_timeout=notebook_timeout,
        sandbox=sandbox,
        slot=slot,
        run_token=run_token,
    )
    return await run.run(on_kernel, on_progress)
