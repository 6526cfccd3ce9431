import streamlit as st

from mock_pages.common import ROWS

st.title("Data and sources")
st.dataframe(ROWS)
