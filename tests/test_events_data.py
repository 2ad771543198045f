"""The committed strike record: totals pinned to the published figures, sourcing, locations."""

from __future__ import annotations

import pandas as pd
import pytest

from events.build import check_strike_rows
from events.build import main as build_main
from events.filters import filter_strikes
from events.load import load_context_events, load_reporting_areas
from events.paths import STRIKES_CSV
from events.schema import LOCATION_PRECISIONS, STATUSES
from events.summary import summarise


def test_record_has_70_rows_68_counted(strikes: pd.DataFrame) -> None:
    # Issue 12 added S065-S070 (6 rows); S068 is unconfirmed, so 5 more are counted.
    assert len(strikes) == 70
    assert strikes["counted"].sum() == 68
    assert strikes.loc[~strikes["counted"], "id"].tolist() == ["S005", "S068"]
    assert strikes["id"].is_unique


def test_totals_match_published_record(strikes: pd.DataFrame) -> None:
    # Rows added by issue 12: S065 (+1 strike, 1 vessel, 1 killed), S066 (+1 strike; vessels
    # and casualties not stated), S067 (+1 strike, 1 vessel; casualties not stated), S069 and
    # S070 (+1 strike, 1 vessel, 4 killed each). S068 is unconfirmed and enters no total.
    summary = summarise(strikes)
    assert summary["strikes"] == 63 + 5
    assert summary["vessels"] == 64 + 4
    assert summary["killed"] == 192 + 1 + 4 + 4
    assert summary["presumed_dead"] == 12
    assert summary["dead_total"] == 204 + 9
    assert summary["excluded_unconfirmed"] == 2
    assert summary["excluded_ids"] == ["S005", "S068"]
    assert summary["date_range"] == {"from": "2025-09-02", "to": "2026-10-04"}
    assert summary["strikes_lacking_casualties"] == 2
    assert summary["casualties_unknown_ids"] == ["S066", "S067"]
    assert summary["unknown_counts"] == {
        "vessels": 1,  # S066
        "deaths": 2,  # S066, S067
        "presumed_dead": 5,  # S065, S066, S067, S069, S070
        "survivors": 4,  # S066, S067, S069, S070
    }


def test_totals_by_region(strikes: pd.DataFrame) -> None:
    by_region = summarise(strikes)["by_region"]
    assert set(by_region) == {"Caribbean", "Eastern Pacific"}
    # Caribbean: + S067, S069, S070 (8 killed); Eastern Pacific: + S065 (1 killed), S066.
    caribbean = by_region["Caribbean"]
    assert (caribbean["strikes"], caribbean["killed"]) == (18 + 3, 68 + 8)
    assert by_region["Caribbean"]["presumed_dead"] == 0
    pacific = by_region["Eastern Pacific"]
    assert (pacific["strikes"], pacific["killed"]) == (45 + 2, 124 + 1)
    assert pacific["presumed_dead"] == 12


def test_running_total_end_of_2025(strikes: pd.DataFrame) -> None:
    summary = summarise(filter_strikes(strikes, date_to="2025-12-31"))
    assert (summary["strikes"], summary["vessels"]) == (35, 36)
    assert (summary["killed"], summary["presumed_dead"], summary["dead_total"]) == (114, 9, 123)


def test_running_total_20_april_2026_ap(strikes: pd.DataFrame) -> None:
    summary = summarise(filter_strikes(strikes, date_to="2026-04-20"))
    assert (summary["strikes"], summary["vessels"]) == (53, 54)
    assert (summary["killed"], summary["presumed_dead"], summary["dead_total"]) == (169, 12, 181)


def test_running_total_26_january_2026_cbs(strikes: pd.DataFrame) -> None:
    summary = summarise(filter_strikes(strikes, date_to="2026-01-26"))
    assert (summary["killed"], summary["presumed_dead"]) == (116, 10)


def test_running_total_163_after_s064(strikes: pd.DataFrame) -> None:
    # The aggregator's running total on the day S064 was reported; S064 is now dated 25 Mar.
    summary = summarise(filter_strikes(strikes, date_to="2026-04-01"))
    assert summary["killed"] + summary["presumed_dead"] == 163
    on_the_day = summarise(filter_strikes(strikes, date_to="2026-03-25"))
    assert on_the_day["killed"] + on_the_day["presumed_dead"] == 163
    before = summarise(filter_strikes(strikes, date_to="2026-03-24"))
    assert before["killed"] + before["presumed_dead"] == 159


def test_every_row_is_sourced(strikes: pd.DataFrame) -> None:
    assert strikes["source_urls"].map(len).min() >= 1
    assert strikes["source_urls"].map(lambda urls: all(u.startswith("http") for u in urls)).all()
    assert strikes["source_title"].notna().all()
    s001_urls = strikes.set_index("id").at["S001", "source_urls"]
    assert s001_urls[0] == (
        "https://www.justsecurity.org/124002/timeline-vessel-strikes-related-actions/page/3"
    )
    assert len(s001_urls) == 4


def test_original_wording_is_kept(strikes: pd.DataFrame) -> None:
    by_id = strikes.set_index("id")
    assert by_id.at["S055", "status"] == "headline-only"
    assert by_id.at["S055", "status_original"] == "confirmed (headline only)"
    assert by_id.at["S057", "status"] == "low-confidence"
    assert by_id.at["S064", "status_original"] == "confirmed (date unverified)"
    assert by_id.at["S011", "date_original"] == "strike (overnight 23-24 Oct)"
    assert set(strikes["status"]) <= set(STATUSES)
    assert set(strikes["location_precision"]) <= set(LOCATION_PRECISIONS)


def test_s064_has_its_documented_date(strikes: pd.DataFrame) -> None:
    # Issue 12: the 1 Apr placeholder (window 25 Mar - 8 Apr) became the date of the SOUTHCOM
    # release "Lethal Kinetic Strike, March 25, 2026"; the reasoning is in notes.
    s064 = strikes.set_index("id").loc["S064"]
    assert s064["date_precision"] == "exact"
    assert s064["date"] == pd.Timestamp("2026-03-25")
    assert s064["date_earliest"] == pd.Timestamp("2026-03-25")
    assert s064["date_latest"] == pd.Timestamp("2026-03-25")
    assert pd.isna(s064["announcement_date"])
    assert "4444436" in s064["notes"] and "Wednesday" in s064["notes"]
    assert s064["last_updated"] == pd.Timestamp("2026-12-01")


def test_dates_inferred_from_publication_are_flagged(strikes: pd.DataFrame) -> None:
    inferred = strikes.loc[strikes["date_basis"] == "inferred-from-publication", "id"]
    assert inferred.tolist() == ["S055", "S056", "S059", "S062", "S065", "S069"]


def test_deaths_presumed_dead_and_survivors_are_separate(strikes: pd.DataFrame) -> None:
    s033 = strikes.set_index("id").loc["S033"]
    assert (s033["deaths"], s033["presumed_dead"], s033["survivors"]) == (0, 8, 8)
    s005 = strikes.set_index("id").loc["S005"]
    assert pd.isna(s005["deaths"])


def test_only_five_positions_all_approximate(strikes: pd.DataFrame) -> None:
    # Issue 12: S018 gained its NYT geolocation; S014's circle now covers both distance readings.
    positioned = strikes[strikes["latitude"].notna()]
    assert positioned["id"].tolist() == ["S014", "S018", "S032", "S033", "S034"]
    assert set(positioned["location_precision"]) == {"approximate"}
    assert positioned.set_index("id")["uncertainty_radius_nm"].to_dict() == {
        "S014": 100.0,
        "S018": 20.0,
        "S032": 50.0,
        "S033": 50.0,
        "S034": 50.0,
    }
    region_only = strikes[strikes["location_precision"] == "region-only"]
    assert len(region_only) == 65
    assert region_only["point"].isna().all()
    assert region_only["latitude"].isna().all()


def test_every_event_has_an_area_and_approximate_points_lie_in_theirs(
    strikes: pd.DataFrame,
) -> None:
    areas = load_reporting_areas().set_index("area_id")
    assert strikes["reporting_area"].isin(areas.index).all()
    assert strikes.geometry.notna().all()
    for _, row in strikes[strikes["point"].notna()].iterrows():
        assert areas.at[row["reporting_area"], "geometry"].covers(row["point"])
        assert row["geometry"].covers(row["point"])


def test_named_reporting_areas(strikes: pd.DataFrame) -> None:
    by_id = strikes.set_index("id")["reporting_area"]
    assert by_id["S001"] == "between-venezuela-trinidad"
    assert by_id["S002"] == "off-colombia-caribbean"
    assert by_id["S004"] == "off-venezuela-north-coast"
    assert by_id["S003"] == "caribbean-unspecified"
    assert by_id["S010"] == "eastern-pacific-unspecified"
    areas = load_reporting_areas()
    assert len(areas) == 7
    assert areas.geometry.is_valid.all()
    assert areas["rationale"].str.len().min() > 50


def test_uncertainty_circle_is_geodesic(strikes: pd.DataFrame) -> None:
    from pyproj import Geod

    s014 = strikes.set_index("id").loc["S014"]
    geod = Geod(ellps="WGS84")
    lons, lats = s014["geometry"].exterior.coords.xy
    _, _, distances_m = geod.inv(
        [s014["longitude"]] * len(lons), [s014["latitude"]] * len(lats), lons, lats
    )
    assert min(distances_m) == pytest.approx(100 * 1852.0, rel=1e-6)
    assert max(distances_m) == pytest.approx(100 * 1852.0, rel=1e-6)


def test_context_events_include_the_milestones() -> None:
    context = load_context_events().set_index("id")
    assert context.at["C003", "title"] == "Operation Southern Spear named"
    assert context.at["C003", "date"] == pd.Timestamp("2025-11-13")
    assert context.at["C008", "date"] == pd.Timestamp("2026-01-03")
    assert "territorial waters" in context.at["C005", "title"]
    assert context.at["C007", "kind"] == "land-strike"


def test_record_and_areas_are_valid_and_the_manifest_current() -> None:
    # The record is the committed file itself: the build validates it, never rewrites it.
    before = STRIKES_CSV.read_bytes()
    assert build_main(["--check"]) == 0
    area_ids = frozenset(load_reporting_areas()["area_id"])
    rows = check_strike_rows(record=STRIKES_CSV, reporting_area_ids=area_ids)
    assert len(rows) == 70
    assert STRIKES_CSV.read_bytes() == before
