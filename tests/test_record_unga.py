"""UNGA agreement read as its producers publish it: per session (straddling two years), in percent.

Golden values typed by hand from the original file
/work/shared/external/unga-voting-agreement/IdealpointestimatesAll_Jun2024.csv (row ids are its
first, unnamed column) and checked against the extract in data/external/.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from components import record_unga
from components.data import load_table

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def votes() -> pd.DataFrame:
    return load_table("unga_voting_agreement")


def serbia(votes, session) -> pd.Series:
    table = record_unga.agreement(votes, ["SRB"])
    return table.set_index("session").loc[session]


def test_serbia_session_74_2019_20(votes):
    # row "3800": 345,74,86 votes, USAgree 0.2325581, RUSSAgree 0.6097561, ChinaAgree 0.6428571
    row = serbia(votes, 74)
    assert row["years"] == "2019–20" and row["votes"] == 86
    assert row["with_usa"] == pytest.approx(23.25581)
    assert row["with_russia"] == pytest.approx(60.97561)
    assert row["with_china"] == pytest.approx(64.28571)
    assert row["after_publication"]  # the session ran to September 2020: not complete when the article appeared


def test_serbia_latest_session_78_2023_24(votes):
    # row "3804": 345,78,77 votes, USAgree 0.3815789, RUSSAgree 0.4605263, ChinaAgree 0.5733333
    assert record_unga.latest_session(votes) == 78
    row = serbia(votes, 78)
    assert row["years"] == "2023–24" and row["votes"] == 77
    assert row["with_usa"] == pytest.approx(38.15789)
    assert row["with_russia"] == pytest.approx(46.05263)
    assert row["with_china"] == pytest.approx(57.33333)
    assert row["after_publication"]


def test_neighbour_and_since_filter(votes):
    # Croatia (COW 344), session 78: USAgree 0.6046512, RUSSAgree 0.3488372, ChinaAgree 0.4
    table = record_unga.agreement(votes, ["SRB", "HRV"], since=78)
    assert list(table["country"]) == ["HRV", "SRB"] and set(table["session"]) == {78}
    croatia = table[table["country"] == "HRV"].iloc[0]
    assert (croatia["with_usa"], croatia["with_russia"], croatia["with_china"]) == pytest.approx((60.46512, 34.88372, 40.0))


def test_serbia_has_70_sessions_with_the_fry_gap(votes):
    sessions = set(record_unga.agreement(votes, ["SRB"])["session"])
    assert len(sessions) == 70  # SOURCE.md: "Serbia has 70 sessions"
    assert 50 not in sessions  # 1995-96: the FRY did not take part


def test_session_years_label():
    assert record_unga.session_years(74) == "2019–20"
    assert record_unga.session_years(78) == "2023–24"
    assert record_unga.session_years(54) == "1999–00"


def test_unknown_country_is_a_clear_error(votes):
    with pytest.raises(ValueError, match="XKX"):
        record_unga.agreement(votes, ["XKX"])


def test_extract_cells_are_the_originals_text():
    extract = list(csv.DictReader((ROOT / "data/external/unga_agreement_balkans.csv").open(encoding="utf-8")))
    row = next(r for r in extract if r["ccode"] == "345" and r["session"] == "74")
    assert (row["Countryname"], row["USAgree"], row["RUSSAgree"], row["ChinaAgree"]) == \
        ("Yugoslavia", "0.2325581", "0.6097561", "0.6428571")
    assert len(extract) == 452


def test_datapackage_hash_matches_the_extract():
    package = json.loads((ROOT / "data/datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "unga_voting_agreement")
    digest = hashlib.sha256((ROOT / "data" / resource["path"]).read_bytes()).hexdigest()
    assert resource["hash"] == f"sha256:{digest}"
    source = resource["sources"][0]
    assert "Bailey" in source["citation"] and "2017" in source["citation"]
    assert resource["licenses"][0]["name"] == "CC0-1.0"


def test_method_note_fractions_match_the_data(votes):
    # the note's 20/86, 50/82, 54/84 (session 74) must be the file's values, not a typing slip
    row = serbia(votes, 74)
    assert (row["with_usa"], row["with_russia"], row["with_china"]) == pytest.approx(
        (100 * 20 / 86, 100 * 50 / 82, 100 * 54 / 84), abs=1e-4)
    assert "20/86 with the US, 50/82 with Russia and 54/84 with China" in record_unga.METHOD_NOTE
