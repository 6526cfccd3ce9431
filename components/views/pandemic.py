"""Pandemic aid 2020: Russia's deliveries, the Italy comparison, the Niš items, the gestures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import charts, data
from components.sections import Section, nothing
from components.state import ViewState
from components.theme import Style
from components.views import memoised
from components.views.common import context_note, highlight, lookups, names_list, view_url

PAGE = "pandemic"

DELIVERIES = {"military_planes": "Military planes", "medical_equipment_units": "Equipment units",
              "army_medics": "Army medics", "facilities_disinfected": "Facilities",
              "cities_disinfected": "Cities"}
ITALY_MEASURES = {"military_planes": "Planes sent",
                  "planes_per_serbia_size": "Planes adjusted for size, Serbia = 1 (derived)"}
NIS_PREFIX = "nis_donation_"
SERBIA_STYLE = Style("#6E6E6E", "solid", "")  # the recipient, a baseline: grey
ONLY_RUSSIA = "The article describes this aid from Russia only: add Russia to the selection."


@dataclass(frozen=True)
class PandemicView:
    heading: str
    deliveries: Section
    italy: Section
    nis: Section
    gestures: Section
    findings: Section


def _deliveries_title(rows, names) -> str:
    by_indicator = rows.set_index("indicator")
    donors = names_list(rows["partner"], names)
    if {"military_planes", "army_medics"} <= set(by_indicator.index):
        planes, medics = by_indicator.loc["military_planes"], by_indicator.loc["army_medics"]
        return (f"{donors} sent Serbia {charts.hedged(planes['value'], planes['qualifier'], 'military planes')}"
                f" and {charts.hedged(medics['value'], medics['qualifier'], 'army medics')} in spring 2020")
    return f"What {donors} delivered to Serbia in 2020"


def _italy_title(rows, names, recipient_names) -> str:
    per_size = rows[rows["indicator"] == "planes_per_serbia_size"].set_index("recipient")["value"].dropna()
    donors = names_list(rows["partner"], names)
    if {"SRB", "ITA"} <= set(per_size.index):
        return (f"Adjusted for size, Serbia got about {per_size['SRB'] / per_size['ITA']:.0f}× as many aid planes "
                f"from {donors} as Italy ({charts.fmt(per_size['SRB'])} vs {charts.fmt(per_size['ITA'])})")
    return f"Aid planes from {donors} to {names_list(rows['recipient'], recipient_names)}"


def _nis_title(rows) -> str:
    largest = list(rows.loc[rows["value"] == rows["value"].max(), "item"].str.lower())
    items = ", ".join(largest[:-1]) + " and " + largest[-1] if len(largest) > 1 else largest[0]
    each = "each " if len(largest) > 1 else ""
    return f"{items.capitalize()}: {charts.fmt(rows['value'].max())} {each}were the largest items the Niš centre gave"


def _italy_note(aid, rows, recipient_names) -> str:
    size = aid[aid["indicator"] == "size_relative_to_serbia"]
    notes = [f"{recipient_names.get(r.partner, r.partner)} is “{r.value_in_text}” of Serbia (endnote {r.endnote})."
             for r in size.itertuples()]
    return " ".join(notes + [f"Derived: {d}." for d in rows["derivation"].dropna().unique()])


def _gestures(state: ViewState, look) -> Section:
    names = look.names
    gestures = highlight(data.load_table("aid_gestures"), state)
    greetings = gestures[gestures["gesture"].str.startswith("Greeted")]
    greeted = [f"{names.get(g.partner, g.partner)}'s aid was greeted by {g.by_whom}" for g in greetings.itertuples()]
    in_person = gestures.dropna(subset=["vucic_in_person"]).groupby("partner", sort=False)["vucic_in_person"]
    counts = [f"{names.get(p, p)} {int(c.sum())} of {len(c)}" for p, c in in_person]
    title = ("; ".join(greeted) + ". " if greeted else "") + "Gestures Vučić made in person: " + ", ".join(counts)
    table = pd.DataFrame({"Partner": gestures["partner"].map(lambda p: names.get(p, p)), "Gesture": gestures["gesture"],
                          "By whom": gestures["by_whom"].fillna(""),
                          "Vučić in person": (gestures["vucic_in_person"].map({True: "Yes", False: "No"})
                                              .astype("string").fillna("")),
                          "When": gestures["date_as_written"].fillna(""), "Endnote": gestures["endnote"]})
    return Section("gestures", title, gestures, ("aid_gestures",), kind="table", table=table,
                   view_url=view_url(PAGE, state), note=context_note(gestures, state, names))


def _italy(aid, look, state) -> Section:
    recipient_names = {**look.names, "SRB": "Serbia"}
    italy = aid[aid["indicator"].isin(ITALY_MEASURES) & aid["recipient"].isin(["SRB", "ITA"])]
    if italy.empty:
        return nothing("italy", "Serbia and Italy, adjusted for size", ("pandemic_aid",), ONLY_RUSSIA)
    italy = italy.assign(measure=italy["indicator"].map(ITALY_MEASURES))
    title = _italy_title(italy, look.names, recipient_names)
    return Section("italy", title, italy, ("pandemic_aid",), view_url=view_url(PAGE, state),
                   note=" ".join(filter(None, [_italy_note(aid, italy, recipient_names),
                                               context_note(italy, state, look.names)])),
                   figure=charts.grouped_bar_chart(italy, title, x="measure", group="recipient",
                                                   styles={**look.styles, "SRB": SERBIA_STYLE}, names=recipient_names))


def _nis(aid, look, state) -> Section:
    nis = aid[aid["indicator"].str.startswith(NIS_PREFIX)]
    if nis.empty:
        return nothing("nis", "What the Niš centre donated", ("pandemic_aid",), ONLY_RUSSIA)
    nis = nis.assign(item=nis["label"].str.split(": ").str[-1].str.capitalize())
    return Section("nis", _nis_title(nis), nis, ("pandemic_aid",), view_url=view_url(PAGE, state),
                   note=context_note(nis, state, look.names),
                   figure=charts.bar_chart(nis, _nis_title(nis), look.names, look.styles, label_column="item"))


@memoised
def build(state: ViewState) -> PandemicView:
    look = lookups()
    # Serbia and Italy are the recipients the comparison needs: they stay whatever the filter.
    aid = highlight(data.load_table("pandemic_aid"), state, ("partner", "recipient"))
    delivered = aid[(aid["recipient"] == "SRB") & aid["indicator"].isin(DELIVERIES)]
    delivered = delivered.assign(short_label=delivered["indicator"].map(DELIVERIES))
    deliveries = (nothing("deliveries", "What Russia delivered to Serbia", ("pandemic_aid",), ONLY_RUSSIA)
                  if delivered.empty else
                  Section("deliveries", _deliveries_title(delivered, look.names), delivered, ("pandemic_aid",),
                          kind="figures", view_url=view_url(PAGE, state), note=context_note(delivered, state, look.names)))
    findings = data.load_table("findings")
    shown = highlight(findings[findings["dimension"] == "pandemic"], state)
    findings_section = Section("findings", "What the article finds", shown, ("findings",), kind="text",
                               note=context_note(shown, state, look.names))
    return PandemicView("Pandemic aid 2020", deliveries, _italy(aid, look, state), _nis(aid, look, state),
                        _gestures(state, look), findings_section)
