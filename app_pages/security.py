"""Security and defence: exercises with NATO vs Russia, the donor ranking, arms deals, SIPRI deliveries."""

import streamlit as st

from components import registry, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.views import security

view = widgets.page_view(security.build)

widgets.page_header(view.heading)
widgets.show(view.exercises, "security")
widgets.show(view.donors, "security")
widgets.show(view.deals, "security")
st.subheader("What happened next: arms delivered to Serbia, by supplier (SIPRI)")
widgets.show(view.deliveries, "security")
widgets.show(view.register, "security")

cite_this_view(registry.page("security").title, sections(view), widgets.current_state(), page_key="security")
