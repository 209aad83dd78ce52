"""Reading a submitted notebook: the file, its lesson, the names its cells assign."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

#: The largest notebook the grader reads, in bytes (a course notebook saved with its outputs is far smaller).
MAX_NOTEBOOK_BYTES = 32 * 1024**2


class SubmissionError(Exception):
    """A submission that cannot be run at all; the message is for the student."""


@dataclasses.dataclass(frozen=True)
class Submission:
    """One student's file, read once before any notebook runs: what is graded is these bytes."""

    student: str
    file: str
    data: bytes
    problem: str | None = None  # why the file could not be read, for the student

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def load_submission(path: Path, student: str | None = None) -> Submission:
    """Read a submitted file's bytes, at most :data:`MAX_NOTEBOOK_BYTES`, without following a link."""
    path = Path(path)
    student = student or path.stem
    try:
        if path.is_symlink():
            raise SubmissionError(
                "The file is a symbolic link, not a notebook: the grader does not follow links. "
                "Submit the .ipynb file itself."
            )
        with path.open("rb") as f:
            data = f.read(MAX_NOTEBOOK_BYTES + 1)
    except SubmissionError as exc:
        return Submission(student, path.name, b"", str(exc))
    except OSError as exc:
        return Submission(student, path.name, b"", f"The file could not be opened ({exc.strerror}).")
    if len(data) > MAX_NOTEBOOK_BYTES:
        return Submission(
            student,
            path.name,
            b"",
            f"The file is larger than {MAX_NOTEBOOK_BYTES // 1024**2} MiB, far more than an exercise "
            "notebook: clear its outputs (Edit → Clear Outputs of All Cells), save, and resubmit.",
        )
    return Submission(student, path.name, data)


def read_submission(path: Path) -> Any:
    """Read a submitted notebook, or raise :class:`SubmissionError` saying what is wrong with the file."""
    submission = load_submission(path)
    if submission.problem:
        raise SubmissionError(submission.problem)
    return parse_submission(submission.data)


def parse_submission(raw: bytes) -> Any:
    """A notebook (format 4) from a submitted file's bytes, or :class:`SubmissionError` saying what is wrong."""
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
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise SubmissionError(
            f"The file is not a readable notebook: its JSON is broken{where} "
            "(was it edited outside JupyterLab, or cut short?). Download it again from JupyterLab "
            "(File → Download) and resubmit."
        ) from None
    old_format = (
        isinstance(data, dict) and data.get("nbformat") == 3 and isinstance(data.get("worksheets"), list)
    )
    if not old_format and (not isinstance(data, dict) or not isinstance(data.get("cells"), list)):
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


def peek_lesson(data: bytes) -> str | None:
    """The lesson a submitted file's bytes declare, if they are a notebook that says."""
    try:
        return notebook_lesson(json.loads(data.decode("utf-8-sig")))
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
