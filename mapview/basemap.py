"""The fixed base map: local Leaflet assets, fixed layers, legend and OSM credit.

Everything here is identical on every rerun (no random ids, no filtered data):
streamlit-folium keys its iframe on the map's JavaScript, so a fixed base map is
what keeps the view and avoids flicker. Filtered layers go through
``feature_group_to_add`` instead (see :mod:`mapview.strikes`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from jinja2 import Template

from mapview import assets, style
from mapview.js_data import script_safe_json

_Style = dict[str, Any]


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
        {"default": _area_style(color=style.COLOR_NEIGHBOUR_SEAS, fill_opacity=0.25)},
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
    """A GeoJSON layer whose data the browser fetches from a static file.

    Each layer has its own map pane, stacked in drawing order, so the result does not depend
    on which file arrives first; the panes sit below Leaflet's overlay pane, where the strike
    layers are drawn.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.createPane({{ this.pane|tojson }}).style.zIndex =
            {{ this.z_index }};
        var {{ this.get_name() }} = L.geoJson(null, {
            pane: {{ this.pane|tojson }},
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
        fetch({{ this.url|tojson }})
            .then(function (response) {
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.json();
            })
            .then(function (data) {
                {{ this.get_name() }}.addData(data);
                window.staticLayersLoaded = (window.staticLayersLoaded || 0) + 1;
            })
            .catch(function (error) {
                console.error("layer " + {{ this.layer_name|tojson }} + ": " + error);
            });
        {% endmacro %}
        """
    )

    def __init__(
        self, *, name: str, url: str, styles: dict[str, _Style], z_index: int, show: bool
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FetchedGeoJson"
        self.url = url
        self.pane = f"fixed-{z_index}"
        self.z_index = z_index
        self.styles_json = script_safe_json(json.dumps(styles, sort_keys=True))


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
        var attribution = {{ this._parent.get_name() }}.attributionControl;
        attribution.setPrefix(false);
        attribution.addAttribution({{ this.attribution|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, *, image_path: str, attribution_html: str, fixed_layer_count: int) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "MapSetup"
        self.fixed_layer_count = fixed_layer_count
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


def legend_html() -> str:
    """Build the legend's HTML (fixed text, no data).

    Returns
    -------
    str
        HTML for the legend control.

    """
    items = [
        _swatch(color=style.COLOR_LAND_EDGE, label="Land"),
        _swatch(color=style.COLOR_INTERNAL_WATERS, label="Venezuela: internal waters"),
        _swatch(color=style.COLOR_TERRITORIAL_SEA, label="Venezuela: territorial sea (12 nm)"),
        _swatch(color=style.COLOR_CONTIGUOUS_ZONE, label="Venezuela: contiguous zone (24 nm)"),
        _swatch(color=style.COLOR_NEIGHBOUR_SEAS, label="Neighbours' territorial seas"),
        _swatch(color=style.COLOR_DISPUTED, label="Disputed area", dashed=True),
        _swatch(color=style.COLOR_TREATY_LINE, label="Treaty line"),
        _swatch(color=style.COLOR_MEDIAN_LINE, label="Median line", dashed=True),
        _swatch(
            color=style.COLOR_POSSIBLE_ZONES, label="Possible strike zone (option)", dashed=True
        ),
        _swatch(
            color=style.COLOR_STRIKE, label="Strike: position ± uncertainty", round_marker=True
        ),
        _swatch(
            color=style.AREA_COUNT_COLORS[3], label="Strikes by reporting area (darker = more)"
        ),
        _swatch(
            color=style.COLOR_LAND_EVENT,
            label="Land/port strike or joint operation (not a boat strike)",
            dashed=True,
        ),
        _swatch(color=style.COLOR_UPLOAD, label="Your upload", round_marker=True),
    ]
    return (
        "<details open style='background:rgba(255,255,255,0.92);padding:4px 8px;"
        "border-radius:4px;font:11px/1.25 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,0.3)'>"
        f"<summary style='cursor:pointer;font-weight:bold'>Legend</summary>{''.join(items)}"
        "</details>"
    )


def build_base_map(*, layer_urls: Mapping[str, str]) -> folium.Map:
    """Build the fixed map with local assets, fixed layers, legend and OSM credit.

    Parameters
    ----------
    layer_urls : Mapping of str to str
        Layer name to the URL of its GeoJSON file, from
        :func:`mapview.layer_files.publish_layer_files`; layers not listed are left out.

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
        min_zoom=3,
        max_zoom=13,
    )
    base_map.default_js = list(assets.LOCAL_JS)
    base_map.default_css = list(assets.LOCAL_CSS)
    folium.TileLayer(
        tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attr=style.OSM_ATTRIBUTION_HTML,
        name=style.LAYER_OSM,
        overlay=True,
        control=True,
        show=True,
        max_zoom=13,
    ).add_to(base_map)
    drawn = [(name, styles) for name, styles in _LAYER_STYLES if name in layer_urls]
    for index, (name, styles) in enumerate(drawn):
        _FetchedGeoJson(
            name=name,
            url=layer_urls[name],
            styles=styles,
            z_index=_FIRST_FIXED_PANE_Z + index,
            show=True,
        ).add_to(base_map)
    _MapSetup(
        image_path=assets.LEAFLET_IMAGES_URL,
        attribution_html=style.OSM_ATTRIBUTION_HTML,
        fixed_layer_count=len(drawn),
    ).add_to(base_map)
    _Legend(legend_html=legend_html()).add_to(base_map)
    # Leaflet tooltips never wrap by default; zone notes and places are long sentences.
    figure = base_map.get_root()
    assert isinstance(figure, Figure)
    figure.header.add_child(Element(_TOOLTIP_CSS), name="map_tooltip_css")
    return base_map
