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

from geo.coords import parse_coordinate
from geo.geodesy import GEOD, densify_lonlat

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


@dataclass(frozen=True)
class TreatyRecord:
    """One row of ``treaties.csv``: a treaty or judgment, whether applied, and its label."""

    treaty: str
    name: str
    parties: tuple[str, ...]
    apply: bool
    status_label: str
    source: str


def read_treaties(path: Path) -> dict[str, TreatyRecord]:
    """Every treaty of ``treaties.csv`` by key (the key used in ``treaty_points.csv``)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["treaty"]: TreatyRecord(
                treaty=row["treaty"],
                name=row["name"],
                parties=tuple(row["parties"].split()),
                apply=row["apply"].strip().lower() == "yes",
                status_label=row["status_label"],
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        }


def read_boundary_labels(path: Path) -> dict[tuple[str, str], str]:
    """The label of the median line between two states (codes in alphabetical order)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            tuple(sorted((row["state_a"], row["state_b"]))): row["label"]  # type: ignore[misc]
            for row in csv.DictReader(handle)
        }


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
            lon, lat = _to_wgs84(
                parse_coordinate(row["lon_dms"], axis="longitude"),
                parse_coordinate(row["lat_dms"], axis="latitude"),
                row["datum"],
            )
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


#: The first word of ``segment_to_next`` says how a segment is traced; empty means the source
#: does not state the line type, and it is drawn as a geodesic.
SEGMENT_KINDS = ("geodesic", "great-circle", "rhumb", "meridian", "parallel", "arc")


def segment_kind(rule: str) -> str:
    """The kind of a segment from its ``segment_to_next`` text (``geodesic`` when empty)."""
    words = rule.strip().split()
    if not words:
        return "geodesic"
    kind = words[0].lower().rstrip(":;,.")
    if kind not in SEGMENT_KINDS:
        raise ValueError(f"segment_to_next {rule!r}: expected it to start with {SEGMENT_KINDS}")
    return "geodesic" if kind == "great-circle" else kind


def _rhumb(here: TurningPoint, there: TurningPoint) -> np.ndarray:
    # A rhumb line is straight in Mercator's isometric latitude; tracing it there needs no
    # projection library and is exact for the line's definition.
    psi = np.log(np.tan(np.pi / 4 + np.radians([here.lat, there.lat]) / 2))
    _, _, length_m = GEOD.inv(here.lon, here.lat, there.lon, there.lat)
    n = max(2, int(np.ceil(length_m / _SEGMENT_STEP_M)) + 1)
    t = np.linspace(0.0, 1.0, n)
    lat = np.degrees(2 * np.arctan(np.exp(psi[0] + t * (psi[1] - psi[0]))) - np.pi / 2)
    return np.column_stack([here.lon + t * (there.lon - here.lon), lat])


def treaty_line(points: list[TurningPoint]) -> LineString:
    """The boundary through ``points`` in the given order, each segment traced as specified.

    A segment along a meridian or a parallel keeps that longitude or latitude; a rhumb line
    keeps its bearing; any other is a geodesic. An ``arc`` segment follows another zone's
    limit (e.g. a 200-nm arc), which the zones draw themselves: the line ends before it.
    """
    coords: list[np.ndarray] = []
    for here, there in pairwise(points):
        kind = _segment_between(here, there)
        if kind == "arc":
            break
        if kind in ("meridian", "parallel"):
            traced = np.column_stack(
                [np.linspace(here.lon, there.lon, 20), np.linspace(here.lat, there.lat, 20)]
            )
        elif kind == "rhumb":
            traced = _rhumb(here, there)
        else:
            seg = np.array([[here.lon, here.lat], [there.lon, there.lat]])
            traced = densify_lonlat(seg, max_segment_m=_SEGMENT_STEP_M)
        coords.append(traced if not coords else traced[1:])
    return LineString(np.concatenate(coords))


_POINT_REFERENCE = re.compile(r"\bpts? (\d+)")


def _segment_between(here: TurningPoint, there: TurningPoint) -> str:
    """How the segment from ``here`` to the next point is traced.

    A rule may be written on either end ("meridian 70°25'W to pt 2" on pt 3, "parallel
    12°21'N from pt 3" on pt 4): a rule naming a point applies to the segment to that point; a
    rule naming none applies to the segment to the next point.
    """
    for point, rule, other in (
        (here, here.segment_to_next, there),
        (there, there.segment_to_next, here),
    ):
        named = [int(n) for n in _POINT_REFERENCE.findall(rule)]
        applies = other.point in named if named else point is here
        if rule.strip() and applies:
            return segment_kind(rule)
    return "geodesic"


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
