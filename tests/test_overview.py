"""Tests for the Overview: components/scorecard.py, components/views/overview.py, app_pages/overview.py.

Expected cells were listed by hand from reading the seed (seeds/000_906fed83d2838f2b.txt): the
article gives no trade figure or statement for China, says nothing about Russian money (it names
the EU as the biggest donor, lender and investor, endnote 24, and China's investment and loans,
endnote 67), and describes no Western pandemic aid (endnote 20 is the EU's reports on Russian
and Chinese disinformation).
"""

from __future__ import annotations

import pandas as pd
import pytest

from components import data, scorecard
from components.state import ASOF_ARTICLE, ViewState, view_state
from components.views import overview

# The newest UN session with a Serbian row (COW 345), read from the file: session N opens in September of 1945 + N.
UNGA = pd.read_csv("data/external/unga_agreement_balkans.csv")
LATEST_SESSION = int(UNGA.loc[UNGA["ccode"] == 345, "session"].max())
LATEST_SESSION_LABEL = f"session {LATEST_SESSION} \\({1945 + LATEST_SESSION}–{(1946 + LATEST_SESSION) % 100:02d}\\)"
NOT_COVERED_BY_HAND = {("Trade", "China"), ("Money", "Russia"), ("Pandemic aid", "West")}


@pytest.fixture(scope="module")
def partners() -> pd.DataFrame:
    return data.load_table("partners")


def _states(cells: pd.DataFrame) -> dict[tuple[str, str], str]:
    return {(r.dimension, r.camp): r.state for r in cells.itertuples()}


def test_without_filter_only_the_cells_the_article_lacks_say_not_covered():
    cells = overview.build.uncached(ViewState()).scorecard_cells
    states = _states(cells)
    assert len(states) == 18
    assert {key for key, value in states.items() if value == scorecard.NOT_COVERED} == NOT_COVERED_BY_HAND
    assert scorecard.FILTERED_OUT not in states.values()
    text = {(r.dimension, r.camp): r.text for r in cells.itertuples()}
    assert "62% of Serbia's total trade (2019)" in text[("Trade", "West")]
    assert "8% of Serbia's total trade (2019)" in text[("Trade", "Russia")]
    assert "just" not in text[("Trade", "Russia")]  # the hedge stays in the quote, not in the label
    assert "Direct investment: USD 4 billion" in text[("Money", "China")]
    assert "Loans and infrastructure projects: over USD 5 billion" in text[("Money", "China")]


def test_china_filter_marks_west_and_russia_filtered_out_not_uncovered(partners):
    cells = overview.build.uncached(view_state(["CHN"], partners)).scorecard_cells
    states = _states(cells)
    for dimension in scorecard.DIMENSIONS.values():
        assert states[(dimension, "West")] == scorecard.FILTERED_OUT
        assert states[(dimension, "Russia")] == scorecard.FILTERED_OUT
    assert states[("Trade", "China")] == scorecard.NOT_COVERED
    assert states[("Money", "China")] == scorecard.COVERED


def test_partly_chosen_camp_names_the_partners_the_evidence_is_about(partners):
    cells = overview.build.uncached(view_state(["USA"], partners, include_blocs=False)).scorecard_cells
    trade_west = cells[(cells["dimension"] == "Trade") & (cells["camp"] == "West")].iloc[0]
    assert trade_west["state"] == scorecard.FILTERED_OUT
    assert trade_west["text"] == "Filtered out: the article's evidence here is about EU"
    security_west = cells[(cells["dimension"] == "Security") & (cells["camp"] == "West")].iloc[0]
    assert security_west["text"] == "US: no. 1 military donor 2008–2018"  # data/military_donors.csv, rank 1


def test_endnotes_come_from_the_rows_not_a_constant():
    cells = overview.build.uncached(ViewState()).scorecard_cells.set_index(["dimension", "camp"])
    assert "22" in cells.loc[("Trade", "West"), "endnotes"].split(", ")  # EU 62%: endnote 22
    assert "27" in cells.loc[("Security", "Russia"), "endnotes"].split(", ")  # four exercises: endnote 27
    assert cells.loc[("Money", "China"), "endnotes"] == "67"  # USD 4 bn investment, USD 5 bn loans: endnote 67
    shares = data.load_table("trade_shares").query("partner == 'EAEU' and flow == 'total'")
    assert scorecard.endnote_text(shares) == "main text, no endnote"  # "just 8%" carries no endnote in the seed


def test_comparison_has_all_three_camps_and_a_computed_title(partners):
    view = overview.build.uncached(ViewState())
    rows = view.comparison.rows
    for _, part in rows.groupby("metric"):
        assert set(part["camp"]) == {"West", "Russia", "China"}
    # IMF DOTS 2019 (tests/test_did_it_hold.py), SIPRI 2021-2024, UNGA session 78 (hand-read there)
    assert view.comparison.title == ("The EU has the largest share of Serbia's total trade (61.4%, 2019); China "
                                     "delivered the largest share of arms (66.3%, 2021–2024, rests on one order); "
                                     "Serbia voted most often with China at the UN (57.3%, session 78 (2023–24))")
    then = overview.build.uncached(ViewState(asof=ASOF_ARTICLE)).comparison.title
    # As of June 2020 the last complete UN session is 73 (2018–19; 74 ran to September 2020): unga_agreement_balkans.csv
    # "345,73": Russia 0.673913, China 0.6333333, US 0.2173913
    assert then == ("The EU has the largest share of Serbia's total trade (61.4%, 2019); Russia and allies delivered "
                    "the largest share of arms (78.2%, 2010–2019); Serbia voted most often with Russia at the UN "
                    "(67.4%, session 73 (2018–19))")
    china = overview.build.uncached(view_state(["CHN"], partners)).comparison
    assert china.title == view.comparison.title
    assert set(china.rows.loc[~china.rows["highlighted"], "camp"]) == {"West", "Russia"}


def test_headlines_are_plain_labels_per_camp():
    headlines = overview.build.uncached(ViewState()).headlines
    assert {h.camp for h in headlines} == {"West", "Russia", "China"}
    values = [h.value for h in headlines]
    assert not any(word in value for value in values for word in ("just", "slightly", "+", ">"))
    by_label = {(h.camp, h.label): h for h in headlines}
    assert by_label[("China", "Trade share, 2019")].value == "6.2%"
    assert by_label[("Russia", "UN agreement, session 78 (2023–24)")].value == "46.1%"
    assert by_label[("West", "Arms share, 2021–2024")].value == "20.9%"  # SIPRI, hand-read in test_did_it_hold
    assert all(len(h.label) <= 36 for h in headlines)  # a metric card at 1400 px shows about 38 characters
    # the full wording, with who stands for the camp, is in the help
    assert by_label[("West", "Trade share, 2019")].help.startswith("Share of Serbia's total trade (EU), 2019: 61.4%.")
    assert overview.stands_for(headlines) == ("West: EU in trade share, US in UN agreement. Russia: Russia and allies "
                                              "(Russia, Belarus …) in arms share.")


@pytest.mark.parametrize("asof", [None, ASOF_ARTICLE])
def test_overview_page_per_as_of_state(open_page, asof):
    at = open_page("overview", asof=asof)
    expanders = [e.label for e in at.expander]
    for dimension in scorecard.DIMENSIONS.values():
        assert dimension in expanders
    markdown = " ".join(m.value for m in at.markdown)
    assert "Not covered by the article" in markdown
    metrics = {m.label: m.value for m in at.metric}
    session = "session 73 \\(2018–19\\)" if asof else LATEST_SESSION_LABEL
    assert any(session in label for label in metrics)
    assert ("**Arms:**" in markdown) and (("since" in markdown) == (asof is None))
    links = at.get("page_link")
    assert len(links) == 1 and links[0].proto.page == "did-it-hold"
    assert links[0].proto.query_string == (f"asof={asof}" if asof else "")


def test_page_link_keeps_the_filter(open_page):
    at = open_page("overview", asof=ASOF_ARTICLE, partner=["CHN"])
    assert at.get("page_link")[0].proto.query_string == "partner=CHN&asof=2020-06"


def test_overview_page_with_china_filter_says_filtered_out(open_page):
    at = open_page("overview", partner=["CHN"])
    lines = [m.value for m in at.markdown]
    assert "**West:** *Filtered out*" in lines and "**Russia:** *Filtered out*" in lines
    assert not any(line.startswith("**West:** *Not covered") for line in lines)
