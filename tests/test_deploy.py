"""deploy/: the compose file and the nginx template agree, and nothing is exposed by mistake.

The template's behaviour (headers, Host allow-list, limits, stickiness) is tested with a real
nginx in tests/load/test_replicas.py; here the static wiring around it.
"""

from __future__ import annotations

import re

import yaml

from tests.harness import REPO_ROOT
from tests.harness.nginx import TEMPLATE, TEMPLATE_VARIABLES

DEPLOY = REPO_ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
REPLICAS = sorted(name for name in SERVICES if name != "nginx")
SECRET = "STREAMLIT_SERVER_COOKIE_SECRET"


def test_only_nginx_publishes_a_port():
    assert REPLICAS == ["app1", "app2"]
    assert [name for name, service in SERVICES.items() if "ports" in service] == ["nginx"]
    assert SERVICES["nginx"]["ports"] == ["${HTTP_PORT:-8080}:80"]
    assert COMPOSE["networks"]["replicas"]["internal"] is True
    assert all(SERVICES[name]["networks"] == ["replicas"] for name in REPLICAS)


def test_every_replica_gets_the_same_secret_from_the_environment_never_a_literal():
    values = {SERVICES[name]["environment"][SECRET] for name in REPLICAS}
    assert len(values) == 1
    (value,) = values
    assert value.startswith("${" + SECRET + ":?"), f"{SECRET} must come from deploy/.env, not the file: {value}"
    assert "deploy/.env" in (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    assert re.search(rf"^{SECRET}=$", example, flags=re.M), "the example must hold no secret"


def test_nginx_proxies_to_every_replica_and_renders_the_tested_template():
    nginx = SERVICES["nginx"]
    environment = nginx["environment"]
    upstreams = re.findall(r"server (\w+):8501 max_fails=1 fail_timeout=10s;", environment["STREAMLIT_UPSTREAMS"])
    assert upstreams == REPLICAS
    assert sorted(nginx["depends_on"]) == REPLICAS
    assert nginx["volumes"] == ["./nginx.conf.template:/etc/nginx/templates/default.conf.template:ro"]
    assert set(environment) >= set(TEMPLATE_VARIABLES)


def test_envsubst_filter_template_and_test_renderer_name_the_same_variables():
    nginx_env = SERVICES["nginx"]["environment"]
    # "$$" in compose is a literal "$"; PyYAML does not interpolate, so it is still doubled here.
    filtered = re.fullmatch(r"\^\((.+)\)\$\$", nginx_env["NGINX_ENVSUBST_FILTER"]).group(1).split("|")
    in_template = set(re.findall(r"\$\{?([A-Z][A-Z_]+)\}?", TEMPLATE.read_text(encoding="utf-8")))
    assert sorted(filtered) == sorted(TEMPLATE_VARIABLES) == sorted(in_template)


def test_the_standalone_container_is_published_on_loopback_only():
    """Without the proxy, /_stcore/metrics is open: the documented docker run binds 127.0.0.1."""
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for text in (dockerfile, readme):
        published = re.findall(r"docker run[^`\n]* -p (\S+)", text)
        assert published and all(port.startswith("127.0.0.1:") for port in published), published


# --------------------------------------------------------------------------- portable locks

LOCKS = ("requirements.lock", "requirements-test.lock")
# A line that tells pip where to look (an index, a folder of wheels) or names a file on this
# machine: another machine, a Docker build included, would inherit it.
MACHINE_LINE = re.compile(
    r"^\s*(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host|--no-index)\b"
    r"|file:/|(^|\s)(/|\.\.?/|~/)\S"
)


def machine_specific_lines(text: str) -> list[str]:
    """The lines of a lock that name an index, a find-links folder or a local path (comments too)."""
    return [line for line in text.splitlines() if MACHINE_LINE.search(line)]


def test_the_lock_check_catches_an_index_a_wheel_folder_and_a_local_path():
    """The check itself, on hand-written lines (a check that can never fail would prove nothing)."""
    caught = [
        "--extra-index-url file:///opt/pypi/simple",
        "--index-url https://pypi.example/simple",
        "--find-links /opt/wheels",
        "-f ./wheels",
        "streamlit @ file:///home/me/streamlit-1.67.0-py3-none-any.whl",
        "    # via -r /home/me/project/requirements.txt",
    ]
    fine = ["pandas==3.1.1 \\", "    --hash=sha256:0a30ef8f5322a4173720ae6712dc9a5e58f5a19868f3f167b4b5778db066c2b5",
            "    # via streamlit", "    #   -r requirements.txt"]
    assert machine_specific_lines("\n".join(caught + fine)) == caught


def test_locks_name_no_index_no_wheel_folder_and_no_local_path():
    for name in LOCKS:
        text = (REPO_ROOT / name).read_text(encoding="utf-8")
        assert not machine_specific_lines(text), f"{name} carries this machine's package sources: {machine_specific_lines(text)}"
        pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, flags=re.M)
        assert pins and all(f"{name}=={version} \\\n    --hash=sha256:" in text for name, version in pins)


def test_the_readme_regenerates_the_locks_with_the_flags_that_keep_them_portable():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"`(pip-compile [^`]+)`", readme)
    assert command, "the README gives the pip-compile command"
    for flag in ("--generate-hashes", "--allow-unsafe", "--strip-extras", "--no-emit-index-url", "--no-emit-find-links"):
        assert flag in command.group(1), f"README's pip-compile lacks {flag}"
    test_requirements = (REPO_ROOT / "requirements-test.txt").read_text(encoding="utf-8")
    assert re.search(r"^pip-tools==", test_requirements, flags=re.M), "pip-tools belongs to the test set"


# --------------------------------------------------------------------------- image and edge wiring


def test_the_build_context_leaves_out_the_venv_git_and_tests_and_the_healthcheck_waits_for_a_start():
    ignored = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert {".venv", ".git", "tests", "artifacts", "deploy/.env"} <= set(ignored)
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    healthcheck = re.search(r"^HEALTHCHECK (.+)$", dockerfile, flags=re.M).group(1)
    assert re.search(r"--start-period=\d+s", healthcheck), healthcheck
    copied = re.findall(r"^COPY (\S+)", dockerfile, flags=re.M)
    assert not [path for path in copied if path.rstrip("/") in ignored], "the image copies something .dockerignore drops"


def test_every_replica_accepts_only_the_public_origin_from_the_environment():
    for name in REPLICAS:
        environment = SERVICES[name]["environment"]
        assert environment["STREAMLIT_SERVER_ALLOWED_HOSTS"].startswith("${SERVER_NAMES:?")
        assert environment["STREAMLIT_SERVER_CORS_ALLOWED_ORIGINS"].startswith("${PUBLIC_ORIGIN:?")
        assert environment["STREAMLIT_BROWSER_SERVER_ADDRESS"].startswith("${PUBLIC_HOST:?")
        assert environment["DASHBOARD_PUBLIC_URL"] == "${PUBLIC_ORIGIN}"  # cited links name the same origin
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^PUBLIC_ORIGIN=https?://", example, flags=re.M) and re.search(r"^PUBLIC_HOST=\S+", example, flags=re.M)


def test_the_documented_limits_and_timeouts_are_the_deployed_ones():
    """deploy/README.md states the figures; the template enforces them (tests/load checks the behaviour)."""
    template = TEMPLATE.read_text(encoding="utf-8")
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    connections = re.search(r"limit_conn stream_connections (\d+);", template).group(1)
    rate, burst, delay = re.search(r"rate=(\d+)r/s;", template).group(1), *re.search(
        r"limit_req zone=stream_requests burst=(\d+) delay=(\d+);", template).groups()
    assert f"`limit_conn stream_connections {connections}`" in readme
    assert f"{rate} new sockets a second" in readme and f"burst of {burst}" in readme and f"first {delay}" in readme
    read_timeouts = re.findall(r"proxy_read_timeout (\w+);", template)
    assert read_timeouts == ["5s", "30s"], read_timeouts  # server level (every request), then the stream
    assert all(f"`proxy_read_timeout {value}`" in readme for value in read_timeouts)
    config = (REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    ping = int(re.search(r"^websocketPingInterval = (\d+)$", config, flags=re.M).group(1))
    assert ping * 2 < int(read_timeouts[1].rstrip("s")), "the socket timeout must outlast two missed pings"


def results_figure(section: str, level: int) -> tuple[str, str]:
    """(p95 s, finished) of the app row at `level` sessions in a section of bench/RESULTS.md."""
    results = (REPO_ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8")
    block = results.split(f"<!-- {section}:start -->", 1)[1].split(f"<!-- {section}:end -->", 1)[0]
    row = re.search(rf"^\| app \| {level} \| (\d+/\d+) \| \d+ \| [\d.]+ \| ([\d.]+) \|", block, flags=re.M)
    assert row, f"no app row at {level} sessions in the {section} section of bench/RESULTS.md"
    return row.group(2), row.group(1)


def test_the_readme_load_figures_are_the_ones_in_bench_results():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"50 simultaneous sessions: (\d+/\d+) finished, p95 ([\d.]+) s", readme)
    assert quoted, "the README quotes the 50-session load figure"
    p95, finished = results_figure("load", 50)
    assert (quoted.group(1), quoted.group(2)) == (finished, f"{float(p95):.2f}"), "README and bench/RESULTS.md disagree"
