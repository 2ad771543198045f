"""The dashboard's position box with reported sentences (Streamlit AppTest, real data)."""

from pathlib import Path

import shapely
from streamlit.testing.v1 import AppTest

from mapview.plain_text import markdown_literal
from mapview.pointcheck import build_point_check_group, run_reported_check, view_for

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard.py"


def _app() -> AppTest:
    return AppTest.from_file(str(DASHBOARD), default_timeout=120)


def test_typed_sentence_gets_one_plain_sentence_and_no_markdown() -> None:
    app = _app().run()
    sentence = "a 48 millas náuticas al noreste de La Blanquilla"
    app.text_input(key="position_text").input(sentence)
    app.form_submit_button[0].click().run()
    assert not app.exception
    expected = run_reported_check(text=sentence, origin="reported").verdict_text
    # The headline's plain-text line about published totals is also an st.text element.
    assert [text.value for text in app.text].count(expected) == 1
    assert "Venezuela's territorial waters: outside" in expected
    assert not app.error


def test_unknown_place_shows_the_parser_message() -> None:
    app = _app().run()
    app.text_input(key="position_text").input("126 nm off <b>Atlantis</b>")
    app.form_submit_button[0].click().run()
    assert not app.exception
    # The message reaches the page as Markdown-escaped literal text (mapview.plain_text).
    assert [e.value for e in app.error] == [
        markdown_literal(
            "unknown place '<b>Atlantis</b>': not in the gazetteer (data/geo/gazetteer.csv: "
            "GeoNames towns of the theatre; data/geo/named_places.csv: islands, capes, borders, "
            "countries)"
        )
    ]


def test_area_is_drawn_and_the_view_fits_it() -> None:
    result = run_reported_check(text="126 nm off Golfito", origin="reported")
    # A MultiPolygon since the theatre's land (issue 10) cuts the ring at the isthmus.
    assert result.circle is not None and result.circle.geom_type in {"Polygon", "MultiPolygon"}
    (lat, lon), zoom = result.view  # type: ignore[misc]
    assert abs(lat - 8.6) < 0.2 and abs(lon + 83.11) < 0.2
    # A 4.2°-wide ring: zoom 7 shows 360 * 3.5 / 2**7 = 9.8° of longitude, zoom 8 only 4.9°.
    assert zoom == 7
    import folium

    page = folium.Map()
    build_point_check_group(
        check=result.check, verdict_text=result.verdict_text, circle=result.circle
    ).add_to(page)
    html = page.get_root().render()
    assert "Reported position: 126 nm off Golfito" in html


def test_view_for_small_and_large_areas() -> None:
    assert view_for(shapely.box(-66.0, 10.0, -65.99, 10.01))[1] == 12
    assert view_for(shapely.box(-120.0, -6.0, -55.0, 24.0))[1] == 4
