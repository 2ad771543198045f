"""Parse a position typed by a person: decimal degrees, degrees-minutes(-seconds) with N/S/E/W.

Accepted, for example::

    10.6 -66.93            10.6, -66.93           10.6N 66.93W
    10°36'N 66°56'W        10°36'12"N, 66°56'30"W  10 36.2 N 66 56.5 W
    N10°36' W66°56'

Without hemisphere letters the order is latitude then longitude. :func:`parse_coordinate` reads
one coordinate alone (``12°21'00''N``, as the treaty turning points are written).

The text is capped at :data:`MAX_POSITION_CHARS` before anything else, then cut into tokens
(numbers, unit marks, words, commas) by one left-to-right scan whose alternatives never
overlap, so parsing time is linear in the length of the text whatever it holds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final, Literal

#: Which coordinate a text gives.
Axis = Literal["latitude", "longitude"]

#: Longest position text read; the longest accepted form (``10°36'12.345"N, 66°56'30.123"W``)
#: is about 32 characters.
MAX_POSITION_CHARS: Final = 100

# One alternative per token kind; no two alternatives can start on the same character and no
# quantifier is followed by another over the same characters, so a match never backtracks.
_TOKEN: Final = re.compile(
    r"""(?P<number>[-+]?[0-9]+(?:[.,][0-9]+)?)
    |(?P<word>[A-Za-z]+)
    |(?P<mark>°|º|′|″|''|'|")
    |(?P<comma>[,;])
    |(?P<space>\s+)
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_HEMISPHERES: Final = frozenset("NSEW")
#: Unit words and marks -> the slot they close (0 degrees, 1 minutes, 2 seconds).
_UNIT_SLOT: Final = {
    "°": 0,
    "º": 0,
    "D": 0,
    "DEG": 0,
    "'": 1,
    "′": 1,
    "M": 1,
    "MIN": 1,
    '"': 2,
    "″": 2,
    "''": 2,
    "SEC": 2,
}
_EXPECTED_FORMS: Final = (
    "expected 'LAT LON' or 'LAT, LON' in decimal degrees (10.6, -66.93) or "
    "degrees-minutes-seconds with N/S/E/W (10°36'N 66°56'W)"
)


class CoordinateError(ValueError):
    """The text is not a position we can read; the message says what was expected."""


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = str(match.lastgroup)
        if kind != "space":
            tokens.append(_Token(kind, match.group(), match.start(), match.end()))
    return tokens


def _is_hemisphere(token: _Token) -> bool:
    return token.kind == "word" and token.text.upper() in _HEMISPHERES


def _cannot_read(text: str) -> CoordinateError:
    return CoordinateError(f"cannot read {text!r} as a position: {_EXPECTED_FORMS}")


def _halves(text: str, tokens: list[_Token]) -> tuple[list[_Token], list[_Token]]:
    commas = [i for i, token in enumerate(tokens) if token.kind == "comma"]
    decimal_comma = any(token.kind == "number" and "," in token.text for token in tokens)
    if decimal_comma and (len(commas) == 1 or text.count(",") == 1):
        raise CoordinateError(f"ambiguous comma in {text!r}: use a dot for decimals")
    if len(commas) == 1:
        return tokens[: commas[0]], tokens[commas[0] + 1 :]
    if commas:
        raise _cannot_read(text)
    hemispheres = [i for i, token in enumerate(tokens) if _is_hemisphere(token)]
    if hemispheres:
        if hemispheres[0] == 0:
            # "N10°36' W66°56'": letters lead, so the second letter starts the second half.
            if len(hemispheres) > 1:
                return tokens[: hemispheres[1]], tokens[hemispheres[1] :]
        elif hemispheres[0] < len(tokens) - 1:
            # "10°36'N 66°56'W": letters follow, so the first letter ends the first half.
            return tokens[: hemispheres[0] + 1], tokens[hemispheres[0] + 1 :]
    # Otherwise the text must be two space-separated chunks: "10.6 -66.93".
    chunks: list[list[_Token]] = []
    previous_end = -1
    for token in tokens:
        if not chunks or token.start != previous_end:
            chunks.append([])
        chunks[-1].append(token)
        previous_end = token.end
    if len(chunks) == 2:
        return chunks[0], chunks[1]
    raise _cannot_read(text)


def _part_text(text: str, tokens: list[_Token]) -> str:
    return text[tokens[0].start : tokens[-1].end] if tokens else ""


def _number(token: _Token) -> float:
    return float(token.text.replace(",", "."))


def _parse_part(text: str, tokens: list[_Token], *, axis: Axis) -> float:
    shown = _part_text(text, tokens)
    body = list(tokens)
    hemis = []
    if body and _is_hemisphere(body[0]):
        hemis.append(body.pop(0).text.upper())
    if body and _is_hemisphere(body[-1]):
        hemis.append(body.pop().text.upper())
    numbers: list[_Token] = []
    units: set[int] = set()
    for token in body:
        if token.kind == "number" and len(numbers) < 3:
            numbers.append(token)
            continue
        unit_slot = _UNIT_SLOT.get(token.text.upper()) if token.kind in ("word", "mark") else None
        # A unit closes the number just read, and only its own slot (° after degrees ...).
        if unit_slot is None or unit_slot != len(numbers) - 1 or unit_slot in units:
            raise CoordinateError(f"cannot read {axis} {shown!r}")
        units.add(unit_slot)
    if not numbers:
        raise CoordinateError(f"cannot read {axis} {shown!r}")
    if len(set(hemis)) > 1 or len(hemis) > 1:
        raise CoordinateError(f"{axis} {shown!r} has two hemisphere letters")
    hemi = hemis[0] if hemis else None
    if hemi and axis == "latitude" and hemi not in "NS":
        raise CoordinateError(f"latitude {shown!r} must use N or S, not {hemi}")
    if hemi and axis == "longitude" and hemi not in "EW":
        raise CoordinateError(f"longitude {shown!r} must use E or W, not {hemi}")
    if any(token.text[0] in "+-" for token in numbers[1:]):
        raise CoordinateError(f"cannot read {axis} {shown!r}: minutes and seconds have no sign")
    degrees = _number(numbers[0])
    minutes = _number(numbers[1]) if len(numbers) > 1 else 0.0
    seconds = _number(numbers[2]) if len(numbers) > 2 else 0.0
    if minutes >= 60 or seconds >= 60:
        raise CoordinateError(f"{axis} {shown!r}: minutes and seconds must be below 60")
    if len(numbers) > 1 and not degrees.is_integer():
        raise CoordinateError(f"{axis} {shown!r}: fractional degrees with minutes")
    if len(numbers) > 2 and not minutes.is_integer():
        raise CoordinateError(f"{axis} {shown!r}: fractional minutes with seconds")
    value = abs(degrees) + minutes / 60 + seconds / 3600
    negative = numbers[0].text.startswith("-")
    if hemi is not None and negative:
        raise CoordinateError(f"{axis} {shown!r} has both a minus sign and {hemi}")
    if negative or hemi in ("S", "W"):
        value = -value
    return value


def validate_lat_lon(lat: float, lon: float) -> tuple[float, float]:
    """Return (lat, lon) if both are finite and in range, else raise CoordinateError."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise CoordinateError(f"latitude and longitude must be finite numbers, got {lat}, {lon}")
    if not -90.0 <= lat <= 90.0:
        raise CoordinateError(f"latitude {lat} is out of range: expected -90 to 90")
    if not -180.0 <= lon <= 180.0:
        raise CoordinateError(f"longitude {lon} is out of range: expected -180 to 180")
    return lat, lon


def wrap_longitude(lon: float) -> float:
    """Bring a longitude from any copy of the world into [-180, 180).

    A click on a web map past the antimeridian gives, e.g., -291.5 or 425.0; those are the
    same meridians as 68.5 and 65.0.

    Parameters
    ----------
    lon : float
        Longitude in degrees, finite.

    Returns
    -------
    float
        The same meridian in [-180, 180).

    Raises
    ------
    CoordinateError
        If ``lon`` is not a finite number.

    """
    if not math.isfinite(lon):
        raise CoordinateError(f"longitude must be a finite number, got {lon}")
    wrapped = (lon + 180.0) % 360.0 - 180.0
    # Floating-point modulo can land exactly on the excluded end.
    return -180.0 if wrapped >= 180.0 else wrapped


def _read_tokens(text: str, *, kind: str, expected: str) -> tuple[str, list[_Token]]:
    """The stripped text and its tokens, after the empty, length and character checks."""
    if not isinstance(text, str) or not text.strip():
        raise CoordinateError(f"empty {kind}: expected {expected}")
    if len(text) > MAX_POSITION_CHARS:
        raise CoordinateError(
            f"{kind} text is {len(text):,} characters long; at most {MAX_POSITION_CHARS} "
            f"are read (expected {expected})"
        )
    text = text.strip()
    tokens = _tokens(text)
    if any(token.kind == "other" for token in tokens):
        raise _cannot_read(text)
    return text, tokens


def parse_coordinate(text: str, *, axis: Axis | None = None) -> float:
    """Decimal degrees from one coordinate: ``12°21'00''N``, ``03°23'31.65''S``, ``66°56'W``.

    The same tokenizer and rules as :func:`parse_position`, for one latitude or longitude
    (degrees, optional minutes and seconds with their marks or words, a hemisphere letter or a
    sign); seconds may be written ``''`` or ``"``.

    Parameters
    ----------
    text : str
        One coordinate, at most :data:`MAX_POSITION_CHARS` characters.
    axis : "latitude" | "longitude" | None
        What the text must be; by default told by its hemisphere letter (N/S: latitude, E/W:
        longitude), which it then must have.

    Returns
    -------
    float
        Decimal degrees, negative for S and W (``degrees + minutes / 60 + seconds / 3600``).

    Raises
    ------
    CoordinateError
        With a one-line message: unreadable, a letter of the wrong axis, minutes or seconds of
        60 or more, or out of range (±90 for a latitude, ±180 for a longitude).

    """
    text, tokens = _read_tokens(text, kind="coordinate", expected="e.g. 12°21'00''N")
    if any(token.kind == "comma" for token in tokens):
        raise CoordinateError(f"cannot read {text!r} as one coordinate: expected e.g. 12°21'00''N")
    if axis is None:
        letters = {token.text.upper() for token in tokens if _is_hemisphere(token)}
        if letters and letters <= set("NS"):
            axis = "latitude"
        elif letters and letters <= set("EW"):
            axis = "longitude"
        else:
            raise CoordinateError(
                f"cannot tell whether {text!r} is a latitude or a longitude: "
                "expected one hemisphere letter N, S, E or W"
            )
    value = _parse_part(text, tokens, axis=axis)
    limit = 90.0 if axis == "latitude" else 180.0
    if not (math.isfinite(value) and -limit <= value <= limit):
        raise CoordinateError(f"{axis} {text!r} is out of range: expected -{limit:g} to {limit:g}")
    return value


def parse_position(text: str) -> tuple[float, float]:
    """(lat, lon) in decimal degrees from a typed position.

    Raises
    ------
    CoordinateError
        With a one-line message saying what was wrong and what is expected; also for text
        longer than :data:`MAX_POSITION_CHARS`, which is refused before it is read.

    """
    text, tokens = _read_tokens(text, kind="position", expected="'LAT LON', e.g. 10.6 -66.93")
    first, second = _halves(text, tokens)
    first_is_lon = any(_is_hemisphere(t) and t.text.upper() in "EW" for t in first)
    second_is_lat = any(_is_hemisphere(t) and t.text.upper() in "NS" for t in second)
    if first_is_lon and second_is_lat:
        first, second = second, first
    lat = _parse_part(text, first, axis="latitude")
    lon = _parse_part(text, second, axis="longitude")
    return validate_lat_lon(lat, lon)
