"""Entry point: page config, the filter in the sidebar, and navigation. No chart code."""

from pathlib import Path

import streamlit as st

from components import data, widgets
from components.registry import PAGES
from components.sidebar import filter_sidebar
from components.textsafe import escape_markdown

# A local icon: an emoji page icon makes the browser fetch it from the internet.
FAVICON = Path(__file__).parent / "assets" / "favicon.png"
EMBEDDED = st.query_params.get("embed", "").lower() == "true"
st.set_page_config(page_title="Serbia's external ties", page_icon=str(FAVICON), layout="wide",
                   initial_sidebar_state="collapsed" if EMBEDDED else "auto")
if EMBEDDED:
    # Embedded views show no sidebar at any width; the line under each page title states the view.
    st.html("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'] {display: none;}</style>")

navigation = st.navigation([
    st.Page(entry.script, title=entry.title, icon=entry.icon, url_path=entry.url_path or None, default=entry.default)
    for entry in PAGES
])

try:
    partners = data.load_table("partners")
except data.DataError as error:
    st.sidebar.error(f"The partner filter is unavailable: {escape_markdown(str(error))}")
    st.session_state.pop(widgets.STATE_KEY, None)
else:
    st.session_state[widgets.STATE_KEY] = filter_sidebar(partners)
    st.session_state[widgets.NAMES_KEY] = dict(zip(partners["code"], partners["name"]))

navigation.run()
