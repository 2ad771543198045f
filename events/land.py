"""Land and port strikes and joint operations: a second event kind, never in the boat totals.

``data/events/land_events.csv`` holds strikes on land or in port and joint operations (the
December 2025 dock strike in Venezuela's Alta Guajira, the March 2026 operations in Ecuador)
under the same rules as the boat record: every row sourced, the reporter's wording kept next to
the controlled words, and honest positions (``approximate`` with a radius and method, or
``region-only`` with an area and no point). The date and location rules are the public rules
of :mod:`events.schema` (:func:`~events.schema.check_dates`,
:func:`~events.schema.check_location`) that the boat record uses too, so both kinds are
validated by one piece of code. A region-only row names its area by reference:
``geo:<STATE>:<zone>`` (the zones built by ``geo/``) or ``ne:<ISO3>`` (the Natural Earth
country, for states outside the modelled region such as Ecuador).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import Field, model_validator
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from common.crs import WGS84
from events.load import event_geometry, load_models, resolve_geometry_ref
from events.paths import LAND_EVENTS_CSV
from events.schema import (
    AREA_REF_PATTERN,
    DatePrecision,
    Latitude,
    LocationPrecision,
    Longitude,
    RadiusNm,
    SourcedRow,
    Status,
    check_dates,
    check_location,
)

LandKind = Literal["land-strike", "port-strike", "joint-operation"]
LAND_KINDS: tuple[LandKind, ...] = get_args(LandKind)
#: Natural Earth countries are read in this window only (lon/lat), which holds every country
#: a land event or possible zone names: Mexico to Ecuador and Venezuela.
_NATURAL_EARTH_BOUNDS = (-120.0, -6.0, -59.0, 33.0)


class LandEvent(SourcedRow):
    """One land or port strike or joint operation, as stored in ``land_events.csv``."""

    id: str = Field(pattern=r"^L[0-9]{3}$")
    date: dt.date
    date_precision: DatePrecision
    date_earliest: dt.date | None = None
    date_latest: dt.date | None = None
    date_original: str | None = None
    kind: LandKind
    country: str = Field(pattern=r"^[A-Z]{3}$")
    title: str
    location_text: str | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    location_precision: LocationPrecision
    uncertainty_radius_nm: RadiusNm | None = None
    location_method: str | None = None
    reporting_area: str | None = Field(default=None, pattern=AREA_REF_PATTERN)
    deaths: int | None = Field(default=None, ge=0)
    status: Status
    status_original: str | None = None
    context_event: str | None = None
    source_title: str
    notes: str | None = None
    last_updated: dt.date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> LandEvent:
        # The boat record's date and location rules (events.schema), so that the two kinds can
        # never drift apart.
        check_dates(self)
        check_location(self)
        if not self.source_urls:
            raise ValueError("at least one source URL")
        return self


@lru_cache(maxsize=8)
def natural_earth_country(code: str) -> BaseGeometry:
    """The land of a Natural Earth country (``ne:<ISO3>`` references), clipped to the window.

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-3 code.

    Returns
    -------
    shapely geometry
        (Multi)polygon in lon/lat.

    Raises
    ------
    LookupError
        If Natural Earth has no such country in the window.

    """
    from geo.countries import read_countries

    countries = read_countries(bounds=_NATURAL_EARTH_BOUNDS)
    selected = countries[countries["state"] == code]
    if selected.empty:
        raise LookupError(f"reporting_area 'ne:{code}': no Natural Earth country {code!r}")
    window = shapely.box(*_NATURAL_EARTH_BOUNDS)
    return shapely.intersection(shapely.union_all(selected.geometry.to_numpy()), window)


def _area_geometry(reference: str, zones: gpd.GeoDataFrame | None) -> BaseGeometry:
    if reference.startswith("ne:"):
        return natural_earth_country(reference.removeprefix("ne:"))
    if zones is None:
        from geo.data import load_zones

        zones = load_zones()
    return resolve_geometry_ref(reference, zones.to_crs(WGS84))


def load_land_events(
    *, path: Path = LAND_EVENTS_CSV, zones: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Load and validate the land and port strikes and joint operations.

    Parameters
    ----------
    path : Path
        Defaults to ``data/events/land_events.csv`` (verified against the manifest).
    zones : geopandas.GeoDataFrame | None
        Zones and land to resolve ``geo:`` references; defaults to ``geo.data.load_zones()``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns of :class:`LandEvent` (dates as ``datetime64``, ``source_urls`` a list), plus
        ``point`` (the position or None) and ``geometry``: the geodesic uncertainty circle, or
        the referenced area (EPSG:4326).

    """
    events = load_models(path, LandEvent)
    references = {event.reporting_area for event in events if event.reporting_area is not None}
    area_geometry = {reference: _area_geometry(reference, zones) for reference in references}
    rows = []
    for event in events:
        point = (
            Point(event.longitude, event.latitude)
            if event.latitude is not None and event.longitude is not None
            else None
        )
        rows.append(
            {
                **event.model_dump(),
                "point": point,
                # The boat record's circle and area code, so both kinds are drawn alike.
                "geometry": event_geometry(event, area_geometry=area_geometry),
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
    frame["source_urls"] = frame["source_urls"].map(list)
    frame["deaths"] = frame["deaths"].astype("Int64")
    for column in ("date", "date_earliest", "date_latest", "last_updated"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame
