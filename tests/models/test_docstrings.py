"""Every example in the models' docstrings runs and prints what it says."""

import doctest
import importlib

import pytest

MODULES = [
    "_frame",
    "spatial",
    "expected_utility",
    "bargaining",
    "balance",
    "evaluation",
    "sensitivity",
    "forecasting",
    "reweighting",
    "tipping",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"conflictlab.models.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 or name == "_frame"
    assert result.failed == 0


def test_every_public_function_has_a_docstring():
    import conflictlab.models as models

    for name in models.__all__:
        obj = getattr(models, name)
        if callable(obj):
            assert obj.__doc__ and len(obj.__doc__.strip()) > 40, name
