"""Data and sources: every table with description, schema and download; references; licences."""

import datetime

import pandas as pd
import streamlit as st

from components import data, provenance, widgets
from components.filters import escape_markdown

st.title("Data and sources")
package = data.package()
st.markdown(f"**The article:** {escape_markdown(provenance.article_reference(package))}")
st.markdown(f"**How to cite this dashboard:** {escape_markdown(provenance.dashboard_citation(package, datetime.date.today().isoformat()))}")
st.markdown("Every article figure carries its endnote number and a verbatim quote; values computed from the "
            "article are marked *derived*; what the article does not give is left empty, never zero.")

for resource in package["resources"]:
    with st.expander(escape_markdown(f"{resource['title']} ({resource['path']})")):
        st.markdown(escape_markdown(resource["description"]))
        licence = resource["licenses"][0]
        st.caption(escape_markdown(f"Source: {resource['sources'][0]['title']}. Licence: {licence.get('title', licence['name'])}."))
        schema = pd.DataFrame([{"column": f["name"], "type": f["type"], "unit": f.get("unit", ""),
                                "rules": ", ".join(f"{k}={v}" for k, v in f.get("constraints", {}).items()),
                                "description": f.get("description", "")} for f in resource["schema"]["fields"]])
        st.dataframe(schema, hide_index=True, width="stretch")
        try:
            table = widgets.filtered(data.load_table(resource["name"])) if "partner" in schema["column"].values \
                else data.load_table(resource["name"])
        except data.DataError as error:
            st.error(escape_markdown(str(error)) + "\n\nFix the file and reload; the dashboard's other tables keep working.")
            continue
        st.caption(f"{len(table)} rows for the current partner selection.")
        st.download_button("Download CSV", widgets.csv_bytes(table), file_name=f"serbia-ties_{resource['name']}.csv",
                           mime="text/csv", key=f"download_table_{resource['name']}")
