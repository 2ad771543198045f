"""Territorial-waters verdicts of the record's areas, stored by ``make data``.

An area's verdict costs seconds (a reporting area over the Caribbean meets thousands of islands
whose land is cut out first), and every process that shows the record needs the verdicts of the
same dozen areas. ``python -m events.build`` therefore writes ``area_verdicts.csv``: one row per
distinct geometry of the record, named by the SHA-256 of its WKB, with the digest of the zone
data it was computed on (:func:`geo.data.zone_data_digest`). :func:`events.verdicts.add_verdicts`
uses a row only while that digest is current; any other geometry is computed as before.
"""

from __future__ import annotations

import csv
import hashlib
import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast, get_args

from events.paths import AREA_VERDICTS_CSV
from geo.constants import Verdict

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

AREA_VERDICT_COLUMNS: tuple[str, ...] = (
    "geometry_sha256",
    "zone_data_sha256",
    "verdict",
    "min_distance_nm",
    "max_distance_nm",
)
#: A verdict and the geodesic distance range (nm) to Venezuela's baseline.
StoredVerdict = tuple[Verdict, float, float]


def geometry_key(geometry: BaseGeometry) -> str:
    """The SHA-256 (hex) of a geometry's WKB: the same shape gives the same key."""
    return hashlib.sha256(geometry.wkb).hexdigest()


def area_verdicts_text(verdicts: dict[str, StoredVerdict], *, zone_data_sha256: str) -> str:
    """The CSV text of ``verdicts`` (by geometry key), sorted, floats written exactly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AREA_VERDICT_COLUMNS)
    for key in sorted(verdicts):
        verdict, min_nm, max_nm = verdicts[key]
        writer.writerow([key, zone_data_sha256, verdict, repr(min_nm), repr(max_nm)])
    return out.getvalue()


@lru_cache(maxsize=1)
def stored_area_verdicts(*, path: Path = AREA_VERDICTS_CSV) -> dict[str, StoredVerdict]:
    """Stored verdicts computed on the current zone data, by geometry key.

    Rows computed on other zone data are left out (they would be stale); a missing file
    gives none, so the verdicts are computed (``make data`` writes it).
    """
    from events.load import read_data_text
    from geo.data import zone_data_digest

    if not path.is_file():
        return {}
    current = zone_data_digest()
    rows = csv.DictReader(io.StringIO(read_data_text(path)))
    return {
        row["geometry_sha256"]: (
            _verdict(row["verdict"]),
            float(row["min_distance_nm"]),
            float(row["max_distance_nm"]),
        )
        for row in rows
        if row["zone_data_sha256"] == current
    }


def _verdict(text: str) -> Verdict:
    if text in get_args(Verdict):
        return cast(Verdict, text)
    raise ValueError(f"area_verdicts.csv: verdict: inside, outside or indeterminate, not {text!r}")
