"""The package's layers, enforced: data → models → charts → widgets, with checks, course and grading beside.

Read from the source with ``ast`` (nothing is imported), so a forbidden edge fails here even if no
test happens to exercise the code that holds it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "conflictlab"

#: What each part of the package may import from the others. The student's runtime flows one way —
#: data, then models, then charts, then widgets — and the instructor's tooling sits beside it. This
#: table is the rule; docs/architecture.md explains it.
MAY_IMPORT: dict[str, set[str]] = {
    "_text": set(),
    "data": {"_text"},
    "models": set(),
    "charts": {"_text", "data", "models"},
    "widgets": {"_text", "data", "models", "charts"},
    "checks": {"_text", "data", "models"},
    # ``__init__`` below: the package's ``__version__``, which the set-up line and the tools print.
    "_setup": {"__init__", "_text", "charts", "widgets"},
    # The instructor's tools sit together: ``doctor`` reports the sandbox ``grading`` will use, and
    # ``grading`` reads the solution markers ``course`` defines.
    "course": {"__init__", "_text", "_setup", "data", "models", "charts", "widgets", "checks", "grading"},
    "grading": {"_text", "_setup", "data", "models", "charts", "checks", "course"},
    "__init__": {"_text", "_setup", "data", "models", "charts", "widgets", "checks", "course", "grading"},
}
#: Third-party packages a layer must not touch (models are pure numpy/pandas).
FORBIDDEN_THIRD_PARTY: dict[str, set[str]] = {
    "models": {"altair", "ipywidgets", "anywidget", "IPython", "yaml", "pandera"},
    "data": {"altair", "ipywidgets", "anywidget"},
    "checks": {"ipywidgets", "anywidget"},
}


@dataclass(frozen=True)
class Edge:
    module: str  # e.g. "charts/facts.py"
    line: int
    target: str  # the layer imported
    in_function: bool
    explained: bool  # a comment on the line or the line above says why


def _layer(relative: Path) -> str:
    top = relative.parts[0]
    return top.removesuffix(".py") if len(relative.parts) == 1 else top


def _target_layer(node: ast.ImportFrom | ast.Import, relative: Path) -> list[str]:
    """The package layers an import statement reaches (empty for third-party imports)."""
    targets: list[str] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            parts = alias.name.split(".")
            if parts[0] == "conflictlab":
                targets.append(parts[1] if len(parts) > 1 else "__init__")
        return targets
    if node.level == 0:
        parts = (node.module or "").split(".")
        if parts[0] != "conflictlab":
            return []
        if len(parts) > 1:
            return [parts[1]]
        return [alias.name for alias in node.names]
    # relative: resolve against the importing module's package
    package = list(relative.parts[:-1])
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    if node.level - 1 > len(package):
        return []
    module = (node.module or "").split(".") if node.module else []
    full = base + module
    if full:
        return [full[0]]
    # ``from . import x`` at the top: x is a layer if it is a module or package, else a name of __init__
    return [
        alias.name
        if (PACKAGE / alias.name).is_dir() or (PACKAGE / f"{alias.name}.py").is_file()
        else "__init__"
        for alias in node.names
    ]


def _third_party(node: ast.ImportFrom | ast.Import) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name.split(".")[0] for a in node.names]
    if node.level == 0 and node.module:
        return [node.module.split(".")[0]]
    return []


def _scan(path: Path) -> tuple[list[Edge], list[tuple[int, str]]]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    relative = path.relative_to(PACKAGE)
    own = _layer(relative)
    edges: list[Edge] = []
    third: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import | ast.ImportFrom):
                here = lines[child.lineno - 1]
                above = lines[child.lineno - 2].strip() if child.lineno > 1 else ""
                explained = "#" in here or above.startswith("#")
                for target in _target_layer(child, relative):
                    if target != own:
                        edges.append(Edge(str(relative), child.lineno, target, in_function, explained))
                for name in _third_party(child):
                    third.append((child.lineno, name))
            visit(child, inside)

    visit(tree, False)
    return edges, third


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_from_the_left(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    own = _layer(relative)
    assert own in MAY_IMPORT, f"{relative}: {own!r} is not a known layer; add it to MAY_IMPORT and docs"
    edges, third = _scan(path)
    wrong = [f"line {e.line} imports {e.target}" for e in edges if e.target not in MAY_IMPORT[own]]
    assert not wrong, f"{relative} ({own}) may import only {sorted(MAY_IMPORT[own])}: " + "; ".join(wrong)
    banned = FORBIDDEN_THIRD_PARTY.get(own, set())
    touched = [f"line {line} imports {name}" for line, name in third if name in banned]
    assert not touched, f"{relative} ({own}) must not use {sorted(banned)}: " + "; ".join(touched)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_unexplained_import_inside_a_function(path: Path) -> None:
    edges, _ = _scan(path)
    hidden = [f"line {e.line} ({e.target})" for e in edges if e.in_function and not e.explained]
    assert not hidden, (
        f"{path.relative_to(PACKAGE)} imports package modules inside functions without a comment "
        "saying why: " + ", ".join(hidden)
    )


def test_the_rule_catches_a_forbidden_edge(tmp_path: Path) -> None:
    """The scanner itself: an upward import and a hidden one are both found."""
    fake = PACKAGE / "models" / "_layering_probe.py"
    fake.write_text(
        "from ..charts import theme\n\ndef f():\n    from ..data import load\n    return load\n",
        encoding="utf-8",
    )
    try:
        edges, _ = _scan(fake)
    finally:
        fake.unlink()
    assert [(e.target, e.in_function, e.explained) for e in edges] == [
        ("charts", False, False),
        ("data", True, False),
    ]
    assert not MAY_IMPORT["models"] & {"charts", "data"}
