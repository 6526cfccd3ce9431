"""Tests for components/filters.py: partner codes from untrusted links, the notice for rejected
values, and row filtering by a resolved selection (resolution itself: tests/test_state.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from components.filters import (
    MAX_DROPPED_SHOWN,
    MAX_PARAM_VALUES,
    MAX_VALUE_CHARS,
    ParsedPartners,
    dropped_notice,
    filter_links,
    parse_partner_params,
    shorten,
)
from tests.examples import examples

ROOT = Path(__file__).resolve().parent.parent

PARTNERS = pd.read_csv(ROOT / "data" / "partners.csv", dtype="string")
KNOWN = tuple(PARTNERS["code"])


# --- parse_partner_params: examples --------------------------------------------


def test_parse_is_case_insensitive_strips_and_deduplicates():
    parsed = parse_partner_params(["rus", " CHN ", "RUS", "Chn"], KNOWN)
    assert parsed == ParsedPartners(codes=("RUS", "CHN"), dropped=())


def test_parse_accepts_comma_separated_values():
    parsed = parse_partner_params(["RUS,chn", "eu, ,FRA"], KNOWN)
    assert parsed.codes == ("RUS", "CHN", "EU", "FRA")
    assert parsed.dropped == ()


def test_parse_ignores_empty_values_silently():
    assert parse_partner_params(["", "  ", ",", "\n"], KNOWN) == ParsedPartners()
    assert parse_partner_params([], KNOWN) == ParsedPartners()
    assert parse_partner_params(None, KNOWN) == ParsedPartners()


def test_parse_reports_unknown_and_markup():
    parsed = parse_partner_params(["<script>alert(1)</script>", "RUS", "xx", "xx"], KNOWN)
    assert parsed.codes == ("RUS",)
    assert parsed.dropped == ("<script>alert(1)</script>", "xx")


def test_parse_drops_too_long_value_even_if_it_holds_codes():
    long_value = ",".join(["RUS"] * 60)  # 239 characters
    assert len(long_value) > MAX_VALUE_CHARS
    parsed = parse_partner_params([long_value], KNOWN)
    assert parsed.codes == ()
    assert parsed.dropped == (shorten(long_value),)
    assert len(parsed.dropped[0]) == 40 and parsed.dropped[0].endswith("\u2026")


def test_parse_caps_the_notice_and_counts_the_rest():
    parsed = parse_partner_params([f"bad{i}" for i in range(15)] + ["CHN"], KNOWN)
    assert parsed.codes == ("CHN",)
    assert parsed.dropped == tuple(f"bad{i}" for i in range(MAX_DROPPED_SHOWN))
    assert parsed.more_dropped == 5


def test_parse_caps_the_number_of_values():
    values = [f"X{i}" for i in range(MAX_PARAM_VALUES)] + ["RUS"] * 5
    parsed = parse_partner_params(values, KNOWN)
    assert parsed.codes == ()  # RUS came after the cap of distinct values
    assert parsed.more_dropped == MAX_PARAM_VALUES - MAX_DROPPED_SHOWN + 1  # 40 not listed + RUS not read


def test_repeated_codes_are_not_rejects():
    """60 copies of one code are one code: no notice (it used to say "… and 11 more")."""
    parsed = parse_partner_params(["RUS"] * 60, KNOWN)
    assert parsed.codes == ("RUS",) and parsed.dropped == () and parsed.more_dropped == 0


def test_parse_treats_a_lone_string_as_one_value():
    assert parse_partner_params("RUS", KNOWN).codes == ("RUS",)


def test_parse_does_not_match_lookalike_unicode():
    fullwidth, zero_width = "\uff32\uff35\uff33", "RU\u200bS"
    parsed = parse_partner_params([fullwidth, zero_width], KNOWN)
    assert parsed.codes == ()
    assert len(parsed.dropped) == 2


# --- parse_partner_params: properties ------------------------------------------

known_code = st.sampled_from(KNOWN)
cased_code = st.builds(
    lambda code, lower, pad: (" " * pad) + (code.lower() if lower else code) + (" " * pad),
    known_code, st.booleans(), st.integers(0, 2),
)
url_value = st.one_of(
    cased_code,
    st.just(""),
    st.text(max_size=30),
    st.text(min_size=MAX_VALUE_CHARS - 5, max_size=MAX_VALUE_CHARS + 50),
    st.sampled_from(
        ["<script>alert(1)</script>", "[x](javascript:1)", "`rm`", "=cmd|' /C calc'!A0"]
    ),
    st.lists(known_code | st.text(max_size=5), max_size=4).map(",".join),
)
url_values = st.lists(url_value, max_size=MAX_PARAM_VALUES + 10)


@settings(max_examples=examples(300))
@given(url_values)
def test_parse_never_raises_and_keeps_only_known_codes(values):
    parsed = parse_partner_params(values, KNOWN)
    assert set(parsed.codes) <= set(KNOWN)
    assert len(parsed.codes) == len(set(parsed.codes))
    assert len(parsed.dropped) <= MAX_DROPPED_SHOWN
    assert all(len(item) <= 40 for item in parsed.dropped)
    assert parsed.more_dropped >= 0


@settings(max_examples=examples(300))
@given(url_values)
def test_parse_accounts_for_every_non_empty_value(values):
    parsed = parse_partner_params(values, KNOWN)
    lookup = {code.casefold(): code for code in KNOWN}
    unaccounted = []
    for value in values[:MAX_PARAM_VALUES]:
        pieces = [value] if len(value) > MAX_VALUE_CHARS else [p.strip() for p in value.split(",")]
        for piece in filter(None, pieces):
            if piece.casefold() in lookup:
                assert lookup[piece.casefold()] in parsed.codes
            elif shorten(piece) not in parsed.dropped:
                unaccounted.append(piece)
    # Rejects may only go missing from the notice when it is full, and are then counted.
    if unaccounted:
        assert len(parsed.dropped) == MAX_DROPPED_SHOWN
        assert parsed.more_dropped >= 1
    assert parsed.more_dropped >= max(0, len(values) - MAX_PARAM_VALUES)


@settings(max_examples=examples(100))
@given(url_values)
def test_dropped_notice_cannot_break_out_of_code_spans(values):
    notice = dropped_notice(parse_partner_params(values, KNOWN))
    spans = notice.split(": ", 1)[-1]
    assert spans.count("`") % 2 == 0
    assert "\n" not in notice and "\r" not in notice


# --- notice and caption text ---------------------------------------------------


def test_dropped_notice_text():
    parsed = ParsedPartners(codes=(), dropped=("a`b", "x\ny", "<b>"), more_dropped=2)
    assert dropped_notice(parsed) == (
        "Unknown partner codes in the link were ignored: `a'b`, `x?y`, `<b>`, and 2 more"
    )
    assert dropped_notice(ParsedPartners(codes=("RUS",))) == ""



# --- shorten -----------------------------------------------------------------------------


def test_shorten_keeps_short_text_and_marks_a_cut():
    assert shorten("x" * 40) == "x" * 40
    assert shorten("x" * 41) == "x" * 39 + "\u2026"
    assert shorten("abcdef", limit=4) == "abc\u2026"


# --- filter_links ----------------------------------------------------

EVENTS = pd.DataFrame(
    {
        "partner": pd.array(["RUS", "EU", "CHN", "FRA", None, "NATO"], dtype="string"),
        "value": [1, 2, 3, 4, 5, 6],
    }
)


def test_filter_links_matches_either_end():
    links = pd.DataFrame(
        {"source": ["RUS", "SRB", "CHN"], "target": ["SRB", "EU", "SRB"], "n": [1, 2, 3]}
    )
    assert filter_links(links, frozenset({"EU"}))["n"].tolist() == [2]
    assert filter_links(links, frozenset({"SRB"}))["n"].tolist() == [1, 2, 3]
    assert filter_links(links, None) is links


def test_filter_links_on_named_columns():
    aid = pd.DataFrame({"partner": ["RUS", "RUS", "ITA"], "recipient": ["SRB", "ITA", "SRB"], "n": [1, 2, 3]})
    assert filter_links(aid, frozenset({"ITA"}), ("partner", "recipient"))["n"].tolist() == [2, 3]
