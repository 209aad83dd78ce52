"""Two grading runs on one machine never share the users their kernels run as (as root, the grader
ends every process of a kernel's user after each notebook)."""

from __future__ import annotations

import os
import subprocess
import sys

from conflictlab.grading.sandbox import SANDBOX_UID, UID_BLOCK, Sandbox, claim_uids


def test_each_process_holds_its_own_block_of_kernel_users():
    here = claim_uids()
    assert claim_uids() == here  # one block per process, however often it is asked
    other = subprocess.run(
        [sys.executable, "-c", "from conflictlab.grading.sandbox import claim_uids; print(claim_uids())"],
        capture_output=True,
        text=True,
        check=True,
    )
    there = int(other.stdout)
    assert there > SANDBOX_UID and here > SANDBOX_UID
    assert abs(there - here) >= UID_BLOCK  # the blocks do not overlap


def test_kernel_users_follow_the_block_of_the_run():
    sandbox = Sandbox("bwrap", bwrap="/usr/bin/bwrap", uid_base=SANDBOX_UID + 3 * UID_BLOCK)
    expected = [SANDBOX_UID + 3 * UID_BLOCK + slot for slot in (0, 1)]
    if os.geteuid() == 0:
        assert [sandbox.kernel_uid(0), sandbox.kernel_uid(1)] == expected
    else:  # not root: kernels run as the grader's own user
        assert sandbox.kernel_uid(0) is None
