"""Security and defence: exercises with NATO vs Russia, the donor ranking, arms deals, SIPRI orders."""

import streamlit as st

from components import provenance, widgets

model = widgets.view("security")

st.title("Security and defence: closer to NATO than the alliance myths suggest")

widgets.chart_section(model["exercises"], "military exercises", key="security_exercises")

widgets.chart_section(model["donors"], "donor ranks", key="security_donors",
                      note="Ranks the article does not name are shown as empty circles, not guessed. "
                           "Ranks 2–5 follow the order of the article's list.")

st.subheader("Arms deals the article names")
if (section := model["deals"]) is None:
    widgets.no_data("arms deals")
else:
    widgets.table_block(section, key="security_arms_deals",
                        source=provenance.article_source_line(section["rows"]))

st.subheader("What happened next: Serbia's arms orders by supplier (SIPRI)")
widgets.chart_section(model["orders"], "SIPRI arms orders", key="security_sipri_orders",
                      external="sipri_arms_transfers",
                      note="SIPRI trend-indicator values measure military capability transferred, not money. "
                           "Orders SIPRI has not valued yet count as 0 (e.g. 12 Rafale F4 from France, 2024). "
                           "Orders from 2021 on are post-publication: the article could not know them.")
