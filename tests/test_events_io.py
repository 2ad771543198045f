"""Import (ours, ACLED) and export (CSV, GeoJSON): mapping, round trip, formula guard, fuzzing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.csv_cells import guard_cell, unguard_cell
from events.filters import filter_strikes
from events.io_export import NUMERIC_COLUMNS, to_csv_bytes, to_geojson_bytes
from events.io_import import ImportRefusedError, ImportReport, import_file
from events.load import load_reporting_areas

FIXTURES = Path(__file__).parent / "data" / "events"


def _assert_same_records(left: pd.DataFrame, right: pd.DataFrame) -> None:
    left, right = left.reset_index(drop=True), right.reset_index(drop=True)
    assert list(left.columns) == list(right.columns)
    for column in left.columns:
        if column in ("geometry", "point"):
            for a, b in zip(left[column], right[column], strict=True):
                assert (a is None and b is None) or a.equals_exact(b, 0.0), column
        else:
            pd.testing.assert_series_equal(left[column], right[column], check_names=True)


# --- ACLED ------------------------------------------------------------------------------------


def test_acled_mapping() -> None:
    report = import_file(path_or_bytes=FIXTURES / "acled_sample.csv", filename="acled_sample.csv")
    assert report.file_format == "acled-csv"
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (7, 3, 4)
    accepted = report.accepted.set_index("id")
    first = accepted.loc["USA1001"]
    assert first["date"] == pd.Timestamp("2025-09-02")
    assert first["date_original"] == "02 September 2025"
    assert first["region"] == "Caribbean"
    assert first["reporting_area"] == "between-venezuela-trinidad"  # smallest area holding it
    assert first["location_precision"] == "approximate"
    assert first["uncertainty_radius_nm"] == 25.0
    assert first["deaths"] == 11
    assert pd.isna(first["vessels"])
    assert pd.isna(first["survivors"])
    assert first["source_title"] == "Truth Social; Airwars"
    assert first["location_text"] == "Caribbean Sea"
    assert first["counted"]
    second = accepted.loc["USA1002"]
    assert second["region"] == "Eastern Pacific"
    assert second["uncertainty_radius_nm"] == 100.0
    assert second["source_urls"] == ["https://www.stripes.com/x"]
    third = accepted.loc["USA1003"]
    assert third["location_precision"] == "exact"
    assert third["geometry"].geom_type == "Point"
    assert third["notes"] == '=HYPERLINK("http://evil")'  # kept as written; escaped on export
    assert report.problem_lines() == [
        "acled_sample.csv:5: field 'event_date': got 'not a date'; "
        "expected a date such as 2025-09-02 or 02 September 2025",
        "acled_sample.csv:6: field 'latitude': got '40.0'; expected a position inside a "
        "reporting area of the Caribbean or the Eastern Pacific (got 40.0, -30.0)",
        "acled_sample.csv:7: field 'geo_precision': got '4'; expected 1, 2 or 3 "
        "(ACLED geo_precision)",
        "acled_sample.csv:8: field 'fatalities': got '-2'; expected greater than or equal to 0",
    ]
    assert any("['year', 'disorder_type']" in note for note in report.notes)


def test_acled_summary_counts_unknown_vessels() -> None:
    from events.summary import summarise

    report = import_file(path_or_bytes=FIXTURES / "acled_sample.csv", filename="acled.csv")
    summary = summarise(report.accepted)
    assert summary["strikes"] == 3
    assert summary["killed"] == 16
    assert summary["unknown_counts"]["vessels"] == 3


# --- export -> import round trip --------------------------------------------------------------


@pytest.mark.parametrize(
    ("export", "filename", "file_format"),
    [
        (to_csv_bytes, "export.csv", "strikes-csv"),
        (to_geojson_bytes, "export.geojson", "strikes-geojson"),
    ],
)
def test_round_trip_whole_record(
    strikes: pd.DataFrame,
    export: Callable[[pd.DataFrame], bytes],
    filename: str,
    file_format: str,
) -> None:
    report = import_file(path_or_bytes=export(strikes), filename=filename)
    assert report.file_format == file_format
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (70, 70, 0)
    _assert_same_records(strikes, report.accepted)


def test_round_trip_of_filtered_selection_with_derived_columns(strikes: pd.DataFrame) -> None:
    selected = filter_strikes(strikes, date_to="2026-04-01", regions=["Caribbean"])
    selected["verdict"] = "indeterminate"
    csv_report = import_file(path_or_bytes=to_csv_bytes(selected), filename="sel.csv")
    assert csv_report.rows_accepted == len(selected) == 16  # 15 counted + S005
    assert any("ignored derived column(s)" in note for note in csv_report.notes)
    plain = selected.drop(columns=["verdict", "date_window_crosses_filter"])
    _assert_same_records(plain, csv_report.accepted)
    geo_report = import_file(path_or_bytes=to_geojson_bytes(selected), filename="sel.geojson")
    _assert_same_records(plain, geo_report.accepted)


def test_geojson_export_geometry(strikes: pd.DataFrame) -> None:
    collection = json.loads(to_geojson_bytes(strikes))
    by_id = {feature["properties"]["id"]: feature for feature in collection["features"]}
    # S014 recentred on 400 nm SW of Acapulco with a 100-nm radius (issue 12).
    assert by_id["S014"]["geometry"] == {"type": "Point", "coordinates": [-104.69, 12.06]}
    assert by_id["S014"]["properties"]["uncertainty_radius_nm"] == 100.0
    assert by_id["S001"]["geometry"]["type"] == "Polygon"
    assert by_id["S005"]["properties"]["counted"] is False
    assert by_id["S005"]["properties"]["deaths"] is None
    assert by_id["S069"]["properties"]["date_earliest"] == "2026-09-19"
    assert by_id["S069"]["properties"]["date_latest"] == "2026-09-20"


# --- formula injection ------------------------------------------------------------------------


def test_csv_export_guards_formulas_but_not_numbers(strikes: pd.DataFrame) -> None:
    hostile = strikes[strikes["id"].isin(["S014", "S003"])].copy()
    hostile["notes"] = ['=HYPERLINK("http://evil")', "+1 more"]
    hostile["location_text"] = ["@SUM(A1)", "-2 killed"]
    hostile["source_title"] = ["\tTabbed", "'=already quoted"]
    hostile["announced_by"] = ["\rCR", "'plain apostrophe"]
    exported = to_csv_bytes(hostile)
    rows = list(csv.DictReader(io.StringIO(exported.decode(), newline="")))
    assert [row["id"] for row in rows] == ["S003", "S014"]
    assert [row["notes"] for row in rows] == ['\'=HYPERLINK("http://evil")', "'+1 more"]
    assert [row["location_text"] for row in rows] == ["'@SUM(A1)", "'-2 killed"]
    assert [row["source_title"] for row in rows] == ["'\tTabbed", "''=already quoted"]
    assert [row["announced_by"] for row in rows] == ["'\rCR", "'plain apostrophe"]
    assert rows[1]["longitude"] == "-104.69"  # numbers stay numbers
    for row in rows:
        for column, value in row.items():
            if column not in NUMERIC_COLUMNS:
                assert not value or value[0] not in "=+-@\t\r"
    report = import_file(path_or_bytes=exported, filename="hostile.csv")
    assert report.rows_accepted == 2
    assert any("formula-injection guard" in note for note in report.notes)
    _assert_same_records(hostile, report.accepted)


@given(st.text())
def test_guard_is_reversible(text: str) -> None:
    assert unguard_cell(guard_cell(text)) == text
    guarded = guard_cell(text)
    assert not guarded or guarded[0] not in "=+-@\t\r"


# --- importers never crash --------------------------------------------------------------------


def _check_outcome(data: bytes, filename: str) -> None:
    refusal = ""
    try:
        report = import_file(path_or_bytes=data, filename=filename, areas=AREAS)
    except ImportRefusedError as refused:
        refusal = str(refused)
    if refusal:
        assert refusal.startswith(filename)
        return
    assert isinstance(report, ImportReport)
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    for problem in report.rejections:
        assert problem.expected
        assert problem.field


AREAS = load_reporting_areas()
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["f.csv", "f.geojson", "f.txt"]))
def test_import_never_crashes_on_bytes(data: bytes, filename: str) -> None:
    _check_outcome(data, filename)


_CSV_CHARACTERS = st.characters(exclude_characters="\x00", exclude_categories=["Cs"])
_HEADERS = [
    "id,date,region,location_precision,deaths,status",
    "event_date,latitude,longitude,geo_precision,fatalities,notes,source",
    ",".join(["id", "date", "region", "reporting_area", "location_precision", "deaths", "status"]),
]


@_SETTINGS
@given(
    st.sampled_from(_HEADERS),
    st.lists(
        st.lists(st.text(alphabet=_CSV_CHARACTERS, max_size=12), max_size=9),
        max_size=6,
    ),
)
def test_import_never_crashes_on_csv_like_text(header: str, cells: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in cells:
        writer.writerow(row)
    _check_outcome((header + "\n" + buffer.getvalue()).encode(), "fuzz.csv")


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@_SETTINGS
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["type", "properties", "geometry", "id", "date", "coordinates"]),
            _JSON_VALUES,
            max_size=4,
        ),
        max_size=4,
    )
)
def test_import_never_crashes_on_geojson_like_json(features: list[dict[str, object]]) -> None:
    collection = {"type": "FeatureCollection", "features": features}
    _check_outcome(json.dumps(collection).encode(), "fuzz.geojson")


def test_position_reported_survives_both_round_trips(strikes: pd.DataFrame) -> None:
    # Issue 11: the CSV export carries the sentence right after location_text; both exports
    # re-import it unchanged, and the verdict basis is a derived column, ignored on import.
    from events.verdicts import add_verdicts

    selection = add_verdicts(strikes[strikes["id"].isin(["S001", "S018", "S047"])])
    csv_bytes = to_csv_bytes(selection)
    header = csv_bytes.decode("utf-8").splitlines()[0].split(",")
    assert header[header.index("location_text") + 1] == "position_reported"
    assert "verdict_basis" in header
    for payload, filename in ((csv_bytes, "sel.csv"), (to_geojson_bytes(selection), "sel.geojson")):
        report = import_file(path_or_bytes=payload, filename=filename)
        assert (report.rows_read, report.rows_accepted) == (3, 3)
        back = report.accepted.set_index("id")["position_reported"]
        assert back["S018"] == "near Puerto López, La Guajira"
        assert back["S047"] == "126 nautical miles off Costa Rica's southern port town of Golfito"
        assert pd.isna(back["S001"])
        _assert_same_records(
            selection.drop(
                columns=["verdict", "min_distance_nm", "max_distance_nm", "verdict_basis"]
            ),
            report.accepted,
        )
