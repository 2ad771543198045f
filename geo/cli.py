"""The command line of the point check: ``python -m geo.check`` and ``geo-check``.

Arguments and output are documented in :mod:`geo.check` (``--help`` prints them).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np

from common.datafiles import DataFileError
from geo import check
from geo.coords import CoordinateError, parse_position, validate_lat_lon


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _position_from_args(words: list[str]) -> tuple[float, float]:
    return parse_position(" ".join(words) if len(words) != 2 else f"{words[0]}, {words[1]}")


#: Fields the CSV mode adds to (or overwrites in) each row.
_CSV_FIELDS = ("zone", "state", "in_territorial_waters", "disputed", "distance_nm", "error")


class _InputFileError(Exception):
    pass


def _read_csv(in_path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) of every non-empty record, with the line it starts on."""
    try:
        with in_path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            records = []
            start = reader.line_num + 1
            for cells in reader:
                if cells:
                    records.append((start, cells))
                start = reader.line_num + 1
    except UnicodeDecodeError as error:
        raise _InputFileError(
            f"{in_path}: not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8 CSV"
        ) from error
    except csv.Error as error:
        raise _InputFileError(f"{in_path}: not readable as CSV ({error})") from error
    except OSError as error:
        raise _InputFileError(f"{in_path}: cannot be read ({error.strerror})") from error
    return header, records


def _run_csv(in_path: Path, out_path: Path) -> int:
    # One formula-injection guard for every CSV the project writes (common.csv_cells).
    from common.csv_cells import guard_untyped_cell

    header, records = _read_csv(in_path)
    missing = {"lat", "lon"} - set(header)
    if missing and "position" in header:
        return _run_csv_positions(in_path, out_path, header=header, records=records)
    if missing:
        raise CoordinateError(f"{in_path}: missing column(s) {sorted(missing)}; expected lat, lon")
    repeated = sorted(name for name in ("lat", "lon") if header.count(name) > 1)
    if repeated:
        raise CoordinateError(f"{in_path}: column(s) {repeated} appear more than once")
    lat_at, lon_at = header.index("lat"), header.index("lon")
    good: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    errors: dict[int, str] = {}
    for i, (line, cells) in enumerate(records):
        if len(cells) > len(header):
            errors[i] = (
                f"line {line}: {len(cells)} cells but {len(header)} columns in the header "
                "(the extra cells are not copied)"
            )
            continue
        lat_text = cells[lat_at] if lat_at < len(cells) else ""
        lon_text = cells[lon_at] if lon_at < len(cells) else ""
        try:
            lat, lon = validate_lat_lon(float(lat_text), float(lon_text))
        except ValueError as error:
            message = (
                str(error)
                if isinstance(error, CoordinateError)
                else f"lat/lon must be decimal degrees, got {lat_text!r}, {lon_text!r}"
            )
            errors[i] = f"line {line}: {message}"
            continue
        good.append(i)
        lats.append(lat)
        lons.append(lon)
    results = check._classify(np.array(lats), np.array(lons)) if good else {}
    out_header = header + [name for name in _CSV_FIELDS if name not in header]
    position = {name: out_header.index(name) for name in _CSV_FIELDS}
    by_row = {row_index: k for k, row_index in enumerate(good)}
    try:
        with out_path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([guard_untyped_cell(name) for name in out_header])
            for i, (_, cells) in enumerate(records):
                out = cells[: len(header)] + [""] * (len(out_header) - min(len(cells), len(header)))
                added = dict.fromkeys(_CSV_FIELDS, "")
                if i in by_row:
                    r = {key: values[by_row[i]] for key, values in results.items()}
                    added.update(
                        zone=str(r["zone"]),
                        state=str(r["state"] or ""),
                        in_territorial_waters=str(bool(r["in_territorial_waters"])),
                        disputed=str(bool(r["disputed"])),
                        distance_nm=f"{r['distance_nm']:.4f}",
                    )
                else:
                    added["error"] = errors[i]
                for name, value in added.items():
                    out[position[name]] = value
                writer.writerow([guard_untyped_cell(cell) for cell in out])
    except OSError as error:
        raise _InputFileError(f"{out_path}: cannot be written ({error.strerror})") from error
    for message in errors.values():
        print(message, file=sys.stderr)
    print(
        f"{len(records)} rows read, {len(good)} checked, {len(errors)} with errors "
        f"(kept in {out_path} with an error column)",
        file=sys.stderr,
    )
    return 0


def _run_csv_positions(
    in_path: Path, out_path: Path, *, header: list[str], records: list[tuple[int, list[str]]]
) -> int:
    """CSV mode with a ``position`` column (coordinates or a reported sentence per row)."""
    from common.csv_cells import guard_untyped_cell
    from geo.area_check import POSITION_CSV_FIELDS, check_position_text

    if header.count("position") > 1:
        raise CoordinateError(f"{in_path}: column 'position' appears more than once")
    at = header.index("position")
    out_header = header + [name for name in POSITION_CSV_FIELDS if name not in header]
    errors = 0
    try:
        with out_path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([guard_untyped_cell(name) for name in out_header])
            for line, cells in records:
                out = cells[: len(header)] + [""] * (len(out_header) - min(len(cells), len(header)))
                added = check_position_text(cells[at] if at < len(cells) else "")
                if len(cells) > len(header):
                    added = dict.fromkeys(POSITION_CSV_FIELDS, "")
                    added["error"] = f"{len(cells)} cells but {len(header)} columns in the header"
                if added["error"]:
                    errors += 1
                    added["error"] = f"line {line}: {added['error']}"
                    print(added["error"], file=sys.stderr)
                for name, value in added.items():
                    out[out_header.index(name)] = value
                writer.writerow([guard_untyped_cell(cell) for cell in out])
    except OSError as error:
        raise _InputFileError(f"{out_path}: cannot be written ({error.strerror})") from error
    print(
        f"{len(records)} rows read, {len(records) - errors} checked, {errors} with errors "
        f"(kept in {out_path} with an error column)",
        file=sys.stderr,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = _Parser(
        prog="python -m geo.check",
        description=check.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument("--radius-nm", type=str, default=None, help="uncertainty radius (nm)")
    parser.add_argument("--csv", type=Path, help="input CSV with columns lat, lon")
    parser.add_argument("--out", type=Path, help="output CSV (with --csv)")
    parser.add_argument(
        "position",
        nargs="*",
        help="LAT LON, one quoted position, or a reported sentence ('126 nm off Golfito')",
    )
    try:
        args = parser.parse_args(argv)
        if args.csv is not None:
            if args.out is None:
                raise _UsageError("--csv needs --out OUT.csv")
            if not args.csv.is_file():
                raise _UsageError(f"{args.csv}: no such file")
            return _run_csv(args.csv, args.out)
        if not args.position:
            raise _UsageError("expected a position: LAT LON, or one quoted position")
        radius = None
        if args.radius_nm is not None:
            try:
                radius = float(args.radius_nm)
            except ValueError:
                raise _UsageError(f"--radius-nm {args.radius_nm!r}: expected a number") from None
            if not math.isfinite(radius) or radius < 0:
                raise _UsageError(f"--radius-nm {args.radius_nm}: expected a number >= 0")
        answer, words = _answer(args.position, radius_nm=radius)
    except (_UsageError, _InputFileError, CoordinateError, DataFileError) as error:
        print(f"python -m geo.check: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer, ensure_ascii=False))
    else:
        print(words)
    return 0


def _answer(position: list[str], *, radius_nm: float | None) -> tuple[dict[str, object], str]:
    """JSON fields and the sentence for coordinates or a reported sentence (geo.area_check)."""
    from geo.reported import looks_reported

    try:
        lat, lon = _position_from_args(position)
    except CoordinateError:
        text = " ".join(position)
        if not looks_reported(text):
            raise
        if radius_nm is not None:
            raise _UsageError(
                "--radius-nm goes with coordinates; a reported sentence has its own band"
            ) from None
        from geo.area_check import check_reported, describe_reported

        reported = check_reported(text)
        return reported.to_dict(), describe_reported(reported)
    result = check.check_point(lat=lat, lon=lon, radius_nm=radius_nm)
    kind = "point" if radius_nm is None else "point+radius"
    return {**result.to_dict(), "position_kind": kind}, check.describe(result)


if __name__ == "__main__":
    raise SystemExit(main())
