"""The check of a reported position: the usual point fields plus verdicts over its area.

``check_reported("126 nm off Golfito")`` reads the sentence (:mod:`geo.reported`), builds its
area (:mod:`geo.areas`) and answers, over the area's sea:

- ``verdict`` with ``min_distance_nm`` / ``max_distance_nm``: Venezuela's territorial waters,
  by :func:`geo.check.territorial_waters_verdict` (the uncertainty-circle machinery);
- ``any_state_verdict`` and ``states_touched``: any state's internal waters or territorial sea,
  over the states the zone data models; where part of the area lies outside the modelled
  region nothing is known there, so an area that is not wholly inside is ``indeterminate``;
- ``zones_touched``: each zone and state the area's sea reaches with its share of the sea's
  geodesic area (``unknown`` for the part outside the modelled region).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from geo.areas import ReportedArea, reported_area
from geo.check import (
    ADDED_COLUMNS,
    PointCheck,
    check_point,
    land_within,
    territorial_waters_verdict,
)
from geo.constants import (
    METRES_PER_NM,
    MODELLED_REGION,
    TERRITORIAL_WATERS_ZONES,
    UNKNOWN_ZONE,
    Verdict,
)
from geo.data import load_zone_table
from geo.geodesy import GEOD
from geo.names import state_name, zone_phrase
from geo.reported import ReportedPosition, parse_reported

#: Shares are given to 0.1 %; smaller slivers (edge effects of polygon clipping) are dropped
#: from ``zones_touched`` but still count in the total.
SHARE_DECIMALS: Final = 3
#: GeoJSON coordinates of ``area`` (about 1 m).
AREA_COORD_DECIMALS: Final = 5


@dataclass(frozen=True)
class ZoneShare:
    """One zone of one state that the area's sea reaches, and its share of that sea."""

    zone: str
    state: str | None
    share: float


@dataclass(frozen=True)
class AreaVerdicts:
    """The verdicts over a whole area."""

    verdict: Verdict
    min_distance_nm: float
    max_distance_nm: float
    any_state_verdict: Verdict
    states_touched: tuple[str, ...]
    zones_touched: tuple[ZoneShare, ...]
    sea_area_km2: float


@lru_cache(maxsize=1)
def _territorial_waters_parts() -> tuple[
    npt.NDArray[np.object_], npt.NDArray[np.object_], shapely.STRtree
]:
    """Every polygon of any state's internal waters or territorial sea, its state, an index.

    Shared waters (a condominium: no state's code) carry the empty string.
    """
    table = load_zone_table()
    rows = np.flatnonzero(np.isin(table.zone, list(TERRITORIAL_WATERS_ZONES)))
    parts, row_of_part = shapely.get_parts(table.geometry[rows], return_index=True)
    states = np.array(
        ["" if table.state[rows[i]] is None else str(table.state[rows[i]]) for i in row_of_part],
        dtype=object,
    )
    return parts, states, shapely.STRtree(parts)


#: Sea left over by cutting an area along the coast that counts as none (floating-point
#: slivers; one square metre).
_SLIVER_M2 = 1.0


def _geodesic_area_m2(geometry: BaseGeometry) -> float:
    if geometry.is_empty:
        return 0.0
    return abs(float(GEOD.geometry_area_perimeter(geometry)[0]))


def any_state_verdict(geometry: BaseGeometry) -> tuple[Verdict, tuple[str, ...]]:
    """Inside / outside / indeterminate for any state's territorial waters over a whole area.

    Also the states whose internal waters or territorial sea the area's sea reaches (the
    shared waters of a condominium count, under no state's code). Where part of the area lies
    outside the modelled region nothing is known there, so it cannot be ``outside``.
    """
    land = land_within(geometry)
    sea = shapely.difference(geometry, land) if not land.is_empty else geometry
    region = shapely.box(*MODELLED_REGION)
    modelled_sea = shapely.intersection(sea, region)
    beyond = not shapely.difference(sea, region).is_empty
    parts, states, tree = _territorial_waters_parts()
    hits = np.sort(tree.query(modelled_sea, predicate="intersects"))
    reached = sorted(set(states[hits]))
    touched = tuple(s for s in reached if s)
    verdict: Verdict
    if not reached:
        verdict = "indeterminate" if beyond else "outside"
    elif (
        not beyond
        and _geodesic_area_m2(
            shapely.difference(
                sea, shapely.union_all(shapely.clip_by_rect(parts[hits], *sea.bounds))
            )
        )
        <= _SLIVER_M2
    ):
        # Not ``covers``: where the area meets the coast, cutting the land out leaves
        # zero-area slivers along it that no zone polygon covers exactly.
        verdict = "inside"
    else:
        verdict = "indeterminate"
    return verdict, touched


def area_verdicts(geometry: BaseGeometry) -> AreaVerdicts:
    """Verdicts over an area (lon/lat): Venezuela's, any state's, and the zones it reaches."""
    venezuela = territorial_waters_verdict(geometry)
    land = land_within(geometry)
    sea = shapely.difference(geometry, land) if not land.is_empty else geometry
    region = shapely.box(*MODELLED_REGION)
    modelled_sea = shapely.intersection(sea, region)
    outside_m2 = _geodesic_area_m2(shapely.difference(sea, region))
    any_verdict, touched = any_state_verdict(geometry)
    sea_m2 = _geodesic_area_m2(sea)
    return AreaVerdicts(
        verdict=venezuela.verdict,
        min_distance_nm=round(venezuela.min_distance_nm, 4),
        max_distance_nm=round(venezuela.max_distance_nm, 4),
        any_state_verdict=any_verdict,
        states_touched=touched,
        zones_touched=_zone_shares(modelled_sea, outside_m2=outside_m2, sea_m2=sea_m2),
        sea_area_km2=round(sea_m2 / 1e6, 1),
    )


def _zone_shares(
    modelled_sea: BaseGeometry, *, outside_m2: float, sea_m2: float
) -> tuple[ZoneShare, ...]:
    table = load_zone_table()
    if sea_m2 <= 0:
        return ()
    # A zone of a state may be several rows (e.g. a disputed part apart): shares are summed.
    by_zone: dict[tuple[str, str | None], float] = {}
    rows = np.flatnonzero(shapely.intersects(table.geometry, modelled_sea) & (table.zone != "land"))
    for row in rows:
        part_m2 = _geodesic_area_m2(shapely.intersection(table.geometry[row], modelled_sea))
        state = table.state[row]
        key = (str(table.zone[row]), None if state is None else str(state))
        by_zone[key] = by_zone.get(key, 0.0) + part_m2
    if outside_m2 > 0:
        by_zone[(UNKNOWN_ZONE, None)] = outside_m2
    shares = [
        ZoneShare(zone, state, round(m2 / sea_m2, SHARE_DECIMALS))
        for (zone, state), m2 in by_zone.items()
    ]
    return tuple(sorted((s for s in shares if s.share > 0), key=lambda s: (-s.share, s.zone)))


@dataclass(frozen=True)
class ReportedCheck:
    """The answer for a reported position (``python -m geo.check --json "126 nm off Golfito"``)."""

    point: PointCheck
    position: ReportedPosition
    area: ReportedArea
    verdicts: AreaVerdicts

    def to_dict(self) -> dict[str, Any]:
        """The JSON: the point fields, ``position_kind``, ``parsed``, ``area`` and verdicts."""
        out = self.point.to_dict()
        verdicts = self.verdicts
        out.update(
            position_kind="reported",
            parsed=parsed_dict(self.position, self.area),
            area=json.loads(
                shapely.to_geojson(
                    shapely.set_precision(self.area.geometry, 10**-AREA_COORD_DECIMALS)
                )
            ),
            verdict=verdicts.verdict,
            min_distance_nm=verdicts.min_distance_nm,
            max_distance_nm=verdicts.max_distance_nm,
            any_state_verdict=verdicts.any_state_verdict,
            states_touched=list(verdicts.states_touched),
            zones_touched=[
                {"zone": z.zone, "state": z.state, "share": z.share} for z in verdicts.zones_touched
            ],
            sea_area_km2=verdicts.sea_area_km2,
        )
        return out


def parsed_dict(position: ReportedPosition, area: ReportedArea) -> dict[str, Any]:
    """What was read: distance and band, bearing sector, relation and place."""
    distance = position.distance
    bearing = position.bearing
    place = position.place
    return {
        "text": position.text,
        "distance": {
            "value": distance.value,
            "unit": distance.unit,
            "hedge": distance.hedge,
            "nominal_nm": round(distance.nominal_m / METRES_PER_NM, 4),
        },
        "band_nm": [round(distance.min_nm, 4), round(distance.max_nm, 4)],
        "bearing": None
        if bearing is None
        else {
            "text": bearing.text,
            "nominal_deg": bearing.nominal_deg,
            "sector_deg": [
                round((bearing.nominal_deg - bearing.half_width_deg) % 360, 4),
                round((bearing.nominal_deg + bearing.half_width_deg) % 360, 4),
            ],
        },
        "relation": position.relation,
        "place": {
            "text": position.place_text,
            "name": place.name,
            "gazetteer_id": place.id,
            "kind": place.kind,
            "state": place.state,
            "lat": place.lat,
            "lon": place.lon,
            "measured_from": area.measured_from,
            "other_matches": list(position.other_matches),
        },
        "set_aside": list(position.set_aside),
        "note": area.note,
    }


def check_reported(text: str) -> ReportedCheck:
    """Read, build and check a reported position.

    Raises
    ------
    geo.reported.ReportedPositionError
        The sentence or its place cannot be read (the message names the part).

    """
    position = parse_reported(text)
    area = reported_area(position)
    point = check_point(lat=area.representative_lat, lon=area.representative_lon)
    return ReportedCheck(point, position, area, area_verdicts(area.geometry))


def describe_reported(result: ReportedCheck) -> str:
    """The answer in one plain sentence (no markup; safe to show as plain text)."""
    position = result.position
    distance = position.distance
    bearing = position.bearing
    where = "on any bearing"
    if bearing is not None:
        low = (bearing.nominal_deg - bearing.half_width_deg) % 360
        high = (bearing.nominal_deg + bearing.half_width_deg) % 360
        where = f"bearing {bearing.text} ({low:g}° to {high:g}°)"
    verdicts = result.verdicts
    touched = ", ".join(state_name(s) for s in verdicts.states_touched)
    any_state = f"any state's territorial waters: {verdicts.any_state_verdict}"
    if touched:
        any_state += f" (it reaches those of {touched})"
    unknown = next((z.share for z in verdicts.zones_touched if z.zone == UNKNOWN_ZONE), 0.0)
    largest = next((z for z in verdicts.zones_touched if z.zone != UNKNOWN_ZONE), None)
    parts = [
        f"{distance.min_nm:.1f} to {distance.max_nm:.1f} nm from {position.place.name}, {where}",
        f"Venezuela's territorial waters: {verdicts.verdict} ({verdicts.min_distance_nm:.1f} to "
        f"{verdicts.max_distance_nm:.1f} nm from its baseline)",
        any_state,
    ]
    if largest is not None:
        parts.append(
            f"largest part: {zone_phrase(zone=largest.zone, state=largest.state)} "
            f"({largest.share:.0%})"
        )
    if unknown:
        parts.append(f"{unknown:.0%} of it lies outside the modelled region")
    return "; ".join(parts) + "."


#: Fields a CSV ``position`` cell adds to its row (see :func:`check_position_text`): the
#: point check's file fields (:data:`geo.check.ADDED_COLUMNS`), then the area's.
POSITION_CSV_FIELDS: Final = (
    *ADDED_COLUMNS,
    "position_kind",
    "verdict",
    "any_state_verdict",
    "states_touched",
    "error",
)


def check_position_text(text: str) -> dict[str, str]:
    """The CSV fields for one ``position`` cell: coordinates or a reported sentence.

    One call per row, for any batch writer (``python -m geo.check --csv`` with a ``position``
    column). Errors do not raise: they fill ``error`` and leave the other fields empty.
    """
    from geo.coords import CoordinateError, parse_position
    from geo.reported import looks_reported

    out = dict.fromkeys(POSITION_CSV_FIELDS, "")
    try:
        try:
            lat, lon = parse_position(text)
        except CoordinateError:
            if not looks_reported(text):
                raise
            reported = check_reported(text)
            point = reported.point
            out.update(
                position_kind="reported",
                verdict=reported.verdicts.verdict,
                any_state_verdict=reported.verdicts.any_state_verdict,
                states_touched=" ".join(reported.verdicts.states_touched),
            )
        else:
            point = check_point(lat=lat, lon=lon)
            out["position_kind"] = "point"
    except (CoordinateError, ValueError) as error:
        out["error"] = str(error)
        return out
    for name in ADDED_COLUMNS:
        value = getattr(point, name)
        if value is None:
            out[name] = ""
        elif isinstance(value, float):
            out[name] = f"{value:.4f}" if name.endswith("_nm") else repr(value)
        else:
            out[name] = str(value)
    return out
