"""Tests for data/ and components/data.py.

* the package validates (Frictionless, incl. foreign keys) and every table loads typed;
* every quote is a verbatim passage of the cleaned seed and stands near its endnote;
* every stated figure is written in its quote and parses to the stored value; derived values
  are recomputed here; unknown values stay unknown;
* an independent list of the article's figures and dates, written by reading seeds/, is
  checked against the data, and every number in the article is accounted for;
* a corpus of broken copies of data/ (see tests/broken/README.md) each raises DataError with
  a message naming file, line, column and problem, without stopping unrelated tables.
"""

from __future__ import annotations

import builtins
import io
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package

from components import data as loader
from components import provenance
from components.data import (
    DATA_DIR_ENV,
    DataError,
    load_table,
    package,
    resource_licenses,
    resource_sources,
)
from components.seed_text import normalise_quote, seed_text

ROOT = Path(__file__).resolve().parent.parent

DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}
NAMES = list(RESOURCES)


def fields(name: str) -> list[dict]:
    return RESOURCES[name]["schema"]["fields"]


def columns(name: str) -> list[str]:
    return [f["name"] for f in fields(name)]


QUOTED = [name for name in NAMES if "quote" in columns(name)]
WITH_ENDNOTE = [name for name in QUOTED if "endnote" in columns(name)]
NUMERIC = [name for name in NAMES if {"value_in_text", "derived"} <= set(columns(name))]
VALUE_COLUMNS = ("value", "share", "exercises")
PARTNER_COLUMNS = ("partner", "recipient")
EXTERNAL = [name for name in NAMES if RESOURCES[name]["path"].startswith("external/")]
ARTICLE = [name for name in NAMES if name not in EXTERNAL]


def value_column(name: str) -> str:
    found = [c for c in VALUE_COLUMNS if c in columns(name)]
    assert len(found) == 1, (name, found)
    return found[0]


@pytest.fixture(scope="module")
def article() -> str:
    return seed_text().text


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: load_table(name, DATA) for name in NAMES}


def blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def occurrences(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


# === the package as a whole =============================================================

def test_package_validates_with_frictionless():
    report = Package(str(DATA / "datapackage.json")).validate()
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    problems += [error.message for error in report.errors]
    print("\n".join(problems))
    assert report.valid, "\n".join(problems[:20])


def test_package_lists_every_csv_in_data():
    described = {RESOURCES[name]["path"] for name in NAMES}
    # files under an original/ folder are a source's files as published (read by a build
    # script), not tables of the package
    on_disk = {str(path.relative_to(DATA)) for path in DATA.rglob("*.csv") if "original" not in path.relative_to(DATA).parts}
    assert described == on_disk


def test_package_function_reads_the_same_descriptor():
    assert package(DATA) == DESCRIPTOR


# === typed loading ======================================================================

def _expected_dtype_ok(dtype, field_type: str) -> bool:
    if field_type == "integer":
        return dtype == pd.Int64Dtype()
    if field_type == "number":
        return dtype == "float64"
    if field_type == "boolean":
        return dtype == pd.BooleanDtype()
    if field_type == "date":
        return pd.api.types.is_datetime64_any_dtype(dtype)
    return isinstance(dtype, pd.StringDtype)


@pytest.mark.parametrize("name", NAMES)
def test_table_loads_with_schema_dtypes(name, tables):
    frame = tables[name]
    raw = pd.read_csv(DATA / RESOURCES[name]["path"], dtype=str, keep_default_na=False)
    assert list(frame.columns) == columns(name)
    assert len(frame) == len(raw) > 0
    for f in fields(name):
        assert _expected_dtype_ok(frame[f["name"]].dtype, f["type"]), (f["name"], f["type"], frame[f["name"]].dtype)
        if f.get("constraints", {}).get("required"):
            assert frame[f["name"]].notna().all(), f["name"]
    # empty cells are missing, never 0 or ""
    for column in frame.columns:
        assert ((raw[column] == "") == frame[column].isna()).all(), column


def test_typed_values_sample(tables):
    trade = tables["trade_shares"]
    row = trade[(trade["flow"] == "exports") & (trade["partner"] == "EU")].iloc[0]
    assert row["year"] == 2019 and row["share"] == pytest.approx(66.3) and not row["derived"]
    timeline = tables["timeline"]
    moscow = timeline.set_index("event_id").loc["vucic_putin_moscow"]
    assert moscow["date"] == pd.Timestamp("2018-10-01")
    assert moscow["endnote"] == 49
    gestures = tables["aid_gestures"].set_index("gesture_id")
    assert not pd.isna(gestures.loc["russian_planes_greeted", "vucic_in_person"])
    assert not gestures.loc["russian_planes_greeted", "vucic_in_person"]
    assert gestures.loc["chinese_flag_kissed", "vucic_in_person"]
    assert pd.isna(gestures.loc["brother_xi_billboards", "vucic_in_person"])


def test_load_table_returns_a_copy():
    first = load_table("military_exercises", DATA)
    first.loc[0, "exercises"] = 999
    assert load_table("military_exercises", DATA).loc[0, "exercises"] == 13


def test_data_dir_env_var_selects_folder(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "military_exercises.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2019,RUS,4,", "2019,RUS,5,"), encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(copy))
    frame = load_table("military_exercises")
    assert frame.set_index("partner").loc["RUS", "exercises"] == 5
    monkeypatch.delenv(DATA_DIR_ENV)
    assert load_table("military_exercises").set_index("partner").loc["RUS", "exercises"] == 4


# === quotes ============================================================================

@pytest.mark.parametrize("name", QUOTED)
def test_every_quote_is_verbatim(name, tables, article):
    missing = [(index + 2, quote) for index, quote in tables[name]["quote"].items()
               if normalise_quote(quote) not in article]
    assert not missing, missing


QUOTE_REACH = 300


@pytest.mark.parametrize("name", WITH_ENDNOTE)
def test_every_quote_is_near_its_endnote(name, tables, article):
    positions = seed_text().endnote_positions
    far = []
    for index, row in tables[name].iterrows():
        if pd.isna(row["endnote"]):
            continue
        quote = normalise_quote(row["quote"])
        marker = positions[int(row["endnote"])]
        starts = occurrences(article, quote)
        assert starts, (name, index + 2)
        distance = min(max(0, start - marker, marker - (start + len(quote))) for start in starts)
        if distance > QUOTE_REACH:
            far.append((index + 2, int(row["endnote"]), distance))
    assert not far, f"{name}: (line, endnote, distance) {far}"


@pytest.mark.parametrize("name", WITH_ENDNOTE)
def test_endnotes_in_range(name, tables):
    notes = tables[name]["endnote"].dropna()
    assert notes.between(1, 67).all()
    # A row lacks an endnote only where its sentence carries no marker (checked against the raw
    # seed in test_article_audit.py): the EAEU trade sentence and the donor ranking sentences.
    if name not in ("findings", "timeline", "trade_shares", "military_donors"):
        assert tables[name]["endnote"].notna().all(), "only findings/timeline/trade_shares/military_donors may lack an endnote"


# === numbers ===========================================================================

NUMBER_WORDS = {word: n for n, word in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|\b(" + "|".join(NUMBER_WORDS) + r")\b",
                    re.IGNORECASE)


def first_number(text: str) -> float | None:
    match = NUMBER.search(text)
    if match is None:
        return None
    if match.group(1):
        return float(match.group(1).replace(",", ""))
    return float(NUMBER_WORDS[match.group(2).lower()])


@pytest.mark.parametrize("text, expected", [
    ("3,000 caps", 3000), ("120,000", 120000), ("66.3%", 66.3), ("USD 4 billion", 4), ("nine times the size", 9),
    ("four", 4), ("185 million USD", 185), ("often none", None), ("1,234.5 x", 1234.5), ("Twelve years", 12),
])
def test_first_number_parser(text, expected):
    assert first_number(text) == expected


def _is_rank(row) -> bool:
    return "unit" in row and row["unit"] == "rank"


@pytest.mark.parametrize("name", NUMERIC)
def test_stated_values_are_written_in_their_quote(name, tables):
    column = value_column(name)
    checked = 0
    for index, row in tables[name].iterrows():
        where = f"{name} line {index + 2}"
        if row["derived"]:
            assert not blank(row["derivation"]), f"{where}: derived without derivation"
            assert blank(row["value_in_text"]), f"{where}: a derived value is not written in the text"
            assert not pd.isna(row[column]), f"{where}: derived but empty"
            continue
        assert blank(row["derivation"]), f"{where}: derivation on a stated value"
        if pd.isna(row[column]):
            assert blank(row["value_in_text"]), f"{where}: unknown value but value_in_text is set"
            continue
        if _is_rank(row):
            continue
        text = row["value_in_text"]
        assert not blank(text), f"{where}: stated value without value_in_text"
        assert text in normalise_quote(row["quote"]), f"{where}: “{text}” not in its quote"
        assert first_number(text) == pytest.approx(float(row[column])), f"{where}: “{text}” vs {row[column]}"
        checked += 1
    assert checked > 0 or name == "soft_power"


@pytest.mark.parametrize("name", NUMERIC)
def test_qualifier_is_written_before_the_value(name, tables):
    for index, row in tables[name].iterrows():
        if blank(row["qualifier"]) or blank(row["value_in_text"]):
            continue
        quote = normalise_quote(row["quote"])
        assert f"{row['qualifier']} " in quote, (name, index + 2, row["qualifier"])


def test_trade_remainder_is_100_minus_eu_minus_eaeu(tables):
    trade = tables["trade_shares"]
    derived = trade[trade["derived"]]
    assert set(derived["partner"]) == {"ROW"}
    assert set(derived["flow"]) == {"total", "exports", "imports"}
    for _, row in derived.iterrows():
        same = trade[(trade["year"] == row["year"]) & (trade["flow"] == row["flow"]) & ~trade["derived"]]
        stated = same.set_index("partner")["share"]
        assert set(stated.index) == {"EU", "EAEU"}
        assert row["share"] == pytest.approx(100 - stated["EU"] - stated["EAEU"], abs=1e-9)
        assert f"{stated['EU']:g}" in row["derivation"] and f"{stated['EAEU']:g}" in row["derivation"]
    # and every flow adds up to 100
    for _, group in trade.groupby(["year", "flow"]):
        assert group["share"].sum() == pytest.approx(100)


def test_planes_per_serbia_size_recomputed(tables):
    aid = tables["pandemic_aid"].set_index(["indicator", "partner", "recipient"])
    serbia = aid.loc[("military_planes", "RUS", "SRB"), "value"]
    italy = aid.loc[("military_planes", "RUS", "ITA"), "value"]
    size = aid.loc[("size_relative_to_serbia", "ITA", "SRB"), "value"]
    assert aid.loc[("planes_per_serbia_size", "RUS", "SRB"), "value"] == pytest.approx(serbia / 1)
    assert aid.loc[("planes_per_serbia_size", "RUS", "ITA"), "value"] == pytest.approx(round(italy / size, 2))


# === partners and timeline =============================================================

@pytest.mark.parametrize("name", [n for n in ARTICLE if n != "partners" and set(PARTNER_COLUMNS) & set(columns(n))])
def test_partner_codes_resolve(name, tables):
    codes = set(tables["partners"]["code"])
    for column in PARTNER_COLUMNS:
        if column in tables[name]:
            unknown = set(tables[name][column].dropna()) - codes
            assert not unknown, (name, column, unknown)


def test_member_of_codes_are_blocs_or_alliances(tables):
    partners = tables["partners"].set_index("code")
    groups = set(partners.index[partners["kind"].isin(["bloc", "alliance"])])
    for code, member_of in partners["member_of"].dropna().items():
        for group in member_of.split(";"):
            assert group in groups, (code, group)
            assert group != code
    # June 2020 facts the presets rely on
    members = partners["member_of"].fillna("")
    assert "EU" not in members["GBR"].split(";"), "the UK left the EU on 2020-01-31"
    assert "NATO" in members["MKD"].split(";") and "NATO" in members["MNE"].split(";")
    assert "EAEU" in members["RUS"].split(";")
    assert "SRB" in partners.index and "EU" not in members["SRB"] and "NATO" not in members["SRB"]


def test_timeline_dates_and_partners(tables):
    timeline, links = tables["timeline"], tables["event_partners"]
    assert timeline["date"].between(pd.Timestamp("2008-01-01"), pd.Timestamp("2020-12-31")).all(), \
        timeline.loc[~timeline["date"].between(pd.Timestamp("2008-01-01"), pd.Timestamp("2020-12-31")), "event_id"]
    without = set(timeline["event_id"]) - set(links["event_id"])
    assert not without, f"events with no partner: {without}"
    dangling = set(links["event_id"]) - set(timeline["event_id"])
    assert not dangling, f"event_partners rows for unknown events: {dangling}"
    assert timeline["event_id"].is_unique


def test_timeline_precision_matches_date(tables):
    for _, row in tables["timeline"].iterrows():
        if row["date_precision"] in ("year", "month"):
            assert row["date"].day == 1, row["event_id"]
        if row["date_precision"] == "year":
            assert row["date"].month == 1, row["event_id"]
        if row["date_derived"]:
            assert not blank(row["date_derivation"]), row["event_id"]


def test_unknown_stays_unknown(tables):
    arms = tables["arms_deals"]
    for system in ("Pantsir", "Mistral"):
        rows = arms[arms["system"].str.contains(system)]
        assert len(rows) == 1, system
        assert rows["value"].isna().all(), f"{system}: the article gives no number; it must be empty, not 0"
        assert rows["value_in_text"].isna().all()
    assert arms.set_index("system").loc["Mistral MANPADS", "partner"] == "FRA"
    assert arms.set_index("system").loc["Pantsir air-defence systems", "partner"] == "RUS"
    donors = tables["military_donors"]
    assert not set(donors["rank"]) & {6, 7, 8}
    assert sorted(donors["rank"]) == [1, 2, 3, 4, 5, 9]
    repair = arms[arms["measure"] == "repair bill paid by Serbia"].iloc[0]
    assert pd.isna(repair["year"]), "the article does not date the repair payment"


# === independent check: the article's figures, written by reading seeds/ ===============

@dataclass(frozen=True)
class Figure:
    phrase: str  # as it stands in the cleaned article
    table: str
    key: dict = field(hash=False)
    value: float
    unit: str | None  # None for tables without a unit column (ranks of military_donors)
    column: str = ""

    def __str__(self):
        return f"{self.table}:{self.phrase}"


def F(phrase, table, key, value, unit, column=""):
    return Figure(phrase, table, key, value, unit, column)


AID = "pandemic_aid"
FIGURES = [
    F("sent 11 military planes", AID, {"indicator": "military_planes", "recipient": "SRB"}, 11, "planes"),
    F("16 units of military medical equipment", AID, {"indicator": "medical_equipment_units"}, 16, "units"),
    F("87 army medics", AID, {"indicator": "army_medics"}, 87, "medics"),
    F("just 14 military planes of aid to Italy", AID, {"indicator": "military_planes", "recipient": "ITA"}, 14, "planes"),
    F("nine times the size", AID, {"indicator": "size_relative_to_serbia"}, 9, "times Serbia's size"),
    F("3,000 caps", AID, {"indicator": "nis_donation_caps"}, 3000, "caps"),
    F("600 visors", AID, {"indicator": "nis_donation_visors"}, 600, "visors"),
    F("200 goggles", AID, {"indicator": "nis_donation_goggles"}, 200, "goggles"),
    F("3,000 masks", AID, {"indicator": "nis_donation_masks"}, 3000, "masks"),
    F("100 pieces of filter mask", AID, {"indicator": "nis_donation_filter_mask_pieces"}, 100, "pieces"),
    F("3,000 coats", AID, {"indicator": "nis_donation_coats"}, 3000, "coats"),
    F("3,000 pairs of fittings", AID, {"indicator": "nis_donation_pairs_of_fittings"}, 3000, "pairs"),
    F("disinfected 160 facilities", AID, {"indicator": "facilities_disinfected"}, 160, "facilities"),
    F("in 35 Serbian cities", AID, {"indicator": "cities_disinfected"}, 35, "cities"),
    F("composed 62% of Serbia’s total trade", "trade_shares", {"flow": "total", "partner": "EU"}, 62, "%"),
    F("exports accounting for 66.3%", "trade_shares", {"flow": "exports", "partner": "EU"}, 66.3, "%"),
    F("imports accounting for 58.2%", "trade_shares", {"flow": "imports", "partner": "EU"}, 58.2, "%"),
    F("just 8% of Serbia’s total trade", "trade_shares", {"flow": "total", "partner": "EAEU"}, 8, "%"),
    F("exports totalling 5.4%", "trade_shares", {"flow": "exports", "partner": "EAEU"}, 5.4, "%"),
    F("imports 9.4%", "trade_shares", {"flow": "imports", "partner": "EAEU"}, 9.4, "%"),
    F("13 military exercises with NATO", "military_exercises", {"partner": "NATO"}, 13, "exercises"),
    F("and four with Russia", "military_exercises", {"partner": "RUS"}, 4, "exercises"),
    F("the US was the largest military donor", "military_donors", {"partner": "USA"}, 1, None, "rank"),
    F("followed by China, Norway, Denmark and the UK", "military_donors", {"partner": "CHN"}, 2, None, "rank"),
    F("followed by China, Norway, Denmark and the UK", "military_donors", {"partner": "NOR"}, 3, None, "rank"),
    F("followed by China, Norway, Denmark and the UK", "military_donors", {"partner": "DNK"}, 4, None, "rank"),
    F("followed by China, Norway, Denmark and the UK", "military_donors", {"partner": "GBR"}, 5, None, "rank"),
    F("Russia was placed at a humble number nine", "military_donors", {"partner": "RUS"}, 9, None, "rank"),
    F("handover of six MiG-29 fighter jets", "arms_deals",
      {"system": "MiG-29 fighter jets", "measure": "jets handed over"}, 6, "jets"),
    F("around 185 million USD for their repair", "arms_deals", {"measure": "repair bill paid by Serbia"}, 185, "million USD"),
    F("120,000 people greeted him", "soft_power", {"indicator": "crowd_at_putin_visit"}, 120000, "people"),
    F("Putin remains the most popular foreign leader", "soft_power",
      {"indicator": "foreign_leader_popularity_rank", "partner": "RUS"}, 1, "rank"),
    F("followed by Chinese President Xi Jinping", "soft_power",
      {"indicator": "foreign_leader_popularity_rank", "partner": "CHN"}, 2, "rank"),
    F("USD 4 billion in direct investments", "chinese_finance", {"indicator": "direct_investment"}, 4, "billion USD"),
    F("slightly over USD 5 billion in loans", "chinese_finance", {"indicator": "loans_and_infrastructure"}, 5, "billion USD"),
]

# dated statements of the article -> timeline event, date, precision
DATES = [
    ("In the beginning of April", "russian_aid_planes", "2020-04-01", "month"),
    ("Putin again in mid-May", "vucic_putin_phone", "2020-05-01", "month"),
    ("signed with the EAEU in October 2019", "eaeu_fta", "2019-10-01", "month"),
    ("In 2019, Serbia conducted 13 military exercises", "exercises_2019", "2019-01-01", "year"),
    ("joint Serbo-Russian exercises in 2019", "slavic_shield", "2019-01-01", "year"),
    ("In August 2019, the Serbian Ministry of Defence", "mod_donations_overview", "2019-08-01", "month"),
    ("from Russia to Serbia in 2017", "mig29_handover", "2017-01-01", "year"),
    ("Montenegro joined NATO in 2017", "montenegro_joins_nato", "2017-01-01", "year"),
    ("North Macedonia in 2020", "north_macedonia_joins_nato", "2020-01-01", "year"),
    ("in 2019 Serbia adopted the second cycle", "ipap_second_cycle", "2019-01-01", "year"),
    ("A December 2019 survey", "donor_survey", "2019-12-01", "month"),
    ("Putin’s January 2019 visit to Serbia", "putin_visits_belgrade", "2019-01-01", "month"),
    ("visit to Belgrade in January 2019", "putin_visits_belgrade", "2019-01-01", "month"),
    ("emerge in 2018 when President Vučić", "land_swap_proposal", "2018-01-01", "year"),
    ("in October 2018 Vučić met with Putin", "vucic_putin_moscow", "2018-10-01", "month"),
    ("In October 2019 Donald Trump appointed Richard Grenell", "grenell_envoy", "2019-10-01", "month"),
    ("annexation of Crimea in 2014", "crimea_annexation", "2014-01-01", "year"),
    ("ruled Serbia since 2012", "vucic_coalition_rules", "2012-01-01", "year"),
    ("such as in 2017 when the Russian ambassador", "russia_day_gift", "2017-01-01", "year"),
    ("apparent in November 2019", "gru_video_appears", "2019-11-01", "month"),
    ("a 2018 video", "gru_bribe_video_recorded", "2018-01-01", "year"),
    ("In December 2019, Vučić visited Putin in Sochi", "sochi_visit", "2019-12-01", "month"),
    ("twelve years of opposing Kosovo’s independence", "kosovo_independence", "2008-01-01", "year"),
]

# years of the article's 2019 figures -> the tables' year column
YEARS = [
    ("In 2019 Serbia’s trade with the EU", "trade_shares", 2019),
    ("In 2019, Serbia conducted 13 military exercises", "military_exercises", 2019),
]

# numbers of the article that are in the data only as text (no numeric column)
TEXT_FIGURES = [
    ("reduced to three factors", "findings", {"finding_id": "three_factors"}),
    ("the memories of the 1990s", "findings", {"finding_id": "sympathy_not_russophilia"}),
    ("received between 2008 and 2018", "timeline", {"event_id": "mod_donations_overview"}),
]

# numbers of the article that are not figures: designations, pronouns, and one US date
NOT_FIGURES = [
    "(COVID-19)", "COVD-19", "MiG-29", "S-400",
    "the two countries", "end at one point", "one would expect", "and one that Serbian", "the two sides",
    "impressions one can get", "these two", "the two leaders", "the two repaired",
    "ahead of the 2020 presidential elections",  # US election, not an event of Serbia's ties (not in the data)
]


def _select(frame: pd.DataFrame, key: dict) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in key.items():
        mask &= frame[column] == value
    return frame[mask]


@pytest.mark.parametrize("figure", FIGURES, ids=str)
def test_article_figure_is_in_the_data(figure, tables, article):
    assert len(occurrences(article, figure.phrase)) == 1, f"“{figure.phrase}” must occur once in the article"
    rows = _select(tables[figure.table], figure.key)
    assert len(rows) == 1, (figure.key, len(rows))
    row = rows.iloc[0]
    column = figure.column or value_column(figure.table)
    assert float(row[column]) == pytest.approx(figure.value), (column, row[column])
    if figure.unit is not None:
        assert row["unit"] == figure.unit
    assert figure.phrase in normalise_quote(row["quote"]), "the row's quote must carry the figure"
    if "derived" in row:
        assert not row["derived"]


@pytest.mark.parametrize("phrase, event_id, date, precision", DATES, ids=[d[1] + ":" + d[0] for d in DATES])
def test_article_date_is_in_the_timeline(phrase, event_id, date, precision, tables, article):
    assert phrase in article
    event = tables["timeline"].set_index("event_id").loc[event_id]
    assert event["date"] == pd.Timestamp(date)
    assert event["date_precision"] == precision
    # the event's quote is the sentence with the date, or the event is mentioned twice and the
    # other mention is quoted
    quote = normalise_quote(event["quote"])
    assert any(other in quote for other, other_id, _, _ in DATES if other_id == event_id), event_id


@pytest.mark.parametrize("phrase, table, key", TEXT_FIGURES, ids=[t[0] for t in TEXT_FIGURES])
def test_article_text_figure_is_quoted(phrase, table, key, tables, article):
    assert phrase in article
    rows = _select(tables[table], key)
    assert len(rows) == 1 and phrase in rows.iloc[0]["quote"]


@pytest.mark.parametrize("phrase, table, year", YEARS, ids=[y[1] for y in YEARS])
def test_article_year_of_figures(phrase, table, year, tables, article):
    assert phrase in article
    assert set(tables[table]["year"]) == {year}
    # the year is written in the first sentence; rows quoting the next sentence ("By comparison, …") rely on it
    assert any(phrase in normalise_quote(q) for q in tables[table]["quote"])


def test_every_number_in_the_article_is_accounted_for(article):
    """Every digit group and number word (two..twenty) of the article lies in a phrase listed above."""
    covered: list[tuple[int, int]] = []
    phrases = [f.phrase for f in FIGURES] + [d[0] for d in DATES] + [t[0] for t in TEXT_FIGURES] + NOT_FIGURES
    phrases += [y[0] for y in YEARS]
    for phrase in phrases:
        starts = occurrences(article, phrase)
        assert starts, f"“{phrase}” is not in the article"
        covered += [(start, start + len(phrase)) for start in starts]
    words = [w for w in NUMBER_WORDS if w not in ("zero",)]
    token = re.compile(r"\d[\d,.]*\d|\d|\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    unaccounted = [(m.group(), article[max(0, m.start() - 30): m.end() + 30]) for m in token.finditer(article)
                   if not any(a <= m.start() and m.end() <= b for a, b in covered)]
    assert not unaccounted, unaccounted


def test_every_stated_numeric_row_is_in_the_figure_list(tables):
    """The reverse direction: no stated number in the data that the list above does not know."""
    seen = set()
    for name in NUMERIC:
        column = value_column(name)
        for index, row in tables[name].iterrows():
            if row["derived"] or pd.isna(row[column]):
                continue
            matches = [f for f in FIGURES if f.table == name and all(row[k] == v for k, v in f.key.items())]
            assert len(matches) == 1, f"{name} line {index + 2} is not (uniquely) in FIGURES"
            seen.add(str(matches[0]) + str(matches[0].key))
    ranks = [f for f in FIGURES if f.table == "military_donors"]
    assert len(seen) == len(FIGURES) - len(ranks), "some FIGURES entries match no stated row"


# === broken copies of data/ (tests/broken/README.md) ===================================

Editor = Callable[[Path], None]


def replace_once(old: str, new: str) -> Editor:
    def edit(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} not in {path.name}: the case is out of sync with data/"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def every_line(suffix: str) -> Editor:
    def edit(path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(line + suffix for line in lines) + "\n", encoding="utf-8")
    return edit


def header_only(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def empty(path: Path) -> None:
    path.write_bytes(b"")


def with_bom(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def latin1(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    old = "TUR,Turkey,Turkey,country,Other,NATO,false,,,,TR,Turkey,Turkey,TUR,\"NATO member"
    assert old in text
    path.write_bytes(text.replace(old, old.replace("\"NATO member", "\"Türkiye: NATO member")).encode("latin-1"))


def windows1252(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))


def drop_file(path: Path) -> None:
    path.unlink()


def utf16(codec: str) -> Editor:
    """Saved as Excel's 'Unicode text' would: 'utf-16' writes a byte-order mark, '-le'/'-be' none."""
    def edit(path: Path) -> None:
        path.write_bytes(path.read_text(encoding="utf-8").encode(codec))
    return edit


def grown_past(size: int) -> Editor:
    """The file's data rows repeated until it is larger than ``size`` bytes."""
    def edit(path: Path) -> None:
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        body = "\n".join(rows) + "\n"
        copies = size // len(body.encode("utf-8")) + 1
        path.write_text(header + "\n" + body * copies, encoding="utf-8")
    return edit


@dataclass(frozen=True)
class Broken:
    id: str
    table: str
    edit: Editor
    words: tuple[str, ...]  # must all be in the message
    line: int | None = None
    column: str | None = None
    file: str | None = None  # defaults to the table's file


BROKEN = [
    Broken("missing_column", "military_exercises", replace_once("year,partner,exercises,unit", "year,partner,unit"),
           ("column 'exercises' is missing",), line=1, column="exercises"),
    Broken("extra_column", "military_exercises", every_line(",x"), ("'x'", "not in the table's schema"), line=1, column="x"),
    Broken("wrong_type", "trade_shares", replace_once("2019,exports,EU,66.3,", "2019,exports,EU,sixty,"),
           ("“sixty”", "not a valid number"), line=3, column="share"),
    Broken("wrong_type_integer", "military_exercises", replace_once("2019,NATO,13,", "2019,NATO,13.5,"),
           ("“13.5”", "not a valid whole number"), line=2, column="exercises"),
    Broken("share_over_100", "trade_shares", replace_once("2019,imports,EAEU,9.4,", "2019,imports,EAEU,109.4,"),
           ("“109.4”", "maximum", "100"), line=7, column="share"),
    Broken("negative_count", "military_exercises", replace_once("2019,RUS,4,", "2019,RUS,-4,"),
           ("“-4”", "minimum", "0"), line=3, column="exercises"),
    Broken("negative_aid", "pandemic_aid", replace_once(",600,visors,", ",-600,visors,"),
           ("“-600”", "minimum"), line=10, column="value"),
    Broken("unknown_partner", "military_exercises", replace_once("2019,RUS,4,", "2019,RUX,4,"),
           ("“RUX”", "not a known code", "partners.csv"), line=3, column="partner"),
    Broken("unknown_recipient", "pandemic_aid", replace_once(",RUS,ITA,Moscow,14,", ",RUS,ITL,Moscow,14,"),
           ("“ITL”", "not a known code"), line=5, column="recipient"),
    Broken("duplicate_key", "military_exercises", replace_once("2019,RUS,4,", "2019,NATO,4,"),
           ("repeats the key", "year + partner"), line=3),
    Broken("empty_file", "military_exercises", empty, ("is empty",)),
    Broken("header_only", "military_exercises", header_only, ("no data rows",)),
    Broken("utf8_bom", "trade_shares", with_bom, ("byte-order mark",), line=1),
    Broken("latin1_bytes", "partners", latin1, ("not UTF-8", "Latin-1"), line=33),
    Broken("windows1252_bytes", "aid_gestures", windows1252, ("not UTF-8",), line=3),
    Broken("quote_not_in_article", "military_exercises",
           replace_once("conducted 13 military exercises", "conducted 31 military exercises"),
           ("not a verbatim passage",), line=2, column="quote"),
    Broken("missing_file", "military_exercises", drop_file, ("is missing",)),
    Broken("required_empty", "military_donors", replace_once("2008–2018,NOR,3,", "2008–2018,NOR,,"),
           ("required",), line=4, column="rank"),
    Broken("enum_violated", "trade_shares", replace_once("2019,total,EU,62,%,", "2019,total,EU,62,percent,"),
           ("“percent”",), line=2, column="unit"),
    Broken("utf16_with_bom", "trade_shares", utf16("utf-16"), ("UTF-16", "with a byte-order mark", "CSV UTF-8"), line=1),
    Broken("utf16_le_without_bom", "trade_shares", utf16("utf-16-le"), ("UTF-16", "without a byte-order mark"), line=1),
    Broken("utf16_be_without_bom", "partners", utf16("utf-16-be"), ("UTF-16", "without a byte-order mark"), line=1),
    Broken("integer_too_large", "military_exercises", replace_once("2019,NATO,13,", "2019,NATO,99999999999999999999,"),
           ("“99999999999999999999”", "too large for a whole number"), line=2, column="exercises"),
    # one byte of SIPRI's comment changed (2 -> 3 trainers): every cell still valid, only the hash tells
    Broken("hash_mismatch", "sipri_arms_transfers",
           replace_once("Second-hand; incl 2 MiG-29UB", "Second-hand; incl 3 MiG-29UB"),
           ("SHA-256 hash differs", "data/datapackage.json", "Restore the original file", '"hash": "sha256:')),
    # the package default "x-maxBytes": 5000000 applies (gw_gcdf.csv is 139,636 bytes)
    Broken("file_too_big", "aiddata_chinese_finance", grown_past(5_000_000),
           ("MB; the limit for this table is 5 MB", '"x-maxBytes"')),
]


def _depends_on(name: str, broken: str) -> bool:
    refs = [fk["reference"]["resource"] for fk in RESOURCES[name]["schema"].get("foreignKeys", [])]
    return name == broken or any(ref != name and _depends_on(ref, broken) for ref in refs)


@pytest.fixture(params=BROKEN, ids=lambda case: case.id)
def broken(request, tmp_path) -> tuple[Broken, Path]:
    """A fresh copy of data/ with exactly one file broken."""
    case: Broken = request.param
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    case.edit(copy / RESOURCES[case.table]["path"])
    return case, copy


def test_broken_copy_raises_data_error_naming_place_and_problem(broken):
    case, copy = broken
    with pytest.raises(DataError) as caught:
        load_table(case.table, copy)
    error, message = caught.value, str(caught.value)
    expected_file = case.file or f"data/{RESOURCES[case.table]['path']}"
    assert error.file == expected_file and message.startswith(expected_file), message
    assert error.line == case.line, message
    if case.line is not None:
        assert f"line {case.line}" in message
    assert error.column == case.column, message
    if case.column is not None:
        assert f"column '{case.column}'" in message
    for word in case.words:
        assert word in message, (word, message)
    assert error.problem and error.problem in message
    # the same error again (memoised), not a different exception
    with pytest.raises(DataError) as again:
        load_table(case.table, copy)
    assert str(again.value) == message


def test_broken_table_does_not_stop_unrelated_tables(broken, tables):
    case, copy = broken
    unrelated = [name for name in NAMES if not _depends_on(name, case.table)]
    if case.table != "partners":
        assert "partners" in unrelated and "timeline" in unrelated or case.table == "timeline"
    for name in unrelated:
        pd.testing.assert_frame_equal(load_table(name, copy), tables[name], obj=name)
    for name in NAMES:
        if name != case.table and _depends_on(name, case.table):
            with pytest.raises(DataError):  # a table whose codes cannot be checked does not load either
                load_table(name, copy)


def test_trade_shares_broken_military_exercises_still_loads(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    replace_once("2019,exports,EU,66.3,", "2019,exports,EU,166.3,")(copy / "trade_shares.csv")
    with pytest.raises(DataError, match="trade_shares.csv, line 3, column 'share'"):
        load_table("trade_shares", copy)
    exercises = load_table("military_exercises", copy).set_index("partner")["exercises"]
    assert exercises.to_dict() == {"NATO": 13, "RUS": 4}


def test_fixing_a_broken_file_is_picked_up(tmp_path):
    """The memo is keyed by file version: repairing the file makes the table load again."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    target = copy / "military_exercises.csv"
    good = target.read_bytes()
    target.write_bytes(good.replace(b"2019,RUS,4,", b"2019,RUS,-4,"))
    with pytest.raises(DataError, match="minimum"):
        load_table("military_exercises", copy)
    target.write_bytes(good)
    assert load_table("military_exercises", copy)["exercises"].tolist() == [13, 4]


def test_unknown_table_and_missing_package(tmp_path):
    with pytest.raises(DataError, match="no table named 'nope'"):
        load_table("nope", DATA)
    with pytest.raises(DataError, match="is missing") as caught:
        load_table("partners", tmp_path)
    assert "datapackage.json" in caught.value.file


def test_donation_period_is_the_ranking_period():
    """“between 2008 and 2018” is a period, not an event: it is the donor ranking's period."""
    assert "between 2008 and 2018" in seed_text().text
    assert set(load_table("military_donors")["period"]) == {"2008–2018"}


# === broken descriptors: data/datapackage.json itself ==================================

DescriptorEdit = Callable[[dict], object]


def resource_in(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def copy_with_descriptor(tmp_path: Path, edit: DescriptorEdit) -> Path:
    """A copy of data/ whose datapackage.json is the real one changed by ``edit``."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    replaced = edit(descriptor)
    text = json.dumps(descriptor if replaced is None else replaced, ensure_ascii=False)
    (copy / "datapackage.json").write_text(text, encoding="utf-8")
    return copy


def _drop(key: str, name: str | None = None) -> DescriptorEdit:
    """Drop ``key``; dropping a table's "hash" drops its "bytes" too (an edited file is then checked by neither)."""
    def edit(d: dict) -> None:
        entry = d if name is None else resource_in(d, name)
        entry.pop(key)
        if key == "hash":
            entry.pop("bytes", None)
    return edit


def _set(name: str, key: str, value) -> DescriptorEdit:
    return lambda d: resource_in(d, name).__setitem__(key, value)


def _set_field_type(d: dict) -> None:
    resource_in(d, "timeline")["schema"]["fields"][0]["type"] = "datetime"


def _cycle(d: dict) -> None:  # partners -> trade_shares -> partners
    resource_in(d, "partners")["schema"]["foreignKeys"] = [
        {"fields": "code", "reference": {"resource": "trade_shares", "fields": "partner"}}]


def _unknown_reference(d: dict) -> None:
    resource_in(d, "trade_shares")["schema"]["foreignKeys"][0]["reference"]["resource"] = "countries"


# (id, edit, words, the table whose entry is broken: None when the package as a whole is)
BROKEN_DESCRIPTORS = [
    ("empty_list", lambda d: [], ("holds a JSON list, not a data package", '{"name": ..., "resources": [...]}'), None),
    ("no_resources", _drop("resources"), ("no list of tables ('resources')",), None),
    ("empty_resources", lambda d: d.__setitem__("resources", []), ("no list of tables ('resources')",), None),
    ("resource_without_schema", _drop("schema", "trade_shares"),
     ("table 'trade_shares' has no schema with fields", '"schema": {"fields"'), "trade_shares"),
    ("schema_as_a_path", _set("trade_shares", "schema", "trade_shares.schema.json"),
     ("table 'trade_shares' has no schema with fields",), "trade_shares"),
    ("resource_without_path", _drop("path", "trade_shares"), ("table 'trade_shares' has no usable 'path'",),
     "trade_shares"),
    ("path_outside_data", _set("trade_shares", "path", "../README.md"), ("no usable 'path'", "'../README.md'"),
     "trade_shares"),
    ("path_is_a_url", _set("trade_shares", "path", "https://example.org/x.csv"), ("no usable 'path'",), "trade_shares"),
    ("resource_not_an_object", lambda d: d["resources"].insert(2, "x.csv"), ("table number 3", "has no name"), None),
    ("name_breaks_the_standard", _set("trade_shares", "name", "Trade shares"),
     ("does not follow the Data Package standard", "'Trade shares' does not match"), None),
    ("duplicate_name", _set("military_exercises", "name", "trade_shares"),
     ("Data Package standard: names of the resources are not unique",), None),
    ("unsupported_type", _set_field_type, ("table 'timeline' has a column", "datetime", "Types: string, integer"),
     "timeline"),
    ("unknown_reference", _unknown_reference, ("refers to a table 'countries' that is not described",), "trade_shares"),
    ("no_package_sources", _drop("sources"), ("the package's 'sources' must be a non-empty list",), None),
    ("empty_own_licenses", _set("partners", "licenses", []), ("table 'partners', 'licenses' must be a non-empty",),
     "partners"),
    ("limit_not_a_number", lambda d: d.__setitem__("x-maxRows", "many"), ("'x-maxRows': 'many'", "whole number ≥ 1"),
     None),
    ("foreign_profile", lambda d: d.__setitem__("profile", "https://example.org/profile.json"),
     ("profile must be 'tabular-data-package'",), None),
]


def _message_names_the_descriptor(error: DataError, words: tuple[str, ...]) -> str:
    message = str(error)
    assert error.file == "data/datapackage.json" and message.startswith("data/datapackage.json: "), message
    for word in words:
        assert word in message, (word, message)
    return message


@pytest.mark.parametrize("edit, words, table", [case[1:] for case in BROKEN_DESCRIPTORS],
                         ids=[case[0] for case in BROKEN_DESCRIPTORS])
def test_broken_descriptor_raises_data_error_naming_datapackage_json(edit, words, table, tmp_path):
    """A broken package stops every table; a broken table entry stops that table (and the tables
    whose foreign keys need it) with the same message, and the others load."""
    copy = copy_with_descriptor(tmp_path, edit)
    if table is None:
        with pytest.raises(DataError) as caught:
            package(copy)
        message = _message_names_the_descriptor(caught.value, words)
        with pytest.raises(DataError) as again:  # every table says the same, never a KeyError or TypeError
            load_table("partners", copy)
        assert str(again.value) == message
        return
    assert table not in [r["name"] for r in package(copy)["resources"]]
    message = _message_names_the_descriptor(loader.package_problems(copy)[table], words)
    with pytest.raises(DataError) as caught:
        load_table(table, copy)
    assert str(caught.value) == message
    unrelated = "timeline" if table == "partners" else "military_exercises" if table == "timeline" else "partners"
    pd.testing.assert_frame_equal(load_table(unrelated, copy), load_table(unrelated, DATA))


def test_descriptor_that_is_not_json(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    (copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(DataError, match=r"^data/datapackage.json: not valid JSON"):
        load_table("partners", copy)


def test_foreign_key_cycle_is_a_data_error(tmp_path):
    copy = copy_with_descriptor(tmp_path, _cycle)
    with pytest.raises(DataError, match="foreign keys of table '(partners|trade_shares)' form a cycle"):
        load_table("trade_shares", copy)


def test_hash_other_than_sha256_is_refused(tmp_path):
    copy = copy_with_descriptor(tmp_path, _set("sipri_arms_transfers", "hash", "md5:0123"))
    with pytest.raises(DataError) as caught:
        load_table("sipri_arms_transfers", copy)
    assert caught.value.file == "data/datapackage.json"
    assert "table 'sipri_arms_transfers' declares a hash that is not SHA-256: md5:0123" in str(caught.value)


# === values read with the schema =======================================================

def _declare_na(d: dict) -> None:
    resource_in(d, "aid_gestures")["schema"]["missingValues"] = ["", "NA"]


def test_declared_missing_values_are_missing_not_a_crash(tmp_path):
    """A schema that allows NA passes frictionless; the loader must read NA as missing too."""
    copy = copy_with_descriptor(tmp_path, _declare_na)
    # line 2 of aid_gestures.csv: russian_planes_greeted, vucic_in_person false, endnote 16
    replace_once(",false,when the aeroplanes carrying Russian military aid arrived,16,",
                 ",NA,when the aeroplanes carrying Russian military aid arrived,NA,")(copy / "aid_gestures.csv")
    row = load_table("aid_gestures", copy).set_index("gesture_id").loc["russian_planes_greeted"]
    assert pd.isna(row["vucic_in_person"]) and pd.isna(row["endnote"])
    assert row["partner"] == "RUS"
    replace_once(",NA,when the aeroplanes", ",n/a,when the aeroplanes")(copy / "aid_gestures.csv")
    with pytest.raises(DataError) as caught:  # n/a is not declared: a type error, with place
        load_table("aid_gestures", copy)
    assert (caught.value.line, caught.value.column) == (2, "vucic_in_person")
    assert "“n/a” is not a valid true/false value" in str(caught.value)


def _yes_no(d: dict) -> None:
    field = next(f for f in resource_in(d, "aid_gestures")["schema"]["fields"] if f["name"] == "vucic_in_person")
    field.update(trueValues=["yes"], falseValues=["no"])


def test_declared_true_and_false_words_are_read(tmp_path):
    copy = copy_with_descriptor(tmp_path, _yes_no)
    path = copy / "aid_gestures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",true,", ",yes,").replace(",false,", ",no,"),
                    encoding="utf-8")
    gestures = load_table("aid_gestures", copy).set_index("gesture_id")["vucic_in_person"]
    # read in data/aid_gestures.csv: planes greeted by others (false), the flag kissed by Vučić (true)
    assert pd.notna(gestures["russian_planes_greeted"]) and not gestures["russian_planes_greeted"]
    assert gestures["chinese_flag_kissed"]
    assert pd.isna(gestures["brother_xi_billboards"])  # empty stays unknown
    assert gestures.dtype == pd.BooleanDtype()


def test_infinite_number_is_refused_even_without_constraints(tmp_path):
    copy = copy_with_descriptor(tmp_path, _drop("hash", "sipri_arms_transfers"))
    # SIPRI's MiG-29S row (line 305): TIV per unit 11.4
    replace_once("trainer/combat version; aid,11.4,57,57", "trainer/combat version; aid,INF,57,57")(
        copy / "external/sipri_trade_register_balkans.csv")
    with pytest.raises(DataError) as caught:
        load_table("sipri_arms_transfers", copy)
    assert (caught.value.line, caught.value.column) == (305, "SIPRI TIV per unit")
    assert "“INF” is not a valid number (not a finite value)" in str(caught.value)


def test_any_exception_while_loading_becomes_a_data_error(tmp_path, monkeypatch):
    def broken_reader(*args, **kwargs):
        raise RuntimeError("simulated failure\ninside a library")
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setattr(loader.pd, "read_csv", broken_reader)
    with pytest.raises(DataError) as caught:
        load_table("partners", copy)
    assert str(caught.value).startswith("data/partners.csv: the table could not be read "
                                        "(simulated failure inside a library). Check the file against its schema")
    assert caught.value.__context__ is None  # the memoised error keeps no library frames alive


# === size limits (x-maxBytes, x-maxRows) ===============================================

def test_package_limits_are_the_default_and_a_table_overrides_them():
    # typed from data/datapackage.json: package 5,000,000 bytes / 50,000 rows; SIPRI's rows capped at
    # 2,951 = under 10 % of the register's 29,519 records (SIPRI's fair-use terms, SOURCE.md)
    assert loader.resource_limits("trade_shares", DATA) == (5_000_000, 50_000)
    assert loader.resource_limits("sipri_arms_transfers", DATA) == (5_000_000, 2_951)


def test_row_limit_is_enforced_before_parsing(tmp_path):
    copy = copy_with_descriptor(tmp_path, _set("military_donors", "x-maxRows", 3))
    with pytest.raises(DataError) as caught:
        load_table("military_donors", copy)
    assert str(caught.value).startswith("data/military_donors.csv: the file has more than 3 data rows, "
                                        "the limit for this table")
    assert '"x-maxRows"' in str(caught.value)


def test_byte_limit_names_both_sizes(tmp_path):
    copy = copy_with_descriptor(tmp_path, _set("military_exercises", "x-maxBytes", 100))
    size = (DATA / "military_exercises.csv").stat().st_size
    with pytest.raises(DataError) as caught:
        load_table("military_exercises", copy)
    assert str(caught.value).startswith(f"data/military_exercises.csv: the file is {size:,} bytes; "
                                        "the limit for this table is 100 bytes")


# === sources, licences, hashes =========================================================

ARTICLE_URL = "https://www.lse.ac.uk/ideas/publications/old-updates/from-russia-with-love"


def test_article_tables_take_the_package_sources_and_licences():
    assert "sources" not in RESOURCES["trade_shares"] and "licenses" not in RESOURCES["trade_shares"]
    (source,) = resource_sources("trade_shares", DATA)
    assert source["author"] == "Vuk Vuksanovic" and source["path"] == ARTICLE_URL
    (licence,) = resource_licenses("trade_shares", DATA)
    assert licence["name"] == "quotation"
    assert resource_sources("partners", DATA) == [{"title": "Compiled for this dashboard"}]
    assert resource_licenses("partners", DATA)[0]["name"] == "CC-BY-4.0"


# typed from `sha256sum` of /work/shared/external/<set>/<file> and the dates in each SOURCE.md
# (AidData: HEAD 3c1f895 "(2025-09-24)") or, where SOURCE.md gives none, the commit date of the
# HEAD it names (SIPRI b34bde3: 2025-03-13; factbook.json 8662a8b: 2026-05-17)
EXTERNAL_FILES = {
    "sipri_arms_transfers": ("af35637103ef6b0cdd1c8767b02c1fb775b4c62715f8fd733ea1762f1bef0962", "2025-03-13",
                             "SIPRI-terms"),
    "aiddata_chinese_finance": ("45ea82a2209f95ee89101498d787c421368859258feb48d0e053be4b9e7e21a1", "2025-09-24",
                                "ODC-By-1.0"),
    "factbook_trade_partners": ("594fad903e77166c8dfd73f13fc5e152d2dc468d73eb9e99bc63b50b40c1f491", "2026-05-17",
                                "public-domain"),
    # derived in this project by scripts/build_external_*.py from the originals; `sha256sum` of the
    # committed CSV; access dates: UNGA copied 2026-11-25 (SOURCE.md gives none), the others per SOURCE.md
    "unga_voting_agreement": ("a96d3e1442e79ce5acdb5f7c70d4eeb656e9acf1fca80efbccf1c0b5dc6579f5", "2026-11-25",
                              "CC0-1.0"),
    "imf_dots_serbia_trade": ("a9ec190676ea2963913f8f8a2796ae3c1665260fe1e8e616b1ed63c0774800aa", "2022-02-02",
                              "IMF-terms", "MIT"),
    "imf_dots_serbia_gaps": ("7e26bf91d74af955f259c30732923f0b6766e0ab24564b12f479c1aa15b9a4fe", "2022-02-02",
                             "IMF-terms", "MIT"),
    # derived here by `python -m scripts.refresh imf-dots` from the same DOTS_170_Serbia.xlsx (sha256sum of the CSV)
    "imf_dots_serbia_eu_with_uk": ("be2696aff124d18481457dec5c194fb58838ac191515791d371d5796bf30da94", "2022-02-02",
                                   "IMF-terms", "MIT"),
    "imf_dots_region_trade": ("1eee04dfa26907b52145c78f7f8ab69ebcff62a30ac62b065ea5e3bbb9371519", "2022-02-02",
                              "IMF-terms", "MIT"),
    "eurostat_eu27_exports_to_serbia": ("617c57405214f299fa05f6d9744732d169fa37bf37a0bdb9baa97bbd38ce4a05",
                                        "2024-11-25", "CC-BY-4.0", "Apache-2.0"),
    "eurostat_serbia_gas_imports": ("3009a69744285416c74419c811eb0abf135d749e4d80aa9f82f01308ac5514fa", "2022-04-05",
                                    "CC-BY-4.0", "CC0-1.0"),
    # copied 2026-11-25 (the SOURCE.md files give no access date)
    "nato_eu_milestones": ("5d1be59dd2fecc6415351c004da9b30c9560637e73411a67dadf4507ef965dfe", "2026-11-25",
                           "facts-cited"),
    "eu_accession_dates": ("5441885485d58e0781cfeb76623fb49726ffa215cc7cf02a220ca4c60c51360f", "2026-11-25", "MIT"),
}


@pytest.mark.parametrize("name", EXTERNAL)
def test_external_table_has_its_hash_access_date_and_licence(name):
    digest, accessed, *licences = EXTERNAL_FILES[name]
    assert RESOURCES[name]["hash"] == f"sha256:{digest}"
    assert {s["accessed"] for s in resource_sources(name, DATA)} == {accessed}
    assert [lic["name"] for lic in resource_licenses(name, DATA)] == licences


def test_frictionless_checks_the_hash_too(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    replace_once("Second-hand; incl 2 MiG-29UB", "Second-hand; incl 3 MiG-29UB")(
        copy / "external/sipri_trade_register_balkans.csv")
    report = Package(str(copy / "datapackage.json")).validate()
    types = {(task.name, error.type) for task in report.tasks for error in task.errors}
    # the edit rewrites the file with "\n" line ends, so its size ("bytes") differs as well
    assert types == {("sipri_arms_transfers", "hash-count"), ("sipri_arms_transfers", "byte-count")}


def test_provenance_lines_work_for_tables_without_own_sources():
    lines = provenance.licence_lines(package())
    assert lines[0] == "Compiled for this dashboard — Creative Commons Attribution 4.0"
    assert lines[1] == ("Compiled for this dashboard from EUMS (EU accession dates), NATO (member countries), the "
                        "Eurasian Economic Commission and the CSTO — Creative Commons Attribution 4.0")  # memberships
    assert lines[2].startswith("Vuk Vuksanovic, “From Russia With Love?")
    assert lines[2].endswith("— Figures and short verbatim quotations from the article, © the author and LSE "
                             "IDEAS, reproduced for analysis and review with attribution; cite the original")
    # partners, memberships, the article, SIPRI, AidData, Factbook, UNGA, IMF DOTS, Eurostat exports,
    # Eurostat gas, NATO/EU milestones, EU accession dates
    assert len(lines) == 12
    assert provenance.external_source_line(RESOURCES["trade_shares"], package()).startswith("Source: Vuk Vuksanovic")
    assert provenance.external_source_line(RESOURCES["sipri_arms_transfers"], package()) == (
        "Source: Information from the SIPRI Arms Transfers Database, https://www.sipri.org/databases/armstransfers. "
        "Licence: © SIPRI. Free to cite with the credit line; non-commercial use; extract under 10 % of the "
        "database (this one: 1.68 %); calculations here are not SIPRI's. Accessed 2025-03-13.")


# === one memoised version per table ====================================================

def test_cache_keeps_one_entry_per_table_across_file_versions(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "military_exercises.csv"
    good = path.read_text(encoding="utf-8")
    for count in (5, 6, 7, -1):  # three new versions and a broken one (an error is memoised too)
        path.write_text(good.replace("2019,RUS,4,", f"2019,RUS,{count},"), encoding="utf-8")
        try:
            load_table("military_exercises", copy)
        except DataError:
            assert count == -1
    # military_exercises and partners (its foreign key): one entry each, however many versions
    assert loader.cached_tables(copy) == 2
    path.write_text(good, encoding="utf-8")
    assert load_table("military_exercises", copy)["exercises"].tolist() == [13, 4]
    assert loader.cached_tables(copy) == 2


def test_each_file_is_read_once(tmp_path, monkeypatch):
    """One read of a table's file (Frictionless validates the bytes the loader read) and of the
    table its foreign keys refer to (given to Frictionless as the rows already loaded)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    opened: list[str] = []
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    load_table("pandemic_aid", copy)  # foreign keys partner and recipient -> partners.csv
    assert sorted(Path(path).name for path in opened if path.endswith(".csv")) == ["pandemic_aid.csv", "partners.csv"]
