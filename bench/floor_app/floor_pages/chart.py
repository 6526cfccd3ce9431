"""One small bar chart whose bars follow the sidebar selection."""

import plotly.graph_objects as go
import streamlit as st

VALUES = {"A": 3, "B": 5, "C": 2, "D": 4}


def bar_chart(key: str) -> None:
    bars = st.session_state.get("floor_bars") or list(VALUES)
    figure = go.Figure(go.Bar(x=bars, y=[VALUES[bar] for bar in bars]))
    figure.update_layout(height=300, margin=dict(l=20, r=20, t=20, b=20))
    st.plotly_chart(figure, theme=None, key=key)
