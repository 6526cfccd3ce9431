"""Tests for components/sensitivity.py (does a claim rest on one record?) and where the pages print it.

Golden values read by hand from data/external/sipri_trade_register_balkans.csv (the SIPRI trade
register as downloaded; "SIPRI TIV of delivered weapons", spread evenly over the delivery years):

China, delivered 2021-2024 (lines 281-285):
  281 HQ-22 SAM (FK-3 version), ordered 2020, delivered 2022; 2023: 300
  282 HQ-22 SAM system (FK-3 version), ordered 2020, delivered 2022; 2023: 165   -> one order: 465
  283 CH-95 20, 284 HQ-17A 50, 285 HQ-17 25                                    -> China 560
The West (partners.csv camp West), delivered 2021-2024:
  278 Canada 3; 286 Cyprus 39.6; 287 Denmark 7.5; 288 France Mistral 4.5; 289 France GM-200 30;
  290 France GM-400 39; 293 Germany Dingo-2 0.7; 294 Germany EC145 13; 295 Hungary 10.8; 323 Spain 25;
  328 US engines 2.4 over 2018; 2020; 2021; 2022 -> 1.2 in 2021-2022; 329 US 0.9; 330 US 0.75; 331 US 0.3
                                                                                -> the West 176.25
Russia and allies, delivered 2021-2024:
  276 Belarus MiG-29 54.52; 307 T-72 42.37/2; 308 BRDM-2 2.97/2; 314 R-27 9.5/2; 315 Kh-29 8/2;
  316 R-77 20/2; 320 Kornet 12                                                  -> 107.94
Without the HQ-22 order: China 95, total 176.25 + 107.94 + 95 = 379.19, the West 46.48 %.
"""

from __future__ import annotations

import pandas as pd
import pytest

from components import data, record_arms, sensitivity
from components.state import ASOF_ARTICLE, ViewState, view_state
from components.views import did_it_hold as hold
from components.views import overview, security

pytestmark = pytest.mark.unit

HQ22 = 300 + 165
CHINA = 300 + 165 + 20 + 50 + 25
WEST = 3 + 39.6 + 7.5 + 4.5 + 30 + 39 + 0.7 + 13 + 10.8 + 25 + 2.4 / 2 + 0.9 + 0.75 + 0.3
RUSSIA = 54.52 + 42.37 / 2 + 2.97 / 2 + 9.5 / 2 + 8 / 2 + 20 / 2 + 12
WEST_WITHOUT_PCT = 100 * WEST / (WEST + RUSSIA + CHINA - HQ22)
NOTE = ("Rests on one order: without China's HQ-22 (FK-3 version, ordered 2020), 465 of China's 560 TIV in "
        f"2021–2024, the West leads with {WEST_WITHOUT_PCT:.1f}%.")


@pytest.fixture(scope="module")
def per_deal() -> pd.DataFrame:
    return record_arms.deal_years(data.load_table("sipri_arms_transfers"), data.load_table("partners"))


@pytest.fixture(scope="module")
def partners() -> pd.DataFrame:
    return data.load_table("partners")


def test_golden_hand_sums():
    assert HQ22 == 465 and CHINA == 560
    assert pytest.approx(176.25) == WEST
    assert pytest.approx(107.94) == RUSSIA
    assert pytest.approx(46.48, abs=0.01) == WEST_WITHOUT_PCT


def test_the_two_hq22_lines_are_one_order(per_deal):
    orders = record_arms.order_records(per_deal, 2021, 2024)
    hq22 = orders[orders["weapon_designation"] == "HQ-22"]
    assert len(hq22) == 1
    assert hq22["tiv_delivered"].iloc[0] == pytest.approx(HQ22)
    assert hq22["record"].iloc[0] == "HQ-22 (FK-3 version, ordered 2020)"


def test_arms_2021_2024_leader_changes_without_the_hq22_order(per_deal):
    check = record_arms.leader_check(per_deal, 2021, 2024)
    assert check.totals["China"] == pytest.approx(CHINA)
    assert check.totals["West"] == pytest.approx(WEST)
    assert check.totals["Russia"] == pytest.approx(RUSSIA)
    assert check.shares["China"] == pytest.approx(100 * CHINA / (WEST + RUSSIA + CHINA))  # the 66.3 % claimed
    assert (check.leader, check.leader_without) == ("China", "West")
    assert check.left_out.value == pytest.approx(HQ22) and check.left_out.group_total == pytest.approx(CHINA)
    assert check.shares_without["West"] == pytest.approx(WEST_WITHOUT_PCT)
    assert check.leader_changes
    assert check.note == NOTE


def test_arms_2010_2019_russia_leads_with_or_without_its_largest_order(per_deal):
    # line 305 (Russia, 5 MiG-29S ordered 2016, delivered 2017): 57 TIV, Russia's largest 2010-2019 order
    check = record_arms.leader_check(per_deal, 2010, 2019)
    assert check.leader == check.leader_without == "Russia"
    assert check.left_out.value == pytest.approx(57)
    assert not check.leader_changes and check.note == ""


def _records(rows):
    return pd.DataFrame(rows, columns=["camp", "tiv_delivered", "record"])


def test_no_note_when_the_leader_holds_without_its_largest_record():
    records = _records([("A", 50, "a1"), ("A", 40, "a2"), ("A", 30, "a3"), ("B", 30, "b1"), ("B", 20, "b2")])
    check = sensitivity.leader_check(records)
    assert (check.leader, check.leader_without) == ("A", "A")  # 70 against 50
    assert check.note == "" and not check.leader_changes


def test_note_exactly_when_the_leader_changes():
    records = _records([("A", 80, "big order"), ("A", 10, "a2"), ("B", 30, "b1"), ("B", 20, "b2")])
    check = sensitivity.leader_check(records, names={"B": "the Bs"}, window="2001–2004")
    assert (check.leader, check.leader_without) == ("A", "B")
    assert check.ranking == ("A", "B") and check.ranking_without == ("B", "A")
    # 50 of the 60 left: 83.3 %
    assert check.note == ("Rests on one order: without A's big order, 80 of A's 90 TIV in 2001–2004, the Bs leads "
                          "with 83.3%.")
    assert sensitivity.flag(check.note) == "rests on one order"


def test_the_leaders_record_is_left_out_not_the_largest_of_all():
    # B's 60 is the largest record, but leaving it out only widens A's lead; A's own 45 decides
    records = _records([("A", 45, "a1"), ("A", 30, "a2"), ("B", 60, "b1")])
    check = sensitivity.leader_check(records)
    assert check.left_out.label == "a1" and check.leader_without == "B"


def test_a_tie_without_the_record_is_no_leader():
    records = _records([("A", 30, "a1"), ("A", 20, "a2"), ("B", 20, "b1")])
    check = sensitivity.leader_check(records)
    assert check.leader == "A" and check.leader_without is None
    assert check.note.endswith("no single camp leads.")


def test_unknown_values_are_not_records_to_leave_out():
    records = _records([("A", float("nan"), "unvalued"), ("A", 10, "a"), ("B", 5, "b")])
    check = sensitivity.leader_check(records)
    assert check.left_out.label == "a" and check.leader_without == "B"


def test_direction_note_only_when_the_direction_flips():
    then = pd.DataFrame({"usd_million": [900.0, 50.0], "record": ["dam", "school"]})
    later = pd.DataFrame({"usd_million": [300.0], "record": ["road"]})
    check = sensitivity.direction_check(then, later, windows=("2018–2019", "2020–2021"))
    assert (check.direction, check.direction_without) == ("down", "up")  # 50 then, 300 later
    assert check.note == ("Rests on one project: without dam, 900 of 950 in 2018–2019, the total rose (50 in "
                          "2018–2019, 300 in 2020–2021) instead of falling.")
    steady = sensitivity.direction_check(pd.DataFrame({"usd_million": [400.0, 390.0], "record": ["a", "b"]}), later,
                                         windows=("x", "y"))
    assert steady.direction == steady.direction_without == "down" and steady.note == ""


# ------------------------------------------------------------------ the pages, per state

def test_overview_prints_the_note_beside_the_arms_claim(partners):
    for state in (ViewState(), view_state(["CHN"], partners)):
        comparison = overview.build.uncached(state).comparison
        assert "China delivered the largest share of arms (66.3%, 2021–2024, rests on one order)" in comparison.title
        assert comparison.note.startswith(NOTE)
        china = [h for h in overview.build.uncached(state).headlines if h.camp == "China" and "Arms" in h.label]
        assert NOTE in china[0].help


def test_overview_as_of_june_2020_has_no_note(partners):
    for state in (ViewState(asof=ASOF_ARTICLE), view_state(["CHN"], partners, asof=ASOF_ARTICLE)):
        view = overview.build.uncached(state)
        assert "Russia and allies delivered the largest share of arms (78.2%, 2010–2019)" in view.comparison.title
        assert "rests on one" not in view.comparison.title.lower()
        assert "Rests on one" not in view.comparison.note
        assert not any("Rests on one" in h.help for h in view.headlines)


def test_security_prints_the_note_in_every_filter(partners):
    for state in (ViewState(), view_state(["CHN"], partners), view_state(["RUS"], partners)):
        deliveries = security.build.uncached(state).deliveries
        assert deliveries.title.endswith("China 66% in 2021–2024 (rests on one order)")
        assert deliveries.note.startswith(NOTE)
        assert "TIV a year on average: the West 4.2 then and 44.1 since" in deliveries.note  # 42.13/10, 176.25/4


def test_security_as_of_june_2020_has_no_note_and_no_later_period(partners):
    for state in (ViewState(asof=ASOF_ARTICLE), view_state(["CHN"], partners, asof=ASOF_ARTICLE)):
        deliveries = security.build.uncached(state).deliveries
        assert deliveries.title == "Arms delivered to Serbia (SIPRI TIV), largest camp: Russia and allies 78% in 2010–2019"
        assert "Rests on one" not in deliveries.note
        assert "2021" not in deliveries.note and "The title covers 2010–2019" in deliveries.note


def test_did_it_hold_arms_rows_carry_the_note():
    rows = hold.indicators(ViewState()).set_index(["indicator_id", "camp"])
    assert rows.loc[("arms_share", "China"), "latest_sensitivity"] == NOTE
    assert rows.loc[("arms_share", "West"), "latest_sensitivity"] == ""
    assert (rows["then_sensitivity"] == "").all()  # 2010-2019: Russia leads either way
    then = hold.indicators(ViewState(asof=ASOF_ARTICLE))
    assert (then["latest_sensitivity"] == "").all() and (then["then_sensitivity"] == "").all()
    assert not then.loc[then["dimension"] == "arms", "basis"].str.contains("2021").any()


def test_unequal_periods_are_said_with_yearly_averages_and_the_equal_window(per_deal):
    register = data.load_table("sipri_arms_transfers")
    assert record_arms.equal_periods(register) == ((2016, 2019), (2021, 2024))
    note = hold.indicators(ViewState()).query("indicator_id == 'arms_tiv'")["basis"].iloc[0]
    assert "The periods differ in length (10 and 4 years)" in note
    # Russia and allies 2010-2019: 150.995 (tests/test_did_it_hold.py's hand list) -> 15.1 a year; 107.94/4 -> 27.0
    assert "Russia and allies 15.1 then and 27.0 since" in note
    assert "China 0.0 then and 140.0 since" in note  # 560 / 4
    # 2016-2019: every Russian 2010-2019 delivery (lines 304-313) falls in 2016-2019: 150.995; the West: 292 EC145
    # 16.25, 322 TPS-70 8.8, 328 0.6 (2018) = 25.65 -> 150.995 / 176.645 = 85.5 %
    assert "Over periods of equal length the largest camp is Russia and allies (85.5%) in 2016–2019" in note


# ------------------------------------------------------------------ every other "largest", "rose", "fell"

# data/external/gw_gcdf.csv, gwcode 340 (constant 2021 USD), oof_amt and oda_amt (vof_amt 0):
#   line 266 "340,2018": OOF 83,641.39, ODA 236,768,285.03; line 267 "340,2019": OOF 1,642,121,692.86, ODA 14,606,339.96
#   line 268 "340,2020": OOF 209,008,176.37, ODA 2,392,132.65; line 269 "340,2021": OOF 284,823,529.41, ODA 13,776,470.59
OOF_2019 = 1642121692.8641708 / 1e6
THEN_2018_2019 = (83641.3907807472 + 236768285.031271 + 1642121692.8641708 + 14606339.9594078) / 1e6
LATEST_2020_2021 = (209008176.372466 + 2392132.652981853 + 284823529.4117647 + 13776470.58823529) / 1e6


# The rest of 2010-2017, same file, oof_amt + oda_amt + vof_amt: lines "340,2010" to "340,2017" (2015 further down)
YEARS_2010_2017 = (302778835.842102 + 42157768.6723451 + 360354893.132994 + 7320787.9751976775 + 67847583.88114
                   + 3546001.612377844 + 339539002.20914 + 673634638.437787 + 1346888.867666653 + 1795640.91132632
                   + 1044485647.5979879 + 343120188.89247775 + 166335442.249953) / 1e6
AVERAGE_2010_2019 = (YEARS_2010_2017 + THEN_2018_2019) / 10
AVERAGE_2020_2021 = LATEST_2020_2021 / 2


def test_aiddata_fall_no_longer_rests_on_2019s_oof_commitments():
    # Two-year windows (2018-2019 against 2020-2021) fell only because of 2019's OOF-like cell: without it
    # 2018-2019 summed 251.5 against 510.0. Did it hold? now compares yearly averages over stated periods,
    # 2010-2019 against 2020-2021: 524.8 against 255.0 a year, and without 2019's OOF-like cell 2010-2019
    # still averages 360.6, so the fall holds and no note is printed.
    assert THEN_2018_2019 - OOF_2019 < LATEST_2020_2021  # why the two-year windows were dropped
    assert (YEARS_2010_2017 + THEN_2018_2019 - OOF_2019) / 10 > AVERAGE_2020_2021
    rows = hold.indicators(ViewState()).set_index("indicator_id")
    row = rows.loc["china_finance"]
    assert (row["then_value"], row["latest_value"]) == (pytest.approx(AVERAGE_2010_2019), pytest.approx(AVERAGE_2020_2021))
    assert row["change"] == f"down USD {AVERAGE_2010_2019 - AVERAGE_2020_2021:,.0f} million a year"  # 270
    assert row["latest_sensitivity"] == ""
    money = [p for p in hold.build.uncached(ViewState()).panels if p.dimension == "money"][0]
    assert "Rests on one" not in money.section.note and money.verdict.verdict == hold.NOT_VISIBLE
    # As of June 2020 there is no later window, so no direction and no note
    then = hold.indicators(ViewState(asof=ASOF_ARTICLE)).set_index("indicator_id").loc["china_finance"]
    assert then["latest_sensitivity"] == ""


def test_china_page_largest_class_holds_without_2019(partners):
    from components.views import china
    for state in (ViewState(), view_state(["CHN"], partners), ViewState(asof=ASOF_ARTICLE)):
        section = china.build.uncached(state).aiddata
        assert "rests on one" not in section.title and "Rests on one" not in section.note
    from components import record_aiddata
    flows = record_aiddata.commitments_by_year_and_class(data.load_table("aiddata_chinese_finance"))
    check = sensitivity.leader_check(record_aiddata.cell_records(flows, 2001, 2021), group="flow_class",
                                     value="usd_million")
    assert check.leader == check.leader_without == "OOF-like"
    assert check.left_out.value == pytest.approx(OOF_2019)


def test_kosovo_timeline_leader_holds_without_one_event():
    from components.views import kosovo
    view = kosovo.build.uncached(ViewState())
    assert view.timeline.title == "Russia is involved in 20 of the 30 dated events shown, 2008–2020"
    check = kosovo.timeline_check(view.timeline.rows, {})
    assert check.leader == check.leader_without == "RUS" and check.note == ""
    assert check.totals_without["RUS"] == 19 and max(v for k, v in check.totals.items() if k != "RUS") == 4


def test_region_arms_rank_cannot_rest_on_one_order(per_deal):
    # Region: "Serbia 1 of 7 toward Russia" (and China) on arms: every neighbour in the extract has 0 % from
    # Russia and China in both periods, so Serbia stays first unless one order is all its camp's TIV
    from components.views import region
    rows = region.build.uncached(ViewState()).arms.rows
    neighbours = rows[(rows["country"] != "SRB") & rows["measure"].isin(["Russia", "China"])].dropna(subset=["value"])
    assert (neighbours["value"] == 0).all()
    for first, last in ((2010, 2019), (2021, 2024)):
        orders = record_arms.order_records(per_deal, first, last)
        for camp in ("Russia", "China"):
            own = orders[orders["camp"] == camp]["tiv_delivered"]
            assert own.empty or own.sum() - own.max() > 0
