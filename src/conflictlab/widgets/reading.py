"""Two panels for reading the data (lesson 00): the table explorer and the quote lookup."""

from __future__ import annotations

import difflib
import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from .. import charts, data
from .._text import number as _number
from ..data import catalogue
from .panel import Panel, PanelResult, Problem

__all__ = ["TableExplorer", "ExplorerResult", "QuoteLookup", "QuoteResult", "EXPLORER_MAX_ROWS"]

#: The most rows the table explorer shows at once (the slider's maximum).
EXPLORER_MAX_ROWS = 50

_GROUP_WORDS = {
    "facts": "a fact table: each row records something the article says, with its evidence quote",
    "codings": "a coding table: the analyst's estimates, not facts from the article",
    "background": "outside context: facts from other sources, each with its sources",
}


def _fold(text: str) -> str:
    """Text for searching: capitals and the kind of quote mark or dash do not matter."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
    return " ".join(str(text).translate(table).casefold().split())


def _display(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the text a student reads: dates as yyyy-mm-dd, nothing for empty cells."""
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        series = df[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = series.dt.strftime("%Y-%m-%d").fillna("")
        else:
            out[col] = series.map(
                lambda v: (
                    ""
                    if v is None or (not isinstance(v, str) and pd.isna(v))
                    else _number(v)
                    if isinstance(v, (float, np.floating))
                    else str(v)
                )
            )
    return out


_TABLE_STYLE = (
    "<style>.conflictlab-rows{border-collapse:collapse;font-size:0.9em;line-height:1.35}"
    ".conflictlab-rows th{text-align:left;background:#f2f2f2;position:sticky;top:0;padding:3px 8px}"
    ".conflictlab-rows td{text-align:left;vertical-align:top;padding:3px 8px;"
    "border-bottom:1px solid #e3e3e3;max-width:420px}</style>"
)


def _html_table(df: pd.DataFrame) -> str:
    shown = _display(df)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>"
        for row in shown.itertuples(index=False)
    )
    return (
        f'{_TABLE_STYLE}<div style="max-height:440px;overflow:auto">'
        f'<table class="conflictlab-rows"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


class ExplorerResult(PanelResult):
    """:attr:`TableExplorer.result`: the table chosen and the rows that match the search."""

    table: str
    group: str | None
    description: str
    n_rows: int
    search: str
    matches: pd.DataFrame | None
    n_matches: int
    shown: pd.DataFrame | None


class QuoteResult(PanelResult):
    """:attr:`QuoteLookup.result`: the fact, its evidence and where it stands in the article."""

    fact_id: str
    table: str | None
    paragraph: int | None
    evidence: str | None
    article_sentence: str | None
    row: dict[str, str] | None
    quote: Any


class TableExplorer(Panel[ExplorerResult]):
    """Browse the course's tables: pick one, search its rows, choose how many to show.

    Parameters
    ----------
    table : str
        The table shown first, a name from :func:`conflictlab.data.tables`.
    search : str
        Show only the rows that contain this text in some column. Capitals,
        the kind of quote mark (’ or ') and of dash do not matter.
    rows : int
        How many of the matching rows to show, from 1 to
        :data:`EXPLORER_MAX_ROWS`.

    Attributes
    ----------
    inputs : dict
        ``"table"`` (dropdown), ``"search"`` (text box, read when you press
        Enter or leave it) and ``"rows"`` (slider).
    result : ExplorerResult
        ``ok``, ``problem``, ``table``, ``group`` ("facts", "codings" or
        "background"), ``description``, ``n_rows`` (the table's size),
        ``search``, ``matches`` (the matching rows, a DataFrame),
        ``n_matches``, ``shown`` (the rows on screen) and ``sentence``.
    """

    kind = "explorer"
    problem_title = "Nothing to show."

    def __init__(self, table: str = "actors", *, search: str = "", rows: int = 5) -> None:
        super().__init__()
        self.sentence.remove_class("conflictlab-forecast")
        self.catalogue = catalogue.overview().set_index("table")
        if table not in self.catalogue.index:
            raise ValueError(
                f"there is no table called {table!r}; the tables are: {', '.join(self.catalogue.index)}."
            )
        if isinstance(rows, bool) or not isinstance(rows, (int, np.integer)):
            raise ValueError(f"rows must be a whole number from 1 to {EXPLORER_MAX_ROWS}; got {rows!r}.")
        if not 1 <= int(rows) <= EXPLORER_MAX_ROWS:
            raise ValueError(f"rows must be from 1 to {EXPLORER_MAX_ROWS}; got {rows}.")
        if not isinstance(search, str):
            raise ValueError(f"search must be text; got {type(search).__name__}.")
        options = [
            (f"{name} ({row.group}, {row.rows} rows)", name) for name, row in self.catalogue.iterrows()
        ]
        table_box = w.Dropdown(
            options=options,
            value=table,
            description="Table:",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        search_box = w.Text(
            value=search,
            placeholder="a word or a name, e.g. Iran",
            description="Search:",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        rows_slider = w.IntSlider(
            value=int(rows),
            min=1,
            max=EXPLORER_MAX_ROWS,
            step=1,
            description="Rows shown:",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", min_width="320px"),
        )
        for name, widget, spoken in (
            ("table", table_box, "Table to show"),
            ("search", search_box, "Search the table's rows"),
            ("rows", rows_slider, "Rows shown"),
        ):
            widget.add_class("conflictlab-input")
            widget.add_class(f"conflictlab-input-{name}")
            self.inputs[name] = widget
            self._name(widget, spoken)
            self._watch(widget)
        self._start = {name: widget.value for name, widget in self.inputs.items()}
        reset_button = self._reset_button("Back to the starting table")
        self.table_view = w.HTML("")
        self.table_view.add_class("conflictlab-table")

        _result, values = self._first_result()
        self._push(values)
        self._assemble(
            w.HBox(
                [table_box, search_box, reset_button], layout=w.Layout(flex_flow="row wrap", grid_gap="12px")
            ),
            rows_slider,
            self.sentence,
            self.notice,
            self.table_view,
        )

    def reset(self) -> None:
        """Back to the starting table, search and number of rows."""
        with self._hold():
            for name, value in self._start.items():
                self.inputs[name].value = value

    def _empty_result(self) -> dict[str, Any]:
        return {
            "table": self.inputs["table"].value,
            "group": None,
            "description": "",
            "n_rows": 0,
            "search": self.inputs["search"].value,
            "matches": None,
            "n_matches": 0,
            "shown": None,
            "sentence": "",
        }

    def _compute(self) -> tuple[dict[str, Any], dict[str, Any]]:
        name = self.inputs["table"].value
        info = self.catalogue.loc[name]
        table = data.load(name)
        search = self.inputs["search"].value.strip()
        if search:
            needle = _fold(search)
            text = _display(table)
            hit = pd.Series(False, index=table.index)
            for col in text.columns:
                hit |= text[col].map(_fold).str.contains(needle, regex=False)
            matches = table[hit]
        else:
            matches = table
        count = int(self.inputs["rows"].value)
        shown = matches.head(count)
        result = {
            "table": name,
            "group": info["group"],
            "description": info["description"],
            "n_rows": len(table),
            "search": search,
            "matches": matches,
            "n_matches": len(matches),
            "shown": shown,
        }
        result["sentence"] = self._sentence(result)
        return result, {"html": _html_table(shown) if len(shown) else ""}

    def _sentence(self, result: Mapping[str, Any]) -> str:
        n, name = result["n_rows"], result["table"]
        first = f"{name} is {_GROUP_WORDS[result['group']]}. It has {n} row{'s' if n != 1 else ''}."
        m, search = result["n_matches"], result["search"]
        if search and m == 0:
            return (
                f"{first} None of them contains “{search}”: check the spelling, try a shorter word, "
                "or choose another table."
            )
        if search:
            first += f" {m} of them contain{'s' if m == 1 else ''} “{search}”."
        shown = len(result["shown"])
        if shown < m:
            return f"{first} Showing the first {shown}: move the slider to see more."
        return f"{first} Showing {'it' if shown == 1 else f'all {shown}'}."

    def _push(self, values: Mapping[str, Any]) -> None:
        self.table_view.value = values["html"]

    def save(self, path: str | Path, scale_factor: float = 2.0) -> Path:
        """Write the matching rows (all of them, not only those shown) to a ``.csv`` file."""
        path = Path(path)
        if path.suffix.lower() != ".csv":
            raise ValueError(
                f"the table explorer saves .csv files; {path.name!r} ends in "
                f"{path.suffix or 'nothing'}. Try {path.stem or 'rows'}.csv."
            )
        matches = self.result["matches"]
        if not self.result["ok"] or matches is None:
            raise ValueError(f"there are no rows to save: {self.message}")
        matches.to_csv(path, index=False, encoding="utf-8")
        return path


class QuoteLookup(Panel[QuoteResult]):
    """Type a fact id; see its evidence quote in its sentence of the article.

    Parameters
    ----------
    fact_id : str
        The fact shown first: any id of a fact table (``C11``, ``E06``,
        ``russia``, ``venue`` …). Capitals do not matter.

    Attributes
    ----------
    inputs : dict
        ``"fact_id"``: a text box that suggests the known ids; it is read
        when you press Enter or leave it.
    result : QuoteResult
        ``ok``, ``problem``, ``fact_id``, ``table``, ``paragraph`` (1-based),
        ``evidence`` (the quote), ``article_sentence`` (the sentence or
        sentences it stands in), ``row`` (the fact's row, as a dict),
        ``quote`` (the :class:`conflictlab.data.Quote`) and ``sentence``.
    """

    kind = "quote"
    problem_title = "No quote to show."

    def __init__(self, fact_id: str = "C11") -> None:
        super().__init__()
        self.sentence.remove_class("conflictlab-forecast")
        self.ids = catalogue.fact_ids()
        self._by_folded = {i.casefold(): i for i in self.ids}
        if not isinstance(fact_id, str):
            raise ValueError(f"fact_id must be text, such as 'C11'; got {fact_id!r}.")
        box = w.Combobox(
            value=fact_id,
            options=self.ids,
            ensure_option=False,
            continuous_update=False,
            placeholder="a fact id, e.g. C11",
            description="Fact id:",
            style={"description_width": "initial"},
        )
        box.add_class("conflictlab-input")
        box.add_class("conflictlab-input-fact-id")
        self.inputs["fact_id"] = box
        self._name(box, "Fact id to look up")
        self._watch(box)
        self._start = fact_id
        self.quote_view = w.HTML("")
        self.quote_view.add_class("conflictlab-quote")
        hint = w.HTML(
            '<span style="color:#555">Type an id and press Enter: C… claims, E… events, '
            "S… stances, R… relations, N… numbers; actors and issues by their id "
            "(<code>russia</code>, <code>venue</code>).</span>"
        )
        self.update()
        self._assemble(box, hint, self.sentence, self.notice, self.quote_view)

    def reset(self) -> None:
        """Back to the starting fact id."""
        self.inputs["fact_id"].value = self._start

    def update(self) -> None:
        """Look the id up again; an unknown id clears the quote and says what is wrong."""
        super().update()
        if not self.result.get("ok"):
            self.sentence.value = ""
            self.quote_view.value = ""

    def _empty_result(self) -> dict[str, Any]:
        return {
            "fact_id": self.inputs["fact_id"].value,
            "table": None,
            "paragraph": None,
            "evidence": None,
            "article_sentence": None,
            "row": None,
            "quote": None,
            "sentence": "",
        }

    def _compute(self) -> tuple[dict[str, Any], dict[str, Any]]:
        typed = str(self.inputs["fact_id"].value).strip()
        if not typed:
            raise Problem("Type a fact id, such as C11 (a claim) or E06 (an event), and press Enter.")
        fact_id = self._by_folded.get(typed.casefold())
        if fact_id is None:
            close = difflib.get_close_matches(typed.casefold(), list(self._by_folded), n=3)
            names = [self._by_folded[c] for c in close]
            hint = (
                f" Did you mean {', '.join(names[:-1]) + ' or ' + names[-1] if len(names) > 1 else names[0]}?"
                if names
                else " Fact ids look like C11, E06 or russia."
            )
            raise Problem(f"No fact has the id {typed!r}.{hint}")
        q = data.quote(fact_id)
        table = data.load(q.table)
        column = data.FACT_ID_COLUMNS[q.table]
        row = _display(table[table[column] == fact_id]).iloc[0].to_dict()
        result = {
            "fact_id": fact_id,
            "table": q.table,
            "paragraph": q.paragraph,
            "evidence": q.evidence,
            "article_sentence": q.sentence,
            "row": row,
            "quote": q,
        }
        result["sentence"] = (
            f"{fact_id} is a row of the {q.table} table. Its evidence (in bold) "
            f"stands in paragraph {q.paragraph} of the article:"
        )
        return result, {"html": self._quote_html(q, row)}

    def _push(self, values: Mapping[str, Any]) -> None:
        self.quote_view.value = values["html"]

    @staticmethod
    def _quote_html(q: Any, row: Mapping[Any, str]) -> str:
        before, found, after = q.sentence.partition(q.evidence)
        if found:
            quoted = f"{html.escape(before)}<b>{html.escape(found)}</b>{html.escape(after)}"
        else:
            quoted = f"<b>{html.escape(q.sentence)}</b>"
        fields = "".join(
            f"<li><code>{html.escape(str(k))}</code>: {html.escape(v) if v else '<i>(empty)</i>'}</li>"
            for k, v in row.items()
            if k != "evidence"
        )
        return (
            f'<blockquote style="border-left:4px solid {charts.PALETTE["blue"]};margin:6px 0;'
            f'padding:4px 12px;font-size:1.05em">{quoted}</blockquote>'
            f'<div style="color:#333">The fact\'s row:<ul style="margin-top:2px">{fields}</ul></div>'
        )

    def save(self, path: str | Path, scale_factor: float = 2.0) -> Path:
        """Write the quote, its fact id and the article's reference to a ``.md`` or ``.txt`` file."""
        path = Path(path)
        if path.suffix.lower() not in {".md", ".txt"}:
            raise ValueError(
                f"the quote lookup saves .md or .txt files; {path.name!r} ends in "
                f"{path.suffix or 'nothing'}. Try {path.stem or 'quote'}.md."
            )
        if not self.result.get("ok"):
            raise ValueError(f"there is no quote to save: {self.message}")
        r = self.result
        path.write_text(
            f"> {r['article_sentence']}\n\n{r['fact_id']} ({r['table']}), paragraph "
            f"{r['paragraph']} of {data.cite()}\n",
            encoding="utf-8",
        )
        return path
