"""The article: its text with figures linked to the charts, the arguments and their evidence,
the article against the record, and disputed or unknown figures side by side."""

import streamlit as st

from components import widgets
from components.article import safe_link_target
from components.cite_widget import cite_this_view
from components.sections import sections
from components.textsafe import escape_markdown
from components.views import article

view = widgets.page_view(article.build)
state = widgets.current_state()
anchor, notice = article.anchor_from_query(st.query_params.get_all(article.ANCHOR_PARAM))

widgets.page_header("The article")
st.caption(escape_markdown(view.reference) + f" — [the original]({safe_link_target(view.original_url)}). "
           + escape_markdown(article.ORIGINAL_URL_NOTE.rstrip(": ") + "."))
if notice:
    st.warning(notice)
if anchor:
    with st.container(border=True, key="came_from_chart"):
        st.markdown("**You came from a chart:** the passage its quote comes from. The whole text follows below.")
        st.markdown(next(b.markdown for b in view.blocks if b.anchor == anchor))

text_tab, arguments_tab, record_tab, disputed_tab = st.tabs(
    ["The text", "Arguments and evidence", "Article vs the record", "Disputed and unknown"])

with text_tab:
    st.caption("Each figure and date the dashboard charts is a link to the chart that shows it, with your filter, "
               "in this tab (Back returns here). "
               "Superscript numbers are the article's endnotes.")
    for block in view.blocks:
        if block.anchor == anchor:
            st.info(block.markdown, icon=":material/format_quote:")
        else:
            st.markdown(block.markdown)

with arguments_tab:
    for argument in view.arguments:
        with st.container(border=True):
            st.subheader(escape_markdown(argument.label), anchor=False)
            st.markdown(f"“{escape_markdown(argument.statement)}” ([in the text]"
                        f"({safe_link_target(argument.statement_url)}))")
            if argument.charts:
                st.markdown("**Charts:** " + "; ".join(
                    f"[{escape_markdown(c.page_title)}: {escape_markdown(c.section_title)}]({safe_link_target(c.url)})"
                    for c in argument.charts))
            if argument.figures:
                st.markdown("**Figures:** " + "; ".join(
                    f"[{escape_markdown(f.text)}]({safe_link_target(f.url)})" for f in argument.figures))
            notes = ", ".join(map(str, argument.endnotes)) or "none"
            st.caption(escape_markdown(f"Section “{argument.heading}”, endnotes {notes} (see the original for "
                                       "the references)."))

with record_tab:
    widgets.show(view.record, "article")

with disputed_tab:
    st.markdown("Where sources disagree or a value is unknown, the claims are shown together with who makes "
                "them; none is silently preferred.")
    widgets.show(view.donor_dispute, "article")
    widgets.show(view.donor_beliefs, "article")
    widgets.show(view.arms_values, "article")

cite_this_view("The article", sections(view), state, page_key="article")
