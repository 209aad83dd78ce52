"""The typed JSON encoding that carries a student's answers out of their kernel."""

from __future__ import annotations

import datetime as dt
import inspect
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..checks import Unsupported

#: The most values (table cells, list items, characters / 100) read back per variable.
VALUE_BUDGET = 500_000

#: The MIME type of the one output that carries the answers back.
ANSWERS_MIME = "application/vnd.conflictlab.answers+json"


def encode_value(
    value: Any, limit: int = 500_000
) -> dict[str, Any]:  # 500_000: VALUE_BUDGET, literal in the kernel
    """Encode ``value`` as typed, plain JSON data (runs inside the student's kernel).

    The encoding keeps what a check needs to tell a right answer from a
    wrong one — a tuple stays a tuple, a DataFrame keeps its columns, index
    and dtypes — and refuses everything else as ``{"t": "unsupported"}``.
    This function is sent to the kernel as source code, so it imports what
    it needs itself and uses nothing else from this module (its annotations
    name only ``Any``, which the extraction cell imports).
    """
    import datetime as _dt
    import math as _math
    import sys as _sys

    np = _sys.modules.get("numpy")
    pd = _sys.modules.get("pandas")
    budget = [limit]

    class _Refused(Exception):
        pass

    def spend(n=1):
        budget[0] -= n
        if budget[0] < 0:
            raise _Refused("it is too large for the grader to read")

    def type_name(v):
        t = type(v)
        return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"

    def number(v):
        v = float(v)
        if _math.isnan(v):
            return {"t": "float", "v": "nan"}
        if _math.isinf(v):
            return {"t": "float", "v": "inf" if v > 0 else "-inf"}
        return {"t": "float", "v": v}

    def index(ix, depth):
        if pd is not None and isinstance(ix, pd.RangeIndex):
            return {
                "t": "range",
                "start": ix.start,
                "stop": ix.stop,
                "step": ix.step,
                "name": enc(ix.name, depth + 1),
            }
        if pd is not None and isinstance(ix, pd.MultiIndex):
            return {
                "t": "multiindex",
                "names": [enc(n, depth + 1) for n in ix.names],
                "v": [enc(tuple(x), depth + 1) for x in ix.tolist()],
            }
        return {
            "t": "index",
            "name": enc(ix.name, depth + 1),
            "dtype": str(ix.dtype),
            "v": [enc(x, depth + 1) for x in ix.tolist()],
        }

    def enc(v, depth=0):
        spend()
        if depth > 30:
            raise _Refused("it is nested too deeply for the grader to read")
        if v is None:
            return {"t": "none"}
        if v is Ellipsis:
            return {"t": "ellipsis"}
        if isinstance(v, bool) or (np is not None and isinstance(v, np.bool_)):
            return {"t": "bool", "v": bool(v)}
        if isinstance(v, int) or (np is not None and isinstance(v, np.integer)):
            v = int(v)
            if v.bit_length() > 10_000:  # JSON writes no integer of over 4,300 digits: send it in hex
                spend(v.bit_length() // 800)
                return {"t": "int", "hex": hex(v)}
            return {"t": "int", "v": v}
        if isinstance(v, float) or (np is not None and isinstance(v, np.floating)):
            return number(v)
        if isinstance(v, str):
            spend(len(v) // 100)
            v = str.__str__(v)
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate, which JSON messages cannot carry as text
                return {"t": "str", "utf16": v.encode("utf-16-le", "surrogatepass").hex()}
            return {"t": "str", "v": v}
        if pd is not None:
            if v is pd.NaT:
                return {"t": "nat"}
            if v is pd.NA:
                return {"t": "na"}
            if isinstance(v, pd.Timestamp):
                return {"t": "timestamp", "v": v.isoformat()}
            if isinstance(v, pd.DataFrame):
                spend(v.size)
                return {
                    "t": "frame",
                    "columns": [enc(c, depth + 1) for c in v.columns],
                    "dtypes": [str(d) for d in v.dtypes],
                    "index": index(v.index, depth),
                    "data": [[enc(x, depth + 1) for x in v.iloc[:, j].tolist()] for j in range(v.shape[1])],
                }
            if isinstance(v, pd.Series):
                spend(len(v))
                return {
                    "t": "series",
                    "name": enc(v.name, depth + 1),
                    "dtype": str(v.dtype),
                    "index": index(v.index, depth),
                    "v": [enc(x, depth + 1) for x in v.tolist()],
                }
            if isinstance(v, pd.Index):
                return index(v, depth)
        if np is not None:
            if isinstance(v, np.ndarray):
                spend(v.size)
                return {
                    "t": "ndarray",
                    "dtype": str(v.dtype),
                    "shape": list(v.shape),
                    "v": [enc(x, depth + 1) for x in v.ravel().tolist()],
                }
            if isinstance(v, np.datetime64) and pd is not None:
                return enc(pd.Timestamp(v), depth)
        if isinstance(v, _dt.datetime):
            return {"t": "datetime", "v": v.isoformat()}
        if isinstance(v, _dt.date):
            return {"t": "date", "v": v.isoformat()}
        if isinstance(v, list):
            return {"t": "list", "v": [enc(x, depth + 1) for x in list.__iter__(v)]}
        if isinstance(v, tuple):
            return {"t": "tuple", "v": [enc(x, depth + 1) for x in tuple.__iter__(v)]}
        if isinstance(v, (set, frozenset)):
            return {"t": "set", "v": [enc(x, depth + 1) for x in v]}
        if isinstance(v, dict):
            return {"t": "dict", "v": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in dict.items(v)]}
        return {
            "t": "unsupported",
            "type": type_name(v),
            "reason": "the grader cannot read values of this type",
        }

    try:
        return enc(value)
    except _Refused as exc:
        return {"t": "unsupported", "type": type_name(value), "reason": str(exc)}
    except RecursionError:
        return {
            "t": "unsupported",
            "type": type_name(value),
            "reason": "it is nested too deeply for the grader to read",
        }


def decode_value(data: Any) -> Any:
    """Rebuild a value from :func:`encode_value`'s output (in the grader's process).

    Unknown or malformed data becomes :class:`conflictlab.checks.Unsupported`;
    nothing is ever evaluated or unpickled.
    """
    try:
        return _decode(data)
    except Exception as exc:  # malformed data from a kernel is the student's problem, not a crash
        return Unsupported("value", f"the grader could not read it back ({type(exc).__name__})")


def _decode(d: Any) -> Any:
    t = d["t"]
    if t == "none":
        return None
    if t == "ellipsis":
        return Ellipsis
    if t == "bool":
        return bool(d["v"])
    if t == "int":
        return int(d["hex"], 16) if "hex" in d else int(d["v"])
    if t == "float":
        return float(d["v"])
    if t == "str":
        return bytes.fromhex(d["utf16"]).decode("utf-16-le", "surrogatepass") if "utf16" in d else str(d["v"])
    if t == "nat":
        return pd.NaT
    if t == "na":
        return pd.NA
    if t == "timestamp":
        return pd.Timestamp(d["v"])
    if t == "datetime":
        return dt.datetime.fromisoformat(d["v"])
    if t == "date":
        return dt.date.fromisoformat(d["v"])
    if t == "list":
        return [_decode(x) for x in d["v"]]
    if t == "tuple":
        return tuple(_decode(x) for x in d["v"])
    if t == "set":
        return {_decode(x) for x in d["v"]}
    if t == "dict":
        return {_decode(k): _decode(v) for k, v in d["v"]}
    if t in ("range", "index", "multiindex"):
        return _decode_index(d)
    if t == "series":
        values = _with_dtype([_decode(x) for x in d["v"]], d["dtype"])
        index = _sized(_decode_index(d["index"]), len(values))
        return pd.Series(values, index=index, name=_decode(d["name"]))
    if t == "frame":
        columns = [_decode(c) for c in d["columns"]]
        data = [
            _with_dtype([_decode(x) for x in col], dtype)
            for col, dtype in zip(d["data"], d["dtypes"], strict=False)
        ]
        index = _decode_index(d["index"])
        for column in data:
            _sized(index, len(column))
        frame = (
            pd.concat([pd.Series(col, index=index) for col in data], axis=1)
            if data
            else pd.DataFrame(index=index)
        )
        frame.columns = pd.Index(columns, dtype=object if not columns else None)
        return frame
    if t == "ndarray":
        values = [_decode(x) for x in d["v"]]
        shape = [int(n) for n in d["shape"]]
        if any(n < 0 for n in shape) or math.prod(shape) != len(values):
            raise ValueError("the declared shape does not match the values sent")
        try:
            array = np.array(values, dtype=_carried_dtype(d["dtype"], values))
        except (TypeError, ValueError):
            array = np.array(values, dtype=object)
        return array.reshape(shape)
    if t == "unsupported":
        reason = d.get("reason", "the grader cannot read values of this type")
        return Unsupported(str(d.get("type", "value")), str(reason))
    raise ValueError(f"unknown encoding {t!r}")


def _carried_dtype(name: str, values: list[Any]) -> Any:
    """The dtype called ``name``, if the values sent can fill it.

    A dtype of fixed-size text or bytes declares a size per item
    (``<U100000000``: 400 MB each); it is refused when no value sent comes
    near it, so a few bytes from a kernel cannot make the grader allocate
    gigabytes.
    """
    try:
        dtype = np.dtype(name)
    except TypeError:
        return name  # a pandas dtype ("category", "Int64"), sized by its values
    if dtype.kind in "USV":
        longest = max((len(v) for v in values if isinstance(v, (str, bytes))), default=0)
        if dtype.itemsize > 4 * longest + 64:
            raise ValueError(f"the dtype {name!r} declares items larger than any value sent")
    return name  # by its name: pandas reads "str" as its own text dtype, numpy as fixed-size text


def _sized(index: Any, length: int) -> Any:
    """``index``, when it has one label per value sent."""
    if len(index) != length:
        raise ValueError("the index does not have one label per value sent")
    return index


def _with_dtype(values: list[Any], dtype: str) -> Any:
    """The values as a pandas array of ``dtype`` (positional: no index to align on)."""
    series = pd.Series(values, dtype=object)
    try:
        series = series.astype(_carried_dtype(dtype, values))
    except (TypeError, ValueError):
        series = series.infer_objects()
    return series.array


def _decode_index(d: dict[str, Any]) -> Any:
    if d["t"] == "range":
        index = pd.RangeIndex(d["start"], d["stop"], d["step"], name=_decode(d["name"]))
        if len(index) > VALUE_BUDGET:
            raise ValueError("the range is longer than the grader reads")
        return index
    if d["t"] == "multiindex":
        tuples = [_decode(x) for x in d["v"]]
        names = [_decode(n) for n in d["names"]]
        return (
            pd.MultiIndex.from_tuples(tuples, names=names)
            if tuples
            else pd.MultiIndex.from_arrays([[] for _ in names], names=names)
        )
    values = _with_dtype([_decode(x) for x in d["v"]], d["dtype"])
    return pd.Index(values, name=_decode(d["name"]))


def extraction_code(names: Sequence[str], nonce: str) -> str:
    """The cell the grader runs in a student's kernel to read the answers."""
    source = inspect.getsource(encode_value)
    return f"""
def __conflictlab_read_answers():
    from IPython import get_ipython
    from IPython.display import display
    from typing import Any
{_indent(source, 4)}
    namespace = get_ipython().user_ns
    found = {{}}
    for name in {list(names)!r}:
        if name not in namespace:
            found[name] = {{"absent": True}}
            continue
        try:
            found[name] = {{"value": encode_value(namespace[name], {VALUE_BUDGET})}}
        except BaseException as exc:
            found[name] = {{"value": {{"t": "unsupported", "type": type(namespace[name]).__name__,
                                      "reason": "the grader could not read it (" + type(exc).__name__ + ")"}}}}
    display({{{ANSWERS_MIME!r}: {{"nonce": {nonce!r}, "answers": found}}}}, raw=True)
__conflictlab_read_answers()
del __conflictlab_read_answers
"""


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))
