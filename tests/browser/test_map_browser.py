"""The map goes where you look, keeps what you hid, and exports what you see (issue 13, part B).

Real server, Debian's Chromium, every non-local request blocked (tests/browser/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import Frame, Page
from test_dashboard_browser import (
    MAP_IFRAME,
    _answer_for,
    _answer_text,
    _expected,
    _wait_count,
    _wait_metric,
    map_frame,
    wait_for_rerun,
)

from events.schema import LOCATION_PRECISIONS
from mapview import style

pytestmark = pytest.mark.browser

OfflineLog = Any  # tests/browser/conftest.py's OfflineLog
DECEMBER = (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
#: Longitude of the Panama isthmus's Caribbean side: a Pacific view lies west of it.
PACIFIC_EAST_LIMIT_LON = -77.0


def _bounds(frame: Frame) -> dict[str, float]:
    bounds: dict[str, float] = frame.evaluate(
        """() => { const b = window.map.getBounds();
            return {south: b.getSouth(), west: b.getWest(), north: b.getNorth(),
                    east: b.getEast()}; }"""
    )
    return bounds


def _wait_pacific(frame: Frame) -> None:
    frame.wait_for_function(
        "(limit) => window.map.getBounds().getEast() < limit", arg=PACIFIC_EAST_LIMIT_LON
    )


def _layer_checkbox(frame: Frame, name: str) -> Any:
    return frame.locator(".leaflet-control-layers-overlays label", has_text=name).locator("input")


def _toggle_layer(frame: Frame, name: str) -> None:
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays label", has_text=name).click()


def _remove_caribbean(page: Page) -> None:
    page.locator("[data-testid='stMultiSelect']").first.get_by_role(
        "button", name=re.compile("Caribbean")
    ).first.click()


def _clicked_position(page: Page) -> Any:
    """The point-check box's line for a clicked position (none until the map is clicked)."""
    return page.get_by_text(re.compile(r"^Position: .* \(click\)"))


def _page_point(page: Page, frame: Frame, lat: float, lon: float) -> tuple[float, float]:
    """Where a position of the map lies on the page (for the mouse)."""
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    x, y = frame.evaluate(
        """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);
            const r = document.getElementById('map_div').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""",
        [lat, lon],
    )
    return box["x"] + x, box["y"] + y


def _fold_layer_control(page: Page, frame: Frame) -> None:
    page.mouse.move(0, 0)  # off the layer control, which folds away
    frame.wait_for_selector(".leaflet-control-layers-expanded", state="detached")


def _url_params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def test_december_link_fits_the_pacific(
    offline_page: tuple[Page, OfflineLog], app_url: str, strikes: pd.DataFrame
) -> None:
    page, log = offline_page
    page.goto(f"{app_url}/?dates={DECEMBER[0]}&dates={DECEMBER[1]}")
    frame = map_frame(page)
    totals, positions, _ = _expected(strikes, date_from=DECEMBER[0], date_to=DECEMBER[1])
    _wait_metric(page, "Strikes", totals["strikes"])
    _wait_pacific(frame)
    bounds = _bounds(frame)
    assert bounds["east"] < PACIFIC_EAST_LIMIT_LON
    # Every December strike with a position is in view.
    december = strikes[(strikes["date"] >= "2025-12-01") & (strikes["date"] <= "2025-12-31")]
    located = december.dropna(subset=["latitude"])
    located = located[located["location_precision"] != "region-only"]
    assert len(located) == positions > 0
    for lat, lon in zip(located["latitude"], located["longitude"], strict=True):
        assert frame.evaluate("(p) => window.map.getBounds().contains(p)", [lat, lon])
    # Offline-first: the online tiles are off, so nothing outside the server was asked for.
    assert log.blocked_urls == []
    assert not _layer_checkbox(frame, style.LAYER_OSM).is_checked()


def test_filter_change_flies_to_the_pacific_without_reloading(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    frame.evaluate("() => { window.__not_reloaded = 'same iframe'; }")
    assert _bounds(frame)["east"] > PACIFIC_EAST_LIMIT_LON  # both oceans at open
    # Remove "Caribbean" from the region filter: the map flies to the Pacific.
    _remove_caribbean(page)
    wait_for_rerun(page)
    _wait_pacific(frame)
    assert frame.evaluate("() => window.__not_reloaded") == "same iframe"


def test_click_on_the_coast_checks_the_point_with_areas_visible(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    assert frame.locator(f"path.{style.CLASS_STRIKE_AREA}").count() > 0
    # Off La Guajira, inside a reporting area: the click reaches the map, not the area.
    lat, lon = 11.9, -71.6
    frame.evaluate("(p) => { window.map.setView(p, 7, {animate: false}); }", [lat, lon])
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('view') === '11.9000,-71.6000,7'"
    )
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    x, y, area_below = frame.evaluate(
        """([lat, lon]) => {
            const p = window.map.latLngToContainerPoint([lat, lon]);
            const r = document.getElementById('map_div').getBoundingClientRect();
            const inArea = Array.from(document.querySelectorAll('path.strike-area'))
                .some(path => { const b = path.getBoundingClientRect();
                    return b.left <= r.left + p.x && r.left + p.x <= b.right
                        && b.top <= r.top + p.y && r.top + p.y <= b.bottom; });
            return [r.left + p.x, r.top + p.y, inArea];
        }""",
        [lat, lon],
    )
    assert area_below, "the point should lie inside a drawn reporting area"
    page.mouse.click(box["x"] + x, box["y"] + y)
    coordinates = _clicked_position(page).first
    coordinates.wait_for()
    match = re.search(r"(-?\d+\.\d+), (-?\d+\.\d+) \(click\)", coordinates.inner_text())
    assert match is not None
    clicked_lat, clicked_lon = float(match.group(1)), float(match.group(2))
    assert abs(clicked_lat - lat) < 0.05 and abs(clicked_lon - lon) < 0.05
    assert _answer_text(page).endswith(_answer_for(clicked_lat, clicked_lon))
    assert frame.locator(".leaflet-popup").count() == 0  # no area popup took the click
    # The checked position joins the address.
    page.wait_for_function("() => new URL(location.href).searchParams.has('check')")


def test_marker_click_opens_its_strike_and_not_the_point_check(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    marker = frame.locator(f"path.{style.CLASS_STRIKE_MARKER}").first
    label = marker.get_attribute("aria-label")
    assert label is not None and re.match(r"S\d{3} · \d{4}-\d{2}-\d{2}", label)
    strike_id = label.split(" ")[0]
    box = marker.bounding_box()  # in the page's coordinates
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = frame.locator(".leaflet-popup-content").first
    popup.wait_for()
    assert strike_id in popup.inner_text()
    page.wait_for_timeout(1000)
    wait_for_rerun(page)
    assert _clicked_position(page).count() == 0
    assert frame.locator(".leaflet-popup-content").count() == 1


def test_hidden_layer_stays_hidden_after_a_filter_change(
    offline_page: tuple[Page, OfflineLog], app_url: str, strikes: pd.DataFrame
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    _toggle_layer(frame, style.LAYER_STRIKE_AREAS)
    _wait_count(frame, style.CLASS_STRIKE_AREA, 0)
    page.wait_for_function(
        "() => (new URL(location.href).searchParams.get('layers_off') || '').includes('areas')"
    )
    page.goto(f"{app_url}/?dates={DECEMBER[0]}&dates={DECEMBER[1]}")
    frame = map_frame(page)
    totals, _, areas = _expected(strikes, date_from=DECEMBER[0], date_to=DECEMBER[1])
    assert areas > 0
    _wait_metric(page, "Strikes", totals["strikes"])
    # A new link without layers_off shows the areas again (defaults)...
    _wait_count(frame, style.CLASS_STRIKE_AREA, areas)
    # ...and hiding them, then changing the filter in the page, keeps them hidden.
    _toggle_layer(frame, style.LAYER_STRIKE_AREAS)
    _wait_count(frame, style.CLASS_STRIKE_AREA, 0)
    # Keep only strikes known by region: fewer strikes, the same areas, new layers drawn.
    page.locator("[data-testid='stMultiSelect']").nth(1).get_by_role(
        "button", name=re.compile("approximate")
    ).first.click()
    wait_for_rerun(page)
    precisions = [p for p in LOCATION_PRECISIONS if p != "approximate"]
    fewer, positions, _ = _expected(
        strikes, date_from=DECEMBER[0], date_to=DECEMBER[1], precisions=precisions
    )
    assert fewer["strikes"] < totals["strikes"]
    _wait_metric(page, "Strikes", fewer["strikes"])
    _wait_count(frame, style.CLASS_STRIKE_MARKER, positions)
    page.wait_for_timeout(500)
    assert frame.locator(f"path.{style.CLASS_STRIKE_AREA}").count() == 0
    assert not _layer_checkbox(frame, style.LAYER_STRIKE_AREAS).is_checked()
    assert _layer_checkbox(frame, style.LAYER_STRIKE_POSITIONS).is_checked()


def test_view_and_layers_round_trip_through_the_address(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    frame.evaluate("() => { window.map.setView([10.95, -64.35], 8); }")
    page.wait_for_function(
        "() => (new URL(location.href).searchParams.get('view') || '').endsWith(',8')"
    )
    _toggle_layer(frame, style.LAYER_PLACES)
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('layers_off') === 'osm,places'"
    )
    shared = page.url
    lat_text, lon_text, zoom_text = _url_params(page)["view"][0].split(",")
    # Leaflet centres on a whole pixel: within a pixel of the requested centre at zoom 8.
    assert abs(float(lat_text) - 10.95) < 0.01 and abs(float(lon_text) + 64.35) < 0.01
    assert zoom_text == "8"

    page.goto("about:blank")
    page.goto(shared)
    frame = map_frame(page)
    frame.wait_for_function("() => window.map.getZoom() === 8")
    centre = frame.evaluate("() => window.map.getCenter()")
    assert abs(centre["lat"] - float(lat_text)) < 1e-3
    assert abs(centre["lng"] - float(lon_text)) < 1e-3
    assert not _layer_checkbox(frame, style.LAYER_PLACES).is_checked()
    assert _layer_checkbox(frame, style.LAYER_LAND).is_checked()


def test_address_keeps_the_view_and_layers_through_checks_and_filters(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    """Streamlit rewrites the address when the page changes its parameters (a check, a filter):
    the map's own view and hidden layers must come back into it, so a copied link still
    reopens what was seen."""
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    frame.evaluate("() => { window.map.setView([10.95, -64.35], 8, {animate: false}); }")
    _toggle_layer(frame, style.LAYER_PLACES)
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('layers_off') === 'osm,places'"
    )
    _fold_layer_control(page, frame)
    # A click on open sea (between Margarita and La Blanquilla): a point check; the view stays.
    page.mouse.click(*_page_point(page, frame, 11.4, -64.9))
    _clicked_position(page).first.wait_for()
    page.wait_for_function("() => new URL(location.href).searchParams.has('check')")
    page.wait_for_function(
        """() => { const p = new URL(location.href).searchParams;
            return (p.get('view') || '').endsWith(',8') && p.get('layers_off') === 'osm,places'
                && p.has('check'); }"""
    )
    # A filter change rewrites the address again (the dates join it).
    slider = page.get_by_role("slider").first
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.has('dates')")
    page.wait_for_function(
        """() => { const p = new URL(location.href).searchParams;
            return p.has('view') && p.get('layers_off') === 'osm,places'; }"""
    )


def test_bad_view_link_is_clamped_with_a_notice(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, _ = offline_page
    page.goto(f"{app_url}/?view=99,-64.3,40&check=oops")
    frame = map_frame(page)
    warnings = page.locator("[data-testid='stAlertContentWarning']")
    warnings.first.wait_for()
    texts = " ".join(warnings.all_inner_texts())
    assert "was out of range" in texts and "zoom 13" in texts
    assert "checked position 'oops' could not be read" in texts
    assert frame.evaluate("() => window.map.getZoom()") == style.MAP_MAX_ZOOM
    assert page.locator("[data-testid='stException']").count() == 0


def test_typed_position_and_link_check_zoom_to_it(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, _ = offline_page
    page.goto(f"{app_url}/?check=8.30000,-83.20000")
    frame = map_frame(page)
    assert _answer_text(page).endswith(_answer_for(8.3, -83.2))
    frame.wait_for_function(f"() => window.map.getZoom() === {style.POINT_CHECK_ZOOM}")
    assert frame.evaluate("() => window.map.getBounds().contains([8.3, -83.2])")


def test_go_to_strike_flies_there_and_opens_its_popup(
    offline_page: tuple[Page, OfflineLog], app_url: str, strikes: pd.DataFrame
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    row = strikes.set_index("id").loc["S018"]
    page.get_by_role("combobox", name="Go to strike").click()
    page.keyboard.type("S018")
    page.keyboard.press("Enter")
    popup = frame.locator(".leaflet-popup-content").first
    popup.wait_for()
    assert "S018" in popup.inner_text()
    frame.wait_for_function(f"() => window.map.getZoom() === {style.STRIKE_ZOOM}")
    assert frame.evaluate(
        "(p) => window.map.getBounds().contains(p)",
        [float(row["latitude"]), float(row["longitude"])],
    )


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def test_png_and_html_exports_contain_the_map(
    offline_page: tuple[Page, OfflineLog], app_url: str, browser: Any, tmp_path: Path
) -> None:
    page, log = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    with page.expect_download() as download_info:
        frame.get_by_role("button", name="PNG").click()
    png = Path(download_info.value.path()).read_bytes()
    width, height = _png_size(png)
    map_width = frame.evaluate("() => window.map.getSize().x")
    assert width == map_width and height > style.MAP_HEIGHT_PX
    assert len(png) > 20_000  # land, zones and the legend, not a blank image
    # The map's own land colour covers part of the image (drawn from the layers' canvases).
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    land = [int(style.COLOR_LAND[i : i + 2], 16) for i in (1, 3, 5)]
    land_pixels = 0
    for count, colour in image.getcolors(maxcolors=1 << 20) or []:
        assert isinstance(colour, tuple)
        if max(abs(int(a) - b) for a, b in zip(colour, land, strict=True)) <= 3:
            land_pixels += count
    assert land_pixels > 0.02 * width * style.MAP_HEIGHT_PX

    html_path = _download_html(page, tmp_path)
    html = html_path.read_text(encoding="utf-8")
    assert "L.map(" in html and "/app/static/" not in html.split("coarse")[0]
    assert "<script src=" not in html

    # The page opens from a file with no server and no network: the map and its layers draw.
    context, offline = _open_offline(browser, html_path)
    assert offline.evaluate("() => window.staticLayersExpected") == 9
    assert offline.locator(f"path.{style.CLASS_STRIKE_MARKER}").count() > 0
    assert (
        "OpenStreetMap contributors" in offline.locator(".leaflet-control-attribution").inner_text()
    )
    context.close()
    assert log.blocked_urls == []


def _download_html(page: Page, folder: Path) -> Path:
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download this map (HTML, opens offline)").click()
    html_path = folder / "strike-map.html"
    html_path.write_bytes(Path(download_info.value.path()).read_bytes())
    return html_path


def _open_offline(browser: Any, html_path: Path) -> tuple[Any, Page]:
    """Open an exported map from its file, every request but the file's own refused."""
    context = browser.new_context()
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    offline = context.new_page()
    offline.goto(html_path.as_uri())
    offline.wait_for_function(
        "() => window.map && window.map.getZoom"
        " && window.staticLayersLoaded === window.staticLayersExpected"
    )
    return context, offline


def test_html_export_opens_on_the_view_and_layers_in_the_address(
    offline_page: tuple[Page, OfflineLog], app_url: str, browser: Any, tmp_path: Path
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    frame.evaluate("() => { window.map.setView([12.2, -69.0], 9, {animate: false}); }")
    _toggle_layer(frame, style.LAYER_PLACES)
    page.wait_for_function(
        """() => { const p = new URL(location.href).searchParams;
            return p.get('view') === '12.2000,-69.0000,9'
                && p.get('layers_off') === 'osm,places'; }"""
    )
    _fold_layer_control(page, frame)
    # Every rerun carries the address to the server: here a point check by a click at sea.
    page.mouse.click(*_page_point(page, frame, 12.45, -69.25))
    _clicked_position(page).first.wait_for()

    context, offline = _open_offline(browser, _download_html(page, tmp_path))
    assert offline.evaluate("() => window.map.getZoom()") == 9
    centre = offline.evaluate("() => window.map.getCenter()")
    assert abs(centre["lat"] - 12.2) < 1e-3 and abs(centre["lng"] + 69.0) < 1e-3
    place_names = offline.locator(".leaflet-control-layers-overlays label", has_text="Place names")
    assert not place_names.locator("input").is_checked()
    context.close()


def test_small_screen_legend_closed_and_no_scroll_trap(browser: Any, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(app_url) else route.abort(),
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_url)
    frame = map_frame(page)
    assert frame.evaluate("() => document.querySelector('.map-legend details').open") is False
    assert frame.evaluate("() => window.map.scrollWheelZoom.enabled()") is False
    assert frame.evaluate("() => window.map.dragging.enabled()") is False
    context.close()


# Only the headline figures sit above the map; what they mean follows it.
@pytest.mark.parametrize("viewport", [(1440, 900), (1024, 768)])
def test_map_above_the_fold(browser: Any, app_url: str, viewport: tuple[int, int]) -> None:
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_url)
    map_frame(page)
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    # The map starts on the first screen and most of it is visible without scrolling.
    assert box["y"] < height * 0.6, box
    context.close()


def test_measure_in_nautical_miles_and_cursor_position(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    from pyproj import Geod

    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    frame.evaluate("() => { window.map.setView([11.0, -66.0], 6, {animate: false}); }")
    frame.get_by_role("button", name="Measure (nm)").click()
    frame.locator(".measure-overlay").wait_for()
    ends = [(11.2, -67.0), (11.8, -65.0)]
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    points = [
        frame.evaluate(
            """(p) => { const c = window.map.latLngToContainerPoint(p);
                const r = document.getElementById('map_div').getBoundingClientRect();
                return [r.left + c.x, r.top + c.y]; }""",
            list(end),
        )
        for end in ends
    ]
    # The cursor's position is read out in degrees (and minutes).
    page.mouse.move(box["x"] + points[0][0], box["y"] + points[0][1])
    readout = frame.locator(".mouse-position")
    shown = re.match(r"(-?\d+\.\d{4}), (-?\d+\.\d{4}) \(11°\d\d\.\d\d′N", readout.inner_text())
    assert shown is not None, readout.inner_text()
    # Within a pixel (about 0.02° at zoom 6) of where the pointer is.
    assert abs(float(shown.group(1)) - 11.2) < 0.03 and abs(float(shown.group(2)) + 67.0) < 0.03
    for x, y in points:
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(300)
    frame.wait_for_function("() => window.measuredNm > 0")
    measured_nm = frame.evaluate("() => window.measuredNm")
    # The clicks land on whole pixels: compare with the geodesic between the clicked positions.
    _, _, metres = Geod(ellps="WGS84").inv(ends[0][1], ends[0][0], ends[1][1], ends[1][0])
    assert abs(measured_nm - metres / 1852) / (metres / 1852) < 0.01
    assert "nm" in frame.locator(".measure-result").inner_text()
    # Measuring clicks never ran the point check.
    wait_for_rerun(page)
    assert _clicked_position(page).count() == 0


def test_online_tiles_off_by_default_and_a_note_when_they_fail(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, log = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    assert frame.locator(".leaflet-tile").count() == 0
    assert frame.locator(".tile-note").count() == 0
    _toggle_layer(frame, style.LAYER_OSM)
    note = frame.locator(".tile-note")
    note.wait_for()
    assert "cannot be reached" in note.inner_text()
    assert log.blocked_urls and all("tile.openstreetmap.org" in url for url in log.blocked_urls)
