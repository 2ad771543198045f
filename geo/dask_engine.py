"""The point check on Dask: partitions checked in parallel, written as partitioned GeoParquet.

The zone index and the baseline index are built once on the client and shipped once to every
worker by a :class:`distributed.WorkerPlugin` (also to workers that join later), so workers
need neither the data files nor the time to build the k-d tree. Each partition is then checked
by the same vectorised code as :func:`geo.check.check_points`, always on the sampled distance
path, so the answers equal the streaming path's (:mod:`geo.batch`) row for row.

Command line: ``python -m geo.check --csv IN --out OUT_DIR --engine dask [--scheduler ADDRESS]``
(a local cluster, one worker process per core, when no scheduler is given).
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from distributed import WorkerPlugin

from geo.batch import (
    BatchInputError,
    added_kinds,
    is_parquet,
    read_csv_header,
    refuse_collisions,
)
from geo.check import ADDED_COLUMNS

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client

DEFAULT_PARTITION_ROWS = 1_000_000
#: Internal columns added at read time and dropped from the output: the line each CSV record
#: starts on, the row number (from 1) of a GeoParquet row, and a CSV record's read error.
LINE_COLUMN = "__geo_line__"
ROW_COLUMN = "__geo_row__"
READ_ERROR_COLUMN = "__geo_read_error__"
_INTERNAL_COLUMNS = (LINE_COLUMN, ROW_COLUMN, READ_ERROR_COLUMN)
_PLUGIN_NAME = "geo-check-indexes"


class _ShipIndexes(WorkerPlugin):  # type: ignore[misc]
    """Worker plugin carrying the built indexes; installed once on every worker."""

    name = _PLUGIN_NAME
    idempotent = True

    def __init__(self, checker: Any) -> None:
        self.checker = checker

    def setup(self, worker: Any) -> None:
        """Install the shipped checker in ``geo.check`` on the worker."""
        del worker
        install_checker(self.checker)

    def teardown(self, worker: Any) -> None:
        """Nothing to release."""
        del worker


def install_checker(checker: Any) -> None:
    """Make ``geo.check`` answer with ``checker`` in this process."""
    import shapely

    from geo import baseline_distance, check

    # One single-threaded worker per core: a multi-threaded k-d tree query would take the
    # other workers' cores.
    baseline_distance.QUERY_THREADS[0] = 1
    shapely.prepare(checker.index.geometries)  # preparation does not survive pickling
    check._SHIPPED_CHECKER[:] = [checker]
    check._checker.cache_clear()


def ship_indexes(client: Client) -> None:
    """Send the zone and baseline indexes to every worker of ``client`` (once per worker)."""
    from geo.check import _checker

    checker = _checker()
    _ = checker.baseline._samples  # build the k-d tree here, not on every worker
    client.register_plugin(_ShipIndexes(checker), name=_PLUGIN_NAME)


def _floats_where(values: pd.Series, ok: np.ndarray) -> np.ndarray:
    """``values`` as floats where ``ok`` (rows the check read, by the same ``float``), else NaN."""
    out = np.full(len(values), np.nan)
    index = np.flatnonzero(ok)
    if values.dtype.kind in "fiu":
        out[index] = values.to_numpy(dtype=float, na_value=np.nan)[index]
    else:
        out[index] = np.fromiter(
            map(float, values.to_numpy(dtype=object)[index]), float, len(index)
        )
    return out


def _where(frame: pd.DataFrame, i: int) -> str:
    """Where row ``i`` of a partition is in its file: ``line N`` (CSV) or ``row N``."""
    if LINE_COLUMN in frame.columns:
        return f"line {int(frame[LINE_COLUMN].iat[i])}"
    if ROW_COLUMN in frame.columns:
        return f"row {int(frame[ROW_COLUMN].iat[i])}"
    return f"index {frame.index[i]!r}"


def _positions(
    frame: pd.DataFrame, lat_col: str, lon_col: str
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Latitudes, longitudes and per-row errors, by the rules of the streaming path."""
    from geo.batch import _as_floats, _position_error

    n = len(frame)
    lat_values, lon_values = frame[lat_col], frame[lon_col]
    lat: np.ndarray | None
    lon: np.ndarray | None
    if lat_values.dtype.kind in "fiu" and lon_values.dtype.kind in "fiu":
        lat = np.array(lat_values.to_numpy(dtype=float, na_value=np.nan))  # a writable copy
        lon = np.array(lon_values.to_numpy(dtype=float, na_value=np.nan))
    else:
        lat = _as_floats(lat_values.astype(object).tolist())
        lon = _as_floats(lon_values.astype(object).tolist())
    errors = [""] * n
    if lat is None or lon is None:
        lat, lon = np.full(n, np.nan), np.full(n, np.nan)
        bad = np.ones(n, dtype=bool)
    else:
        bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    read_errors = frame[READ_ERROR_COLUMN] if READ_ERROR_COLUMN in frame.columns else None
    if read_errors is not None:
        bad |= (read_errors != "").to_numpy()
    for i in np.flatnonzero(bad).tolist():
        if read_errors is not None and read_errors.iat[i]:
            lat[i] = lon[i] = np.nan
            errors[i] = str(read_errors.iat[i])
            continue
        a, b = lat_values.iat[i], lon_values.iat[i]
        lat[i], lon[i], errors[i] = _position_error(
            _where(frame, i), np.nan if a is None else a, np.nan if b is None else b
        )
    return lat, lon, errors


def check_partition(
    frame: pd.DataFrame, *, lat_col: str = "lat", lon_col: str = "lon", prefix: str = ""
) -> pd.DataFrame:
    """Check one partition: its columns, then the added fields (with ``prefix``).

    Rows that are not valid positions keep their cells and get an ``error`` that names their
    line (CSV read by :func:`read_frame`), row (GeoParquet read by :func:`read_frame`) or
    index (any other frame), with the streaming path's wording.
    """
    import pandas as pd

    from geo.batch import _decimals
    from geo.check import _classify

    lat, lon, errors = _positions(frame, lat_col, lon_col)
    n = len(frame)
    index = np.flatnonzero(np.array([not message for message in errors], dtype=bool))
    result = _classify(lat[index], lon[index], sampled_distances=True) if len(index) else None
    kinds = added_kinds()
    out = frame.drop(columns=[c for c in _INTERNAL_COLUMNS if c in frame.columns])
    for name in ADDED_COLUMNS:
        if kinds[name] == "f":
            values = np.full(n, np.nan)
            if result is not None:
                values[index] = np.round(np.asarray(result[name], dtype=float), _decimals(name))
            out[prefix + name] = values
            continue
        column = np.full(n, None, dtype=object)
        if result is not None:
            column[index] = np.asarray(result[name], dtype=object)
        out[prefix + name] = pd.array(column, dtype="boolean" if kinds[name] == "b" else "string")
    out[prefix + "error"] = pd.array([m or None for m in errors], dtype="string")
    return out


def check_dask_frame(
    frame: dd.DataFrame,
    *,
    lat_col: str = "lat",
    lon_col: str = "lon",
    prefix: str = "",
    client: Client | None = None,
) -> dd.DataFrame:
    """The point check as a lazy function on a ``dask.dataframe``.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        Positions in decimal degrees in ``lat_col`` and ``lon_col`` (numbers or text).
    lat_col, lon_col : str
        Column names.
    prefix : str
        Prefix of every added column.
    client : distributed.Client | None
        When given, the indexes are shipped to its workers first.

    Returns
    -------
    dask.dataframe.DataFrame
        Every column of ``frame`` followed by zone, state, in_territorial_waters, disputed,
        distance_nm and error (each under ``prefix``); rows that are not valid positions keep
        their cells and get an error.

    """
    columns = [c for c in frame.columns if c not in _INTERNAL_COLUMNS]
    refuse_collisions(header=columns, prefix=prefix, source=Path("dataframe"))
    if client is not None:
        ship_indexes(client)
    meta = check_partition(frame._meta, lat_col=lat_col, lon_col=lon_col, prefix=prefix)
    return frame.map_partitions(  # type: ignore[no-any-return, no-untyped-call]
        check_partition, lat_col=lat_col, lon_col=lon_col, prefix=prefix, meta=meta
    )


def _with_points(frame: pd.DataFrame, *, prefix: str) -> Any:
    import geopandas as gpd

    ok = frame[prefix + "error"].isna().to_numpy()
    lat = _floats_where(frame["lat"], ok)
    lon = _floats_where(frame["lon"], ok)
    points = gpd.points_from_xy(lon, lat)
    points[~ok] = None
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def read_frame(in_path: Path, *, partition_rows: int) -> dd.DataFrame:
    """A CSV (every cell as text, as written) or GeoParquet file as a dask DataFrame.

    Each row carries where it is in the file, in an internal column that the check turns
    into the ``line N`` / ``row N`` of its error and drops from the output: a CSV is cut into
    byte ranges at line ends, each parsed by Python's ``csv`` module from the line it starts
    on (the line numbers of the ranges before it are counted by parallel tasks first); a
    GeoParquet file is read by row groups, each numbered from its first row.
    """
    if is_parquet(in_path):
        return _read_parquet_frame(in_path, partition_rows=partition_rows)
    return _read_csv_frame(in_path, partition_rows=partition_rows)


def _read_parquet_frame(in_path: Path, *, partition_rows: int) -> dd.DataFrame:
    import dask
    import dask.dataframe as dd
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(in_path)
    except (OSError, pa.ArrowException) as error:
        raise BatchInputError(f"{in_path}: not readable as GeoParquet ({error})") from error
    meta = _with_row_numbers(source.schema_arrow.empty_table(), first_row=1)
    # Consecutive row groups up to about partition_rows each (a larger group stays whole).
    pieces: list[tuple[list[int], int]] = []
    first = 1
    for group in range(source.metadata.num_row_groups):
        rows = source.metadata.row_group(group).num_rows
        if pieces and sum(
            source.metadata.row_group(g).num_rows for g in pieces[-1][0]
        ) + rows <= max(partition_rows, 1):
            pieces[-1][0].append(group)
        else:
            pieces.append(([group], first))
        first += rows
    if not pieces:
        return dd.from_pandas(meta, npartitions=1)  # type: ignore[no-any-return, no-untyped-call]
    parts = [
        dask.delayed(_read_row_groups)(str(in_path), groups, start)  # type: ignore[attr-defined]
        for groups, start in pieces
    ]
    return dd.from_delayed(parts, meta=meta)  # type: ignore[no-any-return, no-untyped-call]


def _with_row_numbers(table: Any, *, first_row: int) -> pd.DataFrame:
    frame = table.to_pandas()
    frame[ROW_COLUMN] = np.arange(first_row, first_row + len(frame), dtype=np.int64)
    return frame  # type: ignore[no-any-return]


def _read_row_groups(path: str, groups: list[int], first_row: int) -> pd.DataFrame:
    import pyarrow.parquet as pq

    return _with_row_numbers(pq.ParquetFile(path).read_row_groups(groups), first_row=first_row)


def _csv_ranges(in_path: Path, *, partition_rows: int) -> tuple[list[str], list[int]]:
    """The header and the byte offsets cutting the records after it into ranges at line ends."""
    import csv
    import io

    header = read_csv_header(in_path)
    size = in_path.stat().st_size
    with in_path.open("rb") as handle:
        head = handle.read(1 << 16)
        # Bytes of the header record: as many line ends as the csv module read for it.
        reader = csv.reader(io.StringIO(head.decode("utf-8-sig", errors="replace"), newline=""))
        next(reader, None)
        start = 0
        for _ in range(reader.line_num):
            end = head.find(b"\n", start)
            start = size if end < 0 else end + 1
        bytes_per_row = max(1.0, len(head) / max(1, head.count(b"\n")))
        step = max(1 << 10, int(bytes_per_row * partition_rows))
        bounds = [min(start, size)]
        while bounds[-1] + step < size:
            handle.seek(bounds[-1] + step)
            rest = handle.readline()  # up to the next line end
            bounds.append(min(size, bounds[-1] + step + len(rest)))
        if bounds[-1] < size:
            bounds.append(size)
    return header, bounds


def _count_lines(path: str, start: int, end: int) -> int:
    with open(path, "rb") as handle:
        handle.seek(start)
        count, left = 0, end - start
        while left > 0:
            block = handle.read(min(left, 1 << 24))
            if not block:
                break
            count += block.count(b"\n")
            left -= len(block)
    return count


def _first_lines(header_lines: int, counts: list[int]) -> list[int]:
    return [header_lines + 1 + int(c) for c in np.concatenate([[0], np.cumsum(counts)])]


def _read_csv_range(
    path: str, start: int, end: int, header: list[str], first_lines: list[int], k: int
) -> pd.DataFrame:
    """Records of one byte range with their lines, by the rules of the streaming reader."""
    import csv
    import io

    import pandas as pd

    from geo.batch import _unclosed_quote_line, csv_columns

    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    first_line = first_lines[k]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BatchInputError(
            f"{path}: not UTF-8 text (bad byte at offset {start + error.start}); "
            "save it as UTF-8 CSV"
        ) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[int] = []
    rows: list[list[str]] = []
    line = first_line
    try:
        for cells in reader:
            if cells:
                lines.append(line)
                rows.append(cells)
            line = first_line + reader.line_num
    except csv.Error as error:
        raise BatchInputError(f"{path}: line {line}: not readable as CSV ({error})") from error
    if lines and first_line + reader.line_num - 1 > lines[-1]:
        opened = _unclosed_quote_line(
            text[_offset_of_line(text, lines[-1] - first_line) :], lines[-1]
        )
        if opened is not None:
            raise BatchInputError(
                f"{path}: line {opened}: a quoted cell opened on this line is never closed "
                "(with --engine dask a quoted cell may not hold a line end across the file's "
                "partitions); close the quote"
            )
    width = len(header)
    frame = pd.DataFrame(dict(zip(header, csv_columns(rows, width), strict=True)), dtype=object)
    if not header:
        frame = pd.DataFrame(index=range(len(rows)))
    frame[LINE_COLUMN] = np.array(lines, dtype=np.int64)
    frame[READ_ERROR_COLUMN] = [
        ""
        if len(cells) <= width
        else (
            f"line {lines[i]}: {len(cells)} cells but {width} columns in the header "
            "(the extra cells are not copied)"
        )
        for i, cells in enumerate(rows)
    ]
    return frame.astype({name: "string" for name in [*header, READ_ERROR_COLUMN]})


def _offset_of_line(text: str, lines_in: int) -> int:
    """Character offset of the start of the line ``lines_in`` lines after the text's start."""
    offset = 0
    for _ in range(lines_in):
        offset = text.index("\n", offset) + 1
    return offset


def _read_csv_frame(in_path: Path, *, partition_rows: int) -> dd.DataFrame:
    import dask
    import dask.dataframe as dd
    import pandas as pd

    header, bounds = _csv_ranges(in_path, partition_rows=partition_rows)
    if len(set(header)) != len(header):
        raise BatchInputError(f"{in_path}: column names repeat; --engine dask needs unique ones")
    meta = pd.DataFrame({name: pd.Series([], dtype="string") for name in header})
    meta[LINE_COLUMN] = pd.Series([], dtype=np.int64)
    meta[READ_ERROR_COLUMN] = pd.Series([], dtype="string")
    ranges = list(itertools.pairwise(bounds))
    if not ranges:
        return dd.from_pandas(meta, npartitions=1)  # type: ignore[no-any-return, no-untyped-call]
    path = str(in_path)
    header_lines = _count_lines(path, 0, bounds[0])
    counts = [dask.delayed(_count_lines)(path, a, b) for a, b in ranges]  # type: ignore[attr-defined]
    first_lines = dask.delayed(_first_lines)(header_lines, counts)  # type: ignore[attr-defined]
    parts = [
        dask.delayed(_read_csv_range)(path, a, b, header, first_lines, k)  # type: ignore[attr-defined]
        for k, (a, b) in enumerate(ranges)
    ]
    return dd.from_delayed(parts, meta=meta)  # type: ignore[no-any-return, no-untyped-call]


def local_client(*, workers: int | None = None, processes: bool = True) -> Client:
    """A local cluster: one single-threaded worker per core (the check is CPU-bound)."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=":0",  # any free port: other clusters may run on this machine
    )
    return Client(cluster)  # type: ignore[no-untyped-call]


def part_name(number: int) -> str:
    """File name of output partition ``number``: zero-padded, so that name order is row order."""
    return f"part.{number:06d}.parquet"


def write_geoparquet(frame: dd.DataFrame, out_dir: Path, *, prefix: str) -> tuple[int, int]:
    """Write ``frame`` (checked) as partitioned GeoParquet; rows written and rows with errors."""
    import dask
    import dask_geopandas

    geo_frame = frame.map_partitions(  # type: ignore[no-untyped-call]
        _with_points, prefix=prefix, meta=_with_points(frame._meta, prefix=prefix)
    )
    geo_frame = dask_geopandas.from_dask_dataframe(geo_frame)
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}."))
    try:
        write = geo_frame.to_parquet(
            str(staging), compute=False, write_index=False, name_function=part_name
        )
        rows, errors = frame.shape[0], frame[prefix + "error"].count()
        _, rows_n, errors_n = dask.compute(write, rows, errors)  # type: ignore[attr-defined, no-untyped-call]
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return int(rows_n), int(errors_n)


def run_dask(
    *,
    in_path: Path,
    out_dir: Path,
    scheduler: str | None,
    partition_rows: int = DEFAULT_PARTITION_ROWS,
    prefix: str = "",
) -> int:
    """Command-line body of ``geo.check --csv IN --out DIR --engine dask``."""
    if out_dir.resolve() == in_path.resolve():
        raise BatchInputError(f"{out_dir}: the output folder cannot be the input")
    if out_dir.exists() and not out_dir.is_dir():
        raise BatchInputError(f"{out_dir}: --engine dask writes a folder of GeoParquet parts")
    if out_dir.is_dir():
        # Only a folder of GeoParquet parts (an earlier output) is replaced, never other files.
        foreign = [p.name for p in out_dir.iterdir() if p.suffix != ".parquet"]
        if foreign:
            raise BatchInputError(
                f"{out_dir}: holds files other than GeoParquet parts ({sorted(foreign)[:3]}); "
                "give a new or empty folder"
            )
    frame = read_frame(in_path, partition_rows=partition_rows)
    missing = sorted({"lat", "lon"} - set(frame.columns))
    if missing:
        raise BatchInputError(f"{in_path}: missing column(s) {missing}; expected lat, lon")
    refuse_collisions(header=list(frame.columns), prefix=prefix, source=in_path)
    if scheduler:
        from distributed import Client

        try:
            client = Client(scheduler, timeout=30)  # type: ignore[no-untyped-call]
        except OSError as error:
            raise BatchInputError(f"--scheduler {scheduler}: cannot connect ({error})") from error
    else:
        client = local_client()
    try:
        checked = check_dask_frame(frame, prefix=prefix, client=client)
        rows, errors = write_geoparquet(checked, out_dir, prefix=prefix)
    finally:
        cluster = client.cluster
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None and not scheduler:
            cluster.close()
    print(
        f"{rows} rows read, {rows - errors} checked, {errors} with errors "
        f"(kept in {out_dir} with an error column)",
        file=sys.stderr,
    )
    return 1 if errors else 0
