"""Schema of the timeline context: milestones that are not strikes, and possible strike zones.

Both are hand-curated CSV files in ``data/events/``. A possible strike zone is an option reported
as under consideration; it names its geometry by reference (``geo:<STATE>:<zone>``) so that it
always matches the maritime zones built by ``geo/`` instead of a copy that could drift.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from events.schema import split_urls

ContextKind = Literal["milestone", "report", "boarding", "land-strike", "raid"]
ZoneStatus = Literal["under-consideration", "carried-out", "dropped", "rejected-by-host"]
CONTEXT_KINDS: tuple[str, ...] = get_args(ContextKind)
ZONE_STATUSES: tuple[str, ...] = get_args(ZoneStatus)

#: ``geo:<ISO alpha-3>:<zone>`` where zone is a ``zone`` value of ``geo.data.load_zones()``, or
#: ``ne:<ISO alpha-3>``, a Natural Earth country (for states outside the modelled region).
GEOMETRY_REF_PATTERN = r"^(geo:[A-Z]{3}:[a-z_]+|ne:[A-Z]{3})$"
_URL_PATTERN = re.compile(r"^https?://\S+$")


def _split_urls(value: object) -> object:
    if value is None:
        return ()
    if isinstance(value, str):
        return split_urls(value)
    return value


def _check_urls(value: tuple[str, ...]) -> tuple[str, ...]:
    for url in value:
        if not _URL_PATTERN.match(url):
            raise PydanticCustomError("url", "http(s) URLs (bad entry: {url})", {"url": repr(url)})
    return value


class _SourcedRow(BaseModel):
    """Shared rules of the hand-curated rows: blanks are missing, URLs are http(s)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source_urls: tuple[str, ...] = ()

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("source_urls", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return _split_urls(value)

    @field_validator("source_urls")
    @classmethod
    def _urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _check_urls(value)


class ContextEvent(_SourcedRow):
    """A dated event on the timeline that is not a boat strike."""

    id: str = Field(pattern=r"^C\d{3}$")
    date: dt.date
    date_precision: Literal["exact", "range"]
    date_earliest: dt.date
    date_latest: dt.date
    kind: ContextKind
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    source_title: str = Field(min_length=1)
    notes: str | None = None

    @model_validator(mode="after")
    def _date_in_range(self) -> ContextEvent:
        if not self.date_earliest <= self.date <= self.date_latest:
            raise ValueError(
                f"date {self.date} must lie between {self.date_earliest} and {self.date_latest}"
            )
        return self


class PossibleZone(_SourcedRow):
    """An option reported as under consideration, with its geometry by reference."""

    id: str = Field(pattern=r"^P\d{3}$")
    option: str = Field(min_length=1)
    #: Empty for an option with no drawable area (e.g. "any country"): listed, not drawn.
    geometry_ref: str | None = Field(default=None, pattern=GEOMETRY_REF_PATTERN)
    reported_date: dt.date
    reported_earliest: dt.date
    reported_latest: dt.date
    context_event: str = Field(pattern=r"^C\d{3}$")
    status: ZoneStatus
    status_note: str = Field(min_length=1)
    #: When the option was first carried out, and the land events that did it (``L001 ; ...``).
    carried_out_date: dt.date | None = None
    carried_out_events: str | None = Field(default=None, pattern=r"^L\d{3}( ; L\d{3})*$")
    source_title: str = Field(min_length=1)
