"""Colour and legibility: within one figure no two traces look alike, hover texts are well formed.

Every page's view is built (pure, no Streamlit) for several filter and as-of states; each figure
is then checked as a reader would look at it: a trace is told apart by its colour together with
its line dash (lines) or bar pattern (bars).
"""

from __future__ import annotations

import pandas as pd
import pytest

from components import data, registry, theme
from components.registry import PAGES
from components.sections import Section, sections
from components.state import ASOF_ARTICLE, view_state
from tests import viewcache

PARTNERS = pd.read_csv("data/partners.csv", dtype=str, keep_default_na=False)
PARTNERS_TYPED = data.load_table("partners")  # what the views resolve with (same file, typed)
STATES = [((), "latest"), (("RUS",), "latest"), (("DEU",), "latest"), (("WEST",), "latest"),
          (("CHN", "RUS", "EU"), ASOF_ARTICLE)]


def figures_of(page_key: str, chosen, asof) -> list[Section]:
    """The sections with a figure of the page's view (components.sections.sections: panels included).
    A page registered as drawing charts must have some, or the checks below would pass on nothing."""
    view = viewcache.view(page_key, view_state(chosen, PARTNERS_TYPED, asof=asof))
    found = [s for s in sections(view) if s.figure is not None]
    assert found or registry.page(page_key).kind != "charts", f"{page_key}: a chart page with no figure"
    return found


def look(trace) -> tuple:
    """What tells a trace apart: colour plus dash (lines) or pattern (bars)."""
    if trace.type == "bar":
        colour = trace.marker.color
        colour = tuple(colour) if isinstance(colour, (list, tuple)) else colour
        return ("bar", colour, trace.marker.pattern.shape or "")
    if "lines" not in (trace.mode or ""):
        colour = trace.marker.color
        return ("markers", tuple(colour) if isinstance(colour, (list, tuple)) else colour, trace.marker.symbol)
    return ("lines", trace.line.color, trace.line.dash or "solid")


VIEW_PAGES = [page.key for page in PAGES if page.kind != "sources"]  # the pages with a view module


@pytest.mark.parametrize("page_key", VIEW_PAGES)
@pytest.mark.parametrize("chosen,asof", [
    pytest.param(chosen, asof, marks=viewcache.group(view_state(chosen, PARTNERS_TYPED, asof=asof))) for chosen, asof in STATES])
def test_no_two_traces_in_one_figure_look_alike(page_key, chosen, asof):
    for section in figures_of(page_key, chosen, asof):
        named = [t for t in section.figure.data if t.showlegend is not False and t.name]
        looks = [look(t) for t in named]
        assert len(set(looks)) == len(looks), (section.key, [(t.name, look(t)) for t in named])


@pytest.mark.parametrize("page_key", [
    pytest.param(key, marks=viewcache.group(view_state((), PARTNERS_TYPED))) for key in VIEW_PAGES])
def test_hover_templates_are_well_formed(page_key):
    for section in figures_of(page_key, (), "latest"):
        for trace in section.figure.data:
            template = trace.hovertemplate or ""
            assert "%%" not in template and "%}" not in template, (section.key, template)
            assert template.count("<extra>") == template.count("</extra>"), (section.key, template)


def test_camps_have_one_hue_and_partners_of_a_camp_differ():
    styles = theme.partner_styles(PARTNERS)
    # hand-checked: the main actors take their camp's first shade
    assert styles["EU"].colour == "#0072B2" and styles["RUS"].colour == "#D55E00" and styles["CHN"].colour == "#E69F00"
    for camp in set(PARTNERS["camp"]):
        codes = PARTNERS.loc[PARTNERS["camp"] == camp, "code"]
        looks = [(styles[c].colour, styles[c].dash) for c in codes]
        assert len(set(looks)) == len(looks), camp
        assert {styles[c].colour for c in codes} <= set(theme.CAMP_SHADES[camp])
