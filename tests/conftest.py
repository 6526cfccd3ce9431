"""Fixtures shared by the suites, the test tiers, and the Hypothesis profiles.

Tiers (pytest -m <tier>), assigned here so a new test gets one without hand-marking:
``e2e`` (tests/e2e: a real browser), ``load`` (tests/load: several processes behind nginx),
``property`` (Hypothesis tests), ``apptest`` (tests that open the app with the ``open_page``
fixture) and ``unit`` (everything else: pure functions, views, data). pytest.ini keeps
--strict-markers, so a misspelt tier fails.

Hypothesis: profile ``dev`` (the default: few examples, for quick runs) or ``ci`` (the full count;
chosen when CI=true, or with --hypothesis-profile=ci). Tests write their full count as
``examples(n)``: n under ``ci``, a tenth under ``dev``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests import apptest

DATA = Path(__file__).resolve().parent.parent / "data"

# No example database (a failure seen once must not decide what the next run tries) and no deadline
# (a shared 2-core machine makes timings noise); dev runs a tenth of ci's examples.
settings.register_profile("ci", max_examples=100, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=10)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))

TIERS = ("unit", "apptest", "property", "e2e", "load")


def tier(item: pytest.Item) -> str:
    parts = Path(str(item.fspath)).parts
    if "e2e" in parts:
        return "e2e"
    if "load" in parts:
        return "load"
    if getattr(getattr(item, "function", None), "is_hypothesis_test", False):
        return "property"
    if "open_page" in getattr(item, "fixturenames", ()):
        return "apptest"
    return "unit"


def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(getattr(pytest.mark, tier(item)))


@pytest.fixture(scope="session")
def open_page():
    """``open_page(key, **query)``: page ``key`` in AppTest with the URL's state (tests/apptest.py)."""
    return apptest.open_page


@pytest.fixture
def broken_data_dir(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the app reads (via DASHBOARD_DATA_DIR) for this test only.

    Break a file in the returned folder before the first ``AppTest.run()``; the loader's cache
    is keyed on folder and file times, so the real data/ and other tests are not affected.
    """
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(copy))
    return copy


def pytest_sessionfinish(session, exitstatus):
    """With REQUIRE_ALL_TESTS=1 (scripts/test, CI) a skipped test fails the run.

    A skipped browser or load test means the thing was not checked; it must not pass as green.
    """
    if os.environ.get("REQUIRE_ALL_TESTS") != "1" or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"REQUIRE_ALL_TESTS: {len(skipped)} test(s) skipped; failing the run.", red=True)
        session.exitstatus = 1
