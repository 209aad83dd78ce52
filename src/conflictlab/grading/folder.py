"""A class folder: finding its notebooks, the lesson they belong to, grading them all."""

from __future__ import annotations

import os
import queue
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..checks import lesson_tasks
from .kernel import CELL_TIMEOUT, NOTEBOOK_TIMEOUT
from .processes import end_marked
from .progress import Progress
from .results import SubmissionResult
from .sandbox import Sandbox, find_sandbox
from .submission import Submission, load_submission, peek_lesson
from .workers import Worker

#: Folders that hold copies a tool made, never a student's submission.
_NOT_SUBMISSIONS = {".ipynb_checkpoints", "__pycache__", "__MACOSX"}


def find_submissions(folder: Path) -> tuple[list[Path], list[Path]]:
    """The notebooks in ``folder`` and its subfolders, and the other files, which are not graded.

    Hidden files and folders (``.name``) and tool folders such as
    ``.ipynb_checkpoints`` are not graded; they are among the other files, so
    the grader names them. A symbolic link named ``*.ipynb`` is among the
    notebooks (its row says it is a link); it is never followed.
    """
    notebooks: list[Path] = []
    others: list[Path] = []
    root = Path(folder)
    for top, dirs, files in os.walk(root):  # os.walk does not follow links to folders
        here = Path(top)
        hidden_here = any(
            part.startswith(".") or part in _NOT_SUBMISSIONS for part in here.relative_to(root).parts
        )
        dirs.sort()
        for name in sorted(files):
            path = here / name
            hidden = hidden_here or name.startswith(".")
            (notebooks if name.lower().endswith(".ipynb") and not hidden else others).append(path)
    key = lambda p: p.relative_to(root).as_posix()  # noqa: E731 - one sort key, used twice
    return sorted(notebooks, key=key), sorted(others, key=key)


def student_name(path: Path, folder: Path) -> str:
    """The name a submission is reported under: its file name without ``.ipynb``, with its subfolders."""
    relative = Path(path).relative_to(folder)
    return "/".join([*relative.parts[:-1], relative.stem])


def stage(folder: Path, notebooks: Iterable[Path]) -> list[Submission]:
    """Read every submission once, before any of them runs: what is graded is these bytes."""
    return [load_submission(p, student_name(p, folder)) for p in notebooks]


def choose_lesson(notebooks: Iterable[Path | Submission], lesson: str | None) -> str:
    """The lesson a grading run is for: ``--lesson``, else the one the notebooks' metadata names."""
    if lesson is not None:
        text = str(lesson).strip()
        if not re.fullmatch(r"\d{1,2}", text):
            raise ValueError(f"--lesson takes a lesson number such as 01, not {lesson!r}")
        return text.zfill(2)
    staged = [n if isinstance(n, Submission) else load_submission(n) for n in notebooks]
    counts = Counter(x for x in (peek_lesson(s.data) for s in staged) if x is not None)
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
    sandbox: Sandbox | None = None,
    progress: Progress | None = None,
) -> tuple[str, list[SubmissionResult]]:
    """Grade every notebook in ``folder``, ``jobs`` at a time, in separate worker processes.

    Every submission is read (and hashed) before the first one runs, and
    graded from those bytes, so no notebook can change another's. When this
    returns, every worker has stopped and every process any notebook started
    is gone.

    Returns
    -------
    (str, list of SubmissionResult)
        The lesson graded, and one result per notebook, ordered by student.
    """
    folder = Path(folder)
    notebooks, _ = find_submissions(folder)
    submissions = stage(folder, notebooks)
    lesson = choose_lesson(submissions, lesson)
    lesson_tasks(lesson)  # fail early, in the instructor's terms, when the lesson has no checks
    sandbox = sandbox or find_sandbox()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(submissions) or 1))
    run_token = secrets.token_hex(8)  # every kernel of this run carries it, so none is left behind
    stop = threading.Event()
    todo: queue.Queue[Submission] = queue.Queue()
    for submission in submissions:
        todo.put(submission)
    results: list[SubmissionResult] = []
    lock = threading.Lock()
    workers: list[Worker] = []

    def slot(number: int) -> None:
        worker = Worker(
            cell_timeout, notebook_timeout, stop, sandbox=sandbox, slot=number, run_token=run_token
        )
        with lock:
            workers.append(worker)
        try:
            while not stop.is_set():
                try:
                    submission = todo.get_nowait()
                except queue.Empty:
                    return
                if progress:
                    progress.start(submission.student)
                result = worker.grade(submission, lesson)
                if stop.is_set():
                    return
                with lock:
                    results.append(result)
                if progress:
                    progress.finish(result)
        finally:
            worker.close()

    threads = [threading.Thread(target=slot, args=(n,), name=f"grader-{n}", daemon=True) for n in range(jobs)]
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
    finally:
        end_marked(run_token, uids=[sandbox.kernel_uid(n) for n in range(jobs)])
    return lesson, sorted(results, key=lambda r: r.student)
