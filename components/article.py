"""The seed article as headings and paragraphs, with endnote markers and links to the figures.

Derived by code from the byte-for-byte seed (components/seed_text.py does the line joining and
finds the endnote markers; this module only decides where blocks begin and end). Layout of the
seed, read from the file: a paragraph ends with a blank line after a sentence-final line, or
with a sentence-final line that carries no trailing space (the PDF extraction's mark of a
paragraph's last line); a blank line after an unfinished sentence ("to the next" / "level.")
is a page or column break inside a paragraph. Headings are one or two title-case lines at the
start of a block. The seed has no endnote list: its SEED.md says so, and the file ends with
the conclusion's last sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import quote as percent_encode

import pandas as pd

from components.seed_text import (
    SEED_PATH,
    EndnoteMarker,
    find_endnote_markers,
    join_lines,
    normalise_quote,
    remove_markers,
)
from components.textsafe import escape_markdown

BlockKind = Literal["heading", "paragraph", "endnote"]

# Which page shows each article table (keys of components/registry.py). Findings are listed on
# several pages by dimension; the overview's scorecard uses them all, so they link there.
PAGE_OF_TABLE: Mapping[str, str] = {
    "trade_shares": "trade",
    "military_exercises": "security",
    "military_donors": "security",
    "arms_deals": "security",
    "chinese_finance": "china",
    "pandemic_aid": "pandemic",
    "aid_gestures": "pandemic",
    "soft_power": "soft_power",
    "timeline": "kosovo",
    "findings": "overview",
}

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SENTENCE_END = (".", "?", "!", "”", "\"", ")")
_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")  # words of four letters or more must be capitalised


@dataclass(frozen=True)
class Block:
    """A heading or paragraph of the article, markers removed.

    ``endnotes`` are the endnote numbers in reading order; ``endnote_offsets`` (same length)
    say where each marker stood in ``text``: right before ``text[offset]``, glued to the
    character before it. ``anchor`` is "h-N" for the N-th heading, "p-N" for the N-th paragraph.
    """

    kind: BlockKind
    text: str
    anchor: str
    endnotes: tuple[int, ...] = ()
    endnote_offsets: tuple[int, ...] = ()


# --- splitting the seed into blocks ---------------------------------------------------------

def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_SENTENCE_END)


def _is_title_line(line: str) -> bool:
    """Title case ("Russia Gives but Does Not Get"): no digit, every word of 4+ letters capitalised."""
    words = _TITLE_WORD.findall(line)
    return bool(words) and not re.search(r"\d", line) and all(word[0].isupper() for word in words)


def _heading_lines(lines: list[str], start: int) -> int:
    """How many lines from ``start`` form a heading (0, 1 or 2): title lines before body text."""
    count = 0
    while count < 2 and start + count < len(lines) and _is_title_line(lines[start + count]):
        count += 1
    following = lines[start + count] if start + count < len(lines) else ""
    return count if following.strip() and not _is_title_line(following) else 0


def split_blocks(raw: str) -> list[tuple[str, list[str]]]:
    """(kind, raw lines) for each heading and paragraph of the seed, in order."""
    lines = raw.splitlines()
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = 0 if current or not line.strip() else _heading_lines(lines, index)
        if heading:
            blocks.append(("heading", lines[index:index + heading]))
            index += heading
            continue
        if line.strip():
            current.append(line)
        paragraph_ends = current and _ends_sentence(current[-1]) and (
            not line.strip() or line == line.rstrip() or index + 1 == len(lines))
        if paragraph_ends:
            blocks.append(("paragraph", current))
            current = []
        index += 1
    if current:
        raise ValueError(f"the seed ends inside a paragraph: {' '.join(current)[-80:]!r}")
    return blocks


def _anchors(kinds: list[str]) -> list[str]:
    counters = {"heading": 0, "paragraph": 0}
    anchors = []
    for kind in kinds:
        counters[kind] += 1
        anchors.append(f"{kind[0]}-{counters[kind]}")
    return anchors


def _local_markers(markers: tuple[EndnoteMarker, ...], start: int, end: int) -> tuple[EndnoteMarker, ...]:
    """The markers inside [start, end) of the joined text, in that block's own coordinates."""
    return tuple(EndnoteMarker(m.number, m.start - start, m.end - start)
                 for m in markers if start <= m.start and m.end <= end)


def blocks_from_raw(raw: str) -> tuple[Block, ...]:
    """All headings and paragraphs, with their endnote markers found once over the whole text."""
    parts = split_blocks(raw)
    joined = [join_lines("\n".join(lines)) for _, lines in parts]
    whole = " ".join(joined)
    if whole != join_lines(raw):  # the blocks must cover the article exactly, nothing lost
        raise ValueError("the article's blocks do not add up to the seed text")
    markers = find_endnote_markers(whole)
    result, start = [], 0
    for (kind, _), text, anchor in zip(parts, joined, _anchors([kind for kind, _ in parts])):
        cleaned = remove_markers(text, _local_markers(markers, start, start + len(text)))
        numbers = tuple(sorted(cleaned.endnote_positions))
        offsets = tuple(cleaned.endnote_positions[n] for n in numbers)
        result.append(Block(kind, cleaned.text, anchor, numbers, offsets))
        start += len(text) + 1
    return tuple(result)


@lru_cache(maxsize=1)
def _blocks(path: Path) -> tuple[Block, ...]:
    return blocks_from_raw(path.read_text(encoding="utf-8"))


def paragraphs(path: Path = SEED_PATH) -> tuple[Block, ...]:
    """Every heading and paragraph of the article in reading order (headings included)."""
    return _blocks(path)


def endnote_texts() -> dict[int, str]:
    """The endnote list by number: empty, because the seed does not contain it.

    The seed is the article's running text only (seeds/SEED.md: "the endnote list itself is
    not part of the text"). The references are in the original PDF; nothing is typed in here
    by hand, so a page must say "see the original" rather than show a reference.
    """
    return {}


def block(anchor: str) -> Block:
    """The block with this anchor (KeyError for an unknown one)."""
    for candidate in paragraphs():
        if candidate.anchor == anchor:
            return candidate
    raise KeyError(f"no block with anchor {anchor!r}")


@lru_cache(maxsize=1024)
def locate(quote: str) -> str | None:
    """Anchor of the first block holding the quote verbatim (folded like the data's quotes)."""
    wanted = normalise_quote(quote)
    if not wanted:
        return None
    return next((b.anchor for b in paragraphs() if wanted in b.text), None)


# --- sections and the article's three arguments ------------------------------------------------

@dataclass(frozen=True)
class Section:
    """A heading (None for the untitled introduction) and the paragraphs under it."""

    heading: Block | None
    paragraphs: tuple[Block, ...]

    @property
    def endnotes(self) -> tuple[int, ...]:
        return tuple(n for p in self.paragraphs for n in p.endnotes)


def sections() -> tuple[Section, ...]:
    """The article cut at its headings; the first section is the untitled introduction."""
    result: list[Section] = []
    heading, body = None, []
    for item in paragraphs():
        if item.kind == "heading":
            result.append(Section(heading, tuple(body)))
            heading, body = item, []
        elif item.kind == "paragraph":
            body.append(item)
    result.append(Section(heading, tuple(body)))
    return tuple(result)


@dataclass(frozen=True)
class Argument:
    """One of the article's arguments (or its conclusion) and where the article makes it.

    ``statement`` is the article's own sentence announcing it in the introduction (the
    conclusion's is the thesis sentence); ``anchors`` are the paragraphs of the section the
    article devotes to it, and ``endnotes`` the notes cited there, in order.
    """

    key: str
    label: str
    heading: str
    statement: str
    statement_anchor: str
    anchors: tuple[str, ...]
    endnotes: tuple[int, ...]


# The introduction announces three reasons ("First, ... Second, ... Third, ...") and the
# thesis; each has a section of its own. Written by hand from reading the seed; every heading
# and sentence is checked against the text when the arguments are built (and in tests).
_ARGUMENTS = (
    ("limited_power", "Russia's power in the Balkans is limited", "Russia in the Balkans",
     "First, this is because Russian power capabilities in the Balkans are limited."),
    ("kosovo_interests", "Serbia and Russia want different things on Kosovo", "All Roads Lead to Kosovo",
     "Second, while Serbia still relies on Russia and its UN Security Council (UNSC) veto in regards to "
     "the Kosovo dispute, the two countries have very different interests in this process."),
    ("vucic_distrust", "Moscow does not trust Vučić", "How Much Does Moscow Trust Aleksandar Vučić?",
     "Third, Russia does not trust Serbia’s most powerful political figure, President Aleksandar Vučić."),
    ("conclusion", "Serbia is replacing Russia with China", "Conclusion – Exit Moscow, Enter Beijing",
     "While the pandemic will end at one point, Serbia is slowly replacing Russia with China as its "
     "preferable go-to address in the rank of non-Western powers."),
)


def arguments() -> tuple[Argument, ...]:
    """The three arguments and the conclusion; ValueError if the seed no longer matches."""
    by_heading = {s.heading.text: s for s in sections() if s.heading is not None}
    result = []
    for key, label, heading, statement in _ARGUMENTS:
        section, statement_anchor = by_heading.get(heading), locate(statement)
        if section is None or statement_anchor is None:
            raise ValueError(f"argument {key!r}: heading or statement not found in the seed")
        result.append(Argument(key, label, heading, statement, statement_anchor,
                               tuple(p.anchor for p in section.paragraphs), section.endnotes))
    return tuple(result)


# --- links from the article's figures to the pages that chart them ------------------------------

@dataclass(frozen=True)
class FigureLink:
    """A data row whose quote stands in the article, and where.

    ``key`` is the row's primary key as (column, value) pairs; ``line`` its line in the CSV.
    ``quote_span`` and ``value_span`` are (start, end) offsets into the block's text: the whole
    quote, and the figure as written (``value_in_text``), or None where the row has no such
    text or it is not in the quote. ``anchor`` is None when the quote is not within one block.
    """

    table: str
    page: str
    key: tuple[tuple[str, str], ...]
    line: int
    anchor: str | None
    value_in_text: str | None
    quote_span: tuple[int, int] | None
    value_span: tuple[int, int] | None


def _span_in(text: str, part: str, within: tuple[int, int]) -> tuple[int, int] | None:
    """First whole-token occurrence of ``part`` inside text[within]: "8%" does not match in "58.2%"."""
    pattern = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")
    match = pattern.search(text, within[0], within[1])
    return (match.start(), match.end()) if match else None


def _row_link(table: str, key_columns: list[str], line: int, row: pd.Series) -> FigureLink:
    quote = normalise_quote(str(row["quote"]))
    anchor = locate(quote)
    value = row.get("value_in_text")
    value = None if value is None or pd.isna(value) or not str(value).strip() else str(value)
    quote_span = value_span = None
    if anchor is not None:
        text = block(anchor).text
        start = text.index(quote)
        quote_span = (start, start + len(quote))
        value_span = _span_in(text, value, quote_span) if value else None
    key = tuple((column, str(row[column])) for column in key_columns)
    return FigureLink(table, PAGE_OF_TABLE[table], key, line, anchor, value, quote_span, value_span)


def figure_links(tables: Mapping[str, pd.DataFrame],
                 primary_keys: Mapping[str, list[str]] | None = None) -> list[FigureLink]:
    """One link per row with a quote, for the tables of PAGE_OF_TABLE present in ``tables``.

    ``primary_keys`` defaults to the primaryKey of each table in datapackage.json.
    """
    if primary_keys is None:
        from components import data  # imported here: the article itself needs no data package
        primary_keys = {name: data.resource_descriptor(name)["schema"]["primaryKey"]
                        for name in PAGE_OF_TABLE if name in tables}
    links = []
    for table in PAGE_OF_TABLE:
        frame = tables.get(table)
        if frame is None or "quote" not in frame:
            continue
        for position, (_, row) in enumerate(frame.iterrows()):
            if pd.notna(row["quote"]) and str(row["quote"]).strip():
                links.append(_row_link(table, list(primary_keys[table]), position + 2, row))
    return links


# --- safe markdown ------------------------------------------------------------------------------

def superscript(number: int) -> str:
    """Endnote 22 as "²²": Streamlit's markdown has no <sup> and HTML is not allowed."""
    return str(number).translate(SUPERSCRIPT_DIGITS)


def safe_link_target(url: str) -> str:
    """A link target for markdown: relative ("/trade?partner=RUS", "?x", "#p-3") or http(s).

    Anything else (javascript:, data:, mailto:, a bare word) raises ValueError; characters that
    could end the link or start markup are percent-encoded.
    """
    if not re.match(r"(?:https?://|/|\?|#)", url, flags=re.IGNORECASE) or url.startswith("//"):
        raise ValueError(f"not a relative or http(s) link: {url[:80]!r}")
    return percent_encode(url, safe="/?#&=%:@!$+,;~.-_*")


def _plain_segment(block_: Block, start: int, end: int, at_end: bool) -> str:
    """text[start:end] escaped, each endnote marker put back as a superscript before its offset."""
    pieces, cursor = [], start
    for number, offset in zip(block_.endnotes, block_.endnote_offsets):
        if start <= offset < end or (at_end and offset == end):
            pieces += [escape_markdown(block_.text[cursor:offset]), superscript(number)]
            cursor = offset
    pieces.append(escape_markdown(block_.text[cursor:end]))
    return "".join(pieces)


def _disjoint(links: Mapping[tuple[int, int], str], length: int) -> list[tuple[tuple[int, int], str]]:
    """Valid spans in order; a span overlapping an earlier (or longer, at the same start) one is dropped."""
    chosen, last_end = [], 0
    for (start, end), url in sorted(links.items(), key=lambda item: (item[0][0], -item[0][1])):
        if 0 <= start < end <= length and start >= last_end:
            chosen.append(((start, end), url))
            last_end = end
    return chosen


def render_markdown(block_: Block, links: Mapping[tuple[int, int], str] | None = None) -> str:
    """The block as Streamlit markdown: text escaped, endnotes as superscripts, spans as links.

    ``links`` maps (start, end) offsets into ``block_.text`` (FigureLink.value_span or
    quote_span) to a URL (see safe_link_target). A heading becomes a level-3 markdown heading.
    """
    parts, cursor, length = [], 0, len(block_.text)
    for (start, end), url in _disjoint(links or {}, length):
        parts.append(_plain_segment(block_, cursor, start, at_end=False))
        parts.append(f"[{_plain_segment(block_, start, end, at_end=False)}]({safe_link_target(url)})")
        cursor = end
    parts.append(_plain_segment(block_, cursor, length, at_end=True))
    body = "".join(parts)
    return f"### {body}" if block_.kind == "heading" else body
