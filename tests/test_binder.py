"""binder/ builds the environment the tests pass in: Python 3.11 and constraints.txt.

repo2docker (mybinder.org, or a JupyterHub image) reads ``binder/`` and runs
``pip install -r binder/requirements.txt`` from the repository's top folder,
then ``binder/postBuild``. pip reads ``-c``/``-r`` paths in a requirements file
relative to that file, and a plain path such as ``.`` relative to the folder
pip runs in.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BINDER = REPO / "binder"
START = "lessons/00_the_source_and_the_toolkit.ipynb"

#: The files repo2docker may find in binder/; any other configuration file
#: (environment.yml, Pipfile, Dockerfile...) would switch it to another build.
# repo2docker reads the first three; overrides.json is the JupyterLab settings file postBuild
# (and `make lab`) install.
KNOWN = {"runtime.txt", "requirements.txt", "postBuild", "overrides.json", "README.md"}


def pins(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if "==" in line and not line.startswith("-"):
            name, version = (part.strip() for part in line.split("==", 1))
            out[re.sub(r"[-_.]+", "-", name).lower()] = version
    return out


def requirement_lines() -> list[str]:
    text = (BINDER / "requirements.txt").read_text(encoding="utf-8")
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def test_binder_holds_only_what_repo2docker_should_read():
    present = {p.name for p in BINDER.iterdir()}
    assert present <= KNOWN, f"unexpected files in binder/: {sorted(present - KNOWN)}"
    assert {"runtime.txt", "requirements.txt"} <= present


def test_binder_pins_python_3_11_like_the_project():
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "Programming Language :: Python :: 3.11" in project["classifiers"]
    assert project["requires-python"] == ">=3.11"
    assert "Python 3.11" in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()[0]


def test_binder_installs_the_package_with_the_tested_constraints():
    lines = requirement_lines()
    constraint_files = [line.split(None, 1)[1] for line in lines if line.startswith("-c ")]
    assert constraint_files == ["../constraints.txt"]
    assert (BINDER / constraint_files[0]).resolve() == REPO / "constraints.txt"
    # `.` is read relative to the folder pip runs in: the repository, holding the package.
    assert "." in lines
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "conflictlab"
    # `make lab` installs with the same file.
    assert "-c constraints.txt" in (REPO / "Makefile").read_text(encoding="utf-8")


def test_every_other_binder_requirement_is_pinned_and_agrees_with_constraints():
    lines = requirement_lines()
    tested = pins((REPO / "constraints.txt").read_text(encoding="utf-8").splitlines())
    ours = pins(lines)
    loose = [line for line in lines if not line.startswith("-") and line != "." and "==" not in line]
    assert not loose, f"unpinned requirements in binder/requirements.txt: {loose}"
    disagree = {
        name: (version, tested[name])
        for name, version in ours.items()
        if name in tested and tested[name] != version
    }
    assert not disagree, disagree
    # The one extra: nbgitpuller, for JupyterHub links (not needed to run the course).
    assert set(ours) - set(tested) <= {"nbgitpuller"}


def test_post_build_is_an_executable_script_that_stops_on_errors():
    script = BINDER / "postBuild"
    assert os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n") and "set -euo pipefail" in text
    # The build stops when the widget stack or offline charts are broken.
    assert "\nconflictlab doctor\n" in text and "charts render offline" in text


def test_jupyterlab_news_is_switched_off_with_settings_that_exist():
    # One settings file, installed by binder/postBuild and by `make lab` into .venv.
    assert "cp binder/overrides.json" in (BINDER / "postBuild").read_text(encoding="utf-8")
    assert "binder/overrides.json" in (REPO / "Makefile").read_text(encoding="utf-8")
    overrides = json.loads((BINDER / "overrides.json").read_text(encoding="utf-8"))
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    if not schemas.is_dir():
        pytest.skip(f"JupyterLab's settings schemas are not at {schemas}")
    for plugin, values in overrides.items():
        package, name = plugin.rsplit(":", 1)
        schema = json.loads((schemas / package / f"{name}.json").read_text(encoding="utf-8"))
        for key, value in values.items():
            assert key in schema["properties"], f"{plugin} has no setting {key!r}"
            allowed = schema["properties"][key]
            if "oneOf" in allowed:
                assert value in [c["const"] for c in allowed["oneOf"]]
            else:
                assert isinstance(value, bool) == (allowed["type"] == "boolean")
    assert overrides["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false",
        "checkForUpdates": False,
    }


def test_the_launch_links_start_page_exists():
    assert (REPO / START).is_file()
