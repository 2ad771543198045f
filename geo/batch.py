"""Streaming point check of CSV and GeoParquet files: bounded memory, every row kept in order.

The input is read in chunks of ``chunk_rows`` rows (Python's ``csv`` module for CSV, so that
every record keeps the line it starts on; ``pyarrow.parquet`` batches for GeoParquet), each
chunk is checked with the vectorised path of :mod:`geo.check`, and written at once, so memory
depends on the chunk size, not on the file. Per row, only C loops run on the common path (cells
to floats, the formula guard as two ``pyarrow`` regular expressions over a column, rows written
with ``csv.writer.writerows``); Python code runs per row only for rows with errors and cells
the guard must look at. The output goes to a temporary file in the output's
folder that replaces the output only when every row is written: ``--out IN`` never destroys
``IN``, even when reading or writing fails half-way.

Rules, the same for both formats:

- every input row and column is written, in order, with the added fields
  (:data:`geo.check.ADDED_COLUMNS`, then ``error``), each under an optional
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
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from geo.check import ADDED_COLUMNS
from geo.coords import CoordinateError, validate_lat_lon

#: Fields added to every row, in this order (after the input's own columns): one definition,
#: :data:`geo.check.ADDED_COLUMNS`, so a field added to the point check reaches every output.
ADDED_FIELDS = (*ADDED_COLUMNS, "error")
#: Decimals of the added float fields in the output (distances to 0.2 m; other floats, such as
#: positions, to about 1 cm).
FLOAT_DECIMALS = {"distance_nm": 4}
DEFAULT_FLOAT_DECIMALS = 7
DEFAULT_CHUNK_ROWS = 100_000
#: Error lines printed to stderr; the rest are only in the output's error column.
MAX_PRINTED_ERRORS = 100
PARQUET_SUFFIXES = (".parquet", ".geoparquet")
GEOMETRY_COLUMN = "geometry"
#: Characters that can make a spreadsheet read a cell as a formula, plus the guard quote itself
#: (see common.csv_cells): cells starting with any other character are written unchanged.
_GUARD_CANDIDATES = frozenset("=+-@\t\r'")
#: The same characters as a pattern (for a whole column at once), and text that certainly reads
#: as a finite float with no white space (at most 20 digits each side, a 2-digit exponent:
#: never more than 1e119), which the guard leaves as it is: only the other suspects are
#: passed to ``guard_untyped_cell`` one by one.
_SUSPECT_PATTERN = "^[=+\\-@\t\r']"
_PLAIN_NUMBER_PATTERN = (
    "^[+-]?(?:[0-9]{1,20}(?:[.][0-9]{0,20})?|[.][0-9]{1,20})(?:[eE][+-]?[0-9]{1,2})?$"
)

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
    """Added fields for the rows of one chunk (``None`` in every field of a row with an error)."""

    values: dict[str, npt.NDArray[np.object_]]
    error: list[str]


@lru_cache(maxsize=1)
def added_kinds() -> dict[str, str]:
    """NumPy kind (``b``, ``f``, else text) of each added field, from one checked point.

    Asked of the point check itself so that a field added to
    :data:`geo.check.ADDED_COLUMNS` is typed in every output without another edit.
    """
    from geo.check import _classify

    probe = _classify(np.array([10.7]), np.array([-66.9]), sampled_distances=True)
    return {name: np.asarray(probe[name]).dtype.kind for name in ADDED_COLUMNS}


def _check_chunk(
    lat: FloatArray, lon: FloatArray, errors: list[str], summary: BatchSummary
) -> _Checked:
    """Check the rows of a chunk whose ``errors`` entry is empty."""
    n = len(lat)
    failed = [i for i, message in enumerate(errors) if message]
    values: dict[str, npt.NDArray[np.object_]] = {}
    if len(failed) < n:
        from geo.check import _classify  # geo.check imports this module for its CLI

        index = np.setdiff1d(np.arange(n), np.array(failed, dtype=np.int64), assume_unique=True)
        whole = len(failed) == 0
        result = _classify(
            lat if whole else lat[index], lon if whole else lon[index], sampled_distances=True
        )
        for name in ADDED_COLUMNS:
            column = np.full(n, None, dtype=object)
            column[index] = np.asarray(result[name], dtype=object)
            values[name] = column
    else:
        values = {name: np.full(n, None, dtype=object) for name in ADDED_COLUMNS}
    summary.rows_read += n
    summary.rows_checked += n - len(failed)
    for i in failed:
        summary.add_error(errors[i])
    return _Checked(values, errors)


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

    def chunks(self, chunk_rows: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        """Up to ``chunk_rows`` records and the line each starts on; empty records are skipped."""
        lines: list[int] = []
        rows: list[list[str]] = []
        reader = self._reader
        start = self._next_line
        last_start = 0  # line of the last non-empty record, 0 before the first
        try:
            for cells in reader:
                if cells:
                    lines.append(start)
                    rows.append(cells)
                    last_start = start
                    if len(rows) >= chunk_rows:
                        yield lines, rows
                        lines, rows = [], []
                start = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError, OSError) as error:
            self._fail(error, start)
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
        if rows:
            yield lines, rows


def csv_columns(rows: list[list[str]], width: int) -> list[Sequence[str]]:
    """The cells of ``rows`` column by column, each row cut or padded to ``width`` cells."""
    if set(map(len, rows)) - {width}:
        rows = [
            cells[:width] if len(cells) >= width else cells + [""] * (width - len(cells))
            for cells in rows
        ]
    if not rows:
        return [[] for _ in range(width)]
    return list(zip(*rows, strict=True))


def _as_floats(texts: Sequence[str]) -> FloatArray | None:
    """Every text as a float (Python's own parsing, in a C loop); None if one is not a number."""
    try:
        return np.fromiter(map(float, texts), dtype=np.float64, count=len(texts))
    except (ValueError, TypeError):
        return None


def _csv_positions(
    lines: list[int],
    rows: list[list[str]],
    columns: list[Sequence[str]],
    *,
    n_columns: int,
    lat_at: int,
    lon_at: int,
) -> tuple[FloatArray, FloatArray, list[str]]:
    n = len(rows)
    errors = [""] * n
    lat_text, lon_text = columns[lat_at], columns[lon_at]
    lat, lon = _as_floats(lat_text), _as_floats(lon_text)
    if lat is None or lon is None:
        lat, lon = np.full(n, np.nan), np.full(n, np.nan)
        bad = np.ones(n, dtype=bool)
    else:
        bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    # Rows needing a message are the only ones handled one by one.
    for i in np.flatnonzero(bad).tolist():
        lat[i], lon[i], errors[i] = _position_error(f"line {lines[i]}", lat_text[i], lon_text[i])
    for i, cells in enumerate(rows if rows and max(map(len, rows)) > n_columns else []):
        if len(cells) > n_columns:
            errors[i] = (
                f"line {lines[i]}: {len(cells)} cells but {n_columns} columns in the header "
                "(the extra cells are not copied)"
            )
            lat[i] = lon[i] = np.nan
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


def guard_column(column: Sequence[str]) -> Sequence[str]:
    """The cells of a column through the formula guard (``common.csv_cells``).

    Two regular expressions over the whole column (in ``pyarrow``) find the cells that start
    with a guard character and are not plain numbers; only those go through
    ``guard_untyped_cell``, which alone decides: the result is that of guarding every cell.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from common.csv_cells import guard_untyped_cell

    cells = pa.array(column, type=pa.large_string())
    suspect = pc.match_substring_regex(cells, _SUSPECT_PATTERN)
    if not pc.any(suspect).as_py():
        return column
    plain = pc.match_substring_regex(cells, _PLAIN_NUMBER_PATTERN)
    todo = pc.and_(suspect, pc.invert(plain))
    index = np.flatnonzero(todo.to_numpy(zero_copy_only=False)).tolist()
    if not index:
        return column
    guarded = list(column)
    for i in index:
        guarded[i] = guard_untyped_cell(guarded[i])
    return guarded


_FLAG_TEXT = {True: "True", False: "False", None: ""}


def _decimals(name: str) -> int:
    return FLOAT_DECIMALS.get(name, DEFAULT_FLOAT_DECIMALS)


def _added_texts(checked: _Checked) -> list[list[str]]:
    """The added fields of every row of a chunk, as CSV text, column by column."""
    kinds = added_kinds()
    out: list[list[str]] = []
    for name in ADDED_COLUMNS:
        values = checked.values[name].tolist()
        if kinds[name] == "b":
            out.append([_FLAG_TEXT[v] for v in values])
        elif kinds[name] == "f":
            spec = f".{_decimals(name)}f"
            out.append(["" if v is None else format(v, spec) for v in values])
        else:
            out.append(["" if v is None else str(v) for v in values])
    out.append(checked.error)
    return out


def _arrow_added(checked: _Checked, prefix: str) -> dict[str, Any]:
    import pyarrow as pa

    kinds = added_kinds()
    arrays: dict[str, Any] = {}
    for name in ADDED_COLUMNS:
        values = checked.values[name].tolist()
        if kinds[name] == "b":
            arrays[prefix + name] = pa.array(values, pa.bool_())
        elif kinds[name] == "f":
            places = _decimals(name)
            rounded = [None if v is None else round(v, places) for v in values]
            arrays[prefix + name] = pa.array(rounded, pa.float64())
        else:
            arrays[prefix + name] = pa.array(
                [None if v is None else (str(v) or None) for v in values], pa.string()
            )
    arrays[prefix + "error"] = pa.array([m or None for m in checked.error], pa.string())
    return arrays


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

    def write_columns(self, columns: list[Sequence[str]], checked: _Checked) -> None:
        """CSV: write each row's cells (formula-guarded) followed by its added fields."""
        guarded = [guard_column(column) for column in columns]
        self._writer.writerows(zip(*guarded, *_added_texts(checked), strict=True))

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

            empty = _Checked({name: np.empty(0, dtype=object) for name in ADDED_COLUMNS}, [])
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
            for lines, rows in source.chunks(chunk_rows):
                columns = csv_columns(rows, width)
                lat, lon, errors = _csv_positions(
                    lines, rows, columns, n_columns=width, lat_at=lat_at, lon_at=lon_at
                )
                checked = _check_chunk(lat, lon, errors, summary)
                if as_parquet:
                    sink.write_table(
                        _csv_arrow_columns(header, columns), checked, _point_wkb(lat, lon, errors)
                    )
                else:
                    sink.write_columns(columns, checked)
        finally:
            sink.close()
    finally:
        source.close()
    return summary


def _csv_arrow_columns(header: list[str], columns: list[Sequence[str]]) -> dict[str, Any]:
    import pyarrow as pa

    if len(set(header)) != len(header):
        raise BatchInputError("GeoParquet output needs unique column names; the input repeats some")
    return {name: pa.array(columns[k], type=pa.string()) for k, name in enumerate(header)}


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
                sink.write_columns(_text_columns(batch, header), checked)
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


def _text_columns(batch: Any, header: list[str]) -> list[Sequence[str]]:
    return [
        ["" if v is None else _as_text(v) for v in batch.column(name).to_pylist()]
        for name in header
    ]


def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def read_csv_header(path: Path) -> list[str]:
    """The header of a CSV file (its first record), reading nothing more."""
    source = _CsvInput(path)
    source.close()
    return source.header


def check_positions_file(
    *, in_path: Path, out_path: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS
) -> BatchSummary:
    """Check a CSV file with a ``position`` column (coordinates or a reported sentence) in chunks.

    Every row and column is written in order, followed by the fields of
    ``geo.area_check.POSITION_CSV_FIELDS`` not already in the header (a header column of that
    name takes the field's value); every cell goes through the formula guard. A sentence is
    parsed and checked row by row (``check_position_text``), so only the chunk is in memory.

    Raises
    ------
    BatchInputError
        If the file cannot be read as a whole, repeats ``position`` or cannot be written.

    """
    from common.csv_cells import guard_untyped_cell
    from geo.area_check import POSITION_CSV_FIELDS, check_position_text

    if chunk_rows < 1:
        raise BatchInputError(f"chunk size {chunk_rows}: expected at least 1 row")
    output = _ReplacingFile(out_path)
    source: _CsvInput | None = None
    try:
        source = _CsvInput(in_path)
        header = source.header
        if header.count("position") > 1:
            raise BatchInputError(f"{in_path}: column 'position' appears more than once")
        at, width = header.index("position"), len(header)
        out_header = header + [name for name in POSITION_CSV_FIELDS if name not in header]
        slot = {name: out_header.index(name) for name in POSITION_CSV_FIELDS}
        summary = BatchSummary()
        with output.path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([guard_untyped_cell(name) for name in out_header])
            for lines, rows in source.chunks(chunk_rows):
                out_rows = []
                for line, cells in zip(lines, rows, strict=True):
                    out = cells[:width] + [""] * (len(out_header) - min(len(cells), width))
                    added = check_position_text(cells[at] if at < len(cells) else "")
                    if len(cells) > width:
                        added = dict.fromkeys(POSITION_CSV_FIELDS, "")
                        added["error"] = f"{len(cells)} cells but {width} columns in the header"
                    if added["error"]:
                        added["error"] = f"line {line}: {added['error']}"
                        summary.add_error(added["error"])
                    for name, value in added.items():
                        out[slot[name]] = value
                    out_rows.append([guard_untyped_cell(cell) for cell in out])
                writer.writerows(out_rows)
                summary.rows_read += len(rows)
        summary.rows_checked = summary.rows_read - summary.rows_with_errors
        output.commit()
    except OSError as error:
        output.discard()
        raise BatchInputError(f"{out_path}: cannot be written ({error.strerror})") from error
    except BaseException:
        output.discard()
        raise
    finally:
        if source is not None:
            source.close()
    return summary


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
    """Command-line body of ``geo.check --csv``: check, report on stderr, return the status.

    A CSV file with a ``position`` column and neither ``lat`` nor ``lon`` is checked by
    :func:`check_positions_file`; any other file by :func:`check_file`.
    """
    header = [] if is_parquet(in_path) else read_csv_header(in_path)
    if "position" in header and not {"lat", "lon"} & set(header):
        summary = check_positions_file(in_path=in_path, out_path=out_path, chunk_rows=chunk_rows)
    else:
        summary = check_file(
            in_path=in_path, out_path=out_path, chunk_rows=chunk_rows, prefix=prefix
        )
    report(summary, out_path=out_path, printer=_stderr)
    return exit_status(summary)
