"""The fixed layers (land, zones, lines, possible strike zones, land events) as GeoJSON text.

They do not depend on the filters, so the dashboard prepares them once per
process and every rerun draws the same JavaScript: the map iframe is never
reloaded by a filter change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd

from common.geojson import geojson_text
from events.context import ZoneStatus
from geo.constants import VENEZUELA, ModelledZone
from geo.names import zone_phrase
from mapview import style
from mapview.display import frame_to_geojson
from mapview.land_events import land_event_features
from mapview.popups import escape_text, link_html, safe_url


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _first_present(row: Mapping[str, Any], names: tuple[str, ...]) -> object:
    for name in names:
        value = row.get(name)
        if value is not None and not (isinstance(value, float) and pd.isna(value)):
            return value
    return None


def _zone_label_html(row: Mapping[str, Any]) -> str:
    state = row.get("state")
    text = escape_text(
        zone_phrase(zone=str(row.get("zone")), state=state if isinstance(state, str) else None)
    )
    text = text[0].upper() + text[1:]
    if bool(row.get("disputed")):
        text = f"<b>Disputed</b> — {text}"
    note = row.get("note")
    if isinstance(note, str) and note.strip():
        text += f"<br>{escape_text(note)}"
    return text


def _labelled(
    frame: gpd.GeoDataFrame, labels: list[object], extra: dict[str, list[object]] | None = None
) -> str:
    properties: dict[str, list[object]] = {"label_html": labels, **(extra or {})}
    return geojson_text(frame_to_geojson(frame=frame, properties=properties))


def _zone_layer(zones: gpd.GeoDataFrame, mask: pd.Series) -> str:
    subset = zones[mask.fillna(False).astype(bool)]
    labels: list[object] = [_zone_label_html(row) for row in subset.to_dict("records")]
    return _labelled(subset, labels)


def _line_label_html(row: Mapping[str, Any]) -> str:
    kind = "Treaty line" if row.get("kind") == "treaty" else "Median line"
    text = f"{kind}: {escape_text(row.get('name'))}"
    source = row.get("source")
    if source is not None and not (isinstance(source, float) and pd.isna(source)):
        text += f"<br>Source: {link_html(url=source, label=source)}"
    return text


#: Display-only simplification of the possible strike zones, in degrees (about 500 m).
_ZONE_DISPLAY_TOLERANCE_DEG = 0.005
_CARRIED_OUT: ZoneStatus = "carried-out"


def _possible_zone_label_html(row: Mapping[str, Any]) -> str:
    name = _first_present(row, ("option", "name", "id"))
    published = _first_present(row, ("reported_date", "date"))
    source_title = _first_present(row, ("source_title",))
    urls = row.get("source_urls")
    hosts = (
        ", ".join(escape_text(safe_host) for safe_host in _hosts(urls))
        if isinstance(urls, list | tuple)
        else ""
    )
    lines = [
        f"<b>Possible strike zone (an option, not a strike): {escape_text(row.get('id'))}</b>",
        escape_text(name),
        f"Reported: {escape_text(published)}; status: {escape_text(row.get('status'))}"
        + (
            f" (carried out {escape_text(row.get('carried_out_date'))})"
            if row.get("status") == _CARRIED_OUT
            else ""
        ),
        f"Source: {escape_text(source_title)}" + (f" ({hosts})" if hosts else ""),
    ]
    note = row.get("status_note")
    if isinstance(note, str) and note.strip():
        lines.append(escape_text(note))
    return "<br>".join(lines)


def _hosts(urls: list[object] | tuple[object, ...]) -> list[str]:
    hosts = []
    for url in urls:
        checked = safe_url(url)
        if checked is not None:
            hosts.append(urlsplit(checked).netloc)
    return hosts


def prepare_static_layers(
    *,
    display_layers: Mapping[str, gpd.GeoDataFrame],
    possible_zones: gpd.GeoDataFrame | None,
    land_events: gpd.GeoDataFrame | None = None,
) -> dict[str, str]:
    """Turn ``geo.data.load_display_layers()`` and the possible zones into GeoJSON text.

    Parameters
    ----------
    display_layers : Mapping of str to GeoDataFrame
        Keys ``land``, ``zones`` and ``boundary_lines`` as documented in ``geo.data``.
    possible_zones : GeoDataFrame or None
        ``events.load.load_possible_zones()``; ``None`` leaves the layer out.
    land_events : GeoDataFrame or None
        ``events.land.load_land_events()``; ``None`` leaves the layer out.

    Returns
    -------
    dict of str to str
        Layer name (from :mod:`mapview.style`) to GeoJSON text whose features carry
        an escaped ``label_html`` property.

    """
    land = display_layers["land"]
    zones = display_layers["zones"]
    lines = display_layers["boundary_lines"]
    state = _column(zones, "state")
    zone = _column(zones, "zone")
    disputed = _column(zones, "disputed").fillna(False).astype(bool)
    # Disputed land (Guayana Esequiba) is drawn with the disputed waters.
    land_disputed = _column(land, "disputed").fillna(False).astype(bool)
    disputed_areas = pd.concat([zones[disputed], land[land_disputed]], ignore_index=True)
    is_venezuela = state == VENEZUELA

    def is_zone(name: ModelledZone) -> pd.Series:
        return zone == name

    layers = {
        style.LAYER_LAND: _labelled(
            land, [f"Land: {escape_text(value)}" for value in _column(land, "state")]
        ),
        style.LAYER_INTERNAL_WATERS: _zone_layer(zones, is_venezuela & is_zone("internal_waters")),
        style.LAYER_TERRITORIAL_SEA: _zone_layer(zones, is_venezuela & is_zone("territorial_sea")),
        style.LAYER_CONTIGUOUS_ZONE: _zone_layer(zones, is_venezuela & is_zone("contiguous_zone")),
        style.LAYER_NEIGHBOUR_SEAS: _zone_layer(zones, ~is_venezuela & is_zone("territorial_sea")),
        style.LAYER_DISPUTED: _zone_layer(
            disputed_areas, pd.Series(True, index=disputed_areas.index)
        ),
        style.LAYER_BOUNDARY_LINES: _labelled(
            lines,
            [_line_label_html(row) for row in lines.to_dict("records")],
            {"kind": [str(value) for value in _column(lines, "kind")]},
        ),
    }
    if possible_zones is not None and len(possible_zones) > 0:
        # An option with no area (e.g. "any country") is listed in the table, not drawn.
        drawable = possible_zones[possible_zones.geometry.notna()]
        # Display only: a whole country's land (Natural Earth 10 m) would weigh on the page.
        drawable = drawable.set_geometry(
            drawable.geometry.simplify(_ZONE_DISPLAY_TOLERANCE_DEG, preserve_topology=True)
        )
        layers[style.LAYER_POSSIBLE_ZONES] = _labelled(
            drawable, [_possible_zone_label_html(row) for row in drawable.to_dict("records")]
        )
    if land_events is not None and len(land_events) > 0:
        features = land_event_features(land_events=land_events)
        layers[style.LAYER_LAND_EVENTS] = _labelled(
            features.drop(columns=["label_html", "kind"]),
            list(features["label_html"]),
            {"kind": list(features["kind"])},
        )
    return layers
