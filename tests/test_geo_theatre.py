"""Named positions across the strike theatre get the zone and state the law gives them.

Real data, no mocks (issue 10). Offshore positions are built with ``pyproj.Geod.fwd`` from a
coastal point (a vertex of that state's baseline in ``data/geo/baselines.parquet``) at a stated
bearing and distance, pointing away from the coast, so the construction is also the distance
to the nearest coast: ``nearest_state_distance_nm`` must agree with it within a few hundred
metres. Every strike in the record with a position gets a zone, and a state unless it lies on
the high seas; every coastal state of ``claims.csv`` has the zones it claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pytest
import shapely

from events.load import load_strikes
from geo.check import check_point
from geo.claims import state_claims
from geo.constants import EEZ_NM, METRES_PER_NM, MODELLED_REGION
from geo.data import load_all_baselines, load_zone_table
from geo.geodesy import GEOD

#: How far ``nearest_state_distance_nm`` may be from the construction's distance.
CONSTRUCTION_TOLERANCE_M = 300.0


@dataclass(frozen=True)
class Offshore:
    """A position ``distance_nm`` from a coastal point along ``bearing`` (degrees from north)."""

    name: str
    coast_lat: float
    coast_lon: float
    bearing: float
    distance_nm: float
    zone: str
    state: str

    def position(self) -> tuple[float, float]:
        lon, lat, _ = GEOD.fwd(
            self.coast_lon, self.coast_lat, self.bearing, self.distance_nm * METRES_PER_NM
        )
        return float(lat), float(lon)


OFFSHORE = [
    # Acapulco: the coast south of the bay, 3 nm due south.
    Offshore("3 nm off Acapulco", 16.81754, -99.90568, 178.9, 3.0, "territorial_sea", "MEX"),
    Offshore("off Cabo Blanco", 9.53855, -85.1135, -136.8, 4.0, "territorial_sea", "CRI"),
    Offshore("off Buenaventura", 3.89639, -77.35707, -155.9, 4.0, "territorial_sea", "COL"),
    Offshore("off Manta", -0.93010, -80.72217, -29.2, 4.0, "territorial_sea", "ECU"),
    Offshore("off San Cristóbal", -0.91839, -89.62796, -113.6, 5.0, "territorial_sea", "ECU"),
    Offshore("off Isla del Coco", 5.50826, -87.102, -99.7, 5.0, "territorial_sea", "CRI"),
    Offshore("30 nm off Isla del Coco", 5.50826, -87.102, -99.7, 30.0, "eez", "CRI"),
    Offshore("off Malpelo", 3.99385, -81.61661, -85.8, 5.0, "territorial_sea", "COL"),
    Offshore("off Clipperton", 10.28823, -109.2182, -140.5, 4.0, "territorial_sea", "CPT"),
    Offshore("off Socorro", 18.75382, -111.01532, -148.4, 5.0, "territorial_sea", "MEX"),
    Offshore("off San Andrés", 12.49212, -81.73547, -82.9, 4.0, "territorial_sea", "COL"),
    Offshore(
        "off Jamaica's south coast", 17.84255, -77.3748, -150.4, 4.0, "territorial_sea", "JAM"
    ),
    Offshore("off Santo Domingo", 18.44062, -69.93029, 144.6, 4.0, "territorial_sea", "DOM"),
]


@pytest.mark.parametrize("place", OFFSHORE, ids=[p.name for p in OFFSHORE])
def test_offshore_position_zone_state_and_distance(place: Offshore) -> None:
    lat, lon = place.position()
    result = check_point(lat=lat, lon=lon)
    assert (result.zone, result.state) == (place.zone, place.state)
    assert not result.disputed
    assert result.nearest_state == place.state
    assert result.nearest_state_distance_nm is not None
    error_m = result.nearest_state_distance_nm * METRES_PER_NM - place.distance_nm * METRES_PER_NM
    assert abs(error_m) < CONSTRUCTION_TOLERANCE_M, error_m


@pytest.mark.parametrize("name", ["off Manta", "off San Cristóbal"])
def test_ecuadorian_waters_carry_the_unrecognised_claim_note(name: str) -> None:
    place = next(p for p in OFFSHORE if p.name == name)
    lat, lon = place.position()
    note = check_point(lat=lat, lon=lon).note
    assert note.startswith("Ecuador's historic 200-nm territorial sea")
    assert state_claims()["ECU"].unrecognised_claim in note


def test_mexican_and_costa_rican_waters_carry_no_such_note() -> None:
    for place in OFFSHORE[:2]:
        assert check_point(lat=place.position()[0], lon=place.position()[1]).note == ""


@pytest.mark.parametrize(
    ("name", "lat", "lon", "state"),
    [
        ("Isla del Coco", 5.53, -87.06, "CRI"),
        ("Clipperton", 10.30, -109.22, "CPT"),
        ("Socorro", 18.78, -110.97, "MEX"),
        ("San Andrés", 12.55, -81.72, "COL"),
        ("San Cristóbal, Galápagos", -0.90, -89.55, "ECU"),
    ],
)
def test_island_land(name: str, lat: float, lon: float, state: str) -> None:
    result = check_point(lat=lat, lon=lon)
    assert (result.zone, result.state) == ("land", state), name
    assert result.nearest_state == state


def test_gulf_of_panama_is_panamas_internal_waters() -> None:
    result = check_point(lat=8.5, lon=-79.2)
    assert (result.zone, result.state) == ("internal_waters", "PAN")
    assert not result.disputed
    assert "historic bay of Panama" in result.note
    assert result.nearest_state == "PAN"
    # Deep in the gulf, 8.2 nm from the nearest coast: an EEZ-or-sea model would say 12 nm.
    assert result.nearest_state_distance_nm == pytest.approx(8.22, abs=0.01)


def test_eastern_pacific_high_seas_pocket() -> None:
    result = check_point(lat=5.0, lon=-100.0)
    assert (result.zone, result.state) == ("high_seas", None)
    assert not result.in_territorial_waters
    # Farther than 200 nm from every coast: the nearest is the Galápagos, 519 nm away.
    assert result.nearest_state == "ECU"
    assert result.nearest_state_distance_nm == pytest.approx(518.8, abs=0.1)


@cache
def _ecuador_segments() -> npt.NDArray[np.float64]:
    """Every segment of Ecuador's baseline as rows (lon1, lat1, lon2, lat2)."""
    table = load_all_baselines()
    lines = shapely.get_parts(table.geometry[table.state == "ECU"])
    pieces = []
    for line in lines:
        xy = shapely.get_coordinates(line)
        pieces.append(np.column_stack([xy[:-1], xy[1:]]))
    return np.concatenate(pieces)


def _lower_bound_distance_m(lat: float, lon: float, segments: npt.NDArray[np.float64]) -> float:
    """A geodesic lower bound on the distance from (lat, lon) to a set of segments.

    Every point of a segment is within half its length of one of its ends, so the nearer end's
    distance less half the length bounds the distance to the segment from below.
    """
    n = len(segments)
    here = (np.full(n, lon), np.full(n, lat))
    _, _, to_start = GEOD.inv(*here, segments[:, 0], segments[:, 1])
    _, _, to_end = GEOD.inv(*here, segments[:, 2], segments[:, 3])
    _, _, length = GEOD.inv(segments[:, 0], segments[:, 1], segments[:, 2], segments[:, 3])
    return float(np.min(np.minimum(to_start, to_end) - np.asarray(length) / 2))


def test_high_seas_corridor_between_mainland_ecuador_and_the_galapagos() -> None:
    lat, lon = -1.0, -85.25
    result = check_point(lat=lat, lon=lon)
    assert (result.zone, result.state) == ("high_seas", None)
    assert result.nearest_state == "ECU"
    assert result.nearest_state_distance_nm == pytest.approx(240.43, abs=0.01)
    segments = _ecuador_segments()
    galapagos = segments[segments[:, 0] < -88.0]
    mainland = segments[segments[:, 0] > -82.0]
    assert len(galapagos) + len(mainland) == len(segments)
    from_mainland = _lower_bound_distance_m(lat, lon, mainland)
    from_galapagos = _lower_bound_distance_m(lat, lon, galapagos)
    assert from_mainland > EEZ_NM * METRES_PER_NM
    assert from_galapagos > EEZ_NM * METRES_PER_NM
    # The nearer of the two is the one the check reports.
    nearer_nm = min(from_mainland, from_galapagos) / METRES_PER_NM
    assert nearer_nm == pytest.approx(result.nearest_state_distance_nm, abs=0.5)


def test_every_strike_with_a_position_gets_a_zone() -> None:
    strikes = load_strikes()
    located = strikes[strikes.latitude.notna() & strikes.longitude.notna()]
    assert len(located) >= 5
    for row in located.itertuples():
        result = check_point(lat=float(row.latitude), lon=float(row.longitude))
        assert result.zone != "unknown", row.id
        if result.zone == "high_seas":
            assert result.state is None, row.id
        else:
            assert result.state is not None, row.id
    # The Eastern Pacific strikes with a position lie on the high seas, beyond every EEZ.
    pacific = located[located.longitude < -90]
    assert len(pacific) >= 4
    for row in pacific.itertuples():
        result = check_point(lat=float(row.latitude), lon=float(row.longitude))
        assert result.zone == "high_seas", row.id
        assert result.nearest_state_distance_nm is not None
        assert result.nearest_state_distance_nm > EEZ_NM


@cache
def _coastal_states() -> frozenset[str]:
    table = load_all_baselines()
    region = shapely.box(*MODELLED_REGION)
    return frozenset(
        str(state)
        for state, line in zip(table.state, table.geometry, strict=True)
        if line.intersects(region)
    )


@cache
def _zones_by_state() -> dict[str, set[str]]:
    table = load_zone_table()
    out: dict[str, set[str]] = {}
    for zone, state in zip(table.zone, table.state, strict=True):
        if state is not None:
            out.setdefault(str(state), set()).add(str(zone))
    return out


#: Coastal states whose waters end before 24 nm (hemmed in by their neighbours): no EEZ.
NO_EEZ = {"MAF"}


@pytest.mark.parametrize("state", sorted(state_claims()))
def test_every_coastal_state_has_its_zones(state: str) -> None:
    zones = _zones_by_state().get(state, set())
    if state not in _coastal_states():
        # No coast in the region (e.g. BOL, GUF, the United States mainland): no waters of its
        # own here, though its land or its EEZ from a coast outside may reach in.
        assert "territorial_sea" not in zones
        return
    assert {"land", "territorial_sea"} <= zones
    assert ("eez" in zones) == (state not in NO_EEZ)
    assert ("contiguous_zone" in zones) == (state_claims()[state].contiguous_zone_nm is not None)


def test_saint_martin_waters_end_before_24_nm() -> None:
    # Why MAF has no EEZ: the farthest point of its contiguous zone is nearer than 24 nm to
    # its own baseline (nearest vertex, an upper bound on the true distance).
    table = load_zone_table()
    sea = table.geometry[(table.state == "MAF") & (table.zone == "contiguous_zone")]
    outline = shapely.get_coordinates(shapely.segmentize(shapely.boundary(sea), 0.002))
    baselines = load_all_baselines()
    vertices = shapely.get_coordinates(baselines.geometry[baselines.state == "MAF"])
    farthest = 0.0
    for lon, lat in outline:
        n = len(vertices)
        _, _, d = GEOD.inv(np.full(n, lon), np.full(n, lat), vertices[:, 0], vertices[:, 1])
        farthest = max(farthest, float(d.min()))
    assert 12.0 < farthest / METRES_PER_NM < 24.0


def test_coastal_states_cover_the_theatre() -> None:
    coastal = _coastal_states()
    assert {"MEX", "GTM", "SLV", "HND", "NIC", "CRI", "PAN", "COL", "ECU", "PER", "CPT"} <= coastal
    assert {"JAM", "DOM", "HTI", "CUB", "TTO", "VEN"} <= coastal
    assert not {"BOL", "GUF", "BRA", "USA"} & coastal


def test_gulf_of_panama_closing_line_is_a_geodesic() -> None:
    # 22,327 m from the geodesic Punta Mala - Punta Jaque line: beyond 12 nm. When the line
    # was a lon/lat chord (103 m off the geodesic here), this point was territorial sea.
    result = check_point(lat=7.288876, lon=-79.15664)
    assert (result.zone, result.state) == ("contiguous_zone", "PAN")
