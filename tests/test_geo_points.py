"""Named positions against the committed zones: every zone type and the states around Venezuela."""

import numpy as np
import pytest

from geo.check import check_point, check_points, describe
from geo.constants import METRES_PER_NM
from geo.geodesy import GEOD

# (name, lat, lon, zone, state, disputed)
NAMED_POSITIONS = [
    ("off La Guaira, 5.6 nm", 10.70, -66.93, "territorial_sea", "VEN", False),
    ("off Margarita's north coast", 11.20, -63.90, "territorial_sea", "VEN", False),
    ("Los Roques lagoon edge", 11.85, -66.75, "territorial_sea", "VEN", False),
    ("on La Orchila", 11.80, -66.15, "land", "VEN", False),
    ("off La Orchila", 11.86, -66.17, "territorial_sea", "VEN", False),
    ("at Isla de Aves", 15.67, -63.62, "territorial_sea", "VEN", False),
    ("Los Monjes", 12.45, -70.85, "territorial_sea", "VEN", False),
    ("Lake Maracaibo", 9.80, -71.60, "internal_waters", "VEN", False),
    ("Tablazo Bay", 10.85, -71.55, "internal_waters", "VEN", False),
    ("16 nm off the central coast", 10.90, -66.50, "contiguous_zone", "VEN", False),
    ("north of Curaçao", 12.45, -69.00, "territorial_sea", "CUW", False),
    ("south of Grenada", 11.90, -61.70, "territorial_sea", "GRD", False),
    ("far out, north of Los Roques", 14.00, -66.50, "eez", "VEN", False),
    ("Aves EEZ", 15.50, -64.50, "eez", "VEN", True),
    ("Gulf of Venezuela, off Castilletes", 11.90, -71.20, "territorial_sea", "COL", True),
    ("Gulf of Venezuela, centre", 11.60, -71.00, "contiguous_zone", "VEN", True),
    ("Gulf of Venezuela, east", 11.80, -70.40, "territorial_sea", "VEN", True),
    ("off the Essequibo coast", 8.30, -59.20, "territorial_sea", "GUY", True),
    ("Guyana's sea east of the Essequibo", 6.90, -57.95, "territorial_sea", "GUY", False),
    ("on Colombia's Guajira", 11.70, -72.50, "land", "COL", False),
]


@pytest.mark.parametrize(
    ("name", "lat", "lon", "zone", "state", "disputed"),
    NAMED_POSITIONS,
    ids=[p[0] for p in NAMED_POSITIONS],
)
def test_named_position(
    name: str, lat: float, lon: float, zone: str, state: str, disputed: bool
) -> None:
    result = check_point(lat=lat, lon=lon)
    assert (result.zone, result.state, result.disputed) == (zone, state, disputed), name
    assert result.in_territorial_waters == (
        state == "VEN" and zone in ("territorial_sea", "internal_waters")
    )


def test_three_nm_off_aruba_is_arubas_territorial_sea() -> None:
    # 3 nm (geodesic) west of Aruba's western tip, Punta Basora side.
    start_lon, start_lat = -70.066, 12.613
    lon, lat, _ = GEOD.fwd(start_lon, start_lat, 300.0, 3 * METRES_PER_NM)
    result = check_point(lat=lat, lon=lon)
    assert (result.zone, result.state) == ("territorial_sea", "ABW")
    assert not result.in_territorial_waters


def test_three_nm_off_trinidads_north_coast_is_trinidads_territorial_sea() -> None:
    # Due north of the coast near Maracas Bay (coast at about 10.78 N, 61.40 W).
    lon, lat, _ = GEOD.fwd(-61.40, 10.78, 0.0, 3 * METRES_PER_NM)
    result = check_point(lat=lat, lon=lon)
    assert (result.zone, result.state) == ("territorial_sea", "TTO")
    assert not result.in_territorial_waters
    assert result.distance_nm > 12  # Venezuela's Paria coast is farther than 12 nm


def test_eighteen_nm_off_the_central_coast_is_contiguous_zone() -> None:
    # 18 nm (geodesic) due north of the coast at La Guaira.
    guaira = check_point(lat=10.70, lon=-66.93)
    lon, lat, _ = GEOD.fwd(
        guaira.nearest_baseline_lon, guaira.nearest_baseline_lat, 0.0, 18 * METRES_PER_NM
    )
    result = check_point(lat=lat, lon=lon)
    assert (result.zone, result.state) == ("contiguous_zone", "VEN")
    assert not result.in_territorial_waters
    assert 17.0 < result.distance_nm <= 18.0 + 1e-6


def test_la_guaira_distance_matches_independent_geodesic() -> None:
    result = check_point(lat=10.70, lon=-66.93)
    _, _, expected_m = GEOD.inv(
        -66.93, 10.70, result.nearest_baseline_lon, result.nearest_baseline_lat
    )
    assert result.distance_nm == pytest.approx(expected_m / METRES_PER_NM, abs=1e-3)
    assert 5.0 < result.distance_nm < 6.5
    assert describe(result).startswith("inside Venezuela's territorial sea, 5.")


def test_outside_region_is_unknown_with_message() -> None:
    # West of the modelled region (lon -120 to -55, lat -6 to 24): the central Pacific.
    result = check_point(lat=5.0, lon=-125.0)
    assert result.zone == "unknown"
    assert result.state is None
    assert "outside the modelled region" in result.message


def test_radius_verdicts() -> None:
    inside = check_point(lat=10.70, lon=-66.93, radius_nm=1)
    assert inside.verdict == "inside"
    straddling = check_point(lat=10.70, lon=-66.93, radius_nm=10)
    assert straddling.verdict == "indeterminate"
    assert straddling.min_distance_nm is not None and straddling.max_distance_nm is not None
    assert straddling.min_distance_nm < 12 < straddling.max_distance_nm
    outside = check_point(lat=14.0, lon=-66.5, radius_nm=20)
    assert outside.verdict == "outside"
    assert outside.min_distance_nm is not None
    assert outside.min_distance_nm > 12


def test_vectorised_matches_single_point() -> None:
    rng = np.random.default_rng(7)
    lat = rng.uniform(6, 17, 300)
    lon = rng.uniform(-74, -57, 300)
    frame = check_points(lat=lat, lon=lon)
    for i in range(0, 300, 30):
        single = check_point(lat=lat[i], lon=lon[i])
        assert frame.zone[i] == single.zone
        assert frame.state[i] == single.state
        assert frame.distance_nm[i] == pytest.approx(single.distance_nm, abs=1e-3)
