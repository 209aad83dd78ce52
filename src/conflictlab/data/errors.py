"""What :func:`conflictlab.data.load` raises when a file breaks a rule: one problem per broken rule."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One broken rule in one place of a data file."""

    file: str
    row: int | None  # 1-based data row (the header is not counted); None for the whole file
    column: str | None
    rule: str
    detail: str
    value: str | None = None  # the cell as the file writes it, when the problem is one cell

    @property
    def line(self) -> int | None:
        """The line of the CSV file (the header is line 1)."""
        return None if self.row is None else self.row + 1

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.line})")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.detail} [rule: {self.rule}]"


class DataError(ValueError):
    """A data table breaks a rule of ``data/schema.yaml``.

    ``problems`` lists every :class:`Problem` found; the message names the
    file, the row, the column and the rule of each.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        files = sorted({p.file for p in self.problems})
        head = (
            f"{files[0]} breaks the data rules" if len(files) == 1 else "the data files break the data rules"
        )
        lines = [f"{head} ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}):"]
        lines += [f"  - {p}" for p in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"  … and {len(self.problems) - 20} more")
        super().__init__("\n".join(lines))
