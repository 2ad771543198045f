"""The fixed layers (land, zones, lines, possible strike zones, land events) as GeoJSON text.

They do not depend on the filters, so the dashboard prepares them once per
process and every rerun draws the same JavaScript: the map iframe is never
reloaded by a filter change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd

from common.geojson import geojson_text
from events.context import ZoneStatus
from geo.constants import VENEZUELA, ModelledZone
from geo.names import zone_phrase
from mapview import style
from mapview.display import COORDINATE_DECIMALS, frame_to_geojson
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
    frame: gpd.GeoDataFrame,
    labels: list[object],
    extra: dict[str, list[object]] | None = None,
    *,
    decimals: int = COORDINATE_DECIMALS,
) -> str:
    properties: dict[str, list[object]] = {"label_html": labels, **(extra or {})}
    return geojson_text(frame_to_geojson(frame=frame, properties=properties, decimals=decimals))


def _zone_layer(
    zones: gpd.GeoDataFrame, mask: pd.Series, *, decimals: int = COORDINATE_DECIMALS
) -> str:
    subset = zones[mask.fillna(False).astype(bool)]
    labels: list[object] = [_zone_label_html(row) for row in subset.to_dict("records")]
    # ``kind`` (the zone) styles each state's internal waters, sea and contiguous zone apart;
    # ``state`` (ISO alpha-3 code) lets users and tests find a state's features.
    extra: dict[str, list[object]] = {
        "kind": [str(value) for value in _column(subset, "zone")],
        "state": [value if isinstance(value, str) else None for value in _column(subset, "state")],
    }
    return _labelled(subset, labels, extra, decimals=decimals)


_LINE_KIND_WORDS = {
    "treaty": "Treaty line",
    "treaty_not_applied": "Treaty line, not applied",
    "median": "Median line",
}


def _line_label_html(row: Mapping[str, Any]) -> str:
    kind = _LINE_KIND_WORDS.get(str(row.get("kind")), "Median line")
    text = f"{kind}: {escape_text(row.get('name'))}"
    label = row.get("label")
    if isinstance(label, str) and label.strip():
        text += f"<br>{escape_text(label)}"
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


#: The coarse copy of land, zones and lines every visitor receives below zoom 6 (where a pixel
#: is 4.9 km or more): simplified to about 3 km and rounded to 0.01° (1.1 km).
COARSE_TOLERANCE_DEG: Final = 0.03
COARSE_DECIMALS: Final = 2
_DISPLAY_KEYS: Final = ("land", "zones", "boundary_lines")


def coarse_display_layers(
    display_layers: Mapping[str, gpd.GeoDataFrame], *, tolerance_deg: float = COARSE_TOLERANCE_DEG
) -> dict[str, gpd.GeoDataFrame]:
    """Simplify the display layers further for the low-zoom map.

    Parameters
    ----------
    display_layers : Mapping of str to GeoDataFrame
        ``geo.data.load_display_layers()`` (keys ``land``, ``zones``, ``boundary_lines``).
    tolerance_deg : float
        Douglas-Peucker tolerance in degrees (topology kept, so no polygon vanishes or
        crosses itself).

    Returns
    -------
    dict of str to GeoDataFrame
        The same frames and columns with simpler geometry.

    """
    coarse: dict[str, gpd.GeoDataFrame] = {}
    for key in _DISPLAY_KEYS:
        frame = display_layers[key]
        coarse[key] = frame.set_geometry(
            frame.geometry.simplify(tolerance_deg, preserve_topology=True)
        )
    return coarse


def prepare_static_layers(
    *,
    display_layers: Mapping[str, gpd.GeoDataFrame],
    possible_zones: gpd.GeoDataFrame | None,
    land_events: gpd.GeoDataFrame | None = None,
    decimals: int = COORDINATE_DECIMALS,
) -> dict[str, str]:
    """Turn ``geo.data.load_display_layers()`` and the possible zones into GeoJSON text.

    Parameters
    ----------
    display_layers : Mapping of str to GeoDataFrame
        Keys ``land``, ``zones`` and ``boundary_lines`` as documented in ``geo.data``
        (or their :func:`coarse_display_layers`).
    possible_zones : GeoDataFrame or None
        ``events.load.load_possible_zones()``; ``None`` leaves the layer out.
    land_events : GeoDataFrame or None
        ``events.land.load_land_events()``; ``None`` leaves the layer out.
    decimals : int
        Decimal places of the land, zone and line coordinates.

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

    # Every other state's internal waters, territorial sea and contiguous zone (not the EEZ:
    # it would double the page for a fill that says little at the map's scale).
    near_shore = (
        is_zone("internal_waters") | is_zone("territorial_sea") | is_zone("contiguous_zone")
    )
    layers = {
        style.LAYER_LAND: _labelled(
            land,
            [f"Land: {escape_text(value)}" for value in _column(land, "state")],
            decimals=decimals,
        ),
        style.LAYER_INTERNAL_WATERS: _zone_layer(
            zones, is_venezuela & is_zone("internal_waters"), decimals=decimals
        ),
        style.LAYER_TERRITORIAL_SEA: _zone_layer(
            zones, is_venezuela & is_zone("territorial_sea"), decimals=decimals
        ),
        style.LAYER_CONTIGUOUS_ZONE: _zone_layer(
            zones, is_venezuela & is_zone("contiguous_zone"), decimals=decimals
        ),
        style.LAYER_NEIGHBOUR_SEAS: _zone_layer(
            zones, ~is_venezuela & state.notna() & near_shore, decimals=decimals
        ),
        style.LAYER_DISPUTED: _zone_layer(
            disputed_areas, pd.Series(True, index=disputed_areas.index), decimals=decimals
        ),
        style.LAYER_BOUNDARY_LINES: _labelled(
            lines,
            [_line_label_html(row) for row in lines.to_dict("records")],
            {"kind": [str(value) for value in _column(lines, "kind")]},
            decimals=decimals,
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
