"""Stand-in for the dashboard's contract, used only to develop tests/e2e before app.py exists.

Run the e2e tests against it with E2E_APP=tests/e2e/mock_app/app.py.
"""

import streamlit as st

PARTNERS = {"RUS": "Russia", "CHN": "China", "EU": "European Union", "NATO": "NATO", "USA": "United States"}
PRESETS = {"All": [], "West": ["EU", "NATO", "USA"], "Russia and allies": ["RUS"], "China": ["CHN"]}

url_partners = [code for code in st.query_params.get_all("partner") if code in PARTNERS]
if "partner" in st.query_params and url_partners != st.session_state.get("_written_partners"):
    st.session_state.partner_select = url_partners


def apply_preset() -> None:
    st.session_state.partner_select = PRESETS.get(st.session_state.partner_preset) or []


st.sidebar.pills("Presets", list(PRESETS), key="partner_preset", on_change=apply_preset)
st.sidebar.multiselect("Partners", list(PARTNERS), format_func=PARTNERS.get, key="partner_select")
selection = st.session_state.partner_select
st.query_params["partner"] = selection
st.session_state._written_partners = list(selection)

pages = [st.Page("mock_pages/page.py", title="Overview", default=True)]
for slug in ["trade", "security", "china", "pandemic", "soft-power", "kosovo"]:
    pages.append(st.Page(f"mock_pages/{slug.replace('-', '_')}.py", title=slug.title(), url_path=slug))
pages.append(st.Page("mock_pages/sources.py", title="Data and sources", url_path="sources"))
st.navigation(pages).run()
