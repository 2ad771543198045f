"""The hand-kept reference tables of ``data/geo/`` are what they claim (issue 10's facts).

Every table parses with its columns, every treaty point is a valid coordinate with a known
segment rule and datum, the tables agree with each other (treaties, sides, claims, labels), the
constructed polygons are valid, and a few facts are pinned to their printed values. Only the
repository's own data is read.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from itertools import groupby
from pathlib import Path

import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from geo import paths
from geo.build.treaties import (
    construction_points,
    far_corners,
    read_treaty_constructions,
    read_turning_points,
    side_polygon,
    treaty_line,
)
from geo.coords import parse_coordinate

DATA = paths.GEO_DATA_DIR
#: The land region of issue 10: the modelled region plus a 200-nm margin.
THEATRE_LAND_REGION = (-124.0, -10.0, -51.0, 28.0)
COLUMNS = {
    "claims.csv": "state,name,territorial_sea_nm,contiguous_zone_nm,eez_nm,zone_200_kind,"
    "unrecognised_claim,note,source",
    "treaty_points.csv": "treaty,sector,point,lat_dms,lon_dms,datum,segment_to_next,source",
    "treaties.csv": "treaty,name,parties,instrument,in_force,points_in_sources,apply,"
    "status_label,source",
    "treaty_sides.csv": "sides,line,treaty,sectors,a_claimants,a_far_lon,a_far_lat,"
    "b_claimants,b_far_lon,b_far_lat,b_box,construction",
    "boundary_labels.csv": "state_a,state_b,label,source",
    "state_overrides.csv": "name,lon_min,lat_min,lon_max,lat_max,state,reason,source",
    "territory_codes.csv": "adm0_a3,lon_min,lat_min,lon_max,lat_max,state,reason,source",
    "closing_lines.csv": "name,order,lat,lon,note",
    "water_body_points.csv": "name,lat,lon,note",
    "historic_bays.csv": "name,kind,states,note,source",
    "disputed_areas.csv": "name,order,lat,lon,states,note,source",
    "named_places.csv": "id,name,aliases,kind,lat,lon,state,extent_km,source",
}
#: First word of ``segment_to_next`` (empty: line type not stated, drawn as a geodesic).
#: "great-circle" is the Venezuela-Netherlands treaty's own wording (sector A).
SEGMENT_WORDS = {"geodesic", "rhumb", "meridian", "parallel", "arc", "great-circle"}
DATUMS = {"PSAD56", "NAD27", "WGS84", "unknown"}
#: Claimant codes that stand for part of a state.
CLAIMANT_STATES = {"VEN-AVES": "VEN", "GUY-ESSEQUIBO": "GUY"}
MEDIAN_LABELS = {
    "median line; a treaty exists, its coordinates are not in our sources",
    "median line (computed); no treaty in our sources",
}
_DMS = re.compile(r"\d+°\d{2}'\d{2}(\.\d+)?''[NSEW]")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _claim_states() -> set[str]:
    return {r["state"] for r in _rows("claims.csv")}


def _polygons(name: str) -> dict[str, Polygon]:
    rows = sorted(_rows(name), key=lambda r: (r["name"], int(r["order"])))
    out = {}
    for key, group in groupby(rows, key=lambda r: r["name"]):
        vertices = list(group)
        assert [int(r["order"]) for r in vertices] == list(range(1, len(vertices) + 1)), key
        out[key] = Polygon([(float(r["lon"]), float(r["lat"])) for r in vertices])
    return out


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_table_parses_with_its_columns(name: str) -> None:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert list(reader.fieldnames or []) == COLUMNS[name].split(",")
        rows = list(reader)
    assert rows
    for row in rows:
        assert None not in row, (name, row)  # no row with more fields than the header
        assert all(v is not None for v in row.values()), (name, row)


def test_treaty_points_are_valid_coordinates_with_known_rules() -> None:
    seen: set[tuple[str, int]] = set()
    for row in _rows("treaty_points.csv"):
        key = (row["treaty"], int(row["point"]))
        assert key not in seen, key
        seen.add(key)
        assert _DMS.fullmatch(row["lat_dms"]) and row["lat_dms"][-1] in "NS", row
        assert _DMS.fullmatch(row["lon_dms"]) and row["lon_dms"][-1] in "EW", row
        assert -90 <= parse_coordinate(row["lat_dms"], axis="latitude") <= 90
        assert -180 <= parse_coordinate(row["lon_dms"], axis="longitude") <= 180
        assert row["datum"] in DATUMS, row
        rule = row["segment_to_next"]
        assert not rule or rule.split()[0].rstrip(":") in SEGMENT_WORDS, row
        assert row["source"].strip(), row


def test_points_of_each_treaty_run_from_one() -> None:
    by_treaty: dict[str, list[int]] = defaultdict(list)
    for row in _rows("treaty_points.csv"):
        by_treaty[row["treaty"]].append(int(row["point"]))
    for treaty, points in by_treaty.items():
        assert sorted(points) == list(range(1, len(points) + 1)), treaty


def test_constructed_points_say_so() -> None:
    constructed = {
        ("ECU-PER 2011", 2),
        ("GRD-TTO 2010", 3),
        ("VEN-FRA 1980", 2),
    }
    for row in _rows("treaty_points.csv"):
        if (row["treaty"], int(row["point"])) in constructed:
            assert row["source"].startswith("Our construction"), row


def test_pinned_treaty_points() -> None:
    points = {(p.treaty, p.point): p for p in read_turning_points(DATA / "treaty_points.csv")}
    nic_col = points[("NIC-COL 2012", 1)]
    assert nic_col.lat == pytest.approx(13.7766, abs=1e-4)
    assert nic_col.lon == pytest.approx(-81.4930, abs=1e-4)
    start = points[("ECU-PER 2011", 1)]
    assert (start.lat, start.lon) == pytest.approx((-3.3921, -81.1535), abs=1e-4)
    end = points[("ECU-PER 2011", 2)]
    assert end.lat == start.lat  # the boundary is the parallel of the start point
    import pyproj

    distance_m = pyproj.Geod(ellps="WGS84").inv(start.lon, start.lat, end.lon, end.lat)[2]
    assert distance_m == pytest.approx(200 * 1852, abs=1.0)
    # Venezuela-Dominican Republic pt 1 is Venezuela-Netherlands sector A pt 1, as printed.
    vd = next(r for r in _rows("treaty_points.csv") if r["treaty"] == "VEN-DOM 1979")
    vn = next(r for r in _rows("treaty_points.csv") if r["treaty"] == "VEN-NLD 1978")
    assert (vd["lat_dms"], vd["lon_dms"]) == (vn["lat_dms"], vn["lon_dms"])


def test_treaties_table_covers_every_treaty_point_and_side() -> None:
    treaties = {r["treaty"]: r for r in _rows("treaties.csv")}
    assert len(treaties) == len(_rows("treaties.csv"))
    with_points = {r["treaty"] for r in _rows("treaty_points.csv")}
    assert with_points <= set(treaties)
    sides = {r["treaty"] for r in _rows("treaty_sides.csv")}
    states = _claim_states()
    for key, row in treaties.items():
        assert row["apply"] in {"yes", "no"}, key
        assert row["points_in_sources"] in {"all", "some", "none"}, key
        if key in with_points:  # GBR-VEN 1942's approximate ('≈') points are not copied
            assert row["points_in_sources"] != "none", key
        assert row["status_label"].strip() and row["source"].strip(), key
        assert set(row["parties"].split()) <= states, key
        if row["apply"] == "yes":
            assert key in sides, key
    assert {t for t in sides if treaties[t]["apply"] == "yes"} == sides


def test_treaty_side_claimants_are_parties() -> None:
    treaties = {r["treaty"]: r for r in _rows("treaties.csv")}
    for construction in read_treaty_constructions(DATA / "treaty_sides.csv"):
        parties = set(treaties[construction.treaty]["parties"].split())
        for claimant in (*construction.a_claimants, *construction.b_claimants):
            assert CLAIMANT_STATES.get(claimant, claimant) in parties, construction.sides


def test_treaty_side_polygons_are_valid_and_disjoint() -> None:
    points = read_turning_points(DATA / "treaty_points.csv")
    for c in read_treaty_constructions(DATA / "treaty_sides.csv"):
        chosen = construction_points(c, points)
        assert len(chosen) >= 2, c.sides
        line = treaty_line(chosen)
        side_a = side_polygon(line, far=far_corners(line, c.a_far))
        side_b = (
            shapely.difference(shapely.box(*c.b_box), side_a)
            if c.b_box is not None
            else side_polygon(line, far=far_corners(line, c.b_far))
        )
        for side in (side_a, side_b):
            assert side.is_valid and not side.is_empty, c.sides
            assert side.area > 0, c.sides
        assert shapely.intersection(side_a, side_b).area < 1e-9, c.sides


def test_claims_are_complete_and_consistent() -> None:
    rows = _rows("claims.csv")
    states = [r["state"] for r in rows]
    assert len(states) == len(set(states))
    for row in rows:
        assert re.fullmatch(r"[A-Z]{3}", row["state"]), row
        assert row["zone_200_kind"] in {"eez", "exclusive fishing zone", "none listed"}, row
        assert row["territorial_sea_nm"] in {"12", "0"}, row
        assert row["contiguous_zone_nm"] in {"", "24"}, row
        assert row["eez_nm"] in {"200", "0"}, row
        assert row["source"].strip(), row
    claims = {r["state"]: r for r in rows}
    for state in ("PER", "SLV", "ECU"):
        assert claims[state]["unrecognised_claim"].strip(), state
    assert claims["VEN"]["contiguous_zone_nm"] == "24"
    assert "3 nm" in claims["BLZ"]["note"]
    assert "CPT" in claims and "CLP" not in claims and "USG" not in claims


def test_codes_in_other_tables_are_claim_states() -> None:
    states = _claim_states()
    for name in ("state_overrides.csv", "territory_codes.csv"):
        for row in _rows(name):
            assert row["state"] in states, (name, row)
    for row in _rows("boundary_labels.csv"):
        assert row["state_a"] < row["state_b"], row
        assert {row["state_a"], row["state_b"]} <= states, row
        assert row["label"] in MEDIAN_LABELS, row
    for name in ("historic_bays.csv", "disputed_areas.csv"):
        for row in _rows(name):
            assert set(row["states"].split()) <= states, (name, row)
    pairs = [(r["state_a"], r["state_b"]) for r in _rows("boundary_labels.csv")]
    assert len(pairs) == len(set(pairs))


def test_disputed_areas_are_valid_polygons() -> None:
    polygons = _polygons("disputed_areas.csv")
    assert {"Gulf of Fonseca and the waters off it", "Navassa Island"} <= set(polygons)
    for name, polygon in polygons.items():
        assert len(polygon.exterior.coords) >= 4, name
        assert polygon.is_valid and polygon.area > 0, name


def test_closing_lines_have_a_water_body_point_and_named_capes() -> None:
    lines = defaultdict(list)
    for row in sorted(_rows("closing_lines.csv"), key=lambda r: (r["name"], int(r["order"]))):
        lines[row["name"]].append((float(row["lon"]), float(row["lat"])))
    inside = {r["name"] for r in _rows("water_body_points.csv")}
    assert set(lines) <= inside | {"Gulf of Venezuela"}
    bays = {r["name"]: r for r in _rows("historic_bays.csv")}
    assert bays["Gulf of Panama"]["kind"] == "internal_waters"
    assert bays["Gulf of Fonseca"]["kind"] == "condominium"
    assert bays["Gulf of Fonseca"]["states"].split() == ["SLV", "HND", "NIC"]
    places = {r["id"]: r for r in _rows("named_places.csv")}
    for line, capes in (
        ("Gulf of Panama", ("punta-mala", "punta-jaque")),
        ("Gulf of Fonseca", ("punta-amapala", "punta-cosiguina")),
    ):
        ends = {lines[line][0], lines[line][-1]}
        assert {(float(places[c]["lon"]), float(places[c]["lat"])) for c in capes} == ends


def test_fonseca_window_lies_on_the_closing_line() -> None:
    """The 2021 treaty's points a and b lie on our closing line (within 250 m)."""
    from geo.geodesy import to_local_aeqd

    row = {r["order"]: r for r in _rows("closing_lines.csv") if r["name"] == "Gulf of Fonseca"}
    line = LineString([(float(row[o]["lon"]), float(row[o]["lat"])) for o in ("1", "2")])
    for p in read_turning_points(DATA / "treaty_points.csv"):
        if p.treaty == "HND-NIC 2021":
            local = to_local_aeqd(line, lon0=p.lon, lat0=p.lat)
            assert local.distance(Point(0, 0)) < 250, p.sector


def test_territory_codes_map_natural_earth_to_iso() -> None:
    from geo.countries import read_countries

    clipperton = read_countries(bounds=(-109.4, 10.1, -109.0, 10.5))
    assert set(clipperton.state) == {"CPT"}
    antilles = read_countries(bounds=(-76.0, 2.0, -51.0, 21.0))
    codes = set(antilles.state)
    assert {"GLP", "MTQ", "GUF", "BES", "CUB"} <= codes
    assert not codes & {"FRA", "NLD", "USG", "CLP"}


def test_natural_earth_codes_of_the_theatre_are_claim_states() -> None:
    """Every code Natural Earth (after territory_codes.csv) gives the land region has a claim."""
    from geo.countries import read_countries

    codes = set(read_countries(bounds=THEATRE_LAND_REGION).state)
    assert codes <= _claim_states(), codes - _claim_states()


@pytest.mark.slow
def test_assigned_states_of_the_theatre_have_claims() -> None:
    from geo.build.land import read_osm_land
    from geo.build.states import assign_states, read_overrides
    from geo.countries import read_countries

    land = read_osm_land(bounds=THEATRE_LAND_REGION)
    countries = read_countries(bounds=THEATRE_LAND_REGION)
    states = set(assign_states(land, countries, read_overrides(paths.STATE_OVERRIDES)).state)
    assert states <= _claim_states(), states - _claim_states()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Gulf of Panama", "Gulf of Fonseca"])
def test_closing_line_seals_its_gulf(name: str) -> None:
    from geo.build.internal_waters import read_closing_lines, read_water_body_points, water_behind
    from geo.build.land import read_osm_land

    line = read_closing_lines(DATA / "closing_lines.csv")[name]
    inside = read_water_body_points(DATA / "water_body_points.csv")[name]
    b = shapely.bounds(shapely.union(line, inside))
    land = shapely.union_all(read_osm_land(bounds=(b[0] - 2, b[1] - 2, b[2] + 2, b[3] + 2)))
    body = water_behind(line, land=land, inside_point=inside)  # raises if not sealed
    assert body.area > 0


def test_reference_data_never_reads_the_shared_folder() -> None:
    for path in Path(DATA).glob("*.csv"):
        assert "/work/shared" not in path.read_text(encoding="utf-8"), path.name
