"""The students' zip: what they need, and no answers.

The answer texts are found here independently of ``conflictlab.course.release``
and ``conflictlab.course.markers`` (its own leak check is tested separately):
this file keeps a deliberately independent reading of the marker grammar and
the instructor tag, so a mistake in ``markers`` cannot hide itself. Every region between
``# BEGIN SOLUTION`` and ``# END SOLUTION`` in ``solutions/`` (in a written answer's Markdown
cell, ``<!-- BEGIN SOLUTION … -->`` and ``<!-- END SOLUTION -->``), and every
cell tagged ``instructor``. Each must be absent from every file in the zip,
unless the same lines are part of what students get anyway (a lesson's
public cells, the package, the data).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import conflictlab
from conflictlab.course import cli
from conflictlab.course.release import START_LESSON, ReleaseError, build_release

REPO = Path(__file__).resolve().parents[1]
TOP = f"conflictlab-student-{conflictlab.__version__}"


# ------------------------------------------------------------------ independent readers


def cell_text(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def contains_lines(haystack: list[str], needle: list[str]) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as whole, consecutive lines."""
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def answer_regions(text: str) -> list[str]:
    regions, current = [], None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("# BEGIN SOLUTION", "<!-- BEGIN SOLUTION")):
            current = []
        elif stripped.startswith(("# END SOLUTION", "<!-- END SOLUTION")):
            if current is not None:
                regions.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return regions


def is_instructor(cell) -> bool:
    return "instructor" in (cell.get("metadata", {}).get("tags") or [])


def secrets_of(course: Path) -> list[tuple[str, str]]:
    found = []
    for folder in ("solutions", "lessons", "exercises"):
        for path in sorted((course / folder).glob("*.ipynb")):
            nb = json.loads(path.read_text(encoding="utf-8"))
            for number, cell in enumerate(nb["cells"], start=1):
                where = f"{folder}/{path.name} cell {number}"
                if is_instructor(cell) and cell_text(cell).strip():
                    found.append((where + " (instructor)", cell_text(cell)))
                if folder == "solutions":
                    found.extend(
                        (where + " (answer)", r) for r in answer_regions(cell_text(cell)) if r.strip()
                    )
    return found


def public_lines(course: Path) -> list[str]:
    lines = []
    for path in sorted((course / "lessons").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if not is_instructor(cell):
                lines += [*lines_of(cell_text(cell)), "\x00"]
    for folder in ("data", "src/conflictlab"):
        for path in sorted((course / folder).rglob("*")):
            if path.is_file() and path.suffix not in (".pyc",):
                try:
                    lines += [*lines_of(path.read_text(encoding="utf-8")), "\x00"]
                except UnicodeDecodeError:
                    pass
    return lines


def zip_texts(path: Path) -> dict[str, list[str]]:
    """Every file in the zip as lines; a notebook also as its cells' sources and outputs."""
    texts = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            raw = zf.read(name).decode("utf-8", errors="replace")
            lines = lines_of(raw)
            if name.endswith(".ipynb"):
                nb = json.loads(raw)
                for cell in nb["cells"]:
                    lines += ["\x00", *lines_of(cell_text(cell))]
                    for out in cell.get("outputs", []):
                        lines += ["\x00", *lines_of(json.dumps(out, ensure_ascii=False))]
                        text = out.get("text", "")
                        lines += lines_of("".join(text) if isinstance(text, list) else text)
                        for value in (out.get("data") or {}).values():
                            lines += lines_of("".join(value) if isinstance(value, list) else str(value))
            texts[name] = lines
    return texts


def notebook_cells(path: Path, name: str) -> list[dict]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read(name))["cells"]


# ------------------------------------------------------------------ a small course to release


def make_course(root: Path) -> Path:
    """A copy of the course's package and data with a lesson, a solution and its exercise."""
    course = root / "course"
    for folder in ("data", "src/conflictlab"):
        shutil.copytree(REPO / folder, course / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "constraints.txt", "LICENSE"):
        shutil.copy(REPO / name, course / name)

    def write(rel: str, cells: list) -> None:
        nb = nbformat.v4.new_notebook(cells=cells)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = course / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)

    instructor = nbformat.v4.new_markdown_cell("Pacing: spend ten minutes on the map (note 7c1f).")
    instructor.metadata["tags"] = ["instructor"]
    write(
        "lessons/00_the_source_and_the_toolkit.ipynb",
        [
            nbformat.v4.new_markdown_cell("# The source and the toolkit\n\nWelcome."),
            instructor,
            nbformat.v4.new_code_cell("import conflictlab\nconflictlab.setup()"),
        ],
    )
    write(
        "solutions/01_actors.ipynb",
        [
            nbformat.v4.new_markdown_cell("# Actors: exercises"),
            nbformat.v4.new_code_cell(
                '# BEGIN SOLUTION: the name of the mediator\nmediator = "SECRET-ANSWER-91b2"\n# END SOLUTION'
            ),
        ],
    )
    exercise_cell = nbformat.v4.new_code_cell("mediator = ...  # the name of the mediator")
    exercise_cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="left from a run\n")]
    write("exercises/01_actors.ipynb", [nbformat.v4.new_markdown_cell("# Actors: exercises"), exercise_cell])
    return course


# ------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def course_zip(tmp_path_factory) -> Path:
    return build_release(REPO, tmp_path_factory.mktemp("dist")).path


def test_the_zip_holds_every_lesson_exercise_and_data_file_and_nothing_else(course_zip):
    with zipfile.ZipFile(course_zip) as zf:
        names = set(zf.namelist())
    assert course_zip.name == f"{TOP}.zip"
    assert all(name.startswith(TOP + "/") for name in names)
    inside = {name[len(TOP) + 1 :] for name in names}
    wanted = {
        p.relative_to(REPO).as_posix()
        for folder in ("lessons", "exercises")
        for p in (REPO / folder).glob("*.ipynb")
    }
    wanted |= {p.relative_to(REPO).as_posix() for p in (REPO / "data").rglob("*") if p.is_file()}
    wanted |= {
        "README.md",
        "pyproject.toml",
        "constraints.txt",
        "src/conflictlab/__init__.py",
        "src/conflictlab/data/__init__.py",
        START_LESSON,
    }
    assert wanted <= inside, f"missing: {sorted(wanted - inside)}"
    top_level = {name.split("/")[0] for name in inside}
    assert top_level <= {
        "lessons",
        "exercises",
        "data",
        "src",
        "README.md",
        "pyproject.toml",
        "constraints.txt",
        "LICENSE",
    }, top_level
    assert not [n for n in inside if "solutions" in n.split("/")]
    assert not [n for n in inside if "__pycache__" in n or n.endswith(".pyc")]


def test_no_answer_or_instructor_note_is_in_the_zip(course_zip):
    public = public_lines(REPO)
    texts = zip_texts(course_zip)
    checked, leaks = 0, []
    for where, secret in secrets_of(REPO):
        needle = lines_of(secret)
        if contains_lines(public, needle):
            continue  # students are given these lines anyway
        checked += 1
        leaks += [f"{where} in {name}" for name, lines in texts.items() if contains_lines(lines, needle)]
    assert not leaks, leaks
    print(f"{checked} answer regions and instructor cells checked against {len(texts)} files")
    for name in texts:
        if name.endswith(".ipynb"):
            assert not [c for c in notebook_cells(course_zip, name) if is_instructor(c)], name
            assert not [c for c in notebook_cells(course_zip, name) if "# BEGIN SOLUTION" in cell_text(c)], (
                name
            )


def test_the_student_repository_is_the_zip_plus_binder_and_holds_no_answer(course_zip, tmp_path):
    repository = course_zip.with_name(f"{TOP}-repository")
    files = {p.relative_to(repository).as_posix() for p in repository.rglob("*") if p.is_file()}
    with zipfile.ZipFile(course_zip) as zf:
        in_zip = {name[len(TOP) + 1 :] for name in zf.namelist()}
    binder = {p.relative_to(REPO).as_posix() for p in (REPO / "binder").iterdir() if p.is_file()}
    assert "binder/requirements.txt" in binder and "binder/postBuild" in binder
    assert files == in_zip | binder
    assert not [f for f in files if "solutions" in f.split("/")]
    # repo2docker installs the package from the repository itself: the copy must hold it.
    assert {"pyproject.toml", "constraints.txt", "src/conflictlab/__init__.py"} <= files
    assert os.access(repository / "binder" / "postBuild", os.X_OK)
    # Read it back with the independent readers above, as a zip of the folder.
    shutil.make_archive(str(tmp_path / "repository"), "zip", repository)
    texts = zip_texts(tmp_path / "repository.zip")
    public = public_lines(REPO)
    leaks = [
        f"{where} in {name}"
        for where, secret in secrets_of(REPO)
        if not contains_lines(public, lines_of(secret))
        for name, lines in texts.items()
        if contains_lines(lines, lines_of(secret))
    ]
    assert not leaks, leaks
    for name in texts:
        if name.endswith(".ipynb"):
            cells = notebook_cells(tmp_path / "repository.zip", name)
            assert not [c for c in cells if is_instructor(c)], name
            assert not [c for c in cells if "# BEGIN SOLUTION" in cell_text(c)], name


def test_releasing_again_refreshes_the_student_repository_and_keeps_its_git_folder(tmp_path):
    course = make_course(tmp_path)
    (course / "binder").mkdir()
    (course / "binder" / "requirements.txt").write_text("-c ../constraints.txt\n.\n")
    repository = build_release(course, tmp_path / "dist", version="9.9").repository
    assert repository == tmp_path / "dist" / "conflictlab-student-9.9-repository"
    (repository / ".git").mkdir()
    (repository / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repository / "exercises" / "stale.ipynb").write_text("{}")
    build_release(course, tmp_path / "dist", version="9.9")
    assert (repository / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert not (repository / "exercises" / "stale.ipynb").exists()
    assert (repository / "binder" / "requirements.txt").is_file()
    assert b"SECRET-ANSWER-91b2" not in b"".join(p.read_bytes() for p in repository.rglob("*") if p.is_file())


def test_a_small_course_is_released_without_its_answers_or_instructor_notes(tmp_path):
    course = make_course(tmp_path)
    release = build_release(course, tmp_path / "dist", version="9.9")
    assert release.path == tmp_path / "dist" / "conflictlab-student-9.9.zip"
    assert (release.lessons, release.exercises, release.instructor_cells_dropped) == (1, 1, 1)
    assert release.secrets_checked == 2
    with zipfile.ZipFile(release.path) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
        names = zf.namelist()
    assert b"SECRET-ANSWER-91b2" not in everything
    assert b"note 7c1f" not in everything
    assert not [n for n in names if "/solutions/" in n]
    exercise = notebook_cells(release.path, "conflictlab-student-9.9/exercises/01_actors.ipynb")
    assert [c.get("outputs") for c in exercise if c["cell_type"] == "code"] == [[]]
    lesson = notebook_cells(
        release.path, "conflictlab-student-9.9/lessons/00_the_source_and_the_toolkit.ipynb"
    )
    assert next(cell_text(c) for c in lesson).startswith("# The source and the toolkit")
    assert len(lesson) == 2


def test_the_release_is_the_same_file_every_time(tmp_path):
    course = make_course(tmp_path)
    first = build_release(course, tmp_path / "a").path.read_bytes()
    second = build_release(course, tmp_path / "b").path.read_bytes()
    assert first == second


def test_an_exercise_that_still_holds_an_answer_region_stops_the_release(tmp_path):
    course = make_course(tmp_path)
    shutil.copy(course / "solutions/01_actors.ipynb", course / "exercises/01_actors.ipynb")
    with pytest.raises(ReleaseError, match=r"exercises/01_actors\.ipynb: cell 2 still holds an answer"):
        build_release(course, tmp_path / "dist")
    assert not list(tmp_path.rglob("*.zip"))


def test_an_answer_copied_into_an_exercise_without_markers_stops_the_release(tmp_path):
    course = make_course(tmp_path)
    nb = nbformat.read(course / "exercises/01_actors.ipynb", as_version=4)
    nb.cells[1].source = 'mediator = "SECRET-ANSWER-91b2"'
    nbformat.write(nb, course / "exercises/01_actors.ipynb")
    with pytest.raises(
        ReleaseError,
        match=r"solutions/01_actors\.ipynb, cell 2, answer region "
        r"appears in .*exercises/01_actors\.ipynb",
    ):
        build_release(course, tmp_path / "dist")
    assert not list(tmp_path.rglob("*.zip"))


def test_the_command_line_writes_the_zip_or_says_what_is_wrong(tmp_path, capsys):
    course = make_course(tmp_path)
    assert cli.main(["release", "--course", str(course), "--out", str(tmp_path / "dist")]) == 0
    out = capsys.readouterr().out
    assert "conflictlab-student-" in out and "1 instructor cell(s) left out" in out
    assert cli.main(["release", "--course", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "does not look like the course repository" in err and "lessons" in err


def test_a_student_can_unzip_it_and_run_the_start_lesson(course_zip, tmp_path, monkeypatch):
    with zipfile.ZipFile(course_zip) as zf:
        zf.extractall(tmp_path)
    root = tmp_path / TOP
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert START_LESSON in readme and (root / START_LESSON).is_file()
    assert "pip install -c constraints.txt -e ." in readme
    for lesson in sorted((root / "lessons").glob("*.ipynb")):
        assert f"lessons/{lesson.name}" in readme
    # The unzipped package finds the unzipped data, with nothing from the repository.
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    env.pop("CONFLICTLAB_DATA", None)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import conflictlab, conflictlab.data as d; "
            "print(conflictlab.__file__); print(d.data_dir()); print(len(d.load('actors')))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert Path(probe[0]).is_relative_to(root) and Path(probe[1]).is_relative_to(root)
    assert int(probe[2]) > 0
    # The start lesson runs from the unzipped folder, in a fresh kernel, without errors.
    monkeypatch.setenv("PYTHONPATH", str(root / "src"))
    monkeypatch.delenv("CONFLICTLAB_DATA", raising=False)
    nb = nbformat.read(root / START_LESSON, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import conflictlab\nprint(conflictlab.__file__)"))
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(root / "lessons")}}
    ).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    assert Path(nb.cells[-1].outputs[0]["text"].strip()).is_relative_to(root)
