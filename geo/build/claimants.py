"""Claimants: pieces of land that generate maritime zones, with the state and any dispute.

Most claimants are a whole state's land. Three are split out because their zones carry a
different legal status:

- ``VEN``: Venezuela's land with Lake Maracaibo and Tablazo Bay (internal waters) filled in, so
  that the closing line is part of its baseline;
- ``VEN-AVES``: Isla de Aves, whose territorial sea is Venezuelan but whose claim to an EEZ is
  disputed by Dominica and other Eastern Caribbean states (Venezuela rejects UNCLOS Art. 121(3));
- ``GUY-ESSEQUIBO``: the land west of the Essequibo River administered by Guyana and claimed by
  Venezuela (1899 award rejected; ICJ case since 2018); its land and sea are ``disputed``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from geo.constants import VENEZUELA, WGS84


def read_zone_notes(path: Path) -> dict[str, str]:
    """The notes that zones carry, by key (``zone_notes.csv``: key, note, source)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["key"]: row["note"] for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class Claimant:
    """A piece of land that generates maritime zones."""

    claimant: str
    state: str
    land: BaseGeometry
    disputed: bool = False
    eez_disputed: bool = False
    note: str = ""


def read_essequibo_line(path: Path) -> LineString:
    """The approximate Essequibo River line, north to south, in lon/lat."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: int(r["order"]))
    return LineString([(float(r["lon"]), float(r["lat"])) for r in rows])


def _west_of(line: LineString, *, west_lon: float) -> Polygon:
    coords = list(line.coords)
    return Polygon([*coords, (west_lon, coords[-1][1]), (west_lon, coords[0][1])])


def split_claimants(
    land_by_state: gpd.GeoDataFrame,
    *,
    internal_waters: dict[str, BaseGeometry],
    essequibo_line: LineString,
    aves_box: tuple[float, float, float, float],
    notes: dict[str, str],
) -> list[Claimant]:
    """Claimants from land by state (columns ``state``, ``geometry``).

    ``internal_waters`` maps a state to the water it holds behind closing lines (Lake
    Maracaibo, the Gulf of Panama): filled into its land, so that the closing line is part of
    its baseline. ``notes`` is :func:`read_zone_notes`.
    """
    claimants: list[Claimant] = []
    aves_area = shapely.box(*aves_box)
    for state, land in zip(land_by_state["state"], land_by_state.geometry, strict=True):
        if state in internal_waters:
            land = shapely.union(land, internal_waters[state])
        if state == VENEZUELA:
            aves = shapely.intersection(land, aves_area)
            mainland = shapely.difference(land, aves_area)
            claimants.append(Claimant(VENEZUELA, VENEZUELA, mainland))
            claimants.append(
                Claimant("VEN-AVES", VENEZUELA, aves, eez_disputed=True, note=notes["aves_eez"])
            )
        elif state == "GUY":
            west = _west_of(essequibo_line, west_lon=-62.0)
            claimants.append(Claimant("GUY", state, shapely.difference(land, west)))
            claimants.append(
                Claimant(
                    "GUY-ESSEQUIBO",
                    state,
                    shapely.intersection(land, west),
                    disputed=True,
                    eez_disputed=True,
                    note=notes["essequibo"],
                )
            )
        else:
            claimants.append(Claimant(state, state, land))
    return [c for c in claimants if not c.land.is_empty]


def claimants_frame(claimants: list[Claimant]) -> gpd.GeoDataFrame:
    """Claimants as a GeoDataFrame (one row each)."""
    return gpd.GeoDataFrame(
        {
            "claimant": [c.claimant for c in claimants],
            "state": [c.state for c in claimants],
            "disputed": [c.disputed for c in claimants],
            "eez_disputed": [c.eez_disputed for c in claimants],
            "note": [c.note for c in claimants],
        },
        geometry=[c.land for c in claimants],
        crs=WGS84,
    )
