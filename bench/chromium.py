"""How the benchmark and the browser tests launch Debian's Chromium: one definition for both.

As root on a closed network: no sandbox, no GPU, and none of the background requests that
the network would refuse. Playwright cannot download a browser here, so the path is fixed.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
