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

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from distributed import WorkerPlugin

from geo.batch import ADDED_FIELDS, BatchInputError, is_parquet, refuse_collisions

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client

DEFAULT_PARTITION_ROWS = 1_000_000
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

    from geo import check

    shapely.prepare(checker.index.geometries)  # preparation does not survive pickling
    check._SHIPPED_CHECKER[:] = [checker]
    check._checker.cache_clear()


def ship_indexes(client: Client) -> None:
    """Send the zone and baseline indexes to every worker of ``client`` (once per worker)."""
    from geo.check import _checker

    checker = _checker()
    _ = checker.baseline._samples  # build the k-d tree here, not on every worker
    client.register_plugin(_ShipIndexes(checker), name=_PLUGIN_NAME)


def _numbers(values: pd.Series) -> np.ndarray:
    import pandas as pd

    if values.dtype.kind in "fiu":
        return np.asarray(values, dtype=float)
    text = values.astype("string").str.strip()
    return np.asarray(pd.to_numeric(text, errors="coerce"), dtype=float)


def check_partition(
    frame: pd.DataFrame, *, lat_col: str = "lat", lon_col: str = "lon", prefix: str = ""
) -> pd.DataFrame:
    """Check one partition: its columns, then the added fields (with ``prefix``)."""
    import pandas as pd

    from geo.check import _classify

    lat = _numbers(frame[lat_col])
    lon = _numbers(frame[lon_col])
    valid = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    n = len(frame)
    zone = np.full(n, None, dtype=object)
    state = np.full(n, None, dtype=object)
    in_tw = np.full(n, None, dtype=object)
    disputed = np.full(n, None, dtype=object)
    distance = np.full(n, np.nan)
    index = np.flatnonzero(valid)
    if len(index):
        result = _classify(lat[index], lon[index], sampled_distances=True)
        zone[index] = result["zone"]
        state[index] = result["state"]
        in_tw[index] = result["in_territorial_waters"].tolist()
        disputed[index] = result["disputed"].tolist()
        distance[index] = np.round(result["distance_nm"], 4)
    error = np.full(n, None, dtype=object)
    for i in np.flatnonzero(~valid).tolist():
        error[i] = (
            f"lat/lon must be decimal degrees in range, got {frame[lat_col].iloc[i]!r}, "
            f"{frame[lon_col].iloc[i]!r}"
        )
    out = frame.copy()
    added = {
        "zone": pd.array(zone, dtype="string"),
        "state": pd.array(state, dtype="string"),
        "in_territorial_waters": pd.array(in_tw, dtype="boolean"),
        "disputed": pd.array(disputed, dtype="boolean"),
        "distance_nm": distance,
        "error": pd.array(error, dtype="string"),
    }
    for name in ADDED_FIELDS:
        out[prefix + name] = added[name]
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
    refuse_collisions(header=list(frame.columns), prefix=prefix, source=Path("dataframe"))
    if client is not None:
        ship_indexes(client)
    meta = check_partition(frame._meta, lat_col=lat_col, lon_col=lon_col, prefix=prefix)
    return frame.map_partitions(  # type: ignore[no-any-return, no-untyped-call]
        check_partition, lat_col=lat_col, lon_col=lon_col, prefix=prefix, meta=meta
    )


def _with_points(frame: pd.DataFrame, *, prefix: str) -> Any:
    import geopandas as gpd

    ok = frame[prefix + "error"].isna().to_numpy()
    lat = np.where(ok, _numbers(frame["lat"]), np.nan)
    lon = np.where(ok, _numbers(frame["lon"]), np.nan)
    points = gpd.points_from_xy(lon, lat)
    points[~ok] = None
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def read_frame(in_path: Path, *, partition_rows: int) -> dd.DataFrame:
    """A CSV (every cell as text, as written) or GeoParquet file as a dask DataFrame."""
    import dask.dataframe as dd

    if is_parquet(in_path):
        return dd.read_parquet(str(in_path))  # type: ignore[no-any-return]
    with in_path.open("rb") as handle:
        head = handle.read(1 << 16)
    bytes_per_row = max(1.0, len(head) / max(1, head.count(b"\n")))
    blocksize = max(1 << 10, int(bytes_per_row * partition_rows))
    return dd.read_csv(  # type: ignore[no-any-return]
        str(in_path), dtype=str, keep_default_na=False, na_filter=False, blocksize=blocksize
    )


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
        write = geo_frame.to_parquet(str(staging), compute=False, write_index=False)
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
