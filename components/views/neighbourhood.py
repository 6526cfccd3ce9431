"""Neighbourhood: Serbia and its neighbours coloured by NATO/EU status at the end of a chosen year.

The article's geographic argument (endnotes 34-37): Serbia is encircled by NATO members, more so
since Montenegro (2017) and North Macedonia (2020) joined; Russia cannot project military might
in the Balkans except to Black Sea states such as Bulgaria. Dates: NATO/EU milestone file and
EUMS (external); Serbia's IPAP and CSTO observer status: the article.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import asof, data, geodata, maps, membership, memo, params, theme
from components.sections import Section
from components.state import ViewState

GEO_NAME = "natural_earth_balkans"
FIRST_YEAR = 2000
ARTICLE_YEAR = asof.ARTICLE_DATE.year
PUBLICATION = asof.ARTICLE_DATE
HEADING = "Neighbourhood: encircled by NATO"
SERBIA = "SRB"
KOSOVO_ADM0 = "KOS"
KOSOVO_LABEL = "Kosovo*"
KOSOVO_FOOTNOTE = ("*This designation is without prejudice to positions on status, and is in line with "
                   "UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of independence.")
ARGUMENT_FINDINGS = ("russia_too_far", "encircled_by_nato", "black_sea_reach")
PATH_FROM_ARTICLE = {"timeline": "ipap_second_cycle", "findings": "csto_observer"}
PATH_ORGANISATIONS = ("NATO", "CSTO")  # the IPAP is NATO's plan; the observer seat is in the CSTO's assembly
TABLE_MILESTONES = {"NATO member": "NATO member", "Partnership for Peace": "Partnership for Peace",
                    "EU membership application": "EU application", "EU candidate status": "EU candidate",
                    "EU decision to open accession negotiations": "EU decision to open negotiations",
                    "EU accession negotiations opened": "EU negotiations opened", "EU member": "EU member"}
SOURCE_NAMES = {membership.MILESTONES_RESOURCE: "NATO / European Commission pages",
                membership.ACCESSIONS_RESOURCE: "EUMS (Fjelstul 2021)"}
RESOURCES = (membership.MILESTONES_RESOURCE, membership.ACCESSIONS_RESOURCE)


@dataclass(frozen=True)
class YearRange:
    first: int
    last: int
    default: int


@dataclass(frozen=True)
class NeighbourhoodView:
    heading: str
    year: int
    map: Section
    dates: Section
    serbia_path: Section
    argument: Section


def _geojson() -> dict:
    return geodata.load_geojson(GEO_NAME)


def _milestones(state: ViewState | None = None) -> pd.DataFrame:
    """Every milestone of the countries on the map; as of June 2020 only those dated by the
    article's publication (ISO dates, some to the month only, compare as text)."""
    state = state or ViewState()
    codes = [f["properties"]["ADM0_A3"] for f in _geojson()["features"]]
    rows = membership.milestone_rows(data.load_table(membership.MILESTONES_RESOURCE),
                                     data.load_table(membership.ACCESSIONS_RESOURCE), codes)
    rows = membership.with_remarks(rows, data.load_table("memberships"))
    known = [asof.known(source, date, state.asof) for source, date in zip(rows["source"], rows["date"])]
    return rows[pd.Series(known, index=rows.index, dtype=bool)].reset_index(drop=True)


def year_range(state: ViewState) -> YearRange:
    """2000 to the last year with a milestone (2020 as of the article); the default is that last year."""
    last = int(_milestones(state)["year"].max())
    return YearRange(FIRST_YEAR, last, min(ARTICLE_YEAR, last) if state.article_time else last)


def status_when(year: int, state: ViewState) -> str:
    """'End of 2016'; as of the article, its own year reads 'June 2020' (later 2020 was unknown)."""
    return f"{PUBLICATION:%B %Y}" if state.article_time and year == PUBLICATION.year else f"End of {year}"


def status_heading(when: str) -> str:
    """'end of 2016' / 'June 2020', for a column heading after 'Status, '."""
    return "end" + when[3:] if when.startswith("End") else when


def status_on(year: int, state: ViewState) -> str:
    """The day a status holds: 31 December of ``year``, or the publication day as of the article."""
    return f"{PUBLICATION:%Y-%m-%d}" if status_when(year, state).startswith(f"{PUBLICATION:%B}") else f"{year}-12-31"


def valid_year(value, years: YearRange) -> int:
    """``value`` as a year in range, else the default (a bad link never raises)."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return years.default
    return year if years.first <= year <= years.last else years.default


def _names(milestones: pd.DataFrame) -> dict[str, str]:
    names = {f["properties"]["ADM0_A3"]: f["properties"]["NAME"] for f in _geojson()["features"]}
    listed = data.load_table(membership.MILESTONES_RESOURCE)
    names.update(dict(zip(listed["adm0_a3"], listed["country"])))
    names[KOSOVO_ADM0] = KOSOVO_LABEL  # neutral designation, with the EU's footnote on the page
    return names


def _hover(name: str, status: str, rows: pd.DataFrame, year: int, when: str) -> str:
    lines = [f"{name}", f"{when}: {status}"]
    for label, date, when, remark in zip(rows["label"], rows["date"], rows["year"], rows["remark"]):
        lines.append(f"{label}: {date}" + (" (later)" if when > year else "") + (f"\n  ({remark})" if remark else ""))
    if len(lines) == 2:
        lines.append("No NATO or EU milestone in the sources")
    return "\n".join(lines)


def _highlighted(countries: pd.DataFrame, milestones: pd.DataFrame, state: ViewState, year: int) -> set[str]:
    """Countries in the selection, and the members in ``year`` of a bloc in it (Serbia always)."""
    if state.selection is None:
        return set(countries["adm0_a3"])
    # Countries chosen by hand; a bloc's members are those of ``year`` (partners.csv lists today's).
    lit = set(countries.loc[countries["iso3"].isin(state.chosen), "adm0_a3"])
    for bloc in ("NATO", "EU"):
        if bloc in state.selection:
            lit |= set(countries.loc[countries["iso3"].isin(membership.members(milestones, bloc, year)), "adm0_a3"])
    return lit | {SERBIA} if lit else set(countries["adm0_a3"])


def country_table(milestones: pd.DataFrame, state: ViewState, year: int) -> pd.DataFrame:
    """One row per country on the map: name, status at the end of ``year``, label point, hover."""
    features = [f["properties"] for f in _geojson()["features"]]
    names = _names(milestones)
    listed = data.load_table(membership.MILESTONES_RESOURCE)  # every country's codes, whatever the as-of
    iso_of = {**dict(zip(listed["adm0_a3"], listed["iso3"])), **dict(zip(milestones["adm0_a3"], milestones["iso3"]))}
    countries = pd.DataFrame({
        "adm0_a3": [p["ADM0_A3"] for p in features],
        "iso3": [iso_of.get(p["ADM0_A3"], p["ADM0_A3"]) for p in features],
        "name": [names[p["ADM0_A3"]] for p in features],
        "borders_serbia": [bool(p["BORDERS_SRB"]) for p in features],
        "label_lon": [p["LABEL"][0] for p in features], "label_lat": [p["LABEL"][1] for p in features]})
    status = membership.statuses(milestones, countries["adm0_a3"], year)
    countries["year"] = year
    countries["status_on"] = status_on(year, state)
    countries["status"] = countries["adm0_a3"].map(status)
    lit = _highlighted(countries, milestones, state, year)
    countries["highlighted"] = countries["adm0_a3"].isin(lit)
    by_code = dict(tuple(milestones.groupby("adm0_a3")))
    countries["hover"] = [_hover(name, s, by_code.get(code, milestones.iloc[0:0]), year, status_when(year, state))
                          for code, name, s in zip(countries["adm0_a3"], countries["name"], countries["status"])]
    order = {SERBIA: 0}
    countries["_order"] = [order.get(c, 1 if b else 2) for c, b in zip(countries["adm0_a3"], countries["borders_serbia"])]
    return countries.sort_values(["_order", "name"]).drop(columns="_order").reset_index(drop=True)


def encirclement_title(countries: pd.DataFrame, when: str) -> str:
    """'End of 2020: 6 of 8 neighbours in NATO' + the bordering countries that are not."""
    border = countries[countries["borders_serbia"]]
    in_nato = border["status"].isin([membership.BOTH, membership.NATO])
    outside = ", ".join(border.loc[~in_nato, "name"]) or "none"
    return (f"{when}: {int(in_nato.sum())} of {len(border)} neighbours in NATO"
            f"\nNot in NATO: {outside}")


def _eu_path_note(countries: pd.DataFrame, milestones: pd.DataFrame) -> str:
    """Which countries' EU applications and candidacies the sources date, and which countries the map
    shows as “n/a” for want of them (computed from the rows, for the year shown)."""
    by_code = dict(tuple(milestones.groupby("adm0_a3")))
    names = dict(zip(countries["adm0_a3"], countries["name"]))
    recorded = [names[code] for code in names if code in by_code and membership.eu_path_recorded(by_code[code])]
    missing = list(countries.loc[countries["status"] == membership.UNRECORDED, "name"])
    note = f"EU applications and candidacies are dated in the sources only for {_and(recorded)}. "
    if missing:
        note += (f"{_and(missing)}: “n/a” (white), neither a member nor with an EU step in the sources, which is not "
                 "the same as none. ")
    return note


def _remarks_note(countries: pd.DataFrame, milestones: pd.DataFrame) -> str:
    """What the membership table says about a date the map shows, e.g. Italy's EU date is the ECSC's founding."""
    names = dict(zip(countries["adm0_a3"], countries["name"]))
    noted = milestones[(milestones["remark"] != "") & milestones["adm0_a3"].isin(names)]
    parts = [f"{_and([names[c] for c in part['adm0_a3']])}, {label} {date}: {remark}"
             for (label, date, remark), part in noted.groupby(["label", "date", "remark"], sort=False)]
    return (" " + "; ".join(parts) + ".") if parts else ""


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else "none"


def _map_note(countries: pd.DataFrame, milestones: pd.DataFrame, year: int, state: ViewState) -> str:
    borders = geodata.descriptor(GEO_NAME)["sources"][0]
    when = status_when(year, state)
    notes = [(f"Status at the end of {year}: a state that joined during the year counts as a member. "
              if when.startswith("End") else
              f"Status in {when}, from the milestones dated by the article's publication (30 June 2020). ") +
             "A NATO or EU member is shown as a member even while also an EU candidate. "
             + _eu_path_note(countries, milestones) + "EU membership: EUMS, a 2021 snapshot."
             + _remarks_note(countries, milestones),
             "Today's borders for every year: Serbia and Montenegro were one state until 2006, and Kosovo* "
             "was under UN administration from 1999.",
             KOSOVO_FOOTNOTE,
             f"Borders: {borders['credit']} (Natural Earth 1:50m, public domain), simplified."]
    if year > ARTICLE_YEAR:
        notes.insert(1, f"{year} is after the article (June 2020): the author could not know it.")
    if state.filtered and countries["highlighted"].all():
        notes.insert(0, "None of the partners selected is on this map: every country is shown.")
    elif state.filtered:
        notes.insert(0, "Countries outside the selection are faded (a bloc brings in its members of that year).")
    return " ".join(notes)


def _map_section(countries: pd.DataFrame, milestones: pd.DataFrame, year: int, state: ViewState) -> Section:
    title = encirclement_title(countries, status_when(year, state))
    figure = maps.status_map(countries, _geojson(), title, theme.STATUS_COLOURS, membership.STATUSES,
                             membership.SHORT, marked=SERBIA)
    rows = countries[["year", "status_on", "adm0_a3", "iso3", "name", "status", "borders_serbia", "highlighted"]]
    table = countries[["name", "status", "borders_serbia"]].rename(
        columns={"name": "Country", "status": f"Status, {status_heading(status_when(year, state))}",
                 "borders_serbia": "Borders Serbia"})
    return Section("map", title.replace("\n", ". "), rows, RESOURCES, figure=figure, table=table,
                   note=_map_note(countries, milestones, year, state))


def _dates_section(countries: pd.DataFrame, milestones: pd.DataFrame, year: int, when: str) -> Section:
    """Each country's dates side by side, with the data set each comes from."""
    names = dict(zip(countries["adm0_a3"], countries["name"]))
    rows = milestones.assign(country=milestones["adm0_a3"].map(names))[
        ["country", "adm0_a3", "iso3", "organisation", "milestone", "label", "date", "remark", "source", "source_url"]]
    wide = rows[rows["label"].isin(TABLE_MILESTONES)].pivot_table(
        index="adm0_a3", columns="label", values="date", aggfunc="first")
    table = countries[["adm0_a3", "name", "status"]].set_index("adm0_a3").join(wide)
    table = table.reindex(columns=["name", "status", *TABLE_MILESTONES]).rename(columns=TABLE_MILESTONES)
    sources = rows.groupby("adm0_a3")["source"].agg(lambda s: "; ".join(SOURCE_NAMES[x] for x in dict.fromkeys(s)))
    table["Source"] = sources.reindex(table.index).fillna("none in the sources")
    remarks = rows[rows["remark"] != ""]
    table["Note"] = pd.Series({code: "; ".join(f"{label} {date}: {remark}" for label, date, remark
                                               in zip(part["label"], part["date"], part["remark"]))
                               for code, part in remarks.groupby("adm0_a3")}, dtype="string").reindex(table.index).fillna("")
    table = table.rename(columns={"name": "Country", "status": f"Status, {status_heading(when)}"}).reset_index(drop=True)
    return Section("dates", "Every country's NATO and EU dates", rows.reset_index(drop=True), RESOURCES,
                   kind="table", table=table,
                   note="Empty cell: no such milestone in the sources (not a date unknown to the world).")


def _serbia_path(milestones: pd.DataFrame) -> Section:
    """Serbia's own path: PfP and EU milestones (milestone file), IPAP and CSTO observer (article)."""
    own = milestones.query("adm0_a3 == @SERBIA")
    rows = pd.DataFrame({"date": own["date"], "what": own["label"], "organisation": own["organisation"],
                         "source": own["source"], "endnote": pd.array([None] * len(own), dtype="Int64"),
                         "quote": pd.NA})
    timeline = data.load_table("timeline").query("event_id == @PATH_FROM_ARTICLE['timeline']")
    finding = data.load_table("findings").query("finding_id == @PATH_FROM_ARTICLE['findings']")
    article = pd.DataFrame({
        "date": list(timeline["date_as_written"]) + ["not dated in the article"],
        "what": list(timeline["event"]) + list(finding["finding"]), "organisation": list(PATH_ORGANISATIONS),
        "source": ["timeline", "findings"], "endnote": pd.array(list(timeline["endnote"]) + list(finding["endnote"]),
                                                                 dtype="Int64"),
        "quote": list(timeline["quote"]) + list(finding["quote"])})
    rows = pd.concat([rows, article], ignore_index=True)
    years = {what: str(date)[:4] for what, date in zip(rows["what"], rows["date"])}
    title = (f"Serbia: NATO partner since {years['Partnership for Peace']}, EU candidate since "
             f"{years['EU candidate status']}, negotiating since {years['EU accession negotiations opened']}; "
             "an observer in the Russian-led CSTO's assembly")
    table = rows.assign(source=rows["source"].map(lambda s: SOURCE_NAMES.get(s, "The article")),
                        endnote=rows["endnote"].astype("string").fillna(""))[
        ["date", "what", "source", "endnote"]].rename(
        columns={"date": "When", "what": "What", "source": "Source", "endnote": "Endnote"})
    return Section("serbia_path", title, rows, (membership.MILESTONES_RESOURCE, "timeline", "findings"),
                   kind="table", table=table,
                   note="In the article's words, “in 2019” Serbia adopted the second IPAP cycle; its CSTO "
                        "observer status is not dated there, so no date is given here.")


def _argument() -> Section:
    findings = data.load_table("findings")
    rows = findings[findings["finding_id"].isin(ARGUMENT_FINDINGS)]
    rows = rows.set_index("finding_id").loc[list(ARGUMENT_FINDINGS)].reset_index()
    return Section("argument", "The article's geographic argument", rows, ("findings",), kind="text")


@memo.memoise  # in the shared view cache (components/memo.py), per state, year and data version
def _build(state: ViewState, year: int) -> NeighbourhoodView:
    milestones = _milestones(state)
    countries = country_table(milestones, state, year)
    return NeighbourhoodView(HEADING, year, _map_section(countries, milestones, year, state),
                             _dates_section(countries, milestones, year, status_when(year, state)),
                             _serbia_path(milestones), _argument())


def build(state: ViewState, year=None) -> NeighbourhoodView:
    """The view for the state's ``year`` control (or ``year``; a bad value falls back to the default
    year), memoised per state, year and data version like the other views (components/views/__init__.py)."""
    wanted = year if year is not None else state.control(params.YEAR.name)
    return _build(state, valid_year(wanted, year_range(state)))
