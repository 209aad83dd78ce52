"""Test set-up: the practice lesson (lesson 99) is visible to the checks and to every kernel.

The practice lesson's check module lives in tests/fixtures/checks. Setting the
variable here, before anything imports conflictlab.checks, makes
``from conflictlab.checks import lesson99`` work in this process, in the
grader's workers and in every Jupyter kernel the tests start (nbval included).
"""

import os
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
CHECKS = FIXTURES / "checks"

_paths = [p for p in os.environ.get("CONFLICTLAB_CHECKS_PATH", "").split(os.pathsep) if p]
if str(CHECKS) not in _paths:
    os.environ["CONFLICTLAB_CHECKS_PATH"] = os.pathsep.join([*_paths, str(CHECKS)])


#: Test modules that start Jupyter kernels, the grader or a subprocess of the course: the slow
#: tier. ``make test-fast`` leaves them out (with the notebooks and the browser); ``make test``
#: runs everything.
KERNEL_MODULES = {
    "test_authoring.py",
    "test_course_exercises.py",
    "test_doctor.py",
    "test_grading.py",
    "test_grading_security.py",
    "test_notebooks_tidy.py",
    "test_package.py",
    "test_release.py",
    "test_setup.py",
    "test_browser_setup.py",
}


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        if Path(str(item.path)).name in KERNEL_MODULES:
            item.add_marker(pytest.mark.kernel)
