"""China: investment and loans per the article, AidData's yearly record, and mask diplomacy."""

import streamlit as st

from components import data, provenance, widgets

model = widgets.view("china")

st.title("China: money, masks and a rising profile")

if (section := model["finance"]) is None:
    widgets.no_data("Chinese investment and loans")
else:
    widgets.chart_block(section["figure"], section["rows"], key="china_finance",
                        source=provenance.article_source_line(section["rows"]),
                        note="The article does not say which years these totals cover.")

st.subheader("Chinese official finance to Serbia by year (AidData)")
if (section := model["aiddata"]) is None:
    widgets.no_data("AidData Chinese finance")
else:
    widgets.chart_block(section["figure"], section["rows"], key="china_aiddata",
                        source=provenance.external_source_line(data.resource_descriptor("aiddata_chinese_finance")),
                        note="Commitments by year; 0 = no such flow recorded that year. 2020–2021 include commitments "
                             "after the article (June 2020). Third-party aggregation of AidData GCDF 3.0.")

st.subheader("Mask diplomacy and the turn to Beijing")
if model["findings"].empty:
    widgets.no_data("findings about China")
else:
    widgets.findings_list(model["findings"])
