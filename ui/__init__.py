"""User interfaces: the `bayegan` command line (ui/cli.py) and the right-to-left Streamlit app
(ui/app.py, its pages in ui/views/). Both only call `ingest` and `kb`; no logic lives here."""
