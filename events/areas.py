"""Named reporting areas: where region-only strikes are drawn, and why.

The U.S. never published a position for 60 of the 64 engagements; the press names an area at
best. Each area below is a hand-drawn lon/lat polygon (vertices listed, never a degree buffer)
with what the sources say and why the outline is drawn where it is. The polygons are
deliberately coarse and may cover coastal land or islands: an area is a statement about the
reporting, not a position, and its territorial-waters verdict is ``indeterminate`` whenever it
reaches Venezuela's 12-nm belt. ``python -m events.build`` writes them to
``data/events/reporting_areas.geojson``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportingArea:
    """A named reporting area.

    Attributes
    ----------
    area_id : str
        Stable slug used in ``strikes.csv``'s ``reporting_area`` column.
    name : str
        Human-readable name.
    region : str
        ``Caribbean`` or ``Eastern Pacific``.
    description : str
        What the sources say about strikes in this area.
    rationale : str
        Why the polygon is drawn where it is.
    ring_lon_lat : tuple[tuple[float, float], ...]
        Exterior ring, (lon, lat) in degrees (EPSG:4326), not closed.

    """

    area_id: str
    name: str
    region: str
    description: str
    rationale: str
    ring_lon_lat: tuple[tuple[float, float], ...]


#: Pacific coast vertices shared by neighbouring areas, so that their edges coincide.
_PACIFIC_COAST_PANAMA_TO_MEXICO: tuple[tuple[float, float], ...] = (
    (-78.20, 7.20),
    (-78.80, 8.40),
    (-80.00, 7.40),
    (-83.00, 8.20),
    (-85.70, 10.50),
    (-87.50, 12.90),
    (-91.40, 13.90),
    (-94.50, 16.00),
    (-99.80, 16.70),
    (-105.50, 19.80),
)
_PACIFIC_COAST_COLOMBIA_ECUADOR: tuple[tuple[float, float], ...] = (
    (-77.90, 7.20),
    (-77.20, 3.80),
    (-78.80, 1.40),
    (-80.10, 0.00),
    (-80.90, -2.20),
    (-80.30, -3.40),
)

REPORTING_AREAS: tuple[ReportingArea, ...] = (
    ReportingArea(
        area_id="between-venezuela-trinidad",
        name="Between Venezuela and Trinidad",
        region="Caribbean",
        description=(
            "S001 (2 Sep 2025): boat left San Juan de Unare (Sucre) reportedly bound for "
            "Trinidad; Airwars: 'between Venezuela and Trinidad and Tobago'. S006 (14 Oct 2025): "
            "'between Venezuela and Trinidad' (Caribbean Life); victims included two men from "
            "Las Cuevas, Trinidad."
        ),
        rationale=(
            "Waters north and north-east of the Paria Peninsula out to the north coast of "
            "Trinidad and about 40 nm offshore (to 11.6N), the stretch a boat from the Paria "
            "coast to Trinidad crosses. It covers part of Venezuela's and Trinidad's 12-nm belts "
            "because the sources do not say how far from shore the boats were."
        ),
        ring_lon_lat=(
            (-63.10, 10.72),
            (-62.00, 10.72),
            (-61.60, 10.85),
            (-60.85, 10.90),
            (-60.70, 11.35),
            (-61.50, 11.60),
            (-63.10, 11.45),
        ),
    ),
    ReportingArea(
        area_id="off-venezuela-north-coast",
        name="Off Venezuela's north coast",
        region="Caribbean",
        description=(
            "S004 (3 Oct 2025): 'international waters just off the coast of Venezuela' "
            "(Hegseth); S011 (24 Oct 2025): 'southern Caribbean, off the coast of Venezuela' "
            "(Newsday T&T). No distance from shore was given."
        ),
        rationale=(
            "From the mouth of the Gulf of Venezuela east to the Paria Peninsula, from about the "
            "coast north to 13.5N (roughly 150 nm offshore), i.e. the Caribbean waters a reader "
            "would call 'off Venezuela'. It includes the Venezuelan islands and the ABC islands "
            "(Aruba, Bonaire, Curaçao) that lie in those waters; the southern edge follows the "
            "coast only roughly."
        ),
        ring_lon_lat=(
            (-71.30, 12.00),
            (-70.20, 11.50),
            (-68.40, 10.90),
            (-68.00, 10.45),
            (-66.00, 10.55),
            (-64.20, 10.40),
            (-62.00, 10.72),
            (-62.00, 13.50),
            (-71.30, 13.50),
        ),
    ),
    ReportingArea(
        area_id="off-colombia-caribbean",
        name="Off Colombia's Caribbean coast",
        region="Caribbean",
        description=(
            "S002 (15 Sep 2025): the victim's family and President Petro say the boat, a "
            "Colombian fishing boat from Santa Marta, was hit off Colombia's Caribbean coast; "
            "the U.S. said only 'international waters' and 'from Venezuela'. Disputed."
        ),
        rationale=(
            "Colombia's Caribbean coast from the Gulf of Urabá to La Guajira, out to about "
            "120 nm: the family's account names the coast, not a distance."
        ),
        ring_lon_lat=(
            (-77.30, 8.60),
            (-75.60, 9.40),
            (-75.50, 10.50),
            (-74.80, 11.10),
            (-73.50, 11.30),
            (-72.20, 11.90),
            (-71.30, 12.50),
            (-71.30, 13.60),
            (-76.00, 13.00),
            (-77.90, 10.00),
        ),
    ),
    ReportingArea(
        area_id="caribbean-unspecified",
        name="Caribbean, unspecified",
        region="Caribbean",
        description=(
            "Strikes announced only as 'international waters' in the Caribbean or the "
            "SOUTHCOM area of responsibility, or on 'known narco-trafficking routes in the "
            "Caribbean'."
        ),
        rationale=(
            "The Caribbean Sea basin from the Yucatán Channel and the Central American coast "
            "to the Lesser Antilles, south to the South American coast and north to the "
            "Greater Antilles. Drawn to the whole basin because nothing narrower is reported."
        ),
        ring_lon_lat=(
            (-83.60, 8.80),
            (-77.00, 8.00),
            (-71.50, 10.00),
            (-64.00, 10.00),
            (-61.00, 10.00),
            (-59.40, 12.50),
            (-61.00, 18.50),
            (-64.50, 18.60),
            (-67.00, 17.90),
            (-74.00, 18.30),
            (-78.00, 19.80),
            (-85.00, 21.90),
            (-87.20, 21.50),
            (-88.30, 18.50),
            (-88.80, 15.80),
            (-83.20, 15.00),
        ),
    ),
    ReportingArea(
        area_id="eastern-pacific-colombia-ecuador",
        name="Eastern Pacific off Colombia and Ecuador",
        region="Eastern Pacific",
        description=(
            "S009 (21 Oct 2025): Colombian media placed the first Pacific strike near "
            "Colombia's Pacific coast. S039 (9 Feb 2026): the search for the survivor was "
            "coordinated by Ecuador's MRCC."
        ),
        rationale=(
            "From the Panama-Colombia border south to the Ecuador-Peru border and west to "
            "92.5W (beyond the Galápagos): the waters off the two countries and Ecuador's "
            "search-and-rescue responsibility near the coast. Northern edge at 7.2N, where the "
            "Central America area begins."
        ),
        ring_lon_lat=(
            *_PACIFIC_COAST_COLOMBIA_ECUADOR,
            (-92.50, -3.40),
            (-92.50, 7.20),
        ),
    ),
    ReportingArea(
        area_id="eastern-pacific-central-america-mexico",
        name="Eastern Pacific off Central America and Mexico",
        region="Eastern Pacific",
        description=(
            "27 Oct 2025 (S012-S014): Mexico's Navy searched for a survivor about 400-450 nm "
            "south-west of Acapulco. 30 Dec 2025 (S032-S034): the U.S. Coast Guard searched "
            "about 400 nm south-west of the Mexico-Guatemala border. 19 Mar 2026 (S047): "
            "explosion 126 nm off Golfito, Costa Rica."
        ),
        rationale=(
            "From the Panama coast north-west along Central America to Mexico's Pacific coast "
            "near Cabo Corrientes, and out to 110W, which holds both search areas and the "
            "Golfito report with room for their uncertainty. Southern edge at 5N west of "
            "92.5W and 7.2N east of it, where the Colombia-Ecuador area begins."
        ),
        ring_lon_lat=(
            *_PACIFIC_COAST_PANAMA_TO_MEXICO,
            (-110.00, 19.80),
            (-110.00, 5.00),
            (-92.50, 5.00),
            (-92.50, 7.20),
        ),
    ),
    ReportingArea(
        area_id="eastern-pacific-unspecified",
        name="Eastern Pacific, unspecified",
        region="Eastern Pacific",
        description=(
            "Strikes announced only as 'international waters, eastern Pacific' (SOUTHCOM, "
            "Hegseth), sometimes on a 'known narco-trafficking transit route'."
        ),
        rationale=(
            "The eastern Pacific off the Americas from Mexico to northern Peru, out to 120W, "
            "the part of SOUTHCOM's and NORTHCOM's waters where the announced strikes and "
            "every reported search took place. Drawn wide because nothing narrower is reported."
        ),
        ring_lon_lat=(
            *_PACIFIC_COAST_PANAMA_TO_MEXICO,
            (-106.50, 22.00),
            (-120.00, 22.00),
            (-120.00, -6.00),
            (-81.20, -6.00),
            *reversed(_PACIFIC_COAST_COLOMBIA_ECUADOR),
        ),
    ),
)
