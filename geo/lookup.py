"""Fast zone look-up: a grid for cells wholly in one zone, exact polygon tests for the rest.

The grid has 0.01-degree cells.

A cell is "pure" when no zone boundary passes through it or its eight neighbours; the zone of a
pure cell is that of its centre. Boundaries are sampled every half cell, so a boundary segment
can only cross cells next to one holding a sample, and the one-cell margin covers it. Points in
mixed cells (about 5 % of the region) are tested against the polygons, so the answer is exactly
that of a point-in-polygon join with the same polygons.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from geo.constants import MODELLED_REGION

GRID_STEP_DEG = 0.01
#: The shortest side of a cell (0.01 degree of longitude at 17 N is 1,064 m), rounded down: a
#: point of a pure cell is at least this far from any zone boundary.
PURE_CELL_RADIUS_M = 1_000.0
MIXED = np.uint8(255)
#: Zone rows are numbered 0..253 in the grid.
_MAX_ZONES = 254

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def _grid_shape() -> tuple[int, int]:
    lon_min, lat_min, lon_max, lat_max = MODELLED_REGION
    return (round((lat_max - lat_min) / GRID_STEP_DEG), round((lon_max - lon_min) / GRID_STEP_DEG))


def _cell_of(lon: FloatArray, lat: FloatArray) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
    lon_min, lat_min, lon_max, lat_max = MODELLED_REGION
    rows, cols = _grid_shape()
    inside = (lon >= lon_min) & (lon <= lon_max) & (lat >= lat_min) & (lat <= lat_max)
    row = np.clip(np.floor((lat - lat_min) / GRID_STEP_DEG).astype(np.int64), 0, rows - 1)
    col = np.clip(np.floor((lon - lon_min) / GRID_STEP_DEG).astype(np.int64), 0, cols - 1)
    return row, col, inside


def exact_zone_index(
    geometries: npt.NDArray[np.object_], lon: FloatArray, lat: FloatArray
) -> IntArray:
    """Index of the polygon containing each point (point-in-polygon, the slow exact path).

    ``geometries`` must be prepared (``shapely.prepare``). A point on a shared boundary, or in
    a sub-centimetre gap left by rounding, takes the first polygon that touches it.
    """
    result = np.full(len(lon), -1, dtype=np.int64)
    bounds = shapely.bounds(geometries)
    for i, geometry in enumerate(geometries):
        lon_min, lat_min, lon_max, lat_max = bounds[i]
        todo = np.flatnonzero(
            (result < 0) & (lon >= lon_min) & (lon <= lon_max) & (lat >= lat_min) & (lat <= lat_max)
        )
        if len(todo):
            hit = shapely.contains_xy(geometry, lon[todo], lat[todo])
            result[todo[hit]] = i
    missing = np.flatnonzero(result < 0)
    if len(missing):
        points = shapely.points(lon[missing], lat[missing])
        _, nearest = shapely.STRtree(geometries).query_nearest(points, all_matches=False)
        result[missing] = nearest
    return result


def save_npz_deterministic(path: Path, **arrays: npt.NDArray[Any]) -> None:
    """Save arrays like ``numpy.savez_compressed``, byte-identical for identical arrays.

    Zip timestamps are fixed so that a rebuild reproduces the committed file.
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in sorted(arrays.items()):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
            archive.writestr(info, buffer.getvalue())


def build_zone_grid(*, zones_path: Path, out_path: Path) -> None:
    """Compute the grid for the zone file at ``zones_path`` and save it to ``out_path``."""
    import geopandas as gpd  # build-time only: keeps the point check's imports light

    zones = gpd.read_file(zones_path)
    if len(zones) > _MAX_ZONES:
        raise ValueError(f"{len(zones)} zone rows: the grid holds at most {_MAX_ZONES}")
    rows, cols = _grid_shape()
    mixed = np.zeros((rows, cols), dtype=bool)
    boundary = shapely.segmentize(shapely.boundary(zones.geometry.values), GRID_STEP_DEG / 2)
    coords = shapely.get_coordinates(boundary)
    r, c, inside = _cell_of(coords[:, 0], coords[:, 1])
    mixed[r[inside], c[inside]] = True
    dilated = mixed.copy()
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            dilated |= np.roll(np.roll(mixed, dr, axis=0), dc, axis=1)
    lon_min, lat_min, _, _ = MODELLED_REGION
    rr, cc = np.nonzero(~dilated)
    centre_lon = np.asarray(lon_min + (cc + 0.5) * GRID_STEP_DEG, dtype=np.float64)
    centre_lat = np.asarray(lat_min + (rr + 0.5) * GRID_STEP_DEG, dtype=np.float64)
    geometries = zones.geometry.values
    shapely.prepare(geometries)
    codes = np.full((rows, cols), MIXED, dtype=np.uint8)
    codes[rr, cc] = exact_zone_index(geometries, centre_lon, centre_lat).astype(np.uint8)
    save_npz_deterministic(
        out_path, codes=codes, step_deg=np.array(GRID_STEP_DEG), region=np.array(MODELLED_REGION)
    )


class ZoneIndex:
    """Zone row of points: the grid for pure cells, polygons for the rest."""

    def __init__(self, *, geometries: npt.NDArray[np.object_], codes: npt.NDArray[np.uint8]):
        self.geometries = geometries
        self.codes = codes
        shapely.prepare(geometries)

    def pure_zone_rows(self, lon: FloatArray, lat: FloatArray) -> IntArray:
        """Zone row of points in pure cells; -1 in mixed cells and outside the region.

        Everything within :data:`PURE_CELL_RADIUS_M` of such a point is in the same zone: no
        boundary passes through its cell or the eight around it.
        """
        row, col, inside = _cell_of(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        code = self.codes[row, col].astype(np.int64)
        return np.where(inside & (code != MIXED), code, -1)

    def zone_rows(self, lon: FloatArray, lat: FloatArray) -> IntArray:
        """Row of the zone containing each point; -1 outside the modelled region."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        row, col, inside = _cell_of(lon, lat)
        code = self.codes[row, col].astype(np.int64)
        result = np.where(inside, code, -1)
        slow = np.flatnonzero(inside & (code == MIXED))
        if len(slow):
            result[slow] = exact_zone_index(self.geometries, lon[slow], lat[slow])
        return result
