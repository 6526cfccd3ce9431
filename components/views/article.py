"""The article page: the seed's text with its figures linked to the charts, the arguments with
their evidence, the article against the record, and disputed or unknown figures side by side.

Pure. Links are relative ("/trade?partner=RUS&asof=2020-06"): they keep the partner filter and
the as-of state and work wherever the app is served from its root. A chart's quote links back
to its paragraph with ``?p=<anchor>`` on this page (``quote_anchor_url``); the page validates
``p`` with ``anchor_from_query`` (only the article's own anchors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from components import article, asof, data, links, registry
from components.article import PAGE_OF_TABLE, FigureLink
from components.sections import Section
from components.state import ViewState
from components.views import memoised, record_check
from components.views.common import highlight, lookups

PAGE = "article"
ANCHOR_PARAM = "p"
ORIGINAL_URL_NOTE = ("The endnote list is not part of the text this dashboard holds; the references behind "
                     "each superscript number are in the original: ")
BAD_ANCHOR_NOTICE = ("The link asked for a passage this article does not have, so it is ignored and the "
                     "article is shown from the top.")
_DATE_TABLES = ("timeline",)  # dated events: the date as written is the link


def page_link(page_key: str, state: ViewState, extra: str = "", section: str = "") -> str:
    """The in-app link to a page with this view (components.links, the one place links are built);
    ``section``: the key of the section to scroll to."""
    return links.page_path(page_key, state, extra, section)


def chart_link(table: str, state: ViewState) -> str:
    """The link to the chart that shows an article table, on its page, with this view."""
    return page_link(PAGE_OF_TABLE[table], state, section=CHART_OF_TABLE[table][0])


def quote_anchor_url(quote: str, state: ViewState) -> str | None:
    """The article page opened at the paragraph holding ``quote`` (None if it is not in the text)."""
    anchor = article.locate(quote)
    return None if anchor is None else page_link(PAGE, state, f"{ANCHOR_PARAM}={anchor}")


def anchor_from_query(values: list[str]) -> tuple[str | None, str]:
    """(anchor, notice) from the ``p`` values of the URL: one known anchor, or nothing and a notice."""
    if not values:
        return None, ""
    known = {b.anchor for b in article.paragraphs()}
    if len(values) == 1 and values[0] in known:
        return values[0], ""
    return None, BAD_ANCHOR_NOTICE


# --- the text with its links -------------------------------------------------------------------

@dataclass(frozen=True)
class TextBlock:
    anchor: str
    kind: str
    markdown: str
    endnotes: tuple[int, ...]


def _date_span(link: FigureLink, row: pd.Series) -> tuple[int, int] | None:
    """Where the event's date as written stands in its quote (a derived date has no words to link)."""
    if link.quote_span is None or bool(row.get("date_derived", False)):
        return None
    text = article.block(link.anchor).text
    pattern = re.compile(rf"(?<!\w){re.escape(str(row['date_as_written']))}(?!\w)")
    match = pattern.search(text, *link.quote_span)
    return (match.start(), match.end()) if match else None


def article_tables() -> dict[str, pd.DataFrame]:
    return {name: data.load_table(name) for name in PAGE_OF_TABLE}


def text_links(tables: dict[str, pd.DataFrame], state: ViewState) -> dict[str, dict[tuple[int, int], str]]:
    """Per anchor, the spans to link: each figure as written, each dated event's date."""
    spans: dict[str, dict[tuple[int, int], str]] = {}
    for link in article.figure_links(tables):
        span = link.value_span
        if link.table in _DATE_TABLES:
            span = _date_span(link, tables[link.table].iloc[link.line - 2])
        if link.anchor is not None and span is not None:
            spans.setdefault(link.anchor, {})[span] = chart_link(link.table, state)
    return spans


def text_blocks(tables: dict[str, pd.DataFrame], state: ViewState) -> tuple[TextBlock, ...]:
    links = text_links(tables, state)
    return tuple(TextBlock(b.anchor, b.kind, article.render_markdown(b, links.get(b.anchor)), b.endnotes)
                 for b in article.paragraphs())


def text_rows() -> pd.DataFrame:
    """The text as rows (anchor, kind, text, endnote): what the page shows, for the CSV and citation."""
    rows = []
    for b in article.paragraphs():
        for endnote in b.endnotes or (None,):
            rows.append({"anchor": b.anchor, "kind": b.kind, "text": b.text, "endnote": endnote})
    return pd.DataFrame(rows).astype({"endnote": "Int64"})


# --- the arguments and their evidence ----------------------------------------------------------

@dataclass(frozen=True)
class ChartRef:
    """A chart or table of another page: its page, its title in this view, the link to it."""

    page_key: str
    page_title: str
    section_title: str
    url: str


@dataclass(frozen=True)
class FigureRef:
    """A figure of the article as written, the paragraph it stands in and the page that shows it."""

    text: str
    table: str
    anchor: str
    url: str
    anchor_url: str


@dataclass(frozen=True)
class ArgumentView:
    key: str
    label: str
    heading: str
    statement: str
    statement_url: str
    anchors: tuple[str, ...]
    endnotes: tuple[int, ...]
    charts: tuple[ChartRef, ...]
    figures: tuple[FigureRef, ...]


# Which chart of its page shows each article table: (section key, what the chart shows). Written
# by hand so the article page need not build every other page; a test checks each key against
# the page's view, so a renamed section fails there.
CHART_OF_TABLE = {
    "trade_shares": ("shares", "Shares of Serbia's trade, 2019: EU vs Russia and the EAEU"),
    "military_exercises": ("exercises", "Military exercises in 2019 with NATO and with Russia"),
    "military_donors": ("donors", "Military donors 2008–2018, by rank"),
    "arms_deals": ("arms_deals", "Arms deals the article names"),
    "chinese_finance": ("finance", "Chinese investment and loans"),
    "pandemic_aid": ("deliveries", "Russia's pandemic aid to Serbia, 2020"),
    "aid_gestures": ("gestures", "Who greeted whose aid"),
    "soft_power": ("crowd", "Putin's crowd and the most popular foreign leaders"),
    "timeline": ("timeline", "Timeline of dated events, 2008–2020"),
    "findings": ("scorecard", "Scorecard: what the article says about each camp"),
}


def chart_refs(state: ViewState) -> dict[str, ChartRef]:
    """For each article table, the chart of its page that shows it, linked with the view's state."""
    refs = {}
    for table, page_key in PAGE_OF_TABLE.items():
        page = registry.page(page_key)
        refs[table] = ChartRef(page_key, page.title, CHART_OF_TABLE[table][1], chart_link(table, state))
    return refs


def _figure_refs(links: list[FigureLink], anchors: tuple[str, ...], state: ViewState) -> tuple[FigureRef, ...]:
    return tuple(FigureRef(link.value_in_text, link.table, link.anchor, chart_link(link.table, state),
                           page_link(PAGE, state, f"{ANCHOR_PARAM}={link.anchor}"))
                 for link in links if link.anchor in anchors and link.value_span is not None)


def argument_views(links: list[FigureLink], refs: dict[str, ChartRef], state: ViewState) -> tuple[ArgumentView, ...]:
    """The three arguments and the conclusion, each with the charts, figures and endnotes of its section."""
    result = []
    for arg in article.arguments():
        tables = dict.fromkeys(link.table for link in links if link.anchor in arg.anchors)
        charts = tuple(dict.fromkeys(refs[table] for table in tables))
        result.append(ArgumentView(arg.key, arg.label, arg.heading, arg.statement,
                                   page_link(PAGE, state, f"{ANCHOR_PARAM}={arg.statement_anchor}"),
                                   arg.anchors, arg.endnotes, charts, _figure_refs(links, arg.anchors, state)))
    return tuple(result)


# --- the view ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ArticleView:
    heading: str
    reference: str
    original_url: str
    blocks: tuple[TextBlock, ...]
    arguments: tuple[ArgumentView, ...]
    text: Section
    record: Section
    donor_dispute: Section
    donor_beliefs: Section
    arms_values: Section


RECORD_NOTE = ("Each verdict is computed from the two numbers and the rule in its row: “agrees” within the "
               "tolerance stated, “differs” with the gap, “not comparable” when the two sides measure different "
               "things, periods or units (named). Independent values are for 2019, the last full year before the "
               "article; as of June 2020, for the last year each source had then published.")
RECORD_SOURCES = {"imf_dots_serbia_trade": "IMF DOTS", "eurostat_serbia_gas_imports": "Eurostat gas",
                  "aiddata_chinese_finance": "AidData"}


def _record_note(state: ViewState) -> str:
    """RECORD_NOTE, with the year taken from each source at this as-of date and its vintage."""
    if not state.article_time:
        return RECORD_NOTE
    years = "; ".join(f"{name}: {record_check.year_for(resource, state.asof)}"
                      f"{', ' + asof.revised_note(resource, state.asof) if asof.revised_note(resource, state.asof) else ''}"
                      for resource, name in RECORD_SOURCES.items())
    return f"{RECORD_NOTE} Years used: {years}."
ARMS_NOTE = ("SIPRI trend-indicator values (TIV) measure military capability, not money. “Not disclosed / not "
             "assessed” and “not stated” are unknown values, never 0.")


def _record_section(state: ViewState) -> Section:
    comparisons = record_check.all_comparisons(state.asof)
    rows = highlight(record_check.comparison_rows(comparisons), state)
    table = rows[list(record_check.RECORD_LABELS)].rename(columns=record_check.RECORD_LABELS)
    table = table.assign(Endnote=[f"{int(n)}" if pd.notna(n) else "main text" for n in rows["endnote"]])
    title = "Article vs the record: " + record_check.verdict_summary(rows["verdict_kind"])
    resources = tuple(dict.fromkeys(r for c in comparisons for r in c.resources))
    return Section("record_check", title, rows, resources, kind="table", table=table, note=_record_note(state),
                   view_url=page_link(PAGE, state))


def _dispute_sections(state: ViewState) -> tuple[Section, Section, Section]:
    load = data.load_table
    donors = record_check.donor_dispute(load("findings"), load("timeline"), load("military_donors"),
                                        load("sipri_arms_transfers"), load("partners"), state.asof)
    beliefs = record_check.donor_beliefs(load("findings"))
    arms = record_check.arms_values(load("arms_deals"), load("sipri_arms_transfers"), load("partners"), state.asof)
    labels, arms_labels = record_check.DISPUTE_COLUMNS, record_check.ARMS_COLUMNS
    return (
        Section("donor_dispute", "Military donors 2008–2018: the Ministry's ranking, its denial, and the observers",
                donors, ("military_donors", "findings", "timeline", "sipri_arms_transfers"), kind="table",
                table=donors[list(labels)].rename(columns=labels), view_url=page_link(PAGE, state),
                note="Shown together; none is preferred. The article gives no amounts for any donor."),
        Section("donor_beliefs", "Who Serbians believed the largest donors were, and what the article says",
                beliefs, ("findings",), kind="table", table=beliefs[list(labels)].rename(columns=labels),
                view_url=page_link(PAGE, state)),
        Section("arms_values", "Arms deals whose quantity or value is unknown: the article and SIPRI", arms,
                ("arms_deals", "sipri_arms_transfers"), kind="table",
                table=arms[list(arms_labels)].rename(columns=arms_labels), note=ARMS_NOTE,
                view_url=page_link(PAGE, state)))


@memoised
def build(state: ViewState) -> ArticleView:
    tables = article_tables()
    links = article.figure_links(tables)
    source = data.package()["sources"][0]
    text = Section("article_text", "The article", text_rows(), tuple(PAGE_OF_TABLE), kind="text",
                   view_url=page_link(PAGE, state))
    lookups()  # partner names are validated with the rest of the package before the page draws
    return ArticleView(f"The article: {source['title']}", source["title"], source["path"],
                       text_blocks(tables, state), argument_views(links, chart_refs(state), state), text,
                       _record_section(state), *_dispute_sections(state))
