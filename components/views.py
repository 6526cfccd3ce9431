"""Everything a page shows that takes real computing, as one pure function per page.

Each function takes the resolved partner selection and returns plain values (tables, titles,
figures). ``widgets.view`` memoises them per selection and data version, so a page run only
lays out what was computed once. No Streamlit here.
"""

from __future__ import annotations

from typing import Any

from components import charts, data, scorecard, theme
from components.filters import filter_by_partner

Selection = frozenset[str] | None
OVERVIEW_TABLES = ("trade_shares", "military_exercises", "military_donors", "chinese_finance", "pandemic_aid",
                   "aid_gestures", "soft_power", "findings")


def lookups() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(short names, colours, camps) by partner code."""
    partners = data.load_table("partners")
    codes = partners["code"]
    return dict(zip(codes, partners["short_name"])), theme.colour_map(partners), dict(zip(codes, partners["camp"]))


def overview(selection: Selection) -> dict[str, Any]:
    """Thesis, headline numbers, head-to-head figure and scorecard for the selection."""
    names, colours, camps = lookups()
    loaded = {name: data.load_table(name) for name in OVERVIEW_TABLES}
    shown = {name: filter_by_partner(frame, selection) for name, frame in loaded.items()}
    metrics = scorecard.head_to_head(shown)
    figure = None
    if not metrics.empty:
        title = scorecard.head_to_head_title(metrics, camps, names)
        figure = charts.scorecard_chart(metrics, title, colours, names)
    return {
        "thesis": loaded["findings"].query("finding_id == 'thesis'").iloc[0]["quote"],
        "headlines": scorecard.headlines(shown, names),
        "metrics": metrics,
        "figure": figure,
        "scorecard": scorecard.scorecard(scorecard.evidence(shown, names), camps),
    }


def _exercises_section(exercises, names, colours) -> dict[str, Any] | None:
    if exercises.empty:
        return None
    rows = exercises.assign(value=exercises["exercises"].astype(float))
    title = "Military exercises in 2019: " + ", ".join(f"{r.value:.0f} with {names[r.partner]}" for r in rows.itertuples())
    return {"rows": exercises, "figure": charts.bar_chart(rows, title, names, colours)}


def _donors_section(shown, all_donors, names, colours) -> dict[str, Any] | None:
    if shown.empty:
        return None
    top = shown.sort_values("rank").iloc[0]
    title = f"Military donors 2008–2018: {names[top.partner]} ranks {top['rank']}"
    if "RUS" in set(shown["partner"]) and top.partner != "RUS":
        title += f", Russia only {int(shown.loc[shown['partner'] == 'RUS', 'rank'].iloc[0])}"
    figure = charts.rank_ladder_chart(shown, title, names, colours, max_rank=int(all_donors["rank"].max()),
                                      named_ranks=set(all_donors["rank"]))
    return {"rows": shown, "figure": figure}


def _deals_table(deals, names):
    values = [charts.fmt(r.value) + f" {r.unit}" if r.value == r.value else "not stated in the article"
              for r in deals.itertuples()]
    values = [f"{q} {v}" if isinstance(q, str) and v[0].isdigit() else v for q, v in zip(deals["qualifier"], values)]
    table = deals.assign(partner=deals["partner"].map(names), value=values,
                         year=deals["year"].astype("string").fillna("not stated"))
    return table[["system", "measure", "partner", "deal_type", "year", "value", "endnote"]]


def security(selection: Selection) -> dict[str, Any]:
    """Exercises, donor ranks, arms deals and SIPRI orders for the selection."""
    names, colours, _ = lookups()
    partners = data.load_table("partners")
    donors, deals = data.load_table("military_donors"), data.load_table("arms_deals")
    sipri_codes = {n: c for c, n in zip(partners["code"], partners["sipri_name"]) if isinstance(n, str)}
    orders = filter_by_partner(charts.arms_orders(data.load_table("sipri_arms_transfers"), sipri_codes), selection)
    shown_deals = filter_by_partner(deals, selection)
    return {
        "exercises": _exercises_section(filter_by_partner(data.load_table("military_exercises"), selection), names, colours),
        "donors": _donors_section(filter_by_partner(donors, selection), donors, names, colours),
        "deals": None if shown_deals.empty else {"rows": shown_deals, "table": _deals_table(shown_deals, names)},
        "orders": None if orders.empty else {"rows": orders, "figure": charts.stacked_year_chart(
            orders, charts.arms_orders_title(orders, names), group="partner", value_column="tiv_ordered",
            unit="million TIV", colours=colours, names=names)},
    }
