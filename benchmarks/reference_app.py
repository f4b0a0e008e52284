"""The cold-open benchmark's reference: a Streamlit page with one plotly chart and nothing else.

The dashboard's overview is measured against this page in the same run, on the same machine and browser, so the
ratio says what the dashboard adds to what any Streamlit page with a chart costs.
"""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Reference", layout="wide")
st.title("Reference")
years = list(range(2004, 2021))
st.plotly_chart(go.Figure(go.Bar(x=years, y=[(year * 7) % 11 + 1 for year in years])), key="reference")
