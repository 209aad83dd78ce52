"""Worker processes: each grades one submission at a time and is replaced when a submission kills it."""

from __future__ import annotations

import json
import logging
import os
import selectors
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .._text import shorten
from .kernel import EXTRACT_TIMEOUT, STARTUP_TIMEOUT
from .notebook import grade_submission
from .processes import kill_process
from .results import SubmissionResult, problem_result


def serve(stdin: Any = None, stdout: Any = None) -> int:
    """``python -m conflictlab.grading --serve``: grade the jobs read from stdin, one JSON line each.

    For each job the worker writes ``result.json`` (and, as soon as the kernel
    starts, ``kernel.pid``) into the job's private folder, then prints one line,
    ``done``, so the grader knows the result is complete. The kernel's own
    stdout and stderr go nowhere, so it cannot write into this channel.
    """
    logging.disable(logging.CRITICAL)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    kernel: list[int] = []
    watch_parent(kernel)
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
            data = {"crash": f"{type(exc).__name__}: {shorten(str(exc), 300)}"}
        part = folder / "result.json.part"
        part.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        part.replace(folder / "result.json")
        stdout.write("done\n")
        stdout.flush()
    return 0


def watch_parent(kernel: list[int]) -> None:
    """Stop this worker, and its kernel, as soon as the grader that started it is gone."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                for pid in kernel:
                    kill_process(pid)
                os._exit(1)

    threading.Thread(target=watch, name="watch-grader", daemon=True).start()


class Worker:
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
            kill_process(proc.pid)
            proc.wait()
            self.proc = None

    def kill(self) -> None:
        """Stop the worker and its kernel at once (the instructor pressed Ctrl-C)."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            kill_process(proc.pid)

    def _log_tail(self) -> str:
        try:
            self.log.flush()
            lines = Path(self.log.name).read_text(encoding="utf-8", errors="replace").strip().splitlines()
            return shorten(" ".join(lines[-3:]), 300)
        except OSError:
            return ""

    def grade(self, path: Path, lesson: str) -> SubmissionResult:
        started_wall, started = time.time(), time.monotonic()
        hard_limit = STARTUP_TIMEOUT + self.notebook_timeout + 2 * (EXTRACT_TIMEOUT + 10) + 60
        reason = None
        with tempfile.TemporaryDirectory(prefix="conflictlab-job-") as name:
            folder = Path(name)
            proc = self._start()
            assert proc.stdin is not None and proc.stdout is not None  # both are pipes
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
                    kill_process(int(pid_file.read_text()), started_after=started_wall)
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
        return problem_result(
            path, lesson, f"This notebook could not be graded: {reason}.", time.monotonic() - started
        )

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                if self.proc.stdin is not None:
                    self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except Exception:
                self._discard()
        self.log.close()
        try:
            os.unlink(self.log.name)
        except OSError:
            pass
