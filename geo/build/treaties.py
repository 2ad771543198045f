"""Treaty boundaries: turning points, datum conversion, and which side belongs to whom.

``data/geo/treaty_points.csv`` copies the turning points exactly as the sources give them.
Venezuela-Netherlands 1978 sectors A-C are on PSAD56 and sector D on NAD27 (treaty Art. 3);
they are converted to WGS84 with the EPSG transformations for Venezuela (PSAD56 to WGS 84 (13),
about 15 m) and NAD27 to WGS 84 (1) (about 16 m). The 1990 Trinidad and Tobago excerpt states
no datum, so its points are used as printed (an unknown shift of up to a few hundred metres).
Segments run along meridians and parallels where the treaty says so; the rest are geodesics.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyproj
from shapely.geometry import LineString, Polygon

from geo.geodesy import densify_lonlat

_DMS = re.compile(r"(\d+)°(\d+)'(\d+(?:\.\d+)?)''([NSEW])")
_DATUM_OPERATIONS = {
    "PSAD56": ("EPSG:4248", "PSAD56 to WGS 84 (13)"),
    "NAD27": ("EPSG:4267", "NAD27 to WGS 84 (1)"),
}
#: Treaty lines are drawn on charts; a segment is traced at this step.
_SEGMENT_STEP_M = 1_000.0


@dataclass(frozen=True)
class TurningPoint:
    """One turning point, converted to WGS84."""

    treaty: str
    sector: str
    point: int
    lat: float
    lon: float
    datum: str
    segment_to_next: str


def parse_dms(text: str) -> float:
    """Decimal degrees from ``12°21'00''N`` as written in the CSV."""
    match = _DMS.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a DMS coordinate: {text!r}")
    deg, minutes, seconds, hemi = match.groups()
    value = int(deg) + int(minutes) / 60 + float(seconds) / 3600
    return -value if hemi in "SW" else value


def _to_wgs84(lon: float, lat: float, datum: str) -> tuple[float, float]:
    if datum not in _DATUM_OPERATIONS:
        return lon, lat
    source, name = _DATUM_OPERATIONS[datum]
    group = pyproj.transformer.TransformerGroup(source, "EPSG:4326", always_xy=True)
    transformer = next(t for t in group.transformers if name in t.description)
    x, y = transformer.transform(lon, lat)
    return float(x), float(y)


def read_turning_points(path: Path) -> list[TurningPoint]:
    """Every turning point of ``treaty_points.csv``, in WGS84."""
    points = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lon, lat = _to_wgs84(parse_dms(row["lon_dms"]), parse_dms(row["lat_dms"]), row["datum"])
            points.append(
                TurningPoint(
                    row["treaty"],
                    row["sector"],
                    int(row["point"]),
                    lat,
                    lon,
                    row["datum"],
                    row["segment_to_next"],
                )
            )
    return points


def treaty_line(points: list[TurningPoint]) -> LineString:
    """The boundary through ``points`` in the given order, each segment traced as specified."""
    coords: list[np.ndarray] = []
    for here, there in pairwise(points):
        rule = here.segment_to_next + there.segment_to_next
        seg = np.array([[here.lon, here.lat], [there.lon, there.lat]])
        if "meridian" in rule or "parallel" in rule:
            n = 20
            traced = np.column_stack(
                [np.linspace(here.lon, there.lon, n), np.linspace(here.lat, there.lat, n)]
            )
        else:
            traced = densify_lonlat(seg, max_segment_m=_SEGMENT_STEP_M)
        coords.append(traced if not coords else traced[1:])
    return LineString(np.concatenate(coords))


def side_polygon(line: LineString, *, far: list[tuple[float, float]]) -> Polygon:
    """Polygon bounded by ``line`` and closed through the ``far`` corners (lon, lat)."""
    return Polygon([*line.coords, *far])


@dataclass(frozen=True)
class TreatyConstruction:
    """How one treaty line is drawn and which side of it belongs to whom (``treaty_sides.csv``).

    A far value ``line`` takes the coordinate of the line's end point: a side is the polygon
    bounded by the line and closed through ``(far_lon, far_lat)`` taken at its last point, then
    at its first. Side b may instead be a box (lon_min, lat_min, lon_max, lat_max) minus side a.
    """

    sides: str
    line: str
    treaty: str
    sectors: tuple[str, ...]
    a_claimants: tuple[str, ...]
    a_far: tuple[str, str]
    b_claimants: tuple[str, ...]
    b_far: tuple[str, str]
    b_box: tuple[float, float, float, float] | None


def read_treaty_constructions(path: Path) -> list[TreatyConstruction]:
    """Every row of ``treaty_sides.csv``, in file order (the order treaties are applied)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        box = tuple(float(v) for v in row["b_box"].split()) if row["b_box"] else None
        out.append(
            TreatyConstruction(
                sides=row["sides"],
                line=row["line"],
                treaty=row["treaty"],
                sectors=tuple(row["sectors"].split()),
                a_claimants=tuple(row["a_claimants"].split()),
                a_far=(row["a_far_lon"], row["a_far_lat"]),
                b_claimants=tuple(row["b_claimants"].split()),
                b_far=(row["b_far_lon"], row["b_far_lat"]),
                b_box=(box[0], box[1], box[2], box[3]) if box else None,
            )
        )
    return out


def construction_points(
    construction: TreatyConstruction, points: list[TurningPoint]
) -> list[TurningPoint]:
    """The turning points of one treaty line, in point order."""
    chosen = [
        p
        for p in points
        if p.treaty == construction.treaty
        and (not construction.sectors or p.sector in construction.sectors)
    ]
    return sorted(chosen, key=lambda p: p.point)


def far_corners(line: LineString, far: tuple[str, str]) -> list[tuple[float, float]]:
    """The two far corners of a side: at the line's last point, then at its first."""
    corners = []
    for end in (line.coords[-1], line.coords[0]):
        lon = end[0] if far[0] == "line" else float(far[0])
        lat = end[1] if far[1] == "line" else float(far[1])
        corners.append((lon, lat))
    return corners
