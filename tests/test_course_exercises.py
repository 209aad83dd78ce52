"""Every lesson's exercises, proved in both directions.

For every ``solutions/NN_name.ipynb`` of the course — and for the practice
lesson in tests/fixtures, so these tests are never vacuous — this checks that

(a) the committed ``exercises/NN_name.ipynb`` equals a fresh build, naming the
    notebook and cell that differ;
(b) grading the solution notebook passes every task;
(c) grading the blank exercise says "not answered yet" for every task (the
    variable is there and still ``...``);
(d) every lesson with checks has its list of plausible wrong answers in
    ``tests/checks/test_lessonNN.py`` (see tests/checks/harness.py).

A lesson author adds the solution notebook, runs ``make exercises``, writes
``conflictlab/checks/lessonNN.py`` and ``tests/checks/test_lessonNN.py``;
nothing here needs editing.
"""

import shutil
from pathlib import Path

import pytest

from conflictlab.checks import available_lessons, lesson_tasks
from conflictlab.course.authoring import build_notebook, describe_difference
from conflictlab.grading import grade_folder, notebook_lesson, read_submission

TESTS = Path(__file__).parent
REPO = TESTS.parent
COURSES = {"course": REPO, "practice": TESTS / "fixtures"}


def solution_notebooks():
    found = []
    for label, root in COURSES.items():
        for solution in sorted((root / "solutions").glob("*.ipynb")):
            found.append(
                pytest.param(solution, root / "exercises" / solution.name, id=f"{label}/{solution.stem}")
            )
    return found


SOLUTIONS = solution_notebooks()


def test_the_practice_lesson_keeps_these_tests_from_being_vacuous():
    assert any(p.id.startswith("practice/") for p in SOLUTIONS)


@pytest.mark.parametrize(("solution", "exercise"), SOLUTIONS)
def test_the_committed_exercise_equals_a_fresh_build(solution, exercise):
    fresh, _, _ = build_notebook(solution.read_text(encoding="utf-8"), name=str(solution.relative_to(REPO)))
    assert exercise.exists(), f"{exercise.relative_to(REPO)} is missing: run `make exercises`"
    difference = describe_difference(
        exercise.read_text(encoding="utf-8"), fresh, name=str(exercise.relative_to(REPO))
    )
    assert difference is None, difference


@pytest.fixture(scope="module")
def grade_lesson(tmp_path_factory):
    """Grade a lesson's solution and blank exercise once, together, with the real grader."""
    graded = {}

    def grade(solution: Path, exercise: Path):
        if solution not in graded:
            folder = tmp_path_factory.mktemp(solution.stem)
            shutil.copy(solution, folder / "solution.ipynb")
            shutil.copy(exercise, folder / "exercise.ipynb")
            lesson = notebook_lesson(read_submission(solution))
            _, results = grade_folder(folder, lesson=lesson, jobs=2, cell_timeout=120, notebook_timeout=600)
            graded[solution] = {r.student: r for r in results}
        return graded[solution]

    return grade


@pytest.mark.parametrize(("solution", "exercise"), SOLUTIONS)
def test_the_solution_passes_every_check(grade_lesson, solution, exercise):
    result = grade_lesson(solution, exercise)["solution"]
    assert result.problem is None, result.problem
    assert result.tasks, f"{solution.name}: its lesson has no tasks"
    failures = [
        f"task {t.task} (`{t.variable}`): {t.status}: {t.message}"
        for t in result.tasks
        if t.status != "passed"
    ]
    assert not failures, f"{solution.name} does not pass its own checks:\n" + "\n".join(failures)


@pytest.mark.parametrize(("solution", "exercise"), SOLUTIONS)
def test_the_blank_exercise_is_not_answered_yet(grade_lesson, solution, exercise):
    result = grade_lesson(solution, exercise)["exercise"]
    assert result.problem is None, result.problem
    for t in result.tasks:
        assert t.status == "missing" and t.message.startswith(f"Replace the `...` in `{t.variable} = ...`"), (
            f"{exercise.name}, task {t.task}: a blank exercise should leave `{t.variable} = ...` for the student "
            f"and say 'not answered yet'; the grader says {t.status}: {t.message}"
        )


def lessons_with_solutions():
    lessons = {}
    for param in SOLUTIONS:
        solution = param.values[0]
        lessons[notebook_lesson(read_submission(solution))] = solution
    return lessons


@pytest.mark.parametrize("lesson", available_lessons())
def test_every_lesson_with_checks_has_a_solution_and_wrong_answers(lesson):
    assert lesson in lessons_with_solutions(), (
        f"conflictlab.checks.lesson{lesson} has no solution notebook (solutions/{lesson}_*.ipynb)"
    )
    wrong_answers = TESTS / "checks" / f"test_lesson{lesson}.py"
    assert wrong_answers.exists(), (
        f"list plausible wrong answers for every task of lesson {lesson} in {wrong_answers.relative_to(REPO)} "
        "(see tests/checks/harness.py)"
    )
    assert lesson_tasks(lesson), f"lesson {lesson} has a check module but no tasks"
