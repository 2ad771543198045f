"""Legal breadths, regions and physical constants, each named once."""

from typing import Final, Literal, get_args

from common.crs import WGS84 as WGS84  # re-exported: named once, in common

#: One international nautical mile.
METRES_PER_NM: Final = 1852.0

#: Venezuela's territorial sea: "22 km 224 m, equivalent to 12 nautical miles" (1956 law, Art. 1-2);
#: every state of the theatre claims 12 nm (``data/geo/claims.csv``), drawn at this breadth.
TERRITORIAL_SEA_M: Final = 22_224.0

#: Venezuela's current contiguous-zone claim (LOEAI; FM Arreaza, July 2020).
CONTIGUOUS_ZONE_NM: Final = 24.0
#: The 1956 law's contiguous zone (3 nm beyond a 12-nm sea); a documented alternative setting.
CONTIGUOUS_ZONE_1956_NM: Final = 15.0

EEZ_NM: Final = 200.0

#: Region in which zones are modelled (lon_min, lat_min, lon_max, lat_max): the strike theatre,
#: the Caribbean basin and the Eastern Pacific from Mexico to northern Peru. Outside it: "unknown".
MODELLED_REGION: Final = (-120.0, -6.0, -55.0, 24.0)
#: Land read for the build: the modelled region widened by more than 200 nm on every side
#: (200 nm is 3.33 degrees of latitude and 3.65 degrees of longitude at 24 N), so that
#: equidistance near its edges sees every coast that can bound a zone inside it.
LAND_REGION: Final = (-124.0, -10.0, -51.0, 28.0)

#: Zones of the modelled region, in the order a point is assigned to them (the JSON values).
ModelledZone = Literal[
    "land",
    "internal_waters",
    "territorial_sea",
    "contiguous_zone",
    "eez",
    "high_seas",
]
#: Every value of a check's ``zone``: a modelled zone, or ``unknown`` outside the region.
Zone = Literal[ModelledZone, "unknown"]
ZONES: Final[tuple[ModelledZone, ...]] = get_args(ModelledZone)
UNKNOWN_ZONE: Final[Zone] = "unknown"
TERRITORIAL_WATERS_ZONES: Final[frozenset[ModelledZone]] = frozenset(
    {"internal_waters", "territorial_sea"}
)
#: Whether an area (or an uncertainty circle) lies in Venezuela's territorial waters.
Verdict = Literal["inside", "outside", "indeterminate"]
VERDICTS: Final[tuple[Verdict, ...]] = get_args(Verdict)

VENEZUELA: Final = "VEN"
