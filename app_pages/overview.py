"""Overview: the article's thesis, headline numbers, and the West/Russia/China scorecard."""

import streamlit as st

from components import provenance, widgets
from components.textsafe import escape_markdown
from components.views import overview

view = widgets.page_view(overview.build)

widgets.page_header(view.heading)
st.markdown(f"**The article's thesis:** “{escape_markdown(view.thesis)}”")
st.caption(escape_markdown(f"{provenance.ARTICLE_SHORT}. Every number is traced to the article's endnotes; "
                           "open “Quotes, table and download” under any chart."))
for start in range(0, len(view.headlines), 3):
    for column, (label, value, note) in zip(st.columns(3), view.headlines[start:start + 3]):
        column.metric(escape_markdown(label), value, help=escape_markdown(note), border=True)
widgets.show(view.head_to_head, "overview")
widgets.show(view.scorecard, "overview")
