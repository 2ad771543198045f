"""Geodesic distance from points to Venezuela's baseline.

Two paths, one answer to within a metre:

- a few points (the command line, a click): for each point, the vertices of every segment that
  could hold the nearest point (found by chord distance, first to spheres bounding runs of 16
  segments) are projected into an azimuthal-equidistant plane centred on that point, where
  distance from the centre is the geodesic distance, and the nearest point of each segment is
  found in that plane (within centimetres of brute-force ``pyproj.Geod`` on densified
  segments);
- many points (a CSV, a benchmark): the baseline is resampled every ``_SAMPLE_M`` metres and
  indexed in a k-d tree of Earth-centred coordinates; the distance is the exact ``Geod.inv``
  distance to the nearest sample by chord (on the ellipsoid, chord and geodesic order samples
  alike to well under a metre at these distances). Measuring to samples overstates a
  distance ``d`` by at most ``s**2 / (8 d)`` for spacing ``s``: under 1 m beyond 100 m from the
  coast, at most 12.5 m on it.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import pyproj
import shapely

from geo.data import load_all_baselines, load_baseline_lines
from geo.geodesy import GEOD, aeqd_transformer, ecef, lonlat_from_ecef

_SAMPLE_M = 25.0
#: Threads of a k-d tree query (-1: one per core). A Dask worker process sets 1, since the
#: cluster already runs one worker per core and more threads would only contend.
QUERY_THREADS: list[int] = [-1]
#: Up to this many points, the exact per-point path is faster than building the k-d tree.
_EXACT_MAX_POINTS = 64
#: Below this many points a batch's geodesic distances are solved on one thread: starting
#: threads costs more than it saves.
_THREADED_INVERSE_MIN_POINTS = 50_000

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class BaselineDistances:
    """Distances (metres) and the nearest baseline points for an array of positions."""

    distance_m: FloatArray
    nearest_lon: FloatArray
    nearest_lat: FloatArray


def _segment_starts(lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """First vertex of every segment of lines of ``lengths`` vertices, laid end to end.

    Segment k joins vertex k and k + 1, except across the end of a line.
    """
    is_start = np.ones(int(lengths.sum()), dtype=bool)
    is_start[np.cumsum(lengths) - 1] = False
    return np.flatnonzero(is_start)


class BaselineIndex:
    """Distance to a set of lon/lat lines."""

    def __init__(self, lines: list[shapely.LineString]) -> None:
        coords = [np.asarray(line.coords, dtype=float)[:, :2] for line in lines]
        self.vertices = np.concatenate(coords)
        self.segment_start = _segment_starts(np.array([len(c) for c in coords]))
        self.lines = coords

    @cached_property
    def _segments(self) -> _ExactSegments:
        return _ExactSegments(self.vertices, self.segment_start)

    def distances(
        self, lon: FloatArray, lat: FloatArray, *, sampled: bool = False, threads: int = 0
    ) -> BaselineDistances:
        """Geodesic distance from each (lon, lat) to the lines.

        ``sampled=True`` always takes the sampled path, so that a file checked in chunks of
        any size gets the same answer as the whole file at once. ``threads`` for a batch
        (0: :data:`QUERY_THREADS`).
        """
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        if len(lon) <= _EXACT_MAX_POINTS and not sampled:
            return self._exact(lon, lat)
        return self._sampled(lon, lat, threads=threads or _query_threads())

    # -- exact path ---------------------------------------------------------------------------

    def _exact(self, lon: FloatArray, lat: FloatArray) -> BaselineDistances:
        out = np.empty((3, len(lon)))
        for i, (x0, y0) in enumerate(zip(lon, lat, strict=True)):
            _, out[:, i] = self._segments.nearest(float(x0), float(y0))
        return BaselineDistances(out[0], out[1], out[2])

    # -- sampled path -------------------------------------------------------------------------

    @cached_property
    def _samples(self) -> _Samples:
        return _Samples(self.lines, spacing_m=_SAMPLE_M)

    def _sampled(self, lon: FloatArray, lat: FloatArray, *, threads: int) -> BaselineDistances:
        samples = self._samples
        idx = samples.nearest(ecef(lon, lat), threads=threads)
        sample_lon, sample_lat = samples.lon[idx], samples.lat[idx]
        dist = geodesic_distances_m(lon, lat, sample_lon, sample_lat, threads=threads)
        return BaselineDistances(dist, sample_lon, sample_lat)


def _query_threads() -> int:
    return QUERY_THREADS[0] if QUERY_THREADS[0] > 0 else os.cpu_count() or 1


def geodesic_distances_m(
    lon1: FloatArray, lat1: FloatArray, lon2: FloatArray, lat2: FloatArray, *, threads: int = 0
) -> FloatArray:
    """``Geod.inv`` distances (metres), solved on :data:`QUERY_THREADS` threads for a batch.

    PROJ releases the GIL while it solves the inverse problem, so chunks on two threads take
    half the time of one call; every pair gets the very same solution either way.
    """
    threads = threads or _query_threads()
    if threads == 1 or len(lon1) < _THREADED_INVERSE_MIN_POINTS:
        return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])
    bounds = np.linspace(0, len(lon1), threads + 1).astype(np.int64)
    chunks = [slice(int(start), int(stop)) for start, stop in pairwise(bounds)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        parts = pool.map(
            lambda part: np.asarray(GEOD.inv(lon1[part], lat1[part], lon2[part], lat2[part])[2]),
            chunks,
        )
        return np.concatenate(list(parts))


#: Side of the cubes (Earth-centred metres) that order a batch of queries.
_QUERY_CELL_M = 50_000.0
#: Cubes per axis in one sort key: 2**10 cubes of 50 km span more than the Earth's diameter.
_CELLS_PER_AXIS = 1 << 10


def _cell_key(points_xyz: FloatArray) -> npt.NDArray[np.int64]:
    """One integer per point naming its cube, ordered x, then y, then z."""
    cell = np.floor(points_xyz / _QUERY_CELL_M).astype(np.int64) + _CELLS_PER_AXIS // 2
    return (cell[:, 0] * _CELLS_PER_AXIS + cell[:, 1]) * _CELLS_PER_AXIS + cell[:, 2]


def _nearest_on_segments(
    lon: float, lat: float, vertices: FloatArray, segment_start: npt.NDArray[np.int64]
) -> tuple[int, tuple[float, float, float]]:
    """The nearest point to (lon, lat) on the segments starting at ``segment_start``.

    Every vertex is projected into an azimuthal-equidistant plane centred on the position,
    where distance from the centre is the geodesic distance, and each segment's nearest point
    is found in that plane. Returns the index (into ``segment_start``) of the nearest segment
    and (geodesic distance in metres, lon, lat) of its nearest point.
    """
    transformer = aeqd_transformer(lon, lat)
    ax, ay = transformer.transform(vertices[segment_start, 0], vertices[segment_start, 1])
    bx, by = transformer.transform(vertices[segment_start + 1, 0], vertices[segment_start + 1, 1])
    ax, ay, bx, by = (np.asarray(v) for v in (ax, ay, bx, by))
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = np.clip(-(ax * dx + ay * dy) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    cx, cy = ax + t * dx, ay + t * dy
    k = int(np.argmin(cx * cx + cy * cy))
    near_lon, near_lat = transformer.transform(
        cx[k], cy[k], direction=pyproj.enums.TransformDirection.INVERSE
    )
    _, _, distance_m = GEOD.inv(lon, lat, near_lon, near_lat)
    return k, (float(distance_m), float(near_lon), float(near_lat))


class _Samples:
    """Points every ``spacing_m`` along lines (Earth-centred), in a k-d tree.

    Samples sit on the chords between vertices (every vertex is one): a 100-m chord sags
    0.2 mm below the ellipsoid, nothing beside the distances measured from them.
    """

    def __init__(self, lines: list[FloatArray], *, spacing_m: float) -> None:
        from scipy.spatial import cKDTree  # heavy import, only for batches

        self.xyz, self.line_of = _resample_all(lines, spacing_m=spacing_m)
        # Once here rather than for every batch: a batch of a million points would convert a
        # million samples back to lon/lat.
        self.lon, self.lat = lonlat_from_ecef(self.xyz)
        # A sliding-midpoint tree answers queries far from a coast-shaped point cloud about
        # five times faster than the default median split (measured on this baseline).
        self.tree = cKDTree(self.xyz, leafsize=64, balanced_tree=False, compact_nodes=False)

    def nearest(self, points_xyz: FloatArray, *, threads: int) -> npt.NDArray[np.int64]:
        """Index of the nearest sample to each point."""
        # Asked in spatial order, neighbouring queries walk the same tree nodes while they are
        # in cache: three times faster on random points over the theatre (measured).
        order = np.argsort(_cell_key(points_xyz))
        _, idx = self.tree.query(points_xyz[order], k=1, workers=threads)
        out = np.empty(len(points_xyz), dtype=np.int64)
        out[order] = idx
        return out


#: Baseline segments longer than this (closing lines, long straight coasts) are traced along
#: their geodesic when the build writes them: every path then measures to the same line, and
#: a chord between samples sags by centimetres at most.
MAX_SEGMENT_M = 1_000.0


def with_short_segments(lines: list[FloatArray]) -> list[FloatArray]:
    """Lon/lat lines with points inserted along the geodesic of every segment over 1 km."""
    vertices = np.concatenate(lines)
    lon, lat = vertices[:, 0], vertices[:, 1]
    _, _, length_m = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    ends = np.cumsum([len(line) for line in lines]) - 1
    long_segment = np.asarray(length_m) > MAX_SEGMENT_M
    long_segment[ends[:-1]] = False  # the step from one line to the next is no segment
    if not long_segment.any():
        return lines
    # Points along each long segment's geodesic, inserted after its first vertex.
    starts = np.flatnonzero(long_segment)
    inserted = [
        np.asarray(
            GEOD.npts(lon[k], lat[k], lon[k + 1], lat[k + 1], int(length_m[k] // MAX_SEGMENT_M))
        )
        for k in starts
    ]
    counts = np.array([len(p) for p in inserted])
    dense = np.insert(vertices, np.repeat(starts + 1, counts), np.concatenate(inserted), axis=0)
    inserted_before = np.concatenate([[0], np.cumsum(counts)])
    dense_ends = ends + inserted_before[np.searchsorted(starts, ends, side="left")]
    return np.split(dense, dense_ends[:-1] + 1)


def _resample_all(
    lines: list[FloatArray], *, spacing_m: float
) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Points at most ``spacing_m`` apart along every lon/lat line (Earth-centred).

    Also returns the index of the line each point came from; points are in line order.
    """
    lengths = np.array([len(line) for line in lines])
    vertices = np.concatenate(lines)
    xyz = ecef(vertices[:, 0], vertices[:, 1])
    line_of_vertex = np.repeat(np.arange(len(lines)), lengths)
    last = np.cumsum(lengths) - 1
    start = _segment_starts(lengths)
    seg = xyz[start + 1] - xyz[start]
    n = np.maximum(np.ceil(np.linalg.norm(seg, axis=1) / spacing_m).astype(np.int64), 1)
    frac = (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)) / np.repeat(n, n)
    chord = np.repeat(xyz[start], n, axis=0) + np.repeat(seg, n, axis=0) * frac[:, None]
    # Each line's last vertex closes it; the samples are put back in line order.
    out_xyz = np.concatenate([chord, xyz[last]])
    out_line = np.concatenate([np.repeat(line_of_vertex[start], n), line_of_vertex[last]])
    position = np.concatenate([np.repeat(start, n) + frac, last.astype(float)])
    order = np.argsort(position, kind="stable")
    return out_xyz[order], out_line[order]


@lru_cache(maxsize=1)
def venezuela_baseline_index() -> BaselineIndex:
    """Index over Venezuela's baseline (built once per process)."""
    return BaselineIndex(load_baseline_lines())


#: Spacing of the samples of every state's baseline for batches: the nearest sample is then
#: refined on the two sample-to-sample chords beside it wherever sampling alone could be off
#: by more than :data:`_REFINE_ERROR_M` (``spacing**2 / (8 d)``, i.e. within 1.25 km).
_STATE_SAMPLE_M = 100.0
_REFINE_ERROR_M = 1.0
#: Slack (metres) between a chord and its geodesic when pruning segments: a 20-km segment's
#: geodesic bows 8 m from its chord; coast segments are far shorter.
_CHORD_SLACK_M = 100.0


@dataclass(frozen=True)
class NearestStateDistances:
    """The state whose baseline is nearest each position, the distance and the nearest point."""

    state: npt.NDArray[np.object_]
    distance_m: FloatArray
    nearest_lon: FloatArray
    nearest_lat: FloatArray


class StateBaselineIndex:
    """Distance to the nearest baseline of any state, and whose baseline it is."""

    def __init__(self, *, lines: list[FloatArray], states: list[str]) -> None:
        # The build traces segments longer than 1 km along their geodesics
        # (:func:`with_short_segments`), so a chord between samples sags by centimetres.
        self.lines = lines
        self.line_state = np.asarray(states, dtype=object)
        self.vertices = np.concatenate(lines)
        lengths = np.array([len(c) for c in lines])
        self.vertex_line = np.repeat(np.arange(len(lines)), lengths)
        self.segment_start = _segment_starts(lengths)

    def nearest(
        self, lon: FloatArray, lat: FloatArray, *, sampled: bool = False, threads: int = 0
    ) -> NearestStateDistances:
        """Nearest state baseline for each (lon, lat); the options as in :class:`BaselineIndex`."""
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        if len(lon) <= _EXACT_MAX_POINTS and not sampled:
            return self._exact(lon, lat)
        return self._sampled(lon, lat, threads=threads or _query_threads())

    def _exact(self, lon: FloatArray, lat: FloatArray) -> NearestStateDistances:
        states = np.empty(len(lon), dtype=object)
        out = np.empty((3, len(lon)))
        for i, (x0, y0) in enumerate(zip(lon, lat, strict=True)):
            start, out[:, i] = self._segments.nearest(float(x0), float(y0))
            states[i] = self.line_state[self.vertex_line[start]]
        return NearestStateDistances(states, out[0], out[1], out[2])

    @cached_property
    def _samples(self) -> _Samples:
        return _Samples(self.lines, spacing_m=_STATE_SAMPLE_M)

    @cached_property
    def _segments(self) -> _ExactSegments:
        return _ExactSegments(self.vertices, self.segment_start)

    def _sampled(self, lon: FloatArray, lat: FloatArray, *, threads: int) -> NearestStateDistances:
        samples = self._samples
        xyz, line_of = samples.xyz, samples.line_of
        points = ecef(lon, lat)
        idx = samples.nearest(points, threads=threads)
        near_xyz = xyz[idx].copy()
        chord = np.linalg.norm(near_xyz - points, axis=1)
        close = np.flatnonzero(chord < _STATE_SAMPLE_M**2 / (8 * _REFINE_ERROR_M))
        refined = np.zeros(len(points), dtype=bool)
        for step in (-1, 1):
            other = np.clip(idx[close] + step, 0, len(xyz) - 1)
            same_line = line_of[other] == line_of[idx[close]]
            a, b = xyz[idx[close]], xyz[other]
            ab = b - a
            length2 = np.einsum("ij,ij->i", ab, ab)
            t = np.clip(
                np.einsum("ij,ij->i", points[close] - a, ab) / np.where(length2 > 0, length2, 1.0),
                0.0,
                1.0,
            )
            candidate = a + t[:, None] * ab
            better = same_line & (
                np.linalg.norm(candidate - points[close], axis=1)
                < np.linalg.norm(near_xyz[close] - points[close], axis=1)
            )
            near_xyz[close[better]] = candidate[better]
            refined[close[better]] = True
        near_lon, near_lat = samples.lon[idx], samples.lat[idx]
        moved = np.flatnonzero(refined)
        near_lon[moved], near_lat[moved] = lonlat_from_ecef(near_xyz[moved])
        dist = geodesic_distances_m(lon, lat, near_lon, near_lat, threads=threads)
        return NearestStateDistances(self.line_state[line_of[idx]], dist, near_lon, near_lat)


class _ExactSegments:
    """The exact nearest point on a set of lon/lat segments, for one position at a time."""

    def __init__(self, vertices: FloatArray, segment_start: npt.NDArray[np.int64]) -> None:
        self.vertices = vertices
        self.segment_start = segment_start
        self.vertex_xyz = ecef(vertices[:, 0], vertices[:, 1])
        a = self.vertex_xyz[segment_start]
        b = self.vertex_xyz[segment_start + 1]
        self.segment_chord_m = np.linalg.norm(b - a, axis=1)
        self.blocks = _SegmentBlocks(a, b, slack_m=_CHORD_SLACK_M)

    def nearest(self, lon: float, lat: float) -> tuple[int, tuple[float, float, float]]:
        """Start vertex of the nearest segment, and (distance m, lon, lat) of its nearest point."""
        point_xyz = ecef([lon], [lat])[0]
        segments = self.blocks.candidates(point_xyz)
        start = self.segment_start[segments]
        chord = np.linalg.norm(self.vertex_xyz[start] - point_xyz, axis=1)
        end_chord = np.linalg.norm(self.vertex_xyz[start + 1] - point_xyz, axis=1)
        # A segment can hold a nearer point than the nearest vertex only if its start is
        # within the nearest vertex's distance plus the segment's length.
        bound = float(min(chord.min(), end_chord.min())) + _CHORD_SLACK_M
        keep = start[chord - self.segment_chord_m[segments] <= bound]
        k, found = _nearest_on_segments(lon, lat, self.vertices, keep)
        return int(keep[k]), found


#: Consecutive segments bounded by one sphere when a single position looks for its nearest.
_BLOCK_SEGMENTS = 16


class _SegmentBlocks:
    """Runs of consecutive segments, each bounded by a sphere (Earth-centred metres).

    A single position measures to the block centres first and keeps only the blocks that can
    hold a segment the exact search would consider: a tenth of the time of measuring to every
    vertex of the theatre, with the same candidates.
    """

    def __init__(self, a: FloatArray, b: FloatArray, *, slack_m: float) -> None:
        first = np.arange(0, len(a), _BLOCK_SEGMENTS)
        counts = np.diff(np.append(first, len(a)))
        self.centre = np.add.reduceat(a, first, axis=0) / counts[:, None]
        block_of = np.repeat(np.arange(len(first)), counts)
        reach = np.maximum(
            np.linalg.norm(a - self.centre[block_of], axis=1),
            np.linalg.norm(b - self.centre[block_of], axis=1),
        )
        self.radius = np.maximum.reduceat(reach, first)
        # Kept against the nearest vertex's distance plus this: the exact search's slack and
        # its allowance for a segment's length.
        self.margin = slack_m + np.maximum.reduceat(np.linalg.norm(b - a, axis=1), first)
        self.first, self.counts = first, counts

    def candidates(self, point_xyz: FloatArray) -> npt.NDArray[np.int64]:
        """Indexes of the segments in every block that may hold the nearest point."""
        to_centre = np.linalg.norm(self.centre - point_xyz, axis=1)
        # Every vertex of a block lies within its radius: the nearest vertex is no farther
        # than the best block's centre distance plus radius, and no segment of a block is
        # nearer than its centre distance minus radius.
        nearest_vertex_bound = float((to_centre + self.radius).min())
        kept = np.flatnonzero(to_centre - self.radius <= nearest_vertex_bound + self.margin)
        counts = self.counts[kept]
        offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        segments: npt.NDArray[np.int64] = np.repeat(self.first[kept], counts) + offset
        return segments


@lru_cache(maxsize=1)
def state_baseline_index() -> StateBaselineIndex:
    """Index over every state's baseline (built once per process)."""
    table = load_all_baselines()
    parts, owner = shapely.get_parts(table.geometry, return_index=True)
    coords, line_of_vertex = shapely.get_coordinates(parts, return_index=True)
    splits = np.flatnonzero(np.diff(line_of_vertex)) + 1
    lines = np.split(coords, splits)
    return StateBaselineIndex(lines=lines, states=[str(table.state[i]) for i in owner])


#: From this many points, Venezuela's distances and the nearest state's are measured at once.
_OVERLAP_MIN_POINTS = 50_000


def both_distances(
    venezuela: BaselineIndex,
    states: StateBaselineIndex,
    lon: FloatArray,
    lat: FloatArray,
    *,
    sampled: bool = False,
) -> tuple[BaselineDistances, NearestStateDistances]:
    """Distances to Venezuela's baseline and to the nearest state's, for the same positions.

    For a large batch each runs on its own thread with half the cores: one's numpy steps
    (Earth-centred coordinates, sorting, refining) then overlap the other's tree queries and
    ``Geod.inv`` solutions, about a tenth faster than one after the other on two cores.
    """
    threads = _query_threads()
    if threads < 2 or len(lon) < _OVERLAP_MIN_POINTS:
        return (
            venezuela.distances(lon, lat, sampled=sampled),
            states.nearest(lon, lat, sampled=sampled),
        )
    half = threads // 2
    with ThreadPoolExecutor(max_workers=2) as pool:
        to_venezuela = pool.submit(venezuela.distances, lon, lat, sampled=sampled, threads=half)
        to_states = pool.submit(states.nearest, lon, lat, sampled=sampled, threads=half)
        return to_venezuela.result(), to_states.result()
