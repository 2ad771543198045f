"""The land and port strikes and joint operations: their own map layer, apart from boat strikes.

Positioned events get a marker and their geodesic uncertainty circle; region-only events shade
their area once per area, with a popup that lists them. Every text from the data is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import folium
import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from mapview import style
from mapview.popups import _row_html, escape_text, link_html
from mapview.shapes import add_polygon

_POPUP_MAX_WIDTH_PX: Final = 360
#: Display-only simplification of a region-only event's area (a state's land), in degrees.
_AREA_DISPLAY_TOLERANCE_DEG: Final = 0.01


def land_event_popup_html(*, event: Mapping[str, Any]) -> str:
    """Describe one land event for a popup: kind, date, place, deaths, status, sources.

    Parameters
    ----------
    event : Mapping
        One row of :func:`events.land.load_land_events`.

    Returns
    -------
    str
        Escaped HTML.

    """
    urls = event.get("source_urls")
    links = [link_html(url=url) for url in (urls if isinstance(urls, list) else [])]
    rows = [
        _row_html(label="Kind", value_html=escape_text(event.get("kind"))),
        _row_html(label="Date", value_html=escape_text(event.get("date"))),
        _row_html(label="Where", value_html=escape_text(event.get("location_text"))),
        _row_html(label="Killed", value_html=escape_text(event.get("deaths"))),
        _row_html(label="Position", value_html=escape_text(event.get("location_precision"))),
        _row_html(label="Status", value_html=escape_text(event.get("status"))),
        _row_html(label="Sources", value_html=", ".join(links) or escape_text(None)),
    ]
    title = f"{escape_text(event.get('id'))}: {escape_text(event.get('title'))}"
    return (
        f"<b>{title}</b><table>{''.join(rows)}</table>"
        "<i>Not a boat strike: not in the boat-strike totals.</i>"
    )


def _tooltip_html(event: Mapping[str, Any]) -> str:
    return " · ".join(
        [
            escape_text(event.get("id")),
            escape_text(event.get("date")),
            escape_text(event.get("kind")),
        ]
    )


def build_land_event_group(*, land_events: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Draw the land and port strikes and joint operations as one layer.

    Parameters
    ----------
    land_events : geopandas.GeoDataFrame
        :func:`events.land.load_land_events` (or a selection of it).

    Returns
    -------
    folium.FeatureGroup
        A marker and circle per positioned event, one shaded area per referenced area.

    """
    group = folium.FeatureGroup(name=style.LAYER_LAND_EVENTS, show=True, control=True)
    records = land_events.to_dict("records")
    by_area: dict[str, list[dict[str, Any]]] = {}
    for event in records:
        latitude, longitude = event.get("latitude"), event.get("longitude")
        if latitude is None or longitude is None or pd.isna(latitude) or pd.isna(longitude):
            by_area.setdefault(str(event.get("reporting_area")), []).append(event)
            continue
        popup_html = land_event_popup_html(event=event)
        add_polygon(
            group=group,
            geometry=event.get("geometry"),
            popup_html=popup_html,
            tooltip_html=_tooltip_html(event),
            color=style.COLOR_LAND_EVENT,
            weight=1,
            dash_array="3 3",
            fill_color=style.COLOR_LAND_EVENT,
            fill_opacity=0.1,
            class_name=style.CLASS_LAND_EVENT,
        )
        # A plain circle marker: folium's RegularPolygonMarker needs a plugin from a CDN.
        folium.CircleMarker(
            location=(float(latitude), float(longitude)),
            radius=7,
            color="#ffffff",
            weight=1.5,
            fill_color=style.COLOR_LAND_EVENT,
            fill_opacity=0.95,
            popup=folium.Popup(popup_html, max_width=_POPUP_MAX_WIDTH_PX),
            tooltip=folium.Tooltip(_tooltip_html(event)),
            class_name=style.CLASS_LAND_EVENT,
        ).add_to(group)
    for events in by_area.values():
        geometry = events[0].get("geometry")
        if not isinstance(geometry, BaseGeometry) or geometry.is_empty:
            continue
        popup_html = "<hr>".join(land_event_popup_html(event=event) for event in events)
        # A whole country's land is drawn simplified: it only says "somewhere in this state",
        # and the full outline would weigh on every rerun of the page.
        outline = shapely.simplify(geometry, _AREA_DISPLAY_TOLERANCE_DEG, preserve_topology=True)
        layer = folium.GeoJson(
            data={"type": "Feature", "properties": {}, "geometry": mapping(outline)},
            style_function=_area_style,
        )
        folium.Popup(popup_html, max_width=_POPUP_MAX_WIDTH_PX).add_to(layer)
        folium.Tooltip(" | ".join(_tooltip_html(event) for event in events)).add_to(layer)
        layer.add_to(group)
    return group


def _area_style(_feature: object) -> dict[str, Any]:
    return {
        "color": style.COLOR_LAND_EVENT,
        "weight": 1,
        "fillColor": style.COLOR_LAND_EVENT,
        # Light: a whole state's land says only "somewhere here", and must not hide the zones.
        "fillOpacity": 0.06,
        "className": style.CLASS_LAND_EVENT,
    }
