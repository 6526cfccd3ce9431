"""Overview: the article's thesis, headline numbers, and the West/Russia/China scorecard."""

import streamlit as st

from components import charts, provenance, scorecard, widgets
from components.filters import escape_markdown

NUMERIC = ("trade_shares", "military_exercises", "military_donors", "chinese_finance", "pandemic_aid", "aid_gestures",
           "soft_power")
loaded = dict(zip(NUMERIC + ("findings", "partners"), widgets.tables(*NUMERIC, "findings", "partners")))
partners = loaded.pop("partners")
names, colours = widgets.partner_lookups()
camps = dict(zip(partners["code"], partners["camp"]))
shown = {name: widgets.filtered(frame) for name, frame in loaded.items()}

st.title("Serbia between Russia, China and the West")
thesis = loaded["findings"].query("finding_id == 'thesis'").iloc[0]
st.markdown(f"**The article's thesis:** “{escape_markdown(thesis['quote'])}”")
st.caption(escape_markdown(f"{provenance.ARTICLE_SHORT}. Every number is traced to the article's endnotes; "
                           "open “Quotes, table and download” under any chart."))

headlines = scorecard.headlines(shown, names)
for start in range(0, len(headlines), 3):
    for column, (label, value, note) in zip(st.columns(3), headlines[start:start + 3]):
        column.metric(escape_markdown(label), value, help=note, border=True)

metrics = scorecard.head_to_head(shown)
if metrics.empty:
    widgets.no_data("head-to-head figures (trade shares, exercises)")
else:
    title = scorecard.head_to_head_title(metrics, camps, names)
    widgets.chart_block(widgets.figure("scorecard_chart", metrics, title, colours, names), metrics, key="overview_head_to_head",
                        source=provenance.article_source_line(metrics))

st.subheader("Scorecard: what the article says about each camp")
st.caption("The article's figures and findings for the partners selected. “Not covered by the article” means "
           "the article says nothing there — not zero.")
table = scorecard.scorecard(scorecard.evidence(shown, names), camps)
readable = table.set_index("Dimension").map(
    lambda cell: "\n\n".join(f"• {escape_markdown(item)}" for item in cell.split(" • ")))
st.table(readable)
st.download_button("Download scorecard CSV", widgets.csv_bytes(table), file_name="serbia-ties_scorecard.csv",
                   mime="text/csv", key="download_scorecard")
