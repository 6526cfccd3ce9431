"""The audit of the article's data (endnotes, dates as written, derived years), checked against
the raw seed with helpers written here, independently of components/seed_text.py.

* (a) every row's endnote is a marker its quoted sentence carries in the raw seed, and empty
  where the sentence carries none;
* (b) every date_as_written is a verbatim part of its own quote;
* (c) a year the article does not write is flagged derived, and 2020 year-precision events on
  2020-01-01 follow the placement rule documented in datapackage.json;
* (d) hand-typed golden values for each row the audit fixed (read from seeds/000_906fed83d2838f2b.txt,
  line numbers given with each).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

DATA = ROOT / "data"
RAW = (ROOT / "seeds" / "000_906fed83d2838f2b.txt").read_text(encoding="utf-8")
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
ARTICLE = {r["name"]: r for r in DESCRIPTOR["resources"]
           if not r["path"].startswith("external/") and "quote" in [f["name"] for f in r["schema"]["fields"]]}


# === an independent reader of the raw seed ==============================================

def fold(raw: str) -> str:
    """Running text: a line-final hyphen joins its word ("Serbo-\\nRussian"), other breaks are spaces."""
    return re.sub(r"\s+", " ", re.sub(r"-[ \t]*\n\s*", "-", raw)).strip()


FOLDED = fold(RAW)
# A sentence ends at . ? or !, perhaps after closing quotes and an endnote marker ("Dačić.57"),
# before a space and a capital, an opening quote or a parenthesis.
SENTENCE_END = re.compile(r"[.?!][”’\")]*\d{0,2}(?= [A-Z“(\"‘])")
ENDS = [m.end() for m in SENTENCE_END.finditer(FOLDED)]
# Outside the quote, a marker is 1-2 digits glued to a letter, to closing punctuation or to a year
# ("201922"), not followed by another digit or a per cent sign ("66.3%").
MARKER = re.compile(r"(?:(?<=[^\W\d_])|(?<=[.,:;”’\")])|(?<=\b(?:19|20)\d\d))(\d{1,2})(?![\d%])")


def quote_pattern(quote: str) -> re.Pattern[str]:
    """The quote as it stands in the raw text: any character may be followed by a marker.

    The marker group refuses to be followed by a digit, so it never eats the digits of "3,000"
    or "2019"; the quote's own characters fix where each marker stands.
    """
    return re.compile("".join(" " if ch == " " else re.escape(ch) + r"(\d{1,2}(?!\d))?" for ch in quote))


def markers(quote: str) -> tuple[list[int], list[int]]:
    """(markers inside the quote, markers elsewhere in the sentence(s) the quote stands in)."""
    quote = re.sub(r"\s+", " ", quote).strip()
    found = list(quote_pattern(quote).finditer(FOLDED))
    assert len(found) == 1, f"quote found {len(found)} times in the raw seed: {quote[:70]}"
    match = found[0]
    inside = [int(g) for g in match.groups() if g]
    begin = max([end for end in ENDS if end <= match.start()], default=0)
    stop = min([end for end in ENDS if end >= match.end()], default=len(FOLDED))
    rest = FOLDED[begin:match.start()] + " " + FOLDED[match.end():stop]
    return inside, [int(n) for n in MARKER.findall(rest)]


def carried(quote: str) -> list[int]:
    """The markers a row may cite: those inside its quote, else those of its sentence."""
    inside, around = markers(quote)
    return inside or around


def rows(name: str) -> list[dict[str, str]]:
    """The table's cells as written (empty cells stay "")."""
    path = next(r["path"] for r in DESCRIPTOR["resources"] if r["name"] == name)
    with open(DATA / path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def article_rows(column: str) -> list[tuple[str, int, dict[str, str]]]:
    return [(name, line, row) for name in ARTICLE for line, row in enumerate(rows(name), start=2) if column in row]


def row_id(case) -> str:
    name, line, _ = case
    return f"{name}:{line}"


# === the helper itself, on sentences read in seeds/ =====================================

@pytest.mark.parametrize("quote, inside, around", [
    # seeds lines 108-112: "In 201922 Serbia’s trade with the EU composed 62% ..."
    ("In 2019 Serbia’s trade with the EU composed 62% of Serbia’s total trade, with exports accounting "
     "for 66.3% and imports accounting for 58.2%.", [22], []),
    # seeds lines 112-116: the EAEU sentence has no marker
    ("By comparison, Serbia’s trade with Russia and the Russia-led Eurasian Economic Union (EAEU) accounts "
     "for just 8% of Serbia’s total trade, with exports totalling 5.4% and imports 9.4%.", [], []),
    # seeds lines 147-151: "According to this data, the US was the largest military donor ..." (no marker)
    ("Russia was placed at a humble number nine.", [], []),
    # seeds lines 245-251: "In the words of Milovan Drecun45, who chairs ...: “We need Russia ..."
    ("“We need Russia to strengthen us with the Americans because when Russia puts its weight behind us, "
     "the Americans know that no solution can pass without its consent.”", [], [45]),
    # seeds lines 54-60: one sentence, two markers (13 and 14), each in its own clause
    ("in another interview he reported that the Russian military specialists disinfected 160 facilities "
     "in 35 Serbian cities.", [14], [13]),
    # seeds lines 349-354: a marker after the sentence's full stop ("Dačić.57")
    ("To be sure, there are those surrounding Vučić whose friendliness towards and preference for Russia "
     "are without question—such as the former president, Tomislav Nikolić, and the current foreign "
     "minister, Ivica Dačić.", [56, 57], []),
])
def test_marker_reader_on_hand_read_sentences(quote, inside, around):
    assert markers(quote) == (inside, around)


def test_marker_reader_rejects_a_quote_not_in_the_seed():
    with pytest.raises(AssertionError, match="found 0 times"):
        markers("Serbia conducted 31 military exercises with NATO.")


# === (a) endnotes =======================================================================

@pytest.mark.parametrize("case", article_rows("endnote"), ids=row_id)
def test_endnote_is_a_marker_its_sentence_carries(case):
    name, line, row = case
    expected = carried(row["quote"])
    if not expected:
        assert row["endnote"] == "", f"{name} line {line}: the sentence carries no marker, endnote must be empty"
    else:
        assert row["endnote"] != "", f"{name} line {line}: the sentence carries {expected}"
        assert int(row["endnote"]) in expected, f"{name} line {line}: endnote {row['endnote']} not in {expected}"


# === (b) dates as written ================================================================

@pytest.mark.parametrize("case", [c for c in article_rows("date_as_written") if c[2]["date_as_written"]], ids=row_id)
def test_date_as_written_is_verbatim_in_its_quote(case):
    name, line, row = case
    assert row["date_as_written"] in row["quote"], f"{name} line {line}"


# === (c) derived years and year-precision dates =========================================

def test_a_date_not_derived_has_its_year_written_in_the_quote():
    for row in rows("timeline"):
        year = row["date"][:4]
        if row["date_derived"] == "false":
            assert year in row["quote"], f"{row['event_id']}: {year} is not written in the quote; date_derived must be true"
        else:
            assert row["date_derivation"], row["event_id"]


@pytest.mark.parametrize("name", ["pandemic_aid", "soft_power"])
def test_a_year_not_written_in_the_quote_is_flagged_derived(name):
    for line, row in enumerate(rows(name), start=2):
        written = row["year"] in row["quote"]
        assert row["year_derived"] == ("false" if written else "true"), f"{name} line {line}"
        assert bool(row["year_derivation"]) == (not written), f"{name} line {line}"


def test_no_event_is_dated_after_the_article():
    # the article (June 2020) reports every event as past: no period may start after June 2020
    assert all(row["date"] <= "2020-06-01" for row in rows("timeline"))


def test_year_precision_2020_events_follow_the_documented_rule():
    fields = {f["name"]: f for f in ARTICLE["timeline"]["schema"]["fields"]}
    rule = fields["date"]["description"]
    for words in ("names the period, not a day", "2020, month not given", "not on 1 January",
                  "1 April 2020", "before (left of) a June 2020 publication marker"):
        assert words in rule, words
    on_new_year = [r for r in rows("timeline") if r["date"] == "2020-01-01"]
    assert {r["event_id"] for r in on_new_year} == {
        "north_macedonia_joins_nato", "mask_diplomacy", "russian_aid_to_italy", "nis_centre_donation",
        "chinese_aid_greeted"}
    for row in on_new_year:
        assert row["date_precision"] == "year", row["event_id"]
        if row["date_derived"] == "true":
            assert row["date_derivation"].startswith("2020, month not given"), row["event_id"]
        else:
            assert row["date_as_written"] == "in 2020", row["event_id"]


# === (d) golden values for the rows the audit fixed =====================================

def one(name: str, **key) -> dict[str, str]:
    found = [r for r in rows(name) if all(r[k] == v for k, v in key.items())]
    assert len(found) == 1, (name, key, len(found))
    return found[0]


@pytest.mark.parametrize("name, key, endnote", [
    # seeds 108-116: 22 stands on "In 2019" (EU sentence), none on the EAEU sentence
    ("trade_shares", {"flow": "total", "partner": "EU"}, "22"),
    ("trade_shares", {"flow": "total", "partner": "EAEU"}, ""),
    ("trade_shares", {"flow": "exports", "partner": "EAEU"}, ""),
    ("trade_shares", {"flow": "imports", "partner": "EAEU"}, ""),
    ("trade_shares", {"flow": "total", "partner": "ROW"}, "22"),  # its quote holds both sentences
    # seeds 144-151: 29 stands on "In August 2019"; the ranking sentences carry none
    ("military_donors", {"partner": "USA"}, ""),
    ("military_donors", {"partner": "GBR"}, ""),
    ("military_donors", {"partner": "RUS"}, ""),
    ("timeline", {"event_id": "mod_donations_overview"}, "29"),
    # seeds 151-159: "deny its document30" and "Serbian observers31"
    ("findings", {"finding_id": "mod_denial_russia_biggest"}, "30"),
    ("findings", {"finding_id": "mod_denial_called_marketing"}, "31"),
    ("timeline", {"event_id": "mod_denial"}, "30"),
    # seeds 245: "Milovan Drecun45" in the same sentence as the quoted words
    ("findings", {"finding_id": "drecun_need_russia"}, "45"),
    # seeds 179-182: "Montenegro34 joined NATO in 2017 and North Macedonia35 in 2020"
    ("timeline", {"event_id": "montenegro_joins_nato"}, "34"),
    ("timeline", {"event_id": "north_macedonia_joins_nato"}, "35"),
    # seeds 199-203: "Russian popularity38 ... the most popular foreign leader39"
    ("soft_power", {"partner": "RUS", "indicator": "foreign_leader_popularity_rank"}, "39"),
    ("findings", {"finding_id": "russian_popularity_high"}, "38"),
])
def test_golden_endnotes(name, key, endnote):
    assert one(name, **key)["endnote"] == endnote


@pytest.mark.parametrize("name, key, written", [
    ("timeline", {"event_id": "mask_diplomacy"}, ""),  # seeds 5: "This happened as ..." gives no date
    ("timeline", {"event_id": "chinese_aid_greeted"}, "In recent weeks"),  # seeds 78
    ("timeline", {"event_id": "russian_aid_planes"}, "the beginning of April"),  # seeds 28
    ("pandemic_aid", {"indicator": "medical_equipment_units"}, ""),  # seeds 33-36: no date in the sentence
    ("pandemic_aid", {"indicator": "army_medics"}, ""),
    ("pandemic_aid", {"indicator": "military_planes", "recipient": "SRB"}, "beginning of April"),
])
def test_golden_dates_as_written(name, key, written):
    assert one(name, **key)["date_as_written"] == written


@pytest.mark.parametrize("event_id, date, precision", [
    # seeds 28 "In the beginning of April", 46 "in mid-May": month given, year not
    ("russian_aid_planes", "2020-04-01", "month"),
    ("vucic_putin_phone", "2020-05-01", "month"),
])
def test_golden_month_events_with_derived_year(event_id, date, precision):
    row = one("timeline", event_id=event_id)
    assert (row["date"], row["date_precision"], row["date_derived"]) == (date, precision, "true")
    assert "not the year" in row["date_derivation"]


def test_golden_derived_years():
    # no sentence of the aid section (seeds 27-88) writes 2020; seeds 199-202 say "remains"
    assert {r["year_derived"] for r in rows("pandemic_aid")} == {"true"}
    assert {r["year"] for r in rows("pandemic_aid")} == {"2020"}
    crowd = one("soft_power", indicator="crowd_at_putin_visit")
    assert (crowd["year"], crowd["year_derived"], crowd["year_derivation"]) == ("2019", "false", "")
    rank = one("soft_power", indicator="foreign_leader_popularity_rank", partner="CHN")
    assert (rank["year"], rank["year_derived"]) == ("2020", "true")


def test_golden_putin_visit_says_only_what_its_quote_supports():
    event = one("timeline", event_id="putin_visits_belgrade")["event"]
    assert event == "Putin visits Belgrade; 120,000 people greet him at the Orthodox Church of Saint Sava"
    assert "protest" not in event


def test_golden_disinformation_finding_is_about_russia_and_china():
    # seeds 82-88: "Although Russia, like China, has sought to ... further its agenda during this pandemic"
    found = [r for r in rows("findings") if "disinformation reports" in r["quote"]]
    assert sorted((r["partner"], r["dimension"], r["endnote"]) for r in found) == [
        ("CHN", "pandemic", "20"), ("RUS", "pandemic", "20")]
    assert {r["finding_id"] for r in found} == {"russia_china_pandemic_agenda"}


def test_golden_drecun_quote_names_the_speaker():
    quote = one("findings", finding_id="drecun_need_russia")["quote"]
    assert quote.startswith("In the words of Milovan Drecun, who chairs")
    assert quote.endswith("without its consent.”")


def test_golden_kosovo_is_a_territory():
    partners = {r["code"]: r for r in rows("partners")}
    assert partners["XKX"]["kind"] == "territory"
    assert partners["SRB"]["kind"] == "country"
    fields = next(r for r in DESCRIPTOR["resources"] if r["name"] == "partners")["schema"]["fields"]
    assert "territory" in next(f for f in fields if f["name"] == "kind")["constraints"]["enum"]


def test_kosovo_selection_still_resolves_to_itself():
    # a territory is not a bloc: selecting it brings no members (components/filters.py)
    from components.data import load_table
    from components.state import describe, view_state

    partners = load_table("partners", DATA)
    state = view_state(["XKX"], partners)
    assert state.selection == frozenset({"XKX"}) and state.brought_in == ()
    assert describe(state, {"XKX": "Kosovo"}) == "Partners: Kosovo · Data as of: Latest data"
