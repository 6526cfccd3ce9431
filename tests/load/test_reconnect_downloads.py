"""Downloads after a reconnect: a real browser behind deploy/nginx.conf.template, two replicas.

A download button's file lives in the memory of the replica that ran the page (/media/<hash>).
Chromium opens the sources page with a partner filter (?partner=CHN) and picks a table; the
replica serving it is stopped with SIGSTOP (hung: its port accepts, nothing answers); nginx closes
the silent socket, the browser reconnects to the other replica, and then:
  1. with the hung replica still stopped, the page's "Download CSV" must answer 200 with the
     filtered rows (components/reconnect.py: the reconnect reruns the page on the new replica);
  2. the hung replica is continued (SIGCONT) and back in rotation, so the browser's HTTP requests
     hash to it again while its socket stays on the other one; after a widget change (a new
     table) the new file exists only on the replica holding the session, and the download must
     still answer 200 (deploy/nginx.conf.template, location /media/: a 404 tries the next replica).
Golden rows are read by hand from data/aid_gestures.csv and data/military_donors.csv.
Every wait is bounded; the stopped replica is always continued before the servers stop.

    python -m pytest -m load tests/load/test_reconnect_downloads.py -q -s
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import signal
import time
from pathlib import Path

import pytest

from tests.harness import CHROMIUM, NGINX, REPO_ROOT, NginxProxy, StreamlitServer, chromium, replica_set
from tests.load.test_replicas import upstreams_by_route

APP = REPO_ROOT / "app.py"
UTF8_BOM = b"\xef\xbb\xbf"
APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TABLE_PICKER = "Schema and download of"
# Typed from the files, not computed with the app's code: data/aid_gestures.csv rows 5-7 are the
# three with partner CHN; data/military_donors.csv row 3 is the only CHN one (of six).
GESTURES = ("Who greeted whose aid", ["chinese_aircraft_greeted", "chinese_flag_kissed", "brother_xi_billboards"])
DONORS = ("Military donors to Serbia, 2008–2018 (ranks the article names)", [("2008–2018", "CHN", "2")])
RECONNECT_CEILING_S = 90.0  # 30 s of socket silence (nginx), then the reconnect's own failover
DOWNLOAD_CEILING_S = 30.0  # a media GET may first wait 5 s on the hung replica
FAIL_TIMEOUT_S = 10.0  # max_fails=1 fail_timeout=10s: when nginx tries the stopped replica again

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed (apt-get install -y nginx)"),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture(scope="module")
def replicas():
    with replica_set(APP) as servers:
        yield servers


class Watch:
    """What one page did: its WebSockets (opened, closed) and its downloads."""

    def __init__(self, page) -> None:
        self.sockets: list[dict] = []
        self.downloads: list = []
        page.on("websocket", self._on_socket)
        page.on("download", lambda download: self.downloads.append(download))

    def _on_socket(self, socket) -> None:
        entry = {"opened": time.monotonic(), "closed": None}
        socket.on("close", lambda _: entry.update(closed=time.monotonic()))
        self.sockets.append(entry)

    def reconnected_after(self, moment: float, held_s: float = 3.0) -> bool:
        """A socket opened after `moment` that has stayed open `held_s` seconds."""
        now = time.monotonic()
        return any(s["opened"] > moment and s["closed"] is None and now - s["opened"] >= held_s for s in self.sockets)


def wait_until(condition, ceiling_s: float, page, what: str) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > ceiling_s:
            raise AssertionError(f"{what}: not within {ceiling_s:.0f} s")
        page.wait_for_timeout(250)
    return time.monotonic() - started


def settle(page) -> None:
    """The script has finished (a run the reconnect or a widget asked for included)."""
    page.wait_for_timeout(1500)  # the run request leaves the browser before the state flips
    page.locator(APP_READY).wait_for(timeout=120_000)


def pick_table(page, title: str) -> None:
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text=TABLE_PICKER)
    picker.locator("input").click()
    picker.locator("input").press_sequentially(title[:20])
    page.get_by_role("option", name=title, exact=True).click()
    page.get_by_role("button", name=re.compile(r"Download CSV \(\d+ rows\)")).wait_for(timeout=60_000)
    settle(page)


def download_csv(page, watch: Watch, proxy: NginxProxy) -> tuple[int | None, list[dict] | None]:
    """Click "Download CSV (N rows)": the status nginx logged for the file and, on 200, its rows.

    A download is not a page response in Playwright; nginx's access log has its status."""
    mark, seen = len(proxy.access_log()), len(watch.downloads)
    page.get_by_role("button", name=re.compile(r"Download CSV \(\d+ rows\)")).click()
    wait_until(lambda: len(watch.downloads) > seen, DOWNLOAD_CEILING_S, page, "the download")
    download = watch.downloads[-1]
    failure = download.failure()  # waits for the end of the download

    def answers() -> list[str]:
        return re.findall(r'"GET /media/\w+\.csv HTTP/1\.1" (\d{3}) ', proxy.access_log()[mark:])

    with contextlib.suppress(AssertionError):  # the log line follows the response by a moment
        wait_until(answers, 5.0, page, "the access log line")
    status = int(answers()[-1]) if answers() else None
    if failure or status != 200:
        return status, None
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(UTF8_BOM), "not components.downloads.to_safe_csv output (no BOM)"
    return status, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def serving_replica(proxy: NginxProxy, context, replicas) -> StreamlitServer:
    route = next(cookie["value"] for cookie in context.cookies() if cookie["name"] == "st_route")
    served = upstreams_by_route(proxy.access_log())[route]
    assert len(served) == 1, f"the page was served by {served}"
    return next(server for server in replicas if f"127.0.0.1:{server.port}" in served)


def served_by(proxy: NginxProxy, address: str, since: int, path: str) -> bool:
    return any(f'"GET {path} ' in line and f"upstream={address} " in line for line in proxy.access_log()[since:].splitlines())


def test_downloads_work_after_a_reconnect_to_another_replica(replicas):
    outcome: dict[str, object] = {}
    with NginxProxy([f"127.0.0.1:{server.port}" for server in replicas]) as proxy, chromium() as browser:
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        watch = Watch(page)
        page.goto(f"{proxy.url}/sources?partner=CHN")
        page.locator(APP_READY).wait_for(timeout=120_000)
        pick_table(page, GESTURES[0])
        status, rows = download_csv(page, watch, proxy)
        assert status == 200 and [row["gesture_id"] for row in rows] == GESTURES[1], "before any failure"

        hung = serving_replica(proxy, context, replicas)
        live = next(server for server in replicas if server is not hung)
        os.killpg(hung.process.pid, signal.SIGSTOP)
        try:
            stopped = time.monotonic()
            outcome["reconnect_s"] = round(wait_until(lambda: watch.reconnected_after(stopped), RECONNECT_CEILING_S,
                                                      page, "the browser's reconnect"), 1)  # fmt: skip
            settle(page)
            outcome["hung"] = download_csv(page, watch, proxy)
        finally:
            os.killpg(hung.process.pid, signal.SIGCONT)

        # The continued replica is back in rotation once it answers the browser's cookie again.
        page.wait_for_timeout(FAIL_TIMEOUT_S * 1000)
        mark = len(proxy.access_log())

        def back() -> bool:
            page.request.get(f"{proxy.url}/_stcore/health")
            return served_by(proxy, f"127.0.0.1:{hung.port}", mark, "/_stcore/health")

        wait_until(back, 30.0, page, "the continued replica back in rotation")
        pick_table(page, DONORS[0])
        outcome["recovered"] = download_csv(page, watch, proxy)
        media_lines = [line for line in proxy.access_log().splitlines() if '"GET /media/' in line and ".csv " in line]
        context.close()

    print(f"\nreconnect after {outcome['reconnect_s']} s; hung replica stopped: {outcome['hung']}; "
          f"replica continued: {outcome['recovered']}\n" + "\n".join(media_lines[-4:]))
    print(f"(session moved from replica {hung.port} to {live.port})")
    status, rows = outcome["hung"]
    assert status == 200, f"after the reconnect, with the old replica stopped, the download answered {status}"
    assert [row["gesture_id"] for row in rows] == GESTURES[1]
    assert {row["partner"] for row in rows} == {"CHN"}
    status, rows = outcome["recovered"]
    assert status == 200, f"with the old replica continued, a new download answered {status}"
    assert [(row["period"], row["partner"], row["rank"]) for row in rows] == DONORS[1]
