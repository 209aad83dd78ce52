"""conflictlab doctor: versions of the stack and plain advice when widgets cannot show."""

import argparse
import importlib
import json
import shutil
import subprocess
import sys
from importlib import metadata

import pytest

import conflictlab
from conflictlab.course import doctor  # the module; conflictlab.doctor is the function
from conflictlab.grading import sandbox

GOOD = {
    "jupyterlab": "4.6.6",
    "ipywidgets": "8.1.9",
    "jupyterlab_widgets": "3.0.17",
    "widgetsnbextension": "4.0.16",
    "altair": "6.3.0",
    "anywidget": "0.11.0",
    "vl-convert-python": "1.9.0",
    "pandas": "3.1.1",
}


def _extensions(tmp_path, manager="5.0.16", anywidget="0.11.0"):
    base = tmp_path / "labextensions"
    if manager:
        (base / "@jupyter-widgets" / "jupyterlab-manager").mkdir(parents=True)
        (base / "@jupyter-widgets" / "jupyterlab-manager" / "package.json").write_text(
            json.dumps({"name": "@jupyter-widgets/jupyterlab-manager", "version": manager})
        )
    if anywidget:
        (base / "anywidget").mkdir(parents=True)
        (base / "anywidget" / "package.json").write_text(
            json.dumps({"name": "anywidget", "version": anywidget})
        )
    base.mkdir(exist_ok=True)
    return [base]


def _problems(report):
    return {c.name: c for c in report.problems}


def test_this_environment_is_healthy():
    report = doctor.check()
    assert report.ok, report.text()
    for name in doctor.STACK:
        assert report.versions[name] == metadata.version(name)


def test_report_lists_every_version_of_the_stack():
    text = doctor.check().text()
    assert f"python               {sys.version.split()[0]}" in text
    for name in doctor.STACK:
        assert name in text and metadata.version(name) in text
    assert "All good" in text


def test_the_healthy_fixture_passes(tmp_path):
    report = doctor.check(installed=GOOD, paths=_extensions(tmp_path), config=[tmp_path])
    assert report.ok, report.text()


def test_mismatched_python_packages_are_explained(tmp_path):
    installed = GOOD | {"jupyterlab_widgets": "1.1.7"}
    report = doctor.check(installed=installed, paths=_extensions(tmp_path), config=[tmp_path])
    assert not report.ok
    problem = _problems(report)["ipywidgets and jupyterlab_widgets"]
    assert "needs jupyterlab_widgets 3.x" in problem.detail
    assert "model not found" in problem.detail
    assert "pip install" in problem.fix and "restart JupyterLab" in problem.fix


def test_an_old_front_end_extension_is_a_mismatch(tmp_path):
    report = doctor.check(installed=GOOD, paths=_extensions(tmp_path, manager="3.1.0"), config=[tmp_path])
    problem = _problems(report)["widget extension in JupyterLab"]
    assert "3.1.0" in problem.detail and "needs version 5.x" in problem.detail
    assert "Error displaying widget: model not found" in problem.detail
    text = report.text()
    assert "PROBLEM" in text and "What to do:" in text and "1 problem found" in text


def test_a_missing_front_end_extension_is_explained(tmp_path):
    report = doctor.check(installed=GOOD, paths=_extensions(tmp_path, manager=None), config=[tmp_path])
    problem = _problems(report)["widget extension in JupyterLab"]
    assert "not installed" in problem.detail and "VBox(children=...)" in problem.detail
    assert "jupyterlab_widgets" in problem.fix


def test_a_disabled_extension_is_reported(tmp_path):
    config = tmp_path / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyter-widgets/jupyterlab-manager": True}})
    )
    report = doctor.check(installed=GOOD, paths=_extensions(tmp_path), config=[config])
    problem = _problems(report)["widget extension in JupyterLab"]
    assert "disabled" in problem.detail
    assert "jupyter labextension enable @jupyter-widgets/jupyterlab-manager" in problem.fix


def test_anywidget_front_end_must_match_its_python_package(tmp_path):
    report = doctor.check(installed=GOOD, paths=_extensions(tmp_path, anywidget="0.9.0"), config=[tmp_path])
    problem = _problems(report)["chart extension in JupyterLab"]
    assert "0.11.0" in problem.detail and "0.9.0" in problem.detail


def test_missing_packages_are_named_with_the_fix(tmp_path):
    installed = GOOD | {"vl-convert-python": None, "anywidget": None}
    report = doctor.check(installed=installed, paths=_extensions(tmp_path), config=[tmp_path])
    problems = _problems(report)
    assert "vl-convert-python" in problems["course packages"].detail
    assert "anywidget" in problems["course packages"].detail
    assert "Error loading script" in problems["offline charts"].detail
    assert "NOT INSTALLED" in report.text()


def test_the_report_explains_model_not_found_either_way(tmp_path):
    text = doctor.check(installed=GOOD, paths=_extensions(tmp_path), config=[tmp_path]).text()
    assert "Error displaying widget: model not found" in text
    assert "Run All Cells" in text


def test_the_report_says_which_sandbox_grading_uses(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)  # a machine without Bubblewrap
    text = doctor.check(installed=GOOD, paths=_extensions(tmp_path), config=[tmp_path]).text()
    assert "conflictlab grade" in text and "NO SANDBOX" in text and "bubblewrap" in text
    doctor.run(argparse.Namespace(json=True))
    assert json.loads(capsys.readouterr().out)["grading_sandbox"].startswith("NO SANDBOX")


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="Bubblewrap is not installed")
def test_with_bubblewrap_the_report_names_the_sandbox(tmp_path):
    text = doctor.check(installed=GOOD, paths=_extensions(tmp_path), config=[tmp_path]).text()
    assert "Bubblewrap sandbox" in text and "NO SANDBOX" not in text


def test_conflictlab_doctor_is_the_function_and_no_module_shadows_it():
    assert callable(conflictlab.doctor) and conflictlab.doctor.__module__ == "conflictlab.course.doctor"
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("conflictlab.doctor")


def test_notebook_call_prints_the_report(capsys):
    assert conflictlab.doctor() is None
    out = capsys.readouterr().out
    assert out.startswith("conflictlab doctor")
    assert "[ok] widget extension in JupyterLab" in out


def test_command_line_exit_status_follows_the_findings(monkeypatch, capsys, tmp_path):
    import argparse

    assert doctor.run(argparse.Namespace(json=False)) == 0
    monkeypatch.setattr(doctor, "versions", lambda packages=None: GOOD | {"jupyterlab_widgets": "1.1.7"})
    assert doctor.run(argparse.Namespace(json=False)) == 1
    assert "PROBLEM" in capsys.readouterr().out


def test_command_line_runs_as_conflictlab_doctor():
    done = subprocess.run(
        [sys.executable, "-m", "conflictlab.course.cli", "doctor", "--json"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert report["versions"]["ipywidgets"] == metadata.version("ipywidgets")
    assert {c["name"] for c in report["checks"]} >= {
        "widget extension in JupyterLab",
        "chart extension in JupyterLab",
    }


def test_importing_conflictlab_stays_light():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, conflictlab; print('altair' in sys.modules, 'pandas' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False", "False"]
