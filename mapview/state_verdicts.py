"""Which state's waters a strike is in or near: the fields the popups name.

For every strike with a position (not region-only), ``geo`` answers over the whole theatre:

- ``nearest_state`` and ``nearest_state_distance_nm``: the state whose baseline is nearest to the
  reported position (:func:`geo.check.check_points`), geodesic nm;
- ``any_state_verdict`` and ``states_touched``: inside / outside / indeterminate for any state's
  internal waters or territorial sea over the strike's geometry (its uncertainty area,
  :func:`geo.area_check.any_state_verdict`), or at the point itself for an exact position.

A region-only strike's reporting area spans many states' waters, so it gets none of these
(the popup then shows only Venezuela's verdict, as before). Each distinct geometry is checked once.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.constants import TERRITORIAL_WATERS_ZONES, UNKNOWN_ZONE, WGS84, Verdict

STATE_VERDICT_COLUMNS: Final = (
    "nearest_state",
    "nearest_state_distance_nm",
    "any_state_verdict",
    "states_touched",
)
_REGION_ONLY: Final = "region-only"
_AREA_TYPES: Final = frozenset({"Polygon", "MultiPolygon"})


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def add_state_verdicts(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``frame`` with the columns of :data:`STATE_VERDICT_COLUMNS`.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Strikes with ``latitude``, ``longitude``, ``location_precision`` and a lon/lat geometry
        (the uncertainty area of a positioned strike), e.g. from ``events.load.load_strikes``.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows; rows without a position hold ``None`` / NaN / an empty tuple.

    """
    from geo.area_check import any_state_verdict
    from geo.check import check_points

    if frame.crs is not None and not frame.crs.equals(WGS84):
        frame = frame.to_crs(WGS84)
    result = frame.copy()
    nearest: list[str | None] = [None] * len(frame)
    distance_nm = np.full(len(frame), np.nan)
    verdicts: list[Verdict | None] = [None] * len(frame)
    touched: list[tuple[str, ...]] = [()] * len(frame)
    latitude = pd.to_numeric(_column(frame, "latitude"), errors="coerce")
    longitude = pd.to_numeric(_column(frame, "longitude"), errors="coerce")
    positioned = (
        latitude.notna().to_numpy()
        & longitude.notna().to_numpy()
        & (_column(frame, "location_precision") != _REGION_ONLY).to_numpy()
    )
    rows = np.flatnonzero(positioned)
    if len(rows):
        points = check_points(
            lat=latitude.to_numpy(float)[rows], lon=longitude.to_numpy(float)[rows]
        )
        by_wkb: dict[bytes, tuple[Verdict, tuple[str, ...]]] = {}
        for position, row in enumerate(rows):
            checked = points.iloc[position]
            nearest[row] = str(checked["nearest_state"])
            distance_nm[row] = float(checked["nearest_state_distance_nm"])
            geometry = frame.geometry.iloc[row]
            if geometry is not None and not geometry.is_empty and geometry.geom_type in _AREA_TYPES:
                key = geometry.wkb
                if key not in by_wkb:
                    by_wkb[key] = any_state_verdict(geometry)
                verdicts[row], touched[row] = by_wkb[key]
            else:
                zone, state = str(checked["zone"]), checked["state"]
                inside = zone in TERRITORIAL_WATERS_ZONES
                verdicts[row] = (
                    "indeterminate" if zone == UNKNOWN_ZONE else "inside" if inside else "outside"
                )
                touched[row] = (str(state),) if inside and isinstance(state, str) else ()
    result["nearest_state"] = pd.Series(nearest, index=frame.index, dtype=object)
    result["nearest_state_distance_nm"] = pd.Series(distance_nm, index=frame.index)
    result["any_state_verdict"] = pd.Series(verdicts, index=frame.index, dtype=object)
    result["states_touched"] = pd.Series(touched, index=frame.index, dtype=object)
    return result
