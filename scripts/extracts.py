"""The derived tables of data/external/ that are extracts of one original file (``python -m scripts.refresh``).

Each ``*_extract`` reads an original as its producer publishes it and returns the bytes of the
file the package describes. Cells are the original's text (R's ``NA`` written as an empty cell,
the package's missing value); nothing is typed by hand. The trade tables are built by
components/record_trade.py, the map by scripts/natural_earth.py.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path


class OriginalError(ValueError):
    """An original that is not the file a builder expects (names the file and what is wrong)."""


def read_text(path: Path, encodings: tuple[str, ...] = ("utf-8",)) -> str:
    """The text of an original (``.gz`` read through gzip), in the first encoding that decodes it."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise OriginalError(f"{path}: not text in {' or '.join(encodings)}")


def write_csv(header: list[str], rows: list[list[str]], lineterminator: str = "\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _records(path: Path, text: str, columns: list[str]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in columns if name not in (reader.fieldnames or [])]
    if missing:
        raise OriginalError(f"{path}: column(s) {', '.join(missing)} not found (columns: {reader.fieldnames})")
    return list(reader)


def _na(cell: str) -> str:
    return "" if cell == "NA" else cell


# === SIPRI trade register: the Western Balkans rows ========================================

SIPRI_RECIPIENTS = {"Serbia", "Yugoslavia", "Kosovo", "Montenegro", "Bosnia-Herzegovina", "North Macedonia",
                    "NLA (Macedonia)*", "Albania", "Croatia"}
SIPRI_SUPPLIERS = {"Serbia", "Yugoslavia"}
SIPRI_COLUMNS = ["Recipient", "Supplier", "Year of order", "Year of order uncertain", "Number ordered",
                 "Number ordered uncertain", "Weapon designation", "Weapon description", "Number delivered",
                 "Number delivered uncertain", "Year(s) of delivery", "status", "Comments", "SIPRI TIV per unit",
                 "SIPRI TIV for total order", "SIPRI TIV of delivered weapons"]


def sipri_extract(register: Path) -> bytes:
    """Rows with a Western-Balkan recipient or a Serbian/Yugoslav supplier, sorted by recipient, supplier
    and year of order (stable), UTF-8 (SIPRI SOURCE.md, "What was done").

    ``register`` is SIPRI's trade-register CSV export (cp1252, an 11-line preamble, four unnamed
    "uncertain" columns) or an extract already in this form (which this reproduces byte for byte).
    """
    lines = read_text(register, ("utf-8", "cp1252")).splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("Recipient,Supplier")), None)
    if start is None:
        raise OriginalError(f"{register}: no header line starting 'Recipient,Supplier'; is this a SIPRI trade register?")
    rows = list(csv.reader(io.StringIO("".join(lines[start:]), newline="")))
    header = [name or f"{rows[0][i - 1]} uncertain" for i, name in enumerate(rows[0])]
    if header != SIPRI_COLUMNS:
        raise OriginalError(f"{register}: columns {header} differ from the register's {SIPRI_COLUMNS}")
    kept = [row for row in rows[1:] if row and (row[0] in SIPRI_RECIPIENTS or row[1] in SIPRI_SUPPLIERS)]
    kept.sort(key=lambda row: (row[0], row[1], row[2]))
    return write_csv(SIPRI_COLUMNS, kept, lineterminator="\r\n")


# === AidData GCDF 3.0 recipient-year totals ({odadata}'s gw_gcdf.csv) =======================

AIDDATA_COLUMNS = ["gwcode", "year", "oof_amt", "oof_adj", "oda_amt", "oda_adj", "vof_amt", "vof_adj"]


def aiddata_copy(gw_gcdf: Path) -> bytes:
    """{odadata}'s data/gw_gcdf.csv byte for byte, once its columns are checked (AidData SOURCE.md)."""
    raw = gw_gcdf.read_bytes()
    header = raw.decode("utf-8").splitlines()[0].split(",") if raw else []
    if header != AIDDATA_COLUMNS:
        raise OriginalError(f"{gw_gcdf}: columns {header} differ from gw_gcdf.csv's {AIDDATA_COLUMNS}")
    return raw


# === CIA World Factbook: Serbia's top trade partners, parsed from the Factbook's text ========

FACTBOOK_TEXT_COLUMNS = ["flow", "factbook_json_commit", "commit_date", "source_text"]
FACTBOOK_COLUMNS = ["data_year", "flow", "rank", "partner", "partner_std", "share_pct", "factbook_json_commit",
                    "commit_date", "source_text"]
# the Factbook's own spellings of two partners, normalised
FACTBOOK_NAMES = {"Bosnia & Herzegovina": "Bosnia and Herzegovina", "Macedonia, The Former Yugo Rep of": "North Macedonia"}
_PARTNER_SHARE = re.compile(r"(.+?) (\d+(?:\.\d+)?)%(?:, |\s*$)")
_DATA_YEAR = re.compile(r"\s*\((\d{4})\)\s*$")


def factbook_table(texts: Path) -> bytes:
    """One row per partner of each "Exports - partners" / "Imports - partners" text (factbook/SOURCE.md).

    ``texts`` lists each distinct text of the field with the factbook.json commit where it first appears
    (europe/ri.json); a new edition is one more line there.
    """
    rows = []
    for record in _records(texts, read_text(texts), FACTBOOK_TEXT_COLUMNS):
        text = record["source_text"]
        year = _DATA_YEAR.search(text)
        shares = _PARTNER_SHARE.findall(text[: year.start()] if year else "")
        if not year or not shares:
            raise OriginalError(f"{texts}: cannot read partners and year from {text!r}")
        for rank, (partner, share) in enumerate(shares, start=1):
            rows.append([year.group(1), record["flow"], str(rank), partner, FACTBOOK_NAMES.get(partner, partner),
                         f"{float(share):.1f}", record["factbook_json_commit"], record["commit_date"], text])
    return write_csv(FACTBOOK_COLUMNS, rows, lineterminator="\r\n")


# === UN General Assembly voting agreement (Voeten et al.): Serbia and its neighbours =========

UNGA_COLUMNS = ["ccode", "session", "iso3c", "Countryname", "NVotesAll", "IdealPointAll", "USAgree", "RUSSAgree",
                "ChinaAgree"]


def region_cow_codes(crosswalk: Path) -> dict[int, str]:
    """COW code -> ISO code of the Region's countries, from the crosswalk (data/partners.csv). Serbia is
    345 throughout (FRY, Serbia and Montenegro, Serbia); Kosovo is not a UN member and is not in the file."""
    return {int(row["cow_code"]): row["code"]
            for row in _records(crosswalk, read_text(crosswalk), ["code", "cow_code", "in_region"])
            if row["in_region"] == "true" and row["cow_code"] and row["code"] != "XKX"}


def unga_extract(ideal_points: Path, crosswalk: Path) -> bytes:
    """The rows of the Region's countries (the original's order) and 9 of its 20 columns."""
    countries = region_cow_codes(crosswalk)
    records = _records(ideal_points, read_text(ideal_points), UNGA_COLUMNS)
    kept = [record for record in records if int(record["ccode"]) in countries]
    missing = set(countries) - {int(record["ccode"]) for record in kept}
    if missing:
        raise OriginalError(f"{ideal_points}: no rows for COW code(s) {sorted(missing)}")
    return write_csv(UNGA_COLUMNS, [[_na(record[name]) for name in UNGA_COLUMNS] for record in kept])


# === EU member states (EUMS): accession and exit dates ========================================

EUMS_COLUMNS = {"member_state": "member_state", "iso_alpha_3_code": "iso3", "accession_date": "accession_date",
                "exit_date": "exit_date"}


def eu_accession_dates(member_states: Path) -> bytes:
    """4 of EUMS's 57 columns of member_states_raw.csv, renamed (original column -> ours)."""
    records = _records(member_states, read_text(member_states), list(EUMS_COLUMNS))
    return write_csv(list(EUMS_COLUMNS.values()), [[_na(record[name]) for name in EUMS_COLUMNS] for record in records])


# === NATO and EU milestones: a project-curated file, copied ===================================

MILESTONE_HEADER_START = "country,iso3,adm0_a3,organisation,milestone,date,"


def copy_checked(original: Path, header_start: str) -> bytes:
    """An original copied byte for byte, once its header is checked."""
    raw = original.read_bytes()
    if not raw.decode("utf-8").startswith(header_start):
        raise OriginalError(f"{original}: its header does not start with {header_start!r}")
    return raw
