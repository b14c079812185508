"""User interfaces: the `bayegan` command line (and, later, the Streamlit app)."""
