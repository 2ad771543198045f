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
    # Issue 12: the NYT geolocation (Gulf of Venezuela off Puerto López) is the only strike
    # area that reaches within 12 nm of Venezuela's baseline from a position. Issue 11: the
    # area is now that of "near Puerto López, La Guajira" (within 20 nm of the town), which
    # reaches Venezuela's coast itself.
    s018 = verdicts.loc["S018"]
    assert s018["verdict"] == "indeterminate"
    assert s018["verdict_basis"] == "position_reported"
    assert s018["min_distance_nm"] == 0.0
    assert 12 < s018["max_distance_nm"] < 20


def test_strikes_with_a_sentence_are_judged_over_its_area(verdicts: pd.DataFrame) -> None:
    # Issue 11: the verdict comes from the position_reported area, not the recorded circle.
    from geo.area_check import check_reported

    reported = verdicts[verdicts["position_reported"].notna()]
    assert sorted(reported.index) == ["S014", "S018", "S032", "S033", "S034", "S047"]
    assert set(reported["verdict_basis"]) == {"position_reported"}
    assert set(verdicts.drop(index=reported.index)["verdict_basis"]) == {"geometry"}
    for strike_id in ("S014", "S047"):
        answer = check_reported(verdicts.at[strike_id, "position_reported"]).verdicts
        assert verdicts.at[strike_id, "verdict"] == answer.verdict
        assert verdicts.at[strike_id, "min_distance_nm"] == pytest.approx(answer.min_distance_nm)
        assert verdicts.at[strike_id, "max_distance_nm"] == pytest.approx(answer.max_distance_nm)
    # S047 is region-only in the record, yet judged over its ring around Golfito.
    assert verdicts.at["S047", "location_precision"] == "region-only"
    assert verdicts.at["S047", "verdict"] == "outside"
    assert 550 < verdicts.at["S047", "min_distance_nm"] < 560


def test_stored_area_verdicts_cover_the_record_and_match_a_fresh_computation(
    strikes: pd.DataFrame, verdicts: pd.DataFrame
) -> None:
    from events.area_verdicts import geometry_key, stored_area_verdicts
    from events.verdicts import judged_geometries, verdicts_by_geometry

    stored = stored_area_verdicts()
    judged = judged_geometries(strikes)
    keys = {geometry_key(geometry) for geometry, _ in judged if geometry is not None}
    # Every area the record is judged over is stored for the current zones: no process that
    # shows the record computes one (make data keeps the file current).
    assert len(keys) == 11 and keys <= set(stored)
    # Two areas computed afresh (the quick ones: S004's reporting area, S018's reported one).
    ids = list(strikes["id"])
    for strike_id in ("S004", "S018"):
        geometry = judged[ids.index(strike_id)][0]
        fresh = verdicts_by_geometry([geometry], stored=False)[geometry_key(geometry)]
        assert fresh == stored[geometry_key(geometry)]
        assert verdicts.at[strike_id, "verdict"] == fresh[0] == "indeterminate"


def test_stored_verdicts_of_other_zone_data_are_not_used(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from events.area_verdicts import stored_area_verdicts
    from events.paths import AREA_VERDICTS_CSV

    current = AREA_VERDICTS_CSV.read_text(encoding="utf-8").splitlines()
    stale = tmp_path / "area_verdicts.csv"
    digest = current[1].split(",")[1]
    stale.write_text("\n".join(current).replace(digest, "0" * 64) + "\n", encoding="utf-8")
    assert len(stored_area_verdicts(path=AREA_VERDICTS_CSV)) == 11
    assert stored_area_verdicts(path=stale) == {}
    assert stored_area_verdicts(path=tmp_path / "missing.csv") == {}
