"""Tests for components/views/record_check.py: the article's figures against independent sources.

Golden values are typed by hand from the files named in each comment (not recomputed with the
code under test): data/trade_shares.csv and data/findings.csv (the article, seeds/ line 105-126),
data/external/imf_dots_serbia_trade.csv (rows "2019,EU,..." and "2019,EAEU,..."),
data/external/eurostat_serbia_gas_imports.csv (row 2019), data/external/gw_gcdf.csv (rows "340,..."),
data/external/sipri_trade_register_balkans.csv (lines 291, 305, 306, 310).
"""

from __future__ import annotations

import pandas as pd
import pytest

from components import data
from components.views import record_check as rc
from components.views.record_check import Comparison, Measure, Rule


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return rc.comparison_rows(rc.all_comparisons()).set_index("key")


# --- the table as it stands -------------------------------------------------------------------

# (key, article value, independent value as shown, verdict starts with). DOTS shares from
# imf_dots_serbia_trade.csv 2019: EU total 61.435, exports 67.143, imports 57.381; EAEU total
# 8.539, exports 5.66, imports 10.584. Article: 62, 66.3, 58.2, 8, 5.4, 9.4 (trade_shares.csv).
# The difference and the 1.5 pp tolerance also relative to the article's figure, by hand: EAEU imports
# 10.584 - 9.4 = 1.184 pp = 12.6 % of 9.4 -> "13%"; 1.5 / 9.4 = 16.0 % -> "16%"; EU total 0.565 / 62 = 0.9 %
# -> "1%", 1.5 / 62 = 2.4 % -> "2%"; EAEU exports 0.26 / 5.4 = 4.8 % -> "5%", 1.5 / 5.4 = 27.8 % -> "28%".
# The EU on both readings of the article's 2019 "EU": EU27 (DOTS "European Union") and EU27 + UK, the
# United Kingdom's row 48 of DOTS_170_Serbia.xlsx (serbia_dots_long_derived.csv lines 615 and 3930): exports
# 363.916274, imports 259.378442; World 18942.106323 and 26668.7846 (row 9). EU27 + UK exports
# (12718.341388 + 363.916274) / 18942.106323 = 69.06 % -> +2.8 pp against the article's 66.3 %: differs;
# imports (15302.908187 + 259.378442) / 26668.7846 = 58.35 % (+0.15 pp, under 1 % of 58.2); total
# (28021.249575 + 623.294716) / 45610.890923 = 62.80 % (+0.8 pp).
TRADE_GOLDEN = [
    ("trade_EU_total", "62.0%", "EU27: 61.4%; EU27 + UK: 62.8%",
     "EU27: agrees (difference -0.6 pp, 1% of the article's 62.0%; tolerance 1.5 pp, 2%); "
     "EU27 + UK: agrees (difference +0.8 pp, 1% of the article's 62.0%; tolerance 1.5 pp, 2%)"),
    ("trade_EU_exports", "66.3%", "EU27: 67.1%; EU27 + UK: 69.1%",
     "EU27: agrees (difference +0.8 pp, 1% of the article's 66.3%; tolerance 1.5 pp, 2%); "
     "EU27 + UK: differs by +2.8 pp, 4% of the article's 66.3% (tolerance 1.5 pp, 2%)"),
    ("trade_EU_imports", "58.2%", "EU27: 57.4%; EU27 + UK: 58.4%",
     "EU27: agrees (difference -0.8 pp, 1% of the article's 58.2%; tolerance 1.5 pp, 3%); "
     "EU27 + UK: agrees (difference +0.2 pp, under 1% of the article's 58.2%; tolerance 1.5 pp, 3%)"),
    ("trade_EAEU_total", "8.0%", "8.5%", "agrees (difference +0.5 pp, 7% of the article's 8.0%; tolerance 1.5 pp, 19%)"),
    ("trade_EAEU_exports", "5.4%", "5.7%", "agrees (difference +0.3 pp, 5% of the article's 5.4%; tolerance 1.5 pp, 28%)"),
    ("trade_EAEU_imports", "9.4%", "10.6%",
     "agrees (difference +1.2 pp, 13% of the article's 9.4%; tolerance 1.5 pp, 16%)"),
]
TOLERANCE_RELATIVE = {"trade_EU_total": "2% of the article's 62.0%", "trade_EAEU_imports": "16% of the article's 9.4%",
                      "trade_EAEU_exports": "28% of the article's 5.4%"}


@pytest.mark.parametrize("key,article,independent,verdict", TRADE_GOLDEN)
def test_trade_shares_against_dots(rows, key, article, independent, verdict):
    row = rows.loc[key]
    assert (row["article_value"], row["independent_value"], row["verdict"]) == (article, independent, verdict)
    assert row["independent_source"] == ("IMF DOTS (imf_dots_serbia_trade)" if key.startswith("trade_EAEU") else
                                         "EU27: IMF DOTS (imf_dots_serbia_trade); "
                                         "EU27 + UK: IMF DOTS (imf_dots_serbia_eu_with_uk)")
    assert row["verdict_kind"] == ("depends on the basis" if key == "trade_EU_exports" else "agrees")
    assert "agrees if within 1.5 pp" in row["rule"]  # the tolerance is written in the table
    if key in TOLERANCE_RELATIVE:
        assert row["rule"] == f"agrees if within 1.5 pp, {TOLERANCE_RELATIVE[key]}"  # and relative to the figure


def test_just_8_percent_keeps_its_hedge_and_endnotes(rows):
    assert rows.loc["trade_EAEU_total", "article_wording"] == "just 8%"
    assert rows.loc["trade_EU_total", "endnote"] == 22  # trade_shares.csv: EU rows endnote 22
    assert pd.isna(rows.loc["trade_EAEU_total", "endnote"])  # the EAEU sentence has no endnote


def test_gas_dependence_against_eurostat(rows):
    # eurostat_serbia_gas_imports.csv 2019: 83593.689 TJ from Russia of 83811.599 TJ = 99.74 %
    row = rows.loc["gas_dependence"]
    assert row["independent_value"] == "99.7%"
    assert row["verdict"] == "consistent, qualitative (99.7% ≥ 50%)"  # a statement, not a figure that agrees
    assert row["rule"].startswith("a qualitative claim, not a figure; ")
    assert row["endnote"] == 25  # findings.csv energy_dependence
    assert "dependent on Russia for both oil and gas" in row["article_wording"]


def test_oil_has_no_independent_source(rows):
    assert rows.loc["oil_dependence", "verdict"] == "qualitative, no independent source in the package"


def test_mig29_against_sipri(rows):
    # SIPRI lines 305-306: Russia, MiG-29S 5 + MiG-29 1, delivered 2017, aid; article: "six" (endnote 32)
    row = rows.loc["mig29_handover"]
    assert (row["article_value"], row["independent_value"], row["verdict"]) == ("6 jets", "6 jets", "agrees (the same value)")


def test_chinese_money_is_not_comparable_with_aiddata(rows):
    # gw_gcdf.csv, gwcode 340, oof_amt 2010-2019: 302778835.84 + 360354893.13 + 339539002.21 + 673634638.44
    # + 1044485647.60 + 343120188.89 + 83641.39 + 1642121692.86 = 4,706,118,540 -> 4.7 bn (2021 USD)
    loans = rows.loc["china_loans_and_infrastructure"]
    assert loans["independent_value"] == "4.7 billion USD, constant 2021 prices"
    assert loans["article_wording"] == "slightly over USD 5 billion"
    for key in ("china_direct_investment", "china_loans_and_infrastructure"):
        verdict = rows.loc[key, "verdict"]
        assert verdict.startswith("not comparable (what: ")
        assert "period: not stated vs commitments 2001–2019" in verdict


def test_summary_counts(rows):
    # 6 trade shares + the six MiG-29s agree; the two Chinese finance figures are not comparable; the gas and
    # oil statements are qualitative claims (one consistent, one without a source), not counted as figures
    # EU exports agree on the EU27 reading and differ with the UK: counted apart, as depending on the basis
    assert rc.verdict_summary(rows["verdict_kind"]) == (
        "6 figures agree with an independent source, 0 differ, 1 agrees or differs depending on the basis, "
        "2 not comparable, 0 without an independent source; 2 qualitative claims, not counted as figures: "
        "1 consistent, 1 without an independent source")


def test_summary_on_synthetic_verdicts():
    kinds = pd.Series([rc.AGREES, rc.DIFFERS, rc.NO_SOURCE, rc.INCONSISTENT])
    assert rc.verdict_summary(kinds) == (
        "1 figure agrees with an independent source, 1 differ, 0 not comparable, 1 without an independent source; "
        "1 qualitative claim, not counted as figures: 1 inconsistent")
    assert rc.verdict_summary(kinds[:3]).endswith("1 without an independent source")  # no qualitative part


def test_both_readings_of_an_ambiguous_basis():
    one = _pair(62.0, 61.0)
    both = Comparison("k", "EU", "x", one.article, one.independent, one.rule, (),
                      alternative=Measure(64.0, "share", "2019", "%"), bases=("A", "B"))
    assert rc.verdict(both) == ("A: agrees (difference -1.0 pp, 2% of the article's 62.0%; tolerance 1.5 pp, 2%); "
                                "B: differs by +2.0 pp, 3% of the article's 62.0% (tolerance 1.5 pp, 2%)")
    assert rc.verdict_kind(both) == rc.DEPENDS
    same = Comparison("k", "EU", "x", one.article, one.independent, one.rule, (),
                      alternative=Measure(62.5, "share", "2019", "%"), bases=("A", "B"))
    assert rc.verdict_kind(same) == rc.AGREES


# --- the verdict rule itself ------------------------------------------------------------------

def _pair(article_value, independent_value, **differences) -> Comparison:
    article = Measure(article_value, "share", "2019", "%")
    independent = Measure(independent_value, differences.get("what", "share"), differences.get("period", "2019"), "%")
    return Comparison("k", "EU", "x", article, independent, Rule("within", 1.5, "pp"), ())


def test_verdict_differs_beyond_the_tolerance():
    assert rc.verdict(_pair(62.0, 64.0)) == "differs by +2.0 pp, 3% of the article's 62.0% (tolerance 1.5 pp, 2%)"
    assert rc.verdict(_pair(62.0, 63.5)).startswith("agrees")  # exactly at the tolerance


def test_verdict_names_what_differs():
    assert rc.verdict(_pair(62.0, 62.0, period="2018")) == "not comparable (period: 2019 vs 2018)"


def test_threshold_rule_can_fail():
    comparison = Comparison("g", "RUS", "gas", Measure(None, "s", "x", "%"), Measure(40.0, "s", "2019", "%"),
                            Rule("at_least", 50, "%", "r"), ())
    assert rc.verdict(comparison) == "inconsistent, qualitative (40% < 50%)"


# --- disputed and unknown figures -------------------------------------------------------------

def _load(name):
    return data.load_table(name)


def test_donor_dispute_shows_all_three_claims_and_sipri():
    table = rc.donor_dispute(_load("findings"), _load("timeline"), _load("military_donors"),
                             _load("sipri_arms_transfers"), _load("partners"), 2024)
    # military_donors.csv ranks 1-5 and 9; partners.csv short names
    assert table.loc[0, "value"] == "1 US; 2 China; 3 Norway; 4 Denmark; 5 UK; 9 Russia; ranks 6–8 not named in the article"
    assert list(table["source"]) == ["article, endnote 29", "article, endnote 30", "article, endnote 31",
                                     "SIPRI (sipri_arms_transfers)"]
    assert "MiG-29S (ordered 2016, delivered 2017)" in table.loc[3, "value"]  # SIPRI line 305: aid
    assert "Belarus: MiG-29 (ordered 2017, delivered 2021)" in table.loc[3, "value"]  # line 276: aid


def test_donor_beliefs_beside_the_eu():
    table = rc.donor_beliefs(_load("findings"))
    assert set(table["partner"]) == {"RUS", "CHN", "EU"}
    assert sorted(int(n) for n in table["endnote"].dropna()) == [24, 40, 40, 40]  # findings.csv
    assert rc.NO_SOURCE in set(table["value"])


def test_unknown_values_are_never_zero():
    table = rc.arms_values(_load("arms_deals"), _load("sipri_arms_transfers"), _load("partners"), "latest")
    rafale = table[table["system"].str.startswith("Rafale F4")].iloc[0]  # SIPRI line 291: TIV 0, not assessed
    assert rafale["value"] == "not disclosed / not assessed by SIPRI"
    pantsir = table[table["system"] == "Pantsir air-defence systems"]
    assert list(pantsir["value"]) == ["not stated in the article", "66 million TIV (order)", "132 million TIV (order)"]
    assert list(pantsir["number"]) == ["not stated in the article", "6", "12"]  # SIPRI lines 310 and 321
    assert not table["value"].astype(str).str.fullmatch(r"0(\.0+)?( .*)?").any()


def test_article_time_keeps_only_orders_known_by_2019():
    table = rc.arms_values(_load("arms_deals"), _load("sipri_arms_transfers"), _load("partners"), "2020-06")
    assert not table["system"].str.startswith("Rafale").any()
    # sipri_trade_register_balkans.csv: Serbia, France, 2019, Mistral, delivered 2022: not known in June 2020
    mistral = table[(table["system"] == "Mistral MANPADS") & (table["who"] == "SIPRI trade register")]
    assert list(mistral["delivered"]) == ["not delivered by end-2019"]
    assert list(table.loc[table["system"] == "Mistral MANPADS", "order_year"]) == ["not stated in the article", "2019"]
