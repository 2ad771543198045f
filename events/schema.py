"""The strike record's schema: controlled vocabularies, column order and the row validator.

Validation uses pydantic (one model per record). A failed row becomes one or more
:class:`RecordProblem` values that name the file, line, field, bad value and what was expected,
so the loader, the importers and ``python -m events validate`` report errors the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal, Protocol, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from common.messages import MAX_MESSAGE_CHARS, shorten

DatePrecision = Literal["exact", "approximate", "range"]
DateBasis = Literal["strike", "inferred-from-publication", "announcement"]
LocationPrecision = Literal["exact", "approximate", "region-only"]
Status = Literal["confirmed", "headline-only", "low-confidence", "unconfirmed"]
Region = Literal["Caribbean", "Eastern Pacific"]

DATE_PRECISIONS: tuple[DatePrecision, ...] = get_args(DatePrecision)
DATE_BASES: tuple[DateBasis, ...] = get_args(DateBasis)
LOCATION_PRECISIONS: tuple[LocationPrecision, ...] = get_args(LocationPrecision)
STATUSES: tuple[Status, ...] = get_args(Status)
REGIONS: tuple[Region, ...] = get_args(Region)

#: The only status whose rows are left out of every total (S005, a claim never confirmed).
UNCOUNTED_STATUS: Final[Status] = "unconfirmed"

#: Separator of the entries of a list in one CSV cell (source URLs, gap kinds, event ids), as
#: written; read with any whitespace around the ``;`` (URLs never contain whitespace).
URL_SEPARATOR = " ; "


def split_list(text: str) -> tuple[str, ...]:
    """Split a list cell in the record's format (``URL_SEPARATOR``); blank entries are dropped.

    The one parser of every list held in a CSV cell: source URLs, a published total's gap kinds.

    Parameters
    ----------
    text : str
        E.g. ``"https://a.example/1 ; https://b.example/2"``.

    Returns
    -------
    tuple[str, ...]
        The entries, stripped, in order (not checked to be URLs).

    """
    return tuple(part.strip() for part in text.split(URL_SEPARATOR.strip()) if part.strip())


#: Columns of ``data/events/strikes.csv`` and of every CSV export, in order.
STRIKE_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "date_precision",
    "date_earliest",
    "date_latest",
    "date_basis",
    "date_original",
    "announcement_date",
    "region",
    "reporting_area",
    "location_text",
    "position_reported",
    "latitude",
    "longitude",
    "location_precision",
    "uncertainty_radius_nm",
    "location_method",
    "vessels",
    "deaths",
    "presumed_dead",
    "survivors",
    "announced_by",
    "alleged_group",
    "status",
    "status_original",
    "counted",
    "source_title",
    "source_urls",
    "other_sources_original",
    "notes",
    "last_updated",
)
#: Columns a user's file must carry; the others may be left out and are then empty.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "region",
    "location_precision",
    "deaths",
    "status",
)
#: Free-text columns: the only ones CSV export guards against formula injection.
TEXT_COLUMNS: tuple[str, ...] = (
    "date_original",
    "location_text",
    "location_method",
    "announced_by",
    "alleged_group",
    "status_original",
    "source_title",
    "other_sources_original",
    "notes",
)
COUNT_COLUMNS: tuple[str, ...] = ("vessels", "deaths", "presumed_dead", "survivors")
DATE_COLUMNS: tuple[str, ...] = (
    "date",
    "date_earliest",
    "date_latest",
    "announcement_date",
    "last_updated",
)
#: The status of a strike known only from a release title or headline: its casualties may be
#: unknown, so a counted row of this status may leave ``deaths`` empty (never a made-up zero).
HEADLINE_ONLY_STATUS: Final[Status] = "headline-only"

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
#: First day of the campaign (first strike, 2 Sep 2025): no record can be dated before it.
CAMPAIGN_START = dt.date(2025, 9, 2)
#: Days after today (server clock) a date may lie, for time zones and late-evening entries.
FUTURE_DATE_MARGIN_DAYS = 1
#: Largest count in one row (one vessel engagement); far above any reported, far below 2**63.
MAX_COUNT = 1_000
FLOAT_COLUMNS: tuple[str, ...] = ("latitude", "longitude", "uncertainty_radius_nm")
# Plain ASCII forms only: Python's int()/float() would also take "3_000", full-width digits,
# "inf" or " 12 ", which a spreadsheet never means as numbers. Each pattern is linear.
_INTEGER_TEXT = re.compile(r"^-?[0-9]+$")
_DECIMAL_TEXT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_URL_PATTERN = re.compile(r"^https?://\S+$")
#: Largest uncertainty radius of a position, in nautical miles.
MAX_RADIUS_NM = 1000.0
#: A region-only row's area by reference: ``geo:<STATE>:<zone>`` (a ``zone`` of
#: ``geo.data.load_zones()``) or ``ne:<ISO3>`` (a Natural Earth country, for states outside the
#: modelled region).
AREA_REF_PATTERN = r"^(geo:[A-Z]{3}:[a-z_]+|ne:[A-Z]{3})$"
#: Pydantic's message openings, reworded so that a problem reads "got X; expected Y".
_PYDANTIC_WORDING = (
    ("Input should be ", ""),
    ("Value error, ", ""),
    ("String should match pattern ", "text matching the pattern "),
    ("String should have at least 1 character", "non-empty text"),
)


@dataclass(frozen=True)
class RecordProblem:
    """One validation problem, precise enough to fix the input by hand.

    Attributes
    ----------
    file : str
        Name of the file (or upload) the record came from.
    line : int | None
        1-based line of the file where the record starts (CSV), or feature number (GeoJSON).
    field : str
        Column or property at fault ("<file>" or "<row>" when no single field is).
    value : str
        The bad value as read.
    expected : str
        What the field should hold.

    """

    file: str
    line: int | None
    field: str
    value: str
    expected: str

    def __post_init__(self) -> None:
        # A megabyte cell must not make a megabyte message: values and names are cut short.
        for name in ("file", "field", "value"):
            object.__setattr__(self, name, shorten(str(getattr(self, name))))
        object.__setattr__(self, "expected", shorten(self.expected, max_chars=MAX_MESSAGE_CHARS))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: field '{self.field}': got {self.value!r}; expected {self.expected}"


class RecordValidationError(ValueError):
    """Raised by the loaders when a data file holds invalid records; lists every problem."""

    def __init__(self, problems: list[RecordProblem]) -> None:
        self.problems = problems
        lines = "\n".join(str(problem) for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the strike record:\n{lines}")


def _cross_field_error(field: str, value: object, expected: str) -> PydanticCustomError:
    # The context carries the field so that problems raised by the model-level checks
    # still name a column, not just the row.
    return PydanticCustomError(
        "cross_field", "{expected}", {"field": field, "value": value, "expected": expected}
    )


# The rules every row of the record and of the hand-curated files follows (strikes, land
# events, context events, possible zones, published totals, the data version): one piece of
# code each, used by every model.


def blank_to_none(value: object) -> object:
    """A blank cell (empty or whitespace only) is a missing value (``None``).

    Parameters
    ----------
    value : object
        A value as read.

    Returns
    -------
    object
        ``None`` for blank text, else ``value`` unchanged.

    """
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


def list_cell(value: object) -> object:
    """Read a list cell: missing is empty, text is split by :func:`split_list`.

    Parameters
    ----------
    value : object
        ``None``, list-cell text (CSV) or an already split sequence (GeoJSON).

    Returns
    -------
    object
        A tuple of entries for ``None`` or text, else ``value`` unchanged (for pydantic to check).

    """
    if value is None:
        return ()
    if isinstance(value, str):
        return split_list(value)
    return value


def check_urls(urls: tuple[str, ...]) -> tuple[str, ...]:
    """Refuse a URL list holding an entry that is not an http(s) URL.

    Parameters
    ----------
    urls : tuple[str, ...]
        Entries of a list cell.

    Returns
    -------
    tuple[str, ...]
        ``urls`` unchanged.

    Raises
    ------
    pydantic_core.PydanticCustomError
        Naming the first bad entry.

    """
    for url in urls:
        if not _URL_PATTERN.match(url):
            raise PydanticCustomError(
                "url", "http(s) URLs separated by ' ; ' (bad entry: {url})", {"url": repr(url)}
            )
    return urls


#: A latitude, a longitude and an uncertainty radius (nm), as every positioned row holds them.
Latitude = Annotated[float, Field(ge=-90.0, le=90.0)]
Longitude = Annotated[float, Field(ge=-180.0, le=180.0)]
RadiusNm = Annotated[float, Field(gt=0.0, le=MAX_RADIUS_NM)]


class DatedRow(Protocol):
    """A row dated like the record: a date, its precision and, unless exact, its window."""

    date: dt.date
    date_precision: DatePrecision
    date_earliest: dt.date | None
    date_latest: dt.date | None


class LocatedRow(Protocol):
    """A row located like the record: a point with a radius, or a reporting area."""

    latitude: float | None
    longitude: float | None
    location_precision: LocationPrecision
    uncertainty_radius_nm: float | None
    location_method: str | None
    reporting_area: str | None


def check_dates(row: DatedRow) -> None:
    """The date rule: an exact date has no other bounds; else the date lies in its window.

    Parameters
    ----------
    row : DatedRow
        A strike or a land event.

    Raises
    ------
    pydantic_core.PydanticCustomError
        Naming the field at fault (see :func:`problems_from_error`).

    """
    if row.date_precision == "exact":
        for name in ("date_earliest", "date_latest"):
            bound = getattr(row, name)
            if bound is not None and bound != row.date:
                raise _cross_field_error(
                    name, bound.isoformat(), f"empty or equal to date {row.date} (exact date)"
                )
        return
    if row.date_earliest is None:
        raise _cross_field_error(
            "date_earliest", "", f"a date (date_precision is {row.date_precision!r})"
        )
    if row.date_latest is None:
        raise _cross_field_error(
            "date_latest", "", f"a date (date_precision is {row.date_precision!r})"
        )
    if not row.date_earliest <= row.date <= row.date_latest:
        raise _cross_field_error(
            "date",
            row.date.isoformat(),
            f"a date between date_earliest {row.date_earliest} and date_latest {row.date_latest}",
        )


def check_location(row: LocatedRow) -> None:
    """The location rule: never an invented point; an approximate one has a radius and method.

    A ``region-only`` row has a reporting area and neither coordinates nor radius; any other
    row has both coordinates, and an ``approximate`` one also its radius and how it was derived.

    Parameters
    ----------
    row : LocatedRow
        A strike or a land event.

    Raises
    ------
    pydantic_core.PydanticCustomError
        Naming the field at fault (see :func:`problems_from_error`).

    """
    has_lat, has_lon = row.latitude is not None, row.longitude is not None
    if has_lat != has_lon:
        missing = "longitude" if has_lat else "latitude"
        raise _cross_field_error(missing, "", "latitude and longitude given together")
    if row.location_precision == "region-only":
        if has_lat:
            raise _cross_field_error(
                "latitude",
                str(row.latitude),
                "no coordinates for a region-only location (never invent a point)",
            )
        if row.reporting_area is None:
            raise _cross_field_error(
                "reporting_area", "", "a reporting-area id for a region-only location"
            )
        if row.uncertainty_radius_nm is not None:
            raise _cross_field_error(
                "uncertainty_radius_nm",
                str(row.uncertainty_radius_nm),
                "no radius for a region-only location",
            )
        return
    if not has_lat:
        raise _cross_field_error(
            "latitude", "", f"coordinates for a {row.location_precision} location"
        )
    if row.location_precision == "approximate":
        if row.uncertainty_radius_nm is None:
            raise _cross_field_error(
                "uncertainty_radius_nm", "", "a radius in nm for an approximate location"
            )
        if row.location_method is None:
            raise _cross_field_error(
                "location_method", "", "how the approximate position was derived"
            )


#: Longest ``position_reported`` sentence: the parser's own cap (``geo.reported``), so that
#: every sentence the record holds can be read back (the longest in our sources is ~80).
MAX_POSITION_REPORTED_CHARS: Final = 200


def check_position_reported(value: str | None) -> str | None:
    """The ``position_reported`` rule: empty, or a sentence ``geo.reported`` can read.

    Parameters
    ----------
    value : str | None
        The source's own sentence for the position ("126 nautical miles off ... Golfito").

    Returns
    -------
    str | None
        ``value`` unchanged.

    Raises
    ------
    pydantic_core.PydanticCustomError
        The sentence is longer than :data:`MAX_POSITION_REPORTED_CHARS` or cannot be read
        (the parser's message names the part not understood).

    """
    if value is None:
        return None
    if len(value) > MAX_POSITION_REPORTED_CHARS:
        raise PydanticCustomError(
            "position_reported",
            "a reported position of at most {limit} characters (got {length})",
            {"limit": MAX_POSITION_REPORTED_CHARS, "length": len(value)},
        )
    # Imported here: reading the gazetteer is only needed for rows that hold a sentence.
    from geo.reported import ReportedPositionError, parse_reported

    try:
        parse_reported(value)
    except (ReportedPositionError, ValueError) as error:
        raise PydanticCustomError(
            "position_reported",
            "empty or a reported position geo.reported can read, such as '126 nm off Golfito' "
            "({reason})",
            {"reason": shorten(str(error))},
        ) from None
    return value


class SourcedModel(BaseModel):
    """Base of every sourced model: no unknown column; ``source_urls`` is a list of http(s) URLs.

    Declares no field, so that each model keeps its own column order (the subclass declares
    ``source_urls`` where it belongs).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("source_urls", mode="before", check_fields=False)
    @classmethod
    def _split_urls(cls, value: object) -> object:
        return list_cell(value)

    @field_validator("source_urls", check_fields=False)
    @classmethod
    def _urls_are_urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_urls(value)


class SourcedRow(SourcedModel):
    """Base of the hand-curated rows: blanks are missing, sources are http(s) URLs."""

    source_urls: tuple[str, ...] = ()

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return blank_to_none(value)


def _python_would_read(value: str, reader: type[int] | type[float]) -> bool:
    try:
        reader(value)
    except ValueError:
        return False
    return True


def _strict_scalar(field: str | None, value: object) -> object:
    """Refuse values that pydantic's lax mode would quietly turn into numbers or dates."""
    if field in COUNT_COLUMNS or field in FLOAT_COLUMNS:
        if isinstance(value, bool):
            raise PydanticCustomError("strict_number", "a number, not true/false")
        if isinstance(value, str):
            pattern, reader = (
                (_INTEGER_TEXT, int) if field in COUNT_COLUMNS else (_DECIMAL_TEXT, float)
            )
            if not pattern.match(value) and _python_would_read(value, reader):
                raise PydanticCustomError(
                    "strict_number", "a number written with the ASCII digits 0-9 only"
                )
    elif field in DATE_COLUMNS:
        if isinstance(value, bool | int | float):
            raise PydanticCustomError("strict_date", "a date written YYYY-MM-DD, not a number")
        if isinstance(value, str) and not _DATE_TEXT.match(value):
            raise PydanticCustomError("strict_date", "a date written YYYY-MM-DD")
    return value


class StrikeRecord(SourcedModel):
    """One vessel engagement, as stored in ``data/events/strikes.csv``."""

    model_config = ConfigDict(str_strip_whitespace=False)

    id: str = Field(pattern=_ID_PATTERN)
    date: dt.date
    date_precision: DatePrecision = "exact"
    date_earliest: dt.date | None = None
    date_latest: dt.date | None = None
    date_basis: DateBasis = "strike"
    date_original: str | None = None
    announcement_date: dt.date | None = None
    region: Region
    reporting_area: str | None = None
    location_text: str | None = None
    position_reported: str | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    location_precision: LocationPrecision
    uncertainty_radius_nm: RadiusNm | None = None
    location_method: str | None = None
    vessels: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    deaths: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    presumed_dead: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    survivors: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    announced_by: str | None = None
    alleged_group: str | None = None
    status: Status
    status_original: str | None = None
    counted: bool | None = None
    source_title: str | None = None
    source_urls: tuple[str, ...] = ()
    other_sources_original: str | None = None
    notes: str | None = None
    last_updated: dt.date | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object, info: ValidationInfo) -> object:
        return _strict_scalar(info.field_name, blank_to_none(value))

    @field_validator(*DATE_COLUMNS)
    @classmethod
    def _within_campaign(cls, value: dt.date | None) -> dt.date | None:
        latest = dt.date.today() + dt.timedelta(days=FUTURE_DATE_MARGIN_DAYS)
        if value is not None and not CAMPAIGN_START <= value <= latest:
            raise PydanticCustomError(
                "date_range",
                "a date from {start} (the campaign's first strike) to {latest} (tomorrow)",
                {"start": CAMPAIGN_START.isoformat(), "latest": latest.isoformat()},
            )
        return value

    @field_validator("latitude", "longitude", "uncertainty_radius_nm")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and value != value:  # NaN never equals itself
            raise ValueError("a finite number")
        return value

    @field_validator("position_reported")
    @classmethod
    def _readable_position(cls, value: str | None) -> str | None:
        return check_position_reported(value)

    @field_validator("reporting_area")
    @classmethod
    def _known_area(cls, value: str | None, info: ValidationInfo) -> str | None:
        known = (info.context or {}).get("reporting_areas")
        if value is not None and known is not None and value not in known:
            raise PydanticCustomError(
                "area", "one of the reporting areas: {areas}", {"areas": ", ".join(sorted(known))}
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> StrikeRecord:
        check_dates(self)
        check_location(self)
        self._check_counting()
        return self

    def _check_counting(self) -> None:
        expected_counted = self.status != UNCOUNTED_STATUS
        if self.counted is not None and self.counted != expected_counted:
            raise _cross_field_error(
                "counted",
                str(self.counted).lower(),
                f"{str(expected_counted).lower()} for status {self.status!r}",
            )
        if expected_counted and self.deaths is None and self.status != HEADLINE_ONLY_STATUS:
            raise _cross_field_error("deaths", "", "a number of deaths for a counted strike")
        if not self.source_urls and self.source_title is None:
            raise _cross_field_error("source_urls", "", "at least one source URL or a source title")

    @property
    def is_counted(self) -> bool:
        """Whether the record enters the totals (every status but ``unconfirmed``)."""
        return self.status != UNCOUNTED_STATUS


def problems_from_error(
    error: ValidationError, *, file: str, line: int | None, raw: dict[str, Any]
) -> list[RecordProblem]:
    """Turn a pydantic error into problems that name file, line, field, value and expectation.

    Parameters
    ----------
    error : pydantic.ValidationError
        The error raised while validating one record.
    file : str
        File name to report.
    line : int | None
        Line (CSV) or feature number (GeoJSON) of the record.
    raw : dict
        The record as read, to report the bad value verbatim.

    Returns
    -------
    list[RecordProblem]

    """
    problems = []
    for detail in error.errors():
        context = detail.get("ctx") or {}
        field = str(detail["loc"][0]) if detail["loc"] else str(context.get("field", "<row>"))
        if "field" in context and detail["type"] == "cross_field":
            field = str(context["field"])
        if field in raw:
            value = "" if raw[field] is None else str(raw[field])
        else:
            value = str(context.get("value", detail.get("input", "")))
        expected = str(detail["msg"])
        for pydantic_wording, ours in _PYDANTIC_WORDING:
            if expected.startswith(pydantic_wording):
                expected = ours + expected.removeprefix(pydantic_wording)
        if detail["type"] == "extra_forbidden":
            expected = "no such column (known columns: " + ", ".join(STRIKE_COLUMNS) + ")"
        elif detail["type"] == "missing":
            expected = "a value (required column)"
        problems.append(
            RecordProblem(file=file, line=line, field=field, value=value, expected=expected)
        )
    return problems


def validate_record(
    raw: dict[str, Any],
    *,
    file: str,
    line: int | None,
    reporting_area_ids: frozenset[str] | None = None,
) -> StrikeRecord | list[RecordProblem]:
    """Validate one raw record; return the record or the list of its problems.

    Parameters
    ----------
    raw : dict
        Field name to value as read (strings from CSV, JSON values from GeoJSON).
    file : str
        File name used in problems.
    line : int | None
        Line or feature number used in problems.
    reporting_area_ids : frozenset[str] | None
        Known reporting-area ids; when given, ``reporting_area`` must be one of them.

    Returns
    -------
    StrikeRecord | list[RecordProblem]

    """
    try:
        return StrikeRecord.model_validate(raw, context={"reporting_areas": reporting_area_ids})
    except ValidationError as error:
        return problems_from_error(error, file=file, line=line, raw=raw)
