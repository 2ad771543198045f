"""Stage: geodesic buffers of each claimant's coast, computed once per (claimant, distance)."""

from __future__ import annotations

import shapely
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry

from geo.geodesy import geodesic_buffer

#: A degree of latitude or longitude spans at least this many metres in the land region
#: (longitude at 20.5 N: 104 km), so windows sized with it never miss coast.
_MIN_M_PER_DEG = 100_000.0


class CoastBuffers:
    """``buffers(claimant, distance_m)``: the claimant's coast buffered geodesically, cached.

    Parameters
    ----------
    cells : dict[str, BaseGeometry]
        Each claimant's equidistance cell; only coast that can reach it is buffered.
    coasts : dict[str, MultiLineString]
        Each claimant's baseline (coast lines).

    """

    def __init__(
        self, *, cells: dict[str, BaseGeometry], coasts: dict[str, MultiLineString]
    ) -> None:
        self._cells = cells
        self._coasts = coasts
        self._cache: dict[tuple[str, float], BaseGeometry] = {}

    def __call__(self, claimant: str, distance_m: float) -> BaseGeometry:
        """The area within ``distance_m`` metres (geodesic) of the claimant's coast."""
        key = (claimant, distance_m)
        if key not in self._cache:
            cell = self._cells[claimant]
            lines = shapely.get_parts(self._coasts[claimant])
            # Only coast that can reach the claimant's cell matters for its buffer. The window is
            # a search box, not a measurement: it is widened by at least ``distance_m``.
            margin_deg = distance_m / _MIN_M_PER_DEG + 0.5
            xmin, ymin, xmax, ymax = cell.bounds
            near = shapely.box(
                xmin - margin_deg, ymin - margin_deg, xmax + margin_deg, ymax + margin_deg
            )
            lines = [ln for ln in lines if ln.intersects(near)]
            self._cache[key] = geodesic_buffer(lines, distance_m=distance_m)
        return self._cache[key]
