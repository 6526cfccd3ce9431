"""China: investment and loans per the article, AidData's yearly record, and mask diplomacy."""

import streamlit as st

from components import charts, data, provenance, widgets

finance, aiddata, findings = widgets.tables("chinese_finance", "aiddata_chinese_finance", "findings")
names, colours = widgets.partner_lookups()

st.title("China: money, masks and a rising profile")

shown = widgets.filtered(finance)
if shown.empty:
    widgets.no_data("Chinese investment and loans")
else:
    total = shown["value"].sum()
    title = f"Serbia received over USD {charts.fmt(total)} billion from China in investment and loans (as of June 2020)"
    widgets.chart_block(widgets.figure("bar_chart", shown, title, names, colours, label_column="label"), shown,
                        key="china_finance", source=provenance.article_source_line(shown),
                        note="The article does not say which years these totals cover.")

st.subheader("Chinese official finance to Serbia by year (AidData)")
serbia = aiddata[aiddata["gwcode"] == 340]
flows = serbia.melt(id_vars="year", value_vars=["oof_amt", "oda_amt", "vof_amt"], var_name="flow", value_name="usd")
flows = flows.assign(partner="CHN", usd_million=flows["usd"] / 1e6,
                     flow=flows["flow"].map({"oof_amt": "Loans and other official flows", "oda_amt": "Aid (ODA-like)",
                                             "vof_amt": "Unclear class"}))
flows = widgets.filtered(flows).sort_values(["year", "flow"])
if flows.empty:
    widgets.no_data("AidData Chinese finance")
else:
    upto = flows[flows["year"] <= 2019]["usd_million"].sum() / 1000
    title = f"AidData records USD {upto:.1f} billion (2021 prices) of Chinese official finance to Serbia 2000–2019"
    flow_colours = {"Loans and other official flows": "#E69F00", "Aid (ODA-like)": "#F5D08A", "Unclear class": "#999999"}
    fig = widgets.figure("stacked_year_chart", flows, title, group="flow", value_column="usd_million", unit="million USD (2021)",
                                    colours=flow_colours, names={}, partner_groups=False)
    widgets.chart_block(fig, flows[["year", "partner", "flow", "usd_million", "usd"]], key="china_aiddata",
                        source=provenance.external_source_line(data.resource_descriptor("aiddata_chinese_finance")),
                        note="Commitments by year; 0 = no such flow recorded that year. 2020–2021 include commitments "
                             "after the article (June 2020). Third-party aggregation of AidData GCDF 3.0.")

st.subheader("Mask diplomacy and the turn to Beijing")
widgets.findings_list(widgets.filtered(findings[findings["partner"] == "CHN"]))
