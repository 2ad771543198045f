"""Issue 12: positions derived from their stated method, land events, data version, citation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import shapely
from pydantic import ValidationError
from pyproj import Geod
from shapely.geometry import Point

from events.io_export import to_csv_bytes, to_geojson_bytes
from events.io_import import import_file
from events.land import LandEvent, load_land_events
from events.load import load_possible_zones
from events.paths import DATA_DIR, REPO_ROOT
from events.summary import summarise
from events.version import DATA_VERSION_PATTERN, load_data_version
from geo.constants import METRES_PER_NM
from mapview import style
from mapview.static_layers import prepare_static_layers

_GEOD = Geod(ellps="WGS84")
#: Acapulco as given in S014's method (16.85N 99.88W).
_ACAPULCO_LON_LAT = (-99.88, 16.85)
_KM = 1000.0


@pytest.fixture(scope="module")
def land_events() -> pd.DataFrame:
    return load_land_events()


# --- positions follow their stated method -------------------------------------------------------


def test_s014_circle_is_400_nm_sw_of_acapulco_and_covers_both_readings(
    strikes: pd.DataFrame,
) -> None:
    s014 = strikes.set_index("id").loc["S014"]
    lon, lat, _ = _GEOD.fwd(*_ACAPULCO_LON_LAT, 225.0, 400 * METRES_PER_NM)
    assert (s014["latitude"], s014["longitude"]) == (round(lat, 2), round(lon, 2))
    assert s014["uncertainty_radius_nm"] == 100.0
    for reading_km in (643.0, 741.0, 830.0):  # BBC 400 mi, SEMAR 400 nm, SEMAR 830 km
        r_lon, r_lat, _ = _GEOD.fwd(*_ACAPULCO_LON_LAT, 225.0, reading_km * _KM)
        assert s014["geometry"].covers(Point(r_lon, r_lat)), reading_km
    assert "643 km" in s014["location_method"] and "830 km" in s014["location_method"]


def test_s018_is_centred_on_the_colombia_venezuela_border_at_the_gulf_coast(
    strikes: pd.DataFrame,
) -> None:
    from geo.data import load_zones

    s018 = strikes.set_index("id").loc["S018"]
    assert s018["location_precision"] == "approximate"
    assert s018["uncertainty_radius_nm"] == 20.0
    zones = load_zones().to_crs("EPSG:4326")
    land = zones[zones["zone"] == "land"]
    venezuela = shapely.union_all(land[land["state"] == "VEN"].geometry.to_numpy())
    colombia = shapely.union_all(land[land["state"] == "COL"].geometry.to_numpy())
    border = shapely.intersection(venezuela.boundary, colombia.boundary)
    northern_end = max(shapely.get_coordinates(border), key=lambda xy: xy[1])
    _, _, offset_m = _GEOD.inv(
        northern_end[0], northern_end[1], s018["longitude"], s018["latitude"]
    )
    assert offset_m < 1_000  # rounded to 0.01 deg; tiny against the 20-nm radius
    assert "Puerto López" in s018["location_method"] and "NYT" in s018["location_method"]
    assert "Gulf of Venezuela" in s018["location_text"]


def test_every_row_has_last_updated_and_changed_rows_are_dated_today(
    strikes: pd.DataFrame,
) -> None:
    assert strikes["last_updated"].notna().all()
    changed = strikes.loc[strikes["last_updated"] == pd.Timestamp("2026-12-01"), "id"].tolist()
    assert changed == [
        "S003",
        "S005",
        "S064",
        "S065",
        "S066",
        "S067",
        "S068",
        "S069",
        "S070",
    ]
    # Issue 11 (data version 2026.12.2): the rows that gained a position_reported sentence;
    # issue 13 (2026.12.3): the mirror-only rows that became low-confidence.
    dated = strikes.loc[strikes["last_updated"] == pd.Timestamp("2026-12-06"), "id"].tolist()
    mirror_only = ["S049", "S050", "S051", "S052", "S054", "S059", "S060", "S061", "S062"]
    assert [strike_id for strike_id in dated if strike_id not in mirror_only] == [
        "S014",
        "S018",
        "S032",
        "S033",
        "S034",
        "S047",
    ]
    assert sorted(set(dated) & set(mirror_only)) == mirror_only


def test_unknown_casualties_stay_empty_never_zero(strikes: pd.DataFrame) -> None:
    by_id = strikes.set_index("id")
    for strike_id in ("S066", "S067"):
        assert pd.isna(by_id.at[strike_id, "deaths"]), strike_id
        assert by_id.at[strike_id, "status"] == "headline-only"
    assert pd.isna(by_id.at["S066", "vessels"])
    assert pd.isna(by_id.at["S065", "presumed_dead"]) and by_id.at["S065", "survivors"] == 2
    assert pd.isna(by_id.at["S070", "survivors"]) and by_id.at["S070", "deaths"] == 4


# --- land and port strikes, joint operations ----------------------------------------------------


def test_land_events_are_sourced_and_honestly_placed(land_events: pd.DataFrame) -> None:
    by_id = land_events.set_index("id")
    assert list(by_id.index) == ["L001", "L002", "L003", "L004", "L005"]
    assert set(by_id["kind"]) == {"port-strike", "land-strike", "joint-operation"}
    assert by_id.at["L001", "kind"] == "port-strike"
    assert by_id.at["L001", "date"] == pd.Timestamp("2025-12-18")
    assert by_id.at["L001", "deaths"] == 0  # "the port was empty"
    assert by_id.at["L001", "location_precision"] == "approximate"
    assert by_id.at["L001", "context_event"] == "C007"
    assert list(by_id.loc[["L003", "L004"], "country"]) == ["ECU", "ECU"]
    assert by_id.at["L004", "date"] == pd.Timestamp("2026-03-06")
    assert by_id.at["L005", "status"] == "unconfirmed"
    assert land_events["source_urls"].map(len).min() >= 1
    region_only = land_events[land_events["location_precision"] == "region-only"]
    assert region_only["latitude"].isna().all() and region_only["point"].isna().all()
    # Ecuador's area is Natural Earth's Ecuador: the camp near the Colombian border (Sucumbíos,
    # about 0.1N 76.9W) lies in it, Quito's latitude band does too, Caracas does not.
    ecuador = by_id.at["L004", "geometry"]
    assert ecuador.covers(Point(-77.5, -0.2))
    assert not ecuador.covers(Point(-66.9, 10.5))


def test_land_events_never_enter_the_boat_totals(
    strikes: pd.DataFrame, land_events: pd.DataFrame
) -> None:
    assert not set(land_events["id"]) & set(strikes["id"])
    assert summarise(strikes)["strikes"] == 68  # as before the land events existed


def test_land_events_share_the_boat_records_rules() -> None:
    base = {
        "id": "L900",
        "date": "2026-01-01",
        "date_precision": "exact",
        "kind": "land-strike",
        "country": "VEN",
        "title": "test",
        "location_precision": "region-only",
        "reporting_area": "geo:VEN:land",
        "status": "confirmed",
        "source_title": "test",
        "source_urls": "https://example.org/a",
    }
    assert LandEvent.model_validate(base).id == "L900"
    with pytest.raises(ValidationError, match="never invent a point"):
        LandEvent.model_validate({**base, "latitude": "10.5", "longitude": "-66.9"})
    with pytest.raises(ValidationError, match="a radius in nm for an approximate location"):
        LandEvent.model_validate(
            {**base, "location_precision": "approximate", "latitude": "10.5", "longitude": "-66.9"}
        )
    with pytest.raises(ValidationError, match=r"a date \(date_precision is 'range'\)"):
        LandEvent.model_validate({**base, "date_precision": "range"})
    with pytest.raises(ValidationError, match="kind"):
        LandEvent.model_validate({**base, "kind": "boat-strike"})


def test_land_events_have_their_own_map_layer(land_events: pd.DataFrame) -> None:
    from geo.data import load_display_layers
    from mapview.basemap import build_base_map

    hostile = land_events.copy()
    hostile.loc[0, "title"] = "<img src=x onerror=alert(1)>"
    layers = prepare_static_layers(
        display_layers=load_display_layers(), possible_zones=None, land_events=hostile
    )
    collection = json.loads(layers[style.LAYER_LAND_EVENTS])
    features = collection["features"]
    # L001's circle; one area for Venezuela (L002, L005), one for Ecuador (L003, L004).
    assert [feature["properties"]["kind"] for feature in features] == ["circle", "area", "area"]
    labels = [feature["properties"]["label_html"] for feature in features]
    assert "&lt;img src=x onerror=alert(1)&gt;" in labels[0] and "<img src=x" not in labels[0]
    assert "L002" in labels[1] and "L005" in labels[1]
    assert "L003" in labels[2] and "L004" in labels[2]
    assert all("Not a boat strike: not in the boat-strike totals." in label for label in labels)
    # A fixed layer, fetched once like the zones, never re-sent on a filter change.
    html = str(
        build_base_map(layer_urls={style.LAYER_LAND_EVENTS: "/app/static/x.json"})
        .get_root()
        .render()
    )
    assert style.LAYER_LAND_EVENTS in html and "/app/static/x.json" in html


def test_possible_zones_gain_the_options_reported_since() -> None:
    zones = load_possible_zones().set_index("id")
    assert list(zones.index) == ["P001", "P002", "P003", "P004", "P005"]
    assert zones.at["P001", "status"] == "under-consideration"
    assert zones.at["P002", "carried_out_date"] == pd.Timestamp("2025-12-18")
    assert zones.at["P003", "status"] == "carried-out"
    assert zones.at["P003", "carried_out_events"] == "L003 ; L004"
    assert zones.at["P004", "status"] == "rejected-by-host"
    assert zones.at["P005", "geometry"] is None  # "any country": listed, not drawn
    assert zones.loc[["P003", "P004", "P005"], "source_urls"].map(len).min() >= 1
    assert zones["source_title"].str.len().min() > 10
    assert zones["reported_date"].notna().all()


# --- data version, changelog, citation ----------------------------------------------------------


def test_data_version_matches_changelog_and_citation() -> None:
    version = load_data_version()
    assert re.fullmatch(DATA_VERSION_PATTERN, version.data_version)
    assert version.data_version == "2026.12.3"
    changelog = (DATA_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\)$", changelog, flags=re.MULTILINE)
    assert headings[0] == (version.data_version, version.released.isoformat())
    assert [date for _, date in headings] == sorted((date for _, date in headings), reverse=True)
    for strike_id in ("S064", "S018", "S014", "S065", "S070"):
        assert strike_id in changelog
    citation = (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'\nversion: "{version.data_version}"\n' in citation
    assert "cff-version: 1.2.0" in citation
    assert "data/geo/" in citation and "data/events/strikes.csv" in citation


def test_record_last_date_matches_the_version_file(strikes: pd.DataFrame) -> None:
    assert (
        summarise(strikes)["date_range"]["to"] == load_data_version().record_last_date.isoformat()
    )


def test_every_export_carries_the_data_version(strikes: pd.DataFrame) -> None:
    selection = strikes[strikes["id"].isin(["S001", "S014"])]
    csv_text = to_csv_bytes(selection).decode("utf-8")
    header, first = csv_text.splitlines()[:2]
    assert header.split(",")[-1] == "data_version"
    assert first.endswith(",2026.12.3")
    collection = json.loads(to_geojson_bytes(selection))
    assert collection["data_version"] == "2026.12.3"
    assert {f["properties"]["data_version"] for f in collection["features"]} == {"2026.12.3"}
    # Re-import ignores the version like every derived column.
    report = import_file(path_or_bytes=csv_text.encode("utf-8"), filename="export.csv")
    assert (report.rows_read, report.rows_accepted) == (2, 2)
    assert any("data_version" in note for note in report.notes)
    empty = json.loads(to_geojson_bytes(strikes.iloc[0:0], data_version="2026.12.9"))
    assert empty == {"type": "FeatureCollection", "data_version": "2026.12.9", "features": []}


def test_only_a_headline_only_counted_strike_may_leave_deaths_empty() -> None:
    from events.schema import validate_record

    row = {
        "id": "S900",
        "date": "2026-08-23",
        "region": "Eastern Pacific",
        "reporting_area": "eastern-pacific-unspecified",
        "location_precision": "region-only",
        "deaths": "",
        "status": "headline-only",
        "source_urls": "https://example.org/release",
    }
    assert not isinstance(validate_record(row, file="x.csv", line=2), list)
    problems = validate_record({**row, "status": "confirmed"}, file="x.csv", line=2)
    assert isinstance(problems, list)
    assert [str(problem) for problem in problems] == [
        "x.csv:2: field 'deaths': got ''; expected a number of deaths for a counted strike"
    ]


def test_bad_published_total_names_the_line_and_field(tmp_path: Path) -> None:
    from events.reconcile import load_published_totals
    from events.schema import RecordValidationError

    source = (DATA_DIR / "published_totals.csv").read_text(encoding="utf-8").splitlines()
    source[2] = source[2].replace(",at-least,", ",roughly,", 1)
    path = tmp_path / "published_totals.csv"
    path.write_text("\n".join(source) + "\n", encoding="utf-8")
    with pytest.raises(RecordValidationError) as caught:
        load_published_totals(path=path)
    assert [(p.line, p.field, p.value) for p in caught.value.problems] == [
        (3, "qualifier", "roughly")
    ]
