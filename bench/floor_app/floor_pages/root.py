import streamlit as st

from floor_pages.chart import bar_chart

st.title("Floor root")
bar_chart("root_chart")
