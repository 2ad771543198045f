"""The dashboard in a real browser: Debian's Chromium against a local server, no network."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import Frame, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from samples import UPLOAD_ONE_GOOD_ONE_BAD, XSS_TEXT

from events.filters import filter_strikes
from events.load import load_reporting_areas
from events.summary import summarise
from mapview import style

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_PATH = REPO_ROOT / "docs" / "dashboard.png"
TILE_HOST = "tile.openstreetmap.org"
MAP_IFRAME = "iframe[title='streamlit_folium.st_folium']"
TIMEOUT_MS = 60_000
OfflineLog = Any  # tests/browser/conftest.py's OfflineLog: blocked_urls, dialogs


def map_frame(page: Page) -> Frame:
    """Wait for the map iframe and for Leaflet to have drawn the layers."""
    try:
        handle = page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
    except PlaywrightTimeoutError as error:
        raise AssertionError(f"no map; the page says:\n{page.inner_text('body')[:3000]}") from error
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_function("() => window.map !== undefined", timeout=TIMEOUT_MS)
    # The fixed layers (land, zones...) come from static files; each counts itself in.
    frame.wait_for_function(
        "() => window.staticLayersExpected > 0"
        " && window.staticLayersLoaded === window.staticLayersExpected",
        timeout=TIMEOUT_MS,
    )
    return frame


def wait_for_rerun(page: Page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=TIMEOUT_MS,
    )


def _expected(strikes, *, date_from: dt.date, date_to: dt.date, **criteria):  # type: ignore[no-untyped-def]
    selection = filter_strikes(strikes, date_from=date_from, date_to=date_to, **criteria)
    totals = summarise(selection)
    region_only = selection["location_precision"].eq("region-only") | selection["latitude"].isna()
    known_areas = set(load_reporting_areas()["area_id"])
    areas = {area for area in selection.loc[region_only, "reporting_area"] if area in known_areas}
    return totals, int((~region_only).sum()), len(areas)


def _metric(page: Page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=re.compile(f"^{label}$"))
    )
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def _wait_metric(page: Page, label: str, value: int) -> None:
    page.wait_for_function(
        """([label, value]) => Array.from(document.querySelectorAll('[data-testid="stMetric"]'))
            .some(m =>
              m.querySelector('[data-testid="stMetricLabel"]').innerText.trim() === label
              && m.querySelector('[data-testid="stMetricValue"]').innerText.trim() === value)""",
        arg=[label, f"{value:,}"],
    )


def _count(frame: Frame, css_class: str) -> int:
    return int(frame.locator(f"path.{css_class}").count())


def _wait_count(frame: Frame, css_class: str, expected: int) -> None:
    frame.wait_for_function(
        "([cls, n]) => document.querySelectorAll('path.' + cls).length === n",
        arg=[css_class, expected],
    )


def _url_dates(url: str) -> tuple[dt.date, dt.date]:
    values = parse_qs(urlsplit(url).query)["dates"]
    return dt.date.fromisoformat(values[0]), dt.date.fromisoformat(values[1])


def test_map_layers_offline_and_screenshot(
    offline_page: tuple[Page, OfflineLog], app_url: str, strikes: pd.DataFrame
) -> None:
    page, log = offline_page
    received = _count_received_bytes(page)
    page.goto(app_url)
    frame = map_frame(page)
    first = strikes["date"].min().date()
    last = strikes["date"].max().date()
    totals, positions, areas = _expected(strikes, date_from=first, date_to=last)

    _wait_metric(page, "Strikes", totals["strikes"])
    assert _count(frame, style.CLASS_STRIKE_MARKER) == positions
    assert _count(frame, style.CLASS_STRIKE_AREA) == areas
    labels = [
        text.strip() for text in frame.locator(".leaflet-control-layers label").all_inner_texts()
    ]
    for layer in (
        style.LAYER_OSM,
        style.LAYER_LAND,
        style.LAYER_INTERNAL_WATERS,
        style.LAYER_TERRITORIAL_SEA,
        style.LAYER_CONTIGUOUS_ZONE,
        style.LAYER_NEIGHBOUR_SEAS,
        style.LAYER_BOUNDARY_LINES,
        style.LAYER_DISPUTED,
        style.LAYER_POSSIBLE_ZONES,
        style.LAYER_STRIKE_POSITIONS,
        style.LAYER_STRIKE_AREAS,
        style.LAYER_LAND_EVENTS,
    ):
        assert layer in labels
    assert (
        "© OpenStreetMap contributors" in frame.locator(".leaflet-control-attribution").inner_text()
    )
    assert frame.locator(".map-legend").inner_text().startswith("Legend")
    # Offline: the only outside requests were base-map tiles (no CDN script or style).
    assert all(TILE_HOST in url for url in log.blocked_urls), log.blocked_urls
    # The opening view fits the strikes of both oceans: a Pacific strike off Mexico (S032) and
    # one off La Guajira (S018) are both inside it.
    by_id = strikes.set_index("id")
    for strike_id in ("S032", "S018"):
        lat, lon = float(by_id.loc[strike_id, "latitude"]), float(by_id.loc[strike_id, "longitude"])
        assert frame.evaluate(
            "([lat, lon]) => window.map.getBounds().contains([lat, lon])", [lat, lon]
        ), strike_id
    assert frame.evaluate("() => window.map.getZoom()") < style.FINE_LAYERS_MIN_ZOOM
    # A new visitor gets the coarse layer files only, and under 1.5 MB of map data in all.
    expected_files = frame.evaluate("() => window.staticLayersExpected")
    assert len(received.layer_files) == expected_files == 9
    assert frame.evaluate("() => window.fineLayersLoaded || 0") == 0
    print(f"new visitor: websocket {received.websocket} B, layers {received.layer_files}")
    assert received.total() < 1_500_000, (received.websocket, received.layer_files)
    SCREENSHOT_PATH.parent.mkdir(exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOT_PATH), full_page=False)
    assert SCREENSHOT_PATH.stat().st_size > 10_000

    # Zoomed in, the land, zone and line layers fetch their finer copies (once).
    frame.evaluate("() => { window.map.setView([10.9, -64.2], 7); }")
    frame.wait_for_function(
        "() => window.fineLayersExpected > 0"
        " && window.fineLayersLoaded === window.fineLayersExpected",
        timeout=TIMEOUT_MS,
    )
    assert frame.evaluate("() => window.fineLayersExpected") == 7
    assert len(received.layer_files) == expected_files + 7
    frame.evaluate("() => { window.map.setView([10.9, -64.2], 4); }")
    frame.evaluate("() => { window.map.setView([10.9, -64.2], 8); }")
    page.wait_for_timeout(300)
    assert len(received.layer_files) == expected_files + 7


class _Received:
    """Bytes a page received: websocket frames and fixed-layer files (size on disk)."""

    def __init__(self) -> None:
        self.websocket = 0
        self.layer_files: dict[str, int] = {}

    def total(self) -> int:
        return self.websocket + sum(self.layer_files.values())


def _count_received_bytes(page: Page) -> _Received:
    received = _Received()
    marker = "/app/static/vendor/layers/"

    def _on_websocket(socket: Any) -> None:
        def _on_frame(payload: str | bytes) -> None:
            received.websocket += len(payload)

        socket.on("framereceived", _on_frame)

    def _on_response(response: Any) -> None:
        if marker in response.url:
            name = response.url.split(marker, 1)[1]
            path = REPO_ROOT / "static" / "vendor" / "layers" / name
            received.layer_files[name] = path.stat().st_size

    page.on("websocket", _on_websocket)
    page.on("response", _on_response)
    return received


def test_date_filter_updates_figures_without_reloading_the_map(  # type: ignore[no-untyped-def]
    offline_page: tuple[Page, OfflineLog], app_url: str, strikes
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    frame.evaluate("() => { window.__not_reloaded = 'same iframe'; }")

    end_thumb = page.locator("[data-testid='stSlider'] input[type=range]").nth(1)
    end_thumb.focus()
    for _ in range(6):
        page.keyboard.press("PageDown")
    page.wait_for_function("() => new URL(location.href).searchParams.getAll('dates').length === 2")
    wait_for_rerun(page)
    date_from, date_to = _url_dates(page.url)
    totals, positions, areas = _expected(strikes, date_from=date_from, date_to=date_to)
    full_totals, _, _ = _expected(
        strikes, date_from=strikes["date"].min().date(), date_to=strikes["date"].max().date()
    )
    assert totals["strikes"] < full_totals["strikes"]

    _wait_metric(page, "Strikes", totals["strikes"])
    _wait_metric(page, "Killed", totals["killed"])
    _wait_count(frame, style.CLASS_STRIKE_MARKER, positions)
    _wait_count(frame, style.CLASS_STRIKE_AREA, areas)
    assert frame.evaluate("() => window.__not_reloaded") == "same iframe"


def test_shared_url_reopens_the_same_filter(  # type: ignore[no-untyped-def]
    offline_page: tuple[Page, OfflineLog], app_url: str, strikes
) -> None:
    page, _ = offline_page
    date_from, date_to = dt.date(2025, 10, 1), dt.date(2025, 12, 31)
    page.goto(f"{app_url}/?dates={date_from}&dates={date_to}&region=Eastern+Pacific")
    frame = map_frame(page)
    totals, positions, areas = _expected(
        strikes, date_from=date_from, date_to=date_to, regions=["Eastern Pacific"]
    )
    _wait_metric(page, "Strikes", totals["strikes"])
    _wait_metric(page, "Vessels", totals["vessels"])
    _wait_metric(page, "Survivors", totals["survivors"])
    _wait_count(frame, style.CLASS_STRIKE_MARKER, positions)
    _wait_count(frame, style.CLASS_STRIKE_AREA, areas)
    thumbs = page.locator("[data-testid='stSlider'] [data-testid='stSliderThumbValue']")
    assert thumbs.all_inner_texts() == [str(date_from), str(date_to)]

    # The downloads hold exactly the filtered strikes.
    selection = filter_strikes(
        strikes, date_from=date_from, date_to=date_to, regions=["Eastern Pacific"]
    )
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download selection (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text())))
    assert sorted(row["id"] for row in rows) == sorted(selection["id"])
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download selection (GeoJSON)").click()
    collection = json.loads(Path(download_info.value.path()).read_text())
    assert len(collection["features"]) == len(selection)


def _answer_for(lat: float, lon: float, radius_nm: float | None = None) -> str:
    # Issue 13: the coloured box holds the plain answer (mapview.answer), the facts follow.
    from geo.check import check_point
    from mapview.answer import point_answer

    check = check_point(lat=lat, lon=lon, radius_nm=radius_nm).to_dict()
    return point_answer(check=check, origin="test").headline


def _answer_text(page: Page) -> str:
    alert = page.locator("[data-testid^='stAlertContent']").filter(
        has_text="In Venezuela's territorial waters:"
    )
    alert.first.wait_for()
    return alert.first.inner_text().strip()


def test_typed_position_and_bad_input(offline_page: tuple[Page, OfflineLog], app_url: str) -> None:
    from geo.coords import CoordinateError, parse_position

    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    position = "10°50'N 64°10'W"
    lat, lon = parse_position(position)
    page.get_by_label("Position", exact=True).fill(position)
    page.get_by_role("button", name="Check position").click()
    page.wait_for_function(
        "(text) => Array.from(document.querySelectorAll('[data-testid^=\"stAlertContent\"]'))"
        ".some(a => a.innerText.trim().endsWith(text))",
        arg=_answer_for(lat, lon),
    )
    frame.wait_for_selector(f"path.{style.CLASS_POINT_CHECK}", state="attached")
    assert (
        "nm to the nearest baseline point"
        in frame.locator(".leaflet-tooltip").all_inner_texts()[-1]
    )

    bad = "ninety north"
    with pytest.raises(CoordinateError) as expected_error:
        parse_position(bad)
    page.get_by_label("Position", exact=True).fill(bad)
    page.get_by_role("button", name="Check position").click()
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for()
    assert error.inner_text().strip() == str(expected_error.value)
    assert page.locator("[data-testid='stException']").count() == 0


_CLICK_CANDIDATES = [(10.72, -64.2), (10.9, -63.2), (11.2, -64.0), (10.6, -65.6), (12.0, -66.0)]


def _clickable_point(frame: Frame) -> tuple[float, float]:
    """A point of the map over no strike feature (a strike's popup would take the click)."""
    for lat, lon in _CLICK_CANDIDATES:
        x, y, css_class = frame.evaluate(
            """([lat, lon]) => {
                const p = window.map.latLngToContainerPoint([lat, lon]);
                const r = document.getElementById('map_div').getBoundingClientRect();
                const el = document.elementFromPoint(r.left + p.x, r.top + p.y);
                return [r.left + p.x, r.top + p.y, (el && el.getAttribute('class')) || ''];
            }""",
            [lat, lon],
        )
        if "strike" not in css_class and "leaflet-control" not in css_class:
            return x, y
    raise AssertionError("no clickable candidate point")


def test_clicked_position_gets_a_verdict(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    # Region-only strikes shade the sea off Venezuela, and a click on them opens their popup:
    # hide that layer with the layer control, as a user checking a point there would.
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(
        ".leaflet-control-layers-overlays label", has_text=style.LAYER_STRIKE_AREAS
    ).click()
    _wait_count(frame, style.CLASS_STRIKE_AREA, 0)
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)
    x, y = _clickable_point(frame)
    page.mouse.click(box["x"] + x, box["y"] + y)
    coordinates = page.get_by_text(re.compile(r"^Position: .* \(click\)")).first
    coordinates.wait_for()
    match = re.search(r"(-?\d+\.\d+), (-?\d+\.\d+) \(click\)", coordinates.inner_text())
    assert match is not None
    lat, lon = float(match.group(1)), float(match.group(2))
    assert _answer_text(page).endswith(_answer_for(lat, lon))
    frame.wait_for_selector(f"path.{style.CLASS_POINT_CHECK}", state="attached")


def test_upload_lists_rejections_and_keeps_html_inert(
    offline_page: tuple[Page, OfflineLog], app_url: str, tmp_path: Path
) -> None:
    page, log = offline_page
    upload = tmp_path / "my_strikes.csv"
    upload.write_text(UPLOAD_ONE_GOOD_ONE_BAD, encoding="utf-8")
    page.goto(app_url)
    frame = map_frame(page)
    # The event upload, not the vessel-track upload below it.
    page.get_by_role("region", name="CSV, GeoJSON or ACLED export").get_by_test_id(
        "stFileUploaderDropzoneInput"
    ).set_input_files(str(upload))
    page.get_by_text("1 accepted, 1 rejected").wait_for()
    # Issue 13: st.dataframe (cells as text); the grid's cells are read with text_content.
    rejections = page.locator("[data-testid='stDataFrame']").filter(has_text="not-a-date")
    rejections.wait_for()
    assert "date" in str(rejections.text_content())

    frame.wait_for_selector(f"path.{style.CLASS_UPLOAD_MARKER}", state="attached")
    frame.locator(f"path.{style.CLASS_UPLOAD_MARKER}").first.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content").first
    popup.wait_for()
    assert XSS_TEXT in popup.inner_text()
    assert popup.locator("img").count() == 0
    frame.locator(f"path.{style.CLASS_UPLOAD_MARKER}").first.dispatch_event("mouseover")
    tooltip = frame.locator(".leaflet-tooltip", has_text="U1").first
    tooltip.wait_for()
    assert XSS_TEXT in tooltip.inner_text()
    assert tooltip.locator("img").count() == 0
    accepted = page.locator("[data-testid='stDataFrame']").filter(has_text="U1")
    assert XSS_TEXT in str(accepted.text_content())
    assert page.locator("img[src='x']").count() == 0
    assert frame.locator("img[src='x']").count() == 0
    assert log.dialogs == []


def test_broken_data_file_gives_a_clear_message(
    offline_page: tuple[Page, OfflineLog], broken_app: tuple[str, str]
) -> None:
    page, _ = offline_page
    base_url, file_name = broken_app
    page.context.unroute("**/*")
    page.goto(base_url)
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for()
    message = error.inner_text()
    assert file_name in message
    assert "make data" in message
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(MAP_IFRAME).count() == 0
