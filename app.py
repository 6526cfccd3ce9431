"""Entry point: page config, the filter in the sidebar, and navigation. No chart code."""

from pathlib import Path

import streamlit as st

from components import data, fairness, links, reconnect, widgets
from components.registry import PAGES
from components.sidebar import filter_sidebar, state_from_url
from components.textsafe import escape_markdown

# A local icon: an emoji page icon makes the browser fetch it from the internet.
FAVICON = Path(__file__).parent / "assets" / "favicon.png"
EMBEDDED = bool(st.context.is_embedded)  # ?embed=true (Streamlit keeps it out of st.query_params)
st.set_page_config(page_title="Serbia's external ties", page_icon=str(FAVICON), layout="wide",
                   initial_sidebar_state="collapsed" if EMBEDDED else "auto")

# An embedded view has no sidebar at any width: no navigation, and its state comes from the link
# alone (the line under each page title states it).
navigation = st.navigation([
    st.Page(entry.script, title=entry.title, icon=entry.icon, url_path=entry.url_path or None, default=entry.default)
    for entry in PAGES
], position="hidden" if EMBEDDED else "sidebar")

try:
    partners = data.load_table("partners")
except data.DataError as error:
    st.sidebar.error(f"The partner filter is unavailable: {escape_markdown(str(error))}")
    st.session_state.pop(widgets.STATE_KEY, None)
else:
    state = state_from_url(partners) if EMBEDDED else filter_sidebar(partners)
    # Links cite the address the analyst used (a configured public URL takes precedence: components.links).
    st.session_state[widgets.STATE_KEY] = state.with_site(links.site_from_request(st.context.url))
    st.session_state[widgets.NAMES_KEY] = dict(zip(partners["code"], partners["name"]))
with st.sidebar:
    widgets.in_app_links()  # links between pages keep the session and scroll to the section they name

reconnect.rerun_on_reconnect()  # a reconnect to another replica runs the page there (components/reconnect.py)
fairness.run_paced(navigation)  # navigation.run(), within this session's share of CPU (components/fairness.py)
