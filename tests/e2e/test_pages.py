"""Browser tests: every page renders; the partner filter drives charts, URL, navigation, downloads.

Run: python -m pytest tests/e2e -q -m e2e. The pages come from components/registry.py.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from components.registry import PAGES
from components.registry import page as registered_page
from tests.harness import REPO_ROOT

pytestmark = pytest.mark.e2e

PAGES_WITHOUT_CHARTS = {"sources", "article"}  # registry keys: text and tables only
CHART_PAGES = [entry for entry in PAGES if entry.key not in PAGES_WITHOUT_CHARTS]

FILTER_PAGE = registered_page("trade").url_path
OTHER_PAGE = registered_page("security").url_path
# (label shown in the multiselect, code in the URL): the picker shows names with their codes
# (countries.label), the URL keeps the codes.
FIRST_PARTNER = ("China (CHN)", "CHN")
SECOND_PARTNER = ("Russia (RUS)", "RUS")
UTF8_BOM = b"\xef\xbb\xbf"
CHANGE_TIMEOUT_MS = 15_000

# What the charts show, as one string: text drawn in every Plotly SVG plus the number of
# drawn marks (bars, points, traces, legend entries) per chart.
CHART_SIGNATURE_JS = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
  .map(chart => Array.from(chart.querySelectorAll('.main-svg')).map(svg => svg.textContent).join('|')
    + '#' + chart.querySelectorAll('.point, .trace, .legendtext, .slice').length)
  .join('\\n')"""


# ---------------------------------------------------------------------------- page helpers


def partner_input(page):
    return page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Partners")


def partner_multiselect(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.get_by_role("combobox", name="Partners")
    )


def selected_tags(page):
    return partner_multiselect(page).locator("[data-tag] span[title]")


def choose_partner(page, name: str) -> None:
    box = partner_input(page)
    box.click()
    box.press_sequentially(name)
    page.get_by_role("option", name=name, exact=True).click()
    box.press("Escape")


def clear_partners(page) -> None:
    if selected_tags(page).count():
        partner_multiselect(page).get_by_role("button", name="Clear all").click()
        expect(selected_tags(page)).to_have_count(0)


def url_partners(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("partner", [])


def partners_url_pattern(codes: list[str]) -> re.Pattern:
    """URL whose partner parameters are exactly `codes`, in this order."""
    params = "&".join(f"partner={code}" for code in codes)
    return re.compile(rf"[?&]{re.escape(params)}(&(?!partner=)|#|$)")


def chart_signature(page) -> str:
    return page.evaluate(CHART_SIGNATURE_JS)


def wait_signature_change(page, old: str) -> None:
    page.wait_for_function(
        f"old => ({CHART_SIGNATURE_JS})() !== old", arg=old, timeout=CHANGE_TIMEOUT_MS
    )


def expect_signature(page, expected: str) -> None:
    """Poll until the charts show `expected`; on timeout fail with both signatures."""
    try:
        page.wait_for_function(
            f"want => ({CHART_SIGNATURE_JS})() === want", arg=expected, timeout=CHANGE_TIMEOUT_MS
        )
    except Exception:
        assert chart_signature(page) == expected


def open_expanders(page) -> None:
    """Open every collapsed expander: downloads sit in one under each chart, and a
    collapsed expander's content may not be rendered at all."""
    expanders = page.locator('[data-testid="stExpander"] details')
    for index in range(expanders.count()):
        details = expanders.nth(index)
        if details.get_attribute("open") is None:
            details.locator("summary").first.click()
            expect(details).to_have_attribute("open", re.compile(".*"))


def assert_no_exception(page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def allowed_partner_codes(selected: set[str]) -> set[str]:
    """The selection, the blocs its countries belong to and the members of selected blocs."""
    data_dir = Path(os.environ.get("DASHBOARD_DATA_DIR", REPO_ROOT / "data"))
    allowed = set(selected)
    partners_csv = data_dir / "partners.csv"
    if not partners_csv.is_file():
        return allowed
    with open(partners_csv, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            blocs = {bloc for bloc in (row.get("member_of") or "").split(";") if bloc}
            if row["code"] in selected:
                allowed |= blocs
                allowed.add(f"camp:{row['camp']}")  # a camp's total row (Did it hold?) concerns its members
            if blocs & selected:
                allowed.add(row["code"])
    return allowed


# ---------------------------------------------------------------------------- tests


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.key)
def test_page_renders_offline_without_errors(app_url, page_and_errors, wait_ready, screenshot, entry):
    """Each page once: no exception, a chart where one belongs, no console error, and every
    request goes to the app's own server (the dashboard must work offline)."""
    page, errors = page_and_errors
    page.goto(f"{app_url}/{entry.url_path}")
    wait_ready(page)

    assert_no_exception(page)
    if entry.key not in PAGES_WITHOUT_CHARTS:
        assert page.locator('[data-testid="stPlotlyChart"]').count() >= 1, "page has no Plotly chart"
    screenshot(page, entry.key)
    assert errors.unexpected(page) == []
    assert sorted(set(errors.external_requests)) == []


def test_filter_drives_url_share_navigation_and_back(app_url, new_page, wait_ready):
    page, errors = new_page()
    page.goto(f"{app_url}/{FILTER_PAGE}")
    wait_ready(page)
    unfiltered = chart_signature(page)

    # Choosing a partner puts it in the URL and changes what the charts show.
    clear_partners(page)
    choose_partner(page, FIRST_PARTNER[0])
    expect(page).to_have_url(partners_url_pattern([FIRST_PARTNER[1]]))
    expect(selected_tags(page)).to_have_text([FIRST_PARTNER[0]])
    wait_signature_change(page, unfiltered)
    wait_ready(page)
    filtered = chart_signature(page)
    assert filtered != unfiltered
    shared_url = page.url

    # The URL alone reproduces the view in a fresh browser context.
    other, other_errors = new_page()
    other.goto(shared_url)
    wait_ready(other)
    expect(selected_tags(other)).to_have_text([FIRST_PARTNER[0]])
    expect_signature(other, filtered)
    assert_no_exception(other)
    assert other_errors.unexpected(other) == []

    # Clicking another page in the sidebar keeps the selection in URL and widget.
    page.locator(f'[data-testid="stSidebarNavLink"][href$="/{OTHER_PAGE}"]').click()
    expect(page).to_have_url(re.compile(rf"/{re.escape(OTHER_PAGE)}\?"))
    expect(page).to_have_url(partners_url_pattern([FIRST_PARTNER[1]]))
    wait_ready(page)
    expect(selected_tags(page)).to_have_text([FIRST_PARTNER[0]])
    assert_no_exception(page)
    before_second = chart_signature(page)

    # A second partner, then Back: the previous selection comes back.
    choose_partner(page, SECOND_PARTNER[0])
    expect(page).to_have_url(partners_url_pattern([FIRST_PARTNER[1], SECOND_PARTNER[1]]))
    expect(selected_tags(page)).to_have_text([FIRST_PARTNER[0], SECOND_PARTNER[0]])
    wait_ready(page)

    page.go_back()
    expect(page).to_have_url(partners_url_pattern([FIRST_PARTNER[1]]))
    expect(selected_tags(page)).to_have_text([FIRST_PARTNER[0]])
    wait_ready(page)
    assert url_partners(page.url) == [FIRST_PARTNER[1]]
    if urlsplit(page.url).path.rstrip("/").endswith(OTHER_PAGE):
        expect_signature(page, before_second)
    assert_no_exception(page)
    assert errors.unexpected(page) == []


@pytest.mark.parametrize("entry", CHART_PAGES, ids=lambda entry: entry.key)
def test_downloads_hold_the_filtered_rows(app_url, page_and_errors, wait_ready, entry):
    page, errors = page_and_errors
    selection = [FIRST_PARTNER, SECOND_PARTNER]
    query = "&".join(f"partner={code}" for _, code in selection)
    page.goto(f"{app_url}/{entry.url_path}?{query}")
    wait_ready(page)
    expect(selected_tags(page)).to_have_text([name for name, _ in selection])

    open_expanders(page)
    buttons = page.locator('[data-testid="stDownloadButton"]').filter(has_text="Download CSV")
    count = buttons.count()
    assert count >= 1, "no 'Download CSV' button on the page"
    allowed = allowed_partner_codes({code for _, code in selection})
    for index in range(count):
        button = buttons.nth(index).locator("button, a").first
        expect(button).to_be_visible()
        with page.expect_download() as download_info:
            button.click()
        download = download_info.value
        raw = Path(download.path()).read_bytes()
        label = f"download {index} ({download.suggested_filename})"
        assert raw.startswith(UTF8_BOM), f"{label} has no UTF-8 BOM"
        text = raw.decode("utf-8-sig")
        header = [line for line in text.splitlines() if line.startswith("# ")]
        assert any(line.startswith("# Source:") for line in header), f"{label} does not name its source"
        assert any(line.startswith("# View: ") and f"partner={FIRST_PARTNER[1]}" in line for line in header), \
            f"{label} does not carry the view's URL"
        body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
        reader = csv.DictReader(io.StringIO(body))
        rows = list(reader)
        if "partner" not in (reader.fieldnames or []) or "highlighted" not in (reader.fieldnames or []):
            continue  # a table without partners (e.g. flows of one lender) has nothing to highlight
        # Context rows stay (faded); the rows marked highlighted are the selection's. A row about
        # several partners lists them all ("RUS;UKR"): one of them must be selected.
        marked = [row for row in rows if row["highlighted"] == "True"]
        outside = sorted(row["partner"] for row in marked if not set(row["partner"].split(";")) & allowed)
        assert not outside, f"{label} highlights partners {outside} outside the selection {sorted(allowed)}"
        wait_ready(page)
    assert_no_exception(page)
    assert errors.unexpected(page) == []


def test_back_returns_to_the_unfiltered_view(app_url, new_page, wait_ready):
    page, errors = new_page()
    page.goto(f"{app_url}/{FILTER_PAGE}")
    wait_ready(page)
    expect(selected_tags(page)).to_have_count(0)
    unfiltered = chart_signature(page)

    choose_partner(page, FIRST_PARTNER[0])
    expect(page).to_have_url(partners_url_pattern([FIRST_PARTNER[1]]))
    wait_signature_change(page, unfiltered)
    wait_ready(page)

    page.go_back()
    expect(selected_tags(page)).to_have_count(0)
    wait_ready(page)
    assert [code for code in url_partners(page.url) if code] == []
    expect_signature(page, unfiltered)
    assert_no_exception(page)
    assert errors.unexpected(page) == []


# ---------------------------------------------------------------------------- phone and embed

PHONE = {"width": 390, "height": 844}
# Every text element of every Plotly chart, with the chart's own box: a title, label, legend entry
# or footer that runs past the chart's edge is clipped on screen and in a PNG export.
CLIPPED_TEXT_JS = """() => {
  const out = [];
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')) {
    const box = chart.getBoundingClientRect();
    for (const text of chart.querySelectorAll('.main-svg text, .main-svg .legendtext')) {
      const r = text.getBoundingClientRect();
      if (r.width === 0 || !text.textContent.trim()) continue;
      if (r.left < box.left - 2 || r.right > box.right + 2) out.push(text.textContent.slice(0, 60));
    }
  }
  return out;
}"""
OVERFLOW_JS = """() => { const main = document.querySelector('[data-testid="stMain"]');
  return main.scrollWidth - main.clientWidth; }"""


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.key)
def test_phone_width_clips_nothing_and_states_the_view(app_url, browser, wait_ready, screenshot, entry):
    """At 390 px: no chart text runs past its chart, the page does not scroll sideways, and the
    line stating the filter is in the page body (the sidebar is collapsed on a phone)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{app_url}/{entry.url_path}?partner={SECOND_PARTNER[1]}")
        wait_ready(page)
        assert_no_exception(page)
        page.wait_for_timeout(500)  # let Plotly finish laying out text
        assert page.evaluate(CLIPPED_TEXT_JS) == []
        assert page.evaluate(OVERFLOW_JS) <= 1, "the page scrolls sideways at 390 px"
        expect(page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').filter(
            has_text="Partners: Russia").first).to_be_visible()
        screenshot(page, f"{entry.key}_390")
    finally:
        context.close()


def test_embed_hides_the_sidebar_and_still_states_the_view(app_url, browser, wait_ready):
    for viewport in (PHONE, {"width": 1400, "height": 900}):
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.goto(f"{app_url}/{OTHER_PAGE}?embed=true&partner={SECOND_PARTNER[1]}&asof=2020-06")
            wait_ready(page)
            expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
            expect(page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').filter(
                has_text="Partners: Russia").first).to_contain_text("June 2020")
        finally:
            context.close()
