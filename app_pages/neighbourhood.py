"""Neighbourhood: Serbia and its neighbours by NATO/EU status at the end of a chosen year."""

import streamlit as st

from components import params, registry, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.views import neighbourhood

YEAR_KEY = params.YEAR.name  # the URL name: ?year=2016
SEEN_DEFAULT_KEY = "_neighbourhood_year_default"

years = widgets.page_view(neighbourhood.year_range)
# The default follows the as-of setting (2020 for the article, else the last year). If the analyst
# switches as-of without having moved the slider, move it to the new default.
previous = st.session_state.get(SEEN_DEFAULT_KEY)
if previous is not None and previous != years.default and st.session_state.get(YEAR_KEY) == previous:
    st.session_state[YEAR_KEY] = years.default
st.session_state[SEEN_DEFAULT_KEY] = years.default

widgets.page_header(neighbourhood.HEADING)
st.markdown("Serbia and its neighbours by NATO and EU status. Move the year to watch the ring close: Hungary "
            "joined NATO in 1999, Bulgaria, Romania and Slovenia in 2004, Albania and Croatia in 2009, Montenegro "
            "in 2017 and North Macedonia in 2020.")
widgets.control_notice(params.YEAR)
year = st.slider("Status at the end of the year", years.first, years.last, years.default, step=1, key=YEAR_KEY,
                 bind="query-params", help="Each country's status on 31 December of the year chosen.")
widgets.set_control(params.YEAR, None if year == years.default else year)
view = widgets.page_view(neighbourhood.build)

map_column, dates_column = st.columns([3, 2])
with map_column:
    widgets.show(view.map, "neighbourhood")
with dates_column:
    widgets.show(view.dates, "neighbourhood")
widgets.show(view.serbia_path, "neighbourhood")
widgets.show(view.argument, "neighbourhood")

cite_this_view(registry.page("neighbourhood").title, sections(view), widgets.current_state(), page_key="neighbourhood")
