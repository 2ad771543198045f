"""Totals of a selection of strikes, as printed by ``python -m events summary --json``.

Counting rules: a row is one vessel engagement; ``strikes`` counts the rows whose ``counted`` is
true (every status but ``unconfirmed``), ``vessels`` sums their vessels (S012 hit two boats side
by side in one strike). ``killed`` is deaths as announced; ``presumed_dead`` are survivors never
found, kept apart; ``dead_total`` is their sum. Unconfirmed rows (S005) enter no total and are
listed under ``excluded_unconfirmed``. A count that is not reported (empty) adds nothing and is
counted under ``unknown_counts``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from events.filters import CROSSES_FILTER_COLUMN
from events.schema import COUNT_COLUMNS, REGIONS

#: Summary key for each count column of the frame.
_TOTAL_KEYS = {
    "vessels": "vessels",
    "deaths": "killed",
    "presumed_dead": "presumed_dead",
    "survivors": "survivors",
}
DATE_COUNTING_RULE = (
    "Strikes are dated by their recorded date; a strike known only within a window of days "
    "(e.g. S069, 19 or 20 Sep 2026, recorded 19 Sep) is counted on that recorded date and "
    "listed under dates_uncertain."
)


def _iso(value: Any) -> str | None:
    if value is None or pd.isna(value):
        return None
    return str(pd.Timestamp(value).date().isoformat())


def _totals(frame: pd.DataFrame) -> dict[str, Any]:
    counted = frame[frame["counted"]]
    totals: dict[str, Any] = {"strikes": len(counted)}
    for column, key in _TOTAL_KEYS.items():
        totals[key] = int(counted[column].fillna(0).sum())
    totals["dead_total"] = totals["killed"] + totals["presumed_dead"]
    totals["date_range"] = {
        "from": _iso(counted["date"].min()) if len(counted) else None,
        "to": _iso(counted["date"].max()) if len(counted) else None,
    }
    return totals


def summarise(
    frame: pd.DataFrame,
    *,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
) -> dict[str, Any]:
    """Total a selection of strikes.

    Parameters
    ----------
    frame : pandas.DataFrame
        Strikes (already filtered), as from :func:`events.load.load_strikes`.
    date_from, date_to : datetime.date | str | None
        The filter bounds used, echoed under ``filter``; they do not filter again.

    Returns
    -------
    dict
        ``strikes``, ``vessels``, ``killed``, ``presumed_dead``, ``survivors``, ``dead_total``,
        ``date_range`` ({"from", "to"}: first and last counted strike date), ``by_region``
        (region name -> the same keys; every known region is present), ``excluded_unconfirmed``
        (number), ``excluded_ids``, ``unknown_counts`` (column -> rows with no value among the
        counted), ``strikes_lacking_casualties`` and ``casualties_unknown_ids`` (counted
        strikes whose deaths no source states: left empty, never zero), ``dates_uncertain``
        (ids dated by a window), ``date_window_crosses_filter``
        (ids whose window reaches past a filter edge), ``filter`` and ``counting_rule``.

    """
    summary = _totals(frame)
    summary["by_region"] = {region: _totals(frame[frame["region"] == region]) for region in REGIONS}
    excluded = frame[~frame["counted"]]
    counted = frame[frame["counted"]]
    summary["excluded_unconfirmed"] = len(excluded)
    summary["excluded_ids"] = [str(value) for value in excluded["id"]]
    summary["unknown_counts"] = {
        column: int(counted[column].isna().sum()) for column in COUNT_COLUMNS
    }
    uncertain = counted[counted["date_precision"] != "exact"]
    lacking = counted[counted["deaths"].isna()]
    summary["strikes_lacking_casualties"] = len(lacking)
    summary["casualties_unknown_ids"] = [str(value) for value in lacking["id"]]
    summary["dates_uncertain"] = [str(value) for value in uncertain["id"]]
    crossing = (
        counted[counted[CROSSES_FILTER_COLUMN]]["id"] if CROSSES_FILTER_COLUMN in counted else []
    )
    summary["date_window_crosses_filter"] = [str(value) for value in crossing]
    summary["filter"] = {
        "from": None if date_from is None else _iso(date_from),
        "to": None if date_to is None else _iso(date_to),
    }
    summary["counting_rule"] = DATE_COUNTING_RULE
    return summary
