"""The one GeoJSON writer: plain property values, features, collections and their text.

Every GeoJSON the project produces goes through here: the files of ``data/geo/`` (sorted keys,
compact, one trailing newline, so that a rebuild is byte-identical and a diff of two builds
shows only what changed), the strike exports (indented, in the schema's column order) and the
map's display layers (compact). The three differ only in the options of :func:`geojson_text`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely

#: A JSON scalar as written in a feature's properties.
JsonScalar = bool | int | float | str | None


def json_value(value: object) -> JsonScalar:
    """A property value as a plain JSON scalar.

    Parameters
    ----------
    value : object
        A Python or NumPy scalar, or anything else.

    Returns
    -------
    bool | int | float | str | None
        NumPy scalars become Python ones; NaN and ``None`` become ``None``; any other
        non-scalar value becomes its ``str``.

    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if value != value else value  # NaN never equals itself
    return str(value)


def geometry_json(geometry: shapely.Geometry | None) -> dict[str, Any] | None:
    """A geometry as a GeoJSON geometry object (``None`` for no geometry).

    Parameters
    ----------
    geometry : shapely.Geometry | None
        Any shapely geometry, in lon/lat.

    Returns
    -------
    dict | None
        Coordinates exactly as stored (no rounding here: round the geometry first).

    """
    if geometry is None:
        return None
    document: dict[str, Any] = json.loads(shapely.to_geojson(geometry))
    return document


def feature(
    geometry: Mapping[str, Any] | None,
    properties: Mapping[str, Any],
    *,
    feature_id: str | None = None,
) -> dict[str, Any]:
    """One GeoJSON Feature, members in the order ``type``, ``id``, ``properties``, ``geometry``.

    Parameters
    ----------
    geometry : Mapping | None
        A GeoJSON geometry object (see :func:`geometry_json`).
    properties : Mapping
        Plain JSON property values.
    feature_id : str | None
        The feature's ``id`` member; left out when ``None``.

    Returns
    -------
    dict

    """
    document: dict[str, Any] = {"type": "Feature"}
    if feature_id is not None:
        document["id"] = feature_id
    document["properties"] = dict(properties)
    document["geometry"] = None if geometry is None else dict(geometry)
    return document


def feature_collection(
    features: Iterable[Mapping[str, Any]], *, members: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A FeatureCollection: ``type``, then any foreign ``members``, then ``features``.

    Parameters
    ----------
    features : Iterable of Mapping
        Features, in output order.
    members : Mapping | None
        Extra top-level members (e.g. ``metadata``, ``data_version``).

    Returns
    -------
    dict

    """
    return {"type": "FeatureCollection", **(members or {}), "features": list(features)}


def frame_features(
    geometries: Sequence[shapely.Geometry | None],
    properties: Mapping[str, Sequence[object]],
    *,
    with_ids: bool = False,
    skip_empty: bool = False,
) -> list[dict[str, Any]]:
    """Features from aligned geometries and property columns (one value per geometry).

    Parameters
    ----------
    geometries : Sequence of shapely geometries
        One per row, already projected to lon/lat and rounded as wanted.
    properties : Mapping of str to Sequence
        Property columns aligned with ``geometries``; values pass through :func:`json_value`.
    with_ids : bool
        Give each feature the ``id`` of its row number (as text).
    skip_empty : bool
        Leave out rows whose geometry is ``None`` or empty (row numbers are kept as ids).

    Returns
    -------
    list[dict]

    """
    columns = {name: list(values) for name, values in properties.items()}
    features = []
    for index, geometry in enumerate(geometries):
        if skip_empty and (geometry is None or geometry.is_empty):
            continue
        features.append(
            feature(
                geometry_json(geometry),
                {name: json_value(values[index]) for name, values in columns.items()},
                feature_id=str(index) if with_ids else None,
            )
        )
    return features


def geojson_text(
    document: Mapping[str, Any], *, sort_keys: bool = False, indent: int | None = None
) -> str:
    """Serialise GeoJSON deterministically (UTF-8 text, never ASCII escapes).

    Parameters
    ----------
    document : Mapping
        A FeatureCollection (or any JSON document).
    sort_keys : bool
        Sort every object's members (the committed data files).
    indent : int | None
        ``None`` for compact text without spaces; else the indent of each level.

    Returns
    -------
    str

    """
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(
        document, sort_keys=sort_keys, ensure_ascii=False, indent=indent, separators=separators
    )


def write_geojson_file(document: Mapping[str, Any], path: Path) -> None:
    """Write a data file: sorted keys, compact, one trailing newline (byte-stable rebuilds).

    Parameters
    ----------
    document : Mapping
        The FeatureCollection.
    path : Path
        Written as UTF-8; missing parent folders are created.

    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(geojson_text(document, sort_keys=True) + "\n", encoding="utf-8")
