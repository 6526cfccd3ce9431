"""Data and sources: every table with its description, source, licence, schema and rows (or error)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from components import data, provenance
from components.downloads import to_safe_csv
from components.filters import filter_links
from components.state import ViewState
from components.views import memoised


@dataclass(frozen=True)
class TableEntry:
    resource: dict[str, Any]
    schema: pd.DataFrame
    rows: pd.DataFrame | None
    csv: bytes
    error: str | None


@dataclass(frozen=True)
class SourcesView:
    heading: str
    package: dict[str, Any]
    tables: tuple[TableEntry, ...]
    catalogue: pd.DataFrame


def _schema(resource: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame([{"Column": f["name"], "Type": f["type"], "Unit": f.get("unit", ""),
                          "Valid values": data.expectation(f), "Description": f.get("description", "")}
                         for f in resource["schema"]["fields"]])


def _entry(resource: dict[str, Any], state: ViewState) -> TableEntry:
    try:
        table = data.load_table(resource["name"])
    except data.DataError as error:
        return TableEntry(resource, _schema(resource), None, b"", str(error))
    columns = [c for c in ("partner", "recipient") if c in table.columns]
    rows = filter_links(table, state.selection, columns) if columns else table
    return TableEntry(resource, _schema(resource), rows, to_safe_csv(rows), None)


@memoised
def build(state: ViewState) -> SourcesView:
    package = data.package()
    tables = tuple(_entry(resource, state) for resource in package["resources"])
    catalogue = pd.DataFrame([{
        "Table": t.resource["title"], "File": t.resource["path"],
        "Rows shown": None if t.rows is None else len(t.rows),
        "Status": "invalid: see below" if t.error else "valid",
        "Source": provenance.resource_sources(t.resource, package)[0]["title"],
        "Licence": (lambda lic: lic.get("title", lic["name"]))(provenance.resource_licences(t.resource, package)[0]),
    } for t in tables])
    return SourcesView("Data and sources", package, tables, catalogue)
