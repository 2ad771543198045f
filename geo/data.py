"""Loaders of the committed files in ``data/geo/``, checked against ``MANIFEST.sha256``.

Load once per process (the dashboard wraps these in ``st.cache_resource``); every loader raises
:class:`DataFileError` naming the file, what is wrong and how to rebuild it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from geo import paths
from geo.constants import VENEZUELA
from geo.manifest import MANIFEST_NAME, read_manifest, sha256_of

REBUILD_HINT = "rebuild it with `make data` (python -m geo.build) or restore it with `git checkout data/`"


class DataFileError(RuntimeError):
    """A data file is missing, corrupted or not what the manifest says."""


def _checked(path: Path, *, directory: Path | None = None) -> Path:
    directory = directory or paths.GEO_DATA_DIR
    if not path.is_file():
        raise DataFileError(f"{path}: missing data file; {REBUILD_HINT}")
    manifest_path = directory / MANIFEST_NAME
    if not manifest_path.is_file():
        raise DataFileError(f"{manifest_path}: missing checksum manifest; {REBUILD_HINT}")
    expected = read_manifest(directory).get(path.relative_to(directory).as_posix())
    if expected is None:
        raise DataFileError(f"{path}: not listed in {manifest_path}; {REBUILD_HINT}")
    if sha256_of(path) != expected:
        raise DataFileError(
            f"{path}: checksum does not match {manifest_path} (file changed or corrupted); "
            f"{REBUILD_HINT}"
        )
    return path


def read_geojson(path: Path) -> gpd.GeoDataFrame:
    """Read a checked GeoJSON file."""
    checked = _checked(path)
    try:
        frame = gpd.read_file(checked)
    except Exception as error:  # noqa: BLE001 - any reader failure is a corrupt file to the user
        raise DataFileError(f"{path}: cannot be read as GeoJSON ({error}); {REBUILD_HINT}") from error
    return frame


@lru_cache(maxsize=1)
def load_zones() -> gpd.GeoDataFrame:
    """The zone partition (columns zone, state, disputed, note, geometry), full resolution."""
    frame = read_geojson(paths.GEO_DATA_DIR / "zones.geojson")
    expected = {"zone", "state", "disputed", "note"}
    if not expected <= set(frame.columns):
        raise DataFileError(
            f"{paths.GEO_DATA_DIR / 'zones.geojson'}: missing columns "
            f"{sorted(expected - set(frame.columns))}; {REBUILD_HINT}"
        )
    frame["state"] = frame["state"].where(frame["state"].notna(), None)
    frame["note"] = frame["note"].fillna("")
    return frame


@lru_cache(maxsize=1)
def load_zone_grid() -> npt.NDArray[np.uint8]:
    """The look-up grid of :mod:`geo.lookup`."""
    path = _checked(paths.GEO_DATA_DIR / "zone_grid.npz")
    try:
        with np.load(path) as archive:
            codes: npt.NDArray[np.uint8] = archive["codes"]
    except Exception as error:  # noqa: BLE001
        raise DataFileError(f"{path}: cannot be read ({error}); {REBUILD_HINT}") from error
    return codes


@lru_cache(maxsize=1)
def load_baseline() -> gpd.GeoDataFrame:
    """Venezuela's baseline lines (normal baseline and closing line)."""
    return read_geojson(paths.GEO_DATA_DIR / "baseline.geojson")


@lru_cache(maxsize=1)
def load_boundary_lines() -> gpd.GeoDataFrame:
    """Treaty and median lines (columns name, kind, source)."""
    return read_geojson(paths.GEO_DATA_DIR / "boundary_lines.geojson")


@lru_cache(maxsize=1)
def load_display_layers() -> dict[str, gpd.GeoDataFrame]:
    """Simplified copies for web maps: ``land``, ``zones`` (sea only) and ``boundary_lines``."""
    zones = read_geojson(paths.GEO_DATA_DIR / "display" / "zones.geojson")
    zones["state"] = zones["state"].where(zones["state"].notna(), None)
    zones["note"] = zones["note"].fillna("")
    lines = read_geojson(paths.GEO_DATA_DIR / "display" / "boundary_lines.geojson")
    is_land = zones["zone"] == "land"
    return {
        "land": zones[is_land].reset_index(drop=True),
        "zones": zones[~is_land].reset_index(drop=True),
        "boundary_lines": lines,
    }


def zone_geometry(*, zone: str, state: str = VENEZUELA) -> BaseGeometry:
    """Union of the full-resolution polygons of one zone of one state."""
    zones = load_zones()
    mask = (zones["zone"] == zone) & (zones["state"] == state)
    return shapely.union_all(zones.geometry[mask].values)


def territorial_sea(state: str = VENEZUELA) -> BaseGeometry:
    """A state's territorial sea (full resolution)."""
    return zone_geometry(zone="territorial_sea", state=state)
