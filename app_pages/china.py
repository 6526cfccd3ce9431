"""China: investment and loans per the article, AidData's yearly record, and mask diplomacy."""

import streamlit as st

from components import registry, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.views import china

view = widgets.page_view(china.build)

widgets.page_header(view.heading)
widgets.show(view.finance, "china")
st.subheader("Chinese official finance to Serbia by year (AidData)")
widgets.show(view.aiddata, "china")
widgets.show(view.findings, "china")

cite_this_view(registry.page("china").title, sections(view), widgets.current_state(), page_key="china")
