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
from .reports import write_reports


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
    notebooks, others = find_submissions(folder)
    if others:
        print(
            f"conflictlab grade: skipping {len(others)} file(s) that are not notebooks: "
            + ", ".join(p.name for p in others[:5])
            + (" …" if len(others) > 5 else ""),
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
            progress=progress,
        )
    except KeyboardInterrupt:
        progress.close()
        print("conflictlab grade: interrupted; nothing was written.", file=sys.stderr)
        return 130
    progress.close()
    write_reports(results, lesson, args.out)
    problems = [r for r in results if r.problem]
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
