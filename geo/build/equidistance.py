"""Equidistance (median lines) between claimants, computed geodesically tile by tile.

The sea is cut into 1-degree tiles. For each tile, every coast point that can be the nearest
coast to some point of the tile is projected into an azimuthal-equidistant plane centred on the
tile, and the Voronoi diagram of those points is dissolved by claimant. Distances in that plane
are exact from the tile centre and off by about ``(rho / R)**2 / 6`` elsewhere: for coasts within
50 km (where territorial seas meet) the median line is right to about a metre; for EEZ median
lines 300 km from both coasts, to about 100 m. Coast points are at most 500 m apart, which
moves a median line 5 km from the coast by under 7 m.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely
from scipy.spatial import cKDTree
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry

from geo.build._parallel import ordered_map
from geo.geodesy import densify_lonlat, ecef, from_local_aeqd, to_local_aeqd

COAST_SAMPLE_M = 500.0
_TILE_DEG = 1.0
_TILE_EDGE_STEP_DEG = 0.02
#: Chord/geodesic margin (1 %) plus rounding, so no candidate coast point is missed.
_CANDIDATE_MARGIN = 1.01
_TILE_MARGIN_M = 500.0


def coast_samples(
    coasts: dict[str, MultiLineString],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.str_]]:
    """Points along each claimant's coast at most ``COAST_SAMPLE_M`` apart, with their claimant."""
    points: list[npt.NDArray[np.float64]] = []
    owners: list[npt.NDArray[np.str_]] = []
    for claimant, lines in coasts.items():
        for line in shapely.get_parts(lines):
            coords = densify_lonlat(np.asarray(line.coords)[:, :2], max_segment_m=COAST_SAMPLE_M)
            points.append(coords)
            owners.append(np.full(len(coords), claimant))
    xy = np.concatenate(points)
    who = np.concatenate(owners)
    _, unique_index = np.unique(np.round(xy, 7), axis=0, return_index=True)
    unique_index.sort()
    return xy[unique_index], who[unique_index]


def _tile_polygon(lon0: float, lat0: float) -> BaseGeometry:
    tile = shapely.box(lon0, lat0, lon0 + _TILE_DEG, lat0 + _TILE_DEG)
    return shapely.segmentize(tile, _TILE_EDGE_STEP_DEG)


def equidistance_cells(
    *,
    points_lonlat: npt.NDArray[np.float64],
    owners: npt.NDArray[np.str_],
    region: tuple[float, float, float, float],
) -> dict[str, BaseGeometry]:
    """Split ``region`` by equidistance among claimants.

    Returns, for each claimant, the part of ``region`` nearer (geodesically) to its coast than
    to any other claimant's coast.
    """
    xyz = ecef(points_lonlat[:, 0], points_lonlat[:, 1])
    tree = cKDTree(xyz)
    lon_min, lat_min, lon_max, lat_max = region
    corners = [
        (float(lon0), float(lat0))
        for lon0 in np.arange(lon_min, lon_max, _TILE_DEG)
        for lat0 in np.arange(lat_min, lat_max, _TILE_DEG)
    ]

    def cells_of_tile(corner: tuple[float, float]) -> dict[str, BaseGeometry]:
        return _tile_cells(_tile_polygon(*corner), xyz, tree, points_lonlat, owners)

    pieces: dict[str, list[BaseGeometry]] = {}
    for tile_cells in ordered_map(cells_of_tile, corners):
        for claimant, piece in tile_cells.items():
            pieces.setdefault(claimant, []).append(piece)
    return {c: shapely.union_all(p) for c, p in sorted(pieces.items())}


def _tile_cells(
    tile: BaseGeometry,
    xyz: npt.NDArray[np.float64],
    tree: cKDTree,
    points_lonlat: npt.NDArray[np.float64],
    owners: npt.NDArray[np.str_],
) -> dict[str, BaseGeometry]:
    ring = np.asarray(tile.exterior.coords)
    probe = np.vstack([ring, [tile.centroid.coords[0]]])
    probe_xyz = ecef(probe[:, 0], probe[:, 1])
    nearest_m, _ = tree.query(probe_xyz)
    centre_xyz = probe_xyz[-1]
    reach_m = np.max(nearest_m) + np.max(np.linalg.norm(probe_xyz - centre_xyz, axis=1))
    candidates = np.asarray(tree.query_ball_point(centre_xyz, reach_m * _CANDIDATE_MARGIN))
    present = np.unique(owners[candidates])
    exact_tile = shapely.box(*tile.bounds)
    if len(present) == 1:
        return {str(present[0]): exact_tile}
    lon0, lat0 = tile.centroid.x, tile.centroid.y
    sites = to_local_aeqd(shapely.multipoints(points_lonlat[candidates]), lon0=lon0, lat0=lat0)
    local_tile = to_local_aeqd(tile, lon0=lon0, lat0=lat0)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(sites, extend_to=local_tile.buffer(1.0), ordered=True)
    )
    cell_owner = owners[candidates]
    out: dict[str, BaseGeometry] = {}
    for claimant in present:
        merged = shapely.coverage_union_all(cells[cell_owner == claimant])
        # Clip with a margin in the plane, then exactly in lon/lat, so that neighbouring tiles
        # meet on the same parallel or meridian without slivers.
        clipped = shapely.intersection(merged, local_tile.buffer(_TILE_MARGIN_M))
        if not clipped.is_empty:
            back = from_local_aeqd(clipped, lon0=lon0, lat0=lat0)
            piece = shapely.intersection(back, exact_tile)
            if not piece.is_empty:
                out[str(claimant)] = piece
    return out
