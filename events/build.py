"""Check the strike record and rebuild what is derived from data: ``python -m events.build``.

``data/events/strikes.csv`` is the record itself, edited as data (one row per vessel
engagement, compiled from public reporting) and never regenerated; ``reporting_areas.geojson``
holds the hand-drawn reporting areas with what the sources say and why each outline is drawn
where it is, edited as data too. The build validates the areas and every row of the record and
stops, naming each problem, if one fails. It then writes ``area_verdicts.csv`` (the
territorial-waters verdict of every area the record is judged over, computed on the built zones:
:mod:`events.area_verdicts`) and rewrites ``MANIFEST.sha256`` with the SHA-256 of every data
file in ``data/events/``; the loaders refuse a file that does not match it. ``--check`` only
reports whether the files are valid and current.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from common.atomic_write import write_text_atomic
from common.datafiles import DataFileError
from common.manifest import MANIFEST_NAME, manifest_text, write_manifest
from events.area_verdicts import area_verdicts_text
from events.load import load_reporting_areas, read_csv_rows, records_to_frame, validate_rows
from events.paths import AREA_VERDICTS_CSV, DATA_DIR, REPORTING_AREAS_GEOJSON, STRIKES_CSV
from events.schema import STRIKE_COLUMNS, RecordValidationError, validate_record
from events.source_kinds import load_source_kinds, mirror_only_problems

if TYPE_CHECKING:
    import geopandas as gpd


class BuildError(RuntimeError):
    """The record fails validation, so the derived files are not written."""


def check_strike_rows(*, record: Path, reporting_area_ids: frozenset[str]) -> list[dict[str, str]]:
    """Read the committed record and validate every row.

    Parameters
    ----------
    record : Path
        The record, ``data/events/strikes.csv``.
    reporting_area_ids : frozenset[str]
        The ids a row's ``reporting_area`` may take.

    Returns
    -------
    list[dict[str, str]]
        The rows as read, in file order.

    Raises
    ------
    BuildError
        When a row fails validation (every problem is listed, one per line).

    """
    header_list, rows = read_csv_rows(record.read_text(encoding="utf-8"))
    header = tuple(header_list)
    if header != STRIKE_COLUMNS:
        raise BuildError(f"{record}: columns {header} differ from {STRIKE_COLUMNS}")
    problems: list[str] = []
    # Validated here before the manifest that would vouch for it is rewritten.
    kinds = load_source_kinds(verify_manifest=False)
    for line, row in rows:
        outcome = validate_record(
            row, file=record.name, line=line, reporting_area_ids=reporting_area_ids
        )
        if not isinstance(outcome, list):
            outcome = mirror_only_problems(outcome, file=record.name, line=line, kinds=kinds)
        problems.extend(str(problem) for problem in outcome)
    if problems:
        raise BuildError("\n".join(problems))
    return [row for _, row in rows]


def _area_verdicts_text(areas: gpd.GeoDataFrame, rows: list[dict[str, str]]) -> str:
    """``area_verdicts.csv`` as the record and the built zones give it.

    A verdict is a function of the area and the zone data alone, so the rows already stored
    for the current zone data are kept and only the others computed (a clean clone, which has
    none, computes them all: ``test_self_contained`` checks it gets the same bytes).
    """
    from events.area_verdicts import geometry_key
    from events.verdicts import judged_geometries, verdicts_by_geometry
    from geo.data import zone_data_digest

    # The rows check_strike_rows read and found valid: line numbers would only name problems.
    accepted, _ = validate_rows(
        enumerate(rows, start=2),
        file=STRIKES_CSV.name,
        areas=areas,
        source_kinds=load_source_kinds(verify_manifest=False),
    )
    strikes = records_to_frame([record for _, record in accepted], areas=areas)
    judged = [geometry for geometry, _ in judged_geometries(strikes) if geometry is not None]
    try:
        by_key = verdicts_by_geometry(judged, stored=True)
    except (DataFileError, ValueError, KeyError):
        by_key = verdicts_by_geometry(judged, stored=False)  # a damaged file is rewritten
    record_keys = {geometry_key(geometry) for geometry in judged}
    return area_verdicts_text(
        {key: by_key[key] for key in record_keys}, zone_data_sha256=zone_data_digest()
    )


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
        areas = load_reporting_areas(path=REPORTING_AREAS_GEOJSON, verify_manifest=False)
        rows = check_strike_rows(record=STRIKES_CSV, reporting_area_ids=frozenset(areas["area_id"]))
    except (BuildError, RecordValidationError, DataFileError, OSError) as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    manifest = DATA_DIR / MANIFEST_NAME
    verdicts_text = _area_verdicts_text(areas, rows)
    if args.check:
        stale = [
            path
            for path, text in (
                (AREA_VERDICTS_CSV, verdicts_text),
                (manifest, manifest_text(DATA_DIR)),
            )
            if not path.is_file() or path.read_text(encoding="utf-8") != text
        ]
        for path in stale:
            print(f"{path}: out of date; run python -m events.build", file=sys.stderr)
        return 1 if stale else 0
    write_text_atomic(AREA_VERDICTS_CSV, verdicts_text)
    print(f"wrote {AREA_VERDICTS_CSV}")
    write_manifest(DATA_DIR)
    print(f"wrote {manifest}")
    print(f"{len(rows)} strike rows; {len(areas)} reporting areas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
