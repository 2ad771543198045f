"""geo.check --csv as a stream: chunks, GeoParquet, safe output, refused and bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cli_runner import run_module

from geo.batch import check_file
from geo.check import check_points


def _points_csv(path: Path, n: int, *, seed: int = 7) -> Path:
    rng = np.random.default_rng(seed)
    lat = rng.uniform(9.5, 12.5, n)
    lon = rng.uniform(-70.0, -60.0, n)
    lines = ["id,lat,lon"]
    lines += [f"p{i},{a:.6f},{b:.6f}" for i, (a, b) in enumerate(zip(lat, lon, strict=True))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_streaming_a_file_larger_than_the_chunk_gives_the_whole_file_answer(
    tmp_path: Path,
) -> None:
    source = _points_csv(tmp_path / "in.csv", 203)
    whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
    one = check_file(in_path=source, out_path=whole, chunk_rows=10_000)
    many = check_file(in_path=source, out_path=chunked, chunk_rows=7)  # 29 chunks
    assert (one.rows_read, many.rows_read, many.rows_checked) == (203, 203, 203)
    assert whole.read_bytes() == chunked.read_bytes()
    rows = _rows(chunked)
    assert [r["id"] for r in rows] == [f"p{i}" for i in range(203)]
    frame = check_points(
        lat=np.array([float(r["lat"]) for r in rows]), lon=np.array([float(r["lon"]) for r in rows])
    )
    assert [r["zone"] for r in rows] == frame["zone"].tolist()
    assert [r["distance_nm"] for r in rows] == [f"{d:.4f}" for d in frame["distance_nm"]]


def test_out_may_be_the_input_and_a_failed_run_leaves_it_intact(tmp_path: Path) -> None:
    source = _points_csv(tmp_path / "in.csv", 20)
    original = source.read_bytes()
    # Unreadable half-way (a bad byte after the first chunks): exit 2, input untouched.
    broken = tmp_path / "broken.csv"
    broken.write_bytes(original + b"p99,10.7,\xff-66\n")
    before = broken.read_bytes()
    result = run_module(
        "geo.check", "--csv", str(broken), "--out", str(broken), "--chunk-rows", "3"
    )
    assert result.returncode == 2
    assert "not UTF-8 text" in result.stderr
    assert broken.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.csv", "in.csv"]  # no temp left
    # A good run in place: the input becomes the output, with every row.
    result = run_module("geo.check", "--csv", str(source), "--out", str(source))
    assert result.returncode == 0, result.stderr
    rows = _rows(source)
    assert len(rows) == 20 and rows[0]["zone"] and rows[0]["error"] == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.csv", "in.csv"]


def test_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text(
        'name,lat,lon\na,10.7,-66.93\n"b,10.7,-66.93\nc,9.8,-71.6\nd,9.8,-71.6\n', "utf-8"
    )
    out = tmp_path / "out.csv"
    result = run_module("geo.check", "--csv", str(source), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"python -m geo.check: error: {source}: line 3: a quoted cell opened on this line is "
        "never closed (the rest of the file would be read as one cell); close the quote"
    ]
    assert not out.exists()
    # Also when the swallowing record fills a chunk of its own.
    result = run_module("geo.check", "--csv", str(source), "--out", str(out), "--chunk-rows", "1")
    assert result.returncode == 2 and "line 3: a quoted cell opened" in result.stderr
    assert not out.exists()
    # A quote that does close, across lines, is one cell: the record keeps its first line.
    source.write_text('name,lat,lon\n"two\nlines",10.7,-66.93\nx,bad,1\n', "utf-8")
    result = run_module("geo.check", "--csv", str(source), "--out", str(out))
    assert result.returncode == 1
    assert "line 4: lat/lon must be decimal degrees" in result.stderr
    assert [r["name"] for r in _rows(out)] == ["two\nlines", "x"]


def test_added_column_names_are_refused_unless_prefixed(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("lat,lon,zone,error\n10.7,-66.93,mine,none\n", "utf-8")
    out = tmp_path / "out.csv"
    result = run_module("geo.check", "--csv", str(source), "--out", str(out))
    assert result.returncode == 2
    assert "column(s) ['zone', 'error'] would be overwritten" in result.stderr
    assert "--prefix" in result.stderr
    result = run_module("geo.check", "--csv", str(source), "--out", str(out), "--prefix", "chk_")
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == [
        "lat",
        "lon",
        "zone",
        "error",
        "chk_zone",
        "chk_state",
        "chk_in_territorial_waters",
        "chk_disputed",
        "chk_distance_nm",
        "chk_nearest_state",
        "chk_nearest_state_distance_nm",
        "chk_nearest_state_baseline_lat",
        "chk_nearest_state_baseline_lon",
        "chk_error",
    ]
    assert table[1][:6] == ["10.7", "-66.93", "mine", "none", "territorial_sea", "VEN"]


@pytest.mark.parametrize(
    ("body", "status", "counts"),
    [
        ("10.7,-66.93\n9.8,-71.6\n", 0, "2 rows read, 2 checked, 0 with errors"),
        ("10.7,-66.93\n,\n91,0\n9.8,-71.6,1\n", 1, "4 rows read, 1 checked, 3 with errors"),
        ("", 0, "0 rows read, 0 checked, 0 with errors"),
    ],
)
def test_exit_status_and_counts_add_up(tmp_path: Path, body: str, status: int, counts: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text("lat,lon\n" + body, "utf-8")
    out = tmp_path / "out.csv"
    result = run_module("geo.check", "--csv", str(source), "--out", str(out), "--chunk-rows", "2")
    assert result.returncode == status, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(counts)
    rows = _rows(out)
    assert len(rows) == int(counts.split()[0])
    assert [r["lat"] for r in rows] == [line.split(",")[0] for line in body.splitlines()]
    assert all(bool(r["error"]) != bool(r["zone"]) for r in rows)


def test_geoparquet_in_and_out(tmp_path: Path) -> None:
    import geopandas as gpd

    source = _points_csv(tmp_path / "in.csv", 150)
    as_csv = tmp_path / "out.csv"
    check_file(in_path=source, out_path=as_csv)
    # CSV in, GeoParquet out: every cell kept as text, typed added fields, a point geometry.
    as_parquet = tmp_path / "out.parquet"
    summary = check_file(in_path=source, out_path=as_parquet, chunk_rows=40)
    assert summary.rows_read == 150
    metadata = pq.read_schema(as_parquet).metadata
    assert json.loads(metadata[b"geo"])["primary_column"] == "geometry"
    frame = gpd.read_parquet(as_parquet)
    rows = _rows(as_csv)
    assert frame["id"].tolist() == [r["id"] for r in rows]
    assert frame["zone"].tolist() == [r["zone"] for r in rows]
    assert [f"{d:.4f}" for d in frame["distance_nm"]] == [r["distance_nm"] for r in rows]
    assert frame.geometry.iloc[0].x == pytest.approx(float(rows[0]["lon"]))
    # GeoParquet in (numeric lat/lon with a null), CSV out.
    table = pa.table({"lat": [10.7, None, 9.8], "lon": [-66.93, -66.0, -71.6], "n": [1, 2, 3]})
    numeric = tmp_path / "numeric.parquet"
    pq.write_table(table, numeric)
    back = tmp_path / "back.csv"
    summary = check_file(in_path=numeric, out_path=back, chunk_rows=2)
    assert (summary.rows_read, summary.rows_checked, summary.rows_with_errors) == (3, 2, 1)
    rows = _rows(back)
    assert [r["zone"] for r in rows] == ["territorial_sea", "", "internal_waters"]
    assert rows[1]["error"].startswith("row 2: latitude and longitude must be finite")
    # A GeoParquet of points (geometry, no lat/lon columns) is read through its geometry.
    points = tmp_path / "points.parquet"
    gpd.GeoDataFrame(
        {"n": [1]}, geometry=gpd.points_from_xy([-66.93], [10.7]), crs=4326
    ).to_parquet(points)
    out = tmp_path / "points_out.parquet"
    check_file(in_path=points, out_path=out)
    assert gpd.read_parquet(out)["zone"].tolist() == ["territorial_sea"]


def test_the_column_guard_is_the_cell_guard_on_every_cell() -> None:
    from common.csv_cells import guard_untyped_cell
    from geo.batch import guard_column

    cells = [
        "-66.93",
        "+1",
        "-1e3",
        "-1E+05",
        ".5",
        "-.5",
        "1.",
        "-",
        "+",
        "-inf",
        "-nan",
        "-1e999",
        "-" + "9" * 400,
        "-1_000",
        "-1+2",
        "=SUM(A1)",
        "@x",
        "\t-3",
        "\r1",
        "'=x",
        "''",
        "'a",
        " -1",
        "-1 ",
        "-٣",
        "plain",
        "",
        "-0x10",
        "-1e99",
        "-12345678901234567890.1234",
    ]
    assert list(guard_column(cells)) == [guard_untyped_cell(c) for c in cells]
    assert guard_column(("a", "1")) == ("a", "1")  # nothing suspect: the column itself


def test_outputs_add_the_point_checks_columns_from_one_definition(tmp_path: Path) -> None:
    from geo.check import ADDED_COLUMNS, check_points
    from geo.dask_engine import check_partition

    assert set(ADDED_COLUMNS) <= set(check_points(lat=np.array([10.7]), lon=np.array([-66.9])))
    source = _points_csv(tmp_path / "in.csv", 5)
    out = tmp_path / "out.csv"
    check_file(in_path=source, out_path=out)
    with out.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["id", "lat", "lon", *ADDED_COLUMNS, "error"]
    as_parquet = tmp_path / "out.parquet"
    check_file(in_path=source, out_path=as_parquet)
    assert pq.read_schema(as_parquet).names == [
        "id",
        "lat",
        "lon",
        *ADDED_COLUMNS,
        "error",
        "geometry",
    ]
    import pandas as pd

    checked = check_partition(pd.DataFrame({"lat": [10.7], "lon": [-66.93]}), prefix="p_")
    assert list(checked.columns) == ["lat", "lon", *(f"p_{c}" for c in ADDED_COLUMNS), "p_error"]


def test_position_column_files_stream_in_chunks(tmp_path: Path) -> None:
    from geo.batch import check_positions_file

    source = tmp_path / "positions.csv"
    source.write_text(
        "name,position\n"
        "a,10.70 -66.93\n"
        "b,126 nm off Golfito\n"
        "\n"
        "c,126 nm off Atlantis\n"
        "d,=cmd\n"
        "e,10.70 -66.93,extra\n"
        '"f\nf",11.0 -64.0\n',
        "utf-8",
    )
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    whole = check_positions_file(in_path=source, out_path=one, chunk_rows=1_000)
    chunked = check_positions_file(in_path=source, out_path=many, chunk_rows=2)
    assert one.read_bytes() == many.read_bytes()
    assert (chunked.rows_read, chunked.rows_checked, chunked.rows_with_errors) == (6, 3, 3)
    assert whole.first_errors == chunked.first_errors
    assert [e.split(":")[0] for e in chunked.first_errors] == ["line 5", "line 6", "line 7"]
    assert chunked.first_errors[2] == "line 7: 3 cells but 2 columns in the header"
    rows = _rows(many)
    assert [r["name"] for r in rows] == ["a", "b", "c", "d", "e", "f\nf"]
    assert [r["position_kind"] for r in rows] == ["point", "reported", "", "", "", "point"]
    assert rows[3]["position"] == "'=cmd"
