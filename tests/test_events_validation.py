"""Every validation error path names the file, line, field, bad value and what was expected."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pytest

from events.io_import import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportRefusedError,
    import_file,
)
from events.load import load_reporting_areas, load_strikes
from events.paths import STRIKES_CSV
from events.schema import STRIKE_COLUMNS, RecordValidationError


def _real_rows() -> dict[str, dict[str, str]]:
    with STRIKES_CSV.open(newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


REAL_ROWS = _real_rows()


def _csv_bytes(rows: list[dict[str, str]], columns: tuple[str, ...] = STRIKE_COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _problems_for(row_id: str, **changes: str) -> list[str]:
    row = {**REAL_ROWS[row_id], **changes}
    report = import_file(path_or_bytes=_csv_bytes([row]), filename="user.csv")
    assert report.rows_read == 1
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    return report.problem_lines()


@pytest.mark.parametrize(
    ("row_id", "changes", "expected"),
    [
        (
            "S003",
            {"location_precision": "precise"},
            "user.csv:2: field 'location_precision': got 'precise'; "
            "expected 'exact', 'approximate' or 'region-only'",
        ),
        (
            "S003",
            {"status": "probable"},
            "user.csv:2: field 'status': got 'probable'; expected 'confirmed', 'headline-only', "
            "'low-confidence' or 'unconfirmed'",
        ),
        (
            "S003",
            {"region": "Atlantic"},
            "user.csv:2: field 'region': got 'Atlantic'; expected 'Caribbean' or 'Eastern Pacific'",
        ),
        (
            "S003",
            {"deaths": "-1"},
            "user.csv:2: field 'deaths': got '-1'; expected greater than or equal to 0",
        ),
        (
            "S003",
            {"deaths": "three"},
            "user.csv:2: field 'deaths': got 'three'; expected a valid integer, "
            "unable to parse string as an integer",
        ),
        (
            "S003",
            {"date": "2025-13-01", "date_earliest": "", "date_latest": ""},
            "user.csv:2: field 'date': got '2025-13-01'; expected a valid date or datetime, "
            "month value is outside expected range",
        ),
        (
            "S003",
            {"latitude": "12.0", "longitude": "-65.0"},
            "user.csv:2: field 'latitude': got '12.0'; expected no coordinates for a region-only "
            "location (never invent a point)",
        ),
        (
            "S014",
            {"uncertainty_radius_nm": ""},
            "user.csv:2: field 'uncertainty_radius_nm': got ''; "
            "expected a radius in nm for an approximate location",
        ),
        (
            "S014",
            {"location_method": ""},
            "user.csv:2: field 'location_method': got ''; "
            "expected how the approximate position was derived",
        ),
        (
            "S014",
            {"longitude": ""},
            "user.csv:2: field 'longitude': got ''; expected latitude and longitude given together",
        ),
        (
            "S014",
            {"latitude": "95"},
            "user.csv:2: field 'latitude': got '95'; expected less than or equal to 90",
        ),
        (
            "S003",
            {"reporting_area": "gulf-of-mexico"},
            "user.csv:2: field 'reporting_area': got 'gulf-of-mexico'; expected one of the "
            "reporting areas: between-venezuela-trinidad, caribbean-unspecified,",
        ),
        (
            "S003",
            {"reporting_area": ""},
            "user.csv:2: field 'reporting_area': got ''; "
            "expected a reporting-area id for a region-only location",
        ),
        (
            "S005",
            {"counted": "true"},
            "user.csv:2: field 'counted': got 'true'; expected false for status 'unconfirmed'",
        ),
        (
            "S003",
            {"deaths": ""},
            "user.csv:2: field 'deaths': got ''; expected a number of deaths for a counted strike",
        ),
        (
            "S003",
            {"source_urls": "", "source_title": ""},
            "user.csv:2: field 'source_urls': got ''; "
            "expected at least one source URL or a source title",
        ),
        (
            "S003",
            {"source_urls": "www.example.com/story"},
            "user.csv:2: field 'source_urls': got 'www.example.com/story'; "
            "expected http(s) URLs separated by ' ; ' (bad entry: 'www.example.com/story')",
        ),
        (  # S069 (19-20 Sep 2026) replaced S064, which issue 12 dated exactly
            "S069",
            {"date_latest": ""},
            "user.csv:2: field 'date_latest': got ''; expected a date (date_precision is 'range')",
        ),
        (
            "S069",
            {"date": "2026-09-21"},
            "user.csv:2: field 'date': got '2026-09-21'; expected a date between date_earliest "
            "2026-09-19 and date_latest 2026-09-20",
        ),
        (
            "S003",
            {"date_earliest": "2025-09-18"},
            "user.csv:2: field 'date_earliest': got '2025-09-18'; "
            "expected empty or equal to date 2025-09-19 (exact date)",
        ),
        (
            "S003",
            {"id": "=cmd"},
            "user.csv:2: field 'id': got '=cmd'; expected text matching the pattern",
        ),
        (
            "S003",
            {"date_precision": "fuzzy"},
            "user.csv:2: field 'date_precision': got 'fuzzy'; "
            "expected 'exact', 'approximate' or 'range'",
        ),
    ],
)
def test_row_error_names_file_line_field_value_and_expectation(
    row_id: str, changes: dict[str, str], expected: str
) -> None:
    problems = _problems_for(row_id, **changes)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_several_rows_each_reported_on_its_line() -> None:
    rows = [
        REAL_ROWS["S001"],
        {**REAL_ROWS["S002"], "vessels": "-3"},
        REAL_ROWS["S003"],
        {**REAL_ROWS["S004"], "region": "Pacific"},
    ]
    report = import_file(path_or_bytes=_csv_bytes(rows), filename="user.csv")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (4, 2, 2)
    assert [p.line for p in report.rejections] == [3, 5]
    assert [p.field for p in report.rejections] == ["vessels", "region"]
    assert report.accepted["id"].tolist() == ["S001", "S003"]


def test_duplicate_id_is_rejected_with_first_line() -> None:
    report = import_file(
        path_or_bytes=_csv_bytes([REAL_ROWS["S001"], REAL_ROWS["S001"]]), filename="dup.csv"
    )
    assert report.problem_lines() == [
        "dup.csv:3: field 'id': got 'S001'; expected a unique id (already used on line 2)"
    ]


def test_multiline_cell_keeps_line_numbers() -> None:
    rows = [
        {**REAL_ROWS["S001"], "notes": "first line\nsecond line"},
        {**REAL_ROWS["S002"], "deaths": "x"},
    ]
    report = import_file(path_or_bytes=_csv_bytes(rows), filename="multi.csv")
    assert report.rejections[0].line == 4
    assert report.accepted.at[0, "notes"] == "first line\nsecond line"


def test_surplus_cells_rejected() -> None:
    text = _csv_bytes([REAL_ROWS["S001"]]).decode().rstrip("\n") + ",surplus\n"
    report = import_file(path_or_bytes=text.encode(), filename="wide.csv")
    assert report.problem_lines() == [
        "wide.csv:2: field '<extra>': got 'surplus'; expected no more cells than header columns"
    ]


def test_missing_required_column_refuses_file() -> None:
    columns = tuple(c for c in STRIKE_COLUMNS if c != "deaths")
    row = {c: REAL_ROWS["S001"][c] for c in columns}
    message = "user.csv: missing required column(s) ['deaths']"
    with pytest.raises(ImportRefusedError, match=re.escape(message)):
        import_file(path_or_bytes=_csv_bytes([row], columns), filename="user.csv")


def test_optional_columns_may_be_left_out() -> None:
    columns = (
        "id",
        "date",
        "region",
        "reporting_area",
        "location_precision",
        "deaths",
        "status",
        "source_urls",
    )
    row = {c: REAL_ROWS["S003"][c] for c in columns}
    report = import_file(path_or_bytes=_csv_bytes([row], columns), filename="short.csv")
    assert report.rows_accepted == 1
    assert report.accepted.at[0, "counted"]


def test_unknown_column_refuses_file() -> None:
    columns = (*STRIKE_COLUMNS, "comment")
    row = {**REAL_ROWS["S001"], "comment": "x"}
    with pytest.raises(ImportRefusedError, match=r"unknown column\(s\) \['comment'\]"):
        import_file(path_or_bytes=_csv_bytes([row], columns), filename="user.csv")


def test_file_level_refusals() -> None:
    with pytest.raises(ImportRefusedError, match="the import limit is 5 MB"):
        import_file(path_or_bytes=b"x" * (MAX_IMPORT_BYTES + 1), filename="big.csv")
    with pytest.raises(ImportRefusedError, match="not UTF-8 text"):
        import_file(path_or_bytes=b"id,date\n\xff\xfe,1\n", filename="latin.csv")
    with pytest.raises(ImportRefusedError, match="the file is empty"):
        import_file(path_or_bytes=b"  \n", filename="empty.csv")
    with pytest.raises(ImportRefusedError, match="NUL"):
        import_file(path_or_bytes=b"id\x00,date\n", filename="nul.csv")
    with pytest.raises(ImportRefusedError, match="not valid JSON"):
        import_file(path_or_bytes=b"{not json", filename="x.geojson")
    with pytest.raises(ImportRefusedError, match="expected a GeoJSON FeatureCollection"):
        import_file(path_or_bytes=b'{"type": "Feature"}', filename="x.geojson")


def test_row_limit_refuses_file() -> None:
    columns = ("id", "date", "region", "location_precision", "deaths", "status")
    rows = [{c: REAL_ROWS["S003"][c] for c in columns} for _ in range(MAX_IMPORT_ROWS + 1)]
    with pytest.raises(ImportRefusedError, match="5001 rows; the import limit is 5000 rows"):
        import_file(path_or_bytes=_csv_bytes(rows, columns), filename="many.csv")


def test_oversized_path_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 10)
    with pytest.raises(ImportRefusedError, match=re.escape("big.csv: file is 5.0 MB")):
        import_file(path_or_bytes=path, filename="big.csv")


def test_geojson_feature_errors(strikes: pd.DataFrame) -> None:
    good = json.loads(_geojson_of(strikes, "S014"))["features"][0]
    moved = json.loads(json.dumps(good))
    moved["geometry"]["coordinates"] = [-100.0, 10.0]
    custom = json.loads(_geojson_of(strikes, "S003"))["features"][0]
    custom["geometry"]["coordinates"][0][0] = [-80.0, 10.0]
    custom["geometry"]["coordinates"][0][-1] = [-80.0, 10.0]
    collection = {
        "type": "FeatureCollection",
        "features": [good, moved, custom, "nonsense", {"type": "Feature", "properties": 3}],
    }
    report = import_file(path_or_bytes=json.dumps(collection).encode(), filename="u.geojson")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (5, 1, 4)
    lines = report.problem_lines()
    assert lines[0].startswith(
        "u.geojson:2: field 'geometry': got 'POINT (-100 10)'; expected the point given by "
        "latitude 12.06 and longitude -104.69"
    )
    assert lines[1].startswith("u.geojson:3: field 'geometry': got 'Polygon'; expected a Point")
    assert lines[2] == "u.geojson:4: field '<feature>': got 'nonsense'; expected a GeoJSON Feature"
    assert lines[3] == (
        "u.geojson:5: field 'properties': got '3'; expected an object of strike fields"
    )


def test_geojson_point_supplies_missing_coordinates(strikes: pd.DataFrame) -> None:
    feature = json.loads(_geojson_of(strikes, "S014"))["features"][0]
    feature["properties"]["latitude"] = None
    feature["properties"]["longitude"] = None
    collection = {"type": "FeatureCollection", "features": [feature]}
    report = import_file(path_or_bytes=json.dumps(collection).encode(), filename="p.geojson")
    assert report.rows_accepted == 1
    assert report.accepted.at[0, "latitude"] == 12.06


def _geojson_of(strikes: pd.DataFrame, row_id: str) -> str:
    from events.io_export import to_geojson_bytes

    return to_geojson_bytes(strikes[strikes["id"] == row_id]).decode()


def test_loader_lists_every_problem_with_file_and_line(tmp_path: Path) -> None:
    rows = list(REAL_ROWS.values())
    rows[2] = {**rows[2], "deaths": "-5"}
    rows[9] = {**rows[9], "status": "rumoured"}
    path = tmp_path / "strikes.csv"
    path.write_bytes(_csv_bytes(rows))
    with pytest.raises(RecordValidationError) as caught:
        load_strikes(path=path)
    assert [str(p) for p in caught.value.problems] == [
        "strikes.csv:4: field 'deaths': got '-5'; expected greater than or equal to 0",
        "strikes.csv:11: field 'status': got 'rumoured'; expected 'confirmed', 'headline-only', "
        "'low-confidence' or 'unconfirmed'",
    ]


def test_loader_reports_missing_column(tmp_path: Path) -> None:
    columns = tuple(c for c in STRIKE_COLUMNS if c != "notes")
    path = tmp_path / "strikes.csv"
    path.write_bytes(_csv_bytes([{c: REAL_ROWS["S001"][c] for c in columns}], columns))
    with pytest.raises(RecordValidationError, match=re.escape("strikes.csv:1: field 'notes'")):
        load_strikes(path=path)


def test_reporting_area_file_errors(tmp_path: Path) -> None:
    collection = json.loads(
        Path(cast(dict[str, Any], load_reporting_areas.__kwdefaults__)["path"]).read_text(
            encoding="utf-8"
        )
    )
    collection["features"][0]["properties"]["rationale"] = ""
    bow_tie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]
    collection["features"][1]["geometry"]["coordinates"] = [bow_tie]
    collection["features"][2]["properties"]["area_id"] = collection["features"][3]["properties"][
        "area_id"
    ]
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(RecordValidationError) as caught:
        load_reporting_areas(path=path)
    assert [(p.line, p.field) for p in caught.value.problems] == [
        (1, "rationale"),
        (2, "geometry"),
        (3, "area_id"),
        (4, "area_id"),
    ]


# --- position_reported (issue 11) ---------------------------------------------------------------


def test_position_reported_too_long_names_the_row_and_field() -> None:
    sentence = "126 nautical miles off Golfito " + "x" * 180
    problems = _problems_for("S047", position_reported=sentence)
    assert len(problems) == 1
    assert problems[0].startswith("user.csv:2: field 'position_reported': got '126 nautical")
    assert problems[0].endswith("expected a reported position of at most 200 characters (got 211)")


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("126 nm off Atlantis", "unknown place 'Atlantis'"),
        ("somewhere in the Pacific", "cannot read 'somewhere in the Pacific'"),
    ],
)
def test_position_reported_unreadable_names_the_row_field_and_part(
    sentence: str, reason: str
) -> None:
    problems = _problems_for("S047", position_reported=sentence)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"user.csv:2: field 'position_reported': got {sentence!r}; expected empty or a reported "
        "position geo.reported can read, such as '126 nm off Golfito' ("
    )
    assert reason in problems[0]


def test_position_reported_may_be_empty_or_a_readable_sentence() -> None:
    assert _problems_for("S001", position_reported="") == []
    assert (
        _problems_for("S001", position_reported="a 48 millas náuticas al noreste de La Blanquilla")
        == []
    )


def test_record_column_sits_after_location_text() -> None:
    index = STRIKE_COLUMNS.index("location_text")
    assert STRIKE_COLUMNS[index + 1] == "position_reported"
    assert REAL_ROWS["S032"]["position_reported"].startswith("approximately 400 nautical miles")
    assert REAL_ROWS["S001"]["position_reported"] == ""
