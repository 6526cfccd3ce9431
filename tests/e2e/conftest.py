"""Browser tests (Playwright + Debian Chromium) against a real `streamlit run app.py` server.

Server and browser come from tests/harness (the same ones bench/ uses). One server per test
module, one browser for the package. DASHBOARD_DATA_DIR, if set, reaches the server unchanged.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.harness import REPO_ROOT, VIEWPORT, StreamlitServer, chromium

ARTIFACTS = REPO_ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
APP = REPO_ROOT / "app.py"
# A ceiling, not an expected time: a page is ready when its own signals say so (below), usually in
# 1-5 s; on a loaded shared machine the same page took 20-28 s and a fixed 30 s wait failed with
# charts still being drawn. E2E_READY_CEILING_S overrides the ceiling (seconds).
READY_CEILING_S = float(os.environ.get("E2E_READY_CEILING_S", "180"))
READY_TIMEOUT_MS = int(READY_CEILING_S * 1000)
SCREENSHOT_MAX_BYTES = 1_000_000

# A subpage opened directly makes the frontend probe /<page>/_stcore/... first (404, harmless).
HARMLESS_CONSOLE_URL = re.compile(r"^https?://[^/]+/[^?#]+/_stcore/|/favicon\.(ico|png)(\?|$)")

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SKELETON = '[data-testid="stSkeleton"]'
PLOTLY_CHART = '[data-testid="stPlotlyChart"]'
PLOTLY_DRAWN = ".js-plotly-plot .main-svg"


# ---------------------------------------------------------------------------- helpers


def wait_ready(page, timeout_ms: int = READY_TIMEOUT_MS) -> None:
    """Wait until the page says it is ready: script run finished, no skeleton left, every chart drawn.

    One deadline for all the signals together (not one ceiling per signal): the wait ends as
    soon as the page is ready and fails only after ``timeout_ms`` in total. Before the first run
    the app reports script state "initial", so right after a goto this cannot pass early.
    Elements whose code is lazily loaded (plotly.js on first use) show a skeleton first. After a
    rerun triggered in the page, first wait for something that proves the rerun happened (URL
    or chart content), then call this.
    """
    from playwright.sync_api import expect

    deadline = time.monotonic() + timeout_ms / 1000

    def remaining_ms() -> float:
        return max(1_000.0, (deadline - time.monotonic()) * 1000)  # at least one check of each signal

    expect(page.locator(APP_READY)).to_be_attached(timeout=remaining_ms())
    expect(page.locator(SKELETON)).to_have_count(0, timeout=remaining_ms())
    charts = page.locator(PLOTLY_CHART)
    for index in range(charts.count()):
        expect(charts.nth(index).locator(PLOTLY_DRAWN).first).to_be_attached(timeout=remaining_ms())
    # The run may have finished while the last check was waiting: check the state once more.
    expect(page.locator(APP_READY)).to_be_attached(timeout=remaining_ms())


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def app_url(request):
    """Base URL (no trailing slash) of a streamlit server running app.py, one per test module."""
    log_path = ARTIFACTS / f"e2e-server-{request.module.__name__.rsplit('.', 1)[-1]}.log"
    server = StreamlitServer(APP, log_path=log_path).start(timeout=READY_CEILING_S)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="package")
def browser():
    with chromium() as launched:
        yield launched


FAVICON_HREFS_JS = "() => Array.from(document.querySelectorAll('link[rel~=icon]')).map(link => link.href)"


class ConsoleErrors(list):
    """Console errors and uncaught page errors seen by one page, as (message, source URL).

    Also records requests to any host but the app's server (`external_requests`).
    """

    def __init__(self):
        super().__init__()
        self.external_requests: list[str] = []

    def watch(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.append((f"pageerror: {error}", "")))
        page.on("request", self._on_request)

    def _on_console(self, message) -> None:
        if message.type == "error":
            source = (message.location or {}).get("url", "")
            self.append((f"console: {message.text} ({source})", source))

    def _on_request(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            self.external_requests.append(f"{request.resource_type} {request.url}")

    def unexpected(self, page) -> list[str]:
        """Errors other than the harmless ones: /<page>/_stcore/ probes and the favicon
        (whatever URL the page declares as its icon; an external icon URL is reported by
        test_no_request_leaves_the_machine instead)."""
        try:
            favicons = set(page.evaluate(FAVICON_HREFS_JS))
        except Exception:  # page closed or navigating
            favicons = set()
        return [
            text
            for text, source in self
            if not HARMLESS_CONSOLE_URL.search(source) and source not in favicons
        ]


@pytest.fixture
def new_page(browser):
    """Factory: a fresh page in its own browser context, with its console errors collected.

    Returns (page, errors). Contexts are closed at the end of the test.
    """
    contexts = []

    def make():
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.set_default_timeout(READY_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        errors = ConsoleErrors()
        errors.watch(page)
        return page, errors

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page_and_errors(new_page):
    return new_page()


@pytest.fixture(name="wait_ready")
def wait_ready_fixture():
    return wait_ready


MAIN_CONTENT_HEIGHT_JS = """() => Math.max(document.documentElement.scrollHeight,
  ...Array.from(document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]'))
    .map(element => element.scrollHeight))"""
SCREENSHOT_MAX_HEIGHT = 12_000


def shrink_png(path: Path) -> None:
    """Palette PNG, then half size, until the file is under the limit."""
    from PIL import Image

    image = Image.open(path).convert("RGB")
    while True:
        image.quantize(colors=256).save(path, optimize=True)
        if path.stat().st_size < SCREENSHOT_MAX_BYTES or image.width < 400:
            return
        image = image.resize((image.width // 2, image.height // 2))


@pytest.fixture
def screenshot():
    """Save a full-page PNG (the page's width: 1400 px, or 390 px for phone tests) under artifacts/screenshots/, under 1 MB.

    Streamlit scrolls inside stMain, not the document, so Playwright's full_page alone
    captures one viewport: the viewport is made as tall as the content for the shot.
    """

    def take(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        viewport = page.viewport_size
        height = min(page.evaluate(MAIN_CONTENT_HEIGHT_JS), SCREENSHOT_MAX_HEIGHT)
        page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
        try:
            wait_ready(page)
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            page.screenshot(path=str(path), full_page=True, animations="disabled")
        finally:
            page.set_viewport_size(viewport)
        if path.stat().st_size >= SCREENSHOT_MAX_BYTES:
            shrink_png(path)
        size = path.stat().st_size
        assert size < SCREENSHOT_MAX_BYTES, f"{path} is {size} bytes (limit {SCREENSHOT_MAX_BYTES})"
        return path

    return take
