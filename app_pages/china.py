"""China: investment and loans per the article, AidData's yearly record, and mask diplomacy."""

import streamlit as st

from components import widgets

model = widgets.view("china")

st.title("China: money, masks and a rising profile")

widgets.chart_section(model["finance"], "Chinese investment and loans", key="china_finance",
                      note="The article does not say which years these totals cover.")

st.subheader("Chinese official finance to Serbia by year (AidData)")
widgets.chart_section(model["aiddata"], "AidData Chinese finance", key="china_aiddata",
                      external="aiddata_chinese_finance",
                      note="Commitments by year; 0 = no such flow recorded that year. 2020–2021 include commitments "
                           "after the article (June 2020). Third-party aggregation of AidData GCDF 3.0.")

st.subheader("Mask diplomacy and the turn to Beijing")
if model["findings"].empty:
    widgets.no_data("findings about China")
else:
    widgets.findings_list(model["findings"])
