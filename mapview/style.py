"""Layer names and colours shared by the layers and the legend."""

from __future__ import annotations

from typing import Final

# The opening view fits the selected strikes (both oceans); with none, the modelled region
# (geo.constants.MODELLED_REGION, lon -120 to -55, lat -6 to 24) as (south, west, north, east).
MAP_FALLBACK_BOUNDS: Final = (-6.0, -120.0, 24.0, -55.0)
# Margin around the selected strikes, in degrees, and the closest the opening view zooms in.
MAP_FIT_MARGIN_DEG: Final = 0.5
MAP_FIT_MAX_ZOOM: Final = 7
# Centre and zoom before the fit runs (folium needs a start view).
MAP_CENTER_LAT_LON: Final = (9.0, -87.5)
MAP_ZOOM_START: Final = 4
MAP_HEIGHT_PX: Final = 620
#: Zoom limits of the map (and of a view read from a link).
MAP_MIN_ZOOM: Final = 3
MAP_MAX_ZOOM: Final = 13
# Fixed layers come as a coarse copy (sent to every visitor) and, for land, zones and lines,
# a finer one fetched once the map is zoomed in to this level or closer.
FINE_LAYERS_MIN_ZOOM: Final = 6

OSM_ATTRIBUTION_HTML: Final = (
    '© <a href="https://www.openstreetmap.org/copyright" target="_blank" '
    'rel="noopener noreferrer">OpenStreetMap contributors</a> (ODbL)'
)

LAYER_OSM: Final = "Online base map (OpenStreetMap)"
LAYER_LAND: Final = "Land (project data)"
LAYER_INTERNAL_WATERS: Final = "Venezuela: internal waters"
LAYER_TERRITORIAL_SEA: Final = "Venezuela: territorial sea (12 nm)"
LAYER_CONTIGUOUS_ZONE: Final = "Venezuela: contiguous zone (24 nm)"
LAYER_NEIGHBOUR_SEAS: Final = "Other states: internal waters, territorial seas, contiguous zones"
LAYER_BOUNDARY_LINES: Final = "Treaty and median lines"
LAYER_DISPUTED: Final = "Disputed areas"
LAYER_POSSIBLE_ZONES: Final = "Possible strike zones (options)"
LAYER_STRIKE_POSITIONS: Final = "Strikes: approximate positions"
LAYER_STRIKE_AREAS: Final = "Strikes: reporting areas (region only)"
LAYER_LAND_EVENTS: Final = "Land and port strikes, joint operations (not boat strikes)"
LAYER_UPLOAD: Final = "Your upload (this session)"
LAYER_POINT_CHECK: Final = "Point check"

COLOR_LAND: Final = "#d9d2c3"
COLOR_LAND_EDGE: Final = "#8c7f66"
COLOR_INTERNAL_WATERS: Final = "#08519c"
COLOR_TERRITORIAL_SEA: Final = "#3182bd"
COLOR_CONTIGUOUS_ZONE: Final = "#9ecae1"
COLOR_NEIGHBOUR_SEAS: Final = "#74c476"
COLOR_NEIGHBOUR_INTERNAL_WATERS: Final = "#238b45"
COLOR_NEIGHBOUR_CONTIGUOUS_ZONE: Final = "#c7e9c0"
COLOR_TREATY_LINE: Final = "#404040"
COLOR_MEDIAN_LINE: Final = "#7f7f7f"
COLOR_TREATY_NOT_APPLIED: Final = "#b15928"
COLOR_DISPUTED: Final = "#c51b8a"
COLOR_POSSIBLE_ZONES: Final = "#ff7f00"
COLOR_STRIKE: Final = "#d7301f"
COLOR_UPLOAD: Final = "#6a3d9a"
COLOR_LAND_EVENT: Final = "#8c510a"
COLOR_POINT_CHECK: Final = "#000000"

# Reporting areas are shaded by strike count: light to dark red, one step per count
# up to the last colour (so a single strike is visible and many strikes stand out).
AREA_COUNT_COLORS: Final = ("#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15")

# CSS class names on SVG paths: they let tests and users count what is drawn.
CLASS_STRIKE_MARKER: Final = "strike-marker"
CLASS_STRIKE_UNCERTAINTY: Final = "strike-uncertainty"
CLASS_STRIKE_AREA: Final = "strike-area"
CLASS_UPLOAD_MARKER: Final = "upload-marker"
CLASS_POINT_CHECK: Final = "point-check"


def area_fill_color(*, strike_count: int) -> str:
    """Pick the fill colour of a reporting area from its strike count.

    Parameters
    ----------
    strike_count : int
        Strikes in the area within the current filter (at least 1).

    Returns
    -------
    str
        A hex colour from :data:`AREA_COUNT_COLORS`.

    """
    index = max(0, min(strike_count, len(AREA_COUNT_COLORS)) - 1)
    return AREA_COUNT_COLORS[index]


# Leaflet panes, bottom to top (Leaflet's own: tiles 200, overlay 400, marker 600, popup 700).
# Reporting areas sit below the zones' panes (300+), so they never wash out the territorial
# sea; strike shapes and the point check sit above everything drawn from the data.
PANE_STRIKE_AREAS: Final = "strikeAreas"
PANE_PLACE_LABELS: Final = "placeLabels"
PANE_STRIKE_UNCERTAINTY: Final = "strikeUncertainty"
PANE_STRIKE_MARKERS: Final = "strikeMarkers"
PANE_LABELS: Final = "strikeLabels"
#: (pane, z-index, clicks pass through): non-interactive panes never take a click.
MAP_PANES: Final = (
    (PANE_STRIKE_AREAS, 250, True),
    (PANE_PLACE_LABELS, 420, True),
    (PANE_STRIKE_UNCERTAINTY, 430, False),
    # Area labels under the strike markers: a marker is never hidden by a label.
    (PANE_LABELS, 440, False),
    (PANE_STRIKE_MARKERS, 450, False),
)

LAYER_PLACES: Final = "Place names (project gazetteer)"
CLASS_AREA_LABEL: Final = "strike-area-label"
CLASS_PLACE_LABEL: Final = "place-label"
#: Below this width (CSS px) the legend opens collapsed and the wheel does not zoom the map.
SMALL_SCREEN_MAX_WIDTH_PX: Final = 600
#: The legend starts open only on a map at least this wide (CSS px): narrower, it would cover
#: the coasts, so it starts closed (phones, and the dashboard's map column beside the sidebar).
LEGEND_OPEN_MIN_MAP_WIDTH_PX: Final = 1000
#: Zoom from which place labels of each kind are shown (capitals first, then ports, islands).
PLACE_LABEL_MIN_ZOOM: Final = {"capital": 4, "island": 6, "town": 6}
#: Typed positions open this close (a click leaves the view where the user is looking).
POINT_CHECK_ZOOM: Final = 7
#: "Go to strike" opens this close.
STRIKE_ZOOM: Final = 8
#: Layers' short names in the page address (``layers_off``), so links stay readable.
LAYER_URL_IDS: Final = {
    LAYER_OSM: "osm",
    LAYER_LAND: "land",
    LAYER_INTERNAL_WATERS: "ven_internal",
    LAYER_TERRITORIAL_SEA: "ven_territorial",
    LAYER_CONTIGUOUS_ZONE: "ven_contiguous",
    LAYER_NEIGHBOUR_SEAS: "other_seas",
    LAYER_BOUNDARY_LINES: "lines",
    LAYER_DISPUTED: "disputed",
    LAYER_POSSIBLE_ZONES: "options",
    LAYER_STRIKE_POSITIONS: "strikes",
    LAYER_STRIKE_AREAS: "areas",
    LAYER_LAND_EVENTS: "land_strikes",
    LAYER_UPLOAD: "upload",
    LAYER_POINT_CHECK: "check",
    LAYER_PLACES: "places",
}
#: Hidden when nobody said otherwise: the online tiles (offline-first).
LAYERS_HIDDEN_BY_DEFAULT: Final = (LAYER_OSM,)
