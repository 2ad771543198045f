"""The strike record: schema, loading, validation, filters, import and export (no Streamlit)."""
