"""``conflictlab grade``: the command line."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from .._text import shorten
from .folder import choose_lesson, grade_paths
from .gradebook import class_entries, marking_rows, score, task_specs
from .kernel import CELL_TIMEOUT, NOTEBOOK_TIMEOUT
from .lms import LmsError, Roster, collect, extract_zip, read_roster
from .marks import Mark, MarksError, read_marks
from .progress import Progress
from .reports import write_reports


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "submissions",
        metavar="SUBMISSIONS",
        type=Path,
        help=(
            "a folder of submitted notebooks, or a .zip from an LMS's 'download all submissions' "
            "(Canvas, Moodle or plain file names; subfolders are searched)"
        ),
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
        "--solutions",
        type=Path,
        default=Path("solutions"),
        metavar="DIR",
        help="the instructor's solutions folder: the tasks' points and model answers (default: solutions)",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        default=None,
        metavar="CSV",
        help="the class list (a CSV with an id column): students with no submission get a row too",
    )
    parser.add_argument(
        "--marks",
        type=Path,
        default=None,
        metavar="CSV",
        help="the marking sheet with score and comment filled in: marks of written answers to merge",
    )
    parser.add_argument(
        "--canvas-assignment",
        default=None,
        metavar="NAME",
        help=(
            "the Canvas gradebook column, 'Name (assignment id)' to update an assignment "
            "(default: 'Lesson NN exercises', a new column)"
        ),
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
    source: Path = args.submissions
    is_zip = source.is_file() and source.suffix.lower() == ".zip"
    if not source.is_dir() and not is_zip:
        print(f"conflictlab grade: {source} is not a folder or a .zip file.", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("conflictlab grade: --jobs must be at least 1.", file=sys.stderr)
        return 2
    if args.cell_timeout <= 0 or args.notebook_timeout <= 0:
        print("conflictlab grade: time limits must be positive.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="conflictlab-download-") as unpacked:
        root = source
        notes: list[str] = []
        try:
            if is_zip:
                root = Path(unpacked)
                notes += extract_zip(source, root)
            roster = read_roster(args.roster) if args.roster else None
        except LmsError as exc:
            print(f"conflictlab grade: {exc}", file=sys.stderr)
            return 2
        return _grade(args, root, notes, roster)


def _grade(args: argparse.Namespace, root: Path, notes: list[str], roster: Roster | None) -> int:
    submissions, found = collect(root)
    notes += found
    for note in notes:
        print(f"conflictlab grade: {note}", file=sys.stderr)
    gradable = [s for s in submissions if s.path is not None]
    if not gradable:
        print(f"conflictlab grade: no notebooks (.ipynb files) in {args.submissions}.", file=sys.stderr)
        return 2
    paths = [s.path for s in gradable if s.path is not None]
    try:
        lesson = choose_lesson(paths, args.lesson)
        specs, spec_notes = task_specs(lesson, args.solutions)
    except (ValueError, LookupError) as exc:
        print(f"conflictlab grade: {exc}", file=sys.stderr)
        return 2
    for note in spec_notes:
        print(f"conflictlab grade: {note}.", file=sys.stderr)
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(paths)))
    print(
        f"conflictlab grade: lesson {lesson}, {len(specs)} tasks, {len(paths)} notebooks, "
        f"{jobs} at a time (cells stop after {args.cell_timeout:g} s, notebooks after "
        f"{args.notebook_timeout:g} s).",
        file=sys.stderr,
    )
    progress = Progress(len(paths))
    started = time.monotonic()
    try:
        results = grade_paths(
            paths,
            lesson,
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
    entries = class_entries(submissions, results, lesson, roster)
    marks: dict[tuple[str, str], Mark] = {}
    if args.marks is not None:
        answers = {(row.student, row.task): row.points for row in marking_rows(specs, entries)}
        try:
            marks, problems = read_marks(args.marks, answers)
        except MarksError as exc:
            print(f"conflictlab grade: {exc}; the marks are not merged.", file=sys.stderr)
            problems = []
        for problem in problems:
            print(f"conflictlab grade: mark not used — {problem}", file=sys.stderr)
        print(f"conflictlab grade: {len(marks)} mark(s) merged from {args.marks}.", file=sys.stderr)
    write_reports(
        [e.result for e in entries if e.result is not None],
        lesson,
        args.out,
        entries=entries,
        specs=specs,
        marks=marks,
        canvas_assignment=args.canvas_assignment,
    )
    unmarked = sum(
        1
        for e in entries
        if e.result is not None
        for s in specs
        if s.words and score(s, e, marks).points is None
    )
    print(
        f"conflictlab grade: graded {len(results)} notebooks in {time.monotonic() - started:.0f} s; "
        f"results in {args.out}/ (gradebook.csv, hints.csv, marking.csv, feedback/, summary.png, "
        "canvas_grades.csv, moodle_grades.csv, moodle_feedback.zip).",
        file=sys.stderr,
    )
    if unmarked:
        print(
            f"conflictlab grade: {unmarked} written answer(s) still to be marked: fill in score and "
            f"comment in {args.out}/marking.csv and run again with --marks; until then those "
            "students' grades are left blank in the LMS files.",
            file=sys.stderr,
        )
    problems_found = [r for r in results if r.problem]
    if problems_found:
        print(
            f"conflictlab grade: {len(problems_found)} notebook(s) could not be run: "
            + "; ".join(f"{r.file}: {shorten(r.problem or '', 90)}" for r in problems_found[:10]),
            file=sys.stderr,
        )
    return 0
