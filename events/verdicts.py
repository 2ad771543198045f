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
checked once per call; nothing is cached between calls.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd

from events.reported import reported_areas
from geo.constants import WGS84, Verdict

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


def add_verdicts(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``frame`` with the verdict columns (:data:`VERDICT_COLUMNS`).

    A row with a ``position_reported`` sentence is judged over the sentence's area
    (``verdict_basis`` = ``position_reported``); any other row over its ``geometry``
    (``geometry``), or not at all (``none``).

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Strikes with a lon/lat ``geometry`` (EPSG:4326), e.g. from
        :func:`events.load.load_strikes`.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows with the verdict columns; a row with neither a sentence nor a geometry
        is ``indeterminate`` with NaN distances.

    """
    from geo.check import territorial_waters_verdict

    if frame.crs is not None and not frame.crs.equals(WGS84):
        frame = frame.to_crs(WGS84)
    by_wkb: dict[bytes, tuple[Verdict, float, float]] = {}
    verdicts: list[Verdict] = []
    minimum_nm: list[float] = []
    maximum_nm: list[float] = []
    bases: list[str] = []
    for geometry, area in zip(frame.geometry, reported_areas(frame), strict=True):
        if area is not None:
            geometry = area.geometry
        bases.append(
            BASIS_REPORTED
            if area is not None
            else BASIS_NONE
            if geometry is None or geometry.is_empty
            else BASIS_GEOMETRY
        )
        if geometry is None or geometry.is_empty:
            outcome = (NO_GEOMETRY_VERDICT, math.nan, math.nan)
        else:
            key = geometry.wkb
            if key not in by_wkb:
                result = territorial_waters_verdict(geometry)
                by_wkb[key] = (
                    result.verdict,
                    float(result.min_distance_nm),
                    float(result.max_distance_nm),
                )
            outcome = by_wkb[key]
        verdicts.append(outcome[0])
        minimum_nm.append(outcome[1])
        maximum_nm.append(outcome[2])
    result_frame = frame.copy()
    result_frame["verdict"] = pd.Series(verdicts, index=frame.index, dtype="str")
    result_frame["min_distance_nm"] = pd.Series(minimum_nm, index=frame.index, dtype="float64")
    result_frame["max_distance_nm"] = pd.Series(maximum_nm, index=frame.index, dtype="float64")
    result_frame["verdict_basis"] = pd.Series(bases, index=frame.index, dtype="str")
    return result_frame
