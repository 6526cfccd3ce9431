"""Floor app for bench/bench.py: the cheapest Streamlit multipage app with a Plotly chart.

Two pages so that subpages of the dashboard are compared with a subpage here (opening a
subpage URL directly costs Streamlit itself more than the root page). One sidebar
multiselect stands in for the dashboard's partner filter, so a filter change can be timed
against the same kind of rerun.
"""

import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")

st.sidebar.multiselect("Bars", ["A", "B", "C", "D"], default=["A", "B", "C"], key="floor_bars")

navigation = st.navigation(
    [
        st.Page("floor_pages/root.py", title="Root", default=True),
        st.Page("floor_pages/second.py", title="Second", url_path="second"),
    ]
)
navigation.run()
