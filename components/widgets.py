"""Streamlit blocks shared by the pages: the view of the current state, the page header, sections.

With components/sidebar.py, the only module in components/ that calls ``st.*``. Text from data
is shown through st.dataframe, st.text or escaped markdown, never as live HTML.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from components import data, glossary, links, params, provenance, registry
from components.article import safe_link_target
from components.sections import ANCHOR_PREFIX, Section
from components.state import ASOF_LATEST, ViewState, describe
from components.textsafe import escape_markdown
from components.views import article as article_view
from components.views.common import view_url

STATE_KEY = "view_state"
NAMES_KEY = "partner_names"
V = TypeVar("V")


def current_state() -> ViewState:
    """The view state the entry point put in the session (the unfiltered view if none)."""
    return st.session_state.get(STATE_KEY) or ViewState()


def set_control(param: params.Param, value) -> ViewState:
    """Put a page control's value into the view state (so the memo key, downloads and citation
    see it) and return the new state."""
    state = current_state().with_control(param.name, None if value in (None, param.default) else value)
    st.session_state[STATE_KEY] = state
    return state


def control_notice(param: params.Param) -> tuple[str, ...]:
    """The link's values for ``param`` that parse; a visible notice for those that do not (before
    the bound widget drops them silently). Call it before drawing the control."""
    raw = st.query_params.get_all(param.name)
    values, notice = params.parse_values(param, raw)
    if notice:
        st.warning(notice, icon=":material/link_off:")
    if values and list(raw) != list(values):  # 'hrv' for 'Croatia': the widget takes only its own labels
        st.session_state[param.name] = list(values) if param.multiple else values[0]
    return values


LINK_SUFFIX = "_link"  # the container of a picker's bound widget: components.widgets.coded_multiselect
PICK_SUFFIX = "_pick"  # the key of the picker the reader sees


def coded_multiselect(label: str, codes: list[str], *, key: str, label_of: Callable[[str], str],
                      on_change: Callable[[], None] | None = None, **shown) -> list[str]:
    """A multiselect the reader fills by name or code ("Germ" finds "Germany (DEU)") while the link
    keeps the codes (``?partner=DEU``); returns the codes chosen.

    A widget bound to the URL writes its options' labels there, so the bound widget (key ``key``,
    the URL name) lists codes and is kept out of sight; the picker shown (key ``key + "_pick"``)
    lists the same codes labelled by ``label_of`` and copies its value into the bound one, which
    carries the link, Back and Forward and navigation as before. ``shown``: the picker's own
    arguments (placeholder, help); ``default`` goes to the bound widget."""
    pick = key + PICK_SUFFIX
    default = {"default": shown.pop("default")} if "default" in shown else {}
    # Static CSS (no data in it); a style-only st.html takes no space on the page.
    st.html(f"<style>.st-key-{key}{LINK_SUFFIX} {{display: none;}}</style>")
    with st.container(key=key + LINK_SUFFIX):
        chosen = st.multiselect(f"{label}: codes in the link", codes, key=key, bind="query-params",
                                on_change=on_change, label_visibility="collapsed", **default)
    if list(st.session_state.get(pick) or []) != list(chosen):  # a link, Back, a preset: the picker follows
        st.session_state[pick] = list(chosen)

    def picked() -> None:
        st.session_state[key] = list(st.session_state.get(pick) or [])
        if on_change is not None:
            on_change()

    # "contains": "Ser" finds Serbia, not every name with s, e, r in order; no "Select all N matches".
    st.multiselect(label, codes, format_func=label_of, key=pick, on_change=picked, filter_mode="contains",
                   select_all=False, **shown)
    return list(chosen)


def in_app_links() -> None:
    """Links between the dashboard's pages keep the session: a click on one (the article's figures, its
    evidence, a quote's "in the article") switches page in this tab, as the navigation does, and
    scrolls to the section its ``#anchor`` names; a link opened in a new tab or a shared one scrolls
    there too. Streamlit's markdown opens every link that is not ``#...`` in a new tab (a fresh session,
    at the top of the page); this script, static text with the registry's page paths, changes that."""
    paths = [entry.url_path for entry in registry.PAGES]
    script = IN_APP_LINKS_SCRIPT.replace("PAGE_PATHS", json.dumps(paths)).replace(
        "SECTION_CLASS", json.dumps("st-key-" + ANCHOR_PREFIX))
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


# A click on a markdown link to one of the app's pages (same origin, a registered path, no modifier key)
# becomes a history entry plus a popstate event: Streamlit's own Back/Forward handling then runs that
# page with the link's query in this session. The section named by the fragment is scrolled to once
# drawn, and again while the page above it settles, until the reader scrolls or 15 s pass.
IN_APP_LINKS_SCRIPT = r"""(() => {
  if (window.__inAppLinks) return;
  window.__inAppLinks = true;
  const pages = PAGE_PATHS, sectionClass = SECTION_CLASS;
  const TEXT_BLOCKS = '[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"]';
  const trim = (path) => path.replace(/\/+$/, "");
  const here = trim(window.location.pathname);
  const current = pages.find((page) => page && (here === "/" + page || here.endsWith("/" + page))) || "";
  const base = current ? here.slice(0, here.length - current.length - 1) : here;
  const appPage = (url) => pages.some((page) => trim(url.pathname) === (page ? base + "/" + page : base));
  let run = 0;
  const scrollTo = (hash) => {
    const anchor = decodeURIComponent((hash || "").replace(/^#/, ""));
    if (!/^[a-z0-9-]+$/.test(anchor)) return;
    const mine = ++run, started = Date.now();
    let settled = 0, lastTop = null;
    const stop = () => { if (mine === run) run += 1; };
    for (const name of ["wheel", "touchstart", "keydown"]) {
      window.addEventListener(name, stop, {once: true, passive: true});
    }
    const tick = () => {
      if (mine !== run || Date.now() - started > 15000) return;
      const target = document.querySelector("." + sectionClass + anchor);
      if (target) {
        const top = Math.round(target.getBoundingClientRect().top);
        target.style.scrollMarginTop = "4.5rem";  // below the app's header bar
        if (top < 48 || top > 120) target.scrollIntoView({block: "start"});
        settled = top === lastTop ? settled + 1 : 0;
        lastTop = top;
        if (settled > 8) return;
      }
      setTimeout(tick, 250);
    };
    tick();
  };
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
        || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || !link.closest(TEXT_BLOCKS)) return;  // the navigation's own links switch pages already
    const url = new URL(link.getAttribute("href"), window.location.href);
    if (url.origin !== window.location.origin || !appPage(url)) return;
    event.preventDefault();
    window.history.pushState(window.history.state, "", url.toString());
    window.dispatchEvent(new PopStateEvent("popstate", {state: window.history.state}));
    if (url.hash) scrollTo(url.hash); else window.scrollTo(0, 0);
  }, true);
  scrollTo(window.location.hash);
})();"""


def page_view(build: Callable[[ViewState], V]) -> V:
    """``build(current state)``; bad data stops the page with its message, other pages keep working.

    Valid data a view does not expect (``data.guarded``) stops the page the same way."""
    try:
        return data.guarded(build, current_state())
    except data.DataError as error:
        st.error(f"This page cannot be shown because a data file is invalid.\n\n{escape_markdown(str(error))}")
        st.caption("Fix the file and reload; other pages that do not use it keep working.")
        st.stop()


def page_header(title: str) -> None:
    """The page title and the line stating the view (filter and as-of), visible in every mode."""
    st.title(title)
    st.caption(escape_markdown(describe(current_state(), st.session_state.get(NAMES_KEY, {}))),
               help="The sidebar's filter; a link to this page keeps it.")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60]


def file_stem(page_key: str, section_key: str, state: ViewState) -> str:
    """File name of a download: page, chart, filter and as-of ('serbia-ties_trade_shares_RUS-CHN')."""
    view = "-".join(state.chosen) if state.chosen else "all"
    if not state.include_blocs:
        view += "-noblocs"
    if state.asof != ASOF_LATEST:
        view += f"_asof-{state.asof}"
    return f"serbia-ties_{_slug(page_key)}_{_slug(section_key)}_{_slug(view)}"


def show(section: Section, page_key: str) -> None:
    """A section in its own block (key ``section-<anchor>``: a link's ``#anchor`` scrolls to it, see
    ``in_app_links``): its chart, table or figures, the source line, quotes, table and download."""
    with st.container(key=ANCHOR_PREFIX + section.anchor):
        _show(section, page_key)


def _show(section: Section, page_key: str) -> None:
    if section.empty:
        st.subheader(escape_markdown(section.title), anchor=False)
        st.info(escape_markdown(section.empty))
        return
    state = current_state()
    stem = file_stem(page_key, section.key, state)
    if section.kind == "chart":
        st.plotly_chart(section.figure, width="stretch", theme=None, key=f"chart_{section.key}", config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": stem, "scale": 2}})
    elif section.kind == "figures":
        st.subheader(escape_markdown(section.title), anchor=False)
        _figures(section.rows)
    elif section.kind == "text":
        st.subheader(escape_markdown(section.title), anchor=False)
        _statements(section.rows)
    else:
        st.subheader(escape_markdown(section.title), anchor=False)
        st.dataframe(section.readable_table, hide_index=True, width="stretch", key=f"table_{section.key}",
                     column_config=column_help(section.readable_table))
    if section.kind != "chart":  # a chart carries its source line in its footer (also in a PNG export)
        st.caption(escape_markdown(" ".join(section.sources)))
    if section.note:
        st.caption(escape_markdown(section.note))
    terms_used(section)
    with st.expander("Quotes, table and download"):
        _quotes(section.rows)
        if section.kind in ("chart", "figures"):
            st.dataframe(section.readable_table, hide_index=True, width="stretch",
                         column_config=column_help(section.readable_table))
        st.download_button("Download CSV", section.csv_with_header(datetime.date.today().isoformat(),
                                                                    view_url(page_key, state)), file_name=f"{stem}.csv",
                           mime="text/csv", on_click="ignore", key=f"download_{section.key}", icon=":material/download:")


def glossary_link(term: glossary.Term) -> str:
    """A markdown link to the term's entry on the Sources page, with this view's filter."""
    url = links.page_path(glossary.PAGE, current_state(), section=term.section)
    return f"[{escape_markdown(term.term)}]({safe_link_target(url)})"


def terms_used(section: Section) -> None:
    """A line linking each glossary term the section uses (title, note, sources, columns) to its entry,
    the definitions in its tooltip: one click, or a hover, from every term."""
    texts = [section.title, section.note, *section.sources, *map(str, section.readable_table.columns)]
    terms = glossary.used(texts)
    if terms:
        st.caption("Terms used here: " + " · ".join(glossary_link(term) for term in terms),
                   help=glossary.tooltip(terms))


def column_help(table: pd.DataFrame) -> dict:
    """A tooltip on each column header that uses a glossary term: the term's definition."""
    return {column: st.column_config.Column(help=glossary.tooltip(terms)) for column in table.columns
            if (terms := glossary.used([str(column)]))}


def _figures(rows: pd.DataFrame, per_row: int = 5) -> None:
    """Figures in different units side by side as numbers (a shared bar axis would mislead)."""
    for start in range(0, len(rows), per_row):
        for column, row in zip(st.columns(per_row), rows.iloc[start:start + per_row].itertuples()):
            hedge = f" ({row.qualifier})" if isinstance(row.qualifier, str) and row.qualifier else ""
            column.metric(escape_markdown(row.short_label + hedge), f"{row.value:,.0f}", help=escape_markdown(
                f"{row.label}: “{row.value_in_text}”{hedge}; endnote {row.endnote}"), border=True)


def _quotes(rows: pd.DataFrame) -> None:
    """Each supporting sentence, verbatim, with a link to its place in the article's text."""
    state = current_state()
    for endnote, quote in provenance.supporting_quotes(rows):
        label = f"Endnote {endnote}" if endnote is not None else "Main text, no endnote"
        url = article_view.quote_anchor_url(quote, state)
        link = f" [in the article →]({safe_link_target(url)})" if url else ""
        st.markdown(f"**{label}:** “{escape_markdown(quote)}”{link}")


def _statements(findings: pd.DataFrame) -> None:
    """The article's statements without numbers, each with its endnote; statements about partners
    outside the selection are listed apart, not dropped."""
    unique = findings.drop_duplicates(["finding_id", "finding"])
    chosen = unique[unique["highlighted"]] if "highlighted" in unique else unique
    others = unique.drop(chosen.index)
    for _, row in chosen.iterrows():
        st.markdown(f"- {_statement(row)}")
    if len(others):
        with st.expander(f"About the other partners ({len(others)})"):
            st.markdown("\n".join(f"- {_statement(row)}" for _, row in others.iterrows()))


def _statement(row: pd.Series) -> str:
    note = f" (endnote {int(row['endnote'])})" if pd.notna(row["endnote"]) else ""
    return escape_markdown(f"{row['finding']}{note}")
