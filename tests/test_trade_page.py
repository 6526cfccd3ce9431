"""The trade page's external series: every figure in a title or a chart point checked against
values read by hand from the original files, in every filter and as-of state.

Golden values (typed by hand; where each was read):
- data/external/imf_dots/DOTS_170_Serbia.xlsx, row 7 holds the years (P = 2019, Q = 2020);
  cells as in tests/test_record_trade.py, plus the 2020 EAEU members' exports (column Q).
- data/external/eurostat_gas/custom-table-imports-of-natural-gas-by-partner-country.xlsx,
  row 49 = Serbia, B = 2011, J = 2019, K = 2020.
- data/external/eurostat_comext/original/*.csv, the "Serbia" row, VALUE_IN_EUR.
- data/external/serbia_trade_partner_shares_factbook.csv, the imports rows' source_text.
Expected titles are written out by hand from those numbers, not produced by the code.
The total-trade series (TOTAL_SHARE) was summed from the raw cells with awk over a TSV dump of the
two sheets (World, European Union, Russian Federation, China, P.R.: Mainland and the five EAEU rows),
not with the code under test: 100 * (exports + imports) / (World exports + World imports).
"""

from __future__ import annotations

import base64
import html
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from components import data, params
from components.state import ViewState, view_state
from components.views import trade

# DOTS_170_Serbia.xlsx 'Exports, FOB'
X_WORLD_2019, X_WORLD_2020 = 18942.106323, 19490.70285   # P9, Q9
X_EU_2019, X_EU_2020 = 12718.341388, 12649.944367         # P226, Q226
X_RUS_2020 = 910.925851                                   # Q95 (Russian Federation)
X_EAEU_2020 = [910.925851, 53.431857, 11.305316, 4.307554, 6.072134]  # Q95, Q83, Q111, Q102, Q113
# DOTS_170_Serbia.xlsx 'Imports, CIF'
M_WORLD_2019 = 26668.7846        # P9
M_EU_2019 = 15302.908187         # P238
M_RUS_2019 = 2582.134446         # P103
M_EAEU_2019 = [2582.134446, 68.198838, 3.955744, 166.28159, 2.071306]  # P103, P90, P119, P110, P121
M_RUS_2020_CORRUPT = 1178.592784     # Q103: corrupt, must appear nowhere
M_GEORGIA_2020_CORRUPT = 1607.106592  # Q115
# mirror files, sheet 'Exports, FOB', row 103 = "Serbia, Rep. of"
RUS_TO_SRB_2020 = 937.798394     # mirror/DOTS_162_RussianFederation.xlsx AE103
CHN_TO_SRB_2020 = 1633.74646     # mirror/DOTS_40_ChinaMainland.xlsx AT103
# Eurostat gas, 'Sheet 1' (Russia) and 'Sheet 2' (Total), row 49
GAS_RUS = {2011: 54757.0, 2019: 83593.689, 2020: 50884.517}
GAS_TOTAL = {2011: 64732.0, 2019: 83811.599, 2020: 73709.357}
# Comext: Relational_View_2024-11-25T10_46_09.534Z.csv line 186 (2010); ..._2024-11-17T08_31_46.675Z.csv line 195 (2023)
EU27_TO_SRB = {2010: 7781132108, 2019: 15154323378, 2023: 23368864866}

# DOTS_170_Serbia.xlsx, column C = 2006, P = 2019 (rows: World 9; EU 226 / 238; Russia 95 / 103; China 57 / 58)
X_2006 = {"World": 5811.141999, "EU": 3749.6, "RUS": 311.081, "CHN": 6.264}              # 'Exports, FOB'!C
M_2006 = {"World": 13022.844055, "EU": 6234.017, "RUS": 2142.468, "CHN": 781.797}        # 'Imports, CIF'!C
X_2019 = {"World": 18942.106323, "EU": 12718.341388, "RUS": 976.802833, "CHN": 329.725442}  # 'Exports, FOB'!P
M_2019 = {"World": 26668.7846, "EU": 15302.908187, "RUS": 2582.134446, "CHN": 2506.953885}  # 'Imports, CIF'!P
X_EAEU_2006 = [311.081, 15.074, 5.396, 0.77, 0.06]          # C95, C83, C111, C102, C113
M_EAEU_2006 = [2142.468, 20.214, 50.808, 3.165, 1.898]      # C103, C90, C119, C110, C121
X_EAEU_2019 = [976.802833, 58.952941, 13.16534, 17.105035, 6.145525]  # P95, P83, P111, P102, P113
# 'Exports, FOB'!G113 (Kyrgyz Rep., 2010) is blank: no EAEU exports or total for 2010
# share of Serbia's total trade (exports + imports), %, awk over the raw cells (see the module docstring)
TOTAL_SHARE = {
    "EU": [53.009, 57.170, 55.249, 57.346, 57.934, 58.031, 60.151, 61.207, 62.876, 62.536, 61.969, 63.043, 63.199,
           61.435],
    "RUS": [13.027, 11.245, 11.946, 9.507, 10.148, 10.893, 9.708, 8.464, 9.489, 7.840, 7.500, 6.727, 6.935, 7.803],
    "CHN": [4.184, 5.007, 5.096, 4.691, 4.560, 4.753, 4.657, 4.335, 4.470, 4.935, 4.442, 4.892, 5.119, 6.219],
    "EAEU": [13.544, 11.763, 12.214, 9.899, None, 11.751, 11.694, 11.516, 10.550, 8.850, 8.131, 7.447, 7.614, 8.539],
}
GAP_2010 = ("Russia & EAEU, exports and total trade 2010: Kyrgyzstan's cell is blank in DOTS "
            "(DOTS_170_Serbia.xlsx 'Exports, FOB'!G113), one of the rows summed for Russia & EAEU, so the sum is unknown")
GAP_2020 = ("imports and total trade 2020, every partner: Serbia's 2020 imports by partner are corrupt in this vintage "
            "and not used (DOTS_170_Serbia.xlsx 'Imports, CIF', column Q)")
GAP_NOTE = {"latest": f"Gaps in the lines (unknown, not 0): {GAP_2010}; {GAP_2020}.",
            "2020-06": f"Gaps in the lines (unknown, not 0): {GAP_2010}."}

HEADING = "Trade: the EU leads Russia and the EAEU in every year 2006–2019 with both totals (no EAEU total for 2010)"
DOTS_SHARE = ("Share of Serbia's total trade (exports + imports): EU 53.0% (2006) → 61.4% (2019); "
              "Russia & EAEU 13.5% (2006) → 8.5% (2019)")
DOTS_USD = ("Serbia's total trade (exports + imports), USD, nominal: EU 9,984m (2006) → 28,021m (2019); "
            "Russia & EAEU 2,551m (2006) → 3,895m (2019)")
FACTBOOK_LATEST = ("CIA Factbook, listed share of Serbia's imports: China 7.6% (2014) → 10% (2023); Germany 12% (2014) → "
                   "12% (2023); Italy 11.3% (2014) → 7% (2023); Russia 11.3% (2014) → 7% (2022). IMF DOTS differs by "
                   "1 point or more: China 2019 (9.4% against the Factbook's 5%)")
TITLES = {
    "latest": {
        "dots_share": DOTS_SHARE,
        "dots_usd": DOTS_USD,
        "eu27_exports": "The EU's exports to Serbia, as the EU reports them (mirror), in nominal euros: EUR 7,781m in 2010, "
                        "EUR 23,369m in 2023",
        "gas": "Share of Serbia's gas imports reported as from Russia: 84.6% in 2011, 99.7% in 2019, 69.0% in 2020",
        # the 2019 edition prints China 5%; DOTS 'Imports, CIF'!P58 / P9 = 2506.953885 / 26668.7846 = 9.40%
        "factbook_imports": FACTBOOK_LATEST,
    },
    "2020-06": {
        # totals end in 2019 in both states (Serbia's 2020 imports are corrupt): the same title
        "dots_share": DOTS_SHARE,
        "dots_usd": DOTS_USD,
        "eu27_exports": "The EU's exports to Serbia, as the EU reports them (mirror), in nominal euros: EUR 7,781m in 2010, "
                        "EUR 15,154m in 2019",
        # Eurostat's annual energy data for Y appear in January of Y+2: 2018 is the last year published
        # by June 2020 (eurostat_serbia_gas_imports.csv: 2018, 81430.54 of 81430.54 TJ = 100.0%).
        "gas": "Share of Serbia's gas imports reported as from Russia: 84.6% in 2011, 100.0% in 2018",
        # The Factbook's 2017 figures first appear in a snapshot of 2021-03-01, its 2019 ones in 2024-05-02: in
        # June 2020 the last edition was 2015's (serbia_trade_partner_shares_factbook.csv, 2015 imports rows);
        # DOTS agrees within 1 point in 2014 and 2015 (China 7.62 / 8.45, Russia 11.31 / 9.61): no clause.
        "factbook_imports": "CIA Factbook, listed share of Serbia's imports: China 7.6% (2014) → 8.5% (2015); "
                            "Germany 12% (2014) → 12.4% (2015); Russia 11.3% (2014) → 9.6% (2015); Italy 11.3% (2014) → "
                            "10.6% (2015)",
    },
}
SECTIONS = ("dots_share", "dots_usd", "eu_exports", "gas", "imports")


class BothUnits:
    """The Trade view in both units: the page builds one, in its trade_unit control's unit."""

    def __init__(self, view_state: ViewState):
        self.share = trade.build.uncached(view_state)
        self.usd = trade.build.uncached(view_state.with_control(params.TRADE_UNIT.name, params.TRADE_UNITS[1]))

    def __getattr__(self, name: str):
        if name == "dots_share":
            return self.share.dots
        if name == "dots_usd":
            return self.usd.dots
        return getattr(self.share, name)


def both_units(view_state: ViewState) -> BothUnits:
    return BothUnits(view_state)


def state(*codes: str, asof: str = "latest") -> ViewState:
    return view_state(codes, data.load_table("partners"), asof=asof) if codes else ViewState(asof=asof)


def sections(view) -> dict:
    return {getattr(view, name).key: getattr(view, name) for name in SECTIONS}


def test_hand_computed_golden_values_agree_with_the_titles():
    # the total-trade endpoints in the titles, from the typed cells
    total = {year: {p: xs[p] + ms[p] for p in xs} for year, xs, ms in ((2006, X_2006, M_2006), (2019, X_2019, M_2019))}
    assert f"{100 * total[2006]['EU'] / total[2006]['World']:.3f}" == "53.009"
    assert f"{100 * total[2019]['EU'] / total[2019]['World']:.3f}" == "61.435"
    assert f"{100 * total[2006]['RUS'] / total[2006]['World']:.3f}" == "13.027"
    assert f"{100 * total[2019]['RUS'] / total[2019]['World']:.3f}" == "7.803"
    assert f"{100 * total[2006]['CHN'] / total[2006]['World']:.3f}" == "4.184"
    assert f"{100 * total[2019]['CHN'] / total[2019]['World']:.3f}" == "6.219"
    assert f"{100 * (sum(X_EAEU_2006) + sum(M_EAEU_2006)) / total[2006]['World']:.3f}" == "13.544"
    assert f"{100 * (sum(X_EAEU_2019) + sum(M_EAEU_2019)) / total[2019]['World']:.3f}" == "8.539"
    assert f"{total[2006]['EU']:,.0f}" == "9,984" and f"{total[2019]['EU']:,.0f}" == "28,021"
    assert f"{sum(X_EAEU_2006) + sum(M_EAEU_2006):,.0f}" == "2,551"
    assert f"{sum(X_EAEU_2019) + sum(M_EAEU_2019):,.0f}" == "3,895"
    assert f"{100 * M_2019['CHN'] / M_2019['World']:.1f}" == "9.4"

    # the rounding in the titles, from the typed cells (guards the typing of the expected strings)
    assert f"{100 * X_EU_2020 / X_WORLD_2020:.1f}" == "64.9"
    assert f"{100 * M_EU_2019 / M_WORLD_2019:.1f}" == "57.4"
    assert f"{100 * sum(X_EAEU_2020) / X_WORLD_2020:.1f}" == "5.1"
    assert f"{100 * sum(M_EAEU_2019) / M_WORLD_2019:.1f}" == "10.6"
    assert f"{100 * GAS_RUS[2020] / GAS_TOTAL[2020]:.1f}" == "69.0"


@pytest.mark.parametrize("asof", ["latest", "2020-06"])
def test_titles_and_heading_default(asof):
    view = both_units(state(asof=asof))
    assert view.heading == HEADING
    for key, section in sections(view).items():
        assert section.title == TITLES[asof][key], key
    assert view.shares.title == ("The EU's share of Serbia's trade (62%) is about 8× that of Russia and the EAEU "
                                 "(just 8%), 2019")  # the article, endnote 22: unchanged in meaning


def test_titles_for_russia_speak_of_russia_and_the_eaeu():
    view = both_units(state("RUS"))
    assert view.dots_share.title == ("Share of Serbia's total trade (exports + imports): Russia & EAEU 13.5% (2006) → "
                                     "8.5% (2019); Russia 13.0% (2006) → 7.8% (2019)")
    assert view.dots_usd.title == ("Serbia's total trade (exports + imports), USD, nominal: Russia & EAEU 2,551m (2006) → "
                                   "3,895m (2019); Russia 2,454m (2006) → 3,559m (2019)")
    assert f"{X_2006['RUS'] + M_2006['RUS']:,.0f}" == "2,454" and f"{X_2019['RUS'] + M_2019['RUS']:,.0f}" == "3,559"
    assert view.gas.title == TITLES["latest"]["gas"]
    lit = view.dots_share.rows.groupby("partner")["highlighted"].max()
    assert set(lit[lit].index) == {"RUS", "EAEU"} and set(lit.index) == {"EU", "EAEU", "RUS", "CHN", "USA"}


@pytest.mark.parametrize("asof", ["latest", "2020-06"])
def test_titles_for_china(asof):
    view = both_units(state("CHN", asof=asof))
    assert view.dots_share.title == "Share of Serbia's total trade (exports + imports): China 4.2% (2006) → 6.2% (2019)"
    assert view.dots_usd.title == "Serbia's total trade (exports + imports), USD, nominal: China 788m (2006) → 2,837m (2019)"
    assert f"{X_2006['CHN'] + M_2006['CHN']:,.0f}" == "788" and f"{X_2019['CHN'] + M_2019['CHN']:,.0f}" == "2,837"
    assert view.imports.title == TITLES[asof]["factbook_imports"]
    assert view.heading == HEADING


def test_germany_highlights_the_eu_and_says_so():
    view = both_units(state("DEU"))
    assert view.dots_share.title == "Share of Serbia's total trade (exports + imports): EU 53.0% (2006) → 61.4% (2019)"
    assert "Germany has no row of its own, so EU, which it belongs to, is highlighted" in view.dots_share.note
    lit = view.dots_share.rows.groupby("partner")["highlighted"].max()
    assert list(lit[lit].index) == ["EU"]
    # Germany has no DOTS row but the Factbook lists it: its own line is the one highlighted
    factbook = view.imports.rows.groupby("partner")["highlighted"].max()
    assert list(factbook[factbook].index) == ["DEU"]


def plain(value):
    """Plotly's JSON packs number arrays as base64 ('bdata'): plain Python lists to read them."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return plain(array.reshape(value["shape"]) if "shape" in value else array)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return [plain(v) for v in items]
    return None if isinstance(value, float) and value != value else value


def figure_dict(section) -> dict:
    return plain(section.figure.to_plotly_json())


def figure_json(section) -> str:
    """The figure as JSON with every number written out (so a value cannot hide in base64)."""
    return json.dumps(figure_dict(section), default=str)


def traces(section, name_part: str) -> list[dict]:
    return [t for t in figure_dict(section)["data"] if name_part in (t.get("name") or "").replace("<br>", " ")]


@pytest.mark.parametrize("asof", ["latest", "2020-06"])
def test_no_serbia_reported_2020_import_anywhere(asof):
    view = both_units(state(asof=asof))
    for section in sections(view).values():
        numbers = [v for t in figure_dict(section)["data"] for v in (t.get("y") or []) if isinstance(v, (int, float))]
        assert numbers, section.key
        for corrupt in (M_RUS_2020_CORRUPT, M_GEORGIA_2020_CORRUPT):
            assert not any(abs(v - corrupt) < 1e-3 for v in numbers), (section.key, corrupt)
            assert f"{corrupt:.2f}" not in figure_json(section)
    for section in (view.dots_share, view.dots_usd):
        # panels: x = total trade, x2 = exports, x3 = imports; no total without Serbia's imports
        for t in (figure_dict(section))["data"]:
            if t.get("xaxis") in ("x", "x3") and "mirror" not in (t.get("name") or ""):
                points = dict(zip(t["x"], t["y"]))
                assert points.get(2020) is None, t["name"]


def test_2020_imports_only_as_labelled_mirror_markers():
    view = both_units(state())
    russia = traces(view.dots_usd, "Russia: mirror")
    china = traces(view.dots_usd, "China: mirror")
    assert len(russia) == len(china) == 1
    assert russia[0]["mode"] == "markers" and russia[0]["x"] == [2020]
    assert russia[0]["y"] == pytest.approx([RUS_TO_SRB_2020])
    assert china[0]["y"] == pytest.approx([CHN_TO_SRB_2020])
    assert "own exports to Serbia (FOB)" in russia[0]["name"].replace("<br>", " ")
    assert traces(view.dots_share, "mirror") == [], "a partner's FOB figure has no share of Serbia's CIF total"
    assert traces(both_units(state(asof="2020-06")).dots_usd, "mirror") == []


def test_chart_points_equal_the_original_cells():
    view = both_units(state())
    eu = [t for t in (figure_dict(view.dots_share))["data"] if t["name"] == "EU"]
    assert [t["xaxis"] for t in eu] == ["x", "x2", "x3"]  # total trade, exports, imports
    exports = dict(zip(eu[1]["x"], eu[1]["y"]))
    assert exports[2019] == pytest.approx(100 * X_EU_2019 / X_WORLD_2019, abs=1e-3)
    assert exports[2020] == pytest.approx(100 * X_EU_2020 / X_WORLD_2020, abs=1e-3)
    eu_usd = [t for t in (figure_dict(view.dots_usd))["data"] if t["name"] == "EU"]
    assert dict(zip(eu_usd[2]["x"], eu_usd[2]["y"]))[2019] == pytest.approx(M_EU_2019, abs=1e-6)
    assert dict(zip(eu_usd[0]["x"], eu_usd[0]["y"]))[2019] == pytest.approx(X_EU_2019 + M_EU_2019, abs=1e-6)
    gas = {x: y for t in (figure_dict(view.gas))["data"] for x, y in zip(t["x"], t["y"])}
    for year in (2011, 2019, 2020):
        assert gas[year] == pytest.approx(100 * GAS_RUS[year] / GAS_TOTAL[year], abs=1e-3)
    eur = {x: y for t in traces(view.eu_exports, "EU27") for x, y in zip(t["x"], t["y"])}
    for year, value in EU27_TO_SRB.items():
        assert eur[year] == pytest.approx(value / 1e6, abs=1e-6)


TOTAL_NAMES = {"EU": "EU", "RUS": "Russia", "CHN": "China", "EAEU": "Russia &amp; EAEU"}  # as Plotly escapes it


@pytest.mark.parametrize("asof", ["latest", "2020-06"])
def test_total_trade_panel_is_the_articles_measure_every_year(asof):
    """Item 4: the share of Serbia's total trade, 2006-2019, for every year DOTS holds, in both states."""
    view = both_units(state(asof=asof))
    figure = figure_dict(view.dots_share)
    assert figure["layout"]["annotations"][0]["text"].startswith("Serbia's total trade (exports + imports)")
    for code, expected in TOTAL_SHARE.items():
        (line,) = [t for t in figure["data"] if t.get("xaxis") == "x" and t["name"] == TOTAL_NAMES[code]]
        points = dict(zip(line["x"], line["y"]))
        for year, value in zip(range(2006, 2020), expected):
            if value is None:
                assert points.get(year) is None, (code, year)  # a break, never 0 and never bridged
            else:
                assert points[year] == pytest.approx(value, abs=5e-4), (code, year)
        assert points.get(2020) is None
    assert view.dots_share.note.count("Gaps in the lines") == 1


@pytest.mark.parametrize("asof", ["latest", "2020-06"])
@pytest.mark.parametrize("codes", [(), ("CHN",), ("RUS",)])
def test_every_gap_of_the_dots_chart_is_explained(asof, codes):
    """Item 8: the note names the member, the year and the blank cell (from the gap table), in every state."""
    view = both_units(state(*codes, asof=asof))
    for section in (view.dots_share, view.dots_usd):
        assert GAP_NOTE[asof] in section.note, (section.key, section.note)
        empty = section.rows  # rows drawn: the gap years have no row; the chart has a break there
        assert not ((empty["partner"] == "EAEU") & (empty["year"] == 2010) & (empty["flow"] != "imports")).any()


def test_the_blank_cell_gap_is_marked_on_the_chart():
    """The break itself says why (a PNG export carries no note): in the total and exports panels, at 2010."""
    for section in (both_units(state()).dots_share, both_units(state("CHN", asof="2020-06")).dots_usd):
        marks = [a for a in figure_dict(section)["layout"]["annotations"] if "blank cell" in (a.get("text") or "")]
        assert sorted((a["xref"], a["x"]) for a in marks) == [("x", 2010), ("x2", 2010)], section.key
        assert all(a["text"] == "no Russia &amp; EAEU<br>figure (blank cell)" for a in marks)


def test_the_gap_note_follows_the_gap_table(tmp_path):
    """The note is computed from imf_dots_serbia_gaps, not typed: another blank cell, another sentence."""
    import pandas as pd

    rows = pd.DataFrame({"partner": ["CHN", "CHN"], "flow": ["exports", "total"], "year": [2012, 2012],
                         "usd_million": [None, None]})
    gaps = pd.DataFrame({"year": [2012, 2012], "partner": ["CHN", "CHN"], "flow": ["exports", "total"],
                         "cause": ["blank", "blank"], "rows": ["China, P.R.: Mainland"] * 2,
                         "cells": ["DOTS_170_Serbia.xlsx 'Exports, FOB'!I57"] * 2})
    assert trade.dots_gap_note(rows, gaps, {"CHN": "China"}) == (
        "Gaps in the lines (unknown, not 0): China, exports and total trade 2012: China's cell is blank in DOTS "
        "(DOTS_170_Serbia.xlsx 'Exports, FOB'!I57).")


@pytest.mark.parametrize("asof", ["latest", "2020-06"])
def test_factbook_and_dots_shown_as_two_sources(asof):
    """Item 6: the Factbook's import shares beside IMF DOTS's, each with its basis; the disagreement
    (China 2019: Factbook 5 %, DOTS 9.4 %) is in the title, only where the editions shown include it."""
    view = both_units(state(asof=asof))
    section = view.imports
    assert section.title == TITLES[asof]["factbook_imports"]
    assert "imf_dots_serbia_trade" in section.resources
    china = traces(section, "China: IMF DOTS")
    assert len(china) == 1 and china[0]["mode"] == "markers"
    points = dict(zip(china[0]["x"], china[0]["y"]))
    # DOTS 'Imports, CIF' row 58 over row 9: K = 2014, L = 2015, P = 2019
    assert points[2014] == pytest.approx(100 * 1558.338933 / 20453.933564, abs=5e-4)
    assert points[2015] == pytest.approx(100 * 1535.015309 / 18168.573967, abs=5e-4)
    assert "Serbia's own report (imports CIF" in section.note
    if asof == "latest":
        assert points[2019] == pytest.approx(100 * M_2019["CHN"] / M_2019["World"], abs=5e-4)
        assert "2019: China 5% / 9.4%, Russia 9% / 9.7%" in section.note
        assert "they differ by 1 point or more in China 2019" in section.note
        row = section.rows[(section.rows["partner"] == "CHN") & (section.rows["data_year"] == 2019)].iloc[0]
        assert row["share_pct"] == 5.0 and row["differs"]
    else:
        assert max(points) == 2015, "as of June 2020 only the 2014 and 2015 editions are shown"
        axis = figure_dict(section)["layout"]["xaxis"]
        assert axis["dtick"] == 1 and axis["tickformat"] == "d", "whole years on the axis, never 2,014.5"
        assert "they agree within 1 point in every edition year DOTS covers" in section.note


def test_eur_and_usd_never_share_an_axis():
    view = both_units(state())
    assert (figure_dict(view.eu_exports))["layout"]["yaxis"]["title"]["text"].startswith("EUR")
    assert all((figure_dict(view.dots_usd))["layout"][axis]["title"]["text"] == "USD million"
               for axis in ("yaxis", "yaxis2", "yaxis3"))


def test_article_time_shows_years_to_2019_and_no_publication_marker():
    view = both_units(state(asof="2020-06"))
    for section in sections(view).values():
        figure = (figure_dict(section))
        xs = [x for t in figure["data"] for x in (t.get("x") or []) if x is not None]
        assert max(xs) <= 2019, section.key
        assert not figure["layout"].get("shapes"), section.key


def test_latest_marks_post_publication_points():
    view = both_units(state())
    figure = (figure_dict(view.gas))
    names = {t["name"].replace("<br>", " "): t for t in figure["data"]}
    assert set(names) == {"Known by June 2020", "Published after the article"}
    assert names["Published after the article"]["x"] == [2019, 2020]  # 2019's energy data appeared in January 2021
    assert any("June 2020" in a.get("text", "") for a in figure["layout"]["annotations"])
    eu = [t for t in (figure_dict(view.eu_exports))["data"] if t["name"].startswith("EU27")][0]
    symbols = dict(zip(eu["x"], eu["marker"]["symbol"]))
    assert symbols[2019] == "circle" and symbols[2020] == symbols[2023] == "circle-open"


def test_factbook_lines_break_where_no_edition_exists():
    view = both_units(state())
    russia = [t for t in (figure_dict(view.imports))["data"] if t["name"] == "Russia"][0]
    # editions 2014, 2015, 2017, 2019, 2022, 2023: a gap (None) between non-consecutive years
    assert russia["x"] == [2014, 2015, None, 2017, None, 2019, None, 2022, 2023]
    assert russia["y"][-1] is None, "the 2023 edition does not list Russia: no point, not 0"
    assert "2023: top 5" in view.imports.note


def app_titles(at: AppTest) -> list[str]:
    assert at.title[0].value == HEADING
    return [html.unescape(json.loads(chart.proto.spec)["layout"]["title"]["text"].replace("<br>", " "))
            for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("asof", ["latest", "2020-06"])
def test_app_trade_page_per_asof(open_page, asof):
    titles = app_titles(open_page("trade", asof=asof))
    expected = TITLES[asof]
    assert titles[1:] == [expected["dots_share"], expected["eu27_exports"], expected["gas"],
                          expected["factbook_imports"]]


def test_app_trade_page_usd(open_page):
    assert app_titles(open_page("trade", asof="latest", trade_unit="USD million"))[1] == TITLES["latest"]["dots_usd"]
