"""Parse a position typed by a person: decimal degrees, degrees-minutes(-seconds) with N/S/E/W.

Accepted, for example::

    10.6 -66.93            10.6, -66.93           10.6N 66.93W
    10°36'N 66°56'W        10°36'12"N, 66°56'30"W  10 36.2 N 66 56.5 W
    N10°36' W66°56'

Without hemisphere letters the order is latitude then longitude.
"""

from __future__ import annotations

import math
import re

_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
_PART = re.compile(
    rf"""\s*(?P<pre>[NSEW])?\s*
    (?P<deg>{_NUMBER})\s*(?:°|º|d|deg|\s)?\s*
    (?:(?P<min>\d+(?:[.,]\d+)?)\s*(?:'|′|m|min|\s)?\s*)?
    (?:(?P<sec>\d+(?:[.,]\d+)?)\s*(?:"|″|''|s|sec)?\s*)?
    (?P<post>[NSEW])?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


class CoordinateError(ValueError):
    """The text is not a position we can read; the message says what was expected."""


def _split_halves(text: str) -> tuple[str, str]:
    cleaned = " ".join(text.replace(";", ",").split())
    if cleaned.count(",") == 1 and not re.search(r"\d,\d", cleaned):
        first, second = cleaned.split(",")
        return first, second
    if "," in cleaned and re.search(r"\d,\d", cleaned) and cleaned.count(",") == 1:
        raise CoordinateError(f"ambiguous comma in {text!r}: use a dot for decimals")
    # "10°36'N 66°56'W" or "10.6N 66.9W": split after the first hemisphere letter.
    match = re.match(r"^(.*?[NS])\s*([^NS].*)$", cleaned, re.IGNORECASE)
    if match and re.search(r"\d", match.group(1)) and re.search(r"\d", match.group(2)):
        return match.group(1), match.group(2)
    match = re.match(r"^([NS].*?)\s+([EW].*)$", cleaned, re.IGNORECASE)
    if match:
        return match.group(1), match.group(2)
    tokens = cleaned.split(" ")
    if len(tokens) == 2:
        return tokens[0], tokens[1]
    raise CoordinateError(
        f"cannot read {text!r} as a position: expected 'LAT LON' or 'LAT, LON' in decimal "
        "degrees (10.6, -66.93) or degrees-minutes-seconds with N/S/E/W (10°36'N 66°56'W)"
    )


def _parse_part(text: str, *, axis: str) -> float:
    match = _PART.match(text)
    if match is None:
        raise CoordinateError(f"cannot read {axis} {text.strip()!r}")
    hemis = {h.upper() for h in (match.group("pre"), match.group("post")) if h}
    if len(hemis) > 1:
        raise CoordinateError(f"{axis} {text.strip()!r} has two hemisphere letters")
    hemi = hemis.pop() if hemis else None
    if hemi and axis == "latitude" and hemi not in "NS":
        raise CoordinateError(f"latitude {text.strip()!r} must use N or S, not {hemi}")
    if hemi and axis == "longitude" and hemi not in "EW":
        raise CoordinateError(f"longitude {text.strip()!r} must use E or W, not {hemi}")
    degrees = float(match.group("deg").replace(",", "."))
    minutes = float(match.group("min").replace(",", ".")) if match.group("min") else 0.0
    seconds = float(match.group("sec").replace(",", ".")) if match.group("sec") else 0.0
    if minutes >= 60 or seconds >= 60:
        raise CoordinateError(f"{axis} {text.strip()!r}: minutes and seconds must be below 60")
    if (match.group("min") or match.group("sec")) and not degrees.is_integer():
        raise CoordinateError(f"{axis} {text.strip()!r}: fractional degrees with minutes")
    value = abs(degrees) + minutes / 60 + seconds / 3600
    negative = degrees < 0 or str(match.group("deg")).startswith("-")
    if hemi is not None and negative:
        raise CoordinateError(f"{axis} {text.strip()!r} has both a minus sign and {hemi}")
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


def parse_position(text: str) -> tuple[float, float]:
    """(lat, lon) in decimal degrees from a typed position.

    Raises
    ------
    CoordinateError
        With a one-line message saying what was wrong and what is expected.

    """
    if not isinstance(text, str) or not text.strip():
        raise CoordinateError("empty position: expected 'LAT LON', e.g. 10.6 -66.93")
    first, second = _split_halves(text.strip())
    first_is_lon = bool(re.search(r"[EW]", first, re.IGNORECASE))
    second_is_lat = bool(re.search(r"[NS]", second, re.IGNORECASE))
    if first_is_lon and second_is_lat:
        first, second = second, first
    lat = _parse_part(first, axis="latitude")
    lon = _parse_part(second, axis="longitude")
    return validate_lat_lon(lat, lon)
