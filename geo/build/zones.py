"""Maritime zones as a partition of the modelled region: one row per (zone, state, dispute).

For each claimant ``c`` with equidistance cell ``C`` (after treaty lines replace the median
line where we have their turning points) and geodesic buffers ``B12``, ``B24``, ``B200`` of its
coast:

- territorial sea  = B12 ∩ C − land − internal waters
- contiguous zone  = B24 ∩ C − B12 − ... (Venezuela only; neighbours' contiguous zones are
  not modelled, see the README)
- EEZ              = B200 ∩ C − the above
- high seas        = the rest of the sea in the region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geo.build._shapes import polygons_only
from geo.build.claimants import Claimant
from geo.constants import EEZ_NM, METRES_PER_NM, TERRITORIAL_SEA_M, VENEZUELA, WGS84

GULF_OF_VENEZUELA_NOTE = (
    "Gulf of Venezuela: the maritime boundary with Colombia is undelimited (talks since 1965); "
    "Venezuela treats the waters south of the Castilletes parallel as internal waters. The "
    "equidistance line shown is for reference only."
)


@dataclass(frozen=True)
class TreatySides:
    """Which side of a treaty line belongs to which group of claimants."""

    name: str
    side_a: BaseGeometry
    group_a: tuple[str, ...]
    side_b: BaseGeometry
    group_b: tuple[str, ...]


def apply_treaty(
    cells: dict[str, BaseGeometry],
    treaty: TreatySides,
    *,
    split_group: Callable[[tuple[str, ...], BaseGeometry], dict[str, BaseGeometry]],
) -> dict[str, BaseGeometry]:
    """Move what equidistance gave one party on the other party's side of the treaty line.

    ``split_group(group, area)`` shares an area among the claimants of a group (by equidistance
    among them only).
    """
    out = dict(cells)
    for side, winners, losers in (
        (treaty.side_a, treaty.group_a, treaty.group_b),
        (treaty.side_b, treaty.group_b, treaty.group_a),
    ):
        taken = [shapely.intersection(out[c], side) for c in losers if c in out]
        area = shapely.union_all(taken) if taken else Polygon()
        if area.is_empty:
            continue
        for c in losers:
            if c in out:
                out[c] = shapely.difference(out[c], side)
        shares = {winners[0]: area} if len(winners) == 1 else split_group(winners, area)
        for c, share in shares.items():
            out[c] = shapely.union(out.get(c, Polygon()), share)
    return out


def build_zones(
    *,
    claimants: list[Claimant],
    cells: dict[str, BaseGeometry],
    buffers: Callable[[str, float], BaseGeometry],
    land_by_state: gpd.GeoDataFrame,
    internal_waters: BaseGeometry,
    region: Polygon,
    contiguous_zone_nm: float,
    gulf_of_venezuela: BaseGeometry,
) -> gpd.GeoDataFrame:
    """The zone partition of ``region`` (columns zone, state, disputed, note, geometry).

    ``buffers(claimant, distance_m)`` returns the geodesic buffer of a claimant's coast.
    """
    land = shapely.union_all(land_by_state.geometry.values)
    not_sea = shapely.union(land, internal_waters)
    rows: list[tuple[str, str | None, bool, str, BaseGeometry]] = []
    for c in claimants:
        cell = cells.get(c.claimant)
        if cell is None or cell.is_empty:
            continue
        sea_cell = shapely.difference(shapely.intersection(cell, region), not_sea)
        inner = shapely.intersection(sea_cell, buffers(c.claimant, TERRITORIAL_SEA_M))
        note = c.note if c.disputed else ""
        rows.append(("territorial_sea", c.state, c.disputed, note, inner))
        claimed = inner
        if c.state == VENEZUELA:
            cz = shapely.intersection(
                sea_cell, buffers(c.claimant, contiguous_zone_nm * METRES_PER_NM)
            )
            rows.append(
                ("contiguous_zone", c.state, c.disputed, note, shapely.difference(cz, claimed))
            )
            claimed = shapely.union(claimed, cz)
        eez = shapely.intersection(sea_cell, buffers(c.claimant, EEZ_NM * METRES_PER_NM))
        rows.append(
            (
                "eez",
                c.state,
                c.eez_disputed,
                c.note if c.eez_disputed else "",
                shapely.difference(eez, claimed),
            )
        )
    rows.append(
        (
            "internal_waters",
            VENEZUELA,
            False,
            "Lake Maracaibo and Tablazo Bay, behind the closing line at the bar",
            shapely.intersection(internal_waters, region),
        )
    )
    sea_rows = _split_gulf(rows, gulf_of_venezuela)
    claimed_all = shapely.union_all([g for *_, g in sea_rows])
    high_seas = shapely.difference(shapely.difference(region, not_sea), claimed_all)
    sea_rows = _absorb_slivers(sea_rows, high_seas)
    for state, geom in zip(land_by_state["state"], land_by_state.geometry, strict=True):
        sea_rows.append(("land", state, False, "", shapely.intersection(geom, region)))
    frame = gpd.GeoDataFrame(
        {
            "zone": [r[0] for r in sea_rows],
            "state": [r[1] for r in sea_rows],
            "disputed": [r[2] for r in sea_rows],
            "note": [r[3] for r in sea_rows],
        },
        geometry=[polygons_only(r[4]) for r in sea_rows],
        crs=WGS84,
    )
    frame = frame[~frame.geometry.is_empty]
    merged = frame.dissolve(by=["zone", "state", "disputed", "note"], as_index=False, dropna=False)
    merged["geometry"] = [polygons_only(g) for g in merged.geometry]
    return merged.sort_values(["zone", "state", "disputed"], ignore_index=True)


def mark_essequibo_land(zones: gpd.GeoDataFrame, essequibo: Claimant) -> gpd.GeoDataFrame:
    """Split Guyana's land row so that the Essequibo land carries ``disputed`` and its note."""
    rows = []
    for row in zones.itertuples(index=False):
        if row.zone == "land" and row.state == essequibo.state:
            inside = shapely.intersection(row.geometry, essequibo.land)
            outside = shapely.difference(row.geometry, essequibo.land)
            rows.append(("land", row.state, True, essequibo.note, polygons_only(inside)))
            rows.append(("land", row.state, False, "", polygons_only(outside)))
        else:
            rows.append((row.zone, row.state, row.disputed, row.note, row.geometry))
    frame = gpd.GeoDataFrame(
        rows, columns=["zone", "state", "disputed", "note", "geometry"], crs=WGS84
    )
    return frame[~frame.geometry.is_empty].sort_values(
        ["zone", "state", "disputed"], ignore_index=True
    )


def _split_gulf(
    rows: list[tuple[str, str | None, bool, str, BaseGeometry]], gulf: BaseGeometry
) -> list[tuple[str, str | None, bool, str, BaseGeometry]]:
    out = []
    for zone, state, disputed, note, geom in rows:
        if zone == "internal_waters":
            out.append((zone, state, disputed, note, geom))
            continue
        inside = shapely.intersection(geom, gulf)
        outside = shapely.difference(geom, gulf)
        out.append((zone, state, disputed, note, outside))
        out.append((zone, state, True, GULF_OF_VENEZUELA_NOTE, inside))
    return out


#: High-seas pieces smaller than this (square degrees, about 1 ha) are overlay slivers between
#: two zones' edges, not high seas: they join the zone they share most edge with.
_SLIVER_DEG2 = 1e-6


def _absorb_slivers(
    rows: list[tuple[str, str | None, bool, str, BaseGeometry]], high_seas: BaseGeometry
) -> list[tuple[str, str | None, bool, str, BaseGeometry]]:
    parts = [p for p in shapely.get_parts(polygons_only(high_seas))]
    slivers = [p for p in parts if p.area < _SLIVER_DEG2]
    kept = [p for p in parts if p.area >= _SLIVER_DEG2]
    geoms = [r[4] for r in rows]
    tree = shapely.STRtree(geoms)
    for sliver in slivers:
        edge = shapely.boundary(sliver)
        candidates = tree.query(sliver, predicate="dwithin", distance=1e-7)
        if len(candidates) == 0:
            kept.append(sliver)
            continue
        best = max(
            candidates,
            key=lambda i: shapely.intersection(edge, shapely.buffer(geoms[i], 1e-7)).length,
        )
        geoms[best] = shapely.union(geoms[best], sliver)
    result = [(*row[:4], geom) for row, geom in zip(rows, geoms, strict=True)]
    result.append(("high_seas", None, False, "", shapely.union_all(kept) if kept else Polygon()))
    return result
