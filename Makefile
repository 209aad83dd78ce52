# Two commands for a fresh machine: `make lab` and `make test`.
# Everything is installed into .venv; nothing is registered outside it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
START  := lessons/00_the_source_and_the_toolkit.ipynb
# JupyterLab refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
NOTEBOOKS = $(wildcard lessons/*.ipynb exercises/*.ipynb solutions/*.ipynb)
# Python's bytecode cache on, even where the environment turns it off (PYTHONDONTWRITEBYTECODE):
# without it every test run, worker and kernel compiles the package and the tests again.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: install lab lint test test-fast test-browser bench exercises pin release handouts clean-venv

# (Re)install only when the project's requirements change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	# JupyterLab settings inside .venv: no "Jupyter news?" question, no update check.
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp binder/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" "$(START)"

# ruff (lint, import order, formatting) and mypy, configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Lint first, so a lint or type error fails the run (and CI, which runs `make test`).
test: lint
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env tests $(NOTEBOOKS)

# The unit and property tests only: no notebooks, no kernels, no browser. Two workers (pytest-xdist)
# that take single tests as they free up (a module's shared fixtures are built on each worker that
# needs them), which keeps both busy to the end; nbval is not loaded, as no notebook is collected.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -p no:nbval -n 2 --dist load tests --ignore=tests/browser -m "not kernel"

test-browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser

bench: $(STAMP)
	$(BIN)/python -m benchmarks

exercises: $(STAMP)
	$(BIN)/conflictlab build

# Strip lessons and solutions for git and refresh their checked outputs, then rebuild exercises.
pin: $(STAMP)
	$(BIN)/conflictlab tidy --pin
	$(BIN)/conflictlab build

release: $(STAMP)
	$(BIN)/conflictlab release

# Each lesson, executed, without instructor cells, as an accessible offline HTML page in build/handouts/.
handouts: $(STAMP)
	$(BIN)/conflictlab handouts

clean-venv:
	rm -rf $(VENV)
