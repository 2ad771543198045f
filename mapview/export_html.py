"""A standalone HTML page of the map: opens offline, from a file, with no server.

The page is the same folium map as the dashboard's, with the vendored Leaflet and jQuery and
every fixed layer's GeoJSON carried inside it (the dashboard's copies are fetched from the
server), so a newsroom can open, archive or embed it as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import folium

from mapview import assets, style
from mapview.basemap import Bounds, View, build_base_map


def _vendored_file(url: str) -> Path:
    return assets.VENDOR_DIR / url.removeprefix(assets.VENDOR_URL + "/")


def _inline_script(source: str) -> str:
    # Inside <script>, only "</script" ends the element: escape every "</" to be sure.
    return "<script>" + source.replace("</", "<\\/") + "</script>"


def standalone_map_html(
    *,
    layer_urls: Mapping[str, str],
    groups: Sequence[folium.FeatureGroup],
    bounds: Bounds,
    view: View | None,
    hidden_layers: Sequence[str] = style.LAYERS_HIDDEN_BY_DEFAULT,
) -> str:
    """Render the map as one self-contained HTML page.

    Parameters
    ----------
    layer_urls : Mapping of str to str
        The fixed layers' (coarse) file URLs, as the dashboard publishes them; their text is
        read from ``static/vendor`` and carried inline.
    groups : sequence of folium.FeatureGroup
        The filtered layers (strikes, areas, point check...), newly built for this page.
    bounds : tuple of float
        (south, west, north, east) to fit when no ``view`` is given.
    view : ((lat, lon), zoom) or None
        The view to open on.
    hidden_layers : sequence of str
        Layer names hidden at open.

    Returns
    -------
    str
        The HTML page (UTF-8 text).

    """
    inline_layers = {
        name: _vendored_file(url).read_text(encoding="utf-8") for name, url in layer_urls.items()
    }
    base_map = build_base_map(
        layer_urls=layer_urls,
        bounds=bounds,
        view=view,
        hidden_layers=hidden_layers,
        session_key="standalone",
        inline_layers=inline_layers,
    )
    for group in groups:
        group.add_to(base_map)
    folium.LayerControl(collapsed=True, position="topright").add_to(base_map)
    html = base_map.get_root().render()
    for _, url in assets.LOCAL_JS:
        script = _inline_script(_vendored_file(url).read_text(encoding="utf-8"))
        html = html.replace(f'<script src="{url}"></script>', script)
    for _, url in assets.LOCAL_CSS:
        css = _vendored_file(url).read_text(encoding="utf-8").replace("</", "<\\/")
        html = html.replace(f'<link rel="stylesheet" href="{url}"/>', f"<style>{css}</style>")
    # streamlit-folium names the map "map_div" and sets window.map; a standalone page does
    # the same so the tools' "Go to" requests and tests find it. Folium writes the map's
    # script after </body>: set the name after it, once the map exists (before, the name is
    # still the map's <div>).
    name = base_map.get_name()
    end = html.rindex("</html>")
    return f"{html[:end]}<script>window.map = {name};</script>\n{html[end:]}"
