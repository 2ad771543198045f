"""Vessel tracks: every entry into and exit from each zone and state, and the gaps.

Command line::

    python -m geo.track IN.csv [--vessel-col mmsi] [--max-gap-s 3600] [--json]
                               [--csv CROSSINGS.csv] [--geojson SEGMENTS.geojson]

``IN`` is CSV or GeoParquet (by extension) with columns ``time`` (ISO-8601; without an offset
it is read as UTC), ``lat`` and ``lon`` (decimal degrees) and optionally a vessel id column.

How a crossing is found: each leg between two fixes of a vessel follows the geodesic between
them, travelled at constant speed. The leg is sampled every ``SAMPLE_STEP_M`` metres along the
geodesic (``pyproj.Geod``) and each sample is classified by the point check of
:mod:`geo.check`; wherever the (zone, state) changes between two samples, the change is found
by bisection along the geodesic to within ``BISECTION_M`` metres, and its time is interpolated
by distance along the leg. A crossing is any change of (zone, state). A leg longer than the gap
limit in time is a *gap*: it is reported, never interpolated across, and its time counts
towards no zone (a change of zone across a gap is listed with ``in_gap: true`` at the first fix
after the gap). Time in territorial waters is the time, per state, in its internal waters or
territorial sea. An excursion into another zone shorter than one sample step can be missed.
Legs shorter than ``geo.lookup.PURE_CELL_RADIUS_M`` with either end in a grid cell no boundary
comes near are not sampled: they cannot leave that cell's zone; nor are legs that keep their
zone and pass nowhere near a zone boundary or the region's edge (``_Keys.near_boundary``). The
samples of all other legs are classified in one batch.

Memory: only compact arrays of valid fixes are kept; past one chunk of them they are spilled to
temporary Parquet files partitioned by a hash of the vessel id and analysed a partition at a
time (:func:`analyse_file`), with the same report.

Exit status: 0 every row read, 1 some rows had errors (reported by line), 2 bad usage or
unreadable input.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from geo.batch import BatchInputError, _CsvInput, _ReplacingFile, csv_columns, is_parquet
from geo.constants import TERRITORIAL_WATERS_ZONES, UNKNOWN_ZONE
from geo.coords import CoordinateError, validate_lat_lon
from geo.geodesy import GEOD

#: Spacing of the samples along each leg, and the bisection's final precision.
SAMPLE_STEP_M = 5.0
BISECTION_M = 0.5
#: A leg is never cut into more samples than this (very long legs get a wider spacing).
MAX_SAMPLES_PER_LEG = 20_000
DEFAULT_MAX_GAP_S = 3_600.0
DEFAULT_CHUNK_ROWS = 100_000
TIME_COLUMN = "time"
#: Zone boundaries are cut into pieces of this many segments for the leg pre-filter, and a
#: leg is sampled when it passes within this margin (plus its bow) of one.
_BOUNDARY_PIECE_VERTICES = 32
_BOUNDARY_MARGIN_M = 30.0
_EARTH_RADIUS_M = 6_371_000.0
#: Metres in a degree of latitude, rounded down (so the margin in degrees is never short).
_METRES_PER_DEGREE = 110_500.0
#: Line colour of a track segment by zone (GeoJSON ``stroke``; the dashboard uses the same).
ZONE_STROKE = {
    "land": "#8c7f66",
    "internal_waters": "#08519c",
    "territorial_sea": "#3182bd",
    "contiguous_zone": "#6baed6",
    "eez": "#31a354",
    "high_seas": "#636363",
    UNKNOWN_ZONE: "#bdbdbd",
}
GAP_STROKE = "#e31a1c"

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_NS_PER_S = 1_000_000_000


class TrackInputError(BatchInputError):
    """The track file cannot be read as a whole."""


@dataclass(frozen=True)
class Fixes:
    """Valid fixes of a file, in file order, and the rows that were refused."""

    time_ns: IntArray
    lat: FloatArray
    lon: FloatArray
    vessel: npt.NDArray[np.object_]
    errors: list[tuple[str, str]]
    rows_read: int


@dataclass(frozen=True)
class Crossing:
    """A change of (zone, state) along a track."""

    time_ns: int
    lat: float
    lon: float
    from_zone: str
    from_state: str | None
    to_zone: str
    to_state: str | None
    in_gap: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON of one crossing."""
        return {
            "time": iso_utc(self.time_ns),
            "lat": round(self.lat, 7),
            "lon": round(self.lon, 7),
            "from_zone": self.from_zone,
            "from_state": self.from_state,
            "to_zone": self.to_zone,
            "to_state": self.to_state,
            "in_gap": self.in_gap,
        }


@dataclass(frozen=True)
class Gap:
    """Two consecutive fixes further apart in time than the gap limit."""

    start_ns: int
    end_ns: int
    start_lat: float
    start_lon: float
    end_lat: float
    end_lon: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON of one gap."""
        return {
            "start": iso_utc(self.start_ns),
            "end": iso_utc(self.end_ns),
            "seconds": (self.end_ns - self.start_ns) / _NS_PER_S,
            "start_lat": self.start_lat,
            "start_lon": self.start_lon,
            "end_lat": self.end_lat,
            "end_lon": self.end_lon,
        }


@dataclass
class VesselTrack:
    """What one vessel did: crossings, gaps, time in territorial waters, drawn segments."""

    vessel: str | None
    fixes: int
    crossings: list[Crossing] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    seconds_in_territorial_waters: dict[str, float] = field(default_factory=dict)
    #: (zone, state, start_ns, end_ns, coordinates as (lon, lat), is_gap)
    segments: list[tuple[str, str | None, int, int, list[tuple[float, float]], bool]] = field(
        default_factory=list
    )

    def to_dict(self) -> dict[str, Any]:
        """The JSON of one vessel."""
        return {
            "vessel": self.vessel,
            "fixes": self.fixes,
            "crossings": [c.to_dict() for c in self.crossings],
            "gaps": [g.to_dict() for g in self.gaps],
            "seconds_in_territorial_waters": {
                state: round(seconds, 3)
                for state, seconds in sorted(self.seconds_in_territorial_waters.items())
            },
        }


def iso_utc(time_ns: int) -> str:
    """ISO-8601 UTC text with milliseconds, e.g. ``2026-01-05T12:30:00.000Z``."""
    ms = round(time_ns / 1_000_000)
    stamp = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(milliseconds=ms)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


# ----------------------------------------------------------------------------- reading


def _parse_times(texts: Sequence[object]) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Nanoseconds since 1970 (UTC) of ISO-8601 times, and which texts were times.

    Columns where every text is a strict ISO-8601 time, all with an offset or all without one,
    are parsed by a pyarrow cast (no pandas import, a C loop); any other column by pandas,
    which also names the texts that are not times.
    """
    import pyarrow as pa

    n = len(texts)
    try:
        cells = pa.array(texts, type=pa.string())
    except (pa.ArrowException, TypeError):
        cells = None
    if cells is not None and cells.null_count == 0:
        for target in (pa.timestamp("ns", tz="UTC"), pa.timestamp("ns")):
            try:
                ns = cells.cast(target).cast(pa.int64()).to_numpy()
            except pa.ArrowException:
                continue
            return np.asarray(ns, dtype=np.int64), np.ones(n, dtype=bool)
    return _parse_times_pandas(texts)


def _parse_times_pandas(texts: Sequence[object]) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    import pandas as pd

    values = pd.to_datetime(
        pd.Series(texts, dtype=object), utc=True, format="ISO8601", errors="coerce"
    )
    ok = ~values.isna().to_numpy()
    ns = np.zeros(len(values), dtype=np.int64)
    if ok.any():
        naive = values[ok].dt.tz_convert("UTC").dt.tz_localize(None)
        ns[ok] = naive.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return ns, ok


@dataclass
class _Collected:
    """Valid fixes in compact arrays, in memory until they pass one chunk, then spilled.

    Spilled fixes go to temporary Parquet files, one folder per hash of the vessel label
    (``_Spill``), so that every vessel's fixes can later be read and analysed one partition at
    a time: memory then holds about a chunk of fixes, not the file (but at least the fixes of
    the largest vessel, which must be sorted by time together).
    """

    chunk_rows: int = DEFAULT_CHUNK_ROWS
    #: Rows the whole file is expected to hold (to choose how many partitions to spill to).
    expected_rows: int = 0
    time_ns: list[IntArray] = field(default_factory=list)
    lat: list[FloatArray] = field(default_factory=list)
    lon: list[FloatArray] = field(default_factory=list)
    vessel: list[npt.NDArray[np.object_]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    rows_read: int = 0
    buffered: int = 0
    spill: _Spill | None = None

    def add(
        self,
        *,
        where: list[str],
        times: Sequence[object],
        lats: Sequence[object],
        lons: Sequence[object],
        vessels: Sequence[object] | None,
    ) -> None:
        n = len(where)
        self.rows_read += n
        ns, time_ok = _parse_times(times)
        lat = np.full(n, np.nan)
        lon = np.full(n, np.nan)
        try:  # the common case, every cell a number: one vectorised conversion
            lat = np.array(lats, dtype=float)
            lon = np.array(lons, dtype=float)
            good = time_ok & np.isfinite(lat) & np.isfinite(lon)
            good &= (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        except (ValueError, TypeError):
            good = np.zeros(n, dtype=bool)
        for i in np.flatnonzero(~good).tolist():
            if not time_ok[i]:
                self.errors.append(
                    (where[i], f"time {times[i]!r}: expected an ISO-8601 time (UTC if no offset)")
                )
                continue
            try:
                lat[i], lon[i] = validate_lat_lon(float(lats[i]), float(lons[i]))  # type: ignore[arg-type]
            except (ValueError, TypeError) as error:
                message = (
                    str(error)
                    if isinstance(error, CoordinateError)
                    else f"lat/lon must be decimal degrees, got {lats[i]!r}, {lons[i]!r}"
                )
                self.errors.append((where[i], message))
                continue
            good[i] = True
        self.time_ns.append(ns[good])
        self.lat.append(lat[good])
        self.lon.append(lon[good])
        ids = (
            np.full(n, None, dtype=object)
            if vessels is None
            else np.array([None if v is None else str(v) for v in vessels], dtype=object)
        )
        self.vessel.append(ids[good])
        self.buffered += int(good.sum())
        if self.buffered > self.chunk_rows:
            if self.spill is None:
                partitions = -(-max(self.expected_rows, self.rows_read) // self.chunk_rows)
                self.spill = _Spill(partitions=min(max(partitions, 2), MAX_SPILL_PARTITIONS))
            self._flush()

    def _flush(self) -> None:
        assert self.spill is not None
        buffered = self._joined()
        self.spill.write(buffered)
        self.time_ns, self.lat, self.lon, self.vessel = [], [], [], []
        self.buffered = 0

    def _joined(self) -> Fixes:
        def joined(parts: list[Any], dtype: Any) -> Any:
            return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)

        return Fixes(
            time_ns=joined(self.time_ns, np.int64),
            lat=joined(self.lat, np.float64),
            lon=joined(self.lon, np.float64),
            vessel=joined(self.vessel, object),
            # "line N" / "row N", in file order.
            errors=sorted(self.errors, key=lambda e: int(e[0].split()[-1])),
            rows_read=self.rows_read,
        )

    def fixes(self) -> Fixes:
        """Every valid fix, in file order (only when nothing was spilled)."""
        assert self.spill is None
        return self._joined()

    def parts(self) -> Iterator[Fixes]:
        """The valid fixes, one partition of vessels at a time (each in file order)."""
        if self.spill is None:
            yield self.fixes()
            return
        self._flush()
        errors = self._joined().errors
        try:
            for part in self.spill.read():
                yield replace(part, errors=errors, rows_read=self.rows_read)
        finally:
            self.spill.close()

    def close(self) -> None:
        """Remove spilled files, if any."""
        if self.spill is not None:
            self.spill.close()


#: Partitions of spilled fixes at most (files open at once are never more than one).
MAX_SPILL_PARTITIONS = 1_024


class _Spill:
    """Fixes written to temporary Parquet files, partitioned by a hash of the vessel label."""

    def __init__(self, *, partitions: int) -> None:
        import tempfile

        self.partitions = partitions
        self.folder = Path(tempfile.mkdtemp(prefix="geo-track-"))
        self.written = 0
        #: Vessel labels in order of first appearance in the file.
        self.first_seen: dict[str, int] = {}

    def write(self, fixes: Fixes) -> None:
        """Append one block of fixes (in file order) to the partitions of their vessels."""
        import pandas as pd
        import pyarrow as pa
        import pyarrow.parquet as pq

        if len(fixes.time_ns) == 0:
            return
        labels = np.array(["" if v is None else v for v in fixes.vessel], dtype=object)
        for label in pd.unique(labels).tolist():
            self.first_seen.setdefault(label, len(self.first_seen))
        part = pd.util.hash_array(labels, categorize=True) % np.uint64(self.partitions)
        order = np.argsort(part, kind="stable")  # stable: file order within each partition
        bounds = np.searchsorted(part[order], np.arange(self.partitions + 1))
        for p in range(self.partitions):
            rows = order[bounds[p] : bounds[p + 1]]
            if len(rows) == 0:
                continue
            table = pa.table(
                {
                    "time_ns": pa.array(fixes.time_ns[rows], pa.int64()),
                    "lat": pa.array(fixes.lat[rows], pa.float64()),
                    "lon": pa.array(fixes.lon[rows], pa.float64()),
                    "vessel": pa.array(fixes.vessel[rows].tolist(), pa.string()),
                }
            )
            folder = self.folder / f"{p:04d}"
            folder.mkdir(exist_ok=True)
            pq.write_table(table, folder / f"{self.written:08d}.parquet", compression="none")
        self.written += 1

    def read(self) -> Iterator[Fixes]:
        """Each partition's fixes in file order (blocks in the order written)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for folder in sorted(self.folder.iterdir()):
            table = pa.concat_tables(pq.read_table(f) for f in sorted(folder.iterdir()))
            yield Fixes(
                time_ns=table.column("time_ns").to_numpy(),
                lat=table.column("lat").to_numpy(),
                lon=table.column("lon").to_numpy(),
                vessel=np.array(table.column("vessel").to_pylist(), dtype=object),
                errors=[],
                rows_read=0,
            )

    def close(self) -> None:
        """Remove the temporary files."""
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


def _collect(*, path: Path, vessel_col: str | None, chunk_rows: int, spill: bool) -> _Collected:
    required = [TIME_COLUMN, "lat", "lon"] + ([vessel_col] if vessel_col else [])
    # Without spilling (uploads, read_fixes), every valid fix stays in memory.
    collected = _Collected(chunk_rows=chunk_rows if spill else 2**62)
    try:
        if is_parquet(path):
            _read_parquet(path, required, vessel_col, chunk_rows, collected)
        else:
            _read_csv(path, required, vessel_col, chunk_rows, collected)
    except BaseException:
        collected.close()
        raise
    return collected


def read_fixes(
    *, path: Path, vessel_col: str | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS
) -> Fixes:
    """Read a track file in chunks: compact arrays of every valid fix, in memory.

    Raises
    ------
    TrackInputError
        If the file cannot be read or lacks the ``time``, ``lat``, ``lon`` (or vessel) columns.

    """
    return _collect(path=path, vessel_col=vessel_col, chunk_rows=chunk_rows, spill=False).fixes()


def _missing_columns(path: Path, header: Sequence[str], required: list[str]) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise TrackInputError(f"{path}: missing column(s) {missing}; expected {required}")
    repeated = sorted({name for name in required if list(header).count(name) > 1})
    if repeated:
        raise TrackInputError(f"{path}: column(s) {repeated} appear more than once")


def _read_csv(
    path: Path, required: list[str], vessel_col: str | None, chunk_rows: int, out: _Collected
) -> None:
    try:
        source = _CsvInput(path)
    except BatchInputError as error:
        raise TrackInputError(str(error)) from error
    try:
        header = source.header
        _missing_columns(path, header, required)
        at = {name: header.index(name) for name in required}
        width = len(header)
        try:
            for lines, rows in source.chunks(chunk_rows):
                if not out.expected_rows:
                    # Bytes per row from the first rows, to size the spill's partitions.
                    sample = rows[:1_000]
                    size = sum(len(cell) + 1 for cells in sample for cell in cells)
                    out.expected_rows = int(path.stat().st_size * len(sample) / max(size, 1)) + 1
                if max(map(len, rows)) > width:
                    wide = [i for i, cells in enumerate(rows) if len(cells) > width]
                    for i in wide:
                        out.rows_read += 1
                        out.errors.append(
                            (
                                f"line {lines[i]}",
                                f"{len(rows[i])} cells but {width} columns in the header",
                            )
                        )
                    keep = sorted(set(range(len(rows))) - set(wide))
                    lines = [lines[i] for i in keep]
                    rows = [rows[i] for i in keep]
                columns = csv_columns(rows, width)
                out.add(
                    where=[f"line {line}" for line in lines],
                    times=columns[at[TIME_COLUMN]],
                    lats=columns[at["lat"]],
                    lons=columns[at["lon"]],
                    vessels=columns[at[vessel_col]] if vessel_col else None,
                )
        except BatchInputError as error:
            raise TrackInputError(str(error)) from error
    finally:
        source.close()


def _read_parquet(
    path: Path, required: list[str], vessel_col: str | None, chunk_rows: int, out: _Collected
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(path)
        _missing_columns(path, source.schema_arrow.names, required)
        out.expected_rows = source.metadata.num_rows
        first = 1
        for batch in source.iter_batches(batch_size=chunk_rows, columns=required):
            n = batch.num_rows
            times = batch.column(TIME_COLUMN)
            if pa.types.is_timestamp(times.type):
                times = times.cast(pa.timestamp("ns", tz="UTC")).cast(pa.string())
            out.add(
                where=[f"row {first + i}" for i in range(n)],
                times=times.to_pylist(),
                lats=batch.column("lat").to_pylist(),
                lons=batch.column("lon").to_pylist(),
                vessels=batch.column(vessel_col).to_pylist() if vessel_col else None,
            )
            first += n
    except (OSError, pa.ArrowException) as error:
        raise TrackInputError(f"{path}: not readable as GeoParquet ({error})") from error


# ----------------------------------------------------------------------------- analysis


class _Keys:
    """(zone, state) of positions as small integers, from the point check."""

    def __init__(self) -> None:
        from geo.check import _checker

        table = _checker().table
        pairs = [
            (str(z), None if s is None else str(s))
            for z, s in zip(table.zone, table.state, strict=True)
        ]
        self.pairs: list[tuple[str, str | None]] = sorted(set(pairs), key=str)
        self.pairs.append((UNKNOWN_ZONE, None))
        number = {pair: k for k, pair in enumerate(self.pairs)}
        # Zone-table row -> key; the last entry is for row -1 (outside the modelled region).
        self.of_row = np.array([number[p] for p in pairs] + [len(self.pairs) - 1], dtype=np.int64)
        self.territorial_state = [
            state if zone in TERRITORIAL_WATERS_ZONES else None for zone, state in self.pairs
        ]

    @cached_property
    def _boundary_tree(self) -> Any:
        """Zone boundaries and the modelled region's edge, in short pieces, in an STRtree."""
        import shapely

        from geo.check import _checker
        from geo.constants import MODELLED_REGION

        rings = shapely.get_parts(shapely.boundary(_checker().index.geometries)).tolist()
        rings.append(shapely.box(*MODELLED_REGION).boundary)
        pieces = []
        for ring in rings:
            coords = shapely.get_coordinates(ring)
            for start in range(0, len(coords) - 1, _BOUNDARY_PIECE_VERTICES):
                pieces.append(coords[start : start + _BOUNDARY_PIECE_VERTICES + 1])
        return shapely.STRtree([shapely.linestrings(piece) for piece in pieces])

    def near_boundary(
        self,
        *,
        lon0: FloatArray,
        lat0: FloatArray,
        lon1: FloatArray,
        lat1: FloatArray,
        length_m: FloatArray,
    ) -> npt.NDArray[np.bool_]:
        """Whether each leg's geodesic may come near a zone boundary (or the region's edge).

        The leg is tested as the straight line between its ends in degrees, widened by a
        bound on how far its geodesic can bow away from that line (the sagitta of the leg,
        with the bend of the meridians, plus a margin): a leg found nowhere near a boundary
        lies in one zone throughout.
        """
        import shapely

        if len(lon0) == 0:
            return np.zeros(0, dtype=bool)
        lines = shapely.linestrings(
            np.stack([np.column_stack([lon0, lat0]), np.column_stack([lon1, lat1])], axis=1)
        )
        top = np.minimum(np.maximum(np.abs(lat0), np.abs(lat1)), 89.0)
        bow_m = _BOUNDARY_MARGIN_M + length_m**2 * (1 + np.tan(np.radians(top))) / (
            2 * _EARTH_RADIUS_M
        )
        bow_deg = bow_m / (_METRES_PER_DEGREE * np.cos(np.radians(top)))
        hits = self._boundary_tree.query(lines, predicate="dwithin", distance=bow_deg)
        near = np.zeros(len(lon0), dtype=bool)
        near[hits[0]] = True
        return near

    def of(self, lat: FloatArray, lon: FloatArray) -> IntArray:
        from geo.check import _zones_and_states

        if len(lat) == 0:
            return np.empty(0, dtype=np.int64)
        _, _, rows = _zones_and_states(lat, lon)
        return self.of_row[rows]


def _bisect(
    keys: _Keys,
    *,
    lon0: FloatArray,
    lat0: FloatArray,
    azimuth: FloatArray,
    s_lo: FloatArray,
    s_hi: FloatArray,
    key_lo: IntArray,
) -> tuple[FloatArray, FloatArray]:
    """Narrow [s_lo, s_hi] around the first change from ``key_lo``, along each geodesic."""
    s_lo, s_hi = s_lo.copy(), s_hi.copy()
    while len(s_lo) and float(np.max(s_hi - s_lo)) > BISECTION_M:
        mid = (s_lo + s_hi) / 2
        lon, lat, _ = GEOD.fwd(lon0, lat0, azimuth, mid)
        same = keys.of(np.asarray(lat), np.asarray(lon)) == key_lo
        s_lo = np.where(same, mid, s_lo)
        s_hi = np.where(same, s_hi, mid)
    return s_lo, s_hi


@dataclass
class _LegCrossings:
    leg: IntArray
    s_m: FloatArray
    from_key: IntArray
    to_key: IntArray


def _leg_crossings(
    keys: _Keys,
    *,
    lon0: FloatArray,
    lat0: FloatArray,
    azimuth: FloatArray,
    length_m: FloatArray,
    key_start: IntArray,
    key_end: IntArray,
) -> _LegCrossings:
    """Every change of key along the given legs, by sampling then bisection."""
    n_steps = np.clip(np.ceil(length_m / SAMPLE_STEP_M), 1, MAX_SAMPLES_PER_LEG).astype(np.int64)
    interior = n_steps - 1
    leg_of = np.repeat(np.arange(len(length_m)), interior)
    k = np.arange(interior.sum()) - np.repeat(np.cumsum(interior) - interior, interior) + 1
    s = length_m[leg_of] * k / n_steps[leg_of]
    lon, lat, _ = GEOD.fwd(lon0[leg_of], lat0[leg_of], azimuth[leg_of], s)
    sample_keys = keys.of(np.asarray(lat), np.asarray(lon))
    # Each leg as the sequence start, interior samples, end.
    order = np.concatenate([np.arange(len(length_m)), leg_of, np.arange(len(length_m))])
    pos = np.concatenate([np.zeros(len(length_m)), s, length_m])
    rank = np.concatenate([np.zeros(len(length_m)), np.ones(len(s)), np.full(len(length_m), 2.0)])
    key_seq = np.concatenate([key_start, sample_keys, key_end])
    idx = np.lexsort((pos, rank, order)) if len(order) else np.empty(0, dtype=np.int64)
    order, pos, key_seq = order[idx], pos[idx], key_seq[idx]
    change = np.flatnonzero((order[1:] == order[:-1]) & (key_seq[1:] != key_seq[:-1]))
    found = _LegCrossings(
        np.empty(0, np.int64), np.empty(0), np.empty(0, np.int64), np.empty(0, np.int64)
    )
    pending = (order[change], pos[change], pos[change + 1], key_seq[change], key_seq[change + 1])
    while len(pending[0]):
        leg, lo, hi, klo, khi = pending
        lo, hi = _bisect(
            keys, lon0=lon0[leg], lat0=lat0[leg], azimuth=azimuth[leg], s_lo=lo, s_hi=hi, key_lo=klo
        )
        lon_hi, lat_hi, _ = GEOD.fwd(lon0[leg], lat0[leg], azimuth[leg], hi)
        reached = keys.of(np.asarray(lat_hi), np.asarray(lon_hi))
        found.leg = np.concatenate([found.leg, leg])
        found.s_m = np.concatenate([found.s_m, (lo + hi) / 2])
        found.from_key = np.concatenate([found.from_key, klo])
        found.to_key = np.concatenate([found.to_key, reached])
        # A third zone within the last step: look for the change from it to the sample's key.
        more = reached != khi
        interval_hi = pending[2]
        pending = (leg[more], hi[more], interval_hi[more], reached[more], khi[more])
    return found


def analyse_vessel(
    keys: _Keys,
    *,
    vessel: str | None,
    time_ns: IntArray,
    lat: FloatArray,
    lon: FloatArray,
    max_gap_s: float,
    keep_segments: bool = True,
) -> VesselTrack:
    """Crossings, gaps and time in territorial waters of one vessel's fixes (time-sorted)."""
    track = VesselTrack(vessel=vessel, fixes=len(time_ns))
    if len(time_ns) == 0:
        return track
    fix_keys = keys.of(lat, lon)
    dt_s = np.diff(time_ns) / _NS_PER_S
    is_gap = dt_s > max_gap_s
    azimuth, _, length_m = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    azimuth = np.asarray(azimuth, dtype=float)
    length_m = np.asarray(length_m, dtype=float)
    # A short leg from a point of a pure grid cell cannot leave that cell's zone: no sampling.
    from geo.check import _checker
    from geo.lookup import PURE_CELL_RADIUS_M

    # (Within the pure radius of either end is as good: the whole leg is that close to it.)
    index = _checker().index
    pure = (index.pure_zone_rows(lon[:-1], lat[:-1]) >= 0) | (
        index.pure_zone_rows(lon[1:], lat[1:]) >= 0
    )
    inside_pure = pure & (length_m < PURE_CELL_RADIUS_M)
    legs = np.flatnonzero(~is_gap & ~inside_pure)
    # Of the rest, only legs that change key or pass near a zone boundary can hold a crossing.
    near = keys.near_boundary(
        lon0=lon[:-1][legs],
        lat0=lat[:-1][legs],
        lon1=lon[1:][legs],
        lat1=lat[1:][legs],
        length_m=length_m[legs],
    )
    legs = legs[near | (fix_keys[:-1][legs] != fix_keys[1:][legs])]
    found = _leg_crossings(
        keys,
        lon0=lon[:-1][legs],
        lat0=lat[:-1][legs],
        azimuth=azimuth[legs],
        length_m=length_m[legs],
        key_start=fix_keys[:-1][legs],
        key_end=fix_keys[1:][legs],
    )
    leg_index = legs[found.leg]
    fraction = np.where(
        length_m[leg_index] > 0, found.s_m / np.maximum(length_m[leg_index], 1e-9), 0
    )
    cross_ns = time_ns[leg_index] + np.round(
        fraction * (time_ns[leg_index + 1] - time_ns[leg_index])
    )
    cross_lon, cross_lat, _ = GEOD.fwd(
        lon[leg_index], lat[leg_index], azimuth[leg_index], found.s_m
    )
    events: list[tuple[int, float, Crossing]] = []
    for j in range(len(leg_index)):
        fz, fs = keys.pairs[int(found.from_key[j])]
        tz, ts = keys.pairs[int(found.to_key[j])]
        crossing = Crossing(
            int(cross_ns[j]), float(cross_lat[j]), float(cross_lon[j]), fz, fs, tz, ts
        )
        events.append((int(leg_index[j]), float(found.s_m[j]), crossing))
    for i in np.flatnonzero(is_gap).tolist():
        track.gaps.append(
            Gap(
                int(time_ns[i]),
                int(time_ns[i + 1]),
                float(lat[i]),
                float(lon[i]),
                float(lat[i + 1]),
                float(lon[i + 1]),
            )
        )
        if fix_keys[i] != fix_keys[i + 1]:
            fz, fs = keys.pairs[int(fix_keys[i])]
            tz, ts = keys.pairs[int(fix_keys[i + 1])]
            crossing = Crossing(
                int(time_ns[i + 1]), float(lat[i + 1]), float(lon[i + 1]), fz, fs, tz, ts, True
            )
            events.append((i, np.inf, crossing))
    events.sort(key=lambda e: (e[0], e[1]))
    track.crossings = [e[2] for e in events]
    _time_and_segments(track, keys, events, fix_keys, time_ns, lat, lon, is_gap, keep_segments)
    return track


def _time_and_segments(
    track: VesselTrack,
    keys: _Keys,
    events: list[tuple[int, float, Crossing]],
    fix_keys: IntArray,
    time_ns: IntArray,
    lat: FloatArray,
    lon: FloatArray,
    is_gap: npt.NDArray[np.bool_],
    keep_segments: bool,
) -> None:
    number = {pair: k for k, pair in enumerate(keys.pairs)}
    seconds = np.zeros(len(keys.pairs))
    # Legs without a crossing: their whole time goes to the start fix's key.
    has_crossing = np.zeros(len(is_gap), dtype=bool)
    for leg, _, crossing in events:
        if not crossing.in_gap:
            has_crossing[leg] = True
    plain = ~is_gap & ~has_crossing
    np.add.at(seconds, fix_keys[:-1][plain], np.diff(time_ns)[plain] / _NS_PER_S)
    by_leg: dict[int, list[Crossing]] = {}
    for leg, _, crossing in events:
        if not crossing.in_gap:
            by_leg.setdefault(leg, []).append(crossing)
    for leg, crossings in by_leg.items():
        start = int(time_ns[leg])
        key = int(fix_keys[leg])
        for crossing in crossings:
            seconds[key] += (crossing.time_ns - start) / _NS_PER_S
            start = crossing.time_ns
            key = number[(crossing.to_zone, crossing.to_state)]
        seconds[key] += (int(time_ns[leg + 1]) - start) / _NS_PER_S
    for k, state in enumerate(keys.territorial_state):
        if state is not None and seconds[k] > 0:
            total = track.seconds_in_territorial_waters.get(state, 0.0)
            track.seconds_in_territorial_waters[state] = total + float(seconds[k])
    if keep_segments:
        track.segments = _segments(keys, by_leg, fix_keys, time_ns, lat, lon, is_gap)


def _segments(
    keys: _Keys,
    by_leg: dict[int, list[Crossing]],
    fix_keys: IntArray,
    time_ns: IntArray,
    lat: FloatArray,
    lon: FloatArray,
    is_gap: npt.NDArray[np.bool_],
) -> list[tuple[str, str | None, int, int, list[tuple[float, float]], bool]]:
    """Runs of the track in one (zone, state), cut at crossings; gaps as their own pieces."""
    out: list[tuple[str, str | None, int, int, list[tuple[float, float]], bool]] = []
    if len(time_ns) < 2:
        return out
    number = {pair: k for k, pair in enumerate(keys.pairs)}
    key = int(fix_keys[0])
    coords = [(float(lon[0]), float(lat[0]))]
    start = int(time_ns[0])
    for i in range(len(time_ns) - 1):
        if is_gap[i]:
            if len(coords) > 1:
                out.append((*keys.pairs[key], start, int(time_ns[i]), coords, False))
            gap_coords = [(float(lon[i]), float(lat[i])), (float(lon[i + 1]), float(lat[i + 1]))]
            out.append((*keys.pairs[key], int(time_ns[i]), int(time_ns[i + 1]), gap_coords, True))
            key = int(fix_keys[i + 1])
            coords = [(float(lon[i + 1]), float(lat[i + 1]))]
            start = int(time_ns[i + 1])
            continue
        for crossing in by_leg.get(i, []):
            coords.append((crossing.lon, crossing.lat))
            out.append((*keys.pairs[key], start, crossing.time_ns, coords, False))
            key = number[(crossing.to_zone, crossing.to_state)]
            coords = [(crossing.lon, crossing.lat)]
            start = crossing.time_ns
        coords.append((float(lon[i + 1]), float(lat[i + 1])))
    if len(coords) > 1:
        out.append((*keys.pairs[key], start, int(time_ns[-1]), coords, False))
    return out


@dataclass
class TrackReport:
    """Every vessel of a file, and the rows that could not be read."""

    vessels: list[VesselTrack]
    errors: list[tuple[str, str]]
    rows_read: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``python -m geo.track --json``."""
        return {
            "vessels": [v.to_dict() for v in self.vessels],
            "rows_read": self.rows_read,
            "rows_with_errors": len(self.errors),
            "errors": [{"where": where, "error": message} for where, message in self.errors],
        }


def _vessel_tracks(
    keys: _Keys, fixes: Fixes, *, max_gap_s: float, keep_segments: bool
) -> dict[str, VesselTrack]:
    """Each vessel of ``fixes`` by label ("" for no id), in order of first appearance."""
    labels = np.array(["" if v is None else str(v) for v in fixes.vessel], dtype=object)
    seen: dict[str, None] = dict.fromkeys(labels.tolist())
    # lexsort is stable: fixes at the same time keep their file order.
    order = np.lexsort((fixes.time_ns, labels)) if len(labels) else np.empty(0, np.int64)
    sorted_labels = labels[order]
    tracks: dict[str, VesselTrack] = {}
    for label in seen:
        lo = np.searchsorted(sorted_labels, label, side="left")
        hi = np.searchsorted(sorted_labels, label, side="right")
        rows = order[lo:hi]
        vessel_id = fixes.vessel[rows[0]] if len(rows) else None
        tracks[label] = analyse_vessel(
            keys,
            vessel=vessel_id,
            time_ns=fixes.time_ns[rows],
            lat=fixes.lat[rows],
            lon=fixes.lon[rows],
            max_gap_s=max_gap_s,
            keep_segments=keep_segments,
        )
    return tracks


def analyse_fixes(
    *, fixes: Fixes, max_gap_s: float = DEFAULT_MAX_GAP_S, keep_segments: bool = True
) -> TrackReport:
    """Group fixes by vessel (in order of first appearance), sort each by time, analyse."""
    tracks = _vessel_tracks(_Keys(), fixes, max_gap_s=max_gap_s, keep_segments=keep_segments)
    return TrackReport(
        vessels=list(tracks.values()), errors=fixes.errors, rows_read=fixes.rows_read
    )


def analyse_file(
    *,
    path: Path,
    vessel_col: str | None = None,
    max_gap_s: float = DEFAULT_MAX_GAP_S,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    keep_segments: bool = True,
) -> TrackReport:
    """Read a track file (CSV or GeoParquet) and analyse every vessel in it.

    Memory is bounded by the chunk size (and the largest vessel), not by the file: past one
    chunk of valid fixes, fixes are spilled to temporary Parquet files partitioned by a hash of
    the vessel id and analysed one partition at a time. The report is the same as for one
    chunk: vessels in order of first appearance in the file, each with its fixes in time order
    (ties in file order). ``keep_segments=False`` drops the drawn segments (GeoJSON), whose
    coordinates grow with the number of fixes.
    """
    collected = _collect(path=path, vessel_col=vessel_col, chunk_rows=chunk_rows, spill=True)
    keys = _Keys()
    tracks: dict[str, VesselTrack] = {}
    first_seen: dict[str, int] = {}
    errors: list[tuple[str, str]] = []
    try:
        for part in collected.parts():
            errors = part.errors
            found = _vessel_tracks(keys, part, max_gap_s=max_gap_s, keep_segments=keep_segments)
            tracks.update(found)
    finally:
        collected.close()
    if collected.spill is not None:
        first_seen = collected.spill.first_seen
        order = sorted(tracks, key=first_seen.__getitem__)
    else:
        order = list(tracks)
    return TrackReport(
        vessels=[tracks[label] for label in order], errors=errors, rows_read=collected.rows_read
    )


# ----------------------------------------------------------------------------- output


def segments_geojson(report: TrackReport) -> dict[str, Any]:
    """GeoJSON FeatureCollection of the track's runs, with a ``stroke`` colour by zone."""
    features = []
    for vessel in report.vessels:
        for zone, state, start, end, coords, gap in vessel.segments:
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": [list(c) for c in coords]},
                    "properties": {
                        "vessel": vessel.vessel,
                        "zone": zone,
                        "state": state,
                        "start": iso_utc(start),
                        "end": iso_utc(end),
                        "gap": gap,
                        "stroke": GAP_STROKE if gap else ZONE_STROKE.get(zone, "#000000"),
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


#: Fields of a crossing, in the order of its JSON.
CROSSING_FIELDS = ("time", "lat", "lon", "from_zone", "from_state", "to_zone", "to_state", "in_gap")
CSV_COLUMNS = ("vessel", "kind", *CROSSING_FIELDS, "gap_start", "gap_end")


def event_rows(report: TrackReport) -> Iterator[dict[str, str]]:
    """One row per crossing and per gap, vessel by vessel, in time order."""
    for vessel in report.vessels:
        rows: list[tuple[int, dict[str, str]]] = []
        for c in vessel.crossings:
            d = c.to_dict()
            row = {k: "" if d.get(k) is None else str(d[k]) for k in CSV_COLUMNS if k in d}
            rows.append((c.time_ns, {**row, "kind": "crossing"}))
        for g in vessel.gaps:
            gap_row = {
                "kind": "gap",
                "gap_start": iso_utc(g.start_ns),
                "gap_end": iso_utc(g.end_ns),
            }
            rows.append((g.start_ns, gap_row))
        rows.sort(key=lambda r: r[0])
        for _, row in rows:
            yield {name: row.get(name, "") for name in CSV_COLUMNS} | {
                "vessel": vessel.vessel or ""
            }


def _write_csv(report: TrackReport, path: Path) -> None:
    from common.csv_cells import guard_untyped_cell

    output = _ReplacingFile(path)
    try:
        with output.path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for row in event_rows(report):
                writer.writerow([guard_untyped_cell(row[name]) for name in CSV_COLUMNS])
        output.commit()
    except BaseException:
        output.discard()
        raise


def _write_json(document: dict[str, Any], path: Path) -> None:
    output = _ReplacingFile(path)
    try:
        output.path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        output.commit()
    except BaseException:
        output.discard()
        raise


def _text(report: TrackReport) -> Iterator[str]:
    for vessel in report.vessels:
        name = vessel.vessel if vessel.vessel is not None else "(none)"
        yield f"vessel {name}: {vessel.fixes} fixes"
        for c in vessel.crossings:
            gap = " (during a gap)" if c.in_gap else ""
            yield (
                f"  {iso_utc(c.time_ns)} {c.lat:.5f} {c.lon:.5f}: "
                f"{c.from_zone} {c.from_state or '-'} -> {c.to_zone} {c.to_state or '-'}{gap}"
            )
        for g in vessel.gaps:
            yield f"  gap {iso_utc(g.start_ns)} to {iso_utc(g.end_ns)}"
        for state, seconds in sorted(vessel.seconds_in_territorial_waters.items()):
            yield f"  in {state} territorial waters: {seconds:.0f} s"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise TrackInputError(message)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point of ``python -m geo.track``."""
    parser = _Parser(
        prog="python -m geo.track",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", type=Path, help="track file: CSV or GeoParquet (.parquet)")
    parser.add_argument("--vessel-col", default=None, help="column with the vessel id")
    parser.add_argument(
        "--max-gap-s",
        "--max-gap",
        type=float,
        default=DEFAULT_MAX_GAP_S,
        help="fixes further apart than this many seconds are a gap (default 3600)",
    )
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument("--csv", type=Path, default=None, help="write crossings and gaps as CSV")
    parser.add_argument("--geojson", type=Path, default=None, help="write segments as GeoJSON")
    parser.add_argument("--chunk-rows", type=int, default=DEFAULT_CHUNK_ROWS, help="rows per chunk")
    from common.datafiles import DataFileError

    try:
        args = parser.parse_args(argv)
        if not args.input.is_file():
            raise TrackInputError(f"{args.input}: no such file")
        if not (args.max_gap_s > 0 and np.isfinite(args.max_gap_s)):
            raise TrackInputError(f"--max-gap-s {args.max_gap_s}: expected a number > 0")
        if args.chunk_rows < 1:
            raise TrackInputError(f"--chunk-rows {args.chunk_rows}: expected at least 1")
        report = analyse_file(
            path=args.input,
            vessel_col=args.vessel_col,
            max_gap_s=args.max_gap_s,
            chunk_rows=args.chunk_rows,
            keep_segments=args.geojson is not None,
        )
        if args.csv is not None:
            _write_csv(report, args.csv)
        if args.geojson is not None:
            _write_json(segments_geojson(report), args.geojson)
    except (BatchInputError, DataFileError) as error:
        print(f"python -m geo.track: error: {error}", file=sys.stderr)
        return 2
    try:
        if args.json:
            print(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            for line in _text(report):
                print(line)
        for where, message in report.errors[:100]:
            print(f"{where}: {message}", file=sys.stderr)
        fixes = sum(v.fixes for v in report.vessels)
        print(
            f"{report.rows_read} rows read, {fixes} fixes, {len(report.errors)} with errors",
            file=sys.stderr,
        )
    except BrokenPipeError:
        sys.stderr.close()
    return 1 if report.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())


# ----------------------------------------------------------------------------- uploads

#: Limits of a track uploaded in the dashboard (the same size limit as event uploads).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_ROWS = 50_000


def analyse_upload(
    *,
    data: bytes,
    filename: str,
    vessel_col: str | None = None,
    max_gap_s: float = DEFAULT_MAX_GAP_S,
) -> TrackReport:
    """Analyse an uploaded track (CSV, or GeoParquet by extension) within the upload limits.

    Raises
    ------
    TrackInputError
        If the file is over :data:`MAX_UPLOAD_BYTES` or :data:`MAX_UPLOAD_ROWS`, or unreadable.

    """
    import tempfile

    if len(data) > MAX_UPLOAD_BYTES:
        raise TrackInputError(
            f"{filename}: file is {len(data) / 1024 / 1024:.1f} MB; the track upload limit is "
            f"{MAX_UPLOAD_BYTES / 1024 / 1024:.0f} MB. Split the file or use python -m geo.track."
        )
    suffix = ".parquet" if is_parquet(Path(filename)) else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            fixes = read_fixes(path=path, vessel_col=vessel_col)
        except TrackInputError as error:
            raise TrackInputError(str(error).replace(str(path), filename)) from error
    if fixes.rows_read > MAX_UPLOAD_ROWS:
        raise TrackInputError(
            f"{filename}: {fixes.rows_read} rows; the track upload limit is {MAX_UPLOAD_ROWS} "
            "rows. Split the file or use python -m geo.track."
        )
    return analyse_fixes(fixes=fixes, max_gap_s=max_gap_s)
