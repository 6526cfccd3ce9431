"""Trade: EU vs Russia/EAEU shares of Serbia's trade in 2019, and later Factbook partner shares."""

import streamlit as st

from components import widgets

model = widgets.view("trade")

st.title("Trade: the EU dwarfs Russia and the EAEU")
st.markdown("Serbia's 2019 trade with the EU against its trade with Russia and the Russia-led Eurasian Economic "
            "Union (EAEU), for total trade, exports and imports. The rest is trade with neither, computed as "
            "100 minus both shares.")

widgets.chart_section(model["shares"], "trade shares", key="trade_shares",
                      note="“Rest of world” is derived: 100 − EU share − Russia/EAEU share.")

st.subheader("What happened next: Serbia's top import partners, CIA World Factbook")
widgets.chart_section(model["imports"], "Factbook import shares", key="trade_factbook_imports",
                      external="factbook_trade_partners",
                      note="Russia, China and the two largest other partners. The Factbook lists only the top five "
                           "or six partners of each edition; a missing point means the partner was not in that "
                           "edition's top list, not zero. Years after 2020 are post-publication.")
