"""The dashboard script without a browser (Streamlit AppTest) on the real data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from samples import UPLOAD_ONE_GOOD_ONE_BAD, XSS_TEXT
from streamlit.testing.v1 import AppTest

from events.filters import filter_strikes
from events.summary import summarise

REPO_ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = str(REPO_ROOT / "dashboard.py")


def _app() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=120)


def _metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def _expected_metrics(selection) -> dict[str, str]:  # type: ignore[no-untyped-def]
    totals = summarise(selection)
    return {
        "Strikes": f"{totals['strikes']:,}",
        "Vessels": f"{totals['vessels']:,}",
        "Killed": f"{totals['killed']:,}",
        "Presumed dead": f"{totals['presumed_dead']:,}",
        "Survivors": f"{totals['survivors']:,}",
    }


def test_page_shows_the_whole_record(strikes) -> None:  # type: ignore[no-untyped-def]
    app = _app().run()
    assert not app.exception
    assert not app.error
    assert _metrics(app) == _expected_metrics(strikes)
    assert app.slider(key="dates").value == (
        strikes["date"].min().date(),
        strikes["date"].max().date(),
    )
    maps = [element for element in app.main if element.type == "component_instance"]
    assert len(maps) == 1
    assert "map_div" in str(maps[0].proto)


def test_date_filter_changes_the_figures(strikes) -> None:  # type: ignore[no-untyped-def]
    app = _app().run()
    date_from, date_to = strikes["date"].min().date(), dt.date(2025, 10, 31)
    app.slider(key="dates").set_value((date_from, date_to)).run()
    assert not app.exception
    selection = filter_strikes(strikes, date_from=date_from, date_to=date_to)
    assert _metrics(app) == _expected_metrics(selection)
    assert _metrics(app)["Strikes"] != _expected_metrics(strikes)["Strikes"]


def test_url_filter_is_applied(strikes) -> None:  # type: ignore[no-untyped-def]
    app = _app()
    app.query_params["dates"] = ["2025-11-01", "2025-12-31"]
    app.query_params["region"] = ["Eastern Pacific"]
    app.run()
    assert not app.exception
    selection = filter_strikes(
        strikes, date_from="2025-11-01", date_to="2025-12-31", regions=["Eastern Pacific"]
    )
    assert _metrics(app) == _expected_metrics(selection)


def test_typed_position_gets_a_verdict_in_words() -> None:
    from geo.check import check_point
    from geo.coords import parse_position
    from mapview.pointcheck import run_point_check

    app = _app().run()
    position = "10.75 N, 64.5 W"
    app.text_input(key="position_text").input(position)
    app.form_submit_button[0].click().run()
    assert not app.exception
    lat, lon = parse_position(position)
    expected = run_point_check(lat=lat, lon=lon, radius_nm=None, origin="typed").verdict_text
    # Issue 13: the coloured box holds the plain answer; the zone and distance follow as text.
    assert [success.value for success in app.success] == ["In Venezuela's territorial waters: no"]
    distance_nm = check_point(lat=lat, lon=lon).to_dict()["distance_nm"]
    assert f"{distance_nm:.1f} nm" in expected
    facts = next(text.value for text in app.text if text.value.startswith("Position: "))
    assert "Zone: Venezuela's contiguous zone" in facts
    assert f"Distance to Venezuela's baseline: {distance_nm:.1f} nm" in facts


def test_bad_position_shows_the_parser_message() -> None:
    from geo.coords import CoordinateError, parse_position

    bad = "91 N, 200 E"
    with pytest.raises(CoordinateError) as expected:
        parse_position(bad)
    app = _app().run()
    app.text_input(key="position_text").input(bad)
    app.form_submit_button[0].click().run()
    assert not app.exception
    assert [error.value for error in app.error] == [str(expected.value)]


def test_upload_lists_rejected_rows_and_keeps_accepted_ones() -> None:
    app = _app().run()
    content = UPLOAD_ONE_GOOD_ONE_BAD.encode()
    app.file_uploader(key="upload").upload("mine.csv", content, "text/csv").run()
    assert not app.exception
    assert any("1 accepted, 1 rejected" in info.value for info in app.sidebar.info)
    # Issue 13: upload tables are st.dataframe (cells as text), no longer st.table.
    tables = [table.value for table in app.sidebar.dataframe]
    rejected = next(table for table in tables if "reason" in table.columns)
    assert rejected["value"].tolist() == ["not-a-date"]
    accepted = next(table for table in tables if "location_text" in table.columns)
    assert accepted["location_text"].tolist() == [XSS_TEXT]


def test_headline_basis_latest_total_and_reconcile_panel() -> None:
    # Issue 12: the figures name their basis, the record's last date sits next to the latest
    # published total, and every published total is listed against the record as plain text.
    app = _app().run()
    assert not app.exception
    captions = " ".join(caption.value for caption in app.caption)
    assert "Data version 2026.12.3" in captions
    assert "Killed = deaths as announced; presumed dead = survivors never found" in captions
    assert "2 strike(s) in the selection lack casualty figures" in captions
    texts = [text.value for text in app.text]
    latest = next(text for text in texts if text.startswith("The record's last strike"))
    assert latest.startswith("The record's last strike: 04 Oct 2026. Latest published total: ")
    assert "strikes 71, killed 239" in latest and "2026-10-04" in latest
    assert "68 strikes and 213 dead" in latest
    frames = [frame.value for frame in app.dataframe]
    reconcile = next(frame for frame in frames if "explanation" in frame.columns)
    assert len(reconcile) == 26
    assert reconcile.iloc[-1]["result"] == "differs"
    assert "could not identify" in reconcile.iloc[-1]["explanation"]
    land = next(frame for frame in frames if "kind" in frame.columns)
    assert land["id"].tolist() == ["L001", "L002", "L003", "L004", "L005"]


def _map_proto(app: AppTest) -> str:
    maps = [element for element in app.main if element.type == "component_instance"]
    assert len(maps) == 1
    return str(maps[0].proto)


def _fit_bounds(proto: str) -> list[list[float]]:
    import json
    import re

    # The component's arguments are JSON inside the proto's text: unescape once.
    match = re.search(r"fitBounds\((\[\[[^\]]*\], \[[^\]]*\]\])", proto.replace('\\"', '"'))
    assert match is not None, "the map has no opening fitBounds"
    bounds: list[list[float]] = json.loads(match.group(1))
    return bounds


def test_opening_view_fits_the_selection_and_stays_for_the_session(strikes) -> None:  # type: ignore[no-untyped-def]
    from events.load import load_reporting_areas
    from mapview.basemap import opening_bounds
    from mapview.strikes import fit_geometries

    app = _app()
    app.query_params["region"] = ["Eastern Pacific"]
    app.run()
    assert not app.exception
    selection = filter_strikes(strikes, regions=["Eastern Pacific"])
    # Issue 13: region-only strikes count by their area's label, not the area's whole extent.
    south, west, north, east = opening_bounds(
        geometries=fit_geometries(strikes=selection, reporting_areas=load_reporting_areas())
    )
    proto = _map_proto(app)
    assert _fit_bounds(proto) == [[south, west], [north, east]]
    # A Pacific strike with a position (S032, off Mexico) lies inside the opening view.
    pacific = strikes.set_index("id").loc["S032"]
    assert west < pacific["longitude"] < east and south < pacific["latitude"] < north
    assert east < -70  # Eastern Pacific only: the view does not reach the eastern Caribbean
    # Coarse layer files for every visitor, and finer ones for land, zones and lines.
    assert "window.staticLayersExpected = 9;" in proto.replace('\\"', '"')
    assert "window.fineLayersExpected = 7;" in proto.replace('\\"', '"')
    # A filter change keeps the session's opening view, so the map iframe is not reloaded.
    app.slider(key="dates").set_value((strikes["date"].min().date(), dt.date(2025, 10, 31))).run()
    assert not app.exception
    assert _fit_bounds(_map_proto(app)) == [[south, west], [north, east]]


def test_whole_record_opens_on_both_oceans(strikes) -> None:  # type: ignore[no-untyped-def]
    app = _app().run()
    [[south, west], [north, east]] = _fit_bounds(_map_proto(app))
    positioned = strikes[strikes["latitude"].notna()]
    assert west < positioned["longitude"].min() < -95  # Pacific strikes
    assert east > -62  # the eastern Caribbean (off Trinidad)
    assert south < positioned["latitude"].min() and north > positioned["latitude"].max()
