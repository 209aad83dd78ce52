"""``conflictlab grade``: the command line."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from .._text import shorten
from .folder import choose_lesson, grade_submissions
from .gradebook import class_entries, marking_rows, score, task_specs
from .kernel import CELL_TIMEOUT, NOTEBOOK_TIMEOUT
from .lms import LmsError, Roster, collect, extract_zip, read_roster
from .marks import Mark, MarksError, read_marks
from .progress import Progress
from .reports import report_digests, verify_reports, write_reports
from .sandbox import HOW_TO_GET, GiB, Limits, MiB, Sandbox, find_sandbox
from .submission import load_submission


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
        return _grade(args, root, notes, roster, sandbox)


def _grade(
    args: argparse.Namespace, root: Path, notes: list[str], roster: Roster | None, sandbox: Sandbox
) -> int:
    handed_in, found = collect(root)
    notes += found
    for note in notes:
        print(f"conflictlab grade: {note}", file=sys.stderr)
    gradable = [h for h in handed_in if h.path is not None]
    if not gradable:
        print(f"conflictlab grade: no notebooks (.ipynb files) in {args.submissions}.", file=sys.stderr)
        return 2
    # Every notebook is read (and hashed) before the first one runs: what is graded is these bytes.
    submissions = [load_submission(h.path, h.identity.key) for h in gradable if h.path is not None]
    try:
        lesson = choose_lesson(submissions, args.lesson)
        specs, spec_notes = task_specs(lesson, args.solutions)
    except (ValueError, LookupError) as exc:
        print(f"conflictlab grade: {exc}", file=sys.stderr)
        return 2
    for note in spec_notes:
        print(f"conflictlab grade: {note}.", file=sys.stderr)
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(submissions)))
    print(
        f"conflictlab grade: lesson {lesson}, {len(specs)} tasks, {len(submissions)} notebooks, "
        f"{jobs} at a time (cells stop after {args.cell_timeout:g} s, notebooks after "
        f"{args.notebook_timeout:g} s).",
        file=sys.stderr,
    )
    progress = Progress(len(submissions))
    started = time.monotonic()
    try:
        results = grade_submissions(
            submissions,
            lesson,
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
    entries = class_entries(handed_in, results, lesson, roster)
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
    # Every worker and every process of every notebook is gone by now (grade_submissions waits for it).
    written = write_reports(
        [e.result for e in entries if e.result is not None],
        lesson,
        args.out,
        entries=entries,
        specs=specs,
        marks=marks,
        canvas_assignment=args.canvas_assignment,
    )
    changed = verify_reports(written, report_digests(written))
    if changed:
        print(
            "conflictlab grade: these reports changed after they were written, so do not trust them: "
            + ", ".join(str(p) for p in changed),
            file=sys.stderr,
        )
        return 1
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
    if not sandbox.isolated:
        print(f"conflictlab grade: these notebooks ran WITHOUT a sandbox; {HOW_TO_GET}.", file=sys.stderr)
    return 0
