"""Grading one notebook: run it, then judge each task from its values with the lesson's checks."""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import nbformat

from .._text import shorten
from ..checks import checking_in, lesson_tasks
from .codec import decode_value
from .kernel import CELL_TIMEOUT, NOTEBOOK_TIMEOUT, Execution, run_notebook
from .results import SubmissionResult, TaskResult, problem_result
from .sandbox import Limits, Sandbox, find_sandbox
from .submission import (
    Submission,
    SubmissionError,
    assigned_names,
    load_submission,
    notebook_lesson,
    parse_submission,
)


def _first_line(source: str) -> str:
    for line in source.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return shorten(stripped, 50)
    return shorten(source.strip(), 50)


@dataclasses.dataclass
class NotebookGrade:
    """One notebook's verdicts, its answers in words, and notes for the gradebook (limits it reached)."""

    tasks: list[TaskResult]
    words: dict[str, str]
    notes: list[str]


def grade_notebook(
    nb: Any,
    tasks: Sequence[Any],
    *,
    cell_timeout: float = CELL_TIMEOUT,
    notebook_timeout: float = NOTEBOOK_TIMEOUT,
    file_name: str = "submission.ipynb",
    sandbox: Sandbox | None = None,
    slot: int = 0,
    scratch: Path | None = None,
    run_token: str = "",
    on_kernel: Callable[[int], None] | None = None,
    on_progress: Callable[[Execution], None] | None = None,
) -> NotebookGrade:
    """Run one notebook in a fresh kernel and judge each task with the package's checks.

    Parameters
    ----------
    nb : notebook
        The submission (as :func:`read_submission` returns it).
    tasks : list of Task
        The lesson's tasks.
    cell_timeout, notebook_timeout : float
        Time limits in seconds.
    file_name : str
        The notebook's name in the kernel's folder.
    sandbox : Sandbox, optional
        Where the kernel runs (default: :func:`find_sandbox`'s choice).
    slot : int
        Which of the notebooks graded at the same time this is.
    scratch : path, optional
        The folder in which to make the kernel's own empty folder.
    run_token : str
        Marks the kernel's processes (see :func:`run_notebook`).
    """
    sandbox = sandbox or find_sandbox()
    names = list(dict.fromkeys(t.variable for t in tasks))
    home = Path(tempfile.mkdtemp(prefix="conflictlab-grade-", dir=scratch))
    try:
        (home / Path(file_name).name).write_text(nbformat.writes(nb), encoding="utf-8")
    except Exception:
        pass
    try:
        execution = asyncio.run(
            run_notebook(
                nb,
                names,
                home,
                cell_timeout=cell_timeout,
                notebook_timeout=notebook_timeout,
                sandbox=sandbox,
                slot=slot,
                run_token=run_token,
                on_kernel=on_kernel,
                on_progress=on_progress,
            )
        )
        with checking_in(home):  # checks of files the notebook wrote (a saved chart) look here
            results, words = judge(
                nb, tasks, execution, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout
            )
        return NotebookGrade(results, words, limit_notes(execution, sandbox.limits))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def limit_notes(execution: Execution, limits: Limits) -> list[str]:
    """The limits a notebook reached, as notes for its gradebook row ("used more than 2 GiB of memory")."""
    notes = [limits.explain(run.ename, run.evalue) for run in execution.cells.values() if run.ename]
    notes.append(limits.explain_exit(execution.exit_code))
    return list(dict.fromkeys(n for n in notes if n))


def judge(
    nb: Any, tasks: Sequence[Any], execution: Execution, *, cell_timeout: float, notebook_timeout: float
) -> tuple[list[TaskResult], dict[str, str]]:
    """Each task's verdict, from how the notebook ran and the answers read back (see the package's docstring)."""
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
                stuck = position.get(execution.stopped_at or 0, "?")
                message = (
                    f"Cell {stuck} kept running and could not be stopped, so {where}, which computes "
                    f"`{var}`, never ran."
                )
            else:
                status = "error"
                stopped = position.get(execution.stopped_at or 0, "?")
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
                if task.kind == "words" and isinstance(value, str):
                    words[var] = value
        results.append(
            TaskResult(task=task.number, variable=var, status=status, message=shorten(message or "", 600))
        )
    return results, words


def _seconds(value: float) -> str:
    return "1 second" if value == 1 else f"{value:g} seconds"


def grade_submission(
    submission: str | Path | Submission,
    lesson: str,
    *,
    cell_timeout: float = CELL_TIMEOUT,
    notebook_timeout: float = NOTEBOOK_TIMEOUT,
    sandbox: Sandbox | None = None,
    slot: int = 0,
    scratch: Path | None = None,
    run_token: str = "",
    on_kernel: Callable[[int], None] | None = None,
    on_progress: Callable[[Execution], None] | None = None,
) -> SubmissionResult:
    """Grade one submitted notebook against ``lesson``'s checks (in this process).

    Parameters
    ----------
    submission : path or Submission
        The submitted notebook, as a file or as the bytes read from it.
    lesson : str
        The lesson being graded, e.g. "01". A notebook whose metadata names
        another lesson gets an error row saying so.
    cell_timeout, notebook_timeout : float
        Time limits in seconds: each cell is interrupted after
        ``cell_timeout`` and the rest of the notebook is skipped after
        ``notebook_timeout``.
    sandbox, slot, scratch, run_token
        As for :func:`grade_notebook`.

    Returns
    -------
    SubmissionResult
    """
    if not isinstance(submission, Submission):
        submission = load_submission(Path(submission))
    started = time.monotonic()
    tasks = lesson_tasks(lesson)

    def failed(problem: str) -> SubmissionResult:
        return problem_result(submission, lesson, problem, time.monotonic() - started)

    if submission.problem:
        return failed(submission.problem)
    try:
        nb = parse_submission(submission.data)
    except SubmissionError as exc:
        return failed(str(exc))
    declared = notebook_lesson(nb)
    if declared is not None and declared != lesson:
        return failed(
            f"This is the notebook for lesson {declared}, but this grading run is for lesson {lesson}."
        )
    graded = grade_notebook(
        nb,
        tasks,
        cell_timeout=cell_timeout,
        notebook_timeout=notebook_timeout,
        file_name=submission.file,
        sandbox=sandbox,
        slot=slot,
        scratch=scratch,
        run_token=run_token,
        on_kernel=on_kernel,
        on_progress=on_progress,
    )
    return SubmissionResult(
        student=submission.student,
        file=submission.file,
        lesson=lesson,
        tasks=graded.tasks,
        seconds=time.monotonic() - started,
        words=graded.words,
        notes=graded.notes,
    )
