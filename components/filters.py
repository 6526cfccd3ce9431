"""Partner codes from untrusted links, and row filtering by a resolved selection. Plain Python.

Resolving a choice into a selection (blocs, members, presets) is ``components.state``; the
sidebar widgets are ``components.sidebar``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from components.textsafe import code_span

# Limits on untrusted URL input: a shared link can hold anything, and the
# parsing cost and the size of the notice must stay bounded.
MAX_PARAM_VALUES = 50
MAX_VALUE_CHARS = 200
MAX_DROPPED_SHOWN = 10
DROPPED_MAX_CHARS = 40


@dataclass(frozen=True)
class ParsedPartners:
    """Result of reading ``?partner=`` values.

    ``codes`` are known partner codes in first-seen order without repeats.
    ``dropped`` are rejected inputs, shortened, for a notice to the user;
    ``more_dropped`` counts rejected inputs that were not listed (caps).
    """

    codes: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    more_dropped: int = 0


def shorten(text: str, limit: int = DROPPED_MAX_CHARS) -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut with an ellipsis.

    Rejected URL values are echoed back to the user; a bounded length keeps a
    hostile or accidental megabyte-long value from flooding the sidebar.
    """
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "\u2026"


def _split_value(value: str) -> list[str]:
    """Split one URL value on commas, so both ``?partner=RUS,CHN`` and repeated keys work."""
    return [piece.strip() for piece in value.split(",")]


def parse_partner_params(
    values: Sequence[str] | str | None, known_codes: Iterable[str]
) -> ParsedPartners:
    """Turn untrusted ``?partner=`` values into known codes plus a list of rejects.

    Never raises: a bad link must degrade to "ignored, with a notice", not an
    error page. Matching is case-insensitive after stripping whitespace; empty
    values are ignored silently (``?partner=`` is a normal empty selection).
    """
    if values is None:
        values = []
    elif isinstance(values, str):  # a lone string would otherwise iterate by character
        values = [values]
    values = list(dict.fromkeys(v if isinstance(v, str) else repr(v) for v in values))  # a repeat is not a reject
    canonical = {str(code).casefold(): str(code) for code in known_codes}
    codes: dict[str, None] = {}  # dict keeps first-seen order and drops repeats
    rejected: dict[str, None] = {}
    for value in list(values)[:MAX_PARAM_VALUES]:
        text = value if isinstance(value, str) else repr(value)
        if len(text) > MAX_VALUE_CHARS:
            rejected[shorten(text)] = None
            continue
        for piece in _split_value(text):
            if not piece:
                continue
            if piece.casefold() in canonical:
                codes[canonical[piece.casefold()]] = None
            else:
                rejected[shorten(piece)] = None
    not_processed = max(0, len(values) - MAX_PARAM_VALUES)
    shown = tuple(rejected)[:MAX_DROPPED_SHOWN]
    return ParsedPartners(
        codes=tuple(codes),
        dropped=shown,
        more_dropped=len(rejected) - len(shown) + not_processed,
    )


def filter_links(
    df: pd.DataFrame,
    selection: frozenset[str] | None,
    columns: Sequence[str] = ("source", "target"),
) -> pd.DataFrame:
    """Rows of a link table where any of ``columns`` holds a selected code.

    A link (e.g. an arms transfer from Russia to Serbia) concerns a partner if
    it appears at either end, so one matching end is enough.
    """
    if selection is None:
        return df
    mask = pd.Series(False, index=df.index)
    for column in columns:
        mask |= df[column].isin(selection)
    return df[mask]


def dropped_notice(parsed: ParsedPartners) -> str:
    """Warning text for rejected URL values, safe to pass to st.warning.

    Each rejected value goes in an inline code span (no markdown, links,
    emoji or HTML is interpreted there); backticks are replaced so a value
    cannot close the span, and control or invisible characters (newlines,
    bidi overrides) are replaced so a value cannot change the layout.
    """
    if not parsed.dropped and not parsed.more_dropped:
        return ""
    items = [f"`{code_span(value)}`" for value in parsed.dropped]
    if parsed.more_dropped:
        items.append(f"and {parsed.more_dropped} more")
    return "Unknown partner codes in the link were ignored: " + ", ".join(items)


