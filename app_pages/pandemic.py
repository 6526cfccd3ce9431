"""Pandemic aid 2020: Russia's deliveries, the per-size comparison with Italy, the Niš centre's
donation, and who greeted whose planes."""

import pandas as pd
import streamlit as st

from components import charts, provenance, widgets
from components.charts import fmt
from components.filters import escape_markdown

DELIVERIES = ["military_planes", "medical_equipment_units", "army_medics", "facilities_disinfected",
              "cities_disinfected"]
MEASURES = {"military_planes": "Planes sent", "planes_per_serbia_size": "Planes per Serbia-sized population (derived)"}
NIS_PREFIX = "nis_donation_"

aid, gestures, findings = widgets.tables("pandemic_aid", "aid_gestures", "findings")
names, colours = widgets.partner_lookups()
recipient_names = {**names, "SRB": "Serbia"}  # "Serbia (domestic)" reads oddly as an aid recipient
shown_aid = widgets.filtered(aid, "partner", "recipient")


def donors(rows: pd.DataFrame) -> str:
    return " and ".join(names.get(p, p) for p in rows["partner"].unique())


st.title("Pandemic aid 2020")
st.markdown("In spring 2020 Russia flew military aid to Serbia, yet Serbia's leadership gave China's aid "
            "the warmer welcome.")

st.subheader("What Russia delivered to Serbia")
delivered = shown_aid[(shown_aid["recipient"] == "SRB") & shown_aid["indicator"].isin(DELIVERIES)]
if delivered.empty:
    widgets.no_data("pandemic aid deliveries")
else:
    value = delivered.set_index("indicator")["value"]
    title = (f"{donors(delivered)} sent Serbia {fmt(value['military_planes'])} military planes and "
             f"{fmt(value['army_medics'])} army medics in spring 2020"
             if {"military_planes", "army_medics"} <= set(value.dropna().index)
             else f"What {donors(delivered)} delivered to Serbia in 2020")
    fig = widgets.figure("bar_chart", delivered, title, names, colours, label_column="label")
    widgets.chart_block(fig, delivered, key="pandemic_deliveries", source=provenance.article_source_line(delivered),
                        note="Each bar has its own unit; compare within a row, not across rows.")

st.subheader("Serbia and Italy, adjusted for size")
compared = shown_aid[shown_aid["indicator"].isin(MEASURES) & shown_aid["recipient"].isin(["SRB", "ITA"])]
if compared.empty:
    widgets.no_data("Serbia–Italy comparison")
else:
    compared = compared.assign(measure=compared["indicator"].map(MEASURES))
    per_size = compared[compared["indicator"] == "planes_per_serbia_size"].set_index("recipient")["value"].dropna()
    title = (f"Adjusted for size, Serbia got about {per_size['SRB'] / per_size['ITA']:.0f}× as many aid planes "
             f"from {donors(compared)} as Italy ({fmt(per_size['SRB'])} vs {fmt(per_size['ITA'])})"
             if {"SRB", "ITA"} <= set(per_size.index) else f"Aid planes from {donors(compared)}: Serbia and Italy")
    size = shown_aid[shown_aid["indicator"] == "size_relative_to_serbia"]
    notes = [f"{recipient_names.get(r.partner, r.partner)} is “{r.value_in_text}” of Serbia "
             f"(endnote {r.endnote})." for r in size.itertuples()]
    notes += [f"Derived: {d}." for d in compared["derivation"].dropna().unique()]
    fig = widgets.figure("grouped_bar_chart", compared, title, x="measure", group="recipient",
                                                            colours=colours, names=recipient_names)
    widgets.chart_block(fig, compared, key="pandemic_italy", source=provenance.article_source_line(compared),
                        note=" ".join(notes))

st.subheader("What the Serbian-Russian Humanitarian Centre in Niš donated")
nis = shown_aid[shown_aid["indicator"].str.startswith(NIS_PREFIX)]
if nis.empty:
    widgets.no_data("Niš centre donations")
else:
    nis = nis.assign(item=nis["label"].str.split(": ").str[-1].str.capitalize())
    largest = list(nis.loc[nis["value"] == nis["value"].max(), "item"].str.lower())
    items = ", ".join(largest[:-1]) + " and " + largest[-1] if len(largest) > 1 else largest[0]
    title = (f"{items.capitalize()}: {fmt(nis['value'].max())} {'each ' if len(largest) > 1 else ''}"
             "were the largest items the Niš centre gave the Interior Ministry")
    fig = widgets.figure("bar_chart", nis, title, names, colours, label_column="item")
    widgets.chart_block(fig, nis, key="pandemic_nis", source=provenance.article_source_line(nis))

st.subheader("Who greeted whose planes")
shown_gestures = widgets.filtered(gestures)
if shown_gestures.empty:
    widgets.no_data("gestures towards pandemic aid")
else:
    greetings = shown_gestures[shown_gestures["gesture"].str.startswith("Greeted")]
    greeted = [f"{names.get(g.partner, g.partner)}'s aid was greeted by {g.by_whom}" for g in greetings.itertuples()]
    in_person = shown_gestures.groupby("partner", sort=False)["vucic_in_person"].agg(["sum", "count", "size"])
    counts = [f"{names.get(p, p)} {int(c['sum'])} of {c['size']}"
              + (f" ({c['size'] - c['count']} not stated)" if c["size"] > c["count"] else "")
              for p, c in in_person.iterrows()]
    takeaway = "; ".join(greeted) + ". " if greeted else ""
    st.markdown(f"**{escape_markdown(takeaway + 'Gestures Vučić made in person: ' + ', '.join(counts) + '.')}**")
    in_person_text = shown_gestures["vucic_in_person"].map({True: "Yes", False: "No"}).astype("string").fillna("not stated")
    table = pd.DataFrame({
        "Partner": shown_gestures["partner"].map(lambda p: names.get(p, p)),
        "Gesture": shown_gestures["gesture"],
        "By whom": shown_gestures["by_whom"].fillna("not stated"),
        "Vučić in person": in_person_text,
        "When": shown_gestures["date_as_written"],
        "Endnote": shown_gestures["endnote"],
    })
    widgets.table_block(table, shown_gestures, key="pandemic_gestures",
                        source=provenance.article_source_line(shown_gestures),
                        column_config={"Gesture": st.column_config.TextColumn(width="large"),
                                       "By whom": st.column_config.TextColumn(width="medium")})

st.subheader("What the article finds")
pandemic_findings = widgets.filtered(findings[findings["dimension"] == "pandemic"])
if pandemic_findings.empty:
    widgets.no_data("pandemic findings")
else:
    widgets.findings_list(pandemic_findings)
