"""The dashboard's map frame, rendered once and shared, is exactly what st_folium would send.

``map_frame`` renders the fixed map and the strike layers once and reuses the strings; this
compares every argument of the component with what ``st_folium`` itself sends for the same
map, the real record's strike layers, a point check and a view request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import folium
import pytest
import streamlit_folium

import map_frame
from events.load import load_reporting_areas, load_strikes
from events.verdicts import add_verdicts
from mapview import style
from mapview.map_tools import ViewRequest
from mapview.pointcheck import build_point_check_group, run_point_check
from mapview.strikes import build_strike_groups, count_drawn_strikes

MAP_KEY = "strike_map"
SESSION_KEY = "0123456789abcdef"
LAYER_URLS = {
    style.LAYER_TERRITORIAL_SEA: "/app/static/layers/territorial_sea.0001.geojson",
    style.LAYER_CONTIGUOUS_ZONE: "/app/static/layers/contiguous_zone.0001.geojson",
}
FINE_LAYER_URLS = {style.LAYER_TERRITORIAL_SEA: "/app/static/layers/territorial_sea.fine.geojson"}
BOUNDS = (5.0, -100.0, 20.0, -60.0)
#: Arguments that only name the frame: st_folium hashes the whole script, map_frame the
#: shared script's hash with the session key (checked separately below).
IDENTITY_ARGUMENTS = {"key", "on_change"}


@pytest.fixture(scope="module")
def record() -> Any:
    return add_verdicts(load_strikes())


@pytest.fixture(scope="module")
def strike_groups(record: Any) -> Callable[[], list[folium.FeatureGroup]]:
    strikes = record
    areas = load_reporting_areas()

    def _build() -> list[folium.FeatureGroup]:
        # Fresh groups for each renderer: st_folium renumbers the groups it is given.
        return build_strike_groups(strikes=strikes, reporting_areas=areas)

    return _build


def _session_groups() -> list[folium.FeatureGroup]:
    result = run_point_check(lat=10.95, lon=-64.2, radius_nm=5.0, origin="typed")
    view = folium.FeatureGroup(name="view", control=False)
    ViewRequest(request={"id": 3, "centre": [10.95, -64.2], "zoom": 9}).add_to(view)
    return [
        build_point_check_group(
            check=result.check, verdict_text=result.verdict_text, circle=result.circle
        ),
        view,
    ]


def _capture(monkeypatch: pytest.MonkeyPatch, module: Any) -> dict[str, Any]:
    sent: dict[str, Any] = {}
    monkeypatch.setattr(module, "_component_func", lambda **arguments: sent.update(arguments))
    return sent


def _st_folium_arguments(
    monkeypatch: pytest.MonkeyPatch, groups: list[folium.FeatureGroup]
) -> dict[str, Any]:
    from mapview.basemap import build_base_map

    sent = _capture(monkeypatch, streamlit_folium)
    streamlit_folium.st_folium(
        build_base_map(
            layer_urls=LAYER_URLS,
            fine_layer_urls=FINE_LAYER_URLS,
            bounds=BOUNDS,
            view=None,
            hidden_layers=style.LAYERS_HIDDEN_BY_DEFAULT,
            session_key=SESSION_KEY,
        ),
        key=MAP_KEY,
        height=style.MAP_HEIGHT_PX,
        use_container_width=True,
        returned_objects=list(map_frame.MAP_RETURNS),
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True, position="topright"),
    )
    return sent


def _frame_arguments(
    monkeypatch: pytest.MonkeyPatch,
    *,
    shared: list[folium.FeatureGroup],
    own: list[folium.FeatureGroup],
    session_key: str = SESSION_KEY,
) -> dict[str, Any]:
    fixed = map_frame.fixed_frame(
        layer_urls=LAYER_URLS,
        fine_layer_urls=FINE_LAYER_URLS,
        bounds=BOUNDS,
        view=None,
        hidden_layers=style.LAYERS_HIDDEN_BY_DEFAULT,
        groups=[map_frame.signature(group) for group in (*shared, *own)],
        map_key=MAP_KEY,
    )
    sent = _capture(monkeypatch, map_frame)
    map_frame.draw_map_frame(
        fixed=fixed,
        session_key=session_key,
        groups_js=map_frame.groups_script(shared)
        + map_frame.groups_script(own, first_index=len(shared)),
        map_key=MAP_KEY,
        height_px=style.MAP_HEIGHT_PX,
        on_change=lambda _returned: None,
    )
    return sent


def test_frame_sends_what_st_folium_sends(
    monkeypatch: pytest.MonkeyPatch,
    record: Any,
    strike_groups: Callable[[], list[folium.FeatureGroup]],
) -> None:
    expected = _st_folium_arguments(monkeypatch, [*strike_groups(), *_session_groups()])
    sent = _frame_arguments(monkeypatch, shared=strike_groups(), own=_session_groups())
    assert set(sent) == set(expected)
    for name in sorted(set(expected) - IDENTITY_ARGUMENTS):
        assert sent[name] == expected[name], name
    # Every positioned strike and the point check are in the layers, the session key in the map.
    assert "feature_group_feature_group_3" in sent["feature_group"]
    positioned = count_drawn_strikes(strikes=record)["positions"]
    assert positioned == 5  # S014, S018, S032, S033, S034
    assert sent["feature_group"].count('"strikeKey"') == positioned
    assert f'"sessionKey": "{SESSION_KEY}"' in sent["script"]
    assert sent["layer_control"].count("feature_group_feature_group_") == 3  # view is unlisted
    assert sent["js_links"] and all(link.startswith("/app/static/") for link in sent["js_links"])


def test_frame_identity_follows_the_session_and_the_map(
    monkeypatch: pytest.MonkeyPatch, strike_groups: Callable[[], list[folium.FeatureGroup]]
) -> None:
    first = _frame_arguments(monkeypatch, shared=strike_groups(), own=[])
    again = _frame_arguments(monkeypatch, shared=strike_groups(), own=_session_groups())
    other_session = _frame_arguments(
        monkeypatch, shared=strike_groups(), own=[], session_key="fedcba9876543210"
    )
    # Layers come and go without reloading the frame; another session gets its own frame.
    assert first["key"] == again["key"]
    assert first["script"] == again["script"]
    assert other_session["key"] != first["key"]
    assert other_session["script"] == first["script"].replace(SESSION_KEY, "fedcba9876543210")
    assert map_frame.SESSION_KEY_PLACEHOLDER not in first["script"]
