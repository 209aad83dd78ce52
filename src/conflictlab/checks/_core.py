"""The framework behind every lesson's checks: feedback, tasks and the registry.

A lesson's checks live in ``conflictlab.checks.lessonNN``. Each task is a small
function decorated with :func:`task`; calling it on a student's answer returns
a :class:`Feedback` that shows itself as the cell's result. The same functions
are re-run by ``conflictlab grade`` on the values it reads back from each
submission, so a notebook's own output is never trusted.

How the pieces fit:

* :class:`Feedback` — one verdict (``passed``, ``wrong``, ``missing``, ``error``,
  or ``timeout`` from the grader) with a message in the student's terms.
* :func:`task` — turns ``def task_3(answer)`` into a :class:`Task`: it answers
  "not answered yet" for ``...``, turns a :class:`WrongAnswer` (raised by
  :func:`fail` and the ``expect_*`` helpers) into a hint, and any other
  exception into a friendly "error" verdict. A check never raises.
* :func:`lesson_tasks` — the registry: the tasks of a lesson, in order, each
  with the variable it reads.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import dataclasses
import html
import importlib
import inspect
import keyword
import pkgutil
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

from .._text import sentence, shorten

__all__ = [
    "STATUSES",
    "Feedback",
    "Task",
    "Unsupported",
    "WrongAnswer",
    "answer_name",
    "available_lessons",
    "fail",
    "lesson_tasks",
    "load_lesson",
    "notebook_folder",
    "checking_in",
    "task",
]

#: Every verdict a check or the grader can give. Checks give the first four;
#: only the grader gives ``timeout`` (a cell ran out of time).
STATUSES = ("passed", "wrong", "missing", "error", "timeout")

_HEADLINES = {
    "passed": "✓ correct — public checks passed",
    "wrong": "✗ not quite",
    "missing": "not answered yet",
    "error": "⚠ the check could not run",
    "timeout": "⌛ ran out of time",
}
_ANSWERED_HEADLINE = "✓ answered — public checks passed"

# Colours: dark text on a light tint, with an accent border (WCAG AA contrast).
_COLOURS = {
    "passed": ("#0f5132", "#e8f5ee", "#198754"),
    "wrong": ("#7a3e00", "#fff4e5", "#d97706"),
    "missing": ("#343a40", "#f1f3f5", "#868e96"),
    "error": ("#842029", "#fbeaec", "#dc3545"),
    "timeout": ("#3d2a6b", "#f1ecfb", "#6f42c1"),
}


@dataclasses.dataclass(frozen=True)
class Feedback:
    """One check's verdict on one answer.

    It shows itself in a notebook (plain text and a small HTML box) and
    carries a machine-readable ``status`` and ``message`` for the grader.

    Parameters
    ----------
    status : str
        One of :data:`STATUSES`.
    message : str
        What is wrong, in the student's terms; for a pass, an optional note.
        Names of variables and columns go between backticks: `parties`.
    task : int, optional
        The task number, shown as "Task 3".
    variable : str, optional
        The variable the task reads.
    answered_only : bool
        True when the check could only see that there is an answer (a word
        answer): the headline then says "answered", not "correct".
    """

    status: str
    message: str = ""
    task: int | None = None
    variable: str | None = None
    answered_only: bool = False

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")

    @property
    def passed(self) -> bool:
        """True when the public checks passed."""
        return self.status == "passed"

    def __bool__(self) -> bool:
        return self.passed

    @property
    def headline(self) -> str:
        """The short verdict, e.g. "✓ correct — public checks passed"."""
        if self.status == "passed" and self.answered_only:
            return _ANSWERED_HEADLINE
        return _HEADLINES[self.status]

    @property
    def label(self) -> str:
        return f"Task {self.task}" if self.task is not None else "Check"

    def text(self) -> str:
        """The verdict as one line of plain text."""
        line = f"{self.label}: {self.headline}"
        return f"{line}. {sentence(self.message)}" if self.message else line

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        fg, bg, accent = _COLOURS[self.status]
        body = _code_spans(html.escape(sentence(self.message))) if self.message else ""
        return (
            f'<div class="conflictlab-feedback conflictlab-feedback-{self.status}" role="status" '
            f'style="border-left:4px solid {accent};background:{bg};color:{fg};'
            f'padding:0.35em 0.8em;margin:0.2em 0;border-radius:3px;font-family:inherit;line-height:1.4">'
            f"<strong>{html.escape(self.label)}: {html.escape(self.headline)}</strong>"
            f"{'. ' + body if body else ''}</div>"
        )

    def to_dict(self) -> dict[str, Any]:
        """The verdict as plain data (what the grader writes to ``hints.csv``)."""
        return {
            "task": self.task,
            "variable": self.variable,
            "status": self.status,
            "headline": self.headline,
            "message": self.message,
        }


def _code_spans(escaped: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


class WrongAnswer(Exception):
    """Raised inside a check to give the student a hint (see :func:`fail`)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def fail(message: str) -> NoReturn:
    """Stop the check with a hint for the student.

    Write the hint in the student's terms and never include the answer:
    say what is off ("`parties` includes 'russia', which is not a party"),
    not what it should be.
    """
    raise WrongAnswer(str(message))


@dataclasses.dataclass(frozen=True)
class Unsupported:
    """A value the grader could not carry out of a student's kernel.

    The grader passes this to the check in place of the student's value, so
    the helpers can say "`x` is a Foo, which ..." in the usual way.
    """

    type_name: str
    reason: str = "the grader cannot read values of this type"

    def describe(self) -> str:
        return f"a {self.type_name} ({self.reason})"


# --------------------------------------------------------------------------- context
@dataclasses.dataclass
class _CheckState:
    name: str
    answered_only: bool = False


_STATE: contextvars.ContextVar[_CheckState | None] = contextvars.ContextVar("conflictlab_check", default=None)


def answer_name() -> str:
    """The name used for the answer in messages: "`parties`" inside task 3's check."""
    state = _STATE.get()
    return f"`{state.name}`" if state is not None else "your answer"


_FOLDER: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "conflictlab_notebook_folder", default=None
)


def notebook_folder() -> Path:
    """The folder of the notebook whose answers are being checked.

    In a notebook this is the kernel's working folder, which Jupyter sets to
    the notebook's own folder. While ``conflictlab grade`` judges a
    submission it is the folder the grader ran that notebook in, so a check
    that looks for a file the student wrote (a saved chart) finds it there.
    """
    folder = _FOLDER.get()
    return folder if folder is not None else Path.cwd()


@contextlib.contextmanager
def checking_in(folder: str | Path) -> Iterator[None]:
    """Within this block, :func:`notebook_folder` is ``folder``: the grader judges a submission's
    answers in the folder it ran the notebook in."""
    token = _FOLDER.set(Path(folder))
    try:
        yield
    finally:
        _FOLDER.reset(token)


def _mark_answered_only() -> None:
    state = _STATE.get()
    if state is not None:
        state.answered_only = True


# --------------------------------------------------------------------------- tasks
_LESSON_MODULE = re.compile(r"(?:^|\.)lesson(\d{2})$")


class Task:
    """A lesson task's check: call it on the student's answer to get :class:`Feedback`.

    Made with :func:`task` (or :func:`conflictlab.checks.words_task`); not
    instantiated directly. Attributes: ``number``, ``variable`` (the name
    the grader reads), ``name`` ("task_3"), ``lesson`` ("01"), ``kind``
    ("value" or "words"), ``description`` (the first docstring line) and,
    for a written task, ``requirements`` (what its answer must contain) and
    ``word_limits`` (the least and most words).
    """

    def __init__(
        self,
        number: int,
        variable: str,
        function: Callable[[Any], Any],
        *,
        kind: str = "value",
        lesson: str | None = None,
        requirements: tuple[Any, ...] = (),
        word_limits: tuple[int, int | None] | None = None,
    ):
        self.number = number
        self.requirements = requirements
        self.word_limits = word_limits
        self.variable = variable
        self.function = function
        self.kind = kind
        self.lesson = lesson
        self.name = f"task_{number}"
        self.__name__ = self.name
        self.__qualname__ = self.name
        self.__doc__ = function.__doc__
        self.__module__ = function.__module__
        self.__wrapped__ = function

    @property
    def description(self) -> str:
        doc = inspect.getdoc(self.function) or ""
        return doc.strip().splitlines()[0] if doc.strip() else ""

    def __repr__(self) -> str:
        return f"<Task {self.number} of lesson {self.lesson or '?'}: reads `{self.variable}`>"

    def __call__(self, *args: Any, **kwargs: Any) -> Feedback:
        """Check one answer. Never raises: problems become an "error" verdict."""
        values = list(args) + list(kwargs.values())
        if len(values) != 1:
            return self._feedback(
                "error",
                f"Call the check with your answer, like this: `check.{self.name}({self.variable})`",
            )
        return self.check(values[0])

    def check(self, value: Any) -> Feedback:
        """Check ``value`` (the student's answer) and return the verdict."""
        if value is Ellipsis:
            needs = "; ".join(r.describe() for r in self.requirements)
            return self._feedback(
                "missing",
                f"Replace the `...` in `{self.variable} = ...` with your answer, "
                "run that cell, then run this check again"
                + (f". Your answer should: {needs}" if needs else ""),
            )
        state = _CheckState(name=self.variable)
        token = _STATE.set(state)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = self.function(_private_copy(value))
        except WrongAnswer as exc:
            return self._feedback("wrong", exc.message)
        except RecursionError:
            return self._error_feedback("the answer is nested too deeply to check")
        except Exception as exc:  # a check must never raise into a notebook
            return self._error_feedback(f"{type(exc).__name__}: {shorten(str(exc), 160)}")
        finally:
            _STATE.reset(token)
        if result is None:
            return self._feedback("passed", "", answered_only=state.answered_only)
        if isinstance(result, str):
            return self._feedback("passed", result, answered_only=state.answered_only)
        if isinstance(result, Feedback):
            return dataclasses.replace(result, task=self.number, variable=self.variable)
        return self._error_feedback(
            f"the check for task {self.number} returned {type(result).__name__}, but "
            "a check returns None, a note (str) or a Feedback"
        )

    def _feedback(self, status: str, message: str, *, answered_only: bool = False) -> Feedback:
        return Feedback(
            status, message, task=self.number, variable=self.variable, answered_only=answered_only
        )

    def _error_feedback(self, detail: str) -> Feedback:
        return self._feedback(
            "error",
            f"The check stopped with an unexpected problem ({detail}). Make sure `{self.variable}` "
            "holds the kind of answer the task asks for; if it does, tell your instructor",
        )


def _private_copy(value: Any) -> Any:
    """A copy of the student's answer, so no check can change the student's variable."""
    try:
        return copy.deepcopy(value)
    except Exception:
        return value


def task(number: int, *, variable: str) -> Callable[[Callable[[Any], Any]], Task]:
    """Register a lesson's check for task ``number``.

    Parameters
    ----------
    number : int
        The task's number in the lesson; the function must be called
        ``task_<number>`` so that ``check.task_3(...)`` in the notebook and the
        grader's registry agree.
    variable : str
        The variable in the notebook that holds the answer. The grader reads
        this variable from each submission.

    Returns
    -------
    A decorator turning the check function into a :class:`Task`.

    The function takes the answer and, to accept it, returns ``None`` (or a
    short note shown after "✓ correct"). To reject it, it calls :func:`fail`
    or one of the ``expect_*`` helpers. ``...`` never reaches it: that is
    "not answered yet". Any other exception becomes an "error" verdict.

    Examples
    --------
    >>> @task(1, variable="parties")
    ... def task_1(parties):
    ...     "The actors whose role is 'party'."
    ...     expect_ids(parties, ["armenia", "azerbaijan"], noun="actor id")
    """
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise TypeError(f"task number must be a non-negative int, not {number!r}")
    _check_variable(variable)

    def decorate(function: Callable[[Any], Any]) -> Task:
        expected = f"task_{number}"
        if getattr(function, "__name__", None) != expected:
            raise ValueError(
                f"@task({number}, ...) decorates a function named {function.__name__!r}; "
                f"name it {expected!r} so that check.{expected}(...) in the notebook reaches it"
            )
        params = [
            p
            for p in inspect.signature(function).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if len(params) != 1:
            raise TypeError(f"{expected} must take exactly one argument, the student's answer")
        return Task(number, variable, function, lesson=_lesson_of_module(function.__module__))

    return decorate


def _check_variable(variable: str) -> None:
    if not isinstance(variable, str) or not variable.isidentifier() or keyword.iskeyword(variable):
        raise ValueError(f"variable must be a Python name such as 'parties', not {variable!r}")


def _lesson_of_module(module_name: str) -> str | None:
    match = _LESSON_MODULE.search(module_name or "")
    return match.group(1) if match else None


# --------------------------------------------------------------------------- registry
def _normalise_lesson(lesson: str | int) -> str:
    text = str(lesson).strip()
    if not re.fullmatch(r"\d{1,2}", text):
        raise ValueError(f"a lesson is a number from 00 to 99, like '01', not {lesson!r}")
    return text.zfill(2)


def load_lesson(lesson: str | int) -> ModuleType:
    """Import ``conflictlab.checks.lessonNN`` (the checks of one lesson).

    Raises
    ------
    LookupError
        When the lesson has no check module.
    """
    number = _normalise_lesson(lesson)
    name = f"conflictlab.checks.lesson{number}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            raise LookupError(f"lesson {number} has no checks (no module {name})") from None
        raise


def lesson_tasks(lesson: str | int | ModuleType) -> list[Task]:
    """The tasks of one lesson, ordered by number.

    Parameters
    ----------
    lesson : str, int or module
        "01", 1, or an imported check module.

    Returns
    -------
    list of Task
        Each with ``number``, ``variable`` and ``name``.

    Raises
    ------
    LookupError
        When the lesson has no check module.
    ValueError
        When the module's tasks are inconsistent (a task bound to the wrong
        name, or two tasks with one number).
    """
    module = lesson if isinstance(lesson, ModuleType) else load_lesson(lesson)
    number = _lesson_of_module(module.__name__)
    tasks: dict[int, Task] = {}
    for attr, value in vars(module).items():
        if not isinstance(value, Task):
            continue
        if attr != value.name:
            raise ValueError(
                f"{module.__name__}.{attr} holds the check for task {value.number}; name it {value.name!r}"
            )
        if value.number in tasks:
            raise ValueError(f"{module.__name__} defines task {value.number} twice")
        if value.lesson is None:
            value.lesson = number
        tasks[value.number] = value
    return [tasks[n] for n in sorted(tasks)]


def available_lessons() -> list[str]:
    """The lessons that have check modules, as two-digit strings."""
    from conflictlab import checks

    found = set()
    for info in pkgutil.iter_modules(checks.__path__):
        match = re.fullmatch(r"lesson(\d{2})", info.name)
        if match:
            found.add(match.group(1))
    return sorted(found)
