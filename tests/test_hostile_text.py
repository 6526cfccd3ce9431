"""Text from data files or URLs is shown as text: never live HTML, never a Markdown link that runs script.

A private copy of data/ gets markup and script in cells the pages display (a finding, two partner
short names, an event, a soft-power label and person, the table titles in datapackage.json); the quote
columns stay verbatim so the loader still accepts the files.
Every page then runs from that copy, and each place text can be rendered is checked:

* Markdown (st.markdown, captions, headings, alerts, metrics, expander labels, st.table cells): the hostile
  text must be visible (after removing backslash escapes) but contain no unescaped ``<script``
  or ``<img`` and no ``](javascript:`` that Markdown would turn into a link;
* Plotly (which renders a subset of HTML in titles, names and labels): ``&lt;script&gt;``, never
  ``<script``;
* st.dataframe: the raw string as data, which the grid shows as text.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.registry import PAGES as REGISTERED
from components.textsafe import code_span, escape_markdown, plotly_text

PAGES = tuple(page.key for page in REGISTERED)
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)> [click](javascript:alert(1))"

LIVE_HTML = re.compile(r"(?<!\\)<\s*/?\s*(script|img|a|iframe)\b", re.IGNORECASE)
LIVE_LINK = re.compile(r"(?<!\\)\]\(\s*javascript:", re.IGNORECASE)
PLOTLY_HTML = re.compile(r"<\s*/?\s*(script|img|a|iframe)\b", re.IGNORECASE)

# Pages that show a finding or a partner short name as Markdown text / in a chart.
TEXT_PAGES = {"overview", "china", "pandemic", "soft_power", "kosovo"}
CHART_PAGES = {"overview", "trade", "security", "pandemic", "soft_power", "kosovo"}


def edit_cells(path: Path, column: str, edit, where=lambda row: True) -> int:
    """Rewrite one column of a CSV with the csv module, keeping every other cell byte for byte."""
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        fields, rows = reader.fieldnames, list(reader)
    changed = 0
    for row in rows:
        if where(row):
            row[column], changed = edit(row[column]), changed + 1
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert changed, f"nothing to edit in {path.name}"
    return changed


@pytest.fixture
def hostile_data(broken_data_dir: Path) -> Path:
    edit_cells(broken_data_dir / "findings.csv", "finding", lambda text: f"{text} {HOSTILE}")
    edit_cells(broken_data_dir / "partners.csv", "short_name", lambda text: f"{text} {HOSTILE}",
               where=lambda row: row["code"] in ("RUS", "EAEU"))
    edit_cells(broken_data_dir / "partners.csv", "name", lambda text: f"{text} {HOSTILE}",
               where=lambda row: row["code"] in ("RUS", "EAEU"))
    edit_cells(broken_data_dir / "timeline.csv", "event", lambda text: f"{text} {HOSTILE}",
               where=lambda row: row["event_id"] == "putin_visits_belgrade")
    edit_cells(broken_data_dir / "soft_power.csv", "label", lambda text: f"{text} {HOSTILE}",
               where=lambda row: row["indicator"] == "crowd_at_putin_visit")
    edit_cells(broken_data_dir / "soft_power.csv", "person", lambda text: f"{text} {HOSTILE}",
               where=lambda row: row["partner"] == "RUS")
    package = json.loads((broken_data_dir / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:  # titles label the expanders on the sources page
        resource["title"] += f" {HOSTILE}"
    (broken_data_dir / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return broken_data_dir


def plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def markdown_texts(at: AppTest) -> list[str]:
    """Every string the page renders as Markdown."""
    texts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader",
                                  "info", "warning", "error", "success") for e in getattr(at, kind)]
    texts += [text for m in at.metric for text in (m.proto.label, m.proto.body, m.proto.help)]
    texts += [e.label for e in at.expander]
    texts += [str(cell) for table in at.table for cell in table.value.to_numpy().ravel()]  # st.table cells are Markdown
    return texts


def strings(node):
    """All strings in a JSON document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


@pytest.mark.parametrize("page", PAGES)
def test_data_text_is_shown_as_text(open_page, hostile_data, page):
    at = open_page(page)
    assert not at.error, [e.value for e in at.error]  # the hostile copy is still valid data

    texts = markdown_texts(at)
    live = [t for t in texts if LIVE_HTML.search(t) or LIVE_LINK.search(t)]
    assert not live, f"live markup on {page}: {live}"
    if page in TEXT_PAGES:
        assert any(HOSTILE in plain(t) for t in texts), f"the hostile finding is not shown on {page}"

    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    raw = [s for spec in specs for s in strings(spec) if PLOTLY_HTML.search(s) or "javascript:" in s.lower()
           and "&lt;" not in s]
    assert not raw, f"unescaped markup in a chart on {page}: {raw}"
    if page in CHART_PAGES:
        labels = [s for spec in specs for s in strings(spec)]
        assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in s for s in labels), f"no escaped name in {page}'s charts"

    if page in ("kosovo", "sources"):  # tables hold the raw text as data (event; table titles)
        cells = [str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()]
        assert any(HOSTILE in cell for cell in cells)
    if page == "sources":  # table titles are the selectbox's options: plain text, never Markdown
        assert any(HOSTILE in option for option in at.selectbox(key="sources_table").options)


URL_VALUES = ["<script>alert(1)</script>", "`<img src=x onerror=alert(1)>`", "[click](javascript:alert(1))"]


def test_hostile_url_values_are_quoted_in_the_warning(open_page):
    at = open_page(partner=URL_VALUES)
    warnings = [w.value for w in at.sidebar.warning]
    assert len(warnings) == 1, warnings
    spans = re.findall(r"`([^`]*)`", warnings[0])
    outside = re.sub(r"`[^`]*`", "", warnings[0])
    assert not LIVE_HTML.search(outside) and not LIVE_LINK.search(outside), warnings[0]
    assert len(spans) == len(URL_VALUES)  # each value in its own code span, none closes it early
    assert spans == [URL_VALUES[0], "'<img src=x onerror=alert(1)>'", URL_VALUES[2]]
    assert at.multiselect(key="partner").value == []
    assert not at.query_params.get("partner")  # dropped from the link


@pytest.mark.parametrize("page", PAGES)
def test_hostile_values_of_every_url_parameter_render_as_text(open_page, page):
    """Markup in ?partner=, ?asof= and ?blocs= is dropped or quoted on every page, never live."""
    at = open_page(page, partner=[HOSTILE, "RUS"], asof=HOSTILE, blocs=HOSTILE)
    assert at.radio(key="asof").value == "latest" and at.toggle(key="blocs").value is True  # invalid: defaults
    texts = markdown_texts(at) + [e.value for e in at.sidebar.caption]
    live = [t for t in texts if LIVE_HTML.search(re.sub(r"`[^`]*`", "", t)) or LIVE_LINK.search(t)]
    assert not live, f"live markup on {page}: {live}"
    assert plain(at.main.caption[0].value).startswith("Partners: Russia (+ "), at.main.caption[0].value
    assert "<script" not in str([json.loads(c.proto.spec) for c in at.get("plotly_chart")])


def test_hostile_partner_names_in_the_caption_are_escaped(open_page, hostile_data):
    at = open_page(partner=["RUS"])
    caption = at.main.caption[0].value
    assert HOSTILE in plain(caption)  # shown, as text
    assert not LIVE_HTML.search(caption) and not LIVE_LINK.search(caption), caption
    # The picker names the partner in its option label, which Streamlit shows as plain text (not markdown)
    picker = at.multiselect(key="partner_pick")
    assert f"Russia {HOSTILE} (RUS)" in picker.options and picker.value == ["RUS"]
    assert not any(LIVE_HTML.search(c.value) for c in at.sidebar.caption)


# ---------------------------------------------------------------- the escaping functions themselves

def test_escape_markdown():
    assert escape_markdown("Serbia (domestic)") == "Serbia \\(domestic\\)"
    assert escape_markdown("**x** [a](b)") == "\\*\\*x\\*\\* \\[a\\]\\(b\\)"
    assert escape_markdown("<b>") == "\\<b\\>"


def test_plotly_text_escapes_html():
    assert plotly_text('<a href="javascript:x">y</a> & z') == '&lt;a href="javascript:x"&gt;y&lt;/a&gt; &amp; z'
    assert plotly_text(3.5) == "3.5"


def test_code_span_cannot_close_or_break():
    assert code_span("a`b\nc\u202e") == "a'b?c?"
    assert code_span("") == "?"
