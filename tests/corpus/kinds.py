"""Each kind breaks exactly one thing in a copy of data/ (one file; a hash follows its file the way
a refresh would rewrite it, so the checks behind the hash are reached too).

``affects`` names what a page must read to be allowed to fail: table names, ``geo:<name>`` for an
``x-geodata`` entry, or ``*`` for the whole descriptor. Every other page must still build.
``expect`` is "error" (every affected page stops with a DataError message that starts with the
file, relative to data/, and contains ``words``), "notice" (the data is valid but not what a view
expects: the affected pages say what is missing, in a section or a page message naming the file,
instead of raising) or "draws" (valid data that the views simply draw as it is).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DESCRIPTOR = "datapackage.json"
GEO = "external/ne_balkans_map.geojson"
GEO_NAME = "natural_earth_balkans"
IMF = "external/imf_dots_serbia_trade.csv"
BIG = 70_000_000  # the red team's GeoJSON size; far over any limit

Edit = Callable[[Path], None]


@dataclass(frozen=True)
class Kind:
    id: str
    file: str  # the file the message must name, relative to data/
    edit: Edit
    affects: tuple[str, ...]
    expect: str = "error"
    words: tuple[str, ...] = ()
    line: int | None = None
    column: str | None = None


def apply(kind: Kind, root: Path) -> None:
    kind.edit(root)


# === editors ==============================================================================

def _descriptor(root: Path) -> dict:
    return json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))


def _save(root: Path, descriptor: dict) -> None:
    (root / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=1), encoding="utf-8")


def _entry(descriptor: dict, path: str) -> dict:
    return next(e for e in descriptor["resources"] + descriptor.get("x-geodata", []) if e["path"] == path)


def rehash(root: Path, path: str) -> None:
    """Write the file's new SHA-256 into its descriptor entry (what a refresh script does)."""
    descriptor = _descriptor(root)
    entry = _entry(descriptor, path)
    if "hash" in entry:
        entry["hash"] = "sha256:" + hashlib.sha256((root / path).read_bytes()).hexdigest()
        _save(root, descriptor)


def text_edit(path: str, change: Callable[[str], str], refresh: bool = True) -> Edit:
    def edit(root: Path) -> None:
        target = root / path
        before = target.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, f"{path}: the edit changed nothing (out of sync with data/)"
        target.write_text(after, encoding="utf-8")
        if refresh:
            rehash(root, path)
    return edit


def bytes_edit(path: str, change: Callable[[bytes], bytes], refresh: bool = True) -> Edit:
    def edit(root: Path) -> None:
        target = root / path
        target.write_bytes(change(target.read_bytes()))
        if refresh:
            rehash(root, path)
    return edit


def replace(path: str, old: str, new: str, refresh: bool = True) -> Edit:
    def change(text: str) -> str:
        assert old in text, f"{old!r} not in {path}: the kind is out of sync with data/"
        return text.replace(old, new, 1)
    return text_edit(path, change, refresh)


def drop_lines(path: str, keep: Callable[[str], bool]) -> Edit:
    def change(text: str) -> str:
        header, *rows = text.splitlines(keepends=True)
        return header + "".join(row for row in rows if keep(row))
    return text_edit(path, change)


def descriptor_edit(change: Callable[[dict], None]) -> Edit:
    def edit(root: Path) -> None:
        descriptor = _descriptor(root)
        change(descriptor)
        _save(root, descriptor)
    return edit


def resource(name: str) -> Callable[[dict], dict]:
    return lambda d: next(r for r in d["resources"] if r["name"] == name)


def geo_entry(d: dict) -> dict:
    return d["x-geodata"][0]


def geo_edit(change: Callable[[dict], None]) -> Edit:
    """Edit the parsed GeoJSON and write it back (with its new hash)."""
    def edit(root: Path) -> None:
        collection = json.loads((root / GEO).read_text(encoding="utf-8"))
        change(collection)
        (root / GEO).write_text(json.dumps(collection), encoding="utf-8")
        rehash(root, GEO)
    return edit


def truncate_at(path: str, marker: str) -> Edit:
    """Cut the file just after the first occurrence of ``marker`` (a download that stopped)."""
    def change(raw: bytes) -> bytes:
        at = raw.index(marker.encode()) + len(marker.encode())
        return raw[:at]
    return bytes_edit(path, change)


def grow(path: str, size: int) -> Edit:
    """Repeat the data rows (or, for JSON, pad with spaces) until the file is over ``size`` bytes."""
    def change(raw: bytes) -> bytes:
        if path.endswith(".csv"):
            header, _, body = raw.partition(b"\n")
            return header + b"\n" + body * (size // len(body) + 1)
        return raw.rstrip() + b" " * size  # still valid JSON: only a byte limit can refuse it
    return bytes_edit(path, change)


def symlink_to(path: str, target: str) -> Edit:
    def edit(root: Path) -> None:
        (root / path).unlink()
        (root / path).symlink_to(target)
    return edit


def make_directory(path: str) -> Edit:
    def edit(root: Path) -> None:
        (root / path).unlink()
        (root / path).mkdir()
    return edit


def remove(path: str) -> Edit:
    return lambda root: (root / path).unlink()


def set_key(holder: Callable[[dict], dict], key: str, value) -> Edit:
    return descriptor_edit(lambda d: holder(d).__setitem__(key, value))


def del_key(holder: Callable[[dict], dict], key: str) -> Edit:
    return descriptor_edit(lambda d: holder(d).pop(key))


def fk(name: str, position: int = 0) -> Callable[[dict], dict]:
    return lambda d: resource(name)(d)["schema"]["foreignKeys"][position]


def field(name: str, column: str) -> Callable[[dict], dict]:
    return lambda d: next(f for f in resource(name)(d)["schema"]["fields"] if f["name"] == column)


def _first_feature(c: dict) -> dict:
    return c["features"][0]


# === the corpus ===========================================================================
# The loader's own corpus (BROKEN in tests/test_data.py: missing column, bad enum, duplicate key,
# Latin-1, a file over its byte limit, ...) checks each message in detail at the table level; the
# kinds here are what reaches a page: every resource kind, the descriptor's shapes, paths, GeoJSON
# shapes and valid data a view does not expect.

EX, TS, PA = "military_exercises.csv", "trade_shares.csv", "partners.csv"
ALL = ("*",)

KINDS: tuple[Kind, ...] = (
    # --- CSV: bytes and encoding
    Kind("csv_empty", EX, bytes_edit(EX, lambda raw: b""), ("military_exercises",), words=("is empty",)),
    Kind("csv_bom", TS, bytes_edit(TS, lambda raw: b"\xef\xbb\xbf" + raw), ("trade_shares",),
         words=("byte-order mark",), line=1),
    Kind("csv_utf16", TS, bytes_edit(TS, lambda raw: raw.decode().encode("utf-16")), ("trade_shares",),
         words=("UTF-16",), line=1),
    Kind("csv_nul_byte", EX, bytes_edit(EX, lambda raw: raw.replace(b"NATO", b"NA\x00TO", 1)), ("military_exercises",),
         words=("NUL byte",), line=2),
    Kind("csv_too_many_rows", "external/sipri_trade_register_balkans.csv",
         grow("external/sipri_trade_register_balkans.csv", 600_000), ("sipri_arms_transfers",),
         words=("more than", "data rows", "x-maxRows")),
    Kind("csv_is_a_directory", EX, make_directory(EX), ("military_exercises",), words=("not a file",)),
    Kind("csv_symlink_outside", EX, symlink_to(EX, "/etc/passwd"), ("military_exercises",), words=("outside data/",)),
    # --- CSV: structure
    Kind("csv_truncated_mid_row", EX, truncate_at(EX, "2019,RUS,4,exerc"), ("military_exercises",),
         words=("fewer cells",), line=3),
    # cut inside a quoted cell: what is left of the quote is still verbatim, so only the open quote tells
    Kind("csv_truncated_in_quote", "findings.csv",
         truncate_at("findings.csv", "(its Parliamentary Assembly).,26,\"In the military"),
         ("findings",), words=("never closed",), line=13),
    Kind("csv_unclosed_quote", "timeline.csv",
         replace("timeline.csv", 'decline in Serbian democracy."\n', "decline in Serbian democracy.\n"),
         ("timeline", "event_partners"), words=("never closed",), line=3),
    Kind("csv_extra_column", EX, text_edit(EX, lambda t: "".join(line.rstrip("\n") + ",x\n" for line in t.splitlines(True))),
         ("military_exercises",), words=("not in the table's schema",), line=1, column="x"),
    Kind("csv_duplicate_header", EX, replace(EX, "year,partner,exercises,unit", "year,partner,exercises,exercises"),
         ("military_exercises",), line=1),
    Kind("csv_columns_reordered", EX, replace(EX, "year,partner,exercises", "partner,year,exercises"),
         ("military_exercises",), words=("different order",), line=1),
    Kind("csv_extra_cell", EX, replace(EX, "2019,RUS,4,exercises,", "2019,RUS,4,extra,exercises,"),
         ("military_exercises",), words=("more cells",), line=3),
    Kind("csv_blank_row", TS, replace(TS, "\n2019,exports,EU,", "\n\n2019,exports,EU,"), ("trade_shares",),
         words=("blank",), line=3),
    # a quoted line break on line 2 (valid) and an unknown code in the 4th record, on file line 6
    Kind("csv_line_after_quoted_break", "findings.csv",
         lambda root: [replace("findings.csv", "preferable go-to address", "preferable\ngo-to address", False)(root),
                       replace("findings.csv", "\nrussian_aid_less_attention,pandemic,RUS,",
                               "\nrussian_aid_less_attention,pandemic,RUX,", False)(root)],
         ("findings",), words=("“RUX”",), line=6, column="partner"),
    # --- CSV: values
    Kind("csv_string_in_number", TS, replace(TS, "2019,exports,EU,66.3,", "2019,exports,EU,sixty,"), ("trade_shares",),
         words=("“sixty”", "not a valid number"), line=3, column="share"),
    Kind("csv_nan_in_required", TS, replace(TS, "2019,exports,EU,66.3,", "2019,exports,EU,NaN,"), ("trade_shares",),
         words=("“NaN”",), line=3, column="share"),
    Kind("csv_bad_date", "timeline.csv",
         replace("timeline.csv", "vucic_coalition_rules,2012-01-01", "vucic_coalition_rules,2012-13-01"),
         ("timeline", "event_partners"), words=("“2012-13-01”",), line=3, column="date"),
    Kind("csv_bad_foreign_key", EX, replace(EX, "2019,RUS,4,", "2019,RUX,4,"), ("military_exercises",),
         words=("“RUX”", "not a known code"), line=3, column="partner"),
    Kind("csv_hash_mismatch", "external/sipri_trade_register_balkans.csv",
         replace("external/sipri_trade_register_balkans.csv", "incl 2 MiG-29UB", "incl 3 MiG-29UB", refresh=False),
         ("sipri_arms_transfers",), words=("SHA-256 hash differs",)),
    # --- valid data a view does not expect (hash refreshed as a data update would)
    Kind("valid_imf_without_russia", IMF, drop_lines(IMF, lambda row: ",RUS," not in row), ("imf_dots_serbia_trade",),
         expect="notice"),
    Kind("valid_trade_shares_without_eaeu", TS, drop_lines(TS, lambda row: ",EAEU," not in row), ("trade_shares",),
         expect="notice"),
    Kind("valid_exercises_without_russia", EX, drop_lines(EX, lambda row: ",RUS," not in row), ("military_exercises",),
         expect="draws"),
    Kind("valid_geojson_without_serbia", GEO,
         geo_edit(lambda c: c.__setitem__("features", [f for f in c["features"] if f["properties"]["ADM0_A3"] != "SRB"])),
         (f"geo:{GEO_NAME}",), expect="notice"),
    # --- descriptor
    Kind("descriptor_not_json", DESCRIPTOR, bytes_edit(DESCRIPTOR, lambda raw: raw[: len(raw) // 2], refresh=False), ALL,
         words=("not valid JSON",)),
    Kind("descriptor_huge", DESCRIPTOR, bytes_edit(DESCRIPTOR, lambda raw: raw.rstrip() + b" " * BIG, refresh=False), ALL,
         words=("limit",)),
    Kind("fk_fields_string_bad_reference", DESCRIPTOR,
         set_key(lambda d: resource("military_exercises")(d)["schema"]["foreignKeys"], 0,
                 {"fields": "partner", "reference": "partners"}), ("military_exercises",), words=("foreign key",)),
    Kind("fk_reference_unknown_column", DESCRIPTOR, set_key(lambda d: fk("military_exercises")(d)["reference"], "fields", "iso"),
         ("military_exercises",), words=("foreign key", "iso")),
    Kind("fk_fields_unknown_column", DESCRIPTOR, set_key(fk("military_exercises"), "fields", "country"),
         ("military_exercises",), words=("foreign key", "country")),
    Kind("schema_unsupported_type", DESCRIPTOR, set_key(field("military_exercises", "exercises"), "type", "geopoint"),
         ("military_exercises",), words=("supported type",)),
    Kind("schema_constraint_wrong_type", DESCRIPTOR,
         set_key(lambda d: field("military_exercises", "exercises")(d)["constraints"], "minimum", "zero"),
         ("military_exercises",), words=("minimum",)),
    Kind("schema_primary_key_unknown_column", DESCRIPTOR,
         set_key(lambda d: resource("military_exercises")(d)["schema"], "primaryKey", ["year", "country"]),
         ("military_exercises",), words=("primary key", "country")),
    Kind("resource_path_escapes", DESCRIPTOR, set_key(resource("military_exercises"), "path", "../../etc/passwd"),
         ("military_exercises",), words=("path",)),
    Kind("resource_path_absolute", DESCRIPTOR, set_key(resource("military_exercises"), "path", "/etc/passwd.csv"),
         ("military_exercises",), words=("path",)),
    Kind("resource_title_missing", DESCRIPTOR, del_key(resource("military_exercises"), "title"),
         ("military_exercises",), words=("title",)),
    Kind("geodata_path_escapes", DESCRIPTOR, set_key(geo_entry, "path", "../../../../etc/passwd"), (f"geo:{GEO_NAME}",),
         words=("path",)),
    Kind("geodata_path_absolute", DESCRIPTOR, set_key(geo_entry, "path", "/etc/hostname"), (f"geo:{GEO_NAME}",),
         words=("path",)),
    Kind("geodata_sources_missing", DESCRIPTOR, del_key(geo_entry, "sources"), (f"geo:{GEO_NAME}",), words=("sources",)),
    Kind("geodata_not_a_list", DESCRIPTOR, descriptor_edit(lambda d: d.__setitem__("x-geodata", {"path": GEO})),
         (f"geo:{GEO_NAME}",), words=("x-geodata",)),
    # --- GeoJSON (rehashed: the shape checks behind the hash are reached)
    Kind("geojson_not_json", GEO, bytes_edit(GEO, lambda raw: raw[: len(raw) // 2]), (f"geo:{GEO_NAME}",),
         words=("not valid JSON",)),
    Kind("geojson_huge", GEO, grow(GEO, BIG), (f"geo:{GEO_NAME}",), words=("limit",)),
    Kind("geojson_features_not_a_list", GEO, geo_edit(lambda c: c.__setitem__("features", {"a": 1})),
         (f"geo:{GEO_NAME}",), words=("features",)),
    Kind("geojson_feature_not_an_object", GEO, geo_edit(lambda c: c["features"].__setitem__(0, 1)),
         (f"geo:{GEO_NAME}",), words=("feature 1",)),
    Kind("geojson_properties_not_an_object", GEO, geo_edit(lambda c: _first_feature(c).__setitem__("properties", [1])),
         (f"geo:{GEO_NAME}",), words=("feature 1",)),
    Kind("geojson_label_missing", GEO, geo_edit(lambda c: _first_feature(c)["properties"].pop("LABEL")),
         (f"geo:{GEO_NAME}",), words=("feature 1", "LABEL")),
    Kind("geojson_coordinates_malformed", GEO, geo_edit(lambda c: _first_feature(c)["geometry"].__setitem__("coordinates", "x")),
         (f"geo:{GEO_NAME}",), words=("feature 1", "coordinates")),
    Kind("geojson_duplicate_code", GEO,
         geo_edit(lambda c: c["features"][1]["properties"].__setitem__("ADM0_A3", c["features"][0]["properties"]["ADM0_A3"])),
         (f"geo:{GEO_NAME}",), words=("feature 2",)),
    Kind("geojson_missing_file", GEO, remove(GEO), (f"geo:{GEO_NAME}",), words=("is missing",)),
)
