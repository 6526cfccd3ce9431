"""Overview: the article's thesis, headline numbers, and the West/Russia/China scorecard."""

import streamlit as st

from components import charts, provenance, scorecard, widgets
from components.filters import escape_markdown

NUMERIC = ("trade_shares", "military_exercises", "military_donors", "chinese_finance", "pandemic_aid", "soft_power")
loaded = dict(zip(NUMERIC + ("findings", "partners"), widgets.tables(*NUMERIC, "findings", "partners")))
partners = loaded.pop("partners")
names, colours = widgets.partner_lookups()
camps = dict(zip(partners["code"], partners["camp"]))
shown = {name: widgets.filtered(frame) for name, frame in loaded.items()}

st.title("Serbia between Russia, China and the West")
thesis = loaded["findings"].query("finding_id == 'thesis'").iloc[0]
st.markdown(f"**The article's thesis:** “{escape_markdown(thesis['quote'])}”")
st.caption(escape_markdown(f"{provenance.ARTICLE_SHORT}. Every number below is traced to the article's endnotes."))

metrics = scorecard.head_to_head(shown)
if metrics.empty:
    widgets.no_data("head-to-head figures (trade shares, exercises)")
else:
    title = scorecard.head_to_head_title(metrics, camps, names)
    widgets.chart_block(charts.scorecard_chart(metrics, title, colours, names), metrics, key="overview_head_to_head",
                        source=provenance.article_source_line(metrics))

st.subheader("Scorecard: what the article says about each camp")
table = scorecard.scorecard(scorecard.evidence(shown, names), camps)
st.dataframe(table, hide_index=True, width="stretch", row_height=110,
             column_config={camp: st.column_config.TextColumn(camp, width="large") for camp in scorecard.CAMPS})
st.caption("Cells list the article's figures and findings for the partners selected; "
           "“Not covered by the article” means the article gives nothing there, not zero. Details and quotes on each page.")
