"""Security and defence: exercises with NATO vs Russia, donor ranks, arms deals, SIPRI deliveries."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import charts, data
from components.filters import filter_by_partner
from components.sections import Section, nothing
from components.state import ViewState
from components.views import memoised
from components.views.common import context_note, highlight, lookups, view_url

PAGE = "security"

OTHERS = "OTHERS"


@dataclass(frozen=True)
class SecurityView:
    heading: str
    exercises: Section
    donors: Section
    deals: Section
    orders: Section


def _exercises(state: ViewState, look) -> Section:
    exercises = highlight(data.load_table("military_exercises"), state)
    if exercises.empty:
        return nothing("exercises", "Military exercises in 2019", ("military_exercises",),
                       "The article counts exercises only with NATO and with Russia.")
    rows = exercises.assign(value=exercises["exercises"].astype(float))
    title = "Military exercises in 2019: " + ", ".join(f"{r.value:.0f} with {look.names[r.partner]}"
                                                      for r in rows.itertuples())
    return Section("exercises", title, exercises, ("military_exercises",), view_url=view_url(PAGE, state),
                   figure=charts.bar_chart(rows, title, look.names, look.styles),
                   note=context_note(exercises, state, look.names))


def _donors(state: ViewState, look) -> Section:
    donors = data.load_table("military_donors")
    shown = highlight(donors, state)
    if shown.empty:
        return nothing("donors", "Military donors 2008–2018", ("military_donors",),
                       "The article names the US, the EU, Norway, the UK, China and Russia among the donors.")
    top = shown.sort_values("rank").iloc[0]
    title = f"Military donors 2008–2018: {look.names[top.partner]} ranks {top['rank']}"
    if "RUS" in set(shown["partner"]) and top.partner != "RUS":
        title += f", Russia only {int(shown.loc[shown['partner'] == 'RUS', 'rank'].iloc[0])}"
    figure = charts.rank_ladder_chart(shown, title, look.names, look.styles, max_rank=int(donors["rank"].max()),
                                      named_ranks=set(donors["rank"]))
    return Section("donors", title, shown, ("military_donors",), figure=figure, view_url=view_url(PAGE, state),
                   note="Ranks the article does not name are shown as empty circles, not guessed. "
                        "Ranks 2–5 follow the order of the article's list. " + context_note(shown, state, look.names))


def _deals(state: ViewState, look) -> Section:
    deals = highlight(data.load_table("arms_deals"), state)
    if deals.empty:
        return nothing("arms_deals", "Arms deals the article names", ("arms_deals",),
                       "The article names arms deals only with Russia.")
    values = [charts.fmt(r.value) + f" {r.unit}" if r.value == r.value else "not stated in the article"
              for r in deals.itertuples()]
    values = [f"{q} {v}" if isinstance(q, str) and v[0].isdigit() else v for q, v in zip(deals["qualifier"], values)]
    table = pd.DataFrame({"System": deals["system"], "Measure": deals["measure"],
                          "Partner": deals["partner"].map(look.names), "Deal": deals["deal_type"],
                          "Year": deals["year"].astype("string").fillna("not stated"), "Value": values,
                          "Endnote": deals["endnote"]})
    return Section("arms_deals", "Arms deals the article names", deals, ("arms_deals",), kind="table", table=table,
                   view_url=view_url(PAGE, state), note=context_note(deals, state, look.names))


def arms_orders(register: pd.DataFrame, sipri_codes, since: int = 2006) -> pd.DataFrame:
    """Serbia's arms orders by supplier and year of order (SIPRI TIV of the whole order)."""
    serbia = register[(register["Recipient"] == "Serbia") & (register["Year of order"] >= since)]
    orders = serbia.assign(partner=serbia["Supplier"].map(sipri_codes), year=serbia["Year of order"].astype(int))
    orders = orders.dropna(subset=["partner"])
    return (orders.groupby(["year", "partner"], as_index=False)
            .agg(tiv_ordered=("SIPRI TIV for total order", "sum"), systems=("Weapon designation", "; ".join))
            .assign(after_publication=lambda f: f["year"] > 2020))


def top_groups(rows: pd.DataFrame, group: str, value_column: str, keep: int = 4) -> pd.DataFrame:
    """The ``keep`` largest groups by total value; the rest summed per year as OTHERS."""
    totals = rows.groupby(group)[value_column].sum().sort_values(ascending=False)
    top = list(totals.index[:keep]) if len(totals) > keep + 1 else list(totals.index)
    labelled = rows.assign(members=rows[group], **{group: rows[group].where(rows[group].isin(top), OTHERS)})
    return (labelled.groupby(["year", group], as_index=False, sort=False)
            .agg(**{value_column: (value_column, "sum"), "members": ("members", lambda m: ";".join(sorted(set(m))))}))


def arms_orders_title(orders: pd.DataFrame, all_orders: pd.DataFrame, names) -> str:
    def leader(part: pd.DataFrame, everything: pd.DataFrame) -> str:
        totals = part.groupby("partner")["tiv_ordered"].sum().sort_values(ascending=False)
        whole = everything["tiv_ordered"].sum()
        return f"{names.get(totals.index[0], totals.index[0])} {totals.iloc[0] / whole * 100 if whole else 0:.0f}%"
    parts = []
    for after, label in ((False, "up to 2020"), (True, "2021 on")):
        part = orders[orders["after_publication"] == after]
        if not part.empty:
            parts.append(f"{label}: {leader(part, all_orders[all_orders['after_publication'] == after])}")
    complete = set(orders["partner"]) == set(all_orders["partner"])
    head = "Largest supplier of Serbia's arms orders" if complete else "Share of Serbia's arms orders, largest shown"
    return f"{head} (SIPRI TIV) — " + "; ".join(parts)


def _orders(state: ViewState, look) -> Section:
    partners = data.load_table("partners")
    sipri_codes = {n: c for c, n in zip(partners["code"], partners["sipri_name"]) if isinstance(n, str)}
    all_orders = arms_orders(data.load_table("sipri_arms_transfers"), sipri_codes)
    orders = filter_by_partner(all_orders, state.selection)
    if orders.empty:
        return nothing("sipri_orders", "Serbia's arms orders by supplier (SIPRI)", ("sipri_arms_transfers",),
                       "SIPRI records no arms order by Serbia from the partners selected since 2006.")
    grouped = top_groups(orders, "partner", "tiv_ordered").assign(after_publication=lambda f: f["year"] > 2020)
    title = arms_orders_title(orders, all_orders, look.names)
    figure = charts.stacked_year_chart(grouped, title, group="partner", value_column="tiv_ordered",
                                       unit="million TIV", colours={**look.colours, OTHERS: "#BBBBBB"},
                                       names={**look.names, OTHERS: "Other suppliers"})
    return Section("sipri_orders", title, grouped, ("sipri_arms_transfers",), figure=figure,
                   note="SIPRI trend-indicator values measure military capability transferred, not money. "
                        "Orders SIPRI has not valued yet count as 0 (e.g. 12 Rafale F4 from France, 2024). "
                        "Orders from 2021 on are post-publication: the article could not know them.")


@memoised
def build(state: ViewState) -> SecurityView:
    look = lookups()
    return SecurityView("Security and defence: closer to NATO than the alliance myths suggest",
                        _exercises(state, look), _donors(state, look), _deals(state, look), _orders(state, look))
