"""Validate ``data/events/strikes.csv``; rebuild ``reporting_areas.geojson`` and the manifest.

Since issue 12, ``strikes.csv`` is the record itself, edited as data: ``main`` validates it and
never rewrites it. The curation below (``build_strike_rows``) is kept only for the history of
how rows S001-S064 were first mapped from the reference; nothing runs it.

Run ``python -m events.build`` from the repository: it validates ``strikes.csv`` (any problem
stops the build, naming file, line and field), writes ``reporting_areas.geojson`` from
``events/areas.py`` and rewrites ``MANIFEST.sha256`` with the SHA-256 of every data file in
``data/events/``; the loaders refuse a file that does not match it. ``--check`` only reports
whether the files and the manifest are up to date. Nothing here reads ``../shared``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from events.areas import REPORTING_AREAS
from events.paths import DATA_DIR, REFERENCE_STRIKES_CSV, REPORTING_AREAS_GEOJSON, STRIKES_CSV
from events.schema import STRIKE_COLUMNS, UNCOUNTED_STATUS, URL_SEPARATOR, validate_record
from geo.manifest import MANIFEST_NAME, manifest_text, write_manifest

_REFERENCE_COLUMNS = (
    "id",
    "date",
    "date_type",
    "announcement_date",
    "region",
    "location_text",
    "latitude",
    "longitude",
    "location_precision",
    "vessels",
    "deaths",
    "presumed_dead",
    "survivors",
    "announced_by",
    "alleged_group",
    "status",
    "source_title",
    "source_url",
    "other_sources",
    "notes",
)

#: Original status wording -> controlled vocabulary.
_STATUS_BY_WORDING = {
    "confirmed": "confirmed",
    "confirmed (date unverified)": "confirmed",
    "confirmed (headline only)": "headline-only",
    "low confidence": "low-confidence",
    "unconfirmed": "unconfirmed",
}

#: Rows whose date is not a plain strike day: (precision, earliest, latest, basis, why).
_DATE_CURATION: dict[str, tuple[str, str, str, str, str]] = {
    "S011": (
        "approximate",
        "2025-10-23",
        "2025-10-24",
        "strike",
        "overnight strike, 23-24 Oct; recorded on the day it was announced",
    ),
    "S055": (
        "approximate",
        "2026-05-04",
        "2026-05-05",
        "inferred-from-publication",
        "day before the CBS headline posted 2026-05-05, or that day",
    ),
    "S056": (
        "approximate",
        "2026-05-05",
        "2026-05-06",
        "inferred-from-publication",
        "day before the CBS headline posted 2026-05-06, or that day",
    ),
    "S059": (
        "approximate",
        "2026-05-27",
        "2026-05-28",
        "inferred-from-publication",
        "day before the CBS headline posted 2026-05-28, or that day",
    ),
    "S062": (
        "approximate",
        "2026-06-17",
        "2026-06-18",
        "inferred-from-publication",
        "AP story timestamped 2026-06-19 in GMT+7, i.e. 18 Jun or earlier in the Americas",
    ),
    "S064": (
        "range",
        "2026-03-25",
        "2026-04-08",
        "strike",
        "'a Wednesday' between the 19 Mar and 11 Apr 2026 strikes: 25 Mar, 1 Apr or 8 Apr; "
        "the date 1 Apr is a placeholder",
    ),
}
#: Date wording that means a plain strike day (the qualifier is kept in date_original).
_PLAIN_DATE_WORDING = re.compile(
    r"^(strike|claimed \(unverified\)"
    r"|strike \((late on Feb 16|Friday before 2026-05-30|Saturday)\))$"
)

#: Region-only rows with a narrower reporting area than their region's "unspecified" one.
_AREA_CURATION: dict[str, tuple[str, str]] = {
    "S001": (
        "between-venezuela-trinidad",
        "boat left San Juan de Unare (Sucre); 'between Venezuela and Trinidad and Tobago' "
        "(Airwars)",
    ),
    "S002": (
        "off-colombia-caribbean",
        "victim's family and Petro: off Colombia's Caribbean coast (U.S.: 'from Venezuela'); "
        "disputed",
    ),
    "S004": ("off-venezuela-north-coast", "'international waters just off the coast of Venezuela'"),
    "S006": ("between-venezuela-trinidad", "'between Venezuela and Trinidad' (Caribbean Life)"),
    "S009": (
        "eastern-pacific-colombia-ecuador",
        "Colombian media: near Colombia's Pacific coast",
    ),
    "S011": (
        "off-venezuela-north-coast",
        "'southern Caribbean, off the coast of Venezuela' (Newsday T&T)",
    ),
    "S012": (
        "eastern-pacific-central-america-mexico",
        "same 27 Oct operation as S014, whose survivor was searched for SW of Acapulco",
    ),
    "S013": (
        "eastern-pacific-central-america-mexico",
        "same 27 Oct operation as S014, whose survivor was searched for SW of Acapulco",
    ),
    "S039": (
        "eastern-pacific-colombia-ecuador",
        "survivor search coordinated by Ecuador's MRCC",
    ),
    "S047": (
        "eastern-pacific-central-america-mexico",
        "explosion '126 nautical miles off Golfito', Costa Rica; no bearing given",
    ),
}
_DEFAULT_AREA = {
    "Caribbean": ("caribbean-unspecified", "sources name only the Caribbean"),
    "Eastern Pacific": ("eastern-pacific-unspecified", "sources name only the eastern Pacific"),
}

#: The approximate positions: (reporting area, radius in nm, method and radius rationale).
_APPROXIMATE_CURATION: dict[str, tuple[str, float, str]] = {
    "S014": (
        "eastern-pacific-central-america-mexico",
        60.0,
        "Survivor-search point from Mexico's Navy (SEMAR): 830 km on bearing 225 deg from "
        "Acapulco (16.85N 99.88W), as computed in the reference. It marks the search area, "
        "not a strike fix. Radius 60 nm: SEMAR gave both 'more than 400' and '450' nm, and the "
        "search area spans tens of nm.",
    ),
    "S032": (
        "eastern-pacific-central-america-mexico",
        50.0,
        "U.S. Coast Guard search datum: 400 nm on bearing 225 deg from the Mexico-Guatemala "
        "Pacific border (Suchiate mouth, 14.53N 92.23W), as computed in the reference. "
        "Radius 50 nm: 'approximately 400 nm' and a search area of tens of nm.",
    ),
}
_APPROXIMATE_CURATION["S033"] = _APPROXIMATE_CURATION["S032"]
_APPROXIMATE_CURATION["S034"] = _APPROXIMATE_CURATION["S032"]

_URL_IN_TEXT = re.compile(r"https?://[^\s;]+")


class BuildError(RuntimeError):
    """The reference holds wording or values the curation tables do not cover."""


def _blank(value: str) -> str:
    return value.strip()


def _normalise_row(row: dict[str, str], *, line: int) -> dict[str, str]:
    row_id = row["id"].strip()
    where = f"{REFERENCE_STRIKES_CSV.name}:{line} ({row_id})"
    wording = row["status"].strip()
    if wording not in _STATUS_BY_WORDING:
        raise BuildError(f"{where}: status wording {wording!r} is not in _STATUS_BY_WORDING")
    status = _STATUS_BY_WORDING[wording]

    date = row["date"].strip()
    date_wording = row["date_type"].strip()
    if row_id in _DATE_CURATION:
        precision, earliest, latest, basis, _why = _DATE_CURATION[row_id]
    elif _PLAIN_DATE_WORDING.match(date_wording):
        precision, earliest, latest, basis = "exact", date, date, "strike"
    else:
        raise BuildError(f"{where}: date wording {date_wording!r} has no entry in _DATE_CURATION")

    precision_in = row["location_precision"].strip()
    latitude, longitude = row["latitude"].strip(), row["longitude"].strip()
    radius_nm, method = "", ""
    if precision_in == "approximate":
        if row_id not in _APPROXIMATE_CURATION:
            raise BuildError(f"{where}: approximate position without _APPROXIMATE_CURATION entry")
        area, radius, method = _APPROXIMATE_CURATION[row_id]
        radius_nm = repr(radius)
    elif precision_in == "region-only":
        if latitude or longitude:
            raise BuildError(f"{where}: region-only row carries coordinates")
        area, reason = _AREA_CURATION.get(row_id, _DEFAULT_AREA[row["region"].strip()])
        method = f"Region only: {reason}."
    else:
        raise BuildError(f"{where}: location precision {precision_in!r} is not in the reference")

    urls = [row["source_url"].strip(), *_URL_IN_TEXT.findall(row["other_sources"])]
    return {
        "id": row_id,
        "date": date,
        "date_precision": precision,
        "date_earliest": earliest,
        "date_latest": latest,
        "date_basis": basis,
        "date_original": date_wording,
        "announcement_date": row["announcement_date"].strip(),
        "region": row["region"].strip(),
        "reporting_area": area,
        "location_text": row["location_text"],
        "latitude": latitude,
        "longitude": longitude,
        "location_precision": precision_in,
        "uncertainty_radius_nm": radius_nm,
        "location_method": method,
        "vessels": row["vessels"].strip(),
        "deaths": row["deaths"].strip(),
        "presumed_dead": row["presumed_dead"].strip(),
        "survivors": row["survivors"].strip(),
        "announced_by": row["announced_by"],
        "alleged_group": row["alleged_group"],
        "status": status,
        "status_original": wording,
        "counted": "false" if status == UNCOUNTED_STATUS else "true",
        "source_title": row["source_title"],
        "source_urls": URL_SEPARATOR.join(url for url in urls if url),
        "other_sources_original": row["other_sources"],
        "notes": row["notes"],
    }


def _read_csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = []
        start = 2
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
        return rows


def build_strike_rows(*, reference: Path, existing: Path | None) -> list[dict[str, str]]:
    """Normalise the reference rows and append rows added to the record since.

    Parameters
    ----------
    reference : Path
        The reference ``strikes.csv``.
    existing : Path | None
        The current ``data/events/strikes.csv``, whose non-reference rows are kept.

    Returns
    -------
    list[dict[str, str]]
        Rows in the order of ``STRIKE_COLUMNS``, reference rows first.

    Raises
    ------
    BuildError
        On wording the curation tables do not cover, or a normalised row that fails validation.

    """
    reference_rows = _read_csv_rows(reference)
    header = tuple(reference_rows[0][1].keys()) if reference_rows else ()
    if header != _REFERENCE_COLUMNS:
        raise BuildError(f"{reference}: columns {header} differ from {_REFERENCE_COLUMNS}")
    rows = [_normalise_row(row, line=line) for line, row in reference_rows]
    known_ids = {row["id"] for row in rows}
    if existing is not None and existing.exists():
        rows += [row for _, row in _read_csv_rows(existing) if row["id"] not in known_ids]
    area_ids = frozenset(area.area_id for area in REPORTING_AREAS)
    for number, row in enumerate(rows, start=2):
        outcome = validate_record(
            row, file=STRIKES_CSV.name, line=number, reporting_area_ids=area_ids
        )
        if isinstance(outcome, list):
            raise BuildError("\n".join(str(problem) for problem in outcome))
    return rows


def _validated_record_rows(path: Path) -> list[dict[str, str]]:
    rows = [row for _, row in _read_csv_rows(path)]
    area_ids = frozenset(area.area_id for area in REPORTING_AREAS)
    for number, row in enumerate(rows, start=2):
        outcome = validate_record(row, file=path.name, line=number, reporting_area_ids=area_ids)
        if isinstance(outcome, list):
            raise BuildError("\n".join(str(problem) for problem in outcome))
    return rows


def strikes_csv_text(rows: Sequence[dict[str, str]]) -> str:
    """Serialise normalised rows as the committed CSV text.

    Parameters
    ----------
    rows : Sequence[dict[str, str]]
        Rows keyed by ``STRIKE_COLUMNS``.

    Returns
    -------
    str

    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=STRIKE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def reporting_areas_geojson_text() -> str:
    """Serialise the hand-drawn reporting areas as GeoJSON text (EPSG:4326, lon/lat).

    Returns
    -------
    str

    """
    features = []
    for area in REPORTING_AREAS:
        ring = [list(vertex) for vertex in area.ring_lon_lat]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "area_id": area.area_id,
                    "name": area.name,
                    "region": area.region,
                    "description": area.description,
                    "rationale": area.rationale,
                },
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, indent=1, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild (or with ``--check``, verify) the derived files in ``data/events/``.

    Parameters
    ----------
    argv : Sequence[str] | None
        Command-line arguments.

    Returns
    -------
    int
        Exit status: 0 on success, 1 when ``--check`` finds a stale file or manifest, or the
        build fails.

    """
    parser = argparse.ArgumentParser(prog="python -m events.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check the files are current")
    # Accepted for old command lines and ignored: strikes.csv is now the record itself, edited
    # as data (issue 12), so the build no longer regenerates it from the reference.
    parser.add_argument("--reference", type=Path, default=REFERENCE_STRIKES_CSV)
    args = parser.parse_args(argv)
    try:
        rows = _validated_record_rows(STRIKES_CSV)
    except (BuildError, OSError) as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    outputs = {REPORTING_AREAS_GEOJSON: reporting_areas_geojson_text()}
    stale = [
        path
        for path, text in outputs.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        manifest = DATA_DIR / MANIFEST_NAME
        if not stale and (
            not manifest.is_file()
            or manifest.read_text(encoding="utf-8") != manifest_text(DATA_DIR)
        ):
            stale.append(manifest)
        for path in stale:
            print(f"{path}: out of date; run python -m events.build", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    write_manifest(DATA_DIR)
    print(f"wrote {DATA_DIR / MANIFEST_NAME}")
    print(f"{len(rows)} strike rows; {len(REPORTING_AREAS)} reporting areas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
