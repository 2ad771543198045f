"""The map's behaviour as built in Python (issue 13, part B): links, layers, labels, exports."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest
from samples import XSS_TEXT

from events.load import load_reporting_areas
from mapview import style
from mapview.basemap import build_base_map, opening_bounds
from mapview.map_tools import EARTH_MEAN_RADIUS_M, ViewRequest, place_labels
from mapview.strikes import build_area_group, build_position_group, fit_geometries
from mapview.view_link import check_param, read_link


def _rendered(element: folium.Element) -> str:
    base_map = folium.Map(tiles=None)
    element.add_to(base_map)
    return str(base_map.get_root().render())


def _positions_html(strikes: pd.DataFrame) -> str:
    return _rendered(
        build_position_group(
            strikes=strikes,
            name=style.LAYER_STRIKE_POSITIONS,
            color=style.COLOR_STRIKE,
            class_name=style.CLASS_STRIKE_MARKER,
        )
    )


def _december(strikes: pd.DataFrame) -> pd.DataFrame:
    return strikes[(strikes["date"] >= "2025-12-01") & (strikes["date"] <= "2025-12-31")]


def test_december_fits_the_pacific(strikes: pd.DataFrame) -> None:
    december = _december(strikes)
    assert len(december) == 14 and set(december["region"]) == {"Eastern Pacific"}
    south, west, north, east = opening_bounds(
        geometries=fit_geometries(strikes=december, reporting_areas=load_reporting_areas())
    )
    assert east < -77 and west > -120
    # The three positioned December strikes (off Mexico and Guatemala) are inside.
    located = december.dropna(subset=["latitude"])
    assert len(located) == 3
    assert ((located["longitude"] > west) & (located["longitude"] < east)).all()
    assert ((located["latitude"] > south) & (located["latitude"] < north)).all()


def test_whole_record_still_fits_both_oceans(strikes: pd.DataFrame) -> None:
    _, west, _, east = opening_bounds(
        geometries=fit_geometries(strikes=strikes, reporting_areas=load_reporting_areas())
    )
    assert west < -100 and east > -65


def test_reporting_areas_are_outlines_that_never_take_a_click(strikes: pd.DataFrame) -> None:
    html = _rendered(build_area_group(strikes=strikes, reporting_areas=load_reporting_areas()))
    areas = int(
        strikes.loc[strikes["location_precision"] == "region-only", "reporting_area"].nunique()
    )
    polygon_options = re.findall(r"L\.polygon\(\s*\[.*?\],\s*(\{.*?\})\s*\)", html, flags=re.S)
    assert len(polygon_options) == areas
    for options in polygon_options:
        parsed = json.loads(options)
        assert parsed["interactive"] is False
        assert parsed["pane"] == style.PANE_STRIKE_AREAS
        assert parsed["fillOpacity"] == 0.0
    # Each area's count is a label (a marker with the area's popup), one per area.
    assert html.count(f'"className": "{style.CLASS_AREA_LABEL}"') == areas
    assert html.count("bindPopup(") == areas
    # Below the zones' panes (300 and up), strikes and labels above every fixed layer.
    z_index = {name: z for name, z, _ in style.MAP_PANES}
    assert z_index[style.PANE_STRIKE_AREAS] < 300
    assert z_index[style.PANE_STRIKE_MARKERS] > z_index[style.PANE_LABELS] > 400


def test_markers_stay_clickable_and_fan_out_when_they_share_a_position(
    strikes: pd.DataFrame,
) -> None:
    html = _positions_html(strikes)
    markers = re.findall(r"L\.circleMarker\(\s*\[[^\]]*\],\s*(\{.*?\})\s*\)", html, flags=re.S)
    parsed = [json.loads(options) for options in markers]
    assert len(parsed) == 5
    assert all(options["bubblingMouseEvents"] is False for options in parsed)
    assert all(options["pane"] == style.PANE_STRIKE_MARKERS for options in parsed)
    assert all(options["ariaFromTooltip"] is True for options in parsed)
    # S032, S033 and S034 share 9.78N 97.01W: each is fanned out, one slot of three each.
    fans = sorted(tuple(options["fanOut"]) for options in parsed if "fanOut" in options)
    assert fans == [(0, 3), (1, 3), (2, 3)]
    assert {options["strikeKey"] for options in parsed} == {"S014", "S018", "S032", "S033", "S034"}
    # Their areas never take a click (the marker does).
    assert '"interactive": false' in html
    assert "options.layerName = " in html


def test_upload_ids_that_are_not_plain_never_reach_the_script_as_keys(
    strikes: pd.DataFrame,
) -> None:
    row = strikes[strikes["id"] == "S018"].copy()
    row["id"] = XSS_TEXT
    html = _positions_html(row)
    assert "strikeKey" not in html
    assert "<img" not in html


@pytest.mark.parametrize(
    ("params", "view", "hidden", "check", "notices"),
    [
        ({}, None, (style.LAYER_OSM,), None, 0),
        ({"view": "10.95,-64.35,8"}, ((10.95, -64.35), 8), (style.LAYER_OSM,), None, 0),
        ({"view": "95,200,30"}, ((85.0, -160.0), style.MAP_MAX_ZOOM), (style.LAYER_OSM,), None, 1),
        ({"view": "nan,1,4"}, None, (style.LAYER_OSM,), None, 1),
        ({"view": "1,2"}, None, (style.LAYER_OSM,), None, 1),
        ({"layers_off": ""}, None, (), None, 0),
        ({"layers_off": "areas,nonsense"}, None, (style.LAYER_STRIKE_AREAS,), None, 1),
        ({"check": "8.3,-83.2"}, None, (style.LAYER_OSM,), (8.3, -83.2), 0),
        ({"check": "91,0"}, None, (style.LAYER_OSM,), None, 1),
    ],
)
def test_links_are_clamped_or_dropped_with_a_notice(
    params: dict[str, str],
    view: object,
    hidden: tuple[str, ...],
    check: object,
    notices: int,
) -> None:
    link = read_link(params)
    assert link.view == view
    assert link.hidden_layers == hidden
    assert link.check == check
    assert len(link.notices) == notices


def test_check_param_round_trips() -> None:
    link = read_link({"check": check_param(10.123456, -66.987654)})
    assert link.check == (10.12346, -66.98765)


def test_place_labels_come_from_the_gazetteer() -> None:
    labels = place_labels()
    names = {name for _, _, name, _ in labels}
    # Capitals and big ports of the theatre, and islands, all offline.
    for name in ("Caracas", "Panama", "Maracaibo", "Kingston", "Los Roques", "Clipperton"):
        assert any(name in label for label in names), name
    assert all(-120 <= lon <= -55 and -6 <= lat <= 24 for lat, lon, _, _ in labels)
    assert all(zoom in style.PLACE_LABEL_MIN_ZOOM.values() for *_, zoom in labels)
    assert 50 < len(labels) < 400  # a few kilobytes of JSON for every visitor


def test_base_map_is_offline_first_with_tools() -> None:
    base_map = build_base_map(layer_urls={style.LAYER_LAND: "/app/static/vendor/layers/l.json"})
    html = base_map.get_root().render()
    # The online tiles are in the layer control but not added: no request until asked.
    tile_layer = next(
        child for child in base_map._children.values() if isinstance(child, folium.TileLayer)
    )
    assert tile_layer.show is False
    assert "tileerror" in html and "Measure (nm)" in html and "exportMapPng" in html
    assert str(EARTH_MEAN_RADIUS_M) in html
    assert "preventScroll: true" in html
    # A link's view opens there instead of fitting.
    linked = build_base_map(layer_urls={}, view=((10.95, -64.35), 8)).get_root().render()
    assert "setView([10.95, -64.35], 8)" in linked and ".fitBounds([[" not in linked


def test_view_request_is_json_data() -> None:
    html = _rendered(ViewRequest(request={"id": 3, "strikeKey": "</script><script>alert(1)"}))
    assert "</script><script>alert(1)" not in html
    assert "request.id" in html
