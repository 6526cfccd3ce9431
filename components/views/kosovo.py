"""Kosovo and diplomacy: every dated event (one row per event and partner), the events table,
and the article's diplomacy findings."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import charts, data
from components.sections import Section, nothing
from components.state import ViewState
from components.views import memoised
from components.views.common import context_note, highlight, lookups, names_list, view_url

PAGE = "kosovo"

RESOURCES = ("timeline", "event_partners")


@dataclass(frozen=True)
class KosovoView:
    heading: str
    timeline: Section
    events: Section
    findings: Section


def timeline_title(involvement: pd.DataFrame, names) -> str:
    """Who is involved in most of the events shown, counted from the rows (one per event and partner);
    under a filter, how many of all the events involve the partners chosen."""
    if not involvement["highlighted"].all():
        chosen = involvement[involvement["highlighted"]]
        first, last = involvement["date"].dt.year.min(), involvement["date"].dt.year.max()
        total = involvement["event_id"].nunique()
        if chosen.empty:
            return f"None of the {total} dated events, {first}–{last}, involves the partners chosen"
        who = names_list(chosen["partner"], names)
        count = chosen["event_id"].nunique()
        return f"{who}: involved in {count} of the {total} dated events, {first}–{last}"
    counts = involvement.groupby("partner")["event_id"].nunique().sort_values(ascending=False)
    top, total = names.get(counts.index[0], counts.index[0]), involvement["event_id"].nunique()
    first, last = involvement["date"].dt.year.min(), involvement["date"].dt.year.max()
    years = str(first) if first == last else f"{first}–{last}"
    if total == 1:
        return f"{top}: the one dated event shown, {years}"
    if counts.iloc[0] == total:
        return f"{top} is involved in all {total} dated events shown, {years}"
    return f"{top} is involved in {counts.iloc[0]} of the {total} dated events shown, {years}"


def _dating_note(events: pd.DataFrame) -> str:
    derived = int(events["date_derived"].fillna(False).sum())
    if not derived:
        return "Every event shown is dated by the article itself."
    one = derived == 1
    return (f"{derived} of the {len(events)} events shown {'is' if one else 'are'} not dated by the article itself; "
            f"{'its date is' if one else 'their dates are'} derived, inferred from context "
            "(see “Date derived” in the table below).")


def _events_table(events: pd.DataFrame, names) -> pd.DataFrame:
    involved = events["partner"].map(lambda joined: ", ".join(names.get(c, c) for c in joined.split(";")))
    return pd.DataFrame({
        "Date": events["date"].dt.strftime("%Y-%m").where(events["date_precision"] == "month",
                                                            events["date"].dt.strftime("%Y")),
        "As written": events["date_as_written"].fillna(""), "Event": events["event"], "Partners involved": involved,
        "Endnote": events["endnote"].astype("string").fillna(""),
        "Date derived": events["date_derived"].map({True: "Yes", False: "No"}).astype("string").fillna(""),
        "How the date was derived": events["date_derivation"].fillna("")})


def plot_dates(events: pd.DataFrame) -> pd.Series:
    """Where an event dated only to a month or a year is drawn: the 15th of the month; mid-year
    (2 July) for a year, except 2020, whose events the June-2020 article reports in the past tense:
    they lie between 1 January and 30 June 2020, so 1 April, left of the publication marker."""
    year_only = events["date_precision"] == "year"
    month_only = events["date_precision"] == "month"
    mid_year = events["date"] + pd.Timedelta(days=182)
    mid_year = mid_year.where(events["date"].dt.year != 2020, pd.Timestamp("2020-04-01"))
    return events["date"].where(~year_only, mid_year).where(~month_only, events["date"] + pd.Timedelta(days=14))


@memoised
def build(state: ViewState) -> KosovoView:
    look = lookups()
    event_partners = data.load_table("event_partners")
    involvement = highlight(data.load_table("timeline").merge(event_partners, on="event_id", validate="one_to_many"),
                            state)
    findings = data.load_table("findings")
    diplomacy = highlight(findings[findings["dimension"] == "diplomacy"], state)
    findings_section = Section("findings", "What the article finds on diplomacy", diplomacy, ("findings",),
                               kind="text", note=context_note(diplomacy, state, look.names))
    heading = "Kosovo and diplomacy"
    if involvement.empty:
        why = "The article dates no event involving the partners selected."
        return KosovoView(heading, nothing("timeline", "Dated events", RESOURCES, why),
                          nothing("events", "The events in order", RESOURCES, why), findings_section)
    # One row per event; `partner` lists every partner involved ("RUS;UKR"), so the download
    # holds what the table shows.
    codes = event_partners.groupby("event_id")["partner"].agg(";".join)
    events = (involvement.drop_duplicates("event_id").sort_values(["date", "event_id"])
              .assign(partner=lambda f: f["event_id"].map(codes)))
    title = timeline_title(involvement, look.names)
    involvement = involvement.assign(plot_date=plot_dates(involvement))
    timeline = Section("timeline", title, involvement, RESOURCES, note=_dating_note(events),
                       view_url=view_url(PAGE, state),
                       figure=charts.timeline_chart(involvement, title, look.names, look.styles))
    table = Section("events", "The events in order", events, RESOURCES, kind="table",
                    table=_events_table(events, look.names),
                    note="“As written” keeps the article's own words; events are placed on the first day of the "
                         "period they are dated to.")
    return KosovoView(heading, timeline, table, findings_section)
