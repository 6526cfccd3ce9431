"""Build data/external/unga_agreement_balkans.csv from the Voeten et al. UNGA ideal-point file.

    /work/main/.venv/bin/python scripts/build_external_unga.py [ORIGINAL_CSV]

ORIGINAL_CSV defaults to ../shared/external/ (or ../../shared/ from a worktree)
unga-voting-agreement/IdealpointestimatesAll_Jun2024.csv (see its SOURCE.md). The extract is a
subset of the original's rows (Serbia and its neighbours, every session they have) and columns;
each kept cell is the original's text, except R's "NA", written as an empty cell (the package's
missing value). The script checks the original's SHA-256 against the one SOURCE.md records, and
prints the extract's SHA-256 for datapackage.json.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_RELATIVE = Path("shared", "external", "unga-voting-agreement", "IdealpointestimatesAll_Jun2024.csv")
# ../shared from the main checkout (/work/main), ../../shared from a helper worktree (/work/wt/<name>)
DEFAULT_ORIGINAL = next((base / _RELATIVE for base in (ROOT.parent, ROOT.parent.parent) if (base / _RELATIVE).is_file()),
                        ROOT.parent / _RELATIVE)
OUTPUT = ROOT / "data" / "external" / "unga_agreement_balkans.csv"
ORIGINAL_SHA256 = "adaeca9a9d617afaf463f892a868fbfe17b33bbd6bdb613688d67f1b8dd6887d"  # from SOURCE.md


def region_cow_codes() -> dict[int, str]:
    """COW code -> ISO code of the Region's countries, from the crosswalk (data/partners.csv). Serbia is
    345 throughout (FRY, Serbia and Montenegro, Serbia); Kosovo is not a UN member and is not in the file."""
    with (ROOT / "data" / "partners.csv").open(encoding="utf-8", newline="") as handle:
        return {int(row["cow_code"]): row["code"] for row in csv.DictReader(handle)
                if row["in_region"] == "true" and row["cow_code"] and row["code"] != "XKX"}


COUNTRIES = region_cow_codes()
COLUMNS = ["ccode", "session", "iso3c", "Countryname", "NVotesAll", "IdealPointAll",
           "USAgree", "RUSSAgree", "ChinaAgree"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extract_rows(original: Path) -> list[list[str]]:
    """The kept rows, in the original's order, as the original's cell text ("NA" -> "")."""
    with original.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{original}: column(s) {', '.join(missing)} not found; is this the Jun2024 ideal-point file?")
        rows = [row for row in reader if int(row["ccode"]) in COUNTRIES]
    return [["" if row[name] == "NA" else row[name] for name in COLUMNS] for row in rows]


def write_extract(rows: list[list[str]], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    original = Path(argv[1]) if len(argv) > 1 else DEFAULT_ORIGINAL
    if not original.is_file():
        raise SystemExit(f"{original}: not found (pass the path of IdealpointestimatesAll_Jun2024.csv)")
    if sha256(original) != ORIGINAL_SHA256:
        raise SystemExit(f"{original}: SHA-256 differs from the one in SOURCE.md; not the file described there")
    rows = extract_rows(original)
    found = {int(row[0]) for row in rows}
    if found != set(COUNTRIES):
        raise SystemExit(f"{original}: no rows for COW code(s) {sorted(set(COUNTRIES) - found)}")
    write_extract(rows, OUTPUT)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(rows)} rows; sha256:{sha256(OUTPUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
