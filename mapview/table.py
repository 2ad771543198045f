"""The strike table shown under the map: display columns and safe source links."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pandas as pd

from events.schema import split_urls
from mapview.popups import safe_url

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
)


def _first_url(urls: object) -> str | None:
    if isinstance(urls, str):
        urls = split_urls(urls)
    if not isinstance(urls, Iterable):
        return None
    for url in urls:
        checked = safe_url(url)
        if checked is not None:
            return checked
    return None


def _other_urls(urls: object) -> str:
    if isinstance(urls, str):
        urls = split_urls(urls)
    if not isinstance(urls, Iterable):
        return ""
    checked = [url for url in (safe_url(value) for value in urls) if url is not None]
    return " ".join(checked[1:])


def strike_table(*, strikes: pd.DataFrame) -> pd.DataFrame:
    """Select and format the columns of the strike table.

    Parameters
    ----------
    strikes : pandas.DataFrame
        Filtered strikes.

    Returns
    -------
    pandas.DataFrame
        Plain columns plus ``source`` (first http(s) URL, for a link column) and
        ``more_sources``. Streamlit's data grid shows text as text, so nothing here is
        interpreted as HTML.

    """
    columns = [column for column in TABLE_COLUMNS if column in strikes.columns]
    table = pd.DataFrame(strikes[columns]).copy()
    if "date" in table:
        table["date"] = pd.to_datetime(table["date"]).dt.date
    urls = strikes["source_urls"] if "source_urls" in strikes else pd.Series([], dtype=object)
    table["source"] = [_first_url(value) for value in urls]
    table["more_sources"] = [_other_urls(value) for value in urls]
    return table.reset_index(drop=True)
