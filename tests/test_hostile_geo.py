"""Geo crashes and wrong numbers found by hostile probing (issue 8, classes 3 and 4)."""

from __future__ import annotations

import json

import numpy as np
import pyproj
import pytest
import shapely
from cli_runner import run_module
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree
from shapely.geometry import Polygon
from test_geo_accuracy import _independent_distance_m

from geo.check import MAX_RADIUS_NM, check_point
from geo.constants import METRES_PER_NM
from geo.coords import CoordinateError, wrap_longitude
from geo.data import load_baseline_lines, load_zones
from geo.geodesy import GEOD

# Gulf of Paria, off Trinidad: a 10.8-nm circle touches Trinidad's land, not Venezuela's.
PARIA_LAT, PARIA_LON, PARIA_RADIUS_NM = 10.4294, -61.6285, 10.8
AGREEMENT_M = 40.0


def _independent_min_distance_m(lat: float, lon: float, radius_m: float) -> float:
    """Minimum geodesic distance from the circle's sea part to Venezuela's baseline.

    Built without geo.check: the circle from 1,440 ``Geod.fwd`` vertices, land from the zone
    file, the outline densified along geodesics, and distances from ``Geod.inv`` to baseline
    segments traced every 5 m (tests/test_geo_accuracy.py).
    """
    azimuths = np.linspace(0, 360, 1440, endpoint=False)
    lons, lats, _ = GEOD.fwd(
        np.full(1440, lon), np.full(1440, lat), azimuths, np.full(1440, radius_m)
    )
    circle = Polygon(np.column_stack([lons, lats]))
    zones = load_zones()
    # The land the circle meets (uniting the whole theatre's land would take seconds).
    parts = shapely.get_parts(zones.geometry[zones.zone == "land"].values)
    land = shapely.union_all(parts[shapely.STRtree(parts).query(circle, predicate="intersects")])
    sea = circle.difference(land)
    outline = shapely.get_coordinates(shapely.segmentize(sea.boundary, 0.0002))
    vertices = np.concatenate([np.asarray(line.coords) for line in load_baseline_lines()])
    near = vertices[
        GEOD.inv(np.full(len(vertices), lon), np.full(len(vertices), lat), *vertices.T)[2]
        < radius_m + 60 * METRES_PER_NM
    ]
    # Shortlist the outline points nearest to any baseline vertex by straight-line (chord)
    # distance in Earth-centred coordinates, then measure them finely.
    to_xyz = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:4978", always_xy=True)
    near_xyz = np.column_stack(to_xyz.transform(near[:, 0], near[:, 1], np.zeros(len(near))))
    outline_xyz = np.column_stack(
        to_xyz.transform(outline[:, 0], outline[:, 1], np.zeros(len(outline)))
    )
    rough, _ = cKDTree(near_xyz).query(outline_xyz)
    segments = []
    for line in load_baseline_lines():
        xy = np.asarray(line.coords)
        segments.append(np.column_stack([xy[:-1], xy[1:]]))
    all_segments = np.concatenate(segments)
    candidates = outline[np.argsort(rough)[:8]]
    return min(_independent_distance_m(x, y, all_segments) for x, y in candidates)


def test_min_distance_ignores_a_neighbours_land() -> None:
    result = check_point(lat=PARIA_LAT, lon=PARIA_LON, radius_nm=PARIA_RADIUS_NM)
    independent_m = _independent_min_distance_m(
        PARIA_LAT, PARIA_LON, PARIA_RADIUS_NM * METRES_PER_NM
    )
    assert result.min_distance_nm is not None
    # Was forced to 0.0 because the circle touches Trinidad.
    assert result.min_distance_nm == pytest.approx(7.6, abs=0.1)
    assert abs(result.min_distance_nm * METRES_PER_NM - independent_m) < AGREEMENT_M


def test_min_distance_is_zero_on_venezuelas_coast() -> None:
    # 5.6 nm off La Guaira, a 8-nm circle reaches Venezuela's own coast.
    result = check_point(lat=10.70, lon=-66.93, radius_nm=8)
    assert result.min_distance_nm == 0.0


def test_min_distance_of_a_circle_off_the_coast() -> None:
    # 40 nm north of La Guaira, 10-nm circle: no land at all; minimum = centre distance - 10.
    centre = check_point(lat=11.4, lon=-66.93)
    result = check_point(lat=11.4, lon=-66.93, radius_nm=10)
    assert result.min_distance_nm is not None
    assert result.min_distance_nm == pytest.approx(centre.distance_nm - 10, abs=0.05)
    independent_m = _independent_min_distance_m(11.4, -66.93, 10 * METRES_PER_NM)
    assert abs(result.min_distance_nm * METRES_PER_NM - independent_m) < AGREEMENT_M


@pytest.mark.parametrize("lon", [179.9, -179.95, 180.0, -180.0])
def test_circle_across_the_antimeridian(lon: float) -> None:
    result = check_point(lat=10.0, lon=lon, radius_nm=100)
    assert result.verdict == "outside"
    assert result.min_distance_nm is not None and result.max_distance_nm is not None
    assert result.min_distance_nm == pytest.approx(result.distance_nm - 100, abs=0.5)
    assert result.max_distance_nm == pytest.approx(result.distance_nm + 100, abs=0.5)


@pytest.mark.parametrize(
    ("radius_nm", "fragment"),
    [
        (MAX_RADIUS_NM + 1, "at most 5,000 nm"),
        (1e308, "at most 5,000 nm"),
        (float("inf"), "expected a number >= 0"),
        (float("nan"), "expected a number >= 0"),
        (-1, "expected a number >= 0"),
    ],
)
def test_bad_radii_are_clear_errors(radius_nm: float, fragment: str) -> None:
    with pytest.raises(CoordinateError, match=fragment):
        check_point(lat=10.7, lon=-66.9, radius_nm=radius_nm)


def test_circle_around_a_pole_is_refused() -> None:
    with pytest.raises(CoordinateError, match="would contain a pole"):
        check_point(lat=89.5, lon=0, radius_nm=100)
    with pytest.raises(CoordinateError, match="would contain a pole"):
        check_point(lat=10.7, lon=-66.9, radius_nm=4_900)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--radius-nm", "6000", "10.7", "-66.9"], "at most 5,000 nm"),
        (["--radius-nm", "1e308", "10.7", "-66.9"], "at most 5,000 nm"),
        (["--radius-nm", "100", "89.9", "0"], "would contain a pole"),
    ],
)
def test_cli_radius_errors_exit_2_one_line(args: list[str], fragment: str) -> None:
    result = run_module("geo.check", "--json", *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0]


def test_cli_antimeridian_circle() -> None:
    result = run_module("geo.check", "--json", "--radius-nm", "100", "10", "179.9")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "outside"


@pytest.mark.parametrize(
    ("clicked", "expected"),
    [(425.0, 65.0), (-291.5, 68.5), (180.0, -180.0), (-180.0, -180.0), (-66.9, -66.9)],
)
def test_click_longitude_is_wrapped(clicked: float, expected: float) -> None:
    assert wrap_longitude(clicked) == pytest.approx(expected)


@given(
    st.floats(-10_000, 10_000, allow_nan=False),
)
def test_wrapped_longitude_is_the_same_meridian(lon: float) -> None:
    wrapped = wrap_longitude(lon)
    assert -180.0 <= wrapped < 180.0
    assert np.isclose(np.cos(np.radians(wrapped)), np.cos(np.radians(lon)), atol=1e-9)
    assert np.isclose(np.sin(np.radians(wrapped)), np.sin(np.radians(lon)), atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(
    lat=st.floats(-80, 80),
    lon=st.one_of(st.floats(-180, 180), st.sampled_from([-180.0, 180.0, 179.99, -179.99])),
    radius_nm=st.one_of(
        st.floats(0, 300), st.sampled_from([0.0, 1e-9, MAX_RADIUS_NM, MAX_RADIUS_NM + 1e-6])
    ),
)
def test_any_circle_gives_an_answer_or_a_clear_error(
    lat: float, lon: float, radius_nm: float
) -> None:
    try:
        result = check_point(lat=lat, lon=lon, radius_nm=radius_nm)
    except CoordinateError as error:
        assert "radius" in str(error)
        return
    assert result.verdict in {"inside", "outside", "indeterminate"}
    assert result.min_distance_nm is not None and result.max_distance_nm is not None
    assert 0 <= result.min_distance_nm <= result.distance_nm + 1e-3
    assert result.max_distance_nm >= result.distance_nm - 1e-3
