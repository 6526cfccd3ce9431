"""Serbia's trade by partner and gas imports from Russia, read from the producers' original files.

Two halves, both plain Python (no Streamlit):

* builders (``dots_trade_table``, ``eu27_exports_table``, ``gas_imports_table``) read the original
  IMF DOTS and Eurostat files under data/external/ and return tidy tables; only
  ``python -m scripts.refresh`` (scripts/refresh.py) and the tests call them. They need ``openpyxl`` (a test
  and build dependency), imported inside the reader so the app never needs it;
* selectors (``trade_shares``, ``article_counterparts``, ``gas_share``,
  ``eu27_exports``) take the derived CSVs as loaded by components.data and return what a page
  draws.

Each series is read the way its producer reads it (see the ``*_METHOD_NOTE`` constants): DOTS
"European Union" is the EU27 for every year, Serbia's exports are FOB and imports CIF, a
partner's own figures are "mirror" statistics and differ, Eurostat's gas partner can be the
transit country. Serbia's 2020 imports by partner are wrong in the DOTS release held here
(IMPORTS_2020_GAP) and are never produced from Serbia's file.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components import countries

# Why Serbia's 2020 imports by partner are missing, in plain words (data/external/imf_dots/SOURCE.md,
# caveat 1: Georgia 1607, Chile 1512, Israel 1010 USD m in 2020 while Germany, Italy, Russia and China fall).
IMPORTS_2020_GAP = ("in the IMF release held here, part of their value is booked to implausible partners "
                    "such as Georgia, Chile and Israel")
DOTS_METHOD_NOTE = (
    "IMF DOTS, USD million as Serbia reports them (exports FOB, imports CIF); “EU” is the EU27 "
    "(post-Brexit members) in every year; EAEU is the sum of its five members' rows; Serbia's 2020 "
    f"imports by partner are not shown ({IMPORTS_2020_GAP}); mirror rows are the partner's own "
    "exports to Serbia (FOB), which differ from Serbia's imports (CIF, transit, gas valuation)."
)
EU27_EXPORTS_METHOD_NOTE = (
    "Eurostat Comext, EU27 (2020 members) exports of all goods to Serbia, EUR million: a mirror of "
    "Serbia's imports from the EU, valued FOB at the EU border, not Serbia's CIF figure."
)
GAS_METHOD_NOTE = (
    "Eurostat nrg_ti_gas, natural gas imports reported by Serbia, terajoules (gross calorific value); "
    "the partner is the country Serbia records, which can be the transit or contract country "
    "(e.g. Hungary, Bulgaria) rather than where the gas was produced."
)
GAS_TRANSIT_NOTE = "Partner as reported; it can be the transit/contract country, not the origin of the gas."

SERBIA_FILE = "DOTS_170_Serbia.xlsx"
MIRROR_FILES = {"RUS": "mirror/DOTS_162_RussianFederation.xlsx", "CHN": "mirror/DOTS_40_ChinaMainland.xlsx"}
MIRROR_REPORTER_NAMES = {"RUS": "Russia", "CHN": "China"}
EXPORTS_SHEET, IMPORTS_SHEET = "Exports, FOB", "Imports, CIF"
WORLD = "World"
# The DOTS partners the table holds. "European Union" equals the sum of the 27 post-Brexit members
# in every year of this vintage (shared SOURCE.md, caveat 2). DOTS names come from the crosswalk.
DOTS_PARTNER_CODES = ("EU", "RUS", "CHN", "USA")


def dots_name(code: str) -> str:
    """The name IMF DOTS gives a country or bloc, as reporter or partner (data/partners.csv)."""
    return str(countries.producer_codes("imf")[code])


def dots_partners() -> dict[str, str]:
    return {code: dots_name(code) for code in DOTS_PARTNER_CODES}


def eaeu_members() -> dict[str, str]:
    """DOTS has no EAEU aggregate: the bloc is the sum of its five members (data/memberships.csv),
    for every year (a fixed composition, as DOTS does for the EU27), and only where all five have a figure."""
    return {code: dots_name(code) for code in countries.ever_members("EAEU")}


def eaeu_basis_suffix() -> str:
    return "; EAEU = sum of the rows of " + _and(list(countries.names().get(c, c) for c in eaeu_members()))


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

# Serbia's 2020 import rows moved value to implausible partners (Georgia, Chile, Israel, ...).
CORRUPT_IMPORT_YEARS = frozenset({2020})

OWN_BASIS = {"exports": "Serbia's own report, exports FOB", "imports": "Serbia's own report, imports CIF",
             "total": "Serbia's own report, exports FOB + imports CIF"}
EU27_EXPORTS_BASIS = "mirror: EU27 exports to Serbia (Eurostat Comext)"
DOTS_COLUMNS = ["year", "partner", "flow", "usd_million", "share_of_total_pct", "basis", "is_mirror", "source"]
EU27_COLUMNS = ["year", "eur_million", "basis", "source_file"]
GAS_COLUMNS = ["year", "tj_from_russia", "tj_total", "share_russia_pct", "note"]


class SourceFileError(ValueError):
    """An original file does not look the way the builder expects; the message says where."""


@dataclass(frozen=True)
class Cell:
    value: float
    ref: str  # "file 'sheet'!P226", so every figure can be found again in the original


# === reading the originals ==============================================================

def _open_workbook(path: Path):
    import openpyxl  # build/test dependency only; the app reads the derived CSVs

    try:
        # not read_only: the Eurostat export declares a wrong sheet size, and read-only mode trusts it
        return openpyxl.load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise SourceFileError(f"{path}: the file is missing") from None


def _year_header(rows: list[tuple], label: str) -> tuple[int, dict[int, int]]:
    """Index of the row holding the years (as text, columns C...) and column index -> year."""
    for index, row in enumerate(rows):
        years = {col: int(v) for col, v in enumerate(row) if isinstance(v, str) and re.fullmatch(r"\d{4}", v)}
        if len(years) >= 2:
            return index, years
    raise SourceFileError(f"{label}: no row of years (e.g. '2006', '2007') found")


def _sheet_rows(path: Path, sheets: tuple[str, ...]) -> dict[str, list[tuple]]:
    """The cell values of each of ``sheets``, row by row, from one opening of the workbook."""
    workbook = _open_workbook(path)
    try:
        for sheet in sheets:
            if sheet not in workbook.sheetnames:
                raise SourceFileError(f"{path.name}: no sheet '{sheet}' (sheets: {', '.join(workbook.sheetnames)})")
        return {sheet: list(workbook[sheet].iter_rows(values_only=True)) for sheet in sheets}
    finally:
        workbook.close()


def _dots_rows(path: Path, sheet: str, partners: set[str], first_year: int | None, rows: list[tuple] | None = None):
    """(label, {col: year}, [(name, 1-based row index, row)]) of the wanted partner rows of one DOTS sheet;
    ``rows``: the sheet's rows already read (``_sheet_rows``)."""
    if rows is None:
        rows = _sheet_rows(path, (sheet,))[sheet]
    label = f"{path.name} '{sheet}'"
    header, years = _year_header(rows, label)
    years = {col: year for col, year in years.items() if first_year is None or year >= first_year}
    wanted = [(row[1], index, row) for index, row in enumerate(rows[header + 1:], start=header + 2)
              if len(row) > 1 and row[1] in partners]
    missing = partners - {name for name, _, _ in wanted}
    if missing:
        raise SourceFileError(f"{label}: no row for {', '.join(sorted(missing))} in column B")
    return label, years, wanted


def read_dots_sheet(path: Path, sheet: str, partners: set[str],
                    first_year: int | None = None, rows: list[tuple] | None = None) -> dict[str, dict[int, Cell]]:
    """The wanted partner rows of one DOTS sheet: partner name -> year -> Cell (blank = absent);
    ``first_year``: earlier columns are not read (a neighbour's file starts in 1981 or earlier,
    with IMF estimates marked " e"); ``rows``: the sheet's rows already read (``_sheet_rows``)."""
    label, years, wanted = _dots_rows(path, sheet, partners, first_year, rows)
    found: dict[str, dict[int, Cell]] = {}
    for name, index, row in wanted:
        cells = {year: _dots_cell(row[col], f"{label}!{_column_letter(col)}{index}")
                 for col, year in years.items() if row[col] is not None}
        if name in found and {y: c.value for y, c in found[name].items()} != {y: c.value for y, c in cells.items()}:
            raise SourceFileError(f"{label}, row {index}: '{name}' appears twice with different values")
        found.setdefault(name, cells)
    return found


def dots_blank_cells(path: Path, sheet: str, partners: set[str]) -> dict[str, dict[int, str]]:
    """Partner name -> year -> reference of each cell the sheet leaves blank (first row of a name)."""
    label, years, wanted = _dots_rows(path, sheet, partners, None)
    blanks: dict[str, dict[int, str]] = {}
    for name, index, row in wanted:
        blanks.setdefault(name, {year: f"{label}!{_column_letter(col)}{index}"
                                 for col, year in years.items() if row[col] is None})
    return blanks


def _dots_cell(value, ref: str) -> Cell:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SourceFileError(f"{ref}: “{value}” is not a number (DOTS estimates marked ' e' are not expected here)")
    return Cell(float(value), ref)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# === IMF DOTS: Serbia's trade by partner ================================================

def dots_trade_table(dots_dir: Path) -> pd.DataFrame:
    """Serbia's exports, imports and total trade with EU, RUS, CHN, USA, EAEU, plus mirror imports.

    Shares are of Serbia's trade with the World for the same flow and year, on Serbia's own
    figures; mirror rows carry no share (a partner's FOB over Serbia's CIF total mixes bases).
    """
    wanted = {WORLD, *dots_partners().values(), *eaeu_members().values()}
    sheets = {flow: read_dots_sheet(dots_dir / SERBIA_FILE, sheet, wanted)
              for flow, sheet in (("exports", EXPORTS_SHEET), ("imports", IMPORTS_SHEET))}
    sheets["imports"] = {name: _drop_years(cells, CORRUPT_IMPORT_YEARS) for name, cells in sheets["imports"].items()}
    own = {flow: _partner_series(cells) for flow, cells in sheets.items()}
    own["total"] = _total_series(own["exports"], own["imports"])
    rows = [_own_row(flow, code, year, cell, series[WORLD][year])
            for flow, series in own.items()
            for code, cells in series.items() if code != WORLD
            for year, cell in cells.items() if year in series[WORLD]]
    years = set().union(*(cells.keys() for cells in sheets["exports"].values()))
    rows += _mirror_rows(dots_dir, years)
    frame = pd.DataFrame(rows, columns=DOTS_COLUMNS)
    return frame.sort_values(["partner", "flow", "is_mirror", "year"], ignore_index=True)


GAP_COLUMNS = ["year", "partner", "flow", "cause", "rows", "cells"]
GAP_CAUSES = {"blank": "left blank in the original", "corrupt": "corrupt in this vintage (not used)"}


def dots_gaps_table(dots_dir: Path) -> pd.DataFrame:
    """Every partner, flow and year of Serbia's file (2006–2020) that dots_trade_table has no figure
    for, and why: ``cause`` "blank" (the original leaves the cell empty: unknown, not 0) or "corrupt"
    (Serbia's 2020 imports by partner); ``rows`` the DOTS names of the rows concerned (an EAEU member
    whose cell is blank), ``cells`` their references. A total has a gap where a flow has one."""
    path = dots_dir / SERBIA_FILE
    rows_of = {**{code: [name] for code, name in dots_partners().items()}, "EAEU": list(eaeu_members().values())}
    names = {name for row_names in rows_of.values() for name in row_names}
    sheets = {"exports": EXPORTS_SHEET, "imports": IMPORTS_SHEET}
    cells = {flow: read_dots_sheet(path, sheet, names | {WORLD}) for flow, sheet in sheets.items()}
    blanks = {flow: dots_blank_cells(path, sheet, names) for flow, sheet in sheets.items()}
    years = sorted(set().union(*(c.keys() for c in cells["exports"].values())))
    gaps: dict[tuple[str, str, int], list[tuple[str, str, str]]] = {}
    for code, row_names in rows_of.items():
        for flow in sheets:
            for year in years:
                found = []
                for name in row_names:
                    if year in blanks[flow][name]:
                        found.append(("blank", name, blanks[flow][name][year]))
                    elif flow == "imports" and year in CORRUPT_IMPORT_YEARS:
                        found.append(("corrupt", name, cells[flow][name][year].ref))
                if found:
                    gaps[(code, flow, year)] = found
    for (code, _flow, year), found in list(gaps.items()):
        gaps.setdefault((code, "total", year), []).extend(found)
    out = []
    for (code, flow, year), found in gaps.items():
        causes = list(dict.fromkeys(cause for cause, _, _ in found))
        shown = [(name, ref) for cause, name, ref in found if cause == causes[0]] if len(causes) == 1 else \
            [(name, ref) for _, name, ref in found]
        out.append([year, code, flow, ";".join(causes), ";".join(dict.fromkeys(n for n, _ in shown)),
                    _join_refs([ref for _, ref in shown], ",")])
    frame = pd.DataFrame(out, columns=GAP_COLUMNS)
    return frame.sort_values(["partner", "flow", "year"], ignore_index=True)


def _drop_years(cells: dict[int, Cell], years: frozenset[int]) -> dict[int, Cell]:
    return {year: cell for year, cell in cells.items() if year not in years}


def _partner_series(cells_by_name: dict[str, dict[int, Cell]]) -> dict[str, dict[int, Cell]]:
    """Partner code (and WORLD) -> year -> Cell for one flow; EAEU only where all members report."""
    series = {code: cells_by_name[name] for code, name in dots_partners().items()}
    series[WORLD] = cells_by_name[WORLD]
    members = [cells_by_name[name] for name in eaeu_members().values()]
    common = set.intersection(*(set(cells) for cells in members))
    series["EAEU"] = {year: _sum_cells([cells[year] for cells in members]) for year in sorted(common)}
    return series


def _sum_cells(cells: list[Cell]) -> Cell:
    return Cell(sum(cell.value for cell in cells), _join_refs([cell.ref for cell in cells], "+"))


def _join_refs(refs: list[str], sep: str) -> str:
    """One sheet named once: "file 'sheet'!A1+B2"; refs of several sheets each in full (" + ")."""
    prefix = refs[0].split("!")[0]
    if all(ref.startswith(prefix + "!") for ref in refs):
        return prefix + "!" + sep.join(ref.split("!")[1] for ref in refs)
    return f" {sep.strip() or sep} ".join(refs)


def _total_series(exports: dict, imports: dict) -> dict[str, dict[int, Cell]]:
    """Exports + imports, both Serbia's own figures, only for years where both exist."""
    return {code: {year: _sum_cells([exports[code][year], imports[code][year]])
                   for year in sorted(set(exports[code]) & set(imports[code]))}
            for code in exports}


def _own_row(flow: str, code: str, year: int, cell: Cell, world: Cell) -> list:
    basis = OWN_BASIS[flow] + (eaeu_basis_suffix() if code == "EAEU" else "")
    share = round(100 * cell.value / world.value, 3)
    return [year, code, flow, round(cell.value, 6), share, basis, False, cell.ref]


def _mirror_rows(dots_dir: Path, years: set[int]) -> list[list]:
    """Each mirror partner's own exports to Serbia (FOB): a labelled stand-in for Serbia's imports."""
    rows = []
    for code, relative in MIRROR_FILES.items():
        serbia = dots_name(countries.REPORTER)
        cells = read_dots_sheet(dots_dir / relative, EXPORTS_SHEET, {serbia})[serbia]
        basis = f"mirror: {MIRROR_REPORTER_NAMES[code]}'s exports to Serbia, FOB"
        rows += [[year, code, "imports", round(cell.value, 6), None, basis, True, cell.ref]
                 for year, cell in cells.items() if year in years]
    return rows


# === IMF DOTS: each neighbour's own trade by partner (the Region page) ==================

REGION_PARTNER_CODES = ("EU", "RUS", "CHN")
REGION_FIRST_YEAR = 2006  # Serbia's series starts with Montenegro's independence: one window for all
REGION_COLUMNS = ["reporter", "partner", "flow", "year", "usd_million", "share_of_total_pct", "basis", "source"]
REPORTER_CELL = (3, 1)  # row 4, column B: the reporter's DOTS name
REGION_METHOD_NOTE = (
    "IMF DOTS, each country's own report (exports FOB, imports CIF, total = exports + imports), as a share "
    "of that country's trade with the World in the same flow and year, so countries of different sizes "
    "compare; “EU” is the EU27 (post-Brexit members) in every year. A blank cell is unknown, not 0 (Kosovo's "
    "exports to Russia in several years). Serbia's 2020 imports by partner are not shown, nor its 2020 total "
    f"({IMPORTS_2020_GAP}); the neighbours' 2020 import rows were checked and look plausible.")


def dots_reporter(path: Path, rows: dict[str, list[tuple]] | None = None) -> str:
    """The ISO code of the country whose own report a DOTS file is (row 4, column B of both sheets,
    matched to the crosswalk's IMF names); ``rows``: both sheets already read (``_sheet_rows``)."""
    if rows is None:
        rows = _sheet_rows(path, (EXPORTS_SHEET, IMPORTS_SHEET))
    names = set()
    for sheet in (EXPORTS_SHEET, IMPORTS_SHEET):
        row = rows[sheet][REPORTER_CELL[0]] if len(rows[sheet]) > REPORTER_CELL[0] else ()
        names.add(row[REPORTER_CELL[1]] if len(row) > REPORTER_CELL[1] else None)
    iso_of = countries.from_producer("imf")
    (name,) = names if len(names) == 1 else (None,)
    if name not in iso_of:
        raise SourceFileError(f"{path.name} 'Exports, FOB'!B4: reporter “{name}” is not an IMF name in "
                              "data/partners.csv (column imf_name)")
    return iso_of[name]


def reporter_trade_rows(path: Path, reporter: str, first_year: int = REGION_FIRST_YEAR,
                        rows: dict[str, list[tuple]] | None = None) -> list[list]:
    """One reporter's exports, imports and total with the EU, Russia and China, and each as a share
    of its trade with the World (same flow and year; years where the World figure exists)."""
    names = {code: dots_name(code) for code in REGION_PARTNER_CODES}
    wanted = {WORLD, *names.values()}
    if rows is None:  # both sheets already read (``_sheet_rows``), or read here
        rows = _sheet_rows(path, (EXPORTS_SHEET, IMPORTS_SHEET))
    sheets = {flow: read_dots_sheet(path, sheet, wanted, first_year, rows=rows[sheet])
              for flow, sheet in (("exports", EXPORTS_SHEET), ("imports", IMPORTS_SHEET))}
    own = {flow: {code: cells[name] for code, name in {**names, WORLD: WORLD}.items()}
           for flow, cells in sheets.items()}
    own["total"] = _total_series(own["exports"], own["imports"])
    who = countries.names().get(reporter, reporter)
    basis = {"exports": f"{who}'s own report, exports FOB", "imports": f"{who}'s own report, imports CIF",
             "total": f"{who}'s own report, exports FOB + imports CIF"}
    return [[reporter, code, flow, year, round(cell.value, 6), round(100 * cell.value / series[WORLD][year].value, 3),
             basis[flow], cell.ref]
            for flow, series in own.items() for code in REGION_PARTNER_CODES
            for year, cell in series[code].items() if year in series[WORLD] and series[WORLD][year].value]


def region_trade_table(dots_dir: Path) -> pd.DataFrame:
    """Every reporter file under ``dots_dir`` (one country's own DOTS report each), long: reporter,
    partner (EU, RUS, CHN), flow, year, usd_million, share_of_total_pct, basis, source cell."""
    files = sorted(dots_dir.glob("*.xlsx"))
    if not files:
        raise SourceFileError(f"{dots_dir}: no DOTS .xlsx files")
    rows, seen = [], {}
    for path in files:
        sheet_rows = _sheet_rows(path, (EXPORTS_SHEET, IMPORTS_SHEET))  # each file opened once
        reporter = dots_reporter(path, sheet_rows)
        if reporter in seen:
            raise SourceFileError(f"{path.name}: reports for {reporter}, as {seen[reporter]} does")
        if reporter == countries.REPORTER:
            raise SourceFileError(f"{path.name}: Serbia's own file belongs in imf_dots/ (its 2020 imports are corrupt)")
        seen[reporter] = path.name
        rows += reporter_trade_rows(path, reporter, rows=sheet_rows)
    frame = pd.DataFrame(rows, columns=REGION_COLUMNS)
    return frame.sort_values(["reporter", "partner", "flow", "year"], ignore_index=True)


# === Eurostat Comext: EU27 exports to Serbia ============================================

SERBIA_IN_COMEXT = {"Serbia", "Serbie"}  # the 2016 export is in French
EU27_REPORTER = re.compile(r"^(European Union - 27 countries|Union européenne - 27 pays) \(AT, BE, ")
COMEXT_PERIOD = re.compile(r"Jan\.-Dec\. (\d{4})$")


def eu27_exports_table(original_dir: Path) -> pd.DataFrame:
    """One row per year: the Serbia row of each Comext export file, EUR million."""
    rows = [_comext_serbia_row(path) for path in sorted(original_dir.glob("*.csv"))]
    if not rows:
        raise SourceFileError(f"{original_dir}: no Comext CSV files")
    frame = pd.DataFrame(rows, columns=EU27_COLUMNS).sort_values("year", ignore_index=True)
    duplicated = frame[frame["year"].duplicated(keep=False)]
    if not duplicated.empty:
        raise SourceFileError(f"{original_dir}: year {duplicated['year'].iloc[0]} is in "
                              f"{' and '.join(duplicated['source_file'])}")
    return frame


def _comext_serbia_row(path: Path) -> list:
    with path.open(encoding="utf-8", newline="") as handle:
        records = [(line, record) for line, record in enumerate(csv.DictReader(handle), start=2)
                   if record["PARTNER"] in SERBIA_IN_COMEXT]
    if len(records) != 1:
        raise SourceFileError(f"{path.name}: expected one Serbia row, found {len(records)}")
    line, record = records[0]
    _check_comext_record(record, f"{path.name}, line {line}")
    year = int(COMEXT_PERIOD.search(record["PERIOD"]).group(1))
    return [year, int(record["VALUE_IN_EUR"]) / 1_000_000, EU27_EXPORTS_BASIS, path.name]


def _check_comext_record(record: dict, place: str) -> None:
    """The row must be EU27 -> Serbia, all products, exports, full year, a whole number of euros."""
    checks = {
        "REPORTER": EU27_REPORTER.match(record["REPORTER"]),
        "PRODUCT": record["PRODUCT"] in {"Total", "TOTAL-Total"},
        "FLOW": record["FLOW"] in {"EXPORT", "2-EXPORT", "EXPORTATION"},
        "STAT_PROCEDURE": record["STAT_PROCEDURE"] in {"Total", "T-Total"},
        "PERIOD": COMEXT_PERIOD.search(record["PERIOD"]),
        "VALUE_IN_EUR": record["VALUE_IN_EUR"].isdigit(),
    }
    for column, ok in checks.items():
        if not ok:
            raise SourceFileError(f"{place}, column {column}: unexpected “{record[column]}”")


# === Eurostat nrg_ti_gas: Serbia's natural gas imports ==================================

GAS_SHEETS = {"tj_from_russia": ("Sheet 1", "Russia"), "tj_total": ("Sheet 2", "Total")}
GAS_UNIT = "Terajoule (gross calorific value - GCV)"
NOT_AVAILABLE = ":"


def gas_imports_table(xlsx: Path) -> pd.DataFrame:
    """Serbia's natural gas imports from Russia and in total (TJ, GCV) and Russia's share, by year."""
    workbook = _open_workbook(xlsx)
    series = {column: _gas_serbia_row(workbook, sheet, partner, xlsx.name)
              for column, (sheet, partner) in GAS_SHEETS.items()}
    workbook.close()
    years = sorted(set(series["tj_from_russia"]) | set(series["tj_total"]))
    rows = []
    for year in years:
        russia, total = series["tj_from_russia"].get(year), series["tj_total"].get(year)
        share = round(100 * russia / total, 3) if russia is not None and total else None
        rows.append([year, russia, total, share, GAS_TRANSIT_NOTE])
    return pd.DataFrame(rows, columns=GAS_COLUMNS)


def _gas_serbia_row(workbook, sheet: str, partner: str, file: str) -> dict[int, float]:
    """Year -> TJ in the Serbia row of one sheet, after checking the sheet is what we think."""
    rows = list(workbook[sheet].iter_rows(values_only=True))
    label = f"{file} '{sheet}'"
    settings = {row[0]: row[2] for row in rows[:10] if row and len(row) > 2}
    expected = {"Standard international energy product classification (SIEC)": "Natural gas",
                "Geopolitical entity (partner)": partner, "Unit of measure": GAS_UNIT}
    for key, value in expected.items():
        if settings.get(key) != value:
            raise SourceFileError(f"{label}: '{key}' is “{settings.get(key)}”, expected “{value}”")
    header, years = _year_header(rows, label)
    serbia = [(index, row) for index, row in enumerate(rows, start=1) if row and row[0] == "Serbia"]
    if len(serbia) != 1:
        raise SourceFileError(f"{label}: expected one 'Serbia' row, found {len(serbia)}")
    index, row = serbia[0]
    return {year: _gas_value(row[col], f"{label}!{_column_letter(col)}{index}")
            for col, year in years.items() if row[col] != NOT_AVAILABLE}


def _gas_value(value, ref: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SourceFileError(f"{ref}: “{value}” is not a number or ':' (not available)")
    return float(value)


# === writing the derived CSVs ===========================================================

def render_csv(frame: pd.DataFrame) -> str:
    """The CSV text the build script writes: UTF-8, '\\n' line ends, blank = missing, true/false."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == bool or out[column].map(type).eq(bool).all():
            out[column] = out[column].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n")


def sha256_hash(path: Path) -> str:
    """The Frictionless `hash` of a file: "sha256:<hex>"."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


# === what the pages call (on the derived CSVs, as loaded by components.data) ============

SHARE_COLUMNS = ["year", "partner", "flow", "usd_million", "share_of_total_pct", "basis", "is_mirror"]


def trade_shares(trade: pd.DataFrame, partners=None, years=None, flows=None,
                 include_mirror: bool = False) -> pd.DataFrame:
    """DOTS rows for the chosen partners, years and flows (None = all); Serbia's own figures only
    unless include_mirror (mirror rows have a value but no share)."""
    rows = trade if include_mirror else trade[~trade["is_mirror"].astype(bool)]
    for column, wanted in (("partner", partners), ("year", years), ("flow", flows)):
        if wanted is not None:
            rows = rows[rows[column].isin(list(wanted))]
    return rows[SHARE_COLUMNS].sort_values(["partner", "flow", "is_mirror", "year"], ignore_index=True)


def article_counterparts(trade: pd.DataFrame, year: int = 2019) -> pd.DataFrame:
    """DOTS shares matching the article's 2019 figures (EU and Russia + EAEU, three flows).

    Russia is an EAEU member, so "Russia and the EAEU" is the EAEU row, not RUS + EAEU.
    """
    rows = trade_shares(trade, partners=["EU", "EAEU"], years=[year])
    return rows[["year", "flow", "partner", "share_of_total_pct", "usd_million"]].reset_index(drop=True)


def gas_share(gas: pd.DataFrame, years=None) -> pd.DataFrame:
    """Russia's share of Serbia's natural gas imports by year (TJ, GCV), years with both figures."""
    rows = gas.dropna(subset=["share_russia_pct"])
    if years is not None:
        rows = rows[rows["year"].isin(list(years))]
    return rows[["year", "share_russia_pct", "tj_from_russia", "tj_total", "note"]].sort_values(
        "year", ignore_index=True)


def eu27_exports(exports: pd.DataFrame, years=None) -> pd.DataFrame:
    """EU27 exports to Serbia (EUR million, mirror basis) by year."""
    rows = exports if years is None else exports[exports["year"].isin(list(years))]
    return rows[["year", "eur_million", "basis"]].sort_values("year", ignore_index=True)


# --- the EU with the United Kingdom (the article's 2019 "EU" may be either) ------------------------

EU28_COLUMNS = ["year", "flow", "usd_million", "share_of_total_pct", "basis", "source"]
UK = "GBR"


def eu28_trade_table(dots_dir: Path) -> pd.DataFrame:
    """Serbia's exports, imports and total trade with the EU27 and the United Kingdom together (the
    EU's 28 members of 2013–2020), for the years the UK was a member at the end of (data/memberships.csv:
    it left on 2020-01-31, so to 2019), as a share of Serbia's trade with the World. DOTS's "European
    Union" row is the EU27 in every year; the UK is its own row, added cell by cell."""
    names = {"EU": dots_name("EU"), UK: dots_name(UK)}
    sheets = {flow: read_dots_sheet(dots_dir / SERBIA_FILE, sheet, {WORLD, *names.values()})
              for flow, sheet in (("exports", EXPORTS_SHEET), ("imports", IMPORTS_SHEET))}
    sheets["imports"] = {name: _drop_years(cells, CORRUPT_IMPORT_YEARS) for name, cells in sheets["imports"].items()}
    own = {flow: {"EU28": {year: _sum_cells([cells[names["EU"]][year], cells[names[UK]][year]])
                           for year in sorted(set(cells[names["EU"]]) & set(cells[names[UK]]))},
                  WORLD: cells[WORLD]} for flow, cells in sheets.items()}
    own["total"] = _total_series(own["exports"], own["imports"])
    suffix = ("; EU27 + UK = DOTS “European Union” (today's 27 members, in every year) + United Kingdom, the EU's "
              "28 members of 2013–2020")
    rows = [[year, flow, round(cell.value, 6), round(100 * cell.value / series[WORLD][year].value, 3),
             OWN_BASIS[flow] + suffix, cell.ref]
            for flow, series in own.items() for year, cell in series["EU28"].items()
            if year in series[WORLD] and UK in countries.members("EU", datetime.date(year, 12, 31))]
    return pd.DataFrame(rows, columns=EU28_COLUMNS).sort_values(["flow", "year"], ignore_index=True)
