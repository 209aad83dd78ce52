"""Shared fixtures for the model tests."""

import pandas as pd
import pytest


@pytest.fixture
def ec_frame() -> pd.DataFrame:
    """The European Community car-emissions issue.

    Bueno de Mesquita (1994, p. 78), reproduced as Table 1 of Scholz, Calbert
    & Smith (2011): the year by which emission standards for medium-sized
    cars should apply (positions 4, 7, 10 years), capability and salience
    (given there on a 0-100 scale, here divided by 100).
    """
    return pd.DataFrame(
        {
            "actor": [
                "Netherlands",
                "Belgium",
                "Luxembourg",
                "Germany",
                "France",
                "Italy",
                "UK",
                "Ireland",
                "Denmark",
                "Greece",
            ],
            "capability": [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08],
            "position": [4, 7, 4, 4, 10, 10, 10, 7, 4, 7],
            "salience": [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7],
        }
    )


@pytest.fixture
def two_actor_frame() -> pd.DataFrame:
    """Two actors at the ends of the scale; worked by hand in test_expected_utility."""
    return pd.DataFrame(
        {"actor": ["A", "B"], "position": [0.0, 100.0], "capability": [1.0, 1.0], "salience": [1.0, 0.5]}
    )
