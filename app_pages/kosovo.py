"""Kosovo and diplomacy: every dated event of the article on one timeline, the events as a table,
and the article's findings on diplomacy."""

import pandas as pd
import streamlit as st

from components import charts, provenance, widgets
from components.filters import escape_markdown

timeline, event_partners, findings = widgets.tables("timeline", "event_partners", "findings")
names, colours = widgets.partner_lookups()

st.title("Kosovo and diplomacy")
st.markdown("Kosovo ties Belgrade to Moscow more than anything else; the dated events of the article show "
            "how Serbia has worked that tie alongside its courting of Washington, Brussels and Beijing.")

# One row per event and partner, so the partner filter keeps an event if any of its partners is chosen.
involvement = widgets.filtered(timeline.merge(event_partners, on="event_id", validate="one_to_many"))
if involvement.empty:
    widgets.no_data("dated events")
else:
    events = involvement.drop_duplicates("event_id")
    derived = int(events["date_derived"].fillna(False).sum())
    note = (f"{derived} of the {len(events)} events shown are not dated by the article itself; their dates are "
            "derived, inferred from context (see “Date derived” in the table below)." if derived
            else "Every event shown is dated by the article itself.")
    fig = widgets.figure("timeline_chart", involvement, names, colours)
    widgets.chart_block(fig, involvement, key="kosovo_timeline",
                        source=provenance.article_source_line(involvement), note=note)

    st.subheader("The events in order")
    partners_by_event = (event_partners.assign(name=event_partners["partner"].map(lambda p: names.get(p, p)))
                         .groupby("event_id")["name"].agg(", ".join))
    events = events.sort_values(["date", "event_id"])
    st.dataframe(pd.DataFrame({
        "Date": events["date_as_written"],
        "Event": events["event"],
        "Partners involved": events["event_id"].map(partners_by_event),
        "Endnote": events["endnote"],
        "Date derived": events["date_derived"].map({True: "Yes", False: "No"}).astype("string").fillna("not stated"),
        "How the date was derived": events["date_derivation"],
    }), hide_index=True, width="stretch", key="kosovo_events_table", column_config={
        "Event": st.column_config.TextColumn(width="large"),
        "How the date was derived": st.column_config.TextColumn(width="medium")})
    st.caption(escape_markdown(provenance.article_source_line(events) + " Sorted by the date each event is placed "
                               "on; “Date” keeps the article's own words; partners are all those involved."))

st.subheader("What the article finds on diplomacy")
diplomacy = widgets.filtered(findings[findings["dimension"] == "diplomacy"])
if diplomacy.empty:
    widgets.no_data("diplomacy findings")
else:
    widgets.findings_list(diplomacy)
