"""The instructor guide (lessons/README.md) agrees with the course it describes.

* The schedule has ten sessions, one lesson each, in order.
* Its minutes are those of each lesson's first cell (the *Timing* line); a lesson that is not
  in the course yet, or has no timing yet, keeps a placeholder — never invented numbers.
* The learning outcomes listed for a lesson are those of its first cell; a lesson not in the
  course yet is marked as summarised from the course design.
* Every command and option the guide names exists, and the grader writes the files it lists.

When a lesson arrives, these tests name the rows of the guide to update.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import nbformat
import pytest

from conflictlab import grading
from conflictlab.course import cli

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "lessons" / "README.md"
PLACEHOLDER = "⟨to fill in⟩"
FROM_DESIGN = "⟨from the course design⟩"

#: The course's lessons, in order (the file names are fixed by the course design).
LESSONS = [
    "00_the_source_and_the_toolkit",
    "01_actors_and_timeline",
    "02_issues_positions_interests",
    "03_relations_and_realignment",
    "04_weighting_interests",
    "05_bargaining_dynamics",
    "06_packages_and_agreement",
    "07_how_sure_is_the_forecast",
    "08_reading_critically",
    "09_judging_the_forecast",
]


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def schedule() -> list[dict[str, str]]:
    rows = []
    for line in guide().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].isdigit():
            session, lesson, notebook, teaching, exercises, discussion, total = cells
            rows.append(
                {
                    "session": session,
                    "lesson": lesson,
                    "notebook": notebook.strip("`"),
                    "minutes": [teaching, exercises, discussion, total],
                }
            )
    return rows


def first_cell(name: str) -> str | None:
    path = REPO / "lessons" / f"{name}.ipynb"
    if not path.exists():
        return None
    nb = nbformat.read(path, as_version=4)
    return nb.cells[0].source if nb.cells else None


def lesson_timing(name: str) -> list[int] | None:
    """(teaching, exercises, discussion) minutes from the lesson's first cell, or None."""
    text = first_cell(name)
    if not text:
        return None
    section = re.search(r"##\s*Timing\s*\n(.*?)(?:\n##|\Z)", text, re.S | re.I)
    if not section:
        return None
    found = re.search(
        r"teaching\D*(\d+).*?exercises\D*(\d+).*?discussion\D*(\d+)", section.group(1), re.S | re.I
    )
    return [int(n) for n in found.groups()] if found else None


ITEM = re.compile(r"^\s*(?:[-*]|\d+[.)])\s+(.*)$")


def _bullets(block: str) -> list[str]:
    """The items of a bulleted or numbered list, each on one line."""
    items: list[str] = []
    for line in block.splitlines():
        item = ITEM.match(line)
        if item:
            items.append(item.group(1).strip())
        elif items and line.strip() and not line.lstrip().startswith("#"):
            items[-1] += " " + line.strip()
    return [" ".join(i.split()) for i in items]


def lesson_objectives(name: str) -> list[str] | None:
    text = first_cell(name)
    if not text:
        return None
    section = re.search(r"##\s*Learning objectives\s*\n(.*?)(?:\n##|\Z)", text, re.S | re.I)
    return _bullets(section.group(1)) if section else None


def guide_outcomes(number: str) -> str:
    match = re.search(rf"^\*\*{number} — .*?(?=^\*\*\d\d — |^## |\Z)", guide(), re.S | re.M)
    assert match, (
        f"lessons/README.md has no learning outcomes for lesson {number} (a paragraph '**{number} — …**')"
    )
    return match.group(0)


def test_the_schedule_has_ten_sessions_one_lesson_each_in_order():
    rows = schedule()
    assert [r["session"] for r in rows] == [str(k) for k in range(1, 11)]
    assert [r["notebook"] for r in rows] == LESSONS


@pytest.mark.parametrize("name", LESSONS)
def test_the_minutes_are_those_of_the_lessons_first_cell(name):
    row = next(r for r in schedule() if r["notebook"] == name)
    timing = lesson_timing(name)
    if timing is None:
        assert row["minutes"] == [PLACEHOLDER] * 4, (
            f"lessons/README.md gives minutes for {name}, but the lesson has no Timing line to take "
            f"them from; keep {PLACEHOLDER} until it does"
        )
        return
    expected = [str(m) for m in timing] + [str(sum(timing))]
    assert row["minutes"] == expected, (
        f"lessons/README.md, session {row['session']} ({name}): the schedule says "
        f"{' / '.join(row['minutes'])}, but the lesson's first cell says teaching {timing[0]}, exercises "
        f"{timing[1]}, discussion {timing[2]} (total {sum(timing)})"
    )


@pytest.mark.parametrize("name", LESSONS)
def test_the_learning_outcomes_are_those_of_the_lessons_first_cell(name):
    number = name[:2]
    text = guide_outcomes(number)
    objectives = lesson_objectives(name)
    if not objectives:
        assert FROM_DESIGN in text, (
            f"lesson {number} has no learning objectives yet, so its outcomes in lessons/README.md must "
            f"be marked {FROM_DESIGN}"
        )
        return
    assert FROM_DESIGN not in text, (
        f"lesson {number} now lists its own learning objectives: replace the {FROM_DESIGN} summary in "
        f"lessons/README.md with them"
    )
    listed = _bullets(text)
    assert listed == objectives, (
        f"lessons/README.md lists for lesson {number}:\n  "
        + "\n  ".join(listed)
        + "\nbut the lesson's first cell lists:\n  "
        + "\n  ".join(objectives)
    )


def _command_lines() -> list[str]:
    """Command lines in the guide's code blocks and code spans."""
    text = guide()
    lines = [m.group(1) for m in re.finditer(r"^    (\S.*)$", text, re.M)]
    lines += re.findall(r"`([^`\n]+)`", text)
    out = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        line = line.removeprefix(".venv/bin/")
        if line.startswith(("make ", "conflictlab ")):
            out.append(line)
    return out


def test_the_guide_names_commands_and_is_checked_for_them():
    commands = _command_lines()
    assert any(c.startswith("make ") for c in commands)
    assert any(c.startswith("conflictlab grade") for c in commands)


def test_every_make_target_the_guide_names_exists():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.M))
    for line in _command_lines():
        if line.startswith("make "):
            for target in line.split()[1:]:
                assert target in targets, f"lessons/README.md names `make {target}`, which the Makefile lacks"


def test_every_conflictlab_command_the_guide_names_exists_and_parses():
    parser = cli.build_parser()
    available = {name for name, module, _ in cli.COMMANDS if cli._load(module) is not None}
    for line in _command_lines():
        if not line.startswith("conflictlab "):
            continue
        args = shlex.split(line)[1:]
        assert args[0] in available, (
            f"lessons/README.md names `conflictlab {args[0]}`, which is not available"
        )
        try:
            parser.parse_args(args)
        except SystemExit:
            pytest.fail(f"lessons/README.md shows `{line}`, which the command line refuses")


def test_every_option_the_guide_names_belongs_to_the_command_it_names():
    text = guide()
    mentioned = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text))
    parser = cli.build_parser()
    known = set()
    for action in parser._subparsers._group_actions:
        for sub in action.choices.values():
            known |= {o for a in sub._actions for o in a.option_strings}
    assert mentioned, "the guide names no options"
    assert mentioned <= known, f"lessons/README.md names options no command has: {sorted(mentioned - known)}"


def test_the_files_the_guide_says_the_grader_writes_are_the_graders():
    for name in re.findall(r"`([a-z_]+\.(?:csv|png|html))`", guide()):
        assert name in grading.__doc__, (
            f"lessons/README.md says the grader writes {name}; grading does not say so"
        )
    assert (REPO / "docs" / "writing-exercises.md").exists()
