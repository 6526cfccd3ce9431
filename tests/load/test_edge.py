"""Origins, request targets and cookies decided at the edge (deploy/nginx.conf.template).

One replica of app.py whose outbound traffic HANGS: its HTTP(S) proxy variables point at a
loopback port that accepts connections and never answers (as egress behaves on some networks).
Streamlit 1.67 answers a WebSocket upgrade whose Origin is not the page's own by looking up the
server's external IP with blocking requests in its event loop (net_util.get_external_ip, 1 s per
attempt, two attempts, not cached on failure). Shown first on the replica itself (health stalls),
then through nginx, which refuses such upgrades before Streamlit sees them (health unaffected).
Also: absolute-form request targets get no answer, and cookies are Secure behind TLS.

    python -m pytest -m load tests/load/test_edge.py -q
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import socket
import time

import pytest

from bench import ws_client
from tests.harness import NGINX, REPO_ROOT, NginxProxy, StreamlitServer
from tests.load.test_replicas import exchange, status_of, upgrade_request

APP = REPO_ROOT / "app.py"
FORGED_ORIGINS = ["http://evil.example", "https://evil.example:443", "http://localhost:{port}",
                  "https://127.0.0.1:{port}", "null"]  # fmt: skip
HEALTH_STALL_SECONDS = 1.5  # two blocked 1 s attempts per forged upgrade: a stall well above this
HEALTHY_SECONDS = 1.0  # a health answer on an idle replica takes milliseconds

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed (apt-get install -y nginx)"),
]


@pytest.fixture(scope="module")
def black_hole():
    """A loopback port that completes TCP handshakes (kernel backlog) and never sends a byte."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as hole:
        hole.bind(("127.0.0.1", 0))
        hole.listen(128)
        yield f"http://127.0.0.1:{hole.getsockname()[1]}"


@pytest.fixture(scope="module")
def replica(black_hole):
    hanging = {name: black_hole for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")}
    env = {**hanging, "NO_PROXY": "", "no_proxy": "", "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    with StreamlitServer(APP, env=env) as server:
        yield server


@pytest.fixture(scope="module")
def proxy(replica):
    with NginxProxy([f"127.0.0.1:{replica.port}"]) as running:
        yield running


async def timed_health(port: int, host: str, timeout: float = 15.0) -> float:
    started = time.perf_counter()
    request = f"GET /_stcore/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    head = await asyncio.wait_for(exchange(port, request), timeout)
    assert status_of(head) == 200, head
    return time.perf_counter() - started


async def forged_upgrades_while_probing(port: int, host: str, origins: list[str]) -> tuple[list, list[float]]:
    """Send the forged upgrades one after another while health is probed every 0.2 s."""
    probes: list[float] = []
    done = asyncio.Event()

    async def probe():
        while not done.is_set():
            probes.append(await timed_health(port, host))
            await asyncio.sleep(0.2)

    prober = asyncio.create_task(probe())
    statuses = []
    for origin in origins:
        statuses.append(status_of(await asyncio.wait_for(exchange(port, upgrade_request(host, origin)), 30)))
    await asyncio.sleep(0.5)
    done.set()
    await prober
    return statuses, probes


def run(coroutine):
    return ws_client.run(asyncio.wait_for(coroutine, 120))


def test_without_the_edge_forged_origins_stall_a_replica_whose_egress_hangs(replica):
    """The hazard, on the replica directly: what nginx must keep out (not a deployment path)."""
    host = f"127.0.0.1:{replica.port}"
    statuses, probes = run(forged_upgrades_while_probing(replica.port, host, ["http://evil.example"] * 3))
    print(f"\ndirect: upgrade statuses {statuses}, slowest health {max(probes):.2f} s over {len(probes)} probes")
    assert statuses == [403, 403, 403], "Streamlit refuses the forged origin, but only after its lookup"
    assert max(probes) > HEALTH_STALL_SECONDS, f"no stall seen ({max(probes):.2f} s): the test would prove nothing"


def test_through_nginx_forged_origins_are_refused_and_health_is_unaffected(proxy):
    ours = f"127.0.0.1:{proxy.port}"
    origins = [origin.format(port=proxy.port) for origin in FORGED_ORIGINS] * 4
    earlier = len(proxy.access_log())
    statuses, probes = run(forged_upgrades_while_probing(proxy.port, ours, origins))
    print(f"\nthrough nginx: {len(origins)} forged upgrades, statuses {set(statuses)}, "
          f"slowest health {max(probes):.3f} s over {len(probes)} probes")
    assert statuses == [403] * len(origins)
    assert max(probes) < HEALTHY_SECONDS
    refused = [line for line in proxy.access_log()[earlier:].splitlines() if "/_stcore/stream" in line]
    assert len(refused) == len(origins) and all('" 403 upstream=- ' in line for line in refused), refused[:3]
    # The page's own origin, and a client that sends none, are passed on (101 Switching Protocols).
    assert status_of(run(exchange(proxy.port, upgrade_request(ours, f"http://{ours}")))) == 101
    no_origin = upgrade_request(ours, "").replace(b"Origin: \r\n", b"")
    assert status_of(run(exchange(proxy.port, no_origin))) == 101
    # Behind TLS (X-Forwarded-Proto: https) the own origin is https://HOST.
    behind_tls = upgrade_request(ours, f"https://{ours}").replace(b"\r\n\r\n", b"\r\nX-Forwarded-Proto: https\r\n\r\n")
    assert status_of(run(exchange(proxy.port, behind_tls))) == 101


def test_absolute_form_targets_get_no_answer(proxy):
    ours = f"127.0.0.1:{proxy.port}"
    for target, host in ((f"http://{ours}/_stcore/health", "evil.example"),
                         ("http://evil.example/_stcore/health", ours),
                         (f"http://{ours}/_stcore/health", ours)):  # fmt: skip
        request = f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        assert run(exchange(proxy.port, request)) == b"", f"{target} with Host {host} was answered"
    lines = [line for line in proxy.access_log().splitlines() if '"GET http://' in line]
    assert len(lines) == 3 and all('" 444 upstream=- ' in line for line in lines), lines


def set_cookies(head: bytes) -> dict[str, str]:
    """Cookie name -> its whole Set-Cookie line."""
    found = re.finditer(rb"(?im)^set-cookie: ([^=\s]+)=[^\r\n]*", head)
    return {match.group(1).decode(): match.group(0).decode() for match in found}


def test_cookies_are_secure_behind_tls_only(proxy):
    ours = f"127.0.0.1:{proxy.port}"
    plain = f"GET /_stcore/health HTTP/1.1\r\nHost: {ours}\r\nConnection: close\r\n\r\n".encode()
    behind_tls = plain.replace(b"\r\n\r\n", b"\r\nX-Forwarded-Proto: https\r\n\r\n")
    over_http, over_https = set_cookies(run(exchange(proxy.port, plain))), set_cookies(run(exchange(proxy.port, behind_tls)))
    print(f"\nover http: {over_http}\nbehind TLS: {over_https}")
    assert set(over_http) == set(over_https) == {"st_route", "_streamlit_xsrf"}
    assert not any("secure" in line.lower() for line in over_http.values())
    assert all(re.search(r";\s*Secure(;|$)", line, flags=re.I) for line in over_https.values()), over_https
