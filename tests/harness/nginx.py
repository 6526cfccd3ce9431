"""Run the deployment's nginx configuration (deploy/nginx.conf.template) on loopback, for tests.

``render_site()`` substitutes the template's four variables exactly as envsubst does in the
official nginx image (deploy/docker-compose.yml), so the load tests check the very file that is
deployed. ``NginxProxy`` wraps that site in a minimal main config whose pid, logs and temp
paths live in a temp dir, and runs nginx in the foreground, so it needs no /etc or /var.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.harness.server import REPO_ROOT, free_port

TEMPLATE = REPO_ROOT / "deploy" / "nginx.conf.template"
TEMPLATE_VARIABLES = ("NGINX_LISTEN", "SERVER_NAMES", "STREAMLIT_UPSTREAMS", "NGINX_ACCESS_LOG")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
# The main context of the official image's /etc/nginx/nginx.conf, reduced to what a test needs;
# the site (the template) is included in http {} there as it is here.
MAIN_CONFIG = """worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
{temp_paths}
    include {prefix}/site.conf;
}}
"""


def upstream_lines(backends: list[str]) -> str:
    """STREAMLIT_UPSTREAMS for "host:port" backends, on one line (as in docker-compose.yml)."""
    return " ".join(f"server {backend} max_fails=1 fail_timeout=10s;" for backend in backends)


def render_site(values: dict[str, str], template: Path = TEMPLATE) -> str:
    """The template with $NAME / ${NAME} replaced for the four variables only (envsubst's rule).

    A missing value is an error: envsubst would leave an empty string and nginx a broken config.
    """
    missing = [name for name in TEMPLATE_VARIABLES if name not in values]
    if missing:
        raise KeyError(f"no value for {missing} in {template}")
    names = "|".join(TEMPLATE_VARIABLES)
    pattern = re.compile(rf"\$(?:\{{({names})\}}|({names})\b)")
    return pattern.sub(lambda match: values[match.group(1) or match.group(2)], template.read_text())


class NginxProxy:
    """nginx with the deployment's site config in front of ``backends`` ("127.0.0.1:PORT").

    ``server_names`` is the host allow-list; requests must send a Host among them.
    """

    def __init__(
        self,
        backends: list[str],
        server_names: str = "127.0.0.1 localhost",
        port: int | None = None,
        overrides: dict[str, str] | None = None,
    ) -> None:
        """``overrides``: exact template lines -> replacements, each of which must occur once
        (e.g. a smaller connection limit, so that a test can reach it with a few sockets)."""
        self.backends = backends
        self.server_names = server_names
        self.port = port or free_port()
        self.overrides = dict(overrides or {})
        self.prefix = Path(tempfile.mkdtemp(prefix="st-nginx-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        # Workers drop to an unprivileged user when the master runs as root; they must be able
        # to write the temp paths (large static files are buffered there).
        os.chmod(self.prefix, 0o755)
        for kind in TEMP_KINDS:
            (self.prefix / f"{kind}_temp").mkdir(mode=0o777, exist_ok=True)
            os.chmod(self.prefix / f"{kind}_temp", 0o777)
        site = render_site({
            "NGINX_LISTEN": f"127.0.0.1:{self.port}",
            "SERVER_NAMES": self.server_names,
            "STREAMLIT_UPSTREAMS": upstream_lines(self.backends),
            "NGINX_ACCESS_LOG": str(self.prefix / "access.log"),
        })  # fmt: skip
        for original, replacement in self.overrides.items():
            if site.count(original) != 1:
                raise ValueError(f"override {original!r} occurs {site.count(original)} times in {TEMPLATE.name}, not once")
            site = site.replace(original, replacement)
        (self.prefix / "site.conf").write_text(site)
        temp_paths = "\n".join(f"    {kind}_temp_path {self.prefix}/{kind}_temp;" for kind in TEMP_KINDS)
        config = self.prefix / "nginx.conf"
        config.write_text(MAIN_CONFIG.format(prefix=self.prefix, temp_paths=temp_paths))
        return config

    def start(self, ready_timeout: float = 10.0) -> NginxProxy:
        config = self.write_config()
        command = [NGINX, "-p", str(self.prefix), "-e", str(self.prefix / "error.log"), "-c", str(config)]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=10)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {check.stderr}")
        with open(self.prefix / "stdout.log", "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}: {self.error_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"nginx not listening after {ready_timeout} s: {self.error_log()}")

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # SIGTERM: fast shutdown of master and workers
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def error_log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def access_log(self) -> str:
        path = self.prefix / "access.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self) -> NginxProxy:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
