"""Map behaviour Leaflet has no option for, and the place labels.

Panes, remembered layers, the view in the address, place labels, distance in nautical miles,
the cursor position and the PNG export.

Everything here belongs to the fixed base map (:func:`mapview.basemap.build_base_map`), so it
runs once per map iframe; the filtered layers that streamlit-folium swaps in on every rerun
(``feature_group_to_add``) are caught by its ``layeradd`` hook. Data and text reach the script
only as JSON (:func:`mapview.js_data.script_safe_json`); labels from data are set as
``textContent``, never as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Final

import folium
from branca.element import MacroElement
from folium.map import Layer
from jinja2 import Template

from geo.gazetteer import load_gazetteer
from mapview import style
from mapview.js_data import script_safe_json

#: Towns this populous or more are labelled (about 130 in the theatre); capitals are not
#: flagged in the gazetteer, and the largest towns are the ports and capitals people look for.
PLACE_MIN_POPULATION: Final = 300_000
#: Towns of a million or more show from the capitals' zoom.
_MAJOR_TOWN_POPULATION: Final = 1_000_000
_LABELLED_NAMED_KINDS: Final = frozenset({"island", "archipelago", "cape"})
#: Towns closer than this (in latitude and longitude) to a label already placed are left out.
_LABEL_SPACING_DEG: Final = 0.25
#: At the widest zooms, big towns closer than this to a bigger labelled one wait for zoom 6.
_MAJOR_SPACING_DEG: Final = 2.0
#: Mean Earth radius (IUGG), used by the measuring tool's great-circle formula.
EARTH_MEAN_RADIUS_M: Final = 6_371_008.8


@lru_cache(maxsize=1)
def place_labels() -> tuple[tuple[float, float, str, int], ...]:
    """Places to label on the map, from the project's own gazetteer.

    Returns
    -------
    tuple of (lat, lon, name, min_zoom)
        Towns of at least :data:`PLACE_MIN_POPULATION` inhabitants (GeoNames, CC BY 4.0) and the
        hand-kept islands, archipelagos and capes, each with the zoom from which it is shown.

    """
    zooms = style.PLACE_LABEL_MIN_ZOOM
    labels: list[tuple[float, float, str, int]] = []
    named = [p for p in load_gazetteer().by_id.values() if p.kind in _LABELLED_NAMED_KINDS]
    towns = sorted(
        (
            p
            for p in load_gazetteer().by_id.values()
            if p.kind == "town" and p.population >= PLACE_MIN_POPULATION
        ),
        key=lambda place: -place.population,
    )
    for place in [*named, *towns]:
        # One label per city: a district of a larger labelled town (Mexico City's boroughs)
        # would only overprint it.
        if place.kind == "town" and any(
            abs(place.lat - lat) < _LABEL_SPACING_DEG and abs(place.lon - lon) < _LABEL_SPACING_DEG
            for lat, lon, _, _ in labels
        ):
            continue
        if place.kind != "town":
            min_zoom = zooms["island"]
        elif place.population >= _MAJOR_TOWN_POPULATION and not any(
            abs(place.lat - lat) < _MAJOR_SPACING_DEG and abs(place.lon - lon) < _MAJOR_SPACING_DEG
            for lat, lon, _, zoom in labels
            if zoom == zooms["capital"]
        ):
            min_zoom = zooms["capital"]
        else:
            # Smaller towns, and big ones crowding a bigger one at the widest zooms, wait
            # until there is room for them.
            min_zoom = zooms["town"]
        labels.append((round(place.lat, 3), round(place.lon, 3), place.name, min_zoom))
    return tuple(sorted(labels, key=lambda label: (label[3], label[2])))


class PlaceLabels(Layer):  # type: ignore[misc]
    """Offline place names, shown from a zoom that depends on the place (no tiles needed)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup([], {layerName: {{ this.layer_name|tojson }}});
        (function (group, map, places) {
            var markers = places.map(function (place) {
                var label = document.createElement("span");
                label.textContent = place[2];  // data text: never parsed as HTML
                var marker = L.marker([place[0], place[1]], {
                    icon: L.divIcon({className: {{ this.class_name|tojson }}, html: label,
                                     iconSize: null}),
                    interactive: false, keyboard: false,
                    pane: {{ this.pane|tojson }}
                });
                marker.minZoom = place[3];
                return marker;
            });
            function update() {
                var zoom = map.getZoom();
                markers.forEach(function (marker) {
                    var wanted = zoom >= marker.minZoom;
                    if (wanted && !group.hasLayer(marker)) { group.addLayer(marker); }
                    if (!wanted && group.hasLayer(marker)) { group.removeLayer(marker); }
                });
            }
            map.on("zoomend", update);
            map.whenReady(update);
        })({{ this.get_name() }}, {{ this._parent.get_name() }}, {{ this.places_json }});
        {% endmacro %}
        """
    )

    def __init__(self, *, places: Sequence[tuple[float, float, str, int]], show: bool) -> None:
        super().__init__(name=style.LAYER_PLACES, overlay=True, control=True, show=show)
        self._name = "PlaceLabels"
        self.class_name = style.CLASS_PLACE_LABEL
        self.pane = style.PANE_PLACE_LABELS
        self.places_json = script_safe_json(json.dumps([list(place) for place in places]))


#: CSS of the tools (fixed text). Place labels are plain dark text with a white halo.
MAP_TOOLS_CSS: Final = f"""<style>
.{style.CLASS_PLACE_LABEL} span {{ font: 11px/1.1 sans-serif; color: #222; white-space: nowrap;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; position: relative; left: 4px;
  top: -6px; }}
.{style.CLASS_AREA_LABEL} {{ background: #fff; border: 2px solid {style.AREA_COUNT_COLORS[-1]};
  border-radius: 11px; color: {style.AREA_COUNT_COLORS[-1]}; font: bold 11px/16px sans-serif;
  text-align: center; min-width: 18px; padding: 0 3px; cursor: pointer;
  box-shadow: 0 1px 3px rgba(0,0,0,.35); white-space: nowrap; }}
.map-tool {{ background: rgba(255,255,255,.92); padding: 2px 6px; border-radius: 4px;
  font: 11px/1.4 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }}
.map-tool button {{ font: 12px sans-serif; margin: 1px; cursor: pointer; }}
.map-tool button[aria-pressed=true] {{ background: #ffe08a; }}
.measure-overlay {{ position: absolute; inset: 0; z-index: 650; cursor: crosshair; }}
.tile-note {{ background: #fff3cd; color: #5c4400; }}
</style>"""


class MapTools(MacroElement):  # type: ignore[misc]
    """Panes, remembered layers, the view in the address, and the user's tools.

    Added to the map before any layer, so its ``layeradd`` hook sees every layer, the fixed
    ones and the filtered groups streamlit-folium adds on each rerun.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, cfg) {
            // Panes: reporting areas under the zones, strikes and labels above everything.
            cfg.panes.forEach(function (pane) {
                var element = map.getPane(pane[0]) || map.createPane(pane[0]);
                element.style.zIndex = pane[1];
                if (pane[2]) { element.style.pointerEvents = "none"; }
            });

            // Leaflet focuses the map on mouse down, and the browser scrolls the page to show
            // the focused map: a click near the map's lower edge then lands elsewhere (the
            // press on a marker, the release on the map). Focus without scrolling.
            if (map.keyboard) {
                var keyboard = map.keyboard, enabled = keyboard.enabled();
                keyboard.disable();
                keyboard._onMouseDown = function () {
                    if (!this._focused) { this._map.getContainer().focus({preventScroll: true}); }
                };
                if (enabled) { keyboard.enable(); }
            }

            // Hidden layers: kept per browser tab and Streamlit session, and in the address,
            // so a rerun, a filter change or a shared link shows the same layers.
            var storeKey = "strikeMap.hidden." + cfg.sessionKey;
            var hidden = {}, saved = null;
            try { saved = JSON.parse(window.sessionStorage.getItem(storeKey)); }
            catch (error) { saved = null; }
            (Array.isArray(saved) ? saved : cfg.hidden).forEach(function (name) {
                hidden[name] = true;
            });
            window.strikeMapHidden = hidden;

            function writeAddress() {
                // The component frame is same-origin: the page address carries the view.
                try {
                    var page = window.parent;
                    var url = new URL(page.location.href);
                    var centre = map.getCenter();
                    url.searchParams.set("view", [centre.lat.toFixed(4),
                        L.Util.wrapNum(centre.lng, [-180, 180], true).toFixed(4),
                        map.getZoom()].join(","));
                    url.searchParams.set("layers_off", Object.keys(hidden).map(function (name) {
                        return cfg.urlIds[name];
                    }).filter(Boolean).sort().join(","));
                    page.history.replaceState(page.history.state, "", url.toString());
                } catch (error) { /* another origin: the address just keeps the filters */ }
            }
            function save() {
                var names = JSON.stringify(Object.keys(hidden));
                try { window.sessionStorage.setItem(storeKey, names); }
                catch (error) { /* private mode: remembered for this frame only */ }
                writeAddress();
            }
            // Only the user's ticks count: Leaflet's overlayadd/overlayremove also fire when
            // streamlit-folium swaps the filtered groups on a rerun. Captured before the
            // control's own handler adds the layer (the box is already ticked by then).
            map.getContainer().addEventListener("click", function (event) {
                var input = event.target;
                if (!input.matches(".leaflet-control-layers-overlays input")) { return; }
                var name = input.nextSibling ? input.nextSibling.textContent.trim() : "";
                if (!name) { return; }
                if (input.checked) { delete hidden[name]; } else { hidden[name] = true; }
                save();
            }, true);
            map.on("moveend", writeAddress);

            // Fan-out of strikes at one position: each keeps its own marker and popup,
            // a few pixels off the shared position, with a leg back to it.
            var fanned = [];
            function placeFanned(marker) {
                var home = map.latLngToLayerPoint(marker.fanHome);
                var angle = 2 * Math.PI * marker.options.fanOut[0] / marker.options.fanOut[1];
                var radius = cfg.fanRadiusPx;
                var point = home.add(L.point(radius * Math.cos(angle), radius * Math.sin(angle)));
                var position = map.layerPointToLatLng(point);
                marker.setLatLng(position);
                marker.fanLeg.setLatLngs([marker.fanHome, position]);
            }
            map.on("zoomend viewreset", function () { fanned.forEach(placeFanned); });

            map.on("layeradd", function (event) {
                var layer = event.layer, options = layer.options || {};
                if (options.layerName && hidden[options.layerName]) {
                    map.removeLayer(layer);
                    return;
                }
                if (options.ariaFromTooltip && layer._path && layer.getTooltip() &&
                        !layer._path.hasAttribute("aria-label")) {
                    // Screen readers: the tooltip's words (escaped HTML) as plain text; a
                    // parsed document is inert, it runs and loads nothing.
                    var content = layer.getTooltip().getContent();
                    var text = new DOMParser().parseFromString(String(content), "text/html")
                        .body.textContent;
                    layer._path.setAttribute("aria-label", text);
                    layer._path.setAttribute("role", "button");
                    var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
                    title.textContent = text;
                    layer._path.appendChild(title);
                }
                if (options.fanOut && layer.setLatLng && !layer.fanHome) {
                    layer.fanHome = layer.getLatLng();
                    layer.fanLeg = L.polyline([layer.fanHome, layer.fanHome], {
                        color: "#555", weight: 1, interactive: false, pane: options.pane
                    }).addTo(map);
                    fanned.push(layer);
                    placeFanned(layer);
                }
                if (layer instanceof L.TileLayer && !layer.noteHooked) {
                    layer.noteHooked = true;
                    layer.on("tileerror", showTileNote);
                }
            });
            map.on("layerremove", function (event) {
                var layer = event.layer, index = fanned.indexOf(layer);
                if (index >= 0) {
                    fanned.splice(index, 1);
                    map.removeLayer(layer.fanLeg);
                }
            });

            // Offline-first: when the online tiles fail, say so instead of staying blank.
            var tileNote = null;
            function showTileNote() {
                if (tileNote !== null) { return; }
                tileNote = L.control({position: "bottomright"});
                tileNote.onAdd = function () {
                    var div = L.DomUtil.create("div", "map-tool tile-note");
                    div.textContent = cfg.tileErrorText;
                    return div;
                };
                tileNote.addTo(map);
            }

            // Cursor position, in degrees and minutes.
            function dm(value, positive, negative) {
                var hemisphere = value >= 0 ? positive : negative;
                var absolute = Math.abs(value), degrees = Math.floor(absolute);
                var minutes = (absolute - degrees) * 60;
                return degrees + "°" + minutes.toFixed(2).padStart(5, "0") + "′" + hemisphere;
            }
            var readout = L.control({position: "bottomright"});
            readout.onAdd = function () {
                var div = L.DomUtil.create("div", "map-tool mouse-position");
                div.textContent = cfg.readoutHint;
                return div;
            };
            readout.addTo(map);
            map.on("mousemove", function (event) {
                var lng = L.Util.wrapNum(event.latlng.lng, [-180, 180], true);
                readout.getContainer().textContent = event.latlng.lat.toFixed(4) + ", " +
                    lng.toFixed(4) + "  (" + dm(event.latlng.lat, "N", "S") + " " +
                    dm(lng, "E", "W") + ")";
            });

            // Measuring: great circle on a sphere of the mean Earth radius (within 0.5 % of
            // the WGS 84 geodesic), in nautical miles of 1,852 m. While it is on, clicks add
            // points and never run the point check (an overlay takes them).
            function greatCircleM(a, b) {
                var toRad = Math.PI / 180;
                var dLat = (b.lat - a.lat) * toRad, dLng = (b.lng - a.lng) * toRad;
                var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(a.lat * toRad) *
                    Math.cos(b.lat * toRad) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
                return 2 * cfg.earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)));
            }
            var measure = {points: [], line: null, overlay: null, button: null, text: null};
            function measuredNm() {
                var metres = 0;
                for (var i = 1; i < measure.points.length; i++) {
                    metres += greatCircleM(measure.points[i - 1], measure.points[i]);
                }
                return metres / 1852;
            }
            function showMeasure() {
                window.measuredNm = measuredNm();
                measure.text.textContent = measure.points.length < 2 ? cfg.measureHint :
                    window.measuredNm.toFixed(1) + " nm (" + (window.measuredNm * 1.852)
                        .toFixed(1) + " km)";
                if (measure.line === null) {
                    measure.line = L.polyline([], {color: "#000", weight: 2, dashArray: "4 4",
                        interactive: false, pane: cfg.measurePane}).addTo(map);
                }
                measure.line.setLatLngs(measure.points);
            }
            function setMeasuring(on) {
                measure.button.setAttribute("aria-pressed", on ? "true" : "false");
                if (on && measure.overlay === null) {
                    measure.overlay = L.DomUtil.create("div", "measure-overlay",
                                                       map.getContainer());
                    L.DomEvent.on(measure.overlay, "click", function (event) {
                        L.DomEvent.stop(event);
                        measure.points.push(map.mouseEventToLatLng(event));
                        showMeasure();
                    });
                    measure.points = [];
                    showMeasure();
                } else if (!on && measure.overlay !== null) {
                    L.DomUtil.remove(measure.overlay);
                    measure.overlay = null;
                }
            }
            var tools = L.control({position: "topleft"});
            tools.onAdd = function () {
                var div = L.DomUtil.create("div", "map-tool map-tools");
                measure.button = L.DomUtil.create("button", "measure-button", div);
                measure.button.type = "button";
                measure.button.textContent = "Measure (nm)";
                measure.button.setAttribute("aria-pressed", "false");
                var png = L.DomUtil.create("button", "png-button", div);
                png.type = "button";
                png.textContent = "PNG";
                png.title = cfg.pngTitle;
                measure.text = L.DomUtil.create("div", "measure-result", div);
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.on(measure.button, "click", function () {
                    setMeasuring(measure.overlay === null);
                });
                L.DomEvent.on(png, "click", function () { window.exportMapPng(); });
                return div;
            };
            tools.addTo(map);

            // Small screens: legend closed, and a page scroll never turns into a map zoom or
            // pan (two fingers or the +/- buttons move the map).
            var small = window.matchMedia("(max-width: " + cfg.smallScreenPx + "px)").matches;
            if (small) {
                map.scrollWheelZoom.disable();
                if (L.Browser.touch) { map.dragging.disable(); }
            }
            // After the rest of the map's script, which adds the legend: on a map too narrow
            // for it to sit beside the coasts, it starts closed (one click opens it).
            window.setTimeout(function () {
                var legend = map.getContainer().querySelector(".map-legend details");
                if (legend && map.getSize().x < cfg.legendOpenMinWidthPx) {
                    legend.removeAttribute("open");
                }
            }, 0);

            // PNG: the map's canvases and SVG layers drawn in pane order, then the labels,
            // the legend and the credits below (online tiles are left out: another origin).
            function paneZ(element) {
                var pane = element.closest(".leaflet-pane");
                var z = 0;
                while (pane && pane !== map.getPane("mapPane")) {
                    z = parseInt(window.getComputedStyle(pane).zIndex, 10) || z;
                    pane = pane.parentElement.closest(".leaflet-pane");
                }
                return z;
            }
            function svgImage(svg) {
                var copy = svg.cloneNode(true);
                copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
                var box = svg.getBoundingClientRect();
                copy.setAttribute("width", box.width);
                copy.setAttribute("height", box.height);
                var url = URL.createObjectURL(new Blob([new XMLSerializer()
                    .serializeToString(copy)], {type: "image/svg+xml"}));
                return new Promise(function (resolve) {
                    var image = new Image();
                    image.onload = function () { resolve(image); };
                    image.onerror = function () { resolve(null); };
                    image.src = url;
                });
            }
            window.exportMapPng = function () {
                var container = map.getContainer(), size = map.getSize();
                var origin = container.getBoundingClientRect();
                var lineHeight = 15, columns = size.x >= 700 ? 2 : 1;
                var rows = Math.ceil(cfg.legend.length / columns);
                var footer = 12 + rows * lineHeight + 3 * lineHeight;
                var canvas = document.createElement("canvas");
                canvas.width = size.x;
                canvas.height = size.y + footer;
                var context = canvas.getContext("2d");
                context.fillStyle = "#dfe9f1";
                context.fillRect(0, 0, size.x, size.y);
                var layers = Array.from(container.querySelectorAll(
                    ".leaflet-pane canvas, .leaflet-pane > svg"));
                layers.sort(function (a, b) { return paneZ(a) - paneZ(b); });
                return Promise.all(layers.map(function (element) {
                    return element.tagName.toLowerCase() === "svg" ? svgImage(element) :
                        Promise.resolve(element);
                })).then(function (images) {
                    images.forEach(function (image, index) {
                        if (image === null) { return; }
                        var box = layers[index].getBoundingClientRect();
                        context.drawImage(image, box.left - origin.left, box.top - origin.top,
                                          box.width, box.height);
                    });
                    context.font = "11px sans-serif";
                    context.fillStyle = "#222";
                    container.querySelectorAll("." + cfg.placeClass + ", ." + cfg.areaClass)
                        .forEach(function (label) {
                            var box = label.getBoundingClientRect();
                            context.fillText(label.textContent, box.left - origin.left + 4,
                                             box.top - origin.top + 4);
                        });
                    var y = size.y + 16;
                    context.fillStyle = "#fff";
                    context.fillRect(0, size.y, size.x, footer);
                    var width = size.x / columns;
                    cfg.legend.forEach(function (item, index) {
                        var x = 8 + Math.floor(index / rows) * width;
                        var row = y + (index % rows) * lineHeight;
                        context.fillStyle = item[0];
                        context.fillRect(x, row - 9, 12, 10);
                        context.fillStyle = "#222";
                        context.fillText(item[1], x + 18, row);
                    });
                    y += rows * lineHeight + 4;
                    cfg.credits.forEach(function (line) {
                        context.fillText(line, 8, y);
                        y += lineHeight;
                    });
                    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/png"); });
                }).then(function (blob) {
                    window.lastPngExport = {width: canvas.width, height: canvas.height,
                                            bytes: blob.size};
                    var link = document.createElement("a");
                    link.href = URL.createObjectURL(blob);
                    link.download = cfg.pngFileName;
                    document.body.appendChild(link);
                    link.click();
                    link.remove();
                    return window.lastPngExport;
                });
            };
        })({{ this._parent.get_name() }}, {{ this.config_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        session_key: str,
        hidden_layers: Sequence[str],
        legend_items: Sequence[tuple[str, str]],
        credits: Sequence[str],
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "MapTools"
        config: Mapping[str, Any] = {
            "sessionKey": session_key,
            "hidden": list(hidden_layers),
            "urlIds": style.LAYER_URL_IDS,
            "panes": [list(pane) for pane in style.MAP_PANES],
            "fanRadiusPx": 14,
            "smallScreenPx": style.SMALL_SCREEN_MAX_WIDTH_PX,
            "legendOpenMinWidthPx": style.LEGEND_OPEN_MIN_MAP_WIDTH_PX,
            "earthRadiusM": EARTH_MEAN_RADIUS_M,
            "measurePane": style.PANE_LABELS,
            "measureHint": "Click points on the map; click Measure again to stop.",
            "readoutHint": "Move the pointer over the map for its position.",
            "tileErrorText": (
                "The online base map cannot be reached (offline?). Land, zones and strikes "
                "come from the project's own data and are unaffected."
            ),
            "pngTitle": "Download the current view as a PNG image, with legend and credits",
            "pngFileName": "strike-map.png",
            "placeClass": style.CLASS_PLACE_LABEL,
            "areaClass": style.CLASS_AREA_LABEL,
            "legend": [list(item) for item in legend_items],
            "credits": list(credits),
        }
        self.config_json = script_safe_json(json.dumps(config, sort_keys=True))


class ViewRequest(MacroElement):  # type: ignore[misc]
    """Move the map once per request: fit bounds, or a centre and zoom, and open a popup.

    Carried in a feature group, so it reaches the map without reloading the frame; each
    request has an id and runs only once (the groups are evaluated again on later reruns).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (request) {
            var map = window.map;
            if (!map || !request.id || window.strikeMapViewRequest === request.id) { return; }
            window.strikeMapViewRequest = request.id;
            if (request.bounds) {
                map.fitBounds(request.bounds, {maxZoom: request.maxZoom});
            } else {
                map.setView(request.centre, request.zoom);
            }
            if (request.strikeKey) {
                map.eachLayer(function (layer) {
                    if (layer.options && layer.options.strikeKey === request.strikeKey &&
                            layer.openPopup) {
                        layer.openPopup();
                    }
                });
            }
        })({{ this.request_json }});
        {% endmacro %}
        """
    )

    def __init__(self, *, request: Mapping[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "ViewRequest"
        self.request_json = script_safe_json(json.dumps(dict(request), sort_keys=True))


class LayerName(MacroElement):  # type: ignore[misc]
    """Name a feature group for the map tools (shown or hidden by the user, by name).

    ``L.featureGroup(options)`` as folium writes it passes the options where Leaflet expects
    the layers, so the name is set on the group's options by this small script instead.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.options.layerName = {{ this.name_json }};
        {% endmacro %}
        """
    )

    def __init__(self, *, name: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "LayerName"
        self.name_json = script_safe_json(json.dumps(name))


def named_group(name: str) -> folium.FeatureGroup:
    """A feature group in the layer control, whose visibility the map tools remember.

    Parameters
    ----------
    name : str
        The layer's name in the layer control (a :mod:`mapview.style` constant).

    Returns
    -------
    folium.FeatureGroup
        An empty, shown group carrying its name for the map tools.

    """
    group = folium.FeatureGroup(name=name, show=True, control=True)
    LayerName(name=name).add_to(group)
    return group
