"""Map-layer builders: turn frames from ``geo`` and ``events`` into Folium objects.

Nothing here touches Streamlit; ``dashboard.py`` wires these builders to widgets.
"""
