"""Load test at the Streamlit WebSocket protocol level: the dashboard against a floor app.

For each concurrency level, and for the app and the floor page alike, a fresh Streamlit
server is started on a free loopback port (same flags, same working directory, so the same
.streamlit/config.toml), warmed up with one run per filter, and then N sessions connect and send their
rerun_script at the same moment, each with a different partner filter in the query string.
Per session we time "rerun sent -> script_finished"; per level we read the server's RSS
before the sessions connect and after they all finished (sessions still open).

Run from the repository root with the project's Python:

    .venv/bin/python -m bench.load                    # app.py vs bench/floor_app/app.py, 10,50,100
    .venv/bin/python -m bench.load --levels 10,50 --no-write
    .venv/bin/python -m bench.load --app bench/floor_app/app.py   # the floor against itself (sanity)
    .venv/bin/python -m bench.load --replicas 2 --levels 10,25,50 --no-write   # through nginx (sizing)

With --replicas N, each target runs as N replicas (one cookie secret) behind the deployment's
nginx template (tests/harness/nginx.py renders deploy/nginx.conf.template for loopback), and the
sessions connect through nginx; RSS is the sum over the replicas. deploy/README.md's sizing rule
rests on these runs.

Writes a markdown table into the 'load' section of bench/RESULTS.md (with date and machine) and prints it.
Targets: 50 at once all finish with no error; p95 within 1.5x of the floor at the same
load; memory per extra session < 2 MB.
"""

from __future__ import annotations

import sys

if not __package__:  # run as a file: bench/ would shadow the bench package and imports would fail
    sys.exit("Run from the project root as a module: .venv/bin/python -m bench.load")

import argparse
import asyncio
import collections
import datetime as dt
import os
import platform
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import results as results_file
from bench import ws_client
from tests.harness import FLOOR_APP, NginxProxy, StreamlitServer
from tests.harness import REPO_ROOT as ROOT

BENCH_DIR = ROOT / "bench"

# Partner filters the sessions cycle through: single partners, pairs, blocs, none at all.
QUERY_STRINGS = [
    "partner=RUS",
    "partner=CHN",
    "partner=RUS&partner=CHN",
    "partner=USA&partner=EU",
    "partner=NATO",
    "partner=EAEU",
    "partner=FRA&partner=DEU&partner=ITA",
    "partner=XKX",
    "",
    "partner=RUS&partner=CHN&partner=USA&partner=EU&partner=NATO",
]

TARGET_P95_RATIO = 1.5
TARGET_MB_PER_SESSION = 2.0
TARGET_CLEAN_LEVEL = 50


@dataclass
class LevelResult:
    target: str
    level: int
    finished: int = 0
    errors: collections.Counter = field(default_factory=collections.Counter)
    seconds: list[float] = field(default_factory=list)
    wall: float = 0.0
    rss_before: float | None = None
    rss_after: float | None = None
    rounds: int = 1
    mb_values: list[float] = field(default_factory=list)  # per round, when pooled

    @property
    def sessions(self) -> int:
        return self.level * self.rounds

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def percentile(self, q: float) -> float | None:
        if not self.seconds:
            return None
        ordered = sorted(self.seconds)
        rank = max(1, -(-len(ordered) * q // 100))  # nearest rank
        return ordered[int(rank) - 1]

    @property
    def mb_per_session(self) -> float | None:
        if self.mb_values:
            return statistics.median(self.mb_values)
        if self.rss_before is None or self.rss_after is None:
            return None
        return (self.rss_after - self.rss_before) / self.level


async def _connect(url: str, timeout: float) -> ws_client.StreamlitSession | str:
    session = ws_client.StreamlitSession(url, open_timeout=timeout)
    try:
        await asyncio.wait_for(session.connect(), timeout)
        return session
    except Exception as exc:
        await session.close()
        return f"connect: {type(exc).__name__}: {exc}"[:200]


class Deployment:
    """N replicas of one script, behind nginx when N > 0 was asked for; `url` and `rss_mb()` as a
    single server has them (RSS summed over the replicas)."""

    def __init__(self, script: Path, replicas: int, log_dir: Path, name: str) -> None:
        env = {"STREAMLIT_SERVER_COOKIE_SECRET": os.urandom(32).hex()}
        count = max(1, replicas)
        self.servers = [StreamlitServer(script, env=env, log_path=log_dir / f"{name}-r{index}.log") for index in range(count)]
        self.proxy = NginxProxy([f"127.0.0.1:{server.port}" for server in self.servers]) if replicas else None

    def start(self) -> Deployment:
        for server in self.servers:
            server.launch()
        for server in self.servers:
            server.wait_ready(120)
        if self.proxy:
            self.proxy.start()
        return self

    def stop(self) -> None:
        if self.proxy:
            self.proxy.stop()
        for server in self.servers:
            server.stop()

    @property
    def url(self) -> str:
        return self.proxy.url if self.proxy else self.servers[0].url

    @property
    def warm_urls(self) -> list[str]:
        """Each replica directly: every one of them gets every filter once (its own caches)."""
        return [server.url for server in self.servers]

    def rss_mb(self) -> float | None:
        values = [server.rss_mb() for server in self.servers]
        return None if None in values else sum(values)

    def log_tail(self) -> str:
        return "\n".join(server.log_tail() for server in self.servers)


async def run_level(server: StreamlitServer | Deployment, target: str, level: int, timeout: float) -> LevelResult:
    result = LevelResult(target, level)
    # Steady state: every filter once, so imports and st.cache_data misses (one per filter,
    # paid once per process) are not charged to the sessions being timed.
    for warm_url in getattr(server, "warm_urls", [server.url]):
        for warm_query in QUERY_STRINGS:
            warm = await ws_client.one_run(warm_url, warm_query, timeout=timeout)
            if not warm.ok:
                result.errors[f"warm-up: {warm.error}"] += 1
    await asyncio.sleep(1.0)
    result.rss_before = server.rss_mb()

    connected = await asyncio.gather(*(_connect(server.url, timeout) for _ in range(level)))
    sessions = [s for s in connected if isinstance(s, ws_client.StreamlitSession)]
    result.errors.update(s for s in connected if isinstance(s, str))
    try:
        started = time.perf_counter()
        runs = await asyncio.gather(*(
            session.run(QUERY_STRINGS[index % len(QUERY_STRINGS)], timeout=timeout)
            for index, session in enumerate(sessions)
        ))
        result.wall = time.perf_counter() - started
        for run in runs:
            if run.ok:
                result.finished += 1
                result.seconds.append(run.seconds)
            else:
                result.errors[run.error] += 1
        await asyncio.sleep(1.0)  # let the server drain its send queues before reading RSS
        result.rss_after = server.rss_mb()
    finally:
        await asyncio.gather(*(s.close() for s in sessions))
    return result


def measure(
    targets: dict[str, Path], levels: list[int], timeout: float, rounds: int, log_dir: Path, replicas: int = 0
) -> list[LevelResult]:
    results: list[LevelResult] = []
    for level in levels:
        for round_index in range(rounds):
            for target, script in targets.items():  # interleaved: drift on a shared box hits both
                print(f"[load] {target} x{level} (round {round_index + 1}/{rounds}) ...", flush=True)
                server = Deployment(script, replicas, log_dir, f"{target}-{level}-{round_index}")
                try:
                    server.start()
                    level_result = ws_client.run(run_level(server, target, level, timeout))
                except (RuntimeError, TimeoutError) as exc:  # the app would not even boot
                    level_result = LevelResult(target, level)
                    level_result.errors[f"server: {str(exc).splitlines()[0][:200]}"] = level
                finally:
                    server.stop()
                if level_result.error_count:
                    print(f"[load]   server log tail:\n{server.log_tail()}", flush=True)
                print(f"[load]   finished {level_result.finished}/{level}, errors {level_result.error_count}, "
                      f"p95 {fmt(level_result.percentile(95))} s", flush=True)
                results.append(level_result)
    return results


def fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def merged(results: list[LevelResult], target: str, level: int) -> LevelResult | None:
    """All rounds of one target and level as one sample (times pooled, memory as medians)."""
    rows = [r for r in results if r.target == target and r.level == level]
    if not rows:
        return None
    pooled = LevelResult(target, level, rounds=len(rows))
    for row in rows:
        pooled.finished += row.finished
        pooled.errors.update(row.errors)
        pooled.seconds.extend(row.seconds)
    pooled.wall = statistics.median(r.wall for r in rows)
    pooled.mb_values = [r.mb_per_session for r in rows if r.mb_per_session is not None]
    if pooled.mb_values:
        pooled.rss_before = statistics.median(r.rss_before for r in rows if r.rss_before is not None)
        pooled.rss_after = statistics.median(r.rss_after for r in rows if r.rss_after is not None)
    return pooled


def machine_line() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    import streamlit
    return (f"{platform.node()}: {cpu}, {os.cpu_count()} CPUs, {mem_kb / 1024 / 1024:.1f} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"Streamlit {streamlit.__version__}")


def report(
    results: list[LevelResult], targets: dict[str, Path], levels: list[int], rounds: int, command: str, replicas: int = 0
) -> str:
    where = (f", through nginx (deploy/nginx.conf.template) in front of {replicas} replica(s)" if replicas
             else "")  # fmt: skip
    lines = [
        f"## Many sessions at once (bench/load.py, WebSocket protocol level{where})",
        "",
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {machine_line()}",
        f"- Command: `{command}`",
        f"- Code: commit {git_commit()}",
        f"- Load average (1, 5, 15 min) at the end: {', '.join(f'{value:.2f}' for value in os.getloadavg())} "
        "(other work on this shared machine slows both targets)",
        "- Targets: " + ", ".join(f"{name} = `{shown_path(path)}`" for name, path in targets.items()),
        f"- Method: fresh server(s) per target and level, one warm-up run per filter on each replica (caches warm), "
        f"then N sessions connect and send "
        f"`rerun_script` at once (query strings cycle through {len(QUERY_STRINGS)} partner filters); "
        f"time = rerun sent -> `script_finished` (FINISHED_SUCCESSFULLY); RSS from /proc/<pid>/status "
        f"before connecting and after all finished, sessions still open; rounds per cell: {rounds} (times pooled over rounds, "
        f"runs/s and memory are medians of rounds).",
        "",
        "| target | at once | finished | errors | p50 s | p95 s | max s | runs/s "
        "| RSS before MB | RSS after MB | MB / extra session |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for level in levels:
        for target in targets:
            row = merged(results, target, level)
            if row is None:
                continue
            runs_per_s = row.level / row.wall if row.wall else None
            lines.append(
                f"| {target} | {row.level} | {row.finished}/{row.sessions} | {row.error_count} | {fmt(row.percentile(50))} | "
                f"{fmt(row.percentile(95))} | {fmt(max(row.seconds) if row.seconds else None)} | "
                f"{fmt(runs_per_s, 1)} | "
                f"{fmt(row.rss_before, 1)} | {fmt(row.rss_after, 1)} | {fmt(row.mb_per_session, 2)} |"
            )
    lines += ["", "## Against the targets", ""]
    lines += verdicts(results, targets, levels)
    all_errors = collections.Counter()
    for row in results:
        all_errors.update({f"{row.target} x{row.level}: {error}": count for error, count in row.errors.items()})
    if all_errors:
        lines += ["", "## Errors", ""]
        lines += [f"- {count} x {error}" for error, count in all_errors.most_common(10)]
    return "\n".join(lines) + "\n"


def verdicts(results: list[LevelResult], targets: dict[str, Path], levels: list[int]) -> list[str]:
    out = []
    if "app" not in targets:
        return ["- app not measured (file missing), no verdict."]
    for level in levels:
        app, floor = merged(results, "app", level), merged(results, "floor", level)
        if app is None:
            continue
        clean = app.error_count == 0 and app.finished == app.sessions
        if level == TARGET_CLEAN_LEVEL:
            out.append(f"- {level} at once, all finish with no error: {'PASS' if clean else 'FAIL'} "
                       f"({app.finished}/{app.sessions} finished, {app.error_count} errors)")
        if floor is not None and app.percentile(95) and floor.percentile(95):
            ratio = app.percentile(95) / floor.percentile(95)
            out.append(f"- x{level}: p95 app / floor = {ratio:.2f} (target <= {TARGET_P95_RATIO}): "
                       f"{'PASS' if ratio <= TARGET_P95_RATIO else 'FAIL'}")
        mb = app.mb_per_session
        if mb is not None:
            out.append(f"- x{level}: memory per extra session {mb:.2f} MB (target < {TARGET_MB_PER_SESSION}): "
                       f"{'PASS' if mb < TARGET_MB_PER_SESSION else 'FAIL'}")
    return out


def git_commit() -> str:
    """The commit measured (short hash, "+ changes" when the work tree differs from it)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown (git not available)"
    return head.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "") or "unknown"


def shown_path(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default="app.py", help="the dashboard entry point (relative to the project root)")
    parser.add_argument("--floor", default=shown_path(FLOOR_APP), help="the floor app (relative to the project root)")
    parser.add_argument("--levels", default="10,50,100", help="comma-separated concurrency levels")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="per-session bound for connect and for one run, seconds"
    )
    parser.add_argument("--rounds", type=int, default=1, help="fresh-server rounds per target and level (times pooled)")
    parser.add_argument("--replicas", type=int, default=0,
                        help="N replicas per target behind nginx (deploy/nginx.conf.template); 0: one server, direct")
    parser.add_argument("--floor-too", dest="floor_too", action="store_true", default=None,
                        help="also measure the floor app (default: yes without --replicas, no with it)")
    parser.add_argument("--section", default="load", help="the section of the results file to rewrite")
    parser.add_argument("--out", default=str(BENCH_DIR / "RESULTS.md"), help="its --section is rewritten")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)

    levels = [int(part) for part in args.levels.split(",") if part.strip()]
    if not levels or min(levels) < 1 or max(levels) > 1000:
        parser.error("levels must be between 1 and 1000")
    app = (ROOT / args.app).resolve()
    floor = (ROOT / args.floor).resolve()
    if not floor.exists():
        parser.error(f"floor app not found: {floor}")
    with_floor = args.floor_too if args.floor_too is not None else not args.replicas
    targets = {"floor": floor} if with_floor else {}
    if app.exists():
        targets["app"] = app
    else:
        print(f"[load] WARNING: {app} does not exist; measuring the floor only", file=sys.stderr)

    log_dir = Path(tempfile.mkdtemp(prefix="st-load-"))
    results = measure(targets, levels, args.timeout, max(1, args.rounds), log_dir, max(0, args.replicas))
    command = "python -m bench.load " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(results, targets, levels, max(1, args.rounds), command.strip(), max(0, args.replicas))
    print()
    print(text)
    if not args.no_write:
        results_file.write_section(args.section, text, Path(args.out))
        print(f"[load] written to {args.out}; server logs in {log_dir}")
    failed = any(r.error_count for r in results if r.target == "app" and r.level <= TARGET_CLEAN_LEVEL)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
