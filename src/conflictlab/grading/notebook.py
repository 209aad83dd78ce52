"""Grading one notebook: run it, then judge each task from its values with the lesson's checks."""

from __future__ import annotations

import asyncio
import re
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
from .submission import SubmissionError, assigned_names, notebook_lesson, read_submission


def _first_line(source: str) -> str:
    for line in source.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return shorten(stripped, 50)
    return shorten(source.strip(), 50)


def grade_notebook(
    nb: Any,
    tasks: Sequence[Any],
    *,
    cell_timeout: float = CELL_TIMEOUT,
    notebook_timeout: float = NOTEBOOK_TIMEOUT,
    file_name: str = "submission.ipynb",
    on_kernel: Callable[[int], None] | None = None,
) -> tuple[list[TaskResult], dict[str, str]]:
    """Run one notebook and judge each task with the package's checks.

    Returns
    -------
    (list of TaskResult, dict)
        The verdicts, and the texts of answers to tasks in words.
    """
    names = list(dict.fromkeys(t.variable for t in tasks))
    workdir = Path(tempfile.mkdtemp(prefix="conflictlab-grade-"))
    try:
        (workdir / Path(file_name).name).write_text(nbformat.writes(nb), encoding="utf-8")
    except Exception:
        pass
    try:
        execution = asyncio.run(
            run_notebook(
                nb,
                names,
                workdir,
                cell_timeout=cell_timeout,
                notebook_timeout=notebook_timeout,
                on_kernel=on_kernel,
            )
        )
        with checking_in(workdir):  # checks of files the notebook wrote (a saved chart) look here
            return judge(nb, tasks, execution, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def judge(
    nb: Any, tasks: Sequence[Any], execution: Execution, *, cell_timeout: float, notebook_timeout: float
) -> tuple[list[TaskResult], dict[str, str]]:
    """Each task's verdict, from how the notebook ran and the answers read back (see the package's docstring)."""
    results: list[TaskResult] = []
    words: dict[str, str] = {}
    code_cells = sorted(execution.cells)
    assigns = {i: assigned_names(nb.cells[i].source) for i in code_cells}
    task_of = {t.variable: t.number for t in tasks}

    def describe(i: int | None) -> str:
        """A cell as a student finds it: its task (if it computes one) and its first line."""
        if i is None or not 0 <= i < len(nb.cells):
            return "a cell"
        numbers = sorted({task_of[v] for v in assigns.get(i, set()) if v in task_of})
        label = f"the cell of task {numbers[-1]}" if numbers else "the cell"
        return f"{label} starting `{_first_line(nb.cells[i].source)}`"

    def cause(i: int | None, ename: str | None, evalue: str | None) -> str:
        """For a NameError: the earlier cell that should have defined the name and failed."""
        match = re.search(r"name '(\w+)' is not defined", evalue or "")
        if i is None or ename != "NameError" or not match:
            return ""
        name = match.group(1)
        for j in reversed([c for c in code_cells if c < i and name in assigns[c]]):
            earlier = execution.cells.get(j)
            if earlier is not None and earlier.status != "ok":
                why = (
                    f"stopped with {earlier.ename}: {earlier.evalue}"
                    if earlier.status == "error"
                    else ("ran out of time" if earlier.status == "timeout" else "did not run")
                )
                return f" `{name}` is missing because {describe(j)} {why}: fix that cell first."
        return ""

    for task in tasks:
        var = task.variable
        defining = [i for i in code_cells if var in assigns[i]]
        last = defining[-1] if defining else None
        run = execution.cells.get(last) if last is not None else None
        where = describe(last) if last is not None else ""
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
                message = (
                    f"The cell that computes `{var}`, {where}, stopped with an error: {run.ename}: {run.evalue}."
                    + cause(last, run.ename, run.evalue)
                )
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
                stuck = describe(execution.stopped_at)
                message = (
                    f"{stuck[0].upper()}{stuck[1:]} kept running and could not be stopped, so {where}, "
                    f"which computes `{var}`, never ran."
                )
            else:
                status = "error"
                message = (
                    f"Python stopped (the kernel died) at {describe(execution.stopped_at)}, before {where}, "
                    f"which computes `{var}`, could run."
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
    path: str | Path,
    lesson: str,
    *,
    cell_timeout: float = CELL_TIMEOUT,
    notebook_timeout: float = NOTEBOOK_TIMEOUT,
    on_kernel: Callable[[int], None] | None = None,
) -> SubmissionResult:
    """Grade one submitted notebook against ``lesson``'s checks (in this process).

    Parameters
    ----------
    path : path
        The submitted notebook.
    lesson : str
        The lesson being graded, e.g. "01". A notebook whose metadata names
        another lesson gets an error row saying so.
    cell_timeout, notebook_timeout : float
        Time limits in seconds: each cell is interrupted after
        ``cell_timeout`` and the rest of the notebook is skipped after
        ``notebook_timeout``.

    Returns
    -------
    SubmissionResult
    """
    path = Path(path)
    started = time.monotonic()
    tasks = lesson_tasks(lesson)

    def failed(problem: str) -> SubmissionResult:
        return problem_result(path, lesson, problem, time.monotonic() - started)

    try:
        nb = read_submission(path)
    except SubmissionError as exc:
        return failed(str(exc))
    declared = notebook_lesson(nb)
    if declared is not None and declared != lesson:
        return failed(
            f"This is the notebook for lesson {declared}, but this grading run is for lesson {lesson}."
        )
    results, words = grade_notebook(
        nb,
        tasks,
        cell_timeout=cell_timeout,
        notebook_timeout=notebook_timeout,
        file_name=path.name,
        on_kernel=on_kernel,
    )
    return SubmissionResult(
        student=path.stem,
        file=path.name,
        lesson=lesson,
        tasks=results,
        seconds=time.monotonic() - started,
        words=words,
    )
