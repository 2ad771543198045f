"""The area a reported position stands for, built geodesically on the WGS84 ellipsoid.

The area is every point whose geodesic distance from the place lies in the distance's band
(:mod:`geo.reported`), inside the bearing's sector when a bearing is given (a ring when it is
not), minus land. Outlines are made of points placed with ``pyproj.Geod.fwd`` at exact
distances and azimuths from the place, at most :data:`ARC_STEP_DEG` apart, so the area is
never a degree buffer. A place with extent (an island, an archipelago, a country) is measured
from its coast: the band is the difference of two geodesic buffers of the coast
(:func:`geo.geodesy.geodesic_buffer`, azimuthal-equidistant pieces, within about 10 m of the
true distance), and a bearing's sector is taken from the place's reference point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.check import land_cut_at, land_within
from geo.constants import MODELLED_REGION
from geo.gazetteer import place_land
from geo.geodesy import GEOD, geodesic_buffer
from geo.reported import ReportedPosition

#: Outline vertices are at most this far apart in azimuth (degrees): at 500 nm the chord of a
#: 0.5° step sags 0.03 nm (55 m) inside the true arc.
ARC_STEP_DEG: Final = 0.5
#: A coast is simplified by this many degrees (about 11 m) before it is buffered: a fifth of
#: the land data's own 55-m simplification, and it drops the collinear vertices that cost time.
COAST_SIMPLIFY_DEG: Final = 0.0001

#: Land cut by the modelled region's edge lies on it to within the coordinates' rounding.
_REGION_EDGE_DEG: Final = 1e-5

MeasuredFrom = Literal["point", "coast"]


@dataclass(frozen=True)
class ReportedArea:
    """The area (lon/lat), where it was measured from, and its representative point."""

    geometry: BaseGeometry
    measured_from: MeasuredFrom
    representative_lat: float
    representative_lon: float
    note: str


def _arc(
    *, lat: float, lon: float, radius_m: float, start_deg: float, end_deg: float
) -> list[tuple[float, float]]:
    n = max(2, int(np.ceil((end_deg - start_deg) / ARC_STEP_DEG)) + 1)
    azimuths = np.linspace(start_deg, end_deg, n)
    lons, lats, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), azimuths, np.full(n, radius_m))
    return list(zip(np.asarray(lons).tolist(), np.asarray(lats).tolist(), strict=True))


def geodesic_band(
    *,
    lat: float,
    lon: float,
    min_m: float,
    max_m: float,
    bearing_deg: float | None = None,
    half_width_deg: float = 180.0,
) -> Polygon:
    """Points between ``min_m`` and ``max_m`` (geodesic) from (lat, lon).

    With ``bearing_deg``, only those on azimuths within ``half_width_deg`` of it (a sector);
    without, a ring (a disc when ``min_m`` is 0).
    """
    if bearing_deg is None or half_width_deg >= 180.0:
        outer = _arc(lat=lat, lon=lon, radius_m=max_m, start_deg=0.0, end_deg=360.0)[:-1]
        if min_m <= 0:
            return Polygon(outer)
        inner = _arc(lat=lat, lon=lon, radius_m=min_m, start_deg=0.0, end_deg=360.0)[:-1]
        return Polygon(outer, [inner[::-1]])
    start, end = bearing_deg - half_width_deg, bearing_deg + half_width_deg
    outer = _arc(lat=lat, lon=lon, radius_m=max_m, start_deg=start, end_deg=end)
    inner = (
        _arc(lat=lat, lon=lon, radius_m=min_m, start_deg=start, end_deg=end)[::-1]
        if min_m > 0
        else [(lon, lat)]
    )
    return Polygon(outer + inner)


def _coast_lines(land: BaseGeometry) -> list[LineString]:
    # Only the coast: neither land borders with a neighbour nor the edge of the modelled
    # region, where the zone data cuts the land, are where a distance "off" starts.
    # Land borders: where the place's land meets other land (a window, not a distance).
    xmin, ymin, xmax, ymax = land.bounds
    nearby = land_within(shapely.box(xmin - 0.1, ymin - 0.1, xmax + 0.1, ymax + 0.1))
    others = shapely.difference(nearby, land.buffer(0))
    region_edge = shapely.box(*MODELLED_REGION).exterior.buffer(_REGION_EDGE_DEG)
    boundary = shapely.simplify(shapely.boundary(land), COAST_SIMPLIFY_DEG)
    coast = shapely.difference(shapely.difference(boundary, others), region_edge)
    return [line for line in shapely.get_parts(shapely.line_merge(coast)) if line.length > 0]


def _coast_band(land: BaseGeometry, *, position: ReportedPosition) -> BaseGeometry:
    lines = _coast_lines(land)
    distance = position.distance
    outer = geodesic_buffer(lines, distance_m=distance.max_m)
    band = outer
    if distance.min_m > 0:
        band = shapely.difference(outer, geodesic_buffer(lines, distance_m=distance.min_m))
    bearing = position.bearing
    if bearing is not None:
        place = position.place
        reach_m = distance.max_m + _farthest_m(land, lat=place.lat, lon=place.lon)
        sector = geodesic_band(
            lat=place.lat,
            lon=place.lon,
            min_m=0.0,
            max_m=reach_m,
            bearing_deg=bearing.nominal_deg,
            half_width_deg=bearing.half_width_deg,
        )
        band = shapely.intersection(band, sector)
    band = shapely.difference(band, land)
    # Where the zone data cuts the land at the modelled region's edge, the coast beyond is
    # unknown: the band there (outside the region) would be measured from a cut, not a coast.
    region = shapely.box(*MODELLED_REGION)
    if region.contains(band):
        return band
    edge = region.exterior.buffer(_REGION_EDGE_DEG)
    cut = land_cut_at(edge)
    if not cut.is_empty:
        cut_lines = [g for g in shapely.get_parts(cut) if g.length > 0]
        if cut_lines:
            beyond = shapely.difference(
                geodesic_buffer(cut_lines, distance_m=distance.max_m), region
            )
            band = shapely.difference(band, beyond)
    return band


def _farthest_m(geometry: BaseGeometry, *, lat: float, lon: float) -> float:
    coords = shapely.get_coordinates(geometry)
    n = len(coords)
    _, _, distance_m = GEOD.inv(np.full(n, lon), np.full(n, lat), coords[:, 0], coords[:, 1])
    return float(np.max(distance_m))


def reported_area(position: ReportedPosition) -> ReportedArea:
    """The area of a reported position, minus the modelled land."""
    place = position.place
    distance = position.distance
    bearing = position.bearing
    land = place_land(place)
    note = ""
    if land is not None:
        area = _coast_band(land, position=position)
        measured_from: MeasuredFrom = "coast"
    else:
        if place.kind in ("island", "archipelago", "country"):
            note = (
                f"{place.name}'s coast is outside the modelled region: distances are measured "
                "from its reference point"
            )
        area = geodesic_band(
            lat=place.lat,
            lon=place.lon,
            min_m=distance.min_m,
            max_m=distance.max_m,
            bearing_deg=None if bearing is None else bearing.nominal_deg,
            half_width_deg=180.0 if bearing is None else bearing.half_width_deg,
        )
        measured_from = "point"
    land_all = land_within(area)
    if not land_all.is_empty:
        area = shapely.difference(area, land_all)
    if area.is_empty:
        raise ValueError(f"the area of {position.text!r} lies wholly on land")
    lat, lon = _representative(area, position=position, measured_from=measured_from)
    return ReportedArea(area, measured_from, lat, lon, note)


def _representative(
    area: BaseGeometry, *, position: ReportedPosition, measured_from: MeasuredFrom
) -> tuple[float, float]:
    """The point the usual single-point fields describe.

    With a bearing from a point: the point on the stated bearing at the middle of the band
    (the stated distance itself unless a hedge makes the band one-sided, as "more than 400"
    = 400 to 500 does), when it lies in the area. Otherwise a point inside the area
    (``shapely.point_on_surface``): a ring has no centre at sea, so the point fields then
    describe one point of the area, and the area verdicts are the answer.
    """
    bearing = position.bearing
    if bearing is not None and measured_from == "point":
        place = position.place
        middle_m = (position.distance.min_m + position.distance.max_m) / 2
        lon, lat, _ = GEOD.fwd(place.lon, place.lat, bearing.nominal_deg, middle_m)
        if area.covers(Point(lon, lat)):
            return float(lat), float(lon)
    point = shapely.point_on_surface(area)
    return float(point.y), float(point.x)
