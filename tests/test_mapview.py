"""Map-layer builders on the real strike record: counts, escaping, offline assets, determinism."""

from __future__ import annotations

import re
from pathlib import Path

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
        base_map = build_base_map(layer_urls=layer_urls)
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
    assert len(spec["layer"]) == 2


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
