"""Loaders of the committed files in ``data/geo/``, checked against ``MANIFEST.sha256``.

Load once per process (the dashboard wraps these in ``st.cache_resource``); every loader raises
:class:`DataFileError` naming the file, what is wrong and how to rebuild it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import shapely
import shapely.errors
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from common.datafiles import DataFileError as DataFileError  # re-exported: geo.data API
from common.datafiles import checked_path as _checked_path
from common.datafiles import rebuild_hint
from common.manifest import read_manifest
from common.messages import shorten
from geo import paths
from geo.constants import VENEZUELA, WGS84

if TYPE_CHECKING:
    import geopandas as gpd

REBUILD_HINT = rebuild_hint(module="geo.build")
ZONES_PARQUET_NAME = "zones.parquet"
BASELINE_GEOJSON_NAME = "baseline.geojson"


def checked_path(path: Path, *, directory: Path | None = None, hint: str = REBUILD_HINT) -> Path:
    """Return ``path`` verified against the manifest of ``directory`` (default ``data/geo``).

    See :func:`common.datafiles.checked_path`; raises :class:`DataFileError`.
    """
    return _checked_path(path, directory=directory or paths.GEO_DATA_DIR, hint=hint)


def read_features(
    path: Path, *, required: tuple[str, ...] = (), geometry_types: tuple[str, ...] = ()
) -> tuple[list[dict[str, Any]], npt.NDArray[np.object_]]:
    """Properties and geometries of a checked GeoJSON FeatureCollection.

    Parsed with ``json`` and ``shapely.from_geojson`` rather than GDAL and pandas, which would
    cost the command line half a second of imports. With ``geometry_types``, every geometry
    must be a non-empty one of them: a file that matches its checksum but holds the wrong
    kind of data still gets a one-line :class:`DataFileError`.
    """
    checked_path(path)
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text)
        properties = [dict(f["properties"]) for f in document["features"]]
        geometries = np.asarray(shapely.get_parts(shapely.from_geojson(text)), dtype=object)
    except (ValueError, KeyError, TypeError, shapely.errors.GEOSException) as error:
        raise DataFileError(
            f"{path}: cannot be read as GeoJSON ({shorten(str(error))}); {REBUILD_HINT}"
        ) from error
    if len(geometries) != len(properties):
        raise DataFileError(f"{path}: features without geometry; {REBUILD_HINT}")
    for line, props in enumerate(properties, start=1):
        missing = [key for key in required if key not in props]
        if missing:
            raise DataFileError(
                f"{path}: feature {line} lacks properties {missing}; {REBUILD_HINT}"
            )
    for line, geometry in enumerate(geometries, start=1):
        if geometry_types and (geometry.is_empty or geometry.geom_type not in geometry_types):
            raise DataFileError(
                f"{path}: feature {line} is an empty or {geometry.geom_type} geometry, expected "
                f"{' or '.join(geometry_types)}; {REBUILD_HINT}"
            )
    if geometry_types and not len(geometries):
        raise DataFileError(f"{path}: no features; {REBUILD_HINT}")
    return properties, geometries


def read_geojson(path: Path) -> gpd.GeoDataFrame:
    """A checked GeoJSON file as a GeoDataFrame (EPSG:4326)."""
    import geopandas as gpd

    properties, geometries = read_features(path)
    return gpd.GeoDataFrame(properties, geometry=geometries, crs=WGS84)


@dataclass(frozen=True)
class ZoneTable:
    """The zone partition as plain arrays (what the point check needs)."""

    zone: npt.NDArray[np.object_]
    state: npt.NDArray[np.object_]
    disputed: npt.NDArray[np.bool_]
    note: npt.NDArray[np.object_]
    geometry: npt.NDArray[np.object_]


def read_parquet_columns(
    path: Path, *, required: tuple[str, ...], geometry_types: tuple[str, ...]
) -> tuple[dict[str, list[Any]], npt.NDArray[np.object_]]:
    """Columns and geometries of a checked GeoParquet file, read with pyarrow alone.

    Every geometry must be a non-empty one of ``geometry_types``; a file that matches its
    checksum but holds the wrong kind of data still gets a one-line :class:`DataFileError`.
    """
    # The file reader alone: ``read_table`` would import pyarrow's dataset layer and pandas,
    # a third of a second of the command line's cold start.
    import pyarrow.parquet as pq

    checked_path(path)
    try:
        table = pq.ParquetFile(path).read()
        columns = {name: table.column(name).to_pylist() for name in required}
        # to_pylist, not to_numpy: pyarrow's numpy conversion of binary imports pandas.
        wkb = np.array(table.column("geometry").to_pylist(), dtype=object)
        geometries = np.asarray(shapely.from_wkb(wkb), dtype=object)
    except (OSError, ValueError, KeyError, TypeError, shapely.errors.GEOSException) as error:
        raise DataFileError(
            f"{path}: cannot be read as GeoParquet ({shorten(str(error))}); {REBUILD_HINT}"
        ) from error
    for line, geometry in enumerate(geometries, start=1):
        if geometry is None or geometry.is_empty or geometry.geom_type not in geometry_types:
            kind = "missing" if geometry is None else f"an empty or {geometry.geom_type}"
            raise DataFileError(
                f"{path}: row {line} is {kind} geometry, expected "
                f"{' or '.join(geometry_types)}; {REBUILD_HINT}"
            )
    if not len(geometries):
        raise DataFileError(f"{path}: no rows; {REBUILD_HINT}")
    return columns, geometries


@lru_cache(maxsize=1)
def load_zone_table() -> ZoneTable:
    """The zone partition, full resolution, without pandas."""
    columns, geometries = read_parquet_columns(
        paths.GEO_DATA_DIR / ZONES_PARQUET_NAME,
        required=("zone", "state", "disputed", "note"),
        geometry_types=("Polygon", "MultiPolygon"),
    )
    return ZoneTable(
        zone=np.array(columns["zone"], dtype=object),
        state=np.array(columns["state"], dtype=object),
        disputed=np.array([bool(v) for v in columns["disputed"]], dtype=bool),
        note=np.array([v or "" for v in columns["note"]], dtype=object),
        geometry=geometries,
    )


@dataclass(frozen=True)
class BaselineTable:
    """Every claimant's baseline: which state it is, and its lines."""

    claimant: npt.NDArray[np.object_]
    state: npt.NDArray[np.object_]
    geometry: npt.NDArray[np.object_]


@lru_cache(maxsize=1)
def load_all_baselines() -> BaselineTable:
    """Every claimant's baseline (normal baseline plus closing lines), for ``nearest_state``."""
    columns, geometries = read_parquet_columns(
        paths.GEO_DATA_DIR / "baselines.parquet",
        required=("claimant", "state"),
        geometry_types=("LineString", "MultiLineString"),
    )
    return BaselineTable(
        claimant=np.array(columns["claimant"], dtype=object),
        state=np.array(columns["state"], dtype=object),
        geometry=geometries,
    )


@lru_cache(maxsize=1)
def load_zones() -> gpd.GeoDataFrame:
    """The zone partition (columns zone, state, disputed, note, geometry), full resolution."""
    import geopandas as gpd

    table = load_zone_table()
    return gpd.GeoDataFrame(
        {"zone": table.zone, "state": table.state, "disputed": table.disputed, "note": table.note},
        geometry=table.geometry.copy(),
        crs=WGS84,
    )


@lru_cache(maxsize=1)
def load_zone_grid() -> npt.NDArray[np.uint8]:
    """The look-up grid of :mod:`geo.lookup`."""
    path = checked_path(paths.GEO_DATA_DIR / "zone_grid.npz")
    try:
        with np.load(path) as archive:
            codes: npt.NDArray[np.uint8] = archive["codes"]
    except Exception as error:
        raise DataFileError(
            f"{path}: cannot be read ({shorten(str(error))}); {REBUILD_HINT}"
        ) from error
    return codes


@lru_cache(maxsize=1)
def load_baseline_lines() -> list[LineString]:
    """Venezuela's baseline (normal baseline with the Lake Maracaibo closing line) as lines."""
    _, geometries = read_features(
        paths.GEO_DATA_DIR / BASELINE_GEOJSON_NAME, geometry_types=("LineString", "MultiLineString")
    )
    return [line for geometry in geometries for line in shapely.get_parts(geometry)]


@lru_cache(maxsize=1)
def load_display_layers() -> dict[str, gpd.GeoDataFrame]:
    """Simplified copies for web maps: ``land``, ``zones`` (sea only) and ``boundary_lines``."""
    return {
        "land": read_geojson(paths.GEO_DATA_DIR / "display" / "land.geojson"),
        "zones": read_geojson(paths.GEO_DATA_DIR / "display" / "zones.geojson"),
        "boundary_lines": read_geojson(paths.GEO_DATA_DIR / "display" / "boundary_lines.geojson"),
    }


def zone_geometry(*, zone: str, state: str = VENEZUELA) -> BaseGeometry:
    """Union of the full-resolution polygons of one zone of one state."""
    table = load_zone_table()
    mask = (table.zone == zone) & (table.state == state)
    return shapely.union_all(table.geometry[mask])


def clear_caches() -> None:
    """Forget every loaded file (after a rebuild, or in tests that swap the data folder)."""
    for loader in (
        load_zone_table,
        load_zones,
        load_zone_grid,
        load_baseline_lines,
        load_all_baselines,
        load_display_layers,
    ):
        loader.cache_clear()


def zone_data_digest() -> str:
    """SHA-256 naming the zones and Venezuela's baseline as the manifest lists them.

    An area's territorial-waters verdict depends on these two files alone, so verdicts stored
    under this digest stay valid exactly as long as it is unchanged.
    """
    manifest = read_manifest(paths.GEO_DATA_DIR)
    names = (ZONES_PARQUET_NAME, BASELINE_GEOJSON_NAME)
    listed = "".join(f"{manifest.get(name, '')}  {name}\n" for name in names)
    return hashlib.sha256(listed.encode("utf-8")).hexdigest()
