"""The ``conflictlab`` command line for instructors.

Each sub-command lives in its own module, which provides two functions:
``add_arguments(parser)`` to declare its options and ``run(args) -> int``
to do the work. This file only wires them together.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from .. import __version__

#: (command, module, one-line help)
COMMANDS = [
    ("build", "conflictlab.course.authoring", "write exercises/ from the answer keys in solutions/"),
    ("grade", "conflictlab.grading.cli", "grade a folder of submitted exercise notebooks"),
    (
        "release",
        "conflictlab.course.release",
        "build the students' zip: lessons, exercises and data, no solutions",
    ),
    (
        "handouts",
        "conflictlab.course.handouts",
        "write each lesson as an accessible, offline HTML reading copy in build/handouts/",
    ),
    ("doctor", "conflictlab.course.doctor", "check the widget and chart stack and say what to fix"),
    (
        "tidy",
        "conflictlab.course.tidy",
        "strip notebooks for git; --pin refreshes the outputs the tests check",
    ),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflictlab",
        description="Tools for teaching the conflictlab course.",
    )
    parser.add_argument("--version", action="version", version=f"conflictlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name, help_text in COMMANDS:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module_name)
        module = _load(module_name)
        if module is not None:
            module.add_arguments(p)
    return parser


def _load(module_name: str) -> ModuleType | None:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    module = _load(args._module)
    if module is None:
        print(f"conflictlab {args.command}: this command is not available in this version.", file=sys.stderr)
        return 2
    return int(module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
