"""Fixtures shared by the AppTest suites (tests/test_app.py, tests/test_hostile_text.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


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
