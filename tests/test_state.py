"""Tests for components/state.py: what a choice of partners brings in, the as-of date, the
caption line that names the view, and which figures the article could have known.

Expected codes are typed by hand from data/partners.csv (columns code, kind, camp, member_of);
the one derived set (EU members, West camp) is read here from the CSV with plain pandas, not
through the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from components.state import PRESETS, ViewState, describe, view_state

ROOT = Path(__file__).resolve().parent.parent


PARTNERS = pd.read_csv(ROOT / "data" / "partners.csv", dtype="string")
NAMES = dict(zip(PARTNERS["code"], PARTNERS["name"]))  # what app.py passes to describe()


def codes_where(column: str, predicate) -> set[str]:
    return {code for code, cell in zip(PARTNERS["code"], PARTNERS[column].fillna("")) if predicate(cell)}


# --- view_state: what a choice brings in ------------------------------------------------

def test_no_choice_is_no_filter():
    state = view_state([], PARTNERS)
    assert state == ViewState()
    assert state.selection is None and not state.filtered
    assert state.shows("RUS") and state.shows("NOPE")  # everything is highlighted


def test_germany_brings_in_the_eu_and_nato():
    # partners.csv: DEU,Germany,...,member_of "EU;NATO"
    state = view_state(["DEU"], PARTNERS)
    assert state.chosen == ("DEU",)
    assert state.brought_in == ("EU", "NATO")  # in partners.csv order
    assert state.selection == {"DEU", "EU", "NATO"}
    assert state.shows("NATO") and not state.shows("FRA")


def test_germany_without_blocs_brings_in_nothing():
    state = view_state(["DEU"], PARTNERS, include_blocs=False)
    assert state.brought_in == ()
    assert state.selection == {"DEU"}
    assert not state.include_blocs


def test_russia_brings_in_eaeu_and_csto():
    # partners.csv: RUS member_of "EAEU;CSTO"
    assert view_state(["RUS"], PARTNERS).selection == {"RUS", "EAEU", "CSTO"}


def test_china_belongs_to_no_bloc():
    state = view_state(["CHN"], PARTNERS)
    assert state.selection == {"CHN"} and state.brought_in == ()


def test_eu_brings_in_its_members():
    members = codes_where("member_of", lambda cell: "EU" in cell.split(";"))
    # typed from partners.csv: the 13 rows whose member_of lists EU
    assert members == {"DNK", "FRA", "DEU", "ITA", "HUN", "POL", "ROU", "BGR", "SVN", "CYP", "BEL", "ESP", "HRV"}
    state = view_state(["EU"], PARTNERS)
    assert state.selection == {"EU"} | members
    assert "GBR" not in state.selection  # left the EU on 2020-01-31: member_of is NATO only
    assert "NATO" not in state.selection  # a bloc brings in its members, not their other blocs


def test_a_bloc_brings_in_its_members_even_without_blocs():
    """The toggle is about a country's blocs; a chosen bloc still means its members."""
    # memberships.csv: the CSTO's six members (Charter of 7 October 2002)
    assert view_state(["CSTO"], PARTNERS, include_blocs=False).selection == {"CSTO", "RUS", "BLR", "KAZ", "ARM", "KGZ",
                                                                             "TJK"}


def test_nato_brings_in_turkey_but_not_cyprus():
    selection = view_state(["NATO"], PARTNERS).selection
    assert {"USA", "GBR", "TUR", "MKD", "MNE", "CAN"} <= selection
    assert "CYP" not in selection and "EU" not in selection


def test_west_is_every_partner_of_the_west_camp():
    west_camp = codes_where("camp", lambda camp: camp == "West")
    assert len(west_camp) == 23  # 22 West rows + WEST itself, counted in partners.csv
    state = view_state(["WEST"], PARTNERS)
    assert state.selection == west_camp
    assert "TUR" not in state.selection  # NATO member, camp Other
    assert state.brought_in[:3] == ("USA", "EU", "NATO") and len(state.brought_in) == 22


def test_the_west_preset_is_the_west_code():
    assert view_state(PRESETS["West"], PARTNERS).selection == codes_where("camp", lambda c: c == "West")


def test_russia_preset_covers_the_russian_camp():
    state = view_state(PRESETS["Russia and allies"], PARTNERS)
    assert state.selection == codes_where("camp", lambda c: c == "Russia")
    assert state.selection == {"RUS", "BLR", "KAZ", "ARM", "KGZ", "TJK", "EAEU", "CSTO"}


def test_all_preset_is_no_filter():
    assert not view_state(PRESETS["All"], PARTNERS).filtered


def test_choices_are_deduplicated_in_order():
    state = view_state(["CHN", "RUS", "CHN"], PARTNERS)
    assert state.chosen == ("CHN", "RUS")
    assert state.brought_in == ("EAEU", "CSTO")


def test_a_chosen_code_is_not_also_brought_in():
    state = view_state(["DEU", "EU"], PARTNERS)
    assert "EU" not in state.brought_in and "DEU" not in state.brought_in


@pytest.mark.parametrize("asof", ["2021-01", "", "LATEST", "<script>", None])
def test_unknown_asof_falls_back_to_latest(asof):
    state = view_state(["RUS"], PARTNERS, asof=asof)
    assert state.asof == "latest" and not state.article_time


def test_article_asof_is_kept_with_or_without_a_filter():
    assert view_state([], PARTNERS, asof="2020-06").article_time
    assert view_state(["CHN"], PARTNERS, asof="2020-06").asof == "2020-06"


def test_states_are_hashable_and_equal_by_value():
    """Views are memoised by state: two equal choices must hit the same cache entry."""
    one, two = view_state(["DEU"], PARTNERS), view_state(["DEU"], PARTNERS)
    assert one == two and hash(one) == hash(two)
    assert one != view_state(["DEU"], PARTNERS, include_blocs=False)


# --- describe(): the caption under every page title -------------------------------------

def test_describe_no_filter():
    assert describe(ViewState(), NAMES) == "Partners: all partners · Data as of: Latest data"


def test_describe_germany():
    assert describe(view_state(["DEU"], PARTNERS), NAMES) == (
        "Partners: Germany (+ European Union, NATO brought in) · Data as of: Latest data")


def test_describe_germany_without_blocs():
    assert describe(view_state(["DEU"], PARTNERS, include_blocs=False), NAMES) == (
        "Partners: Germany · Data as of: Latest data")


def test_describe_china_as_of_the_article():
    assert describe(view_state(["CHN"], PARTNERS, asof="2020-06"), NAMES) == (
        "Partners: China · Data as of: June 2020 (the article)")


def test_describe_russia_and_china():
    assert describe(view_state(["RUS", "CHN"], PARTNERS), NAMES) == (
        "Partners: Russia, China (+ Eurasian Economic Union, Collective Security Treaty Organization brought in)"
        " · Data as of: Latest data")


def test_describe_shortens_long_lists():
    assert describe(view_state(["WEST"], PARTNERS), NAMES) == (
        "Partners: The West (in general) (+ United States, European Union, NATO, United Kingdom, Norway, "
        "Denmark and 16 more brought in) · Data as of: Latest data")
    chosen = ["RUS", "CHN", "USA", "GBR", "NOR", "ISR", "UKR", "BIH"]
    assert describe(view_state(chosen, PARTNERS, include_blocs=False), NAMES) == (
        "Partners: Russia, China, United States, United Kingdom, Norway, Israel and 2 more"
        " · Data as of: Latest data")


def test_describe_falls_back_to_the_code():
    assert describe(view_state(["CHN"], PARTNERS), {}) == "Partners: CHN · Data as of: Latest data"
