"""The glossary: each term a reader meets in a title, note, source line or column, defined once.

The Sources page lists every entry under its anchor (``/sources#glossary-tiv``); every section that
uses a term links to that entry and shows the definition in a tooltip (components/widgets.py), so a
term is one click from its definition wherever it appears. Which terms a text uses is decided here,
by each entry's pattern. Plain Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PAGE = "sources"  # the page that holds the glossary
SECTION_PREFIX = "glossary-"


@dataclass(frozen=True)
class Term:
    key: str
    term: str
    definition: str
    pattern: str  # where a text uses the term (case-insensitive regular expression)

    @property
    def section(self) -> str:
        """The section key of its entry on the Sources page (its link's ``#anchor``)."""
        return SECTION_PREFIX + self.key

    def used_in(self, text: str) -> bool:
        return re.search(self.pattern, text, flags=re.IGNORECASE) is not None


TERMS: tuple[Term, ...] = (
    Term("tiv", "TIV (SIPRI trend-indicator value)",
         "SIPRI's unit for the volume of major arms transferred, from the known production cost of each type of "
         "weapon: it measures military capability delivered, not the money paid or the value of an order. TIV "
         "compares only with TIV (a share of TIV, a rank by TIV).",
         r"\bTIV\b"),
    Term("fob-cif", "FOB and CIF",
         "Two ways of valuing the same goods. FOB (free on board): an export's value at the exporter's border. "
         "CIF (cost, insurance and freight): an import's value at the importer's border, transport and insurance "
         "included. Serbia reports its exports FOB and its imports CIF, so its imports from a partner are "
         "usually larger than that partner's own figure for its exports to Serbia.",
         r"\b(?:FOB|CIF)\b"),
    Term("mirror", "Mirror statistic",
         "The partner's own report of the same trade (China's exports to Serbia as China reports them), shown "
         "where Serbia's own figure is missing or to compare with it. It is not Serbia's figure: the two "
         "differ by valuation (FOB against CIF), transit, timing and the valuation of gas.",
         r"\bmirror\b"),
    Term("un-session", "UN General Assembly session",
         "The General Assembly's year, from September to September (session 74 = September 2019 to September "
         "2020). Votes are counted per session, not per calendar year, and the resolutions voted on change "
         "from one session to the next.",
         r"\bsessions?\b"),
    Term("release", "Release (vintage) of a data set",
         "Producers revise their figures after first publishing them, so one year's figure can differ between "
         "releases. The dashboard holds one release of each data set (see each table below); \u201cas revised "
         "in \u2026\u201d names a release later than the date chosen in \u201cData as of\u201d.",
         r"\bvintage\b|\bas revised in\b|\brelease\b"),
)
BY_KEY = {term.key: term for term in TERMS}


def used(texts: Iterable[str]) -> tuple[Term, ...]:
    """The terms these texts use, in the glossary's order."""
    joined = "\n".join(str(text) for text in texts)
    return tuple(term for term in TERMS if term.used_in(joined))


def tooltip(terms: Iterable[Term]) -> str:
    """The definitions of ``terms``, one paragraph each ("**TIV (…):** …"), for a help tooltip."""
    return "\n\n".join(f"**{term.term}:** {term.definition}" for term in terms)
