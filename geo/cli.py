"""The command line of the point check: ``python -m geo.check`` and ``geo-check``.

Arguments and output are documented in :mod:`geo.check` (``--help`` prints them).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from common.datafiles import DataFileError
from geo import batch, check
from geo.coords import CoordinateError, parse_position


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _position_from_args(words: list[str]) -> tuple[float, float]:
    return parse_position(" ".join(words) if len(words) != 2 else f"{words[0]}, {words[1]}")


def _add_batch_options(parser: argparse.ArgumentParser) -> None:
    # The file modes live in geo.batch (streaming) and geo.dask_engine (Dask).
    parser.add_argument(
        "--engine",
        choices=("memory", "dask"),
        default="memory",
        help="memory: stream the file in chunks in this process; dask: partitions in parallel "
        "on a Dask cluster, written as partitioned GeoParquet to the --out folder",
    )
    parser.add_argument(
        "--scheduler", default=None, help="Dask scheduler ADDRESS (default: a local cluster)"
    )
    parser.add_argument(
        "--chunk-rows", type=int, default=None, help="rows per chunk (memory) or partition (dask)"
    )
    parser.add_argument(
        "--prefix", default="", help="prefix for every added column (needed if IN has them)"
    )


def _run_batch(args: argparse.Namespace) -> int:
    if args.engine == "dask":
        from geo import dask_engine

        return dask_engine.run_dask(
            in_path=args.csv,
            out_dir=args.out,
            scheduler=args.scheduler,
            partition_rows=args.chunk_rows or dask_engine.DEFAULT_PARTITION_ROWS,
            prefix=args.prefix,
        )
    if args.scheduler is not None:
        raise _UsageError("--scheduler needs --engine dask")
    return batch.run_batch(
        in_path=args.csv,
        out_path=args.out,
        chunk_rows=args.chunk_rows or batch.DEFAULT_CHUNK_ROWS,
        prefix=args.prefix,
    )


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
    _add_batch_options(parser)
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
            if not args.csv.exists():
                raise _UsageError(f"{args.csv}: no such file")
            return _run_batch(args)
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
    except (
        _UsageError,
        batch.BatchInputError,
        CoordinateError,
        DataFileError,
    ) as error:
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
