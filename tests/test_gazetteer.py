"""The gazetteer: every place the record names resolves; named places sit where they say."""

import csv

import numpy as np
import pytest
import shapely
from pyproj import Geod

from common.paths import EVENTS_DATA_DIR, GEO_DATA_DIR
from geo.constants import MODELLED_REGION
from geo.data import load_zone_table
from geo.gazetteer import load_gazetteer, normalise_name, place_land
from geo.reported import resolve_place

GEOD = Geod(ellps="WGS84")


def test_gazetteer_keeps_only_the_theatre() -> None:
    rows = list(csv.DictReader((GEO_DATA_DIR / "gazetteer.csv").open(encoding="utf-8")))
    assert len(rows) == 21_287
    lat = np.array([float(r["lat"]) for r in rows])
    lon = np.array([float(r["lon"]) for r in rows])
    assert lat.min() >= -6 and lat.max() <= 24 and lon.min() >= -120 and lon.max() <= -55
    assert all(r["id"].startswith("geonames:") for r in rows)


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        # Every place the record's location_text names (data/events/strikes.csv).
        ("Acapulco", "named:acapulco"),
        ("the Mexico/Guatemala border", "named:suchiate-mouth"),
        ("Mexico–Guatemala border", "named:suchiate-mouth"),
        ("Golfito", "geonames:3623656"),
        ("Costa Rica", "named:costa-rica"),
        ("Venezuela", "named:venezuela"),
        ("Trinidad and Tobago", "named:trinidad-and-tobago"),
        ("Trinidad", "named:trinidad"),
        ("Colombia", "named:colombia"),
        ("Santa Marta", "geonames:3668605"),
        ("San Juan de Unare", "named:san-juan-de-unare"),
        ("Sucre state", "named:sucre"),
        ("Paria Peninsula", "named:paria"),
        ("Ecuador", "named:ecuador"),
        ("Mexico", "named:mexico"),
        ("Guatemala", "named:guatemala"),
        ("Puerto López, La Guajira", "named:puerto-lopez-guajira"),
        ("La Blanquilla", "named:la-blanquilla"),
        ("Gulf of Venezuela", None),
    ],
)
def test_record_places_resolve(name, place_id) -> None:  # type: ignore[no-untyped-def]
    if place_id is None:
        place, _ = resolve_place(name)
        assert place.id
    else:
        assert resolve_place(name)[0].id == place_id


def test_every_named_place_of_the_modelled_region_sits_on_its_land() -> None:
    zones = load_zone_table()
    # The land polygons of every state, each piece on its own (a union of the whole theatre's
    # coastlines would take minutes).
    land = shapely.get_parts(zones.geometry[zones.zone == "land"])
    tree = shapely.STRtree(land)
    lon_min, lat_min, lon_max, lat_max = MODELLED_REGION
    gazetteer = load_gazetteer()
    for place in gazetteer.by_id.values():
        if not place.id.startswith("named:") or place.kind not in {"island", "archipelago"}:
            continue
        found = place_land(place)
        inside = lon_min <= place.lon <= lon_max and lat_min <= place.lat <= lat_max
        assert (found is not None) == inside, place.id
        if found is not None:
            for piece in shapely.get_parts(found):
                candidates = land[tree.query(piece)]
                assert np.any(shapely.covers(candidates, piece)), place.id


def test_puerto_lopez_is_the_coastal_end_of_the_colombia_venezuela_border() -> None:
    zones = load_zone_table()
    col = shapely.union_all(zones.geometry[(zones.zone == "land") & (zones.state == "COL")])
    ven = shapely.union_all(zones.geometry[(zones.zone == "land") & (zones.state == "VEN")])
    border = shapely.get_coordinates(col.intersection(ven.buffer(0.0005)))
    north_end = border[border[:, 1].argmax()]
    place = load_gazetteer().by_id["named:puerto-lopez-guajira"]
    assert GEOD.inv(place.lon, place.lat, *north_end)[2] < 100.0


def test_islands_do_not_swallow_the_mainland() -> None:
    gazetteer = load_gazetteer()
    area_km2 = {
        pid: abs(GEOD.geometry_area_perimeter(place_land(gazetteer.by_id[pid]))[0]) / 1e6
        for pid in ("named:margarita", "named:trinidad", "named:la-blanquilla")
    }
    assert 950 < area_km2["named:margarita"] < 1150  # Nueva Esparta: about 1,150 km²
    assert 4_600 < area_km2["named:trinidad"] < 5_000  # Trinidad: about 4,770 km²
    assert 40 < area_km2["named:la-blanquilla"] < 80  # La Blanquilla: about 64 km²


def test_named_places_have_a_source_and_a_known_kind() -> None:
    rows = list(csv.DictReader((GEO_DATA_DIR / "named_places.csv").open(encoding="utf-8")))
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["source"].strip(), row["id"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mexico–Guatemala", "mexico/guatemala"),
        ("Curaçao", "curacao"),
        ("the Gulf", "gulf"),
        ("Costa Rica's", "costa rica"),
    ],
)
def test_normalise_name(a, b) -> None:  # type: ignore[no-untyped-def]
    assert normalise_name(a) == normalise_name(b)


def test_record_reported_sentences_places_resolve() -> None:
    from geo.reported import parse_reported

    with (EVENTS_DATA_DIR / "strikes.csv").open(encoding="utf-8") as handle:
        sentences = [
            r["position_reported"] for r in csv.DictReader(handle) if r["position_reported"]
        ]
    assert len(sentences) == 6  # S014, S018, S032-S034, S047
    for sentence in sentences:
        assert parse_reported(sentence).place.id
