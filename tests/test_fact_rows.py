"""Fact rows say no more than their quotes, and a judgement is marked as one."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"

#: The words with which the article places something in time relative to the September 2023
#: offensive: the offensive's month, the months after it, and the fall of the enclave.
TIME_WORDS = ("September", "October", "November", "the fall of Nagorno-Karabakh")


def rows(name: str) -> list[dict[str, str]]:
    # Read the CSV directly (not through the loader) so these checks do not trust it.
    with (DATA / "facts" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def gives_a_time(quote: str) -> bool:
    return any(word in quote for word in TIME_WORDS)


def test_a_period_the_quote_does_not_give_is_marked_inferred():
    untimed = [r for r in rows("relations") if not gives_a_time(r["evidence"])]
    assert untimed, "the check needs relations whose quote gives no time"
    assert [r["relation_id"] for r in untimed if r["period_known"] != "inferred"] == []


def test_a_period_marked_stated_is_in_the_quote():
    stated = [r for r in rows("relations") if r["period_known"] == "stated"]
    assert stated, "the check needs relations whose period is stated"
    assert [r["relation_id"] for r in stated if not gives_a_time(r["evidence"])] == []


def test_every_inferred_period_says_why():
    inferred = [r for r in rows("relations") if r["period_known"] == "inferred"]
    assert [r["relation_id"] for r in inferred if len(r["period_basis"].split()) < 5] == []


def test_effectively_is_a_hedge_wherever_it_qualifies_a_claim():
    with_it = [r for r in rows("claims") if "effectively" in r["evidence"]]
    assert len(with_it) >= 2, "the rule matters only where the word occurs more than once"
    wrong = [r["claim_id"] for r in with_it if (r["certainty"], r["marker"]) != ("hedged", "effectively")]
    assert wrong == []


def test_calls_from_within_a_bloc_are_not_the_blocs_hostility():
    calls = [r for r in rows("relations") if "calls within" in r["evidence"]]
    assert calls, "the check needs the relation that rests on calls within the EU"
    assert [r["relation_id"] for r in calls if r["sign"] == "-1"] == []


def test_schema_notes_describe_columns_that_exist():
    tables = yaml.safe_load((DATA / "schema.yaml").read_text(encoding="utf-8"))["tables"]
    noted = {name: spec["notes"] for name, spec in tables.items() if "notes" in spec}
    assert {"relations", "claims"} <= set(noted)
    stale = [
        (name, col) for name, notes in noted.items() for col in notes if col not in tables[name]["columns"]
    ]
    assert stale == []
    assert "period_known" in noted["relations"] and "certainty" in noted["claims"]
