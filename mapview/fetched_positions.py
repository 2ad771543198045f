"""Strike positions the map fetches as data: an upload of thousands of rows.

As a folium layer every marker, popup and area is script, and streamlit-folium sends the whole
script again whenever any layer changes (a filter, a point check): about 6 MB per 1,000
uploaded rows with uncertainty areas. Here the rows are written once as JSON data
(:func:`position_layer_json`, published by :func:`mapview.layer_files.publish_session_layer`)
and a small script (:class:`FetchedPositions`) fetches and draws them: the same markers,
popups, tooltips and areas as :func:`mapview.strikes.build_position_group`, from the same
:func:`mapview.strikes.position_items`. Text reaches the page only as JSON data, and popups and
tooltips only as HTML escaped in Python.
"""

from __future__ import annotations

import json

import geopandas as gpd
from branca.element import MacroElement
from folium.template import Template

from common.crs import WGS84
from mapview.display import frame_to_geojson
from mapview.js_data import script_safe_json
from mapview.strikes import (
    POPUP_MAX_WIDTH_PX,
    marker_style,
    position_items,
    uncertainty_area_style,
)


def position_layer_json(*, strikes: gpd.GeoDataFrame, color: str, class_name: str) -> str:
    """The strikes' markers and uncertainty areas as JSON data for :class:`FetchedPositions`.

    Parameters
    ----------
    strikes : geopandas.GeoDataFrame
        Strike rows (an upload's accepted rows, with their verdicts).
    color : str
        Marker and area colour.
    class_name : str
        CSS class of each marker's SVG path.

    Returns
    -------
    str
        JSON: ``markerStyle``, ``areaStyle``, ``markers`` (position, popup and tooltip HTML,
        own options) and ``areas`` (a GeoJSON FeatureCollection of coordinates only).

    """
    items = position_items(strikes)
    areas = [item.area for item in items if item.area is not None]
    data = {
        "markerStyle": marker_style(color=color, class_name=class_name),
        "areaStyle": uncertainty_area_style(color),
        "markers": [
            {
                "latLng": list(item.marker),
                "popup": item.popup_html,
                "tooltip": item.tooltip_html,
                "options": item.marker_options,
            }
            for item in items
            if item.marker is not None
        ],
        "areas": frame_to_geojson(frame=gpd.GeoDataFrame(geometry=areas, crs=WGS84)),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class FetchedPositions(MacroElement):  # type: ignore[misc]
    """Fetch a layer of strike positions (:func:`position_layer_json`) into its group."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group, url, popupOptions) {
            fetch(url).then(function (response) {
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.json();
            }).then(function (data) {
                L.geoJson(data.areas, {
                    pane: data.areaStyle.pane,
                    interactive: false,
                    style: function () { return data.areaStyle; }
                }).addTo(group);
                data.markers.forEach(function (item) {
                    var marker = L.circleMarker(
                        item.latLng, Object.assign({}, data.markerStyle, item.options));
                    // Escaped in Python (mapview.popups): set as HTML, never run.
                    marker.bindPopup(L.popup(popupOptions).setContent(item.popup));
                    // Before it joins the map: the map tools read it for screen readers.
                    marker.bindTooltip(item.tooltip, {sticky: true});
                    group.addLayer(marker);
                });
                window.fetchedPositionLayers = (window.fetchedPositionLayers || 0) + 1;
            }).catch(function (error) {
                console.error("strike positions " + url + ": " + error);
            });
        })({{ this._parent.get_name() }}, {{ this.url_json }}, {{ this.popup_json }});
        {% endmacro %}
        """
    )

    def __init__(self, *, url: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "FetchedPositions"
        self.url_json = script_safe_json(json.dumps(url))
        self.popup_json = script_safe_json(json.dumps({"maxWidth": POPUP_MAX_WIDTH_PX}))
