"""Tests for components/seed_text.py: the seed is the agreed one, and cleaning it is exact."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from components.seed_text import (
    ENDNOTE_COUNT,
    SEED_PATH,
    join_lines,
    normalise_quote,
    seed_text,
    strip_endnotes,
)

ROOT = Path(__file__).resolve().parent.parent

SEED_NAME = "000_906fed83d2838f2b.txt"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"  # CI checks the repo out beside ../shared


# --- the seed file itself ------------------------------------------------------------------

def test_seed_path_is_the_file_in_seeds():
    assert SEED_PATH == ROOT / "seeds" / SEED_NAME
    assert SEED_PATH.is_file()


# SHA-256 of the seed as delivered in ../shared/seeds: checks the bytes on a machine without it.
SEED_SHA256 = "1f34190bc79a412ea14e95f7e84315ae323925390f085c7aceaac3d89fa77df2"


def test_seed_is_byte_identical_to_the_delivered_seed():
    assert hashlib.sha256(SEED_PATH.read_bytes()).hexdigest() == SEED_SHA256
    if not SHARED_SEEDS.is_dir():  # a clone without ../shared: the hash is the check
        return
    shared = SHARED_SEEDS / SEED_NAME
    assert shared.is_file(), f"{shared} is missing although {SHARED_SEEDS} exists"
    ours, theirs = SEED_PATH.read_bytes(), shared.read_bytes()
    assert len(ours) == len(theirs), f"sizes differ: {len(ours)} vs {len(theirs)} bytes"
    assert ours == theirs, f"first difference at byte {next(i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b)}"


def test_seed_is_utf8_without_bom():
    raw = SEED_PATH.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")  # raises if not UTF-8
    assert "Vučić" in raw.decode("utf-8")


# --- cleaning the real seed --------------------------------------------------------------

@pytest.fixture(scope="module")
def cleaned():
    return seed_text()


def test_all_67_endnotes_found_in_increasing_positions(cleaned):
    assert ENDNOTE_COUNT == 67
    positions = cleaned.endnote_positions
    assert sorted(positions) == list(range(1, 68))
    ordered = [positions[n] for n in range(1, 68)]
    assert all(a < b for a, b in zip(ordered, ordered[1:])), ordered
    assert ordered[0] > 0 and ordered[-1] < len(cleaned.text)


def test_no_marker_digits_left_at_marker_positions(cleaned):
    text = cleaned.text
    for number, position in cleaned.endnote_positions.items():
        assert not text[position].isdigit(), (number, text[position - 20: position + 20])
    # no digits glued to a letter anywhere ("pandemic1"), no year with a marker glued on ("201922")
    assert re.search(r"[^\W\d_]\d", text) is None
    assert re.search(r"\b(?:19|20)\d\d\d", text) is None


@pytest.mark.parametrize("number, before", [
    (1, "As the coronavirus (COVID-19) pandemic"),
    (2, "reached the Balkans"),
    (9, "Moscow had sent just 14 military planes of aid to Italy"),
    (22, "In 2019"),
    (29, "In August 2019"),
    (42, "Putin’s January 2019"),
    (57, "Ivica Dačić."),
    (59, "provocative diplomatic gestures,"),
    (61, "“gift to Vučić,”"),
    (63, "also became apparent in November 2019,"),
    (65, "reading “Thank you, brother Xi”,"),
    (67, "with Serbia receiving"),
])
def test_endnote_position_is_right_after_its_word(cleaned, number, before):
    position = cleaned.endnote_positions[number]
    assert cleaned.text[:position].endswith(before), cleaned.text[position - 60: position + 10]


def test_pandemic1_becomes_pandemic(cleaned):
    assert cleaned.text.startswith(
        "As the coronavirus (COVID-19) pandemic reached the Balkans, Serbia has energetically taken")
    assert "pandemic1" not in cleaned.text


def test_year_with_glued_endnote_keeps_the_year(cleaned):
    assert "In 2019 Serbia’s trade with the EU composed 62% of Serbia’s total trade" in cleaned.text
    assert "201922" not in cleaned.text
    assert "In August 2019, the Serbian Ministry of Defence" in cleaned.text
    assert "in 2019 Serbia adopted the second cycle" in cleaned.text


@pytest.mark.parametrize("token", ["COVID-19", "MiG-29", "S-400", "COVD-19", "120,000", "3,000 caps", "66.3%"])
def test_hyphenated_and_formatted_numbers_survive(cleaned, token):
    assert token in cleaned.text


def test_line_final_hyphen_joins_compound(cleaned):
    assert join_lines("the Serbo-\nRussian partnership") == "the Serbo-Russian partnership"
    assert join_lines("man-  \r\n  portable") == "man-portable"
    assert "immediately heralded as a testament to the Serbo-Russian relationship" in cleaned.text
    assert "man-portable air-defence systems" in cleaned.text
    assert "Serbo- Russian" not in cleaned.text
    assert "\n" not in cleaned.text and "  " not in cleaned.text


def test_join_lines_folds_whitespace():
    assert join_lines("  one\ntwo \n\n three\t four  ") == "one two three four"


# --- strip_endnotes on small strings -----------------------------------------------------

def test_strip_endnotes_small_string():
    result = strip_endnotes("the pandemic1 reached the Balkans2, and in 20193 Serbia.4 “X,”5 end", count=5)
    assert result.text == "the pandemic reached the Balkans, and in 2019 Serbia. “X,” end"
    assert result.endnote_positions == {1: 12, 2: 32, 3: 45, 4: 53, 5: 58}
    for position in result.endnote_positions.values():
        assert result.text[position] in " ,"


def test_hyphenated_numbers_are_not_markers():
    result = strip_endnotes("COVID-19 and MiG-29 and S-400 pandemic1 x", count=1)
    assert result.text == "COVID-19 and MiG-29 and S-400 pandemic x"
    with pytest.raises(ValueError, match="endnote 1 not found"):
        strip_endnotes("COVID-1 only", count=1)


def test_missing_marker_raises_value_error():
    with pytest.raises(ValueError, match="endnote 2 not found"):
        strip_endnotes("the pandemic1 reached the Balkans3 today", count=3)


def test_marker_out_of_order_raises_value_error():
    # 2 stands before 1: searched in order, 2 is not found after 1's position
    with pytest.raises(ValueError, match="endnote 2 not found"):
        strip_endnotes("Balkans2 and pandemic1 here", count=2)


def test_marker_needs_word_boundary_after():
    # "pandemic12" is marker 12, not marker 1 followed by "2"
    with pytest.raises(ValueError, match="endnote 1 not found"):
        strip_endnotes("the pandemic12 here", count=1)


def test_normalise_quote_folds_whitespace():
    assert normalise_quote("  a\n  b\t c ") == "a b c"
