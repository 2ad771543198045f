"""Hostile uploads, records and command lines (issue 8, classes 1, 3, 5, 6 and 7).

Each test names a shape that once crashed, was silently coerced, or gave an unbounded
message, and asserts the exact outcome now: a clear, bounded problem naming line and field,
counts that add up, exit statuses 0 / 1 / 2, and files that a failed write leaves intact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_runner import REPO_ROOT, run_module
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from repo_copy import copy_repo

from common.atomic_write import write_text_atomic
from common.manifest import write_manifest
from common.messages import MAX_MESSAGE_CHARS, MAX_VALUE_CHARS, shorten
from events.io_import import ImportRefusedError, ImportReport, UnreadableFileError, import_file
from events.schema import CAMPAIGN_START, MAX_COUNT, RecordProblem
from mapview.js_data import js_string_literal
from mapview.plain_text import literal_table, markdown_literal

CORPUS = json.loads((REPO_ROOT / "tests" / "data" / "hostile_payloads.json").read_text("utf-8"))
ALL_PAYLOADS = [item["text"] for item in CORPUS["payloads"] + CORPUS["url_payloads"]]
HEADER = (
    "id,date,region,reporting_area,location_precision,latitude,longitude,"
    "uncertainty_radius_nm,location_method,deaths,status,source_urls,vessels"
)
GOOD = {
    "id": "U1",
    "date": "2025-10-20",
    "region": "Caribbean",
    "reporting_area": "",
    "location_precision": "approximate",
    "latitude": "12.5",
    "longitude": "-66.5",
    "uncertainty_radius_nm": "10",
    "location_method": "from a report",
    "deaths": "1",
    "status": "confirmed",
    "source_urls": "https://example.org/u1",
    "vessels": "1",
}


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER.split(","), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _import_one(**changes: str) -> ImportReport:
    report = import_file(path_or_bytes=_csv([{**GOOD, **changes}]), filename="u.csv")
    assert report.rows_read == report.rows_accepted + report.rows_rejected == 1
    return report


def _problem(**changes: str) -> str:
    report = _import_one(**changes)
    assert report.rows_rejected == 1, changes
    return str(report.rejections[0])


# --- class 3 and 7: numbers, dates, agreement ----------------------------------------------


def test_the_good_row_is_accepted() -> None:
    assert _import_one().rows_accepted == 1


@pytest.mark.parametrize("count", [str(2**63), str(2**64), "9" * 400, str(MAX_COUNT + 1)])
def test_huge_counts_are_rejected_not_crashing(count: str) -> None:
    message = _problem(deaths=count)
    assert "field 'deaths'" in message and f"less than or equal to {MAX_COUNT}" in message
    assert len(message) < MAX_VALUE_CHARS + 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("deaths", "3_000"),
        ("deaths", "３"),
        ("vessels", "１"),
        ("latitude", "1_2.5"),
        ("latitude", "１２.5"),
        ("longitude", " -66.5 "),
        ("uncertainty_radius_nm", "inf"),
        ("uncertainty_radius_nm", "nan"),
    ],
)
def test_lax_number_forms_are_not_coerced(field: str, value: str) -> None:
    message = _problem(**{field: value})
    assert f"field '{field}'" in message
    assert "ASCII digits" in message


def test_true_is_not_a_count() -> None:
    assert "field 'vessels': got 'true'" in _problem(vessels="true")
    features = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {**_geojson_properties(), "vessels": True},
                "geometry": None,
            }
        ],
    }
    report = import_file(path_or_bytes=json.dumps(features).encode(), filename="u.geojson")
    assert report.rows_rejected == 1
    assert "a number, not true/false" in str(report.rejections[0])


@pytest.mark.parametrize(
    "date",
    [
        "2099-01-01",
        "the day after tomorrow",
        "1999-12-31",
        (CAMPAIGN_START - dt.timedelta(days=1)).isoformat(),
    ],
)
def test_dates_outside_the_campaign_are_rejected(date: str) -> None:
    if date == "the day after tomorrow":
        # Computed as the test runs, not at collection: a suite that passes midnight would
        # otherwise check a date that has become tomorrow (accepted).
        date = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    message = _problem(date=date)
    assert f"got '{date}'" in message
    assert "from 2025-09-02 (the campaign's first strike)" in message


def test_campaign_start_and_today_are_accepted() -> None:
    assert _import_one(date=CAMPAIGN_START.isoformat()).rows_accepted == 1
    assert _import_one(date=dt.date.today().isoformat()).rows_accepted == 1


def test_a_timestamp_is_not_a_date() -> None:
    assert "a date written YYYY-MM-DD" in _problem(date="1760000000")


def test_region_area_and_position_must_agree() -> None:
    assert (
        "field 'latitude': got '10.0, -100.5'; expected a position inside a reporting area of "
        "the region Caribbean" in _problem(latitude="10.0", longitude="-100.5")
    )
    assert "(eastern-pacific-unspecified is in Eastern Pacific)" in _problem(
        reporting_area="eastern-pacific-unspecified"
    )
    # A Caribbean position outside the named Caribbean area.
    assert "a position inside the reporting area between-venezuela-trinidad" in _problem(
        reporting_area="between-venezuela-trinidad"
    )


def _geojson_properties() -> dict[str, Any]:
    return {
        "id": "G1",
        "date": "2025-10-20",
        "region": "Caribbean",
        "location_precision": "approximate",
        "uncertainty_radius_nm": 10,
        "location_method": "m",
        "deaths": 1,
        "status": "confirmed",
        "source_urls": ["https://example.org/g"],
    }


def _nested(depth: int) -> Any:
    value: Any = 1.0
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "coordinates",
    [[], None, "ab", [[[[[1]]]]], _nested(500), [1e999, 12], [-66.5], {"x": 1}],
    ids=["empty", "null", "string", "nested", "deep", "infinite", "one-number", "object"],
)
def test_bad_point_coordinates_are_one_rejection(coordinates: Any) -> None:
    features = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": _geojson_properties(),
                "geometry": {"type": "Point", "coordinates": coordinates},
            }
        ],
    }
    text = json.dumps(features, allow_nan=True).encode()
    report = import_file(path_or_bytes=text, filename="u.geojson")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (1, 0, 1)
    assert report.rejections[0].field in {"geometry", "longitude", "latitude"}


def test_json_nested_past_the_parser_limit_is_refused_or_rejected() -> None:
    text = '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}"
    try:
        report = import_file(path_or_bytes=text.encode(), filename="u.geojson")
    except UnreadableFileError as error:
        assert "not valid JSON" in str(error)
    else:
        assert (report.rows_read, report.rows_rejected) == (1, 1)
        assert report.rejections[0].field == "<feature>"


# --- class 5: unclosed quotes, counts, no destroyed input ---------------------------------


def test_unclosed_quote_is_reported_where_it_opened_and_the_rest_is_read() -> None:
    rows = [{**GOOD, "id": f"U{i}"} for i in range(1, 301)]
    text = _csv(rows).decode().splitlines()
    text[10] = text[10].replace(",from a report,", ',"from a report,')  # line 11
    report = import_file(path_or_bytes=("\n".join(text) + "\n").encode(), filename="q.csv")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (300, 299, 1)
    problem = report.rejections[0]
    assert (problem.line, problem.field) == (11, "<row>")
    assert "quote opened on line 11 and never closed" in problem.value
    assert "reading resumed on line 12" in problem.expected


def test_quoted_multiline_cells_still_work() -> None:
    rows = [{**GOOD, "id": "U1", "location_method": 'from a "report"\nover two lines'}, GOOD]
    rows[1] = {**GOOD, "id": "U2"}
    report = import_file(path_or_bytes=_csv(rows), filename="m.csv")
    assert (report.rows_read, report.rows_accepted) == (2, 2)
    assert report.accepted["location_method"].iloc[0] == 'from a "report"\nover two lines'


def test_unclosed_quote_in_the_header_refuses_the_file() -> None:
    with pytest.raises(UnreadableFileError, match="header has a quote that is never closed"):
        import_file(path_or_bytes=b'id,"date\nU1,2025-10-20\n', filename="h.csv")


def test_too_many_unclosed_quotes_refuse_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import events.load

    # Real files rarely reach the cap (a later quote closes an earlier one): lower it.
    monkeypatch.setattr(events.load, "MAX_UNCLOSED_QUOTES", 0)
    content = _csv([GOOD]).decode() + 'U2,"2025-10-20\n'
    with pytest.raises(UnreadableFileError, match="more than 0 quotes are never closed"):
        import_file(path_or_bytes=content.encode(), filename="many.csv")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_stray_quote_anywhere_keeps_the_counts_adding_up(data: st.DataObject) -> None:
    rows = [{**GOOD, "id": f"U{i}"} for i in range(1, 8)]
    text = _csv(rows).decode()
    position = data.draw(st.integers(min_value=len(HEADER) + 1, max_value=len(text) - 1))
    broken = text[:position] + '"' + text[position:]
    try:
        report = import_file(path_or_bytes=broken.encode(), filename="s.csv")
    except ImportRefusedError:
        return
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    assert report.rows_read >= len(rows) - 1


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "strikes.csv"
    target.write_text("the old content\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(target, "new\ud800content")  # a lone surrogate cannot be encoded
    assert target.read_text(encoding="utf-8") == "the old content\n"
    assert [path.name for path in tmp_path.iterdir()] == ["strikes.csv"]
    write_text_atomic(target, "new content\n")
    assert target.read_text(encoding="utf-8") == "new content\n"


# --- class 7: bounded messages, caps, exit codes, pipes, wrong-shape data files -------------


def test_a_long_value_gives_a_bounded_message() -> None:
    message = _problem(deaths="x" * 100_000)
    assert len(message) < MAX_VALUE_CHARS + 300
    assert "100,000 characters in all" in message


def test_a_megabyte_cell_is_a_bounded_refusal() -> None:
    # Python's csv module reads cells up to 128 kB; past that the file is refused, briefly.
    with pytest.raises(UnreadableFileError) as caught:
        _import_one(location_method="x" * 1_000_000)
    assert "field larger than field limit" in str(caught.value)
    assert len(str(caught.value)) <= MAX_MESSAGE_CHARS


def test_a_megabyte_column_name_gives_a_bounded_refusal() -> None:
    with pytest.raises(ImportRefusedError) as caught:
        import_file(path_or_bytes=("y" * 1_000_000 + ",id\n1,2\n").encode(), filename="c.csv")
    assert len(str(caught.value)) <= MAX_MESSAGE_CHARS


def test_shorten_keeps_short_text_and_cuts_long_text() -> None:
    assert shorten("abc") == "abc"
    cut = shorten("z" * 5_000)
    assert len(cut) == MAX_VALUE_CHARS and cut.endswith("(5,000 characters in all)")
    problem = RecordProblem("f", 1, "field", "v" * 10_000, "e" * 10_000)
    assert len(problem.value) == MAX_VALUE_CHARS
    assert len(problem.expected) == MAX_MESSAGE_CHARS


def _bad_rows_file(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "bad.csv"
    lines = ["id,date,region,location_precision,deaths,status"]
    lines += [f"X{i},2099-01-01,Nowhere,somewhere,-1,rumoured" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_validate_exit_codes(tmp_path: Path) -> None:
    bad = _bad_rows_file(tmp_path, 3)
    assert run_module("events", "validate", str(bad)).returncode == 1
    missing = run_module("events", "validate", str(tmp_path / "none.csv"))
    assert missing.returncode == 2 and "cannot read the file" in missing.stderr
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = run_module("events", "validate", str(binary))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert run_module("events", "validate").returncode == 2  # usage
    assert run_module("geo.check", "--json", "10.7").returncode == 2  # usage


def _piped_into_head(*args: str) -> subprocess.CompletedProcess[str]:
    command = " ".join([sys.executable, "-m", *args]) + " | head -1"
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_broken_pipe_traceback_under_head(tmp_path: Path) -> None:
    bad = _bad_rows_file(tmp_path, 4_000)
    result = _piped_into_head("events", "validate", str(bad))
    assert result.stdout.startswith(f"{bad}:2: field ")
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
    assert result.returncode in (1, 141)
    result = _piped_into_head("geo.check", "--help")
    assert result.stdout.startswith("usage: python -m geo.check")
    assert "Traceback" not in result.stderr


def test_dashboard_lists_at_most_200_rejections() -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120).run()
    lines = ["id,date,region,location_precision,deaths,status"]
    lines += [f"X{i},2099-01-01,Nowhere,somewhere,-1,rumoured" for i in range(5_000)]
    content = ("\n".join(lines) + "\n").encode()
    problems = len(import_file(path_or_bytes=content, filename="bad.csv").rejections)
    assert problems > 20_000
    app.file_uploader(key="upload").upload("bad.csv", content, "text/csv").run()
    assert not app.exception
    assert any("5000 row(s) read, 0 accepted, 5000 rejected" in i.value for i in app.sidebar.info)
    # Issue 13: upload tables are st.dataframe (cells as text), no longer st.table.
    tables = [table.value for table in app.sidebar.dataframe]
    rejected = next(table for table in tables if "reason" in table.columns)
    assert len(rejected) == 200
    captions = [caption.value for caption in app.sidebar.caption]
    assert any(f"{problems - 200:,} more problem(s) not listed" in c for c in captions), captions


@pytest.mark.parametrize(
    ("relative_path", "content", "command", "fragment"),
    [
        (
            "geo/baseline.geojson",
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            '"geometry":{"type":"Point","coordinates":[1,2]}}]}',
            ("geo.check", "--json", "10.7", "-66.9"),
            "feature 1 is an empty or Point geometry, expected LineString or MultiLineString",
        ),
        (
            "geo/zones.parquet",
            "PAR1 not a parquet file",
            ("geo.check", "--json", "10.7", "-66.9"),
            "zones.parquet: cannot be read as GeoParquet",
        ),
        (
            "events/strikes.csv",
            "a,b\n1,2\n",
            ("events", "summary"),
            "not the strike record (no column(s)",
        ),
    ],
)
def test_wrong_shape_data_file_matching_its_checksum_is_one_line(
    tmp_path: Path, relative_path: str, content: str, command: tuple[str, ...], fragment: str
) -> None:
    repo = copy_repo(tmp_path / "repo")
    path = repo / "data" / relative_path
    path.write_text(content, encoding="utf-8")
    write_manifest(path.parent)  # the checksum now vouches for the wrong file
    result = run_module(*command, cwd=repo)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert fragment in lines[0] and "make data" in lines[0]


# --- classes 1 and 6: the escaping helpers on the payload corpus ---------------------------


@pytest.mark.parametrize("payload", ALL_PAYLOADS)
def test_js_string_literal_is_inert_data(payload: str) -> None:
    literal = js_string_literal(payload)
    assert json.loads(literal) == payload
    assert literal.startswith('"') and literal.endswith('"')
    for forbidden in ("</", "<!--", "\u2028", "\u2029", "{", "}", "`\n"):
        assert forbidden not in literal


@pytest.mark.parametrize("payload", ALL_PAYLOADS)
def test_markdown_literal_leaves_no_link_image_or_directive(payload: str) -> None:
    escaped = markdown_literal(payload)
    assert "\n" not in escaped
    # Once the escape pairs are taken out, nothing that starts a construct is left.
    unescaped_rest = re.sub(r"\\.", "", escaped, flags=re.DOTALL)
    for active in ("![", "](", "[", ":red", "$", "`", "*", "_", "~"):
        assert active not in unescaped_rest, (payload, escaped)


def test_markdown_literal_keeps_plain_prose() -> None:
    for text in ("Venezuela's territorial sea, 5.6 nm from the baseline", "range: expected -90"):
        assert markdown_literal(text) == text
    assert markdown_literal("<img src=x onerror=alert(1)>") == "<img src=x onerror=alert(1)>"
    assert markdown_literal("1. heading") == "1\\. heading"


def test_literal_table_escapes_text_cells_only() -> None:
    import pandas as pd

    table = literal_table(pd.DataFrame({"location_text": ["![x](https://e.example/p)"], "n": [3]}))
    assert table["location_text"].iloc[0].startswith("!\\[x\\]")
    assert table["n"].iloc[0] == 3


_COORDINATES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=4),
    lambda children: st.lists(children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    geometry_type=st.sampled_from(["Point", "MultiPoint", "Polygon", "LineString", "Nonsense"]),
    coordinates=_COORDINATES,
    count=st.one_of(st.integers(), st.booleans(), st.text(max_size=6)),
)
# Found by Hypothesis: shapely raised IndexError on a Polygon with "" for its coordinates.
@example(geometry_type="Polygon", coordinates="", count=0)
def test_any_geojson_geometry_and_count_give_a_report(
    geometry_type: str, coordinates: Any, count: Any
) -> None:
    feature = {
        "type": "Feature",
        "properties": {**_geojson_properties(), "deaths": count},
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }
    text = json.dumps({"type": "FeatureCollection", "features": [feature]}, allow_nan=True)
    report = import_file(path_or_bytes=text.encode(), filename="fuzz.geojson")
    assert report.rows_read == report.rows_accepted + report.rows_rejected == 1
    for problem in report.rejections:
        assert len(str(problem)) < MAX_VALUE_CHARS * 2 + MAX_MESSAGE_CHARS
