"""Reading a submitted notebook: the file, its lesson, the names its cells assign."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import nbformat
from IPython.core.inputtransformer2 import TransformerManager


class SubmissionError(Exception):
    """A submission that cannot be run at all; the message is for the student."""


def read_submission(path: Path) -> Any:
    """Read a submitted notebook, or raise :class:`SubmissionError` saying what is wrong with the file."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SubmissionError(f"The file could not be opened ({exc.strerror}).") from None
    if not raw.strip():
        raise SubmissionError(
            "The file is empty: it holds no notebook. Submit the .ipynb file saved from JupyterLab."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(
            "The file is not a notebook (it is not text). Submit the .ipynb file saved from JupyterLab."
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            f"The file is not a readable notebook: its JSON is broken at line {exc.lineno}, column {exc.colno} "
            "(was it edited outside JupyterLab, or cut short?). Download it again from JupyterLab "
            "(File → Download) and resubmit."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise SubmissionError("The file is JSON but not a Jupyter notebook (it has no list of cells).")
    try:
        nb = nbformat.reads(text, as_version=4, capture_validation_error={})
    except Exception as exc:
        raise SubmissionError(f"The notebook could not be read ({type(exc).__name__}: {exc}).") from None
    for cell in nb.cells:
        if "source" not in cell or "cell_type" not in cell:
            raise SubmissionError("The notebook has a damaged cell (no type or no source).")
    return nb


def notebook_lesson(nb: Any) -> str | None:
    """The lesson a notebook declares in its metadata (``"conflictlab": {"lesson": "NN"}``)."""
    meta = nb.get("metadata", {}) if isinstance(nb, dict) else {}
    lesson = (
        (meta.get("conflictlab") or {}).get("lesson") if isinstance(meta.get("conflictlab"), dict) else None
    )
    if lesson is None:
        return None
    text = str(lesson).strip()
    return text.zfill(2) if re.fullmatch(r"\d{1,2}", text) else None


def peek_lesson(path: Path) -> str | None:
    try:
        return notebook_lesson(json.loads(Path(path).read_text(encoding="utf-8-sig")))
    except Exception:
        return None


def assigned_names(source: str) -> set[str]:
    """Names a cell assigns at its top level (``x = ...``, ``for x in``, ``import x``, ``def x``)."""
    pattern = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)", flags=re.M)
    if source.lstrip().startswith("%%"):  # a cell magic such as %%time: its body is Python
        source = source.lstrip().split("\n", 1)[1] if "\n" in source.lstrip() else ""
    magic_lines = [
        re.sub(r"^\s*%\w+\s*", "", line) for line in source.splitlines() if line.lstrip().startswith("%")
    ]
    names: set[str] = set(pattern.findall("\n".join(magic_lines)))
    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except Exception:
        return names | set(pattern.findall(source))

    class Visitor(ast.NodeVisitor):
        def visit_Name(self, node: ast.Name) -> None:
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)

        def visit_FunctionDef(self, node: ast.AST) -> None:
            names.add(node.name)  # type: ignore[attr-defined]

        visit_AsyncFunctionDef = visit_FunctionDef
        visit_ClassDef = visit_FunctionDef

        def visit_Lambda(self, node: ast.AST) -> None:
            pass

        def visit_ListComp(self, node: ast.AST) -> None:
            pass

        visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

        def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
            names.add(node.target.id)
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            for alias in node.names:
                names.add(alias.asname or alias.name)

        def visit_Global(self, node: ast.Global) -> None:
            names.update(node.names)

    Visitor().visit(tree)
    return names
