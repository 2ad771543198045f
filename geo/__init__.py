"""Venezuela's maritime zones and the point check, built geodesically from real coastline data.

Public API (pure Python, no Streamlit):

- ``geo.coords.parse_position(text) -> (lat, lon)``; raises ``geo.coords.CoordinateError``.
- ``geo.check.check_point(lat=..., lon=..., radius_nm=None) -> PointCheck`` (``.to_dict()`` gives
  the JSON of ``python -m geo.check --json``).
- ``geo.check.check_points(lat=array, lon=array) -> pandas.DataFrame`` (vectorised).
- ``geo.check.territorial_waters_verdict(geometry) -> AreaVerdict`` for an area or circle.
- ``geo.geodesy.geodesic_circle(lat=..., lon=..., radius_m=...) -> shapely Polygon``.
- ``geo.data``: loaders of the committed files in ``data/geo/``.
- ``geo.area_check.check_reported("126 nm off Golfito") -> ReportedCheck`` (``.to_dict()`` is
  the JSON); ``geo.reported.parse_reported`` reads the sentence (raises
  ``geo.reported.ReportedPositionError``, a ``CoordinateError``); ``geo.areas.reported_area``
  builds its area; ``geo.gazetteer.load_gazetteer`` the places.
"""
