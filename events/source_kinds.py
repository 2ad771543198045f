"""Mirrors and aggregators among the record's sources, and the status rule that follows.

``data/events/source_kinds.csv`` lists the web domains that are not the originating outlet of
what they carry (a ``mirror`` reposts another outlet's text; an ``aggregator`` summarises
other outlets), each with the reason and the record's evidence. A strike whose every source
is on that list cannot be ``confirmed``: the original report was not read.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field

from events.load import load_models
from events.paths import SOURCE_KINDS_CSV
from events.schema import RecordProblem, SourcedModel, StrikeRecord

SourceKindName = Literal["mirror", "aggregator"]
#: The status a strike may not have when every source is a mirror or aggregator.
CONFIRMED = "confirmed"


class SourceKind(SourcedModel):
    """One row of ``source_kinds.csv``: a domain (and its subdomains) that is not an original."""

    domain: str = Field(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
    kind: SourceKindName
    reason: str = Field(min_length=1)
    evidence: str = Field(min_length=1)


@lru_cache(maxsize=2)
def load_source_kinds(
    *, path: Path = SOURCE_KINDS_CSV, verify_manifest: bool = True
) -> tuple[SourceKind, ...]:
    """Read the mirror and aggregator domains (verified against the manifest).

    Parameters
    ----------
    path : Path
        Defaults to ``data/events/source_kinds.csv``.
    verify_manifest : bool
        False only for ``python -m events.build`` (it writes the manifest).

    Returns
    -------
    tuple of SourceKind

    """
    return tuple(load_models(path, SourceKind, verify_manifest=verify_manifest))


def source_kind(url: str, *, kinds: Sequence[SourceKind] | None = None) -> SourceKind | None:
    """The listed kind of a source URL's domain (subdomains included), or None for others.

    Parameters
    ----------
    url : str
        A source URL.
    kinds : sequence of SourceKind, optional
        The list to use; by default :func:`load_source_kinds`.

    Returns
    -------
    SourceKind or None

    """
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    for kind in load_source_kinds() if kinds is None else kinds:
        if host == kind.domain or host.endswith("." + kind.domain):
            return kind
    return None


def mirror_only_problems(
    record: StrikeRecord,
    *,
    file: str,
    line: int | None,
    kinds: Sequence[SourceKind] | None = None,
) -> list[RecordProblem]:
    """A ``confirmed`` strike whose every source is a mirror or aggregator is a problem.

    Parameters
    ----------
    record : StrikeRecord
        A record that passed the schema.
    file : str
        File name used in problems.
    line : int | None
        Line or feature number used in problems.
    kinds : sequence of SourceKind, optional
        The list to use; by default :func:`load_source_kinds`.

    Returns
    -------
    list[RecordProblem]
        Empty, or one problem naming the row, the field ``status`` and the domains.

    """
    if record.status != CONFIRMED or not record.source_urls:
        return []
    found = [source_kind(url, kinds=kinds) for url in record.source_urls]
    if any(kind is None for kind in found):
        return []
    named = ", ".join(sorted({f"{kind.domain} ({kind.kind})" for kind in found if kind}))
    return [
        RecordProblem(
            file,
            line,
            "status",
            record.status,
            f"not 'confirmed' for row {record.id}: every source is a mirror or aggregator "
            f"({named}; see source_kinds.csv); use 'low-confidence' or add the original report",
        )
    ]
