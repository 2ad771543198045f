"""The point check under random, hostile and faulty conditions.

- Three paths, one answer: for random positions over the modelled region (uniform, close to
  Venezuela's baseline, on the region's edges) and anywhere on Earth, the vectorised
  ``check_points`` (batch path, more than 64 points), the single ``check_point`` and the command
  line (``--csv`` for a batch, ``--json`` for single points) give the same zone, state, dispute
  flag and territorial-waters flag, and distances that agree within the documented bounds.
- ``--csv`` output is guarded against formula injection; numbers stay numbers.
- A missing or corrupted file of ``data/geo/`` gives exit status 2 and one line on stderr.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cli_runner import run_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from repo_copy import copy_repo

from common.csv_cells import FORMULA_TRIGGERS
from geo.check import check_point, check_points, main
from geo.constants import METRES_PER_NM
from geo.data import load_baseline_lines

#: Batch path (k-d tree on 25-m samples) vs exact path, in metres: the bound of
#: ``geo.baseline_distance`` (s**2 / 8d for s = 25 m) plus 0.1 m for the 4-decimal nm rounding.
FAR_TOLERANCE_M = 1.0 + 0.1
COAST_TOLERANCE_M = 12.5 + 0.1
COAST_M = 100.0
#: Beyond the Caribbean and the Eastern Pacific (3,000 km) the two paths are only bounded by the
#: Earth's flattening (1/298): towards the far side of the globe, chord order (batch) and the
#: point-centred azimuthal projection (single point) no longer pick the same coast sample; the
#: worst seen was 7.4 km in 18,800 km (0.04 %). Positions that far away are never near a zone.
GLOBAL_M = 3_000_000.0
GLOBAL_RELATIVE = 1 / 298.257223563
#: Both answers round distance_nm to 4 decimals (0.0926 m); the exact path is within 0.004 m.
ROUNDING_M = 0.1
BATCH_MIN = 65  # more than geo.baseline_distance._EXACT_MAX_POINTS

_BASELINE_VERTICES = np.concatenate(
    [np.asarray(line.coords)[:, :2] for line in load_baseline_lines()]
)


def _rounded(value: float) -> float:
    # Six decimals (~0.1 m): what a person types, and what argparse reads as a number.
    return float(f"{value:.6f}")


_IN_REGION = st.tuples(
    st.floats(min_value=6.0, max_value=17.0), st.floats(min_value=-74.0, max_value=-57.0)
)
_NEAR_COAST = st.builds(
    lambda k, dlat, dlon: (
        _BASELINE_VERTICES[k, 1] + dlat,
        _BASELINE_VERTICES[k, 0] + dlon,
    ),
    st.integers(min_value=0, max_value=len(_BASELINE_VERTICES) - 1),
    st.floats(min_value=-0.01, max_value=0.01),
    st.floats(min_value=-0.01, max_value=0.01),
)
_EDGES = st.sampled_from(
    [(6.0, -74.0), (17.0, -57.0), (6.0, -57.0), (17.0, -74.0), (11.5, -57.0), (6.0, -65.5)]
)
_ANYWHERE = st.tuples(
    st.floats(min_value=-90.0, max_value=90.0), st.floats(min_value=-180.0, max_value=180.0)
)
POINTS = st.one_of(_IN_REGION, _IN_REGION, _NEAR_COAST, _EDGES, _ANYWHERE).map(
    lambda p: (_rounded(p[0]), _rounded(p[1]))
)
BATCHES = st.lists(POINTS, min_size=BATCH_MIN, max_size=BATCH_MIN + 15)


def _assert_distance_agrees(*, batch_nm: float, exact_nm: float, where: object) -> None:
    batch_m, exact_m = batch_nm * METRES_PER_NM, exact_nm * METRES_PER_NM
    if exact_m >= GLOBAL_M:
        assert abs(batch_m - exact_m) <= GLOBAL_RELATIVE * exact_m, (where, batch_m, exact_m)
        return
    tolerance = FAR_TOLERANCE_M if exact_m >= COAST_M else COAST_TOLERANCE_M
    # Measuring to samples can only overstate the distance.
    assert exact_m - ROUNDING_M <= batch_m <= exact_m + tolerance, (where, batch_m, exact_m)


def _assert_batch_matches_single(frame: pd.DataFrame, points: list[tuple[float, float]]) -> None:
    for row, (lat, lon) in zip(frame.itertuples(index=False), points, strict=True):
        single = check_point(lat=lat, lon=lon)
        where = (lat, lon)
        state = None if pd.isna(row.state) else row.state  # a frame holds "no state" as NaN
        assert (row.zone, state, bool(row.disputed)) == (
            single.zone,
            single.state,
            single.disputed,
        ), where
        assert bool(row.in_territorial_waters) == single.in_territorial_waters, where
        assert row.note == single.note, where
        _assert_distance_agrees(batch_nm=row.distance_nm, exact_nm=single.distance_nm, where=where)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BATCHES)
def test_vectorised_and_single_paths_agree(points: list[tuple[float, float]]) -> None:
    lat = np.array([p[0] for p in points])
    lon = np.array([p[1] for p in points])
    frame = check_points(lat=lat, lon=lon)
    assert len(frame) == len(points)
    _assert_batch_matches_single(frame, points)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reliability-geo")


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(points=BATCHES, data=st.data())
def test_command_line_agrees_with_both_paths(
    workdir: Path, points: list[tuple[float, float]], data: st.DataObject
) -> None:
    source, out = workdir / "in.csv", workdir / "out.csv"
    source.write_text(
        "lat,lon\n" + "".join(f"{lat:.6f},{lon:.6f}\n" for lat, lon in points), encoding="utf-8"
    )
    result = run_module("geo.check", "--csv", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(f"{len(points)} rows read, {len(points)} checked, 0 with errors")
    )
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(points)
    frame = check_points(lat=np.array([p[0] for p in points]), lon=np.array([p[1] for p in points]))
    for row, batch, (lat, lon) in zip(rows, frame.itertuples(index=False), points, strict=True):
        single = check_point(lat=lat, lon=lon)
        where = (lat, lon)
        assert (float(row["lat"]), float(row["lon"])) == where
        assert (row["zone"], row["state"], row["disputed"]) == (
            single.zone,
            single.state or "",
            str(single.disputed),
        ), where
        assert row["in_territorial_waters"] == str(single.in_territorial_waters), where
        # The command line's batch is the vectorised path, to the printed 4 decimals.
        assert row["distance_nm"] == f"{batch.distance_nm:.4f}", where
        _assert_distance_agrees(
            batch_nm=float(row["distance_nm"]), exact_nm=single.distance_nm, where=where
        )
    for lat, lon in data.draw(st.lists(st.sampled_from(points), min_size=2, max_size=2)):
        answer = run_module("geo.check", "--json", f"{lat:.6f}", f"{lon:.6f}")
        assert answer.returncode == 0, answer.stderr
        expected = {**check_point(lat=lat, lon=lon).to_dict(), "position_kind": "point"}
        assert json.loads(answer.stdout) == expected


# --- formula injection in --csv output ---------------------------------------------------------


def test_csv_output_guards_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        '=HYPERLINK("http://evil"),lat,lon,note\n'
        "=1+2,10.70,-66.93,+cmd\n"
        "@SUM(A1),9.8,-71.6,-2 killed\n"
        "-1,-5,-66,\tTabbed\n"
        "+3.5,=1,-66,-inf\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = run_module("geo.check", "--csv", str(source), "--out", str(out))
    assert result.returncode == 1, result.stderr  # the last row has an error
    with out.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == [
        '\'=HYPERLINK("http://evil")',
        "lat",
        "lon",
        "note",
        "zone",
        "state",
        "in_territorial_waters",
        "disputed",
        "distance_nm",
        "nearest_state",
        "nearest_state_distance_nm",
        "nearest_state_baseline_lat",
        "nearest_state_baseline_lon",
        "error",
    ]
    assert [row[:4] for row in table[1:]] == [
        ["'=1+2", "10.70", "-66.93", "'+cmd"],
        ["'@SUM(A1)", "9.8", "-71.6", "'-2 killed"],
        ["-1", "-5", "-66", "'\tTabbed"],  # -1, -5 and -66 are numbers and stay numbers
        ["+3.5", "'=1", "-66", "'-inf"],
    ]
    # 5 S 66 W is in the Amazon, inside the theatre's region since issue 10: Brazil's land.
    assert [row[4] for row in table[1:]] == ["territorial_sea", "internal_waters", "land", ""]
    assert table[1][5:6] + table[3][5:6] == ["VEN", "BRA"]
    assert table[4][-1] == "line 5: lat/lon must be decimal degrees, got '=1', '-66'"


_CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["=cmd|' /C calc'!A0", "+1+1", "-2 killed", "@SUM(A1)", "\t=1", "\r-1"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-90, max_value=90).map(lambda x: f"{x:.4f}"),
)


def _is_number(cell: str) -> bool:
    try:
        return cell == cell.strip() and math.isfinite(float(cell))
    except ValueError:
        return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra_columns=st.lists(st.text(max_size=8), max_size=3),
    rows=st.lists(st.lists(_CELLS, min_size=0, max_size=6), min_size=1, max_size=8),
)
def test_csv_mode_never_crashes_and_never_writes_a_formula(
    workdir: Path, extra_columns: list[str], rows: list[list[str]]
) -> None:
    source, out = workdir / "in.csv", workdir / "out.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["lat", "lon", *extra_columns])
    writer.writerows(rows)
    source.write_text(buffer.getvalue(), encoding="utf-8")
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        status = main(["--csv", str(source), "--out", str(out)])
    if status == 2:  # refused as a whole: one line saying why
        assert len(stderr.getvalue().strip().splitlines()) == 1
        assert (
            "appear more than once" in stderr.getvalue()
            or "would be overwritten by the added fields" in stderr.getvalue()
            or "is never closed" in stderr.getvalue()
        )
        return
    with out.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    summary = stderr.getvalue().strip().splitlines()[-1]
    read, checked, with_errors = (int(word) for word in re.findall(r"\d+", summary)[:3])
    assert read == checked + with_errors
    assert status == (1 if with_errors else 0)
    assert len(table) - 1 == read
    for row in table:
        for cell in row:
            assert _is_number(cell) or not cell or cell[0] not in FORMULA_TRIGGERS, row


# --- faults: missing or corrupted data files ---------------------------------------------------


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


@pytest.mark.parametrize(
    ("damage", "args", "fragment"),
    [
        (
            "truncate zones.parquet",
            ["--json", "10.70", "-66.93"],
            "zones.parquet: checksum does not match",
        ),
        ("delete zone_grid.npz", ["--json", "10.70", "-66.93"], "zone_grid.npz: missing data file"),
        (
            "delete MANIFEST.sha256",
            ["--json", "10.70", "-66.93"],
            "MANIFEST.sha256: missing checksum manifest",
        ),
        (
            "corrupt baseline.geojson and refresh the manifest",
            ["--csv", "IN", "--out", "OUT"],
            "baseline.geojson: cannot be read as GeoJSON",
        ),
    ],
)
def test_damaged_data_exits_2_with_one_line(
    broken_copy: Path, damage: str, args: list[str], fragment: str
) -> None:
    from common.manifest import write_manifest

    geo_dir = broken_copy / "data" / "geo"
    if damage.startswith("truncate"):
        text = (geo_dir / "zones.parquet").read_bytes()
        (geo_dir / "zones.parquet").write_bytes(text[: len(text) // 2])
    elif damage.startswith("delete zone_grid"):
        (geo_dir / "zone_grid.npz").unlink()
    elif damage.startswith("delete MANIFEST"):
        (geo_dir / "MANIFEST.sha256").unlink()
    else:
        (geo_dir / "baseline.geojson").write_text('{"type": "FeatureCollection", "feat', "utf-8")
        write_manifest(geo_dir)
    source = broken_copy / "in.csv"
    source.write_text("lat,lon\n10.70,-66.93\n", encoding="utf-8")
    named = {"IN": str(source), "OUT": str(broken_copy / "out.csv")}
    args = [named.get(arg, arg) for arg in args]
    result = run_module("geo.check", *args, cwd=broken_copy)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"python -m geo.check: error: {geo_dir}")
    assert fragment in lines[0]
    assert lines[0].endswith(
        "rebuild it with `make data` (python -m geo.build) or restore it with `git checkout data/`"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"lat,lon\n10.7,\xff-66\n", "not UTF-8 text (bad byte at offset 13)"),
        (b"lat,lat,lon\n1,2,3\n", "column(s) ['lat'] appear more than once"),
        (b"name,x\na,b\n", "missing column(s) ['lat', 'lon']"),
    ],
)
def test_unreadable_input_csv_exits_2_with_one_line(
    tmp_path: Path, content: bytes, fragment: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        status = main(["--csv", str(source), "--out", str(tmp_path / "out.csv")])
    assert status == 2
    lines = stderr.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"python -m geo.check: error: {source}: ")
    assert fragment in lines[0]


def test_rows_with_extra_cells_are_reported_not_fatal(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('lat,lon\n10.7,-66.93,surplus\n"9.8",-71.6\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        assert main(["--csv", str(source), "--out", str(out)]) == 1
    assert stderr.getvalue().splitlines() == [
        "line 2: 3 cells but 2 columns in the header (the extra cells are not copied)",
        f"2 rows read, 1 checked, 1 with errors (kept in {out} with an error column)",
    ]
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(r["lat"], r["zone"]) for r in rows] == [("10.7", ""), ("9.8", "internal_waters")]
