"""The dashboard's track upload (Streamlit AppTest) and its map layer, on the real data."""

from __future__ import annotations

from pathlib import Path

import folium
from samples import XSS_TEXT
from streamlit.testing.v1 import AppTest

from geo.track import MAX_UPLOAD_BYTES, analyse_upload
from mapview.track import CLASS_TRACK_GAP, CLASS_TRACK_SEGMENT, build_track_group

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
TRACK = (
    "ship,time,lat,lon\n"
    f'"{XSS_TEXT}",2026-01-05T00:00:00Z,11.30,-62.50\n'
    f'"{XSS_TEXT}",2026-01-05T01:00:00Z,10.85,-62.50\n'
    f'"{XSS_TEXT}",2026-01-05T03:00:00Z,10.95,-61.50\n'
    f'"{XSS_TEXT}",2026-01-05T04:00:00Z,11.40,-61.30\n'
    f'"{XSS_TEXT}",**bold**,11.40,-61.30\n'
).encode()


def test_track_upload_lists_crossings_gaps_and_bad_rows_as_text() -> None:
    app = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    app.sidebar.text_input(key="track_vessel_col").input("ship")
    app.file_uploader(key="track_upload").upload("track.csv", TRACK, "text/csv").run()
    assert not app.exception
    texts = [t.value for t in app.sidebar.text]
    assert "5 row(s) read, 4 fix(es) used, 1 with errors, 1 vessel(s)." in texts
    frames = [frame.value for frame in app.sidebar.dataframe]
    errors = next(f for f in frames if "where" in f.columns)
    assert errors["where"].tolist() == ["line 6"] and "**bold**" in errors["error"].iloc[0]
    crossings = next(f for f in frames if "from_zone" in f.columns)
    # Trinidad and Tobago claims a 24-nm contiguous zone (data/geo/claims.csv): leaving its
    # territorial sea crosses it before its EEZ.
    assert crossings["vessel"].tolist() == [XSS_TEXT] * 5
    assert crossings["to_state"].tolist() == ["VEN", "VEN", "TTO", "TTO", "TTO"]
    assert crossings["to_zone"].tolist() == [
        "contiguous_zone",
        "territorial_sea",
        "territorial_sea",
        "contiguous_zone",
        "eez",
    ]
    assert crossings["in_gap"].tolist() == [False, False, True, False, False]
    gaps = next(f for f in frames if "start" in f.columns)
    assert gaps["start"].tolist() == ["2026-01-05T01:00:00.000Z"]


def test_oversized_track_is_refused_with_a_message() -> None:
    app = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    big = b"time,lat,lon\n" + b"2026-01-05T00:00:00Z,11.3,-62.5\n" * (MAX_UPLOAD_BYTES // 30)
    app.file_uploader(key="track_upload").upload("big.csv", big, "text/csv").run()
    assert not app.exception
    assert any("the track upload limit is 5 MB" in t.value for t in app.sidebar.text)


def test_track_layer_escapes_vessel_ids_and_colours_by_zone() -> None:
    report = analyse_upload(data=TRACK, filename="t.csv", vessel_col="ship")
    base = folium.Map()
    build_track_group(report=report).add_to(base)
    html = base.get_root().render()
    assert XSS_TEXT not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count(CLASS_TRACK_SEGMENT) == 6 and html.count(CLASS_TRACK_GAP) == 1
    assert "#3182bd" in html  # territorial sea
