"""Fast zone look-up: a grid for cells wholly in one zone, exact polygon tests for the rest.

The grid has 0.01-degree cells.

A cell is "pure" when no zone boundary passes through it or its eight neighbours; the zone of a
pure cell is that of its centre. Boundaries are sampled every half cell, so a boundary segment
can only cross cells next to one holding a sample, and the one-cell margin covers it. Points in
mixed cells (about 5 % of the region) are tested against the polygons, so the answer is exactly
that of a point-in-polygon join with the same polygons.
"""

from __future__ import annotations

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
MAX_ZONES = 254

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def grid_shape() -> tuple[int, int]:
    """Rows and columns of the grid over the modelled region."""
    lon_min, lat_min, lon_max, lat_max = MODELLED_REGION
    return (round((lat_max - lat_min) / GRID_STEP_DEG), round((lon_max - lon_min) / GRID_STEP_DEG))


def cell_of(lon: FloatArray, lat: FloatArray) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
    """Grid row and column of each point, and whether it lies in the modelled region."""
    lon_min, lat_min, lon_max, lat_max = MODELLED_REGION
    rows, cols = grid_shape()
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
        row, col, inside = cell_of(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        code = self.codes[row, col].astype(np.int64)
        return np.where(inside & (code != MIXED), code, -1)

    def zone_rows(self, lon: FloatArray, lat: FloatArray) -> IntArray:
        """Row of the zone containing each point; -1 outside the modelled region."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        row, col, inside = cell_of(lon, lat)
        code = self.codes[row, col].astype(np.int64)
        result = np.where(inside, code, -1)
        slow = np.flatnonzero(inside & (code == MIXED))
        if len(slow):
            result[slow] = exact_zone_index(self.geometries, lon[slow], lat[slow])
        return result
