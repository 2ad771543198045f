"""Check the strike record and rebuild what is derived from data: ``python -m events.build``.

``data/events/strikes.csv`` is the record itself, edited as data (one row per vessel
engagement, compiled from public reporting) and never regenerated: the build validates every
row and stops, naming each problem, if one fails. It then writes ``reporting_areas.geojson``
from the reporting-area definitions and rewrites ``MANIFEST.sha256`` with the SHA-256 of every
data file in ``data/events/`` (the record, ``context_events.csv`` and ``possible_zones.csv``
too); the loaders refuse a file that does not match it. ``--check`` only reports whether the
record is valid and the derived files and the manifest are up to date.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from common.manifest import MANIFEST_NAME, manifest_text, write_manifest
from events.areas import REPORTING_AREAS
from events.paths import DATA_DIR, REPORTING_AREAS_GEOJSON, STRIKES_CSV
from events.schema import STRIKE_COLUMNS, validate_record


class BuildError(RuntimeError):
    """The record fails validation, so the derived files are not written."""


def _read_csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = []
        start = 2
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
        return rows


def check_strike_rows(*, record: Path) -> list[dict[str, str]]:
    """Read the committed record and validate every row.

    Parameters
    ----------
    record : Path
        The record, ``data/events/strikes.csv``.

    Returns
    -------
    list[dict[str, str]]
        The rows as read, in file order.

    Raises
    ------
    BuildError
        When a row fails validation (every problem is listed, one per line).

    """
    area_ids = frozenset(area.area_id for area in REPORTING_AREAS)
    rows = _read_csv_rows(record)
    with record.open(newline="", encoding="utf-8") as handle:
        header = tuple(next(csv.reader(handle), []))
    if header != STRIKE_COLUMNS:
        raise BuildError(f"{record}: columns {header} differ from {STRIKE_COLUMNS}")
    problems: list[str] = []
    for line, row in rows:
        outcome = validate_record(row, file=record.name, line=line, reporting_area_ids=area_ids)
        if isinstance(outcome, list):
            problems.extend(str(problem) for problem in outcome)
    if problems:
        raise BuildError("\n".join(problems))
    return [row for _, row in rows]


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
    args = parser.parse_args(argv)
    try:
        rows = check_strike_rows(record=STRIKES_CSV)
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
