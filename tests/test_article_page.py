"""Tests for the article page (app_pages/article.py, components/views/article.py).

Counts and anchors typed by hand from reading seeds/000_906fed83d2838f2b.txt: 24 paragraphs and 5
headings (see tests/test_article.py for where each lies); "Russia was placed at a humble number
nine." is in the 10th paragraph (the one starting "In August 2019", lines 143-171).
"""

from __future__ import annotations

import importlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from components import registry
from components.article import PAGE_OF_TABLE
from components.sections import sections
from components.state import ViewState
from components.views import article as view

RUSSIA_2020 = ViewState(chosen=("RUS",), brought_in=("EAEU", "CSTO"), selection=frozenset({"RUS", "EAEU", "CSTO"}),
                        asof="2020-06")
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def filtered(open_page) -> AppTest:
    return open_page("article", partner=["RUS"], asof="2020-06")


# --- pure -------------------------------------------------------------------------------------

def test_quote_anchor_url_for_a_known_quote():
    assert view.quote_anchor_url("Russia was placed at a humble number nine.", RUSSIA_2020) == \
        "/article?p=p-10&partner=RUS&asof=2020-06"
    assert view.quote_anchor_url("Russia was placed at a humble number nine.", ViewState()) == "/article?p=p-10"


def test_quote_anchor_url_for_a_quote_not_in_the_text():
    assert view.quote_anchor_url("Serbia joined NATO in 2019.", ViewState()) is None


@pytest.mark.parametrize("values,expected", [
    ([], (None, "")),
    (["p-10"], ("p-10", "")),
    (["h-3"], ("h-3", "")),
    (["p-25"], (None, view.BAD_ANCHOR_NOTICE)),  # the article has 24 paragraphs
    (["p-1", "p-2"], (None, view.BAD_ANCHOR_NOTICE)),
    (["<script>alert(1)</script>"], (None, view.BAD_ANCHOR_NOTICE)),
])
def test_anchor_from_query_accepts_only_known_anchors(values, expected):
    assert view.anchor_from_query(values) == expected


def test_each_chart_named_exists_on_its_page():
    for table, (section_key, _) in view.CHART_OF_TABLE.items():
        page_view = importlib.import_module(f"components.views.{PAGE_OF_TABLE[table]}").build(ViewState())
        assert section_key in [s.key for s in sections(page_view)], table


def test_text_links_keep_the_view():
    blocks = view.build(RUSSIA_2020).blocks
    trade = next(b for b in blocks if b.anchor == "p-8").markdown
    # seed line 109-110: "composed 62% of Serbia's total trade"
    # each link names the chart it shows: #shares, #exercises (the section keys, CHART_OF_TABLE)
    assert "composed [62%](/trade?partner=RUS&asof=2020-06#shares) of" in trade
    military = next(b for b in blocks if b.anchor == "p-9").markdown
    assert "conducted [13](/security?partner=RUS&asof=2020-06#exercises) military exercises²⁷" in military  # lines 131-132


def test_arguments_list_their_evidence():
    arguments = {a.key: a for a in view.build(ViewState()).arguments}
    assert list(arguments) == ["limited_power", "kosovo_interests", "vucic_distrust", "conclusion"]
    limited = arguments["limited_power"]
    assert {"62%", "13", "four", "number nine", "six"} <= {f.text for f in limited.figures}
    assert "trade" in {c.page_key for c in limited.charts}
    assert limited.endnotes[0] == 21 and limited.endnotes[-1] == 44  # "Russia in the Balkans", notes 21-44
    assert [f.text for f in arguments["conclusion"].figures] == ["USD 4 billion", "USD 5 billion"]


# --- the page ---------------------------------------------------------------------------------

def test_every_paragraph_and_heading_is_rendered(filtered):
    text = filtered.tabs[0].markdown
    headings = [m.value for m in text if m.value.startswith("### ")]
    assert len(headings) == 5
    paragraphs = [m.value for m in text if not m.value.startswith("### ")]
    assert len(paragraphs) == 24
    assert headings[0] == "### Russia Gives but Does Not Get"
    assert paragraphs[-1].startswith("Serbia will not turn its back on Russia")  # line 401


def _all_text(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "info", "warning") for e in getattr(at.main, kind)]


def test_every_link_resolves_to_a_page_and_keeps_the_filter(filtered):
    paths = {f"/{p.url_path}" for p in registry.PAGES}
    links = [url for text in _all_text(filtered) for url in LINK.findall(text)]
    internal = [url for url in links if url.startswith("/")]
    assert len(internal) > 60  # figures, dates, arguments' charts and statements
    for url in internal:
        parts = urlsplit(url)
        assert parts.path in paths, url
        query = parse_qs(parts.query)
        assert query["partner"] == ["RUS"] and query["asof"] == ["2020-06"], url
    external = set(links) - set(internal)
    assert external == {"https://www.lse.ac.uk/ideas/publications/old-updates/from-russia-with-love"}


def test_arriving_from_a_chart_shows_the_paragraph_first(open_page):
    at = open_page("article", p="p-10")
    first = [m.value for m in at.main.markdown][:3]
    assert first[0].startswith("**You came from a chart:**")
    assert "Russia was placed at a humble [number nine](/security#donors)" in first[1]
    assert len(at.info) == 1 and at.info[0].value == first[1]  # the paragraph highlighted in the text
    assert not at.warning


def test_unknown_anchor_is_ignored_with_a_notice(open_page):
    at = open_page("article", p="<b>x</b>")
    assert [w.value for w in at.main.warning] == [view.BAD_ANCHOR_NOTICE]
    assert not any("You came from a chart" in m.value for m in at.main.markdown)
    assert not any("<b>" in text for text in _all_text(at))


def test_record_table_is_on_the_page(filtered):
    tables = [d.value for d in filtered.dataframe]
    record = next(t for t in tables if "Verdict" in t.columns)
    eu_total = record[record["Figure"] == "Share of Serbia's total trade with the EU, 2019"].iloc[0]
    # DOTS 2019: EU27 61.435 %, with the UK 62.802 % (tests/test_record_check.py reads both by hand)
    assert (eu_total["The article"], eu_total["Independent value"]) == ("62.0%", "EU27: 61.4%; EU27 + UK: 62.8%")
    assert eu_total["Verdict"].startswith("EU27: agrees") and "; EU27 + UK: agrees" in eu_total["Verdict"]
    exports = record[record["Figure"] == "Share of Serbia's exports with the EU, 2019"].iloc[0]
    assert "EU27 + UK: differs by +2.8 pp" in exports["Verdict"]  # both verdicts shown where the basis is ambiguous
