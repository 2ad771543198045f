"""Schema of the timeline context: milestones that are not strikes, and possible strike zones.

Both are hand-curated CSV files in ``data/events/``. A possible strike zone is an option reported
as under consideration; it names its geometry by reference (``geo:<STATE>:<zone>``) so that it
always matches the maritime zones built by ``geo/`` instead of a copy that could drift.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import Field, model_validator

from events.schema import AREA_REF_PATTERN, SourcedRow

ContextKind = Literal["milestone", "report", "boarding", "land-strike", "raid"]
ZoneStatus = Literal["under-consideration", "carried-out", "dropped", "rejected-by-host"]
CONTEXT_KINDS: tuple[ContextKind, ...] = get_args(ContextKind)
ZONE_STATUSES: tuple[ZoneStatus, ...] = get_args(ZoneStatus)

#: How a possible zone names its geometry (the same references as a land event's area).
GEOMETRY_REF_PATTERN = AREA_REF_PATTERN


class ContextEvent(SourcedRow):
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


class PossibleZone(SourcedRow):
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
