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

import argparse
import json
import sys
from dataclasses import asdict, dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from geo.baseline_distance import venezuela_baseline_index
from geo.batch import BatchInputError
from geo.constants import (
    MODELLED_REGION,
    NM_IN_M,
    TERRITORIAL_WATERS_ZONES,
    UNKNOWN_ZONE,
    VENEZUELA,
)
from geo.coords import CoordinateError, parse_position, validate_lat_lon
from geo.data import DataFileError, load_zone_grid, load_zone_table
from geo.geodesy import geodesic_circle
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


@dataclass(frozen=True)
class PointCheck:
    """Answer for one position (the JSON of ``python -m geo.check --json``)."""

    lat: float
    lon: float
    zone: str
    state: str | None
    in_territorial_waters: bool
    disputed: bool
    note: str
    message: str
    distance_nm: float
    nearest_baseline_lat: float
    nearest_baseline_lon: float
    radius_nm: float | None = None
    verdict: str | None = None
    min_distance_nm: float | None = None
    max_distance_nm: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; verdict fields only when a radius was given."""
        out = asdict(self)
        if self.radius_nm is None:
            for key in ("radius_nm", "verdict", "min_distance_nm", "max_distance_nm"):
                out.pop(key)
        return out


@dataclass(frozen=True)
class AreaVerdict:
    """Whether an area lies in Venezuela's territorial waters, and its distance range."""

    verdict: str
    min_distance_nm: float
    max_distance_nm: float


class _Checker:
    def __init__(self) -> None:
        table = load_zone_table()
        self.table = table
        self.index = ZoneIndex(geometries=table.geometry, codes=load_zone_grid())
        self.baseline = venezuela_baseline_index()

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


#: A checker received from elsewhere (a Dask worker gets the client's, see geo.dask_engine).
_SHIPPED_CHECKER: list[_Checker] = []


@lru_cache(maxsize=1)
def _checker() -> _Checker:
    return _SHIPPED_CHECKER[0] if _SHIPPED_CHECKER else _Checker()


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


def _classify(
    lat: FloatArray, lon: FloatArray, *, sampled_distances: bool = False
) -> dict[str, npt.NDArray[Any]]:
    checker = _checker()
    table = checker.table
    zone, state, rows = _zones_and_states(lat, lon)
    known = rows >= 0
    safe = np.where(known, rows, 0)
    distances = checker.baseline.distances(lon, lat, sampled=sampled_distances)
    return {
        "lat": lat,
        "lon": lon,
        "zone": zone,
        "state": state,
        "in_territorial_waters": known
        & np.isin(zone, list(TERRITORIAL_WATERS_ZONES))
        & (state == VENEZUELA),
        "disputed": known & table.disputed[safe],
        "distance_nm": distances.distance_m / NM_IN_M,
        "nearest_baseline_lat": distances.nearest_lat,
        "nearest_baseline_lon": distances.nearest_lon,
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
    if radius_nm is not None and not (np.isfinite(radius_nm) and radius_nm >= 0):
        raise CoordinateError(f"radius {radius_nm} nm: expected a number >= 0")
    row = {key: values[0] for key, values in _classify(np.array([lat]), np.array([lon])).items()}
    zone = str(row["zone"])
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
    )
    if radius_nm is None:
        return result
    if radius_nm == 0:
        verdict = AreaVerdict(
            "inside" if result.in_territorial_waters else "outside",
            result.distance_nm,
            result.distance_nm,
        )
    else:
        circle = geodesic_circle(
            lat=lat, lon=lon, radius_m=radius_nm * NM_IN_M, n_points=_CIRCLE_VERTICES
        )
        verdict = territorial_waters_verdict(circle)
    return replace(
        result,
        radius_nm=float(radius_nm),
        verdict=verdict.verdict,
        min_distance_nm=round(verdict.min_distance_nm, 4),
        max_distance_nm=round(verdict.max_distance_nm, 4),
    )


def territorial_waters_verdict(geometry: BaseGeometry) -> AreaVerdict:
    """Inside / outside / indeterminate for Venezuela's territorial waters over a whole area.

    ``inside``: all of the area's sea lies in Venezuela's internal waters or territorial sea;
    ``outside``: none of it does; ``indeterminate``: some does. The distance range to the
    baseline is taken over points sampled on the outline and inside the area (plus zero when
    the area touches the baseline).
    """
    checker = _checker()
    sea = (
        shapely.difference(geometry, checker.land)
        if geometry.intersects(checker.land)
        else geometry
    )
    target = sea if not sea.is_empty else geometry
    if not target.intersects(checker.territorial_waters):
        verdict = "outside"
    elif checker.territorial_waters.contains(target):
        verdict = "inside"
    else:
        verdict = "indeterminate"
    lon, lat = _sample_area(target)
    distance_m = checker.baseline.distances(lon, lat).distance_m
    min_m = float(distance_m.min())
    if geometry.intersects(checker.land) and verdict != "outside":
        min_m = 0.0
    return AreaVerdict(verdict, min_m / NM_IN_M, float(distance_m.max()) / NM_IN_M)


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


# ---------------------------------------------------------------- command line


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _position_from_args(words: list[str]) -> tuple[float, float]:
    return parse_position(" ".join(words) if len(words) != 2 else f"{words[0]}, {words[1]}")


def _add_batch_options(parser: argparse.ArgumentParser) -> None:
    # The file modes live in geo.batch (streaming) and geo.dask_engine (Dask).
    parser.add_argument(
        "--engine",
        choices=("memory", "dask"),
        default="memory",
        help="memory: stream the file in chunks in this process; dask: partitions in parallel "
        "on a Dask cluster, written as partitioned GeoParquet to the --out folder",
    )
    parser.add_argument(
        "--scheduler", default=None, help="Dask scheduler ADDRESS (default: a local cluster)"
    )
    parser.add_argument(
        "--chunk-rows", type=int, default=None, help="rows per chunk (memory) or partition (dask)"
    )
    parser.add_argument(
        "--prefix", default="", help="prefix for every added column (needed if IN has them)"
    )


def _run_batch(args: argparse.Namespace) -> int:
    from geo import batch

    if args.engine == "dask":
        from geo import dask_engine

        return dask_engine.run_dask(
            in_path=args.csv,
            out_dir=args.out,
            scheduler=args.scheduler,
            partition_rows=args.chunk_rows or dask_engine.DEFAULT_PARTITION_ROWS,
            prefix=args.prefix,
        )
    if args.scheduler is not None:
        raise _UsageError("--scheduler needs --engine dask")
    return batch.run_batch(
        in_path=args.csv,
        out_path=args.out,
        chunk_rows=args.chunk_rows or batch.DEFAULT_CHUNK_ROWS,
        prefix=args.prefix,
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = _Parser(
        prog="python -m geo.check",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument("--radius-nm", type=str, default=None, help="uncertainty radius (nm)")
    parser.add_argument("--csv", type=Path, help="input CSV with columns lat, lon")
    parser.add_argument("--out", type=Path, help="output CSV (with --csv)")
    _add_batch_options(parser)
    parser.add_argument("position", nargs="*", help="LAT LON, or one quoted position")
    try:
        args = parser.parse_args(argv)
        if args.csv is not None:
            if args.out is None:
                raise _UsageError("--csv needs --out OUT.csv")
            if not args.csv.exists():
                raise _UsageError(f"{args.csv}: no such file")
            return _run_batch(args)
        if not args.position:
            raise _UsageError("expected a position: LAT LON, or one quoted position")
        radius = None
        if args.radius_nm is not None:
            try:
                radius = float(args.radius_nm)
            except ValueError:
                raise _UsageError(f"--radius-nm {args.radius_nm!r}: expected a number") from None
            if not np.isfinite(radius) or radius < 0:
                raise _UsageError(f"--radius-nm {args.radius_nm}: expected a number >= 0")
        lat, lon = _position_from_args(args.position)
        result = check_point(lat=lat, lon=lon, radius_nm=radius)
    except (_UsageError, BatchInputError, CoordinateError, DataFileError) as error:
        print(f"python -m geo.check: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(describe(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
