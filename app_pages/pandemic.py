"""Pandemic aid 2020: Russia's deliveries, the per-size comparison with Italy, the Niš centre's
donation, and who greeted whose planes."""

import streamlit as st

from components import provenance, widgets
from components.filters import escape_markdown

model = widgets.view("pandemic")

st.title("Pandemic aid 2020")
st.markdown("In spring 2020 Russia flew military aid to Serbia, yet Serbia's leadership gave China's aid "
            "the warmer welcome.")

st.subheader("What Russia delivered to Serbia")
if (section := model["deliveries"]) is None:
    widgets.no_data("pandemic aid deliveries")
else:
    st.markdown(f"**{escape_markdown(section['title'])}**")
    widgets.metrics_block(section, key="pandemic_deliveries",
                          source=provenance.article_source_line(section["rows"]))

st.subheader("Serbia and Italy, adjusted for size")
widgets.chart_section(model["italy"], "Serbia–Italy comparison", key="pandemic_italy",
                      note=model["italy_note"])

st.subheader("What the Serbian-Russian Humanitarian Centre in Niš donated to the Interior Ministry")
widgets.chart_section(model["nis"], "Niš centre donations", key="pandemic_nis")

st.subheader("Who greeted whose planes")
if (section := model["gestures"]) is None:
    widgets.no_data("gestures towards pandemic aid")
else:
    st.markdown(f"**{escape_markdown(section['takeaway'])}**")
    widgets.table_block(section, key="pandemic_gestures",
                        source=provenance.article_source_line(section["rows"]),
                        column_config={"Gesture": st.column_config.TextColumn(width="large"),
                                       "By whom": st.column_config.TextColumn(width="medium")})

st.subheader("What the article finds")
if model["findings"].empty:
    widgets.no_data("pandemic findings")
else:
    widgets.findings_list(model["findings"])
