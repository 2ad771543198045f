"""Streaming point check of CSV and GeoParquet files: bounded memory, every row kept in order.

The input is read in chunks of ``chunk_rows`` rows (Python's ``csv`` module for CSV, so that
every record keeps the line it starts on; ``pyarrow.parquet`` batches for GeoParquet), each
chunk is checked with the vectorised path of :mod:`geo.check`, and written at once, so memory
depends on the chunk size, not on the file. The output goes to a temporary file in the output's
folder that replaces the output only when every row is written: ``--out IN`` never destroys
``IN``, even when reading or writing fails half-way.

Rules, the same for both formats:

- every input row and column is written, in order, with the added fields (``zone``, ``state``,
  ``in_territorial_waters``, ``disputed``, ``distance_nm``, ``error``), each under an optional
  prefix; an input column named like an added one is refused unless a prefix is given;
- a row whose position cannot be read keeps its cells, gets empty added fields and an
  ``error`` naming its line (CSV) or row (GeoParquet);
- rows read = rows checked + rows with errors.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from geo.coords import CoordinateError, validate_lat_lon

#: Fields added to every row, in this order (after the input's own columns).
ADDED_FIELDS = ("zone", "state", "in_territorial_waters", "disputed", "distance_nm", "error")
DEFAULT_CHUNK_ROWS = 100_000
#: Error lines printed to stderr; the rest are only in the output's error column.
MAX_PRINTED_ERRORS = 100
PARQUET_SUFFIXES = (".parquet", ".geoparquet")
GEOMETRY_COLUMN = "geometry"
#: Characters that can make a spreadsheet read a cell as a formula, plus the guard quote itself
#: (see common.csv_cells): cells starting with any other character are written unchanged.
_GUARD_CANDIDATES = frozenset("=+-@\t\r'")

FloatArray = npt.NDArray[np.float64]


class BatchInputError(Exception):
    """The input cannot be checked as a whole (unreadable, wrong columns, bad usage)."""


@dataclass
class BatchSummary:
    """Counts of one batch run: ``rows_read == rows_checked + rows_with_errors``."""

    rows_read: int = 0
    rows_checked: int = 0
    rows_with_errors: int = 0
    first_errors: list[str] = field(default_factory=list)

    def add_error(self, message: str) -> None:
        """Count a row with an error, keeping the first messages for stderr."""
        self.rows_with_errors += 1
        if len(self.first_errors) < MAX_PRINTED_ERRORS:
            self.first_errors.append(message)


def is_parquet(path: Path) -> bool:
    """Whether ``path`` is (to be) a GeoParquet file, by its extension."""
    return path.suffix.lower() in PARQUET_SUFFIXES


def added_columns(*, prefix: str = "") -> list[str]:
    """Names of the added fields, each under ``prefix``."""
    return [prefix + name for name in ADDED_FIELDS]


def refuse_collisions(*, header: Sequence[str], prefix: str, source: Path) -> None:
    """Raise if an input column has the name of an added one."""
    clashes = [name for name in added_columns(prefix=prefix) if name in header]
    if clashes:
        how = "choose another --prefix" if prefix else "give --prefix P to add them as P<name>"
        raise BatchInputError(
            f"{source}: column(s) {clashes} would be overwritten by the added fields; {how}"
        )


# ----------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class _Checked:
    """Added fields for the rows of one chunk (empty strings for rows with errors)."""

    zone: list[str]
    state: list[str]
    in_territorial_waters: list[bool | None]
    disputed: list[bool | None]
    distance_nm: list[float | None]
    error: list[str]


def _check_chunk(
    lat: FloatArray, lon: FloatArray, errors: list[str], summary: BatchSummary
) -> _Checked:
    """Check the rows of a chunk whose ``errors`` entry is empty."""
    n = len(lat)
    index = np.flatnonzero(np.array([not message for message in errors], dtype=bool))
    zone = np.full(n, "", dtype=object)
    state = np.full(n, "", dtype=object)
    in_tw = np.full(n, None, dtype=object)
    disputed = np.full(n, None, dtype=object)
    distance = np.full(n, None, dtype=object)
    if len(index):
        from geo.check import _classify  # geo.check imports this module for its CLI

        result = _classify(lat[index], lon[index], sampled_distances=True)
        zone[index] = result["zone"]
        state[index] = [s or "" for s in result["state"].tolist()]
        in_tw[index] = result["in_territorial_waters"].tolist()
        disputed[index] = result["disputed"].tolist()
        distance[index] = result["distance_nm"].tolist()
    summary.rows_read += n
    summary.rows_checked += len(index)
    for message in errors:
        if message:
            summary.add_error(message)
    return _Checked(
        zone.tolist(), state.tolist(), in_tw.tolist(), disputed.tolist(), distance.tolist(), errors
    )


def _position_error(where: str, lat_text: object, lon_text: object) -> tuple[float, float, str]:
    try:
        lat, lon = validate_lat_lon(float(lat_text), float(lon_text))  # type: ignore[arg-type]
    except (ValueError, TypeError) as error:
        message = (
            str(error)
            if isinstance(error, CoordinateError)
            else f"lat/lon must be decimal degrees, got {lat_text!r}, {lon_text!r}"
        )
        return np.nan, np.nan, f"{where}: {message}"
    return lat, lon, ""


# ----------------------------------------------------------------------------- CSV input


def _unclosed_quote_line(text: str, first_line: int) -> int | None:
    """Line on which a quoted cell that never closes opens, scanning ``text`` once."""
    line, opened_on, in_quote, at_field_start = first_line, 0, False, True
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if in_quote:
            if char == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1
                else:
                    in_quote = False
            elif char == "\n":
                line += 1
        elif char == '"' and at_field_start:
            in_quote, opened_on = True, line
        elif char == "\n":
            line += 1
        at_field_start = (not in_quote) and char in ",\n\r"
        i += 1
    return opened_on if in_quote else None


def _read_tail(path: Path, first_line: int) -> str:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for _ in range(first_line - 1):
            handle.readline()
        return handle.read()


class _CsvInput:
    """Records of a CSV file with the line each starts on, in chunks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] = self._open()
        self._reader = csv.reader(self._handle)
        try:
            self.header = next(self._reader, [])
        except (csv.Error, UnicodeDecodeError) as error:
            self._fail(error, 1)
        self._next_line = self._reader.line_num + 1

    def _open(self) -> IO[str]:
        try:
            return self.path.open(newline="", encoding="utf-8-sig")
        except OSError as error:
            raise BatchInputError(f"{self.path}: cannot be read ({error.strerror})") from error

    def close(self) -> None:
        self._handle.close()

    def _fail(self, error: Exception, line: int) -> None:
        self.close()
        if isinstance(error, UnicodeDecodeError):
            raise BatchInputError(
                f"{self.path}: not UTF-8 text (bad byte at offset {error.start}); "
                "save it as UTF-8 CSV"
            ) from error
        if isinstance(error, OSError):
            raise BatchInputError(f"{self.path}: cannot be read ({error.strerror})") from error
        raise BatchInputError(
            f"{self.path}: line {line}: not readable as CSV ({error}); a quoted cell opened "
            "on this line may never be closed"
        ) from error

    def chunks(self, chunk_rows: int) -> Iterator[list[tuple[int, list[str]]]]:
        """Lists of up to ``chunk_rows`` (line, cells) records; empty records are skipped."""
        chunk: list[tuple[int, list[str]]] = []
        reader = self._reader
        start = self._next_line
        last_start = 0  # line of the last non-empty record, 0 before the first
        while True:
            try:
                cells = next(reader, None)
            except (csv.Error, UnicodeDecodeError, OSError) as error:
                self._fail(error, start)
            if cells is None:
                break
            if cells:
                chunk.append((start, cells))
                last_start = start
            start = reader.line_num + 1
            if len(chunk) >= chunk_rows:
                yield chunk
                chunk = []
        # A quote left open swallows the rest of the file into one cell without an error from
        # the (lenient) csv module: find it in the last record (written or not: the output is
        # only a temporary file until the end) and refuse the file.
        if last_start and reader.line_num > last_start:
            opened = _unclosed_quote_line(_read_tail(self.path, last_start), last_start)
            if opened is not None:
                self.close()
                raise BatchInputError(
                    f"{self.path}: line {opened}: a quoted cell opened on this line is never "
                    "closed (the rest of the file would be read as one cell); close the quote"
                )
        if chunk:
            yield chunk


def _csv_positions(
    records: list[tuple[int, list[str]]], *, n_columns: int, lat_at: int, lon_at: int
) -> tuple[FloatArray, FloatArray, list[str]]:
    lat = np.empty(len(records))
    lon = np.empty(len(records))
    errors = [""] * len(records)
    for i, (line, cells) in enumerate(records):
        if len(cells) > n_columns:
            errors[i] = (
                f"line {line}: {len(cells)} cells but {n_columns} columns in the header "
                "(the extra cells are not copied)"
            )
            lat[i] = lon[i] = np.nan
            continue
        lat_text = cells[lat_at] if lat_at < len(cells) else ""
        lon_text = cells[lon_at] if lon_at < len(cells) else ""
        lat[i], lon[i], errors[i] = _position_error(f"line {line}", lat_text, lon_text)
    return lat, lon, errors


# ----------------------------------------------------------------------------- Parquet input


def _parquet_lat_lon_columns(schema_names: Sequence[str], source: Path) -> tuple[str, str] | None:
    if "lat" in schema_names and "lon" in schema_names:
        return "lat", "lon"
    if GEOMETRY_COLUMN in schema_names:
        return None
    raise BatchInputError(
        f"{source}: missing column(s) lat, lon (or a point {GEOMETRY_COLUMN} column)"
    )


def _parquet_positions(
    batch: Any, *, first_row: int, columns: tuple[str, str] | None
) -> tuple[FloatArray, FloatArray, list[str]]:
    import pyarrow as pa
    import shapely

    n = batch.num_rows
    errors = [""] * n
    if columns is None:
        wkb = batch.column(GEOMETRY_COLUMN).to_pylist()
        lat = np.full(n, np.nan)
        lon = np.full(n, np.nan)
        for i, blob in enumerate(wkb):
            try:
                point = shapely.from_wkb(blob) if blob is not None else None
            except shapely.errors.GEOSException:
                point = None
            if point is None or point.geom_type != "Point" or point.is_empty:
                errors[i] = f"row {first_row + i}: {GEOMETRY_COLUMN} is not a point"
                continue
            lat[i], lon[i], errors[i] = _position_error(f"row {first_row + i}", point.y, point.x)
        return lat, lon, errors
    lat_values = batch.column(columns[0])
    lon_values = batch.column(columns[1])
    numeric = pa.types.is_floating(lat_values.type) or pa.types.is_integer(lat_values.type)
    numeric &= pa.types.is_floating(lon_values.type) or pa.types.is_integer(lon_values.type)
    if numeric:
        lat = np.array(lat_values.cast(pa.float64()).fill_null(np.nan).to_numpy(), dtype=float)
        lon = np.array(lon_values.cast(pa.float64()).fill_null(np.nan).to_numpy(), dtype=float)
        bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
        for i in np.flatnonzero(bad).tolist():
            lat[i], lon[i], errors[i] = _position_error(f"row {first_row + i}", lat[i], lon[i])
        return lat, lon, errors
    lat = np.empty(n)
    lon = np.empty(n)
    for i, (a, b) in enumerate(zip(lat_values.to_pylist(), lon_values.to_pylist(), strict=True)):
        lat[i], lon[i], errors[i] = _position_error(f"row {first_row + i}", a, b)
    return lat, lon, errors


# ----------------------------------------------------------------------------- output


def _guard(cell: str) -> str:
    # One formula-injection guard for every CSV the project writes (common.csv_cells).
    from common.csv_cells import guard_untyped_cell

    return guard_untyped_cell(cell) if cell[:1] in _GUARD_CANDIDATES else cell


_FLAG_TEXT = {True: "True", False: "False", None: ""}


def _added_texts(checked: _Checked) -> Iterator[tuple[str, ...]]:
    """The added fields of every row of a chunk, as CSV text (built column by column)."""
    distance = ["" if d is None else f"{d:.4f}" for d in checked.distance_nm]
    in_tw = [_FLAG_TEXT[v] for v in checked.in_territorial_waters]
    disputed = [_FLAG_TEXT[v] for v in checked.disputed]
    return zip(checked.zone, checked.state, in_tw, disputed, distance, checked.error, strict=True)


def _arrow_added(checked: _Checked, prefix: str) -> dict[str, Any]:
    import pyarrow as pa

    def text(values: list[str]) -> Any:
        return pa.array([value or None for value in values], type=pa.string())

    return {
        prefix + "zone": text(checked.zone),
        prefix + "state": text(checked.state),
        prefix + "in_territorial_waters": pa.array(checked.in_territorial_waters, pa.bool_()),
        prefix + "disputed": pa.array(checked.disputed, pa.bool_()),
        prefix + "distance_nm": pa.array(
            [None if d is None else round(d, 4) for d in checked.distance_nm], pa.float64()
        ),
        prefix + "error": text(checked.error),
    }


def _point_wkb(lat: FloatArray, lon: FloatArray, errors: list[str]) -> Any:
    import pyarrow as pa
    import shapely

    points = shapely.points(lon, lat)
    blobs = shapely.to_wkb(points)
    return pa.array([None if errors[i] else blobs[i] for i in range(len(errors))], type=pa.binary())


def geoparquet_metadata(*, geometry_column: str = GEOMETRY_COLUMN) -> dict[bytes, bytes]:
    """GeoParquet 1.0 ``geo`` metadata for one WKB point column in WGS 84 (lon, lat)."""
    import json

    geo = {
        "version": "1.0.0",
        "primary_column": geometry_column,
        "columns": {geometry_column: {"encoding": "WKB", "geometry_types": ["Point"]}},
    }
    return {b"geo": json.dumps(geo).encode()}


class _ReplacingFile:
    """A temporary file beside ``target`` that replaces it only on :meth:`commit`."""

    def __init__(self, target: Path) -> None:
        self.target = target
        directory = target.parent if str(target.parent) else Path(".")
        try:
            descriptor, name = tempfile.mkstemp(
                dir=directory, prefix=f".{target.name}.", suffix=".part"
            )
        except OSError as error:
            raise BatchInputError(f"{target}: cannot be written ({error.strerror})") from error
        os.close(descriptor)
        self.path = Path(name)

    def commit(self) -> None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.path, 0o666 & ~umask)
        os.replace(self.path, self.target)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


# ----------------------------------------------------------------------------- the run


def check_file(
    *,
    in_path: Path,
    out_path: Path,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    prefix: str = "",
) -> BatchSummary:
    """Check every row of a CSV or GeoParquet file and write it with the added fields.

    Parameters
    ----------
    in_path : Path
        CSV with columns ``lat`` and ``lon`` (decimal degrees), or GeoParquet (``.parquet``)
        with ``lat``/``lon`` columns or a point ``geometry`` column.
    out_path : Path
        CSV, or GeoParquet by extension (``.parquet``); may be ``in_path`` itself.
    chunk_rows : int
        Rows read, checked and written at a time: memory depends on this, not on the file.
    prefix : str
        Prefix of every added column (needed when the input has columns of those names).

    Returns
    -------
    BatchSummary
        Rows read, checked and with errors.

    Raises
    ------
    BatchInputError
        If the input cannot be read as a whole or the output cannot be written; the output
        file is then left as it was.

    """
    if chunk_rows < 1:
        raise BatchInputError(f"chunk size {chunk_rows}: expected at least 1 row")
    output = _ReplacingFile(out_path)
    try:
        if is_parquet(in_path):
            summary = _run_parquet(in_path, output, chunk_rows=chunk_rows, prefix=prefix)
        else:
            summary = _run_csv(in_path, output, chunk_rows=chunk_rows, prefix=prefix)
        output.commit()
    except BaseException:
        output.discard()
        raise
    return summary


class _Sink:
    """Writes checked chunks as CSV or GeoParquet."""

    def __init__(self, path: Path, *, header: list[str], prefix: str, as_parquet: bool) -> None:
        self.path = path
        self.header = header
        self.prefix = prefix
        self.as_parquet = as_parquet
        self._parquet: Any = None
        self._handle: IO[str] | None = None
        self._writer: Any = None
        if not as_parquet:
            self._handle = path.open("w", newline="", encoding="utf-8")
            self._writer = csv.writer(self._handle)
            self._writer.writerow([_guard(n) for n in header + added_columns(prefix=prefix)])

    def write_rows(self, rows: Iterator[list[str]], checked: _Checked) -> None:
        """CSV: write each row's cells followed by its added fields."""
        from common.csv_cells import guard_untyped_cell

        writerow = self._writer.writerow
        candidates = _GUARD_CANDIDATES
        # Inlined guard: only cells starting with a formula character need a closer look.
        for cells, added in zip(rows, _added_texts(checked), strict=True):
            row = [c if c[:1] not in candidates else guard_untyped_cell(c) for c in cells]
            row.extend(added)
            writerow(row)

    def write_table(self, columns: dict[str, Any], checked: _Checked, geometry: Any | None) -> None:
        """GeoParquet: write input columns, added fields and a point geometry."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrays = dict(columns)
        arrays.update(_arrow_added(checked, self.prefix))
        if geometry is not None:
            arrays[GEOMETRY_COLUMN] = geometry
        table = pa.table(arrays)
        if self._parquet is None:
            metadata = dict(table.schema.metadata or {})
            metadata.update(geoparquet_metadata())
            self._schema = table.schema.with_metadata(metadata)
            self._parquet = pq.ParquetWriter(self.path, self._schema)
        self._parquet.write_table(table.cast(self._schema))

    def close(self) -> None:
        """Flush and close the file."""
        if self._handle is not None:
            self._handle.close()
        if self._parquet is not None:
            self._parquet.close()
        elif self.as_parquet:
            import pyarrow as pa
            import pyarrow.parquet as pq

            empty = _Checked([], [], [], [], [], [])
            arrays: dict[str, Any] = {name: pa.array([], pa.string()) for name in self.header}
            arrays.update(_arrow_added(empty, self.prefix))
            arrays[GEOMETRY_COLUMN] = pa.array([], pa.binary())
            table = pa.table(arrays)
            pq.write_table(table.replace_schema_metadata(geoparquet_metadata()), self.path)


def _run_csv(
    in_path: Path, output: _ReplacingFile, *, chunk_rows: int, prefix: str
) -> BatchSummary:
    source = _CsvInput(in_path)
    try:
        header = source.header
        missing = sorted({"lat", "lon"} - set(header))
        if missing:
            raise BatchInputError(f"{in_path}: missing column(s) {missing}; expected lat, lon")
        repeated = sorted(name for name in ("lat", "lon") if header.count(name) > 1)
        if repeated:
            raise BatchInputError(f"{in_path}: column(s) {repeated} appear more than once")
        refuse_collisions(header=header, prefix=prefix, source=in_path)
        as_parquet = is_parquet(output.target)
        sink = _Sink(output.path, header=header, prefix=prefix, as_parquet=as_parquet)
        summary = BatchSummary()
        lat_at, lon_at, width = header.index("lat"), header.index("lon"), len(header)
        try:
            for records in source.chunks(chunk_rows):
                lat, lon, errors = _csv_positions(
                    records, n_columns=width, lat_at=lat_at, lon_at=lon_at
                )
                checked = _check_chunk(lat, lon, errors, summary)
                rows = (cells[:width] + [""] * (width - len(cells)) for _, cells in records)
                if as_parquet:
                    sink.write_table(
                        _csv_columns(header, list(rows)), checked, _point_wkb(lat, lon, errors)
                    )
                else:
                    sink.write_rows(rows, checked)
        finally:
            sink.close()
    finally:
        source.close()
    return summary


def _csv_columns(header: list[str], rows: list[list[str]]) -> dict[str, Any]:
    import pyarrow as pa

    if len(set(header)) != len(header):
        raise BatchInputError("GeoParquet output needs unique column names; the input repeats some")
    return {
        name: pa.array([row[k] for row in rows], type=pa.string()) for k, name in enumerate(header)
    }


def _run_parquet(
    in_path: Path, output: _ReplacingFile, *, chunk_rows: int, prefix: str
) -> BatchSummary:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(in_path)
    except (OSError, pa.ArrowException) as error:
        raise BatchInputError(f"{in_path}: not readable as GeoParquet ({error})") from error
    header = list(source.schema_arrow.names)
    columns = _parquet_lat_lon_columns(header, in_path)
    refuse_collisions(header=header, prefix=prefix, source=in_path)
    as_parquet = is_parquet(output.target)
    keep_geometry = columns is None
    sink = _Sink(output.path, header=header, prefix=prefix, as_parquet=as_parquet)
    summary = BatchSummary()
    first_row = 1
    try:
        for batch in _batches(source, chunk_rows, in_path):
            lat, lon, errors = _parquet_positions(batch, first_row=first_row, columns=columns)
            checked = _check_chunk(lat, lon, errors, summary)
            if as_parquet:
                values = {name: batch.column(name) for name in header}
                geometry = None if keep_geometry else _point_wkb(lat, lon, errors)
                sink.write_table(values, checked, geometry)
            else:
                sink.write_rows(_text_rows(batch, header), checked)
            first_row += batch.num_rows
    finally:
        sink.close()
    return summary


def _batches(source: Any, chunk_rows: int, in_path: Path) -> Iterator[Any]:
    import pyarrow as pa

    iterator = source.iter_batches(batch_size=chunk_rows)
    while True:
        try:
            batch = next(iterator, None)
        except (OSError, pa.ArrowException) as error:
            raise BatchInputError(f"{in_path}: not readable as GeoParquet ({error})") from error
        if batch is None:
            return
        yield batch


def _text_rows(batch: Any, header: list[str]) -> Iterator[list[str]]:
    columns: list[list[str]] = []
    for name in header:
        values = batch.column(name).to_pylist()
        columns.append(["" if v is None else _as_text(v) for v in values])
    for i in range(batch.num_rows):
        yield [column[i] for column in columns]


def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def report(summary: BatchSummary, *, out_path: Path, printer: Callable[[str], None]) -> None:
    """Print the first row errors and the summary line."""
    for message in summary.first_errors:
        printer(message)
    hidden = summary.rows_with_errors - len(summary.first_errors)
    if hidden > 0:
        printer(f"... and {hidden} more row error(s), listed in the output's error column")
    printer(
        f"{summary.rows_read} rows read, {summary.rows_checked} checked, "
        f"{summary.rows_with_errors} with errors (kept in {out_path} with an error column)"
    )


def exit_status(summary: BatchSummary) -> int:
    """0 when every row was checked, 1 when some rows have errors."""
    return 1 if summary.rows_with_errors else 0


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def run_batch(
    *, in_path: Path, out_path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS, prefix: str = ""
) -> int:
    """Command-line body of ``geo.check --csv``: check, report on stderr, return the status."""
    summary = check_file(in_path=in_path, out_path=out_path, chunk_rows=chunk_rows, prefix=prefix)
    report(summary, out_path=out_path, printer=_stderr)
    return exit_status(summary)
