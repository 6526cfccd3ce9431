"""How the browser tests and the benchmark launch Debian's Chromium: one definition for both.

As root on a closed network: no sandbox, no GPU, and none of the background requests that the
network would refuse. Playwright cannot download a browser here, so the path is fixed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}


def launch_chromium(playwright):
    """A Playwright Browser on Debian's Chromium with the flags above."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextlib.contextmanager
def chromium() -> Iterator:
    """`with chromium() as browser:` Playwright (sync API) and Chromium, both closed at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()
