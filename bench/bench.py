"""Speed of the dashboard against a floor app, measured in one run with the same Chromium.

    .venv/bin/python -m bench.bench [--rounds 5] [--cold-rounds 3] [--app app.py]
                                    [--floor bench/floor_app/app.py] [--out bench/RESULTS.md]

(from the repository root; the dashboard's pages come from components/registry.py)

Measures (medians over rounds; ratios to the matching measure of the floor app):
  direct   open a page URL in a fresh tab: navigation start -> script finished, every
           Plotly chart drawn (performance.now() in the page). Root vs floor root,
           subpages vs the floor subpage /second.
  click    from the root page, click the page in the sidebar navigation -> ready.
           Compared with the floor's click root -> second.
  filter   on each page, add a partner in the sidebar multiselect (and remove it again)
           -> rerun finished and charts drawn. Compared with the same change of the
           floor's sidebar multiselect.
  cold     server process start -> /_stcore/health ok -> root page ready.
  server   script run without a browser (AppTest, warm caches), per page.
Raw numbers go to bench/_out/bench-raw.json (git-ignored), the table to --out.
"""

from __future__ import annotations

import sys

if not __package__:  # run as a file: bench/ would shadow the bench package and imports would fail
    sys.exit("Run from the project root as a module: .venv/bin/python -m bench.bench")

import argparse
import collections
import datetime as dt
import json
import os
import platform
import statistics
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.results import write_section
from components.registry import PAGES
from tests.harness import REPO_ROOT, VIEWPORT, StreamlitServer, chromium

TIMEOUT_MS = 30_000
FLOOR_SUBPAGE = "second"
# The floor app's pages (bench/floor_app/app.py): url path -> script, relative to the app.
FLOOR_PAGES = {"": "floor_pages/root.py", FLOOR_SUBPAGE: "floor_pages/second.py"}
FLOOR_OPTION = "D"
PARTNER_CHOICES = ["CHN", "RUS", "USA", "NATO", "EU"]  # the filter lists partners by code
TARGETS = {"direct": 1.3, "click": 1.3, "filter": 1.3}
SERVER_TARGET_MS = 50.0

# Ready: the script run is over, no element is still a loading skeleton, every Plotly
# chart has drawn its SVG. Returns performance.now() (ms since navigation start) or false.
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    if (!chart.querySelector('.js-plotly-plot .main-svg')) return false;
  return performance.now();
}"""
# Counts changes of the script state, so that "ready" after an action means a rerun
# happened (the state leaves notRunning and comes back), not the state before the action.
OBSERVE_JS = """() => {
  if (window.__benchObserver) return window.__benchStateChanges;
  window.__benchStateChanges = 0;
  window.__benchObserver = new MutationObserver(records => {
    window.__benchStateChanges += records.length;
  });
  window.__benchObserver.observe(document.querySelector('[data-testid="stApp"]'),
    {attributes: true, attributeFilter: ['data-test-script-state']});
  return 0;
}"""
DIAGNOSIS_JS = """() => ({
  state: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
  stateChanges: window.__benchStateChanges,
  skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
  undrawnCharts: Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    .filter(chart => !chart.querySelector('.js-plotly-plot .main-svg')).length,
  url: location.href,
})"""
RERUN_DONE_JS = f"""([changesBefore, pathSuffix]) => {{
  if (window.__benchStateChanges <= changesBefore) return false;
  if (pathSuffix !== null && !location.pathname.replace(/\\/$/, '').endsWith(pathSuffix)) return false;
  return ({READY_JS})();
}}"""


# ---------------------------------------------------------------------------- browser


def start_server(app: Path) -> StreamlitServer:
    """A server for `app`, its log in bench/_out/; `startup_seconds` = spawn -> health ok."""
    log_dir = REPO_ROOT / "bench" / "_out"
    server = StreamlitServer(app, log_path=log_dir / f"server-{app.parent.name}.log")
    return server.start()


def app_pages(app: Path, floor: bool) -> dict[str, str]:
    """url path -> page script relative to the app: the registry's for the dashboard."""
    if floor:
        return dict(FLOOR_PAGES)
    return {entry.url_path: os.path.relpath(REPO_ROOT / entry.script, app.parent) for entry in PAGES}


def wait_ready_ms(page) -> float:
    return page.wait_for_function(READY_JS, polling="raf", timeout=TIMEOUT_MS).json_value()


def open_direct(context, url: str) -> float:
    """ms from navigation start to ready, in a fresh tab."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        return wait_ready_ms(page)
    finally:
        page.close()


def timed_action(page, action, path_suffix: str | None = None) -> float:
    """ms from just before `action()` to the rerun it causes being finished and drawn."""
    changes = page.evaluate(OBSERVE_JS)
    started = page.evaluate("() => performance.now()")
    action()
    finished = page.wait_for_function(
        RERUN_DONE_JS, arg=[changes, path_suffix], polling="raf", timeout=TIMEOUT_MS
    ).json_value()
    return finished - started


def nav_link(page, path: str):
    """The sidebar link to `path` ("" is the root, the only href ending in "/")."""
    return page.locator(f'[data-testid="stSidebarNavLink"][href$="/{path}"]').first


def click_page(page, path: str) -> float:
    return timed_action(page, nav_link(page, path).click, path_suffix=path)


def multiselect(page, label: str):
    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label)
    widget = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.get_by_role("combobox", name=label)
    )
    return box, widget


def filter_change_pair(page, label: str, choices: list[str]) -> list[float]:
    """Add one option (timed), then remove it (timed) in the multiselect `label`."""
    box, widget = multiselect(page, label)
    selected = widget.locator("[data-tag] span[title]").all_inner_texts()
    option = next(choice for choice in choices if choice not in selected)
    box.click()
    box.press_sequentially(option)
    target = page.get_by_role("option", name=option, exact=True)
    target.wait_for()
    added = timed_action(page, target.click)
    box.press("Escape")
    remove = widget.get_by_role("button", name=f"Remove {option}")
    removed = timed_action(page, remove.click)
    return [added, removed]


class AppBench:
    """Browser measures of one app; rounds of the app and the floor are interleaved."""

    def __init__(self, browser, app: Path, floor: bool):
        self.browser, self.app, self.floor = browser, app, floor
        self.server: StreamlitServer | None = None
        self.results: dict = {"cold_health": [], "cold_ready": [], "direct": {}, "click": {}, "filter": {}}

    def cold_round(self) -> None:
        """Server start -> health -> root ready; the last server stays up for the rest."""
        self.stop()
        self.server = start_server(self.app)
        self.results["cold_health"].append(self.server.startup_seconds * 1000)
        context = self.browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.goto(self.server.url, wait_until="commit")
            wait_ready_ms(page)
            self.results["cold_ready"].append((time.perf_counter() - self.server.started) * 1000)
        except PlaywrightError as error:  # a timeout included: recorded, and the run goes on
            self.record_timeout("cold_ready", "", error)
        finally:
            context.close()

    def setup(self) -> None:
        self.context = self.browser.new_context(viewport=VIEWPORT)
        self.tab = self.context.new_page()  # kept for clicks and filter changes
        self.paths = list(app_pages(self.app, self.floor))
        self.subpages = [FLOOR_SUBPAGE] if self.floor else [path for path in self.paths if path]
        for path in self.paths:  # warm caches of server and browser once (untimed)
            self.guarded("warm-up", path, lambda path=path: [open_direct(self.context, f"{self.server.url}/{path}")],
                         before=lambda: None, keep=False)  # fmt: skip
        self.reload_tab("")

    def direct_round(self) -> None:
        for path in [""] + self.subpages:
            self.guarded("direct", path, lambda path=path: [open_direct(self.context, f"{self.server.url}/{path}")],
                         before=lambda: None)  # fmt: skip

    def go_to(self, path: str) -> None:
        """Click navigation (untimed) unless the tab already shows `path`."""
        current = self.tab.evaluate("() => location.pathname").strip("/")
        if current != path:
            timed_action(self.tab, nav_link(self.tab, path).click)

    def click_round(self) -> None:
        for path in self.subpages:
            self.guarded("click", path, lambda path=path: [click_page(self.tab, path)], before=lambda: self.go_to(""))

    def filter_round(self) -> None:
        label, choices = ("Bars", [FLOOR_OPTION]) if self.floor else ("Partners", PARTNER_CHOICES)
        for path in [""] if self.floor else [""] + self.subpages:
            self.guarded(
                "filter", path, lambda: filter_change_pair(self.tab, label, choices), before=lambda path=path: self.go_to(path)
            )

    def guarded(self, measure: str, path: str, measure_once, before, keep: bool = True) -> None:
        """Record the measure; on a timeout (or another browser error) record it, reload, go on."""
        try:
            before()
            values = measure_once()
            if keep:
                self.results[measure].setdefault(path, []).extend(values)
        except PlaywrightError as error:
            self.record_timeout(measure, path, error)
            self.reload_tab(path)

    def record_timeout(self, measure: str, path: str, error: Exception) -> None:
        try:
            state = self.tab.evaluate(DIAGNOSIS_JS) if getattr(self, "tab", None) else "no tab yet"
        except PlaywrightError:
            state = "page not readable"
        kind = "timeout" if isinstance(error, PlaywrightTimeout) else f"error ({type(error).__name__})"
        print(f"  {kind}: {self.app.parent.name} {measure} /{path}: {state}", flush=True)
        self.results.setdefault("timeouts", []).append({"measure": measure, "path": path, "kind": kind, "page": state})

    def reload_tab(self, path: str) -> None:
        """Back to a known state; if even that times out, it is recorded and the round goes on."""
        try:
            self.tab.goto(f"{self.server.url}/{path}")
            wait_ready_ms(self.tab)
        except PlaywrightError as error:
            self.record_timeout("reload", path, error)

    def stop(self) -> None:
        if self.server:
            self.server.stop()


def measure_browser(browser, floor_app: Path, app: Path, rounds: int, cold_rounds: int):
    floor, dashboard = AppBench(browser, floor_app, floor=True), AppBench(browser, app, floor=False)
    benches = [floor, dashboard]
    try:
        for round_index in range(cold_rounds):
            print(f"cold start round {round_index + 1}/{cold_rounds}", flush=True)
            for bench in benches:
                bench.cold_round()
        for bench in benches:
            bench.setup()
        for round_index in range(rounds):
            print(f"browser round {round_index + 1}/{rounds}", flush=True)
            for bench in benches:
                bench.direct_round()
                bench.click_round()
                bench.filter_round()
    finally:
        for bench in benches:
            bench.stop()
    return floor.results, dashboard.results


# ---------------------------------------------------------------------------- server side


def measure_server_side(app: Path, pages: dict[str, str], rounds: int) -> dict[str, list[float]]:
    """ms per script run with AppTest (no browser), per page, after one warm-up run each."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(app), default_timeout=30)
    at.run()
    timings: dict[str, list[float]] = {}
    for url_path, relative in pages.items():
        at.switch_page(relative).run()  # warm
        if at.exception:
            raise RuntimeError(f"{app}: page {url_path!r} raised: {at.exception[0].message}")
        for _ in range(rounds):
            started = time.perf_counter()
            at.switch_page(relative).run()
            timings.setdefault(url_path, []).append((time.perf_counter() - started) * 1000)
        for _ in range(rounds):  # a rerun on the same page, as after a widget change
            started = time.perf_counter()
            at.run()
            timings.setdefault(f"{url_path} (rerun)", []).append((time.perf_counter() - started) * 1000)
    return timings


# ---------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": model,
        "memory": f"{total_kb / 1024 / 1024:.1f} GiB",
    }


def versions(browser) -> dict[str, str]:
    from importlib.metadata import version

    found = {"python": platform.python_version(), "chromium": browser.version}
    for package in ("streamlit", "plotly", "pandas", "playwright"):
        found[package] = version(package)
    return found


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def page_name(path: str) -> str:
    return f"/{path}"


def rows_for(app: dict, floor: dict, server: dict, floor_server: dict) -> list[tuple]:
    """(measure, page, median ms, floor median ms, ratio, target, ok)."""
    rows = []

    def add(measure, page, values, floor_values, target):
        value, floor_value = median(values), median(floor_values)
        ratio = value / floor_value if floor_value else float("nan")
        ok = "" if target is None else ("yes" if ratio <= target else "NO" if ratio == ratio else "n/a")
        rows.append((measure, page, value, floor_value, ratio, target, ok))

    for path, values in app["direct"].items():
        add("direct open", page_name(path), values, floor["direct"].get("" if not path else FLOOR_SUBPAGE, []),
            TARGETS["direct"])
    # A floor measure whose every sample timed out has no median: its ratios show as nan, not a crash.
    for path, values in app["click"].items():
        add("nav click", page_name(path), values, floor["click"].get(FLOOR_SUBPAGE, []), TARGETS["click"])
    for path, values in app["filter"].items():
        add("filter change", page_name(path), values, floor["filter"].get("", []), TARGETS["filter"])
    add("cold start: health ok", "-", app["cold_health"], floor["cold_health"], None)
    add("cold start: root ready", "/", app["cold_ready"], floor["cold_ready"], None)
    floor_by_kind = {
        False: median([v for k, vs in floor_server.items() if "rerun" not in k for v in vs]),
        True: median([v for k, vs in floor_server.items() if "rerun" in k for v in vs]),
    }
    for name, values in server.items():
        value = median(values)
        floor_value = floor_by_kind["rerun" in name]
        ok = "yes" if value < SERVER_TARGET_MS else "NO"
        rows.append(("server script run", page_name(name), value, floor_value, value / floor_value, None, ok))
    return rows


def _target_cell(measure: str, target: float | None) -> str:
    """The target column: the server-side limit in ms, otherwise the ratio to the floor ("-" when none)."""
    if measure == "server script run":
        return f"< {SERVER_TARGET_MS:.0f} ms"
    return f"<= {target}x" if target else "-"


def markdown(rows, info: dict, rounds: int, cold_rounds: int, elapsed_s: float, timeouts: list) -> str:
    lines = [
        "## Page speed (bench/bench.py)",
        "",
        f"Date: {info['date']}  ",
        f"Machine: {info['machine']['nproc']} CPUs ({info['machine']['cpu']}), {info['machine']['memory']} RAM  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()) + "  ",
        f"Rounds: {rounds} (cold start: {cold_rounds}); whole run {elapsed_s:.0f} s. "
        "Command: `python -m bench.bench`",
        "",
        "Medians in ms. Floor = bench/floor_app (one title + one small Plotly bar chart per page, "
        "same server flags, same Chromium, same run). Direct subpages compare with the floor's "
        "subpage, clicks with the floor's click root -> second, filter changes with a change of "
        "the floor's sidebar multiselect. Targets: page ready <= 1.3x floor, filter change <= "
        f"1.3x floor rerun, server-side script run < {SERVER_TARGET_MS:.0f} ms per page.",
        "",
        "| measure | page | median ms | floor ms | ratio | target | met |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for measure, page, value, floor_value, ratio, target, ok in rows:
        target_text = _target_cell(measure, target)
        lines.append(
            f"| {measure} | {page} | {value:.0f} | {floor_value:.0f} | {ratio:.2f} | {target_text} | {ok or '-'} |"
        )
    if timeouts:
        counts = collections.Counter(f"{item['measure']} /{item['path']} ({item.get('kind', 'timeout')})" for item in timeouts)
        lines += ["", f"Timeouts and errors (sample dropped, the run went on): {len(timeouts)}; "
                  "details in bench/_out/bench-raw.json.", ""]
        lines += [f"- {count} x {what}" for what, count in counts.most_common()]
    return "\n".join(lines) + "\n"


def server_side_or_note(app: Path, pages: dict[str, str], rounds: int, results: dict) -> dict[str, list[float]]:
    """The server-side measure; a page that raises is recorded with the timeouts, not a crash."""
    try:
        return measure_server_side(app, pages, rounds)
    except (RuntimeError, TimeoutError) as error:
        print(f"  server side failed: {error}", flush=True)
        results.setdefault("timeouts", []).append({"measure": "server side", "path": str(app.name), "kind": "error",
                                                   "page": str(error)[:300]})  # fmt: skip
        return {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold-rounds", type=int, default=3)
    parser.add_argument("--app", default="app.py", help="relative to the repository root")
    parser.add_argument("--floor", default="bench/floor_app/app.py")
    parser.add_argument("--out", default="bench/RESULTS.md", help="its 'page-speed' section is rewritten")
    args = parser.parse_args()
    args.cold_rounds = max(1, args.cold_rounds)  # the last cold start serves the warm rounds
    app, floor_app = (REPO_ROOT / args.app).resolve(), (REPO_ROOT / args.floor).resolve()
    began = time.perf_counter()

    with chromium() as browser:
        info = {
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": machine(),
            "versions": versions(browser),
        }
        floor, measured = measure_browser(browser, floor_app, app, args.rounds, args.cold_rounds)
    print("server side (AppTest)", flush=True)
    floor_server = server_side_or_note(floor_app, app_pages(floor_app, floor=True), args.rounds, measured)
    server = server_side_or_note(app, app_pages(app, floor=False), args.rounds, measured)

    rows = rows_for(measured, floor, server, floor_server)
    elapsed = time.perf_counter() - began
    timeouts = floor.get("timeouts", []) + measured.get("timeouts", [])
    report = markdown(rows, info, args.rounds, args.cold_rounds, elapsed, timeouts)
    print(report)
    write_section("page-speed", report, REPO_ROOT / args.out)
    raw = {"info": info, "app": measured, "floor": floor, "server": server, "floor_server": floor_server}
    (REPO_ROOT / "bench" / "_out").mkdir(parents=True, exist_ok=True)
    (REPO_ROOT / "bench" / "_out" / "bench-raw.json").write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
