"""The fixed base map: local Leaflet assets, fixed layers, legend and OSM credit.

Everything here is identical on every rerun (no random ids, no filtered data):
streamlit-folium keys its iframe on the map's JavaScript, so a fixed base map is
what keeps the view and avoids flicker. Filtered layers go through
``feature_group_to_add`` instead (see :mod:`mapview.strikes`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from jinja2 import Template
from shapely.geometry.base import BaseGeometry

from mapview import assets, style
from mapview.js_data import script_safe_json
from mapview.map_tools import MAP_TOOLS_CSS, MapTools, PlaceLabels, place_labels

_Style = dict[str, Any]
#: (south, west, north, east) in degrees.
Bounds = tuple[float, float, float, float]
#: ((lat, lon), zoom): a map view.
View = tuple[tuple[float, float], int]


def _area_style(*, color: str, fill_opacity: float, weight: float = 1, **extra: Any) -> _Style:
    return {
        "color": color,
        "weight": weight,
        "fillColor": color,
        "fillOpacity": fill_opacity,
        **extra,
    }


# Fixed layers are drawn in panes above the tiles (200) and below the strikes (overlay, 400).
_FIRST_FIXED_PANE_Z: Final = 300

# Drawing order follows this list: broad areas first, lines and options on top. Each layer maps
# a feature's ``kind`` property to a style, with ``default`` for the rest.
_LAYER_STYLES: Final[list[tuple[str, dict[str, _Style]]]] = [
    (
        style.LAYER_CONTIGUOUS_ZONE,
        {"default": _area_style(color=style.COLOR_CONTIGUOUS_ZONE, fill_opacity=0.25)},
    ),
    (
        style.LAYER_TERRITORIAL_SEA,
        {"default": _area_style(color=style.COLOR_TERRITORIAL_SEA, fill_opacity=0.3)},
    ),
    (
        style.LAYER_INTERNAL_WATERS,
        {"default": _area_style(color=style.COLOR_INTERNAL_WATERS, fill_opacity=0.35)},
    ),
    (
        style.LAYER_NEIGHBOUR_SEAS,
        {
            "internal_waters": _area_style(
                color=style.COLOR_NEIGHBOUR_INTERNAL_WATERS, fill_opacity=0.3
            ),
            "contiguous_zone": _area_style(
                color=style.COLOR_NEIGHBOUR_CONTIGUOUS_ZONE, fill_opacity=0.2, weight=0.6
            ),
            "default": _area_style(color=style.COLOR_NEIGHBOUR_SEAS, fill_opacity=0.25),
        },
    ),
    (
        style.LAYER_LAND,
        {
            "default": {
                "color": style.COLOR_LAND_EDGE,
                "weight": 0.6,
                "fillColor": style.COLOR_LAND,
                "fillOpacity": 1.0,
            }
        },
    ),
    (
        style.LAYER_DISPUTED,
        # No pattern plugin offline: a dashed magenta outline over a light magenta fill
        # keeps disputed areas distinct from every other zone colour.
        {
            "default": _area_style(
                color=style.COLOR_DISPUTED, fill_opacity=0.15, weight=2, dashArray="4 4"
            )
        },
    ),
    (
        style.LAYER_BOUNDARY_LINES,
        {
            "treaty": {"color": style.COLOR_TREATY_LINE, "weight": 2.5, "opacity": 0.9},
            "treaty_not_applied": {
                "color": style.COLOR_TREATY_NOT_APPLIED,
                "weight": 2,
                "opacity": 0.8,
                "dashArray": "1 5",
            },
            "default": {
                "color": style.COLOR_MEDIAN_LINE,
                "weight": 2,
                "opacity": 0.9,
                "dashArray": "6 4",
            },
        },
    ),
    (
        style.LAYER_POSSIBLE_ZONES,
        {
            "default": _area_style(
                color=style.COLOR_POSSIBLE_ZONES, fill_opacity=0.08, weight=2, dashArray="2 6"
            )
        },
    ),
    (
        style.LAYER_LAND_EVENTS,
        {
            # A whole state's land says only "somewhere here": light, so the zones show.
            "area": _area_style(color=style.COLOR_LAND_EVENT, fill_opacity=0.06),
            "default": _area_style(
                color=style.COLOR_LAND_EVENT, fill_opacity=0.2, weight=2, dashArray="3 3"
            ),
        },
    ),
]


class _FetchedGeoJson(Layer):  # type: ignore[misc]
    """A GeoJSON layer whose data the browser fetches from static files.

    Each layer has its own map pane, stacked in drawing order, so the result does not depend
    on which file arrives first; the panes sit below Leaflet's overlay pane, where the strike
    layers are drawn. The coarse file is fetched at once; a layer with a finer file fetches it
    (once) when the map is zoomed in to ``fine_min_zoom`` and swaps back to the coarse data when
    zoomed out. URLs and styles reach the script as JSON data.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.createPane({{ this.pane|tojson }}).style.zIndex =
            {{ this.z_index }};
        var {{ this.get_name() }} = L.geoJson(null, {
            pane: {{ this.pane|tojson }},
            layerName: {{ this.layer_name|tojson }},
            // Canvas draws thousands of coast vertices faster than SVG; strikes stay SVG.
            renderer: L.canvas({pane: {{ this.pane|tojson }}}),
            style: function (feature) {
                var styles = {{ this.styles_json }};
                return styles[(feature.properties || {}).kind] || styles["default"];
            },
            onEachFeature: function (feature, layer) {
                // label_html was escaped in Python (mapview.static_layers).
                layer.bindTooltip(feature.properties.label_html, {sticky: true});
            }
        });
        (function (layer, map, files) {
            var data = {coarse: null, fine: null};
            var shown = null, fineRequested = false;
            function fetchJson(url) {
                return fetch(url).then(function (response) {
                    if (!response.ok) { throw new Error("HTTP " + response.status); }
                    return response.json();
                });
            }
            function fail(error) {
                console.error("layer " + files.name + ": " + error);
            }
            function update() {
                var wantFine = files.fine !== null && map.getZoom() >= files.fineMinZoom;
                if (wantFine && !fineRequested) {
                    fineRequested = true;
                    fetchJson(files.fine).then(function (json) {
                        data.fine = json;
                        window.fineLayersLoaded = (window.fineLayersLoaded || 0) + 1;
                        update();
                    }).catch(fail);
                }
                var which = wantFine && data.fine !== null ? "fine" : "coarse";
                if (data[which] === null || shown === which) { return; }
                layer.clearLayers();
                layer.addData(data[which]);
                shown = which;
                layer.fire("datachange", {resolution: which});
            }
            // The standalone export carries its data inline (no server to fetch from).
            (files.coarseData ? Promise.resolve(files.coarseData) : fetchJson(files.coarse))
            .then(function (json) {
                data.coarse = json;
                update();
                window.staticLayersLoaded = (window.staticLayersLoaded || 0) + 1;
            }).catch(fail);
            map.on("zoomend", update);
        })({{ this.get_name() }}, {{ this._parent.get_name() }}, {{ this.files_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        name: str,
        url: str,
        fine_url: str | None,
        styles: dict[str, _Style],
        z_index: int,
        show: bool,
        inline_text: str | None = None,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FetchedGeoJson"
        self.pane = f"fixed-{z_index}"
        self.z_index = z_index
        self.styles_json = script_safe_json(json.dumps(styles, sort_keys=True))
        files: dict[str, Any] = {
            "name": name,
            "coarse": url,
            "fine": fine_url,
            "fineMinZoom": style.FINE_LAYERS_MIN_ZOOM,
        }
        if inline_text is not None:
            files["coarseData"] = json.loads(inline_text)
        self.files_json = script_safe_json(json.dumps(files, sort_keys=True))


class _OpeningView(MacroElement):  # type: ignore[misc]
    """Open the map on bounds (no closer than a maximum zoom) or on a link's centre and zoom."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {% if this.view is none %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds_json }}, {{ this.options_json }});
        {% else %}
        {{ this._parent.get_name() }}.setView({{ this.centre_json }}, {{ this.view[1] }});
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, *, bounds: Bounds, view: View | None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "OpeningView"
        south, west, north, east = bounds
        self.bounds_json = json.dumps([[south, west], [north, east]])
        self.options_json = json.dumps({"maxZoom": style.MAP_FIT_MAX_ZOOM})
        self.view = None if view is None else (view[0], int(view[1]))
        self.centre_json = "" if view is None else json.dumps([float(c) for c in view[0]])


def opening_bounds(*, geometries: Iterable[BaseGeometry | None]) -> Bounds:
    """The opening view: the selected strikes' positions and areas, with a margin.

    Parameters
    ----------
    geometries : iterable of shapely geometries (lon/lat) or None
        The selected strikes' geometry (uncertainty areas, points, reporting areas).

    Returns
    -------
    tuple of float
        (south, west, north, east) in degrees, rounded to 0.01°; the modelled region
        (:data:`mapview.style.MAP_FALLBACK_BOUNDS`) when no geometry is given.

    """
    boxes = [g.bounds for g in geometries if g is not None and not g.is_empty]
    if not boxes:
        return style.MAP_FALLBACK_BOUNDS
    margin = style.MAP_FIT_MARGIN_DEG
    west = max(min(b[0] for b in boxes) - margin, -180.0)
    south = max(min(b[1] for b in boxes) - margin, -85.0)
    east = min(max(b[2] for b in boxes) + margin, 180.0)
    north = min(max(b[3] for b in boxes) + margin, 85.0)
    return (round(south, 2), round(west, 2), round(north, 2), round(east, 2))


_TOOLTIP_CSS: Final = (
    "<style>.leaflet-tooltip{white-space:normal;width:max-content;max-width:340px;}"
    ".leaflet-popup-content{max-height:360px;overflow-y:auto;}</style>"
)


class _MapSetup(MacroElement):  # type: ignore[misc]
    """Leaflet settings folium has no option for: image path and permanent OSM credit."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        window.staticLayersExpected = {{ this.fixed_layer_count }};
        window.fineLayersExpected = {{ this.fine_layer_count }};
        var attribution = {{ this._parent.get_name() }}.attributionControl;
        attribution.setPrefix(false);
        attribution.addAttribution({{ this.attribution|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        image_path: str,
        attribution_html: str,
        fixed_layer_count: int,
        fine_layer_count: int,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "MapSetup"
        self.fixed_layer_count = fixed_layer_count
        self.fine_layer_count = fine_layer_count
        self.image_path = image_path
        self.attribution = attribution_html


class _Legend(MacroElement):  # type: ignore[misc]
    """A fixed legend control (static HTML, no data text)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var legend = L.control({position: "bottomleft"});
          legend.onAdd = function () {
            var div = L.DomUtil.create("div", "map-legend");
            div.innerHTML = {{ this.legend_html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, *, legend_html: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "Legend"
        self.legend_html = legend_html


def _swatch(*, color: str, label: str, dashed: bool = False, round_marker: bool = False) -> str:
    border = "dashed" if dashed else "solid"
    radius = "50%" if round_marker else "2px"
    return (
        "<div style='display:flex;align-items:center;gap:6px;margin:1px 0'>"
        f"<span style='display:inline-block;width:12px;height:10px;background:{color}66;"
        f"border:2px {border} {color};border-radius:{radius}'></span>{label}</div>"
    )


#: (colour, label, dashed, round marker) of each legend entry, top to bottom.
_LEGEND_ITEMS: Final = (
    (style.COLOR_LAND_EDGE, "Land", False, False),
    (style.COLOR_INTERNAL_WATERS, "Venezuela: internal waters", False, False),
    (style.COLOR_TERRITORIAL_SEA, "Venezuela: territorial sea (12 nm)", False, False),
    (style.COLOR_CONTIGUOUS_ZONE, "Venezuela: contiguous zone (24 nm)", False, False),
    (
        style.COLOR_NEIGHBOUR_SEAS,
        "Other states: territorial sea (darker: internal waters, lighter: contiguous)",
        False,
        False,
    ),
    (style.COLOR_DISPUTED, "Disputed area", True, False),
    (style.COLOR_TREATY_LINE, "Treaty line", False, False),
    (style.COLOR_MEDIAN_LINE, "Median line", True, False),
    (style.COLOR_TREATY_NOT_APPLIED, "Treaty line, not applied", True, False),
    (style.COLOR_POSSIBLE_ZONES, "Possible strike zone (option)", True, False),
    (style.COLOR_STRIKE, "Strike: position ± uncertainty", False, True),
    (
        style.AREA_COUNT_COLORS[-1],
        "Reporting area of strikes known only by region (outline; label = strikes)",
        True,
        False,
    ),
    (
        style.COLOR_LAND_EVENT,
        "Land/port strike or joint operation (not a boat strike)",
        True,
        False,
    ),
    (style.COLOR_UPLOAD, "Your upload", False, True),
)


def legend_items() -> list[tuple[str, str]]:
    """The legend as (colour, label) pairs, for the PNG export.

    Returns
    -------
    list of (str, str)
        Colour and label of each entry, top to bottom.

    """
    return [(color, label) for color, label, _, _ in _LEGEND_ITEMS]


def legend_html() -> str:
    """Build the legend's HTML (fixed text, no data).

    Returns
    -------
    str
        HTML for the legend control.

    """
    items = [
        _swatch(color=color, label=label, dashed=dashed, round_marker=round_marker)
        for color, label, dashed, round_marker in _LEGEND_ITEMS
    ]
    return (
        "<details open style='background:rgba(255,255,255,0.92);padding:4px 8px;"
        "border-radius:4px;font:11px/1.25 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,0.3)'>"
        f"<summary style='cursor:pointer;font-weight:bold'>Legend</summary>{''.join(items)}"
        "</details>"
    )


#: Credits under the exported PNG (the map's own attribution, as plain text).
EXPORT_CREDITS: Final = (
    "Land: © OpenStreetMap contributors (ODbL). Zones: computed geodesically by this project.",
    "Strikes: approximate positions as reported; see the sources linked in the strike table.",
)


def build_base_map(
    *,
    layer_urls: Mapping[str, str],
    fine_layer_urls: Mapping[str, str] | None = None,
    bounds: Bounds = style.MAP_FALLBACK_BOUNDS,
    view: View | None = None,
    hidden_layers: Sequence[str] = style.LAYERS_HIDDEN_BY_DEFAULT,
    session_key: str = "",
    inline_layers: Mapping[str, str] | None = None,
) -> folium.Map:
    """Build the fixed map with local assets, fixed layers, tools, legend and OSM credit.

    Parameters
    ----------
    layer_urls : Mapping of str to str
        Layer name to the URL of its (coarse) GeoJSON file, from
        :func:`mapview.layer_files.publish_layer_files`; layers not listed are left out.
    fine_layer_urls : Mapping of str to str, optional
        Layer name to the URL of a finer copy, fetched once the map is zoomed in to
        :data:`mapview.style.FINE_LAYERS_MIN_ZOOM`.
    bounds : tuple of float
        The opening view (:func:`opening_bounds`); keep it fixed for a session, since a
        different script reloads the map iframe.
    view : ((lat, lon), zoom), optional
        Open on this centre and zoom instead of fitting ``bounds`` (a shared link's view).
    hidden_layers : sequence of str
        Layer names hidden when the map opens (the online tiles by default); the map
        remembers what the user hides or shows afterwards.
    session_key : str
        Names the browser-tab storage of hidden layers, so a new session starts afresh.
    inline_layers : Mapping of str to str, optional
        Layer name to GeoJSON text carried inside the page instead of fetched (the
        standalone HTML export, which has no server).

    Returns
    -------
    folium.Map
        A new map (streamlit-folium mutates maps, so build one per rerun).

    """
    base_map = folium.Map(
        location=list(style.MAP_CENTER_LAT_LON),
        zoom_start=style.MAP_ZOOM_START,
        tiles=None,
        control_scale=True,
        min_zoom=style.MAP_MIN_ZOOM,
        max_zoom=style.MAP_MAX_ZOOM,
    )
    base_map.default_js = list(assets.LOCAL_JS)
    base_map.default_css = list(assets.LOCAL_CSS)
    # First, so its layeradd hook sees every layer added after it.
    MapTools(
        session_key=session_key,
        hidden_layers=hidden_layers,
        legend_items=legend_items(),
        credits=EXPORT_CREDITS,
    ).add_to(base_map)
    osm = folium.TileLayer(
        tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attr=style.OSM_ATTRIBUTION_HTML,
        name=style.LAYER_OSM,
        overlay=True,
        control=True,
        # Offline-first: off unless asked for, so a new visitor's page requests no tiles.
        show=style.LAYER_OSM not in hidden_layers,
        max_zoom=style.MAP_MAX_ZOOM,
    )
    osm.options["layerName"] = style.LAYER_OSM
    osm.add_to(base_map)
    drawn = [(name, styles) for name, styles in _LAYER_STYLES if name in layer_urls]
    for index, (name, styles) in enumerate(drawn):
        _FetchedGeoJson(
            name=name,
            url=layer_urls[name],
            fine_url=(fine_layer_urls or {}).get(name),
            styles=styles,
            z_index=_FIRST_FIXED_PANE_Z + index,
            show=True,
            inline_text=(inline_layers or {}).get(name),
        ).add_to(base_map)
    PlaceLabels(places=place_labels(), show=True).add_to(base_map)
    _MapSetup(
        image_path=assets.LEAFLET_IMAGES_URL,
        attribution_html=style.OSM_ATTRIBUTION_HTML,
        fixed_layer_count=len(drawn),
        fine_layer_count=sum(1 for name, _ in drawn if name in (fine_layer_urls or {})),
    ).add_to(base_map)
    _Legend(legend_html=legend_html()).add_to(base_map)
    _OpeningView(bounds=bounds, view=view).add_to(base_map)
    # Leaflet tooltips never wrap by default; zone notes and places are long sentences.
    figure = base_map.get_root()
    assert isinstance(figure, Figure)
    figure.header.add_child(Element(_TOOLTIP_CSS), name="map_tooltip_css")
    figure.header.add_child(Element(MAP_TOOLS_CSS), name="map_tools_css")
    return base_map
