"""Territorial-waters verdict of each strike, computed by ``geo/`` against the strike's area.

A strike's geometry is its uncertainty circle (approximate position), its point (exact) or its
reporting-area polygon (region-only). ``geo.check.territorial_waters_verdict`` answers
``inside`` when the whole geometry lies in Venezuela's territorial waters, ``outside`` when none of
it does, and ``indeterminate`` otherwise, with the geodesic minimum and maximum distance to
Venezuela's baseline in nm. Many strikes share a reporting area, so each distinct geometry is
checked once per call; nothing is cached between calls.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd

from geo.constants import WGS84, Verdict

VERDICT_COLUMNS: tuple[str, ...] = ("verdict", "min_distance_nm", "max_distance_nm")
#: Verdict of a strike that has no geometry at all (neither position nor reporting area).
NO_GEOMETRY_VERDICT: Verdict = "indeterminate"


def add_verdicts(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``frame`` with ``verdict``, ``min_distance_nm`` and ``max_distance_nm``.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Strikes with a lon/lat ``geometry`` (EPSG:4326), e.g. from
        :func:`events.load.load_strikes`.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows with the three verdict columns; a row without geometry is
        ``indeterminate`` with NaN distances.

    """
    from geo.check import territorial_waters_verdict

    if frame.crs is not None and not frame.crs.equals(WGS84):
        frame = frame.to_crs(WGS84)
    by_wkb: dict[bytes, tuple[Verdict, float, float]] = {}
    verdicts: list[Verdict] = []
    minimum_nm: list[float] = []
    maximum_nm: list[float] = []
    for geometry in frame.geometry:
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
    return result_frame
