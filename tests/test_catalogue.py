"""The data at a glance: the table overview and where each fact's quote stands."""

import pandas as pd

from conflictlab import catalogue, data


def test_paragraphs_join_back_into_the_article():
    parts = catalogue.paragraphs()
    assert "\n\n".join(parts) == data.article().strip()
    assert all(p.strip() == p and "\n\n" not in p and p for p in parts)


def test_overview_lists_every_table_once_in_its_group():
    overview = catalogue.overview()
    assert list(overview["table"]) == [t for g in catalogue.GROUPS for t in data.tables(g)]
    assert sorted(overview["table"]) == sorted(data.tables())
    for row in overview.itertuples():
        assert row.table in data.tables(row.group)
        table = data.load(row.table)
        assert (row.rows, row.columns) == table.shape
        assert len(row.description) > 20


def test_evidence_index_has_one_row_per_fact():
    index = catalogue.evidence_index()
    expected = sum(len(data.load(t)) for t in data.fact_tables())
    assert len(index) == expected
    assert sorted(index["fact_id"]) == sorted(catalogue.fact_ids())
    assert index["fact_id"].is_unique
    for name in data.fact_tables():
        ids = set(data.load(name)[data.FACT_ID_COLUMNS[name]])
        assert set(index.loc[index["table"] == name, "fact_id"]) == ids


def test_each_quote_stands_in_its_paragraph_as_data_quote_says():
    index = catalogue.evidence_index()
    parts = catalogue.paragraphs()
    text = data.article()
    for row in index.itertuples():
        assert row.evidence in parts[row.paragraph - 1], row.fact_id
        assert text[row.offset : row.offset + len(row.evidence)] == row.evidence
        assert data.quote(row.fact_id).paragraph == row.paragraph, row.fact_id


def test_evidence_index_follows_the_article_from_top_to_bottom():
    index = catalogue.evidence_index()
    assert index["offset"].is_monotonic_increasing
    assert index["paragraph"].is_monotonic_increasing
    assert pd.api.types.is_integer_dtype(index["paragraph"])


def test_fact_ids_are_unique_even_ignoring_capitals():
    ids = catalogue.fact_ids()
    assert len({i.casefold() for i in ids}) == len(ids)
