"""Kosovo and diplomacy: every dated event (one row per event and partner), the events table,
and the article's diplomacy findings."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import charts, data
from components.filters import filter_by_partner
from components.sections import Section, nothing
from components.state import ViewState
from components.views import memoised
from components.views.common import lookups

RESOURCES = ("timeline", "event_partners")


@dataclass(frozen=True)
class KosovoView:
    heading: str
    timeline: Section
    events: Section
    findings: Section


def timeline_title(involvement: pd.DataFrame, names) -> str:
    """Who is involved in most of the events shown, counted from the rows (one per event and partner)."""
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


@memoised
def build(state: ViewState) -> KosovoView:
    look = lookups()
    event_partners = data.load_table("event_partners")
    involvement = filter_by_partner(data.load_table("timeline").merge(event_partners, on="event_id",
                                                                       validate="one_to_many"), state.selection)
    findings = data.load_table("findings")
    diplomacy = filter_by_partner(findings[findings["dimension"] == "diplomacy"], state.selection)
    findings_section = (nothing("findings", "What the article finds on diplomacy", ("findings",),
                                "The article's diplomacy findings concern other partners.")
                        if diplomacy.empty else
                        Section("findings", "What the article finds on diplomacy", diplomacy, ("findings",), kind="text"))
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
    timeline = Section("timeline", title, involvement, RESOURCES, note=_dating_note(events),
                       figure=charts.timeline_chart(involvement, title, look.names, look.colours))
    table = Section("events", "The events in order", events, RESOURCES, kind="table",
                    table=_events_table(events, look.names),
                    note="“As written” keeps the article's own words; events are placed on the first day of the "
                         "period they are dated to.")
    return KosovoView(heading, timeline, table, findings_section)
