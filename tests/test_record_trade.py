"""Tests for components/record_trade.py and its three CSVs (rebuilt by tests/test_refresh.py).

Golden values were typed by hand after opening the original files (copies in data/external/) in
an openpyxl session; each comment names the file, sheet and cell (or line) read. Derived shares
are recomputed here from those typed numbers, never with the code under test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from components import record_trade as rt
from components.data import load_table

ROOT = Path(__file__).resolve().parent.parent


DATA = ROOT / "data"
EXTERNAL = DATA / "external"
DOTS_DIR = EXTERNAL / "imf_dots"
GAS_XLSX = EXTERNAL / "eurostat_gas" / "custom-table-imports-of-natural-gas-by-partner-country.xlsx"
COMEXT_DIR = EXTERNAL / "eurostat_comext" / "original"

# --- read by hand: data/external/imf_dots/DOTS_170_Serbia.xlsx (row 7: P = 2019, Q = 2020) ---
X_WORLD_2019 = 18942.106323      # 'Exports, FOB'!P9  (World)
X_WORLD_2020 = 19490.70285       # 'Exports, FOB'!Q9
M_WORLD_2019 = 26668.7846        # 'Imports, CIF'!P9
X_EU_2019 = 12718.341388         # 'Exports, FOB'!P226 (European Union)
X_EU_2020 = 12649.944367         # 'Exports, FOB'!Q226
M_EU_2019 = 15302.908187         # 'Imports, CIF'!P238 (European Union)
X_RUS_2019 = 976.802833          # 'Exports, FOB'!P95 (Russian Federation)
M_RUS_2019 = 2582.134446         # 'Imports, CIF'!P103
M_RUS_2020_CORRUPT = 1178.592784  # 'Imports, CIF'!Q103 - corrupt vintage, must appear nowhere
M_GEORGIA_2020_CORRUPT = 1607.106592  # 'Imports, CIF'!Q115 (Georgia) - the misplaced value
M_CHN_2019 = 2506.953885         # 'Imports, CIF'!P58 (China, P.R.: Mainland)
X_USA_2019 = 305.220926          # 'Exports, FOB'!P49 (United States)
M_USA_2019 = 554.259359          # 'Imports, CIF'!P49
# EAEU members 2019, exports P83/P111/P102/P113 and imports P90/P119/P110/P121
X_EAEU_OTHERS_2019 = [58.952941, 13.16534, 17.105035, 6.145525]  # Belarus, Kazakhstan, Armenia, Kyrgyz
M_EAEU_OTHERS_2019 = [68.198838, 3.955744, 166.28159, 2.071306]
# 'Exports, FOB'!G113 (Kyrgyz Rep., 2010) is blank
# --- mirror files (row 7 years; row 103 = "Serbia, Rep. of", sheet 'Exports, FOB') ---
RUS_TO_SRB_2019 = 1525.711297    # mirror/DOTS_162_RussianFederation.xlsx AD103
RUS_TO_SRB_2020 = 937.798394     # mirror/DOTS_162_RussianFederation.xlsx AE103
CHN_TO_SRB_2020 = 1633.74646     # mirror/DOTS_40_ChinaMainland.xlsx AT103 (1633.7464600000003)
# --- eurostat_gas/custom-table-...xlsx, row 49 = Serbia, J = 2019, K = 2020 ---
GAS_RUS_2019, GAS_TOTAL_2019 = 83593.689, 83811.599   # 'Sheet 1'!J49, 'Sheet 2'!J49
GAS_RUS_2020, GAS_TOTAL_2020 = 50884.517, 73709.357   # 'Sheet 1'!K49, 'Sheet 2'!K49
# --- eurostat_comext/original/, the "Serbia" row, VALUE_IN_EUR ---
EU27_TO_SRB_2019 = 15154323378   # Relational_View_2024-11-17T08_31_12.748Z.csv line 193
EU27_TO_SRB_2023 = 23368864866   # Relational_View_2024-11-17T08_31_46.675Z.csv line 195

# the article (seeds/, endnote 22): 2019 shares of Serbia's trade
ARTICLE_2019 = {("EU", "total"): 62, ("EU", "exports"): 66.3, ("EU", "imports"): 58.2,
                ("EAEU", "total"): 8, ("EAEU", "exports"): 5.4, ("EAEU", "imports"): 9.4}


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return load_table("imf_dots_serbia_trade", DATA)


@pytest.fixture(scope="module")
def gas() -> pd.DataFrame:
    return load_table("eurostat_serbia_gas_imports", DATA)


@pytest.fixture(scope="module")
def exports() -> pd.DataFrame:
    return load_table("eurostat_eu27_exports_to_serbia", DATA)


def one(frame: pd.DataFrame, **where) -> pd.Series:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, (where, len(rows))
    return rows.iloc[0]


# === IMF DOTS ===========================================================================

def test_serbia_exports_to_eu27_2019(trade):
    row = one(trade, year=2019, partner="EU", flow="exports", is_mirror=False)
    assert row["usd_million"] == pytest.approx(X_EU_2019, abs=1e-6)
    assert row["share_of_total_pct"] == pytest.approx(100 * X_EU_2019 / X_WORLD_2019, abs=1e-3)
    assert row["basis"] == "Serbia's own report, exports FOB"
    assert row["source"] == "DOTS_170_Serbia.xlsx 'Exports, FOB'!P226"


def test_serbia_imports_from_russia_2019(trade):
    row = one(trade, year=2019, partner="RUS", flow="imports", is_mirror=False)
    assert row["usd_million"] == pytest.approx(M_RUS_2019, abs=1e-6)
    assert row["share_of_total_pct"] == pytest.approx(100 * M_RUS_2019 / M_WORLD_2019, abs=1e-3)
    assert row["basis"] == "Serbia's own report, imports CIF"


def test_total_trade_is_exports_plus_imports_of_serbias_own_report(trade):
    row = one(trade, year=2019, partner="USA", flow="total")
    assert row["usd_million"] == pytest.approx(X_USA_2019 + M_USA_2019, abs=1e-6)
    assert row["share_of_total_pct"] == pytest.approx(
        100 * (X_USA_2019 + M_USA_2019) / (X_WORLD_2019 + M_WORLD_2019), abs=1e-3)
    assert not row["is_mirror"]


def test_china_2020_imports_only_as_labelled_mirror(trade):
    rows = trade[(trade["year"] == 2020) & (trade["partner"] == "CHN") & (trade["flow"] == "imports")]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["is_mirror"]
    assert row["usd_million"] == pytest.approx(CHN_TO_SRB_2020, abs=1e-6)
    assert row["basis"] == "mirror: China's exports to Serbia, FOB"
    assert pd.isna(row["share_of_total_pct"]), "a partner's FOB figure over Serbia's CIF total would mix bases"


def test_russia_mirror_rows_differ_from_serbias_report(trade):
    mirror_2019 = one(trade, year=2019, partner="RUS", flow="imports", is_mirror=True)
    assert mirror_2019["usd_million"] == pytest.approx(RUS_TO_SRB_2019, abs=1e-6)
    assert mirror_2019["basis"] == "mirror: Russia's exports to Serbia, FOB"
    mirror_2020 = one(trade, year=2020, partner="RUS", flow="imports", is_mirror=True)
    assert mirror_2020["usd_million"] == pytest.approx(RUS_TO_SRB_2020, abs=1e-6)


def test_no_serbia_reported_2020_import_by_partner(trade):
    own_2020 = trade[(trade["year"] == 2020) & ~trade["is_mirror"]]
    assert set(own_2020["flow"]) == {"exports"}, "2020 imports (and so totals) from Serbia's file are corrupt"
    assert trade.loc[trade["is_mirror"], "flow"].eq("imports").all()
    assert trade.loc[trade["is_mirror"], "share_of_total_pct"].isna().all()
    for corrupt in (M_RUS_2020_CORRUPT, M_GEORGIA_2020_CORRUPT):
        assert not (trade["usd_million"] - corrupt).abs().lt(1e-3).any()
    assert not trade["source"].str.contains(r"'Imports, CIF'!Q").any(), "column Q of imports is 2020"


def test_eaeu_is_the_sum_of_its_five_members(trade):
    exports = one(trade, year=2019, partner="EAEU", flow="exports")
    imports = one(trade, year=2019, partner="EAEU", flow="imports")
    assert exports["usd_million"] == pytest.approx(X_RUS_2019 + sum(X_EAEU_OTHERS_2019), abs=1e-6)
    assert imports["usd_million"] == pytest.approx(M_RUS_2019 + sum(M_EAEU_OTHERS_2019), abs=1e-6)
    assert "sum of the rows of Russia, Belarus, Kazakhstan, Armenia and Kyrgyzstan" in exports["basis"]


def test_eaeu_left_out_when_a_member_has_no_figure(trade):
    eaeu_2010 = trade[(trade["year"] == 2010) & (trade["partner"] == "EAEU")]
    assert set(eaeu_2010["flow"]) == {"imports"}, "Kyrgyz exports 2010 are blank: no partial sum, no total"
    assert len(trade[(trade["year"] == 2010) & (trade["partner"] == "RUS")]) >= 3


def test_every_missing_figure_is_in_the_gap_table_with_its_cell(trade):
    """imf_dots_serbia_gaps: each partner, flow and year the trade table lacks, and why."""
    gaps = load_table("imf_dots_serbia_gaps", DATA)
    # the original itself, opened here: G113 is Kyrgyz Rep.'s 2010 export cell, and it is empty
    sheet = openpyxl.load_workbook(DOTS_DIR / rt.SERBIA_FILE, data_only=True)["Exports, FOB"]
    assert sheet["B113"].value == "Kyrgyz Rep." and sheet["G7"].value == "2010" and sheet["G113"].value is None
    blank = gaps[gaps["cause"] == "blank"].set_index("flow")
    assert list(blank.index) == ["exports", "total"] and set(blank["partner"]) == {"EAEU"}
    assert set(blank["year"]) == {2010} and set(blank["rows"]) == {"Kyrgyz Rep."}
    assert set(blank["cells"]) == {"DOTS_170_Serbia.xlsx 'Exports, FOB'!G113"}
    corrupt = gaps[gaps["cause"] == "corrupt"]
    assert set(corrupt["year"]) == {2020} and set(corrupt["flow"]) == {"imports", "total"}
    assert set(corrupt["partner"]) == {"EU", "EAEU", "RUS", "CHN", "USA"}
    assert one(corrupt, partner="RUS", flow="imports")["cells"] == "DOTS_170_Serbia.xlsx 'Imports, CIF'!Q103"
    # the two tables together cover every partner, flow and year of Serbia's file exactly once
    own = trade[~trade["is_mirror"].astype(bool)]
    have = set(zip(own["partner"], own["flow"], own["year"]))
    lack = set(zip(gaps["partner"], gaps["flow"], gaps["year"]))
    grid = {(p, f, y) for p in ("EU", "EAEU", "RUS", "CHN", "USA") for f in ("exports", "imports", "total")
            for y in range(2006, 2021)}
    assert have | lack == grid and not have & lack
    assert rt.render_csv(rt.dots_gaps_table(DOTS_DIR)) == (DATA / "external/imf_dots_serbia_gaps.csv").read_text()


def test_article_2019_shares_and_their_dots_counterparts(trade):
    got = rt.article_counterparts(trade).set_index(["partner", "flow"])["share_of_total_pct"]
    x_eaeu = X_RUS_2019 + sum(X_EAEU_OTHERS_2019)
    m_eaeu = M_RUS_2019 + sum(M_EAEU_OTHERS_2019)
    expected = {
        ("EU", "total"): 100 * (X_EU_2019 + M_EU_2019) / (X_WORLD_2019 + M_WORLD_2019),   # 61.435
        ("EU", "exports"): 100 * X_EU_2019 / X_WORLD_2019,                                # 67.143
        ("EU", "imports"): 100 * M_EU_2019 / M_WORLD_2019,                                # 57.381
        ("EAEU", "total"): 100 * (x_eaeu + m_eaeu) / (X_WORLD_2019 + M_WORLD_2019),       # 8.539
        ("EAEU", "exports"): 100 * x_eaeu / X_WORLD_2019,                                 # 5.660
        ("EAEU", "imports"): 100 * m_eaeu / M_WORLD_2019,                                 # 10.584
    }
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, abs=1e-3), key
        print(f"{key}: article {ARTICLE_2019[key]} %, IMF DOTS {got[key]:.1f} %")
    assert set(got.index) == set(ARTICLE_2019)


def test_trade_shares_filters_and_hides_mirrors_by_default(trade):
    rows = rt.trade_shares(trade, partners=["RUS", "CHN"], years=[2019, 2020], flows=["imports"])
    assert not rows["is_mirror"].any()
    assert set(zip(rows["partner"], rows["year"])) == {("RUS", 2019), ("CHN", 2019)}
    with_mirror = rt.trade_shares(trade, partners=["CHN"], years=[2020], flows=["imports"], include_mirror=True)
    assert with_mirror["usd_million"].tolist() == pytest.approx([CHN_TO_SRB_2020])
    assert list(rows.columns) == rt.SHARE_COLUMNS


def test_partner_codes_exist_in_partners_csv(trade):
    codes = set(pd.read_csv(DATA / "partners.csv")["code"])
    assert set(trade["partner"]) == {"EU", "EAEU", "RUS", "CHN", "USA"} <= codes


# === Eurostat ===========================================================================

def test_gas_share_2019_and_2020(gas):
    shares = rt.gas_share(gas).set_index("year")
    assert shares.loc[2019, "share_russia_pct"] == pytest.approx(100 * GAS_RUS_2019 / GAS_TOTAL_2019, abs=1e-3)
    assert shares.loc[2020, "share_russia_pct"] == pytest.approx(100 * GAS_RUS_2020 / GAS_TOTAL_2020, abs=1e-3)
    assert shares.loc[2019, "tj_total"] == GAS_TOTAL_2019
    assert "transit" in shares.loc[2020, "note"]
    assert list(shares.index) == list(range(2011, 2021))


def test_eu27_exports_2019_and_2023(exports):
    values = rt.eu27_exports(exports).set_index("year")["eur_million"]
    assert values[2019] == pytest.approx(EU27_TO_SRB_2019 / 1e6, abs=1e-6)
    assert values[2023] == pytest.approx(EU27_TO_SRB_2023 / 1e6, abs=1e-6)
    assert list(values.index) == list(range(2010, 2024))
    assert set(exports["basis"]) == {"mirror: EU27 exports to Serbia (Eurostat Comext)"}


def test_render_csv_writes_true_false_and_blanks():
    frame = pd.DataFrame({"a": [1, 2], "flag": [True, False], "x": [1.5, None]})
    assert rt.render_csv(frame) == "a,flag,x\n1,true,1.5\n2,false,\n"


# === originals that are not what the builder expects: a clear message ====================

def test_non_number_in_a_dots_cell_names_the_cell(tmp_path):
    workbook = openpyxl.load_workbook(DOTS_DIR / rt.SERBIA_FILE)
    workbook["Exports, FOB"]["P226"] = "12718.3 e"
    broken = tmp_path / rt.SERBIA_FILE
    workbook.save(broken)
    with pytest.raises(rt.SourceFileError, match=r"DOTS_170_Serbia.xlsx 'Exports, FOB'!P226: “12718.3 e” is not a number"):
        rt.read_dots_sheet(broken, "Exports, FOB", {"European Union"})


def test_missing_dots_partner_row_is_named(tmp_path):
    with pytest.raises(rt.SourceFileError, match="no row for Atlantis"):
        rt.read_dots_sheet(DOTS_DIR / rt.SERBIA_FILE, "Imports, CIF", {"World", "Atlantis"})


def test_comext_file_with_two_serbia_rows_is_refused(tmp_path):
    folder = tmp_path / "original"
    folder.mkdir()
    source = COMEXT_DIR / "Relational_View_2024-11-17T08_31_46.675Z.csv"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    serbia = [line for line in lines if ',"Serbia",' in line]
    (folder / source.name).write_text("".join(lines + serbia), encoding="utf-8")
    with pytest.raises(rt.SourceFileError, match="expected one Serbia row, found 2"):
        rt.eu27_exports_table(folder)


def test_comext_row_of_another_flow_is_refused(tmp_path):
    folder = tmp_path / "original"
    folder.mkdir()
    source = COMEXT_DIR / "Relational_View_2024-11-17T08_31_46.675Z.csv"
    (folder / source.name).write_text(source.read_text(encoding="utf-8").replace('"2-EXPORT"', '"1-IMPORT"'),
                                      encoding="utf-8")
    with pytest.raises(rt.SourceFileError, match=r"line 195, column FLOW: unexpected “1-IMPORT”"):
        rt.eu27_exports_table(folder)


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
def test_gas_sheet_of_another_partner_is_refused(tmp_path):
    workbook = openpyxl.load_workbook(GAS_XLSX)
    workbook["Sheet 1"]["C7"] = "Norway"
    broken = tmp_path / GAS_XLSX.name
    workbook.save(broken)
    with pytest.raises(rt.SourceFileError, match="'Geopolitical entity \\(partner\\)' is “Norway”, expected “Russia”"):
        rt.gas_imports_table(broken)


def test_missing_original_is_named(tmp_path):
    with pytest.raises(rt.SourceFileError, match="the file is missing"):
        rt.dots_trade_table(tmp_path)
    shutil.copytree(DOTS_DIR, tmp_path / "dots")
    (tmp_path / "dots" / "mirror" / "DOTS_40_ChinaMainland.xlsx").unlink()
    with pytest.raises(rt.SourceFileError, match="DOTS_40_ChinaMainland.xlsx: the file is missing"):
        rt.dots_trade_table(tmp_path / "dots")
