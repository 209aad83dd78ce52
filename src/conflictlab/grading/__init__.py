"""Grade a class's exercise notebooks: ``conflictlab grade SUBMISSIONS_DIR --out OUT``.

Every submission is read (at most 32 MiB) and hashed before the first one
runs, and graded from those bytes. Each is executed in a fresh Jupyter kernel
(nbclient) — in a Bubblewrap sandbox when the machine has one (see
``sandbox``), always with limits on memory, processes, file size and CPU
time — in an empty temporary folder that holds only that notebook, cell by cell, with a time
limit per cell (the cell is interrupted and the rest still runs) and per
notebook (the remaining cells are skipped). After each cell that assigns a
task's variable, and once at the end, a small extraction cell reads the
tasks' variables and sends them back in a typed JSON encoding (tables,
columns, arrays, lists, tuples, dictionaries, sets, text, numbers,
True/False, None and ``...``; anything else arrives as "unsupported type
X"). The checks of ``conflictlab.checks.lessonNN`` then run in the grader's
own process on those values: the notebook's printed output, and any check
functions it defines or alters, are never used, and nothing from the
student's kernel is ever unpickled.

Submissions are graded ``--jobs`` at a time by worker processes. A notebook
that is empty, invalid, crashing, endless, or that kills its worker, becomes
a row of ``error`` or ``timeout`` with a reason (the answers read back before
a worker died still count); the others go on. The reports are written once
every process of every notebook is gone, then read again to prove nothing
changed them; no cell of a CSV file starts like a spreadsheet formula.

How a task's status is decided, from the last cell (in notebook order) that
assigns the task's variable:

``error``    that cell raised an exception (the hint names it), Python died
             while or before running it, or the notebook could not be run;
``timeout``  that cell was stopped at the time limit, or the notebook's time
             ran out before or while it ran;
``missing``  otherwise, when the variable is absent (renamed, deleted) or
             still ``...``;
``passed`` / ``wrong``   otherwise, as the package's check says.

Output, in ``OUT``: ``gradebook.csv``, ``hints.csv``, ``summary.csv``,
``summary.png`` and ``summary.html`` (which tasks the class found hardest),
``word_answers.csv`` (for tasks answered in words) and ``feedback/STUDENT.md``.

The modules, in the order a submission meets them:

``submission``  reading a submitted notebook and the names its cells assign;
``codec``       the typed JSON encoding that carries answers out of a kernel;
``sandbox``     where a kernel runs: Bubblewrap or not, and its limits;
``kernel``      running a notebook in a kernel, cell by cell, with time limits;
``notebook``    one notebook's verdicts: run it, then judge each task;
``processes``   ending a process with everything it started;
``workers``     the worker processes that grade one submission each;
``folder``      a class folder: its notebooks, their lesson, grading them all;
``progress``    the progress shown meanwhile;
``results``     what was found, as data; ``reports`` the files written from it;
``cli``         ``conflictlab grade``.
"""

from __future__ import annotations

from .cli import add_arguments, run
from .codec import VALUE_BUDGET, decode_value, encode_value
from .folder import choose_lesson, find_submissions, grade_folder
from .kernel import CELL_TIMEOUT, NOTEBOOK_TIMEOUT
from .notebook import grade_notebook, grade_submission
from .reports import feedback_markdown, write_reports
from .results import SubmissionResult, TaskResult
from .sandbox import Limits, Sandbox, find_sandbox
from .submission import SubmissionError, assigned_names, notebook_lesson, read_submission

__all__ = [
    # one class folder, one submission, one notebook
    "grade_folder",
    "grade_submission",
    "grade_notebook",
    "find_submissions",
    "choose_lesson",
    "read_submission",
    "notebook_lesson",
    "assigned_names",
    "SubmissionError",
    # results and reports
    "SubmissionResult",
    "TaskResult",
    "write_reports",
    "feedback_markdown",
    # the typed encoding
    "encode_value",
    "decode_value",
    "VALUE_BUDGET",
    # where notebooks run, limits and the command line
    "Sandbox",
    "Limits",
    "find_sandbox",
    "CELL_TIMEOUT",
    "NOTEBOOK_TIMEOUT",
    "add_arguments",
    "run",
]
