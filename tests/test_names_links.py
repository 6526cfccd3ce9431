"""Names for the reader, codes in the link (the partner picker), and links that name a section.

The picker (components/widgets.py coded_multiselect, used by components/sidebar.py) shows
"Germany (DEU)" and finds it by "Germ"; the URL keeps ?partner=DEU. Every section of every page
has a stable anchor (components/sections.py anchor_of), and every in-app link the article gives
points at a registered page and an anchor of a section that page draws (components/links.py).
The typing and the same-tab click are tested in a browser: tests/e2e/test_names_links.py.
"""

from __future__ import annotations

import importlib
import re
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from components import countries, glossary, registry
from components.sections import anchor_of, readable, resource_titles, sections
from components.state import ViewState, view_state
from components.views import article as article_view
from tests.test_app import plain, url_values

PARTNERS = pd.read_csv(registry.REPO_ROOT / "data" / "partners.csv", dtype="string", keep_default_na=False)
CHART_PAGES = [entry.key for entry in registry.of_kind("charts")] + ["article"]
ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
# States the anchors must not depend on: none, one partner, the article's date.
STATES = {"none": ViewState(), "CHN": view_state(["CHN"], PARTNERS),
          "RUS-2020": view_state(["RUS"], PARTNERS, asof="2020-06")}


# --- the picker's labels -----------------------------------------------------------------------

def test_label_is_the_name_then_the_code():
    names = countries.names(PARTNERS)
    # partners.csv rows: DEU,Germany / XKX,Kosovo / MKD,North Macedonia / NATO,NATO
    assert countries.label("DEU", names) == "Germany (DEU)"
    assert countries.label("XKX", names) == "Kosovo (XKX)"
    assert countries.label("MKD", names) == "North Macedonia (MKD)"
    assert countries.label("NATO", names) == "NATO"  # a name that is its code is not repeated


def test_the_picker_lists_names_and_selecting_germany_writes_its_code(open_page):
    at = open_page("trade")
    picker = at.multiselect(key="partner_pick")
    assert picker.label == "Partners"
    assert {"Germany (DEU)", "Kosovo (XKX)", "North Macedonia (MKD)", "Serbia (SRB)"} <= set(picker.options)
    assert "DEU" not in picker.options  # the reader sees names, not bare codes
    germany = picker.options.index("Germany (DEU)")
    picker.set_value([picker.options[germany].rsplit("(", 1)[1].rstrip(")")]).run()
    assert not at.exception
    assert at.multiselect(key="partner").value == ["DEU"]  # the bound widget behind the link
    assert url_values(at) == ["DEU"]  # ?partner=DEU, not ?partner=Germany+(DEU)
    assert plain(at.main.caption[0].value) == "Partners: Germany (+ European Union, NATO brought in) · " \
                                              "Data as of: Latest data"


def test_a_link_with_lower_case_codes_in_a_comma_list_is_honoured(open_page):
    at = open_page("trade", partner=["deu,chn"])
    assert at.multiselect(key="partner").value == ["DEU", "CHN"]
    assert at.multiselect(key="partner_pick").value == ["DEU", "CHN"]
    assert not at.sidebar.warning  # nothing was dropped
    assert plain(at.main.caption[0].value).startswith("Partners: Germany, China (+ European Union, NATO")


def test_the_picker_follows_a_preset(open_page):
    at = open_page("trade")
    at.pills(key="partner_preset").set_value("China").run()
    assert at.multiselect(key="partner_pick").value == ["CHN"]
    assert at.multiselect(key="partner").value == ["CHN"]


# --- anchors -----------------------------------------------------------------------------------

def _view(page_key: str, state: ViewState):
    build = importlib.import_module(f"components.views.{page_key}").build
    return getattr(build, "uncached", build)(state)


@pytest.fixture(scope="module")
def page_sections() -> dict[tuple[str, str], list]:
    return {(page, name): sections(_view(page, state)) for page in CHART_PAGES for name, state in STATES.items()}


def test_anchor_of_a_key():
    assert anchor_of("arms_deals") == "arms-deals"
    assert anchor_of("shares") == "shares"
    assert anchor_of("Trade EU27") == "trade-eu27"


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_section_has_a_stable_unique_anchor(page, page_sections):
    per_state = {name: [s.anchor for s in page_sections[(page, name)]] for name in STATES}
    for name, anchors in per_state.items():
        assert anchors, f"{page} has no section"
        assert all(ANCHOR.match(a) for a in anchors), (page, name, anchors)
        assert len(set(anchors)) == len(anchors), f"{page} repeats an anchor under {name}: {anchors}"
    # The same page keeps its anchors whatever the filter or the date: a shared link keeps pointing.
    assert per_state["CHN"] == per_state["none"] and per_state["RUS-2020"] == per_state["none"], page


def _links_of(view) -> list[str]:
    urls = [url for block in view.blocks for url in MD_LINK.findall(block.markdown)]
    for argument in view.arguments:
        urls += [argument.statement_url] + [c.url for c in argument.charts] + [f.url for f in argument.figures]
    return urls


@pytest.mark.parametrize("state_name", list(STATES))
def test_every_in_app_link_points_at_a_page_and_a_section_it_draws(state_name, page_sections):
    state = STATES[state_name]
    by_path = {f"/{entry.url_path}": entry.key for entry in registry.PAGES}
    urls = _links_of(_view("article", state))
    in_app = [url for url in urls if url.startswith("/")]
    assert len(in_app) > 50 and len(in_app) == len(urls)  # the article's links are all in-app
    anchored = 0
    for url in in_app:
        parts = urlsplit(url)
        assert parts.path in by_path, url
        page = by_path[parts.path]
        query = parse_qs(parts.query)
        assert query.get("partner", []) == list(state.chosen), url  # the link keeps the view
        if page == "article":  # a passage of the article: ?p=<paragraph>, checked by the page
            assert not parts.fragment and article_view.anchor_from_query(query.get("p", []))[0], url
            continue
        assert parts.fragment, f"{url}: a link to a chart names its section"
        assert parts.fragment in {s.anchor for s in page_sections[(page, state_name)]}, url
        anchored += 1
    assert anchored > 40


def test_each_article_table_links_to_the_chart_the_page_names():
    # CHART_OF_TABLE, read by hand: military_donors -> the Security page's "donors" chart.
    assert article_view.chart_link("military_donors", ViewState()) == "/security#donors"
    assert article_view.chart_link("trade_shares", STATES["RUS-2020"]) == "/trade?partner=RUS&asof=2020-06#shares"
    assert article_view.chart_link("findings", ViewState()) == "/#scorecard"  # the Overview is the root page


# --- plain words: the glossary, data set titles ------------------------------------------------

def test_glossary_finds_each_term_where_it_is_used_and_nowhere_else():
    assert [t.key for t in glossary.used(["Serbia's exports (FOB)"])] == ["fob-cif"]
    assert [t.key for t in glossary.used(["Arms delivered (SIPRI TIV)", "a mirror, its own exports"])] == \
        ["tiv", "mirror"]
    assert [t.key for t in glossary.used(["UN General Assembly session 74"])] == ["un-session"]
    assert glossary.used(["positive", "Mirrored? no: admirror", "CIFRA", "motive"]) == ()


def test_glossary_entries_have_unique_anchors_on_the_sources_page():
    anchors = [anchor_of(term.section) for term in glossary.TERMS]
    assert len(set(anchors)) == len(anchors) and all(ANCHOR.match(a) for a in anchors)
    assert {t.key for t in glossary.TERMS} == {"tiv", "fob-cif", "mirror", "un-session", "release"}


def test_the_sources_page_lists_the_glossary_and_a_chart_links_to_it(open_page):
    sources = open_page("sources")
    text = [m.value for m in sources.main.markdown]
    for term in glossary.TERMS:
        assert any(plain(t).startswith(f"**{term.term}.** {term.definition[:40]}") for t in text), term.key
    trade = open_page("trade", partner=["CHN"])
    lines = [c.value for c in trade.main.caption if c.value.startswith("Terms used here:")]
    # the Trade page's DOTS chart: "Serbia's exports (FOB)", mirror diamonds (components/views/trade.py)
    assert any("[FOB and CIF](/sources?partner=CHN#glossary-fob-cif)" in line and
               "[Mirror statistic](/sources?partner=CHN#glossary-mirror)" in line for line in lines), lines


def test_a_column_of_data_set_ids_shows_their_titles():
    table = pd.DataFrame({"source_resource": ["imf_dots_serbia_trade", "trade_shares"], "partner": ["EU", "RUS"],
                          "dimension": ["soft_power", "trade"], "who": ["EU", "the EU's own report"]})
    shown = readable(table)
    # datapackage.json "title" of each resource, read by hand
    assert shown["Source resource"].tolist() == [
        "Serbia's trade with the EU, Russia, the EAEU, China and the US (IMF DOTS), 2006–2020",
        "Trade shares, 2019: EU vs Russia and the EAEU"]
    assert shown["Partner"].tolist() == ["European Union", "Russia"]  # partners.csv names
    assert shown["Dimension"].tolist() == ["Soft power", "Trade"]  # scorecard.DIMENSIONS
    assert shown["Who"].tolist() == ["EU", "the EU's own report"]  # a column mixing codes and text is left alone


@pytest.mark.parametrize("page", CHART_PAGES)
def test_no_table_shows_a_data_set_id(page, page_sections):
    ids = set(resource_titles()) | {"soft_power", "diplomacy"}  # data sets, the scorecard's dimension keys
    for section in page_sections[(page, "none")]:
        cells = {str(v) for column in section.readable_table.columns for v in section.readable_table[column]}
        assert not cells & ids, (page, section.key, sorted(cells & ids))
