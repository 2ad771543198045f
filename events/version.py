"""The data version of the strike record (date-based: ``year.month.release``, e.g. 2026.12.1).

It lives in ``data/events/data_version.csv`` (verified against the manifest like every data
file), matches the newest entry of ``data/events/CHANGELOG.md`` and ``CITATION.cff``, and is
shown in the app and carried by every export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field

from events.load import load_models
from events.paths import DATA_VERSION_CSV
from events.schema import SourcedRow

#: ``year.month.release``: the year and month of the release, then its number in that month.
DATA_VERSION_PATTERN = r"^20[0-9]{2}\.(1[0-2]|[1-9])\.[1-9][0-9]*$"


class DataVersion(SourcedRow):
    """The one row of ``data_version.csv``."""

    data_version: str = Field(pattern=DATA_VERSION_PATTERN)
    released: dt.date
    record_last_date: dt.date
    notes: str | None = None


def load_data_version(*, path: Path = DATA_VERSION_CSV) -> DataVersion:
    """Read the record's data version.

    Parameters
    ----------
    path : Path
        Defaults to ``data/events/data_version.csv``.

    Returns
    -------
    DataVersion

    Raises
    ------
    ValueError
        If the file does not hold exactly one row.

    """
    rows = load_models(path, DataVersion)
    if len(rows) != 1:
        raise ValueError(f"{path.name}: expected exactly one version row, got {len(rows)}")
    return rows[0]
