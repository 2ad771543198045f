"""The caveats a point-check answer must carry where it applies: disputes and baseline limits.

``data/events/answer_caveats.csv`` holds them as data with their sources: a ``dispute`` row
applies where the zone's note (``geo.check`` field ``note``) contains its ``note_contains``
text, and names the parties; a ``baseline`` row applies inside its latitude/longitude box,
where the states' straight or archipelagic baselines (not in our data) may move the legal
territorial sea seaward of the one computed from the coast (README, "Limits (read before
citing)").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from events.load import load_models
from events.paths import ANSWER_CAVEATS_CSV
from events.schema import SourcedRow

CaveatKind = Literal["dispute", "baseline"]


class AnswerCaveat(SourcedRow):
    """One row of ``answer_caveats.csv``."""

    key: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: CaveatKind
    note_contains: str | None = None
    lat_min: float | None = Field(default=None, ge=-90, le=90)
    lat_max: float | None = Field(default=None, ge=-90, le=90)
    lon_min: float | None = Field(default=None, ge=-180, le=180)
    lon_max: float | None = Field(default=None, ge=-180, le=180)
    caveat: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _trigger_fits_kind(self) -> AnswerCaveat:
        box = (self.lat_min, self.lat_max, self.lon_min, self.lon_max)
        if self.kind == "dispute" and (not self.note_contains or any(v is not None for v in box)):
            raise ValueError("a dispute caveat has note_contains and no box")
        if self.kind == "baseline" and (self.note_contains or not self._box_holds_area()):
            raise ValueError("a baseline caveat has no note_contains and a box min < max")
        return self

    def _box_holds_area(self) -> bool:
        if self.lat_min is None or self.lat_max is None:
            return False
        if self.lon_min is None or self.lon_max is None:
            return False
        return self.lat_min < self.lat_max and self.lon_min < self.lon_max

    def applies(self, *, lat: float, lon: float, note: str) -> bool:
        """Whether this caveat applies to a position with this zone note."""
        if self.kind == "dispute":
            return bool(self.note_contains) and str(self.note_contains) in note
        if not self._box_holds_area():
            return False
        return (
            self.lat_min <= lat <= self.lat_max  # type: ignore[operator]  # checked above
            and self.lon_min <= lon <= self.lon_max  # type: ignore[operator]
        )


@lru_cache(maxsize=1)
def load_answer_caveats(*, path: Path = ANSWER_CAVEATS_CSV) -> tuple[AnswerCaveat, ...]:
    """Read the answer caveats (verified against the manifest), in file order.

    Parameters
    ----------
    path : Path
        Defaults to ``data/events/answer_caveats.csv``.

    Returns
    -------
    tuple of AnswerCaveat

    """
    return tuple(load_models(path, AnswerCaveat))


def caveats_at(*, lat: float, lon: float, note: str, disputed: bool) -> list[AnswerCaveat]:
    """The caveats that apply at a position: disputes first, then baseline limits.

    Parameters
    ----------
    lat, lon : float
        The checked position (decimal degrees).
    note : str
        The zone's note (``geo.check`` field ``note``).
    disputed : bool
        The zone is disputed (``geo.check`` field ``disputed``): dispute rows apply only then.

    Returns
    -------
    list of AnswerCaveat
        Dispute caveats (when ``disputed``), then baseline caveats whose box holds the position.

    """
    rows = load_answer_caveats()
    disputes = [
        row
        for row in rows
        if disputed and row.kind == "dispute" and row.applies(lat=lat, lon=lon, note=note)
    ]
    baselines = [
        row for row in rows if row.kind == "baseline" and row.applies(lat=lat, lon=lon, note=note)
    ]
    return disputes + baselines
