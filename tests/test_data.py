"""The data package: shipped tables are clean and sourced; broken tables fail clearly."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conflictlab import data

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SOURCE = REPO.parent / "shared" / "source" / "article.txt"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


FACT_FILES = sorted((DATA / "facts").glob("*.csv"))


# ----------------------------------------------------------------- the shipped data
def test_every_table_loads_and_validates():
    for name in data.tables():
        df = data.load(name)
        assert len(df) > 0, name


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda p: p.name)
def test_every_evidence_quote_occurs_verbatim_in_the_article(path):
    # Read the CSV directly (not through the loader) so this check does not trust it.
    text = (DATA / "article.txt").read_text(encoding="utf-8")
    missing = [r["evidence"] for r in rows(path) if r["evidence"] not in text]
    assert missing == []


def test_evidence_keeps_the_articles_curly_quotes():
    quotes = [r["evidence"] for p in FACT_FILES for r in rows(p)]
    assert any("’" in q for q in quotes)  # the data really exercises curly apostrophes
    assert not [q for q in quotes if "'" in q or '"' in q]


def test_article_text_is_the_source_without_page_furniture():
    text = (DATA / "article.txt").read_text(encoding="utf-8")
    for furniture in ("Get the Latest", "Sign up to receive regular emails", "Read More"):
        assert furniture not in text
    assert text.startswith("Azerbaijan might be signaling a major shift")
    assert "Emil Avdaliani is a professor of international relations" in text  # bio kept
    assert "All opinions are those of the author" in text  # disclaimer kept
    if SOURCE.exists():
        # every paragraph of the course text is a paragraph of the original
        original = SOURCE.read_text(encoding="utf-8").split("\n")
        assert all(p in original for p in text.strip().split("\n\n"))


def test_citation_has_the_fields_a_reference_needs():
    c = data.citation()
    assert c["author"] == "Emil Avdaliani"
    assert c["date"] == "2023-11-21"
    assert c["url"].startswith("https://cepa.org/")
    ref = data.cite()
    for part in (
        "Emil Avdaliani",
        "Hesitant Steps Towards a South Caucasus Peace Deal",
        "21 November 2023",
        "CEPA",
    ):
        assert part in ref


def test_fact_ids_are_unique_across_all_fact_tables():
    ids = [i for t, c in data.FACT_ID_COLUMNS.items() for i in data.load(t)[c]]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert dupes == []


def test_fact_id_columns_are_the_keys_schema_yaml_gives_the_fact_tables():
    schema = yaml.safe_load((DATA / "schema.yaml").read_text(encoding="utf-8"))["tables"]
    keys = {name: t["key"] for name, t in schema.items() if t["group"] == "facts"}
    assert data.FACT_ID_COLUMNS == {name: key[0] for name, key in keys.items()}
    assert data.FACT_ID_COLUMNS["claims"] == "claim_id"


def test_a_fact_table_without_a_one_column_id_is_a_schema_problem(broken):
    path = broken / "schema.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("key: [claim_id]", "key: [claim_id, claim]"),
        encoding="utf-8",
    )
    with pytest.raises(data.DataError, match="fact table 'claims' needs a key of one column"):
        data.fact_id_columns(broken)


def test_catalogue_and_outside_keep_their_short_names():
    import conflictlab
    from conflictlab import catalogue, outside

    assert catalogue is data.catalogue and outside is data.outside
    assert conflictlab.outside.note("BG11").bg_id == "BG11"


def test_every_actor_alias_and_name_the_article_uses_is_found():
    text = data.article()
    for alias in data.load("actors")["aliases"].dropna():
        for a in alias.split(";"):
            assert a in text


def test_the_article_names_these_actors():
    # a spot check that the table is complete where it matters most
    names = set(data.load("actors")["actor_id"])
    for actor in [
        "azerbaijan",
        "armenia",
        "russia",
        "iran",
        "turkey",
        "georgia",
        "eu",
        "us",
        "france",
        "ukraine",
        "csto",
        "unsc",
        "world_court",
        "three_plus_three",
        "aliyev",
        "hajiyev",
        "pashinyan",
        "borrell",
        "karabakh_armenians",
        "avdaliani",
        "cepa",
    ]:
        assert actor in names


def test_every_number_in_the_article_body_is_in_the_numbers_table():
    body = data.article().split("Emil Avdaliani is a professor")[0]
    evidence = list(data.load("numbers")["evidence"])
    # numbers written in digits ("November 21" is a date and "3+3" a name, both in other tables)
    digits = {m.group() for m in re.finditer(r"\d[\d,]*\d|\d", body)} - {"21", "3"}
    assert [d for d in digits if not any(d in e for e in evidence)] == []
    # numbers written in words, each occurrence with the word that follows it
    words = r"\b(two|three|four|five|six|sixth|seven|eight|nine|ten|couple|hundred|thousand) \w+"
    found = [m.group() for m in re.finditer(words, body)]
    assert len(found) >= 8
    assert [w for w in found if not any(w in e for e in evidence)] == []


def test_issue_statuses_match_the_article():
    status = data.load("issues").set_index("issue_id")["status"]
    assert status["enclave"] == "removed"
    assert status["corridor"] == "diminished"
    assert status["return"] == "remaining" and status["exclaves"] == "remaining"
    assert {status[i] for i in ("recognition", "demarcation", "communications")} == {"agreed in principle"}


def test_claims_cover_each_certainty_marker_the_course_teaches():
    claims = data.load("claims")
    markers = " | ".join(claims["marker"].dropna())
    for m in ("reportedly", "unconfirmed reports", "appear", "there are reasons to believe"):
        assert m in markers
    assert {"stated as fact", "attributed", "author's opinion"} <= set(claims["certainty"])


def test_codings_cover_venue_and_at_least_three_more_issues_with_rationales():
    pos = data.load("positions")
    assert "venue" in set(pos["issue_id"]) and pos["issue_id"].nunique() >= 4
    assert pos["rationale"].str.len().min() > 20
    assert pos["fact_ids"].str.len().min() > 0


def test_bakus_terms_are_azerbaijans_coded_positions():
    # "Baku's terms" is described as the settlement Azerbaijan would write alone, and lesson 06
    # uses each party's coded position as its ideal term: the two codings must not drift apart.
    description = data.load("packages").set_index("package_id").loc["baku", "description"]
    assert description.startswith("The settlement Azerbaijan would write alone")
    terms = data.load("package_terms")
    baku = terms[terms["package_id"] == "baku"].set_index("issue_id")["value"]
    pos = data.load("positions")
    ideal = pos[pos["actor_id"] == "azerbaijan"].set_index("issue_id")["position"]
    differ = {i: (float(baku[i]), float(ideal[i])) for i in baku.index if float(baku[i]) != float(ideal[i])}
    assert not differ, f"Baku's terms differ from Azerbaijan's coded positions (term, position): {differ}"


def test_background_is_kept_apart_and_sourced():
    bg = data.load("background")
    assert bg["sources"].str.startswith("http").all()
    assert bg.loc[bg["bg_id"] == "BG24", "after_article"].item()  # the forecast lesson's outcome
    # (that every flag agrees with its date is checked in tests/test_background.py)
    # background is not quoted as if it were the article
    assert "evidence" not in bg.columns


def test_load_returns_a_copy():
    a = data.load("actors")
    a.loc[0, "name"] = "changed"
    assert data.load("actors").loc[0, "name"] != "changed"


def test_quote_finds_the_sentence_behind_a_fact():
    q = data.quote("C11")
    assert q.table == "claims"
    assert "reportedly" in q.evidence
    assert q.sentence.startswith("In the past couple of weeks")
    assert q.paragraph == 5
    with pytest.raises(KeyError, match=r"C111|no fact"):
        data.quote("C111")


def test_frame_and_scale_for_the_venue_issue():
    f = data.frame("venue")
    assert list(f.columns[:4]) == ["actor", "position", "capability", "salience"]
    assert {"Azerbaijan", "Russia", "Armenia"} <= set(f["actor"])
    s = data.scale("venue")
    assert s["anchors"][0].startswith("Western-led") and s["anchors"][100].startswith("Kremlin-led")
    with pytest.raises(KeyError, match="coded issues"):
        data.frame("no_such_issue")


def test_frame_records_the_courses_actor_order_by_display_name():
    positions = pd.read_csv(DATA / "codings" / "positions.csv", dtype=str)
    names = pd.read_csv(DATA / "facts" / "actors.csv", dtype=str).set_index("actor_id")["name"]
    expected = [names[a] for a in dict.fromkeys(positions["actor_id"])]
    for issue in dict.fromkeys(positions["issue_id"]):
        assert data.frame(issue).attrs[data.ACTOR_ORDER_ATTR] == expected


def test_scenarios_change_only_what_they_document():
    f = data.frame("venue")
    g = data.apply_scenario(f, "us_reengages")
    changed = (f.drop(columns="rationale") != g.drop(columns="rationale")).any(axis=1)
    assert list(g.loc[changed, "actor"]) == ["United States"]
    assert g.loc[changed, "salience"].item() == 0.9


def test_package_inputs_have_matching_shapes():
    p = data.package_inputs()
    assert list(p["weights"].index) == ["Armenia", "Azerbaijan"]
    assert (p["weights"].sum(axis=1).round(12) == 1).all()
    assert list(p["terms"].columns) == list(p["weights"].columns) == list(p["ideals"].columns)
    assert set(p["disagreement"].index) == {"Armenia", "Azerbaijan"}


def test_unknown_table_names_the_known_ones():
    with pytest.raises(KeyError, match="actors"):
        data.load("actor")


# -------------------------------------------------------------------- broken fixtures
@pytest.fixture
def broken(tmp_path):
    """A copy of the data folder that a test can break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def edit(folder: Path, rel: str, change) -> None:
    path = folder / rel
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = change(df)
    df.to_csv(path, index=False, lineterminator="\n")


def error_for(folder: Path, table: str) -> data.DataError:
    with pytest.raises(data.DataError) as info:
        data.load(table, data_dir=folder)
    return info.value


def assert_names(err: data.DataError, file: str, row: int | None, column: str, rule: str) -> None:
    msg = str(err)
    assert file in msg
    if row is not None:
        assert f"row {row} (line {row + 1})" in msg
    assert f"column '{column}'" in msg
    assert f"[rule: {rule}" in msg
    assert any(p.column == column and p.row == row and p.rule.startswith(rule) for p in err.problems)


def test_missing_column(broken):
    edit(broken, "facts/actors.csv", lambda d: d.drop(columns="kind"))
    assert_names(error_for(broken, "actors"), "data/facts/actors.csv", None, "kind", "required column")


def test_wrong_type(broken):
    edit(broken, "facts/relations.csv", lambda d: d.assign(sign=d["sign"].where(d.index != 2, "positive")))
    assert_names(error_for(broken, "relations"), "data/facts/relations.csv", 3, "sign", "type")


def test_salience_out_of_range(broken):
    edit(
        broken, "codings/positions.csv", lambda d: d.assign(salience=d["salience"].where(d.index != 4, "1.3"))
    )
    err = error_for(broken, "positions")
    assert_names(err, "data/codings/positions.csv", 5, "salience", "maximum")
    assert "1.3" in str(err)


def test_unknown_actor_id(broken):
    edit(
        broken, "facts/stances.csv", lambda d: d.assign(actor_id=d["actor_id"].where(d.index != 0, "armenai"))
    )
    err = error_for(broken, "stances")
    assert_names(err, "data/facts/stances.csv", 1, "actor_id", "known id")
    assert "armenai" in str(err)


def test_unknown_fact_id_in_a_list(broken):
    edit(
        broken,
        "codings/positions.csv",
        lambda d: d.assign(fact_ids=d["fact_ids"].where(d.index != 0, "C45;C99")),
    )
    assert_names(error_for(broken, "positions"), "data/codings/positions.csv", 1, "fact_ids", "known id")


def test_duplicated_id(broken):
    edit(broken, "facts/claims.csv", lambda d: d.assign(claim_id=d["claim_id"].where(d.index != 7, "C01")))
    err = error_for(broken, "claims")
    assert_names(err, "data/facts/claims.csv", 8, "claim_id", "unique")
    assert_names(err, "data/facts/claims.csv", 1, "claim_id", "unique")  # both rows are named


def test_evidence_not_in_the_article(broken):
    edit(
        broken,
        "facts/events.csv",
        lambda d: d.assign(
            evidence=d["evidence"].where(
                d.index != 5, "Azerbaijan agreed in November to develop a transit route"
            )
        ),
    )
    err = error_for(broken, "events")
    assert_names(err, "data/facts/events.csv", 6, "evidence", "verbatim quote")
    assert "Azerbaijan agreed in " in str(err)  # says where the quote stops matching


def test_straight_quotes_where_the_article_has_curly_ones(broken):
    edit(
        broken,
        "facts/actors.csv",
        lambda d: d.assign(
            evidence=d["evidence"].where(d.index != 4, "Tehran remains Armenia's most effective ally")
        ),
    )
    err = error_for(broken, "actors")
    assert_names(err, "data/facts/actors.csv", 5, "evidence", "verbatim quote")
    assert "straight quotes" in str(err)


def test_value_not_allowed(broken):
    edit(broken, "facts/actors.csv", lambda d: d.assign(kind=d["kind"].where(d.index != 1, "country")))
    err = error_for(broken, "actors")
    assert_names(err, "data/facts/actors.csv", 2, "kind", "allowed values")
    assert "'country'" in str(err) and "state" in str(err)


def test_marker_must_be_inside_its_evidence(broken):
    edit(broken, "facts/claims.csv", lambda d: d.assign(marker=d["marker"].where(d.index != 0, "reportedly")))
    assert_names(error_for(broken, "claims"), "data/facts/claims.csv", 1, "marker", "within evidence")


def test_weights_must_add_up_to_one(broken):
    edit(
        broken,
        "codings/interest_weights.csv",
        lambda d: d.assign(weight=d["weight"].where(d.index != 0, "0.5")),
    )
    err = error_for(broken, "interest_weights")
    assert_names(err, "data/codings/interest_weights.csv", 1, "weight", "sums to 1")
    assert "'armenia' add up to 1.2" in str(err)


def test_dates_in_the_wrong_order(broken):
    edit(
        broken,
        "facts/events.csv",
        lambda d: d.assign(earliest=d["earliest"].where(d.index != 0, "2023-10-15")),
    )
    assert_names(error_for(broken, "events"), "data/facts/events.csv", 1, "earliest", "not after latest")


def test_empty_required_cell(broken):
    edit(broken, "facts/issues.csv", lambda d: d.assign(status=d["status"].where(d.index != 2, "")))
    assert_names(error_for(broken, "issues"), "data/facts/issues.csv", 3, "status", "required value")


def test_unreadable_csv(broken):
    path = broken / "facts" / "numbers.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'N99,1,"one,exact\n', encoding="utf-8")
    err = error_for(broken, "numbers")
    assert "data/facts/numbers.csv" in str(err) and "[rule: CSV format]" in str(err)


def test_package_missing_a_term(broken):
    edit(
        broken,
        "codings/package_terms.csv",
        lambda d: d[~((d["package_id"] == "baku") & (d["issue_id"] == "return"))],
    )
    err = error_for(broken, "package_terms")
    assert "package_id 'baku' has no row for issue_id 'return'" in str(err)


def test_several_problems_are_reported_together(broken):
    edit(
        broken,
        "facts/actors.csv",
        lambda d: d.assign(
            kind=d["kind"].where(d.index != 1, "country"), role=d["role"].where(d.index != 3, "superpower")
        ),
    )
    err = error_for(broken, "actors")
    assert {(p.row, p.column) for p in err.problems} >= {(2, "kind"), (4, "role")}


# ---------------------------------------------------------- works from an installed package
def test_the_wheel_carries_the_data_and_the_package_finds_it(tmp_path, monkeypatch):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("conflictlab-*.whl"))
    prefix = tmp_path / "prefix"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        marker = ".data/data/"
        for n in names:
            if marker in n:
                target = prefix / n.split(marker, 1)[1]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(n))
    shipped = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()}
    installed = {
        p.relative_to(prefix / "share/conflictlab/data").as_posix()
        for p in (prefix / "share/conflictlab/data").rglob("*")
        if p.is_file()
    }
    assert shipped == installed
    # An installed package (no repository next to it) looks in <prefix>/share/conflictlab/data.
    monkeypatch.delenv("CONFLICTLAB_DATA", raising=False)
    monkeypatch.setattr(sys, "prefix", str(prefix))
    monkeypatch.setattr(
        data._files, "__file__", str(tmp_path / "site-packages" / "conflictlab" / "data" / "_files.py")
    )
    assert data.data_dir() == prefix / "share/conflictlab/data"
    assert len(data.load("claims", data_dir=data.data_dir())) == len(data.load("claims"))
    json.loads((prefix / "share/conflictlab/data/citation.json").read_text(encoding="utf-8"))


# ------------------------------------------- every bad value is refused by name, once
def only_problem(folder: Path, table: str) -> data.Problem:
    """The one problem a broken table gives (one bad cell is one problem, never more)."""
    err = error_for(folder, table)
    assert len(err.problems) == 1, str(err)
    return err.problems[0]


def set_cell(folder: Path, rel: str, column: str, row: int, text: str) -> None:
    """Write ``text`` into one cell (``row`` counts data rows from 1, as the problems do)."""
    edit(folder, rel, lambda d: d.assign(**{column: d[column].where(d.index != row - 1, text)}))


@pytest.mark.parametrize("text", ["soon", "2023-13-01", "2023-02-30", "21/11/2023", "2023/11/21"])
def test_a_date_that_is_not_a_real_iso_date_is_one_problem_naming_it(broken, text):
    set_cell(broken, "facts/events.csv", "earliest", 2, text)
    p = only_problem(broken, "events")
    assert (p.file, p.row, p.column, p.value, p.rule) == (
        "data/facts/events.csv",
        2,
        "earliest",
        text,
        "type",
    )
    assert repr(text) in str(p) and "yyyy-mm-dd" in str(p)


@pytest.mark.parametrize("text", ["no", "0", "maybe", "yes", "True", "FALSE", " true"])
def test_a_true_false_cell_takes_only_the_spellings_the_schema_lists(broken, text):
    set_cell(broken, "background/background.csv", "after_article", 3, text)
    p = only_problem(broken, "background")
    assert (p.row, p.column, p.value, p.rule) == (3, "after_article", text, "type")
    assert repr(text) in str(p)


def test_the_listed_spellings_read_as_true_and_false(broken):
    spelled = yaml.safe_load((DATA / "schema.yaml").read_text(encoding="utf-8"))["booleans"]
    assert spelled == {"true": ["true"], "false": ["false"]}  # as the files write them
    set_cell(broken, "background/background.csv", "after_article", 1, "true")
    set_cell(broken, "background/background.csv", "after_article", 2, "false")
    flags = data.load("background", data_dir=broken)["after_article"]
    assert flags.dtype == bool
    assert flags.iloc[0] and not flags.iloc[1]


@pytest.mark.parametrize("text", ["high", "55,5", "fifty"])
def test_a_position_that_is_not_a_number_is_one_problem_with_its_row(broken, text):
    set_cell(broken, "codings/positions.csv", "position", 4, text)
    p = only_problem(broken, "positions")
    assert (p.file, p.row, p.column, p.value, p.rule) == (
        "data/codings/positions.csv",
        4,
        "position",
        text,
        "type",
    )
    assert "Error" not in str(p)  # no exception text dressed as a value


@pytest.mark.parametrize("text", ["x", "positive", "1.5", "2"])
def test_one_bad_sign_is_one_problem(broken, text):
    set_cell(broken, "facts/relations.csv", "sign", 5, text)
    p = only_problem(broken, "relations")
    assert (p.row, p.column, p.value) == (5, "sign", text)
    assert p.rule == ("allowed values" if text == "2" else "type")


def test_a_missing_evidence_column_is_one_problem(broken):
    edit(broken, "facts/claims.csv", lambda d: d.drop(columns="evidence"))
    p = only_problem(broken, "claims")
    assert (p.file, p.row, p.column, p.rule) == ("data/facts/claims.csv", None, "evidence", "required column")


def test_nan_written_in_a_number_cell_is_not_a_number(broken):
    set_cell(broken, "codings/positions.csv", "salience", 3, "nan")
    p = only_problem(broken, "positions")
    assert (p.row, p.column, p.value, p.rule) == (3, "salience", "nan", "type")


@pytest.mark.parametrize("text", ["inf", "-inf", "Infinity"])
def test_capability_must_be_a_finite_number(broken, text):
    set_cell(broken, "codings/positions.csv", "capability", 2, text)
    p = only_problem(broken, "positions")
    assert (p.row, p.column, p.value, p.rule) == (2, "capability", text, "finite")


@pytest.mark.parametrize("text", [" ", "a", "Russia", "the peace"])
def test_evidence_too_short_to_place_a_fact_is_refused(broken, text):
    set_cell(broken, "facts/actors.csv", "evidence", 1, text)
    p = only_problem(broken, "actors")
    assert (p.row, p.column, p.value, p.rule) == (1, "evidence", text, "quote length")
    assert "at least 3 words" in str(p)


def test_the_minimum_quote_length_fits_every_real_quote():
    # the floor is the schema's quote_min_words; no quote of the shipped data is below it
    floor = yaml.safe_load((DATA / "schema.yaml").read_text(encoding="utf-8"))["quote_min_words"]
    shortest = min(len(r["evidence"].split()) for p in FACT_FILES for r in rows(p))
    assert floor == 3 and shortest >= floor


def test_a_column_may_set_its_own_minimum_quote_length(broken):
    path = broken / "schema.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      evidence: {type: str, verbatim: true}\n\n  events:"
    assert old in text
    path.write_text(
        text.replace(old, old.replace("verbatim: true}", "verbatim: true, min_words: 40}")), "utf-8"
    )
    err = error_for(broken, "actors")
    assert {p.rule for p in err.problems} == {"quote length"} and "at least 40 words" in str(err)


def test_a_bad_evidence_cell_does_not_also_fail_the_marker_that_reads_it(broken):
    set_cell(broken, "facts/claims.csv", "evidence", 1, "a")
    p = only_problem(broken, "claims")
    assert (p.column, p.rule) == ("evidence", "quote length")


def test_a_header_only_table_is_refused_by_name(broken):
    edit(broken, "facts/claims.csv", lambda d: d.iloc[0:0])
    p = only_problem(broken, "claims")
    assert (p.file, p.row, p.rule) == ("data/facts/claims.csv", None, "at least one row")
    assert "no rows" in str(p)


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t.replace("tables:\n", "tables:\n  - [", 1),  # not YAML
        lambda t: t.replace("\t", "") + "\n\tbroken: tab\n",  # a tab YAML refuses
        lambda t: "just a sentence\n",  # YAML, but not a schema
        lambda t: t.replace("    file: facts/claims.csv\n", "", 1),  # a table without its file
        lambda t: t.replace("claim: {type: str}", "claim: {type: text}", 1),  # an unknown type
        lambda t: t.replace('booleans: {"true": ["true"], "false": ["false"]}', "booleans: yes", 1),
    ],
    ids=["not-yaml", "tab", "not-a-schema", "no-file", "unknown-type", "booleans"],
)
def test_a_broken_schema_is_a_clear_data_error(broken, damage):
    path = broken / "schema.yaml"
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(data.DataError) as info:
        data.load("claims", data_dir=broken)
    assert "data/schema.yaml" in str(info.value)
    assert all(p.file == "data/schema.yaml" for p in info.value.problems)


def test_a_missing_schema_is_a_clear_data_error(broken):
    (broken / "schema.yaml").unlink()
    with pytest.raises(data.DataError, match=r"data/schema.yaml: the file is missing"):
        data.load("claims", data_dir=broken)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"author": "Emil Avdaliani",', "line 1"),
        ("[]", "'author'"),
        ('{"author": "A", "title": "T", "outlet": "O", "publisher": "P", "url": "u"}', "'date'"),
        (
            '{"author": "A", "title": "T", "outlet": "O", "publisher": "P", "url": "u", "date": "soon"}',
            "'soon'",
        ),
    ],
    ids=["not-json", "not-an-object", "no-date", "bad-date"],
)
def test_a_broken_citation_is_a_clear_data_error(broken, text, says):
    (broken / "citation.json").write_text(text, encoding="utf-8")
    with pytest.raises(data.DataError) as info:
        data.cite(data_dir=broken)
    assert "data/citation.json" in str(info.value) and says in str(info.value)


def test_a_byte_order_mark_is_not_part_of_the_article(broken):
    path = broken / "article.txt"
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    text = data.article(data_dir=broken)
    assert "\ufeff" not in text and text == data.article()
    assert len(data.load("actors", data_dir=broken)) == len(data.load("actors"))


def test_a_byte_order_mark_does_not_hide_the_first_column(broken):
    path = broken / "facts" / "actors.csv"
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert list(data.load("actors", data_dir=broken).columns) == list(data.load("actors").columns)


# --------------------------------------------------------------------- groups of tables
def test_an_unknown_group_is_an_error_that_lists_the_groups():
    with pytest.raises(KeyError, match="coding") as info:
        data.tables("coding")
    for group in ("facts", "codings", "background"):
        assert group in str(info.value)


def test_the_groups_are_the_ones_schema_yaml_gives():
    schema = yaml.safe_load((DATA / "schema.yaml").read_text(encoding="utf-8"))["tables"]
    assert data.schema.groups() == list(dict.fromkeys(t["group"] for t in schema.values()))
    assert sorted(n for g in data.schema.groups() for n in data.tables(g)) == sorted(data.tables())
