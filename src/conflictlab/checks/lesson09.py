"""Checks for lesson 09: what happened next — judging a forecast.

Expected answers are computed from the course data and models. Two
judgements are the course's, stated here once: the reading of the article's
"suggests" as a probability that the exercise gives (:data:`ARTICLE_READING`),
and which of the defensible resolutions of the outcome the scoring tasks use
(:data:`OUTCOME`).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath

import numpy as np
import pandas as pd

from conflictlab import data, models
from conflictlab.checks import (
    Cites,
    LabelsOutside,
    Mentions,
    QuotesArticle,
    Unsupported,
    expect_number,
    expect_words,
    fail,
    notebook_folder,
    task,
    words_task,
)

TITLE = "What happened next: judging a forecast"

#: The lesson's reading of the article's forecast (claim C45) over the three bands of the venue
#: scale: "suggests … would prefer an outcome led by the Kremlin" as 70%, and little for a
#: settlement it says Azerbaijan "is unwilling to engage in". A reading, not a fact.
ARTICLE_READING = {"Western-led": 0.1, "middle": 0.2, "Kremlin-led": 0.7}

#: The resolution the scoring tasks use: Western-led, because the agreed text was initialled
#: at the White House (BG24) and the scale's Western-led anchor reads "signed in Brussels or
#: Washington". One of the defensible resolutions the lesson scores (regional, since the text
#: was agreed bilaterally, BG27; not yet resolved, since it was not signed, BG31): a judgement.
OUTCOME = "Western-led"

#: The Monte Carlo settings the exercises use (lesson 07's): draws, seed, model.
DRAWS = 10_000
SEED = 0
MODEL = "median"

#: Saliences tried in the lesson (the US) and in task 5 (Russia): 0.00, 0.01, …, 1.00.
SALIENCE_GRID = np.round(np.arange(0, 1.001, 0.01), 2)

#: The parts of a well-posed forecast question (task 9), as keys of the answer's dict.
QUESTION_PARTS = ("claim", "question", "horizon", "outcomes", "resolution", "base_rate")
#: Words that mark an outcome for "nothing has happened by the horizon" (task 9).
NOTHING_YET = re.compile(
    r"\b(no|not|none|neither|nothing|without|fails?|unsigned|unresolved)\b", re.IGNORECASE
)
#: The fewest words for the question and for its resolution criteria (task 9).
MIN_QUESTION_WORDS = 8
MIN_RESOLUTION_WORDS = 15

#: The parts of the scenario memo (task 8), in the lesson's order.
MEMO_PARTS = (
    "bottom line",
    "what the article says",
    "what the models say",
    "what would change",
    "signals to watch",
    "looking back",
)

#: File endings a chart for the memo may have, and the bytes a real file of each kind starts with.
CHART_KINDS = {".png": "PNG", ".svg": "SVG"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The smallest picture that can be a chart, in pixels (width, height).
MIN_PIXELS = (100, 100)


def _halfway(value, name: str, next_step: str) -> None:
    """Name the Monte Carlo half-way states: the draws, or the table or Series of band shares."""
    if isinstance(value, np.ndarray) and value.ndim == 1 and len(value) > 3:
        fail(
            f"`{name}` holds the {len(value):,} draws of the simulation: the first step. Count them in the "
            f"bands with `models.outcome_probabilities(...)`, then {next_step}"
        )
    if isinstance(value, pd.DataFrame) and {"outcome", "share"} <= set(value.columns):
        fail(f"`{name}` is the table of band shares: the second step. Now {next_step}")
    if isinstance(value, pd.Series) and set(map(str, value.index)) == set(ARTICLE_READING):
        fail(f"`{name}` holds the share of each band: the second step. Now {next_step}")


def washington_declaration() -> pd.Series:
    """The background row of what happened after the article (BG24)."""
    background = data.load("background")
    later = background[background["after_article"]]
    row = later.set_index("bg_id").loc["BG24"]
    assert isinstance(row, pd.Series)  # one row: bg ids are unique (the data's schema)
    return row


def days_to_outcome() -> int:
    """Days from the article's publication to the Washington declaration."""
    published = pd.Timestamp(data.citation()["date"])
    return int((washington_declaration()["date"] - published).days)


def band_shares(frame: pd.DataFrame, model: str = MODEL) -> pd.Series:
    """The share of Monte Carlo draws in each band of the venue scale (lesson 07's settings)."""
    outcomes = models.monte_carlo(frame, model=model, n=DRAWS, seed=SEED)
    table = models.outcome_probabilities(outcomes)
    return pd.Series(table["share"].to_numpy(), index=table["outcome"])


def salience_forecasts(actor_id: str) -> pd.Series:
    """The weighted median of the venue issue for each salience of one actor on :data:`SALIENCE_GRID`."""
    name = str(data.load("actors").set_index("actor_id").loc[actor_id, "name"])
    sweep = models.vary_coding(data.frame("venue"), name, "salience", SALIENCE_GRID, model=MODEL)
    return pd.Series(sweep["forecast"].to_numpy(), index=SALIENCE_GRID)


def in_band(forecasts: pd.Series, band: str) -> pd.Series:
    """Whether each forecast lies in ``band`` of the venue scale, by the course's one band rule."""
    scale = data.scale("venue")
    # the weighted median lands on an actor's position: a few distinct values, each placed once
    placed = {value: models.band_of(value, scale) == band for value in forecasts.unique()}
    return forecasts.map(placed).eq(True)  # no forecast (NaN) is in no band


def us_salience_threshold() -> float:
    """The smallest US salience on :data:`SALIENCE_GRID` that makes the weighted median Western-led."""
    forecasts = salience_forecasts("us")
    return float(forecasts.index[in_band(forecasts, OUTCOME)][0])


def russia_salience_threshold() -> float:
    """The largest Russian salience on :data:`SALIENCE_GRID` at which the weighted median is Western-led."""
    forecasts = salience_forecasts("russia")
    return float(forecasts.index[in_band(forecasts, OUTCOME)][-1])


@task(1, variable="days_later")
def task_1(days_later):
    """The number of days from the article's publication to the Washington declaration (BG24)."""
    expected = days_to_outcome()
    published = pd.Timestamp(data.citation()["date"])
    signed = washington_declaration()["date"]
    months = (signed.year - published.year) * 12 + signed.month - published.month
    expect_number(
        days_later,
        expected,
        integer=True,
        what="a number of days",
        mistakes={
            expected // 7: "That is a number of weeks; the task asks for days.",
            months: "That is a number of months; the task asks for days.",
            months - 1: "That is a number of whole months; the task asks for days.",
            -expected: "The declaration came after the article: subtract the article's "
            "date from the declaration's, not the other way round.",
        },
        hint="Subtract the two dates (as `pd.Timestamp`s) and take `.days`.",
    )


@task(2, variable="article_brier")
def task_2(article_brier):
    """The Brier score of the article's reading as a yes/no forecast that the settlement is Western-led."""
    p = ARTICLE_READING["Western-led"]
    expected = models.brier_score(p, 1)
    expect_number(
        article_brier,
        expected,
        places=2,
        hint="Square the difference between the forecast probability and the outcome (1 if it happened).",
        what="a Brier score between 0 and 1",
        mistakes={
            models.brier_score(
                p, 0
            ): "That is the score the forecast would have had if the settlement had not been "
            "Western-led. Here the forecast event happened, so `o` is 1.",
            abs(p - 1): "That is the distance between forecast and outcome; the Brier score squares it.",
            models.brier_score(
                ARTICLE_READING["Kremlin-led"], 0
            ): "That is the score of the Kremlin-led reading, which the lesson worked out. The task "
            "scores the Western-led band.",
        },
    )


@task(3, variable="mean_model_brier")
def task_3(mean_model_brier):
    """The Brier score over the three bands of the weighted-mean model's Monte Carlo forecast."""
    _halfway(
        mean_model_brier,
        "mean_model_brier",
        f'score them with `models.multi_brier_score(shares, "{OUTCOME}")`, shares indexed by band',
    )
    shares = band_shares(data.frame("venue"), model="mean")
    expected = models.multi_brier_score(shares, OUTCOME)
    seed_1 = models.outcome_probabilities(
        models.monte_carlo(data.frame("venue"), model="mean", n=DRAWS, seed=1)
    )
    expect_number(
        mean_model_brier,
        expected,
        places=3,
        what="a Brier score between 0 and 2",
        hint="Add up, over the three bands, the squared difference between the band's share of the "
        "draws and 1 for the band that happened (0 for the others).",
        near_hint=f"A Monte Carlo result depends on the seed and the number of draws: use `seed={SEED}` and "
        f"`n={DRAWS:_}`, as the task says.",
        mistakes={
            models.multi_brier_score(
                seed_1.set_index("outcome")["share"], OUTCOME
            ): f"That is the score with seed 1 (lesson 07's exercises); this task uses `seed={SEED}`, "
            "as the lesson did.",
            models.multi_brier_score(
                band_shares(data.frame("venue")), OUTCOME
            ): "That is the score of the weighted median, which the lesson worked out. The task "
            'asks for the weighted mean: `model="mean"`.',
            (1 - float(shares[OUTCOME]))
            ** 2: "That scores only the Western-led band. The score over several outcomes also adds "
            "the squared probability of each band that did not happen.",
            models.multi_brier_score(
                shares, "Kremlin-led"
            ): "That scores the forecast as if the settlement had been Kremlin-led; score it "
            "against the band that happened.",
            expected / 2: "That is half the score. The yes/no score is half of Brier's score for "
            "two outcomes, but over three bands add all three squares and do not halve.",
            float(
                np.abs(shares.to_numpy() - (shares.index == OUTCOME)).sum()
            ): "That adds up the differences without squaring them.",
        },
    )


@task(4, variable="western_share_russia")
def task_4(western_share_russia):
    """The share of draws with a Western-led outcome when Russia is distracted (scenario russia_distracted)."""
    _halfway(western_share_russia, "western_share_russia", f'read the share of the "{OUTCOME}" band')
    coded = band_shares(data.frame("venue"))
    scenario = band_shares(data.apply_scenario(data.frame("venue"), "russia_distracted"))
    us_back = band_shares(data.apply_scenario(data.frame("venue"), "us_reengages"))
    expect_number(
        western_share_russia,
        float(scenario[OUTCOME]),
        places=3,
        what="a share between 0 and 1",
        hint='Apply the scenario with `data.apply_scenario(venue, "russia_distracted")`, run the Monte '
        "Carlo of the weighted median and read the Western-led share.",
        near_hint=f"A Monte Carlo share depends on the seed and the number of draws: use `seed={SEED}` and "
        f"`n={DRAWS:_}`, as the task says.",
        mistakes={
            float(coded[OUTCOME]): "That is the Western-led share with the codings as they are. "
            "Apply the scenario first, with `data.apply_scenario`.",
            float(us_back[OUTCOME]): "That is the share when the US re-engages, from the lesson; the "
            'task asks about the scenario `"russia_distracted"`.',
            float(scenario["Kremlin-led"]): "That is the Kremlin-led share under the scenario; "
            "the task asks for the Western-led one.",
            float(scenario["middle"]): "That is the share of the middle band under the scenario; "
            "the task asks for the Western-led one.",
            float(scenario[OUTCOME]) * DRAWS: "That is a number of draws; the task asks for their "
            "share of all draws (between 0 and 1).",
        },
    )


@task(5, variable="russia_threshold")
def task_5(russia_threshold):
    """The largest Russian salience (0.00 to 1.00 in steps of 0.01) at which the weighted median is Western-led."""
    if isinstance(russia_threshold, pd.DataFrame) and {"value", "forecast"} <= set(russia_threshold.columns):
        fail(
            "`russia_threshold` is the whole sweep: the first step. Now keep the rows whose `forecast` is "
            "below 40 and take the largest `value` with `.max()`"
        )
    if isinstance(russia_threshold, pd.Series) and len(russia_threshold) > 1:
        fail(
            f"`russia_threshold` holds {len(russia_threshold)} values: take the largest salience with `.max()`, "
            "after keeping the rows whose forecast is below 40"
        )
    forecasts = salience_forecasts("russia")
    venue = data.frame("venue")
    russia = data.load("actors").set_index("actor_id").loc["russia", "name"]
    coded = float(venue.loc[venue["actor"] == russia, "salience"].iloc[0])
    scenario = float(data.scenarios("venue").set_index("scenario_id")["value"].loc["russia_distracted"])
    step = float(SALIENCE_GRID[1] - SALIENCE_GRID[0])
    expected = russia_salience_threshold()
    not_kremlin = float(forecasts.index[~in_band(forecasts, "Kremlin-led")][-1])
    scale = data.scale("venue")

    def band_at(salience: float) -> str:
        return models.band_of(float(forecasts.loc[salience]), scale)

    mistakes = {
        round(expected + step, 2): "At that salience the forecast has already left the Western-led "
        "band (below 40): take the last salience before it does.",
        coded: f"That is Russia's salience as coded, where the forecast is {band_at(coded)}.",
        not_kremlin: "That is the largest salience at which the forecast is not Kremlin-led. The "
        "task asks for a Western-led forecast: below 40.",
        float(SALIENCE_GRID[0]): "At zero the forecast is Western-led, but the task asks for the "
        "largest such salience.",
    }
    mistakes.setdefault(
        scenario,
        f"That is the salience the scenario sets, where the forecast is {band_at(scenario)}"
        + (
            ", but the task asks for the largest salience with a Western-led forecast."
            if band_at(scenario) == OUTCOME
            else ", not Western-led."
        ),
    )
    mistakes.pop(expected, None)
    expect_number(
        russia_threshold,
        expected,
        places=2,
        what="a salience between 0 and 1",
        mistakes=mistakes,
        hint="Compute the weighted median for every salience on `grid` (`models.vary_coding`) and "
        "keep the last salience whose forecast is below 40.",
    )


task_6 = words_task(
    6,
    variable="hindsight",
    min_words=40,
    max_words=250,
    description="Was the article's forecast wrong? An answer in words about hindsight.",
    requires=[
        Mentions(
            ["score", "brier"], what="the scores", ask="what did the lesson's scores and tasks 2 and 3 show?"
        ),
        Mentions(
            ["one outcome", "single outcome", "one forecast", "calibrat", "many forecasts", "miss"],
            what="what one outcome can tell",
            ask="what can one outcome tell you about a forecaster, and what not?",
        ),
        Mentions(
            ["hindsight", "signal"],
            what="a signal seen in hindsight",
            ask="which signal looks more obvious now?",
        ),
        LabelsOutside(["BG24"]),
    ],
)


def _chart_file(name) -> str:
    """Check that ``name`` names a real PNG or SVG chart in the notebook's folder; describe it."""
    if isinstance(name, PurePath) or (isinstance(name, Unsupported) and name.type_name.endswith("Path")):
        fail(
            "`memo_figure` is a path object, not text. Give the file name in quotes, "
            'like `memo_figure = "memo_forecast.png"`'
        )
    if not isinstance(name, str):
        fail(
            f"`memo_figure` holds {name!r:.60}, which is not a file name. Give the file name of your "
            'saved chart as text, like `"memo_forecast.png"`'
        )
    if not name.strip():
        fail('`memo_figure` is empty: give the file name of the chart you saved, like `"memo_forecast.png"`')
    folder = notebook_folder().resolve()
    path = Path(name.strip())
    suffix = path.suffix.lower()
    if suffix not in CHART_KINDS:
        fail(
            f"{name!r} ends in {path.suffix or 'nothing'}; `panel.save(...)` writes charts as .png or .svg "
            "files. Save the chart with one of those endings and give that file name"
        )
    full = (folder / path).resolve()
    if not full.is_relative_to(folder):
        fail(
            f"{name!r} is outside the notebook's folder. Save the chart next to the notebook, with a plain "
            'file name such as `"memo_forecast.png"`, so that it travels with the notebook when you hand it in'
        )
    if not full.exists():
        fail(
            f"There is no file {name!r} in the notebook's folder. Run `panel.save({name!r})` in the cell "
            "above (with the panel whose chart you want), then run this check again"
        )
    if not full.is_file():
        fail(f"{name!r} is a folder, not a picture file")
    size = full.stat().st_size
    if size == 0:
        fail(f"{name!r} is an empty file. Save the chart again with `panel.save({name!r})`")
    with full.open("rb") as handle:
        head = handle.read(4096)
    if suffix == ".png":
        if not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
            fail(
                f"{name!r} ends in .png but is not a PNG picture. Save the chart with `panel.save({name!r})` "
                "rather than renaming another file"
            )
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        if width < MIN_PIXELS[0] or height < MIN_PIXELS[1]:
            fail(
                f"{name!r} is a picture of only {width} × {height} pixels, too small to be a chart. "
                f"Save the chart with `panel.save({name!r})`"
            )
        return f"{name} (a PNG chart, {width} × {height} pixels)"
    text = head.decode("utf-8", errors="replace")
    if "<svg" not in text:
        fail(
            f"{name!r} ends in .svg but is not an SVG picture. Save the chart with `panel.save({name!r})` "
            "rather than renaming another file"
        )
    return f"{name} (an SVG chart)"


@task(7, variable="memo_figure")
def task_7(memo_figure):
    """The file name of a chart saved from a panel for the memo (a PNG or SVG file next to the notebook)."""
    names = memo_figure if isinstance(memo_figure, (list, tuple)) else [memo_figure]
    if not names:
        fail("`memo_figure` is an empty list: give the file name of at least one chart you saved")
    found = [_chart_file(name) for name in names]
    return (
        f"Found {', '.join(found)} in the notebook's folder. Put it in your memo next to the text it supports"
    )


task_8 = words_task(
    8,
    variable="memo",
    min_words=250,
    max_words=600,
    description="The scenario memo, one page (250 to 600 words).",
    requires=[
        *(
            Mentions([heading], what=f"a part “{heading}”", ask="the lesson's memo has this part; add it")
            for heading in MEMO_PARTS
        ),
        Cites(what="claim id", prefix="C"),
        QuotesArticle(),
        Mentions(["chart", ".png", ".svg"], what="your chart", ask="refer to the chart you saved in task 7"),
        LabelsOutside(["BG24"]),
    ],
)


def _text_part(question: dict, key: str, min_words: int, example: str) -> str:
    value = question[key]
    if not isinstance(value, str) or not value.strip():
        fail(f"`question[{key!r}]` should be text, like {example}; it is {value!r:.60}")
    words = len(re.findall(r"[^\W_]+", value))
    if words < min_words:
        fail(
            f"`question[{key!r}]` has {words} word(s); write at least {min_words}, precisely enough to be resolved"
        )
    return value.strip()


@task(9, variable="question")
def task_9(question):
    """A well-posed forecast question from one of the article's claims: a dict with claim, question,
    horizon, outcomes, resolution and base_rate."""
    parts = ", ".join(repr(p) for p in QUESTION_PARTS)
    if not isinstance(question, dict):
        fail(
            f"`question` should be a dict with the keys {parts}, like the lesson's `question`; it is {question!r:.60}"
        )
    missing = [p for p in QUESTION_PARTS if p not in question]
    if missing:
        fail(
            f"`question` has no {', '.join(repr(p) for p in missing)}: a well-posed question needs all of {parts}"
        )
    claims = set(data.load("claims")["claim_id"])
    claim = question["claim"]
    if not isinstance(claim, str) or claim.strip().upper() not in claims:
        fail(
            f"`question['claim']` is {claim!r:.40}, which is not the id of one of the article's claims; "
            'give an id from the claims table, like "C45"'
        )
    _text_part(question, "question", MIN_QUESTION_WORDS, '"By 21 November 2025, will …?"')
    published = pd.Timestamp(data.citation()["date"])
    try:
        horizon = pd.Timestamp(question["horizon"])
    except (TypeError, ValueError):
        horizon = None
    if horizon is None or pd.isna(horizon):
        fail(
            f"`question['horizon']` is {question['horizon']!r:.40}, not a date; give one as text, like \"2025-11-21\""
        )
    if horizon <= published:
        fail(
            f"The horizon, {horizon:%Y-%m-%d}, is not after the article's publication ({published:%Y-%m-%d}): "
            "a forecast is about what happens after it is made"
        )
    outcomes = question["outcomes"]
    if not isinstance(outcomes, (list, tuple)) or not all(isinstance(o, str) and o.strip() for o in outcomes):
        fail(
            '`question[\'outcomes\']` should be a list of outcomes, each as text, like ["…", "…", "no treaty by the horizon"]'
        )
    if len(outcomes) < 2:
        fail(
            "A question with fewer than two outcomes has nothing to forecast: list every outcome that could happen"
        )
    if len({o.strip().lower() for o in outcomes}) < len(outcomes):
        fail(
            "`question['outcomes']` lists an outcome twice: outcomes must be exclusive, each different from the others"
        )
    if not any(NOTHING_YET.search(o) for o in outcomes):
        fail(
            "The outcomes are not exhaustive: add one for the case in which none of the others has happened "
            'by the horizon, like "no treaty signed by the horizon"'
        )
    resolution = _text_part(question, "resolution", MIN_RESOLUTION_WORDS, '"Signed means …; led means …"')
    base_rate = question["base_rate"]
    if isinstance(base_rate, bool) or not isinstance(base_rate, (str, int, float)):
        fail(
            "`question['base_rate']` should be a share between 0 and 1, or a sentence naming the comparable cases"
        )
    if isinstance(base_rate, (int, float)) and not 0 <= base_rate <= 1:
        fail(
            f"`question['base_rate']` is {base_rate}; give it as a share between 0 and 1"
            + (" (a percentage? divide by 100)" if 1 < base_rate <= 100 else "")
        )
    if isinstance(base_rate, str) and len(re.findall(r"[^\W_]+", base_rate)) < 5:
        fail(
            "`question['base_rate']` is too short: name the comparable cases, and how often each outcome came about in them"
        )
    lesson_question = "will armenia and azerbaijan have signed a peace treaty"
    if lesson_question in str(question["question"]).lower():
        fail(
            "That is the lesson's own question: pose one of your own, from another claim or another reading of C45"
        )
    expect_words(
        resolution, min_words=1
    )  # the parts are there; whether the question is good is for discussion
    return (
        'Your question has a horizon, exclusive outcomes with one for "nothing by the horizon", resolution '
        "criteria and a base rate. Whether it is well posed is for discussion: ask a neighbour to resolve it "
        "against BG24, BG27 and BG31 and see whether you agree"
    )
