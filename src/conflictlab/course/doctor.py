"""``conflictlab doctor``: check the widget and chart stack and say what to fix.

Sliders and charts need two halves that must match: Python packages in the
kernel (ipywidgets, anywidget, altair, vl-convert-python) and JupyterLab
front-end extensions in the environment JupyterLab runs from
(``@jupyter-widgets/jupyterlab-manager``, shipped by ``jupyterlab_widgets``,
and ``anywidget``'s extension). When they do not match, a student sees
"Error displaying widget: model not found", or text such as
``VBox(children=...)`` where the sliders should be.

Use it from a notebook cell::

    import conflictlab
    conflictlab.doctor()

or from a terminal, in the course folder::

    conflictlab doctor

The check reads the package versions of this Python and the extensions'
``package.json`` files in Jupyter's data folders; it starts nothing and
needs no network.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

__all__ = ["doctor", "check", "versions", "Report", "Check", "STACK", "add_arguments", "run"]

#: The packages whose versions the doctor prints, in this order.
STACK = [
    "jupyterlab",
    "ipywidgets",
    "jupyterlab_widgets",
    "widgetsnbextension",
    "altair",
    "anywidget",
    "vl-convert-python",
    "pandas",
]

MANAGER = "@jupyter-widgets/jupyterlab-manager"
ANYWIDGET = "anywidget"

#: ipywidgets major version → (jupyterlab_widgets major, jupyterlab-manager major) that match it.
COMPATIBLE = {8: (3, 5), 7: (1, 3)}

MODEL_NOT_FOUND = (
    '"Error displaying widget: model not found" has two causes. (1) The output was saved '
    "in an earlier session: a widget lives in the running kernel, so after the kernel restarts "
    "or the notebook is reopened the old outputs have nothing to show. Re-run the cells "
    "(Run ▸ Run All Cells). (2) It appears right after running a cell: the front-end "
    "extension is missing or does not match ipywidgets: the checks above say which."
)


@dataclass
class Check:
    """One check: what was checked, whether it passed, and what to do if not."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass
class Report:
    """The doctor's findings: versions of the stack and the checks."""

    versions: dict[str, str | None]
    checks: list[Check] = field(default_factory=list)
    python: str = ""
    sandbox: str = ""  # where `conflictlab grade` runs notebooks (for instructors; not a check)

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(c.ok for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def text(self) -> str:
        """The report as plain text, as the doctor prints it."""
        lines = ["conflictlab doctor — the widget and chart stack", ""]
        lines.append(f"  {'python':<20} {self.python}")
        for name, version in self.versions.items():
            lines.append(f"  {name:<20} {version or 'NOT INSTALLED'}")
        lines.append("")
        for c in self.checks:
            lines.append(f"  [{'ok' if c.ok else 'PROBLEM'}] {c.name}: {c.detail}")
            if not c.ok and c.fix:
                lines.append(f"      What to do: {c.fix}")
        lines.append("")
        if self.ok:
            lines.append("All good: sliders and charts should appear in JupyterLab, with no internet needed.")
        else:
            n = len(self.problems)
            lines.append(
                f"{n} problem{'s' if n > 1 else ''} found. Fix {'them' if n > 1 else 'it'}, "
                "then restart JupyterLab itself (not only the kernel) and reload the page."
            )
        lines.append("")
        lines.append(MODEL_NOT_FOUND)
        lines.append(
            "This checks the Python environment it runs in; JupyterLab must be started from "
            "the same environment (in the course folder: make lab)."
        )
        if self.sandbox:
            lines += ["", f"For instructors: when `conflictlab grade` runs here, {self.sandbox}."]
        return "\n".join(lines)


# ---------------------------------------------------------------- reading the environment


def versions(packages: list[str] | None = None) -> dict[str, str | None]:
    """Installed versions of the stack's packages (None when one is missing)."""
    out: dict[str, str | None] = {}
    for name in packages or STACK:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def labextension_paths() -> list[Path]:
    """Jupyter's folders for front-end extensions, in the order JupyterLab searches them."""
    try:
        from jupyter_core.paths import jupyter_path
    except ImportError:  # pragma: no cover - jupyter_core comes with jupyterlab
        return [Path(sys.prefix) / "share" / "jupyter" / "labextensions"]
    return [Path(p) for p in jupyter_path("labextensions")]


def config_paths() -> list[Path]:
    """Jupyter's configuration folders (where disabled extensions are recorded)."""
    try:
        from jupyter_core.paths import jupyter_config_path
    except ImportError:  # pragma: no cover
        return [Path(sys.prefix) / "etc" / "jupyter"]
    return [Path(p) for p in jupyter_config_path()]


def find_labextension(name: str, paths: list[Path] | None = None) -> list[dict[str, Any]]:
    """Every installed copy of front-end extension ``name``: [{"version", "path"}], first wins."""
    found = []
    for base in paths if paths is not None else labextension_paths():
        package = Path(base, *name.split("/")) / "package.json"
        if package.is_file():
            try:
                version = json.loads(package.read_text(encoding="utf-8")).get("version", "?")
            except (OSError, ValueError):
                version = "unreadable"
            found.append({"version": str(version), "path": str(package.parent)})
    return found


def disabled_extensions(paths: list[Path] | None = None) -> set[str]:
    """Extensions (or plugins) marked disabled in JupyterLab's page_config.json files."""
    disabled: set[str] = set()
    for base in paths if paths is not None else config_paths():
        folder = Path(base) / "labconfig"
        files = [folder / "page_config.json"]
        if (folder / "page_config.d").is_dir():
            files += sorted((folder / "page_config.d").glob("*.json"))
        for f in files:
            if not f.is_file():
                continue
            try:
                entries = json.loads(f.read_text(encoding="utf-8")).get("disabledExtensions", {})
            except (OSError, ValueError):
                continue
            if isinstance(entries, dict):
                disabled |= {k for k, v in entries.items() if v}
            elif isinstance(entries, list):
                disabled |= set(map(str, entries))
    return disabled


def _major(version: str | None) -> int | None:
    try:
        return int(str(version).split(".")[0])
    except (TypeError, ValueError):
        return None


def _pin(v: dict[str, str | None]) -> str:
    return (
        f"pip install -c constraints.txt ipywidgets jupyterlab_widgets anywidget "
        f"(or: pip install 'ipywidgets=={v.get('ipywidgets') or '8.1.9'}' "
        f"'jupyterlab_widgets>=3,<4')"
    )


# ---------------------------------------------------------------- the checks


def check(
    *,
    installed: dict[str, str | None] | None = None,
    paths: list[Path] | None = None,
    config: list[Path] | None = None,
) -> Report:
    """Check the stack and return a :class:`Report` (nothing is printed).

    Parameters
    ----------
    installed : dict, optional
        Package versions to judge (default: this Python's, :func:`versions`).
    paths : list of Path, optional
        Folders to look for front-end extensions in (default: Jupyter's).
    config : list of Path, optional
        Jupyter configuration folders (default: Jupyter's).
    """
    v = dict(installed) if installed is not None else versions()
    report = Report(versions=v, python=sys.version.split()[0], sandbox=grading_sandbox())
    checks = report.checks

    missing = [
        n
        for n in (
            "jupyterlab",
            "ipywidgets",
            "jupyterlab_widgets",
            "altair",
            "anywidget",
            "vl-convert-python",
        )
        if not v.get(n)
    ]
    if missing:
        checks.append(
            Check(
                "course packages",
                False,
                f"not installed: {', '.join(missing)}",
                "in the course folder run `make lab` (it installs everything into .venv), or "
                f"`pip install -c constraints.txt {' '.join(missing)}`, then restart JupyterLab.",
            )
        )
    else:
        checks.append(Check("course packages", True, "all installed"))

    lab_major = _major(v.get("jupyterlab"))
    if v.get("jupyterlab") and lab_major != 4:
        checks.append(
            Check(
                "JupyterLab",
                False,
                f"version {v['jupyterlab']}; the course needs JupyterLab 4",
                "pip install -c constraints.txt jupyterlab",
            )
        )

    ipyw = _major(v.get("ipywidgets"))
    labw = _major(v.get("jupyterlab_widgets"))
    want = COMPATIBLE.get(ipyw or -1)
    if ipyw is not None and labw is not None:
        if want and labw != want[0]:
            checks.append(
                Check(
                    "ipywidgets and jupyterlab_widgets",
                    False,
                    f"ipywidgets {v['ipywidgets']} needs jupyterlab_widgets {want[0]}.x, but "
                    f"{v['jupyterlab_widgets']} is installed. JupyterLab then shows "
                    '"Error displaying widget: model not found" instead of sliders.',
                    _pin(v) + ", then restart JupyterLab.",
                )
            )
        else:
            checks.append(
                Check(
                    "ipywidgets and jupyterlab_widgets",
                    True,
                    f"{v['ipywidgets']} with {v['jupyterlab_widgets']} match",
                )
            )

    disabled = disabled_extensions(config)
    copies = find_labextension(MANAGER, paths)
    if not copies:
        checks.append(
            Check(
                "widget extension in JupyterLab",
                False,
                f"{MANAGER} is not installed, so JupyterLab cannot draw widgets: sliders appear as "
                "text such as VBox(children=...), charts as <JupyterChart object ...>.",
                "pip install -c constraints.txt jupyterlab_widgets (in the environment that runs "
                "JupyterLab), then restart JupyterLab.",
            )
        )
    else:
        first = copies[0]
        manager_major = _major(first["version"])
        detail = f"{MANAGER} {first['version']} in {first['path']}"
        if want and manager_major != want[1]:
            checks.append(
                Check(
                    "widget extension in JupyterLab",
                    False,
                    f"{detail}, but ipywidgets {v['ipywidgets']} needs version {want[1]}.x. This "
                    'mismatch is what shows "Error displaying widget: model not found".',
                    _pin(v) + "; if an old copy sits in a folder listed above, remove it "
                    "(`jupyter labextension list` shows them); then restart JupyterLab.",
                )
            )
        elif MANAGER in disabled:
            checks.append(
                Check(
                    "widget extension in JupyterLab",
                    False,
                    f"{detail}, but it is disabled.",
                    f"jupyter labextension enable {MANAGER}, then restart JupyterLab.",
                )
            )
        else:
            extra = ""
            others = [c for c in copies[1:] if c["version"] != first["version"]]
            if others:
                extra = (
                    f" (another copy, {others[0]['version']}, in {others[0]['path']} is not "
                    "used; remove it if widgets misbehave)"
                )
            checks.append(Check("widget extension in JupyterLab", True, detail + extra))

    aw = find_labextension(ANYWIDGET, paths)
    if not aw:
        checks.append(
            Check(
                "chart extension in JupyterLab",
                False,
                "anywidget's JupyterLab extension is not installed, so charts cannot be drawn.",
                "pip install -c constraints.txt anywidget (in the environment that runs JupyterLab), "
                "then restart JupyterLab.",
            )
        )
    elif ANYWIDGET in disabled:
        checks.append(
            Check(
                "chart extension in JupyterLab",
                False,
                f"anywidget {aw[0]['version']} is installed but disabled.",
                "jupyter labextension enable anywidget, then restart JupyterLab.",
            )
        )
    elif v.get("anywidget") and aw[0]["version"] != v["anywidget"]:
        checks.append(
            Check(
                "chart extension in JupyterLab",
                False,
                f"the Python package anywidget is {v['anywidget']} but its JupyterLab extension is "
                f"{aw[0]['version']} ({aw[0]['path']}); charts may fail to load.",
                "pip install --force-reinstall -c constraints.txt anywidget, then restart JupyterLab.",
            )
        )
    else:
        checks.append(
            Check("chart extension in JupyterLab", True, f"anywidget {aw[0]['version']} in {aw[0]['path']}")
        )

    if v.get("vl-convert-python") and v.get("anywidget"):
        checks.append(
            Check(
                "offline charts",
                True,
                "vl-convert-python and anywidget are installed: conflictlab.setup() "
                "draws charts with no internet",
            )
        )
    else:
        checks.append(
            Check(
                "offline charts",
                False,
                "without vl-convert-python and anywidget, charts load their JavaScript from the "
                'internet and stay blank offline ("Error loading script").',
                "pip install -c constraints.txt vl-convert-python anywidget, then restart the kernel.",
            )
        )
    return report


def grading_sandbox() -> str:
    """Where ``conflictlab grade`` would run each notebook on this machine, in one sentence."""
    # Imported here: `import conflictlab` imports this module, and grading brings pandas and Jupyter.
    from ..grading.sandbox import find_sandbox

    try:
        return find_sandbox().describe()
    except Exception as exc:  # the doctor reports; it never fails on what it inspects
        return f"the sandbox could not be checked ({type(exc).__name__}: {exc})"


def doctor(file: TextIO | None = None) -> None:
    """Print the versions of the widget and chart stack and what to fix, if anything.

    Run it in a notebook cell (``conflictlab.doctor()``) when sliders or
    charts do not appear, or from a terminal as ``conflictlab doctor``.
    """
    print(check().text(), file=file or sys.stdout)


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``conflictlab doctor``."""
    parser.add_argument("--json", action="store_true", help="print the findings as JSON (for scripts)")


def run(args: argparse.Namespace) -> int:
    """Run the doctor; exit status 0 when all is well, 1 when something needs fixing."""
    report = check()
    if getattr(args, "json", False):
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "python": report.python,
                    "versions": report.versions,
                    "grading_sandbox": report.sandbox,
                    "checks": [c.__dict__ for c in report.checks],
                },
                indent=2,
            )
        )
    else:
        print(report.text())
    return 0 if report.ok else 1
