"""AppTest: every registered page under every filter state, the URL round trip, the caption that
states the view, chart data against the CSVs, and broken data.

Expectations are read from the CSVs in data/ with plain pandas (not through the app's loader,
filters or views), or typed by hand from them, so a page that ignores the filter or draws the
wrong rows fails. One AppTest per filter state is reused across pages (switch_page + run).
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

from components.registry import PAGES
from components.registry import page as page_entry
from tests.apptest import show

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PAGE_KEYS = [page.key for page in PAGES]
NOTICE = "Unknown partner codes in the link were ignored"


# ---------------------------------------------------------------- reading the data independently

def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


PARTNERS = csv("partners")
SHORT_NAMES = dict(zip(PARTNERS["code"], PARTNERS["short_name"]))

# The URL of each filter state, and what the app must make of it: the bound widgets' values and
# the caption under every page title (typed by hand from partners.csv: names, member_of, camp).
STATES = {
    "none": ({}, [], "Partners: all partners · Data as of: Latest data"),
    "RUS": ({"partner": ["RUS"]}, ["RUS"],
            "Partners: Russia (+ Eurasian Economic Union, Collective Security Treaty Organization brought in)"
            " · Data as of: Latest data"),
    "EU": ({"partner": ["EU"]}, ["EU"],
           "Partners: European Union (+ Denmark, France, Germany, Italy, Hungary, Poland and 7 more brought in)"
           " · Data as of: Latest data"),
    "DEU": ({"partner": ["DEU"]}, ["DEU"],
            "Partners: Germany (+ European Union, NATO brought in) · Data as of: Latest data"),
    "WEST": ({"partner": ["WEST"]}, ["WEST"],
             "Partners: The West (in general) (+ United States, European Union, NATO, United Kingdom, Norway, "
             "Denmark and 16 more brought in) · Data as of: Latest data"),
    "DEU-noblocs": ({"partner": ["DEU"], "blocs": "false"}, ["DEU"], "Partners: Germany · Data as of: Latest data"),
    "CHN-asof": ({"partner": ["CHN"], "asof": "2020-06"}, ["CHN"],
                 "Partners: China · Data as of: June 2020 (the article)"),
    "NOPE": ({"partner": ["NOPE"]}, [], "Partners: all partners · Data as of: Latest data"),
}
# Selections written out by hand from partners.csv, for the chart-data tests.
SELECTION = {"RUS": {"RUS", "EAEU", "CSTO"}, "DEU": {"DEU", "EU", "NATO"}, "DEU-noblocs": {"DEU"},
             "EU": {"EU", "DNK", "FRA", "DEU", "ITA", "HUN", "POL", "ROU", "BGR", "SVN", "CYP", "BEL", "ESP"},
             "CHN-asof": {"CHN"}}


# ---------------------------------------------------------------- driving the app

def url_values(at: AppTest, key: str = "partner") -> list[str]:
    """A query parameter after the run; AppTest gives a lone value as str, repeated values as a list."""
    value = at.query_params.get(key, [])
    return [v for v in ([value] if isinstance(value, str) else list(value)) if v]


def figures(at: AppTest) -> dict[str, dict]:
    """Plotly figure JSON by widget key (the element id ends with the key: '$$ID-<hash>-<key>')."""
    return {c.proto.id.split("-", 2)[-1]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def points(array) -> list:
    """Values of a trace array; plotly 6+ writes numeric arrays as base64 typed arrays."""
    if array is None:
        return []
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


DATA_KEYS = ("x", "y", "z", "lat", "lon", "locations")  # a map's data is in locations/z or lat/lon


def has_data(spec: dict) -> bool:
    """Some trace draws data. Legend-only traces (the map's status keys: no data on purpose, see
    components/maps.py) do not count."""
    return any(points(trace.get(key)) for trace in spec["data"] for key in DATA_KEYS)


def opacity(trace: dict) -> list[float]:
    """Per-point marker opacity of a bar or marker trace (1.0 each when not set)."""
    value = trace.get("marker", {}).get("opacity", 1.0)
    return [float(v) for v in points(value)] if isinstance(value, (list, dict)) else [float(value)] * len(
        points(trace.get("x")) or points(trace.get("y")))


def plain(markdown: str) -> str:
    """What the reader sees of escape_markdown'd text: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def label(text: str) -> str:
    """A trace or axis label as read: entities unescaped, the wrap for phones undone."""
    return html.unescape(text).replace("<br>", " ").removesuffix(" (derived)")


FADED = 0.35  # components/theme.py CONTEXT_OPACITY: partners kept for comparison, not chosen
# The seed's first words (seeds/000_906fed83d2838f2b.txt, line 1) and a heading (line 27).
ARTICLE_OPENING = "As the coronavirus (COVID-19) pandemic"
ARTICLE_HEADING = "Russia Gives but Does Not Get"


@pytest.fixture(scope="module")
def app_in_state(open_page):
    """One AppTest per filter state, created on first use and then moved from page to page."""
    apps: dict[str, AppTest] = {}

    def get(state: str) -> AppTest:
        if state not in apps:
            at = open_page(**STATES[state][0])
            apps[state] = at
        return apps[state]

    return get


# ---------------------------------------------------------------- every page x every filter state

@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("page", PAGE_KEYS)
def test_page_renders_and_states_the_view(app_in_state, page, state):
    at = show(app_in_state(state), page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    params, chosen, caption = STATES[state]
    assert at.multiselect(key="partner").value == chosen
    assert url_values(at) == chosen
    assert at.toggle(key="blocs").value is (params.get("blocs") != "false")
    assert at.radio(key="asof").value == params.get("asof", "latest")
    assert plain(at.main.caption[0].value) == caption  # the line under the page title
    charts = figures(at)
    assert all(has_data(spec) for spec in charts.values()), f"empty figure on {page}"
    kind = page_entry(page).kind
    if kind == "article":  # the article itself is on the page, under every filter
        text = [plain(m.value) for m in at.main.markdown]
        assert any(t.startswith(ARTICLE_OPENING) for t in text), text[:3]
        assert f"### {ARTICLE_HEADING}" in text
    elif kind == "charts":
        assert charts or at.info, f"{page} shows neither a chart nor a no-data note"
        if state == "none":
            assert charts, f"{page} has no chart without a filter"


def test_every_page_script_is_registered():
    assert {p.name for p in (ROOT / "app_pages").glob("*.py")} == {f"{key}.py" for key in PAGE_KEYS}


# ---------------------------------------------------------------- URL round trip and notices

def test_url_keeps_known_codes_drops_unknown_and_says_so(open_page):
    at = open_page(partner=["RUS", "CHN", "NOPE"])
    assert not at.exception
    assert at.multiselect(key="partner").value == ["RUS", "CHN"]
    assert url_values(at) == ["RUS", "CHN"]
    warnings = [w.value for w in at.sidebar.warning]
    assert warnings == [f"{NOTICE}: `NOPE`"], warnings
    assert plain(at.main.caption[0].value).startswith("Partners: Russia, China (+ Eurasian Economic Union")


def test_a_shared_link_reproduces_the_view(open_page):
    """Choosing by hand and opening ?partner=CHN&partner=USA&blocs=false give the same charts.
    (A widget change rewrites the URL in the browser, which AppTest does not run: tests/e2e.)"""
    at = open_page()
    at.multiselect(key="partner").set_value(["CHN", "USA"]).run()
    at.toggle(key="blocs").set_value(False).run()
    assert not at.exception
    shared = open_page(partner=["CHN", "USA"], blocs="false")
    assert url_values(shared) == ["CHN", "USA"] and url_values(shared, "blocs") == ["false"]
    assert shared.multiselect(key="partner").value == ["CHN", "USA"]
    assert shared.toggle(key="blocs").value is False
    for page in ("overview", "security", "kosovo"):
        assert figures(show(at, page)) == figures(show(shared, page)), page


def test_the_west_preset_selects_west_and_writes_the_url(open_page):
    at = open_page()
    at.pills(key="partner_preset").set_value("West").run()
    assert at.multiselect(key="partner").value == ["WEST"]
    assert plain(at.main.caption[0].value).startswith("Partners: The West (in general) (+ United States")


def test_choosing_by_hand_clears_the_notice_and_the_preset(open_page):
    at = open_page(partner=["NOPE"])
    assert at.sidebar.warning
    at.multiselect(key="partner").set_value(["RUS"]).run()
    assert not at.sidebar.warning
    assert at.pills(key="partner_preset").value is None


def test_the_filter_survives_navigation_without_query_params(open_page):
    at = open_page(partner=["RUS"])
    at.query_params.clear()  # a click in the navigation keeps only bound params; the widget keeps its value
    bars = figures(show(at, "security"))["chart_exercises"]["data"]
    # military_exercises.csv: NATO 13, Russia 4; Russia still chosen (full), NATO kept faded
    assert [label(y) for y in points(bars[0]["y"])] == ["NATO", "Russia"]
    assert opacity(bars[0]) == [FADED, 1.0]


# ---------------------------------------------------------------- the charts follow the filter

@pytest.mark.parametrize("state", ["none", "RUS", "EU", "DEU"])
def test_trade_shares_keep_every_bloc_and_highlight_the_chosen(app_in_state, state):
    """Every row of trade_shares.csv is drawn under any filter (the comparison gives the chart its
    meaning); the partners of the selection in full, the others faded."""
    chart = figures(show(app_in_state(state), "trade"))["chart_shares"]
    shares = csv("trade_shares")
    drawn = {label(t["name"]): [float(v) for v in points(t["x"])] for t in chart["data"]}
    assert drawn == {SHORT_NAMES[code]: [float(v) for v in rows["share"]]
                     for code, rows in shares.groupby("partner", sort=False)}
    chosen = set(shares["partner"]) if state == "none" else SELECTION[state]
    faded = {label(t["name"]): opacity(t) for t in chart["data"]}
    assert faded == {SHORT_NAMES[code]: [1.0 if code in chosen else FADED] * 3 for code in shares["partner"].unique()}


def test_trade_shares_by_hand(open_page):
    """Golden values from data/trade_shares.csv (endnote 22): EU 62/66.3/58.2, EAEU 8/5.4/9.4,
    the rest 30/28.3/32.4 (derived). Under Russia the EAEU bar is full, the others faded."""
    at = open_page(partner=["RUS"])
    traces = figures(show(at, "trade"))["chart_shares"]["data"]
    assert [(label(t["name"]), points(t["x"]), opacity(t)) for t in traces] == [
        ("EU", [62.0, 66.3, 58.2], [FADED] * 3), ("Russia & EAEU", [8.0, 5.4, 9.4], [1.0] * 3),
        ("Rest of world", [30.0, 28.3, 32.4], [FADED] * 3)]
    assert any(plain(c.value).endswith("Highlighted: Russia & EAEU. Shown faded, for comparison: EU and Rest of world.")
               for c in at.main.caption)


@pytest.mark.parametrize("state, full", [("none", [1.0, 1.0]), ("RUS", [FADED, 1.0]), ("DEU", [1.0, FADED]),
                                         ("DEU-noblocs", [FADED, FADED])])
def test_security_exercises_highlight_the_filter(app_in_state, state, full):
    # data/military_exercises.csv: 2019 NATO 13, RUS 4 (endnote 27): both bars under every filter,
    # the chosen one full (Germany brings in NATO; without blocs, neither is chosen).
    (trace,) = figures(show(app_in_state(state), "security"))["chart_exercises"]["data"]
    assert list(zip([label(y) for y in points(trace["y"])], points(trace["x"]))) == [("NATO", 13.0), ("Russia", 4.0)]
    assert opacity(trace) == full


def test_security_without_blocs_says_germany_has_no_exercises(app_in_state):
    at = show(app_in_state("DEU-noblocs"), "security")
    assert ("None of the partners selected appears in this chart; the article's figures for NATO and Russia "
            "are shown for reference.") in [plain(c.value) for c in at.main.caption]


def timeline_points(at: AppTest) -> list[tuple[str, float]]:
    """(lane name, opacity) of each point of the Kosovo timeline: lanes are numbered on the y axis."""
    chart = figures(at)["chart_timeline"]
    (trace,) = chart["data"]
    axis = chart["layout"]["yaxis"]
    lane = {value: label(text) for value, text in zip(axis["tickvals"], axis["ticktext"])}
    # events on the same day in one lane are nudged up by 0.22 per event
    return [(lane[max(v for v in lane if v <= y + 1e-9)], o) for y, o in zip(points(trace["y"]), opacity(trace))]


@pytest.mark.parametrize("state", ["none", "RUS", "EU"])
def test_kosovo_timeline_highlights_the_filter(app_in_state, state):
    events = csv("timeline").merge(csv("event_partners"), on="event_id")
    drawn = timeline_points(show(app_in_state(state), "kosovo"))
    assert sorted(name for name, _ in drawn) == sorted(SHORT_NAMES[p] for p in events["partner"])  # every row
    chosen = events["partner"] if state == "none" else events.loc[events["partner"].isin(SELECTION[state]), "partner"]
    assert sorted(name for name, o in drawn if o == 1.0) == sorted(SHORT_NAMES[p] for p in chosen)
    assert all(o == FADED for name, o in drawn if o != 1.0)


def test_kosovo_timeline_counts_by_hand(app_in_state):
    # event_partners.csv: 45 rows for the 30 events of timeline.csv; 21 rows under Russia (20 RUS +
    # eaeu_fta/EAEU); eaeu_fta also lists RUS, so Russia and its blocs are in 20 of the 30 events.
    at = show(app_in_state("none"), "kosovo")
    assert [o for _, o in timeline_points(at)] == [1.0] * 45
    at = show(app_in_state("RUS"), "kosovo")
    drawn = timeline_points(at)
    assert len(drawn) == 45 and sum(o == 1.0 for _, o in drawn) == 21
    title = figures(at)["chart_timeline"]["layout"]["title"]["text"]
    assert label(title) == "Russia (with its blocs): involved in 20 of the 30 dated events, 2008–2020"


@pytest.mark.parametrize("state", ["none", "CHN-asof"])
def test_china_aiddata_sums_serbias_rows(app_in_state, state):
    gcdf = pd.read_csv(DATA / "external" / "gw_gcdf.csv")
    serbia = gcdf[gcdf["gwcode"] == 340]  # Gleditsch-Ward code of Serbia
    if state == "CHN-asof":  # as of June 2020: the years GCDF 1.0 (October 2017) covered, 2000–2014
        serbia = serbia[serbia["year"] <= 2014]
    chart = figures(show(app_in_state(state), "china"))["chart_aiddata"]
    drawn = {label(t["name"]): sum(points(t["y"])) for t in chart["data"]}
    # AidData's flow classes, named as components/record_aiddata.py FLOW_CLASSES and its SOURCE.md
    expected = {"OOF-like": serbia["oof_amt"].sum() / 1e6, "ODA-like": serbia["oda_amt"].sum() / 1e6,
                "Vague (official finance)": serbia["vof_amt"].sum() / 1e6}
    assert drawn == pytest.approx(expected)
    # USD million, summed by hand: all years 5200; 2001–2014 only (awk over gw_gcdf.csv, gwcode 340): 1676
    assert round(drawn["OOF-like"]) == (1676 if state == "CHN-asof" else 5200)


def test_china_page_under_russia_keeps_china_faded_and_says_so(app_in_state):
    """China is not in Russia's selection: its figures stay, all faded, and each section says so."""
    at = show(app_in_state("RUS"), "china")
    charts = figures(at)
    assert set(charts) == {"chart_finance", "chart_aiddata"}
    (finance,) = charts["chart_finance"]["data"]
    assert points(finance["x"]) == [4.0, 5.0] and opacity(finance) == [FADED, FADED]  # chinese_finance.csv, endnote 67
    assert all(set(opacity(t)) == {FADED} for t in charts["chart_aiddata"]["data"])
    notes = [plain(c.value) for c in at.main.caption]
    said = "None of the partners selected appears in this chart; the article's figures for China are shown for reference."
    assert sum(said in note for note in notes) == 3, notes  # finance, AidData, findings


def test_soft_power_leaders_under_china(app_in_state):
    # soft_power.csv: foreign_leader_popularity_rank CHN Xi Jinping 2 (endnote 39)
    # and RUS Vladimir Putin 1, kept for comparison, faded
    chart = figures(show(app_in_state("CHN-asof"), "soft_power"))["chart_leaders"]
    named = next(t for t in chart["data"] if t["name"] == "Named")
    assert points(named["y"]) == [1, 2] and [label(t) for t in named["text"]] == ["Vladimir Putin", "Xi Jinping"]
    assert opacity(named) == [FADED, 1.0]


# ---------------------------------------------------------------- broken data

def replace_once(path: Path, old: str, new: str) -> int:
    """Edit the first line starting with ``old``; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(old))
    lines[index] = new + lines[index][len(old):]
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


# The pages whose views load military_exercises (the article page links its figures to the charts).
NEED_EXERCISES = {"overview", "article", "security", "sources"}


def test_broken_exercises_stop_only_the_pages_that_need_them(open_page, broken_data_dir):
    line = replace_once(broken_data_dir / "military_exercises.csv", "2019,RUS,4,", "2019,RUS,-4,")
    at = open_page()
    for page in PAGE_KEYS:
        show(at, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.sidebar.error
        errors = [plain(e.value) for e in at.main.error]
        if page in NEED_EXERCISES:
            message = next((e for e in errors if "data/military_exercises.csv" in e), None)
            assert message, (page, errors)
            assert f"line {line}" in message and "column 'exercises'" in message
            assert "“-4”" in message and "minimum" in message  # what is wrong
            if page_entry(page).kind != "sources":  # the page itself stops, and says what to do (sources lists the rest)
                assert any("Fix the file and reload" in c.value for c in at.main.caption), page
        else:
            assert not errors, (page, errors)
            charts = figures(at)
            assert charts and all(has_data(spec) for spec in charts.values()), page


def test_broken_partners_show_an_error_and_no_page_crashes(open_page, broken_data_dir):
    line = replace_once(broken_data_dir / "partners.csv", "BLR,Belarus,", "RUS,Belarus,")
    at = open_page(partner=["RUS"])
    sidebar = [plain(e.value) for e in at.sidebar.error]
    assert any("data/partners.csv" in e and f"line {line}" in e for e in sidebar), sidebar
    for page in PAGE_KEYS:
        show(at, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert any("partners.csv" in plain(e.value) for e in at.main.error), page
