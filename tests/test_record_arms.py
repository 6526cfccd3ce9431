"""SIPRI read as SIPRI reads it: TIV delivered by delivery year, deal status, camp totals.

Golden values typed by hand from data/external/sipri_trade_register_balkans.csv (file line numbers
as `grep -n` shows them; columns: Number delivered, Year(s) of delivery, SIPRI TIV of delivered
weapons), not recomputed with the code under test.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from components import record_arms
from components.data import DataError, load_table


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return load_table("sipri_arms_transfers")


@pytest.fixture(scope="module")
def partners() -> pd.DataFrame:
    return load_table("partners")


@pytest.fixture(scope="module")
def deliveries(register, partners) -> pd.DataFrame:
    return record_arms.deliveries_by_year(register, partners)


@pytest.fixture(scope="module")
def deals(register, partners) -> pd.DataFrame:
    return record_arms.deal_register(register, partners)


def tiv(deliveries, partner, first, last) -> float:
    rows = deliveries[(deliveries["partner"] == partner) & deliveries["year"].between(first, last)]
    return float(rows["tiv_delivered"].sum())


def test_russia_delivered_294_43_tiv_2016_to_2020(deliveries):
    # lines 304 Mi-17 14.5 (2016); 305 MiG-29S 57 and 306 MiG-29 8.26 (2017); 307 T-72 42.37 over
    # 2020; 2021 -> 21.185; 308 BRDM-2 2.97 over 2019; 2021 -> 1.485; 309 57-E6 37.5, 310 Pantsyr-S1 66
    # (2020); 311 Ataka 2, 312 Mi-35M 46, 313 Mi-17 21.75 (2019); 314 R-27 9.5, 315 Kh-29 8, 316 R-77 20
    # over 2020; 2021 -> 4.75 + 4 + 10
    expected = 14.5 + 57 + 8.26 + 21.185 + 1.485 + 37.5 + 66 + 2 + 46 + 21.75 + 4.75 + 4 + 10
    assert tiv(deliveries, "RUS", 2016, 2020) == pytest.approx(expected) == pytest.approx(294.43)


def test_china_delivered_6_5_tiv_2016_to_2020(deliveries):
    # line 279 CH-92 6 TIV and line 280 FT-8 0.5 TIV, both delivered 2020; the HQ-22 orders of 2020
    # (lines 281-282) arrived in 2022; 2023 and do not count here
    assert tiv(deliveries, "CHN", 2016, 2020) == pytest.approx(6.5)


def test_china_delivered_560_tiv_2021_to_2024(deliveries):
    # lines 281 HQ-22 300 + 282 HQ-22 165 + 283 CH-95 20 + 284 HQ-17A 50 + 285 HQ-17 25
    assert tiv(deliveries, "CHN", 2021, 2024) == pytest.approx(560.0)


def test_hq22_is_spread_over_2022_and_2023(deliveries, deals):
    hq22 = deals[deals["weapon_designation"] == "HQ-22"]
    assert list(hq22["delivery_years"]) == ["2022; 2023", "2022; 2023"]  # lines 281-282
    assert list(hq22["order_year"]) == [2020, 2020]
    china = deliveries[deliveries["partner"] == "CHN"].set_index("year")["tiv_delivered"]
    # 2022: half of 300 + half of 165 + half of CH-95's 20 (line 283)
    assert china[2022] == pytest.approx(150 + 82.5 + 10)
    assert 2021 not in china.index


def test_twelve_pantsyr_s1_ordered_2021_not_delivered(deals):
    row = deals[(deals["weapon_designation"] == "96K9 Pantsyr-S1") & (deals["order_year"] == 2021)].iloc[0]
    # line 321: 12 ordered, 0 delivered, no delivery year, TIV for total order 132
    assert row["number_ordered"] == 12 and row["number_delivered"] == 0
    assert row["delivery_status"] == "not delivered by end-2024"
    assert row["status"] == "not delivered by end-2024"
    assert row["tiv_ordered"] == 132 and row["tiv_delivered"] == 0


def test_hungary_btr80a_delivered_10_8_with_unknown_order_value(deliveries, deals):
    # line 295: Number ordered empty, 30 delivered in 2024, TIV total order 0, delivered 10.8
    row = deals[deals["weapon_designation"] == "BTR-80A"].iloc[0]
    assert row["tiv_delivered"] == pytest.approx(10.8)
    assert math.isnan(row["tiv_ordered"]) and math.isnan(row["number_ordered"])
    assert row["status"].startswith("delivered (number ordered not given); second-hand")
    hungary = deliveries[deliveries["partner"] == "HUN"]
    assert list(hungary["year"]) == [2024] and hungary["tiv_delivered"].iloc[0] == pytest.approx(10.8)


def test_rafale_value_not_assessed_is_unknown_not_zero(deals):
    # line 291: Rafale F4, TIV per unit 0, total 0, nothing delivered
    row = deals[deals["weapon_designation"] == "Rafale F4"].iloc[0]
    assert math.isnan(row["tiv_ordered"]) and math.isnan(row["tiv_per_unit"])
    assert not row["value_assessed"]
    assert row["status"] == "not delivered by end-2024; value not yet assessed by SIPRI"


def test_donated_mig29s_are_second_hand_aid(deals):
    # line 305: "Second-hand; incl 2 MiG-29UB trainer/combat version; aid"
    row = deals[deals["weapon_designation"] == "MiG-29S"].iloc[0]
    assert row["status"] == "delivered; second-hand; aid (donation)"
    assert bool(row["aid"]) and row["acquisition"] == "second-hand"


def test_ground_master_200_partly_delivered(deals):
    # line 289: 7 ordered, 3 delivered in 2024
    row = deals[deals["weapon_designation"] == "Ground Master-200"].iloc[0]
    assert row["delivery_status"] == "partly delivered (3 of 7 by end-2024)"
    assert row["tiv_delivered"] == 30


def test_deal_register_starts_2006_and_counts_serbia_only(deals):
    assert deals["order_year"].min() == 2007  # line 296 Israel Orbiter-3 2007; nothing ordered 2002-2006
    assert len(deals) == 49
    assert set(deals["camp"]) == {"West", "Russia", "China", "Other"}


def test_yugoslavia_rows_left_out_and_predecessor_years_marked(deliveries):
    # line 350: Yugoslavia <- Lebanon SA-342 Gazelle 1991 (SFRY) is not Serbia's import
    assert "Lebanon" not in set(deliveries["supplier"])
    early = deliveries[deliveries["year"] == 1995]  # line 298 Kazakhstan Igla-1 1995
    assert set(early["recipient_then"]) == {"FR Yugoslavia / Serbia and Montenegro"}
    assert set(deliveries[deliveries["year"] == 2008]["recipient_then"]) == {"Serbia"}


def test_summary_per_camp_2010_2020_vs_2021_2024(deliveries, register):
    summary = record_arms.deliveries_summary(deliveries, before=2020, since=2010,
                                             until=record_arms.data_last_year(register))
    table = summary.set_index(["period", "camp"])["tiv_delivered"]
    assert table[("2010–2020", "Russia")] == pytest.approx(294.43)
    assert table[("2010–2020", "China")] == pytest.approx(6.5)
    # Russia camp 2021-24: Russia 53.42 (lines 307/308/314-316 second halves + 320 Kornet 12) + Belarus MiG-29 54.52
    assert table[("2021–2024", "Russia")] == pytest.approx(21.185 + 1.485 + 4.75 + 4 + 10 + 12 + 54.52)
    assert table[("2021–2024", "China")] == pytest.approx(560.0)
    # Other camp: nothing delivered in either period (Israel's 2008 UAVs are before 2010): 0, not missing
    assert table[("2021–2024", "Other")] == 0
    assert summary.groupby("period")["share_pct"].sum().tolist() == pytest.approx([100, 100])


def test_data_last_year_is_2024(register):
    assert record_arms.data_last_year(register) == 2024


def test_malformed_delivery_years_names_file_line_and_column():
    with pytest.raises(DataError) as caught:
        record_arms.delivery_years("2022, 2023?", line=283)
    message = str(caught.value)
    assert "sipri_trade_register_balkans.csv" in message and "line 283" in message
    assert "Year(s) of delivery" in message


def test_supplier_outside_partners_gets_camp_other(register, partners):
    fewer = partners[partners["code"] != "CYP"]
    rows = record_arms.deliveries_by_year(register, fewer)
    cyprus = rows[rows["supplier"] == "Cyprus"].iloc[0]  # line 286: Mi-24P/Mi-35P delivered 2023
    assert cyprus["camp"] == "Other" and pd.isna(cyprus["partner"])
