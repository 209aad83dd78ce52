"""Ending a process together with everything it started."""

from __future__ import annotations

import contextlib

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
