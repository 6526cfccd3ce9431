"""Trade: EU vs Russia/EAEU shares of Serbia's trade in 2019, and later Factbook partner shares."""

import streamlit as st

from components import charts, data, provenance, widgets

shares, factbook, partners = widgets.tables("trade_shares", "factbook_trade_partners", "partners")
names, colours = widgets.partner_lookups()

st.title("Trade: the EU dwarfs Russia and the EAEU")
st.markdown("Serbia's 2019 trade with the EU against its trade with Russia and the Russia-led Eurasian Economic "
            "Union (EAEU), for total trade, exports and imports. The rest is trade with neither, computed as "
            "100 minus both shares.")

shown = widgets.filtered(shares)
if shown.empty:
    widgets.no_data("trade shares")
else:
    widgets.chart_block(widgets.figure("trade_share_chart", shown, names, colours), shown, key="trade_shares",
                        source=provenance.article_source_line(shown),
                        note="“Rest of the world” is derived: 100 − EU share − Russia/EAEU share.")

st.subheader("What happened next: Serbia's top import partners, CIA World Factbook")
codes = {name: code for code, name in zip(partners["code"], partners["factbook_name"]) if isinstance(name, str)}
imports = factbook[factbook["flow"] == "imports"].assign(partner=lambda f: f["partner_std"].map(codes))
imports = widgets.filtered(imports.dropna(subset=["partner"]))
if imports.empty:
    widgets.no_data("Factbook import shares")
else:
    rows = charts.focus_partners(imports, "share_pct")
    rows = rows[["data_year", "partner", "partner_std", "rank", "share_pct", "source_text"]].sort_values(["partner", "data_year"])
    fig = widgets.figure("line_chart", rows, charts.factbook_title(rows, names), x="data_year", value_column="share_pct",
                            unit="%", colours=colours, names=names)
    widgets.chart_block(fig, rows, key="trade_factbook_imports",
                        source=provenance.external_source_line(data.resource_descriptor("factbook_trade_partners")),
                        note="Russia, China and the two largest other partners. The Factbook lists only the top five "
                             "or six partners of each edition; a missing point means the "
                             "partner was not in that edition's top list, not zero. Years after 2020 are post-publication.")
