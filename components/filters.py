"""Partner selection: presets, URL parsing, bloc resolution and row filtering.

Everything above the "Streamlit glue" marker is plain Python so that it can be
tested without a running app. The one Streamlit function at the bottom keeps
the selection in ``st.session_state`` and mirrors it to ``?partner=...`` in the
URL, following GUIDE.md section 2 (page navigation drops query parameters).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from components.textsafe import escape_markdown  # re-exported: pages still import it from here

# Label shown in the sidebar -> value of partners.csv's ``camp`` column.
# None means "no filter". Read-only so that no page can reorder or edit it.
PRESETS: Mapping[str, str | None] = MappingProxyType(
    {
        "All": None,
        "West": "West",
        "Russia and allies": "Russia",
        "China": "China",
    }
)

BLOC_KINDS = frozenset({"bloc", "alliance"})

# Limits on untrusted URL input: a shared link can hold anything, and the
# parsing cost and the size of the notice must stay bounded.
MAX_PARAM_VALUES = 50
MAX_VALUE_CHARS = 200
MAX_DROPPED_SHOWN = 10
DROPPED_MAX_CHARS = 40

# How many chosen partner names describe_selection spells out before "and N more".
MAX_NAMES_DESCRIBED = 5


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


def preset_codes(label: str, partners: pd.DataFrame) -> tuple[str, ...]:
    """Codes of the partners in the camp a preset stands for, in table order.

    "All" gives an empty tuple, which everywhere in this module means "no
    filter". Raises KeyError for a label that is not in PRESETS, because a
    silent fallback would hide a typo in a page script.
    """
    camp = PRESETS[label]
    if camp is None:
        return ()
    # Plain Python over two columns: elementwise pandas string ops cost ~1 ms here, on every run.
    return tuple(str(code) for code, kind in zip(partners["code"].tolist(), partners["camp"].tolist())
                 if kind == camp and isinstance(code, str))


def matching_preset(codes: Iterable[str], partners: pd.DataFrame) -> str | None:
    """Label of the preset whose codes equal ``codes`` (as a set), else None.

    Used to keep the preset pills highlighted only while they describe the
    current selection, e.g. after a shared link is opened.
    """
    wanted = frozenset(codes)
    for label in PRESETS:
        if frozenset(preset_codes(label, partners)) == wanted:
            return label
    return None


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


def _memberships(partners: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Map each partner code to the bloc codes in its ``member_of`` cell."""
    result: dict[str, tuple[str, ...]] = {}
    for code, member_of in zip(partners["code"], partners["member_of"]):
        if pd.isna(code):
            continue
        cell = "" if pd.isna(member_of) else str(member_of)
        result[str(code)] = tuple(b.strip() for b in cell.split(";") if b.strip())
    return result


def _kinds(partners: pd.DataFrame) -> dict[str, str]:
    """Map each partner code to its kind (country, bloc, alliance, other)."""
    return {
        str(code): "" if pd.isna(kind) else str(kind)
        for code, kind in zip(partners["code"], partners["kind"])
        if not pd.isna(code)
    }


def resolve_selection(
    codes: Iterable[str], partners: pd.DataFrame
) -> frozenset[str] | None:
    """Expand selected codes to every partner code whose rows belong in the view.

    A country brings its blocs (France -> EU, NATO) because bloc-level rows
    (EU trade, NATO exercises) concern it; a bloc brings its members (EU ->
    Germany, France, ...). None means "no filter" for an empty selection.
    """
    selected = tuple(codes)
    if not selected:
        return None
    memberships = _memberships(partners)
    kinds = _kinds(partners)
    resolved: set[str] = set()
    for code in selected:
        resolved.add(code)
        if kinds.get(code) in BLOC_KINDS:
            resolved.update(m for m, blocs in memberships.items() if code in blocs)
        else:
            resolved.update(memberships.get(code, ()))
    return frozenset(resolved)


def filter_by_partner(
    df: pd.DataFrame, selection: frozenset[str] | None, column: str = "partner"
) -> pd.DataFrame:
    """Rows whose ``column`` holds a selected code; ``df`` itself when selection is None.

    Takes the already resolved selection so that bloc expansion happens once
    per run, not once per chart. Missing values never match.
    """
    if selection is None:
        return df
    return df[df[column].isin(selection)]


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


def describe_selection(codes: Iterable[str], partners: pd.DataFrame) -> str:
    """Short text such as "Russia, China (+ blocs: EAEU, CSTO)" for a caption.

    Tells the reader what the resolved filter actually includes, since bloc
    expansion adds rows the user did not pick by name.
    """
    selected = tuple(dict.fromkeys(codes))
    resolved = resolve_selection(selected, partners)
    if resolved is None:
        return "All partners"
    names = {str(c): str(n) for c, n in zip(partners["code"], partners["name"]) if not pd.isna(c)}
    shown = [names.get(code, code) for code in selected[:MAX_NAMES_DESCRIBED]]
    text = ", ".join(shown)
    if len(selected) > MAX_NAMES_DESCRIBED:
        text += f" and {len(selected) - MAX_NAMES_DESCRIBED} more"
    return text + _added_by_expansion(resolved - set(selected), partners)


def _added_by_expansion(added: frozenset[str] | set[str], partners: pd.DataFrame) -> str:
    """The " (+ blocs: EU; + 3 members)" suffix for codes added by resolve_selection."""
    if not added:
        return ""
    order = [str(c) for c in partners["code"].dropna()]
    kinds = _kinds(partners)
    blocs = [c for c in order if c in added and kinds.get(c) in BLOC_KINDS]
    members = [c for c in order if c in added and kinds.get(c) not in BLOC_KINDS]
    parts = []
    if blocs:
        parts.append("blocs: " + ", ".join(blocs))
    if members:
        parts.append(f"{len(members)} member{'s' if len(members) != 1 else ''}")
    return " (+ " + "; + ".join(parts) + ")"


def dropped_notice(parsed: ParsedPartners) -> str:
    """Warning text for rejected URL values, safe to pass to st.warning.

    Each rejected value goes in an inline code span (no markdown, links,
    emoji or HTML is interpreted there); backticks are replaced so a value
    cannot close the span, and control or invisible characters (newlines,
    bidi overrides) are replaced so a value cannot change the layout.
    """
    if not parsed.dropped and not parsed.more_dropped:
        return ""
    items = [f"`{_code_span_safe(value)}`" for value in parsed.dropped]
    if parsed.more_dropped:
        items.append(f"and {parsed.more_dropped} more")
    return "Unknown partner codes in the link were ignored: " + ", ".join(items)


def _code_span_safe(value: str) -> str:
    """Make ``value`` safe inside a markdown inline code span."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in value)
    return cleaned.replace("`", "'") or "?"


# --------------------------------------------------------------------------
# Streamlit glue: the only code here that needs a running app.
# --------------------------------------------------------------------------

STATE_KEY = "partners"
WRITTEN_KEY = "_partners_written"
SELECT_KEY = "partner_select"
PRESET_KEY = "partner_preset"
URL_KEY = "partner"


def partner_filter_sidebar(partners: pd.DataFrame) -> tuple[str, ...]:
    """Sidebar partner filter whose state survives page changes and lives in the URL.

    The URL seeds the selection only when it differs from what this function
    last wrote (a shared link, Back/Forward); an absent ``partner`` key is a
    page click in the navigation, which drops query parameters, so it keeps
    the current selection. The selection is written back to the URL every run.
    """
    import streamlit as st

    state = st.session_state
    codes = tuple(str(c) for c in partners["code"].dropna())
    names = {str(c): str(n) for c, n in zip(partners["code"], partners["name"]) if not pd.isna(c)}
    url_values = tuple(st.query_params.get_all(URL_KEY))
    parsed = ParsedPartners()
    if STATE_KEY not in state or (url_values and url_values != state.get(WRITTEN_KEY)):
        parsed = parse_partner_params(list(url_values), codes)
        _set_selection(parsed.codes, partners)
    elif SELECT_KEY not in state:  # widget state is dropped when a run skips the widget
        _set_selection([c for c in state[STATE_KEY] if c in codes], partners)
    with st.sidebar:
        st.pills(
            "Presets", list(PRESETS), key=PRESET_KEY,
            on_change=_apply_preset, args=(partners,),
        )
        st.multiselect(
            "Partners", options=codes, format_func=lambda c: names.get(c, c),
            key=SELECT_KEY, on_change=_sync_preset, args=(partners,),
        )
        if parsed.dropped or parsed.more_dropped:
            st.warning(dropped_notice(parsed))
        selected = tuple(state[SELECT_KEY])
        st.caption(escape_markdown(describe_selection(selected, partners)))
    state[STATE_KEY] = selected
    _write_url(selected)
    return selected


def _set_selection(codes: Sequence[str], partners: pd.DataFrame) -> None:
    """Put ``codes`` into the widgets' state before they are drawn."""
    import streamlit as st

    st.session_state[SELECT_KEY] = list(codes)
    st.session_state[PRESET_KEY] = matching_preset(codes, partners)


def _apply_preset(partners: pd.DataFrame) -> None:
    """Callback of the preset pills: replace the multiselect's choice by the preset."""
    import streamlit as st

    label = st.session_state.get(PRESET_KEY)
    if label is not None:  # clearing a pill keeps the current selection
        st.session_state[SELECT_KEY] = list(preset_codes(label, partners))


def _sync_preset(partners: pd.DataFrame) -> None:
    """Callback of the multiselect: highlight a preset only while it still matches."""
    import streamlit as st

    st.session_state[PRESET_KEY] = matching_preset(st.session_state[SELECT_KEY], partners)


def _write_url(selected: tuple[str, ...]) -> None:
    """Mirror the selection to ``?partner=...``; "no filter" is written as an empty ``?partner=``.

    An explicit empty value lets Back return to the unfiltered view: a URL without the key
    means a navigation click (which drops query parameters) and keeps the selection.
    """
    import streamlit as st

    wanted = list(selected) or [""]
    if st.query_params.get_all(URL_KEY) != wanted:
        st.query_params[URL_KEY] = wanted
    st.session_state[WRITTEN_KEY] = tuple(wanted)
