"""Checks that teach: instant, specific feedback on a student's answers.

In a notebook::

    from conflictlab.checks import lesson01 as check
    check.task_3(external_powers)      # shows "Task 3: ✓ correct — public checks passed"

For lesson authors (see ``docs/writing-exercises.md``), a lesson's module
``conflictlab/checks/lessonNN.py`` holds one check per task::

    from conflictlab.checks import task, expect_ids

    @task(3, variable="external_powers")
    def task_3(external_powers):
        "The actors whose role is 'external power'."
        expect_ids(external_powers, EXPECTED, noun="actor id")

The same functions are re-run by ``conflictlab grade`` on each submission's
values, so a notebook's printed output is never trusted.

Extra folders of lesson modules can be named in the environment variable
``CONFLICTLAB_CHECKS_PATH`` (separated by ``os.pathsep``); the tests use it
for their fixture lesson.
"""

import os as _os

from ._core import (
    STATUSES,
    Feedback,
    Task,
    Unsupported,
    WrongAnswer,
    answer_name,
    available_lessons,
    checking_in,
    fail,
    lesson_tasks,
    load_lesson,
    notebook_folder,
    task,
)
from ._expect import (
    SPELLING_ADVICE,
    describe,
    expect_bool,
    expect_choice,
    expect_frame,
    expect_ids,
    expect_mapping,
    expect_number,
    expect_type,
    expect_words,
    show,
    spelling_of,
    words_task,
)
from ._written import (
    Cites,
    LabelsOutside,
    Mentions,
    QuotesArticle,
    Requirement,
    UsesMarker,
    actors_of,
    marking_sheet,
)

__all__ = [
    "SPELLING_ADVICE",
    "Cites",
    "LabelsOutside",
    "Mentions",
    "QuotesArticle",
    "Requirement",
    "UsesMarker",
    "STATUSES",
    "Feedback",
    "Task",
    "Unsupported",
    "WrongAnswer",
    "actors_of",
    "answer_name",
    "available_lessons",
    "checking_in",
    "describe",
    "expect_bool",
    "expect_choice",
    "expect_frame",
    "expect_ids",
    "expect_mapping",
    "expect_number",
    "expect_type",
    "expect_words",
    "fail",
    "lesson_tasks",
    "load_lesson",
    "marking_sheet",
    "notebook_folder",
    "show",
    "spelling_of",
    "task",
    "words_task",
]

#: Environment variable naming extra folders that hold ``lessonNN.py`` check modules.
CHECKS_PATH_VARIABLE = "CONFLICTLAB_CHECKS_PATH"

__path__ = list(__path__) + [
    _folder for _folder in _os.environ.get(CHECKS_PATH_VARIABLE, "").split(_os.pathsep) if _folder
]
