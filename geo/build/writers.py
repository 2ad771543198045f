"""Deterministic GeoJSON: fixed coordinate precision, sorted keys, stable feature order.

A rebuild from the same packages must give byte-identical files, and a diff of two builds must
show only what changed. The serialisation is the project's one GeoJSON writer
(:mod:`common.geojson`); this stage only rounds the coordinates and repairs what rounding breaks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from common.geojson import feature_collection, frame_features, write_geojson_file
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
    properties = {
        column: frame[column].tolist() for column in frame.columns if column != frame.geometry.name
    }
    geometries = [_rounded(geometry) for geometry in frame.geometry]
    features = frame_features(geometries, properties)
    write_geojson_file(feature_collection(features, members={"metadata": metadata}), path)


def write_geoparquet(frame: gpd.GeoDataFrame, path: Path, *, metadata: dict[str, Any]) -> None:
    """Write ``frame`` (EPSG:4326) as GeoParquet (WKB, zstd), with ``metadata`` in the schema.

    For the large full-resolution layers: a third of the size of GeoJSON, and read without
    parsing text. Coordinates are rounded as in :func:`write_geojson`; pyarrow writes the same
    bytes for the same table, so a rebuild reproduces the file.
    """
    import io
    import json

    import pyarrow.parquet as pq

    rounded = frame.copy()
    rounded["geometry"] = [_rounded(geometry) for geometry in frame.geometry]
    # geopandas writes the GeoParquet "geo" metadata (GIS tools need it); the table is read
    # back to add ours, and written once more with the same settings.
    buffer = io.BytesIO()
    rounded.to_parquet(buffer, index=False, compression="zstd", write_covering_bbox=False)
    table = pq.read_table(io.BytesIO(buffer.getvalue()))
    schema_metadata = dict(table.schema.metadata or {})
    schema_metadata[b"metadata"] = json.dumps(metadata, sort_keys=True).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table.replace_schema_metadata(schema_metadata),
        path,
        compression="zstd",
        write_statistics=False,
    )
