"""Stage: geodesic buffers of each claimant's land, computed once per (claimant, distance).

For a point at sea in a claimant's equidistance cell, the nearest point of the claimant's land
lies on its coast (a straight path to a land border inland would cross some coast first, and
that coast is the claimant's, or the point would not be in its cell). So within the cell, the
buffer of the land is the buffer of the baseline, and land polygons buffer far faster than
their thousands of islet outlines as lines.
"""

from __future__ import annotations

import shapely
from shapely.geometry.base import BaseGeometry

from geo.build._parallel import ordered_map
from geo.geodesy import geodesic_area_buffer

#: A degree of latitude or longitude spans at least this many metres in the land region
#: (longitude at 28 N: 98 km), so windows sized with it never miss coast.
_MIN_M_PER_DEG = 98_000.0


class CoastBuffers:
    """``buffers(claimant, distance_m)``: the claimant's coast buffered geodesically, cached.

    Parameters
    ----------
    cells : dict[str, BaseGeometry]
        Each claimant's equidistance cell; only land that can reach it is buffered.
    lands : dict[str, BaseGeometry]
        Each claimant's land (with the water behind its closing lines filled in).

    """

    def __init__(self, *, cells: dict[str, BaseGeometry], lands: dict[str, BaseGeometry]) -> None:
        self._cells = cells
        self._lands = lands
        self._cache: dict[tuple[str, float], BaseGeometry] = {}

    def __call__(self, claimant: str, distance_m: float) -> BaseGeometry:
        """The area within ``distance_m`` metres (geodesic) of the claimant's coast."""
        key = (claimant, distance_m)
        if key not in self._cache:
            self._cache[key] = self._buffer(key)
        return self._cache[key]

    def compute(self, keys: list[tuple[str, float]]) -> None:
        """Compute the buffers for ``keys`` (claimant, distance) ahead, on every core."""
        todo = [key for key in keys if key not in self._cache]
        for key, buffer in zip(todo, ordered_map(self._buffer, todo), strict=True):
            self._cache[key] = buffer

    def _buffer(self, key: tuple[str, float]) -> BaseGeometry:
        claimant, distance_m = key
        # Only land that can reach the claimant's cell matters. The window is a search box,
        # not a measurement: it is widened by at least ``distance_m``.
        margin_deg = distance_m / _MIN_M_PER_DEG + 0.5
        xmin, ymin, xmax, ymax = self._cells[claimant].bounds
        near = shapely.clip_by_rect(
            self._lands[claimant],
            xmin - margin_deg,
            ymin - margin_deg,
            xmax + margin_deg,
            ymax + margin_deg,
        )
        return geodesic_area_buffer(near, distance_m=distance_m)
