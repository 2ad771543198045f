import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.constants import LAND_REGION
from geo.coords import Axis, CoordinateError, parse_coordinate, parse_position


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.6 -66.93", (10.6, -66.93)),
        ("10.6, -66.93", (10.6, -66.93)),
        ("10°36'N 66°56'W", (10.6, -66.933333)),
        ("10°36'12\"N, 66°56'30\"W", (10.603333, -66.941667)),
        ("10 36.2 N 66 56.5 W", (10.603333, -66.941667)),
        ("N10°36' W66°56'", (10.6, -66.933333)),
        ("66.9W 10.6N", (10.6, -66.9)),
        ("10.6N 66.93W", (10.6, -66.93)),
        ("-10.5 -66", (-10.5, -66.0)),
        ("12.5,-70", (12.5, -70.0)),
    ],
)
def test_accepted_formats(text: str, expected: tuple[float, float]) -> None:
    lat, lon = parse_position(text)
    assert lat == pytest.approx(expected[0], abs=1e-6)
    assert lon == pytest.approx(expected[1], abs=1e-6)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("91 0", "latitude 91.0 is out of range"),
        ("10 181", "longitude 181.0 is out of range"),
        ("abc", "cannot read 'abc' as a position"),
        ("10.6", "cannot read '10.6' as a position"),
        ("", "empty position"),
        ("10,6 -66", "ambiguous comma"),
        ("10°61'N 66°W", "minutes and seconds must be below 60"),
        ("10.6E 66W", "must use N or S"),
        ("-10.6N 66W", "both a minus sign and N"),
        ("nan 5", "cannot read latitude 'nan'"),
    ],
)
def test_rejected_inputs_say_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(CoordinateError, match=None) as info:
        parse_position(text)
    assert fragment in str(info.value)


@given(st.text(max_size=60))
def test_parser_never_crashes(text: str) -> None:
    try:
        lat, lon = parse_position(text)
    except CoordinateError as error:
        assert str(error)
    else:
        assert -90 <= lat <= 90 and -180 <= lon <= 180


@given(st.floats(-90, 90), st.floats(-180, 180))
def test_decimal_round_trip(lat: float, lon: float) -> None:
    parsed = parse_position(f"{lat:.8f}, {lon:.8f}")
    assert parsed == pytest.approx((lat, lon), abs=1e-8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12°21'00''N", 12 + 21 / 60 + 0.0 / 3600),
        ("13°46'35.7''N", 13 + 46 / 60 + 35.7 / 3600),
        ("03°23'31.65''S", -(3 + 23 / 60 + 31.65 / 3600)),
        ("70°25'00''W", -(70 + 25 / 60 + 0.0 / 3600)),
        ("66°56'30\"E", 66 + 56 / 60 + 30.0 / 3600),
        (" 12°21'N ", 12 + 21 / 60),
    ],
)
def test_one_dms_coordinate(text: str, expected: float) -> None:
    # Exactly degrees + minutes / 60 + seconds / 3600, the sum the treaty points were built with.
    assert parse_coordinate(text) == expected


def test_every_treaty_turning_point_parses(repo_root: Path) -> None:
    with (repo_root / "data" / "geo" / "treaty_points.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        lat = parse_coordinate(row["lat_dms"], axis="latitude")
        lon = parse_coordinate(row["lon_dms"], axis="longitude")
        # Every treaty of the theatre (Ecuador-Peru at 3.4 S to the Lesser Antilles).
        lon_min, lat_min, lon_max, lat_max = LAND_REGION
        assert lat_min < lat < lat_max and lon_min < lon < lon_max


@pytest.mark.parametrize(
    ("text", "axis", "fragment"),
    [
        ("12°21'00''", None, "latitude or a longitude"),
        ("12°21'00''N", "longitude", "must use E or W"),
        ("95°00'00''N", None, "out of range"),
        ("12°61'00''N", None, "below 60"),
        ("12°21'00''N, 66°W", None, "one coordinate"),
        ("12°21'00''N <x>", None, "cannot read"),
        ("", None, "empty coordinate"),
    ],
)
def test_bad_coordinate_says_what_is_wrong(text: str, axis: Axis | None, fragment: str) -> None:
    with pytest.raises(CoordinateError) as info:
        parse_coordinate(text, axis=axis)
    assert fragment in str(info.value)
