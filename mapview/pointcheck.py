"""The point-check layer: the checked point, the nearest baseline point and the distance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import folium
from shapely.geometry.base import BaseGeometry

from geo.check import check_point, describe
from geo.constants import METRES_PER_NM
from geo.geodesy import geodesic_circle
from mapview import style
from mapview.js_data import DataPopup, DataTooltip
from mapview.map_tools import named_group
from mapview.popups import escape_text
from mapview.shapes import add_polygon


def build_point_check_group(
    *, check: Mapping[str, Any], verdict_text: str, circle: BaseGeometry | None = None
) -> folium.FeatureGroup:
    """Mark a checked point, its nearest baseline point and the distance between them.

    Parameters
    ----------
    check : Mapping
        ``PointCheck.to_dict()`` (lat, lon, nearest_baseline_lat/lon, distance_nm, ...).
    verdict_text : str
        The answer in words (plain text; escaped here).
    circle : shapely geometry, optional
        Geodesic uncertainty circle (``geo.geodesy.geodesic_circle``) when a radius was given.

    Returns
    -------
    folium.FeatureGroup
        The point-check layer.

    """
    group = named_group(style.LAYER_POINT_CHECK)
    lat, lon = float(check["lat"]), float(check["lon"])
    label_html = f"<b>Point check</b><br>{lat:.4f}, {lon:.4f}<br>{escape_text(verdict_text)}"
    if circle is not None:
        reported = check.get("position_kind") == "reported"
        tooltip = (
            f"Reported position: {escape_text(check.get('parsed', {}).get('text'))}"
            if reported
            else f"Uncertainty radius {escape_text(check.get('radius_nm'))} nm"
        )
        add_polygon(
            group=group,
            geometry=circle,
            popup_html=None,
            tooltip_html=tooltip,
            color=style.COLOR_POINT_CHECK,
            weight=1,
            dash_array="4 4",
            fill_color=style.COLOR_POINT_CHECK,
            fill_opacity=0.05,
            class_name=style.CLASS_POINT_CHECK,
        )
    baseline_lat, baseline_lon = (
        check.get("nearest_baseline_lat"),
        check.get("nearest_baseline_lon"),
    )
    distance_nm = check.get("distance_nm")
    if baseline_lat is not None and baseline_lon is not None:
        baseline = (float(baseline_lat), float(baseline_lon))
        distance_text = "" if distance_nm is None else f"{float(distance_nm):.1f} nm"
        folium.PolyLine(  # type: ignore[no-untyped-call]  # folium leaves it untyped
            locations=[(lat, lon), baseline],
            color=style.COLOR_POINT_CHECK,
            weight=2,
            dash_array="6 4",
            tooltip=DataTooltip(
                f"{distance_text} to the nearest baseline point", permanent=True, sticky=False
            ),
        ).add_to(group)
        folium.CircleMarker(
            location=baseline,
            radius=4,
            color=style.COLOR_POINT_CHECK,
            fill_color="#ffffff",
            fill_opacity=1.0,
            tooltip=DataTooltip("Nearest baseline point"),
        ).add_to(group)
    folium.CircleMarker(
        location=(lat, lon),
        radius=7,
        color="#ffffff",
        weight=2,
        fill_color=style.COLOR_POINT_CHECK,
        fill_opacity=1.0,
        popup=DataPopup(label_html, max_width=300, show=False),
        tooltip=DataTooltip(label_html),
        class_name=style.CLASS_POINT_CHECK,
    ).add_to(group)
    return group


@dataclass(frozen=True)
class PointCheckResult:
    """A point check ready to show: the geo answer, its wording and its circle.

    Attributes
    ----------
    check : dict
        ``geo.check.PointCheck.to_dict()``.
    verdict_text : str
        The answer in words (plain text).
    circle : shapely geometry or None
        Geodesic uncertainty circle when a radius was given.
    origin : str
        ``"typed"`` or ``"click"``.

    """

    check: dict[str, Any]
    verdict_text: str
    circle: BaseGeometry | None
    origin: str
    view: tuple[tuple[float, float], int] | None = None


def run_point_check(
    *, lat: float, lon: float, radius_nm: float | None, origin: str
) -> PointCheckResult:
    """Run ``geo.check.check_point`` and word the answer with ``geo.check.describe``.

    Parameters
    ----------
    lat, lon : float
        Position in decimal degrees (WGS 84).
    radius_nm : float or None
        Optional uncertainty radius in nautical miles.
    origin : str
        How the position was given (``"typed"`` or ``"click"``), shown to the user.

    Returns
    -------
    PointCheckResult
        The answer, its wording and the geodesic circle if a radius was given.

    """
    result = check_point(lat=lat, lon=lon, radius_nm=radius_nm)
    check = dict(result.to_dict())
    circle = (
        geodesic_circle(lat=lat, lon=lon, radius_m=radius_nm * METRES_PER_NM) if radius_nm else None
    )
    return PointCheckResult(
        check=check, verdict_text=describe(result), circle=circle, origin=origin
    )


#: The map is about this many 256-px tiles wide and high at its usual size (900 x 600 px).
_MAP_TILES_WIDE = 3.5
_MAP_TILES_HIGH = 2.3
_MIN_ZOOM, _MAX_ZOOM = 3, 12


def view_for(geometry: BaseGeometry) -> tuple[tuple[float, float], int]:
    """Centre (lat, lon) and the largest zoom at which ``geometry`` fits on the map."""
    import math

    lon_min, lat_min, lon_max, lat_max = geometry.bounds
    lon_span = max(lon_max - lon_min, 1e-3)
    # Web Mercator stretches latitude by 1/cos(lat) (for choosing a zoom only).
    lat_span = max(lat_max - lat_min, 1e-3) / math.cos(math.radians((lat_min + lat_max) / 2))
    zoom = math.floor(
        min(
            math.log2(360.0 * _MAP_TILES_WIDE / lon_span),
            math.log2(360.0 * _MAP_TILES_HIGH / lat_span),
        )
    )
    centre = ((lat_min + lat_max) / 2, (lon_min + lon_max) / 2)
    return centre, max(_MIN_ZOOM, min(_MAX_ZOOM, zoom))


def run_reported_check(*, text: str, origin: str) -> PointCheckResult:
    """Check a reported sentence ("126 nm off Golfito"): its area, verdicts and map view.

    Raises
    ------
    geo.reported.ReportedPositionError
        The sentence cannot be read (a ``geo.coords.CoordinateError``).

    """
    from geo.area_check import check_reported, describe_reported

    result = check_reported(text)
    geometry = result.area.geometry
    return PointCheckResult(
        check=result.to_dict(),
        verdict_text=describe_reported(result),
        circle=geometry,
        origin=origin,
        view=view_for(geometry),
    )
