"""Shapely geometry to Leaflet vector paths."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import folium
from shapely.geometry.base import BaseGeometry

from mapview.display import COORDINATE_DECIMALS
from mapview.js_data import DataPopup, DataTooltip

POPUP_MAX_WIDTH_PX: Final = 360


def _polygon_rings(geometry: BaseGeometry) -> list[list[list[tuple[float, float]]]]:
    """Leaflet ``[lat, lon]`` rings per polygon part, coordinates rounded."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    polygons: list[list[list[tuple[float, float]]]] = []
    for part in parts:
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        rings = [part.exterior, *part.interiors]
        polygons.append(
            [
                [
                    (round(lat, COORDINATE_DECIMALS), round(lon, COORDINATE_DECIMALS))
                    for lon, lat in ring.coords
                ]
                for ring in rings
            ]
        )
    return polygons


def add_polygon(
    *,
    group: folium.FeatureGroup,
    geometry: BaseGeometry | None,
    popup_html: str | None,
    tooltip_html: str | None,
    leaflet_options: Mapping[str, Any] | None = None,
    **path_options: Any,
) -> int:
    """Add a (multi)polygon as one Leaflet path, so it can carry a CSS class.

    Parameters
    ----------
    group : folium.FeatureGroup
        Where to add it.
    geometry : shapely geometry or None
        Polygon or MultiPolygon in lon/lat; empty or ``None`` adds nothing.
    popup_html, tooltip_html : str or None
        Escaped HTML.
    leaflet_options : Mapping, optional
        Leaflet options folium does not pass on (``pane``, ``interactive``); constants only,
        never data text.
    **path_options
        Leaflet path options (``color``, ``class_name`` ...).

    Returns
    -------
    int
        Number of paths added (0, or one per polygon part).

    """
    if geometry is None or geometry.is_empty:
        return 0
    polygons = _polygon_rings(geometry)
    if not polygons:
        return 0
    # folium validates at most [polygon][ring][lat, lon]: a MultiPolygon (a reported ring cut by
    # an isthmus, say) is drawn one path per part, each with the same popup, tooltip and class.
    for locations in polygons:
        polygon = folium.Polygon(
            locations=locations,
            popup=DataPopup(popup_html, max_width=POPUP_MAX_WIDTH_PX) if popup_html else None,
            tooltip=DataTooltip(tooltip_html) if tooltip_html else None,
            **path_options,
        )
        polygon.options.update(leaflet_options or {})
        polygon.add_to(group)
    return len(polygons)
