"""Helpers shared by the tests and the benchmarks (a real Streamlit server). Not shipped."""
