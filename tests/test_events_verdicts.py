"""Territorial-waters verdicts from geo/ for named events, and the possible strike zones."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import check as geo_check


@pytest.fixture(scope="module")
def verdicts(strikes: pd.DataFrame) -> pd.DataFrame:
    from events.verdicts import add_verdicts

    return add_verdicts(strikes).set_index("id")


def test_every_strike_gets_a_verdict(verdicts: pd.DataFrame) -> None:
    assert len(verdicts) == 70  # 64 + S065-S070 (issue 12)
    assert set(verdicts["verdict"]) <= {"inside", "outside", "indeterminate"}
    assert (verdicts["min_distance_nm"] <= verdicts["max_distance_nm"]).all()
    # No published position or reported area puts a strike wholly inside the 12-nm belt.
    assert "inside" not in set(verdicts["verdict"])


def test_pacific_positions_are_outside(verdicts: pd.DataFrame) -> None:
    for strike_id in ("S014", "S032", "S033", "S034"):
        assert verdicts.at[strike_id, "verdict"] == "outside"
        assert verdicts.at[strike_id, "min_distance_nm"] > 900
    assert verdicts.at["S010", "verdict"] == "outside"  # eastern Pacific, unspecified


def test_areas_reaching_venezuela_are_indeterminate(verdicts: pd.DataFrame) -> None:
    for strike_id in ("S001", "S004", "S006", "S011"):
        assert verdicts.at[strike_id, "verdict"] == "indeterminate"
        assert verdicts.at[strike_id, "min_distance_nm"] < 12
        assert verdicts.at[strike_id, "max_distance_nm"] > 12
    assert verdicts.at["S003", "verdict"] == "indeterminate"  # whole Caribbean basin


def test_shared_area_shares_verdict(verdicts: pd.DataFrame) -> None:
    assert verdicts.at["S001", "min_distance_nm"] == verdicts.at["S006", "min_distance_nm"]


def test_possible_zone_is_venezuelas_territorial_sea() -> None:
    geo_data = pytest.importorskip("geo.data")
    from events.load import load_possible_zones

    zones = geo_data.load_zones()
    possible = load_possible_zones(zones=zones).set_index("id")
    assert possible.at["P001", "geometry_ref"] == "geo:VEN:territorial_sea"
    assert possible.at["P001", "status"] == "under-consideration"
    territorial = zones[(zones["zone"] == "territorial_sea") & (zones["state"] == "VEN")]
    assert possible.at["P001", "geometry"].equals(territorial.geometry.union_all())
    verdict = geo_check.territorial_waters_verdict(
        possible.at["P001", "geometry"].representative_point()
    )
    assert verdict.verdict == "inside"


def test_s018_geolocation_reaches_the_12_nm_belt(verdicts: pd.DataFrame) -> None:
    # Issue 12: the NYT geolocation (Gulf of Venezuela off Puerto López, 20-nm circle) is the
    # only strike area that reaches within 12 nm of Venezuela's baseline from a position.
    s018 = verdicts.loc["S018"]
    assert s018["verdict"] == "indeterminate"
    assert s018["min_distance_nm"] < 12 < s018["max_distance_nm"] < 20
