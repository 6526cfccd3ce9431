"""A `streamlit run` server on a free loopback port: start, wait until healthy, stop.

The one definition used by the browser tests (tests/e2e), the load tests (tests/load) and the
benchmarks (bench/bench.py, bench/load.py), so that all of them measure the same server.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FLOOR_APP = REPO_ROOT / "bench" / "floor_app" / "app.py"
HEALTH_PATH = "/_stcore/health"
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MiB (Linux /proc), None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def is_healthy(base_url: str, timeout: float = 2.0) -> bool:
    """True when GET /_stcore/health answers 200 "ok"."""
    try:
        with urllib.request.urlopen(base_url + HEALTH_PATH, timeout=timeout) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False  # refused, reset, or a half-written answer while booting


class StreamlitServer:
    """`streamlit run SCRIPT` on 127.0.0.1, as a context manager; every wait is bounded.

    ``env`` is added to this process's environment (e.g. STREAMLIT_SERVER_COOKIE_SECRET, which
    Streamlit 1.67 refuses as a command-line flag; DASHBOARD_DATA_DIR). The working directory is
    the repository root, so every server reads the same .streamlit/config.toml.
    ``launch()`` then ``wait_ready()`` lets several servers boot in parallel.
    """

    def __init__(
        self,
        script: Path | str,
        *,
        port: int | None = None,
        env: dict[str, str] | None = None,
        extra_args: list[str] | None = None,
        log_path: Path | None = None,
        cwd: Path = REPO_ROOT,
    ) -> None:
        self.script = (REPO_ROOT / script).resolve()
        self.port = port or free_port()
        self.env = {**os.environ, **(env or {})}
        self.extra_args = list(extra_args or [])
        self.log_path = Path(log_path) if log_path else Path(tempfile.mkdtemp(prefix="st-server-")) / "streamlit.log"
        self.cwd = cwd
        self.process: subprocess.Popen | None = None
        self.started: float | None = None  # time.perf_counter() at spawn
        self.startup_seconds: float | None = None  # spawn -> health ok

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", str(self.script),
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            *self.extra_args,
        ]  # fmt: skip

    def launch(self) -> StreamlitServer:
        """Spawn the process (own process group, so stop() reaches any child) without waiting."""
        if not self.script.is_file():
            raise FileNotFoundError(f"no Streamlit script at {self.script}")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.started = time.perf_counter()
            self.process = subprocess.Popen(
                self.command(), cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        return self

    def wait_ready(self, timeout: float = 60.0, poll: float = 0.02) -> StreamlitServer:
        """Block until /_stcore/health is "ok"; on exit or timeout stop and raise with the log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{self.log_tail()}")
            if is_healthy(self.url):
                self.startup_seconds = time.perf_counter() - self.started
                return self
            time.sleep(poll)
        self.stop()
        raise TimeoutError(f"streamlit not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def start(self, timeout: float = 60.0) -> StreamlitServer:
        return self.launch().wait_ready(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM to the process group, SIGKILL if it has not exited after `timeout` s."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout)

    def rss_mb(self) -> float | None:
        return rss_mb(self.process.pid) if self.process else None

    def log_tail(self, lines: int = 25) -> str:
        try:
            text = ANSI_COLOUR.sub("", self.log_path.read_text(errors="replace"))
        except OSError:
            return ""
        return "\n".join(line.rstrip() for line in text.splitlines()[-lines:])

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


@contextlib.contextmanager
def replica_set(app: Path, count: int = 2, ready_seconds: float = 120):
    """`count` replicas of `app` as the deployment runs them (one shared cookie secret, as
    deploy/docker-compose.yml gives them; Streamlit 1.67 refuses it on the command line, where ps
    would show it): booted at once, then waited for; a replica a test SIGSTOPped is continued first
    so that it can stop."""
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    servers = [StreamlitServer(app, env=env) for _ in range(count)]
    try:
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_ready(ready_seconds)
        yield servers
    finally:
        for server in servers:
            if server.process and server.process.poll() is None:
                os.killpg(server.process.pid, signal.SIGCONT)
            server.stop()
