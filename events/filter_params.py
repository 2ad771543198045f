"""A shared link's filter, made safe: out-of-range, reversed or malformed values are fixed.

The dashboard keeps its filter in the page address (``?dates=...&dates=...&region=...``).
A link can ask for dates outside the record, a reversed range, text that is not a date, or a
region no strike has. Each is clamped, swapped or dropped here, and every change is described
in a notice for the page to show, so a link never silently shows different totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from common.messages import shorten

#: Longest value quoted back in a notice, in characters.
MAX_QUOTED_CHARS: Final = 60
#: At most this many bad values of one parameter are quoted in a notice.
MAX_QUOTED_VALUES: Final = 5


@dataclass(frozen=True)
class FilterParams:
    """The filter a link asks for, after clamping, swapping and dropping.

    Attributes
    ----------
    dates : tuple of two datetime.date, or None
        The date range to show; None when the link gave no usable dates (show the whole
        record).
    choices : dict
        For each multiple-choice parameter the link gave (``region``, ``precision``,
        ``status``), the known values it asked for, in vocabulary order; an empty tuple
        never appears (a parameter with no known value is dropped: all values).
    notices : tuple of str
        One plain-text sentence per change made (quoting the link's own values).

    """

    dates: tuple[dt.date, dt.date] | None
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notices: tuple[str, ...] = ()


def _quoted(values: Sequence[str]) -> str:
    listed = [f"'{shorten(value, max_chars=MAX_QUOTED_CHARS)}'" for value in values]
    more = len(values) - MAX_QUOTED_VALUES
    text = ", ".join(listed[:MAX_QUOTED_VALUES])
    return f"{text} and {more} more" if more > 0 else text


def _parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _sanitise_dates(
    values: Sequence[str], *, first_day: dt.date, last_day: dt.date, notices: list[str]
) -> tuple[dt.date, dt.date] | None:
    whole = f"showing the whole record, {first_day:%Y-%m-%d} to {last_day:%Y-%m-%d}"
    days = [day for day in map(_parse_day, values) if day is not None]
    if len(values) != 2 or len(days) != 2:
        notices.append(
            f"The link's dates ({_quoted(values)}) are not two dates written YYYY-MM-DD: "
            f"they were dropped; {whole}."
        )
        return None
    start, end = days
    if start > end:
        notices.append(
            f"The link's dates were reversed ({start:%Y-%m-%d} after {end:%Y-%m-%d}): "
            f"swapped to {end:%Y-%m-%d} to {start:%Y-%m-%d}."
        )
        start, end = end, start
    if end < first_day or start > last_day:
        notices.append(
            f"The link's dates {start:%Y-%m-%d} to {end:%Y-%m-%d} lie outside the record: "
            f"they were dropped; {whole}."
        )
        return None
    clamped = (max(start, first_day), min(end, last_day))
    if clamped != (start, end):
        notices.append(
            f"The link asked for {start:%Y-%m-%d} to {end:%Y-%m-%d}, but the record runs "
            f"from {first_day:%Y-%m-%d} to {last_day:%Y-%m-%d}: the dates shown are "
            f"{clamped[0]:%Y-%m-%d} to {clamped[1]:%Y-%m-%d}."
        )
    return clamped


def _sanitise_choices(
    name: str, values: Sequence[str], *, vocabulary: Sequence[str], notices: list[str]
) -> tuple[str, ...] | None:
    by_folded = {known.casefold(): known for known in vocabulary}
    asked = {
        by_folded[value.strip().casefold()]
        for value in values
        if value.strip().casefold() in by_folded
    }
    unknown = [value for value in values if value.strip().casefold() not in by_folded]
    renamed = [
        value
        for value in values
        if value.strip().casefold() in by_folded and value not in vocabulary
    ]
    kept = tuple(known for known in vocabulary if known in asked)
    if renamed:
        notices.append(
            f"The link's {name} value(s) {_quoted(renamed)} were read as "
            f"{_quoted([by_folded[value.strip().casefold()] for value in renamed])}."
        )
    if unknown:
        outcome = (
            f"showing {', '.join(kept)}"
            if kept
            else f"showing every {name} ({', '.join(vocabulary)})"
        )
        notices.append(
            f"The link's {name} value(s) {_quoted(unknown)} are not known and were dropped "
            f"(known: {', '.join(vocabulary)}); {outcome}."
        )
    return kept or None


def sanitise_filter_params(
    params: Mapping[str, Sequence[str]],
    *,
    first_day: dt.date,
    last_day: dt.date,
    vocabularies: Mapping[str, Sequence[str]],
) -> FilterParams:
    """Clamp, swap or drop what a link asks for, and say what was changed.

    Parameters
    ----------
    params : Mapping
        The link's parameters (each a list of values, as repeated in the address); only
        ``dates`` and the names in ``vocabularies`` are read.
    first_day, last_day : datetime.date
        The record's first and last strike dates (the date filter's bounds).
    vocabularies : Mapping
        For each multiple-choice parameter, its known values in display order.

    Returns
    -------
    FilterParams
        The values to show and one notice per change.

    """
    notices: list[str] = []
    dates = None
    if params.get("dates"):
        dates = _sanitise_dates(
            list(params["dates"]), first_day=first_day, last_day=last_day, notices=notices
        )
    choices = {}
    for name, vocabulary in vocabularies.items():
        values = list(params.get(name) or ())
        if values:
            kept = _sanitise_choices(name, values, vocabulary=vocabulary, notices=notices)
            if kept:
                choices[name] = kept
    return FilterParams(dates=dates, choices=choices, notices=tuple(notices))
