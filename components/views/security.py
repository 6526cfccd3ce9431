"""Security and defence: exercises with NATO vs Russia, donor ranks, arms deals, SIPRI deliveries."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import asof, charts, data, record_arms, sensitivity
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


def periods_note(deliveries: pd.DataFrame, register: pd.DataFrame, article_time: bool) -> str:
    """Which periods the title compares, why they differ in length, with yearly averages
    (record_arms.periods_note); as of June 2020 the one period then published."""
    (a, b), (c, d) = record_arms.comparison_periods(register, since=DELIVERIES_SINCE)
    if article_time:
        return f"The title covers {a}–{b}, what SIPRI had published by June 2020."
    return (f"The title compares {a}–{b}, what SIPRI had published by June 2020, with {c}–{d}, as “Did it hold?” "
            f"does; {asof.ARTICLE_DATE.year}, the article's year, is drawn but counted in neither. "
            + record_arms.periods_note(deliveries, (a, b), (c, d), record_arms.equal_periods(register)[0]))


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


def _periods(register: pd.DataFrame, article_time: bool) -> tuple[tuple[int, int], ...]:
    periods = record_arms.comparison_periods(register, since=DELIVERIES_SINCE)
    return periods[:1] if article_time else periods


def leader_checks(per_deal: pd.DataFrame, register: pd.DataFrame, article_time: bool) -> list:
    """Per period the title names: does its largest camp rest on one order? (record_arms.leader_check)"""
    return [record_arms.leader_check(per_deal, first, last) for first, last in _periods(register, article_time)]


def deliveries_title(deliveries: pd.DataFrame, register: pd.DataFrame, article_time: bool,
                     checks: list | None = None) -> str:
    """Which camp's weapons reached Serbia most, before the article and after (from all suppliers),
    over the same periods as "Did it hold?" (2010–2019 and 2021 on; as of June 2020 the first only);
    where the largest camp rests on one order (``checks``: leader_checks), a flag; the note says which."""
    parts = []
    for index, (first, last) in enumerate(_periods(register, article_time)):
        part = record_arms.period_totals(deliveries, first, last).reset_index()
        if part["tiv_delivered"].sum() == 0:
            continue
        top = part.sort_values("tiv_delivered", ascending=False).iloc[0]
        flagged = sensitivity.flag(checks[index].note) if checks else ""
        parts.append(f"{CAMP_WORDS.get(top['camp'], top['camp'])} {top['share_pct']:.0f}% in {first}–{last}"
                     + (f" ({flagged})" if flagged else ""))
    head = "Arms delivered to Serbia (SIPRI TIV), largest camp: "
    return head + ("; ".join(parts) if parts else "none recorded")


CAMP_WORDS = record_arms.CAMP_WORDS


def _deliveries(state: ViewState, look) -> Section:
    register = data.load_table("sipri_arms_transfers")
    partners = data.load_table("partners")
    last_year = record_arms.last_year_known(register, state.asof)
    deliveries = record_arms.deliveries_by_year(register, partners)
    deliveries = deliveries[deliveries["year"].between(DELIVERIES_SINCE, last_year)]
    deliveries = highlight(deliveries.assign(partner=deliveries["partner"].fillna(deliveries["supplier"])), state)
    per_deal = record_arms.deal_years(register, partners)
    checks = leader_checks(per_deal[per_deal["year"].between(DELIVERIES_SINCE, last_year)], register,
                           state.article_time)
    title = deliveries_title(deliveries, register, state.article_time, checks)
    grouped = top_suppliers(deliveries)
    names = {**look.names, OTHERS: "Other suppliers"}
    figure = charts.stacked_year_chart(grouped, title, group="partner", value_column="tiv_delivered",
                                       unit="million TIV delivered", styles={**look.styles, OTHERS: OTHERS_STYLE},
                                       names=names,
                                       marker_x=None if state.article_time else charts.PUBLICATION_X)
    return Section("sipri_deliveries", title, grouped, ("sipri_arms_transfers",), figure=figure,
                   view_url=view_url(PAGE, state),
                   note=" ".join(filter(None, [
                       *dict.fromkeys(c.note for c in checks if c.note), record_arms.DELIVERIES_METHOD,
                       periods_note(deliveries, register, state.article_time), context_note(grouped, state, names)])))


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
