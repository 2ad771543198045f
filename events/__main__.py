"""Command line for maintainers of the strike record.

Usage::

    python -m events validate FILE          # exit 0 when valid, 1 with one line per problem,
                                            # 2 when FILE cannot be read (missing, not UTF-8,
                                            # not CSV/GeoJSON, over the size or row limit)
    python -m events summary --json [--from YYYY-MM-DD] [--to YYYY-MM-DD]
    python -m events reconcile [--json]     # each published running total against the record

A missing or corrupted file of ``data/`` (the committed record, the reporting areas) exits
with status 2 and one line on stderr naming the file, what is wrong and how to rebuild it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from common.cli_exit import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, run_cli
from common.datafiles import DataFileError
from events.filters import UNCERTAIN_DATE_RULES, filter_strikes
from events.io_import import ImportRefusedError, UnreadableFileError, import_file
from events.load import load_strikes
from events.reconcile import reconcile, reconcile_lines
from events.schema import RecordValidationError
from events.summary import summarise

_PROG = "python -m events"


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"got {text!r}; expected a date YYYY-MM-DD") from error


_T = TypeVar("_T")


def _data_fault(error: DataFileError) -> int:
    print(f"{_PROG}: error: {error}", file=sys.stderr)
    return 2


def _validate(path: Path) -> int:
    try:
        report = import_file(path_or_bytes=path, filename=str(path))
    except UnreadableFileError as error:
        print(f"{_PROG}: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ImportRefusedError as error:
        print(error)
        return EXIT_PROBLEMS
    except DataFileError as error:
        return _data_fault(error)
    for line in report.problem_lines():
        print(line)
    return EXIT_PROBLEMS if report.rejections else EXIT_OK


def _from_record(read: Callable[[], _T]) -> _T | int:
    """``read()`` (which loads the record), or the exit status after saying why it failed."""
    try:
        return read()
    except RecordValidationError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    except DataFileError as error:
        return _data_fault(error)


def _summary(args: argparse.Namespace) -> int:
    frame = _from_record(load_strikes)
    if isinstance(frame, int):
        return frame
    selected = filter_strikes(
        frame, date_from=args.date_from, date_to=args.date_to, uncertain_dates=args.uncertain_dates
    )
    summary = summarise(selected, date_from=args.date_from, date_to=args.date_to)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{summary['strikes']} strikes on {summary['vessels']} vessels, "
        f"{summary['killed']} killed + {summary['presumed_dead']} presumed dead = "
        f"{summary['dead_total']}, {summary['survivors']} survivors "
        f"({summary['date_range']['from']} to {summary['date_range']['to']}); "
        f"{summary['excluded_unconfirmed']} unconfirmed excluded; "
        f"{summary['strikes_lacking_casualties']} strikes lack casualty figures"
    )
    for region, totals in summary["by_region"].items():
        print(
            f"  {region}: {totals['strikes']} strikes, {totals['killed']} killed + "
            f"{totals['presumed_dead']} presumed dead"
        )
    return 0


def _reconcile(args: argparse.Namespace) -> int:
    entries = _from_record(lambda: reconcile(strikes=load_strikes()))
    if isinstance(entries, int):
        return entries
    if args.json:
        print(json.dumps(entries, indent=2, ensure_ascii=False))
    else:
        print("\n".join(reconcile_lines(entries)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv : Sequence[str] | None
        Arguments without the program name; defaults to ``sys.argv[1:]``.

    Returns
    -------
    int
        Exit status.

    """
    parser = argparse.ArgumentParser(prog=_PROG, description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check a strikes CSV/GeoJSON or ACLED CSV; one line per problem"
    )
    validate.add_argument("file", type=Path)
    summary = commands.add_parser("summary", help="totals of the committed record")
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.add_argument("--from", dest="date_from", type=_iso_date, default=None)
    summary.add_argument("--to", dest="date_to", type=_iso_date, default=None)
    summary.add_argument(
        "--uncertain-dates",
        choices=UNCERTAIN_DATE_RULES,
        default="recorded-date",
        help="how strikes dated by a window of days are matched (default: recorded date)",
    )
    reconcile_command = commands.add_parser(
        "reconcile", help="compare each published running total with the record at its date"
    )
    reconcile_command.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.file)
    if args.command == "reconcile":
        return _reconcile(args)
    if args.date_from and args.date_to and args.date_from > args.date_to:
        parser.error(f"--from {args.date_from} is after --to {args.date_to}")
    return _summary(args)


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
