import streamlit as st

from floor_pages.chart import bar_chart

st.title("Floor second")
bar_chart("second_chart")
