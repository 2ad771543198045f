"""Map-layer builders on the real strike record: counts, escaping, offline assets, determinism."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import folium
import pandas as pd
import pytest
from samples import XSS_TEXT
from streamlit_folium import generate_leaflet_string

from events.load import load_context_events, load_reporting_areas
from events.summary import summarise
from mapview import assets, style
from mapview.basemap import build_base_map
from mapview.layer_files import publish_layer_files
from mapview.pointcheck import build_point_check_group, run_point_check
from mapview.popups import area_popup_html, escape_text, link_html, safe_url, strike_popup_html
from mapview.static_layers import prepare_static_layers
from mapview.strikes import build_area_group, build_position_group, count_drawn_strikes
from mapview.table import strike_table
from mapview.timeline import timeline_chart, weekly_counts


@pytest.fixture(scope="module")
def reporting_areas() -> pd.DataFrame:
    return load_reporting_areas()


def _rendered(group: folium.FeatureGroup) -> str:
    base_map = folium.Map(tiles=None)
    group.add_to(base_map)
    return str(base_map.get_root().render())


def test_assets_are_copied_once(tmp_path: Path) -> None:
    first = assets.install_assets(vendor_dir=tmp_path)
    second = assets.install_assets(vendor_dir=tmp_path)
    names = sorted(path.relative_to(tmp_path).as_posix() for path in first)
    assert "leaflet/leaflet.js" in names
    assert "leaflet/leaflet.css" in names
    assert "jquery/jquery.min.js" in names
    assert "leaflet/images/marker-icon.png" in names
    assert second == []
    assert assets.missing_assets(vendor_dir=tmp_path) == []
    assert (tmp_path / "leaflet" / "leaflet.js").read_text().find("Leaflet 1.9.3") >= 0


def test_escape_and_links() -> None:
    assert escape_text(XSS_TEXT) == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape_text(None) == "not reported"
    assert escape_text(float("nan")) == "not reported"
    assert escape_text(3.0) == "3"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://example.org/a b") is None
    assert safe_url("//example.org/x") is None
    assert safe_url(" https://example.org/x ") == "https://example.org/x"
    assert link_html(url="javascript:alert(1)") == "javascript:alert(1)"
    assert link_html(url='https://e.org/?q="><script>') == (
        '<a href="https://e.org/?q=&quot;&gt;&lt;script&gt;" target="_blank" '
        'rel="noopener noreferrer">e.org</a>'
    )


def test_strike_popup_escapes_every_field() -> None:
    row = {
        "id": "U1",
        "date": pd.Timestamp("2025-10-20"),
        "date_precision": "exact",
        "location_text": XSS_TEXT,
        "vessels": 1,
        "deaths": 2,
        "presumed_dead": pd.NA,
        "survivors": 0,
        "location_precision": "approximate",
        "uncertainty_radius_nm": 10.0,
        "status": "<b>confirmed</b>",
        "verdict": "outside",
        "min_distance_nm": 30.04,
        "max_distance_nm": 50.0,
        "source_urls": ["javascript:alert(1)", "https://example.org/report"],
    }
    popup = strike_popup_html(strike=row)
    assert "<img" not in popup
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "&lt;b&gt;confirmed&lt;/b&gt;" in popup
    assert 'href="javascript' not in popup
    assert '<a href="https://example.org/report"' in popup
    assert "2025-10-20" in popup
    assert "Presumed dead</th><td>not reported" in popup
    assert "outside Venezuela&#x27;s territorial waters (30.0–50.0 nm from the baseline)" in popup
    assert "± 10 nm" in popup
    area = area_popup_html(area_name=XSS_TEXT, strikes=[row])
    assert "<img" not in area
    assert "1 strike(s) reported by region only" in area


def test_position_group_draws_one_marker_per_positioned_strike(strikes: pd.DataFrame) -> None:
    region_only = strikes["location_precision"].eq("region-only") | strikes["latitude"].isna()
    expected = int((~region_only).sum())
    assert expected > 0
    html = _rendered(
        build_position_group(
            strikes=strikes,
            name=style.LAYER_STRIKE_POSITIONS,
            color=style.COLOR_STRIKE,
            class_name=style.CLASS_STRIKE_MARKER,
        )
    )
    assert html.count(f'"className": "{style.CLASS_STRIKE_MARKER}"') == expected
    # Issue 11: a strike with a position_reported sentence is drawn as the sentence's area (a
    # GeoJSON layer), not its circle; S047 (region-only) gets its area but no marker.
    reported = strikes["position_reported"].notna()
    circles = int(
        (
            ~region_only & ~reported & strikes.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
        ).sum()
    )
    assert circles == 0  # every approximate strike of the record has a sentence
    assert html.count("L.geoJson(") == int(reported.sum()) == 6
    assert html.count(f'"className": "{style.CLASS_STRIKE_UNCERTAINTY}"') == circles + 6
    assert count_drawn_strikes(strikes=strikes)["positions"] == expected


def test_reported_area_replaces_the_circle_and_keeps_the_marker(strikes: pd.DataFrame) -> None:
    from events.reported import reported_area_of

    row = strikes[strikes["id"] == "S032"].copy()
    row["location_text"] = XSS_TEXT
    row["position_reported"] = row["position_reported"].iloc[0]
    html = _rendered(
        build_position_group(
            strikes=row,
            name=style.LAYER_STRIKE_POSITIONS,
            color=style.COLOR_STRIKE,
            class_name=style.CLASS_STRIKE_MARKER,
        )
    )
    assert html.count("L.geoJson(") == 1
    assert html.count("L.polygon(") == 0  # no hand-computed circle
    assert html.count(f'"className": "{style.CLASS_STRIKE_MARKER}"') == 1
    # The marker stays at the record's representative point (9.78N 97.01W).
    assert "[9.78, -97.01]" in html
    area = reported_area_of(str(row["position_reported"].iloc[0]))
    west, _south, east, _north = area.geometry.bounds
    assert f"{round(west, 4)}" in html or f"{round(east, 4)}" in html
    # Text reaches the page only as escaped JSON string data.
    assert "<img src=x" not in html
    assert "approximately 400 nautical miles" in html


def test_area_group_shades_each_area_by_its_strike_count(
    strikes: pd.DataFrame, reporting_areas: pd.DataFrame
) -> None:
    region_only = strikes[strikes["location_precision"].eq("region-only")]
    per_area = region_only["reporting_area"].value_counts()
    html = _rendered(build_area_group(strikes=strikes, reporting_areas=reporting_areas))
    assert html.count(f'"className": "{style.CLASS_STRIKE_AREA}"') == len(per_area)
    busiest_area, busiest_count = per_area.index[0], int(per_area.iloc[0])
    name = reporting_areas.set_index("area_id").loc[busiest_area, "name"]
    assert f"{escape_text(name)}: {busiest_count} strike(s), region only" in html
    assert style.area_fill_color(strike_count=busiest_count) in html
    assert count_drawn_strikes(strikes=strikes)["areas"] == len(per_area)


def test_base_map_uses_only_local_assets_and_is_deterministic(tmp_path: Path) -> None:
    layer_urls = publish_layer_files(
        static_layers={style.LAYER_LAND: '{"type":"FeatureCollection","features":[]}'},
        layers_dir=tmp_path,
        layers_url="/app/static/vendor/layers",
    )

    def script() -> tuple[str, list[str]]:
        base_map = build_base_map(layer_urls=layer_urls, bounds=(1.5, -110.25, 20.0, -60.0))
        base_map.get_root().render()
        links: list[str] = []
        for element in [base_map, *base_map._children.values()]:
            links += [url for _, url in getattr(element, "default_js", [])]
            links += [url for _, url in getattr(element, "default_css", [])]
        return generate_leaflet_string(base_map), links

    first_script, links = script()
    second_script, _ = script()
    assert first_script == second_script
    assert links
    assert all(url.startswith("/app/static/vendor/") for url in links), links
    assert "OpenStreetMap contributors" in first_script
    assert "L.Icon.Default.imagePath" in first_script
    assert layer_urls[style.LAYER_LAND] in first_script
    assert re.search(
        r"/app/static/vendor/layers/land-project-data-[0-9a-f]{16}\.json", first_script
    )
    assert not re.search(r"cdn|bootstrap|font-?awesome", first_script, re.IGNORECASE)
    assert [path.name for path in tmp_path.iterdir()] == [
        layer_urls[style.LAYER_LAND].rsplit("/")[-1]
    ]
    # The opening view is the given bounds, as JSON data; no fine copy without a fine URL.
    assert '.fitBounds([[1.5, -110.25], [20.0, -60.0]], {"maxZoom": 7});' in first_script
    assert '"fine": null' in first_script
    assert "window.fineLayersExpected = 0;" in first_script


def test_fine_layer_url_is_json_data_fetched_from_zoom_6(tmp_path: Path) -> None:
    empty = '{"type":"FeatureCollection","features":[]}'
    coarse = publish_layer_files(
        static_layers={style.LAYER_LAND: empty}, layers_dir=tmp_path, layers_url="/l"
    )
    fine = publish_layer_files(
        static_layers={style.LAYER_LAND: empty.replace("[]", "[ ]")},
        layers_dir=tmp_path,
        layers_url="/l",
    )
    assert coarse[style.LAYER_LAND] != fine[style.LAYER_LAND]
    script = generate_leaflet_string(build_base_map(layer_urls=coarse, fine_layer_urls=fine))
    files = (
        f'{{"coarse": "{coarse[style.LAYER_LAND]}", "fine": "{fine[style.LAYER_LAND]}", '
        f'"fineMinZoom": 6, "name": "{style.LAYER_LAND}"}}'
    )
    assert files in script
    assert "window.fineLayersExpected = 1;" in script
    # With no bounds given, the map opens on the modelled region.
    assert '.fitBounds([[-6.0, -120.0], [24.0, -55.0]], {"maxZoom": 7});' in script


def test_opening_view_fits_the_selected_strikes_in_both_oceans(strikes: pd.DataFrame) -> None:
    from shapely.geometry import Point

    from mapview.basemap import opening_bounds

    pacific = strikes[strikes["id"] == "S032"]
    caribbean = strikes[strikes["id"] == "S018"]
    assert float(pacific["longitude"].iloc[0]) < -95 < -75 < float(caribbean["longitude"].iloc[0])
    south, west, north, east = opening_bounds(geometries=pd.concat([pacific, caribbean]).geometry)
    for frame in (pacific, caribbean):
        min_lon, min_lat, max_lon, max_lat = frame.geometry.iloc[0].bounds
        assert west < min_lon and max_lon < east and south < min_lat and max_lat < north
    assert west < -97.5 and east > -72
    assert opening_bounds(geometries=[Point(-64.0, 11.0)]) == (10.5, -64.5, 11.5, -63.5)
    assert opening_bounds(geometries=[None]) == style.MAP_FALLBACK_BOUNDS
    # The whole record spans the theatre: Pacific strikes at lon -104 and Caribbean ones.
    all_south, all_west, all_north, all_east = opening_bounds(geometries=strikes.geometry)
    assert all_west < -104.69 and all_east > -64 and all_south < 9.78 and all_north > 12.06


def test_fixed_layers_escape_data_text(tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import LineString, box

    land = gpd.GeoDataFrame({"state": [XSS_TEXT]}, geometry=[box(-70, 10, -69, 11)], crs=4326)
    zones = gpd.GeoDataFrame(
        {
            "zone": ["territorial_sea"],
            "state": ["VEN"],
            "disputed": [True],
            "note": [XSS_TEXT],
        },
        geometry=[box(-70, 11, -69, 11.2)],
        crs=4326,
    )
    lines = gpd.GeoDataFrame(
        {"kind": ["treaty"], "name": [XSS_TEXT], "source": ["javascript:alert(1)"]},
        geometry=[LineString([(-70, 11), (-69, 12)])],
        crs=4326,
    )
    layers = prepare_static_layers(
        display_layers={"land": land, "zones": zones, "boundary_lines": lines},
        possible_zones=None,
    )
    for name in (style.LAYER_LAND, style.LAYER_TERRITORIAL_SEA, style.LAYER_DISPUTED):
        assert "&lt;img src=x onerror=alert(1)&gt;" in layers[name]
    assert "<img" not in "".join(layers.values())
    assert 'href=\\"javascript' not in layers[style.LAYER_BOUNDARY_LINES]


@pytest.fixture(scope="module")
def theatre_layers() -> tuple[dict[str, str], dict[str, str]]:
    from geo.data import load_display_layers
    from mapview.static_layers import COARSE_DECIMALS, coarse_display_layers

    display = load_display_layers()
    coarse = prepare_static_layers(
        display_layers=coarse_display_layers(display),
        possible_zones=None,
        decimals=COARSE_DECIMALS,
    )
    fine = prepare_static_layers(display_layers=display, possible_zones=None)
    return coarse, fine


def _features(text: str) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(text)["features"]
    return features


def test_theatre_layers_show_every_states_near_shore_zones(
    theatre_layers: tuple[dict[str, str], dict[str, str]],
) -> None:
    coarse, fine = theatre_layers
    for layers in (coarse, fine):
        others = _features(layers[style.LAYER_NEIGHBOUR_SEAS])
        kinds = {(f["properties"]["state"], f["properties"]["kind"]) for f in others}
        assert ("MEX", "territorial_sea") in kinds
        assert ("MEX", "contiguous_zone") in kinds
        assert ("PAN", "internal_waters") in kinds
        assert {"CRI", "ECU", "PER", "COL", "JAM", "DOM", "CPT"} <= {state for state, _ in kinds}
        assert "VEN" not in {state for state, _ in kinds}
        assert "eez" not in {kind for _, kind in kinds}
        mexico = next(
            f
            for f in others
            if f["properties"]["state"] == "MEX" and f["properties"]["kind"] == "territorial_sea"
        )
        assert mexico["properties"]["label_html"] == "Mexico&#x27;s territorial sea"
        venezuela = _features(layers[style.LAYER_TERRITORIAL_SEA])
        assert {f["properties"]["state"] for f in venezuela} == {"VEN"}
        lines = _features(layers[style.LAYER_BOUNDARY_LINES])
        assert {f["properties"]["kind"] for f in lines} == {
            "treaty",
            "treaty_not_applied",
            "median",
        }
        assert any(
            f["properties"]["label_html"].startswith(
                "Median line: Median line ABW-DOM<br>median line; a treaty exists, its "
                "coordinates are not in our sources<br>Source: "
            )
            for f in lines
        )
        not_applied = [f for f in lines if f["properties"]["kind"] == "treaty_not_applied"]
        assert not_applied[0]["properties"]["label_html"].startswith("Treaty line, not applied: ")
    # The coarse copy every visitor receives stays well inside the 1.5 MB page budget.
    assert sum(len(text) for text in coarse.values()) < 600_000
    assert sum(len(text) for text in fine.values()) > 3 * sum(len(text) for text in coarse.values())
    assert len(coarse[style.LAYER_NEIGHBOUR_SEAS]) < len(fine[style.LAYER_NEIGHBOUR_SEAS]) / 4


def test_strike_popups_name_the_nearest_state(strikes: pd.DataFrame) -> None:
    from geo.check import check_point
    from mapview.state_verdicts import add_state_verdicts

    checked = add_state_verdicts(strikes).set_index("id")
    expected = check_point(
        lat=float(checked.loc["S032", "latitude"]), lon=float(checked.loc["S032", "longitude"])
    )
    assert checked.loc["S032", "nearest_state"] == expected.nearest_state == "MEX"
    assert checked.loc["S032", "nearest_state_distance_nm"] == pytest.approx(
        expected.nearest_state_distance_nm, abs=1e-3
    )
    assert checked.loc["S032", "any_state_verdict"] == "outside"
    assert checked.loc["S032", "states_touched"] == ()
    assert checked.loc["S018", "any_state_verdict"] == "indeterminate"
    assert checked.loc["S018", "states_touched"] == ("COL", "VEN")
    region_only = checked["location_precision"].eq("region-only")
    assert checked.loc[region_only, "nearest_state"].isna().all()
    pacific = strike_popup_html(strike={"id": "S032", **checked.loc["S032"].to_dict()})
    assert (
        f"Nearest coast</th><td>Mexico, {expected.nearest_state_distance_nm:.0f} nm "
        "(from its baseline)</td>" in pacific
    )
    assert "Any state's territorial waters</th><td>outside</td>" in pacific
    caribbean = strike_popup_html(strike={"id": "S018", **checked.loc["S018"].to_dict()})
    assert "<td>indeterminate (reaches Colombia, Venezuela)</td>" in caribbean
    hostile = strike_popup_html(
        strike={
            "id": "U1",
            "nearest_state": XSS_TEXT,
            "nearest_state_distance_nm": 3.25,
            "any_state_verdict": XSS_TEXT,
            "states_touched": (XSS_TEXT,),
        }
    )
    assert "<img" not in hostile
    assert "&lt;img src=x onerror=alert(1)&gt;, 3.2 nm" in hostile
    assert "Nearest coast" not in strike_popup_html(strike={"id": "U2"})


def test_point_check_layer_marks_point_baseline_and_distance() -> None:
    from geo.check import check_point, describe

    result = run_point_check(lat=10.75, lon=-64.5, radius_nm=5.0, origin="typed")
    expected = check_point(lat=10.75, lon=-64.5, radius_nm=5.0)
    assert result.verdict_text == describe(expected)
    assert result.check == expected.to_dict()
    assert result.circle is not None
    html = _rendered(
        build_point_check_group(
            check=result.check, verdict_text=result.verdict_text, circle=result.circle
        )
    )
    assert html.count(f'"className": "{style.CLASS_POINT_CHECK}"') == 2  # point and circle
    assert f"{expected.to_dict()['distance_nm']:.1f} nm to the nearest baseline point" in html
    baseline = (
        expected.to_dict()["nearest_baseline_lat"],
        expected.to_dict()["nearest_baseline_lon"],
    )
    assert f"[{baseline[0]}, {baseline[1]}]" in html


def test_weekly_counts_add_up_to_the_summary(strikes: pd.DataFrame) -> None:
    totals = summarise(strikes)
    counts = weekly_counts(strikes=strikes)
    per_measure = counts.groupby("measure")["value"].sum()
    assert per_measure["Strikes"] == totals["strikes"]
    assert per_measure["Deaths, incl. presumed"] == totals["killed"] + totals["presumed_dead"]
    spec = timeline_chart(strikes=strikes, context_events=load_context_events()).to_dict()
    # Issue 13: two panels (strikes, deaths), each a layer of bars and milestone rules.
    assert [len(panel["layer"]) for panel in spec["vconcat"]] == [2, 2]


def test_strike_table_links_only_http_sources(strikes: pd.DataFrame) -> None:
    table = strike_table(strikes=strikes)
    assert len(table) == len(strikes)
    sources = table["source"].dropna()
    assert len(sources) > 0
    assert sources.str.match(r"^https?://").all()


def test_popup_names_only_uncertain_date_precisions() -> None:
    exact = {"id": "S900", "date": "2025-10-20", "date_precision": "exact"}
    approximate = {"id": "S901", "date": "2026-05-04", "date_precision": "approximate"}
    assert "2025-10-20</td>" in strike_popup_html(strike=exact)
    assert "(exact)" not in strike_popup_html(strike=exact)
    assert "2026-05-04 (approximate)</td>" in strike_popup_html(strike=approximate)
