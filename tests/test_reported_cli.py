"""``python -m geo.check`` with reported sentences, and position_kind on every answer."""

import csv
import json

from cli_runner import run_module


def test_json_reported_sentence() -> None:
    result = run_module("geo.check", "--json", "126 nm off Golfito")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["position_kind"] == "reported"
    assert answer["parsed"]["place"]["gazetteer_id"] == "geonames:3623656"
    assert answer["parsed"]["place"]["lat"] == 8.60327
    assert answer["parsed"]["band_nm"] == [125.5, 126.5]
    assert answer["parsed"]["bearing"] is None
    # The ring crosses the isthmus (the theatre's land cuts it into parts, issue 10) and
    # reaches the territorial seas of Costa Rica and Panama.
    assert answer["area"]["type"] == "MultiPolygon"
    assert answer["verdict"] == "outside"
    assert answer["any_state_verdict"] == "indeterminate"
    assert answer["states_touched"] == ["CRI", "PAN"]
    # The usual point fields, for the area's representative point.
    for key in ("lat", "lon", "zone", "state", "distance_nm", "nearest_baseline_lat"):
        assert key in answer


def test_json_spanish_sentence_with_bearing() -> None:
    result = run_module("geo.check", "--json", "a 48 millas náuticas al noreste de La Blanquilla")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["parsed"]["bearing"]["sector_deg"] == [22.5, 67.5]
    assert answer["parsed"]["place"]["measured_from"] == "coast"
    assert answer["zone"] == "eez" and answer["state"] == "VEN"
    assert answer["zones_touched"][0]["zone"] == "eez"


def test_coordinates_get_position_kind_and_stay_as_they_were() -> None:
    plain = json.loads(run_module("geo.check", "--json", "10.70", "-66.93").stdout)
    assert plain["position_kind"] == "point"
    assert plain["zone"] == "territorial_sea" and "verdict" not in plain
    radius = json.loads(
        run_module("geo.check", "--json", "--radius-nm", "5", "10.70", "-66.93").stdout
    )
    assert radius["position_kind"] == "point+radius" and radius["verdict"] == "inside"


def test_unknown_place_and_radius_with_a_sentence_exit_2() -> None:
    unknown = run_module("geo.check", "--json", "126 nm off Atlantis")
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert "unknown place 'Atlantis'" in unknown.stderr
    radius = run_module("geo.check", "--radius-nm", "5", "126 nm off Golfito")
    assert radius.returncode == 2 and "--radius-nm goes with coordinates" in radius.stderr


def test_text_answer_is_one_sentence() -> None:
    result = run_module("geo.check", "near Puerto López, La Guajira")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "any state's territorial waters: indeterminate" in result.stdout


def test_csv_position_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in.csv"
    source.write_text(
        "name,position\na,10.70 -66.93\nb,126 nm off Golfito\nc,126 nm off Atlantis\nd,=cmd\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = run_module("geo.check", "--csv", str(source), "--out", str(out))
    # Exit 1: two rows have errors (kept in the output), as in every --csv run.
    assert result.returncode == 1, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["position_kind"] for r in rows] == ["point", "reported", "", ""]
    assert rows[0]["zone"] == "territorial_sea" and rows[0]["in_territorial_waters"] == "True"
    assert rows[1]["verdict"] == "outside" and rows[1]["any_state_verdict"] == "indeterminate"
    assert "line 4: unknown place 'Atlantis'" in rows[2]["error"]
    assert rows[3]["position"] == "'=cmd" and rows[3]["error"].startswith("line 5:")
    assert "4 rows read, 2 checked, 2 with errors" in result.stderr
