"""The seed article as clean, searchable text, derived by code from the byte-for-byte seed.

The seed is text extracted from a PDF: hard line breaks, words split across lines, and endnote
numbers glued to words ("pandemic1") or to years ("In 201922" is the year 2019 with endnote
22). Quotes in data/ are checked against the cleaned text, so the cleaning lives here, in one
place, and is never done by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SEED_PATH = Path(__file__).resolve().parent.parent / "seeds" / "000_906fed83d2838f2b.txt"
ENDNOTE_COUNT = 67

# An endnote marker follows a letter or closing punctuation ("Italy9", "Dačić.57",
# "Vučić,”61") or is glued to a four-digit year ("201922"). A hyphen never precedes one,
# which keeps "COVID-19" and "MiG-29" intact.
_AFTER_WORD = r"(?<=[^\W\d_]|[.,:;”’\")])"
_AFTER_YEAR = r"(?<=\b(?:19|20)\d\d)"


@dataclass(frozen=True)
class SeedText:
    """Cleaned article text and where each endnote marker stood in it."""

    text: str
    endnote_positions: dict[int, int]


def join_lines(raw: str) -> str:
    """Join PDF lines into running text with single spaces.

    Every line-final hyphen in this article is a real compound hyphen ("Serbo-Russian",
    "man-portable"), so the hyphen is kept and the line break removed.
    """
    text = re.sub(r"-[ \t]*\r?\n[ \t]*", "-", raw)
    return re.sub(r"\s+", " ", text).strip()


def _find_marker(text: str, number: int, start: int) -> re.Match[str] | None:
    pattern = rf"(?:{_AFTER_WORD}|{_AFTER_YEAR}){number}(?!\d)"
    return re.compile(pattern).search(text, start)


@dataclass(frozen=True)
class EndnoteMarker:
    """Endnote ``number`` stands at text[start:end] of the text it was found in."""

    number: int
    start: int
    end: int


def find_endnote_markers(text: str, count: int = ENDNOTE_COUNT) -> tuple[EndnoteMarker, ...]:
    """Find markers 1..count, in order, each searched after the one before.

    Searching in order is what separates a marker from a real number: "In 201922" holds
    marker 22 only because marker 21 came before it. Raises ValueError when a marker cannot
    be found: the seed would then not be the one this code was written for, and silently
    keeping digits would corrupt every quote check.
    """
    markers: list[EndnoteMarker] = []
    cursor = 0
    for number in range(1, count + 1):
        match = _find_marker(text, number, cursor)
        if match is None:
            raise ValueError(f"endnote {number} not found after character {cursor}")
        markers.append(EndnoteMarker(number, match.start(), match.end()))
        cursor = match.end()
    return tuple(markers)


def remove_markers(text: str, markers: tuple[EndnoteMarker, ...]) -> SeedText:
    """Cut the markers (sorted, in ``text``'s coordinates) out of ``text``.

    Each marker's position in the result is where its digits stood, i.e. right after the
    word or punctuation it was glued to.
    """
    pieces: list[str] = []
    positions: dict[int, int] = {}
    kept = removed = 0
    for marker in markers:
        pieces.append(text[kept:marker.start])
        positions[marker.number] = marker.start - removed
        removed += marker.end - marker.start
        kept = marker.end
    pieces.append(text[kept:])
    return SeedText(text="".join(pieces), endnote_positions=positions)


def strip_endnotes(text: str, count: int = ENDNOTE_COUNT) -> SeedText:
    """Remove endnote markers 1..count (see find_endnote_markers); ValueError if one is missing."""
    return remove_markers(text, find_endnote_markers(text, count))


@lru_cache(maxsize=1)
def seed_text(path: Path = SEED_PATH) -> SeedText:
    """The cleaned seed, computed once per process."""
    return strip_endnotes(join_lines(path.read_text(encoding="utf-8")))


def normalise_quote(quote: str) -> str:
    """Apply the same whitespace folding to a quote as to the article."""
    return re.sub(r"\s+", " ", quote).strip()
