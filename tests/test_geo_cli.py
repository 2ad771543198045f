import csv
import json
from pathlib import Path

import pytest
from cli_runner import run_module


def test_json_decimal() -> None:
    result = run_module("geo.check", "--json", "10.70", "-66.93")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["lat"] == 10.70 and answer["lon"] == -66.93
    assert answer["zone"] == "territorial_sea"
    assert answer["state"] == "VEN"
    assert answer["in_territorial_waters"] is True
    assert answer["disputed"] is False
    assert 5.0 < answer["distance_nm"] < 6.5


def test_json_dms_string() -> None:
    result = run_module("geo.check", "--json", "10°36'N 66°56'W")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["lat"] == pytest.approx(10.6)
    assert answer["lon"] == pytest.approx(-66.933333, abs=1e-6)
    assert answer["zone"] == "land"


def test_json_with_radius() -> None:
    # 5.6 nm off La Guaira: a 5-nm circle stays within 12 nm (its landward part is land) ...
    inside = json.loads(
        run_module("geo.check", "--json", "--radius-nm", "5", "10.70", "-66.93").stdout
    )
    assert inside["verdict"] == "inside"
    assert inside["max_distance_nm"] < 12
    # ... an 8-nm circle reaches beyond the 12-nm line.
    result = run_module("geo.check", "--json", "--radius-nm", "8", "10.70", "-66.93")
    answer = json.loads(result.stdout)
    assert answer["verdict"] == "indeterminate"
    assert answer["radius_nm"] == 8
    assert answer["min_distance_nm"] < 12 < answer["max_distance_nm"]


def test_outside_region() -> None:
    answer = json.loads(run_module("geo.check", "--json", "0", "0").stdout)
    assert answer["zone"] == "unknown"
    assert answer["state"] is None
    assert answer["message"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--json", "95", "-66"], "latitude 95.0 is out of range"),
        (["--json", "ten", "north"], "cannot read"),
        (["--json"], "expected a position"),
        (["--json", "--radius-nm", "-1", "10.7", "-66.9"], "expected a number >= 0"),
        (["--json", "--radius-nm", "x", "10.7", "-66.9"], "expected a number"),
        (["--csv", "/nonexistent.csv", "--out", "/tmp/x.csv"], "no such file"),
    ],
)
def test_bad_input_exit_2_one_line(args: list[str], fragment: str) -> None:
    result = run_module("geo.check", *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert fragment in lines[0]


def test_csv_mode_keeps_rows_and_columns(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "name,lat,lon\nguaira,10.70,-66.93\nbad,abc,-66\nlake,9.8,-71.6\nfar,95,0\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = run_module("geo.check", "--csv", str(source), "--out", str(out))
    assert result.returncode == 1, result.stderr  # 1: some rows have errors (issue 8, item 5)
    assert "line 3" in result.stderr and "line 5" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["name"] for r in rows] == ["guaira", "bad", "lake", "far"]
    assert rows[0]["zone"] == "territorial_sea" and rows[0]["state"] == "VEN"
    assert rows[2]["zone"] == "internal_waters"
    assert rows[1]["zone"] == "" and "line 3" in rows[1]["error"]
    assert "out of range" in rows[3]["error"]


def test_json_nearest_state_off_acapulco() -> None:
    result = run_module("geo.check", "--json", "16.80", "-99.90")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert (answer["zone"], answer["state"]) == ("territorial_sea", "MEX")
    assert answer["in_territorial_waters"] is False  # Venezuela's, as before
    assert answer["nearest_state"] == "MEX"
    assert answer["nearest_state_distance_nm"] == pytest.approx(1.098, abs=0.001)
    assert answer["nearest_state_baseline_lat"] == pytest.approx(16.81754, abs=1e-5)
    assert answer["nearest_state_baseline_lon"] == pytest.approx(-99.90568, abs=1e-5)
    assert "any_state_verdict" not in answer and "states_touched" not in answer


def test_json_radius_any_state_verdict_off_acapulco() -> None:
    # 1.1 nm off the coast: a 2-nm circle's sea lies wholly in Mexico's territorial sea ...
    inside = json.loads(
        run_module("geo.check", "--json", "--radius-nm", "2", "16.80", "-99.90").stdout
    )
    assert inside["any_state_verdict"] == "inside"
    assert inside["states_touched"] == ["MEX"]
    assert inside["verdict"] == "outside"  # Venezuela's territorial waters: far away
    # ... a 12-nm circle reaches beyond Mexico's 12-nm line.
    wide = json.loads(
        run_module("geo.check", "--json", "--radius-nm", "12", "16.80", "-99.90").stdout
    )
    assert wide["any_state_verdict"] == "indeterminate"
    assert wide["states_touched"] == ["MEX"]


def test_json_radius_on_the_high_seas_touches_no_state() -> None:
    answer = json.loads(run_module("geo.check", "--json", "--radius-nm", "10", "5", "-100").stdout)
    assert (answer["zone"], answer["state"]) == ("high_seas", None)
    assert answer["any_state_verdict"] == "outside"
    assert answer["states_touched"] == []


def test_csv_mode_has_the_nearest_state_columns(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name,lat,lon\nacapulco,16.80,-99.90\npocket,5,-100\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run_module("geo.check", "--csv", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert "nearest_state" in rows[0] and "nearest_state_distance_nm" in rows[0]
    assert rows[0]["nearest_state"] == "MEX"
    assert float(rows[0]["nearest_state_distance_nm"]) == pytest.approx(1.098, abs=0.001)
    assert (rows[1]["zone"], rows[1]["state"]) == ("high_seas", "")
    assert rows[1]["nearest_state"] == "ECU"
    assert float(rows[1]["nearest_state_distance_nm"]) == pytest.approx(518.8, abs=0.1)
