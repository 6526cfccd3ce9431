"""Borders for maps: the GeoJSON files described under ``x-geodata`` in datapackage.json.

A GeoJSON file is not a table, so it is not among the package's ``resources`` (the table loader
validates each of those against a CSV schema). It is described, with source, licence and SHA-256
hash, under the package's own key ``x-geodata`` (its entry is checked with the descriptor, in
components/data.py), and read here: confined to data/, within its byte limit, checked against its
hash and shape, parsed once per file version, shared read-only. Problems raise ``data.DataError``.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

from components import data

GEODATA_KEY = data.GEODATA_KEY
# What the map reads from each feature's properties (components/views/neighbourhood.py).
PROPERTIES = {"ADM0_A3": str, "NAME": str, "BORDERS_SRB": bool}
POLYGONS = {"Polygon": 3, "MultiPolygon": 4}  # geometry type -> depth of its coordinate lists
_CACHE: dict[tuple[str, str], tuple[tuple, dict[str, Any] | data.DataError]] = {}  # one version per file


def descriptor(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The ``x-geodata`` entry called ``name``."""
    return data.geodata_descriptor(name, directory)


def load_geojson(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The parsed FeatureCollection (shared: read it, do not modify it)."""
    directory = directory or data.data_dir()
    entry = descriptor(name, directory)
    label = f"data/{entry['path']}"
    data.note_read(label, directory / entry["path"])
    key = (str(directory), name)
    version = (entry["path"], data._stat(directory / entry["path"]), entry.get("hash"))
    cached = _CACHE.get(key)
    if cached is None or cached[0] != version:
        try:
            result: dict[str, Any] | data.DataError = _read(directory, entry, label)
        except data.DataError as error:
            result = data._forget_traceback(error)
        if len(_CACHE) >= 4 * data.MAX_FOLDERS and key not in _CACHE:
            _CACHE.clear()  # only a bound: tests make many folders, the app one
        _CACHE[key] = cached = (version, result)
    if isinstance(cached[1], data.DataError):
        raise cached[1].with_traceback(None)
    return cached[1]


def _read(directory: Path, entry: dict[str, Any], label: str) -> dict[str, Any]:
    limit = entry.get(data.MAX_BYTES_KEY, data.package(directory).get(data.MAX_BYTES_KEY))
    raw = data._read_confined(directory, entry["path"], label, limit,
                              f"Use a simplified file, or raise \"{data.MAX_BYTES_KEY}\" for this map file in "
                              f"data/datapackage.json if the larger file is intended")
    declared = entry.get("hash")
    actual = "sha256:" + hashlib.sha256(raw).hexdigest()
    if declared and declared.lower() != actual:
        raise data.DataError(label, "the file is not the one described: its SHA-256 hash differs from the one in "
                             "data/datapackage.json", hint=f"If the change is intended, set \"hash\": \"{actual}\"")
    try:
        collection = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise data.DataError(label, f"not valid JSON ({' '.join(str(error).split())[:160]})",
                             hint="Rebuild it: python -m scripts.refresh natural-earth") from None
    _check_shape(collection, label)
    return collection


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _check_shape(collection: Any, label: str) -> None:
    hint = "Rebuild it: python -m scripts.refresh natural-earth"
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise data.DataError(label, "not a GeoJSON FeatureCollection", hint=hint)
    features = collection.get("features")
    if not isinstance(features, list) or not features:
        raise data.DataError(label, "its 'features' are not a non-empty list", hint=hint)
    seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        problem = _feature_problem(feature)
        if problem:
            raise data.DataError(label, f"feature {number}: {problem}", hint=hint)
        code = feature["properties"]["ADM0_A3"]
        if code in seen:
            raise data.DataError(label, f"feature {number} repeats the ADM0_A3 code '{code}' of feature {seen[code]}",
                                 hint="Each country once")
        seen[code] = number


def _feature_problem(feature: Any) -> str | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return "not a GeoJSON Feature object"
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return "its 'properties' are not an object"
    for key, kind in PROPERTIES.items():
        if not isinstance(properties.get(key), kind):
            return f"the property {key} is missing or not a {'text' if kind is str else 'true/false value'}"
    label = properties.get("LABEL")
    if not (isinstance(label, list) and len(label) == 2 and all(_finite(value) for value in label)):
        return "the property LABEL is not a [longitude, latitude] pair of numbers"
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGONS:
        return "its geometry is not a Polygon or MultiPolygon"
    if not _positions(geometry.get("coordinates"), POLYGONS[geometry["type"]]):
        return "its geometry's coordinates are not lists of [longitude, latitude] numbers"
    return None


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _positions(value: Any, depth: int) -> bool:
    """Nested lists ``depth`` deep whose innermost items are [lon, lat] pairs of finite numbers."""
    if depth == 1:
        return isinstance(value, list) and len(value) >= 2 and all(_finite(v) for v in value[:2])
    return isinstance(value, list) and bool(value) and all(_positions(item, depth - 1) for item in value)
