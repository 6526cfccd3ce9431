""""Cite this view": one citation of a dashboard page in plain text, BibTeX and RIS.

The page title, the URL (its query string holds the view) and source titles reach these
formats unchanged from data and from the address bar, so every value is folded onto one line
and escaped for its format: a title or URL can neither break the entry nor add a field.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote as percent_encode

BIBTEX_FIELDS = ("title", "howpublished", "url", "urldate", "version", "note")


@dataclass(frozen=True)
class Source:
    """What the view is built on: the article (``detail``: "endnotes 7, 8") or a data set (its licence)."""

    kind: Literal["article", "dataset"]
    title: str
    credit: str
    detail: str


@dataclass(frozen=True)
class Citation:
    """Everything a citation of one view says. ``url`` includes the query string of the view."""

    dashboard_title: str
    page_title: str
    url: str
    accessed: datetime.date
    version: str
    sources: tuple[Source, ...] = ()
    year: int | None = None  # the year of the data package version (its "created" date)
    producer: str = ""  # who made the dashboard (the package's contributors); empty: the title stands first


# --- shared: one line, a URL without markup ------------------------------------------------------

def one_line(text: str) -> str:
    """Control characters and line or paragraph separators become spaces; runs of space fold."""
    spaced = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in str(text))
    return re.sub(r"\s+", " ", spaced).strip()


def encoded_url(url: str) -> str:
    """The URL with every character outside RFC 3986's reserved/unreserved sets percent-encoded.

    Existing %XX escapes are kept. Braces, backslashes, quotes, spaces, angle brackets and
    line breaks are encoded, so the URL cannot end a BibTeX value or start HTML.
    """
    return percent_encode(one_line(url), safe=":/?#[]@!$&'()*+,;=%-._~")


def _source_line(source: Source) -> str:
    kind = "Article" if source.kind == "article" else "Data set"
    return f"{kind}: {source.title} ({source.credit}; {source.detail})"


def _sources_note(citation: Citation) -> str:
    return "; ".join(_source_line(source) for source in citation.sources)


def short(citation: Citation) -> str:
    """One line for a footnote: producer (if known), title, year, the view's URL, the access date:
    "Serbia's external ties: Russia, China and the West — Trade (2026). https://…/trade?partner=RUS.
    Accessed 2026-12-03." The long form (``plain_text``) adds the version and every source."""
    producer = f"{one_line(citation.producer)}, " if citation.producer else ""
    year = f" ({citation.year})" if citation.year else ""
    return one_line(f"{producer}{citation.dashboard_title} — {citation.page_title}{year}. "
                    f"{encoded_url(citation.url)}. Accessed {citation.accessed.isoformat()}.")


def plain_text(citation: Citation) -> str:
    """"Dashboard — Page. Data package version 1.0.0. URL (accessed 2026-11-25). Built on: ..."."""
    text = (f"{citation.dashboard_title} — {citation.page_title}. Data package version {citation.version}. "
            f"{encoded_url(citation.url)} (accessed {citation.accessed.isoformat()}).")
    if citation.sources:
        text += f" Built on: {_sources_note(citation)}."
    return one_line(text)


# --- BibTeX -------------------------------------------------------------------------------------

# Braces and backslashes become commands with balanced braces: BibTeX counts "\{" as an opening
# brace, so a plain backslash escape would unbalance the entry.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", '"': '{"}',
}


def bibtex_escape(text: str) -> str:
    """One line of text as a BibTeX/LaTeX value: specials escaped, braces always balanced."""
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in one_line(text))


def _slug(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "", ascii_text.lower())[:24] or fallback


def bibtex_key(citation: Citation) -> str:
    """ASCII key, the same for the same view on the same day: dashboard, page, date, URL hash."""
    digest = hashlib.sha256(one_line(citation.url).encode("utf-8")).hexdigest()[:8]
    return (f"{_slug(citation.dashboard_title, 'dashboard')}-{_slug(citation.page_title, 'page')}-"
            f"{citation.accessed:%Y%m%d}-{digest}")


def bibtex(citation: Citation) -> str:
    """An @misc entry with exactly the fields in BIBTEX_FIELDS, one per line."""
    url = encoded_url(citation.url)
    note = f"Accessed {citation.accessed.isoformat()}. Data package version {citation.version}."
    if citation.sources:
        note += f" Built on: {_sources_note(citation)}."
    values = {
        "title": bibtex_escape(f"{citation.dashboard_title} — {citation.page_title}"),
        # url is read verbatim by biblatex; it holds no brace, backslash, quote or space
        "howpublished": f"\\url{{{url}}}",
        "url": url,
        "urldate": citation.accessed.isoformat(),
        "version": bibtex_escape(citation.version),
        "note": bibtex_escape(note),
    }
    body = ",\n".join(f"  {name} = {{{values[name]}}}" for name in BIBTEX_FIELDS)
    return f"@misc{{{bibtex_key(citation)},\n{body}\n}}\n"


# --- RIS ----------------------------------------------------------------------------------------

def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {one_line(value)}"


def ris(citation: Citation) -> str:
    """One RIS record (TY  - ELEC ... ER  - ), one field per line, every value on one line."""
    lines = [
        _ris_line("TY", "ELEC"),
        _ris_line("TI", f"{citation.dashboard_title} — {citation.page_title}"),
        _ris_line("T2", citation.dashboard_title),
        _ris_line("UR", encoded_url(citation.url)),
        _ris_line("Y2", citation.accessed.strftime("%Y/%m/%d")),  # access date
        _ris_line("ET", f"Data package version {citation.version}"),
    ]
    lines += [_ris_line("N1", _source_line(source)) for source in citation.sources]
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"
