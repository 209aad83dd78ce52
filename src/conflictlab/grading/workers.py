"""Worker processes: each grades one submission at a time and is replaced when a submission kills it."""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .._text import shorten
from ..checks import lesson_tasks
from .kernel import EXTRACT_TIMEOUT, STARTUP_TIMEOUT, Execution
from .notebook import grade_submission, judge, limit_notes
from .processes import end_kernel, kill_process
from .results import SubmissionResult, problem_result
from .sandbox import Limits, Sandbox, isolated_python
from .submission import Submission, SubmissionError, parse_submission


def serve(stdin: Any = None, stdout: Any = None) -> int:
    """A worker's loop: grade the jobs read from stdin, one JSON line each.

    A job carries the submission's bytes and their SHA-256, which the worker
    checks before it grades them. For each job the worker writes ``result.json`` (and, as soon as the kernel
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

        def remember_progress(execution: Execution, folder: Path = folder) -> None:
            _write_json(folder / "progress.json", execution.to_json())

        try:
            submission = Submission(
                job["student"], job["file"], base64.b64decode(job["data"]), job["problem"]
            )
            if submission.sha256 != job["sha256"]:
                raise RuntimeError("the submission changed on its way to the worker")
            sandbox = Sandbox(job["sandbox"], bwrap=job["bwrap"], limits=Limits(**job["limits"]))
            result = grade_submission(
                submission,
                job["lesson"],
                cell_timeout=job["cell_timeout"],
                notebook_timeout=job["notebook_timeout"],
                sandbox=sandbox,
                slot=job["slot"],
                scratch=folder,
                run_token=job["run_token"],
                on_kernel=remember_kernel,
                on_progress=remember_progress,
            )
            data = result.to_json()
        except Exception as exc:  # a fault of the grader itself: report it for this notebook, carry on
            data = {"crash": f"{type(exc).__name__}: {shorten(str(exc), 300)}"}
        _write_json(folder / "result.json", data)
        stdout.write("done\n")
        stdout.flush()
    return 0


def _write_json(path: Path, data: Any) -> None:
    part = path.with_suffix(".part")
    part.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    part.replace(path)


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

    def __init__(
        self,
        cell_timeout: float,
        notebook_timeout: float,
        stop: threading.Event,
        *,
        sandbox: Sandbox,
        slot: int = 0,
        run_token: str = "",
    ) -> None:
        self.cell_timeout = cell_timeout
        self.notebook_timeout = notebook_timeout
        self.stop = stop
        self.sandbox = sandbox
        self.slot = slot
        self.run_token = run_token
        self.proc: subprocess.Popen[str] | None = None
        # The worker's own folder: its working folder (empty, so nothing can be planted there for it
        # to import; it runs with python -I besides), its log, and the folders of its jobs.
        self.home = Path(tempfile.mkdtemp(prefix="conflictlab-worker-"))
        self.log = (self.home / "worker.log").open("w+b")

    def _start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            self.log.seek(0)
            self.log.truncate()
            self.proc = subprocess.Popen(
                isolated_python("from conflictlab.grading.workers import serve; sys.exit(serve())"),
                cwd=self.home,
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
            lines = (
                (self.home / "worker.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
            )
            return shorten(" ".join(lines[-3:]), 300)
        except OSError:
            return ""

    def grade(self, submission: Submission, lesson: str) -> SubmissionResult:
        started_wall, started = time.time(), time.monotonic()
        hard_limit = STARTUP_TIMEOUT + self.notebook_timeout + 2 * (EXTRACT_TIMEOUT + 10) + 60
        reason = None
        with tempfile.TemporaryDirectory(prefix="job-", dir=self.home) as name:
            folder = Path(name)
            proc = self._start()
            assert proc.stdin is not None and proc.stdout is not None  # both are pipes
            job = {
                "student": submission.student,
                "file": submission.file,
                "data": base64.b64encode(submission.data).decode("ascii"),
                "sha256": submission.sha256,
                "problem": submission.problem,
                "sandbox": self.sandbox.kind,
                "bwrap": self.sandbox.bwrap,
                "limits": dataclasses.asdict(self.sandbox.limits),
                "slot": self.slot,
                "run_token": self.run_token,
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
            if reason is not None:  # the worker is gone: so must be its kernel's processes
                end_kernel(None, uid=self.sandbox.kernel_uid(self.slot))
                if not self.stop.is_set():
                    partial = self._partial(submission, lesson, folder / "progress.json", started)
                    if partial is not None:
                        return partial
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
            submission, lesson, f"This notebook could not be graded: {reason}.", time.monotonic() - started
        )

    def _partial(
        self, submission: Submission, lesson: str, progress: Path, started: float
    ) -> SubmissionResult | None:
        """The verdicts from the answers read back before the worker died, when there were any."""
        try:
            execution = Execution.from_json(json.loads(progress.read_text(encoding="utf-8"))).cut_off()
            nb = parse_submission(submission.data)
        except (OSError, ValueError, TypeError, KeyError, SubmissionError):
            return None
        tasks = lesson_tasks(lesson)
        results, words = judge(
            nb, tasks, execution, cell_timeout=self.cell_timeout, notebook_timeout=self.notebook_timeout
        )
        return SubmissionResult(
            student=submission.student,
            file=submission.file,
            lesson=lesson,
            tasks=results,
            seconds=time.monotonic() - started,
            words=words,
            notes=limit_notes(execution, self.sandbox.limits),
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
        shutil.rmtree(self.home, ignore_errors=True)
