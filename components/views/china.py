"""China: the article's investment and loan totals, AidData's record by year, mask diplomacy."""

from __future__ import annotations

from dataclasses import dataclass

from components import asof, charts, data, record_aiddata, sensitivity
from components.sections import Section, nothing
from components.state import ViewState
from components.theme import Style
from components.views import memoised
from components.views.common import context_note, highlight, lookups, view_url

PAGE = "china"
# AidData's flow classes in the camp's hue: shades of China's orange.
FLOW_STYLES = {"OOF-like": Style("#E69F00", "solid", ""), "ODA-like": Style("#F5C75A", "solid", "/"),
               "Vague (official finance)": Style("#8A5F00", "solid", "x")}


@dataclass(frozen=True)
class ChinaView:
    heading: str
    finance: Section
    aiddata: Section
    findings: Section


def usd_billion(value: float, qualifier) -> str:
    """'USD 4 billion', 'slightly over USD 5 billion': the hedge reads before the currency, as the
    article writes it; a hedge that follows a number stays after it."""
    text = f"USD {charts.fmt(value)} billion"
    if not isinstance(qualifier, str) or not qualifier:
        return text
    return f"{qualifier} {text}" if qualifier in charts.PREFIX_QUALIFIERS else f"{text} ({qualifier})"


def _finance(state: ViewState, look) -> Section:
    finance = highlight(data.load_table("chinese_finance"), state)
    parts = [f"{usd_billion(r.value, r.qualifier)} in {r.label.lower()}" for r in finance.itertuples()]
    title = "Chinese money in Serbia as of June 2020: " + " and ".join(parts)
    return Section("finance", title, finance, ("chinese_finance",),
                   figure=charts.bar_chart(finance, title, look.names, look.styles, label_column="label"),
                   view_url=view_url(PAGE, state),
                   note="Two figures of different scope, shown side by side and never added. The article does not "
                        "say which years these totals cover. " + context_note(finance, state, look.names))


def _aiddata(state: ViewState, look) -> Section:
    aiddata = data.load_table("aiddata_chinese_finance")
    flows = record_aiddata.commitments_by_year_and_class(aiddata).assign(partner="CHN")
    flows = asof.keep_known(flows, record_aiddata.RESOURCE, "year", state.asof)
    if flows.empty:
        return nothing("aiddata", "AidData: Chinese official finance committed to Serbia", (record_aiddata.RESOURCE,),
                       asof.unpublished_note(record_aiddata.RESOURCE, state.asof))
    flows = highlight(flows, state)
    revised = asof.revised_note(record_aiddata.RESOURCE, state.asof)
    first, last = int(flows["year"].min()), int(flows["year"].max())
    by_class = flows.groupby("flow_class")["usd_million"].sum().sort_values(ascending=False) / 1000
    # Does the largest class rest on one year of it? (components.sensitivity)
    check = sensitivity.leader_check(record_aiddata.cell_records(flows, first, last), group="flow_class",
                                     value="usd_million", label="record", unit="USD million", kind="year",
                                     window=f"{first}–{last}", verb="is the largest class", member="class")
    flagged = sensitivity.flag(check.note)
    title = (f"AidData: Chinese official finance committed to Serbia {first}–{last}, USD {by_class.sum():.1f} bn "
             f"(2021 prices), {by_class.iloc[0] / by_class.sum() * 100:.0f}% of it {by_class.index[0]}"
             + (f" ({flagged})" if flagged else "") + (f"; the years then published, {revised}" if revised else ""))
    rows = flows[["year", "partner", "flow_class", "usd_million", "usd", "after_publication", "highlighted"]]
    return Section("aiddata", title, rows, ("aiddata_chinese_finance",), view_url=view_url(PAGE, state),
                   figure=charts.stacked_year_chart(rows, title, group="flow_class", value_column="usd_million",
                                                    unit="million USD (2021)", styles=FLOW_STYLES, names={},
                                                    marker_x=None if state.article_time else charts.PUBLICATION_X),
                   note=" ".join(filter(None, [check.note, record_aiddata.METHOD_NOTE,
                                               f"As of June 2020 only the years then published are shown, {revised}: "
                                               f"{asof.basis(record_aiddata.RESOURCE)}" if revised else "",
                                               _published_later(rows),
                                               "Not comparable with the article's "
                                               "USD 4 bn investment and slightly over USD 5 bn loans: AidData counts official "
                                               "finance commitments, not private investment.",
                                               context_note(flows.drop_duplicates("partner"), state, look.names)])))


def _published_later(rows) -> str:
    """Which commitment years shown were published only after the article, and by which rule."""
    later = rows.loc[rows["after_publication"], "year"]
    if later.empty:
        return ""
    return (f"Commitments of {int(later.min())}–{int(later.max())} were first published after June 2020 "
            f"({asof.basis(record_aiddata.RESOURCE)})")


@memoised
def build(state: ViewState) -> ChinaView:
    look = lookups()
    findings = data.load_table("findings")
    china = highlight(findings[findings["partner"] == "CHN"], state)
    findings_section = Section("findings", "Mask diplomacy and the turn to Beijing", china, ("findings",),
                               kind="text", note=context_note(china, state, look.names))
    return ChinaView("China: money, masks and a rising profile", _finance(state, look), _aiddata(state, look),
                     findings_section)
