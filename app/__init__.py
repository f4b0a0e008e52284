"""The Streamlit side: cached data access, the shared sidebar and small drawing helpers."""
