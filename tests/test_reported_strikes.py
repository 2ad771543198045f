"""The strikes whose position is a reported sentence: the record's ``position_reported`` column.

Verdicts are pinned with the theatre's zones (lon -120 to -55, lat -6 to 24, every state), so
no Pacific area answers ``unknown`` any more. Geodesic figures are checked against independent
``pyproj.Geod`` computations.
"""

import csv
from functools import cache

import pytest
from pyproj import Geod

from common.paths import EVENTS_DATA_DIR
from geo.area_check import ReportedCheck, check_reported

RECORD = {
    row["id"]: row
    for row in csv.DictReader((EVENTS_DATA_DIR / "strikes.csv").open(encoding="utf-8", newline=""))
}
REPORTED = {strike_id: row for strike_id, row in RECORD.items() if row["position_reported"]}
WGS84_GEOD = Geod(ellps="WGS84")
METRES_PER_NM = 1852.0
#: The places as given in the rows' location_method (S014: Acapulco; S032: the Suchiate mouth).
ACAPULCO = (16.85, -99.88)
SUCHIATE_MOUTH = (14.53, -92.23)


def _nm_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    _, _, metres = WGS84_GEOD.inv(a[1], a[0], b[1], b[0])
    return float(metres) / METRES_PER_NM


def test_the_record_holds_the_sentences_and_the_old_file_is_gone() -> None:
    assert sorted(REPORTED) == ["S014", "S018", "S032", "S033", "S034", "S047"]
    assert not (EVENTS_DATA_DIR / "positions_reported.csv").exists()
    for row in REPORTED.values():
        assert any(url.startswith("https://") for url in row["source_urls"].split(" ; "))
        assert "position_reported" in row["location_method"]


@pytest.mark.parametrize("strike_id", ["S014", "S032", "S047"])
def test_source_sentences_are_quoted_in_the_record(strike_id: str) -> None:
    # The sentence is the source's own words, as the record's location_text quotes them.
    sentence = REPORTED[strike_id]["position_reported"].split(" (")[0]
    assert sentence in RECORD[strike_id]["location_text"]


def test_s018_wording_is_ours_and_says_so() -> None:
    assert REPORTED["S018"]["position_reported"] == "near Puerto López, La Guajira"
    assert "our wording" in REPORTED["S018"]["location_method"]


def test_the_convoy_shares_one_sentence() -> None:
    sentences = {REPORTED[s]["position_reported"] for s in ("S032", "S033", "S034")}
    assert sentences == {
        "approximately 400 nautical miles southwest of the Mexico/Guatemala border"
    }


@cache
def _check(strike_id: str) -> ReportedCheck:
    return check_reported(REPORTED[strike_id]["position_reported"])


def test_s032_to_s034_convoy_area() -> None:
    result = _check("S032")
    parsed = result.to_dict()["parsed"]
    assert parsed["place"]["gazetteer_id"] == "named:suchiate-mouth"
    assert parsed["band_nm"] == [360.0, 440.0]
    assert parsed["bearing"]["sector_deg"] == [202.5, 247.5]
    # Venezuela: far outside.
    assert result.verdicts.verdict == "outside"
    assert result.verdicts.min_distance_nm == pytest.approx(1343.8, abs=0.1)
    assert result.verdicts.max_distance_nm == pytest.approx(1598.8, abs=0.1)
    # Any state, with the theatre's zones: wholly on the high seas, no state's waters touched.
    assert result.point.zone == "high_seas"
    assert result.point.nearest_state == "MEX"
    assert result.point.nearest_state_distance_nm == pytest.approx(353.8, abs=0.1)
    assert result.verdicts.any_state_verdict == "outside"
    assert result.verdicts.states_touched == ()
    assert [(z.zone, z.state, z.share) for z in result.verdicts.zones_touched] == [
        ("high_seas", None, 1.0)
    ]
    assert result.verdicts.sea_area_km2 == pytest.approx(86005.0, rel=1e-3)
    for other in ("S033", "S034"):
        assert _check(other).verdicts == result.verdicts


def test_s032_datum_and_recorded_point_agree_with_an_independent_geodesic() -> None:
    result = _check("S032")
    lon, lat, _ = WGS84_GEOD.fwd(SUCHIATE_MOUTH[1], SUCHIATE_MOUTH[0], 225.0, 400 * METRES_PER_NM)
    assert result.area.representative_lat == pytest.approx(lat, abs=1e-9)
    assert result.area.representative_lon == pytest.approx(lon, abs=1e-9)
    # The record's hand-computed centre (9.78N 97.01W) stays as the representative point:
    # 400 nm on 225 deg to 0.01 deg, well inside the area.
    recorded = (float(RECORD["S032"]["latitude"]), float(RECORD["S032"]["longitude"]))
    assert 399 < _nm_between(SUCHIATE_MOUTH, recorded) < 401
    assert _nm_between(recorded, (lat, lon)) < 2


def test_s014_more_than_400_nm_southwest_of_acapulco() -> None:
    result = _check("S014")
    parsed = result.to_dict()["parsed"]
    assert parsed["band_nm"] == [400.0, 500.0]
    assert parsed["set_aside"] == ["830 km"]
    assert parsed["place"]["gazetteer_id"] == "named:acapulco"
    assert result.verdicts.verdict == "outside"
    assert result.verdicts.min_distance_nm == pytest.approx(1798.8, abs=0.1)
    assert result.verdicts.max_distance_nm == pytest.approx(2102.8, abs=0.1)
    # With the theatre's zones: the high seas and a tenth in Clipperton's (France) EEZ, but no
    # state's territorial waters.
    assert result.point.zone == "high_seas"
    assert result.verdicts.any_state_verdict == "outside"
    assert result.verdicts.states_touched == ()
    shares = {(z.zone, z.state): z.share for z in result.verdicts.zones_touched}
    assert set(shares) == {("high_seas", None), ("eez", "CPT")}
    assert shares[("high_seas", None)] == pytest.approx(0.897, abs=0.01)
    # Representative point: the band's middle (450 nm) on 225 deg from the place.
    place = (parsed["place"]["lat"], parsed["place"]["lon"])
    lon, lat, _ = WGS84_GEOD.fwd(place[1], place[0], 225.0, 450 * METRES_PER_NM)
    assert result.area.representative_lat == pytest.approx(lat, abs=1e-9)
    assert result.area.representative_lon == pytest.approx(lon, abs=1e-9)
    # The record's centre (400 nm from Acapulco, as its method says) sits on the band's edge.
    recorded = (float(RECORD["S014"]["latitude"]), float(RECORD["S014"]["longitude"]))
    assert 399 < _nm_between(ACAPULCO, recorded) < 401


def test_s047_ring_around_golfito() -> None:
    result = _check("S047")
    parsed = result.to_dict()["parsed"]
    assert parsed["place"]["gazetteer_id"] == "geonames:3623656"
    assert parsed["bearing"] is None
    assert parsed["band_nm"] == [125.5, 126.5]
    assert result.verdicts.verdict == "outside"
    assert result.verdicts.min_distance_nm == pytest.approx(554.7, abs=0.1)
    # No bearing: the ring reaches the coasts of Costa Rica and Panama, so any state's verdict
    # is indeterminate (the ring also crosses the isthmus into the Caribbean; see the report).
    assert result.verdicts.any_state_verdict == "indeterminate"
    assert result.verdicts.states_touched == ("CRI", "PAN")
    shares = {(z.zone, z.state) for z in result.verdicts.zones_touched}
    assert {("territorial_sea", "CRI"), ("territorial_sea", "PAN")} <= shares
    assert not any(z.zone == "unknown" for z in result.verdicts.zones_touched)
    place = (parsed["place"]["lat"], parsed["place"]["lon"])
    representative = (result.area.representative_lat, result.area.representative_lon)
    assert 125.5 <= _nm_between(place, representative) <= 126.5


def test_s018_near_puerto_lopez_may_be_inside_territorial_waters() -> None:
    result = _check("S018")
    assert result.verdicts.verdict == "indeterminate"
    assert result.verdicts.min_distance_nm == 0.0
    assert result.verdicts.any_state_verdict == "indeterminate"
    assert result.verdicts.states_touched == ("COL", "VEN")
    assert result.point.disputed
    largest = result.verdicts.zones_touched[0]
    assert (largest.zone, largest.state) == ("territorial_sea", "VEN")
