"""Run every ``benchmarks/bench_*.py`` module and print one table.

Each module exposes ``run() -> list[tuple[str, float, str, str]]``: rows of
(name, value, unit, note). A module that fails is reported and the run ends
with exit status 1 after the other modules have run.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import platform
import sys
import time
import traceback
from pathlib import Path

Row = tuple[str, float, str, str]


def discover() -> list[str]:
    """Names of the ``bench_*`` modules in this package, sorted."""
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))


def format_value(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def check_rows(module: str, rows: object) -> list[Row]:
    if not isinstance(rows, list):
        raise TypeError(f"{module}.run() must return a list of rows, got {type(rows).__name__}")
    checked = []
    for row in rows:
        if not (isinstance(row, tuple) and len(row) == 4):
            raise TypeError(f"{module}.run() returned {row!r}; each row is (name, value, unit, note)")
        name, value, unit, note = row
        checked.append((str(name), float(value), str(unit), str(note)))
    return checked


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    modules = discover()
    if argv:  # optional filter: python -m benchmarks models
        modules = [m for m in modules if any(word in m for word in argv)]
    print(
        f"conflictlab benchmarks -- Python {platform.python_version()}, {platform.machine()}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )
    table: list[tuple[str, str, str, str]] = []
    failed = []
    for name in modules:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            rows = check_rows(name, module.run())
        except Exception:  # report and carry on with the other modules
            failed.append(name)
            print(f"\n{name}: FAILED\n{traceback.format_exc()}", file=sys.stderr)
            continue
        for row_name, value, unit, note in rows:
            table.append((f"{name.removeprefix('bench_')}: {row_name}", format_value(value), unit, note))
    if table:
        widths = [max(len(r[k]) for r in [*table, ("benchmark", "value", "unit", "note")]) for k in range(4)]
        header = ("benchmark", "value", "unit", "note")
        line = "  ".join([f"{{:<{widths[0]}}}", f"{{:>{widths[1]}}}", f"{{:<{widths[2]}}}", "{}"])
        print()
        print(line.format(*header))
        print(line.format(*("-" * w for w in widths[:3]), "-" * 4))
        for row in table:
            print(line.format(*row))
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    if not modules:
        print("no bench_*.py modules found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
