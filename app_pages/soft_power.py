"""Soft power and opinion: the crowd that greeted Putin, the most popular foreign leaders, and what
Serbs believe about their donors."""

import streamlit as st

from components import registry, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.views import soft_power

view = widgets.page_view(soft_power.build)

widgets.page_header(view.heading)
st.markdown("Russia's pull in Serbia rests largely on popularity: crowds for Putin, high rankings for "
            "Russia's leader, and a public that overrates Russian and Chinese generosity.")
widgets.show(view.crowd, "soft_power")
st.subheader("Most popular foreign leaders in Serbia")
widgets.show(view.leaders, "soft_power")
widgets.show(view.belief, "soft_power")
widgets.show(view.other_findings, "soft_power")

cite_this_view(registry.page("soft_power").title, sections(view), widgets.current_state(), page_key="soft_power")
