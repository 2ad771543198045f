"""Published running totals against the record: equal, or the difference and what explains it.

``data/events/published_totals.csv`` keeps each running total as it was published (date,
publisher, the figures as stated, the wording, the URL) with the date the record is compared at
and the documented explanation of any gap. :func:`reconcile` totals the record up to that date
(the same counting rule as ``python -m events summary``) and compares figure by figure; the
explanations are data, not code, so a reader can check them against the sources.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd
from pydantic import Field, field_validator

from events.filters import filter_strikes
from events.load import load_models
from events.paths import PUBLISHED_TOTALS_CSV
from events.schema import SourcedRow, list_cell
from events.summary import summarise

Qualifier = Literal["exact", "at-least", "more-than", "about"]
DeadBasis = Literal["killed-or-presumed-dead", "killed-as-announced"]
GapKind = Literal[
    "presumed-dead-basis",
    "count-timing",
    "publisher-counts-vessels",
    "earlier-count",
    "unidentified-strikes",
    "unknown-casualties",
    "residual-conflict",
    "inconsistent-publications",
]
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)
DEAD_BASES: tuple[DeadBasis, ...] = get_args(DeadBasis)
GAP_KINDS: tuple[GapKind, ...] = get_args(GapKind)

#: The figures a published total may state, in output order.
Figure = Literal["strikes", "vessels", "killed", "presumed_dead"]
FIGURES: tuple[Figure, ...] = get_args(Figure)
#: How a stated figure compares with the record's.
FigureResult = Literal["equal", "consistent", "differs"]


class PublishedTotal(SourcedRow):
    """One published running total, with the figures exactly as stated (empty = not stated)."""

    id: str = Field(pattern=r"^T[0-9]{3}$")
    date: dt.date
    publisher: str
    strikes: int | None = Field(default=None, ge=0)
    vessels: int | None = Field(default=None, ge=0)
    killed: int | None = Field(default=None, ge=0)
    presumed_dead: int | None = Field(default=None, ge=0)
    qualifier: Qualifier
    killed_basis: DeadBasis
    as_stated: str
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    reliability: Literal["primary", "secondary"]
    record_as_of: dt.date
    gap_kinds: tuple[GapKind, ...] = ()
    notes: str

    @field_validator("gap_kinds", mode="before")
    @classmethod
    def _split_gaps(cls, value: object) -> object:
        return list_cell(value)


def load_published_totals(*, path: Path = PUBLISHED_TOTALS_CSV) -> list[PublishedTotal]:
    """Load and validate ``data/events/published_totals.csv`` (verified against the manifest).

    Parameters
    ----------
    path : Path
        Defaults to ``data/events/published_totals.csv``.

    Returns
    -------
    list[PublishedTotal]
        In file order (oldest first).

    """
    return load_models(path, PublishedTotal)


def _record_figure(figure: Figure, record: dict[str, Any], *, basis: DeadBasis) -> int:
    if figure == "killed" and basis == "killed-or-presumed-dead":
        return int(record["dead_total"])
    return int(record[figure])


def _figure_result(*, difference: int, qualifier: Qualifier) -> FigureResult:
    if difference == 0:
        return "equal"
    if (qualifier == "at-least" and difference > 0) or (
        qualifier == "more-than" and difference > 0
    ):
        return "consistent"
    return "differs"


def _compare(total: PublishedTotal, strikes: pd.DataFrame) -> dict[str, Any]:
    selected = filter_strikes(strikes, date_to=total.record_as_of)
    record = summarise(selected, date_to=total.record_as_of)
    comparisons = []
    for figure in FIGURES:
        stated = getattr(total, figure)
        if stated is None:
            continue
        value = _record_figure(figure, record, basis=total.killed_basis)
        difference = value - stated
        comparisons.append(
            {
                "figure": figure,
                "stated": stated,
                "record": value,
                "difference": difference,
                "result": _figure_result(difference=difference, qualifier=total.qualifier),
            }
        )
    results = {item["result"] for item in comparisons}
    overall = (
        "differs" if "differs" in results else "consistent" if "consistent" in results else "equal"
    )
    return {
        "id": total.id,
        "date": total.date.isoformat(),
        "publisher": total.publisher,
        "as_stated": total.as_stated,
        "qualifier": total.qualifier,
        "killed_basis": total.killed_basis,
        "url": total.url,
        "reliability": total.reliability,
        "record_as_of": total.record_as_of.isoformat(),
        "record": {
            key: record[key]
            for key in ("strikes", "vessels", "killed", "presumed_dead", "dead_total")
        },
        "record_lacking_casualties": record["strikes_lacking_casualties"],
        "comparisons": comparisons,
        "result": overall,
        "gap_kinds": list(total.gap_kinds),
        "explanation": total.notes,
    }


def reconcile(
    *, strikes: pd.DataFrame, totals: list[PublishedTotal] | None = None
) -> list[dict[str, Any]]:
    """Compare every published running total with the record at its date.

    Parameters
    ----------
    strikes : pandas.DataFrame
        The record, as from :func:`events.load.load_strikes`.
    totals : list[PublishedTotal] | None
        Defaults to :func:`load_published_totals`.

    Returns
    -------
    list[dict]
        One entry per published total: ``id``, ``date``, ``publisher``, ``as_stated``,
        ``qualifier``, ``killed_basis``, ``url``, ``reliability``, ``record_as_of``, ``record``
        (the record's totals at that date), ``record_lacking_casualties``, ``comparisons`` (per
        stated figure: ``figure``, ``stated``, ``record``, ``difference`` = record - stated,
        ``result`` ``equal`` / ``consistent`` (meets an "at least" or "more than") /
        ``differs``), ``result`` (the worst of them), ``gap_kinds`` and ``explanation``.

    """
    if totals is None:
        totals = load_published_totals()
    return [_compare(total, strikes) for total in totals]


def record_last_date(strikes: pd.DataFrame) -> dt.date | None:
    """The date of the record's last counted strike (None for an empty record)."""
    counted = strikes[strikes["counted"]]
    if counted.empty:
        return None
    last: dt.date = pd.Timestamp(counted["date"].max()).date()
    return last


def reconcile_lines(entries: list[dict[str, Any]]) -> list[str]:
    """Plain-text lines for the command line: one block per published total.

    Parameters
    ----------
    entries : list[dict]
        As from :func:`reconcile`.

    Returns
    -------
    list[str]

    """
    lines = []
    for entry in entries:
        lines.append(
            f"{entry['id']} {entry['date']} {entry['publisher']}: {entry['result']} "
            f"(record to {entry['record_as_of']})"
        )
        for item in entry["comparisons"]:
            sign = "+" if item["difference"] > 0 else ""
            lines.append(
                f"  {item['figure']}: stated {item['stated']} ({entry['qualifier']}), "
                f"record {item['record']}, difference {sign}{item['difference']}: {item['result']}"
            )
        if entry["gap_kinds"]:
            lines.append(f"  gap: {', '.join(entry['gap_kinds'])}")
        lines.append(f"  why: {entry['explanation']}")
    return lines
