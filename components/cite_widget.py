"""“Cite this view”: a popover on every page citing exactly what is on screen.

The citation names the dashboard, the page, the URL that reproduces the view (partner filter and
as-of state), the access date, the data package version and the sources of the sections shown:
the article with the endnotes of the rows shown, and each external data set with its credit line
and licence, derived from the sections' ``resources`` as components/provenance.py does. The
text formats come from components/citation.py, which escapes everything that reaches them.
``view_citation`` and ``citation_sources`` are plain functions (tested without a running app).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import streamlit as st

from components import citation, data, provenance, registry
from components.sections import Section
from components.state import ViewState
from components.views.common import view_url
from components.widgets import file_stem


def _endnote_detail(notes: list[int]) -> str:
    if not notes:
        return "main text"
    label = "endnote" if len(notes) == 1 else "endnotes"
    return f"{label} {', '.join(map(str, notes))} (references in the original)"


def citation_sources(sections: Iterable[Section], package: dict) -> tuple[citation.Source, ...]:
    """The article (with the endnotes of all rows shown) first, then each external data set once."""
    by_name = {r["name"]: r for r in package.get("resources", [])}
    notes: set[int] = set()
    uses_article = False
    datasets: dict[str, citation.Source] = {}
    for section in sections:
        if section.empty:
            continue  # a section that shows nothing cites nothing
        for name in section.resources:
            resource = by_name.get(name)
            if resource is None:
                continue
            if provenance.is_article(resource, package):
                uses_article = True
                notes |= set(provenance.endnotes(section.rows))
            else:
                datasets.setdefault(name, _dataset_source(resource, package))
    article = package["sources"][0]
    first = [citation.Source("article", article["title"], article.get("path", ""), _endnote_detail(sorted(notes)))]
    unique = list(dict.fromkeys(datasets.values()))
    return tuple((first if uses_article else []) + unique)


def _dataset_source(resource: dict, package: dict) -> citation.Source:
    source = provenance.resource_sources(resource, package)[0]
    licence = provenance.resource_licences(resource, package)[0]
    return citation.Source("dataset", source["title"], source.get("credit") or source["title"],
                           f"licence: {licence.get('title', licence['name'])}")


def page_key_for(page_title: str) -> str | None:
    """The registry key of the page titled ``page_title`` (None if no page has that title)."""
    return next((entry.key for entry in registry.PAGES if entry.title == page_title), None)


def view_citation(page_title: str, sections: Iterable[Section], state: ViewState, *, page_key: str | None = None,
                  accessed: datetime.date | None = None, package: dict | None = None) -> citation.Citation:
    """The citation of this view. The URL is the page's with the state's query (view_url); without a
    registered page it is the first section's own view URL."""
    sections = list(sections)
    package = data.package() if package is None else package
    key = page_key or page_key_for(page_title)
    url = view_url(key, state) if key else next((s.view_url for s in sections if s.view_url), "")
    return citation.Citation(provenance.DASHBOARD_TITLE, page_title, url, accessed or datetime.date.today(),
                             str(package.get("version", "unknown")), citation_sources(sections, package),
                             year=package_year(package), producer=producer(package))


def package_year(package: dict) -> int | None:
    """The year of the data package version (its "created" date), None if it has none."""
    created = str(package.get("created") or "")
    return int(created[:4]) if created[:4].isdigit() else None


def producer(package: dict) -> str:
    """The package's authors or publisher (Frictionless "contributors"); empty when it names none."""
    people = [c.get("title", "") for c in package.get("contributors", []) if isinstance(c, dict)
              and c.get("role", "author") in ("author", "publisher", "creator")]
    return ", ".join(filter(None, people))


def cite_this_view(page_title: str, sections: Iterable[Section], state: ViewState, page_key: str | None = None) -> None:
    """A “Cite this view” popover: plain text and BibTeX to copy, BibTeX and RIS files to download."""
    try:
        cited = view_citation(page_title, sections, state, page_key=page_key)
    except data.DataError:
        return  # the page already shows the data error; a citation of a broken view would mislead
    key = page_key or page_key_for(page_title) or "page"
    stem = file_stem(key, "citation", state)
    with st.popover("Cite this view", icon=":material/format_quote:"):
        st.caption("Exactly what is on screen: this page with its partner filter and as-of state, the data "
                   "package version, the access date and the sources of the sections shown.")
        st.markdown("**Short, for a footnote**")
        st.code(citation.short(cited), language=None, wrap_lines=True)
        st.markdown("**Full: with the data package version and every source**")
        st.code(citation.plain_text(cited), language=None, wrap_lines=True)
        st.markdown("**BibTeX**")
        bib = citation.bibtex(cited)
        st.code(bib, language="latex", wrap_lines=True)
        left, right = st.columns(2)
        left.download_button("BibTeX (.bib)", bib.encode("utf-8"), file_name=f"{stem}.bib",
                             mime="application/x-bibtex", on_click="ignore", key=f"cite_bib_{key}", icon=":material/download:")
        right.download_button("RIS (.ris)", citation.ris(cited).encode("utf-8"), file_name=f"{stem}.ris",
                              mime="application/x-research-info-systems", on_click="ignore", key=f"cite_ris_{key}",
                              icon=":material/download:")

