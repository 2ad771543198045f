"""Filters: inclusive date edges, S064's date window, region, precision and status."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from events.filters import CROSSES_FILTER_COLUMN, filter_strikes
from events.summary import summarise


def _ids(frame: pd.DataFrame) -> list[str]:
    ids: list[str] = frame["id"].tolist()
    return ids


def test_no_filter_keeps_everything(strikes: pd.DataFrame) -> None:
    selected = filter_strikes(strikes)
    assert len(selected) == 70  # 64 + S065-S070 (issue 12)
    assert not selected[CROSSES_FILTER_COLUMN].any()


def test_date_edges_are_inclusive(strikes: pd.DataFrame) -> None:
    assert _ids(filter_strikes(strikes, date_from="2025-09-02", date_to="2025-09-02")) == ["S001"]
    assert _ids(filter_strikes(strikes, date_from="2025-09-03", date_to="2025-09-15")) == ["S002"]
    # S065 (15-17 Jun 2026) was added after S063 in file order (issue 12).
    assert _ids(filter_strikes(strikes, date_from=dt.date(2026, 6, 21), date_to="2026-06-21")) == [
        "S063"
    ]
    assert _ids(filter_strikes(strikes, date_from="2026-06-22", date_to="2026-08-22")) == []
    assert _ids(filter_strikes(strikes, date_from="2026-10-04")) == ["S070"]
    assert _ids(filter_strikes(strikes, date_from="2026-10-05")) == []
    # S012-S014 share 27 Oct 2025: a one-day filter keeps all three.
    assert _ids(filter_strikes(strikes, date_from="2025-10-27", date_to="2025-10-27")) == [
        "S012",
        "S013",
        "S014",
    ]


def test_year_end_edge(strikes: pd.DataFrame) -> None:
    to_31 = filter_strikes(strikes, date_to="2025-12-31")
    to_30 = filter_strikes(strikes, date_to="2025-12-30")
    assert set(_ids(to_31)) - set(_ids(to_30)) == {"S035", "S036"}


def test_s064_is_dated_25_march_and_not_flagged(strikes: pd.DataFrame) -> None:
    # Issue 12: S064's 1 Apr placeholder (window 25 Mar - 8 Apr) became 25 Mar 2026.
    assert "S064" not in _ids(filter_strikes(strikes, date_to="2026-03-24"))
    on_the_day = filter_strikes(strikes, date_to="2026-03-25")
    assert "S064" in _ids(on_the_day)
    assert not on_the_day[CROSSES_FILTER_COLUMN].any()


def test_windowed_strike_counted_on_recorded_date_and_flagged(strikes: pd.DataFrame) -> None:
    # S065: recorded 17 Jun 2026, window 15-17 Jun (stories published 17 Jun).
    before = filter_strikes(strikes, date_to="2026-06-16")
    assert "S065" not in _ids(before)
    after = filter_strikes(strikes, date_from="2026-06-17", date_to="2026-06-17")
    assert _ids(after) == ["S065"]
    assert summarise(after)["date_window_crosses_filter"] == ["S065"]


def test_windowed_strike_other_rules(strikes: pd.DataFrame) -> None:
    # S069: recorded 19 Sep 2026, window 19-20 Sep.
    overlap = filter_strikes(strikes, date_from="2026-09-20", uncertain_dates="any-overlap")
    assert "S069" in _ids(overlap)
    assert "S069" not in _ids(filter_strikes(strikes, date_from="2026-09-20"))
    within = filter_strikes(strikes, date_to="2026-09-19", uncertain_dates="entirely-within")
    assert "S069" not in _ids(within)
    assert "S069" in _ids(
        filter_strikes(strikes, date_to="2026-09-20", uncertain_dates="entirely-within")
    )


def test_overnight_strike_window(strikes: pd.DataFrame) -> None:
    # S011 struck overnight 23-24 Oct 2025, recorded on the 24th.
    selected = filter_strikes(strikes, date_from="2025-10-24", date_to="2025-10-24")
    assert _ids(selected) == ["S011"]
    assert selected[CROSSES_FILTER_COLUMN].tolist() == [True]


def test_region_precision_status_filters(strikes: pd.DataFrame) -> None:
    # Issue 12 added S067, S069, S070 (Caribbean) and S065, S066, S068 (Eastern Pacific).
    assert len(filter_strikes(strikes, regions=["Caribbean"])) == 22  # 21 counted + S005
    assert len(filter_strikes(strikes, regions=["Eastern Pacific"])) == 48  # 47 + S068
    assert _ids(filter_strikes(strikes, precisions=["approximate"])) == [
        "S014",
        "S018",
        "S032",
        "S033",
        "S034",
    ]
    assert filter_strikes(strikes, precisions=["exact"]).empty
    assert _ids(filter_strikes(strikes, statuses=["unconfirmed"])) == ["S005", "S068"]
    # Issue 13 (data version 2026.12.3): nine mirror-only strikes became low-confidence.
    assert _ids(filter_strikes(strikes, statuses=["low-confidence"])) == [
        "S049",
        "S050",
        "S051",
        "S052",
        "S054",
        "S057",
        "S059",
        "S060",
        "S061",
        "S062",
    ]
    assert _ids(filter_strikes(strikes, reporting_areas=["between-venezuela-trinidad"])) == [
        "S001",
        "S006",
    ]


def test_filters_combine(strikes: pd.DataFrame) -> None:
    selected = filter_strikes(
        strikes,
        date_from="2026-01-01",
        date_to="2026-03-31",
        regions=["Caribbean"],
        statuses=["confirmed"],
    )
    # S064 moved from 1 Apr to 25 Mar 2026 (issue 12), inside this range.
    assert _ids(selected) == ["S040", "S043", "S045", "S064"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date_from": "2026-02-30"}, "date_from: got '2026-02-30'; expected a date YYYY-MM-DD"),
        ({"date_from": "2026-02-02", "date_to": "2026-02-01"}, "is after date_to"),
        ({"regions": ["Atlantic"]}, "regions: unknown value(s) ['Atlantic']"),
        ({"precisions": ["precise"]}, "precisions: unknown value(s) ['precise']"),
        ({"statuses": ["maybe"]}, "statuses: unknown value(s) ['maybe']"),
        ({"uncertain_dates": "sometimes"}, "uncertain_dates: got 'sometimes'"),
    ],
)
def test_bad_filter_arguments(
    strikes: pd.DataFrame, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        filter_strikes(strikes, **kwargs)  # type: ignore[arg-type]


def test_strike_filter_values_select_like_filter_strikes(strikes: pd.DataFrame) -> None:
    from events.filters import StrikeFilter

    criteria = StrikeFilter(
        date_from=dt.date(2025, 9, 1), date_to=dt.date(2025, 12, 31), regions=("Caribbean",)
    )
    chosen = criteria.apply(strikes)
    expected = filter_strikes(
        strikes, date_from="2025-09-01", date_to="2025-12-31", regions=["Caribbean"]
    )
    assert chosen["id"].tolist() == expected["id"].tolist()
    assert len(chosen) > 0 and set(chosen["region"]) == {"Caribbean"}
    assert len(StrikeFilter().apply(strikes)) == 70  # 64 + S065-S070 (issue 12)
