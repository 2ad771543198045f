"""Maritime zones as a partition of the modelled region: one row per (zone, state, dispute).

For each claimant ``c`` with equidistance cell ``C`` (after treaty lines replace the median
line where we have their turning points) and geodesic buffers ``B12``, ``Bcz``, ``B200`` of its
coast:

- territorial sea  = B12 ∩ C − land − internal waters
- contiguous zone  = Bcz ∩ C − B12 (only states that claim one, ``data/geo/claims.csv``)
- EEZ              = B200 ∩ C − the above
- high seas        = the rest of the sea in the region.

Water behind a closing line is internal waters; areas under dispute
(``data/geo/disputed_areas.csv``, the Gulf of Venezuela) carry ``disputed`` and their note,
and a claim the law of the sea does not recognise is a note on the state's zones.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geo.build._shapes import polygons_only
from geo.build.claimants import Claimant
from geo.claims import StateClaim
from geo.constants import METRES_PER_NM, WGS84

Row = tuple[str, str | None, bool, str, BaseGeometry]


@dataclass(frozen=True)
class InternalWaters:
    """Water behind a closing line: a state's internal waters, or shared (``state`` None)."""

    name: str
    state: str | None
    disputed: bool
    note: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class DisputedArea:
    """An area whose zones are flagged ``disputed`` with a note."""

    name: str
    note: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class TreatySides:
    """Which side of a treaty line belongs to which group of claimants."""

    name: str
    side_a: BaseGeometry
    group_a: tuple[str, ...]
    side_b: BaseGeometry
    group_b: tuple[str, ...]


def read_disputed_areas(path: Path) -> list[DisputedArea]:
    """The polygons of ``disputed_areas.csv`` (vertices in order, closed implicitly)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: (r["name"], int(r["order"])))
    areas = []
    for name, group in groupby(rows, key=lambda r: r["name"]):
        vertices = list(group)
        polygon = Polygon([(float(r["lon"]), float(r["lat"])) for r in vertices])
        if not polygon.is_valid:
            raise ValueError(f"{path}: the polygon of {name!r} is not valid")
        areas.append(DisputedArea(name, vertices[0]["note"], polygon))
    return areas


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
    internal_waters: list[InternalWaters],
    region: Polygon,
    claims: dict[str, StateClaim],
    disputed_areas: list[DisputedArea],
) -> gpd.GeoDataFrame:
    """The zone partition of ``region`` (columns zone, state, disputed, note, geometry).

    ``buffers(claimant, distance_m)`` returns the geodesic buffer of a claimant's coast;
    ``claims`` gives each state's breadths (the territorial sea is
    :data:`geo.constants.TERRITORIAL_SEA_M` for 12 nm) and its unrecognised claims.
    """
    land = shapely.union_all(land_by_state.geometry.values)
    water_behind_lines = shapely.union_all([w.geometry for w in internal_waters])
    not_sea = shapely.union(land, water_behind_lines)
    rows: list[Row] = []
    for c in claimants:
        cell = cells.get(c.claimant)
        if cell is None or cell.is_empty:
            continue
        claim = claims[c.state]
        sea_cell = shapely.difference(shapely.intersection(cell, region), not_sea)
        claim_note = claim.unrecognised_claim
        # The territorial sea and the contiguous zone share the belt's dispute and note.
        belt_note = _join(c.note if c.disputed else "", claim_note)
        inner = shapely.intersection(
            sea_cell, buffers(c.claimant, _breadth_m(claim.territorial_sea_nm))
        )
        rows.append(("territorial_sea", c.state, c.disputed, belt_note, inner))
        claimed = inner
        if claim.contiguous_zone_nm is not None:
            cz = shapely.intersection(
                sea_cell, buffers(c.claimant, _breadth_m(claim.contiguous_zone_nm))
            )
            rows.append(
                ("contiguous_zone", c.state, c.disputed, belt_note, shapely.difference(cz, claimed))
            )
            claimed = shapely.union(claimed, cz)
        eez = shapely.intersection(sea_cell, buffers(c.claimant, _breadth_m(claim.eez_nm)))
        rows.append(
            (
                "eez",
                c.state,
                c.eez_disputed,
                _join(c.note if c.eez_disputed else "", claim_note),
                shapely.difference(eez, claimed),
            )
        )
    for water in internal_waters:
        rows.append(
            (
                "internal_waters",
                water.state,
                water.disputed,
                water.note,
                shapely.intersection(water.geometry, region),
            )
        )
    for area in disputed_areas:
        rows = _split_disputed(rows, area)
    claimed_all = shapely.union_all([g for *_, g in rows])
    high_seas = shapely.difference(shapely.difference(region, not_sea), claimed_all)
    sea_rows = _absorb_slivers(rows, high_seas)
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
    return merged.sort_values(["zone", "state", "disputed", "note"], ignore_index=True)


def _breadth_m(nautical_miles: float) -> float:
    # 12 nm is written 22,224 m in the law that fixes it; any breadth is nm x 1,852 m.
    return nautical_miles * METRES_PER_NM


def _join(*notes: str) -> str:
    return " ".join(n for n in notes if n)


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


def _split_disputed(rows: list[Row], area: DisputedArea) -> list[Row]:
    """Cut every sea row by ``area``: the part inside is disputed and carries its note."""
    out: list[Row] = []
    for zone, state, disputed, note, geom in rows:
        if not geom.intersects(area.geometry):
            out.append((zone, state, disputed, note, geom))
            continue
        inside = shapely.intersection(geom, area.geometry)
        outside = shapely.difference(geom, area.geometry)
        out.append((zone, state, disputed, note, outside))
        out.append(
            (zone, state, True, _join(area.note, note) if note != area.note else note, inside)
        )
    return out


#: High-seas pieces smaller than this (square degrees, about 1 ha) are overlay slivers between
#: two zones' edges, not high seas: they join the zone they share most edge with.
_SLIVER_DEG2 = 1e-6


def _absorb_slivers(rows: list[Row], high_seas: BaseGeometry) -> list[Row]:
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
