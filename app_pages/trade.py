"""Trade: the article's 2019 EU vs Russia/EAEU shares, then IMF DOTS by partner, the EU's own export
figures (Eurostat), gas imports and the Factbook's top import partners."""

import streamlit as st

from components import params, registry, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.views import trade

widgets.control_notice(params.TRADE_UNIT)
view = widgets.page_view(trade.build)  # heading and the article's shares do not depend on the unit

widgets.page_header(view.heading)
st.markdown("Serbia's 2019 trade with the EU against its trade with Russia and the Russia-led Eurasian Economic "
            "Union (EAEU), for total trade, exports and imports. The rest is trade with neither, computed as "
            "100 minus both shares.")
widgets.show(view.shares, "trade")

st.subheader("Before and after: Serbia's trade by partner, IMF DOTS")
unit = st.segmented_control("Show", params.TRADE_UNITS, default=params.TRADE_UNIT.default,
                            key=params.TRADE_UNIT.name, bind="query-params")
widgets.set_control(params.TRADE_UNIT, unit or params.TRADE_UNIT.default)
view = widgets.page_view(trade.build)  # the view of the state with the unit (memoised per state)
widgets.show(view.dots, "trade")

st.subheader("The EU's own figures: its exports to Serbia, Eurostat")
widgets.show(view.eu_exports, "trade")

st.subheader("Energy: gas")
widgets.show(view.gas, "trade")

st.subheader("Serbia's top import partners, CIA World Factbook")
widgets.show(view.imports, "trade")

cite_this_view(registry.page("trade").title, sections(view), widgets.current_state(), page_key="trade")
