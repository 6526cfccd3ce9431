"""No broken citation (issue 17, item 8): a missing quote or endnote is absent, never printed as
“nan” (or "None"), on every page with sections, in every filter and as-of state; and on the three
pages where the auditor saw 'Main text, no endnote: “nan”' (Did it hold?, The article and the
Neighbourhood), as the app renders them.

provenance.supporting_quotes (commit 8ccbbad) is the one place a section's quotes come from; these
tests check its output over the views' real rows, and the rendered page text around it.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from components import data, provenance
from components.registry import PAGES
from components.sections import sections
from components.state import ViewState, view_state
from tests.test_views_titles import VIEWS

SECTION_PAGES = tuple(page.key for page in PAGES if page.kind != "sources")
AUDITED = ("did_it_hold", "article", "neighbourhood")
# a missing value printed: "nan", "<NA>", "NaT" as words; "None" only where a value stands ("None of the
# partners selected appears here" is English)
BROKEN = re.compile(r"(?<![\w-])(?:nan|NaN|<NA>|NaT)(?![\w-])|“None”|\(None\)|: None(?![\w ])")


def state(*codes: str, asof: str = "latest") -> ViewState:
    return view_state(codes, data.load_table("partners"), asof=asof) if codes else ViewState(asof=asof)


STATES = {"default": state(), "2020-06": state(asof="2020-06"), "RUS": state("RUS"), "CHN": state("CHN"),
          "EU+CHN, 2020-06": state("EU", "CHN", asof="2020-06"), "SRB": state("SRB")}


def broken_words(text: str) -> list[str]:
    return BROKEN.findall(text or "")


@pytest.mark.parametrize("label", list(STATES))
@pytest.mark.parametrize("page", SECTION_PAGES)
def test_no_section_quotes_or_prints_a_missing_value(page, label):
    view = getattr(VIEWS[page].build, "uncached", VIEWS[page].build)(STATES[label])
    checked = 0
    for section in sections(view):
        for endnote, quote in provenance.supporting_quotes(section.rows):
            assert quote.strip() and not broken_words(quote) and quote.strip().lower() != "nan", (section.key, quote)
            assert endnote is None or (isinstance(endnote, int) and endnote > 0), (section.key, endnote)
            checked += 1
        for part in (section.title, section.note, section.empty, *section.sources):
            assert not broken_words(part), (section.key, part)
    if page in AUDITED and label == "default":
        assert checked, f"{page}: no quote was checked (the test would pass vacuously)"


def test_a_row_without_a_quote_beside_quoted_rows_gives_only_the_quoted_lines():
    rows = pd.DataFrame({"endnote": [22, None, pd.NA, None], "quote": ["The EU share was 62%.", None, pd.NA, "nan "]})
    # "nan " is text someone typed, kept verbatim (it is not a missing value); the missing ones are dropped
    assert provenance.supporting_quotes(rows) == [(22, "The EU share was 62%."), (None, "nan ")]


def page_text(at) -> list[str]:
    texts = [e.value for kind in ("markdown", "caption", "subheader", "title", "info", "warning") for e in at.get(kind)]
    texts += [str(e.label) for e in at.get("expander")]
    return [str(t) for t in texts]


@pytest.mark.parametrize("query", [{}, {"asof": "2020-06"}, {"partner": ["RUS"]}, {"partner": ["CHN"], "asof": "2020-06"}],
                         ids=["default", "2020-06", "RUS", "CHN-2020-06"])
@pytest.mark.parametrize("page", AUDITED)
def test_rendered_page_prints_no_missing_quote(open_page, page, query):
    at = open_page(page, **query)
    texts = page_text(at)
    assert texts, page
    for text in texts:
        assert "“nan”" not in text and "“None”" not in text, (page, text)
        if text.startswith(("**Main text, no endnote:**", "**Endnote")):
            quote = text.split(":**", 1)[1].strip()
            assert quote.startswith("“") and len(quote) > 2 and not broken_words(quote.split("”")[0]), (page, text)
    quotes = [t for t in texts if t.startswith(("**Main text, no endnote:**", "**Endnote"))]
    assert quotes, f"{page}: no quote rendered (the check above would pass vacuously)"
