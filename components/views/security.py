"""Security and defence: exercises with NATO vs Russia, donor ranks, arms deals, SIPRI deliveries."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import charts, data, record_arms
from components.sections import Section, nothing
from components.state import ViewState
from components.theme import Style
from components.views import memoised
from components.views.common import context_note, highlight, lookups, view_url

PAGE = "security"

OTHERS = "OTHERS"
OTHERS_STYLE = Style("#BBBBBB", "solid", "")


@dataclass(frozen=True)
class SecurityView:
    heading: str
    exercises: Section
    donors: Section
    deals: Section
    deliveries: Section
    register: Section


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
                       "The data file holds no arms deal the article names.")
    values = [charts.fmt(r.value) + f" {r.unit}" if r.value == r.value else "not stated in the article"
              for r in deals.itertuples()]
    values = [f"{q} {v}" if isinstance(q, str) and v[0].isdigit() else v for q, v in zip(deals["qualifier"], values)]
    table = pd.DataFrame({"System": deals["system"], "Measure": deals["measure"],
                          "Partner": deals["partner"].map(look.names), "Deal": deals["deal_type"],
                          "Year": deals["year"].astype("string").fillna("not stated"), "Value": values,
                          "Endnote": deals["endnote"]})
    return Section("arms_deals", "Arms deals the article names", deals, ("arms_deals",), kind="table", table=table,
                   view_url=view_url(PAGE, state), note=context_note(deals, state, look.names))


DELIVERIES_SINCE = 2010
PERIODS_NOTE = ("The title compares 2010–2019, what SIPRI had published by June 2020, with 2021 on, as "
                "“Did it hold?” does; 2020, the article's year, is drawn but counted in neither.")


def top_suppliers(rows: pd.DataFrame, keep: int = 5) -> pd.DataFrame:
    """The ``keep`` largest suppliers (and every highlighted one) by TIV delivered; the rest summed
    per year as OTHERS (one trace per small supplier is slow to draw and hard to read)."""
    totals = rows.groupby("partner")["tiv_delivered"].sum().sort_values(ascending=False)
    # Without a filter every row is highlighted: then only the largest are drawn on their own.
    chosen = set() if rows["highlighted"].all() else set(rows.loc[rows["highlighted"], "partner"])
    kept = set(totals.index[:keep]) | chosen
    labelled = rows.assign(members=rows["supplier"], partner=rows["partner"].where(rows["partner"].isin(kept), OTHERS))
    grouped = (labelled.groupby(["year", "partner"], as_index=False, sort=False)
               .agg(tiv_delivered=("tiv_delivered", "sum"), highlighted=("highlighted", "max"),
                    members=("members", lambda m: "; ".join(sorted(set(m)))),
                    systems=("systems", lambda m: "; ".join(dict.fromkeys(m)))))
    order = [code for code in totals.index if code in kept] + [OTHERS]
    return grouped.sort_values(["partner", "year"], key=lambda c: c.map(order.index) if c.name == "partner" else c)


def deliveries_title(deliveries: pd.DataFrame, register: pd.DataFrame, article_time: bool) -> str:
    """Which camp's weapons reached Serbia most, before the article and after (from all suppliers),
    over the same periods as "Did it hold?" (2010–2019 and 2021 on; as of June 2020 the first only)."""
    periods = record_arms.comparison_periods(register, since=DELIVERIES_SINCE)
    parts = []
    for first, last in periods[:1] if article_time else periods:
        part = record_arms.period_totals(deliveries, first, last).reset_index()
        if part["tiv_delivered"].sum() == 0:
            continue
        top = part.sort_values("tiv_delivered", ascending=False).iloc[0]
        parts.append(f"{CAMP_WORDS.get(top['camp'], top['camp'])} {top['share_pct']:.0f}% in {first}–{last}")
    head = "Arms delivered to Serbia (SIPRI TIV), largest camp: "
    return head + ("; ".join(parts) if parts else "none recorded")


CAMP_WORDS = {"West": "the West", "Russia": "Russia and allies", "China": "China", "Other": "others"}


def _deliveries(state: ViewState, look) -> Section:
    register = data.load_table("sipri_arms_transfers")
    partners = data.load_table("partners")
    last_year = record_arms.last_year_known(register, state.asof)
    deliveries = record_arms.deliveries_by_year(register, partners)
    deliveries = deliveries[deliveries["year"].between(DELIVERIES_SINCE, last_year)]
    deliveries = highlight(deliveries.assign(partner=deliveries["partner"].fillna(deliveries["supplier"])), state)
    title = deliveries_title(deliveries, register, state.article_time)
    grouped = top_suppliers(deliveries)
    names = {**look.names, OTHERS: "Other suppliers"}
    figure = charts.stacked_year_chart(grouped, title, group="partner", value_column="tiv_delivered",
                                       unit="million TIV delivered", styles={**look.styles, OTHERS: OTHERS_STYLE},
                                       names=names,
                                       marker_x=None if state.article_time else charts.PUBLICATION_X)
    return Section("sipri_deliveries", title, grouped, ("sipri_arms_transfers",), figure=figure,
                   view_url=view_url(PAGE, state),
                   note=" ".join(filter(None, [
                       record_arms.DELIVERIES_METHOD, PERIODS_NOTE, context_note(grouped, state, names)])))


def _register(state: ViewState, look) -> Section:
    register = data.load_table("sipri_arms_transfers")
    last = record_arms.last_year_known(register, state.asof)
    deals = record_arms.deal_register(register, data.load_table("partners"), as_of=state.asof)
    deals = highlight(deals.assign(partner=deals["partner"].fillna(deals["supplier"])), state)
    labels = record_arms.DEAL_REGISTER_LABELS
    table = deals[list(labels)].rename(columns=labels)
    undelivered = int(deals["delivery_status"].str.startswith("not delivered").sum())
    unknown = int((~deals["value_assessed"]).sum())
    title = (f"Serbia's {len(deals)} arms deals ordered {int(deals['order_year'].min())}–{int(deals['order_year'].max())}: "
             f"{undelivered} with nothing delivered by end-{last}, {unknown} not yet valued by SIPRI")
    return Section("sipri_register", title, deals, ("sipri_arms_transfers",), kind="table", table=table,
                   view_url=view_url(PAGE, state),
                   note=" ".join(filter(None, [record_arms.STATUS_NOTE, context_note(deals, state, look.names)])))


@memoised
def build(state: ViewState) -> SecurityView:
    look = lookups()
    return SecurityView("Security and defence: closer to NATO than the alliance myths suggest",
                        _exercises(state, look), _donors(state, look), _deals(state, look),
                        _deliveries(state, look), _register(state, look))
