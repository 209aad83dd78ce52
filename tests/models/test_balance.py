"""Structural balance: Heider's triads, the pair rule, and the best single flip."""

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictlab.models import balance_share, best_flip, flip_effects, pair_signs, triad_balance

from .strategies import fast


def relations(rows):
    return pd.DataFrame(rows, columns=["source", "target", "sign"])


def triangle(ab, ac, bc):
    return relations([("A", "B", ab), ("A", "C", ac), ("B", "C", bc)])


@pytest.mark.parametrize(
    "signs, balanced",
    [
        ((1, 1, 1), True),  # all friends
        ((1, -1, -1), True),  # two friends with a common enemy
        ((1, 1, -1), False),  # a friend of both, who are enemies
        ((-1, -1, -1), False),  # three mutual enemies
    ],
)
def test_heiders_four_triads(signs, balanced):
    table = triad_balance(triangle(*signs))
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["actor_a"], row["actor_b"], row["actor_c"]) == ("A", "B", "C")
    assert (row["sign_ab"], row["sign_ac"], row["sign_bc"]) == signs
    assert row["product"] == np.prod(signs)
    assert bool(row["balanced"]) is balanced


def test_pair_rule_negative_in_either_direction_wins_and_zero_is_ignored():
    rel = relations(
        [
            ("A", "B", 1),
            ("B", "A", -1),  # disagree -> -1, mixed
            ("C", "A", 1),
            ("A", "C", 1),  # agree -> +1
            ("B", "C", 0),
            ("C", "B", 1),  # the 0 is ignored -> +1
            ("A", "D", 0),  # only a 0 -> no relation
        ]
    )
    pairs = pair_signs(rel)
    assert pairs.values.tolist() == [["A", "B", -1, True], ["A", "C", 1, False], ["B", "C", 1, False]]


def test_incomplete_triads_are_left_out():
    rel = relations([("A", "B", 1), ("B", "C", 1), ("C", "D", -1), ("A", "C", -1)])
    table = triad_balance(rel)
    assert table[["actor_a", "actor_b", "actor_c"]].values.tolist() == [["A", "B", "C"]]


# Four actors worked by hand:
#   AB +, AC +, AD -, BC -, BD -, CD +
#   ABC: + + - -> unbalanced    ABD: + - - -> balanced
#   ACD: + - + -> unbalanced    BCD: - - + -> balanced       share 2/4
# Flipping AC fixes both unbalanced triads (it is in ABC and ACD) -> 4/4;
# flipping AB, BC, AD or CD fixes one and breaks one -> 2/4; BD breaks two -> 0/4.
FOUR = relations(
    [("A", "B", 1), ("A", "C", 1), ("A", "D", -1), ("B", "C", -1), ("B", "D", -1), ("C", "D", 1)]
)


def test_four_actor_example():
    assert balance_share(FOUR) == 0.5
    flip = best_flip(FOUR)
    assert flip == {
        "actor_a": "A",
        "actor_b": "C",
        "sign": 1,
        "new_sign": -1,
        "share_before": 0.5,
        "share_after": 1.0,
    }
    effects = flip_effects(FOUR).set_index(["actor_a", "actor_b"])
    assert effects.loc[("B", "D"), "share_after"] == 0.0
    assert effects.loc[("A", "B"), "change"] == 0.0
    assert flip_effects(FOUR)["share_after"].is_monotonic_decreasing


def test_ties_go_to_the_alphabetically_first_pair():
    # Every flip of the one unbalanced triangle balances it.
    flip = best_flip(triangle(1, 1, -1))
    assert (flip["actor_a"], flip["actor_b"], flip["share_after"]) == ("A", "B", 1.0)


def test_a_balanced_system_has_no_helpful_flip():
    assert best_flip(triangle(1, -1, -1)) is None


def test_no_complete_triads_is_an_error_not_a_nan():
    with pytest.raises(ValueError, match="no complete triads"):
        balance_share(relations([("A", "B", 1), ("B", "C", -1)]))
    with pytest.raises(ValueError, match="no complete triads"):
        best_flip(relations([("A", "B", 1)]))
    assert len(triad_balance(relations([]))) == 0


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("A", "A", 1)], "row 0 links 'A' to itself"),
        ([("A", "B", 2)], "sign in relations row 0 is 2; it must be -1, 0 or 1"),
        ([("A", "B", "friend")], "sign in relations row 0 is not a number: 'friend'"),
        ([("A", "B", np.nan)], "it must be -1, 0 or 1"),
        ([("A", None, 1)], "the target actor is missing in relations row 0"),
    ],
)
def test_bad_relations(rows, message):
    with pytest.raises(ValueError) as caught:
        pair_signs(relations(rows))
    assert message in str(caught.value)


def test_missing_column():
    with pytest.raises(ValueError, match="missing column\\(s\\) 'sign'"):
        triad_balance(pd.DataFrame({"source": ["A"], "target": ["B"]}))


# ---------------------------------------------------------------- laws

complete_graphs = st.integers(3, 6).flatmap(
    lambda n: st.lists(st.sampled_from([-1, 1]), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2).map(
        lambda signs: relations(
            [
                (f"actor {a}", f"actor {b}", s)
                for (a, b), s in zip(combinations(range(n), 2), signs, strict=False)
            ]
        )
    )
)


@settings(fast, max_examples=20)
@given(complete_graphs)
def test_flip_effects_match_recomputing_the_share(rel):
    before = balance_share(rel)
    for row in flip_effects(rel).itertuples():
        flipped = rel.copy()
        pair = ((flipped["source"] == row.actor_a) & (flipped["target"] == row.actor_b)) | (
            (flipped["source"] == row.actor_b) & (flipped["target"] == row.actor_a)
        )
        flipped.loc[pair, "sign"] *= -1
        assert row.share_before == before
        assert row.share_after == pytest.approx(balance_share(flipped))


@settings(fast, max_examples=30)
@given(complete_graphs)
def test_balance_is_the_sign_product_and_ignores_direction(rel):
    table = triad_balance(rel)
    n = len(set(rel["source"]) | set(rel["target"]))
    assert len(table) == n * (n - 1) * (n - 2) // 6
    assert (table["product"] == table["sign_ab"] * table["sign_ac"] * table["sign_bc"]).all()
    assert (table["balanced"] == (table["product"] > 0)).all()
    reversed_rel = rel.rename(columns={"source": "target", "target": "source"})
    assert balance_share(reversed_rel) == balance_share(rel)
