"""Prepare display GeoJSON: few properties, coordinates rounded (serialised by ``common.geojson``).

The display layers from ``geo.data`` are already simplified; rounding coordinates
to :data:`COORDINATE_DECIMALS` decimals (about 11 m) roughly halves the text sent
to the browser without any visible change at the zoom levels the map allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import geopandas as gpd
import numpy as np
import shapely

from common.geojson import feature_collection, frame_features

COORDINATE_DECIMALS: Final = 4


def _round_geometries(geometries: Any, *, decimals: int) -> Any:
    # Snapping to the grid drops the vertices that rounding would make coincide (and rings
    # that collapse), which shrinks the payload while keeping the polygons valid.
    # Display copies may be slightly invalid after simplification; make_valid keeps the
    # snapping from failing on them.
    valid = shapely.make_valid(geometries)
    try:
        return shapely.set_precision(valid, grid_size=10.0**-decimals)
    except shapely.errors.GEOSException:
        return shapely.transform(valid, lambda coords: np.round(coords, decimals))


def frame_to_geojson(
    *,
    frame: gpd.GeoDataFrame,
    properties: Mapping[str, list[object]] | None = None,
    decimals: int = COORDINATE_DECIMALS,
) -> dict[str, Any]:
    """Convert a frame to a compact GeoJSON FeatureCollection in WGS 84.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Features to draw; rows with empty geometry are dropped.
    properties : Mapping of str to list, optional
        Feature properties, one list per property aligned with ``frame``'s rows
        (already escaped if they will be shown as HTML).
    decimals : int
        Decimal places kept in coordinates.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection.

    """
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    geometries = _round_geometries(np.asarray(frame.geometry.values), decimals=decimals)
    features = frame_features(list(geometries), properties or {}, with_ids=True, skip_empty=True)
    return feature_collection(features)
