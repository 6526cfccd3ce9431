"""Source lines are derived from a section's resources and rows (components/provenance.py).

A hand-built package (one article, one external data set) keeps the expected lines typed by
hand; one test reads the real datapackage.json for the SIPRI credit line it requires.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from components import data, provenance

ROOT = Path(__file__).resolve().parent.parent


ARTICLE = "Vuksanovic, “From Russia With Love?”, LSE IDEAS, June 2020"
PACKAGE = {
    "sources": [{"title": "The article", "path": "https://example.org/article"}],
    "licenses": [{"name": "quotation", "title": "Quotation with attribution"}],
    "resources": [
        {"name": "trade_shares"},  # inherits the article as its source
        {"name": "military_exercises", "sources": [{"title": "The article"}]},
        {"name": "sipri", "sources": [{"title": "SIPRI database", "credit": "Information from SIPRI",
                                       "accessed": "2025-03-13"}],
         "licenses": [{"name": "SIPRI-terms", "title": "SIPRI terms"}]},
        {"name": "factbook", "sources": [{"title": "CIA World Factbook"}], "licenses": [{"name": "public-domain"}]},
    ],
}
ROWS = pd.DataFrame({"partner": ["RUS", "RUS", "ITA"], "endnote": [8, 7, 8], "quote": ["b", "a", "b"]})


def test_article_rows_give_their_endnotes():
    assert provenance.source_lines(ROWS, ("trade_shares",), PACKAGE) == [f"Source: {ARTICLE}, endnotes 7, 8."]


def test_one_endnote_is_singular_and_none_is_main_text():
    assert provenance.source_lines(ROWS.head(1), ("trade_shares",), PACKAGE) == [f"Source: {ARTICLE}, endnote 8."]
    no_notes = ROWS.assign(endnote=[None, None, None])
    assert provenance.source_lines(no_notes, ("trade_shares",), PACKAGE) == [f"Source: {ARTICLE} (main text)."]


def test_derived_rows_say_so():
    derived = ROWS.assign(derived=[False, True, False])
    assert provenance.source_lines(derived, ("trade_shares",), PACKAGE) == [
        f"Source: {ARTICLE}, endnotes 7, 8. Values marked derived are computed from the article's figures."]


def test_external_resource_gives_credit_line_licence_and_access_date():
    assert provenance.source_lines(ROWS, ("sipri",), PACKAGE) == [
        "Source: Information from SIPRI. Licence: SIPRI terms. Accessed 2025-03-13."]
    assert provenance.source_lines(ROWS, ("factbook",), PACKAGE) == [  # no credit line: the title; no licence title: name
        "Source: CIA World Factbook. Licence: public-domain."]


def test_a_section_with_both_gives_both_once():
    assert provenance.source_lines(ROWS, ("trade_shares", "sipri", "military_exercises"), PACKAGE) == [
        f"Source: {ARTICLE}, endnotes 7, 8.", "Source: Information from SIPRI. Licence: SIPRI terms. Accessed 2025-03-13."]


def test_unknown_resources_give_no_line():
    assert provenance.source_lines(ROWS, ("nope",), PACKAGE) == []


def test_sipri_rows_carry_the_required_credit_line():
    """SIPRI's terms require the credit line; read from the real datapackage.json."""
    lines = provenance.source_lines(pd.DataFrame(), ("sipri_arms_transfers",), data.package())
    assert lines[0].startswith("Source: Information from the SIPRI Arms Transfers Database, "
                               "https://www.sipri.org/databases/armstransfers. Licence: © SIPRI.")


def test_supporting_quotes_are_distinct_and_ordered():
    rows = pd.DataFrame({"endnote": [8, None, 7, 8], "quote": ["b", "main", "a", "b"]})
    assert provenance.supporting_quotes(rows) == [(7, "a"), (8, "b"), (None, "main")]


def test_a_row_without_a_quote_prints_none():
    """Did it hold?'s tables mix the article's rows (quoted) with external ones (no quote): the
    external rows add no 'Main text, no endnote: “nan”' line."""
    import pandas as pd

    from components.provenance import supporting_quotes

    rows = pd.DataFrame({"endnote": [22, None, None], "quote": ["The EU share was 62%.", None, float("nan")]})
    assert supporting_quotes(rows) == [(22, "The EU share was 62%.")]
