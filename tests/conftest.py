"""Test set-up: the practice lesson (lesson 99) is visible to the checks and to every kernel.

The practice lesson's check module lives in tests/fixtures/checks. Setting the
variable here, before anything imports conflictlab.checks, makes
``from conflictlab.checks import lesson99`` work in this process, in the
grader's workers and in every Jupyter kernel the tests start (nbval included).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    "test_classroom.py",
    "test_course_exercises.py",
    "test_doctor.py",
    "test_grading.py",
    "test_grading_security.py",
    "test_handouts.py",
    "test_notebooks_tidy.py",
    "test_package.py",
    "test_release.py",
    "test_sandbox_users.py",
    "test_setup.py",
    "test_browser_setup.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.path)).name in KERNEL_MODULES:
            item.add_marker(pytest.mark.kernel)


# ---------------------------------------------------------------- reading copies (handouts)

REPO = Path(__file__).resolve().parents[1]
#: A folder of reading copies built beforehand (``conflictlab handouts --out DIR``), to check
#: pages without building them again; by default the tests build them once per session.
HANDOUTS_ENV = "CONFLICTLAB_HANDOUTS"


def _handouts_dir(tmp_path_factory) -> Path:
    given = os.environ.get(HANDOUTS_ENV)
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("handouts")
    # A separate process: the browser tests' event loop must not meet the kernels nbclient runs.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "conflictlab.course.cli",
            "handouts",
            "--course",
            str(REPO),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert done.returncode == 0, f"conflictlab handouts failed:\n{done.stdout}\n{done.stderr}"
    return out


@pytest.fixture(scope="session")
def handouts(tmp_path_factory) -> Path:
    """The folder holding the reading copy of every lesson, built once per test session."""
    return _handouts_dir(tmp_path_factory)
