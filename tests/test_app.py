"""AppTest: every page under several partner filters, the URL round trip, page switching, broken data.

Expectations are computed from the CSVs in data/ (read here with plain pandas, not through the
app's loader or filter code), so an edit of the data does not break these tests, while a page
that ignores the filter or draws the wrong rows does. One AppTest per filter state is reused
across pages (switch_page + run), which keeps the file fast.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import registry

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
DATA = ROOT / "data"
PAGES = tuple(entry.key for entry in registry.PAGES)
STATES = ("none", "RUS", "EU", "West preset", "NOPE")


# ---------------------------------------------------------------- reading the data independently

def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


PARTNERS = csv("partners")
SHORT_NAMES = dict(zip(PARTNERS["code"], PARTNERS["short_name"]))
WEST = tuple(PARTNERS.loc[PARTNERS["camp"] == "West", "code"])


def resolved(codes) -> set[str]:
    """What a selection covers: a country brings its blocs, a bloc its members (see GUIDE / filters)."""
    member_of = {c: [b for b in m.split(";") if b] for c, m in zip(PARTNERS["code"], PARTNERS["member_of"])}
    kinds = dict(zip(PARTNERS["code"], PARTNERS["kind"]))
    out: set[str] = set()
    for code in codes:
        out.add(code)
        if kinds[code] in ("bloc", "alliance"):
            out |= {m for m, blocs in member_of.items() if code in blocs}
        else:
            out |= set(member_of[code])
    return out


EXPECTED_SELECTION = {"none": (), "RUS": ("RUS",), "EU": ("EU",), "West preset": WEST, "NOPE": ()}


# ---------------------------------------------------------------- driving the app

def new_app(partner: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if partner is not None:
        at.query_params["partner"] = list(partner)
    return at


def show(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py")
    return at.run()


def url_partners(at: AppTest) -> list[str]:
    """?partner= after the run; AppTest gives a lone value as str, repeated values as a list."""
    value = at.query_params.get("partner", [])
    values = [value] if isinstance(value, str) else list(value)
    return [v for v in values if v]  # "?partner=" (empty) is the explicit "no filter"


def figures(at: AppTest) -> dict[str, dict]:
    """Plotly figure JSON by widget key (the element id ends with the key: '$$ID-<hash>-<key>')."""
    return {c.proto.id.split("-", 2)[-1]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def points(array) -> list:
    """Values of a trace array; plotly 6+ writes numeric arrays as base64 typed arrays."""
    if array is None:
        return []
    if isinstance(array, dict) and "bdata" in array:
        values = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        return values.tolist()
    return list(array)


def has_data(spec: dict) -> bool:
    return any(points(trace.get("x")) or points(trace.get("y")) for trace in spec["data"])


def plain(markdown: str) -> str:
    """What the reader sees of escape_markdown'd text: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture(scope="module")
def app_in_state():
    """One AppTest per filter state, created on first use and then moved from page to page."""
    apps: dict[str, AppTest] = {}

    def get(state: str) -> AppTest:
        if state not in apps:
            if state in ("none", "West preset"):
                at = new_app().run()
            else:
                at = new_app([state]).run()
            if state == "West preset":
                at.pills(key="partner_preset").set_value("West").run()
            assert not at.exception, at.exception
            apps[state] = at
        return apps[state]

    return get


# ---------------------------------------------------------------- every page x every filter state

@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_under_filter(app_in_state, page, state):
    at = show(app_in_state(state), page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert tuple(at.session_state["partners"]) == EXPECTED_SELECTION[state]
    assert url_partners(at) == list(EXPECTED_SELECTION[state])
    charts = figures(at)
    empty = [key for key, spec in charts.items() if not has_data(spec)]
    assert not empty, f"empty figures on {page}: {empty}"
    if page != "sources":
        assert charts or at.info, f"{page} shows neither a chart nor a no-data note"
    if state == "none" and page != "sources":
        assert charts, f"{page} has no chart without a filter"


def test_west_preset_selects_the_west_and_writes_the_url(app_in_state):
    at = app_in_state("West preset")
    assert at.multiselect(key="partner_select").value == list(WEST)
    assert at.pills(key="partner_preset").value == "West"
    assert url_partners(at) == list(WEST)


# ---------------------------------------------------------------- the charts follow the filter

def trace_names(spec: dict) -> list[str]:
    return [html.unescape(t["name"]).removesuffix(" (derived)") for t in spec["data"]]


@pytest.mark.parametrize("state", ["RUS", "EU"])
def test_trade_shares_follow_filter(app_in_state, state):
    everything = figures(show(app_in_state("none"), "trade"))["chart_trade_shares"]
    chosen = figures(show(app_in_state(state), "trade"))["chart_trade_shares"]
    shares = csv("trade_shares")
    expected = shares[shares["partner"].isin(resolved([state]))]
    assert not expected.empty
    assert sorted(trace_names(chosen)) == sorted({SHORT_NAMES[p] for p in expected["partner"]})
    assert sorted(trace_names(everything)) == sorted({SHORT_NAMES[p] for p in shares["partner"]})
    assert trace_names(chosen) != trace_names(everything)
    for trace in chosen["data"]:
        code = next(p for p in expected["partner"] if SHORT_NAMES[p] == trace_names({"data": [trace]})[0])
        assert points(trace["x"]) == [float(v) for v in expected.loc[expected["partner"] == code, "share"]]


def test_security_exercises_follow_filter(app_in_state):
    exercises = csv("military_exercises")
    for state, codes in (("none", None), ("RUS", resolved(["RUS"]))):
        rows = exercises if codes is None else exercises[exercises["partner"].isin(codes)]
        bars = figures(show(app_in_state(state), "security"))["chart_security_exercises"]["data"]
        assert len(bars) == 1
        assert points(bars[0]["x"]) == [float(v) for v in rows["exercises"]]
        assert [html.unescape(y) for y in points(bars[0]["y"])] == [SHORT_NAMES[p] for p in rows["partner"]]
    assert len(points(bars[0]["x"])) == 1  # under RUS: one bar (Russia's 4)


def test_kosovo_timeline_follows_filter(app_in_state):
    events = csv("timeline").merge(csv("event_partners"), on="event_id")
    codes = resolved(["RUS"])
    expected_rus = events[events["partner"].isin(codes)]

    def count(spec):
        return sum(len(points(t["x"])) for t in spec["data"])

    everything = figures(show(app_in_state("none"), "kosovo"))["chart_kosovo_timeline"]
    rus = figures(show(app_in_state("RUS"), "kosovo"))["chart_kosovo_timeline"]
    assert count(everything) == len(events)
    assert count(rus) == len(expected_rus) < len(events)
    lanes = {html.unescape(lane) for trace in rus["data"] for lane in points(trace["y"])}
    assert lanes == {SHORT_NAMES[p] for p in expected_rus["partner"]}


# ---------------------------------------------------------------- URL: unknown codes, round trip, navigation

def test_unknown_code_warns_and_url_is_rewritten():
    at = new_app(["NOPE", "RUS"]).run()
    assert not at.exception
    assert any("NOPE" in w.value for w in at.sidebar.warning), [w.value for w in at.warning]
    assert at.multiselect(key="partner_select").value == ["RUS"]
    assert url_partners(at) == ["RUS"]


def test_url_round_trip_reproduces_the_view():
    at = new_app().run()
    at.multiselect(key="partner_select").set_value(["CHN", "USA"]).run()
    assert not at.exception
    assert url_partners(at) == ["CHN", "USA"]

    shared = new_app(url_partners(at)).run()
    assert shared.multiselect(key="partner_select").value == ["CHN", "USA"]
    for page in PAGES:
        original, reopened = figures(show(at, page)), figures(show(shared, page))
        assert original == reopened, page
        assert url_partners(shared) == ["CHN", "USA"]


def partner_labels(spec: dict) -> set[str]:
    """Partner names a chart shows: trace names, or the category labels of a one-trace bar chart."""
    traces = spec["data"]
    labels = points(traces[0]["y"]) if len(traces) == 1 and "name" not in traces[0] else [t["name"] for t in traces]
    return {html.unescape(label).removesuffix(" (derived)") for label in labels}


def test_page_switch_keeps_the_filter():
    at = new_app(["RUS"]).run()
    for page, chart in (("security", "chart_security_exercises"), ("kosovo", "chart_kosovo_timeline"),
                        ("trade", "chart_trade_shares")):
        at.query_params.clear()  # a click in the navigation drops the query string
        show(at, page)
        assert not at.exception
        assert at.multiselect(key="partner_select").value == ["RUS"]
        assert url_partners(at) == ["RUS"], "the selection is written back to the URL"
        shown = partner_labels(figures(at)[chart])
        assert shown and shown <= {SHORT_NAMES[c] for c in resolved(["RUS"])}, (page, shown)


def test_selection_made_in_the_sidebar_survives_navigation():
    at = new_app().run()
    at.multiselect(key="partner_select").set_value(["RUS"]).run()
    at.query_params.clear()
    bars = figures(show(at, "security"))["chart_security_exercises"]["data"]
    assert [html.unescape(y) for y in points(bars[0]["y"])] == [SHORT_NAMES["RUS"]]
    assert url_partners(at) == ["RUS"]


# ---------------------------------------------------------------- broken data

def replace_once(path: Path, old: str, new: str) -> int:
    """Edit the first line starting with ``old``; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(old))
    lines[index] = new + lines[index][len(old):]
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def test_broken_exercises_stop_only_the_pages_that_need_them(broken_data_dir):
    line = replace_once(broken_data_dir / "military_exercises.csv", "2019,RUS,4,", "2019,RUS,-4,")
    at = new_app().run()
    for page in PAGES:
        show(at, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.sidebar.error
        errors = [plain(e.value) for e in at.main.error]
        if page in ("overview", "security", "sources"):
            message = next((e for e in errors if "data/military_exercises.csv" in e), None)
            assert message, (page, errors)
            assert f"line {line}" in message and "column 'exercises'" in message
            assert "“-4”" in message and "minimum" in message  # what is wrong
            assert "Column 'exercises' holds" in message  # what the column should hold
            if page != "sources":  # the page itself stops, and says what to do
                assert any("Fix the file and reload" in c.value for c in at.main.caption), page
        else:
            assert not errors, (page, errors)
            charts = figures(at)
            assert charts and all(has_data(spec) for spec in charts.values()), page


def test_broken_partners_show_an_error_and_no_page_crashes(broken_data_dir):
    line = replace_once(broken_data_dir / "partners.csv", "BLR,Belarus,", "RUS,Belarus,")
    at = new_app(["RUS"]).run()
    sidebar = [plain(e.value) for e in at.sidebar.error]
    assert any("data/partners.csv" in e and f"line {line}" in e for e in sidebar), sidebar
    for page in PAGES:
        show(at, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert any("partners.csv" in plain(e.value) for e in at.main.error), page
