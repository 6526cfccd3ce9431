"""One URL for one view: the URL a view cites reproduces it, controls included.

Random states (partners, blocs, as-of and each page's own control: the map's year, the Trade unit,
Kosovo's neighbour) are opened in AppTest; the URL the citation names (components.links, the same
function the downloads use) is then opened in a fresh session and must give the same view state
and the same sections. The host is the one the request named (st.context.url), or the configured
public URL.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from components import links, params, registry
from components.state import ViewState
from tests.examples import examples

PARTNERS = ["RUS", "CHN", "DEU", "EU", "HRV", "WEST", "NATO", "XKX"]
CONTROLS = {  # page -> (control, values a person can pick)
    "neighbourhood": (params.YEAR, ["2004", "2016", "2020"]),
    "trade": (params.TRADE_UNIT, list(params.TRADE_UNITS)),
    "kosovo": (params.NEIGHBOUR, ["Hungary", "Albania", "Croatia"]),
}


def opened(open_page, page: str, query: list[tuple[str, str]]) -> AppTest:
    """The page opened from a link with these (name, value) pairs (a name may repeat)."""
    values = {name: [value for key, value in query if key == name] for name in dict.fromkeys(n for n, _ in query)}
    return open_page(page, again=True, **values)


def shown(at: AppTest) -> list[str]:
    """What is on screen: chart titles and subheadings, in order."""
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    return titles + [s.value for s in at.subheader]


def state_of(at: AppTest) -> ViewState:
    return at.session_state["view_state"]


def cited_query(page: str, state: ViewState) -> list[tuple[str, str]]:
    url = links.view_url(page, state)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == links.DEFAULT_SITE  # AppTest has no request URL
    assert parts.path == "/" + registry.page(page).url_path
    return parse_qsl(parts.query)


@settings(max_examples=examples(6), suppress_health_check=[HealthCheck.too_slow])
@given(page=st.sampled_from(list(CONTROLS)), chosen=st.lists(st.sampled_from(PARTNERS), max_size=3, unique=True),
       blocs=st.booleans(), asof=st.sampled_from(["latest", "2020-06"]), pick=st.integers(min_value=0, max_value=2))
def test_the_cited_url_reproduces_the_view(open_page, page, chosen, blocs, asof, pick):
    control, values = CONTROLS[page]
    query = [("partner", code) for code in chosen] + [("blocs", str(blocs).lower()), ("asof", asof),
                                                       (control.name, values[pick % len(values)])]
    first = opened(open_page, page, query)
    state = state_of(first)
    again = opened(open_page, page, cited_query(page, state))
    assert state_of(again) == state
    assert shown(again) == shown(first)


def test_a_control_is_in_the_citation_and_the_download(open_page):
    at = opened(open_page, "neighbourhood", [("year", "2010"), ("partner", "RUS")])
    state = state_of(at)
    assert state.control("year") == "2010"
    assert links.view_url("neighbourhood", state) == "http://localhost:8501/neighbourhood?partner=RUS&year=2010"
    trade = state_of(opened(open_page, "trade", [("trade_unit", "USD million")]))
    assert links.view_url("trade", trade) == "http://localhost:8501/trade?trade_unit=USD%20million"
    kosovo = state_of(opened(open_page, "kosovo", [("neighbour", "Albania")]))
    assert links.view_url("kosovo", kosovo) == "http://localhost:8501/kosovo?neighbour=Albania"
    # a page's control is not carried to another page's link
    assert links.page_path("trade", state) == "/trade?partner=RUS"


@pytest.mark.parametrize("url, site", [
    ("https://ties.example.org/trade?partner=RUS", "https://ties.example.org"),
    ("https://example.org/dash/neighbourhood?year=2010", "https://example.org/dash"),
    ("http://localhost:8501/", "http://localhost:8501"),
    ("javascript:alert(1)", ""), ("https://a b/", ""), (None, ""),
])
def test_the_host_is_the_one_the_analyst_used(url, site):
    assert links.site_from_request(url) == site


def test_a_configured_public_url_takes_precedence(monkeypatch):
    state = ViewState(site="http://10.0.0.5:8501")
    assert links.view_url("trade", state) == "http://10.0.0.5:8501/trade"
    monkeypatch.setenv(links.PUBLIC_URL_ENV, "https://ties.example.org/")
    assert links.view_url("trade", state) == "https://ties.example.org/trade"
