"""Soft power and opinion: the crowd that greeted Putin, the most popular foreign leaders, and what
Serbs believe about their donors."""

import streamlit as st

from components import charts, provenance, widgets
from components.filters import escape_markdown

ORDINALS = {1: "most popular", 2: "second most popular", 3: "third most popular"}

soft_power, findings = widgets.tables("soft_power", "findings")
names, colours = widgets.partner_lookups()
shown = widgets.filtered(soft_power)


st.title("Soft power and opinion")
st.markdown("Russia's pull in Serbia rests largely on popularity: crowds for Putin, high rankings for "
            "Russia's leader, and a public that overrates Russian and Chinese generosity.")

crowd = shown[shown["indicator"] == "crowd_at_putin_visit"].dropna(subset=["value"])
for row in crowd.itertuples():
    st.metric(escape_markdown(f"{row.label} ({row.date_as_written})"), charts.fmt(row.value), border=True)
if not crowd.empty:
    st.caption(escape_markdown(provenance.article_source_line(crowd)))
    widgets.quotes_expander(crowd)

st.subheader("Most popular foreign leaders in Serbia")
all_ranks = soft_power[soft_power["indicator"] == "foreign_leader_popularity_rank"]
ranks = shown[shown["indicator"] == "foreign_leader_popularity_rank"].sort_values("value")
if ranks.empty:
    widgets.no_data("popularity ranking")
else:
    ranks = ranks.assign(rank=ranks["value"].astype(int))
    leaders = [(names.get(p, p), r) for p, r in zip(ranks["partner"], ranks["rank"])]
    first_name, first_rank = leaders[0]
    title = f"{first_name}'s leader is the {ORDINALS.get(first_rank, f'no. {first_rank}')} foreign leader in Serbia"
    if first_rank == 1 and len(leaders) > 1 and leaders[1][1] == 2:
        title += f", followed by {leaders[1][0]}'s"
    # Ranks held by filtered-out partners are left blank, not marked "not named".
    fig = widgets.figure("rank_ladder_chart", ranks, title, names, colours, max_rank=int(all_ranks["value"].max()),
                                   named_ranks=set(all_ranks["value"].astype(int)))
    widgets.chart_block(fig, ranks, key="soft_power_leaders", source=provenance.article_source_line(ranks),
                        note="Positions as the article states them; it gives no poll shares, so none are shown.")

st.subheader("Belief vs reality about donors")
belief = widgets.filtered(findings[findings["finding_id"] == "donor_belief_vs_reality"])
if belief.empty:
    widgets.no_data("survey finding on donors")
else:
    widgets.findings_list(belief)
    st.info("The article gives no survey percentages, so none are charted.")
    st.caption(escape_markdown(provenance.article_source_line(belief)))
    widgets.quotes_expander(belief)

st.subheader("What else the article finds")
other = widgets.filtered(findings[(findings["dimension"] == "soft_power")
                                  & (findings["finding_id"] != "donor_belief_vs_reality")])
if other.empty:
    widgets.no_data("soft-power findings")
else:
    widgets.findings_list(other)
