"""Sections (components/sections.py): the CSV built with the section, nothing(), with_header()."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from components.sections import BOM, Section, nothing, with_header

ROOT = Path(__file__).resolve().parent.parent


ROWS = pd.DataFrame({"partner": ["NATO", "RUS"], "exercises": [13, 4]})


def test_section_csv_holds_its_rows():
    section = Section("exercises", "t", ROWS, ("military_exercises",))
    assert section.csv == BOM + b"partner,exercises\r\nNATO,13\r\nRUS,4\r\n"


def test_nothing_is_an_explained_text_section_without_csv():
    section = nothing("finance", "Chinese investment", ("chinese_finance",), "Add China.")
    assert (section.kind, section.empty, section.csv, len(section.rows)) == ("text", "Add China.", b"", 0)
    assert section.resources == ("chinese_finance",)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown section kind 'pie'"):
        Section("x", "t", ROWS, (), kind="pie")


def test_with_header_puts_comment_lines_after_the_bom():
    csv = BOM + b"partner,exercises\r\nNATO,13\r\n"
    out = with_header(csv, ["Source: the article, endnote 27.", "View: http://x/?partner=RUS"])
    assert out == (BOM + b"# Source: the article, endnote 27.\r\n# View: http://x/?partner=RUS\r\n"
                   b"partner,exercises\r\nNATO,13\r\n")
    assert out.count(BOM) == 1


def test_with_header_keeps_each_line_on_one_line_and_adds_a_missing_bom():
    out = with_header(b"a\r\n1\r\n", ["one\r\ntwo", "Ünïcode"])
    assert out == BOM + "# one  two\r\n# Ünïcode\r\na\r\n1\r\n".encode()
