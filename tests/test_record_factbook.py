"""Factbook import shares per edition, no interpolation; unlisted partners stay empty.

Golden values typed by hand from the source_text column of
data/external/serbia_trade_partner_shares_factbook.csv.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from components import record_factbook
from components.data import load_table


@pytest.fixture(scope="module")
def factbook() -> pd.DataFrame:
    return load_table("factbook_trade_partners")


@pytest.fixture(scope="module")
def shares(factbook) -> pd.DataFrame:
    return record_factbook.import_partner_shares(factbook, ["Russia", "China"])


def test_one_row_per_edition_year_only(shares):
    assert sorted(set(shares["data_year"])) == [2014, 2015, 2017, 2019, 2022, 2023]
    assert len(shares) == 12


def test_russia_and_china_as_printed(shares):
    table = shares.set_index(["partner_std", "data_year"])["share_pct"]
    # "Germany 12%, Russia 11.3%, Italy 11.3%, China 7.6%, Hungary 5%, Poland 4.8% (2014)"
    assert table[("Russia", 2014)] == 11.3 and table[("China", 2014)] == 7.6
    # "Germany 12%, China 10%, Italy 7%, Turkey 5%, Hungary 5% (2023)": Russia not listed
    assert table[("China", 2023)] == 10
    assert math.isnan(table[("Russia", 2023)])


def test_unlisted_partner_has_a_ceiling_not_a_zero(shares):
    russia_2023 = shares[(shares["partner_std"] == "Russia") & (shares["data_year"] == 2023)].iloc[0]
    assert not russia_2023["listed"] and russia_2023["below_pct"] == 5


def test_with_gaps_breaks_lines_at_missing_years(shares):
    russia = record_factbook.with_gaps(shares[shares["partner_std"] == "Russia"])
    years = [None if pd.isna(y) else int(y) for y in russia["data_year"]]
    # gaps after 2015 (2016 missing), 2017 (2018), 2019 (2020-21); none between 2014-15 and 2022-23
    assert years == [2014, 2015, None, 2017, None, 2019, None, 2022, 2023]


def test_basis_note_tells_the_rounding_and_list_length(factbook):
    note = record_factbook.basis_note(factbook)
    assert "2017: top 6, one decimal" in note and "2019: top 6, whole percent" in note
    assert "2023: top 5, whole percent" in note
    assert "merchandise" in note
    # 2017 is the last one-decimal edition, 2019 the first whole-percent one (the imports rows' source_text)
    assert "a change of 1 point from 2019 on can be rounding" in note
    early = record_factbook.basis_note(factbook[factbook["data_year"] <= 2015])
    assert "rounding" not in early, "no whole-percent edition among 2014-2015: no rounding caveat"


