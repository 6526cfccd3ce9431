"""One refresh path for every external data set: originals in, derived table and descriptor out.

    .venv/bin/python -m scripts.refresh <dataset>|all [--input ROLE=PATH ...] [--data DIR] [--check]
    .venv/bin/python -m scripts.refresh list

Each data set is one entry of DATASETS: its build function, the originals it reads (paths inside
the data folder, shipped in data/external/) and the files it writes. A refresh builds the files,
writes them, and updates their descriptor entries in <data>/datapackage.json: "hash" and "bytes",
and "accessed" of the entry's own sources to today only when a file changed. The descriptor is
written as it is committed (two-space JSON, UTF-8, final newline), so an unchanged refresh leaves
every byte as it was. ``--input ROLE=PATH`` reads a new original from anywhere (for a release that
is not shipped: SIPRI's full register, a new {odadata} file); ``--check`` writes nothing and exits
1 when a committed file differs from a fresh build; ``--same-originals`` rebuilds after a change of
code only (hash and bytes follow the file, "accessed" stays: no new copy of the originals was taken).

Adding a data set is one entry here (and its resource in datapackage.json). Needs openpyxl for the
Excel originals (requirements-test.txt); the app reads only the derived files.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from components import record_trade
from scripts import extracts, natural_earth

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Dataset:
    """``build(**originals) -> {descriptor path: bytes}``; ``inputs``: role -> shipped original (under data/)."""

    build: Callable[..., dict[str, bytes]]
    inputs: dict[str, str]
    outputs: tuple[str, ...]
    about: str


def _one(output: str, make: Callable[..., bytes]) -> Callable[..., dict[str, bytes]]:
    return lambda **inputs: {output: make(*inputs.values())}


def _csv(frame) -> bytes:
    return record_trade.render_csv(frame).encode("utf-8")


DATASETS: dict[str, Dataset] = {
    "sipri": Dataset(
        _one("external/sipri_trade_register_balkans.csv", extracts.sipri_extract),
        {"register": "external/sipri_trade_register_balkans.csv"},
        ("external/sipri_trade_register_balkans.csv",),
        "SIPRI trade register, Western Balkans rows. The full register is not shipped (SIPRI's terms allow an "
        "extract under 10 %): pass a new release's export with --input register=PATH; the shipped extract "
        "refreshes to itself."),
    "aiddata": Dataset(
        _one("external/gw_gcdf.csv", extracts.aiddata_copy),
        {"gw_gcdf": "external/gw_gcdf.csv"},
        ("external/gw_gcdf.csv",),
        "AidData GCDF 3.0 recipient-year totals ({odadata}'s gw_gcdf.csv, the whole file, copied). A new "
        "version: --input gw_gcdf=PATH. AidData's own project-level workbook is not used."),
    "factbook": Dataset(
        _one("external/serbia_trade_partner_shares_factbook.csv", extracts.factbook_table),
        {"texts": "external/factbook/original/ri_json_trade_partner_texts.csv"},
        ("external/serbia_trade_partner_shares_factbook.csv",),
        "CIA World Factbook, Serbia's trade partners: one line per distinct text of the field; a new "
        "edition is one more line in the original."),
    "imf-dots": Dataset(
        lambda folder: {"external/imf_dots_serbia_trade.csv": _csv(record_trade.dots_trade_table(folder)),
                        "external/imf_dots_serbia_gaps.csv": _csv(record_trade.dots_gaps_table(folder)),
                        "external/imf_dots_serbia_eu_with_uk.csv": _csv(record_trade.eu28_trade_table(folder))},
        {"folder": "external/imf_dots"},
        ("external/imf_dots_serbia_trade.csv", "external/imf_dots_serbia_gaps.csv",
         "external/imf_dots_serbia_eu_with_uk.csv"),
        "IMF DOTS, Serbia's trade by partner with Russia's and China's mirror files (Excel, as downloaded), "
        "every figure it lacks with the reason (a blank cell, Serbia's corrupt 2020 imports), and "
        "the EU27 with the United Kingdom, for the article's 2019 EU of unstated composition."),
    "imf-dots-region": Dataset(
        _one("external/imf_dots_region_trade.csv", lambda folder: _csv(record_trade.region_trade_table(folder))),
        {"folder": "external/imf_dots_region"},
        ("external/imf_dots_region_trade.csv",),
        "IMF DOTS of Serbia's nine neighbours, one Excel file per reporter (named in its row 4), as downloaded."),
    "eurostat-comext": Dataset(
        _one("external/eurostat_eu27_exports_to_serbia.csv", lambda folder: _csv(record_trade.eu27_exports_table(folder))),
        {"folder": "external/eurostat_comext/original"},
        ("external/eurostat_eu27_exports_to_serbia.csv",),
        "Eurostat Comext, EU27 exports to Serbia: one Relational View export per year."),
    "eurostat-gas": Dataset(
        _one("external/eurostat_serbia_gas_imports.csv", lambda xlsx: _csv(record_trade.gas_imports_table(xlsx))),
        {"xlsx": "external/eurostat_gas/custom-table-imports-of-natural-gas-by-partner-country.xlsx"},
        ("external/eurostat_serbia_gas_imports.csv",),
        "Eurostat nrg_ti_gas custom table (Excel, as downloaded)."),
    "unga": Dataset(
        _one("external/unga_agreement_balkans.csv", extracts.unga_extract),
        {"ideal_points": "external/unga/IdealpointestimatesAll_Jun2024.csv.gz", "crosswalk": "partners.csv"},
        ("external/unga_agreement_balkans.csv",),
        "Voeten et al. UNGA ideal points (the whole file, gzipped; CC0); the countries are the crosswalk's Region."),
    "eu-accession": Dataset(
        _one("external/eu_accession_dates.csv", extracts.eu_accession_dates),
        {"member_states": "external/eums/original/member_states_raw.csv"},
        ("external/eu_accession_dates.csv",),
        "EUMS member_states_raw.csv (MIT), 4 of 57 columns."),
    "nato-eu-milestones": Dataset(
        _one("external/nato_eu_milestones.csv",
             lambda original: extracts.copy_checked(original, extracts.MILESTONE_HEADER_START)),
        {"original": "external/nato_eu_milestones.csv"},
        ("external/nato_eu_milestones.csv",),
        "NATO and EU milestones, curated for this project (one official page per row): a new row is edited "
        "in the file itself (or --input original=PATH); the refresh checks it and updates the descriptor."),
    "natural-earth": Dataset(
        _one("external/ne_balkans_map.geojson",
             lambda original: natural_earth.render(natural_earth.build_geojson(json.loads(extracts.read_text(original))))),
        {"original": "external/natural_earth/ne_50m_admin0_balkans.geojson"},
        ("external/ne_balkans_map.geojson",),
        "Natural Earth 1:50m admin-0, the 20-country Balkans cut (public domain), clipped and simplified for the map."),
}


# ---------------------------------------------------------------- the descriptor

def render_descriptor(package: dict) -> str:
    """datapackage.json as committed: two-space indent, UTF-8 kept as is, a final newline."""
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def _with_size(entry: dict, digest: str, size: int) -> dict:
    """``entry`` with "hash" and "bytes" set; "bytes" follows "hash" (key order is kept, so diffs stay small)."""
    out: dict = {}
    for key, value in entry.items():
        if key == "bytes":
            continue
        out[key] = digest if key == "hash" else value
        if key == "hash":
            out["bytes"] = size
    if "hash" not in out:
        out["hash"], out["bytes"] = digest, size
    return out


def update_descriptor(package: dict, files: dict[str, bytes], today: str | None) -> list[str]:
    """Set hash and bytes of each entry (resources and x-geodata) whose path is in ``files``; a changed
    file's own sources get ``accessed = today`` (None: left as they are). Returns the names of the
    entries whose file changed."""
    changed = []
    for group in ("resources", "x-geodata"):
        entries = package.get(group, [])
        for index, entry in enumerate(entries):
            raw = files.get(entry.get("path"))
            if raw is None:
                continue
            digest = f"sha256:{hashlib.sha256(raw).hexdigest()}"
            if entry.get("hash") != digest:
                changed.append(entry["name"])
                for source in entry.get("sources", []) if today else []:
                    source["accessed"] = today
            entries[index] = _with_size(entry, digest, len(raw))
    return changed


# ---------------------------------------------------------------- running a refresh

def build(name: str, data_dir: Path = DATA, inputs: dict[str, Path] | None = None) -> dict[str, bytes]:
    """The files data set ``name`` derives, from the shipped originals under ``data_dir`` (or ``inputs``)."""
    dataset = DATASETS[name]
    unknown = set(inputs or {}) - set(dataset.inputs)
    if unknown:
        raise SystemExit(f"{name}: no input {sorted(unknown)}; its inputs are {sorted(dataset.inputs)}")
    paths = {role: (inputs or {}).get(role, data_dir / relative) for role, relative in dataset.inputs.items()}
    for role, path in paths.items():
        if not path.exists():
            raise SystemExit(f"{name}: original {role!r} not found at {path}")
    files = dataset.build(**paths)
    assert set(files) == set(dataset.outputs), (name, sorted(files))
    return files


def refresh(name: str, data_dir: Path = DATA, inputs: dict[str, Path] | None = None,
            today: str | None = None, same_originals: bool = False) -> list[str]:
    """Write data set ``name``'s files under ``data_dir`` and update its descriptor; the changed entries.
    ``same_originals``: the originals are the copies already described, so "accessed" stays."""
    files = build(name, data_dir, inputs)
    for relative, raw in files.items():
        target = data_dir / relative
        if not target.is_file() or target.read_bytes() != raw:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
    descriptor = data_dir / DESCRIPTOR
    before = descriptor.read_text(encoding="utf-8")
    package = json.loads(before)
    accessed = None if same_originals else (today or datetime.date.today().isoformat())
    changed = update_descriptor(package, files, accessed)
    after = render_descriptor(package)
    if after != before:
        descriptor.write_text(after, encoding="utf-8", newline="")
    return changed


def stale(name: str, data_dir: Path = DATA) -> list[str]:
    """The committed files of ``name`` that a fresh build from the shipped originals would change."""
    return [relative for relative, raw in build(name, data_dir).items()
            if not (data_dir / relative).is_file() or (data_dir / relative).read_bytes() != raw]


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.refresh", description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=[*DATASETS, "all", "list"])
    parser.add_argument("--input", action="append", default=[], metavar="ROLE=PATH",
                        help="read this original instead of the shipped one")
    parser.add_argument("--data", type=Path, default=DATA, help="the data folder (default: data/)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a committed file is stale")
    parser.add_argument("--same-originals", action="store_true",
                        help="a rebuild after a code change: keep the sources' accessed dates")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.dataset == "list":
        for name, dataset in DATASETS.items():
            print(f"{name}: {', '.join(dataset.outputs)}\n    {dataset.about}")
        return 0
    names = list(DATASETS) if args.dataset == "all" else [args.dataset]
    if args.input and len(names) > 1:
        raise SystemExit("--input names one data set's originals: give the data set, not 'all'")
    inputs = {role: Path(path) for role, _, path in (item.partition("=") for item in args.input)}
    status = 0
    for name in names:
        try:
            if args.check:
                outdated = stale(name, args.data)
                status |= bool(outdated)
                print(f"{name}: {'stale: ' + ', '.join(outdated) if outdated else 'up to date'}")
                continue
            changed = refresh(name, args.data, inputs, same_originals=args.same_originals)
        except (extracts.OriginalError, record_trade.SourceFileError) as error:
            print(f"{name}: error: {error}", file=sys.stderr)
            return 1
        print(f"{name}: {', '.join(changed) + ' changed' if changed else 'unchanged'} "
              f"({', '.join(DATASETS[name].outputs)})")
    return status


if __name__ == "__main__":
    sys.exit(main())
