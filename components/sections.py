"""A section: one titled block of a page (chart, table or figures), with the rows behind it.

Views (components/views/) return sections; pages only lay them out (components/widgets.py).
A section knows the data-package resources its rows came from, so its source line, licence
and credit line are derived from datapackage.json (components/provenance.py) and never passed
by a page. Its CSV is built once, with the view.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from components import data, provenance
from components.charts import add_footer
from components.downloads import comment_line, to_safe_csv
from components.provenance import DASHBOARD_TITLE

KINDS = ("chart", "table", "figures", "text")
ANCHOR_PREFIX = "section-"  # the page element of a section: class "st-key-section-<anchor>" (widgets.show)


def anchor_of(key: str) -> str:
    """The stable anchor of a section on its page, from its key ('arms_deals' -> 'arms-deals'): what a
    link's ``#fragment`` names (components/links.py) and the key of the block the page draws it in."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


@dataclass(frozen=True, eq=False)
class Section:
    """``title`` states the takeaway of exactly ``rows``; ``empty`` (when set) says why nothing is drawn.

    ``kind``: "chart" draws ``figure``; "table" shows ``table``; "figures" shows ``rows`` as
    numbers side by side (different units); "text" shows ``table`` rows as statements.
    ``table`` is the human-readable form of ``rows`` (labelled columns, empty for unknown).
    """

    key: str
    title: str
    rows: pd.DataFrame
    resources: tuple[str, ...]
    kind: str = "chart"
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None
    note: str = ""
    empty: str = ""
    view_url: str = ""
    csv: bytes = field(init=False, repr=False)
    sources: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown section kind {self.kind!r}")
        sources = tuple(provenance.source_lines(self.rows, self.resources, data.package()))
        object.__setattr__(self, "sources", sources)
        object.__setattr__(self, "csv", b"" if self.empty else to_safe_csv(self.rows))
        if self.figure is not None:
            add_footer(self.figure, [*sources, f"{DASHBOARD_TITLE}: {self.view_url}" if self.view_url else DASHBOARD_TITLE])

    @property
    def anchor(self) -> str:
        """Where a link to this section points on its page (``/trade?partner=RUS#shares``)."""
        return anchor_of(self.key)

    @functools.cached_property
    def readable_table(self) -> pd.DataFrame:
        """``table`` (or the rows) for people, built once per section: it was half a page run."""
        return readable(self.table if self.table is not None else self.rows)

    def csv_with_header(self, accessed: str, view_url: str = "") -> bytes:
        """The CSV with its sources, the view's URL and the access date as comment lines."""
        return with_header(self.csv, [*self.sources, f"View: {view_url or self.view_url}", f"Accessed: {accessed}"])


def sections(view) -> list[Section]:
    """Every Section a view holds, in field order: a field that is a section, a tuple or list of them,
    or a dataclass holding them (Did it hold?'s panels), at any depth. The one walk over a view: the
    pages, the citation and the tests all use it."""
    found: list[Section] = []
    for item in _values(view):
        if isinstance(item, Section):
            found.append(item)
        elif isinstance(item, (tuple, list)) or (dataclasses.is_dataclass(item) and not isinstance(item, type)):
            found += sections(item)
    return found


def _values(holder) -> list:
    if isinstance(holder, (tuple, list)):
        return list(holder)
    return [getattr(holder, f.name) for f in dataclasses.fields(holder)]


def nothing(key: str, title: str, resources: tuple[str, ...], why: str) -> Section:
    """A section with nothing to draw for this view, saying why (never an empty chart)."""
    return Section(key, title, pd.DataFrame({"endnote": []}), resources, kind="text", empty=why)


BOM = "\ufeff".encode()


def with_header(csv: bytes, lines: list[str]) -> bytes:
    """``csv`` with ``# ``-comment lines (source, licence, view URL, date) before its header row,
    guarded like its cells (``downloads.comment_line``)."""
    body = csv[len(BOM):] if csv.startswith(BOM) else csv
    header = "".join(f"{comment_line(line)}\r\n" for line in lines)  # each one line, no formula in it
    return BOM + header.encode("utf-8") + body


COLUMN_LABELS = {
    "partner": "Partner", "recipient": "Recipient", "year": "Year", "value": "Value", "unit": "Unit",
    "endnote": "Endnote", "quote": "Quote", "qualifier": "Hedge in the text", "value_in_text": "As written",
    "derived": "Derived", "derivation": "How derived", "highlighted": "Chosen in the filter", "label": "Figure",
    "indicator": "Indicator", "date_as_written": "Date as written", "tiv_delivered": "TIV delivered (millions)",
    "usd_million": "USD million", "share_pct": "Share (%)", "data_year": "Data year", "flow": "Flow",
    "year_derived": "Year derived", "year_derivation": "How the year was derived",
}


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A table for people: labelled columns, data sets by their titles (not ids such as
    ``imf_dots_serbia_trade``), and empty cells (not "None" or "nan") for unknown values."""
    labels = {c: COLUMN_LABELS.get(c, c.replace("_", " ").capitalize() if c.islower() else c) for c in table.columns}
    shown = table.rename(columns=labels)
    return pd.DataFrame({column: _readable_column(_titled(shown[column])) for column in shown.columns})


def resource_titles() -> dict[str, str]:
    """Each data set's id -> its title in datapackage.json (the one place a data set is named)."""
    return {r["name"]: r.get("title") or r["name"] for r in data.package().get("resources", []) if "name" in r}


def display_names() -> tuple[dict[str, str], ...]:
    """The vocabularies whose codes a table for people shows by name, each from the one place that names
    them: data sets (datapackage.json titles), the scorecard's dimensions, partners (data/partners.csv)."""
    from components import countries, scorecard  # the crosswalk is data: read when a table is shown

    return resource_titles(), dict(scorecard.DIMENSIONS), countries.names()


def _titled(column: pd.Series) -> pd.Series:
    """A column whose every value is a code of one vocabulary (display_names), shown by name; any
    other column unchanged (a column mixing codes and text is text)."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return column
    values = set(column.dropna())
    if not values or not all(isinstance(v, str) for v in values):
        return column
    for names in display_names():
        if values <= set(names):
            return column.map(names).fillna(column)
    return column


def _readable_column(column: pd.Series) -> pd.Series:
    """Numbers stay numbers where none is missing; otherwise text, with unknown cells empty."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column) and column.notna().all():
        return column
    if pd.api.types.is_bool_dtype(column):
        column = column.map({True: "Yes", False: "No"})
    elif pd.api.types.is_datetime64_any_dtype(column):
        column = column.dt.strftime("%Y-%m-%d")
    elif pd.api.types.is_float_dtype(column):
        column = column.map(lambda v: f"{v:g}" if pd.notna(v) else None)
    return column.astype("string").fillna("")
