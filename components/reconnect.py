"""A page whose WebSocket reconnects is run again, so the replica it now talks to holds its downloads.

Why: a download button's file (st.download_button with bytes, as every page here uses it, with
the CSV from components.downloads.to_safe_csv) lives in the memory of the process that ran the
page, at /media/<hash of the bytes>.csv. Behind nginx with several replicas
(deploy/nginx.conf.template), when the replica a browser talks to dies or hangs, the browser's
socket reconnects to another replica, which starts a NEW session and runs nothing: Streamlit
1.67's frontend, on a reconnect, asks for a page run only if a run was under way, the last run
was a fragment's, or the page has an auto-rerun fragment (App.handleConnectionStateChanged in
streamlit/static/static/js/index.*.js); otherwise it expects to resume its old session on the
same server. So the page kept showing the dead replica's URLs and every download answered 404
until the next widget change (tests/load/test_reconnect_downloads.py, before this module).

What: one fragment with ``run_every`` in app.py makes the frontend request a full run of the page
on every reconnect, with the URL and the widget values it shows. The new replica builds the same
view from the same state: the same rows (the partner filter and the as-of state come from the URL),
the same guarded CSV, so the same bytes and the same media URL (Streamlit names media files by a
hash of their bytes), now registered in the process the browser talks to. No download is special:
every piece of session media (downloads, images) is re-registered by the one run. A reconnect to a
live session on the same replica (a network blip) costs one page run.

The fragment draws nothing. Its timer also reruns it (it alone, not the page) every INTERVAL;
one day, so that in practice it never does. A browser timer holds at most 2**31 - 1 ms (24.8 days):
beyond that Chromium and Firefox fire it at once, in a loop.
"""

from __future__ import annotations

import datetime

import streamlit as st

INTERVAL = datetime.timedelta(days=1)
BROWSER_TIMER_MAX_MS = 2**31 - 1


@st.fragment(run_every=INTERVAL)
def rerun_on_reconnect() -> None:
    """Call once per page run (app.py), before the page itself. Draws nothing."""
