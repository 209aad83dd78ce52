import subprocess
import sys

import conflictlab


def test_command_line_reports_the_package_version():
    out = subprocess.run(
        [sys.executable, "-m", "conflictlab.course.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == f"conflictlab {conflictlab.__version__}"
