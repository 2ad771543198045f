"""Load the committed strike record, reporting areas, context events and possible zones.

Every row is validated; any problem stops the load with a :class:`RecordValidationError` that
lists them all (file, line, field, value, expectation). Nothing is dropped or corrected.

A file in ``data/events/`` (or in any folder holding a ``MANIFEST.sha256``) is first verified
against that manifest, which ``python -m events.build`` (run by ``make data``) writes. A missing,
changed or unreadable file raises :class:`geo.data.DataFileError` with one line naming the file,
what is wrong and how to rebuild or restore it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import BaseModel, ValidationError
from shapely.errors import ShapelyError
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from events import paths
from events.context import ContextEvent, PossibleZone
from events.paths import (
    CONTEXT_EVENTS_CSV,
    POSSIBLE_ZONES_CSV,
    REPORTING_AREAS_GEOJSON,
    STRIKES_CSV,
)
from events.schema import (
    DATE_COLUMNS,
    STRIKE_COLUMNS,
    RecordProblem,
    RecordValidationError,
    StrikeRecord,
    problems_from_error,
    validate_record,
)
from geo.data import DataFileError, checked_path
from geo.manifest import MANIFEST_NAME

WGS84 = "EPSG:4326"
#: Vertices of an uncertainty circle: enough that the polygon stays within 0.1 % of the radius.
CIRCLE_VERTICES = 128
_ModelT = TypeVar("_ModelT", bound=BaseModel)
_AREA_COLUMNS = ("area_id", "name", "region", "description", "rationale")
REBUILD_HINT = (
    "rebuild it with `make data` (python -m events.build) or restore it with `git checkout data/`"
)


def _manifest_directory(path: Path) -> Path | None:
    folder = path.parent
    if (folder / MANIFEST_NAME).is_file() or folder.resolve() == paths.DATA_DIR.resolve():
        return folder
    return None


def _hint(path: Path) -> str:
    return "" if _manifest_directory(path) is None else f"; {REBUILD_HINT}"


def read_data_text(path: Path) -> str:
    """Read a data file as text, verified against its folder's checksum manifest.

    Parameters
    ----------
    path : Path
        A file of ``data/events/``, or any file; a file in a folder without a
        ``MANIFEST.sha256`` (other than ``data/events/``) is read without verification.

    Returns
    -------
    str
        The file's UTF-8 text.

    Raises
    ------
    geo.data.DataFileError
        One line: the file, what is wrong (missing, not in the manifest, checksum mismatch, not
        UTF-8, unreadable) and, for a managed file, how to rebuild or restore it.

    """
    directory = _manifest_directory(path)
    if directory is not None:
        checked_path(path, directory=directory, hint=REBUILD_HINT)
    hint = _hint(path)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(
            f"{path}: not UTF-8 text (bad byte at offset {error.start}){hint}"
        ) from error
    except FileNotFoundError as error:
        raise DataFileError(f"{path}: missing data file{hint}") from error
    except OSError as error:
        raise DataFileError(f"{path}: cannot be read ({error.strerror}){hint}") from error


def _read_data_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = read_data_text(path)
    try:
        return read_csv_rows(text)
    except csv.Error as error:
        raise DataFileError(f"{path}: cannot be read as CSV ({error}){_hint(path)}") from error


def read_csv_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Parse CSV text into its header and rows, each with the line on which it starts.

    Parameters
    ----------
    text : str
        The whole CSV file.

    Returns
    -------
    tuple[list[str], list[tuple[int, dict[str, str]]]]
        Header names and (line, row) pairs. Missing trailing cells read as empty strings;
        surplus cells are kept under the key ``"<extra>"`` so that validation reports them.

    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], []
    rows = []
    start = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            row = dict(zip(header, cells, strict=False))
            for name in header[len(cells) :]:
                row[name] = ""
            if len(cells) > len(header):
                row["<extra>"] = " | ".join(cells[len(header) :])
            rows.append((start, row))
        start = reader.line_num + 1
    return header, rows


def load_reporting_areas(*, path: Path = REPORTING_AREAS_GEOJSON) -> gpd.GeoDataFrame:
    """Load the named reporting areas.

    Parameters
    ----------
    path : Path
        GeoJSON file; defaults to ``data/events/reporting_areas.geojson``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``area_id``, ``name``, ``region``, ``description``, ``rationale``, ``geometry``
        (EPSG:4326), indexed 0..n-1.

    Raises
    ------
    RecordValidationError
        If a feature lacks a property or its polygon is invalid.
    geo.data.DataFileError
        If the file is missing, fails its checksum or is not a GeoJSON FeatureCollection.

    """
    text = read_data_text(path)
    try:
        collection = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise DataFileError(f"{path}: cannot be read as GeoJSON ({error}){_hint(path)}") from error
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise DataFileError(f"{path}: not a GeoJSON FeatureCollection{_hint(path)}")
    problems, rows = [], []
    for number, feature in enumerate(features, start=1):
        feature_dict = feature if isinstance(feature, dict) else {}
        properties = feature_dict.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        for column in _AREA_COLUMNS:
            if not isinstance(properties.get(column), str) or not properties[column].strip():
                problems.append(
                    RecordProblem(path.name, number, column, str(properties.get(column)), "text")
                )
        polygon = _area_polygon(feature_dict.get("geometry"))
        if polygon is None or not polygon.is_valid or polygon.geom_type != "Polygon":
            problems.append(
                RecordProblem(
                    path.name,
                    number,
                    "geometry",
                    "none" if polygon is None else polygon.geom_type,
                    "a valid lon/lat Polygon",
                )
            )
        rows.append({**{c: properties.get(c) for c in _AREA_COLUMNS}, "geometry": polygon})
    ids = [row["area_id"] for row in rows]
    for number, area_id in enumerate(ids, start=1):
        if ids.count(area_id) > 1:
            problems.append(RecordProblem(path.name, number, "area_id", str(area_id), "unique id"))
    if problems:
        raise RecordValidationError(problems)
    return gpd.GeoDataFrame(rows, columns=[*_AREA_COLUMNS, "geometry"], crs=WGS84)


def _area_polygon(geometry: Any) -> BaseGeometry | None:
    try:
        return shape(geometry)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError, ShapelyError):
        return None


def _event_geometry(
    record: StrikeRecord, *, area_geometry: dict[str, BaseGeometry]
) -> BaseGeometry | None:
    # Imported here, not at module level, so that the record can be read and validated even
    # while geo/ is unavailable; only the uncertainty circles need it.
    from geo.constants import NM_IN_M
    from geo.geodesy import geodesic_circle

    if record.latitude is not None and record.longitude is not None:
        if record.uncertainty_radius_nm is None:
            return Point(record.longitude, record.latitude)
        return geodesic_circle(
            lat=record.latitude,
            lon=record.longitude,
            radius_m=record.uncertainty_radius_nm * NM_IN_M,
            n_points=CIRCLE_VERTICES,
        )
    if record.reporting_area is None:
        return None
    return area_geometry.get(record.reporting_area)


def records_to_frame(
    records: Sequence[StrikeRecord], *, areas: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Build the strike GeoDataFrame from validated records.

    Parameters
    ----------
    records : Sequence[StrikeRecord]
        Validated records, in the order they should appear.
    areas : geopandas.GeoDataFrame
        Reporting areas, from :func:`load_reporting_areas`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per record with the ``STRIKE_COLUMNS`` (dates as ``datetime64``, counts as
        nullable ``Int64``, ``source_urls`` as ``list[str]``), ``counted`` (bool), ``point``
        (shapely Point or None) and ``geometry``: the uncertainty circle (geodesic), the point
        for an exact position, or the reporting-area polygon for a region-only strike.

    """
    area_geometry = dict(zip(areas["area_id"], areas.geometry, strict=True))
    rows: list[dict[str, Any]] = []
    for record in records:
        row = record.model_dump()
        row["counted"] = record.is_counted
        row["source_urls"] = list(record.source_urls)
        has_point = record.latitude is not None and record.longitude is not None
        row["point"] = Point(record.longitude, record.latitude) if has_point else None
        row["geometry"] = _event_geometry(record, area_geometry=area_geometry)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*STRIKE_COLUMNS, "point", "geometry"])
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    for column in ("vessels", "deaths", "presumed_dead", "survivors"):
        frame[column] = frame[column].astype("Int64")
    for column in ("latitude", "longitude", "uncertainty_radius_nm"):
        frame[column] = frame[column].astype("float64")
    frame["counted"] = frame["counted"].astype(bool)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=WGS84)


def validate_rows(
    rows: Iterable[tuple[int, dict[str, Any]]],
    *,
    file: str,
    reporting_area_ids: frozenset[str],
) -> tuple[list[tuple[int, StrikeRecord]], list[RecordProblem]]:
    """Validate rows and check that ids are unique across them.

    Parameters
    ----------
    rows : Iterable[tuple[int, dict]]
        (line, raw record) pairs.
    file : str
        File name used in problems.
    reporting_area_ids : frozenset[str]
        Known reporting areas.

    Returns
    -------
    tuple[list[tuple[int, StrikeRecord]], list[RecordProblem]]
        The valid records with their line, and the problems of the others.

    """
    accepted: list[tuple[int, StrikeRecord]] = []
    problems: list[RecordProblem] = []
    first_line_of_id: dict[str, int] = {}
    for line, raw in rows:
        outcome = validate_record(raw, file=file, line=line, reporting_area_ids=reporting_area_ids)
        if isinstance(outcome, list):
            problems.extend(outcome)
            continue
        if outcome.id in first_line_of_id:
            problems.append(
                RecordProblem(
                    file,
                    line,
                    "id",
                    outcome.id,
                    f"a unique id (already used on line {first_line_of_id[outcome.id]})",
                )
            )
            continue
        first_line_of_id[outcome.id] = line
        accepted.append((line, outcome))
    return accepted, problems


def load_strikes(
    *, path: Path = STRIKES_CSV, areas_path: Path = REPORTING_AREAS_GEOJSON
) -> gpd.GeoDataFrame:
    """Load and validate the strike record.

    Parameters
    ----------
    path : Path
        Normalised strikes CSV; defaults to ``data/events/strikes.csv``.
    areas_path : Path
        Reporting areas GeoJSON.

    Returns
    -------
    geopandas.GeoDataFrame
        See :func:`records_to_frame`. Unconfirmed rows are included with ``counted`` False.

    Raises
    ------
    RecordValidationError
        Listing every problem, if any row is invalid.
    geo.data.DataFileError
        If a file is missing, fails its checksum or cannot be read as CSV / GeoJSON.

    """
    areas = load_reporting_areas(path=areas_path)
    header, rows = _read_data_rows(path)
    problems = [
        RecordProblem(path.name, 1, column, "", "a column of the strike schema")
        for column in STRIKE_COLUMNS
        if column not in header
    ]
    accepted, row_problems = validate_rows(
        rows, file=path.name, reporting_area_ids=frozenset(areas["area_id"])
    )
    problems += row_problems
    if problems:
        raise RecordValidationError(problems)
    return records_to_frame([record for _, record in accepted], areas=areas)


def _load_models(path: Path, model: type[_ModelT]) -> list[_ModelT]:
    _, rows = _read_data_rows(path)
    records, problems = [], []
    for line, raw in rows:
        try:
            records.append(model.model_validate(raw))
        except ValidationError as error:
            problems += problems_from_error(error, file=path.name, line=line, raw=raw)
    if problems:
        raise RecordValidationError(problems)
    return records


def load_context_events(*, path: Path = CONTEXT_EVENTS_CSV) -> pd.DataFrame:
    """Load the context milestones (not strikes) for the timeline.

    Parameters
    ----------
    path : Path
        Defaults to ``data/events/context_events.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns of :class:`events.context.ContextEvent`; dates as ``datetime64``,
        ``source_urls`` as ``list[str]``.

    """
    events = _load_models(path, ContextEvent)
    frame = pd.DataFrame([event.model_dump() for event in events])
    frame["source_urls"] = frame["source_urls"].map(list)
    for column in ("date", "date_earliest", "date_latest"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame


def _resolve_geometry_ref(reference: str, zones: gpd.GeoDataFrame) -> BaseGeometry:
    _, state, zone = reference.split(":")
    selected = zones[(zones["zone"] == zone) & (zones["state"] == state)]
    if selected.empty:
        raise LookupError(
            f"geometry_ref {reference!r}: geo.data.load_zones() has no rows with "
            f"zone == {zone!r} and state == {state!r}"
        )
    return shapely.union_all(selected.geometry.to_numpy())


def _possible_zone_geometry(reference: str | None, zones: gpd.GeoDataFrame) -> BaseGeometry | None:
    if reference is None:
        return None
    if reference.startswith("ne:"):
        from events.land import natural_earth_country

        return natural_earth_country(reference.removeprefix("ne:"))
    return _resolve_geometry_ref(reference, zones)


def load_possible_zones(
    *, path: Path = POSSIBLE_ZONES_CSV, zones: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Load the possible strike zones and resolve their geometry from ``geo/``.

    Parameters
    ----------
    path : Path
        Defaults to ``data/events/possible_zones.csv``.
    zones : geopandas.GeoDataFrame | None
        Maritime zones; defaults to ``geo.data.load_zones()``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns of :class:`events.context.PossibleZone` plus ``geometry`` (EPSG:4326), the
        dissolved zone named by ``geometry_ref``.

    Raises
    ------
    LookupError
        If a ``geometry_ref`` names no zone.

    """
    options = _load_models(path, PossibleZone)
    if zones is None:
        from geo.data import load_zones

        zones = load_zones()
    zones = zones.to_crs(WGS84)
    rows = [
        {**option.model_dump(), "geometry": _possible_zone_geometry(option.geometry_ref, zones)}
        for option in options
    ]
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
    frame["source_urls"] = frame["source_urls"].map(list)
    for column in ("reported_date", "reported_earliest", "reported_latest", "carried_out_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame
