"""A section: one titled block of a page (chart, table or figures), with the rows behind it.

Views (components/views/) return sections; pages only lay them out (components/widgets.py).
A section knows the data-package resources its rows came from, so its source line, licence
and credit line are derived from datapackage.json (components/provenance.py) and never passed
by a page. Its CSV is built once, with the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from components import data, provenance
from components.charts import add_footer
from components.downloads import to_safe_csv
from components.provenance import DASHBOARD_TITLE

KINDS = ("chart", "table", "figures", "text")


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

    def csv_with_header(self, accessed: str, view_url: str = "") -> bytes:
        """The CSV with its sources, the view's URL and the access date as comment lines."""
        return with_header(self.csv, [*self.sources, f"View: {view_url or self.view_url}", f"Accessed: {accessed}"])


def nothing(key: str, title: str, resources: tuple[str, ...], why: str) -> Section:
    """A section with nothing to draw for this view, saying why (never an empty chart)."""
    return Section(key, title, pd.DataFrame({"endnote": []}), resources, kind="text", empty=why)


BOM = "\ufeff".encode()


def with_header(csv: bytes, lines: list[str]) -> bytes:
    """``csv`` with ``# ``-comment lines (source, licence, view URL, date) before its header row."""
    body = csv[len(BOM):] if csv.startswith(BOM) else csv
    header = "".join(f"# {line.replace(chr(13), ' ').replace(chr(10), ' ')}\r\n" for line in lines)
    return BOM + header.encode("utf-8") + body
