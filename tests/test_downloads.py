"""Tests for components/downloads.py: Excel-friendly, injection-safe CSV."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.downloads import SEPARATORS, comment_line, is_formula_like, neutralise_cell, to_safe_csv
from components.sections import with_header
from tests.examples import examples

ROOT = Path(__file__).resolve().parent.parent


BOM = b"\xef\xbb\xbf"


def read_back(data: bytes) -> pd.DataFrame:
    """Parse to_safe_csv output the way a user's pandas would."""
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)


def test_starts_with_utf8_bom_and_keeps_non_ascii():
    data = to_safe_csv(pd.DataFrame({"name": ["Србија", "Čačak"]}))
    assert data.startswith(BOM)
    assert not data[3:].startswith(BOM)  # exactly one BOM
    assert data[3:].decode("utf-8") == "name\r\nСрбија\r\nČačak\r\n"


@pytest.mark.parametrize(
    "cell", ["=1+1", "+1", "-cmd", "@SUM(A1:A2)", "\tx", "\rx", '=HYPERLINK("http://x","y")',
             " =x", "\n=1", " \r\n@x", "|calc", "'=1", "\"=1", "' \" -2", "＝1+1", "＋1", "－1", "＠x", "｜x",
             "\u3000=1", "\u00a0+1", "\ufeff=1", "\u200b-1", "-3.5"]
)
def test_formula_cells_are_prefixed(cell):
    frame = pd.DataFrame({"text": [cell]})
    assert read_back(to_safe_csv(frame))["text"].tolist() == ["'" + cell]


def test_harmless_text_is_untouched():
    cells = ["ok", "a=b", "'quoted", "", "1-2", " x=1", "3.5", "“=x”", "x\n=1", "'"]
    frame = pd.DataFrame({"text": cells})
    assert read_back(to_safe_csv(frame))["text"].tolist() == cells


def test_header_names_are_prefixed():
    frame = pd.DataFrame({"=evil": [1], "@x": [2], "fine": [3]})
    data = to_safe_csv(frame)
    assert data[3:].decode("utf-8").splitlines()[0] == "'=evil,'@x,fine"
    assert list(read_back(data).columns) == ["'=evil", "'@x", "fine"]


def test_numbers_stay_numbers():
    frame = pd.DataFrame(
        {"int": [-5, 0, 7], "float": [-1.5, 0.25, 1e6], "flag": [True, False, True]}
    )
    data = to_safe_csv(frame)
    assert data[3:].decode("utf-8").split("\r\n") == [
        "int,float,flag", "-5,-1.5,True", "0,0.25,False", "7,1000000.0,True", ""
    ]
    back = read_back(data)
    assert back["int"].tolist() == [-5, 0, 7]
    assert back["float"].tolist() == [-1.5, 0.25, 1e6]


def test_numbers_in_mixed_text_column_stay_numbers():
    frame = pd.DataFrame({"mixed": pd.Series([-3, "-3", "=x", 2.5], dtype=object)})
    lines = to_safe_csv(frame)[3:].decode("utf-8").splitlines()
    assert lines == ["mixed", "-3", "'-3", "'=x", "2.5"]


def test_neutralise_cell():
    assert neutralise_cell("=x") == "'=x"
    assert neutralise_cell(-1) == -1
    assert neutralise_cell(None) is None
    assert neutralise_cell("x") == "x"


def test_round_trip_gives_the_same_rows():
    frame = pd.DataFrame(
        {
            "partner": pd.array(["RUS", "CHN", pd.NA, "EU"], dtype="string"),
            "year": [2014, 2015, 2016, 2017],
            "value": [-12.5, 0.0, 3.25, 1.0e9],
            "quote": ['He said "yes", then left', "line\nbreak", "cr\rlf\r\n", "Србија"],
        },
        index=[10, 10, 3, 7],  # index is not exported, duplicates must not matter
    )
    back = pd.read_csv(io.BytesIO(to_safe_csv(frame)), encoding="utf-8-sig")
    assert list(back.columns) == list(frame.columns)
    assert back.shape == frame.shape
    assert back["partner"].tolist()[:2] == ["RUS", "CHN"] and pd.isna(back["partner"][2])
    assert back["year"].tolist() == [2014, 2015, 2016, 2017]
    assert back["value"].tolist() == [-12.5, 0.0, 3.25, 1.0e9]
    assert back["quote"].tolist() == frame["quote"].tolist()


def test_round_trip_of_formula_cells_only_adds_the_quote():
    frame = pd.DataFrame({"a": ["=1", "x", "-y"], "b": [-1, -2, -3]})
    back = read_back(to_safe_csv(frame))
    assert back.to_dict("list") == {"a": ["'=1", "x", "'-y"], "b": [-1, -2, -3]}


def test_input_frame_is_not_modified_and_duplicate_columns_survive():
    frame = pd.DataFrame([["=a", 1, "=b"]], columns=["c", "n", "c"])
    before = frame.copy()
    lines = to_safe_csv(frame)[3:].decode("utf-8").splitlines()
    assert lines == ["c,n,c", "'=a,1,'=b"]
    pd.testing.assert_frame_equal(frame, before)


def test_categorical_and_empty_frames():
    frame = pd.DataFrame({"cat": pd.Categorical(["=x", "y", "=x"])})
    assert to_safe_csv(frame)[3:].decode("utf-8").splitlines() == ["cat", "'=x", "y", "'=x"]
    assert to_safe_csv(pd.DataFrame({"a": pd.Series([], dtype="string")})) == BOM + b"a\r\n"


# Characters looked past before the first visible one, and the ones a spreadsheet runs, typed out:
# blanks and quotes; invisible format characters (zero-width space, non-joiner, joiner, word joiner,
# BOM, left-to-right and right-to-left marks, bidi embeddings, overrides and isolates, the Arabic
# letter mark, the soft hyphen, the Mongolian vowel separator); a Hangul filler.
BLANKS_AND_QUOTES = " \n\r\t\x0b\x0c\u00a0\u3000\u2028\u200b\ufeff\"'"
INVISIBLE = ("\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
             "\u2066\u2067\u2068\u2069\u061c\u00ad\u180e\u3164")
TRIGGERS = "=+-@|＝＋－＠｜"
# look-alikes: small forms, super/subscripts, the minus sign, hyphens and dashes, heavy signs
LOOKALIKE_TRIGGERS = "﹦﹢﹣﹫⁼⁺⁻₌₊₋−‐‑‒–—―➕➖﹘"


def read_cells_back(data: bytes) -> list[list[str]]:
    """The rows as the csv module (not pandas) reads the downloaded bytes."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("trigger", list(LOOKALIKE_TRIGGERS))
def test_lookalikes_of_formula_triggers_are_prefixed(trigger):
    assert is_formula_like(trigger + "1+1") and neutralise_cell(trigger + "x") == "'" + trigger + "x"


@pytest.mark.parametrize("invisible", list(INVISIBLE))
def test_invisible_format_characters_before_a_trigger_are_looked_past(invisible):
    cell = invisible + '=HYPERLINK("http://x","y")'
    assert read_back(to_safe_csv(pd.DataFrame({"text": [cell]})))["text"].tolist() == ["'" + cell]
    assert not is_formula_like(invisible + "x=1")


@settings(max_examples=examples(300))
@given(prefix=st.text(alphabet=BLANKS_AND_QUOTES + INVISIBLE, max_size=6),
       trigger=st.sampled_from(TRIGGERS + LOOKALIKE_TRIGGERS), tail=st.text(max_size=20))
def test_any_blank_or_quote_prefix_before_a_trigger_is_neutralised(prefix, trigger, tail):
    cell = prefix + trigger + tail
    rows = read_cells_back(to_safe_csv(pd.DataFrame({"text": [cell], "n": [-3.5]})))
    assert rows[0] == ["text", "n"]
    assert rows[1][0].startswith("'")
    assert rows[1][0] == "'" + cell  # nothing else changes
    assert rows[1][1] == "-3.5"  # the numeric column stays a plain number


def _runnable(cell: str) -> bool:
    """The policy, stated apart from the code: past control, format and separator characters (and
    blank fillers, quotes), the first character is a trigger or folds (NFKC) or looks like one."""
    for char in cell:
        if unicodedata.category(char)[0] in "CZ" and unicodedata.category(char) not in ("Co", "Cn", "Cs") \
                or char in "\"'\u115f\u1160\u3164\uffa0\u2800":
            continue
        return char in LOOKALIKE_TRIGGERS or unicodedata.normalize("NFKC", char)[:1] in TRIGGERS + "−"
    return False


@settings(max_examples=examples(300))
@given(cell=st.text(max_size=20))
def test_a_cell_is_prefixed_exactly_when_a_spreadsheet_could_run_it(cell):
    runnable = cell[:1] in ("\t", "\r") or _runnable(cell)
    assert is_formula_like(cell) == runnable
    written = read_cells_back(to_safe_csv(pd.DataFrame({"text": [cell]})))[1][0]
    assert written == ("'" + cell if runnable else cell)


@pytest.mark.parametrize("line, written", [
    ("Source: the article, endnote 27.", "# Source: the article, endnote 27."),
    ("Source: X, =HYPERLINK(\"http://e.vil\",\"y\")", "# Source: X,' =HYPERLINK(\"http://e.vil\",\"y\")"),
    ("a;+1", "# a;'+1"),
    ("a\t@SUM(A1)", "# a\t'@SUM(A1)"),
    ("a,\u200b－1", "# a,'\u200b－1"),
    ("=1+1", "# '=1+1"),
    ("one\r\n=two", "# one  =two"),  # folded: the = is inside the first cell, after '# one'
    ("x, \"=1\"", "# x,' \"=1\""),
])
def test_comment_lines_cannot_start_a_formula_in_any_cell(line, written):
    assert comment_line(line) == written
    for separator in SEPARATORS:  # however a spreadsheet splits the line, each cell is text
        for cell in written.split(separator)[1:]:
            assert cell.startswith("'") or not is_formula_like(cell), (separator, cell)


def test_comment_lines_written_above_a_download_are_guarded():
    out = with_header(to_safe_csv(pd.DataFrame({"a": [1]})), ["Source: A, =cmd|' /C calc'!A0", "View: http://x/"])
    lines = out.decode("utf-8-sig").split("\r\n")
    assert lines[:2] == ["# Source: A,' =cmd|' /C calc'!A0", "# View: http://x/"]
    assert lines[2:] == ["a", "1", ""]


def test_negative_numbers_in_numeric_columns_stay_numeric():
    frame = pd.DataFrame({"value": [-3.5, -0.25], "count": pd.array([-3, None], dtype="Int64")})
    lines = to_safe_csv(frame)[3:].decode("utf-8").splitlines()
    assert lines == ["value,count", "-3.5,-3", "-0.25,"]
