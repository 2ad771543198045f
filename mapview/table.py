"""The strike table shown under the map: display columns and safe source links."""

from __future__ import annotations

from typing import Final

import pandas as pd

from events.source_kinds import source_kind
from mapview.popups import safe_urls

TABLE_COLUMNS: Final = (
    "id",
    "date",
    "region",
    "location_text",
    "location_precision",
    "vessels",
    "deaths",
    "presumed_dead",
    "survivors",
    "status",
    "verdict",
    "announced_by",
    "source_title",
)


def strike_table(*, strikes: pd.DataFrame) -> pd.DataFrame:
    """Select and format the columns of the strike table.

    Parameters
    ----------
    strikes : pandas.DataFrame
        Filtered strikes.

    Returns
    -------
    pandas.DataFrame
        Plain columns (with ``announced_by`` and ``source_title`` when the record has them)
        plus ``source`` (first http(s) URL, for a link column), ``more_sources`` (the others)
        and ``mirrors_and_aggregators`` (which of them are not the originating outlet, from
        ``data/events/source_kinds.csv``). Streamlit's data grid shows text as text, so
        nothing here is interpreted as HTML.

    """
    columns = [column for column in TABLE_COLUMNS if column in strikes.columns]
    table = pd.DataFrame(strikes[columns]).copy()
    if "date" in table:
        table["date"] = pd.to_datetime(table["date"]).dt.date
    urls = strikes["source_urls"] if "source_urls" in strikes else pd.Series([], dtype=object)
    checked = [safe_urls(value) for value in urls]
    table["source"] = [entries[0] if entries else None for entries in checked]
    table["more_sources"] = [" ".join(entries[1:]) for entries in checked]
    table["mirrors_and_aggregators"] = [_not_originals(entries) for entries in checked]
    return table.reset_index(drop=True)


def _not_originals(urls: list[str]) -> str:
    """E.g. "firstnorthwestern.com: mirror" for each source that is not the originating outlet."""
    kinds = [source_kind(url) for url in urls]
    return "; ".join(
        dict.fromkeys(f"{kind.domain}: {kind.kind}" for kind in kinds if kind is not None)
    )
