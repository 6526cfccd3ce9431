"""Two Streamlit replicas behind nginx: sessions work, stick to a replica, and fail over.

Starts the dashboard twice (same server.cookieSecret, via STREAMLIT_SERVER_COOKIE_SECRET) on
free loopback ports, renders bench/nginx/nginx.conf.template into a temp dir and runs
/usr/sbin/nginx in front of them.
Then, through nginx only:
  * /_stcore/health answers ok, /_stcore/metrics is 403 (it is open on the replicas);
  * sessions over the WebSocket (bench/ws_client.py, the client bench/load.py uses) get
    script_finished with no exception, and each browser's requests stay on one replica;
  * after one replica is stopped, new sessions, including a browser whose sticky cookie
    points at the dead replica, are still served by the other one.

    python -m pytest -m load tests/load -q
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import secrets
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_by_path(name: str, relative_path: str):
    """bench/ holds scripts, not packages: import them by file, without touching sys.path."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / relative_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


load = _import_by_path("bench_load", "bench/load.py")  # also imports bench/ws_client.py
ws_client = load.ws_client
proxy_module = _import_by_path("bench_nginx_proxy", "bench/nginx/proxy.py")
NGINX, NginxProxy = proxy_module.NGINX, proxy_module.NginxProxy
FLOOR = Path(__file__).resolve().parent / "floor_app.py"
QUERIES = ["partner=RUS", "partner=CHN", "partner=RUS&partner=CHN", "partner=USA&partner=EU", "partner=XKX", ""]
RUN_TIMEOUT = 30.0

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(
        not (shutil.which("nginx") or os.path.exists(NGINX)),
        reason="nginx is not installed (apt-get install -y nginx); the replica test needs it",
    ),
]


def app_under_test() -> Path:
    """The dashboard; before app.py exists, the floor page stands in so the proxy is tested."""
    override = os.environ.get("LOAD_TEST_APP")
    if override:
        return (ROOT / override).resolve()
    app = ROOT / "app.py"
    return app if app.exists() else FLOOR


@pytest.fixture(scope="module")
def replicas():
    secret = secrets.token_hex(32)
    # Streamlit 1.67 refuses --server.cookieSecret on the command line (it would show in ps).
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secret}
    servers = [load.StreamlitServer(app_under_test(), env=env) for _ in range(2)]
    try:
        for server in servers:  # boot both at once, then wait for both
            server.launch()
        for server in servers:
            server.wait_ready(40)
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def proxy(replicas):
    with NginxProxy([f"127.0.0.1:{server.port}" for server in replicas]) as running:
        yield running


def run(coroutine):
    return ws_client.run(asyncio.wait_for(coroutine, 60))


async def sessions(url: str, queries: list[str], cookies: dict[str, str] | None = None) -> list[ws_client.RunResult]:
    return await asyncio.gather(*(ws_client.one_run(url, query, RUN_TIMEOUT, cookies) for query in queries))


def upstreams_by_route(access_log: str) -> dict[str, set[str]]:
    """route cookie -> the replicas that served it (last address tried, after any failover)."""
    served = defaultdict(set)
    for match in re.finditer(r"upstream=(\S+(?:, \S+)*) route=(\w+)", access_log):
        served[match.group(2)].add(match.group(1).split(", ")[-1])
    return served


def assert_all_finished(results: list[ws_client.RunResult], replicas) -> None:
    failures = [result.error for result in results if not result.ok]
    # The client sees a redacted message (client.showErrorDetails = "none"): show the logs.
    logs = "\n".join(f"--- replica {server.port} ---\n{server.log_tail(25)}" for server in replicas)
    assert not failures, f"{len(failures)} of {len(results)} runs failed: {failures[0]}\n{logs}"
    assert all(result.deltas > 0 for result in results), "a run finished without drawing anything"


def test_health_ok_and_metrics_blocked(proxy, replicas):
    health = run(ws_client.http_get(f"{proxy.url}/_stcore/health"))
    assert (health.status, health.body.strip()) == (200, b"ok")
    assert "st_route" in health.cookies(), "nginx sets its sticky cookie on first contact"
    assert run(ws_client.http_get(f"{proxy.url}/_stcore/metrics")).status == 403
    # The block is nginx's doing: the replica itself serves metrics to anyone.
    assert run(ws_client.http_get(f"{replicas[0].url}/_stcore/metrics")).status == 200


def test_sessions_finish_and_stick_to_one_replica(proxy, replicas):
    results = run(sessions(proxy.url, QUERIES * 2))
    assert_all_finished(results, replicas)
    served = upstreams_by_route(proxy.access_log())
    stream_routes = set(re.findall(r'"GET /_stcore/stream [^"]*" 101 upstream=\S+ route=(\w+)', proxy.access_log()))
    assert len(stream_routes) == len(results), "one route cookie per simulated browser"
    for route in stream_routes:
        assert len(served[route]) == 1, f"route {route} was served by {served[route]}: not sticky"
    used = {address for route in stream_routes for address in served[route]}
    assert len(used) == 2, f"12 browsers all hashed to {used}: no spread across replicas"


def test_new_sessions_survive_a_dead_replica(proxy, replicas):
    # Find a browser (route cookie) that lives on replica 0; bounded: 5 batches of 6.
    dead = f"127.0.0.1:{replicas[0].port}"
    routes_on_dead: list[str] = []
    for _ in range(5):
        assert_all_finished(run(sessions(proxy.url, QUERIES)), replicas)
        served = upstreams_by_route(proxy.access_log())
        routes_on_dead = [route for route, addresses in served.items() if addresses == {dead}]
        if routes_on_dead:
            break
    assert routes_on_dead, "no session was routed to replica 0 before it was stopped"

    replicas[0].stop()

    fresh = run(sessions(proxy.url, QUERIES))
    assert_all_finished(fresh, replicas)
    returning = run(sessions(proxy.url, QUERIES[:2], cookies={"st_route": routes_on_dead[0]}))
    assert_all_finished(returning, replicas)
    survivor = f"127.0.0.1:{replicas[1].port}"
    served_after = upstreams_by_route(proxy.access_log())[routes_on_dead[0]]
    assert survivor in served_after, "the browser whose replica died was not failed over"
    health = run(ws_client.http_get(f"{proxy.url}/_stcore/health", cookies={"st_route": routes_on_dead[0]}))
    assert (health.status, health.body.strip()) == (200, b"ok")
    failovers = [line for line in proxy.access_log().splitlines() if ", " in line.split("upstream=")[-1]]
    print("\n".join(failovers))  # with -s: "upstream=dead, survivor" lines are the failovers
