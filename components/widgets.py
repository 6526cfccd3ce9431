"""Streamlit building blocks shared by the pages: data with errors contained, the chart block.

This is the only module in components/ besides the filter glue that calls ``st.*``. Text from
data is shown through st.dataframe, st.text or escaped markdown, never as live HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data, provenance, views
from components.filters import escape_markdown

SELECTION_KEY = "selection"


@st.cache_resource(max_entries=256, show_spinner=False)
def _view(builder: str, selection: frozenset[str] | None, version: tuple):
    return views.add_downloads(getattr(views, builder)(selection))


def view(builder: str) -> dict:
    """``views.<builder>(selection)``, computed once per selection and data version, shared.

    Callers read the result and never modify it. Bad data stops the page with its message.
    """
    try:
        return _view(builder, selection(), data.version())
    except data.DataError as error:
        _stop_with(error)


def _stop_with(error: data.DataError) -> None:
    st.error(f"This page cannot be shown because a data file is invalid.\n\n{escape_markdown(str(error))}")
    st.caption("Fix the file and reload; other pages that do not use it keep working.")
    st.stop()


def selection() -> frozenset[str] | None:
    """The resolved partner selection set by app.py (None = all partners)."""
    return st.session_state.get(SELECTION_KEY)


def no_data(what: str) -> None:
    """Explain an empty selection instead of drawing an empty chart."""
    st.info(f"No {what} for the partners selected. The article gives this only for other partners: "
            "choose 'All' or add partners in the sidebar.")


def chart_block(section: dict, key: str, source: str, note: str | None = None) -> None:
    """A chart with its source line, supporting quotes, table view and CSV download of its rows."""
    fig, rows = section["figure"], section["rows"]
    st.plotly_chart(fig, width="stretch", theme=None, key=f"chart_{key}", config={
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": f"serbia-ties_{key}", "scale": 2},
    })
    st.caption(escape_markdown(source))
    if note:
        st.caption(escape_markdown(note))
    with st.expander("Quotes, table and download"):
        _quotes(rows)
        st.dataframe(rows, hide_index=True, width="stretch")
        _download(section["csv"], key)


def chart_section(section: dict | None, what: str, key: str, external: str | None = None,
                  note: str | None = None) -> None:
    """A view's chart section: its chart block, or the no-data explanation when it is empty.

    The source line is the article's endnotes of the rows shown, or, for ``external`` (the name
    of an external table in datapackage.json), that table's credit line and licence.
    """
    if section is None:
        no_data(what)
        return
    rows = section["rows"]
    source = (provenance.external_source_line(data.resource_descriptor(external)) if external
              else provenance.article_source_line(rows))
    chart_block(section, key=key, source=source, note=note)


def metrics_block(section: dict, key: str, source: str, per_row: int = 5) -> None:
    """Figures in different units side by side as numbers (a shared bar axis would mislead),
    with their source line, quotes and CSV download. Its rows need short_label, label, value,
    value_in_text, qualifier and endnote."""
    rows = section["rows"]
    for start in range(0, len(rows), per_row):
        for column, row in zip(st.columns(per_row), rows.iloc[start:start + per_row].itertuples()):
            hedge = f" ({row.qualifier})" if isinstance(row.qualifier, str) and row.qualifier else ""
            column.metric(escape_markdown(row.short_label + hedge), f"{row.value:,.0f}", help=escape_markdown(
                f"{row.label}: “{row.value_in_text}”{hedge}; endnote {row.endnote}"), border=True)
    st.caption(escape_markdown(source))
    with st.expander("Quotes, table and download"):
        _quotes(rows)
        st.dataframe(rows, hide_index=True, width="stretch")
        _download(section["csv"], key)


def table_block(section: dict, key: str, source: str, **dataframe_args) -> None:
    """A section's readable ``table`` with its source line, quotes and CSV download of its rows."""
    st.dataframe(section["table"], hide_index=True, width="stretch", key=f"table_{key}", **dataframe_args)
    st.caption(escape_markdown(source))
    with st.expander("Quotes and download"):
        _quotes(section["rows"])
        _download(section["csv"], key)


def quotes_expander(rows: pd.DataFrame) -> None:
    """The verbatim sentences behind statements shown as text."""
    with st.expander("Quotes"):
        _quotes(rows)


def _quotes(rows: pd.DataFrame) -> None:
    for endnote, quote in provenance.supporting_quotes(rows):
        label = f"Endnote {endnote}" if endnote is not None else "Main text, no endnote"
        st.markdown(f"**{label}:** “{escape_markdown(quote)}”")


def _download(csv: bytes, key: str) -> None:
    st.download_button("Download CSV", csv, file_name=f"serbia-ties_{key}.csv",
                       mime="text/csv", key=f"download_{key}", icon=":material/download:")


def findings_list(findings: pd.DataFrame) -> None:
    """The article's statements without numbers, each with its endnote, and their quotes."""
    for _, row in findings.drop_duplicates(["finding_id", "finding"]).iterrows():
        note = f" (endnote {int(row['endnote'])})" if pd.notna(row["endnote"]) else ""
        st.markdown(f"- {escape_markdown(row['finding'])}{escape_markdown(note)}")
    quotes_expander(findings)