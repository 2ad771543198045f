"""Territorial-waters verdict of each strike, computed by ``geo/`` against the strike's area.

A strike whose source states its position as a sentence (``position_reported``, e.g. "126
nautical miles off Costa Rica's southern port town of Golfito") is judged over the area that
sentence stands for (:mod:`events.reported`, built by :mod:`geo.areas`), whatever its recorded
point and radius. Otherwise a strike's geometry is its uncertainty circle (approximate
position), its point (exact) or its reporting-area polygon (region-only); ``verdict_basis``
says which was used. ``geo.check.territorial_waters_verdict`` answers
``inside`` when the whole geometry lies in Venezuela's territorial waters, ``outside`` when none of
it does, and ``indeterminate`` otherwise, with the geodesic minimum and maximum distance to
Venezuela's baseline in nm. Many strikes share a reporting area, so each distinct geometry is
checked once per call, and the record's own areas come from ``area_verdicts.csv``, written by
``make data`` (:mod:`events.area_verdicts`) while the zone data are unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from events.area_verdicts import StoredVerdict, geometry_key, stored_area_verdicts
from events.reported import reported_areas
from geo.constants import WGS84, Verdict

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

VERDICT_COLUMNS: tuple[str, ...] = (
    "verdict",
    "min_distance_nm",
    "max_distance_nm",
    "verdict_basis",
)
#: What a verdict was computed over (column ``verdict_basis``).
BASIS_REPORTED = "position_reported"
BASIS_GEOMETRY = "geometry"
BASIS_NONE = "none"
#: Verdict of a strike that has no geometry at all (neither position nor reporting area).
NO_GEOMETRY_VERDICT: Verdict = "indeterminate"


def judged_geometries(frame: gpd.GeoDataFrame) -> list[tuple[BaseGeometry | None, str]]:
    """What each row is judged over and its ``verdict_basis``.

    A row with a ``position_reported`` sentence is judged over the sentence's area, any other
    row over its lon/lat ``geometry``, or over nothing (``None``).
    """
    if frame.crs is not None and not frame.crs.equals(WGS84):
        frame = frame.to_crs(WGS84)
    judged: list[tuple[BaseGeometry | None, str]] = []
    for geometry, area in zip(frame.geometry, reported_areas(frame), strict=True):
        if area is not None:
            judged.append((None if area.geometry.is_empty else area.geometry, BASIS_REPORTED))
        elif geometry is None or geometry.is_empty:
            judged.append((None, BASIS_NONE))
        else:
            judged.append((geometry, BASIS_GEOMETRY))
    return judged


def verdicts_by_geometry(
    geometries: Iterable[BaseGeometry | None], *, stored: bool = True
) -> dict[str, StoredVerdict]:
    """The verdict and distance range of each distinct geometry, by :func:`geometry_key`.

    ``stored`` takes those in ``area_verdicts.csv`` from there; ``False`` computes every one
    (as ``make data`` does to write that file).
    """
    from geo.check import territorial_waters_verdict

    by_key: dict[str, StoredVerdict] = dict(stored_area_verdicts()) if stored else {}
    for geometry in geometries:
        if geometry is None:
            continue
        key = geometry_key(geometry)
        if key not in by_key:
            result = territorial_waters_verdict(geometry)
            by_key[key] = (
                result.verdict,
                float(result.min_distance_nm),
                float(result.max_distance_nm),
            )
    return by_key


def add_verdicts(frame: gpd.GeoDataFrame, *, stored: bool = True) -> gpd.GeoDataFrame:
    """Return a copy of ``frame`` with the verdict columns (:data:`VERDICT_COLUMNS`).

    A row with a ``position_reported`` sentence is judged over the sentence's area
    (``verdict_basis`` = ``position_reported``); any other row over its ``geometry``
    (``geometry``), or not at all (``none``).

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Strikes with a lon/lat ``geometry`` (EPSG:4326), e.g. from
        :func:`events.load.load_strikes`.
    stored : bool
        See :func:`verdicts_by_geometry`.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows with the verdict columns; a row with neither a sentence nor a geometry
        is ``indeterminate`` with NaN distances.

    """
    judged = judged_geometries(frame)
    by_key = verdicts_by_geometry((geometry for geometry, _ in judged), stored=stored)
    outcomes = [
        (NO_GEOMETRY_VERDICT, math.nan, math.nan)
        if geometry is None
        else by_key[geometry_key(geometry)]
        for geometry, _ in judged
    ]
    result_frame = frame.copy()
    result_frame["verdict"] = pd.Series([o[0] for o in outcomes], index=frame.index, dtype="str")
    result_frame["min_distance_nm"] = pd.Series(
        [o[1] for o in outcomes], index=frame.index, dtype="float64"
    )
    result_frame["max_distance_nm"] = pd.Series(
        [o[2] for o in outcomes], index=frame.index, dtype="float64"
    )
    result_frame["verdict_basis"] = pd.Series(
        [basis for _, basis in judged], index=frame.index, dtype="str"
    )
    return result_frame
