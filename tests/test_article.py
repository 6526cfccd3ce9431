"""Tests for components/article.py (the seed as blocks, arguments, figure links, safe markdown)
and components/textsafe.py.

Golden values were typed by hand from reading seeds/000_906fed83d2838f2b.txt; the comment by
each names the seed lines it comes from (line numbers as shown by `cat -n`).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components import article, data, registry
from components.article import Block
from components.seed_text import SEED_PATH, seed_text
from components.textsafe import escape_markdown, plotly_text
from tests.examples import examples

ROOT = Path(__file__).resolve().parent.parent


BLOCKS = article.paragraphs()
BY_ANCHOR = {b.anchor: b for b in BLOCKS}


def unescape(markdown: str) -> str:
    """What a reader sees of escaped markdown: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


# --- the blocks -------------------------------------------------------------------------------

def test_counts_of_paragraphs_and_headings():
    # Counted by reading: 2 introduction paragraphs (lines 1-26), 4 under "Russia Gives" (28-91),
    # 6 under "Russia in the Balkans" (95-226), 7 under Kosovo (228-328), 4 under "How Much"
    # (332-398), 1 conclusion (401-416).
    kinds = [b.kind for b in BLOCKS]
    assert kinds.count("paragraph") == 24
    assert kinds.count("heading") == 5
    assert len(BLOCKS) == 29
    assert [b.anchor for b in BLOCKS if b.kind == "paragraph"] == [f"p-{n}" for n in range(1, 25)]


def test_headings_as_the_author_wrote_them():
    # lines 27, 94, 227, 330-331 (a heading over two lines) and 400
    assert [(b.anchor, b.text) for b in BLOCKS if b.kind == "heading"] == [
        ("h-1", "Russia Gives but Does Not Get"),
        ("h-2", "Russia in the Balkans"),
        ("h-3", "All Roads Lead to Kosovo"),
        ("h-4", "How Much Does Moscow Trust Aleksandar Vučić?"),
        ("h-5", "Conclusion – Exit Moscow, Enter Beijing"),
    ]
    assert BLOCKS[2].anchor == "h-1"  # after the two introduction paragraphs


def test_first_and_last_paragraph():
    first, last = BY_ANCHOR["p-1"], BY_ANCHOR["p-24"]
    # lines 1-15
    assert first.text.startswith("As the coronavirus (COVID-19) pandemic reached the Balkans, Serbia has")
    assert first.text.endswith("that Serbians are not “little Russians”, as they are often purported to be.")
    # lines 401 and 416
    assert last.text.startswith("Serbia will not turn its back on Russia, if for no other reason than")
    assert last.text.endswith("we might hear the name Xi Jinping being mentioned more frequently than "
                              "the name Vladimir Putin in Belgrade.")


def test_page_breaks_inside_a_paragraph_are_joined():
    # lines 3-5: "to the next", a blank line, "level."; lines 186-188 likewise
    assert "taken its partnership with China to the next level. This happened" in BY_ANCHOR["p-1"].text
    assert "a country that does not aspire for membership can have with NATO" in BY_ANCHOR["p-11"].text


def test_a_sentence_end_without_trailing_space_ends_the_paragraph():
    # line 385 "warm or sincere." has no trailing space; line 386 starts the spy-scandal paragraph
    assert BY_ANCHOR["p-22"].text.endswith("the relationship between the two leaders is not particularly warm or sincere.")
    assert BY_ANCHOR["p-23"].text.startswith("That this relationship is not as smooth as usually believed")


def test_blocks_add_up_to_the_cleaned_seed():
    assert " ".join(b.text for b in BLOCKS) == seed_text().text
    assert {b.kind for b in BLOCKS} == {"heading", "paragraph"}  # the seed has no endnote list


@pytest.mark.parametrize("anchor, endnotes", [
    ("p-1", (1, 2, 3, 4, 5, 6)),  # lines 1-15: pandemic1 ... Russians”6
    ("p-2", ()),                   # lines 17-26: no marker
    ("p-8", (22, 23, 24, 25)),     # lines 106-126: 201922, agreement23, EU24, domain25
    ("p-12", (38, 39, 40, 41, 42, 43, 44)),
    ("p-13", ()),                  # lines 228-234
    ("p-24", (65, 66, 67)),        # lines 401-416
])
def test_endnotes_of_a_block(anchor, endnotes):
    assert BY_ANCHOR[anchor].endnotes == endnotes


def test_every_endnote_once_in_order():
    assert [n for b in BLOCKS for n in b.endnotes] == list(range(1, 68))
    assert all(len(b.endnotes) == len(b.endnote_offsets) for b in BLOCKS)


@pytest.mark.parametrize("anchor, number, before", [
    ("p-1", 1, "As the coronavirus (COVID-19) pandemic"),  # line 1 "pandemic1"
    ("p-3", 9, "Moscow had sent just 14 military planes of aid to Italy"),  # line 38 "Italy9"
    ("p-8", 22, "dwarfed by the EU in terms of trade flows. In 2019"),  # line 108 "201922"
    ("p-7", 21, "reduced to three factors:"),  # line 101 "factors:21"
    ("p-21", 57, "the current foreign minister, Ivica Dačić."),  # line 354 "Dačić.57"
    ("p-22", 61, "as a “gift to Vučić,”"),  # line 380
    ("p-24", 67, "well, with Serbia receiving"),  # line 409
])
def test_marker_offset_is_right_after_its_word(anchor, number, before):
    block = BY_ANCHOR[anchor]
    offset = block.endnote_offsets[block.endnotes.index(number)]
    assert block.text[:offset].endswith(before)


def test_real_numbers_are_kept():
    assert "(COVID-19)" in BY_ANCHOR["p-1"].text
    assert "six MiG-29 fighter jets" in BY_ANCHOR["p-10"].text  # line 162
    assert "120,000 people greeted him" in BY_ANCHOR["p-12"].text  # line 214
    assert "In 2019 Serbia’s trade with the EU composed 62%" in BY_ANCHOR["p-8"].text


def test_endnote_texts_are_not_in_the_seed():
    # SEED.md: "the endnote list itself is not part of the text"; the file's last words are
    # the conclusion's (line 416), so no reference text can be derived from it.
    assert article.endnote_texts() == {}
    lines = [line.strip() for line in SEED_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[-1] == "the name Vladimir Putin in Belgrade."


def test_split_blocks_small_layout():
    raw = ("Intro line one \nends here. \n\nHeading In Title Case\nBody starts to the \n\nnext page. \n"
           "Last line without space.\n Next paragraph here. \n")
    assert article.split_blocks(raw) == [
        ("paragraph", ["Intro line one ", "ends here. "]),
        ("heading", ["Heading In Title Case"]),
        ("paragraph", ["Body starts to the ", "next page. ", "Last line without space."]),
        ("paragraph", [" Next paragraph here. "]),
    ]
    with pytest.raises(ValueError, match="ends inside a paragraph"):
        article.split_blocks("An unfinished sentence at the end of \n")


# --- locate -------------------------------------------------------------------------------------

def test_locate_a_trade_quote():
    # data/trade_shares.csv, row 2019/total/EU; the sentence is on lines 108-112 (paragraph 8)
    quote = ("In 2019 Serbia’s trade with the EU composed 62% of Serbia’s total trade, with exports "
             "accounting for 66.3% and imports accounting for 58.2%.")
    assert article.locate(quote) == "p-8"
    assert article.locate(quote.replace(" ", "\n  ")) == "p-8"  # whitespace folded like the data


def test_locate_misses():
    assert article.locate("Serbia is a Russian satellite.") is None
    assert article.locate("   ") is None
    # lines 15 and 17: the end of paragraph 1 and the start of paragraph 2 are not one passage
    assert article.locate("as they are often purported to be. First, this is because") is None
    assert article.locate("Russia in the Balkans") == "h-2"


def _quoted_rows() -> list[tuple[str, int, dict]]:
    """Every row with a quote in the article tables, read with the csv module (not the loader)."""
    rows = []
    for table in article.PAGE_OF_TABLE:
        with open(ROOT / "data" / f"{table}.csv", encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if row["quote"].strip():
                    rows.append((table, line, row))
    return rows


def test_every_quoted_row_is_located():
    unlocated = [(table, line) for table, line, row in _quoted_rows() if article.locate(row["quote"]) is None]
    assert not unlocated


@pytest.fixture(scope="module")
def links():
    return article.figure_links({name: data.load_table(name) for name in article.PAGE_OF_TABLE})


def test_figure_links_cover_every_quoted_row(links):
    expected = [(table, line) for table, line, _ in _quoted_rows()]
    assert [(link.table, link.line) for link in links] == expected
    assert all(link.anchor is not None and link.quote_span is not None for link in links)


def test_figure_link_spans_hold_the_quote_and_the_figure(links):
    for link in links:
        text = BY_ANCHOR[link.anchor].text
        start, end = link.quote_span
        assert text[start:end] == re.sub(r"\s+", " ", dict(_row_of(link))["quote"]).strip()
        if link.value_in_text is not None:
            assert link.value_span is not None, link
            assert text[link.value_span[0]:link.value_span[1]] == link.value_in_text
            assert start <= link.value_span[0] and link.value_span[1] <= end


def _row_of(link):
    return next(row for table, line, row in _quoted_rows() if (table, line) == (link.table, link.line)).items()


def test_figure_link_golden_rows(links):
    trade = links[0]
    # data/trade_shares.csv line 2; paragraph 8 (lines 106-126)
    assert (trade.table, trade.page, trade.anchor, trade.line) == ("trade_shares", "trade", "p-8", 2)
    assert trade.key == (("year", "2019"), ("flow", "total"), ("partner", "EU"))
    assert trade.value_in_text == "62%"
    eaeu = next(link for link in links if link.value_in_text == "8%")
    text = BY_ANCHOR[eaeu.anchor].text
    # "8%" is the EAEU share (line 115), not the tail of "58.2%" (line 112)
    assert text[eaeu.value_span[0] - 5:eaeu.value_span[1]] == "just 8%"
    exercises = [link for link in links if link.table == "military_exercises"]
    assert {link.anchor for link in exercises} == {"p-9"}  # lines 132-133
    china = [link for link in links if link.table == "chinese_finance"]
    assert [(link.anchor, link.page, link.value_in_text) for link in china] == [
        ("p-24", "china", "USD 4 billion"), ("p-24", "china", "USD 5 billion")]  # lines 409-410


def test_page_of_table_names_registered_pages():
    assert dict(article.PAGE_OF_TABLE) == {
        "trade_shares": "trade", "military_exercises": "security", "military_donors": "security",
        "arms_deals": "security", "chinese_finance": "china", "pandemic_aid": "pandemic",
        "aid_gestures": "pandemic", "soft_power": "soft_power", "timeline": "kosovo", "findings": "overview"}
    for page_key in article.PAGE_OF_TABLE.values():
        assert registry.page(page_key).key == page_key


# --- sections and arguments --------------------------------------------------------------------

def test_sections():
    sections = article.sections()
    assert [s.heading.text if s.heading else None for s in sections] == [
        None, "Russia Gives but Does Not Get", "Russia in the Balkans", "All Roads Lead to Kosovo",
        "How Much Does Moscow Trust Aleksandar Vučić?", "Conclusion – Exit Moscow, Enter Beijing"]
    assert [p.anchor for p in sections[0].paragraphs] == ["p-1", "p-2"]
    # the pandemic section: "In the beginning of April7" (line 28) to "reports20" (line 85)
    assert sections[1].endnotes == tuple(range(7, 21))


def test_three_arguments_and_the_conclusion():
    result = {a.key: a for a in article.arguments()}
    assert list(result) == ["limited_power", "kosovo_interests", "vucic_distrust", "conclusion"]
    # announced in paragraph 2 (lines 17-26): "First, ...", "Second, ...", "Third, ..." and the thesis
    assert {a.statement_anchor for a in result.values()} == {"p-2"}
    assert result["limited_power"].heading == "Russia in the Balkans"
    assert result["limited_power"].anchors == tuple(f"p-{n}" for n in range(7, 13))
    assert result["limited_power"].endnotes == tuple(range(21, 45))  # "factors:21" (l.101) .. "polls44" (l.221)
    assert result["kosovo_interests"].anchors == tuple(f"p-{n}" for n in range(13, 20))
    assert result["kosovo_interests"].endnotes == tuple(range(45, 54))  # "Drecun45" .. "Crimea53"
    assert result["vucic_distrust"].anchors == ("p-20", "p-21", "p-22", "p-23")
    assert result["vucic_distrust"].endnotes == tuple(range(54, 65))  # "decline54" .. "downfall64"
    assert result["conclusion"].anchors == ("p-24",)
    assert result["conclusion"].endnotes == (65, 66, 67)
    assert result["vucic_distrust"].statement.startswith("Third, Russia does not trust")


# --- safe markdown ------------------------------------------------------------------------------

def test_render_paragraph_with_superscripts_and_a_link(links):
    block = BY_ANCHOR["p-8"]
    rendered = article.render_markdown(block, {links[0].value_span: "/trade?partner=EU"})
    assert "In 2019²² Serbia’s trade with the EU composed [62%](/trade?partner=EU) of Serbia’s" in rendered
    assert "exports accounting for 66\\.3% and" in rendered
    assert "the Russia\\-led Eurasian Economic Union \\(EAEU\\)" in rendered
    assert "energy domain²⁵ where" in rendered


def test_render_heading():
    assert article.render_markdown(BY_ANCHOR["h-4"]) == "### How Much Does Moscow Trust Aleksandar Vučić?"


def test_superscripts():
    assert article.superscript(7) == "⁷"
    assert article.superscript(67) == "⁶⁷"
    assert article.superscript(10) == "¹⁰"


def test_marker_at_the_end_of_a_link_goes_after_it():
    block = Block("paragraph", "Italy, a nation", "p-1", (9,), (5,))
    assert article.render_markdown(block, {(0, 5): "/pandemic"}) == "[Italy](/pandemic)⁹, a nation"


def test_marker_at_the_end_of_a_block():
    block = Block("paragraph", "said Dačić.", "p-1", (57,), (11,))
    assert article.render_markdown(block) == "said Dačić\\.⁵⁷"


def test_overlapping_and_out_of_range_spans_are_dropped():
    block = Block("paragraph", "abcdefgh", "p-1")
    rendered = article.render_markdown(block, {(0, 4): "/a", (2, 6): "/b", (6, 8): "/c", (7, 99): "/d"})
    assert rendered == "[abcd](/a)ef[gh](/c)"


def test_hostile_text_renders_literally():
    hostile = "[x](javascript:alert(1)) <script>alert(1)</script> **b** :red[y] $x$ &lt; # h"
    block = Block("paragraph", hostile, "p-1")
    rendered = article.render_markdown(block)
    assert unescape(rendered) == hostile
    assert re.search(r"(?<!\\)[\[\]<>*$:&#()]", rendered) is None


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:x", "data:text/html,x", "//evil.example/x",
                                 "trade", "mailto:a@b"])
def test_unsafe_link_targets_are_refused(url):
    with pytest.raises(ValueError, match="not a relative or http"):
        article.safe_link_target(url)


def test_link_targets_are_encoded():
    assert article.safe_link_target("/trade?partner=RUS&partner=CHN") == "/trade?partner=RUS&partner=CHN"
    assert article.safe_link_target("/x?a=b c)(<>\"") == "/x?a=b%20c%29%28%3C%3E%22"
    assert article.safe_link_target("https://example.org/p#p-3") == "https://example.org/p#p-3"


@settings(max_examples=examples(200))
@given(st.text(max_size=60), st.data())
def test_any_text_renders_back_to_itself(text, draw):
    """Unescaped and with the superscripts taken out, the markdown is the text itself."""
    offsets = sorted(draw.draw(st.lists(st.integers(0, len(text)), max_size=3, unique=True)))
    block = Block("paragraph", text, "p-1", tuple(range(1, len(offsets) + 1)), tuple(offsets))
    rendered = article.render_markdown(block)
    assert re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]", "", unescape(rendered)) == re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]", "", text)
    superscripts = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")
    assert len(superscripts.findall(rendered)) == len(superscripts.findall(text)) + len(offsets)


# --- textsafe -------------------------------------------------------------------------------------

def test_escape_markdown_and_plotly_text():
    assert escape_markdown("Serbia (domestic) & co") == "Serbia \\(domestic\\) \\& co"
    assert escape_markdown("&lt;b&gt;") == "\\&lt;b\\&gt;"
    assert plotly_text("<b>A & B</b>") == "&lt;b&gt;A &amp; B&lt;/b&gt;"
    assert plotly_text(3) == "3"


def test_filters_and_charts_use_the_one_definition():
    from components import charts, widgets
    assert widgets.escape_markdown is escape_markdown
    assert charts.safe is plotly_text
