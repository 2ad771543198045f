"""Small shape repairs shared by the zone build and the GeoJSON writer."""

from __future__ import annotations

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry


def polygons_only(geometry: BaseGeometry) -> BaseGeometry:
    """The valid polygonal part of a geometry.

    Overlays can leave slivers of lines and points, and rounding can collapse a tiny ring or
    make two edges touch; both are repaired and only polygons of positive area are kept.
    """
    parts = shapely.get_parts(shapely.get_parts(shapely.make_valid(geometry)))
    polygons = [p for p in parts if p.geom_type == "Polygon" and p.area > 0]
    return shapely.union_all(polygons) if polygons else Polygon()
