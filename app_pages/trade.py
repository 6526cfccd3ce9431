"""Trade: EU vs Russia/EAEU shares of Serbia's trade in 2019, and later Factbook partner shares."""

import streamlit as st

from components import widgets
from components.views import trade

view = widgets.page_view(trade.build)

widgets.page_header(view.heading)
st.markdown("Serbia's 2019 trade with the EU against its trade with Russia and the Russia-led Eurasian Economic "
            "Union (EAEU), for total trade, exports and imports. The rest is trade with neither, computed as "
            "100 minus both shares.")
widgets.show(view.shares, "trade")
st.subheader("What happened next: Serbia's top import partners, CIA World Factbook")
widgets.show(view.imports, "trade")
