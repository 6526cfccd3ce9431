"""Data and sources: every table with description, schema and download; references; licences."""

import datetime

import streamlit as st

from components import provenance, widgets
from components.filters import escape_markdown

model = widgets.view("sources")
package = model["package"]

st.title("Data and sources")
st.markdown(f"**The article:** {escape_markdown(provenance.article_reference(package))}")
citation = provenance.dashboard_citation(package, datetime.date.today().isoformat())
st.markdown(f"**How to cite this dashboard:** {escape_markdown(citation)}")
st.markdown("Every article figure carries its endnote number and a verbatim quote; values computed from the "
            "article are marked *derived*; what the article does not give is left empty, never zero. "
            "Downloads contain the rows for the current partner selection.")

st.subheader("Licences and credit lines")
st.markdown("\n".join(f"- {escape_markdown(line)}" for line in provenance.licence_lines(package)))
st.caption("Not used: the Balkan Barometer survey aggregates (licence unknown), Natural Earth borders and the "
           "EU member-state table (no page needs them yet).")

st.subheader("Tables")
for table in model["tables"]:
    resource = table["resource"]
    with st.expander(escape_markdown(f"{resource['title']} ({resource['path']})")):
        st.markdown(escape_markdown(resource["description"]))
        licence = resource["licenses"][0]
        st.caption(escape_markdown(f"Source: {resource['sources'][0]['title']}. "
                                   f"Licence: {licence.get('title', licence['name'])}."))
        st.dataframe(table["schema"], hide_index=True, width="stretch")
        if table["error"]:
            st.error(escape_markdown(table["error"]) + "\n\nFix the file and reload; the other tables keep working.")
            continue
        st.caption(f"{len(table['rows'])} rows for the current partner selection.")
        st.download_button("Download CSV", table["csv"], mime="text/csv",
                           file_name=f"serbia-ties_{resource['name']}.csv", key=f"download_table_{resource['name']}")
