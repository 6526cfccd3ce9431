"""Region: Serbia beside its nine neighbours on every indicator whose originals hold them, with a
summary of where Serbia is the region's outlier toward Russia or China, then and latest."""

import streamlit as st

from components import countries, params, registry, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.views import region

# The crosswalk first, through the data-error guard (a broken partners.csv stops this page only).
names = widgets.page_view(lambda _: countries.names())
everyone = list(region.neighbours())
widgets.control_notice(params.COMPARE)

widgets.page_header(region.HEADING)
st.markdown("Is Serbia the region's outlier toward Russia or China, and did that change after 2020? Each "
            "indicator is read as its producer reads it, as a share where countries' sizes differ; a country a "
            "source does not hold is named, never drawn as 0. Kosovo*: this designation is without prejudice to "
            "positions on status (UNSCR 1244).")
# Picked by name or code; the link keeps the codes (?compare=HRV), as the sidebar's partners.
preset = {} if params.COMPARE.name in st.session_state else {"default": everyone}
chosen = widgets.coded_multiselect(
    "Neighbours compared with Serbia", everyone, key=params.COMPARE.name,
    label_of=lambda code: countries.label(code, names), placeholder="Type a name or code: Croatia, ALB …",
    help="Serbia is always shown; the summary's medians and ranks are over the countries chosen.", **preset)
widgets.set_control(params.COMPARE, tuple(chosen) if set(chosen) != set(everyone) else None)
view = widgets.page_view(region.build)

widgets.show(view.summary, "region")
st.subheader("Trade with the EU27, Russia and China, IMF DOTS")
widgets.show(view.trade, "region")
st.subheader("UN General Assembly votes")
widgets.show(view.unga, "region")
st.subheader("Arms delivered, SIPRI")
widgets.show(view.arms, "region")
st.subheader("Chinese official finance, AidData")
widgets.show(view.finance, "region")
st.subheader("The EU's own figures: EU27 exports, Eurostat Comext")
widgets.show(view.eu_exports, "region")
st.subheader("NATO and EU status")
widgets.show(view.status, "region")

cite_this_view(registry.page("region").title, sections(view), widgets.current_state(), page_key="region")
