"""Fallback floor for the load tests: one title and one small Plotly bar chart.

Used by bench/load.py only when bench/floor_app/app.py (the shared floor) is missing, and by
tests/load/test_replicas.py when the dashboard's app.py does not exist yet.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
figure = go.Figure(go.Bar(x=["A", "B", "C"], y=[3, 5, 2]))
figure.update_layout(height=300, margin=dict(l=20, r=20, t=20, b=20))
st.plotly_chart(figure, theme=None, key="floor_chart")
