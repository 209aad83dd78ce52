"""The hurdle tracker: every issue once, in its status's column, and clear errors for bad tables."""

import pandas as pd
import pytest
import vl_convert as vlc

from conflictlab import charts, data


@pytest.fixture(scope="module")
def issues():
    return data.load("issues")


def _dataset_rows(spec):
    return [row for rows in spec["datasets"].values() for row in rows]


def test_each_issue_is_filled_once_in_its_own_status_column(issues):
    spec = charts.hurdle_tracker(issues).to_dict()
    filled = [r for r in _dataset_rows(spec) if "status" in r]
    assert sorted(r["issue_id"] for r in filled) == sorted(issues["issue_id"])
    status = dict(zip(issues["issue_id"], issues["status"], strict=False))
    assert all(r["status"] == status[r["issue_id"]] for r in filled)


def test_the_board_has_a_cell_for_every_issue_and_status(issues):
    spec = charts.hurdle_tracker(issues).to_dict()
    board = [r for r in _dataset_rows(spec) if "column" in r]
    assert len(board) == len(issues) * len(charts.HURDLE_STATUSES)


def test_rows_are_grouped_from_gone_to_still_in_the_way(issues):
    spec = charts.hurdle_tracker(issues).to_dict()
    y_sorts = [layer["encoding"]["y"]["sort"] for layer in spec["layer"]]
    order = y_sorts[0]
    assert all(s == order for s in y_sorts)
    ranks = [charts.HURDLE_STATUSES.index(issues.set_index("name").loc[n, "status"]) for n in order]
    assert ranks == sorted(ranks)
    assert sorted(order) == sorted(issues["name"])


def test_the_drawn_chart_names_every_issue_and_counts_statuses_in_its_description(issues):
    chart = charts.hurdle_tracker(issues)
    svg = vlc.vegalite_to_svg(chart.to_dict())
    for name in issues["name"]:
        assert f">{name}<" in svg.replace("&amp;", "&")
    counts = issues["status"].value_counts()
    for status, n in counts.items():
        assert f"{n} {status}" in chart.to_dict()["description"]


def test_an_unknown_status_is_named(issues):
    bad = issues.copy()
    bad.loc[2, "status"] = "settled"
    with pytest.raises(ValueError, match="'settled'"):
        charts.hurdle_tracker(bad)


def test_a_missing_column_is_named(issues):
    with pytest.raises(ValueError, match="'status'"):
        charts.hurdle_tracker(issues.drop(columns="status"))


def test_an_issue_listed_twice_is_named(issues):
    with pytest.raises(ValueError, match=r"'enclave'.*more than once"):
        charts.hurdle_tracker(pd.concat([issues, issues.iloc[[0]]]))


def test_a_table_without_tooltip_columns_still_draws():
    small = pd.DataFrame(
        {"issue_id": ["a", "b"], "name": ["Issue A", "Issue B"], "status": ["remaining", "removed"]}
    )
    svg = vlc.vegalite_to_svg(charts.hurdle_tracker(small).to_dict())
    assert ">Issue A<" in svg and ">Issue B<" in svg
