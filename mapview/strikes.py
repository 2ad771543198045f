"""Strike layers for the current filter: positions with uncertainty, and reporting areas.

A strike whose source states its position as a sentence (``position_reported``) is drawn as
the area that sentence stands for (:mod:`events.reported`, built geodesically by ``geo/``)
instead of its recorded uncertainty circle, with its marker at the record's representative
point; a region-only strike with a sentence (S047) gets its area but no marker (the record
holds no point, and none is invented), and stays in its shaded reporting area.

These change with the filters, so they are passed to streamlit-folium through
``feature_group_to_add`` (never added to the fixed base map).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import folium
import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from common.crs import WGS84
from events.reported import position_reported_text, reported_areas
from events.schema import LocationPrecision
from mapview import style
from mapview.display import frame_to_geojson
from mapview.js_data import DataPopup, DataTooltip
from mapview.map_tools import named_group
from mapview.popups import area_popup_html, escape_text, strike_popup_html
from mapview.shapes import add_polygon

REGION_ONLY: Final[LocationPrecision] = "region-only"
#: Strike areas (uncertainty circles, reported areas, reporting areas) never take a click: a
#: click there runs the point check; details open from the marker or the area's label.
_SAFE_KEY: Final = re.compile(r"[A-Za-z0-9_-]{1,32}")
_PASSIVE_AREA: Final[dict[str, Any]] = {"interactive": False, "pane": style.PANE_STRIKE_UNCERTAINTY}
#: Popup width of strike markers and area labels (also the fetched layers').
POPUP_MAX_WIDTH_PX: Final = 360
_AREA_KEY_COLUMNS: Final = ("area_id", "reporting_area", "id", "name")


def _has_position(row: Mapping[str, Any]) -> bool:
    latitude, longitude = row.get("latitude"), row.get("longitude")
    return bool(
        latitude is not None
        and longitude is not None
        and pd.notna(latitude)
        and pd.notna(longitude)
    )


def is_region_only(row: Mapping[str, Any]) -> bool:
    """Tell whether a strike is known only by its reporting area.

    Parameters
    ----------
    row : Mapping
        A strike row.

    Returns
    -------
    bool
        ``True`` when the precision is region-only or there is no position.

    """
    return row.get("location_precision") == REGION_ONLY or not _has_position(row)


_TOOLTIP_PLACE_CHARS: Final = 60


def _tooltip_html(row: Mapping[str, Any]) -> str:
    place = position_reported_text(row.get("position_reported")) or row.get("location_text")
    place_text = str(place) if isinstance(place, str) else ""
    if len(place_text) > _TOOLTIP_PLACE_CHARS:
        place_text = place_text[: _TOOLTIP_PLACE_CHARS - 1] + "…"
    parts = [escape_text(row.get("id")), escape_text(row.get("date"))]
    if place_text:
        parts.append(escape_text(place_text))
    parts.append(f"{escape_text(row.get('deaths'))} killed")
    return " · ".join(parts)


@lru_cache(maxsize=256)
def _area_geojson_text(wkb: bytes) -> str:
    """A reported area as GeoJSON text, converted once per process and area.

    Kept as text: folium may add to the dictionary it is given, so each layer parses its own.
    """
    geometry = shapely.from_wkb(wkb)
    return json.dumps(frame_to_geojson(frame=gpd.GeoDataFrame(geometry=[geometry], crs=WGS84)))


def uncertainty_area_style(color: str) -> dict[str, Any]:
    """Leaflet path options of a strike's uncertainty area (circle or reported area).

    Parameters
    ----------
    color : str
        The layer's colour.

    Returns
    -------
    dict
        Dashed outline, light fill, the uncertainty class; the area takes no click.

    """
    return {
        "color": color,
        "weight": 1,
        "dashArray": "3 3",
        "fillColor": color,
        "fillOpacity": 0.1,
        "className": style.CLASS_STRIKE_UNCERTAINTY,
        **_PASSIVE_AREA,
    }


def marker_style(*, color: str, class_name: str) -> dict[str, Any]:
    """Leaflet options of a strike marker (a circle marker of fixed size, above the areas).

    Parameters
    ----------
    color : str
        Fill colour.
    class_name : str
        CSS class of the marker's SVG path.

    Returns
    -------
    dict
        Style, pane and behaviour shared by every strike marker.

    """
    return {
        "radius": 6,
        "color": "#ffffff",
        "weight": 1.5,
        "fill": True,
        "fillColor": color,
        "fillOpacity": 0.95,
        "className": class_name,
        "pane": style.PANE_STRIKE_MARKERS,
        # A marker click opens its popup only, never the point check beneath it.
        "bubblingMouseEvents": False,
        # The map tools label the marker for screen readers from its tooltip's text.
        "ariaFromTooltip": True,
    }


@dataclass(frozen=True)
class PositionItem:
    """What the map draws for one strike with a position or a reported sentence.

    Attributes
    ----------
    area : shapely geometry or None
        The uncertainty area: the sentence's area, else the recorded circle.
    reported : bool
        ``area`` is a reported position's area (drawn as GeoJSON: it may be several parts).
    marker : (lat, lon) or None
        Where the marker sits; ``None`` for a region-only strike (its area only).
    popup_html, tooltip_html : str
        Escaped HTML for the marker.
    marker_options : dict
        The marker's own Leaflet options: ``strikeKey`` (plain ids only) and ``fanOut``.

    """

    area: BaseGeometry | None
    reported: bool
    marker: tuple[float, float] | None
    popup_html: str
    tooltip_html: str
    marker_options: dict[str, Any]


def position_items(strikes: gpd.GeoDataFrame) -> list[PositionItem]:
    """What to draw for each strike with a position, in the frame's order.

    Parameters
    ----------
    strikes : geopandas.GeoDataFrame
        Strike rows. A row with a ``position_reported`` sentence gets the sentence's area (and a
        marker at its recorded point, if any); other rows without a position are skipped, and
        the others get their ``geometry`` (the uncertainty circle built by ``events``,
        geodesic) when it is a polygon.

    Returns
    -------
    list of PositionItem
        One per positioned strike or sentence.

    """
    records = strikes.to_dict("records")
    # Strikes at one position are fanned out around it by the map tools (each stays clickable).
    colocated = Counter(
        (float(row["latitude"]), float(row["longitude"]))
        for row in records
        if not is_region_only(row)
    )
    fan_index: Counter[tuple[float, float]] = Counter()
    geometries: Sequence[BaseGeometry | None] = (
        list(strikes.geometry) if "geometry" in strikes else [None] * len(strikes)
    )
    items: list[PositionItem] = []
    for row, geometry, reported in zip(records, geometries, reported_areas(strikes), strict=True):
        if reported is None and is_region_only(row):
            continue
        area = reported.geometry if reported is not None else geometry
        if not isinstance(area, BaseGeometry) or area.is_empty:
            area = None
        elif reported is None and area.geom_type not in {"Polygon", "MultiPolygon"}:
            area = None  # an exact position: a point, no area
        marker: tuple[float, float] | None = None
        options: dict[str, Any] = {}
        if not is_region_only(row):
            marker = (float(row["latitude"]), float(row["longitude"]))
            if _SAFE_KEY.fullmatch(str(row.get("id"))):
                # Lets "Go to strike" find the marker; only ids of plain letters and digits.
                options["strikeKey"] = str(row["id"])
            if colocated[marker] > 1:
                options["fanOut"] = [fan_index[marker], colocated[marker]]
                fan_index[marker] += 1
        items.append(
            PositionItem(
                area=area,
                reported=reported is not None,
                marker=marker,
                popup_html=strike_popup_html(strike=row) if marker is not None else "",
                tooltip_html=_tooltip_html(row) if marker is not None else "",
                marker_options=options,
            )
        )
    return items


def _add_reported_area(*, group: folium.FeatureGroup, geometry: BaseGeometry, color: str) -> None:
    """Draw a reported position's area as a GeoJSON layer (a ring or sector may be several parts).

    The GeoJSON holds coordinates only. The area takes no click (its marker carries the popup
    and tooltip), so it carries neither: with thousands of uploaded rows they doubled the page.
    """
    if geometry.is_empty:
        return
    data = json.loads(_area_geojson_text(geometry.wkb))
    path_style = {
        key: value for key, value in uncertainty_area_style(color).items() if key != "pane"
    }
    layer = folium.GeoJson(data, style_function=lambda _feature: path_style, control=False)
    layer.options.update(_PASSIVE_AREA)
    layer.add_to(group)


def build_position_group(
    *, strikes: gpd.GeoDataFrame, name: str, color: str, class_name: str
) -> folium.FeatureGroup:
    """Draw strikes with a position: a marker plus its geodesic uncertainty area.

    Parameters
    ----------
    strikes : geopandas.GeoDataFrame
        Strike rows. A row with a ``position_reported`` sentence is drawn as the sentence's
        area (and a marker at its recorded point, if any); other rows without a position are
        skipped, and the others get their ``geometry`` (the uncertainty circle built by
        ``events``, geodesic) when present.
    name : str
        Layer name shown in the layer control.
    color : str
        Marker and circle colour.
    class_name : str
        CSS class of each marker's SVG path (the uncertainty area gets
        :data:`mapview.style.CLASS_STRIKE_UNCERTAINTY`).

    Returns
    -------
    folium.FeatureGroup
        One marker per positioned strike; one area per positioned strike or sentence.

    """
    group = named_group(name)
    for item in position_items(strikes):
        if item.area is not None and item.reported:
            _add_reported_area(group=group, geometry=item.area, color=color)
        elif item.area is not None:
            # Passive (no click, no hover): the marker carries the popup and tooltip.
            add_polygon(
                group=group,
                geometry=item.area,
                popup_html=None,
                tooltip_html=None,
                color=color,
                weight=1,
                dash_array="3 3",
                fill_color=color,
                fill_opacity=0.1,
                class_name=style.CLASS_STRIKE_UNCERTAINTY,
                leaflet_options=_PASSIVE_AREA,
            )
        if item.marker is None:
            continue
        marker = folium.CircleMarker(
            location=item.marker,
            popup=DataPopup(item.popup_html, max_width=POPUP_MAX_WIDTH_PX),
            tooltip=DataTooltip(item.tooltip_html),
        )
        marker.options.update(marker_style(color=color, class_name=class_name))
        marker.options.update(item.marker_options)
        marker.add_to(group)
    return group


def build_strike_groups(
    *, strikes: gpd.GeoDataFrame, reporting_areas: gpd.GeoDataFrame
) -> list[folium.FeatureGroup]:
    """The record's strike layers for a selection: positions, then reporting areas.

    Parameters
    ----------
    strikes : geopandas.GeoDataFrame
        The selected strikes.
    reporting_areas : geopandas.GeoDataFrame
        ``events.load.load_reporting_areas()``.

    Returns
    -------
    list of folium.FeatureGroup
        :func:`build_position_group` in the strike colour and :func:`build_area_group`.

    """
    return [
        build_position_group(
            strikes=strikes,
            name=style.LAYER_STRIKE_POSITIONS,
            color=style.COLOR_STRIKE,
            class_name=style.CLASS_STRIKE_MARKER,
        ),
        build_area_group(strikes=strikes, reporting_areas=reporting_areas),
    ]


def _area_key_column(areas: pd.DataFrame) -> str | None:
    return next((column for column in _AREA_KEY_COLUMNS if column in areas.columns), None)


def build_area_group(
    *, strikes: gpd.GeoDataFrame, reporting_areas: gpd.GeoDataFrame
) -> folium.FeatureGroup:
    """Shade each reporting area by the number of region-only strikes in the filter.

    Parameters
    ----------
    strikes : geopandas.GeoDataFrame
        Filtered strikes; only region-only rows are drawn here.
    reporting_areas : geopandas.GeoDataFrame
        ``events.load.load_reporting_areas()``; matched on the strike's
        ``reporting_area`` column.

    Returns
    -------
    folium.FeatureGroup
        One shaded polygon per reporting area that has strikes, with a popup listing them.

    """
    group = named_group(style.LAYER_STRIKE_AREAS)
    records = [row for row in strikes.to_dict("records") if is_region_only(row)]
    key_column = _area_key_column(reporting_areas)
    if not records or key_column is None:
        return group
    area_geometry = {
        str(key): geometry
        for key, geometry in zip(reporting_areas[key_column], reporting_areas.geometry, strict=True)
    }
    names = (
        reporting_areas["name"]
        if "name" in reporting_areas.columns
        else reporting_areas[key_column]
    )
    area_title = {
        str(key): name for key, name in zip(reporting_areas[key_column], names, strict=True)
    }
    by_area: dict[str, list[dict[str, Any]]] = {}
    for row in records:
        by_area.setdefault(str(row.get("reporting_area")), []).append(row)
    for area_key in sorted(by_area):
        area_strikes = sorted(by_area[area_key], key=lambda row: str(row.get("date")))
        geometry = area_geometry.get(area_key)
        area_name = area_title.get(area_key, area_key)
        count = len(area_strikes)
        fill = style.area_fill_color(strike_count=count)
        valid = shapely.make_valid(geometry) if geometry is not None else None
        popup_html = area_popup_html(area_name=area_name, strikes=area_strikes)
        tooltip_html = f"{escape_text(area_name)}: {count} strike(s), region only"
        add_polygon(
            group=group,
            geometry=valid,
            popup_html=None,
            tooltip_html=None,
            color=style.AREA_COUNT_COLORS[-1],
            weight=1.5,
            dash_array="5 4",
            fill_color=fill,
            # An outline only: areas overlap, so stacked fills would read as "darker = more"
            # and wash out the zones; the count is the label's.
            fill_opacity=0.0,
            class_name=style.CLASS_STRIKE_AREA,
            leaflet_options={"interactive": False, "pane": style.PANE_STRIKE_AREAS},
        )
        if valid is not None and not valid.is_empty:
            _add_area_label(
                group=group,
                geometry=valid,
                count=count,
                popup_html=popup_html,
                tooltip_html=tooltip_html,
            )
    return group


def area_label_point(geometry: BaseGeometry) -> BaseGeometry:
    """Where a reporting area's count label sits: a point inside the (valid) area.

    Parameters
    ----------
    geometry : shapely geometry
        The reporting area (lon/lat), already made valid.

    Returns
    -------
    shapely.Point
        ``representative_point()``: always inside, unlike the centroid.

    """
    return geometry.representative_point()


def fit_geometries(
    *, strikes: gpd.GeoDataFrame, reporting_areas: gpd.GeoDataFrame
) -> list[BaseGeometry | None]:
    """What the map fits to show a selection: what the user will look at.

    Parameters
    ----------
    strikes : geopandas.GeoDataFrame
        The selected strikes.
    reporting_areas : geopandas.GeoDataFrame
        ``events.load.load_reporting_areas()``.

    Returns
    -------
    list of shapely geometries
        Each positioned strike's geometry (its uncertainty area), and the count label of each
        reporting area holding region-only strikes: an area such as "Eastern Pacific,
        unspecified" spans the whole ocean and would always pull the view into the other one.

    """
    key_column = _area_key_column(reporting_areas)
    areas = (
        {}
        if key_column is None
        else {
            str(key): geometry
            for key, geometry in zip(
                reporting_areas[key_column], reporting_areas.geometry, strict=True
            )
        }
    )
    geometries: list[BaseGeometry | None] = []
    region_keys: set[str] = set()
    rows = strikes.to_dict("records")
    shapes = list(strikes.geometry) if "geometry" in strikes else [None] * len(rows)
    for row, geometry in zip(rows, shapes, strict=True):
        if is_region_only(row):
            region_keys.add(str(row.get("reporting_area")))
        else:
            geometries.append(geometry)
    for key in sorted(region_keys):
        area = areas.get(key)
        if area is not None and not area.is_empty:
            geometries.append(area_label_point(shapely.make_valid(area)))
    return geometries


def _add_area_label(
    *,
    group: folium.FeatureGroup,
    geometry: BaseGeometry,
    count: int,
    popup_html: str,
    tooltip_html: str,
) -> None:
    """The area's strike count as a clickable label that opens the area's details."""
    point = area_label_point(geometry)
    label = folium.Marker(
        location=(point.y, point.x),
        icon=folium.DivIcon(
            # A number and fixed words only: the area's name reaches the page as JSON data.
            html=f'<span role="button" aria-label="{count} strike(s) known only by this '
            f'reporting area">{count}</span>',
            class_name=style.CLASS_AREA_LABEL,
            icon_size=(24, 18),
            icon_anchor=(12, 9),
        ),
        popup=DataPopup(popup_html, max_width=POPUP_MAX_WIDTH_PX),
        tooltip=DataTooltip(tooltip_html),
    )
    label.options["pane"] = style.PANE_LABELS
    label.add_to(group)


def count_drawn_strikes(*, strikes: pd.DataFrame) -> dict[str, int]:
    """Count what the strike layers draw, for captions and tests.

    Parameters
    ----------
    strikes : pandas.DataFrame
        Filtered strikes.

    Returns
    -------
    dict of str to int
        ``positions`` (markers), ``region_only`` (strikes in areas) and ``areas``
        (distinct reporting areas shaded).

    """
    records = strikes.to_dict("records")
    region_only = [row for row in records if is_region_only(row)]
    return {
        "positions": len(records) - len(region_only),
        "region_only": len(region_only),
        "areas": len({str(row.get("reporting_area")) for row in region_only}),
    }
