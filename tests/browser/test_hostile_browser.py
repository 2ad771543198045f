"""Hostile uploads in a real browser (issue 8, classes 1 and 6).

Every payload of ``tests/data/hostile_payloads.json`` goes into every text field of each
upload format (our CSV, our GeoJSON, an ACLED export). In headless Chromium with every
non-local request blocked: no dialog opens, nothing is requested from outside (only base-map
tiles are ever asked for), the map keeps all its strike features plus one marker per uploaded
row, and popups, tooltips and tables show each payload literally. File and column names made
of Markdown (an image, a disguised link) show literally and fetch nothing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from playwright.sync_api import FilePayload, Frame, Page
from test_dashboard_browser import MAP_IFRAME, TILE_HOST, _count, _wait_count, map_frame

from events.schema import TEXT_COLUMNS
from mapview import style
from mapview.strikes import count_drawn_strikes

pytestmark = pytest.mark.browser

CORPUS = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "hostile_payloads.json").read_text("utf-8")
)
PAYLOADS: list[str] = [item["text"] for item in CORPUS["payloads"]]
URL_PAYLOADS: list[str] = [item["text"] for item in CORPUS["url_payloads"]]
OUTSIDE_HOST = "evil.example"
OfflineLog = Any


def _position(index: int) -> tuple[float, float]:
    # Spread over open Caribbean sea inside the "caribbean-unspecified" reporting area.
    return round(14.0 + 0.08 * index, 4), round(-72.0 + 0.25 * index, 4)


def _our_rows() -> list[dict[str, Any]]:
    rows = []
    for index, payload in enumerate(PAYLOADS):
        lat, lon = _position(index)
        row: dict[str, Any] = {
            "id": f"H{index}",
            "date": "2025-10-20",
            "region": "Caribbean",
            "location_precision": "approximate",
            "latitude": lat,
            "longitude": lon,
            "uncertainty_radius_nm": 2,
            "deaths": 1,
            "status": "confirmed",
        }
        row.update(dict.fromkeys(TEXT_COLUMNS, payload))
        row["source_urls"] = [
            URL_PAYLOADS[index % len(URL_PAYLOADS)],
            "https://example.org/plain",
        ]
        rows.append(row)
    return rows


def _our_csv() -> bytes:
    rows = _our_rows()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "source_urls": " ; ".join(row["source_urls"])})
    return buffer.getvalue().encode("utf-8")


def _our_geojson() -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": row,
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
        }
        for row in _our_rows()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


def _acled_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "event_id_cnty",
            "event_date",
            "latitude",
            "longitude",
            "geo_precision",
            "fatalities",
            "location",
            "notes",
            "source",
        ]
    )
    for index, payload in enumerate(PAYLOADS):
        lat, lon = _position(index)
        source = f"{payload} {URL_PAYLOADS[index % len(URL_PAYLOADS)]}"
        writer.writerow([f"A{index}", "2025-10-20", lat, lon, 1, 1, payload, payload, source])
    return buffer.getvalue().encode("utf-8")


UPLOADS = {
    "strikes-csv": ("hostile.csv", "text/csv", _our_csv),
    "strikes-geojson": ("hostile.geojson", "application/geo+json", _our_geojson),
    "acled-csv": ("hostile_acled.csv", "text/csv", _acled_csv),
}


def _plain(text: str) -> str:
    # U+2060 (word joiner, invisible) is how markdown_literal stops ":material/x:" icons.
    return " ".join(text.replace("\u2060", "").split())


def _upload(page: Page, *, name: str, mime_type: str, content: bytes) -> None:
    # The event upload, not the vessel-track upload below it.
    page.get_by_role("region", name="CSV, GeoJSON or ACLED export").get_by_test_id(
        "stFileUploaderDropzoneInput"
    ).set_input_files(files=[FilePayload(name=name, mimeType=mime_type, buffer=content)])


#: Every cell of the sidebar's data grids, scrolled through half a grid at a time (waiting for
#: each redraw).
_SIDEBAR_GRID_TEXT = """async () => {
  const seen = [];
  const grids = document.querySelectorAll("[data-testid=stSidebar] [data-testid=stDataFrame]");
  for (const grid of grids) {
    const scroller = grid.querySelector(".dvn-scroller");
    if (scroller === null) { seen.push(grid.textContent); continue; }
    for (let top = 0; ; top += Math.max(35, scroller.clientHeight / 2)) {
      scroller.scrollTop = top;
      await new Promise((done) => setTimeout(done, 400));
      seen.push(grid.textContent);
      if (top >= scroller.scrollHeight) break;
    }
  }
  return seen.join(" ");
}"""


def _outside_links(document: Page | Frame) -> list[str]:
    found: list[str] = document.evaluate(
        "(host) => Array.from(document.querySelectorAll('a'))"
        ".filter(a => a.href.includes(host)).map(a => a.parentElement.outerHTML)",
        OUTSIDE_HOST,
    )
    return found


def _assert_nothing_ran_or_left(page: Page, frame: Frame, log: OfflineLog) -> None:
    assert log.dialogs == [], log.dialogs
    assert all(TILE_HOST in url for url in log.blocked_urls), log.blocked_urls
    for document in (page, frame):
        assert document.locator("img[src='x']").count() == 0
        assert document.locator(f"img[src*='{OUTSIDE_HOST}']").count() == 0
        assert document.locator(f"link[href*='{OUTSIDE_HOST}']").count() == 0
        assert document.locator("a[href^='javascript' i]").count() == 0
        assert document.locator("a[href^='data:' i]").count() == 0
        assert document.locator("svg[onload]").count() == 0
    # Streamlit widgets never turn a payload into a link (the map's popups may link sources).
    assert _outside_links(page) == []
    assert frame.evaluate("() => window.__hostile === undefined")


@pytest.mark.parametrize("file_format", sorted(UPLOADS))
def test_payloads_in_every_text_field_stay_text(
    offline_page: tuple[Page, OfflineLog],
    app_url: str,
    file_format: str,
    strikes: pd.DataFrame,
) -> None:
    page, log = offline_page
    name, mime_type, build = UPLOADS[file_format]
    page.goto(app_url)
    frame = map_frame(page)
    drawn = count_drawn_strikes(strikes=strikes)
    _upload(page, name=name, mime_type=mime_type, content=build())
    page.get_by_text(f"{len(PAYLOADS)} accepted, 0 rejected").wait_for()
    frame = map_frame(page)

    # The whole map survived: every strike, every area, every fixed layer, every upload.
    _wait_count(frame, style.CLASS_UPLOAD_MARKER, len(PAYLOADS))
    assert _count(frame, style.CLASS_STRIKE_MARKER) == drawn["positions"]
    assert _count(frame, style.CLASS_STRIKE_AREA) == drawn["areas"]
    assert frame.evaluate("() => window.staticLayersLoaded === window.staticLayersExpected")

    popups: list[str] = []
    tooltips: list[str] = []
    markers = frame.locator(f"path.{style.CLASS_UPLOAD_MARKER}")
    for index in range(len(PAYLOADS)):
        marker = markers.nth(index)
        marker.dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content").last
        popup.wait_for()
        popups.append(_plain(popup.inner_text()))
        marker.dispatch_event("mouseover")
        tooltip = frame.locator(".leaflet-tooltip").last
        tooltip.wait_for()
        tooltips.append(_plain(tooltip.inner_text()))
        marker.dispatch_event("mouseout")
    for payload in PAYLOADS:
        shown = _plain(payload)
        assert any(f"Where {shown} Vessels" in text for text in popups), payload
        assert any(shown in text for text in tooltips), payload
    # Issue 13: the tables are st.dataframe, a canvas grid whose visible cells are also in
    # the DOM for screen readers: scroll each grid through and read them all.
    table_text = _plain(page.evaluate(_SIDEBAR_GRID_TEXT))
    for payload in PAYLOADS:
        assert _plain(payload) in table_text, payload
    _assert_nothing_ran_or_left(page, frame, log)


MARKDOWN_IMAGE = f"![x](https://{OUTSIDE_HOST}/name.png)"
DISGUISED_LINK = f"[https://good.example](https://{OUTSIDE_HOST}/go)"


def _sidebar_text(page: Page) -> str:
    return _plain(page.locator("[data-testid='stSidebar']").inner_text())


def test_markdown_in_file_and_column_names_shows_literally(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, log = offline_page
    page.goto(app_url)
    frame = map_frame(page)

    # A file name made of Markdown: shown in the upload summary as typed.
    file_name = f"{MARKDOWN_IMAGE} {DISGUISED_LINK}.csv"
    _upload(page, name=file_name, mime_type="text/csv", content=_our_csv())
    page.get_by_text(f"{len(PAYLOADS)} accepted, 0 rejected").wait_for()
    assert f"{file_name}: {len(PAYLOADS)} row(s) read" in _sidebar_text(page)

    # Column names made of Markdown: the refusal names them as they are.
    content = (f"id,date,{MARKDOWN_IMAGE},{DISGUISED_LINK}\nX,2025-10-20,a,b\n").encode()
    _upload(page, name="columns.csv", mime_type="text/csv", content=content)
    error = page.locator("[data-testid='stSidebar'] [data-testid='stAlertContentError']").first
    error.wait_for()
    assert MARKDOWN_IMAGE in _plain(error.inner_text())
    assert DISGUISED_LINK in _plain(error.inner_text())

    # An ACLED export with an extra Markdown column: the note lists it literally.
    acled = _acled_csv().decode("utf-8").splitlines()
    acled[0] += f",{MARKDOWN_IMAGE.replace(',', ' ')}"
    _upload(
        page,
        name="acled_extra.csv",
        mime_type="text/csv",
        content=("\n".join(acled) + "\n").encode(),
    )
    page.get_by_text("ACLED column(s) not mapped to the schema").wait_for()
    assert MARKDOWN_IMAGE in _sidebar_text(page)

    # A typed position made of Markdown: the parser's message quotes it literally.
    page.get_by_label("Position", exact=True).fill(MARKDOWN_IMAGE)
    page.get_by_role("button", name="Check position").click()
    position_error = page.locator("[data-testid='stAlertContentError']").filter(
        has_text="cannot read"
    )
    position_error.first.wait_for()
    assert MARKDOWN_IMAGE in _plain(position_error.first.inner_text())

    for document in (page, frame):
        assert document.locator(f"img[src*='{OUTSIDE_HOST}']").count() == 0
        assert _outside_links(document) == []
    assert not [url for url in log.blocked_urls if OUTSIDE_HOST in url], log.blocked_urls
    assert log.dialogs == []
    assert page.locator("[data-testid='stException']").count() == 0


def test_long_position_text_is_cut_by_the_box(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    from geo.coords import MAX_POSITION_CHARS

    page, _ = offline_page
    page.goto(app_url)
    map_frame(page)
    box = page.get_by_label("Position", exact=True)
    # The text box itself refuses more characters than the parser reads (max_chars).
    box.fill("1" * 1_200 + "a")
    assert len(box.input_value()) <= MAX_POSITION_CHARS
    box.fill("1" * MAX_POSITION_CHARS)
    assert box.input_value() == "1" * MAX_POSITION_CHARS
    page.get_by_role("button", name="Check position").click()
    page.locator("[data-testid='stAlertContentError']").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(MAP_IFRAME).count() == 1
