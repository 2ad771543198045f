"""Filter the strike frame by date, region, location precision and status.

How a strike is dated for filtering
-----------------------------------
Each strike has a ``date`` (the strike day; or, flagged by ``date_basis``, a day inferred from
publication or the announcement) and a window ``date_earliest``..``date_latest`` (equal to
``date`` for an exact date). A date filter is inclusive at both ends and, by default
(``uncertain_dates="recorded-date"``), counts a strike by its recorded ``date``: that is how the
published running totals count S064, whose date is only "a Wednesday" between 19 Mar and 11 Apr
2026 and whose recorded date is 1 Apr. ``"any-overlap"`` keeps a strike whenever any day of its
window is in range; ``"entirely-within"`` only when its whole window is. Whatever the rule, the
result's ``date_window_crosses_filter`` column flags the strikes whose window reaches past an edge
of the filter, so that the UI can say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal, get_args

import geopandas as gpd
import pandas as pd

from events.schema import (
    LOCATION_PRECISIONS,
    REGIONS,
    STATUSES,
    LocationPrecision,
    Region,
    Status,
)

UncertainDateRule = Literal["recorded-date", "any-overlap", "entirely-within"]
UNCERTAIN_DATE_RULES: tuple[UncertainDateRule, ...] = get_args(UncertainDateRule)
#: Added to a filtered frame: the strike's date window reaches past an edge of the filter.
CROSSES_FILTER_COLUMN = "date_window_crosses_filter"


def _as_timestamp(value: dt.date | str | None, *, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name}: got {value!r}; expected a date YYYY-MM-DD") from error


def _check_values(name: str, wanted: Collection[str] | None, known: Collection[str]) -> None:
    if wanted is None:
        return
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise ValueError(f"{name}: unknown value(s) {unknown}; expected some of {sorted(known)}")


@dataclass(frozen=True)
class StrikeFilter:
    """The values of the dashboard's filter (each bound inclusive; ``None`` = no constraint).

    Attributes
    ----------
    date_from, date_to : datetime.date | None
        First and last day.
    regions : tuple[Region, ...] | None
        Allowed regions.
    precisions : tuple[LocationPrecision, ...] | None
        Allowed location precisions.
    statuses : tuple[Status, ...] | None
        Allowed statuses.

    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    regions: tuple[Region, ...] | None = None
    precisions: tuple[LocationPrecision, ...] | None = None
    statuses: tuple[Status, ...] | None = None

    def apply(self, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """The strikes of ``frame`` that pass the filter (see :func:`filter_strikes`)."""
        return filter_strikes(
            frame,
            date_from=self.date_from,
            date_to=self.date_to,
            regions=self.regions,
            precisions=self.precisions,
            statuses=self.statuses,
        )


def filter_strikes(
    frame: gpd.GeoDataFrame,
    *,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    regions: Collection[str] | None = None,
    precisions: Collection[str] | None = None,
    statuses: Collection[str] | None = None,
    reporting_areas: Collection[str] | None = None,
    uncertain_dates: UncertainDateRule = "recorded-date",
) -> gpd.GeoDataFrame:
    """Select strikes; every bound is inclusive and ``None`` means no constraint.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Strikes, as from :func:`events.load.load_strikes`.
    date_from, date_to : datetime.date | str | None
        First and last day to keep (ISO strings accepted).
    regions : Collection[str] | None
        Regions to keep (``Caribbean``, ``Eastern Pacific``).
    precisions : Collection[str] | None
        Location precisions to keep (``exact``, ``approximate``, ``region-only``).
    statuses : Collection[str] | None
        Statuses to keep (``confirmed``, ``headline-only``, ``low-confidence``,
        ``unconfirmed``).
    reporting_areas : Collection[str] | None
        Reporting-area ids to keep.
    uncertain_dates : {"recorded-date", "any-overlap", "entirely-within"}
        How a strike dated by a window is matched against the date range (module docstring).

    Returns
    -------
    geopandas.GeoDataFrame
        The selected rows (a copy, original order) with the added boolean column
        ``date_window_crosses_filter``.

    Raises
    ------
    ValueError
        On an unparsable date, ``date_from`` after ``date_to``, an unknown rule, or a value
        that no strike can have.

    """
    start = _as_timestamp(date_from, name="date_from")
    end = _as_timestamp(date_to, name="date_to")
    if start is not None and end is not None and start > end:
        raise ValueError(f"date_from {start.date()} is after date_to {end.date()}")
    if uncertain_dates not in UNCERTAIN_DATE_RULES:
        raise ValueError(
            f"uncertain_dates: got {uncertain_dates!r}; expected one of {UNCERTAIN_DATE_RULES}"
        )
    _check_values("regions", regions, REGIONS)
    _check_values("precisions", precisions, LOCATION_PRECISIONS)
    _check_values("statuses", statuses, STATUSES)

    recorded = frame["date"]
    earliest = frame["date_earliest"].fillna(recorded)
    latest = frame["date_latest"].fillna(recorded)
    if uncertain_dates == "recorded-date":
        first_day, last_day = recorded, recorded
    elif uncertain_dates == "any-overlap":
        first_day, last_day = latest, earliest
    else:
        first_day, last_day = earliest, latest

    keep = pd.Series(True, index=frame.index)
    crosses = pd.Series(False, index=frame.index)
    if start is not None:
        keep &= first_day >= start
        crosses |= earliest < start
    if end is not None:
        keep &= last_day <= end
        crosses |= latest > end
    for column, wanted in (
        ("region", regions),
        ("location_precision", precisions),
        ("status", statuses),
        ("reporting_area", reporting_areas),
    ):
        if wanted is not None:
            keep &= frame[column].isin(list(wanted))
    selected = frame.loc[keep].copy()
    selected[CROSSES_FILTER_COLUMN] = crosses.loc[keep].to_numpy(dtype=bool)
    return selected
