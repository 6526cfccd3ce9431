"""The one way the dashboard reads data: datapackage.json -> validated, typed DataFrames.

The descriptor is checked first (shape, then the Frictionless Data Package profile). Every table
is then checked against its size limits before it is parsed, its SHA-256 hash where one is
declared, its Frictionless Table Schema (types, constraints, keys), its foreign keys, and, for
the article's tables, every quote against the seed article. Values are read with the schema's
own cell readers, so what passes validation is exactly what lands in the DataFrame. Any problem
raises ``DataError``, whose message names the file, the line, the column and what to do. One
result (table or error) is memoised per table and folder: a changed file replaces it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import time
from collections import OrderedDict
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

    The result is shared: read it, do not modify it.
    """
    directory = directory or data_dir()
    path = directory / PACKAGE_FILE
    signature = _stat(path)
    result = _PACKAGES.get(str(directory), PACKAGE_FILE, signature)
    if result is None:
        try:
            result = _parse_package(path)
        except DataError as error:
            result = _forget_traceback(error)
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
    files = [directory / PACKAGE_FILE] + [directory / r["path"] for r in _safe_resources(directory)]
    current = (str(directory),) + tuple(_stat(path) for path in files)
    if len(_VERSIONS) >= MAX_FOLDERS * 4 and str(directory) not in _VERSIONS:
        _VERSIONS.clear()  # only a bound: tests make many folders, the app one
    _VERSIONS[str(directory)] = (now, current)
    return current


def _safe_resources(directory: Path) -> list[dict[str, Any]]:
    try:
        return package(directory)["resources"]
    except DataError:
        return []


def _forget_traceback(error: DataError) -> DataError:
    """A memoised error must not keep the frames (and their DataFrames) of its first raise alive."""
    error.__traceback__ = error.__context__ = error.__cause__ = None
    return error


# === the descriptor ====================================================================

def _package_error(problem: str, hint: str) -> DataError:
    return DataError(PACKAGE_LABEL, problem, hint=hint)


def _parse_package(path: Path) -> dict[str, Any]:
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(PACKAGE_LABEL, "the file is missing", hint=f"Expected it at {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise _package_error(f"not valid JSON ({error})", "Check it with a JSON validator; "
                             "restore it from git if unsure") from None
    _check_descriptor_shape(descriptor)
    _check_against_profile(descriptor)
    _check_references(descriptor)
    return descriptor


def _check_descriptor_shape(descriptor: Any) -> None:
    """What the loader relies on, checked before Frictionless sees the descriptor.

    Schemas and profiles given as paths or URLs are refused here: Frictionless would fetch them.
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
        _check_resource_shape(resource, position)
    for key in ("sources", "licenses"):
        _check_credits(descriptor.get(key), f"the package's '{key}'")
    for key in (MAX_BYTES_KEY, MAX_ROWS_KEY):
        _check_limit(descriptor, key, "the package")


def _check_resource_shape(resource: Any, position: int) -> None:
    if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
        raise _package_error(f"table number {position} in 'resources' has no name",
                             'Give every table a "name" (lower case, digits, _ or -)')
    name, path = resource["name"], resource.get("path")
    if not isinstance(path, str) or not _is_safe_path(path):
        raise _package_error(f"table '{name}' has no usable 'path' (got {path!r})",
                             'Give it "path": the CSV file relative to data/, e.g. "external/x.csv"')
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        raise _package_error(f"table '{name}' has no schema with fields",
                             'Add "schema": {"fields": [{"name": ..., "type": ...}, ...]} inside the table')
    for field in schema["fields"]:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) \
                or field.get("type", "string") not in SUPPORTED_TYPES:
            raise _package_error(f"table '{name}' has a column that is not {{'name', 'type'}} with a "
                                 f"supported type: {str(field)[:80]}", f"Types: {', '.join(SUPPORTED_TYPES)}")
    for key in ("sources", "licenses"):
        if key in resource:
            _check_credits(resource[key], f"table '{name}', '{key}'")
    for key in (MAX_BYTES_KEY, MAX_ROWS_KEY):
        _check_limit(resource, key, f"table '{name}'")


def _is_safe_path(path: str) -> bool:
    """A relative path inside data/: no URL, no absolute path, no '..', no backslash."""
    parts = PurePosixPath(path).parts
    return bool(parts) and "://" not in path and "\\" not in path and not path.startswith("/") \
        and ".." not in parts and path.endswith(".csv")


def _check_credits(entries: Any, where: str) -> None:
    if not isinstance(entries, list) or not entries or \
            not all(isinstance(e, dict) and (e.get("title") or e.get("name")) for e in entries):
        raise _package_error(f"{where} must be a non-empty list of objects with a 'title'",
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


def _check_references(descriptor: dict[str, Any]) -> None:
    names = [resource["name"] for resource in descriptor["resources"]]  # unique: the profile checks it
    for resource in descriptor["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            target = (key.get("reference") or {}).get("resource")
            if target not in ("", None, resource["name"]) and target not in names:
                raise _package_error(f"table '{resource['name']}' refers to a table '{target}' that is not described",
                                     "Fix the foreign key's reference, or describe that table")


def resource_descriptor(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The descriptor of one table in datapackage.json."""
    for resource in package(directory)["resources"]:
        if resource["name"] == name:
            return resource
    raise DataError(PACKAGE_LABEL, f"no table named '{name}' is described")


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
    """The table, or the DataError that says why not: no other exception leaves this function."""
    label = f"data/{descriptor['path']}"
    token = (str(directory), descriptor["name"])
    if token in _LOADING:
        return DataError(PACKAGE_LABEL, f"the foreign keys of table '{descriptor['name']}' form a cycle",
                         hint="A table may refer to partners.csv, not back to a table that refers to it")
    _LOADING.add(token)
    try:
        return _load_uncached(descriptor, directory)
    except DataError as error:
        return _forget_traceback(error)
    except Exception as error:  # noqa: BLE001 - any failure of any library becomes one readable error
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        return _forget_traceback(DataError(label, f"the table could not be read ({reason})",
                                           hint="Check the file against its schema in data/datapackage.json, "
                                                "or restore the last good version from git"))
    finally:
        _LOADING.discard(token)


def _referenced(descriptor: dict[str, Any]) -> list[str]:
    refs = [(fk.get("reference") or {}).get("resource") for fk in descriptor["schema"].get("foreignKeys", [])]
    return [ref for ref in dict.fromkeys(refs) if ref and ref != descriptor["name"]]


def _load_uncached(descriptor: dict[str, Any], directory: Path) -> pd.DataFrame:
    path = directory / descriptor["path"]
    label = f"data/{descriptor['path']}"
    max_bytes, max_rows = resource_limits(descriptor["name"], directory)
    raw = _read_bytes(path, label, max_bytes)
    _check_hash(raw, descriptor, label)
    text = _decode(raw, label)
    _check_header(text, descriptor, label)
    _check_row_count(text, label, max_rows)
    _check_rows(descriptor, directory, label)
    frame = _typed_frame(text, descriptor, label)
    _check_foreign_keys(frame, descriptor, directory, label)
    if "quote" in frame.columns:
        _check_quotes(frame, label)
    return frame


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB" if size >= 100_000 else f"{size:,} bytes"


def _read_bytes(path: Path, label: str, max_bytes: int | None) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataError(label, "the file is missing", hint="Restore it or remove the table from datapackage.json") from None
    if max_bytes is not None and size > max_bytes:
        raise DataError(label, f"the file is {_megabytes(size)}; the limit for this table is {_megabytes(max_bytes)}",
                        hint=f"Use a smaller extract, or raise \"{MAX_BYTES_KEY}\" for this table in "
                             "data/datapackage.json if the larger file is intended")
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(label, "the file is empty", hint="It needs a header line and at least one data line")
    return raw


def _check_hash(raw: bytes, descriptor: dict[str, Any], label: str) -> None:
    declared = descriptor.get("hash")
    if declared is None:
        return
    algorithm, _, expected = str(declared).rpartition(":")
    if (algorithm or "md5") != "sha256":
        raise DataError(PACKAGE_LABEL, f"table '{descriptor['name']}' declares a hash that is not SHA-256: {declared}",
                        hint='Write "hash": "sha256:<64 hex digits>" (sha256sum prints them)')
    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected.lower():
        raise DataError(label, "the file is not the one described: its SHA-256 hash differs from the one in "
                        f"data/datapackage.json (expected {expected[:12]}…, found {actual[:12]}…)",
                        hint="Restore the original file from its source; if the new version is intended, "
                             f"set \"hash\": \"sha256:{actual}\" and update the source's \"accessed\" date")


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
    if header != expected:
        raise DataError(label, "the columns are in a different order than the schema", line=1,
                        hint=f"Expected: {', '.join(expected)}")
    if len(text.strip().splitlines()) < 2:
        raise DataError(label, "the file has a header but no data rows", hint="Add at least one row")


def _check_row_count(text: str, label: str, max_rows: int | None) -> None:
    """Count records (quoted line breaks included) and stop at the first one over the limit."""
    if max_rows is None:
        return
    for count, _ in enumerate(csv.reader(io.StringIO(text))):
        if count > max_rows:  # count 0 is the header
            raise DataError(label, f"the file has more than {max_rows:,} data rows, the limit for this table",
                            hint=f"Use a smaller extract, or raise \"{MAX_ROWS_KEY}\" for this table in "
                                 "data/datapackage.json if the longer file is intended")


def _check_rows(descriptor: dict[str, Any], directory: Path, label: str) -> None:
    schema = {key: value for key, value in descriptor["schema"].items() if key != "foreignKeys"}
    resource = Resource({**descriptor, "schema": schema}, basepath=str(directory))
    errors = [error for task in resource.validate().tasks for error in task.errors]
    if errors:
        first = errors[0]
        raise DataError(label, _explain(first), line=getattr(first, "row_number", None),
                        column=getattr(first, "field_name", None) or None,
                        hint=_hint(first, descriptor), more=len(errors) - 1)


def _field(descriptor: dict[str, Any], name: str | None) -> dict[str, Any]:
    return next((f for f in descriptor["schema"]["fields"] if f["name"] == name), {})


def _explain(error: Any) -> str:
    """Frictionless error -> a sentence an analyst understands."""
    cell = getattr(error, "cell", None)
    kind = error.type
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


def _hint(error: Any, descriptor: dict[str, Any]) -> str | None:
    field = _field(descriptor, getattr(error, "field_name", None))
    if field:
        holds = f"Column '{field['name']}' holds: {field.get('description', '')}".rstrip(": ")
        return f"{holds}. Write {expectation(field)}"
    if error.type in ("primary-key", "unique-error"):
        return f"Each row needs a unique {' + '.join(descriptor['schema'].get('primaryKey', []))}"
    return None


def _typed_frame(text: str, descriptor: dict[str, Any], label: str) -> pd.DataFrame:
    """The cells read by the schema's own cell readers (missing values, true/false words, formats)."""
    schema_descriptor = {key: value for key, value in descriptor["schema"].items() if key != "foreignKeys"}
    schema = Schema.from_descriptor(schema_descriptor)
    # object, not str: pandas 3 would build pyarrow strings, whose memory pool keeps freed memory
    cells = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False, na_filter=False)
    columns = {field.name: _typed_column(cells[field.name], field, descriptor, label) for field in schema.fields}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(cells)))


def _typed_column(cells: pd.Series, field: Any, descriptor: dict[str, Any], label: str) -> pd.Series:
    read = field.create_cell_reader()
    values = {}
    for cell in cells.unique():
        value, notes = read(cell)
        problem = _cell_problem(cell, value, notes, field.type)
        if problem:
            line = int(cells.index[cells == cell][0]) + 2
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


def _check_foreign_keys(frame: pd.DataFrame, descriptor: dict[str, Any], directory: Path, label: str) -> None:
    for fk in descriptor["schema"].get("foreignKeys", []):
        column, target = fk["fields"], fk["reference"]
        if target["resource"] in ("", descriptor["name"]):
            continue
        valid = set(load_table(target["resource"], directory)[target["fields"]].dropna())
        bad = frame[~frame[column].isin(valid) & frame[column].notna()]
        if not bad.empty:
            line = int(bad.index[0]) + 2
            raise DataError(label, f"“{bad.iloc[0][column]}” is not a known code in {target['resource']}.csv",
                            line=line, column=column, more=len(bad) - 1,
                            hint=f"Use a code from data/{target['resource']}.csv, or add the new one there first")


def _check_quotes(frame: pd.DataFrame, label: str) -> None:
    article = seed_text().text
    for index, quote in frame["quote"].items():
        if normalise_quote(str(quote)) not in article:
            raise DataError(label, "the quote is not a verbatim passage of the article", line=int(index) + 2,
                            column="quote",
                            hint="Copy the sentence exactly from seeds/ (line breaks and endnote numbers may differ)")
