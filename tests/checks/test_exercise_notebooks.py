"""Every exercise sets the display width in its set-up cell and ends with the same closing (issue 16)."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_the_set_up_cell_shows_long_text_in_full(path):
    setup = next(c for c in cells(path) if c["cell_type"] == "code")
    assert 'pd.set_option("display.max_colwidth", None)' in "".join(setup["source"])


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_the_exercise_ends_with_what_you_practised_and_when_you_are_done(path):
    last = "".join(cells(path)[-1]["source"])
    assert "## What you practised" in last and "## When you are done" in last
