"""Rebuild data/external/imf_dots_region_trade.csv from the neighbours' own IMF DOTS files.

    /work/main/.venv/bin/python scripts/build_external_region_trade.py

Reads data/external/imf_dots_region/ (byte-for-byte copies of the IMF's per-country Excel
exports: one file per reporter, named in its row 4), writes imf_dots_region_trade.csv (each
reporter's exports, imports and total with the EU27, Russia and China, USD million and share of
its trade with the World) and refreshes its "hash" in data/datapackage.json. Needs openpyxl
(requirements-test.txt); the app itself reads only the CSV. Serbia's own rows stay in
imf_dots_serbia_trade.csv (scripts/build_external_trade.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components import record_trade  # noqa: E402
from scripts import build_external_trade  # noqa: E402

EXTERNAL = ROOT / "data" / "external"
PACKAGE = ROOT / "data" / "datapackage.json"
CSV_NAME = "imf_dots_region_trade.csv"
ORIGINALS = "imf_dots_region"


def main() -> int:
    try:
        frame = record_trade.region_trade_table(EXTERNAL / ORIGINALS)
    except record_trade.SourceFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    (EXTERNAL / CSV_NAME).write_text(record_trade.render_csv(frame), encoding="utf-8", newline="")
    print(f"wrote data/external/{CSV_NAME} ({len(frame)} rows)")
    updated = build_external_trade.refresh_hashes(PACKAGE, EXTERNAL, (CSV_NAME,))
    print("hash refreshed for:", ", ".join(updated) or "no resource yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
