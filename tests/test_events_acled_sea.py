"""ACLED at sea: sea-subdivision centroids become region-only, "Coast of X" a 12-nm circle."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from events.io_import import ACLED_COAST_RADIUS_NM, ImportReport, import_file

FIXTURE = Path(__file__).parent / "data" / "events" / "acled_sea.csv"


@pytest.fixture(scope="module")
def report() -> ImportReport:
    return import_file(path_or_bytes=FIXTURE, filename="acled_sea.csv")


@pytest.fixture(scope="module")
def accepted(report: ImportReport) -> pd.DataFrame:
    return report.accepted.set_index("id")


def test_every_row_is_accounted_for_and_each_case_counted(report: ImportReport) -> None:
    assert report.file_format == "acled-csv"
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (8, 7, 1)
    assert report.acled_location_cases == {
        "position": 3,  # SEA1, SEA5 (ocean basin but precision 1), SEA7
        "sea-subdivision-centroid": 4,  # SEA2, SEA3, SEA4, SEA8 (rejected: outside every area)
        "coast-of": 1,  # SEA6
    }
    assert (
        "ACLED locations: 3 row(s) with a position, 4 sea-subdivision centroid(s) imported as "
        "region-only, 1 'Coast of X' row(s) imported as approximate (12 nm)"
    ) in report.notes
    assert report.problem_lines() == [
        "acled_sea.csv:9: field 'latitude': got '-20.00'; expected a position inside a reporting "
        "area of the Caribbean or the Eastern Pacific (got -20.0, -120.0)"
    ]


def test_ocean_basin_centroid_becomes_region_only_with_the_subdivision_named(
    accepted: pd.DataFrame,
) -> None:
    caribbean = accepted.loc["SEA2"]
    assert caribbean["location_precision"] == "region-only"
    assert pd.isna(caribbean["latitude"]) and pd.isna(caribbean["longitude"])
    assert caribbean["point"] is None
    assert caribbean["reporting_area"] == "caribbean-unspecified"
    assert caribbean["location_text"].startswith("Caribbean Sea, Atlantic Ocean")
    assert "centroid of the sea subdivision 'Caribbean Sea'" in caribbean["location_method"]
    assert "geo_precision=3" in caribbean["location_method"]
    # The subdivision may sit in admin3, and the location may be empty (then the deepest admin).
    assert accepted.at["SEA3", "location_text"].startswith("Panama Basin, Pacific Ocean")
    assert accepted.at["SEA3", "reporting_area"] == "eastern-pacific-unspecified"
    assert accepted.at["SEA4", "location_text"].startswith("North Pacific Ocean")
    assert accepted.at["SEA4", "location_precision"] == "region-only"


def test_stated_positions_stay_points(accepted: pd.DataFrame) -> None:
    assert accepted.at["SEA1", "location_precision"] == "exact"
    assert (accepted.at["SEA1", "latitude"], accepted.at["SEA1", "longitude"]) == (11.2, -62.4)
    # An ocean-basin row with geo_precision 1 gives a position, not a centroid.
    assert accepted.at["SEA5", "location_precision"] == "exact"
    assert accepted.at["SEA5", "latitude"] == 15.1
    assert accepted.at["SEA7", "location_precision"] == "approximate"
    assert accepted.at["SEA7", "uncertainty_radius_nm"] == 25.0


def test_coast_of_x_becomes_a_12_nm_circle(accepted: pd.DataFrame) -> None:
    from pyproj import Geod

    coast = accepted.loc["SEA6"]
    assert coast["location_precision"] == "approximate"
    assert coast["uncertainty_radius_nm"] == ACLED_COAST_RADIUS_NM == 12.0
    assert "Coast of Venezuela" in coast["location_method"]
    lons, lats = coast["geometry"].exterior.coords.xy
    _, _, distances_m = Geod(ellps="WGS84").inv(
        [coast["longitude"]] * len(lons), [coast["latitude"]] * len(lats), lons, lats
    )
    assert max(distances_m) == pytest.approx(12 * 1852.0, rel=1e-6)


def test_older_acled_exports_without_admin_columns_are_unchanged() -> None:
    old = Path(__file__).parent / "data" / "events" / "acled_sample.csv"
    report = import_file(path_or_bytes=old, filename="acled_sample.csv")
    assert report.acled_location_cases["sea-subdivision-centroid"] == 0
    assert report.acled_location_cases["coast-of"] == 0
    assert sum(report.acled_location_cases.values()) == report.rows_read
