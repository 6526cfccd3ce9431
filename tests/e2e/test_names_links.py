"""Browser tests: the partner picker finds a partner by name while the URL keeps its code, and an
article figure link switches page in the same tab and session and scrolls to the chart it names.

Run: python -m pytest tests/e2e/test_names_links.py -q -m e2e.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from components.registry import page as registered_page
from tests.e2e.test_pages import partner_input, partners_url_pattern, selected_tags

pytestmark = pytest.mark.e2e

ARTICLE = registered_page("article").url_path
TRADE = registered_page("trade").url_path


def test_typing_germ_finds_germany_and_the_url_keeps_the_code(app_url, new_page, wait_ready):
    page, errors = new_page()
    page.goto(f"{app_url}/{TRADE}")
    wait_ready(page)
    box = partner_input(page)
    box.click()
    box.press_sequentially("Germ")
    options = page.get_by_role("option")
    expect(options).to_have_text(["Germany (DEU)"])  # one match: "contains", and no "Select all"
    options.first.click()
    box.press("Escape")
    expect(page).to_have_url(partners_url_pattern(["DEU"]))  # ?partner=DEU, never the label
    expect(selected_tags(page)).to_have_text(["Germany (DEU)"])
    box.click()
    box.press_sequentially("Ser")
    expect(page.get_by_role("option")).to_have_text(["Serbia (SRB)"])
    box.press("Escape")
    assert errors.unexpected(page) == []


def test_a_lower_case_comma_list_in_the_link_is_read_as_codes(app_url, new_page, wait_ready):
    page, _ = new_page()
    page.goto(f"{app_url}/{TRADE}?partner=deu,chn")
    wait_ready(page)
    expect(selected_tags(page)).to_have_text(["Germany (DEU)", "China (CHN)"])
    expect(page.locator("[data-testid=stMain] [data-testid=stCaptionContainer]").first).to_contain_text(
        "Partners: Germany, China")


def test_an_article_figure_link_stays_in_the_tab_and_shows_its_chart(app_url, new_page, wait_ready):
    page, errors = new_page()
    page.goto(f"{app_url}/{ARTICLE}?partner=CHN")
    wait_ready(page)
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    # seed lines 109-110: "composed 62% of Serbia's total trade", linked to the Trade page's shares chart
    link = page.locator('[data-testid="stMarkdownContainer"] a', has_text=re.compile(r"^62%$")).first
    expect(link).to_have_attribute("href", "/trade?partner=CHN#shares")
    link.click()
    expect(page).to_have_url(re.compile(r"/trade\?partner=CHN#shares$"))
    wait_ready(page)
    assert len(page.context.pages) == 1  # no new tab
    assert sockets == []  # the same session: no new connection to the server
    target = page.locator(".st-key-section-shares")
    expect(target).to_be_in_viewport()
    expect(target.locator('[data-testid="stPlotlyChart"]')).to_be_in_viewport()
    top = target.bounding_box()["y"]
    assert 0 <= top < page.viewport_size["height"] / 2, top  # scrolled to the chart, not merely near it
    expect(selected_tags(page)).to_have_text(["China (CHN)"])  # the filter came along
    # Back returns to the article, still in this tab.
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/{ARTICLE}\?partner=CHN$"))
    assert len(page.context.pages) == 1
    assert errors.unexpected(page) == []


def test_a_shared_link_with_an_anchor_opens_at_the_chart(app_url, new_page, wait_ready):
    page, _ = new_page()
    page.goto(f"{app_url}/{registered_page('security').url_path}#donors")
    wait_ready(page)
    target = page.locator(".st-key-section-donors")
    expect(target).to_be_in_viewport()
    assert 0 <= target.bounding_box()["y"] < page.viewport_size["height"] / 2


def test_a_glossary_link_opens_the_entry_in_the_same_tab(app_url, new_page, wait_ready):
    page, errors = new_page()
    page.goto(f"{app_url}/{TRADE}?partner=CHN")
    wait_ready(page)
    link = page.locator('[data-testid="stCaptionContainer"] a', has_text="Mirror statistic").first
    expect(link).to_have_attribute("href", "/sources?partner=CHN#glossary-mirror")
    link.click()
    expect(page).to_have_url(re.compile(r"/sources\?partner=CHN#glossary-mirror$"))
    wait_ready(page)
    assert len(page.context.pages) == 1
    entry = page.locator(".st-key-section-glossary-mirror")
    expect(entry).to_be_in_viewport()
    expect(entry).to_contain_text("Mirror statistic. The partner's own report of the same trade")
    assert errors.unexpected(page) == []


def test_the_region_picker_finds_a_neighbour_by_name(app_url, new_page, wait_ready):
    page, _ = new_page()
    page.goto(f"{app_url}/{registered_page('region').url_path}?compare=HRV")
    wait_ready(page)
    picker = page.locator('[data-testid="stMain"]').get_by_role("combobox", name="Neighbours compared with Serbia")
    picker.click()
    picker.press_sequentially("Alba")
    expect(page.get_by_role("option")).to_have_text(["Albania (ALB)"])
    page.get_by_role("option").first.click()
    picker.press("Escape")
    expect(page).to_have_url(re.compile(r"[?&]compare=HRV&compare=ALB(&|#|$)"))
