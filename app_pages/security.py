"""Security and defence: exercises with NATO vs Russia, the donor ranking, arms deals."""

import streamlit as st

from components import charts, data, provenance, widgets

exercises, donors, deals, register, partners = widgets.tables(
    "military_exercises", "military_donors", "arms_deals", "sipri_arms_transfers", "partners")
names, colours = widgets.partner_lookups()

st.title("Security and defence: closer to NATO than the alliance myths suggest")

shown = widgets.filtered(exercises)
if shown.empty:
    widgets.no_data("military exercises")
else:
    rows = shown.assign(value=shown["exercises"].astype(float))
    title = "Military exercises in 2019: " + ", ".join(f"{r.value:.0f} with {names[r.partner]}" for r in rows.itertuples())
    widgets.chart_block(widgets.figure("bar_chart", rows, title, names, colours), shown, key="security_exercises",
                        source=provenance.article_source_line(shown))

shown = widgets.filtered(donors)
if shown.empty:
    widgets.no_data("donor ranks")
else:
    top = shown.sort_values("rank").iloc[0]
    title = f"Military donors 2008–2018: {names[top.partner]} ranks {top['rank']}" + (
        f", Russia only {int(shown.loc[shown.partner == 'RUS', 'rank'].iloc[0])}" if "RUS" in set(shown.partner) and top.partner != "RUS" else "")
    fig = widgets.figure("rank_ladder_chart", shown, title, names, colours, max_rank=int(donors["rank"].max()),
                                   named_ranks=set(donors["rank"]))
    widgets.chart_block(fig, shown, key="security_donors", source=provenance.article_source_line(shown),
                        note="Ranks the article does not name are shown as empty circles, not guessed. "
                             "Ranks 2–5 follow the order of the article's list.")

st.subheader("Arms deals the article names")
shown = widgets.filtered(deals)
if shown.empty:
    widgets.no_data("arms deals")
else:
    table = shown.assign(partner=shown["partner"].map(names), year=shown["year"].astype("string").fillna("not stated"),
                         value=[f"{r.qualifier + ' ' if isinstance(r.qualifier, str) else ''}{charts.fmt(r.value)} {r.unit}"
                                if r.value == r.value else "not stated in the article" for r in shown.itertuples()])
    widgets.table_block(table[["system", "measure", "partner", "deal_type", "year", "value", "endnote"]], shown,
                        key="security_arms_deals", source=provenance.article_source_line(shown))

st.subheader("What happened next: Serbia's arms orders by supplier (SIPRI)")
sipri_codes = {n: c for c, n in zip(partners["code"], partners["sipri_name"]) if isinstance(n, str)}
orders = widgets.filtered(charts.arms_orders(register, sipri_codes))
if orders.empty:
    widgets.no_data("SIPRI arms orders")
else:
    fig = widgets.figure("stacked_year_chart", orders, charts.arms_orders_title(orders, names), group="partner",
                                    value_column="tiv_ordered", unit="million TIV", colours=colours, names=names)
    widgets.chart_block(fig, orders, key="security_sipri_orders",
                        source=provenance.external_source_line(data.resource_descriptor("sipri_arms_transfers")),
                        note="SIPRI trend-indicator values measure military capability transferred, not money. "
                             "Orders from 2021 on are post-publication: the article could not know them.")
