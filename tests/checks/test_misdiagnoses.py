"""Answers that were once told of a mistake they did not make (issue 16), each kept as a test.

The rule: a check names a mistake only when the answer matches that mistake
and matches nothing right at the precision the task states. Right answers
rounded or truncated to that precision pass; near misses that are not
rounding get a hint about method.
"""

import math

import numpy as np
import pytest

from conflictlab import data, models
from conflictlab.checks import lesson02, lesson04, lesson05, lesson06, lesson07, lesson09

venue = data.frame("venue")


def trunc(x: float, places: int) -> float:
    return math.trunc(x * 10**places) / 10**places


# ------------------------------------------------------------------ 07 T1
kremlin = models.outcome_probabilities(models.monte_carlo(venue, model="median", n=10_000, seed=1))
kremlin_share = float(kremlin.set_index("outcome").loc["Kremlin-led", "share"])


def test_07_t1_the_right_share_rounded_to_two_places_is_not_blamed_on_the_seed():
    feedback = lesson07.task_1(round(kremlin_share, 2))
    assert "seed" not in feedback.message
    assert feedback.passed or "decimal places" in feedback.message


@pytest.mark.parametrize("answer", [round(kremlin_share, 3), trunc(kremlin_share, 3), kremlin_share])
def test_07_t1_rounded_and_truncated_shares_pass(answer):
    assert lesson07.task_1(answer).passed


def test_07_t1_another_seed_is_told_about_the_seed():
    other = models.outcome_probabilities(models.monte_carlo(venue, model="median", n=10_000, seed=7))
    share = float(other.set_index("outcome").loc["Kremlin-led", "share"])
    assert not lesson07.task_1(share).passed
    assert "seed" in lesson07.task_1(share).message


# ------------------------------------------------------------------ 07 T2
interval = models.outcome_interval(models.monte_carlo(venue, model="mean", n=10_000, seed=1), level=0.9)


@pytest.mark.parametrize(
    "answer",
    [
        (trunc(interval[0], 1), trunc(interval[1], 1)),
        (round(interval[0], 1), round(interval[1], 1)),
        (trunc(interval[0], 1), round(interval[1], 1)),
    ],
)
def test_07_t2_a_truncated_or_rounded_interval_end_is_not_off(answer):
    assert lesson07.task_2(answer).passed, lesson07.task_2(answer).message


def test_07_t2_another_seed_is_told_about_the_seed():
    other = models.outcome_interval(models.monte_carlo(venue, model="mean", n=10_000, seed=7), level=0.9)
    feedback = lesson07.task_2(other)
    assert not feedback.passed and "seed" in feedback.message


# ------------------------------------------------------------------ 06 T4
inputs = data.package_inputs()
utilities = models.package_utilities(inputs["weights"], inputs["terms"], inputs["ideals"])
zone = models.zone_of_agreement(utilities, inputs["disagreement"])
gains = (utilities - inputs["disagreement"]).loc[zone]


def test_06_t4_gains_rounded_to_three_places_then_multiplied_pass():
    products = gains.round(3).prod(axis=1).to_dict()
    feedback = lesson06.task_4(products)
    assert feedback.passed, feedback.message


def test_06_t4_products_rounded_to_three_places_pass():
    assert lesson06.task_4(gains.prod(axis=1).round(3).to_dict()).passed


def test_06_t4_gains_rounded_too_coarsely_are_told_about_rounding_not_to_multiply():
    feedback = lesson06.task_4(gains.round(2).prod(axis=1).to_dict())
    assert not feedback.passed
    assert "rounded to 2 decimal places before multiplying" in feedback.message
    assert "Multiply Armenia's gain by Azerbaijan's gain" not in feedback.message


# ------------------------------------------------------------------ 04 T4
ladder = lesson04.ladder(lesson04.scenario_frame()).reset_index(drop=True)
median = models.weighted_median(
    *(lesson04.scenario_frame()[c] for c in ("position", "capability", "salience"))
)
row = int(ladder.index[ladder["position"] == median][0])


def test_04_t4_reading_the_ladder_one_row_early_is_named_as_such():
    message = lesson04.task_4(float(ladder["position"].iloc[row - 1])).message
    assert "one row too early" in message


def test_04_t4_a_running_total_instead_of_a_position_is_named():
    message = lesson04.task_4(float(ladder["cumulative"].iloc[row])).message
    assert "running total" in message and "not a position" in message


# ------------------------------------------------------------------ 04 T2
share = float(models.influence(venue)[["Azerbaijan", "Russia"]].sum())


def test_04_t2_errors_that_are_not_rounding_are_not_told_to_give_three_places():
    for wrong in (share * 1.3, share / 1.5, share + 0.05):
        message = lesson04.task_2(wrong).message
        assert "three decimal places" not in message, message


@pytest.mark.parametrize("answer", [round(share, 3), trunc(share, 3)])
def test_04_t2_three_places_rounded_or_truncated_pass(answer):
    assert lesson04.task_2(answer).passed


def test_04_t2_two_places_is_told_to_give_more_places():
    assert "three decimal places" in lesson04.task_2(round(share, 2)).message


# ------------------------------------------------------------------ 02 T2: the issue's own example
def test_02_t2_two_places_accept_both_the_truncated_and_the_rounded_share():
    stances = data.load("stances")
    right = float((stances["stance"] == "against").mean())
    assert lesson02.task_2(trunc(right, 2)).passed
    assert lesson02.task_2(round(right, 2)).passed


# ------------------------------------------------------------------ 09 T3
def brier_mean(seed: int, n: int = 10_000) -> float:
    bands = models.outcome_probabilities(models.monte_carlo(venue, model="mean", n=n, seed=seed))
    return models.multi_brier_score(bands.set_index("outcome")["share"], lesson09.OUTCOME)


@pytest.mark.parametrize(("seed", "n"), [(1, 10_000), (7, 10_000), (0, 1_000)])
def test_09_t3_a_wrong_seed_or_draw_count_is_told_about_the_seed_and_draws(seed, n):
    feedback = lesson09.task_3(brier_mean(seed, n))
    assert not feedback.passed
    assert "seed" in feedback.message
    assert "slightly too" not in feedback.message


def test_09_t3_three_places_pass():
    assert lesson09.task_3(round(brier_mean(0), 3)).passed
    assert lesson09.task_3(trunc(brier_mean(0), 3)).passed


# ------------------------------------------------------------------ 05 T6: "eu" is the European Union
def test_05_t6_the_old_key_eu_gets_a_hint_that_names_the_new_key():
    ret = data.frame("return")
    history = models.simulate(ret, rounds=10)
    value = float(history["forecast"].iloc[-1])
    feedback = lesson05.task_6({"eu": value, "median": models.forecast(ret, "median")})
    assert not feedback.passed
    assert "expected_utility" in feedback.message and "European Union" in feedback.message
    assert lesson05.task_6({"expected_utility": value, "median": models.forecast(ret, "median")}).passed


def test_a_near_miss_says_it_is_not_rounding_and_gives_a_method():
    message = lesson07.task_1(kremlin_share * 1.01).message
    assert "not the right value rounded or cut short" in message
    assert "seed" in message


def test_04_t4_the_unweighted_median_and_the_row_too_early_coincide_and_both_are_named():
    # With the "Russia distracted" codings, both slips give the same position (the case: 25).
    unweighted = float(np.median(lesson04.scenario_frame()["position"]))
    assert unweighted == float(ladder["position"].iloc[row - 1])
    message = lesson04.task_4(unweighted).message
    assert "one row too early" in message and "every actor counts the same" in message


# ------------------------------------------------------------------ half-way states (section 4)
def test_04_t3_a_ladder_without_influence_is_told_where_the_lessons_column_came_from():
    distracted = lesson04.scenario_frame().sort_values("position")
    message = lesson04.task_3(distracted[["actor", "position"]]).message
    assert "section 3" in message and "assign(influence" in message


def test_04_t3_the_lessons_column_name_is_told_to_be_renamed():
    right = lesson04.ladder(lesson04.scenario_frame())
    message = lesson04.task_3(right.rename(columns={"cumulative": "running_total"})).message
    assert "rename" in message


def test_id_tasks_recognise_a_condition_where_ids_are_wanted():
    from conflictlab.checks import lesson01

    actors = data.load("actors")
    message = lesson01.task_1((actors["role"] == "external power").tolist()).message
    assert "True/False" in message and "first step" in message


def test_03_t1_kept_the_unchanged_relations_is_named():
    relations = data.load("relations")
    before, after = relations[relations["period"] == "before"], relations[relations["period"] == "after"]
    both = before.merge(after, on=["source", "target"], suffixes=("_before", "_after"))
    from conflictlab.checks import lesson03

    same = both[both["sign_before"] == both["sign_after"]]
    assert "did not change" in lesson03.task_1(same).message


def test_03_t5_the_changed_table_is_told_to_go_to_balance_share():
    from conflictlab.checks import lesson03

    message = lesson03.task_5(lesson03.period("after")).message
    assert "balance_share" in message


def test_08_t5_every_related_id_is_told_to_keep_the_chains_claims():
    from conflictlab.checks import lesson08

    background = data.load("background")
    related = sorted(set(background["relates_to"].str.split(";").explode()))
    assert "chain" in lesson08.task_5(related).message


def test_09_t4_and_t5_half_way_states_get_the_next_step():
    scenario = data.apply_scenario(venue, "russia_distracted")
    draws = models.monte_carlo(scenario, n=10_000, seed=0)
    assert "outcome_probabilities" in lesson09.task_4(draws).message
    assert "Western-led" in lesson09.task_4(models.outcome_probabilities(draws)).message
    sweep = models.vary_coding(venue, "Russia", "salience", lesson09.SALIENCE_GRID)
    assert "below 40" in lesson09.task_5(sweep).message
