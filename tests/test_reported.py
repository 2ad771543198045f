"""The reported-position parser: units, hedges, bearings, relations, places, both languages."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.reported import (
    MAX_SENTENCE_CHARS,
    ReportedPositionError,
    looks_reported,
    parse_reported,
)

NM = 1852.0
MILE = 1609.344


@pytest.mark.parametrize(
    ("unit", "metres"),
    [
        ("nm", NM),
        ("NM", NM),
        ("nmi", NM),
        ("n.m.", NM),
        ("nautical miles", NM),
        ("nautical mile", NM),
        ("millas náuticas", NM),
        ("millas nauticas", NM),
        ("millas", NM),  # Spanish maritime usage: the only mile is the nautical mile
        ("miles", MILE),
        ("mile", MILE),
        ("statute miles", MILE),
        ("km", 1000.0),
        ("kilometres", 1000.0),
        ("kilometers", 1000.0),
        ("kilómetros", 1000.0),
    ],
)
def test_every_unit(unit, metres) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_reported(f"126 {unit} off Golfito")
    assert parsed.distance.nominal_m == pytest.approx(126 * metres)
    # A bare 126 stands for 125.5 to 126.5 of the unit.
    assert parsed.distance.min_m == pytest.approx(125.5 * metres)
    assert parsed.distance.max_m == pytest.approx(126.5 * metres)


@pytest.mark.parametrize(
    ("hedge", "low_nm", "high_nm"),
    [
        ("", 360.0, 440.0),  # a round 400 rounds from 350-450, but never wider than "about"
        ("about", 360.0, 440.0),
        ("approximately", 360.0, 440.0),
        ("some", 360.0, 440.0),
        ("around", 360.0, 440.0),
        ("more than", 400.0, 500.0),
        ("at least", 400.0, 500.0),
        ("over", 400.0, 500.0),
        ("nearly", 360.0, 400.0),
        ("almost", 360.0, 400.0),
        ("up to", 0.0, 400.0),
        ("within", 0.0, 400.0),
    ],
)
def test_every_hedge_band(hedge, low_nm, high_nm) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_reported(f"{hedge} 400 nm southwest of Acapulco".strip())
    assert parsed.distance.min_nm == pytest.approx(low_nm)
    assert parsed.distance.max_nm == pytest.approx(high_nm)


@pytest.mark.parametrize(
    ("figure", "low", "high"),
    [("126", 125.5, 126.5), ("450", 445.0, 455.0), ("48.5", 48.45, 48.55), ("1,200", 1150, 1250)],
)
def test_bare_figures_stand_for_their_rounding_interval(figure, low, high) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_reported(f"{figure} nm off Golfito")
    assert (parsed.distance.min_nm, parsed.distance.max_nm) == pytest.approx((low, high))


EIGHT = 22.5
SIXTEEN = 11.25
BEARINGS = [
    ("north", 0.0, EIGHT),
    ("N", 0.0, EIGHT),
    ("north-northeast", 22.5, SIXTEEN),
    ("NNE", 22.5, SIXTEEN),
    ("northeast", 45.0, EIGHT),
    ("north-east", 45.0, EIGHT),
    ("NE", 45.0, EIGHT),
    ("east-northeast", 67.5, SIXTEEN),
    ("ENE", 67.5, SIXTEEN),
    ("east", 90.0, EIGHT),
    ("E", 90.0, EIGHT),
    ("east-southeast", 112.5, SIXTEEN),
    ("ESE", 112.5, SIXTEEN),
    ("southeast", 135.0, EIGHT),
    ("SE", 135.0, EIGHT),
    ("south-southeast", 157.5, SIXTEEN),
    ("SSE", 157.5, SIXTEEN),
    ("south", 180.0, EIGHT),
    ("S", 180.0, EIGHT),
    ("south-southwest", 202.5, SIXTEEN),
    ("SSW", 202.5, SIXTEEN),
    ("southwest", 225.0, EIGHT),
    ("south west", 225.0, EIGHT),
    ("SW", 225.0, EIGHT),
    ("west-southwest", 247.5, SIXTEEN),
    ("WSW", 247.5, SIXTEEN),
    ("west", 270.0, EIGHT),
    ("W", 270.0, EIGHT),
    ("west-northwest", 292.5, SIXTEEN),
    ("WNW", 292.5, SIXTEEN),
    ("northwest", 315.0, EIGHT),
    ("NW", 315.0, EIGHT),
    ("north-northwest", 337.5, SIXTEEN),
    ("NNW", 337.5, SIXTEEN),
]


@pytest.mark.parametrize(("word", "degrees", "half_width"), BEARINGS)
def test_every_english_bearing(word, degrees, half_width) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_reported(f"48 nm {word} of La Blanquilla")
    assert parsed.bearing is not None
    assert parsed.bearing.nominal_deg == degrees
    assert parsed.bearing.half_width_deg == half_width
    assert parsed.place.id == "named:la-blanquilla"


SPANISH_BEARINGS = [
    ("norte", 0.0),
    ("nornoreste", 22.5),
    ("noreste", 45.0),
    ("nordeste", 45.0),
    ("estenoreste", 67.5),
    ("este", 90.0),
    ("estesureste", 112.5),
    ("sureste", 135.0),
    ("sudeste", 135.0),
    ("sursureste", 157.5),
    ("sur", 180.0),
    ("sursuroeste", 202.5),
    ("suroeste", 225.0),
    ("sudoeste", 225.0),
    ("oestesuroeste", 247.5),
    ("oeste", 270.0),
    ("oestenoroeste", 292.5),
    ("noroeste", 315.0),
    ("nornoroeste", 337.5),
]


@pytest.mark.parametrize(("word", "degrees"), SPANISH_BEARINGS)
def test_every_spanish_bearing(word, degrees) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_reported(f"a 48 millas náuticas al {word} de La Blanquilla")
    assert parsed.bearing is not None and parsed.bearing.nominal_deg == degrees
    assert parsed.distance.unit == "nm"


@pytest.mark.parametrize(
    ("text", "degrees", "half_width"),
    [
        ("400 nm on a bearing of 225° from the Suchiate mouth", 225.0, 0.5),
        ("400 nm bearing 220 degrees from the Suchiate mouth", 220.0, 5.0),
        ("400 nm 225°T from the Suchiate mouth", 225.0, 0.5),
        ("400 nm rumbo 225 grados desde la desembocadura del río Suchiate", 225.0, 0.5),
    ],
)
def test_bearing_in_degrees(text, degrees, half_width) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_reported(text)
    assert parsed.bearing is not None
    assert (parsed.bearing.nominal_deg, parsed.bearing.half_width_deg) == (degrees, half_width)
    assert parsed.place.id == "named:suchiate-mouth"


@pytest.mark.parametrize(
    ("text", "relation", "place_id"),
    [
        ("126 nm off Golfito", "off", "geonames:3623656"),
        (
            "126 nautical miles off Costa Rica's southern port town of Golfito",
            "off",
            "geonames:3623656",
        ),
        (
            "about 400 nautical miles southwest of the Mexico–Guatemala border",
            "of",
            "named:suchiate-mouth",
        ),
        (
            "approximately 400 nautical miles southwest of the Mexico/Guatemala border",
            "of",
            "named:suchiate-mouth",
        ),
        ("400 nm SW from the Mexico-Guatemala border", "from", "named:suchiate-mouth"),
        ("near Puerto López, La Guajira", "near", "named:puerto-lopez-guajira"),
        ("cerca de Puerto López, La Guajira", "near", "named:puerto-lopez-guajira"),
        ("20 nm west of Trinidad", "of", "named:trinidad"),
        ("a 20 millas frente a las costas de Venezuela", "off", "named:venezuela"),
        ("a unos 30 kilómetros frente a la costa de Colombia", "off", "named:colombia"),
        ("a 48 millas náuticas al noreste de La Blanquilla", "of", "named:la-blanquilla"),
        ("more than 400 nautical miles southwest of Acapulco (830 km)", "of", "named:acapulco"),
        ("12 nm off Puerto López, Ecuador", "off", "geonames:3652731"),
    ],
)
def test_relations_and_places(text, relation, place_id) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_reported(text)
    assert parsed.relation == relation
    assert parsed.place.id == place_id


def test_aside_is_set_aside_not_read() -> None:
    parsed = parse_reported("more than 400 nautical miles southwest of Acapulco (830 km)")
    assert parsed.set_aside == ("830 km",)
    assert parsed.distance.value == 400.0 and parsed.distance.unit == "nm"


def test_ambiguous_town_reports_the_others() -> None:
    parsed = parse_reported("cerca de Puerto López")
    assert parsed.place.id == "named:puerto-lopez-guajira"
    assert set(parsed.other_matches) == {"geonames:3671418", "geonames:3652731"}


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("126 nm off Atlantis", "unknown place 'Atlantis'"),
        ("126 furlongs off Golfito", "expected a unit after 126"),
        ("about Golfito", "expected a figure after 'about'"),
        ("northeast of La Blanquilla", "expected a distance"),
        ("off Venezuela", "'off' without a distance"),
        ("48 nm to the sideways of La Blanquilla", "expected a compass point"),
        ("48 nm northeast La Blanquilla", "expected a relation"),
        ("48 nm northeast of", "expected a place"),
        ("400 nm on a bearing of 400° from Acapulco", "bearing 400°"),
        ("126 nm off (Golfito", "never closed"),
        ("126 nm off Golfito)", "')' without '('"),
        ("", "empty position"),
        ("x" * (MAX_SENTENCE_CHARS + 1), f"at most {MAX_SENTENCE_CHARS}"),
    ],
)
def test_errors_name_the_part_not_understood(text, part) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReportedPositionError, match=None) as caught:
        parse_reported(text)
    assert part in str(caught.value)


def test_looks_reported_tells_sentences_from_coordinates() -> None:
    assert looks_reported("126 nm off Golfito")
    assert looks_reported("a 48 millas al noreste de La Blanquilla")
    assert not looks_reported("10°36'N 66°56'W")
    assert not looks_reported("10.6 -66.93")


_WORDS = st.sampled_from(
    [
        "about",
        "more",
        "than",
        "400",
        "1,2",
        "nm",
        "millas",
        "of",
        "off",
        "de",
        "al",
        "noreste",
        "NNE",
        "SW",
        "Golfito",
        "(",
        ")",
        "°",
        "225",
        "near",
        "cerca",
        "the",
        "border",
        ",",
        "-",
        "frente",
        "a",
        "las",
        "costas",
        "Venezuela",
        "Mexico–Guatemala",
        "\u0000",
        "é",
        "'s",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=14).map(" ".join))
def test_fuzz_sentences_from_real_words_never_crash(text) -> None:  # type: ignore[no-untyped-def]
    try:
        parsed = parse_reported(text)
    except ReportedPositionError as error:
        assert str(error) and len(str(error)) < 600
    else:
        assert 0 <= parsed.distance.min_m <= parsed.distance.max_m


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=260))
def test_fuzz_any_text_never_crashes(text) -> None:  # type: ignore[no-untyped-def]
    looks_reported(text)
    try:
        parse_reported(text)
    except ReportedPositionError as error:
        assert str(error) and len(str(error)) < 600
