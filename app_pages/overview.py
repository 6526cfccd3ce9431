"""Overview: the article's thesis, headline numbers, and the West/Russia/China scorecard."""

import streamlit as st

from components import provenance, widgets
from components.filters import escape_markdown

model = widgets.view("overview")

st.title("Serbia between Russia, China and the West")
st.markdown(f"**The article's thesis:** “{escape_markdown(model['thesis'])}”")
st.caption(escape_markdown(f"{provenance.ARTICLE_SHORT}. Every number is traced to the article's endnotes; "
                           "open “Quotes, table and download” under any chart."))

headlines = model["headlines"]
for start in range(0, len(headlines), 3):
    for column, (label, value, note) in zip(st.columns(3), headlines[start:start + 3]):
        column.metric(escape_markdown(label), value, help=note, border=True)

widgets.chart_section(model["head_to_head"], "head-to-head figures (trade shares, exercises)",
                      key="overview_head_to_head")

st.subheader("Scorecard: what the article says about each camp")
st.caption("The article's figures and findings for the partners selected. “Not covered by the article” means "
           "the article says nothing there — not zero.")
scorecard = model["scorecard"]
st.table(scorecard["rows"].set_index("Dimension").map(
    lambda cell: "\n\n".join(f"• {escape_markdown(item)}" for item in cell.split(" • "))))
st.download_button("Download scorecard CSV", scorecard["csv"], file_name="serbia-ties_scorecard.csv",
                   mime="text/csv", key="download_scorecard")
