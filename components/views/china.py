"""China: the article's investment and loan totals, AidData's record by year, mask diplomacy."""

from __future__ import annotations

from dataclasses import dataclass

from components import charts, data
from components.filters import filter_by_partner
from components.sections import Section, nothing
from components.state import ViewState
from components.views import memoised
from components.views.common import lookups

AIDDATA_FLOWS = {"oof_amt": "Loans and other official flows", "oda_amt": "Aid (ODA-like)", "vof_amt": "Unclear class"}
AIDDATA_COLOURS = {"Loans and other official flows": "#E69F00", "Aid (ODA-like)": "#F5D08A", "Unclear class": "#999999"}
SERBIA_GWCODE = 340


@dataclass(frozen=True)
class ChinaView:
    heading: str
    finance: Section
    aiddata: Section
    findings: Section


def _finance(state: ViewState, look) -> Section:
    finance = filter_by_partner(data.load_table("chinese_finance"), state.selection)
    if finance.empty:
        return nothing("finance", "Chinese investment and loans", ("chinese_finance",),
                       "These figures concern China only: add China to the selection.")
    parts = [f"{charts.hedged(r.value, r.qualifier, 'billion')} in {r.label.lower()}" for r in finance.itertuples()]
    title = "Chinese money in Serbia as of June 2020: USD " + " and USD ".join(parts)
    return Section("finance", title, finance, ("chinese_finance",),
                   figure=charts.bar_chart(finance, title, look.names, look.colours, label_column="label"),
                   note="Two figures of different scope, shown side by side and never added. "
                        "The article does not say which years these totals cover.")


def _aiddata(state: ViewState) -> Section:
    aiddata = data.load_table("aiddata_chinese_finance")
    serbia = aiddata[aiddata["gwcode"] == SERBIA_GWCODE]
    flows = serbia.melt(id_vars="year", value_vars=list(AIDDATA_FLOWS), var_name="flow", value_name="usd")
    flows = flows.assign(partner="CHN", usd_million=flows["usd"] / 1e6, flow=flows["flow"].map(AIDDATA_FLOWS))
    flows = filter_by_partner(flows, state.selection).sort_values(["year", "flow"])
    if flows.empty:
        return nothing("aiddata", "Chinese official finance to Serbia by year (AidData)", ("aiddata_chinese_finance",),
                       "AidData records Chinese finance only: add China to the selection.")
    first, last = int(flows["year"].min()), int(flows["year"].max())
    total = flows["usd_million"].sum() / 1000
    title = f"AidData records USD {total:.1f} billion (2021 prices) of Chinese official finance to Serbia {first}–{last}"
    rows = flows[["year", "partner", "flow", "usd_million", "usd"]]
    return Section("aiddata", title, rows, ("aiddata_chinese_finance",),
                   figure=charts.stacked_year_chart(rows, title, group="flow", value_column="usd_million",
                                                    unit="million USD (2021)", colours=AIDDATA_COLOURS, names={},
                                                    partner_groups=False),
                   note="Commitments by year; 0 = no such flow recorded that year. Years after 2019 include "
                        "commitments after the article (June 2020). Third-party aggregation of AidData GCDF 3.0.")


@memoised
def build(state: ViewState) -> ChinaView:
    look = lookups()
    findings = data.load_table("findings")
    china = filter_by_partner(findings[findings["partner"] == "CHN"], state.selection)
    findings_section = (nothing("findings", "Mask diplomacy and the turn to Beijing", ("findings",),
                                "These findings concern China only: add China to the selection.")
                        if china.empty else
                        Section("findings", "Mask diplomacy and the turn to Beijing", china, ("findings",), kind="text"))
    return ChinaView("China: money, masks and a rising profile", _finance(state, look), _aiddata(state), findings_section)
