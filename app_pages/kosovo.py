"""Kosovo and diplomacy: every dated event of the article on one timeline, the events as a table,
and the article's findings on diplomacy."""

import streamlit as st

from components import provenance, widgets

model = widgets.view("kosovo")

st.title("Kosovo and diplomacy")
st.markdown("Kosovo ties Belgrade to Moscow more than anything else; the dated events of the article show "
            "how Serbia has worked that tie alongside its courting of Washington, Brussels and Beijing.")

timeline = model["timeline"]
widgets.chart_section(timeline, "dated events", key="kosovo_timeline", note=timeline and timeline["note"])
if (events := model["events"]) is not None:
    st.subheader("The events in order")
    widgets.table_block(events, key="kosovo_events",
                        source=provenance.article_source_line(events["rows"]) + " “Date” keeps the article's own "
                        "words; events are placed on the first day of the period they are dated to.",
                        column_config={"Event": st.column_config.TextColumn(width="large"),
                                       "How the date was derived": st.column_config.TextColumn(width="medium")})

st.subheader("What the article finds on diplomacy")
if model["findings"].empty:
    widgets.no_data("diplomacy findings")
else:
    widgets.findings_list(model["findings"])
