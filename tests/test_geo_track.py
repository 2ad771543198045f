"""python -m geo.track: crossings pinned against an independent point-in-polygon computation."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cli_runner import run_module

from geo.check import check_point
from geo.data import load_zones
from geo.geodesy import GEOD
from geo.track import analyse_file

T0 = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
#: From Venezuela's EEZ north of the Paria peninsula into its territorial sea, east along the
#: coast into Trinidad and Tobago's territorial sea, and out through its contiguous zone into
#: its EEZ.
FIXES = [
    ("2026-01-05T00:00:00Z", 11.30, -62.50),
    ("2026-01-05T01:00:00Z", 10.85, -62.50),
    ("2026-01-05T03:00:00Z", 10.95, -61.50),
    ("2026-01-05T04:00:00Z", 11.40, -61.30),
]
EXPECTED = [
    (("eez", "VEN"), ("contiguous_zone", "VEN")),
    (("contiguous_zone", "VEN"), ("territorial_sea", "VEN")),
    (("territorial_sea", "VEN"), ("contiguous_zone", "VEN")),
    # Trinidad and Tobago claims a 24-nm contiguous zone (claims.csv, issue 10).
    (("contiguous_zone", "VEN"), ("contiguous_zone", "TTO")),
    (("contiguous_zone", "TTO"), ("territorial_sea", "TTO")),
    (("territorial_sea", "TTO"), ("contiguous_zone", "TTO")),
    (("contiguous_zone", "TTO"), ("eez", "TTO")),
]
REFERENCE_STEP_M = 2.0
#: A reference crossing: (seconds since T0, lat, lon, (zone, state) before, (zone, state) after).
_Crossing = tuple[float, float, float, tuple[str, str], tuple[str, str]]


def _write(path: Path, rows: Sequence[tuple[object, ...]], header: str = "time,lat,lon") -> Path:
    path.write_text(
        header + "\n" + "".join(",".join(str(c) for c in row) + "\n" for row in rows), "utf-8"
    )
    return path


def _seconds(text: str) -> float:
    stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (stamp - T0).total_seconds()


def _reference_crossings() -> list[_Crossing]:
    """Brute force: every leg resampled along the geodesic every 2 m, each sample classified
    by a geopandas point-in-polygon join on the zone polygons (no grid, no bisection)."""
    zones = load_zones()
    crossings = []
    for (t0, lat0, lon0), (t1, lat1, lon1) in itertools.pairwise(FIXES):
        _, _, length = GEOD.inv(lon0, lat0, lon1, lat1)
        n = int(np.ceil(length / REFERENCE_STEP_M))
        inner = GEOD.npts(lon0, lat0, lon1, lat1, n - 1)
        lons = np.array([lon0, *(p[0] for p in inner), lon1])
        lats = np.array([lat0, *(p[1] for p in inner), lat1])
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs=zones.crs)
        joined = gpd.sjoin(points, zones, predicate="within", how="left")
        joined = joined[~joined.index.duplicated()]
        keys = list(zip(joined["zone"], joined["state"], strict=True))
        s = np.linspace(0, length, len(lons))
        start_s, end_s = _seconds(t0), _seconds(t1)
        for i in np.flatnonzero([a != b for a, b in itertools.pairwise(keys)]):
            mid_s = (s[i] + s[i + 1]) / 2
            lon, lat, _ = GEOD.fwd(lon0, lat0, GEOD.inv(lon0, lat0, lon1, lat1)[0], mid_s)
            when = start_s + (end_s - start_s) * mid_s / length
            crossings.append((when, lat, lon, keys[i], keys[i + 1]))
    return crossings


def _tw_from_crossings(crossings: list[_Crossing]) -> dict[str, float]:
    # Time in territorial waters from the reference crossings, on the whole track.
    totals: dict[str, float] = {}
    previous_s = 0.0
    previous_key = ("eez", "VEN")
    for when, _, _, from_key, to_key in crossings:
        assert from_key == previous_key
        if from_key[0] in ("internal_waters", "territorial_sea"):
            totals[from_key[1]] = totals.get(from_key[1], 0) + when - previous_s
        previous_s, previous_key = when, to_key
    return totals


@pytest.fixture(scope="module")
def reference() -> list[_Crossing]:
    return _reference_crossings()


def test_track_through_venezuelan_and_trinidadian_seas(
    tmp_path: Path, reference: list[_Crossing]
) -> None:
    source = _write(tmp_path / "track.csv", FIXES)
    result = run_module("geo.track", str(source), "--json", "--max-gap-s", "10800")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert len(answer["vessels"]) == 1
    vessel = answer["vessels"][0]
    assert vessel["vessel"] is None and vessel["fixes"] == 4 and vessel["gaps"] == []
    crossings = vessel["crossings"]
    got = [((c["from_zone"], c["from_state"]), (c["to_zone"], c["to_state"])) for c in crossings]
    assert got == EXPECTED
    assert [(r[3], r[4]) for r in reference] == EXPECTED
    for crossing, (when, lat, lon, _, _) in zip(crossings, reference, strict=True):
        assert abs(_seconds(crossing["time"]) - when) < 1.0, (crossing, when)
        _, _, miss_m = GEOD.inv(crossing["lon"], crossing["lat"], lon, lat)
        assert miss_m < 5.0, (crossing, lat, lon)
    # Pinned: the vessel enters Venezuela's territorial sea at 00:48:56 UTC, 10.933 N 62.5 W.
    assert crossings[1]["time"].startswith("2026-01-05T00:48:5")
    assert crossings[1]["lat"] == pytest.approx(10.93299, abs=1e-4)
    # Time in territorial waters agrees with the reference crossings to a second.
    expected_tw = _tw_from_crossings(reference)
    assert set(vessel["seconds_in_territorial_waters"]) == {"VEN", "TTO"}
    for state, seconds in vessel["seconds_in_territorial_waters"].items():
        assert abs(seconds - expected_tw[state]) < 1.0, (state, seconds, expected_tw[state])
    assert 1600 < vessel["seconds_in_territorial_waters"]["TTO"] < 1700


def test_a_gap_is_flagged_not_interpolated(tmp_path: Path) -> None:
    source = _write(tmp_path / "track.csv", FIXES)
    report = analyse_file(path=source, max_gap_s=3600)
    vessel = report.vessels[0].to_dict()
    assert vessel["gaps"] == [
        {
            "start": "2026-01-05T01:00:00.000Z",
            "end": "2026-01-05T03:00:00.000Z",
            "seconds": 7200.0,
            "start_lat": 10.85,
            "start_lon": -62.5,
            "end_lat": 10.95,
            "end_lon": -61.5,
        }
    ]
    # Nothing is interpolated inside the gap; the change of state across it is listed at the
    # first fix after it, flagged.
    inside = [c for c in vessel["crossings"] if "01:00:00.000Z" < c["time"][11:] < "03:00:00.000Z"]
    assert inside == []
    across = [c for c in vessel["crossings"] if c["in_gap"]]
    assert len(across) == 1
    assert (across[0]["time"], across[0]["to_state"]) == ("2026-01-05T03:00:00.000Z", "TTO")
    assert (across[0]["from_zone"], across[0]["from_state"]) == ("territorial_sea", "VEN")
    # The gap's two hours count towards no state.
    assert vessel["seconds_in_territorial_waters"]["VEN"] < 700


def test_vessels_are_grouped_and_sorted_by_time(tmp_path: Path) -> None:
    other = [("2026-01-05T00:00:00Z", 10.60, -67.30), ("2026-01-05T00:30:00Z", 10.90, -67.30)]
    rows = [
        ("B", *other[1]),
        ("A", *FIXES[2]),
        ("A", *FIXES[0]),
        ("B", *other[0]),
        ("A", *FIXES[1]),
        ("A", *FIXES[3]),
    ]
    source = _write(tmp_path / "many.csv", rows, header="mmsi,time,lat,lon")
    report = analyse_file(path=source, vessel_col="mmsi", max_gap_s=10800)
    assert [v.vessel for v in report.vessels] == ["B", "A"]
    assert [v.fixes for v in report.vessels] == [2, 4]
    alone = analyse_file(path=_write(tmp_path / "a.csv", FIXES), max_gap_s=10800)
    assert [c.to_dict() for c in report.vessels[1].crossings] == [
        c.to_dict() for c in alone.vessels[0].crossings
    ]
    b = report.vessels[0].to_dict()
    first = check_point(lat=10.60, lon=-67.30)
    assert (b["crossings"][0]["from_zone"], b["crossings"][0]["from_state"]) == (
        first.zone,
        first.state,
    )
    assert all("00:00" <= c["time"][11:16] <= "00:30" for c in b["crossings"])


def test_bad_rows_are_reported_by_line_never_dropped_silently(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(
        "time,lat,lon\n"
        "2026-01-05T00:00:00Z,11.30,-62.50\n"
        "yesterday,10.9,-62.5\n"
        "2026-01-05T01:00:00Z,north,-62.5\n"
        "2026-01-05T01:00:00Z,10.85,-62.50,extra\n"
        "2026-01-05T01:00:00Z,10.85,-62.50\n",
        encoding="utf-8",
    )
    result = run_module("geo.track", str(source), "--json")
    assert result.returncode == 1, result.stderr
    answer = json.loads(result.stdout)
    assert [e["where"] for e in answer["errors"]] == ["line 3", "line 4", "line 5"]
    assert "ISO-8601" in answer["errors"][0]["error"]
    assert "decimal degrees" in answer["errors"][1]["error"]
    assert answer["rows_read"] == 5 == answer["vessels"][0]["fixes"] + answer["rows_with_errors"]
    assert result.stderr.strip().splitlines()[-1] == "5 rows read, 2 fixes, 3 with errors"


def test_unreadable_track_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text('time,lat,lon\n2026-01-05T00:00:00Z,11.3,-62.5\n"x,1,2\n3,4,5\n', "utf-8")
    result = run_module("geo.track", str(source))
    assert result.returncode == 2
    assert "line 3: a quoted cell opened on this line is never closed" in result.stderr
    missing = _write(tmp_path / "m.csv", [("1", "2")], header="lat,lon")
    result = run_module("geo.track", str(missing))
    assert result.returncode == 2 and "missing column(s) ['time']" in result.stderr


def test_parquet_input_csv_and_geojson_outputs(tmp_path: Path) -> None:
    table = pa.table(
        {
            "ship": ["=HYPERLINK(1)"] * 4,
            "time": pa.array(
                [dt.datetime.fromisoformat(t.replace("Z", "+00:00")) for t, _, _ in FIXES],
                pa.timestamp("ms", tz="UTC"),
            ),
            "lat": [f[1] for f in FIXES],
            "lon": [f[2] for f in FIXES],
        }
    )
    source = tmp_path / "track.parquet"
    pq.write_table(table, source)
    out_csv, out_geojson = tmp_path / "crossings.csv", tmp_path / "segments.geojson"
    result = run_module(
        "geo.track",
        str(source),
        "--vessel-col",
        "ship",
        "--max-gap-s",
        "10800",
        "--csv",
        str(out_csv),
        "--geojson",
        str(out_geojson),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    from_csv = analyse_file(path=_write(tmp_path / "a.csv", FIXES), max_gap_s=10800)
    answer = json.loads(result.stdout)["vessels"][0]
    assert answer["vessel"] == "=HYPERLINK(1)"
    assert answer["crossings"] == from_csv.vessels[0].to_dict()["crossings"]
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8", newline="")))
    assert len(rows) == len(EXPECTED)
    assert {r["vessel"] for r in rows} == {"'=HYPERLINK(1)"}  # guarded against formulas
    segments = json.loads(out_geojson.read_text("utf-8"))["features"]
    assert [(f["properties"]["zone"], f["properties"]["state"]) for f in segments] == [
        ("eez", "VEN"),
        *[to for _, to in EXPECTED],
    ]
    assert segments[2]["properties"]["stroke"] == "#3182bd"  # territorial sea


def test_a_file_larger_than_the_chunk_gives_the_one_chunk_answer(tmp_path: Path) -> None:
    """Past one chunk, fixes are spilled by vessel hash and analysed partition by partition."""
    from geo.track import _collect

    rng = np.random.default_rng(3)
    rows: list[tuple[object, ...]] = []
    # Three vessels crossing the same zones, interleaved and shuffled in time, one bad row.
    for step in range(40):
        for name, shift in (("A", 0.0), ("B", 0.004), ("C", -0.003)):
            t, lat, lon = FIXES[step % 4]
            stamp = (
                dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
                + dt.timedelta(hours=4 * (step // 4))
            ).strftime("%Y-%m-%dT%H:%M:%SZ")
            rows.append((name, stamp, round(lat + shift, 6), round(lon + rng.uniform(0, 0.01), 6)))
    rows.insert(17, ("B", "later", 11.0, -62.0))
    rng.shuffle(rows[20:60])
    source = _write(tmp_path / "fleet.csv", rows, header="mmsi,time,lat,lon")
    whole = analyse_file(path=source, vessel_col="mmsi", max_gap_s=10800, chunk_rows=10_000)
    chunked = analyse_file(path=source, vessel_col="mmsi", max_gap_s=10800, chunk_rows=7)
    collected = _collect(path=source, vessel_col="mmsi", chunk_rows=7, spill=True)
    assert collected.spill is not None and collected.spill.partitions >= 2
    folder = collected.spill.folder
    collected.close()
    assert not folder.exists()  # the temporary Parquet files are removed
    assert chunked.to_dict() == whole.to_dict()
    assert [v.segments for v in chunked.vessels] == [v.segments for v in whole.vessels]
    answer = whole.to_dict()
    assert [v["vessel"] for v in answer["vessels"]] == ["A", "B", "C"]
    assert [v["fixes"] for v in answer["vessels"]] == [40, 40, 40]
    assert answer["errors"] == [
        {"where": "line 19", "error": "time 'later': expected an ISO-8601 time (UTC if no offset)"}
    ]
    assert all(len(v["crossings"]) >= 6 for v in answer["vessels"])


def _zig_zag(n: int, *, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A vessel at 10-14 knots, a fix every 45-75 s, turning at random off Venezuela's coast."""
    rng = np.random.default_rng(seed)
    box = (10.3, 11.9, -68.0, -61.2)  # lat_min, lat_max, lon_min, lon_max: at sea
    dt_s = rng.uniform(45, 75, n - 1)
    times = np.concatenate([[0], np.cumsum(dt_s * 1e9)]).astype(np.int64) + 1_767_225_600 * 10**9
    lat, lon = np.empty(n), np.empty(n)
    lat[0], lon[0], heading = 11.0, -64.5, 200.0
    for i in range(1, n):
        heading += rng.normal(0, 8)
        step = rng.uniform(10, 14) * 1852 / 3600 * dt_s[i - 1]
        x, y, _ = GEOD.fwd(lon[i - 1], lat[i - 1], heading, step)
        if not (box[0] < y < box[1] and box[2] < x < box[3]):
            heading += 180.0
            x, y, _ = GEOD.fwd(lon[i - 1], lat[i - 1], heading, step)
        lon[i], lat[i] = x, y
    return times, lat, lon


def test_a_zig_zag_track_matches_dense_resampling() -> None:
    """The leg pre-filters (pure cells, boundary proximity) lose no crossing: 2,000 fixes,
    against every leg resampled every 5 m along its geodesic, each sample classified."""
    from geo.check import _zones_and_states
    from geo.track import Fixes, analyse_fixes

    times, lat, lon = _zig_zag(2_000, seed=5)
    fixes = Fixes(times, lat, lon, np.full(len(lat), None, dtype=object), [], len(lat))
    ours = analyse_fixes(fixes=fixes, max_gap_s=3600).vessels[0].crossings
    az, _, length = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    n = np.ceil(np.asarray(length) / 5.0).astype(int) + 1
    leg = np.repeat(np.arange(len(n)), n)
    s = np.asarray(length)[leg] * (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    s /= np.repeat(n - 1, n)
    x, y, _ = GEOD.fwd(lon[leg], lat[leg], np.asarray(az)[leg], s)
    zone, state, _ = _zones_and_states(np.asarray(y), np.asarray(x))
    key = [f"{z}{st}" for z, st in zip(zone, state, strict=True)]
    change = [c for c in range(len(leg) - 1) if leg[c] == leg[c + 1] and key[c] != key[c + 1]]
    assert len(ours) == len(change) > 10
    for crossing, c in zip(ours, change, strict=True):
        i, mid = leg[c], (s[c] + s[c + 1]) / 2
        assert f"{crossing.from_zone}{crossing.from_state}" == key[c]
        assert f"{crossing.to_zone}{crossing.to_state}" == key[c + 1]
        when = times[i] + (times[i + 1] - times[i]) * mid / length[i]
        assert abs(crossing.time_ns - when) / 1e9 < 1.0
        mx, my, _ = GEOD.fwd(lon[i], lat[i], az[i], mid)
        _, _, miss = GEOD.inv(crossing.lon, crossing.lat, mx, my)
        assert miss < 30.0
