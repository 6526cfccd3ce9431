"""Sections (components/sections.py): the CSV built with the section, nothing(), with_header(), sections(view)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from components import record_aiddata, record_arms, record_trade, record_unga, registry
from components.sections import BOM, Section, nothing, sections, with_header
from components.state import ViewState

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


# ---------------------------------------------------------------- sections(view): the one walk over a view

@dataclass(frozen=True)
class _Panel:
    heading: str
    section: Section


@dataclass(frozen=True)
class _View:
    heading: str
    first: Section
    many: tuple
    panels: tuple


def test_sections_walks_fields_tuples_and_panels_in_order():
    a, b, c, d = (Section(key, "t", ROWS, ()) for key in "abcd")
    view = _View("h", a, (b, "not a section"), (_Panel("p", c), _Panel("q", d)))
    assert [s.key for s in sections(view)] == ["a", "b", "c", "d"]


def test_did_it_hold_sections_are_found_inside_its_panels():
    from components.views import did_it_hold
    view = did_it_hold.build(ViewState())
    assert [s.key for s in sections(view)] == [panel.section.key for panel in view.panels] == list(did_it_hold.DIMENSIONS)
    assert len([s for s in sections(view) if s.figure is not None]) == len(did_it_hold.CHART_INDICATOR)


@pytest.mark.parametrize("page", [p.key for p in registry.of_kind("charts")])
def test_every_page_registered_as_drawing_charts_yields_a_chart(page):
    view = importlib.import_module(f"components.views.{page}").build(ViewState())
    assert [s for s in sections(view) if s.figure is not None], f"{page} is registered as kind='charts' and draws none"


# How each producer's series is read (its method note) must reach the reader under every chart drawn
# from that series alone, under any as-of state; a chart mixing sources states its bases per row.
METHOD_NOTES = {"imf_dots_serbia_trade": record_trade.DOTS_METHOD_NOTE,
                "eurostat_eu27_exports_to_serbia": record_trade.EU27_EXPORTS_METHOD_NOTE,
                "eurostat_serbia_gas_imports": record_trade.GAS_METHOD_NOTE,
                "sipri_arms_transfers": record_arms.DELIVERIES_METHOD,
                "unga_voting_agreement": record_unga.METHOD_NOTE,
                "aiddata_chinese_finance": record_aiddata.METHOD_NOTE}


@pytest.mark.parametrize("asof", ["latest", "2020-06"])
def test_a_chart_of_one_external_series_carries_its_method_note(asof):
    drawn = set()
    for page in registry.PAGES:
        if page.kind == "sources":
            continue
        view = importlib.import_module(f"components.views.{page.key}").build(ViewState(asof=asof))
        for section in sections(view):
            external = [name for name in section.resources if name in METHOD_NOTES]
            if section.figure is not None and len(section.resources) == 1 and external:
                assert METHOD_NOTES[external[0]] in section.note, (page.key, section.key)
                drawn.add(external[0])
    assert drawn == set(METHOD_NOTES)  # every series is drawn alone somewhere, so each note is checked
