"""Without a browser the browser tests are skipped with the reason, and fail under CI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HARNESS_TESTS = REPO / "tests" / "browser" / "test_harness.py"
#: How many tests the browser test file holds, read from its text (each is a top-level ``def test_``).
N_TESTS = len(re.findall(r"^def test_", HARNESS_TESTS.read_text(encoding="utf-8"), re.M))


def run_browser_tests(ci: bool) -> subprocess.CompletedProcess:
    env = dict(os.environ, CONFLICTLAB_CHROMIUM="/nonexistent/chromium")
    env.pop("CI", None)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-rsE",
            "-q",
            str(HARNESS_TESTS.relative_to(REPO)),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_chromium_the_browser_tests_are_skipped_and_say_why():
    result = run_browser_tests(ci=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert N_TESTS >= 3 and f"{N_TESTS} skipped" in result.stdout
    assert "passed" not in result.stdout.splitlines()[-1]
    assert "CONFLICTLAB_CHROMIUM=/nonexistent/chromium is not an executable browser" in result.stdout


def test_under_ci_a_missing_chromium_fails_the_run():
    result = run_browser_tests(ci=True)
    assert result.returncode != 0
    assert N_TESTS >= 3 and f"{N_TESTS} error" in result.stdout
    assert "CI=true, so the browser tests must run" in result.stdout
