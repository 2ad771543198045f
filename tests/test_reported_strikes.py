"""The strikes whose position is a reported sentence (data/events/positions_reported.csv)."""

import csv

import pytest

from common.paths import EVENTS_DATA_DIR
from geo.area_check import ReportedCheck, check_reported

ROWS = {
    row["id"]: row
    for row in csv.DictReader(
        (EVENTS_DATA_DIR / "positions_reported.csv").open(encoding="utf-8", newline="")
    )
}
RECORD = {
    row["id"]: row
    for row in csv.DictReader((EVENTS_DATA_DIR / "strikes.csv").open(encoding="utf-8", newline=""))
}


def test_every_reported_row_is_a_strike_of_the_record_with_a_source() -> None:
    assert sorted(ROWS) == ["S014", "S018", "S032", "S033", "S034", "S047"]
    for strike_id, row in ROWS.items():
        assert strike_id in RECORD
        assert row["source_url"].startswith("https://")
        assert row["kind"] in {"source sentence", "geolocation"}


@pytest.mark.parametrize("strike_id", ["S014", "S032", "S047"])
def test_source_sentences_are_quoted_in_the_record(strike_id) -> None:  # type: ignore[no-untyped-def]
    # The sentence is the source's own words, as the record's location_text quotes them.
    sentence = ROWS[strike_id]["position_reported"].split(" (")[0]
    assert sentence in RECORD[strike_id]["location_text"]


def test_the_convoy_shares_one_sentence() -> None:
    sentences = {ROWS[s]["position_reported"] for s in ("S032", "S033", "S034")}
    assert len(sentences) == 1


def _check(strike_id: str) -> ReportedCheck:
    return check_reported(ROWS[strike_id]["position_reported"])


def test_s032_to_s034_convoy_area() -> None:
    result = _check("S032")
    parsed = result.to_dict()["parsed"]
    assert parsed["place"]["gazetteer_id"] == "named:suchiate-mouth"
    assert parsed["band_nm"] == [360.0, 440.0]
    assert parsed["bearing"]["sector_deg"] == [202.5, 247.5]
    assert result.verdicts.verdict == "outside"
    assert result.verdicts.min_distance_nm > 1300  # from Venezuela's baseline
    # Outside today's modelled region: the honest answer until the theatre's zones exist.
    assert result.point.zone == "unknown"
    assert result.verdicts.any_state_verdict == "indeterminate"
    for other in ("S033", "S034"):
        assert _check(other).verdicts.sea_area_km2 == result.verdicts.sea_area_km2


def test_s014_more_than_400_nm_southwest_of_acapulco() -> None:
    result = _check("S014")
    parsed = result.to_dict()["parsed"]
    assert parsed["band_nm"] == [400.0, 500.0]
    assert parsed["set_aside"] == ["830 km"]
    assert parsed["place"]["gazetteer_id"] == "named:acapulco"
    assert result.verdicts.verdict == "outside"
    assert result.verdicts.any_state_verdict == "indeterminate"


def test_s047_ring_around_golfito() -> None:
    result = _check("S047")
    parsed = result.to_dict()["parsed"]
    assert parsed["place"]["gazetteer_id"] == "geonames:3623656"
    assert parsed["bearing"] is None
    assert parsed["band_nm"] == [125.5, 126.5]
    assert result.verdicts.verdict == "outside"


def test_s018_near_puerto_lopez_may_be_inside_territorial_waters() -> None:
    result = _check("S018")
    assert result.verdicts.verdict == "indeterminate"
    assert result.verdicts.any_state_verdict == "indeterminate"
    assert result.verdicts.states_touched == ("COL", "VEN")
    assert result.point.disputed
