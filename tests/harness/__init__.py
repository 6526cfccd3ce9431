"""One test harness for the browser tests, the load tests and the benchmarks.

    from tests.harness import StreamlitServer, free_port, chromium, NginxProxy

server.py: free_port(), StreamlitServer (start `streamlit run`, wait for /_stcore/health, stop), replica_set();
browser.py: CHROMIUM, CHROMIUM_ARGS, VIEWPORT, launch_chromium(playwright), chromium();
nginx.py: render_site() of deploy/nginx.conf.template, NginxProxy (nginx on loopback).
Import from the repository root (pytest.ini sets pythonpath = .; bench runs as python -m).
"""

from tests.harness.browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, chromium, launch_chromium
from tests.harness.nginx import NGINX, NginxProxy, render_site
from tests.harness.server import FLOOR_APP, REPO_ROOT, StreamlitServer, free_port, is_healthy, replica_set, rss_mb

__all__ = [
    "CHROMIUM", "CHROMIUM_ARGS", "FLOOR_APP", "NGINX", "REPO_ROOT", "VIEWPORT", "NginxProxy",
    "StreamlitServer", "chromium", "free_port", "is_healthy", "launch_chromium", "render_site", "replica_set", "rss_mb",
]  # fmt: skip
