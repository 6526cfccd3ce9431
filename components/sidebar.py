"""The sidebar filter: partners, the blocs they bring in, and the as-of date, bound to the URL.

Streamlit keeps each bound widget's value in the query string (``?partner=RUS&partner=CHN``,
``?blocs=false``, ``?asof=2020-06``) and across page navigation, and drops invalid values from
a link (Streamlit PR #13951). What it does not do is done here: presets, the visible notice for values
a link held that are not partner codes, and turning the widgets into one ``ViewState``.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from components import countries, params, widgets
from components import state as view_states
from components.filters import dropped_notice, parse_partner_params

PARTNER_KEY = "partner"
BLOCS_KEY = "blocs"
ASOF_KEY = "asof"
PRESET_KEY = "partner_preset"
NOTICE_KEY = "_dropped_partner_notice"
PUSH_KEY = "_filter_changed_by_hand"  # set by the widgets' callbacks, never by a link or Back
LAST_QUERY_KEY = "_last_filter_query"
LINK_READ_KEY = "_partner_link_read"  # the link's partner values last canonicalised
STATE_PARAMS = (PARTNER_KEY, BLOCS_KEY, ASOF_KEY)


def _canonical_link(codes: list[str]) -> None:
    """Read the link the same way with or without ``?embed=true``: partner codes in any case and
    comma lists (``?partner=rus,CHN``) become the codes the bound widget accepts; values of the
    other filter parameters that do not parse are dropped with a notice (the widget would drop
    them silently)."""
    raw = st.query_params.get_all(PARTNER_KEY)
    parsed = parse_partner_params(raw, codes)
    # A bound parameter is changed through its widget's session state, not st.query_params.
    if raw and list(raw) != list(parsed.codes) and st.session_state.get(LINK_READ_KEY) != raw:
        st.session_state[PARTNER_KEY] = list(parsed.codes)
    st.session_state[LINK_READ_KEY] = raw
    for param in (params.BLOCS, params.ASOF):
        values, notice = params.parse_values(param, st.query_params.get_all(param.name))
        if notice:
            st.session_state[NOTICE_KEY + param.name] = notice


def filter_sidebar(partners: pd.DataFrame) -> view_states.ViewState:
    """Draw the filter in the sidebar and return the state it describes."""
    codes = [str(c) for c in partners["code"]]
    names = dict(zip(partners["code"], partners["name"]))
    _remember_dropped(codes)
    _canonical_link(codes)
    with st.sidebar:
        st.pills("Presets", list(view_states.PRESETS), key=PRESET_KEY, on_change=_apply_preset)
        # Picked by name or code ("Germ" finds "Germany (DEU)"); the link keeps the codes (?partner=DEU).
        chosen = widgets.coded_multiselect(
            "Partners", codes, key=PARTNER_KEY, label_of=lambda code: countries.label(code, names),
            on_change=_chosen_by_hand, placeholder="Type a name or code: Germany, RUS, EU …",
            help="Countries and the blocs EU, NATO, EAEU and CSTO, by name or by code (ISO 3166-1 alpha-3: "
                 "XKX = Kosovo). The West is the whole West camp. A link keeps the codes.")
        include_blocs = st.toggle("A country brings in its blocs", value=True, key=BLOCS_KEY, bind="query-params",
                                  on_change=_changed_by_hand,
                                  help="Germany brings in the EU and NATO, whose figures concern it. Turn off to "
                                       "see only the countries chosen.")
        asof = st.radio("Data as of", list(view_states.ASOF_VALUES), key=ASOF_KEY, bind="query-params",
                        on_change=_changed_by_hand,
                        captions=[view_states.ASOF_LABELS[v] for v in view_states.ASOF_VALUES])
        for key in (NOTICE_KEY, NOTICE_KEY + params.BLOCS.name, NOTICE_KEY + params.ASOF.name):
            if st.session_state.get(key):
                st.warning(st.session_state[key])
    state = view_states.view_state(chosen, partners, asof=asof or view_states.ASOF_LATEST,
                                   include_blocs=bool(include_blocs))
    _history_entry(state)
    return state


def state_from_url(partners: pd.DataFrame) -> view_states.ViewState:
    """The view state of an embedded view, read from its link alone (no sidebar is drawn): the same
    parsing and validation as the widgets', and the same notice for codes that are not partners."""
    parsed = parse_partner_params(st.query_params.get_all(PARTNER_KEY), [str(c) for c in partners["code"]])
    notices = [dropped_notice(parsed)]
    asof, asof_notice = params.parse_values(params.ASOF, st.query_params.get_all(ASOF_KEY))
    blocs, blocs_notice = params.parse_values(params.BLOCS, st.query_params.get_all(BLOCS_KEY))
    for notice in filter(None, [*notices, asof_notice, blocs_notice]):
        st.warning(notice)
    return view_states.view_state(parsed.codes, partners, asof=asof[0] if asof else params.ASOF.default,
                                  include_blocs=(blocs[0] if blocs else params.BLOCS.default) == "true")


def _history_entry(state: view_states.ViewState) -> None:
    """A browser history entry for each change made with the widgets, so Back steps through the
    analyst's selections. Streamlit rewrites the URL in place when a bound widget changes; this
    puts the previous view's URL back under the new one. Changes that come from the URL itself (a
    link, Back, Forward) add nothing. Only codes validated above reach the script (JSON-encoded)."""
    # Explicit values, defaults included: "?partner=" clears the filter when Back returns here.
    partners = [f"{PARTNER_KEY}={code}" for code in state.chosen] or [f"{PARTNER_KEY}="]
    query = "&".join([*partners, f"{BLOCS_KEY}={str(state.include_blocs).lower()}", f"{ASOF_KEY}={state.asof}"])
    previous = st.session_state.get(LAST_QUERY_KEY)
    st.session_state[LAST_QUERY_KEY] = query
    if not st.session_state.pop(PUSH_KEY, False) or previous is None or previous == query:
        return
    with st.sidebar:
        components.html(HISTORY_SCRIPT.replace("PREVIOUS", json.dumps(previous).replace("<", "\\u003c"))
                        .replace("PARAMS", json.dumps(STATE_PARAMS)), height=0)


HISTORY_SCRIPT = """<script>
const w = window.parent, now = w.location.href, before = new URL(now);
for (const name of PARAMS) before.searchParams.delete(name);
for (const [name, value] of new URLSearchParams(PREVIOUS)) before.searchParams.append(name, value);
w.history.replaceState(w.history.state, "", before.toString());
w.history.pushState(w.history.state, "", now);
</script>"""


def _changed_by_hand() -> None:
    st.session_state[PUSH_KEY] = True


def _remember_dropped(codes: list[str]) -> None:
    """Notice for link values that are not partner codes (Streamlit drops them silently)."""
    raw = st.query_params.get_all(PARTNER_KEY)
    if raw:
        notice = dropped_notice(parse_partner_params(raw, codes))
        if notice:
            st.session_state[NOTICE_KEY] = notice


def _apply_preset() -> None:
    st.session_state[PUSH_KEY] = True
    label = st.session_state.get(PRESET_KEY)
    if label is not None:  # clearing a pill keeps the current selection
        st.session_state[PARTNER_KEY] = list(view_states.PRESETS[label])
    st.session_state.pop(NOTICE_KEY, None)


def _chosen_by_hand() -> None:
    st.session_state[PUSH_KEY] = True
    chosen = tuple(st.session_state.get(PARTNER_KEY) or ())
    st.session_state[PRESET_KEY] = next((label for label, codes in view_states.PRESETS.items()
                                         if codes == chosen and codes), None)
    st.session_state.pop(NOTICE_KEY, None)
