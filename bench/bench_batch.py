"""Streaming ``geo.check --csv`` on a large file: ``python -m bench.bench_batch [--points N]``.

Writes N random points over the modelled region to a CSV file (default 20 million), then, in
the same run, checks it with the command line twice, each in its own process:

- streaming (the default, chunks of 100,000 rows);
- in memory: the same code with one chunk holding the whole file (what ``geo.check --csv``
  did before it streamed: read everything, check everything, write everything);

and prints wall time, points per second (zone + geodesic distance), peak memory (max RSS of
the process) and the ratios. ``--in-memory-points M`` runs the in-memory path on the first M
points only, when the machine has not the memory for all N (its points/s is still comparable).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.machine_load import load_line

REPO_ROOT = Path(__file__).resolve().parents[1]
_PEAK = (
    "import resource, subprocess, sys\n"
    "status = subprocess.run(sys.argv[1:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'PEAK_KB {peak} STATUS {status}', file=sys.stderr)\n"
)


def write_points(path: Path, n: int, *, seed: int = 2025, block: int = 1_000_000) -> None:
    """N random points over the modelled region, with an id column, written block by block."""
    from geo.constants import MODELLED_REGION

    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,lat,lon\n")
        for start in range(0, n, block):
            m = min(block, n - start)
            lat = rng.uniform(MODELLED_REGION[1], MODELLED_REGION[3], m)
            lon = rng.uniform(MODELLED_REGION[0], MODELLED_REGION[2], m)
            handle.write(
                "".join(
                    f"p{start + i},{a:.5f},{b:.5f}\n"
                    for i, (a, b) in enumerate(zip(lat, lon, strict=True))
                )
            )


def run_check(in_path: Path, out_path: Path, chunk_rows: int) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one ``geo.check --csv`` process."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), PYTHONWARNINGS="ignore")
    command = [sys.executable, "-m", "geo.check", "--csv", str(in_path), "--out", str(out_path)]
    command += ["--chunk-rows", str(chunk_rows)]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    tail = done.stderr.strip().splitlines()[-1]
    if "STATUS 0" not in tail:
        raise SystemExit(f"geo.check failed: {done.stderr[-2000:]}")
    return seconds, int(tail.split()[1]) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=20_000_000)
    parser.add_argument("--in-memory-points", type=int, default=None)
    parser.add_argument("--chunk-rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    in_memory_n = args.in_memory_points or args.points
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "points.csv"
        start = time.perf_counter()
        write_points(source, args.points)
        print(
            f"wrote {args.points:,} points ({source.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - start:.0f} s"
        )
        stream_s, stream_mb = run_check(source, work / "out.csv", args.chunk_rows)
        (work / "out.csv").unlink()
        small = source
        if in_memory_n < args.points:
            small = work / "head.csv"
            with source.open(encoding="utf-8") as src, small.open("w", encoding="utf-8") as dst:
                for _ in range(in_memory_n + 1):
                    dst.write(src.readline())
        memory_s, memory_mb = run_check(small, work / "out.csv", in_memory_n + 1)
    stream_rate = args.points / stream_s
    memory_rate = in_memory_n / memory_s
    print(
        f"streaming, {args.points:,} points: {stream_s:.1f} s, {stream_rate:,.0f} points/s, "
        f"peak memory {stream_mb:,.0f} MB (target < 1,536 MB)"
    )
    print(
        f"in memory, {in_memory_n:,} points: {memory_s:.1f} s, {memory_rate:,.0f} points/s, "
        f"peak memory {memory_mb:,.0f} MB"
    )
    print(
        f"ratio: streaming {stream_rate / memory_rate:.2f}x the in-memory points/s "
        f"(target >= 1), {memory_mb / stream_mb:.1f}x less memory"
    )
    print(load_line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
