"""One answer whichever path gives it: single point, vectorised, streaming and Dask.

Zones, states and flags are identical on every path. Distances are identical between the
vectorised (more than 64 points), streaming and Dask paths, which all measure to the
baseline resampled every 25 m; the single-point path measures exactly and agrees within the
bounds documented in ``geo.baseline_distance`` (checked by ``_assert_distance_agrees``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reliability_geo import (
    _EDGES,
    _IN_REGION,
    _NEAR_COAST,
    BATCH_MIN,
    GLOBAL_M,
    _assert_distance_agrees,
    _rounded,
)

from geo.batch import check_file
from geo.check import check_point, check_points
from geo.constants import METRES_PER_NM
from geo.dask_engine import check_dask_frame, local_client, run_dask

if TYPE_CHECKING:
    from distributed import Client

POINTS = st.one_of(_IN_REGION, _NEAR_COAST, _EDGES).map(lambda p: (_rounded(p[0]), _rounded(p[1])))
BATCHES = st.lists(POINTS, min_size=BATCH_MIN, max_size=BATCH_MIN + 20)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Two worker processes: the indexes really travel by the worker plugin.
    dask_client = local_client(workers=2, processes=True)
    yield dask_client
    cluster = dask_client.cluster
    dask_client.close()  # type: ignore[no-untyped-call]  # distributed is unannotated
    assert cluster is not None
    cluster.close()


def _flags(
    zone: object, state: object, tw: object, disputed: object
) -> tuple[str, str | None, bool, bool]:
    return (
        str(zone),
        None if pd.isna(state) or state == "" else str(state),
        bool(tw),
        bool(disputed),
    )


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    points=BATCHES,
    chunk_rows=st.integers(min_value=1, max_value=40),
    partitions=st.integers(min_value=1, max_value=4),
)
def test_every_path_gives_the_same_answer(
    client: Client,
    tmp_path: Path,
    points: list[tuple[float, float]],
    chunk_rows: int,
    partitions: int,
) -> None:
    lat = np.array([p[0] for p in points])
    lon = np.array([p[1] for p in points])
    vectorised = check_points(lat=lat, lon=lon)
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("lat,lon\n" + "".join(f"{a:.6f},{b:.6f}\n" for a, b in points), "utf-8")
    check_file(in_path=source, out_path=out, chunk_rows=chunk_rows)
    with out.open(encoding="utf-8", newline="") as handle:
        streamed = list(csv.DictReader(handle))
    frame = dd.from_pandas(  # type: ignore[no-untyped-call]  # dask is unannotated
        pd.DataFrame({"lat": lat, "lon": lon}), npartitions=partitions
    )
    on_dask = check_dask_frame(frame, client=client).compute()  # type: ignore[no-untyped-call]
    assert len(streamed) == len(on_dask) == len(points)
    for k, (a, b) in enumerate(points):
        v = vectorised.iloc[k]
        s = streamed[k]
        d = on_dask.iloc[k]
        single = check_point(lat=a, lon=b)
        expected = (single.zone, single.state, single.in_territorial_waters, single.disputed)
        assert _flags(v.zone, v.state, v.in_territorial_waters, v.disputed) == expected
        assert (s["zone"], s["state"] or None, s["in_territorial_waters"], s["disputed"]) == (
            single.zone,
            single.state,
            str(single.in_territorial_waters),
            str(single.disputed),
        )
        assert _flags(d.zone, d.state, d.in_territorial_waters, d.disputed) == expected
        assert s["distance_nm"] == f"{v.distance_nm:.4f}"
        assert d.distance_nm == round(v.distance_nm, 4)
        if single.distance_nm * METRES_PER_NM < GLOBAL_M:
            _assert_distance_agrees(
                batch_nm=v.distance_nm, exact_nm=single.distance_nm, where=(a, b)
            )


def test_dask_command_path_writes_partitioned_geoparquet(client: object, tmp_path: Path) -> None:
    import geopandas as gpd

    del client  # the command line starts its own local cluster
    rng = np.random.default_rng(3)
    n = 3_000
    lat, lon = rng.uniform(9.5, 12.5, n), rng.uniform(-70.0, -60.0, n)
    source = tmp_path / "in.csv"
    lines = ["name,lat,lon"] + [
        f"p{i},{a:.6f},{b:.6f}" for i, (a, b) in enumerate(zip(lat, lon, strict=True))
    ]
    source.write_text("\n".join([*lines, "bad,north,1"]) + "\n", "utf-8")
    streamed = tmp_path / "streamed.csv"
    check_file(in_path=source, out_path=streamed)
    out_dir = tmp_path / "checked"
    status = run_dask(in_path=source, out_dir=out_dir, scheduler=None, partition_rows=800)
    assert status == 1  # the bad row
    parts = sorted(p.name for p in out_dir.glob("*.parquet"))
    assert len(parts) >= 2
    frame = gpd.read_parquet(out_dir)
    with streamed.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert frame["name"].tolist() == [r["name"] for r in rows]
    assert frame["zone"].fillna("").tolist() == [r["zone"] for r in rows]
    assert [f"{d:.4f}" for d in frame["distance_nm"][:-1]] == [r["distance_nm"] for r in rows[:-1]]
    # Bad rows are reported by line, as the streaming path reports them.
    assert frame["error"].iloc[-1] == "line 3002: lat/lon must be decimal degrees, got 'north', '1'"
    assert frame["error"].iloc[-1] == rows[-1]["error"]
    assert frame.geometry.iloc[-1] is None


@pytest.mark.slow  # two local clusters: about 10 s on a loaded machine
def test_dask_reports_bad_rows_by_line_and_row_like_the_stream(
    client: object, tmp_path: Path
) -> None:
    """CSV lines count blank lines and quoted line ends; GeoParquet rows count from 1."""
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.parquet as pq

    del client
    rng = np.random.default_rng(11)
    lines = ["name,lat,lon"]
    for i in range(1_500):
        lines.append(f"p{i},{rng.uniform(9.5, 12.5):.6f},{rng.uniform(-70.0, -60.0):.6f}")
        if i in (300, 900):
            lines.append("")  # a blank line: skipped, but counted
    lines[20] = '"two\nlines",10.7,-66.93'
    lines[700] = "bad,north,-62"
    lines[1300] = "wide,10.7,-66.9,extra"
    source = tmp_path / "in.csv"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    streamed = tmp_path / "streamed.csv"
    check_file(in_path=source, out_path=streamed)
    with streamed.open(encoding="utf-8", newline="") as handle:
        expected = [r["error"] for r in csv.DictReader(handle)]
    assert [e for e in expected if e] == [
        "line 702: lat/lon must be decimal degrees, got 'north', '-62'",
        "line 1302: 4 cells but 3 columns in the header (the extra cells are not copied)",
    ]
    out_dir = tmp_path / "checked"
    assert run_dask(in_path=source, out_dir=out_dir, scheduler=None, partition_rows=100) == 1
    assert len(list(out_dir.glob("*.parquet"))) >= 10
    frame = gpd.read_parquet(out_dir)
    assert frame["error"].fillna("").tolist() == expected
    assert frame["name"].iloc[19] == "two\nlines"
    # GeoParquet: by row number, across row groups.
    lat = rng.uniform(9.5, 12.5, 1_000).tolist()
    lat[777] = None
    parquet = tmp_path / "in.parquet"
    pq.write_table(
        pa.table({"lat": lat, "lon": rng.uniform(-70.0, -60.0, 1_000)}), parquet, row_group_size=90
    )
    out_dir = tmp_path / "from_parquet"
    assert run_dask(in_path=parquet, out_dir=out_dir, scheduler=None, partition_rows=200) == 1
    errors = gpd.read_parquet(out_dir)["error"].dropna().tolist()
    assert len(errors) == 1 and errors[0].startswith(
        "row 778: latitude and longitude must be finite numbers, got nan, -"
    )
    check_file(in_path=parquet, out_path=tmp_path / "streamed.parquet")
    assert pq.read_table(tmp_path / "streamed.parquet")["error"].drop_null().to_pylist() == errors


def test_dask_output_never_replaces_a_folder_of_other_files(tmp_path: Path) -> None:
    from geo.batch import BatchInputError

    source = tmp_path / "in.csv"
    source.write_text("lat,lon\n10.7,-66.93\n", "utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", "utf-8")
    with pytest.raises(BatchInputError, match=r"holds files other than GeoParquet parts"):
        run_dask(in_path=source, out_dir=folder, scheduler=None)
    assert (folder / "notes.txt").read_text("utf-8") == "keep me"
