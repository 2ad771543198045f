"""The committed data is what it claims (rebuild: tests/test_self_contained.py)."""

import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely

from common.manifest import read_manifest, sha256_of
from geo import paths
from geo.check import check_points
from geo.constants import MODELLED_REGION, ZONES
from geo.data import DataFileError, clear_caches, load_zone_grid, load_zones
from geo.geodesy import geodesic_circle
from geo.lookup import exact_zone_index


def test_manifest_matches_files() -> None:
    manifest = read_manifest(paths.GEO_DATA_DIR)
    assert "zones.parquet" in manifest and "baselines.parquet" in manifest
    assert "zone_grid.npz" in manifest and "zones.geojson" not in manifest
    for name, digest in manifest.items():
        assert sha256_of(paths.GEO_DATA_DIR / name) == digest, name


def test_zones_partition_the_region_without_overlap() -> None:
    zones = load_zones()
    assert set(zones.zone) == set(ZONES)
    for state in ["VEN", "COL", "ABW", "CUW", "BES", "TTO", "GRD", "GUY"]:
        assert ((zones.zone == "territorial_sea") & (zones.state == state)).any(), state
    areas = shapely.area(zones.geometry.values)
    union = shapely.union_all(zones.geometry.values)
    region = shapely.box(*MODELLED_REGION)
    assert union.area == pytest.approx(region.area, rel=1e-6)
    assert areas.sum() == pytest.approx(union.area, rel=1e-6)


def test_islands_present_and_venezuelan() -> None:
    islands = {
        "Margarita": (-63.95, 11.0),
        "Coche": (-63.95, 10.78),
        "Cubagua": (-64.18, 10.83),
        "La Tortuga": (-65.3, 10.93),
        "La Blanquilla": (-64.6, 11.85),
        "La Orchila": (-66.15, 11.8),
        "Los Testigos": (-63.1, 11.38),
        "Los Monjes": (-70.92, 12.36),
        "Isla de Aves": (-63.618, 15.672),
    }
    zones = load_zones()
    ven_land = shapely.union_all(
        zones.geometry[(zones.zone == "land") & (zones.state == "VEN")].values
    )
    for name, (lon, lat) in islands.items():
        # Each island's land lies within 3 km (geodesic) of the named position.
        assert ven_land.intersects(geodesic_circle(lat=lat, lon=lon, radius_m=3_000)), name


def test_grid_lookup_equals_exact_point_in_polygon() -> None:
    zones = load_zones()
    rng = np.random.default_rng(3)
    lon = rng.uniform(-74, -57, 20_000)
    lat = rng.uniform(6, 17, 20_000)
    geometries = zones.geometry.values.copy()
    shapely.prepare(geometries)
    exact = exact_zone_index(geometries, lon, lat)
    fast = check_points(lat=lat, lon=lon)
    assert (fast.zone.to_numpy() == zones.zone.to_numpy()[exact]).all()


def test_corrupted_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "geo"
    shutil.copytree(paths.GEO_DATA_DIR, copy)
    (copy / "zones.parquet").write_bytes(b"PAR1 not parquet")
    monkeypatch.setattr(paths, "GEO_DATA_DIR", copy)
    clear_caches()
    try:
        with pytest.raises(
            DataFileError, match=r"zones\.parquet: checksum does not match.*make data"
        ):
            load_zones()
        (copy / "zone_grid.npz").unlink()
        with pytest.raises(DataFileError, match=r"zone_grid\.npz: missing data file.*make data"):
            load_zone_grid()
    finally:
        monkeypatch.undo()
        clear_caches()
