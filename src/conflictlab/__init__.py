"""conflictlab: conflict analysis in Jupyter, taught with one article.

The course reads Emil Avdaliani, "Hesitant Steps Towards a South Caucasus
Peace Deal", Europe's Edge (CEPA), 21 November 2023.

The package is layered, each layer importing only from the ones before it::

    data -> models -> charts -> widgets

with ``checks`` (student feedback), ``course`` (building exercises, tidying
notebooks, the students' zip, ``conflictlab doctor`` and the command line) and
``grading`` beside them for exercises and instructors.
"""

__version__ = "0.1.0"

import importlib
from types import ModuleType

from ._setup import setup
from .course.doctor import doctor

__all__ = ["__version__", "setup", "doctor"]

#: Modules of ``data`` that notebooks import by their short name
#: (``from conflictlab import catalogue, outside``).
_DATA_MODULES = ("catalogue", "outside")


def __getattr__(name: str) -> ModuleType:
    # Imported on first use, so that ``import conflictlab`` stays light.
    if name in _DATA_MODULES:
        return importlib.import_module(f".data.{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
