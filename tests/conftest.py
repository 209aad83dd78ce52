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
