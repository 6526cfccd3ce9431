"""Tests for components/cite_widget.py: “Cite this view”.

Golden values typed by hand: data/trade_shares.csv gives endnote 22 to the EU rows and none to the
EAEU rows; data/datapackage.json's version is 1.0.0 and the Factbook's credit line is “CIA World
Factbook (public domain)”; the seed's endnote markers run from 1 to 67 (the last, “China67”-style
marker, stands in the conclusion, seed line 411).
"""

from __future__ import annotations

import datetime
import re

import pandas as pd
import pytest

from components import citation, data
from components.cite_widget import citation_sources, view_citation
from components.sections import Section, nothing, sections
from components.state import ViewState
from components.views import article, trade

DAY = datetime.date(2026, 11, 25)
RUSSIA_2020 = ViewState(chosen=("RUS",), brought_in=("EAEU", "CSTO"), selection=frozenset({"RUS", "EAEU", "CSTO"}),
                        asof="2020-06")


def test_sections_lists_every_section_field_in_order():
    view = trade.build(ViewState())
    # TradeView's fields in order: shares, dots (the unit chosen: share by default), eu_exports (key
    # eu27_exports), gas, imports
    assert [s.key for s in sections(view)] == ["shares", "dots_share", "eu27_exports", "gas", "factbook_imports"]
    assert [s.key for s in sections(article.build(ViewState()))] == [
        "article_text", "record_check", "donor_dispute", "donor_beliefs", "arms_values"]


def test_citation_of_a_filtered_trade_view():
    cited = view_citation("Trade", sections(trade.build(RUSSIA_2020)), RUSSIA_2020, accessed=DAY)
    assert cited.url.endswith("/trade?partner=RUS&asof=2020-06")
    assert cited.version == "1.0.0"
    kinds = [(s.kind, s.credit) for s in cited.sources]
    assert kinds[0][0] == "article" and cited.sources[0].detail == "endnote 22 (references in the original)"
    assert ("dataset", "CIA World Factbook (public domain)") in kinds
    text = citation.plain_text(cited)
    assert "/trade?partner=RUS&asof=2020-06 (accessed 2026-11-25)" in text
    assert "endnote 22" in text
    assert "url = {http://" in citation.bibtex(cited) and "partner=RUS&asof=2020-06}" in citation.bibtex(cited)
    assert "UR  - " in citation.ris(cited) and "Y2  - 2026/11/25" in citation.ris(cited)


def test_citation_of_the_article_page_lists_all_its_endnotes_and_external_sets():
    cited = view_citation("The article", sections(article.build(ViewState())), ViewState(), page_key="article",
                          accessed=DAY)
    assert cited.url.endswith("/article")
    detail = cited.sources[0].detail
    assert detail.startswith("endnotes 1, 2, 3,") and detail.endswith("66, 67 (references in the original)")
    credits = {s.credit for s in cited.sources if s.kind == "dataset"}
    assert {"IMF, Direction of Trade Statistics (DOTS)", "Eurostat (nrg_ti_gas)",
            "AidData, Global Chinese Development Finance Dataset, Version 3.0"} <= credits
    assert any(c.startswith("Information from the SIPRI Arms Transfers Database") for c in credits)


def test_a_section_showing_nothing_cites_nothing():
    package = data.package()
    empty = nothing("x", "Nothing", ("factbook_trade_partners",), "No rows for this filter.")
    shown = Section("y", "Shares", pd.DataFrame({"endnote": [22, None]}), ("trade_shares",), kind="table")
    sources = citation_sources([empty, shown], package)
    assert [(s.kind, s.detail) for s in sources] == [("article", "endnote 22 (references in the original)")]


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "{}\\%"])
def test_markup_in_the_url_never_reaches_the_citation(open_page, hostile):
    at = open_page("article", partner=[hostile], asof="2020-06")
    codes = [c.value for c in at.code]
    assert len(codes) == 3  # short, plain text and BibTeX
    assert all(hostile not in code and "<script" not in code for code in codes)
    assert all("/article?asof=2020-06" in code for code in codes)  # the dropped code leaves the URL
    page_text = [e.value for kind in ("markdown", "caption", "info", "warning") for e in getattr(at.main, kind)]
    assert not any("<script" in text for text in page_text)


def test_cite_popover_on_the_article_page_carries_the_filter(open_page):
    at = open_page("article", partner=["RUS", "CHN"])
    short, plain, bib = (c.value for c in at.code)
    # datapackage.json "created": "2026-11-25T00:00:00Z" (read by hand): the year; no contributors: no producer
    assert re.fullmatch(r"Serbia's external ties: Russia, China and the West — The article \(2026\)\. "
                        r"http://localhost:8501/article\?partner=RUS&partner=CHN\. Accessed \d{4}-\d\d-\d\d\.", short)
    assert "/article?partner=RUS&partner=CHN (accessed " in plain
    assert len(plain.split()) > 3 * len(short.split())  # the long form below it holds every source
    assert "Data package version 1.0.0" in plain
    assert bib.startswith("@misc{") and "url = {http://localhost:8501/article?partner=RUS&partner=CHN}" in bib


def test_markup_in_a_state_is_percent_encoded_in_every_format():
    # a state never holds an unvalidated code in the app; the formats must hold even if it did
    hostile = ViewState(chosen=("<script>",), selection=frozenset({"<script>"}))
    cited = view_citation("Trade", sections(trade.build(ViewState())), hostile, accessed=DAY)
    for text in (citation.plain_text(cited), citation.bibtex(cited), citation.ris(cited)):
        assert "<script>" not in text and "partner=%3Cscript%3E" in text
