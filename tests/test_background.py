"""The outside record: each row is dated consistently with the article and rests on two sources."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


def background() -> list[dict[str, str]]:
    # Read the CSV and the citation directly (not through the loader) so these checks do not trust it.
    with (DATA / "background" / "background.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def published() -> date:
    return date.fromisoformat(json.loads((DATA / "citation.json").read_text(encoding="utf-8"))["date"])


def site(url: str) -> str:
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


ROWS = background()


@pytest.mark.parametrize("row", ROWS, ids=[r["bg_id"] for r in ROWS])
def test_after_article_agrees_with_the_date_and_the_articles_date(row):
    later = bool(row["date"]) and date.fromisoformat(row["date"]) > published()
    assert row["after_article"] == ("true" if later else "false")


@pytest.mark.parametrize("row", ROWS, ids=[r["bg_id"] for r in ROWS])
def test_every_row_rests_on_at_least_two_sources_on_different_sites(row):
    urls = [u for u in row["sources"].split(";") if u.strip()]
    assert len({site(u) for u in urls}) >= 2, urls


def test_happened_later_is_the_bearing_of_exactly_the_rows_after_the_article():
    later = {r["bg_id"] for r in ROWS if r["after_article"] == "true"}
    happened_later = {r["bg_id"] for r in ROWS if r["bearing"] == "happened later"}
    assert later and later == happened_later


def test_the_record_reaches_past_the_washington_declaration():
    # The forecast lesson needs what happened after the article up to the newest source found:
    # the agreed text, the initialling, the closing of the Minsk process and the signature status.
    ids = {r["bg_id"] for r in ROWS}
    assert {"BG24", "BG25", "BG26", "BG27", "BG28"} <= ids
    newest = max(date.fromisoformat(r["date"]) for r in ROWS if r["date"])
    assert newest > date(2025, 8, 8)


def test_a_status_row_says_as_of_when():
    # A row about a state of affairs names the date it holds "as of", and that date is its own.
    as_of = [r for r in ROWS if "As of " in r["summary"]]
    assert as_of, "the record needs a row saying where things stand"
    for r in as_of:
        d = date.fromisoformat(r["date"])
        assert f"As of {d.day} {d:%B %Y}" in r["summary"]
