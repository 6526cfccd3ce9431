"""Tests for components/downloads.py: Excel-friendly, injection-safe CSV."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent

from components.downloads import neutralise_cell, to_safe_csv

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
    "cell", ["=1+1", "+1", "-cmd", "@SUM(A1:A2)", "\tx", "\rx", '=HYPERLINK("http://x","y")']
)
def test_formula_cells_are_prefixed(cell):
    frame = pd.DataFrame({"text": [cell]})
    assert read_back(to_safe_csv(frame))["text"].tolist() == ["'" + cell]


def test_harmless_text_is_untouched():
    cells = ["ok", "a=b", " =x", "'quoted", "", "1-2"]
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
