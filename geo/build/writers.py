"""Deterministic GeoJSON: fixed coordinate precision, sorted keys, stable feature order.

A rebuild from the same packages must give byte-identical files, and a diff of two builds must
show only what changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from geo.build._shapes import polygons_only

#: 1e-7 degree is about 1 cm: far below the 55-m resolution of the coastline.
COORD_DECIMALS = 7


def _rounded(geometry: shapely.Geometry) -> shapely.Geometry:
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, COORD_DECIMALS))
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or rounded.is_valid:
        return rounded
    return polygons_only(rounded)


def write_geojson(frame: gpd.GeoDataFrame, path: Path, *, metadata: dict[str, Any]) -> None:
    """Write ``frame`` (EPSG:4326) as a FeatureCollection with a ``metadata`` member."""
    features = []
    properties = [c for c in frame.columns if c != frame.geometry.name]
    for values, geometry in zip(
        frame[properties].itertuples(index=False, name=None), frame.geometry, strict=True
    ):
        props = {k: _plain(v) for k, v in zip(properties, values, strict=True)}
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": json.loads(shapely.to_geojson(_rounded(geometry))),
            }
        )
    document = {"type": "FeatureCollection", "metadata": metadata, "features": features}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value
