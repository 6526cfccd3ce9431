import pandas as pd
import plotly.express as px
import streamlit as st

ROWS = pd.DataFrame(
    {"partner": ["RUS", "CHN", "EU", "NATO", "USA"], "year": 2019, "value": [3.0, 2.0, 60.0, 1.0, 1.5]}
)


def chart(name: str) -> None:
    selection = st.session_state.get("partner_select") or list(ROWS.partner)
    rows = ROWS[ROWS.partner.isin(selection)]
    st.title(name)
    st.plotly_chart(px.bar(rows, x="partner", y="value", color="partner"), theme=None, key=f"{name}_chart")
    st.download_button("Download CSV", rows.to_csv(index=False).encode("utf-8-sig"), f"{name}.csv", "text/csv")
