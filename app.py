"""Entry point: page config, the partner filter in the sidebar, and navigation. No chart code."""

from pathlib import Path

import streamlit as st

from components import data, widgets
from components.filters import escape_markdown, partner_filter_sidebar, resolve_selection

# A local icon: a Material or emoji icon makes the browser fetch it from the internet.
FAVICON = Path(__file__).parent / "assets" / "favicon.png"
st.set_page_config(page_title="Serbia's external ties", page_icon=str(FAVICON), layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/trade.py", title="Trade", icon=":material/swap_horiz:", url_path="trade"),
    st.Page("app_pages/security.py", title="Security and defence", icon=":material/shield:", url_path="security"),
    st.Page("app_pages/china.py", title="China", icon=":material/account_balance:", url_path="china"),
    st.Page("app_pages/pandemic.py", title="Pandemic aid 2020", icon=":material/medical_services:", url_path="pandemic"),
    st.Page("app_pages/soft_power.py", title="Soft power and opinion", icon=":material/groups:", url_path="soft-power"),
    st.Page("app_pages/kosovo.py", title="Kosovo and diplomacy", icon=":material/timeline:", url_path="kosovo"),
    st.Page("app_pages/sources.py", title="Data and sources", icon=":material/description:", url_path="sources"),
]

navigation = st.navigation(PAGES)

try:
    partners = data.load_table("partners")
except data.DataError as error:
    st.sidebar.error(f"The partner filter is unavailable: {escape_markdown(str(error))}")
    st.session_state[widgets.SELECTION_KEY] = None
else:
    chosen = partner_filter_sidebar(partners)
    st.session_state[widgets.SELECTION_KEY] = resolve_selection(chosen, partners)

navigation.run()
