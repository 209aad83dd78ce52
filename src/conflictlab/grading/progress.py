"""The progress the grader shows while a class is graded."""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections import Counter
from typing import Any

from .._text import shorten
from ..checks import STATUSES
from .results import SubmissionResult


class Progress:
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
            ordered = sorted(counts.items(), key=lambda kv: STATUSES.index(kv[0]))
            summary = ", ".join(f"{n} {s}" for s, n in ordered)
            line = f"[{self.done:>{len(str(self.total))}}/{self.total}] {result.student}: {summary or 'no tasks'}"
            line += f" ({result.seconds:.1f} s)"
            if result.problem:
                line += f" — {shorten(result.problem, 80)}"
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
