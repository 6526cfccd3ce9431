"""Streamlit building blocks shared by the pages: data with errors contained, the chart block.

This is the only module in components/ besides the filter glue that calls ``st.*``. Text from
data is shown through st.dataframe, st.text or escaped markdown, never as live HTML.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import data, provenance
from components.downloads import to_safe_csv
from components.filters import escape_markdown, filter_by_partner
from components.theme import colour_map

SELECTION_KEY = "selection"


def tables(*names: str) -> tuple[pd.DataFrame, ...]:
    """Load the tables a page needs; on bad data show the loader's message and stop this page.

    Only the page that needs the broken file stops: the sidebar and every other page run on.
    """
    try:
        return tuple(data.load_table(name) for name in names)
    except data.DataError as error:
        st.error(f"This page cannot be shown because a data file is invalid.\n\n{escape_markdown(str(error))}")
        st.caption("Fix the file and reload; other pages that do not use it keep working.")
        st.stop()


def selection() -> frozenset[str] | None:
    """The resolved partner selection set by app.py (None = all partners)."""
    return st.session_state.get(SELECTION_KEY)


def filtered(frame: pd.DataFrame, column: str = "partner") -> pd.DataFrame:
    """Rows of ``frame`` for the current partner selection."""
    return filter_by_partner(frame, selection(), column)


def partner_lookups() -> tuple[dict[str, str], dict[str, str]]:
    """(short display names, colours) by partner code, for charts and numbers."""
    (partners,) = tables("partners")
    return dict(zip(partners["code"], partners["short_name"])), colour_map(partners)


def no_data(what: str) -> None:
    """Explain an empty selection instead of drawing an empty chart."""
    st.info(f"No {what} for the partners selected. The article gives this only for other partners: "
            "choose 'All' or add partners in the sidebar.")


def chart_block(fig: go.Figure, rows: pd.DataFrame, key: str, source: str, note: str | None = None) -> None:
    """A chart with its source line, supporting quotes, table view and CSV download of ``rows``."""
    st.plotly_chart(fig, width="stretch", theme=None, key=f"chart_{key}", config={
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": f"serbia-ties_{key}", "scale": 2},
    })
    st.caption(escape_markdown(source))
    if note:
        st.caption(escape_markdown(note))
    quotes = provenance.supporting_quotes(rows)
    with st.expander("Quotes, table and download"):
        for endnote, quote in quotes:
            label = f"Endnote {endnote}" if endnote is not None else "Main text, no endnote"
            st.markdown(f"**{label}:** “{escape_markdown(quote)}”")
        st.dataframe(rows, hide_index=True, width="stretch")
        st.download_button("Download CSV", to_safe_csv(rows), file_name=f"serbia-ties_{key}.csv",
                           mime="text/csv", key=f"download_{key}", icon=":material/download:")


def findings_list(findings: pd.DataFrame) -> None:
    """The article's statements without numbers, each with its endnote."""
    for _, row in findings.drop_duplicates("finding_id").iterrows():
        note = f" (endnote {int(row['endnote'])})" if pd.notna(row["endnote"]) else ""
        st.markdown(f"- {escape_markdown(row['finding'])}{escape_markdown(note)}")
