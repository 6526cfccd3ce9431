"""Kosovo and diplomacy: every dated event of the article on one timeline, the events as a table,
and the article's findings on diplomacy."""

import streamlit as st

from components import widgets
from components.views import kosovo

view = widgets.page_view(kosovo.build)

widgets.page_header(view.heading)
st.markdown("Kosovo ties Belgrade to Moscow more than anything else; the dated events of the article show "
            "how Serbia has worked that tie alongside its courting of Washington, Brussels and Beijing.")
widgets.show(view.timeline, "kosovo")
widgets.show(view.events, "kosovo")
widgets.show(view.findings, "kosovo")
