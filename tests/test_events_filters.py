"""Filters: inclusive date edges, S064's date window, region, precision and status."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from events.filters import CROSSES_FILTER_COLUMN, filter_strikes
from events.summary import summarise


def _ids(frame: pd.DataFrame) -> list[str]:
    return frame["id"].tolist()


def test_no_filter_keeps_everything(strikes: pd.DataFrame) -> None:
    selected = filter_strikes(strikes)
    assert len(selected) == 64
    assert not selected[CROSSES_FILTER_COLUMN].any()


def test_date_edges_are_inclusive(strikes: pd.DataFrame) -> None:
    assert _ids(filter_strikes(strikes, date_from="2025-09-02", date_to="2025-09-02")) == ["S001"]
    assert _ids(filter_strikes(strikes, date_from="2025-09-03", date_to="2025-09-15")) == ["S002"]
    assert _ids(filter_strikes(strikes, date_from=dt.date(2026, 6, 21))) == ["S063"]
    assert _ids(filter_strikes(strikes, date_from="2026-06-22")) == []
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


def test_s064_counted_on_recorded_date_and_flagged(strikes: pd.DataFrame) -> None:
    # Recorded date 1 Apr 2026; window 25 Mar - 8 Apr.
    before = filter_strikes(strikes, date_to="2026-03-31")
    assert "S064" not in _ids(before)
    after = filter_strikes(strikes, date_to="2026-04-01")
    assert "S064" in _ids(after)
    flagged = after.loc[after[CROSSES_FILTER_COLUMN], "id"].tolist()
    assert flagged == ["S064"]
    assert summarise(after)["date_window_crosses_filter"] == ["S064"]


def test_s064_other_rules(strikes: pd.DataFrame) -> None:
    overlap = filter_strikes(strikes, date_to="2026-03-25", uncertain_dates="any-overlap")
    assert "S064" in _ids(overlap)
    assert "S064" not in _ids(
        filter_strikes(strikes, date_to="2026-03-24", uncertain_dates="any-overlap")
    )
    within = filter_strikes(strikes, date_to="2026-04-07", uncertain_dates="entirely-within")
    assert "S064" not in _ids(within)
    assert "S064" in _ids(
        filter_strikes(strikes, date_to="2026-04-08", uncertain_dates="entirely-within")
    )


def test_overnight_strike_window(strikes: pd.DataFrame) -> None:
    # S011 struck overnight 23-24 Oct 2025, recorded on the 24th.
    selected = filter_strikes(strikes, date_from="2025-10-24", date_to="2025-10-24")
    assert _ids(selected) == ["S011"]
    assert selected[CROSSES_FILTER_COLUMN].tolist() == [True]


def test_region_precision_status_filters(strikes: pd.DataFrame) -> None:
    assert len(filter_strikes(strikes, regions=["Caribbean"])) == 19  # 18 counted + S005
    assert len(filter_strikes(strikes, regions=["Eastern Pacific"])) == 45
    assert _ids(filter_strikes(strikes, precisions=["approximate"])) == [
        "S014",
        "S032",
        "S033",
        "S034",
    ]
    assert filter_strikes(strikes, precisions=["exact"]).empty
    assert _ids(filter_strikes(strikes, statuses=["unconfirmed"])) == ["S005"]
    assert _ids(filter_strikes(strikes, statuses=["low-confidence"])) == ["S057"]
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
    assert _ids(selected) == ["S040", "S043", "S045"]


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
    assert len(StrikeFilter().apply(strikes)) == 64
