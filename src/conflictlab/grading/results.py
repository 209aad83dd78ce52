"""What the grader found: one task's verdict, one submission's results."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..checks import lesson_tasks
from .submission import Submission


@dataclasses.dataclass
class TaskResult:
    """One task's verdict for one student."""

    task: int
    variable: str
    status: str
    message: str


@dataclasses.dataclass
class SubmissionResult:
    """Everything the grader found about one submission."""

    student: str
    file: str
    lesson: str | None
    tasks: list[TaskResult]
    problem: str | None = None
    seconds: float = 0.0
    words: dict[str, str] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)  # limits reached, for the gradebook

    @property
    def passed(self) -> int:
        return sum(t.status == "passed" for t in self.tasks)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubmissionResult:
        tasks = [TaskResult(**t) for t in data.pop("tasks")]
        return cls(tasks=tasks, **data)


def problem_result(submission: Submission, lesson: str, problem: str, seconds: float) -> SubmissionResult:
    """The result of a submission that could not be graded: every task ``error``, with the reason."""
    tasks = lesson_tasks(lesson)
    return SubmissionResult(
        student=submission.student,
        file=submission.file,
        lesson=lesson,
        problem=problem,
        seconds=seconds,
        tasks=[TaskResult(t.number, t.variable, "error", problem) for t in tasks],
    )
