"""Rebuild the trade and gas CSVs in data/external/ from the original IMF DOTS and Eurostat files.

    /work/main/.venv/bin/python scripts/build_external_trade.py

Reads data/external/imf_dots/, data/external/eurostat_comext/original/ and
data/external/eurostat_gas/ (byte-for-byte copies of the producers' files), writes
imf_dots_serbia_trade.csv, eurostat_eu27_exports_to_serbia.csv and
eurostat_serbia_gas_imports.csv, and refreshes their "hash" in data/datapackage.json.
Needs openpyxl (requirements-test.txt); the app itself reads only the CSVs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from components import record_trade  # noqa: E402

EXTERNAL = ROOT / "data" / "external"
PACKAGE = ROOT / "data" / "datapackage.json"
CSV_NAMES = ("imf_dots_serbia_trade.csv", "eurostat_eu27_exports_to_serbia.csv", "eurostat_serbia_gas_imports.csv")


def derived_tables(external: Path = EXTERNAL) -> dict[str, pd.DataFrame]:
    """CSV file name -> table, built from the originals under `external`."""
    gas_xlsx = external / "eurostat_gas" / "custom-table-imports-of-natural-gas-by-partner-country.xlsx"
    tables = (record_trade.dots_trade_table(external / "imf_dots"),
              record_trade.eu27_exports_table(external / "eurostat_comext" / "original"),
              record_trade.gas_imports_table(gas_xlsx))
    return dict(zip(CSV_NAMES, tables))


def refresh_hashes(package_path: Path, external: Path, csv_names: tuple[str, ...] = CSV_NAMES) -> list[str]:
    """Replace the "hash" of each resource that describes one of ``csv_names``; return their names.

    The old hash string is replaced in the text, so the rest of datapackage.json keeps its layout.
    """
    text = package_path.read_text(encoding="utf-8")
    updated = []
    for resource in json.loads(text)["resources"]:
        name = resource["path"].removeprefix("external/")
        old = resource.get("hash")
        if name in csv_names and old and text.count(old) == 1:
            text = text.replace(old, record_trade.sha256_hash(external / name))
            updated.append(resource["name"])
    package_path.write_text(text, encoding="utf-8")
    return updated


def main() -> int:
    try:
        tables = derived_tables()
    except record_trade.SourceFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for name, frame in tables.items():
        (EXTERNAL / name).write_text(record_trade.render_csv(frame), encoding="utf-8", newline="")
        print(f"wrote data/external/{name} ({len(frame)} rows)")
    print("hash refreshed for:", ", ".join(refresh_hashes(PACKAGE, EXTERNAL)) or "no resource yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
