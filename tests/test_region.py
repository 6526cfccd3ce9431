"""The Region page (components/views/region.py, app_pages/region.py), checked against values read
by hand from the original files. Every expected number below was typed from the original: the
cell or line is named in the comment beside it; sums and shares are worked out here from those
typed numbers, never taken from the code under test.

Originals: /work/shared/external/imf-dots-western-balkans-2006-2020/*.xlsx (copied to
data/external/imf_dots_region/), data/external/imf_dots/DOTS_170_Serbia.xlsx,
/work/shared/external/unga-voting-agreement/IdealpointestimatesAll_Jun2024.csv (line numbers of
that file), /work/shared/external/sipri-arms-transfers-balkans/sipri_trade_register_balkans.csv
(= data/external/, line numbers), /work/shared/external/aiddata-gcdf3-country-year/gw_gcdf.csv
(= data/external/, line numbers), data/external/eurostat_comext/original/ and
data/external/nato_eu_milestones.csv, eu_accession_dates.csv.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from components import data, params, record_trade
from components.state import ViewState, view_state
from components.views import region
from tests import viewcache

ROOT = Path(__file__).resolve().parent.parent
LATEST, ARTICLE = ViewState(), ViewState(asof="2020-06")
RUSSIA = view_state(["RUS"], data.load_table("partners"))


def value(obs: pd.DataFrame, indicator: str, measure: str, country: str, point: str) -> float:
    row = obs[(obs["indicator"] == indicator) & (obs["measure"] == measure) & (obs["country"] == country)
              & (obs["point"] == point)]
    assert len(row) == 1, (indicator, measure, country, point)
    return float(row["value"].iloc[0])


def row_of(obs, indicator, measure, country, point) -> pd.Series:
    return obs[(obs["indicator"] == indicator) & (obs["measure"] == measure) & (obs["country"] == country)
               & (obs["point"] == point)].iloc[0]


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return region.observations(LATEST)


@pytest.fixture(scope="module")
def obs_article() -> pd.DataFrame:
    return region.observations(ARTICLE)


# === trade: IMF DOTS, each country's own file ================================================

# DOTS_49_Croatia.xlsx, column AC = 2019, AD = 2020 (row 7 holds the years)
HRV_X = {"World": (17180.534003, 17192.803637), "RUS": (173.595164, 202.392172),     # 'Exports, FOB' rows 9, 104
         "CHN": (121.294554, 97.860654), "EU": (11359.607058, 11571.052251)}          # rows 59, 242
HRV_M = {"World": (28160.435281, 26830.538682), "RUS": (329.868232, 291.086466),     # 'Imports, CIF' rows 9, 104
         "CHN": (813.964366, 1243.882163), "EU": (22172.815563, 20667.853127)}        # rows 59, 243
# DOTS_2_Albania.xlsx, column AO = 2019, AP = 2020
ALB_X = {"World": (2985.007867, 2716.277582), "RUS": (0.745474, 0.230704),           # 'Exports, FOB' rows 9, 83
         "CHN": (62.10681, 49.854583)}                                                 # row 55
ALB_M = {"World": (6483.079415, 6022.684914), "RUS": (116.170886, 135.131145),       # 'Imports, CIF' rows 9, 102
         "CHN": (596.962904, 540.26514)}                                               # row 59
# DOTS_107_Kosovo.xlsx 'Exports, FOB'!N73 (Russia, 2019) is blank; O73 (2020) = 0.02673
# DOTS_170_Serbia.xlsx, column P = 2019: 'Exports, FOB' P9 World, P95 Russia; 'Imports, CIF' P9, P103
SRB_2019 = {"X_World": 18942.106323, "X_RUS": 976.802833, "M_World": 26668.7846, "M_RUS": 2582.134446}


def total_share(exports: dict, imports: dict, partner: str, index: int) -> float:
    return 100 * (exports[partner][index] + imports[partner][index]) / (exports["World"][index] + imports["World"][index])


@pytest.mark.parametrize("partner", ["RUS", "CHN"])
@pytest.mark.parametrize("point, index", [("then", 0), ("latest", 1)])
def test_trade_shares_of_two_neighbours_equal_the_cells(obs, partner, point, index):
    assert value(obs, "trade", partner, "HRV", point) == pytest.approx(total_share(HRV_X, HRV_M, partner, index), abs=1e-3)
    assert value(obs, "trade", partner, "ALB", point) == pytest.approx(total_share(ALB_X, ALB_M, partner, index), abs=1e-3)


def test_trade_with_the_eu_and_its_source_cells(obs):
    assert value(obs, "trade", "EU", "HRV", "then") == pytest.approx(total_share(HRV_X, HRV_M, "EU", 0), abs=1e-3)
    cell = row_of(obs, "trade", "RUS", "HRV", "then")["source"]
    assert cell == "DOTS_49_Croatia.xlsx 'Exports, FOB'!AC104 + DOTS_49_Croatia.xlsx 'Imports, CIF'!AC104"


def test_serbia_trade_then_and_its_corrupt_2020(obs):
    expected = 100 * (SRB_2019["X_RUS"] + SRB_2019["M_RUS"]) / (SRB_2019["X_World"] + SRB_2019["M_World"])
    assert value(obs, "trade", "RUS", "SRB", "then") == pytest.approx(expected, abs=1e-3)  # 7.8%
    latest = row_of(obs, "trade", "RUS", "SRB", "latest")
    assert math.isnan(latest["value"]) and "booked to implausible partners such as Georgia, Chile" in latest["missing"]


def test_a_blank_dots_cell_is_unknown_not_zero(obs):
    kosovo = row_of(obs, "trade", "RUS", "XKX", "then")  # exports 2019 blank: no 2019 total
    assert math.isnan(kosovo["value"]) and "blank" in kosovo["missing"]
    assert value(obs, "trade", "RUS", "XKX", "latest") > 0  # 2020: O73 and O95 both filled


def test_region_trade_csv_holds_the_cells_it_names():
    table = data.load_table("imf_dots_region_trade")
    row = table[(table["reporter"] == "ALB") & (table["partner"] == "RUS") & (table["flow"] == "imports")
                & (table["year"] == 2019)].iloc[0]
    assert row["usd_million"] == pytest.approx(116.170886)
    assert row["share_of_total_pct"] == pytest.approx(100 * 116.170886 / 6483.079415, abs=1e-3)
    assert row["source"] == "DOTS_2_Albania.xlsx 'Imports, CIF'!AO102"
    kosovo = table[(table["reporter"] == "XKX") & (table["partner"] == "RUS") & (table["flow"] == "exports")]
    assert 2019 not in set(kosovo["year"])  # N73 blank: no row, not 0


# The committed CSV equals a fresh build from the originals: tests/test_refresh.py (imf-dots-region).


def test_a_dots_file_of_an_unknown_reporter_is_refused(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for name in (record_trade.EXPORTS_SHEET, record_trade.IMPORTS_SHEET):
        book.create_sheet(name)["B4"] = "Atlantis, Rep. of"
    book.save(tmp_path / "DOTS_999_Atlantis.xlsx")
    with pytest.raises(record_trade.SourceFileError, match="Atlantis.*imf_name"):
        record_trade.region_trade_table(tmp_path)


# === UN General Assembly =====================================================================

# IdealpointestimatesAll_Jun2024.csv: line 3730 = Croatia (344) session 73, 3735 = session 78;
# line 3649 = Albania (339) session 73, 3654 = session 78. Columns USAgree, RUSSAgree, ChinaAgree.
UNGA = {("HRV", "then"): (0.3789474, 0.5789474, 0.5268817), ("HRV", "latest"): (0.6046512, 0.3488372, 0.4),
        ("ALB", "then"): (0.393617, 0.5744681, 0.5217391), ("ALB", "latest"): (0.6046512, 0.3604651, 0.3882353)}


@pytest.mark.parametrize("country, point", list(UNGA))
def test_unga_agreement_of_two_neighbours(obs, country, point):
    expected = dict(zip(("USA", "RUS", "CHN"), UNGA[(country, point)]))
    for partner, share in expected.items():
        assert value(obs, "unga", partner, country, point) == pytest.approx(100 * share, abs=1e-4)


def test_kosovo_is_not_a_un_member(obs):
    kosovo = row_of(obs, "unga", "RUS", "XKX", "latest")
    assert math.isnan(kosovo["value"]) and kosovo["missing"].startswith("Kosovo is not a UN member")


# Session 73, agreement with Russia, lines 3316 (HUN) 0.4947368, 3649 (ALB) 0.5744681, 3667 (MNE)
# 0.5789474, 3698 (MKD) 0.5578947, 3730 (HRV) 0.5789474, 3831 (BIH) 0.5888889, 4070 (BGR) 0.5578947,
# 4170 (ROU) 0.5894737; Serbia line 3800: 0.673913. Sorted neighbours: .4947 .5579 .5579 .5745 |
# .5789 .5789 .5889 .5895 -> median (0.5744681 + 0.5789474) / 2; Serbia is above all eight.
# Session 78: 3321 0.3372093, 3654 0.3604651, 3672 0.372093, 3703 0.3647059, 3735 0.3488372,
# 3836 0.3764706, 4075 0.3604651, 4175 0.3604651 -> median 0.3604651; Serbia (3805) 0.4605263.
def test_summary_rank_and_median_on_hand_checked_unga_values():
    summary = region.summary_rows(region.observations(LATEST))
    russia = summary[(summary["indicator"] == "unga") & (summary["measure"] == "Votes in agreement with Russia")].iloc[0]
    assert russia["serbia_then"] == pytest.approx(67.3913, abs=1e-4)
    assert russia["median_then"] == pytest.approx(100 * (0.5744681 + 0.5789474) / 2, abs=1e-4)
    assert (russia["rank_then"], russia["ties_then"], russia["countries_then"]) == (1, 0, 9)
    assert russia["median_latest"] == pytest.approx(36.04651, abs=1e-4)
    assert (russia["rank_latest"], russia["countries_latest"]) == (1, 9)
    # with the US, lower leans toward Russia/China: Serbia 0.2173913 is the lowest of nine in session 73
    usa = summary[(summary["indicator"] == "unga") & (summary["measure"] == "Votes in agreement with the US")].iloc[0]
    assert (usa["serbia_then"], usa["rank_then"]) == (pytest.approx(21.73913, abs=1e-4), 1)


def test_rank_counts_ties_and_needs_two_countries():
    values = pd.Series({"SRB": 0.0, "HRV": 0.0, "ALB": 5.0})
    assert region.rank_toward(values, "SRB", 1) == (2, 1)
    assert region.rank_toward(values, "SRB", -1) == (1, 1)
    assert region.rank_toward(pd.Series({"SRB": 3.0}), "SRB", 1) == (None, 0)


# === SIPRI: shares of TIV delivered by supplier camp =========================================

# sipri_trade_register_balkans.csv, Croatia, delivered 2010-2019 (TIV of delivered weapons, spread
# evenly over delivery years): West = line 119 PzH-2000 21.6 (Germany) + US lines 139-145
# 3.84 + 1.6 + 12 + 4.2 + 0.77 + 5 + 19.2; Other (suppliers not in the West camp of partners.csv:
# Finland, Sweden, Israel, Ukraine) = line 110 26.88 * 3/5 + 111 13.44 + 122 4.8 + 131 6.72 * 3/5
# + 132 3.36 + 136 5. 2021-2024: lines 113 176 + 116 3.15 (France), 146 14.5 + 147 14.5 (US): West only.
HRV_WEST_THEN = 21.6 + 3.84 + 1.6 + 12 + 4.2 + 0.77 + 5 + 19.2
HRV_OTHER_THEN = 26.88 * 3 / 5 + 13.44 + 4.8 + 6.72 * 3 / 5 + 3.36 + 5
# Albania 2010-2019: lines 33 29 + 35 6.5 + 38 0.48 + 73 0.38 + 74 4 * 1/4 (2018 of four years) + 75 4.74,
# all West; 2021-2024: line 74 4 * 2/4 + 76 5.2 (US, West), line 72 7.2 (Turkiye: not West).
ALB_WEST_LATEST, ALB_OTHER_LATEST = 4 * 2 / 4 + 5.2, 7.2


def test_arms_shares_of_two_neighbours(obs):
    assert value(obs, "arms", "West", "HRV", "then") == pytest.approx(
        100 * HRV_WEST_THEN / (HRV_WEST_THEN + HRV_OTHER_THEN), abs=1e-6)
    assert value(obs, "arms", "Russia", "HRV", "then") == 0.0  # deliveries recorded, none from Russia
    assert value(obs, "arms", "West", "HRV", "latest") == pytest.approx(100.0)
    assert value(obs, "arms", "West", "ALB", "then") == pytest.approx(100.0)
    assert value(obs, "arms", "West", "ALB", "latest") == pytest.approx(
        100 * ALB_WEST_LATEST / (ALB_WEST_LATEST + ALB_OTHER_LATEST), abs=1e-6)
    assert value(obs, "arms", "China", "ALB", "latest") == 0.0


@pytest.mark.parametrize("country", ["HUN", "ROU", "BGR"])
def test_arms_not_in_the_extract(obs, country):
    row = row_of(obs, "arms", "Russia", country, "then")
    assert math.isnan(row["value"]) and row["missing"].startswith("not in the package's SIPRI extract")


# === AidData =================================================================================

# gw_gcdf.csv (columns oof_amt, oda_amt, vof_amt, constant 2021 USD): Bosnia (346) 2021, line 287:
# 222834120 + 1838058.8235294118 + 244588235.294117; Albania (339) 2021, line 1416: 0, 0, 0.
# Bosnia 2010-2019: the file holds 2012 (line 281), 2013 (1444), 2014 (1445), 2015 (282),
# 2016 (283), 2017 (284), 2018 (285), 2019 (286): 8 of 10 years.
BIH_2010_2019 = [528005156.501329 + 314829.295990327, 11538172.980115179, 734410.042447828, 0.0, 338565227.451569,
                 797877329.586322 + 6480088.35896265, 0.0, 0.0]


def test_chinese_finance_of_two_neighbours(obs):
    assert value(obs, "finance", "CHN", "BIH", "latest") == pytest.approx(
        (222834120 + 1838058.8235294118 + 244588235.294117) / 1e6, abs=1e-6)
    assert value(obs, "finance", "CHN", "ALB", "latest") == 0.0  # a 0 in the file: no such flow recorded
    assert value(obs, "finance", "CHN", "BIH", "then") == pytest.approx(sum(BIH_2010_2019) / 8 / 1e6, abs=1e-6)
    assert "8 of 10 years" in row_of(obs, "finance", "CHN", "BIH", "then")["source"]


@pytest.mark.parametrize("country", ["HRV", "HUN", "XKX"])
def test_chinese_finance_absent_countries_are_named_not_zero(obs, country):
    row = row_of(obs, "finance", "CHN", country, "latest")
    assert math.isnan(row["value"]) and row["missing"] == "no rows for this country in the package's AidData file"


# === Comext: Serbia only ====================================================================

def test_eu27_exports_hold_serbia_only(obs):
    # Relational_View_2024-11-17T08_31_12.748Z.csv line 193: VALUE_IN_EUR 15154323378 (Jan.-Dec. 2019)
    assert value(obs, "eu_exports", "EU", "SRB", "then") == pytest.approx(15154.323378)
    for country in ("HRV", "ALB"):
        row = row_of(obs, "eu_exports", "EU", country, "then")
        assert math.isnan(row["value"]) and row["missing"].startswith("no data for this country in the package")


# === NATO and EU stages ======================================================================

def stages(state) -> dict:
    table = region.status_rows(state, region.compared(state))
    return {(c, o, p): s for c, o, p, s in zip(table["country"], table["partner"], table["point"], table["stage"])}


def test_status_applicant_and_candidate_are_different_stages():
    found = stages(LATEST)
    # nato_eu_milestones.csv: BIH membership application 2016-02-15, candidate 2022-12-15, decision to
    # open negotiations 2024-03-21; MKD candidate 2005-12, NATO member 2020-03-27; XKX application 2022-12-15
    assert found[("BIH", "EU", "then")] == "applicant"
    assert found[("BIH", "EU", "latest")] == "candidate, negotiations decided"
    assert found[("MKD", "EU", "then")] == "candidate"
    assert found[("MKD", "NATO", "then")] != "NATO member" and found[("MKD", "NATO", "latest")] == "NATO member"
    assert found[("XKX", "EU", "then")] == "no application" and found[("XKX", "EU", "latest")] == "applicant"
    assert found[("SRB", "NATO", "latest")] == "Partnership for Peace"  # 2006-12-14
    assert found[("HRV", "EU", "then")] == "EU member"  # eu_accession_dates.csv: 2013-07-01


def test_status_at_the_article_date_sees_nothing_later():
    found = stages(ARTICLE)
    assert found[("MKD", "NATO", "latest")] == "NATO member"  # 2020-03-27, before 30 June 2020
    assert found[("XKX", "EU", "latest")] == "no application"  # 2022-12-15 not yet
    assert found[("BIH", "EU", "latest")] == "applicant"


# === as of June 2020 =========================================================================

@viewcache.group(ARTICLE)
def test_asof_2020_06_shows_nothing_published_after_june_2020(obs_article):
    shown = obs_article.dropna(subset=["value"])
    assert not shown["published_after"].any()
    periods = {key: set(part["period"]) for key, part in shown.groupby("indicator")}
    assert periods["trade"] == {"2019"}  # 2020 figures public by 30 April 2021
    assert periods["unga"] == {"session 73 (2018–19)"}  # session 74 closed in September 2020
    assert periods["arms"] == {"2010–2019"}  # 2021–2024 released from March 2022
    assert periods["finance"] == {"2010–2014"}  # GCDF 1.0 (2017) covered 2000–2014
    assert periods["eu_exports"] == {"2019"}
    view = viewcache.view("region", ARTICLE)
    assert "as revised in AidData's GCDF 3.0" in view.finance.note
    assert "2021" not in view.summary.title and "session 78" not in view.arms.title + view.unga.title


def test_latest_marks_what_was_published_after_the_article(obs):
    assert bool(row_of(obs, "unga", "RUS", "HRV", "latest")["published_after"])
    assert not bool(row_of(obs, "unga", "RUS", "HRV", "then")["published_after"])


# === the compare control and the partner filter ==============================================

def test_compare_narrows_to_the_neighbours_chosen_and_keeps_serbia():
    state = ViewState().with_control(params.COMPARE.name, ("HRV", "ALB"))
    assert region.compared(state) == ("SRB", "ALB", "HRV")  # crosswalk order
    view = region.build(state)
    assert set(view.trade.rows["country"]) == {"SRB", "ALB", "HRV"}
    summary = view.summary.rows
    russia = summary[summary["measure"] == "Votes in agreement with Russia"].iloc[0]
    # two neighbours: median of HRV 0.5789474 and ALB 0.5744681 (session 73)
    assert russia["median_then"] == pytest.approx(100 * (0.5789474 + 0.5744681) / 2, abs=1e-4)
    assert russia["countries_then"] == 3


@viewcache.group(RUSSIA)
def test_the_partner_filter_highlights_and_keeps_every_measure():
    view = viewcache.view("region", RUSSIA)
    rows = view.unga.rows
    assert set(rows["measure"]) == {"USA", "RUS", "CHN"}  # context kept
    assert rows.loc[rows["measure"] == "RUS", "highlighted"].all()
    assert not rows.loc[rows["measure"] == "USA", "highlighted"].any()


@viewcache.group(LATEST)
def test_titles_are_computed_from_the_rows_shown():
    view = viewcache.view("region", LATEST)
    assert view.trade.title == ("Total trade with Russia, 2019: Serbia 7.8%, the neighbours' median 1.6% "
                                "(Serbia 1 of 9 toward Russia)")
    assert view.summary.title.startswith("Serbia leans furthest toward Russia or China, alone, on ")


# === the page in the app =====================================================================

def test_app_region_with_compare_in_the_link(open_page):
    at = open_page("region", again=True, compare=["HRV", "ALB"])
    assert at.title[0].value == region.HEADING
    assert at.multiselect(key="compare").value == ["HRV", "ALB"]
    assert list(at.query_params["compare"]) == ["HRV", "ALB"]  # the link keeps the codes
    assert not at.warning
    charts = at.get("plotly_chart")
    assert len(charts) == 4
    assert "Croatia" in charts[0].proto.spec and "Hungary" not in charts[0].proto.spec


def test_app_region_reads_codes_in_any_case(open_page):
    at = open_page("region", again=True, compare=["hrv", "Alb"])
    assert at.multiselect(key="compare").value == ["HRV", "ALB"]


def test_app_region_bad_compare_value_gives_a_notice_and_keeps_the_rest(open_page):
    at = open_page("region", again=True, compare=["HRV", "NOPE"])
    assert [w.value for w in at.warning] == [
        "The link's compare=`NOPE` was ignored (expected codes of Serbia's neighbours, e.g. HRV)."]  # a code span
    assert at.multiselect(key="compare").value == ["HRV"]


def test_app_region_as_of_the_article(open_page):
    at = open_page("region", asof="2020-06")
    specs = " ".join(c.proto.spec for c in at.get("plotly_chart"))
    i = specs.find("session 78")
    assert i < 0, specs[max(0, i - 400):i + 80]
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for c in at.get("plotly_chart")]
    assert "2021–2024" not in specs and titles[0].startswith("Total trade with Russia, 2019: Serbia 7.8%")
