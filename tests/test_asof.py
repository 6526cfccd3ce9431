"""components/asof.py: "known by the article?" by publication date, for years, sessions, editions,
deliveries and dated rows.

Expected answers are typed from the producers' release calendars (not from data/datapackage.json):
IMF DOTS full-year figures by the spring after the year; Eurostat's annual energy data for Y in
January of Y+2 (Regulation (EC) No 1099/2008: due 30 November of Y+1); SIPRI's March release adds
the previous year; AidData GCDF 1.0 (11 October 2017) covered 2000–2014, 2.0 (29 September 2021)
2000–2017, 3.0 (6 November 2023) 2000–2021; UN General Assembly session N runs from September
1945+N to September 1946+N.
"""

from __future__ import annotations

import datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from components import asof, data

JUNE_2020 = datetime.date(2020, 6, 30)


@pytest.mark.parametrize("resource, period, known", [
    ("imf_dots_serbia_trade", 2019, True), ("imf_dots_serbia_trade", 2020, False),
    ("eurostat_eu27_exports_to_serbia", 2019, True), ("eurostat_eu27_exports_to_serbia", 2020, False),
    ("eurostat_serbia_gas_imports", 2018, True), ("eurostat_serbia_gas_imports", 2019, False),
    ("sipri_arms_transfers", 2019, True), ("sipri_arms_transfers", 2020, False),
    ("aiddata_chinese_finance", 2014, True), ("aiddata_chinese_finance", 2015, False),
    ("aiddata_chinese_finance", 2021, False), ("aiddata_chinese_finance", 2022, False),
    ("unga_voting_agreement", 73, True), ("unga_voting_agreement", 74, False),
    ("factbook_trade_partners", "2019-12-31", True), ("factbook_trade_partners", "2024-05-01", False),
    ("nato_eu_milestones", "2020-03-27", True), ("nato_eu_milestones", "2022-07-19", False),
    ("trade_shares", 2019, True),  # the article's own figures: published with it
])
def test_known_by_the_article(resource, period, known):
    assert asof.known_by_article(resource, period) is known


def test_latest_knows_everything_and_unknown_periods_are_never_known():
    assert asof.known("aiddata_chinese_finance", 2030, asof.ASOF_LATEST)
    assert not asof.known("aiddata_chinese_finance", None, asof.ASOF_ARTICLE)
    assert not asof.known("imf_dots_serbia_trade", float("nan"), asof.ASOF_ARTICLE)
    assert not asof.known("aiddata_chinese_finance", 2022, asof.ASOF_ARTICLE)  # in no edition


def test_then_point_is_the_last_period_before_the_article_then_published():
    years = range(2006, 2024)
    assert asof.then_period("imf_dots_serbia_trade", years, asof.ASOF_LATEST) == 2019
    assert asof.then_period("eurostat_serbia_gas_imports", years, asof.ASOF_LATEST) == 2019
    assert asof.then_period("eurostat_serbia_gas_imports", years, asof.ASOF_ARTICLE) == 2018
    assert asof.then_period("aiddata_chinese_finance", years, asof.ASOF_ARTICLE) == 2014
    assert asof.then_period("unga_voting_agreement", range(60, 79), asof.ASOF_LATEST) == 73


def test_revised_and_unpublished_notes():
    assert asof.revised_note("sipri_arms_transfers", asof.ASOF_ARTICLE) == "as revised in SIPRI's March 2025 release"
    assert asof.revised_note("sipri_arms_transfers", asof.ASOF_LATEST) == ""
    assert asof.revised_note("trade_shares", asof.ASOF_ARTICLE) == ""  # the article's own tables
    assert "GCDF 1.0" in asof.unpublished_note("aiddata_chinese_finance", asof.ASOF_ARTICLE)


def test_a_year_that_straddles_the_article_is_after_it():
    """2020's figures include the months after June; session 74 ran to September 2020."""
    assert asof.after_article("imf_dots_serbia_trade", 2020)
    assert not asof.after_article("imf_dots_serbia_trade", 2019)
    assert asof.after_article("unga_voting_agreement", 74)
    assert not asof.after_article("unga_voting_agreement", 73)
    assert not asof.after_article("trade_shares", 2019)


def test_every_resource_states_its_publication_rule():
    package = data.package()
    for resource in package["resources"]:
        spec = asof.rule(resource["name"], package)
        assert spec["rule"] in asof.RULES, resource["name"]
        assert spec.get("basis"), f"{resource['name']}: a rule says why (the producer's calendar)"


def test_a_resource_without_a_rule_is_a_data_error():
    package = {"resources": [{"name": "x"}]}
    with pytest.raises(data.DataError, match="x-published"):
        asof.rule("x", package)


# --- the rule as a property, over every period a producer could publish --------------------------

@given(st.integers(min_value=1990, max_value=2040))
def test_annual_figures_by_their_release_calendar(year):
    assert asof.known_by_article("imf_dots_serbia_trade", year) is (year <= 2019)
    assert asof.known_by_article("eurostat_serbia_gas_imports", year) is (year <= 2018)
    assert asof.known_by_article("sipri_arms_transfers", year) is (year <= 2019)


@given(st.integers(min_value=1995, max_value=2030))
def test_aiddata_editions(year):
    assert asof.known_by_article("aiddata_chinese_finance", year) is (2000 <= year <= 2014)
    assert asof.first_public("aiddata_chinese_finance", year) == (
        datetime.date(2017, 10, 11) if 2000 <= year <= 2014 else datetime.date(2021, 9, 29) if 2015 <= year <= 2017
        else datetime.date(2023, 11, 6) if 2018 <= year <= 2021 else None)


@given(st.integers(min_value=1, max_value=100))
def test_un_sessions_are_known_once_closed(session):
    assert asof.known_by_article("unga_voting_agreement", session) is (1946 + session <= 2019)


@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2030, 12, 31)))
def test_dated_rows_by_their_own_date(day):
    for resource in ("nato_eu_milestones", "factbook_trade_partners"):
        assert asof.known_by_article(resource, day.isoformat()) is (day <= JUNE_2020)


@given(st.lists(st.integers(min_value=2000, max_value=2025), min_size=1, max_size=12))
def test_sipri_deliveries_as_of_the_article(years):
    """The deal register as of June 2020 lists only deliveries of years SIPRI had published."""
    frame = pd.DataFrame({"year": years})
    kept = asof.keep_known(frame, "sipri_arms_transfers", "year", asof.ASOF_ARTICLE)
    assert sorted(kept["year"]) == sorted(y for y in years if y <= 2019)
    assert list(asof.published_after_mask(frame, "sipri_arms_transfers", "year")) == [y > 2019 for y in years]
