"""A long track through ``geo.track``: ``python -m bench.bench_track [--fixes N]``.

Builds a synthetic track of N fixes (default 100,000): a vessel at 10-14 knots, a fix every
45-75 s, zig-zagging across Venezuela's and its neighbours' zones off the central and eastern
coast, with a few hour-long silences (gaps). In the same run it times ``python -m geo.track``
(a new interpreter, reading the CSV, writing JSON) and compares every crossing with a brute
force reference: each leg resampled along its geodesic every ``--reference-step-m`` metres
(default 5), each sample classified, a crossing at the midpoint of each change, its time
interpolated by distance. Prints the time and the worst time and position differences.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.machine_load import load_line

REPO_ROOT = Path(__file__).resolve().parents[1]
BOX = (10.3, 11.9, -68.0, -61.2)  # lat_min, lat_max, lon_min, lon_max
KNOT_M_S = 1852.0 / 3600.0


def make_track(n: int, *, seed: int = 14) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Times (ns since 2026-01-01), lat, lon of a zig-zagging vessel, kept at sea in BOX."""
    from geo.geodesy import GEOD

    rng = np.random.default_rng(seed)
    t0 = np.datetime64("2026-01-01T00:00:00", "ns").astype(np.int64)
    dt_s = rng.uniform(45, 75, n - 1)
    dt_s[rng.choice(n - 1, size=max(1, n // 20_000), replace=False)] = 4_000.0  # gaps
    times = t0 + np.concatenate([[0], np.cumsum(dt_s * 1e9)]).astype(np.int64)
    lat = np.empty(n)
    lon = np.empty(n)
    lat[0], lon[0] = 11.0, -64.5
    heading = 200.0
    for i in range(1, n):
        heading += rng.normal(0, 8)
        speed = rng.uniform(10, 14) * KNOT_M_S
        step = speed * min(dt_s[i - 1], 75.0)
        x, y, _ = GEOD.fwd(lon[i - 1], lat[i - 1], heading, step)
        if not (BOX[0] < y < BOX[1] and BOX[2] < x < BOX[3]):
            heading += 180.0
            x, y, _ = GEOD.fwd(lon[i - 1], lat[i - 1], heading, step)
        lon[i], lat[i] = x, y
    return times, lat, lon


def reference_crossings(
    times: np.ndarray, lat: np.ndarray, lon: np.ndarray, *, max_gap_s: float, step_m: float
) -> list[tuple[str, float, float, float]]:
    """(from>to key, time in s, lat, lon) of every change of (zone, state), by dense resampling."""
    from geo.check import _zones_and_states
    from geo.geodesy import GEOD

    az, _, length = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    az, length = np.asarray(az), np.asarray(length)
    legs = np.flatnonzero(np.diff(times) / 1e9 <= max_gap_s)
    out = []
    for block in np.array_split(legs, max(1, len(legs) // 5_000)):
        n = np.ceil(length[block] / step_m).astype(int) + 1
        leg = np.repeat(block, n)
        k = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        s = length[leg] * k / np.repeat(n - 1, n)
        x, y, _ = GEOD.fwd(lon[leg], lat[leg], az[leg], s)
        zone, state, _ = _zones_and_states(np.asarray(y), np.asarray(x))
        key = np.char.add(zone.astype(str), state.astype(str))
        change = np.flatnonzero((leg[1:] == leg[:-1]) & (key[1:] != key[:-1]))
        for c in change:
            i = leg[c]
            mid = (s[c] + s[c + 1]) / 2
            mx, my, _ = GEOD.fwd(lon[i], lat[i], az[i], mid)
            when = (times[i] + (times[i + 1] - times[i]) * mid / length[i]) / 1e9
            out.append((str(key[c]) + ">" + str(key[c + 1]), float(when), float(my), float(mx)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixes", type=int, default=100_000)
    parser.add_argument("--reference-step-m", type=float, default=5.0)
    parser.add_argument("--max-gap-s", type=float, default=3_600.0)  # as passed to geo.track
    args = parser.parse_args(argv)
    from geo.geodesy import GEOD

    times, lat, lon = make_track(args.fixes)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "track.csv"
        stamps = np.datetime_as_string(
            times.view("datetime64[ns]").astype("datetime64[ms]"), unit="ms"
        )
        source.write_text(
            "time,lat,lon\n"
            + "".join(f"{t}Z,{a:.6f},{b:.6f}\n" for t, a, b in zip(stamps, lat, lon, strict=True)),
            encoding="utf-8",
        )
        # The reference reads the same rounded positions as the command line.
        lat = np.round(lat, 6)
        lon = np.round(lon, 6)
        env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), PYTHONWARNINGS="ignore")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "geo.track", str(source), "--json", "--max-gap-s", "3600"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        track_s = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"geo.track failed: {done.stderr[-2000:]}")
    vessel = json.loads(done.stdout)["vessels"][0]
    ours = [c for c in vessel["crossings"] if not c["in_gap"]]
    start = time.perf_counter()
    reference = reference_crossings(
        times, lat, lon, max_gap_s=args.max_gap_s, step_m=args.reference_step_m
    )
    reference_s = time.perf_counter() - start
    ours_times = np.array(
        [np.datetime64(c["time"].rstrip("Z"), "ms").astype(np.int64) / 1e3 for c in ours]
    )
    ours_keys = np.array(
        [f"{c['from_zone']}{c['from_state']}>{c['to_zone']}{c['to_state']}" for c in ours]
    )
    worst_s = worst_m = 0.0
    unmatched = 0
    for key, when, ref_lat, ref_lon in reference:
        # The nearest crossing of ours in time between the same zones is the one to compare.
        gap = np.where(ours_keys == key, np.abs(ours_times - when), np.inf)
        k = int(np.argmin(gap)) if len(ours_times) else -1
        if k < 0 or abs(ours_times[k] - when) > 60:
            unmatched += 1
            print(
                f"  reference crossing at {when:.1f} s, {ref_lat:.6f} {ref_lon:.6f}: none of ours"
            )
            continue
        worst_s = max(worst_s, abs(ours_times[k] - when))
        _, _, miss = GEOD.inv(ours[k]["lon"], ours[k]["lat"], ref_lon, ref_lat)
        worst_m = max(worst_m, float(miss))
    print(
        f"geo.track on {args.fixes:,} fixes: {track_s:.2f} s wall, {cpu_s:.2f} s CPU (target "
        f"< 5 s; new interpreter, CSV in, JSON out); {len(ours)} crossings, "
        f"{len(vessel['gaps'])} gaps"
    )
    print(
        f"brute-force reference ({args.reference_step_m:g}-m geodesic resampling of every leg, "
        f"{reference_s:.1f} s): {len(reference)} crossings; same count: "
        f"{len(reference) == len(ours)}, {unmatched} unmatched; worst difference "
        f"{worst_s:.3f} s and {worst_m:.1f} m (targets 1 s, 30 m)"
    )
    print(load_line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
