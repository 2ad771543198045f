"""The land and port strikes and joint operations: their own map layer, apart from boat strikes.

They do not depend on the filters, so they are a fixed layer (a static GeoJSON file fetched once
and cached, like the zones). Positioned events are drawn as their geodesic uncertainty circle;
region-only events shade their area once per area, with a label listing them. Every text from
the data is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from mapview.popups import escape_text, link_html, row_html, url_list

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
    links = [link_html(url=url) for url in url_list(event.get("source_urls"))]
    rows = [
        row_html(label="Kind", value_html=escape_text(event.get("kind"))),
        row_html(label="Date", value_html=escape_text(event.get("date"))),
        row_html(label="Where", value_html=escape_text(event.get("location_text"))),
        row_html(label="Killed", value_html=escape_text(event.get("deaths"))),
        row_html(label="Position", value_html=escape_text(event.get("location_precision"))),
        row_html(label="Status", value_html=escape_text(event.get("status"))),
        row_html(label="Sources", value_html=", ".join(links) or escape_text(None)),
    ]
    title = f"{escape_text(event.get('id'))}: {escape_text(event.get('title'))}"
    return (
        f"<b>{title}</b><table>{''.join(rows)}</table>"
        "<i>Not a boat strike: not in the boat-strike totals.</i>"
    )


def land_event_features(*, land_events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One feature per drawn shape: each positioned event's circle, each referenced area once.

    Parameters
    ----------
    land_events : geopandas.GeoDataFrame
        :func:`events.land.load_land_events` (or a selection of it).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``kind`` (``circle`` or ``area``, the style key), ``label_html`` (escaped, the
        events drawn by the shape) and ``geometry`` (EPSG:4326). A whole state's land is
        simplified for display: it says only "somewhere in this state".

    """
    shapes: list[dict[str, Any]] = []
    areas: dict[str, list[dict[str, Any]]] = {}
    for event in land_events.to_dict("records"):
        geometry = event.get("geometry")
        if not isinstance(geometry, BaseGeometry) or geometry.is_empty:
            continue
        latitude, longitude = event.get("latitude"), event.get("longitude")
        if latitude is None or longitude is None or pd.isna(latitude) or pd.isna(longitude):
            areas.setdefault(str(event.get("reporting_area")), []).append(event)
            continue
        shapes.append(
            {
                "kind": "circle",
                "label_html": land_event_popup_html(event=event),
                "geometry": geometry,
            }
        )
    for events in areas.values():
        outline = shapely.simplify(
            events[0]["geometry"], _AREA_DISPLAY_TOLERANCE_DEG, preserve_topology=True
        )
        label = "<hr>".join(land_event_popup_html(event=event) for event in events)
        shapes.append({"kind": "area", "label_html": label, "geometry": outline})
    return gpd.GeoDataFrame(
        shapes, columns=["kind", "label_html", "geometry"], geometry="geometry", crs="EPSG:4326"
    )
