"""Form-only checks: the checks of an assessment copy of the course.

In an assessment copy (``conflictlab release --mode assessment``) a lesson's
module ``conflictlab/checks/lessonNN.py`` holds no expected answers. Each
``task_N`` there checks only the *form* of the answer — its type, its columns
and the kind of values they hold, that a number is finite and in the range
its quantity allows, that ids exist in the course data, that a choice is one
of the options the task offers — and then says "answer recorded — it will
be marked" (the verdict :data:`~conflictlab.checks.RECORDED`), never
"correct". ``conflictlab grade`` marks the handed-in notebooks with the full
checks of the instructor's copy.

A task's form is plain data (a dict), written by the release from the
instructor's checks and solutions::

    {"kind": "number", "integer": False, "low": 0.0, "high": 1.0, "what": "a share between 0 and 1"}

The kinds: ``number``, ``ids``, ``frame``, ``mapping``, ``choice``, ``bool``,
``text``, ``sequence``, ``record``, ``words`` and ``type``; :func:`check_form` reads them.
A wrong form gets the same message the full checks give for it (the
``expect_*`` helpers, used here only for what they check about form).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from conflictlab import data

from ._core import RECORDED, Feedback, Task, _check_variable, _lesson_of_module, answer_name, fail
from ._expect import (
    SPELLING_ADVICE,
    _a,
    _fmt,
    _items_from,
    _listing,
    _number_from,
    _plural,
    describe,
    expect_choice,
    expect_frame,
    expect_type,
    expect_words,
    show,
    spelling_of,
)
from ._written import Cites, LabelsOutside, Mentions, QuotesArticle, Requirement, UsesMarker, judge

__all__ = ["FORM_KINDS", "check_form", "form_task", "requirement_from_data", "requirement_to_data"]

#: What the verdict of a form-only check adds to its headline.
RECORDED_NOTE = (
    "This assessment copy checks only the form of your answer (its type, shape and range); "
    "your instructor's grader marks what it says"
)

_REQUIREMENTS: dict[str, type[Requirement]] = {
    cls.__name__: cls for cls in (Cites, LabelsOutside, Mentions, QuotesArticle, UsesMarker)
}


# --------------------------------------------------------------------------- requirements as data
def requirement_to_data(requirement: Requirement) -> dict[str, Any]:
    """A written answer's requirement as plain data (a :class:`Mentions` read from the data is read now)."""
    name = type(requirement).__name__
    if name not in _REQUIREMENTS:
        raise TypeError(f"no plain-data form for the requirement {requirement!r}")
    fields = dict(vars(requirement))
    if isinstance(requirement, Mentions):
        fields["words"] = requirement.options()
    return {"type": name, **{k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}}


def requirement_from_data(spec: Mapping[str, Any]) -> Requirement:
    """The requirement that :func:`requirement_to_data` wrote."""
    fields = dict(spec)
    cls = _REQUIREMENTS[fields.pop("type")]
    if cls is Mentions:
        return Mentions(fields.pop("words"), **fields)
    if cls in (Cites, LabelsOutside):
        return cls(fields.pop("among", ()), **fields)
    if cls is UsesMarker:
        return UsesMarker(fields.pop("of", ()))
    return cls(**fields)


# --------------------------------------------------------------------------- ids in the data
def _known(where: Mapping[str, Any]) -> list[Any]:
    """Every label of one kind in the course data: a table's column, or the names of the tables."""
    if where.get("tables"):
        return list(data.tables())
    return list(data.load(where["table"])[where["column"]].dropna())


def _where_words(where: Mapping[str, Any]) -> str:
    if where.get("tables"):
        return "the course's table names (`data.tables()`)"
    return f"the `{where['column']}` column of the {where['table']} table"


def _expect_known(items: Sequence[Any], where: Mapping[str, Any] | None, noun: str, subject: str) -> None:
    """Every item is a label that exists in the course data (not which ones the task wants)."""
    if not where:
        return
    known = _known(where)
    unknown = [i for i in dict.fromkeys(items) if i not in set(known)]
    if not unknown:
        return
    near = [(u, spelling_of(u, known)) for u in unknown]
    spelt = [u for u, right in near if right]
    if spelt:
        fail(
            f"{subject} holds {_listing(spelt)}: that differs from {_a(noun)} {noun} only in capitals or "
            f"spaces; {SPELLING_ADVICE}"
        )
    fail(
        f"{subject} holds {_listing(unknown)}, which {'is not' if len(unknown) == 1 else 'are not'} "
        f"{_a(noun) + ' ' + noun if len(unknown) == 1 else _plural(2, noun)[2:]} in the course data "
        f"(see {_where_words(where)})"
    )


# --------------------------------------------------------------------------- numbers
def _in_range(number: float, form: Mapping[str, Any], subject: str) -> None:
    low, high = form.get("low"), form.get("high")
    if (low is None or number >= low) and (high is None or number <= high):
        return
    if low is not None and high is not None:
        allowed = f"between {_fmt(low)} and {_fmt(high)}"
    elif low is not None:
        allowed = f"at least {_fmt(low)}"
    else:
        allowed = f"at most {_fmt(high)}"
    what = form.get("what")
    if not what:
        fail(f"{subject} is {_fmt(number)}, but it should be {allowed}")
    stated = all(_fmt(end) in what for end in (low, high) if end is not None)
    fail(f"{subject} is {_fmt(number)}, but it should be {what}" + ("" if stated else f" ({allowed})"))


def _number(value: Any, form: Mapping[str, Any], subject: str | None = None) -> float | int:
    number = _number_from(value, integer=bool(form.get("integer")), what=form.get("what"))
    _in_range(number, form, subject or answer_name())
    return number


# --------------------------------------------------------------------------- the kinds
def _check_number(value: Any, form: Mapping[str, Any]) -> None:
    _number(value, form)


def _check_ids(value: Any, form: Mapping[str, Any]) -> None:
    noun = form.get("noun") or "id"
    items = _items_from(value, noun=noun, ordered=bool(form.get("ordered")))
    name = answer_name()
    wanted = form.get("item", "text")
    for item in items:
        if wanted == "text" and not isinstance(item, str):
            fail(
                f"{name} holds {show(item)}, which is {describe(item)}; each {noun} should be text, in quotes"
            )
        if wanted == "integer" and (isinstance(item, bool) or not isinstance(item, int)):
            fail(
                f"{name} holds {show(item)}, which is {describe(item)}; each {noun} should be a whole number"
            )
    if not form.get("allow_duplicates"):
        seen: set[Any] = set()
        for item in items:
            if item in seen:
                fail(f"{show(item)} appears more than once in {name}; list each {noun} once")
            seen.add(item)
    _expect_known(items, form.get("exists_in"), noun, name)


def _check_frame(value: Any, form: Mapping[str, Any]) -> None:
    frame = expect_frame(
        value,
        columns=list(form.get("columns") or []),
        dtypes=dict(form.get("dtypes") or {}),
        key=form.get("key"),
        noun=form.get("noun") or "row",
    )
    key = form.get("key")
    if key and key in frame.columns:
        _expect_known(
            list(frame[key].dropna()), form.get("key_exists_in"), form.get("noun") or "row", answer_name()
        )


def _check_mapping(value: Any, form: Mapping[str, Any]) -> None:
    pd = sys.modules.get("pandas")
    name = answer_name()
    noun = form.get("noun") or "key"
    if pd is not None and isinstance(value, pd.Series):
        if value.index.has_duplicates:
            fail(f"{name} lists the same {noun} more than once in its index")
        value = value.to_dict()
    if not isinstance(value, dict):
        wanted = f"a dictionary from each {noun} to {form.get('what') or 'its value'}"
        if pd is not None and isinstance(value, pd.DataFrame):
            fail(
                f"{name} is a whole table (DataFrame); the task asks for {wanted} (or a Series indexed by {noun})"
            )
        fail(f"{name} is {describe(value)}; the task asks for {wanted}")
    keys = list(value)
    if form.get("key_type") == "text":
        bad = next((k for k in keys if not isinstance(k, str)), None)
        if bad is not None:
            fail(f"{name} has the key {show(bad)}; each {noun} should be text, in quotes")
    stated = form.get("keys")
    if stated is not None:
        extra = [k for k in keys if k not in stated]
        missing = [k for k in stated if k not in keys]
        if extra or missing:
            parts = []
            if extra:
                parts.append(f"has the key(s) {_listing(extra)}, which the task does not name")
            if missing:
                parts.append(f"is missing the key(s) {_listing(missing)}")
            fail(f"{name} " + " and ".join(parts) + f". Use exactly the keys {_listing(stated)}")
    else:
        _expect_known(keys, form.get("keys_exist_in"), noun, name)
    for key, got in value.items():
        subject = f"The value for {show(key)} in {name}"
        try:
            number = _number_from(got, integer=bool(form.get("integer")), what=None)
        except Exception:
            fail(
                f"{subject} is {describe(got)}; each value should be {'a whole number' if form.get('integer') else 'a number'}"
            )
        _in_range(number, form, subject)


def _check_choice(value: Any, form: Mapping[str, Any]) -> None:
    options = list(form["options"])
    expect_choice(value, options, options)


def _check_bool(value: Any, form: Mapping[str, Any]) -> None:
    name = answer_name()
    np = sys.modules.get("numpy")
    if isinstance(value, str) and value.strip().casefold() in ("true", "false", "yes", "no"):
        fail(f"{name} is the text {show(value)}; write True or False without quotes")
    if not (isinstance(value, bool) or (np is not None and isinstance(value, np.bool_))):
        fail(f"{name} is {describe(value)}; the task asks for True or False")


def _check_text(value: Any, form: Mapping[str, Any]) -> None:
    name = answer_name()
    noun = form.get("noun") or "label"
    if isinstance(value, (list, tuple, set)) and len(value) == 1:
        fail(f"{name} is {describe(value)} holding one value; give the {noun} itself, as text")
    if not isinstance(value, str):
        fail(f"{name} is {describe(value)}; the task asks for {_a(noun)} {noun}, as text")
    _expect_known([value], form.get("exists_in"), noun, name)


def _check_sequence(value: Any, form: Mapping[str, Any]) -> None:
    name = answer_name()
    items_forms = list(form["items"])
    pd, np = sys.modules.get("pandas"), sys.modules.get("numpy")
    if pd is not None and isinstance(value, pd.Series):
        value = list(value)
    elif np is not None and isinstance(value, np.ndarray):
        value = list(value.ravel())
    like = "(" + ", ".join("…" for _ in items_forms) + ")"
    if not isinstance(value, (tuple, list)):
        fail(
            f"{name} is {describe(value)}; the task asks for {_plural(len(items_forms), 'value')}, like `{like}`"
        )
    if len(value) != len(items_forms):
        fail(
            f"{name} holds {_plural(len(value), 'value')}; the task asks for exactly {len(items_forms)}, like `{like}`"
        )
    for position, (item, item_form) in enumerate(zip(value, items_forms, strict=True), start=1):
        _check_item(item, item_form, f"Value {position} of {name}")


def _check_record(value: Any, form: Mapping[str, Any]) -> None:
    name = answer_name()
    parts = dict(form["parts"])
    listing = _listing(list(parts))
    if not isinstance(value, dict):
        fail(f"{name} is {describe(value)}; the task asks for a dictionary with the keys {listing}")
    missing = [p for p in parts if p not in value]
    if missing:
        fail(f"{name} has no {_listing(missing)}: the task asks for all of {listing}")
    for key, item_form in parts.items():
        _check_item(value[key], item_form, f"{name}[{key!r}]")


def _check_item(item: Any, form: Mapping[str, Any], subject: str) -> None:
    """One part of a pair or a dictionary: a number, a text (an id that exists), or a value of one type."""
    if form["kind"] == "number":
        try:
            number = _number_from(item, integer=bool(form.get("integer")), what=None)
        except Exception:
            fail(f"{subject} is {describe(item)}; it should be a number")
        _in_range(number, form, subject)
    elif form["kind"] == "text":
        if not isinstance(item, str):
            fail(f"{subject} is {describe(item)}; it should be text, in quotes")
        _expect_known([item], form.get("exists_in"), form.get("noun") or "label", subject)
    elif form["kind"] == "type":
        if not _KIND_TESTS[form["type"]](item):
            fail(f"{subject} is {describe(item)}; it should be {_KIND_WORDS[form['type']]}")


_KIND_TESTS: dict[str, Callable[[Any], bool]] = {
    "list": lambda v: isinstance(v, (list, tuple)),
    "dict": lambda v: isinstance(v, dict),
    "bool": lambda v: isinstance(v, bool),
}
_KIND_WORDS = {"list": "a list", "dict": "a dictionary", "bool": "True or False"}


def _check_type(value: Any, form: Mapping[str, Any]) -> None:
    expect_type(value, form["type"], what=form.get("what"))


def _check_words(value: Any, form: Mapping[str, Any]) -> str:
    text = expect_words(value, min_words=int(form.get("min_words", 20)), max_words=form.get("max_words"))
    requirements = [requirement_from_data(r) for r in form.get("requires", [])]
    if requirements:
        met, summary = judge(text, requirements)
        if not met:
            fail(f"{answer_name()}: {summary}")
        return summary
    return ""


_CHECKS: dict[str, Callable[[Any, Mapping[str, Any]], Any]] = {
    "number": _check_number,
    "ids": _check_ids,
    "frame": _check_frame,
    "mapping": _check_mapping,
    "choice": _check_choice,
    "bool": _check_bool,
    "text": _check_text,
    "sequence": _check_sequence,
    "record": _check_record,
    "type": _check_type,
    "words": _check_words,
}

#: The kinds of form :func:`check_form` knows.
FORM_KINDS = tuple(_CHECKS)


def check_form(value: Any, form: Mapping[str, Any]) -> Feedback:
    """Check only the form of ``value``; accept it as recorded, or stop with a hint (call inside a task).

    Returns
    -------
    Feedback
        The verdict :data:`~conflictlab.checks.RECORDED` with a note.
    """
    kind = form.get("kind")
    if kind not in _CHECKS:
        raise ValueError(f"unknown form {kind!r}; the kinds are {FORM_KINDS}")
    note = _CHECKS[kind](value, form)
    message = f"{note}. {RECORDED_NOTE}" if isinstance(note, str) and note else RECORDED_NOTE
    return Feedback(RECORDED, message)


def form_task(number: int, *, variable: str, description: str, form: Mapping[str, Any]) -> Task:
    """A task of an assessment copy: ``check.task_N(answer)`` checks only the answer's form.

    Bind it to the task's name in the generated lesson module::

        task_2 = form_task(2, variable="share_az_ru", description="…", form=FORMS[2])
    """
    _check_variable(variable)
    spec = dict(form)

    def check(answer: Any) -> Feedback:
        return check_form(answer, spec)

    check.__name__ = f"task_{number}"
    check.__doc__ = description
    # help(check.task_N) shows the full check's signature: task_2(share_az_ru)
    check.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(variable, inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    )
    caller = sys._getframe(1).f_globals.get("__name__", "")
    check.__module__ = caller
    words = spec.get("kind") == "words"
    return Task(
        number,
        variable,
        check,
        kind="words" if words else "value",
        lesson=_lesson_of_module(caller),
        requirements=tuple(requirement_from_data(r) for r in spec.get("requires", [])) if words else (),
        word_limits=(int(spec.get("min_words", 20)), spec.get("max_words")) if words else None,
    )
