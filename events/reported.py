"""The area a strike's ``position_reported`` sentence stands for (issue 11).

A strike whose source gives its position as a sentence ("approximately 400 nautical miles
southwest of the Mexico/Guatemala border") takes its area from that sentence, built
geodesically by :mod:`geo.areas`, instead of a hand-computed centre and circle. The record's
latitude, longitude and radius, where given, stay as the strike's representative point; the
verdict (:mod:`events.verdicts`) and the map (:mod:`mapview.strikes`) use the area.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # geo.areas loads shapely and pyproj: imported when an area is built
    from geo.areas import ReportedArea

#: Distinct sentences kept built per process (the record holds four).
_AREA_CACHE_SIZE = 256


@lru_cache(maxsize=_AREA_CACHE_SIZE)
def reported_area_of(text: str) -> ReportedArea:
    """Build the area of one ``position_reported`` sentence (cached per sentence).

    Parameters
    ----------
    text : str
        A sentence the record's validation accepted.

    Returns
    -------
    geo.areas.ReportedArea
        Its lon/lat geometry (sea and land; verdicts take the sea part) and representative point.

    Raises
    ------
    geo.reported.ReportedPositionError
        The sentence cannot be read (never for a validated record).

    """
    from geo.areas import reported_area
    from geo.reported import parse_reported

    return reported_area(parse_reported(text))


def position_reported_text(value: object) -> str | None:
    """The sentence of a ``position_reported`` cell, or ``None`` when it is empty or missing."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value


def reported_areas(frame: pd.DataFrame) -> list[ReportedArea | None]:
    """The area of each strike's ``position_reported`` sentence, ``None`` for rows without one.

    Parameters
    ----------
    frame : pandas.DataFrame
        Strikes, as loaded or filtered (a frame without the column has no sentences).

    Returns
    -------
    list[geo.areas.ReportedArea | None]
        One entry per row, in order.

    """
    if "position_reported" not in frame:
        return [None] * len(frame)
    out: list[ReportedArea | None] = []
    for value in frame["position_reported"]:
        text = position_reported_text(value)
        out.append(None if text is None else reported_area_of(text))
    return out
