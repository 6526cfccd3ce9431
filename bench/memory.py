"""Memory of the dashboard's caches under many view states and data replacements (issue 22, item 5).

Pure view builds, no server: each phase runs in a fresh Python process whose code root is
``--root`` (this checkout by default, or an exported copy of another commit, to measure "before")
on a temporary copy of data/ selected with DASHBOARD_DATA_DIR.

* states: one default build per page (warm-up), then 500 random view states (partners, as-of,
  blocs, site and the page's own controls) spread over all computed pages.
* cycles: 200 data replacements: each cycle touches a CSV of the package (a new mtime, so
  ``data.version()`` changes; its once-a-second re-read is switched off here) and builds the
  Trade page with the default state.

Reported per phase: RSS (VmRSS from /proc/self/status, after gc and malloc_trim) before and
after, and, where components/memo.py exists, the shared view cache's entries and estimated bytes.

    .venv/bin/python -m bench.memory                       # this checkout
    .venv/bin/python -m bench.memory --root /tmp/main-copy # another commit's code, same method
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
STATES, CYCLES, SEED = 500, 200, 22
# The computed pages measured on 2026-12-02 (bench/RESULTS.md); the Region page came later and is not in this list.
PAGES = ("overview", "article", "did_it_hold", "trade", "security", "china", "pandemic", "soft_power",
         "neighbourhood", "kosovo", "sources")
TOUCHED = "external/serbia_trade_partner_shares_factbook.csv"

CHILD = r"""
import ctypes, gc, importlib, json, os, random, sys, time
from pathlib import Path
from components import data, geodata, params, state as st

phase, states, cycles, seed, touched = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
pages = sys.argv[6].split(",")
data.VERSION_TTL_S = 0.0  # every call sees an edited file (the app re-reads at most once a second)

def rss_mb():
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    status = Path("/proc/self/status").read_text()
    return int(next(l for l in status.splitlines() if l.startswith("VmRSS:")).split()[1]) / 1024

def cache():
    try:
        from components import memo
    except ImportError:
        return None
    return {"entries": len(memo.VIEWS.entries), "mb": memo.VIEWS.bytes / 2**20, "budget_mb": memo.VIEWS.budget / 2**20}

views = {page: importlib.import_module(f"components.views.{page}") for page in pages}
partners = data.load_table("partners")
codes = [str(c) for c in partners["code"]]
neighbour_names = [name for _, name in views["kosovo"].neighbours()]
rng = random.Random(seed)

def random_state():
    chosen = rng.sample(codes, rng.randint(0, 3))
    s = st.view_state(chosen, partners, asof=rng.choice(st.ASOF_VALUES), include_blocs=rng.random() < 0.7)
    s = s.with_control(params.YEAR.name, str(rng.randint(2000, 2024)))
    s = s.with_control(params.TRADE_UNIT.name, rng.choice(params.TRADE_UNITS))
    s = s.with_control(params.NEIGHBOUR.name, rng.choice(neighbour_names))
    return s.with_site(rng.choice(["", "http://127.0.0.1:8501"]))

start = time.monotonic()
for page in pages:
    views[page].build(st.ViewState())
result = {"phase": phase, "rss_start_mb": rss_mb(), "cache_start": cache()}
if phase == "states":
    for i in range(states):
        views[pages[i % len(pages)]].build(random_state())
else:
    path = data.data_dir() / touched
    stamp = path.stat().st_mtime_ns
    for i in range(cycles):
        stamp += 1_000_000_000
        os.utime(path, ns=(stamp, stamp))
        views["trade"].build(st.ViewState())
result.update(rss_end_mb=rss_mb(), cache_end=cache(), geojson_files_cached=len(geodata._CACHE),
              tables_cached=data.cached_tables(), seconds=round(time.monotonic() - start, 1))
print(json.dumps(result))
"""


def run_phase(root: Path, phase: str, states: int, cycles: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(root / "data", copy)
        env = {**os.environ, "PYTHONPATH": str(root), "DASHBOARD_DATA_DIR": str(copy)}
        out = subprocess.run([sys.executable, "-c", CHILD, phase, str(states), str(cycles), str(SEED), TOUCHED,
                              ",".join(PAGES)], cwd=root, env=env, capture_output=True, text=True, check=False)
    if out.returncode:
        sys.exit(f"{phase} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=HERE, help="code root to measure (default: this checkout)")
    parser.add_argument("--phase", choices=("states", "cycles", "both"), default="both")
    parser.add_argument("--states", type=int, default=STATES)
    parser.add_argument("--cycles", type=int, default=CYCLES)
    args = parser.parse_args()
    phases = ("states", "cycles") if args.phase == "both" else (args.phase,)
    for phase in phases:
        print(json.dumps(run_phase(args.root.resolve(), phase, args.states, args.cycles)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
