"""The corruption corpus (tests/corpus/): every kind of malformed package gives a clear message on
the pages that read the broken file, and every other page still works.

For each kind a fresh copy of data/ is broken and the app reads it (DASHBOARD_DATA_DIR). The pages
that read what was broken (found by recording, on the good data, what each page's view reads) are
built with the same guard the page uses (``data.guarded``, called by ``widgets.page_view``): each
must either stop with a DataError whose message names the file relative to data/ (no server
path) with the kind's words, or, for valid but unexpected data, build and say what is missing.
For the other pages, every table and map file their view reads must load unchanged from the broken
copy: a view is a function of the view state and what it reads, so they build as on the good data
(which the baseline checks). A sample of kinds runs through AppTest on every page.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import data, geodata, registry
from components.registry import PAGES
from components.sections import sections
from components.state import ViewState
from components.views import (
    article,
    china,
    did_it_hold,
    kosovo,
    neighbourhood,
    overview,
    pandemic,
    region,
    security,
    soft_power,
    sources,
    trade,
)
from tests.apptest import show
from tests.corpus import KINDS, Kind, apply

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
STATE = ViewState()


# What each page script passes to widgets.page_view (app_pages/<key>.py).
BUILDS = {"overview": overview.build, "article": article.build, "did_it_hold": did_it_hold.build,
          "trade": trade.build, "security": security.build, "china": china.build, "pandemic": pandemic.build,
          "soft_power": soft_power.build, "neighbourhood": neighbourhood.build, "kosovo": kosovo.build,
          "sources": sources.build, "region": region.build}
# The Sources page script lists the package's x-geodata entries itself (not through its view).
PAGE_SCRIPT_READS = {"sources": {f"geo:{entry['name']}" for entry in data.package(DATA).get("x-geodata", [])}}


def test_every_page_has_its_build():
    assert set(BUILDS) == {page.key for page in PAGES}


def _run(build, state: ViewState):
    """What page_view does, without Streamlit: the view, or the DataError it shows."""
    try:
        return data.guarded(build, state)
    except data.DataError as error:
        return error


@pytest.fixture(scope="module")
def reads() -> dict[str, set[str]]:
    """Per page, the tables (names) and map files (geo:<name>) its view reads on the good data."""
    seen: set[str] = set()
    load_table, load_geojson = data.load_table, geodata.load_geojson

    def table(name, directory=None):
        seen.add(name)
        return load_table(name, directory)

    def geo(name, directory=None):
        seen.add(f"geo:{name}")
        return load_geojson(name, directory)

    result = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(data, "load_table", table)
        patch.setattr(geodata, "load_geojson", geo)
        for key, build in BUILDS.items():
            seen.clear()
            view = _run(getattr(build, "uncached", build), STATE)
            assert not isinstance(view, data.DataError), (key, str(view))
            result[key] = set(seen) | PAGE_SCRIPT_READS.get(key, set())
    return result


def test_baseline_reads_are_what_the_pages_show(reads):
    assert "military_exercises" in reads["security"] and "imf_dots_serbia_trade" in reads["trade"]
    assert "geo:natural_earth_balkans" in reads["neighbourhood"]
    assert "geo:natural_earth_balkans" not in reads["trade"]
    assert reads["sources"] >= {r["name"] for r in data.package(DATA)["resources"]}


def _affected(kind: Kind, reads: dict[str, set[str]]) -> set[str]:
    if kind.affects == ("*",):
        return set(BUILDS)
    return {page for page, needs in reads.items() if needs & set(kind.affects)}


def _check_message(kind: Kind, error: data.DataError, copy: Path) -> None:
    message = str(error)
    # a view that meets unexpected data names every file it read, the changed one first
    assert message.startswith(f"data/{kind.file}"), message
    assert str(copy) not in message and str(copy.parent) not in message and str(ROOT) not in message, message
    for word in kind.words:
        assert word in message, (word, message)
    if kind.line is not None:
        assert error.line == kind.line, message
    if kind.column is not None:
        assert error.column == kind.column, message


def _says_what_is_missing(view) -> bool:
    """A view over valid but unexpected data says so: a section with nothing drawn and a reason."""
    return any(section.empty for section in sections(view))


def _unaffected_reads_load(needs: set[str], copy: Path) -> None:
    for need in sorted(needs):
        if need.startswith("geo:"):
            assert geodata.load_geojson(need[4:], copy) == geodata.load_geojson(need[4:], DATA), need
        else:
            pd.testing.assert_frame_equal(data.load_table(need, copy), data.load_table(need, DATA), obj=need)


def broken_copy(kind: Kind, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, symlinks=True)
    apply(kind, copy)
    return copy


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.id)
def test_corruption_is_a_clear_message_on_the_pages_that_read_it(kind, reads, tmp_path, monkeypatch):
    copy = broken_copy(kind, tmp_path)
    monkeypatch.setenv(data.DATA_DIR_ENV, str(copy))
    affected = _affected(kind, reads)
    assert affected, f"no page reads {kind.affects}: the kind tests nothing"
    told = []
    for page in sorted(affected):
        view = _run(BUILDS[page], STATE)
        if isinstance(view, data.DataError):
            assert kind.expect != "draws", f"{kind.id}: {page} stopped on valid data: {view}"
            _check_message(kind, view, copy)
            told.append(page)
        elif page == "sources":  # the Sources page lists a broken table's error instead of stopping
            errors = [t.error for t in view.tables if t.error] + [str(p) for p in data.package_problems().values()]
            told += ["sources"] if errors else []
            for error in errors:
                assert str(copy) not in error, error
        elif kind.expect == "notice" and _says_what_is_missing(view):
            told.append(page)
    if kind.expect == "error":
        assert told, f"{kind.id}: no page reported the problem"
    elif kind.expect == "notice":
        assert told, f"{kind.id}: silent on every page"
    for page in sorted(set(BUILDS) - affected):
        _unaffected_reads_load(reads[page], copy)


# === the app itself, for a sample of kinds ==================================================

# The descriptor shape that took down all 11 pages; a map entry the Sources page script and the map
# note read themselves; valid data a view does not expect. (Each page build is checked above.)
APP_SAMPLE = ("fk_fields_string_bad_reference", "geodata_sources_missing", "valid_imf_without_russia")


def _errors(at: AppTest) -> list[str]:
    """The error boxes as read (markdown escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in [*at.main.error, *at.sidebar.error]]


@pytest.mark.parametrize("kind", [k for k in KINDS if k.id in APP_SAMPLE], ids=lambda kind: kind.id)
def test_app_pages_under_corruption(open_page, kind, reads, tmp_path, monkeypatch):
    copy = broken_copy(kind, tmp_path)
    monkeypatch.setenv(data.DATA_DIR_ENV, str(copy))
    affected = _affected(kind, reads)
    at = open_page(check=False)
    told = []
    for page in BUILDS:
        show(at, page)
        assert not at.exception, (kind.id, page, [e.value for e in at.exception])
        errors = _errors(at)
        for error in errors:
            assert str(copy) not in error and str(ROOT) not in error, error
        if page in affected:
            told += [page] if any(f"data/{kind.file}" in error for error in errors) else []
        else:  # alive: no error, and its charts drawn
            assert not errors, (kind.id, page, errors)
            assert at.get("plotly_chart") or registry.page(page).kind != "charts", (kind.id, page)
    assert told, f"{kind.id}: no page said what is wrong"
