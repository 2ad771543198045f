"""The 12-nm line lies within 30 m of the true geodesic 22,224 m from the baseline.

Points are sampled on the seaward edge of Venezuela's territorial sea (where it meets the
contiguous zone, so not on median or treaty lines) and their distance to the baseline is
measured independently: baseline segments near each point are densified along geodesics every
5 m with ``pyproj.Geod.npts`` and the minimum ``Geod.inv`` distance is taken.
"""

import numpy as np
import numpy.typing as npt
import pytest
import shapely

from geo.baseline_distance import venezuela_baseline_index
from geo.constants import METRES_PER_NM, TERRITORIAL_SEA_M
from geo.data import load_baseline_lines, load_zones, zone_geometry
from geo.geodesy import GEOD

TOLERANCE_M = 30.0
N_SAMPLES = 600


@pytest.fixture(scope="module")
def baseline_segments() -> npt.NDArray[np.float64]:
    coords = []
    for line in load_baseline_lines():
        xy = np.asarray(line.coords)
        coords.append(np.column_stack([xy[:-1], xy[1:]]))
    return np.concatenate(coords)  # lon1, lat1, lon2, lat2


@pytest.fixture(scope="module")
def twelve_nm_points() -> npt.NDArray[np.float64]:
    sea = zone_geometry(zone="territorial_sea")
    contiguous = zone_geometry(zone="contiguous_zone")
    edge = shapely.intersection(sea.boundary, contiguous.boundary)
    points = shapely.get_coordinates(shapely.segmentize(edge, 0.005))
    # Leave out where the 12-nm line meets a neighbour's zone: there the edge is a median line.
    zones = load_zones()
    foreign = shapely.union_all(zones.geometry[zones.state != "VEN"].values)
    away = ~shapely.dwithin(foreign, shapely.points(points), 1e-5)
    points = points[away]
    rng = np.random.default_rng(12)
    sample: npt.NDArray[np.float64] = points[rng.choice(len(points), N_SAMPLES, replace=False)]
    return sample


def _independent_distance_m(lon: float, lat: float, segments: npt.NDArray[np.float64]) -> float:
    # Shortlist segments whose end points are within 30 km by Geod, then trace them finely.
    _, _, d1 = GEOD.inv(
        np.full(len(segments), lon), np.full(len(segments), lat), segments[:, 0], segments[:, 1]
    )
    near = segments[d1 < TERRITORIAL_SEA_M + 8_000]
    best = np.inf
    for lon1, lat1, lon2, lat2 in near:
        _, _, length = GEOD.inv(lon1, lat1, lon2, lat2)
        n = max(int(length // 5), 1)
        pts = np.array([(lon1, lat1), *GEOD.npts(lon1, lat1, lon2, lat2, n), (lon2, lat2)])
        _, _, d = GEOD.inv(np.full(len(pts), lon), np.full(len(pts), lat), pts[:, 0], pts[:, 1])
        best = min(best, float(np.min(d)))
    return best


def test_twelve_nm_line_within_30_m(
    twelve_nm_points: npt.NDArray[np.float64], baseline_segments: npt.NDArray[np.float64]
) -> None:
    errors = np.array(
        [
            _independent_distance_m(lon, lat, baseline_segments) - TERRITORIAL_SEA_M
            for lon, lat in twelve_nm_points
        ]
    )
    assert len(errors) >= 500
    assert np.max(np.abs(errors)) < TOLERANCE_M, (errors.min(), errors.max())


@pytest.mark.parametrize("batch", [False, True], ids=["exact path", "sampled batch path"])
def test_distance_nm_matches_independent_measure(
    twelve_nm_points: npt.NDArray[np.float64],
    baseline_segments: npt.NDArray[np.float64],
    batch: bool,
) -> None:
    index = venezuela_baseline_index()
    sample = twelve_nm_points[:60]
    lon, lat = sample[:, 0], sample[:, 1]
    if batch:  # the batch path serves more than 64 points at a time
        ours = index.distances(np.tile(lon, 2), np.tile(lat, 2)).distance_m[:60]
    else:
        ours = index.distances(lon, lat).distance_m
    theirs = np.array([_independent_distance_m(x, y, baseline_segments) for x, y in sample])
    assert np.max(np.abs(ours - theirs)) < (0.05 if not batch else 1.0)
    assert np.all(np.abs(ours / METRES_PER_NM - 12.0) < 0.02)
