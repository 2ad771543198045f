"""Stage: the look-up grid of :mod:`geo.lookup`, computed from the zone partition."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import shapely

from geo.constants import MODELLED_REGION
from geo.lookup import GRID_STEP_DEG, MAX_ZONES, MIXED, cell_of, exact_zone_index, grid_shape

if TYPE_CHECKING:
    import geopandas as gpd


def save_npz_deterministic(path: Path, **arrays: npt.NDArray[Any]) -> None:
    """Save arrays like ``numpy.savez_compressed``, byte-identical for identical arrays.

    Zip timestamps are fixed so that a rebuild reproduces the committed file.
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in sorted(arrays.items()):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
            archive.writestr(info, buffer.getvalue())


def build_zone_grid(*, zones: gpd.GeoDataFrame, out_path: Path) -> None:
    """Compute the grid for the zone partition ``zones`` (rows in file order) and save it.

    Pure cells that touch side by side hold the same zone (no boundary passes between them),
    so each connected patch of pure cells is classified by one point-in-polygon test.
    """
    from scipy import ndimage  # build-time only

    if len(zones) > MAX_ZONES:
        raise ValueError(f"{len(zones)} zone rows: the grid holds at most {MAX_ZONES}")
    rows, cols = grid_shape()
    mixed = np.zeros((rows, cols), dtype=bool)
    boundary = shapely.segmentize(shapely.boundary(zones.geometry.values), GRID_STEP_DEG / 2)
    coords = shapely.get_coordinates(boundary)
    r, c, inside = cell_of(coords[:, 0], coords[:, 1])
    mixed[r[inside], c[inside]] = True
    dilated = ndimage.binary_dilation(mixed, structure=np.ones((3, 3), dtype=bool))
    patches, count = ndimage.label(~dilated)
    # One cell per patch: the first in row-major order.
    flat = patches.ravel()
    order = np.argsort(flat, kind="stable")
    first = order[np.searchsorted(flat[order], np.arange(1, count + 1))]
    rr, cc = np.unravel_index(first, patches.shape)
    lon_min, lat_min, _, _ = MODELLED_REGION
    centre_lon = np.asarray(lon_min + (cc + 0.5) * GRID_STEP_DEG, dtype=np.float64)
    centre_lat = np.asarray(lat_min + (rr + 0.5) * GRID_STEP_DEG, dtype=np.float64)
    geometries = zones.geometry.values
    shapely.prepare(geometries)
    zone_of_patch = exact_zone_index(geometries, centre_lon, centre_lat).astype(np.uint8)
    codes = np.full((rows, cols), MIXED, dtype=np.uint8)
    pure = patches > 0
    codes[pure] = zone_of_patch[patches[pure] - 1]
    save_npz_deterministic(
        out_path, codes=codes, step_deg=np.array(GRID_STEP_DEG), region=np.array(MODELLED_REGION)
    )
