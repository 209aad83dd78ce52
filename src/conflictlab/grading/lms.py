"""Learning-management systems in and out: who a submission belongs to, and grade-import files.

In: ``conflictlab grade`` takes a folder, or a ``.zip`` straight from an LMS's "download all
submissions". The student behind each notebook is read from the LMS's own naming:

* **Canvas** names each file ``name_[LATE_]userid_submissionid_filename``, with ``-N`` added
  before the extension for the N-th resubmission (``smithalice_LATE_48213_1502344_04_x-1.ipynb``);
* **Moodle** puts each student's files in a folder ``Full Name_participantid_assignsubmission_file``
  (with a trailing ``_`` before Moodle 4.1), or, in older downloads, prefixes each file so;
* any other name is a **plain** file name: the student is its path without ``.ipynb``
  (``nested/alice`` for ``nested/alice.ipynb``), as :func:`~.folder.student_name` says.

Out: a Canvas gradebook CSV (``Student, ID, SIS User ID, SIS Login ID, Section`` and one
assignment column, matched on Canvas's user ``ID``), a Moodle offline grading worksheet
(``Identifier`` = ``Participant<id>``, ``Grade``, ``Last modified (grade)``, ``Feedback
comments`` — the columns Moodle's importer looks for) and a zip of feedback files in the layout
Moodle's "upload multiple feedback files in a zip" reads (``Full Name_id_assignfeedback_file/``).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import stat
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path, PurePosixPath

from .csvsafe import safe_row
from .folder import NOT_SUBMISSIONS, find_submissions
from .submission import MAX_NOTEBOOK_BYTES

__all__ = [
    "CANVAS_COLUMNS",
    "MOODLE_COLUMNS",
    "Identity",
    "LmsError",
    "HandIn",
    "Roster",
    "canvas_rows",
    "collect",
    "extract_zip",
    "identify",
    "moodle_feedback_zip",
    "moodle_rows",
    "read_roster",
    "write_csv",
]

#: Canvas's gradebook import: these identify the student; the assignment column follows.
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: Moodle's offline grading worksheet. Its importer finds "Identifier", "Grade" and
#: "Last modified (grade)" by name and reads "Feedback comments" into the comments plugin.
MOODLE_COLUMNS = (
    "Identifier",
    "Full name",
    "Status",
    "Grade",
    "Maximum Grade",
    "Grade can be changed",
    "Last modified (grade)",
    "Feedback comments",
)
#: How big a zip from an LMS may be once unpacked, and how many files it may hold.
ZIP_MAX_BYTES = 2 * 1024**3
ZIP_MAX_FILES = 5_000

_CANVAS = re.compile(
    r"^(?P<name>[a-z0-9]+)_(?:(?P<late>LATE)_)?(?P<user>\d+)_(?P<submission>\d+)_"
    r"(?P<file>.+?)(?:-(?P<attempt>\d+))?(?P<ext>\.ipynb)$"
)
_MOODLE_PART = re.compile(r"^(?P<name>.+)_(?P<participant>\d+)_assignsubmission_file_?(?P<rest>.*)$")


class LmsError(ValueError):
    """A problem with what an LMS gave (a zip, a roster), naming the file and, where known, the row."""


@dataclasses.dataclass(frozen=True)
class Identity:
    """Who a submitted notebook belongs to, as the LMS's naming says.

    Attributes
    ----------
    key : str
        The gradebook's row key: ``canvas-<user id>``, ``moodle-<participant id>``, or the file's
        path inside the download without ``.ipynb``.
    name : str
        The student's name as the LMS wrote it (Canvas: the sortable name, lower case).
    lms : {"canvas", "moodle", "plain"}
    lms_id : str
        Canvas's user id or Moodle's participant id; empty for a plain file name.
    late : bool
        Canvas marked the submission late.
    attempt : int
        0 for the first submission, N for Canvas's N-th resubmission.
    file : str
        The path inside the download.
    """

    key: str
    name: str
    lms: str
    lms_id: str
    late: bool
    attempt: int
    file: str


def identify(path: str | PurePosixPath) -> Identity:
    """Who a notebook belongs to, from its path inside an LMS download (or a plain folder).

    Examples
    --------
    >>> identify("smithalice_LATE_48213_1502344_04_weighting_interests-1.ipynb").key
    'canvas-48213'
    >>> identify("Alice Smith_12345_assignsubmission_file/04.ipynb").name
    'Alice Smith'
    >>> identify("alice.ipynb").key, identify("week4/bob.ipynb").key
    ('alice', 'week4/bob')
    """
    posix = PurePosixPath(str(path).replace("\\", "/"))
    match = _CANVAS.match(posix.name)
    if match:
        return Identity(
            key=f"canvas-{match['user']}",
            name=match["name"],
            lms="canvas",
            lms_id=match["user"],
            late=bool(match["late"]),
            attempt=int(match["attempt"] or 0),
            file=str(posix),
        )
    for part in posix.parts:
        moodle = _MOODLE_PART.match(part)
        if moodle:
            return Identity(
                key=f"moodle-{moodle['participant']}",
                name=moodle["name"],
                lms="moodle",
                lms_id=moodle["participant"],
                late=False,
                attempt=0,
                file=str(posix),
            )
    key = "/".join([*posix.parts[:-1], posix.stem])
    return Identity(key=key, name=key, lms="plain", lms_id="", late=False, attempt=0, file=str(posix))


@dataclasses.dataclass
class HandIn:
    """What one student handed in: the notebook to grade, or why there is none."""

    identity: Identity
    path: Path | None
    problem: str = ""
    dropped: list[str] = dataclasses.field(default_factory=list)


def collect(root: Path) -> tuple[list[HandIn], list[str]]:
    """The notebooks under ``root`` (subfolders included), one per student.

    Which files are notebooks to grade is :func:`~.folder.find_submissions`'s rule (hidden files
    and tools' folders are not; a link named ``*.ipynb`` is, and its row says it is a link, never
    followed). Canvas resubmissions: the latest attempt is kept and the others are named in
    ``dropped``. Two notebooks for one student that are not attempts of each other are not guessed
    between: that student gets a problem naming both files, and everyone else is graded.

    Returns
    -------
    (hand-ins, notes)
        ``notes`` name every file that was not taken (not a notebook, hidden, a dropped
        resubmission) and why, so that nothing is skipped silently.
    """
    notebooks, others = find_submissions(root)
    notes = [f"{path.relative_to(root).as_posix()}: {_why_not_graded(path, root)}" for path in others]
    found: dict[str, list[tuple[Identity, Path]]] = defaultdict(list)
    for path in notebooks:
        identity = identify(path.relative_to(root).as_posix())
        found[identity.key].append((identity, path))
    submissions = []
    for key in sorted(found):
        entries = sorted(found[key], key=lambda e: (e[0].attempt, e[0].file))
        attempts = {e[0].attempt for e in entries}
        if len(entries) > 1 and len(attempts) < len(entries):
            files = ", ".join(e[0].file for e in entries)
            submissions.append(
                HandIn(
                    entries[-1][0],
                    None,
                    problem=f"{len(entries)} notebooks for one student ({files}): hand in one, or grade them apart",
                )
            )
            continue
        latest_identity, latest_path = entries[-1]
        dropped = [e[0].file for e in entries[:-1]]
        for file in dropped:
            notes.append(
                f"{file}: an earlier submission of {key} — the latest ({latest_identity.file}) is graded"
            )
        submissions.append(HandIn(latest_identity, latest_path, dropped=dropped))
    return submissions, notes


def _why_not_graded(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    if any(part in NOT_SUBMISSIONS for part in parts):
        return "a copy a tool made (in a folder such as .ipynb_checkpoints or __MACOSX) — not graded"
    if any(part.startswith(".") for part in parts):
        return "a hidden file — not graded"
    if path.is_symlink():
        return "a link, not a notebook — not followed"
    return "not a notebook (.ipynb) — not graded"


def extract_zip(archive: Path, target: Path) -> list[str]:
    """Unpack an LMS download into ``target`` safely; return notes on what was left out.

    Nothing is written outside ``target`` (absolute paths and ``..`` are refused), links are not
    made, and the archive's total size and file count are bounded (a zip bomb is refused whole).
    No file is unpacked beyond :data:`~.submission.MAX_NOTEBOOK_BYTES` and one byte, so a
    notebook too large to grade still gets its row saying so.

    Raises
    ------
    LmsError
        If the file is not a zip, or is too large once unpacked.
    """
    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise LmsError(f"{archive}: not a zip file that can be read ({exc})") from None
    notes: list[str] = []
    with bundle:
        members = [m for m in bundle.infolist() if not m.is_dir()]
        if len(members) > ZIP_MAX_FILES:
            raise LmsError(f"{archive}: holds {len(members)} files; at most {ZIP_MAX_FILES} are unpacked")
        total = sum(m.file_size for m in members)
        if total > ZIP_MAX_BYTES:
            raise LmsError(
                f"{archive}: would unpack to {total / 1024**3:.1f} GiB; at most 2 GiB are unpacked"
            )
        root = target.resolve()
        for member in members:
            name = member.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or not parts:
                notes.append(f"{name}: a path outside the download — not unpacked")
                continue
            if stat.S_ISLNK(member.external_attr >> 16):
                notes.append(f"{name}: a link — not unpacked")
                continue
            destination = root.joinpath(*parts)
            if root not in destination.resolve().parents:
                notes.append(f"{name}: a path outside the download — not unpacked")
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with bundle.open(member) as source, destination.open("wb") as sink:
                left = MAX_NOTEBOOK_BYTES + 1
                while left > 0:
                    chunk = source.read(min(left, 1024 * 1024))
                    if not chunk:
                        break
                    sink.write(chunk)
                    left -= len(chunk)
    return notes


@dataclasses.dataclass(frozen=True)
class Roster:
    """The class list: every student's id and name, from ``--roster``."""

    ids: tuple[str, ...]
    names: Mapping[str, str]

    def key_for(self, lms_id: str) -> str | None:
        """The gradebook key of a roster id, whichever LMS wrote it."""
        return lms_id if lms_id in self.ids else None


_ID_HEADERS = (
    "id",
    "student id",
    "student_id",
    "user id",
    "user_id",
    "participant",
    "identifier",
    "sis user id",
)
_NAME_HEADERS = ("name", "student", "full name", "fullname", "student name")


def read_roster(path: Path) -> Roster:
    """Read a class list: a CSV with an id column (``id``, ``ID``, ``student_id``, ``Identifier`` …).

    The ids are the LMS's: Canvas's user id, Moodle's participant id (``Participant12345`` or
    ``12345``), or a plain submission's file stem. An optional name column fills in names.

    Raises
    ------
    LmsError
        Naming the file and the row: no id column, an empty id, or one id twice.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LmsError(f"{path}: the roster cannot be read ({exc})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise LmsError(f"{path}: the roster is empty; it needs a header row with an id column")
    lowered = [h.strip().lower() for h in header]
    id_col = next((lowered.index(h) for h in _ID_HEADERS if h in lowered), None)
    if id_col is None:
        raise LmsError(
            f"{path}: the roster has no id column (its columns are {', '.join(header)}); "
            f"name one of them {', '.join(repr(h) for h in _ID_HEADERS[:4])}"
        )
    name_col = next((lowered.index(h) for h in _NAME_HEADERS if h in lowered), None)
    ids: list[str] = []
    names: dict[str, str] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        raw = row[id_col].strip() if id_col < len(row) else ""
        value = re.sub(r"^participant\s*", "", raw, flags=re.I)
        if not value:
            raise LmsError(f"{path}, row {number}: the id is empty")
        if value in ids:
            raise LmsError(f"{path}, row {number}: id {value!r} appears twice")
        ids.append(value)
        if name_col is not None and name_col < len(row):
            names[value] = row[name_col].strip()
    return Roster(tuple(ids), names)


def canvas_rows(
    grades: Iterable[tuple[Identity, float | None]], assignment: str, points_possible: float
) -> list[list[str]]:
    """The rows of a Canvas gradebook import for one assignment column.

    ``assignment`` is the column's header: ``"Name (12345)"`` updates Canvas assignment 12345,
    a header without an id makes a new assignment. Rows are matched on Canvas's user ``ID``;
    submissions without one (Moodle or plain names) cannot be imported and are left out.
    """
    rows = [[*CANVAS_COLUMNS, assignment], ["Points Possible", "", "", "", "", _number(points_possible)]]
    for identity, score in grades:
        if identity.lms != "canvas":
            continue
        rows.append([identity.name, identity.lms_id, "", "", "", "" if score is None else _number(score)])
    return rows


def moodle_rows(
    grades: Iterable[tuple[Identity, float | None, str]], max_grade: float, when: datetime
) -> list[list[str]]:
    """The rows of a Moodle offline grading worksheet: grade and feedback comment per participant.

    ``when`` is written as "Last modified (grade)": Moodle keeps a grade changed in Moodle after
    that time rather than overwrite it. A grade of None is left blank (not yet decided); the
    status says "No submission" only for a student with no file (``identity.file`` empty).
    """
    stamp = when.strftime("%Y-%m-%d %H:%M:%S")
    rows = [list(MOODLE_COLUMNS)]
    for identity, score, comment in grades:
        if identity.lms != "moodle":
            continue
        rows.append(
            [
                f"Participant{identity.lms_id}",
                identity.name,
                "Submitted for grading" if identity.file else "No submission",
                "" if score is None else _number(score),
                _number(max_grade),
                "Yes",
                stamp,
                comment,
            ]
        )
    return rows


def moodle_feedback_zip(files: Mapping[Identity, Mapping[str, bytes]], target: Path) -> Path:
    """A zip of feedback files for Moodle's "Upload multiple feedback files in a zip".

    Each participant's files (name → content: the feedback and the pictures it links to, side by
    side) go into one folder, ``Full Name_<participant id>_assignfeedback_file/``: Moodle's
    importer (``assignfeedback_file_zip_importer``) splits that folder name on ``_`` into name,
    participant id, plugin type and plugin name, and keeps the rest of each path as the feedback
    file's path, so a link from one file to another in the same folder still works in Moodle.
    Files of non-Moodle submissions are left out.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for identity, contents in sorted(files.items(), key=lambda item: item[0].key):
            if identity.lms != "moodle":
                continue
            folder = f"{identity.name}_{identity.lms_id}_assignfeedback_file"
            for name, data in sorted(contents.items()):
                bundle.writestr(f"{folder}/{name}", data)
    return target


def write_csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """Write rows as CSV, every text cell made safe to open in a spreadsheet."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(safe_row(row))
    return path


def _number(value: float) -> str:
    return f"{value:g}" if float(value) != int(value) else str(int(value))
