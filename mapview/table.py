"""The strike table shown under the map: display columns and safe source links."""

from __future__ import annotations

from typing import Final

import pandas as pd

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
        Plain columns plus ``source`` (first http(s) URL, for a link column) and
        ``more_sources``. Streamlit's data grid shows text as text, so nothing here is
        interpreted as HTML.

    """
    columns = [column for column in TABLE_COLUMNS if column in strikes.columns]
    table = pd.DataFrame(strikes[columns]).copy()
    if "date" in table:
        table["date"] = pd.to_datetime(table["date"]).dt.date
    urls = strikes["source_urls"] if "source_urls" in strikes else pd.Series([], dtype=object)
    checked = [safe_urls(value) for value in urls]
    table["source"] = [entries[0] if entries else None for entries in checked]
    table["more_sources"] = [" ".join(entries[1:]) for entries in checked]
    return table.reset_index(drop=True)
