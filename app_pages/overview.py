"""Overview: the thesis, headline figures per camp, the three-camp comparison, "Did it hold?" in
short, and the scorecard (one card per dimension, readable on a phone)."""

import datetime

import streamlit as st

from components import provenance, registry, scorecard, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.textsafe import escape_markdown
from components.views import overview

view = widgets.page_view(overview.build)
state = widgets.current_state()

widgets.page_header(view.heading)
st.markdown(f"**The article's thesis:** “{escape_markdown(view.thesis)}”")
st.caption(escape_markdown(f"{provenance.ARTICLE_SHORT}. Every number is traced to the article's endnotes or to "
                           "an external data set; open “Quotes, table and download” under any chart."))

st.subheader("Headline figures per camp", anchor=False)
if stands := overview.stands_for(view.headlines):
    st.caption(escape_markdown(f"Whose figures — {stands} The ? beside each figure gives its full wording and basis."))
for column, camp in zip(st.columns(3), scorecard.CAMPS):
    column.markdown(f"**{escape_markdown(camp)}**")
    for item in (h for h in view.headlines if h.camp == camp):
        column.metric(escape_markdown(item.label), item.value, help=escape_markdown(item.help), border=True)

widgets.show(view.comparison, "overview")

st.subheader("Did it hold?", anchor=False)
st.markdown("\n".join(f"- **{escape_markdown(heading)}:** {escape_markdown(takeaway)}"
                      for _, heading, takeaway in view.hold_summary))
params = {"partner": list(state.chosen)} if state.chosen else {}
if not state.include_blocs:
    params["blocs"] = "false"
if state.article_time:
    params["asof"] = state.asof
st.page_link("app_pages/did_it_hold.py", label="Each dimension in detail: Did it hold?",
             icon=":material/fact_check:", query_params=params or None)

st.subheader(escape_markdown(view.scorecard.title), anchor=False)
st.caption(escape_markdown(view.scorecard.note))
for dimension, cells in view.scorecard_cells.groupby("dimension", sort=False):
    with st.expander(escape_markdown(dimension), expanded=True):
        for cell in cells.itertuples():
            notes = f" (endnotes {cell.endnotes})" if "," in cell.endnotes else (
                f" (endnote {cell.endnotes})" if cell.endnotes else "")
            text = escape_markdown(cell.text + notes)
            st.markdown(f"**{escape_markdown(cell.camp)}:** " + (f"*{text}*" if cell.state != scorecard.COVERED else text))
st.caption(escape_markdown(" ".join(view.scorecard.sources)))
st.download_button("Download the scorecard (CSV)", view.scorecard.csv_with_header(datetime.date.today().isoformat()),
                   file_name=widgets.file_stem("overview", "scorecard", state) + ".csv", mime="text/csv",
                   on_click="ignore", key="download_scorecard", icon=":material/download:")

cite_this_view(registry.page("overview").title, sections(view), widgets.current_state(), page_key="overview")
