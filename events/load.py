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
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import BaseModel, ValidationError
from shapely.errors import ShapelyError
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from common.crs import WGS84
from common.datafiles import DataFileError, checked_path, rebuild_hint
from common.manifest import MANIFEST_NAME
from common.messages import shorten
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
    REQUIRED_COLUMNS,
    STRIKE_COLUMNS,
    LocatedRow,
    RecordProblem,
    RecordValidationError,
    StrikeRecord,
    problems_from_error,
    validate_record,
)

if TYPE_CHECKING:  # events.source_kinds reads its file with this module's loader
    from events.source_kinds import SourceKind

#: Vertices of an uncertainty circle: enough that the polygon stays within 0.1 % of the radius.
CIRCLE_VERTICES = 128
_ModelT = TypeVar("_ModelT", bound=BaseModel)
_AREA_COLUMNS = ("area_id", "name", "region", "description", "rationale")
REBUILD_HINT = rebuild_hint(module="events.build")


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


def _read_data_rows(
    path: Path, *, verify_manifest: bool = True
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = read_data_text(path) if verify_manifest else path.read_text(encoding="utf-8")
    try:
        return read_csv_rows(text)
    except csv.Error as error:
        raise DataFileError(f"{path}: cannot be read as CSV ({error}){_hint(path)}") from error


#: Key under which :func:`read_csv_rows` reports a record broken by an unclosed quote.
UNCLOSED_QUOTE_KEY = "<unclosed>"
#: Unclosed quotes recovered from in one file; past this the file is refused as a whole.
MAX_UNCLOSED_QUOTES = 20
_CELL_END = re.compile(r"[,\r\n]")


def _unclosed_quote_offset(text: str) -> int | None:
    """Offset of a quote that opens a cell and is never closed, or ``None``.

    Follows the ``csv`` module's default dialect: a quote opens a quoted cell only at the
    start of a cell, ``""`` inside it is a literal quote. Linear: each step jumps with
    ``str.find`` or one regular-expression search to the next quote or cell end.
    """
    position, length = 0, len(text)
    while position < length:
        if text[position] == '"':
            search_from = position + 1
            while True:
                closing = text.find('"', search_from)
                if closing < 0:
                    return position
                if text.startswith('"', closing + 1):
                    search_from = closing + 2
                    continue
                break
            position = closing + 1
        cell_end = _CELL_END.search(text, position)
        if cell_end is None:
            return None
        position = cell_end.end()
        if text.startswith("\n", position) and text[position - 1] == "\r":
            position += 1
    return None


def _csv_records(text: str, *, first_line: int) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    start = first_line
    for cells in reader:
        records.append((start, cells))
        start = first_line + reader.line_num
    return records


def _line_of(text: str, offset: int) -> int:
    return len(io.StringIO(text[: offset + 1], newline="").readlines())


def unclosed_quote_problem(*, file: str, line: int, raw: dict[str, Any]) -> RecordProblem:
    """Describe a row that :func:`read_csv_rows` found broken by an unclosed quote.

    Parameters
    ----------
    file : str
        File name used in the problem.
    line : int
        Line where the broken record starts.
    raw : dict
        The row, holding :data:`UNCLOSED_QUOTE_KEY`.

    Returns
    -------
    RecordProblem

    """
    quote_line = int(raw[UNCLOSED_QUOTE_KEY])
    return RecordProblem(
        file,
        line,
        "<row>",
        f"a quote opened on line {quote_line} and never closed",
        f'a closing quote (write a quote inside a cell as ""); reading resumed on line '
        f"{quote_line + 1}",
    )


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
        A quote that opens a cell and is never closed would swallow the rest of the file:
        the record it opens is returned as ``{UNCLOSED_QUOTE_KEY: "<line of the quote>"}``
        and reading resumes on the next line, so every later row is still read.

    Raises
    ------
    csv.Error
        If the header itself has an unclosed quote, or more than
        :data:`MAX_UNCLOSED_QUOTES` rows do.

    """
    lines = io.StringIO(text, newline="").readlines()
    records: list[tuple[int, list[str]]] = []
    broken: list[tuple[int, int]] = []  # (record start line, line of the unclosed quote)
    next_line = 1
    while next_line <= len(lines):
        part = "".join(lines[next_line - 1 :])
        offset = _unclosed_quote_offset(part)
        part_records = _csv_records(part, first_line=next_line)
        if offset is None:
            records += part_records
            break
        quote_line = next_line - 1 + _line_of(part, offset)
        broken_start = part_records[-1][0] if part_records else quote_line
        if broken_start == 1:
            raise csv.Error(f"line {quote_line}: the header has a quote that is never closed")
        if len(broken) == MAX_UNCLOSED_QUOTES:
            first_line = broken[0][1] if broken else quote_line
            raise csv.Error(
                f"more than {MAX_UNCLOSED_QUOTES} quotes are never closed (the first on line "
                f"{first_line}); check the file's quoting"
            )
        records += part_records[:-1]
        broken.append((broken_start, quote_line))
        next_line = quote_line + 1
    if not records:
        return [], []
    header = records[0][1]
    rows: list[tuple[int, dict[str, str]]] = []
    for start, cells in records[1:]:
        if any(cell.strip() for cell in cells):
            row = dict(zip(header, cells, strict=False))
            for name in header[len(cells) :]:
                row[name] = ""
            if len(cells) > len(header):
                row["<extra>"] = " | ".join(cells[len(header) :])
            rows.append((start, row))
    rows += [(start, {UNCLOSED_QUOTE_KEY: str(quote_line)}) for start, quote_line in broken]
    return header, sorted(rows, key=lambda item: item[0])


def load_reporting_areas(
    *, path: Path = REPORTING_AREAS_GEOJSON, verify_manifest: bool = True
) -> gpd.GeoDataFrame:
    """Load the named reporting areas.

    Parameters
    ----------
    path : Path
        GeoJSON file; defaults to ``data/events/reporting_areas.geojson``.
    verify_manifest : bool
        Check the file against its folder's ``MANIFEST.sha256`` (``events.build``, which
        rewrites the manifest, validates the areas before it).

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
    text = read_data_text(path) if verify_manifest else path.read_text(encoding="utf-8")
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
    except (
        AttributeError,
        IndexError,
        KeyError,
        TypeError,
        ValueError,
        RecursionError,
        ShapelyError,
    ):
        return None


def event_geometry(
    record: LocatedRow, *, area_geometry: dict[str, BaseGeometry]
) -> BaseGeometry | None:
    """What a strike or land event covers: its point, its uncertainty circle or its area.

    Parameters
    ----------
    record : LocatedRow
        A validated strike or land event.
    area_geometry : dict
        Reporting-area reference to geometry (lon/lat).

    Returns
    -------
    shapely geometry | None
        The geodesic circle (radius given), the point (exact), else the reporting area.

    """
    # Imported here, not at module level, so that the record can be read and validated even
    # while geo/ is unavailable; only the uncertainty circles need it.
    from geo.constants import METRES_PER_NM
    from geo.geodesy import geodesic_circle

    if record.latitude is not None and record.longitude is not None:
        if record.uncertainty_radius_nm is None:
            return Point(record.longitude, record.latitude)
        return geodesic_circle(
            lat=record.latitude,
            lon=record.longitude,
            radius_m=record.uncertainty_radius_nm * METRES_PER_NM,
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
        row["geometry"] = event_geometry(record, area_geometry=area_geometry)
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
    areas: gpd.GeoDataFrame,
    source_kinds: Sequence[SourceKind] | None = None,
) -> tuple[list[tuple[int, StrikeRecord]], list[RecordProblem]]:
    """Validate rows and check that ids are unique across them.

    Parameters
    ----------
    rows : Iterable[tuple[int, dict]]
        (line, raw record) pairs.
    file : str
        File name used in problems.
    areas : geopandas.GeoDataFrame
        The reporting areas (:func:`load_reporting_areas`): a row's ``reporting_area`` must be
        one of them, and region, reporting area and position must agree (see
        :func:`agreement_problems`). A ``confirmed`` row needs a source that is not a mirror
        or aggregator (:func:`events.source_kinds.mirror_only_problems`).
    source_kinds : sequence of events.source_kinds.SourceKind, optional
        The mirror and aggregator domains; by default ``data/events/source_kinds.csv``
        (``python -m events.build`` passes them read before it rewrites the manifest).

    Returns
    -------
    tuple[list[tuple[int, StrikeRecord]], list[RecordProblem]]
        The valid records with their line, and the problems of the others.

    """
    # events.source_kinds reads its file with this module's loader: imported here.
    from events.source_kinds import mirror_only_problems

    accepted: list[tuple[int, StrikeRecord]] = []
    problems: list[RecordProblem] = []
    first_line_of_id: dict[str, int] = {}
    reporting_area_ids = frozenset(areas["area_id"])
    for line, raw in rows:
        if UNCLOSED_QUOTE_KEY in raw:
            problems.append(unclosed_quote_problem(file=file, line=line, raw=raw))
            continue
        outcome = validate_record(raw, file=file, line=line, reporting_area_ids=reporting_area_ids)
        if not isinstance(outcome, list):
            outcome = (
                agreement_problems(outcome, areas=areas, file=file, line=line)
                or mirror_only_problems(outcome, file=file, line=line, kinds=source_kinds)
                or outcome
            )
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


def agreement_problems(
    record: StrikeRecord, *, areas: gpd.GeoDataFrame, file: str, line: int | None
) -> list[RecordProblem]:
    """Check that a record's region, reporting area and position agree.

    The reporting area must belong to the record's region, and a position must lie inside a
    reporting area of that region (inside the named area, when one is named).

    Parameters
    ----------
    record : StrikeRecord
        A record that passed the schema.
    areas : geopandas.GeoDataFrame
        The reporting areas (:func:`load_reporting_areas`).
    file : str
        File name used in problems.
    line : int | None
        Line or feature number used in problems.

    Returns
    -------
    list[RecordProblem]
        Empty when everything agrees.

    """
    region_of = dict(zip(areas["area_id"], areas["region"], strict=True))
    area = record.reporting_area
    if area is not None and area in region_of and region_of[area] != record.region:
        return [
            RecordProblem(
                file,
                line,
                "reporting_area",
                area,
                f"a reporting area of the region {record.region} ({area} is in {region_of[area]})",
            )
        ]
    if record.latitude is None or record.longitude is None:
        return []
    point = Point(record.longitude, record.latitude)
    holders = set(areas.loc[areas.geometry.covers(point), "area_id"])
    if area is not None and area not in holders:
        expected = f"a position inside the reporting area {area}"
    elif not any(region_of[holder] == record.region for holder in holders):
        expected = f"a position inside a reporting area of the region {record.region}"
    else:
        return []
    return [
        RecordProblem(file, line, "latitude", f"{record.latitude}, {record.longitude}", expected)
    ]


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
    missing_required = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing_required:
        # Not a record with bad rows but the wrong file (or a garbled one): one line.
        raise DataFileError(
            f"{path}: not the strike record (no column(s) {shorten(str(missing_required))})"
            f"{_hint(path)}"
        )
    problems = [
        RecordProblem(path.name, 1, column, "", "a column of the strike schema")
        for column in STRIKE_COLUMNS
        if column not in header
    ]
    accepted, row_problems = validate_rows(rows, file=path.name, areas=areas)
    problems += row_problems
    if problems:
        raise RecordValidationError(problems)
    return records_to_frame([record for _, record in accepted], areas=areas)


def load_models(path: Path, model: type[_ModelT], *, verify_manifest: bool = True) -> list[_ModelT]:
    """Read a hand-curated CSV file (manifest-verified) and validate every row with ``model``.

    Parameters
    ----------
    path : Path
        A CSV data file.
    model : type of pydantic.BaseModel
        The row model (e.g. :class:`events.schema.SourcedRow` subclasses).
    verify_manifest : bool
        False only for ``python -m events.build``, which validates the files before it
        rewrites the manifest.

    Returns
    -------
    list
        One model per row, in file order.

    Raises
    ------
    RecordValidationError
        Listing every problem of every row.

    """
    _, rows = _read_data_rows(path, verify_manifest=verify_manifest)
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
    events = load_models(path, ContextEvent)
    frame = pd.DataFrame([event.model_dump() for event in events])
    frame["source_urls"] = frame["source_urls"].map(list)
    for column in ("date", "date_earliest", "date_latest"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame


def resolve_geometry_ref(reference: str, zones: gpd.GeoDataFrame) -> BaseGeometry:
    """The dissolved zones a ``geo:<STATE>:<zone>`` reference names.

    Parameters
    ----------
    reference : str
        E.g. ``geo:VEN:territorial_sea``.
    zones : geopandas.GeoDataFrame
        Zones in lon/lat (``geo.data.load_zones()``).

    Returns
    -------
    shapely geometry

    Raises
    ------
    LookupError
        If no zone matches.

    """
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
    return resolve_geometry_ref(reference, zones)


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
    options = load_models(path, PossibleZone)
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
