"""A class folder: finding its notebooks, the lesson they belong to, grading them all."""

from __future__ import annotations

import os
import queue
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..checks import lesson_tasks
from .kernel import CELL_TIMEOUT, NOTEBOOK_TIMEOUT
from .progress import Progress
from .results import SubmissionResult
from .submission import peek_lesson
from .workers import Worker


def find_submissions(folder: Path) -> tuple[list[Path], list[Path]]:
    """The notebooks in ``folder`` (not its subfolders), and the other files that were skipped."""
    notebooks: list[Path] = []
    others: list[Path] = []
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
    counts = Counter(x for x in (peek_lesson(p) for p in notebooks) if x is not None)
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
    progress: Progress | None = None,
) -> tuple[str, list[SubmissionResult]]:
    """Grade every notebook in ``folder``, ``jobs`` at a time, in separate worker processes.

    Returns
    -------
    (str, list of SubmissionResult)
        The lesson graded, and one result per notebook, ordered by student.
    """
    notebooks, _ = find_submissions(Path(folder))
    lesson = choose_lesson(notebooks, lesson)
    results = grade_paths(
        notebooks,
        lesson,
        jobs=jobs,
        cell_timeout=cell_timeout,
        notebook_timeout=notebook_timeout,
        progress=progress,
    )
    return lesson, sorted(results, key=lambda r: r.student)


def grade_paths(
    notebooks: Sequence[Path],
    lesson: str,
    *,
    jobs: int | None = None,
    cell_timeout: float = CELL_TIMEOUT,
    notebook_timeout: float = NOTEBOOK_TIMEOUT,
    progress: Progress | None = None,
) -> list[SubmissionResult]:
    """Grade the notebooks given, ``jobs`` at a time, in separate worker processes.

    Returns
    -------
    list of SubmissionResult
        One result per notebook, in the order of ``notebooks``.
    """
    lesson_tasks(lesson)  # fail early, in the instructor's terms, when the lesson has no checks
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(notebooks) or 1))
    stop = threading.Event()
    todo: queue.Queue[tuple[int, Path]] = queue.Queue()
    for index, path in enumerate(notebooks):
        todo.put((index, path))
    results: dict[int, SubmissionResult] = {}
    lock = threading.Lock()
    workers: list[Worker] = []

    def slot() -> None:
        worker = Worker(cell_timeout, notebook_timeout, stop)
        with lock:
            workers.append(worker)
        try:
            while not stop.is_set():
                try:
                    index, path = todo.get_nowait()
                except queue.Empty:
                    return
                if progress:
                    progress.start(path.stem)
                result = worker.grade(path, lesson)
                if stop.is_set():
                    return
                with lock:
                    results[index] = result
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
    return [results[i] for i in range(len(notebooks))]
