"""``conflictlab grade``: the command line."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .._text import shorten
from ..checks import lesson_tasks
from .folder import choose_lesson, find_submissions, grade_folder
from .kernel import CELL_TIMEOUT, NOTEBOOK_TIMEOUT
from .progress import Progress
from .reports import report_digests, verify_reports, write_reports
from .sandbox import HOW_TO_GET, GiB, Limits, MiB, find_sandbox


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "submissions",
        metavar="SUBMISSIONS_DIR",
        type=Path,
        help="folder of submitted exercise notebooks (one .ipynb per student, any names)",
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="OUT",
        help="folder for gradebook.csv, hints.csv, feedback/ and the summary chart",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="notebooks graded at once (default: the number of CPUs)",
    )
    parser.add_argument(
        "--lesson",
        default=None,
        metavar="NN",
        help="the lesson, for notebooks whose metadata does not say (e.g. 01)",
    )
    parser.add_argument(
        "--cell-timeout",
        type=float,
        default=CELL_TIMEOUT,
        metavar="S",
        help=f"seconds before a cell is interrupted (default {CELL_TIMEOUT})",
    )
    parser.add_argument(
        "--notebook-timeout",
        type=float,
        default=NOTEBOOK_TIMEOUT,
        metavar="S",
        help=f"seconds before the rest of a notebook is skipped (default {NOTEBOOK_TIMEOUT})",
    )
    limits = Limits()
    parser.add_argument(
        "--sandbox",
        choices=["auto", "bwrap", "none"],
        default="auto",
        help="where notebooks run: auto (Bubblewrap when it works here, the default), bwrap (or stop), "
        "or none (unsafe: with your permissions)",
    )
    parser.add_argument(
        "--memory",
        type=float,
        default=limits.memory / GiB,
        metavar="GIB",
        help=f"memory each notebook's processes may use, in GiB (default {limits.memory / GiB:g})",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=limits.processes,
        metavar="N",
        help=f"processes and threads a notebook may run at once (default {limits.processes})",
    )
    parser.add_argument(
        "--file-size",
        type=float,
        default=limits.file_size / MiB,
        metavar="MIB",
        help=f"the largest file a notebook may write, in MiB (default {limits.file_size / MiB:g})",
    )
    parser.add_argument(
        "--cpu-time",
        type=int,
        default=None,
        metavar="S",
        help="seconds of processor time a notebook's process may use (default: its time limit plus 5 minutes)",
    )


def run(args: argparse.Namespace) -> int:
    folder: Path = args.submissions
    if not folder.is_dir():
        print(f"conflictlab grade: {folder} is not a folder.", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("conflictlab grade: --jobs must be at least 1.", file=sys.stderr)
        return 2
    if args.cell_timeout <= 0 or args.notebook_timeout <= 0:
        print("conflictlab grade: time limits must be positive.", file=sys.stderr)
        return 2
    if min(args.memory, args.processes, args.file_size, args.cpu_time or 1) <= 0:
        print(
            "conflictlab grade: --memory, --processes, --file-size and --cpu-time must be positive.",
            file=sys.stderr,
        )
        return 2
    limits = Limits(
        memory=int(args.memory * GiB),
        processes=args.processes,
        file_size=int(args.file_size * MiB),
        cpu_seconds=args.cpu_time or int(args.notebook_timeout) + 300,
    )
    try:
        sandbox = find_sandbox(args.sandbox, limits)
    except RuntimeError as exc:
        print(f"conflictlab grade: {exc}; {HOW_TO_GET}, or pass --sandbox none.", file=sys.stderr)
        return 2
    print(f"conflictlab grade: {sandbox.describe()}.", file=sys.stderr)
    notebooks, others = find_submissions(folder)
    if others:
        print(
            f"conflictlab grade: not grading {len(others)} file(s) that are not notebooks, or are hidden: "
            + ", ".join(p.relative_to(folder).as_posix() for p in others[:8])
            + (" …" if len(others) > 8 else ""),
            file=sys.stderr,
        )
    if not notebooks:
        print(f"conflictlab grade: no notebooks (.ipynb files) in {folder}.", file=sys.stderr)
        return 2
    try:
        lesson = choose_lesson(notebooks, args.lesson)
        tasks = lesson_tasks(lesson)
    except (ValueError, LookupError) as exc:
        print(f"conflictlab grade: {exc}", file=sys.stderr)
        return 2
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(notebooks)))
    print(
        f"conflictlab grade: lesson {lesson}, {len(tasks)} tasks, {len(notebooks)} notebooks, "
        f"{jobs} at a time (cells stop after {args.cell_timeout:g} s, notebooks after "
        f"{args.notebook_timeout:g} s).",
        file=sys.stderr,
    )
    progress = Progress(len(notebooks))
    started = time.monotonic()
    try:
        lesson, results = grade_folder(
            folder,
            lesson=lesson,
            jobs=jobs,
            cell_timeout=args.cell_timeout,
            notebook_timeout=args.notebook_timeout,
            sandbox=sandbox,
            progress=progress,
        )
    except KeyboardInterrupt:
        progress.close()
        print("conflictlab grade: interrupted; nothing was written.", file=sys.stderr)
        return 130
    progress.close()
    # Every worker and every process of every notebook is gone by now (grade_folder waits for it).
    written = write_reports(results, lesson, args.out)
    changed = verify_reports(written, report_digests(written))
    if changed:
        print(
            "conflictlab grade: these reports changed after they were written, so do not trust them: "
            + ", ".join(str(p) for p in changed),
            file=sys.stderr,
        )
        return 1
    problems = [r for r in results if r.problem]
    if not sandbox.isolated:
        print(f"conflictlab grade: these notebooks ran WITHOUT a sandbox; {HOW_TO_GET}.", file=sys.stderr)
    print(
        f"conflictlab grade: graded {len(results)} notebooks in {time.monotonic() - started:.0f} s; "
        f"results in {args.out}/ (gradebook.csv, hints.csv, feedback/, summary.png).",
        file=sys.stderr,
    )
    if problems:
        print(
            f"conflictlab grade: {len(problems)} notebook(s) could not be run: "
            + "; ".join(f"{r.file}: {shorten(r.problem or '', 90)}" for r in problems[:10]),
            file=sys.stderr,
        )
    return 0
