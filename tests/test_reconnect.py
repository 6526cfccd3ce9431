"""components/reconnect.py rests on one behaviour of Streamlit's frontend; check that the installed one has it.

The end-to-end proof (a browser, nginx, two replicas, SIGSTOP) is tests/load/test_reconnect_downloads.py;
these are the fast checks that fail first when a Streamlit upgrade changes the ground under it.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit

from components import reconnect

FRONTEND_JS = Path(streamlit.__file__).parent / "static" / "static" / "js"


def reconnect_handler() -> str:
    """The frontend's code that runs when its WebSocket (re)connects, from the bundle Streamlit serves."""
    for bundle in sorted(FRONTEND_JS.glob("index.*.js")):
        text = bundle.read_text(encoding="utf-8", errors="replace")
        start = text.find("Reconnected to server.")
        if start >= 0:
            return text[start:start + 800]
    raise AssertionError(f"no reconnect handler in {FRONTEND_JS}/index.*.js")


def test_the_frontend_runs_the_page_on_a_reconnect_when_it_has_an_auto_rerun_fragment():
    handler = reconnect_handler()
    # ... || this.autoRerunIntervals.size > 0 ? (log("Requesting a script run."),
    #                                            this.widgetMgr.sendUpdateWidgetsMessage(undefined)) : ...
    condition = re.search(r"autoRerunIntervals\.size>0\?\(\w+\.info\(`Requesting a script run\.`\),"
                          r"this\.widgetMgr\.sendUpdateWidgetsMessage\(void 0\)", handler)
    assert condition, (f"Streamlit {streamlit.__version__} changed its reconnect handler: "
                       f"recheck components/reconnect.py\n{handler}")


def test_the_fragment_timer_fits_a_browser_timer_and_almost_never_fires():
    interval_ms = reconnect.INTERVAL.total_seconds() * 1000
    assert interval_ms <= reconnect.BROWSER_TIMER_MAX_MS, "a longer timer fires at once, in a loop"
    assert reconnect.INTERVAL.total_seconds() >= 12 * 3600, "the fragment is for reconnects, not a periodic refresh"


def test_the_app_registers_the_fragment_on_every_run_before_the_page():
    source = (Path(__file__).resolve().parent.parent / "app.py").read_text(encoding="utf-8")
    assert source.index("reconnect.rerun_on_reconnect()") < source.index("fairness.run_paced(navigation)")
