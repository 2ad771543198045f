"""The map's view and layers in the page address: read, clamped, and said when changed.

The map frame writes ``view=LAT,LON,ZOOM`` and ``layers_off=ID,ID`` into the page address as
the user moves (:mod:`mapview.map_tools`); the dashboard writes ``check=LAT,LON`` for a
checked position. A shared link is read back here: a value out of range is clamped, one that
cannot be read is dropped, and either way a notice says what was changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from geo.coords import CoordinateError, validate_lat_lon, wrap_longitude
from mapview import style

View = tuple[tuple[float, float], int]
#: Web Mercator's latitude limit: Leaflet cannot centre further north or south.
MAX_VIEW_LAT_DEG = 85.0


@dataclass(frozen=True)
class LinkState:
    """What a link asks the map to show.

    Attributes
    ----------
    view : ((lat, lon), zoom) or None
        The view to open on; ``None`` to fit the selection.
    hidden_layers : tuple of str
        Layer names to hide at open.
    check : (lat, lon) or None
        A position to check at open.
    notices : tuple of str
        One plain-text sentence per value that was clamped or dropped.

    """

    view: View | None
    hidden_layers: tuple[str, ...]
    check: tuple[float, float] | None
    notices: tuple[str, ...] = field(default=())


def _numbers(text: str, count: int) -> list[float] | None:
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != count:
        return None
    try:
        values = [float(part) for part in parts]
    except ValueError:
        return None
    return values if all(math.isfinite(value) for value in values) else None


def _clamped(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _read_view(text: str, notices: list[str]) -> View | None:
    values = _numbers(text, 3)
    if values is None:
        notices.append(
            f"The link's map view {text[:60]!r} could not be read (expected "
            "view=LAT,LON,ZOOM): the map fits the selection instead."
        )
        return None
    lat, lon, zoom = values
    view = (
        (_clamped(lat, -MAX_VIEW_LAT_DEG, MAX_VIEW_LAT_DEG), wrap_longitude(lon)),
        int(_clamped(round(zoom), style.MAP_MIN_ZOOM, style.MAP_MAX_ZOOM)),
    )
    if (view[0][0], view[1]) != (lat, zoom) or not -180.0 <= lon < 180.0:
        notices.append(
            f"The link's map view {text[:60]!r} was out of range and is shown as "
            f"{view[0][0]:.4f}, {view[0][1]:.4f} at zoom {view[1]} (latitude within "
            f"±{MAX_VIEW_LAT_DEG:g}°, longitude wrapped to −180…180, zoom "
            f"{style.MAP_MIN_ZOOM}–{style.MAP_MAX_ZOOM})."
        )
    return view


def _read_layers(text: str, notices: list[str]) -> tuple[str, ...]:
    by_id = {layer_id: name for name, layer_id in style.LAYER_URL_IDS.items()}
    ids = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [layer_id for layer_id in ids if layer_id not in by_id]
    if unknown:
        notices.append(
            f"The link names {len(unknown)} unknown layer(s) ({', '.join(unknown)[:80]}); "
            "they were ignored."
        )
    return tuple(by_id[layer_id] for layer_id in ids if layer_id in by_id)


def _read_check(text: str, notices: list[str]) -> tuple[float, float] | None:
    values = _numbers(text, 2)
    try:
        if values is not None:
            return validate_lat_lon(values[0], values[1])
    except CoordinateError:
        pass
    notices.append(
        f"The link's checked position {text[:60]!r} could not be read "
        "(expected check=LAT,LON in degrees): it was dropped."
    )
    return None


def read_link(params: dict[str, str]) -> LinkState:
    """Read the map's part of a page address.

    Parameters
    ----------
    params : dict of str to str
        The address's parameters (last value of each), as ``st.query_params`` gives them.

    Returns
    -------
    LinkState
        The view, hidden layers and checked position, each clamped or dropped as needed,
        with a notice per change.

    """
    notices: list[str] = []
    view = _read_view(params["view"], notices) if "view" in params else None
    hidden = (
        _read_layers(params["layers_off"], notices)
        if "layers_off" in params
        else tuple(style.LAYERS_HIDDEN_BY_DEFAULT)
    )
    check = _read_check(params["check"], notices) if "check" in params else None
    return LinkState(view=view, hidden_layers=hidden, check=check, notices=tuple(notices))


def check_param(lat: float, lon: float) -> str:
    """The ``check`` value of a checked position (5 decimals: about a metre)."""
    return f"{lat:.5f},{lon:.5f}"
