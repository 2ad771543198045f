"""Read a position as the sources report it, such as "126 nm off Golfito".

Other examples: "a 48 millas náuticas al noreste de La Blanquilla", "about 400 nautical miles
southwest of the Mexico–Guatemala border".

Grammar (English and Spanish, case and accents ignored)::

    [hedge] NUMBER UNIT [bearing] relation PLACE        "more than 400 nm SW of Acapulco"
    near PLACE                                           "near Puerto López, La Guajira"

A parenthesised aside ("(830 km)") is set aside and reported, never read. The reading is a
single left-to-right pass over at most :data:`MAX_SENTENCE_CHARS` characters: linear time, no
backtracking. Anything not understood raises :class:`ReportedPositionError` naming the part.

Rounding and hedge rules (each a named constant below, with its reasoning):

- a bare figure stands for the interval it rounds from (``126`` = 125.5 to 126.5; ``450`` =
  445 to 455), but never wider than ``about`` (``400`` = 360 to 440, not 350 to 450);
- ``about``/``approximately``/``some``/``unos`` = ±10 %; ``more than``/``at least``/``más de``
  = the figure to 25 % more (400 to 500); ``nearly``/``casi`` = 10 % less to the figure;
  ``up to``/``within``/``hasta`` = 0 to the figure; ``near`` without a figure = 0 to 20 nm;
- a bearing of the 8-point rose (N, NE, ...) = ±22.5°; one of the 16-point rose only (NNE,
  ENE, ...) = ±11.25°; degrees = ± half the last stated digit (225° = ±0.5°, 220° = ±5°).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from geo.constants import METRES_PER_NM
from geo.coords import CoordinateError
from geo.gazetteer import Place, load_gazetteer, normalise_name

#: Longer text is refused before it is read: the longest sentence in our sources is ~110.
MAX_SENTENCE_CHARS: Final = 200
#: One statute mile (international yard of 1959).
METRES_PER_STATUTE_MILE: Final = 1609.344
METRES_PER_KM: Final = 1000.0

#: "about 400" = ±10 %: the figures the sources round ("about 400", "some 126") are given to
#: one or two significant digits, which is ±5 to ±12 % at these magnitudes.
ABOUT_FRACTION: Final = 0.10
#: "more than 400" = 400 to 500: the next round figure up, as a source that knew 500 would
#: have said "about 500" (Mexico's Navy gave "more than 400" and "450" for one search).
MORE_THAN_FRACTION: Final = 0.25
#: "nearly 400" = 360 to 400: the mirror of "about" below the figure.
NEARLY_FRACTION: Final = 0.10
#: "near PLACE" with no figure = within 20 nm: within sight from the shore (the horizon for a
#: low smoke column seen from a beach is about 20 to 25 nm).
NEAR_MAX_NM: Final = 20.0
#: A bearing of the 8-point rose (N, NE, E, ...) covers the 45° between its neighbours.
EIGHT_POINT_HALF_WIDTH_DEG: Final = 22.5
#: A bearing only the 16-point rose names (NNE, ENE, ...) covers 22.5°.
SIXTEEN_POINT_HALF_WIDTH_DEG: Final = 11.25

Hedge = Literal["exact", "about", "more_than", "at_least", "nearly", "up_to", "near"]
Unit = Literal["nm", "statute_mile", "km"]

_METRES_PER_UNIT: Final[dict[Unit, float]] = {
    "nm": METRES_PER_NM,
    "statute_mile": METRES_PER_STATUTE_MILE,
    "km": METRES_PER_KM,
}


class ReportedPositionError(CoordinateError):
    """A sentence we cannot read as a reported position; the message names the part."""


def _phrases(table: dict[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    return {tuple(phrase.split()): value for value, phrases in table.items() for phrase in phrases}


_HEDGES: Final = _phrases(
    {
        "about": (
            "about",
            "approximately",
            "approx",
            "approx.",
            "around",
            "roughly",
            "some",
            "circa",
            "~",
            "unos",
            "unas",
            "aproximadamente",
            "aprox",
            "aprox.",
            "alrededor de",
            "cerca de",
            "some",
            "an estimated",
            "unas",
            "poco mas de",
        ),
        "more_than": ("more than", "over", "beyond", "mas de", "more then"),
        "at_least": ("at least", "al menos", "por lo menos", "no less than"),
        "nearly": ("nearly", "almost", "just under", "casi", "just short of"),
        "up_to": ("up to", "less than", "under", "within", "hasta", "menos de", "a menos de"),
    }
)
# Bare "miles" are statute miles (the BBC's "400 miles (643km)"); Spanish "millas" in a navy's
# or coast guard's statement are nautical miles, the only mile of Spanish maritime usage.
_UNITS: Final = _phrases(
    {
        "nm": (
            "nm",
            "nmi",
            "n.m.",
            "nm.",
            "nautical miles",
            "nautical mile",
            "naut. miles",
            "nautical",
            "millas nauticas",
            "milla nautica",
            "millas marinas",
            "milla marina",
            "mn",
            "m.n.",
            "millas",
            "milla",
        ),
        "statute_mile": ("miles", "mile", "mi", "mi.", "statute miles", "statute mile"),
        "km": (
            "km",
            "kms",
            "km.",
            "kilometres",
            "kilometers",
            "kilometre",
            "kilometer",
            "kilometros",
            "kilometro",
        ),
    }
)
_COMPASS_16: Final = (
    ("north", "norte", "n"),
    ("north northeast", "nor noreste", "nornoreste", "nne"),
    ("northeast", "north east", "noreste", "nordeste", "ne"),
    ("east northeast", "este noreste", "estenoreste", "este nordeste", "estenordeste", "ene"),
    ("east", "este", "e"),
    ("east southeast", "este sureste", "estesureste", "este sudeste", "estesudeste", "ese"),
    ("southeast", "south east", "sureste", "sudeste", "se"),
    ("south southeast", "sur sureste", "sursureste", "sud sudeste", "sudsudeste", "sse"),
    ("south", "sur", "s"),
    ("south southwest", "sur suroeste", "sursuroeste", "sud sudoeste", "sudsudoeste", "ssw", "sso"),
    ("southwest", "south west", "suroeste", "sudoeste", "sw", "so"),
    (
        "west southwest",
        "oeste suroeste",
        "oestesuroeste",
        "oeste sudoeste",
        "oestesudoeste",
        "wsw",
        "oso",
    ),
    ("west", "oeste", "w", "o"),
    ("west northwest", "oeste noroeste", "oestenoroeste", "wnw", "ono"),
    ("northwest", "north west", "noroeste", "nw", "no"),
    ("north northwest", "nor noroeste", "nornoroeste", "nnw", "nno"),
)
_BEARINGS: Final[dict[tuple[str, ...], float]] = {
    tuple(phrase.split()): 22.5 * k for k, names in enumerate(_COMPASS_16) for phrase in names
}
#: Words before a compass point that add nothing ("to the north of", "al norte de").
_BEARING_LEADS: Final = _phrases(
    {
        "": (
            "to the",
            "al",
            "hacia el",
            "a",
            "due",
            "on a bearing of",
            "bearing",
            "rumbo",
            "on bearing",
            "con rumbo",
        )
    }
)
_DEGREE_WORDS: Final = frozenset({"°", "º", "deg", "deg.", "degrees", "degree", "grados"})
_DEGREE_TRAILERS: Final = frozenset({"true", "t", "verdaderos", "verdadero"})
Relation = Literal["of", "off", "from", "near"]
_RELATIONS: Final = _phrases(
    {
        "off": (
            "off",
            "off the coast of",
            "off the coasts of",
            "off the coast",
            "off of",
            "offshore of",
            "offshore from",
            "frente a",
            "frente al",
            "frente a las costas de",
            "frente a la costa de",
            "frente a las costas del",
            "frente a la costa del",
            "frente a las costas",
            "off the shores of",
            "off the shore of",
        ),
        "of": ("of", "de", "del", "from the coast of", "de las costas de", "de la costa de"),
        "from": ("from", "desde"),
        "near": (
            "near",
            "near to",
            "close to",
            "cerca de",
            "cerca del",
            "in the vicinity of",
            "en las inmediaciones de",
            "junto a",
            "near the coast of",
            "cerca de la costa de",
        ),
    }
)
#: A leading word that only introduces the figure ("a 48 millas", "at 126 nm").
_LEADS: Final = frozenset({"a", "at", "located", "situated", "ubicado", "ubicada"})
_NUMBER = re.compile(r"\d{1,7}(?:[.,]\d{1,7})*\Z")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:\.[^\W\d_]+)*\.?|[°º~(),;:/]|['’]s\b|\S")


@dataclass(frozen=True)
class Distance:
    """The stated distance and the band it stands for, in metres."""

    value: float
    unit: Unit
    hedge: Hedge
    nominal_m: float
    min_m: float
    max_m: float

    @property
    def min_nm(self) -> float:
        """Near edge of the band (nm)."""
        return self.min_m / METRES_PER_NM

    @property
    def max_nm(self) -> float:
        """Far edge of the band (nm)."""
        return self.max_m / METRES_PER_NM


@dataclass(frozen=True)
class Bearing:
    """A bearing from the place (degrees clockwise from true north) and its sector."""

    text: str
    nominal_deg: float
    half_width_deg: float


@dataclass(frozen=True)
class ReportedPosition:
    """A sentence read into its parts, its place resolved in the gazetteer."""

    text: str
    distance: Distance
    bearing: Bearing | None
    relation: Relation
    place_text: str
    place: Place
    other_matches: tuple[str, ...]
    set_aside: tuple[str, ...]


@dataclass(frozen=True)
class _Token:
    key: str  # folded (case, accents) for matching
    start: int
    end: int


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str) -> tuple[list[_Token], list[str]]:
    """Tokens of ``text`` outside parentheses, and the parenthesised asides."""
    tokens: list[_Token] = []
    asides: list[str] = []
    aside_start: int | None = None
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word == "(":
            if aside_start is not None:
                raise ReportedPositionError(f"nested parenthesis at character {match.start()}")
            aside_start = match.end()
        elif word == ")":
            if aside_start is None:
                raise ReportedPositionError(f"')' without '(' at character {match.start()}")
            asides.append(text[aside_start : match.start()].strip())
            aside_start = None
        elif aside_start is None and word not in {"-", "–", "—", ","}:
            tokens.append(_Token(_fold(word), match.start(), match.end()))
    if aside_start is not None:
        raise ReportedPositionError(f"'(' at character {aside_start - 1} is never closed")
    return tokens, asides


def _match(tokens: list[_Token], at: int, table: dict[tuple[str, ...], str]) -> tuple[str, int]:
    """The longest phrase of ``table`` at ``tokens[at:]``: (value, tokens used), or ("", 0)."""
    best = ("", 0)
    for length in range(1, min(_LONGEST_PHRASE, len(tokens) - at) + 1):
        phrase = tuple(t.key for t in tokens[at : at + length])
        if phrase in table:
            best = (table[phrase], length)
    return best


_LONGEST_PHRASE: Final = 6


def _number(text: str) -> float:
    if not _NUMBER.match(text):
        raise ReportedPositionError(f"cannot read the figure {text!r}")
    groups = re.split(r"[.,]", text)
    if len(groups) == 1:
        return float(text)
    # "1,200" and "1.200" are thousands; "48.5" and "48,5" are decimals.
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
        return float("".join(groups))
    if len(groups) == 2:
        return float(f"{groups[0]}.{groups[1]}")
    raise ReportedPositionError(f"cannot read the figure {text!r}")


def _last_digit_half(text: str) -> float:
    """Half the place value of the last stated digit: '126' -> 0.5, '450' -> 5, '48.5' -> 0.05."""
    digits = text.replace(",", ".")
    if "." in digits and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        return 0.5 * 10.0 ** -len(digits.rsplit(".", 1)[1])
    whole = digits.replace(".", "")
    trailing_zeros = len(whole) - len(whole.rstrip("0"))
    return 0.5 * 10.0 ** min(trailing_zeros, len(whole) - 1)


def _band(value: float, figure: str, hedge: Hedge) -> tuple[float, float]:
    rounding = _last_digit_half(figure)
    if hedge == "exact":
        spread = min(rounding, ABOUT_FRACTION * value)
        return value - spread, value + spread
    if hedge == "about":
        return value * (1 - ABOUT_FRACTION), value * (1 + ABOUT_FRACTION)
    if hedge in ("more_than", "at_least"):
        return value, value * (1 + MORE_THAN_FRACTION)
    if hedge == "nearly":
        return value * (1 - NEARLY_FRACTION), value
    return 0.0, value  # up_to


def _expected(tokens: list[_Token], at: int, text: str, what: str) -> ReportedPositionError:
    got = f"got {text[tokens[at].start :]!r}" if at < len(tokens) else "the sentence ends"
    return ReportedPositionError(f"cannot read {text!r}: expected {what}; {got}")


def _read_bearing(tokens: list[_Token], at: int, text: str) -> tuple[Bearing | None, int]:
    _, lead = _match(tokens, at, _BEARING_LEADS)
    i = at + lead
    best_len = 0
    degrees = 0.0
    for length in range(1, min(_LONGEST_PHRASE, len(tokens) - i) + 1):
        phrase = tuple(t.key for t in tokens[i : i + length])
        if phrase in _BEARINGS:
            best_len, degrees = length, _BEARINGS[phrase]
    if best_len:
        words = text[tokens[i].start : tokens[i + best_len - 1].end]
        eight_point = degrees % 45 == 0
        half = EIGHT_POINT_HALF_WIDTH_DEG if eight_point else SIXTEEN_POINT_HALF_WIDTH_DEG
        return Bearing(words, degrees, half), lead + best_len
    if i < len(tokens) and tokens[i].key[:1].isdigit():
        figure = tokens[i].key
        has_unit = i + 1 < len(tokens) and tokens[i + 1].key in _DEGREE_WORDS
        if not (has_unit or lead):
            return None, 0
        value = _number(figure)
        if not 0 <= value <= 360:
            raise ReportedPositionError(f"bearing {figure}°: expected 0 to 360 degrees")
        used = lead + 1 + int(has_unit)
        if at + used < len(tokens) and tokens[at + used].key in _DEGREE_TRAILERS:
            used += 1
        words = text[tokens[i].start : tokens[at + used - 1].end]
        return Bearing(words, value % 360, max(_last_digit_half(figure), 0.5)), used
    if lead:
        raise _expected(
            tokens, i, text, "a compass point (N, NNE, northeast, noreste...) or degrees"
        )
    return None, 0


def parse_reported(text: str) -> ReportedPosition:
    """Read a reported position and resolve its place in the gazetteer.

    Raises
    ------
    ReportedPositionError
        With one line naming the part of the sentence that was not understood.

    """
    if not isinstance(text, str) or not text.strip():
        raise ReportedPositionError("empty position: expected e.g. '126 nm off Golfito'")
    if len(text) > MAX_SENTENCE_CHARS:
        raise ReportedPositionError(
            f"position text of {len(text)} characters: at most {MAX_SENTENCE_CHARS} are read"
        )
    text = unicodedata.normalize("NFKC", text).strip().rstrip(".")
    tokens, asides = _tokens(text)
    # "at least" is a hedge, "at 126 nm" a lead: the hedge is tried first.
    i = 1 if tokens and tokens[0].key in _LEADS and not _match(tokens, 0, _HEDGES)[1] else 0
    hedge_word, used = _match(tokens, i, _HEDGES)
    figure_at = i + used
    has_figure = figure_at < len(tokens) and tokens[figure_at].key[:1].isdigit()
    if used and not has_figure and not _match(tokens, i, _RELATIONS)[1]:
        hedge_text = text[tokens[i].start : tokens[figure_at - 1].end]
        raise _expected(tokens, figure_at, text, f"a figure after {hedge_text!r}")
    distance: Distance | None = None
    if has_figure:
        hedge: Hedge = hedge_word or "exact"  # type: ignore[assignment]  # values of _HEDGES
        distance = _read_distance(tokens, figure_at, text, hedge)
        i = figure_at + 1 + _match(tokens, figure_at + 1, _UNITS)[1]
    # Without a figure the words were a relation ("cerca de Puerto López"), not a hedge.
    bearing, used = _read_bearing(tokens, i, text) if distance is not None else (None, 0)
    i += used
    relation_word, used = _match(tokens, i, _RELATIONS)
    if not used:
        what = "a relation (off, of, from, near, frente a, de)"
        if distance is None:
            what = "a distance (e.g. '126 nm') or 'near'"
        raise _expected(tokens, i, text, what)
    i += used
    relation: Relation = relation_word  # type: ignore[assignment]  # values of _RELATIONS
    if distance is None:
        if relation != "near":
            raise ReportedPositionError(
                f"cannot read {text!r}: '{relation}' without a distance does not say how far "
                "out; give one (e.g. '20 nm off ...') or use 'near'"
            )
        distance = Distance(NEAR_MAX_NM, "nm", "near", 0.0, 0.0, NEAR_MAX_NM * METRES_PER_NM)
    if i >= len(tokens):
        raise _expected(tokens, i, text, "a place after the relation")
    place_text = text[tokens[i].start : tokens[-1].end].strip(" ,;:")
    place, others = resolve_place(place_text)
    return ReportedPosition(
        text=text,
        distance=distance,
        bearing=bearing,
        relation=relation,
        place_text=place_text,
        place=place,
        other_matches=others,
        set_aside=tuple(asides),
    )


def _read_distance(tokens: list[_Token], at: int, text: str, hedge: Hedge) -> Distance:
    figure = tokens[at].key
    value = _number(figure)
    unit, used = _match(tokens, at + 1, _UNITS)
    if not used:
        raise _expected(
            tokens,
            at + 1,
            text,
            f"a unit after {figure} (nm, nautical miles, miles, km, millas náuticas, kilómetros)",
        )
    low, high = _band(value, figure, hedge)
    per = _METRES_PER_UNIT[unit]  # type: ignore[index]  # values of _UNITS
    return Distance(value, unit, hedge, value * per, low * per, high * per)  # type: ignore[arg-type]


def resolve_place(place_text: str) -> tuple[Place, tuple[str, ...]]:
    """The gazetteer place a sentence names, and the ids of other places of that name.

    Tried in order: the whole text; the text before a comma (the rest qualifies it: "Puerto
    López, Ecuador"); the name after the last "of"/"de" ("Costa Rica's southern port town of
    Golfito", the words before qualifying it). A qualifier that names a country keeps only
    that country's places.
    """
    gazetteer = load_gazetteer()
    key = normalise_name(place_text)
    candidates: list[tuple[str, str]] = [(key, "")]
    if "," in place_text:
        head, _, tail = place_text.partition(",")
        candidates.append((normalise_name(head), normalise_name(tail)))
    words = key.split(" ")
    for k in range(len(words) - 1, 0, -1):
        if words[k - 1] in ("of", "de", "del"):
            candidates.append((" ".join(words[k:]), " ".join(words[: k - 1])))
            break
    for name, qualifier in candidates:
        places = gazetteer.lookup(name)
        if not places:
            continue
        state = _qualifier_state(qualifier)
        if state:
            places = tuple(p for p in places if p.state == state) or places
        return places[0], tuple(p.id for p in places[1:])
    raise ReportedPositionError(
        f"unknown place {place_text!r}: not in the gazetteer (data/geo/gazetteer.csv: GeoNames "
        "towns of the theatre; data/geo/named_places.csv: islands, capes, borders, countries)"
    )


def _qualifier_state(qualifier: str) -> str:
    """The state a qualifier such as "Costa Rica's southern port town" starts with, or ""."""
    if not qualifier:
        return ""
    gazetteer = load_gazetteer()
    words = qualifier.split(" ")
    for length in range(min(4, len(words)), 0, -1):
        for place in gazetteer.lookup(" ".join(words[:length])):
            if place.kind == "country":
                return place.state
    return ""


def looks_reported(text: str) -> bool:
    """Whether ``text`` reads as a reported sentence rather than coordinates.

    True when a unit or a relation word appears in it.
    """
    if not isinstance(text, str) or len(text) > MAX_SENTENCE_CHARS:
        return isinstance(text, str) and bool(re.search(r"[^\W\d_]{3,}", text[:1000]))
    try:
        tokens, _ = _tokens(text)
    except ReportedPositionError:
        return True
    return any(
        _match(tokens, i, _UNITS)[1] or _match(tokens, i, _RELATIONS)[1] for i in range(len(tokens))
    )
