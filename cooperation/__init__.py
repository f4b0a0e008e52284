"""The engine of the Dalarna–Hubei dashboard: the data contract, the ingest, the store, the record model and every
output drawn from it. It never imports streamlit; its layers are checked by tests/test_layers.py."""
