"""Borders for maps: the GeoJSON files described under ``x-geodata`` in datapackage.json.

A GeoJSON file is not a table, so it is not among the package's ``resources`` (the table loader
validates each of those against a CSV schema). It is described, with source, licence and SHA-256
hash, under the package's own key ``x-geodata``, and read here: checked against its hash and
shape, parsed once per file version, shared read-only. Problems raise ``data.DataError``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from components import data

GEODATA_KEY = "x-geodata"
_CACHE: dict[tuple, dict[str, Any]] = {}


def descriptor(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The ``x-geodata`` entry called ``name``."""
    for entry in data.package(directory).get(GEODATA_KEY, []):
        if entry.get("name") == name:
            return entry
    raise data.DataError(f"data/{data.PACKAGE_FILE}", f"no map file named '{name}' is described under '{GEODATA_KEY}'")


def load_geojson(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The parsed FeatureCollection (shared: read it, do not modify it)."""
    directory = directory or data.data_dir()
    entry = descriptor(name, directory)
    path = directory / entry["path"]
    key = (str(path), data._stat(path), entry.get("hash"))
    if key not in _CACHE:
        _CACHE[key] = _read(path, f"data/{entry['path']}", entry.get("hash"))
    return _CACHE[key]


def _read(path: Path, label: str, declared_hash: str | None) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise data.DataError(label, "the file is missing", hint="Run scripts/build_neighbourhood_data.py") from None
    actual = "sha256:" + hashlib.sha256(raw).hexdigest()
    if declared_hash and declared_hash != actual:
        raise data.DataError(label, "the file is not the one described: its SHA-256 hash differs from the one in "
                             "datapackage.json", hint=f"If the change is intended, set \"hash\": \"{actual}\"")
    try:
        collection = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise data.DataError(label, f"not valid GeoJSON ({error})") from None
    _check_shape(collection, label)
    return collection


def _check_shape(collection: Any, label: str) -> None:
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise data.DataError(label, "not a GeoJSON FeatureCollection")
    for number, feature in enumerate(collection.get("features", []), start=1):
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if not isinstance(properties.get("ADM0_A3"), str) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise data.DataError(label, f"feature {number} has no ADM0_A3 code or no polygon geometry")
