"""The one way the dashboard reads data: datapackage.json -> validated, typed DataFrames.

The descriptor is checked first, within a byte limit: the package's shape, then each table's and
map file's entry (paths confined to data/, texts, credits, limits, hash, a schema whose keys,
foreign keys and constraints the loader can use), then the Frictionless Data Package profile. A
problem in one entry stops only that table or map file (``package_problems``). Every file is read
once, from inside data/ and within its byte limit; encoding and header are checked here; then
Frictionless validates those bytes (SHA-256 hash, types, constraints, primary and foreign keys,
the tables referred to given as rows already loaded), and, for the article's tables, every quote
is checked against the seed article. Values are read with the schema's own cell readers, so what
passes validation is exactly what lands in the DataFrame. Any problem raises ``DataError``, whose
message names the file (relative to data/), the line an editor shows, the column and what to do.
One result (table or error) is memoised per table and folder: a changed file replaces it.
``guarded`` turns a view's failure over valid but unexpected data into a DataError too.
"""
from __future__ import annotations

import contextvars
import csv
import datetime
import io
import json
import logging
import os
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
from frictionless import Package, Resource, Schema

from components.seed_text import normalise_quote, seed_text

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
PACKAGE_FILE = "datapackage.json"
PACKAGE_LABEL = f"data/{PACKAGE_FILE}"
MAX_BYTES_KEY, MAX_ROWS_KEY = "x-maxBytes", "x-maxRows"
MAX_FOLDERS = 4  # data folders memoised at once (the app uses one; tests use many copies)
SUPPORTED_TYPES = ("string", "integer", "number", "boolean", "date")
GEODATA_KEY, GEO_PREFIX = "x-geodata", "geo:"  # map files: described beside the tables, not among them
DESCRIPTOR_MAX_BYTES = 2_000_000  # the descriptor is read before any limit it declares; it is ~85 kB
DESCRIPTOR_LIMIT_HINT = "Restore it from git: the descriptor describes the files, it holds none of them"
_LOG = logging.getLogger(__name__)


class DataError(Exception):
    """A data file cannot be used; the message says where and what to do."""

    def __init__(self, file: str, problem: str, *, line: int | None = None,
                 column: str | None = None, hint: str | None = None, more: int = 0):
        self.file, self.line, self.column, self.problem, self.hint = file, line, column, problem, hint
        place = [file]
        if line is not None:
            place.append(f"line {line}")
        if column is not None:
            place.append(f"column '{column}'")
        text = f"{', '.join(place)}: {problem}"
        if more:
            text += f" ({more} more problem{'s' if more > 1 else ''} in this file)"
        if hint:
            text += f". {hint}"
        super().__init__(text)


def data_dir() -> Path:
    """The data folder: $DASHBOARD_DATA_DIR if set (tests, staging copies), else ./data."""
    return Path(os.environ.get(DATA_DIR_ENV) or REPO_ROOT / "data").resolve()


def _stat(path: Path) -> tuple:
    try:
        info = path.stat()
        return (info.st_mtime_ns, info.st_size)
    except OSError:
        return (None, None)


class _Memo:
    """One remembered value per key, for at most MAX_FOLDERS folders (least recently used go).

    A new version of a file replaces the old entry, so the old DataFrame can be freed.
    """

    def __init__(self) -> None:
        self.folders: OrderedDict[str, dict[str, tuple[tuple, Any]]] = OrderedDict()

    def get(self, folder: str, key: str, signature: tuple) -> Any:
        entries = self.folders.get(folder)
        if entries is None or key not in entries or entries[key][0] != signature:
            return None
        self.folders.move_to_end(folder)
        return entries[key][1]

    def put(self, folder: str, key: str, signature: tuple, value: Any) -> None:
        self.folders.setdefault(folder, {})[key] = (signature, value)
        self.folders.move_to_end(folder)
        while len(self.folders) > MAX_FOLDERS:
            self.folders.popitem(last=False)

    def entries(self, folder: str) -> int:
        return len(self.folders.get(folder, {}))

    def clear(self) -> None:
        self.folders.clear()


_CACHE = _Memo()  # tables (DataFrame or DataError) per folder and table name
_PACKAGES = _Memo()  # parsed descriptors (dict or DataError) per folder


def cached_tables(directory: Path | None = None) -> int:
    """How many tables of a folder are memoised (one per table at most)."""
    return _CACHE.entries(str(directory or data_dir()))


def package(directory: Path | None = None) -> dict[str, Any]:
    """The parsed and checked datapackage.json, parsed once per version of the file.

    Its "resources" and "x-geodata" hold the usable entries only; ``package_problems`` says what
    is wrong with the others. The result is shared: read it, do not modify it.
    """
    return _parsed(directory)[0]


def package_problems(directory: Path | None = None) -> dict[str, DataError]:
    """The problem of each unusable table entry (by name) and map file entry ('geo:<name>')."""
    return _parsed(directory)[1]


def _parsed(directory: Path | None) -> tuple[dict[str, Any], dict[str, DataError]]:
    directory = directory or data_dir()
    path = directory / PACKAGE_FILE
    signature = _stat(path)
    result = _PACKAGES.get(str(directory), PACKAGE_FILE, signature)
    if result is None:
        try:
            result = _parse_package(path, directory)
        except DataError as error:
            result = _forget_traceback(error)
        else:
            for problem in result[1].values():
                _forget_traceback(problem)
        _PACKAGES.put(str(directory), PACKAGE_FILE, signature, result)
    if isinstance(result, DataError):
        raise result.with_traceback(None)
    return result


VERSION_TTL_S = 1.0
_VERSIONS: dict[str, tuple[float, tuple]] = {}


def version(directory: Path | None = None) -> tuple:
    """A value that changes whenever any file of the package changes (for cache keys).

    Re-read at most once a second per folder: an edited CSV shows on the next page run after
    that, and a busy server does not stat every file on every run.
    """
    directory = directory or data_dir()
    now = time.monotonic()
    seen = _VERSIONS.get(str(directory))
    if seen and now - seen[0] < VERSION_TTL_S:
        return seen[1]
    files = [directory / PACKAGE_FILE] + [directory / entry["path"] for entry in _safe_entries(directory)]
    current = (str(directory),) + tuple(_stat(path) for path in files)
    if len(_VERSIONS) >= MAX_FOLDERS * 4 and str(directory) not in _VERSIONS:
        _VERSIONS.clear()  # only a bound: tests make many folders, the app one
    _VERSIONS[str(directory)] = (now, current)
    return current


def _safe_entries(directory: Path) -> list[dict[str, Any]]:
    """Every usable table and map file (a map file edited in place must change the version too)."""
    try:
        described = package(directory)
    except DataError:
        return []
    return described["resources"] + described[GEODATA_KEY]


def _forget_traceback(error: DataError) -> DataError:
    """A memoised error must not keep the frames (and their DataFrames) of its first raise alive."""
    error.__traceback__ = error.__context__ = error.__cause__ = None
    return error


# === the descriptor ====================================================================

def _package_error(problem: str, hint: str) -> DataError:
    return DataError(PACKAGE_LABEL, problem, hint=hint)


def _parse_package(path: Path, directory: Path) -> tuple[dict[str, Any], dict[str, DataError]]:
    """(the descriptor with its usable tables and map files, the problem of each unusable one).

    A problem in the package as a whole raises; a problem in one table's or map file's entry is
    kept for that entry only, so the pages that do not read it keep working.
    """
    raw = _read_confined(directory, PACKAGE_FILE, PACKAGE_LABEL, DESCRIPTOR_MAX_BYTES, DESCRIPTOR_LIMIT_HINT)
    try:
        descriptor = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as error:
        raise _package_error(f"not valid JSON ({error})", "Check it with a JSON validator; "
                             "restore it from git if unsure") from None
    _check_descriptor_shape(descriptor)
    problems: dict[str, DataError] = {}
    names = [resource["name"] for resource in descriptor["resources"]]
    usable = []
    for resource in descriptor["resources"]:
        try:
            _check_resource(resource)
        except DataError as error:
            problems[resource["name"]] = error
        else:
            usable.append(resource)
    for resource in list(usable):
        problem = _reference_problem(resource, names, usable)
        if problem:
            problems[resource["name"]] = problem
            usable.remove(resource)
    shown = {**descriptor, "resources": usable, GEODATA_KEY: _usable_geodata(descriptor, problems)}
    if not usable:
        raise next(iter(problems.values()), _package_error("there are no usable tables", "Describe at least one"))
    _check_against_profile(shown)
    return shown, problems


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _check_descriptor_shape(descriptor: Any) -> None:
    """What the loader relies on at the package level, checked before Frictionless sees it.

    Schemas and profiles given as paths or URLs are refused: Frictionless would fetch them.
    """
    if not isinstance(descriptor, dict):
        raise _package_error(f"holds a JSON {type(descriptor).__name__}, not a data package",
                             'It must be one JSON object: {"name": ..., "resources": [...]}')
    if descriptor.get("profile", "tabular-data-package") not in ("tabular-data-package", "data-package") \
            or "$schema" in descriptor:
        raise _package_error("the package profile must be 'tabular-data-package'",
                             'Write "profile": "tabular-data-package" and no "$schema"')
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise _package_error("there is no list of tables ('resources')",
                             'Add "resources": [ ... ] with one entry per CSV file')
    for position, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            raise _package_error(f"table number {position} in 'resources' has no name",
                                 'Give every table a "name" (lower case, digits, _ or -)')
    names = [resource["name"] for resource in resources]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise _package_error(f"does not follow the Data Package standard: names of the resources are not unique "
                             f"({', '.join(repeated)})", "Give every table its own name")
    for key in ("sources", "licenses"):
        _check_credits(descriptor.get(key), f"the package's '{key}'", key)
    for key in (MAX_BYTES_KEY, MAX_ROWS_KEY):
        _check_limit(descriptor, key, "the package")


def _check_resource(resource: dict[str, Any]) -> None:
    """One table's entry: path, texts, credits, limits, hash and a schema the loader can read."""
    name, path = resource["name"], resource.get("path")
    if not isinstance(path, str) or not _is_safe_path(path, ".csv"):
        raise _package_error(f"table '{name}' has no usable 'path' (got {str(path)[:80]!r})",
                             'Give it "path": the CSV file relative to data/, e.g. "external/x.csv" '
                             "(no '..', no absolute path, no URL)")
    for key in ("title", "description"):
        if not isinstance(resource.get(key), str) or not resource[key].strip():
            raise _package_error(f"table '{name}' has no '{key}'", f'Add "{key}": a sentence the Sources page shows')
    for key in ("sources", "licenses"):
        if key in resource:
            _check_credits(resource[key], f"table '{name}', '{key}'", key)
    for key in (MAX_BYTES_KEY, MAX_ROWS_KEY):
        _check_limit(resource, key, f"table '{name}'")
    _check_hash_declaration(resource.get("hash"), f"table '{name}'")
    _check_schema(resource.get("schema"), name)


def _check_hash_declaration(declared: Any, where: str) -> None:
    if declared is not None and not (isinstance(declared, str) and _HASH.fullmatch(declared)):
        raise _package_error(f"{where} declares a hash that is not SHA-256: {str(declared)[:80]}",
                             'Write "hash": "sha256:<64 hex digits>" (sha256sum prints them)')


_HASH = re.compile(r"sha256:[0-9a-fA-F]{64}")


def _check_schema(schema: Any, name: str) -> None:
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        raise _package_error(f"table '{name}' has no schema with fields",
                             'Add "schema": {"fields": [{"name": ..., "type": ...}, ...]} inside the table')
    for field in schema["fields"]:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) \
                or field.get("type", "string") not in SUPPORTED_TYPES:
            raise _package_error(f"table '{name}' has a column that is not {{'name', 'type'}} with a "
                                 f"supported type: {str(field)[:80]}", f"Types: {', '.join(SUPPORTED_TYPES)}")
        _check_constraints(field, name)
    columns = [field["name"] for field in schema["fields"]]
    if len(set(columns)) < len(columns):
        raise _package_error(f"table '{name}' names a column twice in its schema", "Give every column its own name")
    for key in ("missingValues",):
        if key in schema and not _strings(schema[key]):
            raise _package_error(f"table '{name}': '{key}' must be a list of texts", f'e.g. "{key}": ["", "NA"]')
    keys = schema.get("primaryKey", [])
    for column in [keys] if isinstance(keys, str) else keys if isinstance(keys, list) else [None]:
        if column not in columns:
            raise _package_error(f"table '{name}': the primary key names a column that is not in the schema: "
                                 f"{column!r}", f"Columns: {', '.join(columns)}")
    foreign = schema.get("foreignKeys", [])
    if not isinstance(foreign, list):
        raise _package_error(f"table '{name}': 'foreignKeys' must be a list", _FK_HINT)
    for key in foreign:
        _check_foreign_key(key, name, columns)
    try:  # the schema's own cell readers, built once here so that a loader never meets a bad one
        for field in Schema.from_descriptor({k: v for k, v in schema.items() if k != "foreignKeys"}).fields:
            field.create_cell_reader()
    except Exception as error:  # noqa: BLE001 - whatever Frictionless refuses, said once, for this table
        raise _package_error(f"table '{name}' has a schema Frictionless cannot read "
                             f"({' '.join(str(error).split())[:160]})", "Compare it with the Table Schema standard") from None


_FK_HINT = 'Write {"fields": "partner", "reference": {"resource": "partners", "fields": "code"}}'
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def _check_constraints(field: dict[str, Any], name: str) -> None:
    """Constraint values of the right kind: Frictionless compares them with cells unchecked."""
    rules = field.get("constraints", {})
    where = f"table '{name}', column '{field['name']}'"
    if not isinstance(rules, dict):
        raise _package_error(f"{where}: 'constraints' must be an object", 'e.g. "constraints": {"required": true}')
    kind = field.get("type", "string")
    for rule, value in rules.items():
        if rule in _BOUNDS:
            good = (isinstance(value, (int, float)) and not isinstance(value, bool)) if kind in ("integer", "number") \
                else isinstance(value, str) and (kind != "date" or _is_iso_date(value))
            if kind in ("string", "boolean") or not good:
                raise _package_error(f"{where}: the constraint '{rule}' is {value!r}, not {_TYPE_ADVICE[kind]}",
                                     f"Write the bound as {_TYPE_ADVICE[kind]}")
        elif rule in ("required", "unique") and not isinstance(value, bool):
            raise _package_error(f"{where}: the constraint '{rule}' must be true or false", f'"{rule}": true')
        elif rule in ("minLength", "maxLength") and (not isinstance(value, int) or isinstance(value, bool)):
            raise _package_error(f"{where}: the constraint '{rule}' must be a whole number", f'"{rule}": 3')
        elif rule == "enum" and (not isinstance(value, list) or not value):
            raise _package_error(f"{where}: the constraint 'enum' must be a non-empty list", '"enum": ["a", "b"]')
        elif rule == "pattern" and not _is_pattern(value):
            raise _package_error(f"{where}: the constraint 'pattern' is not a regular expression", '"pattern": "[A-Z]{3}"')
    for key in ("trueValues", "falseValues"):
        if key in field and not _strings(field[key]):
            raise _package_error(f"{where}: '{key}' must be a list of texts", f'e.g. "{key}": ["yes"]')


def _is_iso_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_pattern(value: Any) -> bool:
    try:
        re.compile(value)
    except (TypeError, re.error):
        return False
    return isinstance(value, str)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _one_column(value: Any) -> str | None:
    """A foreign key's fields: one column name, as a text or a one-item list (else None)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value if isinstance(value, str) else None


def _check_foreign_key(key: Any, name: str, columns: list[str]) -> None:
    reference = key.get("reference") if isinstance(key, dict) else None
    if not isinstance(reference, dict) or not isinstance(reference.get("resource"), str):
        raise _package_error(f"table '{name}' has a foreign key without a reference to a table: {str(key)[:100]}",
                             _FK_HINT)
    column, target_column = _one_column(key.get("fields")), _one_column(reference.get("fields"))
    if column is None or target_column is None:
        raise _package_error(f"table '{name}' has a foreign key whose 'fields' are not one column each: "
                             f"{str(key)[:100]}", _FK_HINT + " (one column on each side)")
    if column not in columns:
        raise _package_error(f"table '{name}' has a foreign key on a column that is not in its schema: '{column}'",
                             f"Columns: {', '.join(columns)}")


def _reference_problem(resource: dict[str, Any], names: list[str], usable: list[dict[str, Any]]) -> DataError | None:
    """A foreign key to a table that is not described, or to a column that table does not have."""
    by_name = {entry["name"]: entry for entry in usable}
    for key in resource["schema"].get("foreignKeys", []):
        target = key["reference"]["resource"]
        if target in ("", resource["name"]):
            target = resource["name"]
        elif target not in names:
            return _package_error(f"table '{resource['name']}' refers to a table '{target}' that is not described",
                                  "Fix the foreign key's reference, or describe that table")
        column = _one_column(key["reference"]["fields"])
        described = by_name.get(target)
        if described and column not in [field["name"] for field in described["schema"]["fields"]]:
            return _package_error(f"table '{resource['name']}' has a foreign key to a column '{column}' that table "
                                  f"'{target}' does not have", f"Columns of '{target}': "
                                  + ", ".join(field["name"] for field in described["schema"]["fields"]))
    return None


def _usable_geodata(descriptor: dict[str, Any], problems: dict[str, DataError]) -> list[dict[str, Any]]:
    """The usable ``x-geodata`` entries; each unusable one's problem under 'geo:<name>' ('geo:*' for all)."""
    entries = descriptor.get(GEODATA_KEY, [])
    if not isinstance(entries, list):
        problems[f"{GEO_PREFIX}*"] = _package_error(f"'{GEODATA_KEY}' must be a list of map files",
                                                    f'Write "{GEODATA_KEY}": [{{"name": ..., "path": ...}}]')
        return []
    usable = []
    for position, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        try:
            _check_geodata_entry(entry, name, position)
        except DataError as error:
            problems[f"{GEO_PREFIX}{name if isinstance(name, str) else '*'}"] = error
        else:
            usable.append(entry)
    return usable


def _check_geodata_entry(entry: Any, name: Any, position: int) -> None:
    if not isinstance(name, str):
        raise _package_error(f"map file number {position} in '{GEODATA_KEY}' has no name",
                             'Give every map file a "name"')
    where = f"map file '{name}' ({GEODATA_KEY})"
    path = entry.get("path")
    if not isinstance(path, str) or not _is_safe_path(path, ".geojson"):
        raise _package_error(f"{where} has no usable 'path' (got {str(path)[:80]!r})",
                             'Give it "path": the .geojson file relative to data/, e.g. "external/x.geojson" '
                             "(no '..', no absolute path, no URL)")
    if not isinstance(entry.get("description"), str):
        raise _package_error(f"{where} has no 'description'", 'Add "description": what the borders are')
    _check_credits(entry.get("sources"), f"{where}, 'sources'", "sources")
    _check_credits(entry.get("licenses"), f"{where}, 'licenses'", "licenses")
    if not isinstance(entry["sources"][0].get("credit"), str) or not isinstance(entry["licenses"][0].get("title"), str):
        raise _package_error(f"{where} needs a 'credit' line in its first source and a 'title' in its first licence",
                             "The map's note and the Sources page show both")
    _check_hash_declaration(entry.get("hash"), where)
    _check_limit(entry, MAX_BYTES_KEY, where)


def _is_safe_path(path: str, suffix: str) -> bool:
    """A relative path inside data/: no URL, no absolute path, no '..', no backslash, the right suffix."""
    parts = PurePosixPath(path).parts
    return bool(parts) and "://" not in path and "\\" not in path and not path.startswith("/") \
        and ".." not in parts and path.endswith(suffix) and "\x00" not in path


def _check_credits(entries: Any, where: str, key: str) -> None:
    needed = "title" if key == "sources" else "name"
    if not isinstance(entries, list) or not entries or \
            not all(isinstance(e, dict) and isinstance(e.get(needed), str) for e in entries):
        raise _package_error(f"{where} must be a non-empty list of objects with a '{needed}'",
                             "The package's sources/licenses are the article's and apply to every table "
                             "without its own; an external table lists its own")


def _check_limit(holder: dict[str, Any], key: str, where: str) -> None:
    value = holder.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise _package_error(f"{where} has '{key}': {value!r}, not a whole number ≥ 1",
                             f"Write the limit as a whole number, e.g. \"{key}\": 5000000")


def _check_against_profile(descriptor: dict[str, Any]) -> None:
    report = Package.validate_descriptor(descriptor)
    if not report.valid:
        first = report.errors[0]
        raise _package_error(f"does not follow the Data Package standard: {first.note}",
                             "See https://datapackage.org/standard/data-package/ (checked with frictionless)")


def resource_descriptor(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The descriptor of one table in datapackage.json (its problem, if its entry is unusable)."""
    for resource in package(directory)["resources"]:
        if resource["name"] == name:
            return resource
    problem = package_problems(directory).get(name)
    if problem is not None:
        raise problem.with_traceback(None)
    raise DataError(PACKAGE_LABEL, f"no table named '{name}' is described")


def geodata_descriptor(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The ``x-geodata`` entry called ``name`` (its problem, if the entry is unusable)."""
    for entry in package(directory)[GEODATA_KEY]:
        if entry["name"] == name:
            return entry
    problems = package_problems(directory)
    problem = problems.get(f"{GEO_PREFIX}{name}") or problems.get(f"{GEO_PREFIX}*")
    if problem is not None:
        raise problem.with_traceback(None)
    raise DataError(PACKAGE_LABEL, f"no map file named '{name}' is described under '{GEODATA_KEY}'")


def resource_sources(name: str, directory: Path | None = None) -> list[dict[str, Any]]:
    """The table's own sources, else the package's (the article: the default of every table)."""
    return _own_or_package(name, "sources", directory)


def resource_licenses(name: str, directory: Path | None = None) -> list[dict[str, Any]]:
    """The table's own licences, else the package's (the article's terms)."""
    return _own_or_package(name, "licenses", directory)


def _own_or_package(name: str, key: str, directory: Path | None) -> list[dict[str, Any]]:
    resource = resource_descriptor(name, directory)
    return resource[key] if key in resource else package(directory)[key]


def resource_limits(name: str, directory: Path | None = None) -> tuple[int | None, int | None]:
    """(maximum bytes, maximum data rows) of a table: its own x-maxBytes/x-maxRows, else the package's."""
    resource, defaults = resource_descriptor(name, directory), package(directory)
    return tuple(resource.get(key, defaults.get(key)) for key in (MAX_BYTES_KEY, MAX_ROWS_KEY))


# === one table ==========================================================================

_LOADING: set[tuple[str, str]] = set()  # tables being loaded now: a foreign-key cycle is an error


def load_table(name: str, directory: Path | None = None) -> pd.DataFrame:
    """One validated, typed table; raises DataError when it is not usable."""
    directory = directory or data_dir()
    descriptor = resource_descriptor(name, directory)
    note_read(f"data/{descriptor['path']}", directory / descriptor["path"])
    dependencies = [directory / PACKAGE_FILE, directory / descriptor["path"]]
    dependencies += [directory / resource_descriptor(ref, directory)["path"] for ref in _referenced(descriptor)]
    signature = tuple(_stat(path) for path in dependencies)
    result = _CACHE.get(str(directory), name, signature)
    if result is None:
        result = _load_at_table_boundary(descriptor, directory)
        _CACHE.put(str(directory), name, signature, result)
    if isinstance(result, DataError):
        raise result.with_traceback(None)
    return result.copy()


def _load_at_table_boundary(descriptor: dict[str, Any], directory: Path) -> pd.DataFrame | DataError:
    """The table, or the DataError that says why not: no other exception leaves this function,
    and no message names a server path (files are named relative to data/)."""
    label = f"data/{descriptor['path']}"
    token = (str(directory), descriptor["name"])
    if token in _LOADING:
        return DataError(PACKAGE_LABEL, f"the foreign keys of table '{descriptor['name']}' form a cycle",
                         hint="A table may refer to partners.csv, not back to a table that refers to it")
    _LOADING.add(token)
    try:
        return _load_uncached(descriptor, directory)
    except DataError as error:
        return _forget_traceback(_without_paths(error, directory))
    except Exception as error:  # noqa: BLE001 - any failure of any library becomes one readable error
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        return _forget_traceback(_without_paths(DataError(
            label, f"the table could not be read ({reason})",
            hint="Check the file against its schema in data/datapackage.json, "
                 "or restore the last good version from git"), directory))
    finally:
        _LOADING.discard(token)


def _without_paths(error: DataError, directory: Path) -> DataError:
    """The error with the data folder's server path written as data/ (a library may name it)."""
    folders = sorted({str(directory), str(directory.resolve()), str(directory.absolute())}, key=len, reverse=True)

    def clean(text: str | None) -> str | None:
        for folder in folders if text else ():
            text = text.replace(folder + os.sep, "data/").replace(folder, "data")
        return text

    if not any(folder in str(error) for folder in folders):
        return error
    return DataError(clean(error.file), clean(error.problem), line=error.line, column=error.column,
                     hint=clean(error.hint), more=error.more)


def _referenced(descriptor: dict[str, Any]) -> list[str]:
    refs = [fk["reference"]["resource"] for fk in descriptor["schema"].get("foreignKeys", [])]
    return [ref for ref in dict.fromkeys(refs) if ref and ref != descriptor["name"]]


def _load_uncached(descriptor: dict[str, Any], directory: Path) -> pd.DataFrame:
    """Read once (the bytes), then checked: encoding and header here (their messages say more than
    Frictionless' position-by-position label errors), hash, cells, keys and foreign keys by
    Frictionless on those same bytes; typed by the schema's own cell readers."""
    label = f"data/{descriptor['path']}"
    max_bytes, max_rows = resource_limits(descriptor["name"], directory)
    raw = _read_confined(directory, descriptor["path"], label, max_bytes, _limit_hint(MAX_BYTES_KEY))
    text = _decode(raw, label)
    _check_header(text, descriptor, label)
    lines = _record_lines(text, label, max_rows)
    _check_rows(raw, descriptor, directory, label, lines)
    frame = _typed_frame(text, descriptor, label, lines)
    if "quote" in frame.columns:
        _check_quotes(frame, label, lines)
    return frame


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB" if size >= 100_000 else f"{size:,} bytes"


def _limit_hint(key: str) -> str:
    return (f"Use a smaller extract, or raise \"{key}\" for this table in "
            "data/datapackage.json if the larger file is intended")


def _read_confined(directory: Path, relative: str, label: str, max_bytes: int | None, hint: str) -> bytes:
    """The bytes of ``directory/relative``: a regular file inside the data folder (links included),
    at most ``max_bytes`` long (never read further than that), not empty."""
    path = directory / relative
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        raise DataError(label, "the file is missing", hint="Restore it from git" if relative == PACKAGE_FILE
                        else "Restore it or remove it from data/datapackage.json") from None
    except (OSError, RuntimeError):  # a link loop
        raise DataError(label, "the file cannot be opened (a broken or looping link?)",
                        hint="Replace the link with the file itself") from None
    if not resolved.is_relative_to(directory.resolve()):
        raise DataError(label, "the file is a link to a place outside data/, which the dashboard does not read",
                        hint="Copy the file into data/ instead of linking to it")
    if not resolved.is_file():
        raise DataError(label, "is not a file (a folder or a device has its name)", hint="Put the file itself there")
    with resolved.open("rb") as handle:
        raw = handle.read(max_bytes + 1 if max_bytes is not None else -1)
        if max_bytes is not None and len(raw) > max_bytes:
            size = os.fstat(handle.fileno()).st_size
            raise DataError(label, f"the file is {_megabytes(size)}; the limit for this table is "
                            f"{_megabytes(max_bytes)}", hint=hint)
    if not raw.strip():
        raise DataError(label, "the file is empty", hint="It needs a header line and at least one data line")
    return raw


def _decode(raw: bytes, label: str) -> str:
    _refuse_utf16(raw, label)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(label, "the file starts with a byte-order mark (BOM), as Excel writes 'CSV UTF-8'",
                        line=1,
                        hint="Save it as plain UTF-8 without BOM (e.g. 'CSV' in LibreOffice, or remove the first 3 bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        snippet = raw[max(0, error.start - 20): error.start + 5].decode("latin-1")
        raise DataError(label, f"contains bytes that are not UTF-8 near “{snippet}” (probably Latin-1 or Windows-1252)",
                        line=line, hint="Re-save the file with UTF-8 encoding") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataError(label, "contains a NUL byte: this is not a text file", line=line,
                        hint="Export the table again as CSV (UTF-8)")
    return text


def _refuse_utf16(raw: bytes, label: str) -> None:
    """UTF-16 (Excel's 'Unicode text'): by its byte-order mark, or by every other byte being NUL."""
    bom = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    sample = raw[:4000]
    half = max(1, len(sample) // 2)
    nul_odd, nul_even = sample[1::2].count(0) / half, sample[0::2].count(0) / half
    if bom or max(nul_odd, nul_even) > 0.4:
        how = "with a byte-order mark" if bom else "without a byte-order mark"
        raise DataError(label, f"the file is encoded as UTF-16 ({how}), as Excel's 'Unicode text' writes it",
                        line=1, hint="Save it as 'CSV UTF-8' without BOM (or convert: iconv -f UTF-16 -t UTF-8)")


def _check_header(text: str, descriptor: dict[str, Any], label: str) -> None:
    header = next(csv.reader(io.StringIO(text)), [])
    expected = [field["name"] for field in descriptor["schema"]["fields"]]
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    if missing:
        raise DataError(label, f"the column '{missing[0]}' is missing", line=1, column=missing[0],
                        hint=f"Expected columns, in order: {', '.join(expected)}")
    if extra:
        raise DataError(label, f"the column '{extra[0]}' is not in the table's schema", line=1, column=extra[0],
                        hint="Remove it, or add it to the schema in data/datapackage.json")
    repeated = [name for name in dict.fromkeys(header) if header.count(name) > 1]
    if repeated:
        raise DataError(label, f"the column '{repeated[0]}' appears twice in the header", line=1, column=repeated[0],
                        hint=f"Expected columns, in order: {', '.join(expected)}")
    if header != expected:
        raise DataError(label, "the columns are in a different order than the schema", line=1,
                        hint=f"Expected: {', '.join(expected)}")
    if len(text.strip().splitlines()) < 2:
        raise DataError(label, "the file has a header but no data rows", hint="Add at least one row")


def _record_lines(text: str, label: str, max_rows: int | None) -> list[int]:
    """The file line on which each record starts (index 0: the header), so that every message
    names the line an editor shows, also below a cell with a line break. Stops at the first
    record over the row limit; a quoted cell still open at the end (a cut file) is an error."""
    reader = csv.reader(io.StringIO(text), strict=True)
    starts, end = [], 0
    try:
        for _ in reader:
            starts.append(end + 1)
            end = reader.line_num
            if max_rows is not None and len(starts) > max_rows + 1:
                raise DataError(label, f"the file has more than {max_rows:,} data rows, the limit for this table",
                                hint=_limit_hint(MAX_ROWS_KEY).replace("larger", "longer"))
    except csv.Error as error:
        raise DataError(label, f"a quoted cell that starts here is never closed ({error}); the file may be cut "
                        "short", line=end + 1, hint="Close the quote with \", or restore the whole file") from None
    return starts


_ROW_SHAPE = ("missing-cell", "extra-cell", "blank-row")


def _line(lines: list[int], record: int | None) -> int | None:
    """The file line of record ``record`` (1: the header, as Frictionless counts rows)."""
    if record is None:
        return None
    return lines[record - 1] if 0 < record <= len(lines) else record


def _check_rows(raw: bytes, descriptor: dict[str, Any], directory: Path, label: str, lines: list[int]) -> None:
    """Frictionless validates the bytes already read: hash, types, constraints, primary and
    foreign keys (the tables referred to are given as the rows the loader already validated)."""
    resource = Resource(raw, name=descriptor["name"], format="csv", encoding="utf-8",
                        schema=Schema.from_descriptor(descriptor["schema"]), hash=descriptor.get("hash"))
    lookups = _lookup_resources(descriptor, directory)
    if lookups:
        Package(resources=[resource, *lookups])  # a foreign key is checked against its package's tables
    errors = [error for task in resource.validate().tasks for error in task.errors]
    if errors:  # a changed file first; then the first row's problem, a row's shape before its cells
        first = min(errors, key=lambda e: (e.type != "hash-count", getattr(e, "row_number", None) or 0,
                                           e.type not in _ROW_SHAPE))
        if first.type == "hash-count":
            raise _hash_error(first, label)
        raise DataError(label, _explain(first, descriptor, directory), line=_line(lines, getattr(first, "row_number", None)),
                        column=_error_column(first), hint=_hint(first, descriptor, directory), more=len(errors) - 1)


def _lookup_resources(descriptor: dict[str, Any], directory: Path) -> list[Resource]:
    """Each table a foreign key refers to, as inline rows of the columns referred to (loaded and
    validated once by ``load_table``; its file is not read again)."""
    columns: dict[str, list[str]] = {}
    for key in descriptor["schema"].get("foreignKeys", []):
        target = key["reference"]["resource"]
        if target not in ("", descriptor["name"]):
            columns.setdefault(target, []).append(_one_column(key["reference"]["fields"]))
    lookups = []
    for target, names in columns.items():
        names = list(dict.fromkeys(names))
        table = load_table(target, directory)[names].astype(object)
        rows = table.where(table.notna(), None).values.tolist()
        fields = [_field(resource_descriptor(target, directory), name) for name in names]
        lookups.append(Resource(name=target, data=[names, *rows],
                                schema=Schema.from_descriptor({"fields": [{"name": f["name"], "type": f.get("type", "string")}
                                                                          for f in fields]})))
    return lookups


_HASHES = re.compile(r'expected is "([0-9a-fA-F]+)" and actual is "([0-9a-fA-F]+)"')


def _hash_error(error: Any, label: str) -> DataError:
    expected, actual = (_HASHES.search(error.note) or re.match(r"()()", "")).groups()
    return DataError(label, "the file is not the one described: its SHA-256 hash differs from the one in "
                     f"data/datapackage.json (expected {expected[:12]}…, found {actual[:12]}…)",
                     hint="Restore the original file from its source; if the new version is intended, "
                          f"set \"hash\": \"sha256:{actual}\" and update the source's \"accessed\" date")


def _error_column(error: Any) -> str | None:
    names = getattr(error, "field_names", None) if error.type == "foreign-key" else None
    return (names[0] if names else None) or getattr(error, "field_name", None) or None


def _field(descriptor: dict[str, Any], name: str | None) -> dict[str, Any]:
    return next((f for f in descriptor["schema"]["fields"] if f["name"] == name), {})


def _explain(error: Any, descriptor: dict[str, Any], directory: Path | None = None) -> str:
    """Frictionless error -> a sentence an analyst understands."""
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "foreign-key":
        column = _error_column(error)
        position = [f["name"] for f in descriptor["schema"]["fields"]].index(column)
        target = _fk_target(descriptor, column, directory)
        return f"“{error.cells[position]}” is not a known code in {PurePosixPath(target['path']).name}"
    if kind == "type-error":
        wanted = error.note.split('"')[1].split("/")[0] if '"' in error.note else "another type"
        return f"“{cell}” is not a valid {_TYPE_WORDS.get(wanted, wanted)}"
    if kind == "constraint-error":
        if "required" in error.note:
            return "a value is required here but the cell is empty"
        rule = error.note.replace("constraint ", "")
        return f"“{cell}” breaks the rule {rule}"
    if kind in ("primary-key", "unique-error"):
        return "this row repeats the key of an earlier row (" + error.note + ")"
    if kind == "blank-row":
        return "the row is blank"
    if kind in ("extra-cell", "missing-cell"):
        return "the row has more cells than the header" if kind == "extra-cell" else "the row has fewer cells than the header"
    if kind == "hash-count":
        return "the file's hash differs from the one in data/datapackage.json (" + error.note + ")"
    return f"{error.title}: {error.note}".strip(": ")


_TYPE_WORDS = {"number": "number", "integer": "whole number", "boolean": "true/false value", "date": "date (YYYY-MM-DD)"}


_TYPE_ADVICE = {"integer": "a whole number", "number": "a number (a dot for decimals; no %, units or thousands separators)",
                "boolean": "true or false", "date": "a date as YYYY-MM-DD", "string": "text"}


def expectation(field: dict[str, Any]) -> str:
    """What a valid cell of ``field`` looks like, in words: 'a whole number ≥ 0, not empty'."""
    rules = field.get("constraints", {})
    words = [_TYPE_ADVICE.get(field.get("type", "string"), field.get("type", "text"))]
    if "minimum" in rules and "maximum" in rules:
        words.append(f"from {rules['minimum']} to {rules['maximum']}")
    elif "minimum" in rules:
        words.append(f"≥ {rules['minimum']}")
    elif "maximum" in rules:
        words.append(f"≤ {rules['maximum']}")
    text = " ".join(words)
    if "enum" in rules:
        text += ", one of: " + ", ".join(map(str, rules["enum"]))
    if rules.get("required"):
        text += ", not empty"
    return text


def _fk_target(descriptor: dict[str, Any], column: str | None, directory: Path | None = None) -> dict[str, Any]:
    """The descriptor of the table that ``column``'s foreign key refers to (the table itself for '')."""
    key = next(k for k in descriptor["schema"]["foreignKeys"] if _one_column(k["fields"]) == column)
    target = key["reference"]["resource"]
    return descriptor if target in ("", descriptor["name"]) else resource_descriptor(target, directory)


def _hint(error: Any, descriptor: dict[str, Any], directory: Path | None = None) -> str | None:
    if error.type == "foreign-key":
        path = _fk_target(descriptor, _error_column(error), directory)["path"]
        return f"Use a code from data/{path}, or add the new one there first"
    field = _field(descriptor, getattr(error, "field_name", None))
    if field:
        holds = f"Column '{field['name']}' holds: {field.get('description', '')}".rstrip(": ")
        return f"{holds}. Write {expectation(field)}"
    if error.type in ("primary-key", "unique-error"):
        return f"Each row needs a unique {' + '.join(descriptor['schema'].get('primaryKey', []))}"
    return None


def _typed_frame(text: str, descriptor: dict[str, Any], label: str, lines: list[int]) -> pd.DataFrame:
    """The cells read by the schema's own cell readers (missing values, true/false words, formats)."""
    schema_descriptor = {key: value for key, value in descriptor["schema"].items() if key != "foreignKeys"}
    schema = Schema.from_descriptor(schema_descriptor)
    # object, not str: pandas 3 would build pyarrow strings, whose memory pool keeps freed memory
    cells = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False, na_filter=False)
    columns = {field.name: _typed_column(cells[field.name], field, descriptor, label, lines) for field in schema.fields}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(cells)))


def _typed_column(cells: pd.Series, field: Any, descriptor: dict[str, Any], label: str,
                  lines: list[int]) -> pd.Series:
    read = field.create_cell_reader()
    values = {}
    for cell in cells.unique():
        value, notes = read(cell)
        problem = _cell_problem(cell, value, notes, field.type)
        if problem:
            line = _line(lines, int(cells.index[cells == cell][0]) + 2)
            raise DataError(label, problem, line=line, column=field.name,
                            hint=f"Write {expectation(_field(descriptor, field.name))}")
        values[cell] = value
    parsed = [values[cell] for cell in cells]
    if field.type == "date":
        iso = pd.Series([None if v is None else v.isoformat() for v in parsed], dtype=object)
        return pd.to_datetime(iso, format="%Y-%m-%d")
    if field.type == "number":
        return pd.Series([float("nan") if v is None else float(v) for v in parsed], dtype="float64")
    return pd.Series(pd.array(parsed, dtype=_PANDAS_TYPES[field.type]))


_INT64 = 2 ** 63


def _cell_problem(cell: str, value: Any, notes: Any, kind: str) -> str | None:
    """What is wrong with a cell the schema read as ``value`` (None when it is fine)."""
    if notes:
        return f"“{cell}” is not a valid {_TYPE_WORDS.get(kind, kind)}"
    if kind == "number" and value is not None and not value.is_finite():
        return f"“{cell}” is not a valid number (not a finite value)"
    if kind == "integer" and value is not None and not -_INT64 <= value < _INT64:
        return f"“{cell}” is too large for a whole number (at most {_INT64 - 1:,})"
    return None


# Python-backed strings: the tables are small, and pyarrow-backed string operations cost more
# per call than they save (they showed up in every page run's profile).
_PANDAS_TYPES = {"integer": "Int64", "boolean": "boolean", "string": "string[python]"}


def _check_quotes(frame: pd.DataFrame, label: str, lines: list[int]) -> None:
    article = seed_text().text
    for index, quote in frame["quote"].items():
        if normalise_quote(str(quote)) not in article:
            raise DataError(label, "the quote is not a verbatim passage of the article", line=_line(lines, int(index) + 2),
                            column="quote",
                            hint="Copy the sentence exactly from seeds/ (line breaks and endnote numbers may differ)")


# === a view over data it does not expect ================================================

_READS: contextvars.ContextVar[dict[str, Path] | None] = contextvars.ContextVar("data_reads", default=None)
UNEXPECTED = (KeyError, IndexError, ValueError, TypeError, AttributeError, ZeroDivisionError)


def note_read(label: str, path: Path) -> None:
    """Record that the view being built (inside ``guarded``) reads this file."""
    reads = _READS.get()
    if reads is not None:
        reads.setdefault(label, path)


def guarded(build: Callable[[Any], Any], state: Any) -> Any:
    """``build(state)``; a view that meets valid data it does not expect (a partner's rows missing,
    a map without a country) gives a DataError naming the files it read, most recently changed
    first, instead of a traceback. DataError passes unchanged. The traceback goes to the log."""
    reads: dict[str, Path] = {}
    token = _READS.set(reads)
    try:
        return build(state)
    except UNEXPECTED as error:
        _LOG.warning("a view failed on the data it read (%s)", ", ".join(reads), exc_info=True)
        raise _unexpected(error, reads) from None
    finally:
        _READS.reset(token)


def _unexpected(error: Exception, reads: dict[str, Path]) -> DataError:
    files = sorted(reads, key=lambda label: _stat(reads[label])[0] or 0, reverse=True)
    detail = " ".join(str(error).split())[:120]
    for folder in {str(path.parent) for path in reads.values()}:
        detail = detail.replace(folder, "data")
    named = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    return DataError(files[0] if files else PACKAGE_LABEL,
                     f"the files are valid, but they do not hold what this page draws ({type(error).__name__}: "
                     f"{detail or 'no detail'}). It reads {named or 'no table'}; the first was changed most recently",
                     hint="Check that the file still holds the rows the page compares (e.g. every partner it "
                          "names); restore it from git if unsure")
