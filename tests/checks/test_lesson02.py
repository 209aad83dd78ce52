"""Plausible wrong answers for lesson 02 (issues, positions, interests); see harness.py."""

import numpy as np
from harness import Wrong, wrong_answer_tests

from conflictlab import data

issues = data.load("issues")
stances = data.load("stances")


def ids(status):
    return issues.loc[issues["status"] == status, "issue_id"].tolist()


remaining = ids("remaining")
against = stances["stance"] == "against"
share = float(against.mean())
azerbaijan = stances[stances["actor_id"] == "azerbaijan"]
azerbaijan_stances = azerbaijan[["issue_id", "stance"]]
armenia = stances[stances["actor_id"] == "armenia"]
both = armenia.merge(azerbaijan, on="issue_id", suffixes=("_armenia", "_azerbaijan"))
disagree = both.loc[both["stance_armenia"] != both["stance_azerbaijan"], "issue_id"].tolist()
agree = both.loc[both["stance_armenia"] == both["stance_azerbaijan"], "issue_id"].tolist()
has_for = set(stances.loc[stances["stance"] == "for", "issue_id"])
has_against = set(stances.loc[against, "issue_id"])
contested = sorted(has_for & has_against)

WRONG = {
    1: [
        Wrong(remaining[:-1], says="missing", why="one left out"),
        Wrong(
            remaining + ids("diminished"),
            says="diminished",
            why="the diminished corridor counted as remaining",
        ),
        Wrong(
            remaining + ids("agreed in principle"),
            says="agreed in principle",
            why="the three principles counted as remaining",
        ),
        Wrong(
            issues.loc[issues["status"] != "removed", "issue_id"].tolist(),
            says="every issue except",
            why="every issue not removed",
        ),
        Wrong(
            issues.loc[issues["status"] == "remaining", "name"].tolist(),
            says="right column",
            why="names, not ids",
        ),
        Wrong(", ".join(remaining), says="one piece of text", why="ids joined in one string"),
        Wrong(issues[issues["status"] == "remaining"], says="whole table", why="the rows, not their ids"),
        Wrong([*remaining, remaining[0]], says="appears 2 times", why="an id listed twice"),
    ],
    2: [
        Wrong(int(against.sum()), says='number of "against" stances', why="the count, not the share"),
        Wrong(share * 100, says="percentage", why="a percentage"),
        Wrong(float((stances["stance"] == "for").mean()), says='share of "for"', why="the wrong stance"),
        Wrong(
            float(against.sum() / stances["stance"].isin(["for", "against"]).sum()),
            says="mixed",
            why="mixed stances left out of the total",
        ),
        Wrong(f"{share:.2f}", says="without quotes", why="the number as text"),
        Wrong(
            stances["stance"].value_counts(normalize=True).loc[["against"]],
            says=".iloc[0]",
            why="a one-row Series",
        ),
        Wrong(
            float(against.sum() / len(issues)), says="more than twice", why="divided by the number of issues"
        ),
        Wrong(against, says="single number", why="the True/False column itself"),
    ],
    3: [
        Wrong(azerbaijan_stances["stance"], says="single column", why="a Series, not a table"),
        Wrong(
            stances[stances["actor_id"].isin(["azerbaijan", "aliyev", "hajiyev"])],
            says="officials",
            why="Azerbaijan's officials included",
        ),
        Wrong(armenia, says="other actors", why="the wrong country"),
        Wrong(azerbaijan_stances.iloc[1:], says="missing the row for", why="one row dropped"),
        Wrong(
            azerbaijan_stances.assign(stance=azerbaijan_stances["stance"].replace({"mixed": "against"})),
            says="column 'stance'",
            why="a stance changed",
        ),
        Wrong(
            azerbaijan_stances.rename(columns={"stance": "position"}),
            says="no column 'stance'",
            why="a column renamed",
        ),
        Wrong(
            azerbaijan_stances.set_index("issue_id"), says="reset_index", why="issue ids moved into the index"
        ),
        Wrong(azerbaijan_stances.to_dict("records"), says="pd.DataFrame", why="a list of dictionaries"),
        Wrong(
            stances[["issue_id", "stance"]].drop_duplicates("issue_id"),
            says="issue",
            why="one row per issue from any actor",
        ),
    ],
    4: [
        Wrong(both["issue_id"].tolist(), says="every issue both take a stance on", why="forgot to compare"),
        Wrong(disagree + agree[-1:], says="same recorded stance", why="an issue where they agree added"),
        Wrong(agree, says="stances are the same", why="the issues where they agree"),
        Wrong(
            list(dict.fromkeys(armenia["issue_id"].tolist() + azerbaijan["issue_id"].tolist())),
            says="either of them",
            why="every issue either takes a stance on",
        ),
        Wrong(disagree[0], says="single piece of text", why="one id, not a list"),
        Wrong([], says="empty", why="an empty list"),
        Wrong(
            both[both["stance_armenia"] != both["stance_azerbaijan"]],
            says="whole table",
            why="the rows, not their ids",
        ),
    ],
    5: [
        Wrong(sorted(has_against), says="every issue someone is against", why="only 'against' required"),
        Wrong(sorted(has_for), says="every issue someone is for", why="only 'for' required"),
        Wrong(
            [*contested, "corridor"],
            says='"mixed" counts as neither',
            why="the corridor, with a mixed and an against stance, counted",
        ),
        Wrong(contested[:-1], says="missing", why="one left out"),
        Wrong(
            issues.loc[issues["issue_id"].isin(contested), "name"].tolist(),
            says="right column",
            why="names, not ids",
        ),
        Wrong(np.array([*contested, "sanctions"]), says="'sanctions'", why="an array with an extra id"),
    ],
    6: [
        Wrong("", says="empty", why="left empty"),
        Wrong("It wanted a road.", says="4 words", why="too short"),
        Wrong("your answer here", says="placeholder", why="placeholder kept"),
        Wrong(["Azerbaijan wants a link to Nakhchivan."], says="triple quotes", why="a list, not text"),
    ],
}

test_every_task_has_wrong_answers, test_wrong_answer_gets_a_specific_hint = wrong_answer_tests("02", WRONG)
