"""The point check: zone, state, territorial-waters verdict and distance to the baseline.

Command line (exit status 2 and one line on stderr for bad input)::

    python -m geo.check --json LAT LON
    python -m geo.check --json "10°36'N 66°56'W"
    python -m geo.check --json --radius-nm 5 LAT LON
    python -m geo.check --csv IN.csv --out OUT.csv
    python -m geo.check --csv IN.csv --out OUT.parquet --chunk-rows 100000 [--prefix P]
    python -m geo.check --csv IN.csv --out OUT_DIR --engine dask [--scheduler ADDRESS]

CSV mode (streamed in chunks by ``geo.batch``; GeoParquet in or out by extension; exit status
1 when some rows have errors) copies every row and column of IN, adds the fields, and guards
text cells against formula injection (a leading ``'`` before ``=``, ``+``, ``-``, ``@``, tab
or CR); a cell that reads as a finite number is written as it is. A missing or corrupted file
of ``data/geo/`` exits with status 2 and one line saying which file, what is wrong and how to
rebuild it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from common.cli_exit import run_cli
from geo.baseline_distance import both_distances, state_baseline_index, venezuela_baseline_index
from geo.constants import (
    METRES_PER_NM,
    MODELLED_REGION,
    TERRITORIAL_WATERS_ZONES,
    UNKNOWN_ZONE,
    VENEZUELA,
    Verdict,
    Zone,
)
from geo.coords import CoordinateError, validate_lat_lon
from geo.data import load_baseline_lines, load_zone_grid, load_zone_table
from geo.geodesy import GEOD, densify_lonlat, distance_to_nearer_pole_m, geodesic_circle
from geo.lookup import ZoneIndex
from geo.names import zone_phrase

if TYPE_CHECKING:
    import pandas as pd

FloatArray = npt.NDArray[np.float64]

_OUTSIDE_REGION_MESSAGE = (
    f"outside the modelled region (lon {MODELLED_REGION[0]:g} to {MODELLED_REGION[2]:g}, "
    f"lat {MODELLED_REGION[1]:g} to {MODELLED_REGION[3]:g}): zones are not computed there"
)
#: Points sampled on an area's outline and inside it for its distance range.
_AREA_SAMPLES = 256
_CIRCLE_VERTICES = 128
#: Largest uncertainty radius checked, in nautical miles (5,400 nm is a quarter meridian).
MAX_RADIUS_NM = 5_000.0
#: Spacing of the points traced on an area's sea outline for its minimum distance; coarser
#: only for outlines so long that this would exceed the sample cap.
_OUTLINE_SPACING_M = 50.0
_MAX_OUTLINE_SAMPLES = 100_000


@dataclass(frozen=True)
class PointCheck:
    """Answer for one position (the JSON of ``python -m geo.check --json``)."""

    lat: float
    lon: float
    zone: Zone
    state: str | None
    in_territorial_waters: bool
    disputed: bool
    note: str
    message: str
    distance_nm: float
    nearest_baseline_lat: float
    nearest_baseline_lon: float
    nearest_state: str | None = None
    nearest_state_distance_nm: float | None = None
    nearest_state_baseline_lat: float | None = None
    nearest_state_baseline_lon: float | None = None
    radius_nm: float | None = None
    verdict: Verdict | None = None
    min_distance_nm: float | None = None
    max_distance_nm: float | None = None
    any_state_verdict: Verdict | None = None
    states_touched: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; verdict fields only when a radius was given."""
        out = asdict(self)
        if self.radius_nm is None:
            for key in _RADIUS_FIELDS:
                out.pop(key)
        else:
            out["states_touched"] = list(self.states_touched or ())
        return out


_RADIUS_FIELDS = (
    "radius_nm",
    "verdict",
    "min_distance_nm",
    "max_distance_nm",
    "any_state_verdict",
    "states_touched",
)


@dataclass(frozen=True)
class AreaVerdict:
    """Whether an area lies in Venezuela's territorial waters, and its distance range."""

    verdict: Verdict
    min_distance_nm: float
    max_distance_nm: float


class _Checker:
    def __init__(self) -> None:
        table = load_zone_table()
        self.table = table
        self.index = ZoneIndex(geometries=table.geometry, codes=load_zone_grid())
        self.baseline = venezuela_baseline_index()
        self.state_baselines = state_baseline_index()

    # Unions are needed only for area verdicts; the CLI's single point skips them.
    @cached_property
    def territorial_waters(self) -> BaseGeometry:
        table = self.table
        mask = np.isin(table.zone, list(TERRITORIAL_WATERS_ZONES)) & (table.state == VENEZUELA)
        union = shapely.union_all(table.geometry[mask])
        shapely.prepare(union)
        return union

    @cached_property
    def land(self) -> BaseGeometry:
        union = shapely.union_all(self.table.geometry[self.table.zone == "land"])
        shapely.prepare(union)
        return union

    @cached_property
    def land_bounds(self) -> BaseGeometry:
        return shapely.box(*shapely.total_bounds(self.land_parts[0]))

    @cached_property
    def land_parts(self) -> tuple[npt.NDArray[np.object_], shapely.STRtree]:
        # The theatre's land is half a million vertices: uniting all of it takes seconds,
        # uniting the few islands and coasts an area meets takes milliseconds.
        parts = shapely.get_parts(self.table.geometry[self.table.zone == "land"])
        return parts, shapely.STRtree(parts)

    @cached_property
    def venezuela_land(self) -> BaseGeometry:
        table = self.table
        union = shapely.union_all(
            table.geometry[(table.zone == "land") & (table.state == VENEZUELA)]
        )
        shapely.prepare(union)
        return union

    @cached_property
    def baseline_lines(self) -> BaseGeometry:
        union = shapely.union_all(load_baseline_lines())
        shapely.prepare(union)
        return union


#: A checker received from elsewhere (a Dask worker gets the client's, see geo.dask_engine).
_SHIPPED_CHECKER: list[_Checker] = []


@lru_cache(maxsize=1)
def _checker() -> _Checker:
    return _SHIPPED_CHECKER[0] if _SHIPPED_CHECKER else _Checker()


def modelled_land() -> BaseGeometry:
    """Union of the zone data's land (prepared; loaded once): what an area at sea excludes."""
    return _checker().land


def land_within(geometry: BaseGeometry) -> BaseGeometry:
    """The zone data's land inside ``geometry``'s bounding box.

    Within ``geometry`` it is :func:`modelled_land`, at a fraction of the cost: only the
    polygons that meet it are cut to its box and united.
    """
    checker = _checker()
    parts, tree = checker.land_parts
    if shapely.box(*geometry.bounds).contains(checker.land_bounds):
        return checker.land  # all of it: united once per process
    hits = np.sort(tree.query(geometry, predicate="intersects"))
    if not len(hits):
        return shapely.Polygon()
    # A mainland is a hundred thousand vertices: cut it to the box before uniting.
    return shapely.union_all(shapely.clip_by_rect(parts[hits], *geometry.bounds))


@lru_cache(maxsize=4)
def land_cut_at(edge: BaseGeometry) -> BaseGeometry:
    """The outline of the zone data's land within ``edge`` (where the region cuts the land)."""
    parts, tree = _checker().land_parts
    hits = np.sort(tree.query(edge, predicate="intersects"))
    return shapely.union_all(shapely.intersection(shapely.boundary(parts[hits]), edge))


def _zones_and_states(
    lat: FloatArray, lon: FloatArray
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_], npt.NDArray[np.int64]]:
    """Zone, state and zone-table row (-1 outside the modelled region) of each position."""
    table = _checker().table
    rows = _checker().index.zone_rows(lon, lat)
    known = rows >= 0
    safe = np.where(known, rows, 0)
    zone = np.where(known, table.zone[safe], UNKNOWN_ZONE)
    state = table.state[safe].copy()
    state[~known] = None
    return zone, state, rows


#: Fields of :func:`check_points` that every file output adds after the input's own columns
#: (``geo.batch``, ``geo.dask_engine``, in this order): a field named here reaches them all.
ADDED_COLUMNS: tuple[str, ...] = (
    "zone",
    "state",
    "in_territorial_waters",
    "disputed",
    "distance_nm",
    "nearest_state",
    "nearest_state_distance_nm",
    "nearest_state_baseline_lat",
    "nearest_state_baseline_lon",
)


def _classify(
    lat: FloatArray, lon: FloatArray, *, sampled_distances: bool = False
) -> dict[str, npt.NDArray[Any]]:
    checker = _checker()
    table = checker.table
    zone, state, rows = _zones_and_states(lat, lon)
    known = rows >= 0
    safe = np.where(known, rows, 0)
    distances, nearest = both_distances(
        checker.baseline, checker.state_baselines, lon, lat, sampled=sampled_distances
    )
    return {
        "lat": lat,
        "lon": lon,
        "zone": zone,
        "state": state,
        "in_territorial_waters": known
        & np.isin(zone, list(TERRITORIAL_WATERS_ZONES))
        & (state == VENEZUELA),
        "disputed": known & table.disputed[safe],
        "distance_nm": distances.distance_m / METRES_PER_NM,
        "nearest_baseline_lat": distances.nearest_lat,
        "nearest_baseline_lon": distances.nearest_lon,
        "nearest_state": nearest.state,
        "nearest_state_distance_nm": nearest.distance_m / METRES_PER_NM,
        "nearest_state_baseline_lat": nearest.nearest_lat,
        "nearest_state_baseline_lon": nearest.nearest_lon,
        "note": np.where(known, table.note[safe], ""),
    }


def check_points(*, lat: FloatArray, lon: FloatArray) -> pd.DataFrame:
    """Check many positions at once.

    Returns a DataFrame with the fields of :class:`PointCheck` except the verdict: lat, lon,
    zone, state, in_territorial_waters, disputed, distance_nm, nearest_baseline_lat,
    nearest_baseline_lon, note.
    """
    import pandas as pd

    return pd.DataFrame(_classify(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)))


def check_point(*, lat: float, lon: float, radius_nm: float | None = None) -> PointCheck:
    """Check one position, optionally with an uncertainty radius in nautical miles."""
    lat, lon = validate_lat_lon(float(lat), float(lon))
    if radius_nm is not None:
        _check_radius(lat=lat, lon=lon, radius_nm=radius_nm)
    row = {key: values[0] for key, values in _classify(np.array([lat]), np.array([lon])).items()}
    zone = cast(Zone, str(row["zone"]))  # a value of the zone table: a Zone by construction
    result = PointCheck(
        lat=lat,
        lon=lon,
        zone=zone,
        state=None if row["state"] is None else str(row["state"]),
        in_territorial_waters=bool(row["in_territorial_waters"]),
        disputed=bool(row["disputed"]),
        note=str(row["note"]),
        message=_OUTSIDE_REGION_MESSAGE if zone == UNKNOWN_ZONE else "",
        distance_nm=round(float(row["distance_nm"]), 4),
        nearest_baseline_lat=float(row["nearest_baseline_lat"]),
        nearest_baseline_lon=float(row["nearest_baseline_lon"]),
        nearest_state=str(row["nearest_state"]),
        nearest_state_distance_nm=round(float(row["nearest_state_distance_nm"]), 4),
        nearest_state_baseline_lat=float(row["nearest_state_baseline_lat"]),
        nearest_state_baseline_lon=float(row["nearest_state_baseline_lon"]),
    )
    if radius_nm is None:
        return result
    from geo.area_check import any_state_verdict  # geo.area_check imports this module

    if radius_nm == 0:
        verdict = AreaVerdict(
            "inside" if result.in_territorial_waters else "outside",
            result.distance_nm,
            result.distance_nm,
        )
        in_any = result.zone in TERRITORIAL_WATERS_ZONES
        any_verdict: Verdict = "inside" if in_any else "outside"
        if result.zone == UNKNOWN_ZONE:
            any_verdict = "indeterminate"
        touched: tuple[str, ...] = (result.state,) if in_any and result.state else ()
    else:
        circle = geodesic_circle(
            lat=lat, lon=lon, radius_m=radius_nm * METRES_PER_NM, n_points=_CIRCLE_VERTICES
        )
        verdict = territorial_waters_verdict(circle)
        any_verdict, touched = any_state_verdict(circle)
    return replace(
        result,
        radius_nm=float(radius_nm),
        verdict=verdict.verdict,
        min_distance_nm=round(verdict.min_distance_nm, 4),
        max_distance_nm=round(verdict.max_distance_nm, 4),
        any_state_verdict=any_verdict,
        states_touched=touched,
    )


def _check_radius(*, lat: float, lon: float, radius_nm: float) -> None:
    if not (np.isfinite(radius_nm) and radius_nm >= 0):
        raise CoordinateError(f"radius {radius_nm} nm: expected a number >= 0")
    if radius_nm > MAX_RADIUS_NM:
        raise CoordinateError(
            f"radius {radius_nm:g} nm: expected at most {MAX_RADIUS_NM:,.0f} nm (a quarter of "
            "the way round the Earth; an uncertainty that large says nothing about any zone)"
        )
    pole_nm = distance_to_nearer_pole_m(lat=lat, lon=lon) / METRES_PER_NM
    if radius_nm >= pole_nm:
        raise CoordinateError(
            f"radius {radius_nm:g} nm: a circle that large around {lat:g}, {lon:g} would contain "
            f"a pole; expected less than {pole_nm:,.0f} nm here"
        )


def territorial_waters_verdict(geometry: BaseGeometry) -> AreaVerdict:
    """Inside / outside / indeterminate for Venezuela's territorial waters over a whole area.

    ``inside``: all of the area's sea lies in Venezuela's internal waters or territorial sea;
    ``outside``: none of it does; ``indeterminate``: some does. The distance range to the
    baseline is taken over points sampled on the outline and inside the area (plus zero when
    the area touches the baseline).
    """
    checker = _checker()
    land = land_within(geometry)
    sea = shapely.difference(geometry, land) if not land.is_empty else geometry
    target = sea if not sea.is_empty else geometry
    verdict: Verdict
    if not target.intersects(checker.territorial_waters):
        verdict = "outside"
    elif checker.territorial_waters.contains(target):
        verdict = "inside"
    else:
        verdict = "indeterminate"
    lon, lat = _sample_area(target)
    max_m = float(checker.baseline.distances(lon, lat).distance_m.max())
    # The sea part reaches the baseline only where it meets Venezuela's own coast (or crosses
    # a closing line); another state's land says nothing about the distance to Venezuela's.
    if geometry.intersects(checker.venezuela_land) or target.intersects(checker.baseline_lines):
        return AreaVerdict(verdict, 0.0, max_m / METRES_PER_NM)
    # Otherwise the nearest point lies on the sea part's outline: a path from any inner point
    # to the baseline crosses it. Trace the outline densely, in metres along geodesics.
    edge_lon, edge_lat = _dense_outline(target)
    min_m = float(checker.baseline.distances(edge_lon, edge_lat).distance_m.min())
    return AreaVerdict(verdict, min_m / METRES_PER_NM, max(max_m, min_m) / METRES_PER_NM)


def _dense_outline(geometry: BaseGeometry) -> tuple[FloatArray, FloatArray]:
    rings: list[FloatArray] = []
    for part in shapely.get_parts(geometry):
        lines = (part.exterior, *part.interiors) if part.geom_type == "Polygon" else (part,)
        rings += [np.asarray(shapely.get_coordinates(line)) for line in lines]
    perimeter_m = sum(float(GEOD.line_length(ring[:, 0], ring[:, 1])) for ring in rings)
    spacing_m = max(_OUTLINE_SPACING_M, perimeter_m / _MAX_OUTLINE_SAMPLES)
    points = np.vstack([densify_lonlat(ring, max_segment_m=spacing_m) for ring in rings])
    return points[:, 0], points[:, 1]


def _sample_area(geometry: BaseGeometry) -> tuple[FloatArray, FloatArray]:
    outline = shapely.get_coordinates(shapely.boundary(geometry))
    step = max(1, len(outline) // _AREA_SAMPLES)
    xmin, ymin, xmax, ymax = geometry.bounds
    side = int(np.sqrt(_AREA_SAMPLES))
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, side), np.linspace(ymin, ymax, side))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    grid = grid[shapely.contains_xy(geometry, grid[:, 0], grid[:, 1])]
    points = np.vstack([outline[::step], grid])
    return points[:, 0], points[:, 1]


def describe(result: PointCheck) -> str:
    """The answer in words, e.g. "inside Venezuela's territorial sea, 7.3 nm from the baseline"."""
    if result.zone == UNKNOWN_ZONE:
        return result.message
    where = zone_phrase(zone=result.zone, state=result.state)
    text = f"{where}, {result.distance_nm:.1f} nm from Venezuela's baseline"
    if result.in_territorial_waters:
        text = f"inside {text}"
    if result.disputed:
        text += f" (disputed: {result.note})"
    if result.verdict is not None:
        text += (
            f"; within {result.radius_nm:g} nm: {result.verdict} Venezuela's territorial waters "
            f"({result.min_distance_nm:.1f}-{result.max_distance_nm:.1f} nm from the baseline)"
        )
    return text


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; the command line itself lives in :mod:`geo.cli`."""
    from geo.cli import main as cli_main  # imported here: geo.cli imports this module

    return cli_main(argv)


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
