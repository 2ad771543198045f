"""Coast lines (normal baselines) of each claimant: land boundaries that face water.

A land polygon's boundary also runs along land borders with neighbours and along the edge of the
region read; neither is a baseline. A segment is kept as coast when its midpoint touches no other
claimant's land and does not lie on the region's edge.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

#: Tolerance, in degrees, for "this midpoint lies on that boundary": a topological test on
#: coordinates that come from the same source, not a distance.
_TOUCH_DEG = 1e-7


def coast_lines(
    land: BaseGeometry, *, other_land: BaseGeometry, bounds: tuple[float, float, float, float]
) -> MultiLineString:
    """The parts of ``land``'s boundary that face water, merged into lines."""
    segments: list[np.ndarray] = []
    for ring in shapely.get_parts(shapely.boundary(land)):
        coords = np.asarray(ring.coords)[:, :2]
        if len(coords) >= 2:
            segments.append(np.stack([coords[:-1], coords[1:]], axis=1))
    if not segments:
        return MultiLineString([])
    seg = np.concatenate(segments)
    mid = seg.mean(axis=1)
    lon_min, lat_min, lon_max, lat_max = bounds
    on_edge = (
        (np.abs(mid[:, 0] - lon_min) < _TOUCH_DEG)
        | (np.abs(mid[:, 0] - lon_max) < _TOUCH_DEG)
        | (np.abs(mid[:, 1] - lat_min) < _TOUCH_DEG)
        | (np.abs(mid[:, 1] - lat_max) < _TOUCH_DEG)
    )
    shapely.prepare(other_land)
    on_border = shapely.dwithin(other_land, shapely.points(mid), _TOUCH_DEG)
    kept = seg[~on_edge & ~on_border]
    merged = shapely.line_merge(MultiLineString([LineString(s) for s in kept]))
    parts = [p for p in shapely.get_parts(merged) if isinstance(p, LineString)]
    return MultiLineString(parts)
