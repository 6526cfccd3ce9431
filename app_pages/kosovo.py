"""Kosovo and diplomacy: every dated event of the article on one timeline, the events as a table,
the article's findings on diplomacy, and Serbia's UN votes in agreement with the US, Russia and China."""

import streamlit as st

from components import params, registry, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.views import kosovo

widgets.control_notice(params.NEIGHBOUR)
state = widgets.current_state()
names = widgets.page_view(lambda _: dict(kosovo.neighbours()))  # code -> name; the widget and link use the name
default = names[kosovo.default_neighbour(state)]

widgets.page_header(kosovo.HEADING)
st.markdown("Kosovo ties Belgrade to Moscow more than anything else; the dated events of the article show "
            "how Serbia has worked that tie alongside its courting of Washington, Brussels and Beijing.")
timeline_slot = st.container()
st.subheader("At the UN: Serbia's votes in agreement with the US, Russia and China")
options = list(names.values())
# The default index only when the link has not set the widget already (Streamlit warns on both).
preset = {} if params.NEIGHBOUR.name in st.session_state else {"index": options.index(default)}
neighbour = st.selectbox("Compare with", options, key=params.NEIGHBOUR.name, bind="query-params", **preset)
widgets.set_control(params.NEIGHBOUR, None if neighbour == default else neighbour)
view = widgets.page_view(kosovo.build)
with timeline_slot:
    widgets.show(view.timeline, "kosovo")
    widgets.show(view.events, "kosovo")
    widgets.show(view.findings, "kosovo")
widgets.show(view.unga, "kosovo")

cite_this_view(registry.page("kosovo").title, sections(view), widgets.current_state(), page_key="kosovo")
