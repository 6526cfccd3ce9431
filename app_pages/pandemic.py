"""Pandemic aid 2020: Russia's deliveries, the per-size comparison with Italy, the Niš centre's
donation, and who greeted whose planes."""

import streamlit as st

from components import registry, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.views import pandemic

view = widgets.page_view(pandemic.build)

widgets.page_header(view.heading)
st.markdown("In spring 2020 Russia flew military aid to Serbia, yet Serbia's leadership gave China's aid "
            "the warmer welcome.")
widgets.show(view.deliveries, "pandemic")
st.subheader("Serbia and Italy, adjusted for size")
widgets.show(view.italy, "pandemic")
st.subheader("What the Serbian-Russian Humanitarian Centre in Niš donated to the Interior Ministry")
widgets.show(view.nis, "pandemic")
widgets.show(view.gestures, "pandemic")
widgets.show(view.findings, "pandemic")

cite_this_view(registry.page("pandemic").title, sections(view), widgets.current_state(), page_key="pandemic")
