"""Ending a process together with everything it started, wherever it went."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterable

import psutil


def kill_process(pid: int, *, started_after: float | None = None, children_only: bool = False) -> None:
    """Kill a process and its children, if it still exists (and started after ``started_after``)."""
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


def end_kernel(pid: int | None, *, uid: int | None = None, token: str | None = None) -> None:
    """Kill a student's kernel and every process it started, even those that left its family.

    ``pid`` is the process Jupyter started (its process group goes too);
    ``uid`` a user of the kernel's own, all of whose processes go; ``token``
    a value of ``CONFLICTLAB_KERNEL_TOKEN`` in the kernel's environment, which
    marks the processes that inherited it (a double fork keeps it).
    """
    if pid is not None:
        kill_process(pid)
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)  # the kernel leads a process group of its own
    if uid is None and token is None:
        return
    for process in psutil.process_iter(["uids"]):
        try:
            if uid is not None and process.info["uids"] and process.info["uids"].real == uid:
                process.kill()
            elif token is not None and process.pid != os.getpid():
                if process.environ().get("CONFLICTLAB_KERNEL_TOKEN") == token:
                    process.kill()
        except (psutil.Error, OSError):
            continue


def end_marked(run_token: str, *, uids: Iterable[int | None] = (), wait: float = 5.0) -> None:
    """Kill every process left by a grading run's kernels, and wait until none is left.

    A kernel's processes carry ``CONFLICTLAB_KERNEL_TOKEN`` starting with
    ``run_token``; in a sandbox run as root they also belong to one of ``uids``.
    """
    own = {u for u in uids if u is not None}
    deadline = time.monotonic() + wait
    while True:
        found = 0
        for process in psutil.process_iter(["uids"]):
            try:
                if process.pid == os.getpid():
                    continue
                mine = bool(own) and process.info["uids"] is not None and process.info["uids"].real in own
                if mine or process.environ().get("CONFLICTLAB_KERNEL_TOKEN", "").startswith(run_token):
                    process.kill()
                    found += 1
            except (psutil.Error, OSError):
                continue
        if not found or time.monotonic() > deadline:
            return
        time.sleep(0.1)
