"""Kosovo and diplomacy: every dated event of the article on one timeline, the events as a table,
the article's findings on diplomacy, and Serbia's UN votes in agreement with the US, Russia and China."""

import streamlit as st

from components import registry, widgets
from components.cite_widget import cite_this_view, sections_of
from components.views import kosovo

view = widgets.page_view(kosovo.build)

widgets.page_header(view.heading)
st.markdown("Kosovo ties Belgrade to Moscow more than anything else; the dated events of the article show "
            "how Serbia has worked that tie alongside its courting of Washington, Brussels and Beijing.")
widgets.show(view.timeline, "kosovo")
widgets.show(view.events, "kosovo")
widgets.show(view.findings, "kosovo")

st.subheader("At the UN: Serbia's votes in agreement with the US, Russia and China")
names = dict(view.neighbours)
codes = list(names)
neighbour = st.selectbox("Compare with", codes, index=codes.index(view.neighbour), format_func=names.get,
                         key="unga_neighbour")
widgets.show(view.unga if neighbour == view.neighbour else kosovo.unga_section(widgets.current_state(), neighbour),
             "kosovo")

cite_this_view(registry.page("kosovo").title, sections_of(view), widgets.current_state(), page_key="kosovo")
