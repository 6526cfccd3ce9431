"""Tests for components/citation.py: plain text, BibTeX and RIS of one view.

The BibTeX entry is checked with a small brace-counting parser written here (BibTeX itself
counts braces, escaped or not), so a title or URL that broke the entry would fail it.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.citation import (
    BIBTEX_FIELDS,
    Citation,
    Source,
    bibtex,
    bibtex_escape,
    bibtex_key,
    encoded_url,
    one_line,
    plain_text,
    ris,
    short,
)
from tests.examples import examples

ROOT = Path(__file__).resolve().parent.parent

DAY = datetime.date(2026, 11, 25)
ARTICLE = Source("article", "From Russia With Love?", "Vuk Vuksanovic, LSE IDEAS, June 2020", "endnotes 22, 23")
SIPRI = Source("dataset", "SIPRI Arms Transfers Database", "Information from the SIPRI Arms Transfers Database",
               "CC BY 4.0")
TRADE = Citation("Serbia's external ties", "Trade", "https://example.org/trade?partner=RUS&partner=CHN", DAY,
                 "1.0.0", (ARTICLE,))


def parse_bibtex(entry: str) -> tuple[str, str, dict[str, str]]:
    """(type, key, fields) of one entry; AssertionError if the braces do not balance."""
    match = re.match(r"@(\w+)\{", entry)
    assert match, entry[:40]
    depth, chunks, current = 1, [], []
    for position in range(match.end(), len(entry)):
        char = entry[position]
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, f"a closing brace too many at {position}"
        if depth == 0:
            chunks.append("".join(current))
            assert entry[position + 1:].strip() == "", "text after the entry"
            break
        if char == "," and depth == 1:
            chunks.append("".join(current))
            current = []
        else:
            current.append(char)
    assert depth == 0, "the entry is not closed"
    key, fields = chunks[0], {}
    for chunk in filter(str.strip, chunks[1:]):
        name, equals, value = chunk.partition("=")
        assert equals and value.strip().startswith("{") and value.strip().endswith("}"), chunk
        assert name.strip() not in fields, f"field {name.strip()} twice"
        fields[name.strip()] = value.strip()[1:-1]
    return match.group(1), key, fields


# --- golden output ------------------------------------------------------------------------------

def test_plain_text():
    assert plain_text(TRADE) == (
        "Serbia's external ties — Trade. Data package version 1.0.0. "
        "https://example.org/trade?partner=RUS&partner=CHN (accessed 2026-11-25). "
        "Built on: Article: From Russia With Love? (Vuk Vuksanovic, LSE IDEAS, June 2020; endnotes 22, 23).")


def test_bibtex_golden():
    assert bibtex(TRADE) == (
        "@misc{serbiasexternalties-trade-20261125-" + bibtex_key(TRADE)[-8:] + ",\n"
        "  title = {Serbia's external ties — Trade},\n"
        "  howpublished = {\\url{https://example.org/trade?partner=RUS&partner=CHN}},\n"
        "  url = {https://example.org/trade?partner=RUS&partner=CHN},\n"
        "  urldate = {2026-11-25},\n"
        "  version = {1.0.0},\n"
        "  note = {Accessed 2026-11-25. Data package version 1.0.0. Built on: Article: From Russia With Love? "
        "(Vuk Vuksanovic, LSE IDEAS, June 2020; endnotes 22, 23).}\n"
        "}\n")
    assert re.fullmatch(r"[0-9a-f]{8}", bibtex_key(TRADE)[-8:])


def test_ris_golden():
    two_sources = Citation(TRADE.dashboard_title, "Security", "https://example.org/security", DAY, "1.0.0",
                           (ARTICLE, SIPRI))
    assert ris(two_sources) == (
        "TY  - ELEC\n"
        "TI  - Serbia's external ties — Security\n"
        "T2  - Serbia's external ties\n"
        "UR  - https://example.org/security\n"
        "Y2  - 2026/11/25\n"
        "ET  - Data package version 1.0.0\n"
        "N1  - Article: From Russia With Love? (Vuk Vuksanovic, LSE IDEAS, June 2020; endnotes 22, 23)\n"
        "N1  - Data set: SIPRI Arms Transfers Database (Information from the SIPRI Arms Transfers Database; "
        "CC BY 4.0)\n"
        "ER  - \n")


def test_no_sources_no_built_on():
    bare = Citation("D", "P", "/p", DAY, "2")
    assert plain_text(bare) == "D — P. Data package version 2. /p (accessed 2026-11-25)."
    assert "Built on" not in bibtex(bare)
    assert "N1  -" not in ris(bare)


# --- escaping -----------------------------------------------------------------------------------

def test_bibtex_escape_each_special():
    assert bibtex_escape(r"{a}\b") == r"\textbraceleft{}a\textbraceright{}\textbackslash{}b"
    assert bibtex_escape("100% & $5 #1 a_b") == r"100\% \& \$5 \#1 a\_b"
    assert bibtex_escape("~^\"") == r"\textasciitilde{}\textasciicircum{}{" + '"' + "}"
    assert bibtex_escape("two\nlines\r\n  and\u2028more") == "two lines and more"


def test_hostile_url_is_encoded_not_injected():
    hostile = Citation("D", "P", 'https://x.org/?a="},\n  note = {owned}<script>alert(1)</script>\\', DAY, "1")
    kind, key, fields = parse_bibtex(bibtex(hostile))
    assert kind == "misc" and tuple(fields) == BIBTEX_FIELDS
    assert fields["url"] == "https://x.org/?a=%22%7D,%20note%20=%20%7Bowned%7D%3Cscript%3Ealert(1)%3C/script%3E%5C"
    assert "<" not in plain_text(hostile) and "\n" not in plain_text(hostile)


def test_key_is_ascii_stable_and_depends_on_the_view():
    odd = Citation("Ђ Вучић — ü", "", "/x", DAY, "1")
    assert re.fullmatch(r"[a-z0-9]+-[a-z0-9]+-\d{8}-[0-9a-f]{8}", bibtex_key(odd))
    assert bibtex_key(odd).split("-")[:2] == ["u", "page"]  # Cyrillic drops out, ü -> u; empty page -> "page"
    assert bibtex_key(TRADE) == bibtex_key(Citation(*[getattr(TRADE, f) for f in TRADE.__dataclass_fields__]))
    other_view = Citation(TRADE.dashboard_title, TRADE.page_title, TRADE.url + "&partner=EU", DAY, "1.0.0")
    assert bibtex_key(other_view) != bibtex_key(TRADE)


def test_encoded_url_keeps_valid_urls():
    assert encoded_url("https://a.org/p?x=1&y=%20#frag") == "https://a.org/p?x=1&y=%20#frag"
    assert encoded_url("/p?name=Vučić") == "/p?name=Vu%C4%8Di%C4%87"


def test_one_line():
    assert one_line(" a\tb\x00c\x85d\u2029e\n") == "a b c d e"


# --- any input ------------------------------------------------------------------------------------

HOSTILE = st.sampled_from(["{", "}", "\\", "\n", "\r", '"}', "<script>", "%", "#", "@misc{x,", "ER  - ",
                           "\u2028", "\x00", "&", "~", "^", "$", "_", "\\}", "{{", "}}"])
TEXT = st.lists(st.one_of(st.text(max_size=8), HOSTILE), max_size=8).map("".join)
SOURCES = st.lists(st.builds(Source, st.sampled_from(["article", "dataset"]), TEXT, TEXT, TEXT), max_size=3)
CITATIONS = st.builds(Citation, TEXT, TEXT, TEXT, st.dates(), TEXT, SOURCES.map(tuple))


@settings(max_examples=examples(150))
@given(CITATIONS)
def test_any_citation_gives_one_balanced_bibtex_entry(citation):
    entry = bibtex(citation)
    kind, key, fields = parse_bibtex(entry)
    assert kind == "misc"
    assert tuple(fields) == BIBTEX_FIELDS  # exactly the fields written, in order
    assert key == bibtex_key(citation) and key.isascii()
    assert len(entry.splitlines()) == len(BIBTEX_FIELDS) + 2  # every value on its own one line
    assert not re.search(r"[\s\"{}\\<>]", fields["url"])


@settings(max_examples=examples(150))
@given(CITATIONS)
def test_any_citation_gives_one_ris_record(citation):
    lines = ris(citation).splitlines()
    assert ris(citation).endswith("\n") and len(lines) == 6 + len(citation.sources) + 1
    assert [line for line in lines if line.startswith("ER  -")] == ["ER  - "]
    assert lines[0] == "TY  - ELEC" and lines[-1] == "ER  - "
    assert all(re.match(r"[A-Z][A-Z0-9]  - ", line) for line in lines)


@settings(max_examples=examples(100))
@given(CITATIONS)
def test_any_citation_gives_one_line_of_plain_text(citation):
    text = plain_text(citation)
    assert len(text.splitlines()) == 1
    assert citation.accessed.isoformat() in text


@pytest.mark.parametrize("field", ["dashboard_title", "page_title", "version"])
def test_hostile_titles_stay_inside_their_field(field):
    values = {name: getattr(TRADE, name) for name in TRADE.__dataclass_fields__}
    values[field] = '"}, url = {evil}, x = {'
    _, _, fields = parse_bibtex(bibtex(Citation(**values)))
    assert tuple(fields) == BIBTEX_FIELDS
    assert fields["url"] == "https://example.org/trade?partner=RUS&partner=CHN"


def test_short_citation_is_one_footnote_line():
    cited = Citation("Serbia's external ties", "Trade", "https://example.org/trade?partner=RUS&partner=CHN", DAY,
                     "1.0.0", (ARTICLE, SIPRI), year=2026)
    assert short(cited) == ("Serbia's external ties — Trade (2026). https://example.org/trade?partner=RUS&partner=CHN. "
                            "Accessed 2026-11-25.")
    assert "SIPRI" not in short(cited) and "SIPRI" in plain_text(cited)  # the sources are in the long form
    named = Citation("T", "P", "https://x/p", DAY, "1", year=None, producer="A. Author\nInjected")
    assert short(named) == "A. Author Injected, T — P. https://x/p. Accessed 2026-11-25."  # one line, no year
