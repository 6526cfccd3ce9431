"""bench/bench.py reports a round that times out instead of crashing (issue 21: a slow direct
open raised an uncaught Playwright TimeoutError after 8 minutes and nothing was written)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench import bench


class SlowTab:
    """A Playwright page whose every wait times out; evaluate() answers the diagnosis."""

    def goto(self, url):
        raise PlaywrightTimeout(f"Timeout 30000ms exceeded navigating to {url}")

    def evaluate(self, script):
        return {"state": "running", "skeletons": 3}


def test_a_timed_out_direct_open_is_recorded_and_the_round_goes_on(monkeypatch):
    opened = []

    def open_direct(context, url):
        opened.append(url)
        if url.endswith("/trade"):
            raise PlaywrightTimeout("Timeout 30000ms exceeded")
        return 123.0

    monkeypatch.setattr(bench, "open_direct", open_direct)
    run = bench.AppBench(browser=None, app=Path("app.py"), floor=False)
    run.server = type("Server", (), {"url": "http://127.0.0.1:1"})()
    run.context, run.tab, run.subpages = None, SlowTab(), ["trade", "security"]
    run.direct_round()
    assert opened == ["http://127.0.0.1:1/", "http://127.0.0.1:1/trade", "http://127.0.0.1:1/security"]
    assert run.results["direct"] == {"": [123.0], "security": [123.0]}
    # The open that timed out, then the reload after it (which timed out too): both recorded.
    assert [(t["measure"], t["path"], t["kind"]) for t in run.results["timeouts"]] == [
        ("direct", "trade", "timeout"), ("reload", "trade", "timeout")]


def test_the_report_lists_the_timeouts_it_dropped():
    timeouts = [{"measure": "direct", "path": "trade", "kind": "timeout"}] * 2
    info = {"date": "d", "machine": {"nproc": 2, "cpu": "c", "memory": "m"}, "versions": {}}
    text = bench.markdown([], info, 1, 1, 1.0, timeouts)
    assert "- 2 x direct /trade (timeout)" in text
