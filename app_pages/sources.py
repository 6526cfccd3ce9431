"""Data and sources: every table with description, schema and download; references; licences."""

import datetime

import streamlit as st

from components import data, glossary, provenance, registry, widgets
from components.cite_widget import cite_this_view
from components.sections import ANCHOR_PREFIX, anchor_of
from components.textsafe import escape_markdown
from components.views import sources

view = widgets.page_view(sources.build)
package = view.package

widgets.page_header(view.heading)
st.markdown(f"**The article:** {escape_markdown(provenance.article_reference(package))}")
citation = provenance.dashboard_citation(package, datetime.date.today().isoformat())
st.markdown(f"**How to cite this dashboard:** {escape_markdown(citation)}")
st.markdown("Every article figure carries its endnote number and a verbatim quote; values computed from the "
            "article are marked *derived*; what the article does not give is left empty, never zero. "
            "Tables with a partner column download the rows for the current partner selection; "
            "the others (timeline, external data sets) download whole.")

st.subheader("Glossary", anchor="glossary")
st.caption("Each chart, table and note that uses one of these terms links here.")
for term in glossary.TERMS:  # one block per term: a link's #glossary-<term> scrolls to it
    with st.container(key=ANCHOR_PREFIX + anchor_of(term.section)):
        st.markdown(f"**{escape_markdown(term.term)}.** {escape_markdown(term.definition)}")

st.subheader("Licences and credit lines")
st.markdown("\n".join(f"- {escape_markdown(line)}" for line in provenance.licence_lines(package)))
for geo in package.get("x-geodata", []):  # map borders: not a table, described under their own key
    st.markdown(f"- {escape_markdown(geo['sources'][0]['credit'] + ' — ' + geo['licenses'][0]['title'])} "
                f"({escape_markdown(geo['path'])}, map borders: {escape_markdown(geo['description'])})")
st.caption("Not used: the Balkan Barometer survey aggregates (licence unknown).")

st.subheader("Tables")
st.dataframe(view.catalogue, hide_index=True, width="stretch", key="sources_catalogue")
for table in view.tables:
    if table.error:
        st.error(escape_markdown(table.error) + "\n\nFix the file and reload; the other tables keep working.")
for problem in data.package_problems().values():  # entries too broken to list above
    st.error(escape_markdown(str(problem)) + "\n\nFix the entry and reload; the other tables keep working.")

titles = {t.resource["title"]: t for t in view.tables}
chosen = titles[st.selectbox("Schema and download of", list(titles), key="sources_table")]
resource = chosen.resource
st.markdown(escape_markdown(resource["description"]))
st.dataframe(chosen.schema, hide_index=True, width="stretch", key="sources_schema")
if chosen.rows is not None:
    st.download_button(f"Download CSV ({len(chosen.rows)} rows)", chosen.csv, mime="text/csv",
                       file_name=f"serbia-ties_{resource['name']}.csv", on_click="ignore", key="download_table")

cite_this_view(registry.page("sources").title, [], widgets.current_state(), page_key="sources")
