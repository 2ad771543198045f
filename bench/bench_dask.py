"""The Dask engine: ``python -m bench.bench_dask [--points N] [--partitions P]``.

On N random points over the modelled region in P partitions (same run, same machine):

- the full check (zone + geodesic distance) with ``geo.dask_engine.check_dask_frame`` on a
  local cluster of 1 and then 2 single-threaded worker processes: throughput and the ratio;
- zone classification on 2 workers, our grid index (``map_partitions``) vs
  ``dask_geopandas.sjoin`` of the same partitions against the same zone polygons (predicate
  ``within``): time, ratio, and whether the zones are identical.

Indexes are shipped to the workers before the clock starts (once per worker), and the points
are persisted on the workers, so the times are of the checking itself.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bench.machine_load import load_line

if TYPE_CHECKING:
    from distributed import Client


def _zones_only(frame: pd.DataFrame) -> pd.DataFrame:
    from geo.check import _zones_and_states

    zone, _, _ = _zones_and_states(frame["lat"].to_numpy(), frame["lon"].to_numpy())
    return pd.DataFrame({"zone": zone}, index=frame.index)


def _timed_compute(collection: Any, client: Client) -> tuple[Any, float]:
    """Compute on the workers and keep the result there (no transfer to the client)."""
    from distributed import wait

    start = time.perf_counter()
    persisted = client.persist(collection)  # type: ignore[no-untyped-call]
    wait(persisted)  # type: ignore[no-untyped-call]  # distributed is unannotated
    return persisted, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=4_000_000)
    parser.add_argument("--partitions", type=int, default=16)
    args = parser.parse_args(argv)
    import dask.dataframe as dd
    import dask_geopandas
    import geopandas as gpd

    from geo.constants import MODELLED_REGION
    from geo.dask_engine import check_dask_frame, local_client, ship_indexes

    rng = np.random.default_rng(2025)
    points = pd.DataFrame(
        {
            "lat": rng.uniform(MODELLED_REGION[1], MODELLED_REGION[3], args.points),
            "lon": rng.uniform(MODELLED_REGION[0], MODELLED_REGION[2], args.points),
        }
    )
    rates = {}
    for workers in (1, 2):
        client = local_client(workers=workers)
        try:
            ship_indexes(client)
            frame = dd.from_pandas(  # type: ignore[no-untyped-call]  # dask is unannotated
                points, npartitions=args.partitions
            ).persist()
            checked = check_dask_frame(frame)
            _timed_compute(check_dask_frame(frame.partitions[:workers]), client)  # warm up
            _, seconds = _timed_compute(checked, client)
            rates[workers] = args.points / seconds
            print(
                f"full check on {workers} worker(s): {seconds:.1f} s, "
                f"{rates[workers]:,.0f} points/s"
            )
            if workers == 2:
                ours_frame = frame.map_partitions(_zones_only, meta={"zone": object})
                ours, ours_s = _timed_compute(ours_frame, client)
                from geo.data import load_zones

                zones = load_zones()[["zone", "geometry"]]
                geo_points = dask_geopandas.from_dask_dataframe(
                    frame, geometry=dask_geopandas.points_from_xy(frame, "lon", "lat")
                ).set_crs(zones.crs)
                right = dask_geopandas.from_geopandas(zones, npartitions=1)
                joined = dask_geopandas.sjoin(geo_points, right, predicate="within")
                theirs, sjoin_s = _timed_compute(joined, client)
                theirs = theirs.compute()
                theirs = theirs[~theirs.index.duplicated(keep="first")]
                answered = ours.compute().loc[theirs.index, "zone"].to_numpy()
                same = np.array_equal(answered, theirs["zone"].to_numpy())
                print(
                    f"zone classification on 2 workers: grid index {ours_s:.2f} s, "
                    f"dask_geopandas.sjoin {sjoin_s:.2f} s, ratio {sjoin_s / ours_s:.1f}x "
                    f"(target >= 5); zones identical on the {len(theirs):,} points sjoin "
                    f"answered: {same}"
                )
                del gpd
        finally:
            cluster = client.cluster
            client.close()  # type: ignore[no-untyped-call]  # distributed is unannotated
            assert cluster is not None
            cluster.close()
    print(f"2 workers vs 1: {rates[2] / rates[1]:.2f}x (target >= 1.6)")
    print(load_line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
