"""The one way the dashboard reads data: datapackage.json -> validated, typed DataFrames.

Every table is checked against its Frictionless Table Schema (types, constraints, keys), its
foreign keys, and, for the article's tables, every quote against the seed article. A problem
raises ``DataError``, whose message names the file, the line, the column and what to do, in
words an analyst can act on. Results (and errors) are memoised per file version, so a page
run costs a dictionary look-up once the data has been read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from frictionless import Resource

from components.seed_text import normalise_quote, seed_text

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
PACKAGE_FILE = "datapackage.json"
MAX_REPORTED = 3


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


@dataclass(frozen=True)
class _Key:
    directory: str
    name: str
    signature: tuple


_CACHE: dict[_Key, pd.DataFrame | DataError] = {}


def _stat(path: Path) -> tuple:
    try:
        info = path.stat()
        return (info.st_mtime_ns, info.st_size)
    except OSError:
        return (None, None)


_PACKAGES: dict[tuple, dict[str, Any]] = {}


def package(directory: Path | None = None) -> dict[str, Any]:
    """The parsed datapackage.json (sources, licences, resources), parsed once per version.

    The result is shared: read it, do not modify it.
    """
    path = (directory or data_dir()) / PACKAGE_FILE
    key = (str(path), _stat(path))
    if key not in _PACKAGES:
        _PACKAGES[key] = _parse_package(path)
    return _PACKAGES[key]


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
    _VERSIONS[str(directory)] = (now, current)
    return current


def _safe_resources(directory: Path) -> list[dict[str, Any]]:
    try:
        return package(directory).get("resources", [])
    except DataError:
        return []


def _parse_package(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"data/{PACKAGE_FILE}", "the file is missing", hint=f"Expected it at {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(f"data/{PACKAGE_FILE}", f"not valid JSON ({error})") from None


def resource_descriptor(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The descriptor of one table in datapackage.json."""
    for resource in package(directory).get("resources", []):
        if resource.get("name") == name:
            return resource
    raise DataError(f"data/{PACKAGE_FILE}", f"no table named '{name}' is described")


def load_table(name: str, directory: Path | None = None) -> pd.DataFrame:
    """One validated, typed table; raises DataError when it is not usable."""
    directory = directory or data_dir()
    descriptor = resource_descriptor(name, directory)
    dependencies = [directory / PACKAGE_FILE, directory / descriptor["path"]]
    dependencies += [directory / resource_descriptor(ref, directory)["path"] for ref in _referenced(descriptor)]
    key = _Key(str(directory), name, tuple(_stat(path) for path in dependencies))
    if key not in _CACHE:
        try:
            _CACHE[key] = _load_uncached(descriptor, directory)
        except DataError as error:
            _CACHE[key] = error
    result = _CACHE[key]
    if isinstance(result, DataError):
        raise result
    return result.copy()


def _referenced(descriptor: dict[str, Any]) -> list[str]:
    refs = [fk["reference"]["resource"] for fk in descriptor["schema"].get("foreignKeys", [])]
    return [ref for ref in dict.fromkeys(refs) if ref and ref != descriptor["name"]]


def _load_uncached(descriptor: dict[str, Any], directory: Path) -> pd.DataFrame:
    path = directory / descriptor["path"]
    label = f"data/{descriptor['path']}"
    text = _read_text(path, label)
    _check_header(text, descriptor, label)
    _check_rows(descriptor, directory, label)
    frame = _typed_frame(text, descriptor)
    _check_foreign_keys(frame, descriptor, directory, label)
    if "quote" in frame.columns:
        _check_quotes(frame, label)
    return frame


def _read_text(path: Path, label: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(label, "the file is missing", hint="Restore it or remove the table from datapackage.json") from None
    if not raw.strip():
        raise DataError(label, "the file is empty", hint="It needs a header line and at least one data line")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(label, "the file starts with a byte-order mark (BOM), as Excel writes 'CSV UTF-8'",
                        line=1, hint="Save it as plain UTF-8 without BOM (e.g. 'CSV' in LibreOffice, or remove the first 3 bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        snippet = raw[max(0, error.start - 20): error.start + 5].decode("latin-1")
        raise DataError(label, f"contains bytes that are not UTF-8 near “{snippet}” (probably Latin-1 or Windows-1252)",
                        line=line, hint="Re-save the file with UTF-8 encoding") from None


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


def _typed_frame(text: str, descriptor: dict[str, Any]) -> pd.DataFrame:
    fields = descriptor["schema"]["fields"]
    dtypes = {f["name"]: _PANDAS_TYPES.get(f["type"], "string") for f in fields if f["type"] != "date"}
    dates = [f["name"] for f in fields if f["type"] == "date"]
    frame = pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False, na_values=[""])
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame


# Python-backed strings: the tables are small, and pyarrow-backed string operations cost more
# per call than they save (they showed up in every page run's profile).
_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string[python]"}


def _check_foreign_keys(frame: pd.DataFrame, descriptor: dict[str, Any], directory: Path, label: str) -> None:
    for fk in descriptor["schema"].get("foreignKeys", []):
        column, target = fk["fields"], fk["reference"]
        if target["resource"] == descriptor["name"]:
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
                            column="quote", hint="Copy the sentence exactly from seeds/ (line breaks and endnote numbers may differ)")
