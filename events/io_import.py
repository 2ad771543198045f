"""Import a user's strikes: our CSV, our GeoJSON, or an ACLED-style CSV export.

The format is detected from the file name and content. Every row is validated with the same
schema as the committed record. The report accounts for every row: ``rows_read ==
rows_accepted + rows_rejected``, and each rejection names the line (CSV) or feature number
(GeoJSON), the field, the bad value and what was expected. A file that cannot be read as a whole
(too large, too many rows, not UTF-8, not CSV/GeoJSON, missing columns) raises
:class:`ImportRefusedError` with a message for the user; no other exception escapes for bad input.

ACLED mapping
-------------
``event_date`` -> ``date`` (ISO or ACLED's "02 September 2025"); ``latitude``/``longitude`` ->
position; ``geo_precision`` 1 -> ``exact``, 2 -> ``approximate`` with a 25 nm radius, 3 ->
``approximate`` with a 100 nm radius (ACLED codes 2 and 3 as "near" a place or "a larger
region"); ``fatalities`` -> ``deaths``; ``notes`` -> ``notes``; ``source`` -> ``source_title`` and
any URLs in it -> ``source_urls``; ``event_id_cnty`` (if present) -> ``id``, else ``ACLED-<line>``;
``location`` (if present) -> ``location_text``. The region and reporting area are those of the
smallest reporting area containing the position; a position in none is rejected. ACLED gives no
vessel, presumed-dead or survivor counts: they stay empty (not reported), never zero.

At sea (ACLED's coding since May 2026): a row whose ``country`` is an ocean basin, whose sea
subdivision is in ``admin1``-``admin3`` and whose ``geo_precision`` is 2 or 3 carries that
subdivision's centroid, not a position; it is imported as ``region-only`` in its region's
unspecified reporting area, with the subdivision named in ``location_text``. A "Coast of X"
location is imported as ``approximate`` with a 12-nm radius. The report counts each case
(``acled_location_cases``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import geopandas as gpd
import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from common.csv_cells import unguard_cell
from common.messages import MAX_MESSAGE_CHARS, shorten
from events.io_export import DERIVED_COLUMNS, NUMERIC_COLUMNS
from events.load import (
    UNCLOSED_QUOTE_KEY,
    load_reporting_areas,
    read_csv_rows,
    records_to_frame,
    unclosed_quote_problem,
    validate_rows,
)
from events.schema import (
    REQUIRED_COLUMNS,
    STRIKE_COLUMNS,
    LocationPrecision,
    RecordProblem,
    StrikeRecord,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5_000
ImportFormat = Literal["strikes-csv", "strikes-geojson", "acled-csv"]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_date",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
    "source",
)
#: ACLED geo_precision -> (our location precision, uncertainty radius in nm or None).
ACLED_PRECISION: dict[str, tuple[LocationPrecision, float | None]] = {
    "1": ("exact", None),
    "2": ("approximate", 25.0),
    "3": ("approximate", 100.0),
}
_ACLED_MEANING = {
    "1": "the source names the location",
    "2": "the source gives a location near a place or part of a region",
    "3": "the source names only a larger region",
}
#: Our field -> the ACLED column it comes from, so that problems name the user's column.
_ACLED_FIELD_OF = {
    "date": "event_date",
    "latitude": "latitude",
    "longitude": "longitude",
    "location_precision": "geo_precision",
    "uncertainty_radius_nm": "geo_precision",
    "deaths": "fatalities",
    "notes": "notes",
    "source_title": "source",
    "source_urls": "source",
    "id": "event_id_cnty",
    "location_text": "location",
}
_URL_IN_TEXT = re.compile(r"https?://[^\s;,]+")
_POSITION_TOLERANCE_DEG = 1e-9
_AREA_TOLERANCE_DEG = 1e-6


class ImportRefusedError(ValueError):
    """The file as a whole cannot be imported; the message says why and what is expected."""

    def __init__(self, message: str) -> None:
        # Column names and parser errors come from the file: keep the message bounded.
        super().__init__(shorten(message, max_chars=MAX_MESSAGE_CHARS))


class UnreadableFileError(ImportRefusedError):
    """The file cannot be read at all: missing, not UTF-8, not CSV/JSON, over a limit.

    CLIs exit with status 2 for it; other refusals (wrong columns, not a FeatureCollection)
    are validation problems, status 1.
    """


@dataclass
class ImportReport:
    """Outcome of an import.

    Attributes
    ----------
    filename : str
        Name of the imported file.
    file_format : str
        ``strikes-csv``, ``strikes-geojson`` or ``acled-csv``.
    accepted : geopandas.GeoDataFrame
        The accepted rows, in the frame layout of :func:`events.load.load_strikes`.
    rejections : list[RecordProblem]
        One entry per problem (a row may have several): line, field, value, reason.
    rows_read, rows_accepted, rows_rejected : int
        Row counts; ``rows_read == rows_accepted + rows_rejected``.
    notes : list[str]
        File-level remarks, e.g. derived columns that were ignored or cells un-guarded.

    """

    filename: str
    file_format: str
    accepted: gpd.GeoDataFrame
    rejections: list[RecordProblem]
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    notes: list[str] = field(default_factory=list)
    #: ACLED imports only: rows read per location case (see :data:`ACLED_LOCATION_CASES`).
    acled_location_cases: dict[AcledLocationCase, int] = field(default_factory=dict)

    def problem_lines(self) -> list[str]:
        """Return one human-readable line per rejection.

        Returns
        -------
        list[str]

        """
        return [str(problem) for problem in self.rejections]


def _read_bytes(path_or_bytes: bytes | str | Path, filename: str) -> bytes:
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
    else:
        path = Path(path_or_bytes)
        try:
            size = path.stat().st_size
            if size > MAX_IMPORT_BYTES:
                raise UnreadableFileError(_too_large(filename, size))
            data = path.read_bytes()
        except OSError as error:
            message = f"{filename}: cannot read the file ({error.strerror})"
            raise UnreadableFileError(message) from error
    if len(data) > MAX_IMPORT_BYTES:
        raise UnreadableFileError(_too_large(filename, len(data)))
    return data


def _too_large(filename: str, size: int) -> str:
    return (
        f"{filename}: file is {size / 1024 / 1024:.1f} MB; the import limit is "
        f"{MAX_IMPORT_BYTES / 1024 / 1024:.0f} MB. Split the file and import the parts."
    )


def _decode(data: bytes, filename: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFileError(
            f"{filename}: not UTF-8 text (bad byte at offset {error.start}); "
            "save the file as UTF-8 CSV or GeoJSON"
        ) from error
    if "\x00" in text:
        raise UnreadableFileError(
            f"{filename}: contains NUL characters; expected CSV or GeoJSON text"
        )
    if not text.strip():
        raise UnreadableFileError(f"{filename}: the file is empty; expected CSV or GeoJSON")
    return text


def _check_row_count(count: int, filename: str) -> None:
    if count > MAX_IMPORT_ROWS:
        raise UnreadableFileError(
            f"{filename}: {count} rows; the import limit is {MAX_IMPORT_ROWS} rows. "
            "Split the file and import the parts."
        )


def _report(
    *,
    filename: str,
    file_format: ImportFormat,
    rows_read: int,
    accepted: list[tuple[int, StrikeRecord]],
    problems: list[RecordProblem],
    areas: gpd.GeoDataFrame,
    notes: list[str],
) -> ImportReport:
    frame = records_to_frame([record for _, record in accepted], areas=areas)
    rejected_lines = {problem.line for problem in problems}
    return ImportReport(
        filename=filename,
        file_format=file_format,
        accepted=frame,
        rejections=sorted(problems, key=lambda problem: (problem.line or 0, problem.field)),
        rows_read=rows_read,
        rows_accepted=len(accepted),
        rows_rejected=len(rejected_lines),
        notes=notes,
    )


def _split_columns(header: list[str], filename: str) -> tuple[list[str], list[str]]:
    unknown = [
        name for name in header if name not in STRIKE_COLUMNS and name not in DERIVED_COLUMNS
    ]
    if unknown:
        raise ImportRefusedError(
            f"{filename}: unknown column(s) {unknown}; expected the strike schema's columns "
            f"({', '.join(STRIKE_COLUMNS)}) or an ACLED export ({', '.join(ACLED_COLUMNS)})"
        )
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise ImportRefusedError(f"{filename}: column(s) {duplicated} appear more than once")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportRefusedError(
            f"{filename}: missing required column(s) {missing}; "
            f"required: {', '.join(REQUIRED_COLUMNS)}"
        )
    derived = [name for name in header if name in DERIVED_COLUMNS]
    return [name for name in header if name in STRIKE_COLUMNS], derived


def _import_strikes_csv(
    header: list[str],
    rows: list[tuple[int, dict[str, str]]],
    *,
    filename: str,
    areas: gpd.GeoDataFrame,
) -> ImportReport:
    schema_columns, derived = _split_columns(header, filename)
    notes = []
    if derived:
        notes.append(f"ignored derived column(s) {derived}: they are recomputed, not imported")
    unguarded = 0
    cleaned = []
    for line, row in rows:
        record: dict[str, str] = {}
        for name, value in row.items():
            if name in derived:
                continue
            if name in schema_columns and name not in NUMERIC_COLUMNS:
                plain = unguard_cell(value)
                unguarded += plain != value
                value = plain
            record[name] = value
        cleaned.append((line, record))
    if unguarded:
        notes.append(
            f"removed the formula-injection guard quote from {unguarded} text cell(s) "
            "(a leading ' before =, +, -, @, tab, CR or ')"
        )
    accepted, problems = validate_rows(cleaned, file=filename, areas=areas)
    return _report(
        filename=filename,
        file_format="strikes-csv",
        rows_read=len(rows),
        accepted=accepted,
        problems=_rename_extra(problems),
        areas=areas,
        notes=notes,
    )


def _rename_extra(problems: list[RecordProblem]) -> list[RecordProblem]:
    return [
        RecordProblem(p.file, p.line, p.field, p.value, "no more cells than header columns")
        if p.field == "<extra>"
        else p
        for p in problems
    ]


def _parse_acled_date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _parse_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _containing_area(point: Point, areas: gpd.GeoDataFrame) -> tuple[str, str] | None:
    holders = areas[areas.geometry.covers(point)]
    if holders.empty:
        return None
    # Geodesic size is not needed to rank areas that nest: planar degree area orders them.
    smallest = holders.iloc[int(shapely.area(holders.geometry.to_numpy()).argmin())]
    return str(smallest["area_id"]), str(smallest["region"])


def _acled_record(
    row: dict[str, str], *, line: int, areas: gpd.GeoDataFrame, filename: str
) -> dict[str, Any] | list[RecordProblem]:
    problems = []

    def problem(column: str, expected: str) -> None:
        problems.append(RecordProblem(filename, line, column, row.get(column, ""), expected))

    date = _parse_acled_date(row["event_date"])
    if date is None:
        problem("event_date", "a date such as 2025-09-02 or 02 September 2025")
    latitude, longitude = _parse_float(row["latitude"]), _parse_float(row["longitude"])
    if latitude is None:
        problem("latitude", "a decimal latitude")
    if longitude is None:
        problem("longitude", "a decimal longitude")
    precision_code = row["geo_precision"].strip()
    if precision_code not in ACLED_PRECISION:
        problem("geo_precision", "1, 2 or 3 (ACLED geo_precision)")
    if problems:
        return problems
    if latitude is None or longitude is None:  # already reported above; narrows the type
        return problems
    area = None
    if -90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0:
        area = _containing_area(Point(longitude, latitude), areas)
    if area is None:
        problem(
            "latitude",
            f"a position inside a reporting area of the Caribbean or the Eastern Pacific "
            f"(got {latitude}, {longitude})",
        )
        return problems
    precision, radius_nm = ACLED_PRECISION[precision_code]
    row_id = row.get("event_id_cnty", "").strip() or f"ACLED-{line}"
    return {
        "id": row_id,
        "date": date,
        "date_precision": "exact",
        "date_basis": "strike",
        "date_original": row["event_date"],
        "region": area[1],
        "reporting_area": area[0],
        "location_text": row.get("location"),
        "latitude": latitude,
        "longitude": longitude,
        "location_precision": precision,
        "uncertainty_radius_nm": radius_nm,
        "location_method": (
            f"ACLED geo_precision={precision_code} ({_ACLED_MEANING[precision_code]})"
            + ("" if radius_nm is None else f"; radius {radius_nm:g} nm set by the importer")
        ),
        "deaths": row["fatalities"],
        "status": "confirmed",
        "status_original": "imported from ACLED (not reviewed)",
        "source_title": row["source"],
        "source_urls": tuple(_URL_IN_TEXT.findall(row["source"])),
        "notes": row["notes"],
    }


# --- ACLED at sea: sea-subdivision centroids and "Coast of X" (issue 12) ----------------------

AcledLocationCase = Literal["position", "sea-subdivision-centroid", "coast-of"]
ACLED_LOCATION_CASES: tuple[AcledLocationCase, ...] = get_args(AcledLocationCase)
#: "Coast of X": ACLED's wording for an event off a state's coast, within its 12-nm sea.
ACLED_COAST_RADIUS_NM = 12.0
_ACLED_SUBDIVISION_COLUMNS = ("admin1", "admin2", "admin3")
#: An ACLED ``country`` that is an ocean basin ("Atlantic Ocean", "Caribbean Sea" ...).
_OCEAN_BASIN = re.compile(r"\b(ocean|sea)\b", re.IGNORECASE)
_COAST_OF = re.compile(r"^\s*coast of\s+(?P<place>\S.*?)\s*$", re.IGNORECASE)
#: geo_precision codes under which ACLED's coordinates stand for a place or region, not a fix.
_ACLED_CENTROID_PRECISIONS = frozenset({"2", "3"})


def _acled_location_case(row: dict[str, str]) -> tuple[AcledLocationCase, str | None]:
    """Classify an ACLED row's coordinates: a position, a sea subdivision's centroid, a coast.

    Returns the case and the place it names (the subdivision, or X of "Coast of X").
    """
    location = (row.get("location") or "").strip()
    coast = _COAST_OF.match(location)
    if coast is not None:
        return "coast-of", coast["place"]
    country = (row.get("country") or "").strip()
    precision = (row.get("geo_precision") or "").strip()
    if not _OCEAN_BASIN.search(country) or precision not in _ACLED_CENTROID_PRECISIONS:
        return "position", None
    subdivisions = [
        (row.get(column) or "").strip()
        for column in _ACLED_SUBDIVISION_COLUMNS
        if (row.get(column) or "").strip()
    ]
    if not subdivisions:
        return "position", None
    # The location names the subdivision itself (or nothing): the point is its centroid.
    if location and location not in subdivisions and location != country:
        return "position", None
    return "sea-subdivision-centroid", location if location in subdivisions else subdivisions[-1]


def _unspecified_area(region: str, areas: gpd.GeoDataFrame) -> str:
    # The widest area of a region is its "unspecified" one (it holds all the others).
    of_region = areas[areas["region"] == region]
    widest = of_region.iloc[int(shapely.area(of_region.geometry.to_numpy()).argmax())]
    return str(widest["area_id"])


def _recode_acled_location(
    record: dict[str, Any],
    *,
    row: dict[str, str],
    case: AcledLocationCase,
    place: str | None,
    areas: gpd.GeoDataFrame,
) -> dict[str, Any]:
    if case == "sea-subdivision-centroid":
        code = row["geo_precision"].strip()
        country = (row.get("country") or "").strip()
        return {
            **record,
            "latitude": None,
            "longitude": None,
            "location_precision": "region-only",
            "uncertainty_radius_nm": None,
            "reporting_area": _unspecified_area(record["region"], areas),
            "location_text": f"{place}, {country} (sea subdivision named by ACLED)",
            "location_method": (
                f"Region only: ACLED's coordinates are the centroid of the sea subdivision "
                f"{place!r} (geo_precision={code}), not a position"
            ),
        }
    if case == "coast-of":
        return {
            **record,
            "location_precision": "approximate",
            "uncertainty_radius_nm": ACLED_COAST_RADIUS_NM,
            "location_method": (
                f"ACLED location 'Coast of {place}': off that coast, within its 12-nm sea; "
                f"radius {ACLED_COAST_RADIUS_NM:g} nm set by the importer"
            ),
        }
    return record


def _acled_location_note(cases: dict[AcledLocationCase, int]) -> str:
    return (
        f"ACLED locations: {cases['position']} row(s) with a position, "
        f"{cases['sea-subdivision-centroid']} sea-subdivision centroid(s) imported as "
        f"region-only, {cases['coast-of']} 'Coast of X' row(s) imported as approximate "
        f"({ACLED_COAST_RADIUS_NM:g} nm)"
    )


def _import_acled_csv(
    header: list[str],
    rows: list[tuple[int, dict[str, str]]],
    *,
    filename: str,
    areas: gpd.GeoDataFrame,
) -> ImportReport:
    problems: list[RecordProblem] = []
    mapped: list[tuple[int, dict[str, Any]]] = []
    location_cases = dict.fromkeys(ACLED_LOCATION_CASES, 0)
    for line, row in rows:
        if UNCLOSED_QUOTE_KEY in row:
            problems.append(unclosed_quote_problem(file=filename, line=line, raw=row))
            continue
        if "<extra>" in row:
            problems.append(
                RecordProblem(
                    filename, line, "<extra>", row["<extra>"], "no more cells than header columns"
                )
            )
            continue
        case, place = _acled_location_case(row)
        location_cases[case] += 1
        outcome = _acled_record(row, line=line, areas=areas, filename=filename)
        if isinstance(outcome, list):
            problems += outcome
        else:
            recoded = _recode_acled_location(outcome, row=row, case=case, place=place, areas=areas)
            mapped.append((line, recoded))
    accepted, mapped_problems = validate_rows(mapped, file=filename, areas=areas)
    raw_by_line = dict(rows)
    for mapped_problem in mapped_problems:
        column = _ACLED_FIELD_OF.get(mapped_problem.field, mapped_problem.field)
        raw_value = raw_by_line[mapped_problem.line or 0].get(column, mapped_problem.value)
        problems.append(
            RecordProblem(filename, mapped_problem.line, column, raw_value, mapped_problem.expected)
        )
    used = {*ACLED_COLUMNS, "event_id_cnty", "location", "country", *_ACLED_SUBDIVISION_COLUMNS}
    unused = [name for name in header if name not in used]
    notes = [] if not unused else [f"ACLED column(s) not mapped to the schema: {unused}"]
    notes += [
        "ACLED rows: vessels, presumed dead and survivors are not in ACLED and stay empty; "
        "status is recorded as confirmed with status_original 'imported from ACLED "
        "(not reviewed)'"
    ]
    notes.append(_acled_location_note(location_cases))
    report = _report(
        filename=filename,
        file_format="acled-csv",
        rows_read=len(rows),
        accepted=accepted,
        problems=problems,
        areas=areas,
        notes=notes,
    )
    report.acled_location_cases = location_cases
    return report


def _feature_record(
    feature: Any, *, number: int, filename: str, areas: gpd.GeoDataFrame
) -> dict[str, Any] | list[RecordProblem]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return [
            RecordProblem(filename, number, "<feature>", str(feature)[:80], "a GeoJSON Feature")
        ]
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return [
            RecordProblem(
                filename, number, "properties", str(properties)[:80], "an object of strike fields"
            )
        ]
    record = {key: value for key, value in properties.items() if key not in DERIVED_COLUMNS}
    geometry_json = feature.get("geometry")
    if geometry_json is None:
        return record
    try:
        geometry: BaseGeometry | None = shape(geometry_json)
    except (
        AttributeError,
        IndexError,  # a Polygon whose coordinates are an empty string
        KeyError,
        TypeError,
        ValueError,
        RecursionError,
        shapely.errors.ShapelyError,
    ):
        geometry = None
    if geometry is None or geometry.is_empty or not shapely.is_valid(geometry):
        # Unreadable, empty (a Point with [] or null coordinates) or self-crossing.
        return [
            RecordProblem(
                filename,
                number,
                "geometry",
                _json_excerpt(geometry_json),
                "a GeoJSON geometry or null: a Point with [longitude, latitude], or a "
                "reporting area's polygon",
            )
        ]
    if isinstance(geometry, Point):
        latitude, longitude = record.get("latitude"), record.get("longitude")
        if latitude in (None, "") and longitude in (None, ""):
            record["latitude"], record["longitude"] = geometry.y, geometry.x
        elif not _same_position(geometry, latitude, longitude):
            return [
                RecordProblem(
                    filename,
                    number,
                    "geometry",
                    geometry.wkt,
                    f"the point given by latitude {latitude} and longitude {longitude}",
                )
            ]
        return record
    area_id = record.get("reporting_area")
    named = areas[areas["area_id"] == area_id]
    if named.empty or not geometry.equals_exact(named.geometry.iloc[0], _AREA_TOLERANCE_DEG):
        return [
            RecordProblem(
                filename,
                number,
                "geometry",
                geometry.geom_type,
                "a Point, null, or the polygon of the reporting area named in reporting_area "
                "(custom polygons are not imported)",
            )
        ]
    return record


def _json_excerpt(value: Any) -> str:
    try:
        return str(value)[:80]
    except RecursionError:  # nested deeper than repr() goes
        return "(nested too deeply to show)"


def _same_position(point: Point, latitude: Any, longitude: Any) -> bool:
    try:
        return bool(
            abs(float(latitude) - point.y) <= _POSITION_TOLERANCE_DEG
            and abs(float(longitude) - point.x) <= _POSITION_TOLERANCE_DEG
        )
    except (TypeError, ValueError):
        return False


def _import_geojson(text: str, *, filename: str, areas: gpd.GeoDataFrame) -> ImportReport:
    try:
        collection = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        message = f"{filename}: not valid JSON ({error}); expected GeoJSON"
        raise UnreadableFileError(message) from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise ImportRefusedError(f"{filename}: expected a GeoJSON FeatureCollection")
    features = collection.get("features")
    if not isinstance(features, list):
        raise ImportRefusedError(f"{filename}: the FeatureCollection has no 'features' list")
    _check_row_count(len(features), filename)
    problems: list[RecordProblem] = []
    records: list[tuple[int, dict[str, Any]]] = []
    for number, feature in enumerate(features, start=1):
        outcome = _feature_record(feature, number=number, filename=filename, areas=areas)
        if isinstance(outcome, list):
            problems += outcome
        else:
            records.append((number, outcome))
    accepted, record_problems = validate_rows(records, file=filename, areas=areas)
    return _report(
        filename=filename,
        file_format="strikes-geojson",
        rows_read=len(features),
        accepted=accepted,
        problems=problems + record_problems,
        areas=areas,
        notes=[],
    )


def _looks_like_geojson(text: str, filename: str) -> bool:
    suffix = Path(filename).suffix.lower()
    return suffix in (".geojson", ".json") or text.lstrip().startswith("{")


def import_file(
    *,
    path_or_bytes: bytes | str | Path,
    filename: str,
    areas: gpd.GeoDataFrame | None = None,
) -> ImportReport:
    """Import strikes from our CSV, our GeoJSON or an ACLED-style CSV.

    Parameters
    ----------
    path_or_bytes : bytes | str | pathlib.Path
        The file's content (e.g. an upload) or its path.
    filename : str
        Name to report in messages; its extension helps detect GeoJSON.
    areas : geopandas.GeoDataFrame | None
        Reporting areas; defaults to the committed ones.

    Returns
    -------
    ImportReport

    Raises
    ------
    ImportRefusedError
        When the file as a whole cannot be imported (size over 5 MB, more than 5,000 rows,
        not UTF-8, not CSV or GeoJSON, unknown or missing columns).

    """
    data = _read_bytes(path_or_bytes, filename)
    text = _decode(data, filename)
    areas = load_reporting_areas() if areas is None else areas
    if _looks_like_geojson(text, filename):
        return _import_geojson(text, filename=filename, areas=areas)
    try:
        header, rows = read_csv_rows(text)
    except csv.Error as error:
        raise UnreadableFileError(f"{filename}: not readable as CSV ({error})") from error
    header = [name.strip() for name in header]
    if not header or not any(header):
        raise ImportRefusedError(f"{filename}: no header row; expected CSV with column names")
    rows = [(line, {name.strip(): value for name, value in row.items()}) for line, row in rows]
    _check_row_count(len(rows), filename)
    if all(column in header for column in ACLED_COLUMNS):
        return _import_acled_csv(header, rows, filename=filename, areas=areas)
    return _import_strikes_csv(header, rows, filename=filename, areas=areas)
