"""Did it hold? The article's thesis of June 2020, dimension by dimension, against the latest data."""

import streamlit as st

from components import registry, widgets
from components.cite_widget import cite_this_view
from components.sections import sections
from components.textsafe import escape_markdown
from components.views import did_it_hold

view = widgets.page_view(did_it_hold.build)
state = widgets.current_state()

widgets.page_header(view.heading)
st.markdown(f"**The article's thesis (June 2020):** “{escape_markdown(view.thesis)}”")
st.caption("For each dimension: the West, Russia and China at the article's time and at the latest point in the "
           "data package, with the source. Where the package has no later data or no figure for a camp, the "
           "panel says so; nothing is filled in as zero."
           + (" Data as of June 2020: only what was known at the article's time is shown." if state.article_time else ""))
st.subheader("Verdicts", anchor="verdicts")
st.markdown("\n".join(f"- **[{escape_markdown(v.heading)}](#{v.anchor})**: {escape_markdown(v.summary)}"
                       for v in view.verdicts))
st.caption(escape_markdown(view.verdict_rule))
for panel in view.panels:
    st.header(escape_markdown(panel.heading), anchor=panel.dimension, divider="gray")
    st.markdown(f"**Takeaway:** {escape_markdown(panel.takeaway)}")
    widgets.show(panel.section, "did_it_hold")
    if panel.section.kind == "chart":
        st.dataframe(panel.section.table, hide_index=True, width="stretch", key=f"indicators_{panel.dimension}")
    st.markdown(f"**Verdict: {escape_markdown(panel.verdict.verdict)}.** {escape_markdown(panel.verdict.because)} "
                "[Back to the verdicts](#verdicts)")

cite_this_view(registry.page("did_it_hold").title, sections(view), widgets.current_state(), page_key="did_it_hold")
