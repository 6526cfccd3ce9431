"""The Neighbourhood page: dates against the source files, statuses against hand-typed goldens,
the year in the URL (good and bad), the partner filter, and the offline map's shape.

Source files are read here with plain csv (not through components/), so a page that shows a date
the files do not hold, or a status the dates do not give, fails.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import data
from components.seed_text import normalise_quote, seed_text
from components.state import ASOF_ARTICLE, ViewState, view_state
from components.theme import STATUS_COLOURS
from components.views import neighbourhood

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL = ROOT / "data" / "external"


def read_csv(name: str) -> list[dict[str, str]]:
    with (EXTERNAL / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


MILESTONES = read_csv("nato_eu_milestones.csv")
# the map's last and default year: the newest milestone in the file (Bosnia's decision of 2024-03-21 in this vintage)
LAST_YEAR = max(int(r["date"][:4]) for r in MILESTONES)
ACCESSIONS = read_csv("eu_accession_dates.csv")
SOURCE_DATES = ({(r["iso3"], r["organisation"], r["milestone"], r["date"]) for r in MILESTONES}
                | {(r["iso3"], "EU", "member", r["accession_date"]) for r in ACCESSIONS}
                | {(r["iso3"], "EU", "left", r["exit_date"]) for r in ACCESSIONS if r["exit_date"]})
LABELS = {"NATO member": ("NATO", "member"), "Partnership for Peace": ("NATO", "Partnership for Peace"),
          "EU application": ("EU", "membership application"), "EU candidate": ("EU", "candidate status"),
          "EU negotiations opened": ("EU", "accession negotiations opened"), "EU member": ("EU", "member")}

BOTH, NATO, EU, CAND, APPL, NEITHER, NA = (
    "NATO and EU member", "NATO member", "EU member", "EU candidate", "EU applicant (not a candidate)",
    "Neither", "Neither member; EU candidacy not in the sources")
# Golden statuses at the end of each year, typed by reading data/external/nato_eu_milestones.csv
# (NATO "member" rows: HUN/CZE 1999, BGR/ROU/SVN/SVK 2004, ALB/HRV 2009, MNE 2017-06-05, MKD 2020-03-27;
# EU candidacy rows: SRB application 2009, MNE 2008, MKD 2004, ALB 2009, BIH 2016-02-15, Kosovo 2022)
# and eu_accession_dates.csv (AUT 1995, GRC 1981, ITA 1952, HUN/SVN/SVK/CZE 2004, BGR/ROU 2007, HRV 2013).
# Ukraine and Moldova: not NATO members, and no EU milestone in either file -> not in the sources.
GOLDEN_2016 = {"SRB": CAND, "MNE": CAND, "MKD": CAND, "BIH": APPL, "KOS": NEITHER, "ALB": NATO, "HRV": BOTH,
               "HUN": BOTH, "ROU": BOTH, "BGR": BOTH, "SVN": BOTH, "GRC": BOTH, "AUT": EU, "ITA": BOTH,
               "TUR": NATO, "SVK": BOTH, "CZE": BOTH, "UKR": NA, "MDA": NA}
# 2023: Bosnia and Herzegovina a candidate (2022-12-15), Kosovo an applicant (2022-12-15); 2012: Croatia not yet in
# the EU (2013-07-01) and its candidacy not in the sources -> NATO member; Montenegro a candidate (2010-12-17);
# Serbia applicant (2009-12-22), candidate 2012-03-01; Bosnia and Herzegovina had not applied (2016-02-15).
GOLDEN_2023 = {**GOLDEN_2016, "MNE": NATO, "MKD": NATO, "BIH": CAND, "KOS": APPL}
GOLDEN_2011 = {**GOLDEN_2016, "SRB": APPL, "BIH": NEITHER, "HRV": NATO}
GOLDEN = {2011: GOLDEN_2011, 2016: GOLDEN_2016, 2018: {**GOLDEN_2016, "MNE": NATO},
          2021: {**GOLDEN_2016, "MNE": NATO, "MKD": NATO}, 2023: GOLDEN_2023, 2024: GOLDEN_2023}
# a country in each status, in several years (the label on the map, as SHORT gives it)
SHORT_LABELS = {BOTH: "NATO + EU", NATO: "NATO", EU: "EU", CAND: "EU cand.", APPL: "EU appl.", NEITHER: "neither",
                NA: "n/a"}


def map_colours(figure) -> dict[str, str]:
    """Country code -> fill colour, read from the figure's choropleth z values and colour scale."""
    trace = next(t for t in figure.data if t.type == "choropleth")
    scale = [colour for _, colour in trace.colorscale]
    steps = scale[::2]  # flat steps: two stops per colour
    return {code: steps[int(z)] for code, z in zip(trace.locations, trace.z)}


@pytest.mark.parametrize("year", sorted(GOLDEN))
def test_status_and_colour_of_every_country_match_the_goldens(year):
    view = neighbourhood.build(ViewState(), year)
    shown = dict(zip(view.map.rows["adm0_a3"], view.map.rows["status"]))
    assert shown == GOLDEN[year]
    colours = {code: colour.upper() for code, colour in map_colours(view.map.figure).items()}
    assert colours == {code: STATUS_COLOURS[status].upper() for code, status in GOLDEN[year].items()}


def test_each_status_appears_in_some_year_with_its_own_label_legend_and_hover():
    seen = set()
    for year, golden in GOLDEN.items():
        view = neighbourhood.build(ViewState(), year)
        seen |= set(golden.values())
        legend = {trace.name.replace("<br>", " ") for trace in view.map.figure.data if trace.type == "scattergeo" and trace.name}
        assert set(golden.values()) <= legend  # applicant and candidate separate in the legend
        labels = next(t for t in view.map.figure.data if t.type == "scattergeo" and t.mode == "text").text
        table = dict(zip(view.dates.table["Country"], view.dates.table.iloc[:, 1]))
        hover = dict(zip(view.map.rows["adm0_a3"], neighbourhood.country_table(
            neighbourhood._milestones(), ViewState(), year)["hover"]))
        for code in ("BIH", "KOS", "SRB", "MNE"):
            name = dict(zip(view.map.rows["adm0_a3"], view.map.rows["name"]))[code]
            assert table[name] == golden[code], (year, code)
            assert f"End of {year}: {golden[code]}" in hover[code], (year, code)
            assert any(label.endswith(f"<br>{SHORT_LABELS[golden[code]]}") and name.split("*")[0] in label
                       for label in labels), (year, code)
    assert seen == {BOTH, NATO, EU, CAND, APPL, NEITHER, NA}


def test_bosnia_applicant_2016_candidate_2023_and_kosovo_applicant():
    assert neighbourhood.build(ViewState(), 2016).map.rows.set_index("adm0_a3").loc["BIH", "status"] == APPL
    assert neighbourhood.build(ViewState(), 2021).map.rows.set_index("adm0_a3").loc["BIH", "status"] == APPL
    assert neighbourhood.build(ViewState(), 2022).map.rows.set_index("adm0_a3").loc["BIH", "status"] == CAND
    assert neighbourhood.build(ViewState(), 2023).map.rows.set_index("adm0_a3").loc["KOS", "status"] == APPL
    assert neighbourhood.build(ViewState(), 2021).map.rows.set_index("adm0_a3").loc["KOS", "status"] == NEITHER


def test_bosnia_decision_to_open_negotiations_is_in_the_table_and_hover():
    # nato_eu_milestones.csv: "Bosnia and Herzegovina,...,decision to open accession negotiations,2024-03-21"
    view = neighbourhood.build(ViewState(), 2024)
    table = view.dates.table.set_index("Country")
    assert table.loc["Bosnia and Herzegovina", "EU decision to open negotiations"] == "2024-03-21"
    hover = neighbourhood.country_table(neighbourhood._milestones(), ViewState(), 2023).set_index("adm0_a3")["hover"]
    assert "EU decision to open accession negotiations: 2024-03-21 (later)" in hover["BIH"]


def test_italys_eu_date_is_said_to_be_the_ecsc_founding():
    # eu_accession_dates.csv "Italy,ITA,1952-07-23,"; memberships.csv "ITA,EU,1952-07-23,...,EUMS accession date;
    # the founding of the ECSC, the EU's first community"
    view = neighbourhood.build(ViewState(), 2016)
    assert "Italy, EU member 1952-07-23: the founding of the ECSC, the EU's first community." in view.map.note
    assert view.dates.table.set_index("Country").loc["Italy", "Note"] == (
        "EU member 1952-07-23: the founding of the ECSC, the EU's first community")
    assert (view.dates.table.set_index("Country").drop(index="Italy")["Note"] == "").all()  # no other map date has one
    hover = neighbourhood.country_table(neighbourhood._milestones(), ViewState(), 2016).set_index("adm0_a3")["hover"]
    assert "EU member: 1952-07-23\n  (the founding of the ECSC, the EU's first community)" in hover["ITA"]


def test_the_note_names_whose_eu_path_the_sources_date_and_what_is_na():
    # nato_eu_milestones.csv has EU rows for SRB, MNE, MKD, ALB, BIH and XKX only (Kosovo's from 2022-12-15)
    note = neighbourhood.build(ViewState(), 2016).map.note
    assert ("EU applications and candidacies are dated in the sources only for Serbia, Bosnia and Herzegovina, "
            "Kosovo*, Montenegro, North Macedonia and Albania.") in note
    assert "Moldova and Ukraine: “n/a” (white)" in note
    assert "Western Balkans" not in note
    as_of = neighbourhood.build(ViewState(asof=ASOF_ARTICLE), 2020).map.note
    assert "only for Serbia, Bosnia and Herzegovina, Montenegro, North Macedonia and Albania." in as_of
    assert "Kosovo*, Moldova and Ukraine: “n/a” (white)" in as_of


def test_the_ring_closes_in_the_title():
    assert neighbourhood.build(ViewState(), 2016).map.title.startswith("End of 2016: 4 of 8 neighbours in NATO")
    assert neighbourhood.build(ViewState(), 2017).map.title.startswith("End of 2017: 5 of 8 neighbours in NATO")
    title_2020 = neighbourhood.build(ViewState(), 2020).map.title
    assert title_2020 == "End of 2020: 6 of 8 neighbours in NATO. Not in NATO: Bosnia and Herzegovina, Kosovo*"


def test_every_date_in_the_dates_table_is_in_a_source_file():
    view = neighbourhood.build(ViewState(), 2016)
    for row in view.dates.rows.itertuples():
        assert (row.iso3, row.organisation, row.milestone, row.date) in SOURCE_DATES, row
    iso = dict(zip(view.map.rows["name"], view.map.rows["iso3"]))
    checked = 0
    for _, row in view.dates.table.iterrows():
        for column, (organisation, milestone) in LABELS.items():
            if pd.notna(row[column]):
                assert (iso[row["Country"]], organisation, milestone, row[column]) in SOURCE_DATES
                checked += 1
    # 13 NATO members + 3 PfP + 6 applications + 5 candidacies + 4 negotiations + 10 EU members on the map
    assert checked == 41


def test_every_date_in_the_hover_text_is_in_a_source_file():
    view = neighbourhood.build(ViewState(), 2018)
    reverse = {"NATO member": ("NATO", "member"), "Partnership for Peace": ("NATO", "Partnership for Peace"),
               "EU member": ("EU", "member"), "EU membership application": ("EU", "membership application"),
               "EU candidate status": ("EU", "candidate status"),
               "EU accession negotiations opened": ("EU", "accession negotiations opened"),
               "EU decision to open accession negotiations": ("EU", "decision to open accession negotiations")}
    found = 0
    for iso3, hover in zip(view.map.rows["iso3"], neighbourhood.country_table(
            neighbourhood._milestones(), ViewState(), 2018)["hover"]):
        for label, date in re.findall(r"^([^:\n]+): (\d{4}-\d{2}(?:-\d{2})?)", hover, flags=re.M):
            assert (iso3, *reverse[label], date) in SOURCE_DATES
            found += 1
    assert found == 42  # the 41 table dates + Bosnia's 2024 decision to open negotiations


def test_serbia_path_dates_come_from_the_milestone_file_and_the_article():
    rows = neighbourhood.build(ViewState(), 2016).serbia_path.rows
    serbia = {(r["milestone"], r["date"]) for r in MILESTONES if r["iso3"] == "SRB"}
    # Typed from nato_eu_milestones.csv, rows "Serbia": PfP 2006-12-14, application 2009-12-22,
    # candidate 2012-03-01, negotiations 2014-01-21.
    assert serbia == {("Partnership for Peace", "2006-12-14"), ("membership application", "2009-12-22"),
                      ("candidate status", "2012-03-01"), ("accession negotiations opened", "2014-01-21")}
    assert set(rows.loc[rows["source"] == "nato_eu_milestones", "date"]) == {date for _, date in serbia}
    article = rows[rows["source"] != "nato_eu_milestones"].set_index("source")
    # Seed, the paragraph after endnote 33: "in 2019 Serbia adopted the second cycle of the Individual
    # Partnership Action Plan (IPAP)" (endnote 36); "an observer in the Russian-led CSTO" (endnote 26).
    assert article.loc["timeline", "date"] == "in 2019" and article.loc["timeline", "endnote"] == 36
    assert article.loc["findings", "date"] == "not dated in the article" and article.loc["findings", "endnote"] == 26
    text = seed_text().text
    for quote in article["quote"]:
        assert normalise_quote(quote) in text
    assert "in 2019 Serbia adopted the second cycle of the Individual Partnership Action Plan" in article.loc[
        "timeline", "quote"]
    assert "Collective Security Treaty Organization (PA CSTO)" in article.loc["findings", "quote"]


def test_the_argument_quotes_the_article_verbatim():
    rows = neighbourhood.build(ViewState(), 2016).argument.rows
    text = seed_text().text
    quotes = list(rows["quote"])
    assert all(normalise_quote(q) in text for q in quotes)
    assert any("Russia cannot project its military might in the Balkans" in q for q in quotes)
    assert any("encircled by NATO member states" in q and "North Macedonia in 2020" in q for q in quotes)
    assert any("littoral countries of the Black Sea, such as Bulgaria" in q for q in quotes)


def test_a_bloc_lights_its_members_of_that_year_and_fades_the_rest():
    partners = data.load_table("partners")
    state = view_state(["NATO"], partners)
    lit_2016 = dict(zip(*neighbourhood.build(state, 2016).map.rows[["adm0_a3", "highlighted"]].T.values))
    lit_2018 = dict(zip(*neighbourhood.build(state, 2018).map.rows[["adm0_a3", "highlighted"]].T.values))
    assert lit_2016["MNE"] is False and lit_2018["MNE"] is True  # Montenegro joined NATO in 2017
    assert lit_2018["GRC"] is True and lit_2018["AUT"] is False and lit_2018["SRB"] is True  # Serbia stays lit
    assert len(neighbourhood.build(state, 2018).map.rows) == 19  # faded, not deleted
    opacity = next(t for t in neighbourhood.build(state, 2018).map.figure.data if t.type == "choropleth").marker.opacity
    assert sorted(set(opacity)) == [0.25, 1.0]


def test_a_partner_not_on_the_map_fades_nothing():
    state = view_state(["CHN"], data.load_table("partners"))
    view = neighbourhood.build(state, 2018)
    assert view.map.rows["highlighted"].all()
    assert view.map.note.startswith("None of the partners selected is on this map")


def test_year_range_and_defaults():
    years = neighbourhood.year_range(ViewState())
    assert (years.first, years.last, years.default) == (2000, LAST_YEAR, LAST_YEAR)
    assert neighbourhood.year_range(ViewState(asof=ASOF_ARTICLE)).default == 2020
    for bad in ("abc", "1900", "", None, "2016.5", "99999"):
        assert neighbourhood.valid_year(bad, years) == LAST_YEAR


def test_as_of_the_article_no_milestone_after_june_2020_is_shown():
    """nato_eu_milestones.csv dates five milestones of map countries after 30 June 2020 (MKD and ALB
    negotiations 2022-07-19, BIH candidate 2022-12-15 and decision 2024-03-21, Kosovo application
    2022-12-15); eu_accession_dates.csv none (the UK's exit, 2020-01-31, is off the map)."""
    state = ViewState(asof=ASOF_ARTICLE)
    assert neighbourhood.year_range(state) == neighbourhood.YearRange(2000, 2020, 2020)
    view = neighbourhood.build(state)
    assert max(view.dates.rows["date"]) == "2020-03-27"  # North Macedonia joins NATO
    assert len(view.dates.rows) == len(neighbourhood.build(ViewState(), 2020).dates.rows) - 5
    assert set(view.map.rows["status_on"]) == {"2020-06-30"}
    assert dict(zip(view.map.rows["adm0_a3"], view.map.rows["status"]))["BIH"] == APPL  # applied 2016
    assert view.map.title == "June 2020: 6 of 8 neighbours in NATO. Not in NATO: Bosnia and Herzegovina, Kosovo*"
    assert "Status, June 2020" in view.dates.table.columns
    assert neighbourhood.build(state, 2016).map.title.startswith("End of 2016: 4 of 8")  # earlier years: year-end


def test_kosovo_is_labelled_neutrally_with_the_eu_footnote():
    view = neighbourhood.build(ViewState(), 2016)
    assert "Kosovo*" in set(view.map.rows["name"]) and "Kosovo" not in set(view.map.rows["name"])
    assert ("*This designation is without prejudice to positions on status, and is in line with UNSCR 1244/1999 "
            "and the ICJ Opinion on the Kosovo declaration of independence.") in view.map.note


def test_geojson_is_small_hashed_and_joins_every_country():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    entry = package["x-geodata"][0]
    raw = (ROOT / "data" / entry["path"]).read_bytes()
    assert len(raw) < 40_000
    collection = json.loads(raw)
    codes = {f["properties"]["ADM0_A3"] for f in collection["features"]}
    assert "KOS" in codes and "SRB" in codes and "CYP" not in codes  # Cyprus lies outside the frame
    assert {f["properties"]["ADM0_A3"] for f in collection["features"] if f["properties"]["BORDERS_SRB"]} == {
        "HUN", "ROU", "BGR", "MKD", "KOS", "MNE", "BIH", "HRV"}
    figure = neighbourhood.build(ViewState(), 2016).map.figure
    assert figure.data[0].type == "scattergeo"  # a choropleth first makes plotly.js fetch its CDN topojson
    assert figure.layout.geo.visible is False
    assert sum(t.type == "choropleth" for t in figure.data) == 1  # the GeoJSON travels once


# ---------------------------------------------------------------- AppTest: the year in the URL

def map_spec(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_year_in_the_url_shows_that_year(open_page):
    at = open_page("neighbourhood", year="2016")
    assert at.slider(key="year").value == 2016
    spec = map_spec(at)
    assert spec["layout"]["title"]["text"].startswith("End of 2016: 4 of 8 neighbours in NATO")
    choropleth = next(t for t in spec["data"] if t["type"] == "choropleth")
    z = dict(zip(choropleth["locations"], choropleth["z"]))
    assert z["MNE"] == 3 and z["MKD"] == 3 and z["HRV"] == 0  # candidate, candidate, NATO and EU


@pytest.mark.parametrize("bad", ["abc", "1900"])
def test_a_bad_year_in_the_url_is_ignored(open_page, bad):
    at = open_page("neighbourhood", year=bad)
    assert at.slider(key="year").value == LAST_YEAR
    assert map_spec(at)["layout"]["title"]["text"].startswith(f"End of {LAST_YEAR}:")


def test_article_time_defaults_to_2020(open_page):
    at = open_page("neighbourhood", asof="2020-06")
    assert at.slider(key="year").value == 2020
    # As of the article the status is that of June 2020 (its publication), not of the end of 2020.
    assert map_spec(at)["layout"]["title"]["text"].startswith("June 2020: 6 of 8 neighbours in NATO")


def test_switching_as_of_moves_an_untouched_year_to_the_new_default(open_page):
    at = open_page("neighbourhood")
    assert at.slider(key="year").value == LAST_YEAR
    at.radio(key="asof").set_value("2020-06").run()
    assert not at.exception
    assert at.slider(key="year").value == 2020
    at.slider(key="year").set_value(2012).run()
    at.radio(key="asof").set_value("latest").run()
    assert at.slider(key="year").value == 2012  # a year the analyst chose stays


def _milestone_year(iso3: str, milestone: str) -> int:
    """Golden year read from the milestone file itself (not from the code under test)."""
    with open(ROOT / "data" / "external" / "nato_eu_milestones.csv", newline="", encoding="utf-8") as f:
        return next(int(r["date"][:4]) for r in csv.DictReader(f)
                    if r["iso3"] == iso3 and r["organisation"] == "EU" and r["milestone"] == milestone)


def test_applicant_and_candidate_are_separate_statuses_in_several_years():
    bih_applied, bih_candidate = _milestone_year("BIH", "membership application"), _milestone_year("BIH", "candidate status")
    kos_applied = _milestone_year("XKX", "membership application")
    assert (bih_applied, bih_candidate, kos_applied) == (2016, 2022, 2022)
    expect = {(bih_applied - 1, "BIH"): NEITHER, (bih_applied, "BIH"): APPL, (bih_candidate - 1, "BIH"): APPL,
              (bih_candidate, "BIH"): CAND, (2023, "BIH"): CAND, (kos_applied - 1, "KOS"): NEITHER,
              (kos_applied, "KOS"): APPL, (2023, "KOS"): APPL, (2016, "MNE"): CAND, (2016, "SRB"): CAND,
              (2023, "SRB"): CAND, (2023, "MNE"): NATO, (2016, "ITA"): BOTH, (2023, "ITA"): BOTH}
    for (year, code), want in expect.items():
        view = neighbourhood.build(ViewState(), year)
        rows = view.map.rows.set_index("adm0_a3")
        assert rows.loc[code, "status"] == want, (year, code)


def test_legend_labels_and_hover_name_the_applicant_status():
    view = neighbourhood.build(ViewState(), 2023)
    legend = {t.name.replace("<br>", " ") for t in view.map.figure.data if t.type == "scattergeo" and t.name}
    assert {CAND, APPL} <= legend
    text = " ".join(" ".join(t.text) for t in view.map.figure.data if t.type == "scattergeo" and t.text)
    assert "EU appl." in text and "EU cand." in text
    trace = next(t for t in view.map.figure.data if t.type == "choropleth")
    hover = {code: str(c[0] if not isinstance(c, str) else c) for code, c in zip(trace.locations, trace.customdata)}
    assert "End of 2023: EU applicant (not a candidate)" in hover["KOS"]
    assert "End of 2023: EU candidate<br>" in hover["BIH"] and "2024-03-21 (later)" in hover["BIH"]


def test_the_decision_to_open_negotiations_is_shown_in_the_dates_table():
    view = neighbourhood.build(ViewState(), 2023)
    section = next(s for s in view.sections if s.key == "dates") if hasattr(view, "sections") else view.dates
    table = section.table.set_index("Country")
    bih = next(name for name in table.index if "Bosnia" in name)
    with open(ROOT / "data" / "external" / "nato_eu_milestones.csv", newline="", encoding="utf-8") as f:
        golden = next(r["date"] for r in csv.DictReader(f)
                      if r["iso3"] == "BIH" and r["milestone"] == "decision to open accession negotiations")
    assert table.loc[bih, "EU decision to open negotiations"] == golden == "2024-03-21"
