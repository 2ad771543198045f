"""Export a selection of strikes to CSV or GeoJSON that re-imports to the same records.

Both formats carry every schema column (``events.schema.STRIKE_COLUMNS``) and, when present,
the derived columns (verdict and distances, the filter flag), which the importer recognises and
ignores. CSV text cells are guarded against formula injection (``common.csv_cells``); numbers
are written as numbers. GeoJSON geometry is the point when a position is known, else the
reporting-area polygon; the uncertainty radius stays a property.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import pandas as pd
from shapely.geometry import Point

from common.csv_cells import guard_cell
from common.geojson import feature, feature_collection, geojson_text, geometry_json
from events.schema import COUNT_COLUMNS, DATE_COLUMNS, STRIKE_COLUMNS, URL_SEPARATOR

#: Computed columns an export may carry; the importer ignores them and says so.
DERIVED_COLUMNS: tuple[str, ...] = (
    "verdict",
    "min_distance_nm",
    "max_distance_nm",
    "verdict_basis",
    "date_window_crosses_filter",
    "data_version",
)
NUMERIC_COLUMNS: tuple[str, ...] = (
    "latitude",
    "longitude",
    "uncertainty_radius_nm",
    *COUNT_COLUMNS,
    "min_distance_nm",
    "max_distance_nm",
)


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple)):
        return False
    return bool(pd.isna(value))


def _json_value(column: str, value: Any) -> Any:
    if column == "source_urls":
        return [] if _is_missing(value) else [str(url) for url in value]
    if _is_missing(value):
        return None
    if column in DATE_COLUMNS:
        return pd.Timestamp(value).date().isoformat()
    if column in COUNT_COLUMNS:
        return int(value)
    if column in NUMERIC_COLUMNS:
        number = float(value)
        return number if math.isfinite(number) else None
    if column in ("counted", "date_window_crosses_filter"):
        return bool(value)
    return str(value)


def _columns(frame: pd.DataFrame) -> list[str]:
    return [*STRIKE_COLUMNS, *(column for column in DERIVED_COLUMNS if column in frame)]


def _resolved_version(data_version: str | None) -> str:
    # Every export names the version of the record it came from (a derived column, ignored on
    # re-import); by default the committed record's.
    if data_version is not None:
        return data_version
    from events.version import load_data_version

    return load_data_version().data_version


def _csv_cell(column: str, value: Any) -> str:
    plain = _json_value(column, value)
    if plain is None:
        return ""
    if column == "source_urls":
        return guard_cell(URL_SEPARATOR.join(plain))
    if isinstance(plain, bool):
        return "true" if plain else "false"
    if isinstance(plain, (int, float)):
        return repr(plain)
    return guard_cell(str(plain))


def to_csv_bytes(frame: pd.DataFrame, *, data_version: str | None = None) -> bytes:
    """Serialise strikes as UTF-8 CSV in the schema's column order.

    Parameters
    ----------
    frame : pandas.DataFrame
        Strikes, as loaded or filtered.
    data_version : str | None
        Written in the ``data_version`` column; defaults to the committed record's version.

    Returns
    -------
    bytes
        RFC 4180 CSV (CRLF line ends) with a header row; text cells guarded against formula
        injection.

    """
    frame = frame.assign(data_version=_resolved_version(data_version))
    columns = _columns(frame)
    buffer = io.StringIO()
    # CRLF (RFC 4180) also makes the writer quote cells holding a bare CR, which "\n" would not.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in frame[columns].itertuples(index=False, name=None):
        writer.writerow(
            [_csv_cell(column, value) for column, value in zip(columns, record, strict=True)]
        )
    return buffer.getvalue().encode("utf-8")


def to_geojson_bytes(frame: pd.DataFrame, *, data_version: str | None = None) -> bytes:
    """Serialise strikes as a GeoJSON FeatureCollection (lon/lat, EPSG:4326).

    Parameters
    ----------
    frame : pandas.DataFrame
        Strikes with a ``geometry`` column, as loaded or filtered.
    data_version : str | None
        Written as the collection's ``data_version`` member and in every feature's properties;
        defaults to the committed record's version.

    Returns
    -------
    bytes
        UTF-8 GeoJSON; each feature's properties hold every schema column.

    """
    version = _resolved_version(data_version)
    frame = frame.assign(data_version=version)
    columns = _columns(frame)
    features = []
    for _, row in frame.iterrows():
        properties = {column: _json_value(column, row[column]) for column in columns}
        shape = row.get("geometry")
        if properties["latitude"] is not None and properties["longitude"] is not None:
            shape = Point(properties["longitude"], properties["latitude"])
        elif shape is not None and shape.is_empty:
            shape = None
        features.append(feature(geometry_json(shape), properties))
    collection = feature_collection(features, members={"data_version": version})
    return geojson_text(collection, indent=1).encode("utf-8")
