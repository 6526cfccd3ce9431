"""Render the nginx config for Streamlit replicas and run nginx for tests.

    python bench/nginx/proxy.py            # rewrite bench/nginx/nginx.conf.example (docs)

Tests use ``NginxProxy``: the config is rendered into a temp dir with pid, logs and temp
paths inside it, and nginx runs in the foreground (``daemon off``) on a free loopback port,
so it can run as root without touching /etc or /var.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx.conf.template"
EXAMPLE = HERE / "nginx.conf.example"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def render(
    listen: str, backends: list[str], prefix: Path | None = None, max_fails: int = 1, fail_timeout: str = "10s"
) -> str:
    """The config text. With prefix: a self-contained test config; without: production paths."""
    servers = "\n".join(
        f"        server {backend} max_fails={max_fails} fail_timeout={fail_timeout};" for backend in backends
    )
    if prefix is None:
        global_lines = ["worker_processes auto;", "pid /run/nginx.pid;", "error_log /var/log/nginx/error.log warn;"]
        http_lines = ["    access_log /var/log/nginx/access.log streamlit;", "    server_tokens off;"]
    else:
        global_lines = [
            "worker_processes 1;",
            "daemon off;",
            f"pid {prefix}/nginx.pid;",
            f"error_log {prefix}/error.log warn;",
        ]
        http_lines = [f"    access_log {prefix}/access.log streamlit;"] + [
            f"    {kind}_temp_path {prefix}/{kind}_temp;" for kind in TEMP_KINDS
        ]
    return TEMPLATE.read_text().format(
        globals="\n".join(global_lines) + "\n",
        http_paths="\n".join(http_lines) + "\n",
        upstream_servers=servers,
        listen=f"        listen {listen};",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NginxProxy:
    """nginx in front of ``backends`` ("127.0.0.1:PORT"), as a context manager."""

    def __init__(self, backends: list[str], port: int | None = None) -> None:
        self.backends = backends
        self.port = port or free_port()
        self.prefix = Path(tempfile.mkdtemp(prefix="st-nginx-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_timeout: float = 10.0) -> "NginxProxy":
        # Workers drop to an unprivileged user when the master runs as root; they must be
        # able to write the temp paths (large static files are buffered there).
        os.chmod(self.prefix, 0o755)
        for kind in TEMP_KINDS:
            (self.prefix / f"{kind}_temp").mkdir(mode=0o777)
            os.chmod(self.prefix / f"{kind}_temp", 0o777)
        config = self.prefix / "nginx.conf"
        config.write_text(render(f"127.0.0.1:{self.port}", self.backends, self.prefix))
        command = [NGINX, "-p", str(self.prefix), "-e", str(self.prefix / "error.log"), "-c", str(config)]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=10)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {check.stderr}")
        log = open(self.prefix / "stdout.log", "wb")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
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

    def __enter__(self) -> "NginxProxy":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def write_example() -> Path:
    header = (
        "# GENERATED by `python bench/nginx/proxy.py` from nginx.conf.template: edit the template.\n"
        "# Production shape: two replicas with the same server.cookieSecret (Streamlit 1.67 refuses\n"
        "# it as a CLI flag: use the environment or .streamlit/config.toml), e.g.\n"
        "#   export STREAMLIT_SERVER_COOKIE_SECRET=\"$(openssl rand -hex 32)\"\n"
        "#   streamlit run app.py --server.port 8501 &\n"
        "#   streamlit run app.py --server.port 8502 &\n"
        "# Terminate TLS here (listen 443 ssl; ssl_certificate ...) in a real deployment.\n"
    )
    body = render("80", ["127.0.0.1:8501", "127.0.0.1:8502"])
    body = "\n".join(line for line in body.splitlines() if not line.startswith("# Rendered by")) + "\n"
    EXAMPLE.write_text(header + body)
    return EXAMPLE


if __name__ == "__main__":
    print(f"wrote {write_example()}")
