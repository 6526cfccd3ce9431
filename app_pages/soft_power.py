"""Soft power and opinion: the crowd that greeted Putin, the most popular foreign leaders, and what
Serbs believe about their donors."""

import streamlit as st

from components import charts, provenance, widgets
from components.filters import escape_markdown

model = widgets.view("soft_power")

st.title("Soft power and opinion")
st.markdown("Russia's pull in Serbia rests largely on popularity: crowds for Putin, high rankings for "
            "Russia's leader, and a public that overrates Russian and Chinese generosity.")

crowd = model["crowd"]
for row in crowd.itertuples():
    st.metric(escape_markdown(f"{row.label} ({row.date_as_written})"), charts.fmt(row.value), border=True)
if not crowd.empty:
    st.caption(escape_markdown(provenance.article_source_line(crowd)))
    widgets.quotes_expander(crowd)

st.subheader("Most popular foreign leaders in Serbia")
widgets.chart_section(model["leaders"], "popularity ranking", key="soft_power_leaders",
                      note="Positions as the article states them; it gives no poll shares, so none are shown.")

st.subheader("Belief vs reality about donors")
if (belief := model["belief"]).empty:
    widgets.no_data("survey finding on donors")
else:
    st.info("The article gives no survey percentages, so none are charted.")
    st.caption(escape_markdown(provenance.article_source_line(belief)))
    widgets.findings_list(belief)

st.subheader("What else the article finds")
if model["other_findings"].empty:
    widgets.no_data("soft-power findings")
else:
    widgets.findings_list(model["other_findings"])
