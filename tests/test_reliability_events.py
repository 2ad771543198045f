"""The strike record under faults and hostile input.

- ``data/events/`` is verified against ``MANIFEST.sha256`` at load; a missing, changed or
  unreadable file raises ``DataFileError`` naming the file, what is wrong and how to rebuild it,
  and the command lines print that one line and exit 2 (no traceback).
- ``python -m events.build`` writes the manifest and reproduces it byte for byte; ``--check``
  sees a stale manifest.
- The importers refuse files over the size and row limits with a message naming the limit,
  and never raise anything but ``ImportRefusedError`` on arbitrary input.
- Every CSV export guards formula triggers in text cells while numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pytest
from cli_runner import run_module
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from repo_copy import copy_repo

from common.csv_cells import FORMULA_TRIGGERS
from common.manifest import read_manifest, sha256_of, write_manifest
from events import paths
from events.io_export import NUMERIC_COLUMNS, to_csv_bytes
from events.io_import import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportRefusedError,
    ImportReport,
    import_file,
)
from events.load import (
    REBUILD_HINT,
    load_context_events,
    load_reporting_areas,
    load_strikes,
)
from events.schema import STRIKE_COLUMNS
from geo.data import DataFileError

# Issue 12 added data_version.csv, land_events.csv and published_totals.csv; issue 11 folded
# positions_reported.csv into strikes.csv's position_reported column; issue 13 added
# answer_caveats.csv and source_kinds.csv.
EVENT_FILES = (
    "answer_caveats.csv",
    "area_verdicts.csv",
    "context_events.csv",
    "data_version.csv",
    "land_events.csv",
    "possible_zones.csv",
    "published_totals.csv",
    "reporting_areas.geojson",
    "source_kinds.csv",
    "strikes.csv",
)
_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return load_reporting_areas()


# --- the manifest -------------------------------------------------------------------------------


def test_committed_manifest_lists_and_matches_every_file() -> None:
    manifest = read_manifest(paths.DATA_DIR)
    assert sorted(manifest) == list(EVENT_FILES)
    for name, digest in manifest.items():
        assert sha256_of(paths.DATA_DIR / name) == digest, name


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``data/events/`` that the loaders treat as the committed folder."""
    copy = tmp_path / "events"
    shutil.copytree(paths.DATA_DIR, copy)
    monkeypatch.setattr(paths, "DATA_DIR", copy)
    return copy


def _load_all(folder: Path) -> None:
    load_strikes(path=folder / "strikes.csv", areas_path=folder / "reporting_areas.geojson")
    load_context_events(path=folder / "context_events.csv")


def test_copy_with_its_manifest_loads(data_copy: Path) -> None:
    _load_all(data_copy)


def test_changed_file_is_refused(data_copy: Path) -> None:
    path = data_copy / "strikes.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",11,", ",12,", 1), "utf-8")
    with pytest.raises(DataFileError) as caught:
        _load_all(data_copy)
    assert str(caught.value) == (
        f"{path}: checksum does not match {data_copy / 'MANIFEST.sha256'} "
        f"(file changed or corrupted); {REBUILD_HINT}"
    )
    assert "`make data`" in REBUILD_HINT and "`git checkout data/`" in REBUILD_HINT


@pytest.mark.parametrize(
    ("damage", "fragment"),
    [
        ("delete reporting_areas.geojson", "reporting_areas.geojson: missing data file"),
        ("delete context_events.csv", "context_events.csv: missing data file"),
        ("delete MANIFEST.sha256", "MANIFEST.sha256: missing checksum manifest"),
        ("unlist strikes.csv", "strikes.csv: not listed in"),
        ("garble MANIFEST.sha256", "MANIFEST.sha256: checksum manifest cannot be read"),
        ("strikes.csv not UTF-8", "strikes.csv: not UTF-8 text (bad byte at offset 2)"),
        ("reporting_areas.geojson not JSON", "reporting_areas.geojson: cannot be read as GeoJSON"),
        ("reporting_areas.geojson a list", "reporting_areas.geojson: not a GeoJSON Feature"),
        ("context_events.csv overlong cell", "context_events.csv: cannot be read as CSV"),
    ],
)
def test_damaged_file_is_named_with_the_fault_and_the_fix(
    data_copy: Path, damage: str, fragment: str
) -> None:
    manifest = data_copy / "MANIFEST.sha256"
    if damage.startswith("delete"):
        (data_copy / damage.split()[1]).unlink()
    elif damage == "unlist strikes.csv":
        kept = [line for line in manifest.read_text("utf-8").splitlines() if "strikes" not in line]
        manifest.write_text("\n".join(kept) + "\n", "utf-8")
    elif damage == "garble MANIFEST.sha256":
        manifest.write_text("not-a-manifest-line\n", "utf-8")
    else:
        # Unparseable content that the manifest vouches for (refreshed over a bad file).
        name = damage.split()[0]
        content = {
            "strikes.csv": b"id\xff\n",
            "reporting_areas.geojson": b'{"type": "FeatureCollection", "feat',
            "context_events.csv": ('id\n"' + "x" * 200_000 + '"\n').encode(),
        }[name]
        if damage.endswith("a list"):
            content = b"[1, 2]"
        (data_copy / name).write_bytes(content)
        write_manifest(data_copy)
    with pytest.raises(DataFileError) as caught:
        _load_all(data_copy)
    message = str(caught.value)
    assert fragment in message
    assert message.startswith(str(data_copy))
    assert message.endswith(REBUILD_HINT)
    assert "\n" not in message


def test_file_outside_a_managed_folder_is_read_without_manifest(tmp_path: Path) -> None:
    path = tmp_path / "strikes.csv"
    shutil.copy(paths.STRIKES_CSV, path)
    assert len(load_strikes(path=path)) == 70  # 64 + S065-S070 (issue 12)
    with pytest.raises(DataFileError, match=r"^.*missing\.csv: missing data file$"):
        load_context_events(path=tmp_path / "missing.csv")


# --- the command lines ---------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def _assert_one_line_exit_2(result: object, *, file: Path, fragment: str) -> None:
    assert result.returncode == 2  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"python -m events: error: {file}: {fragment}")
    assert lines[0].endswith(REBUILD_HINT)


def test_summary_with_corrupted_record_exits_2(repo: Path) -> None:
    strikes_csv = repo / "data" / "events" / "strikes.csv"
    with strikes_csv.open("ab") as handle:
        handle.write(b"S999,garbage\n")
    result = run_module("events", "summary", "--json", cwd=repo)
    _assert_one_line_exit_2(result, file=strikes_csv, fragment="checksum does not match")


def test_summary_with_missing_manifest_exits_2(repo: Path) -> None:
    manifest = repo / "data" / "events" / "MANIFEST.sha256"
    manifest.unlink()
    result = run_module("events", "summary", "--json", cwd=repo)
    _assert_one_line_exit_2(result, file=manifest, fragment="missing checksum manifest")


def test_validate_with_missing_reporting_areas_exits_2(repo: Path) -> None:
    areas_file = repo / "data" / "events" / "reporting_areas.geojson"
    areas_file.unlink()
    result = run_module("events", "validate", str(paths.STRIKES_CSV), cwd=repo)
    _assert_one_line_exit_2(result, file=areas_file, fragment="missing data file")


def test_validate_still_judges_the_file_itself(repo: Path) -> None:
    # The FILE is the user's, not verified against the manifest: exit 0 valid, 1 per problem.
    edited = repo / "data" / "events" / "strikes.csv"
    assert run_module("events", "validate", str(edited), cwd=repo).returncode == 0
    text = edited.read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace(",Caribbean,", ",Atlantic,", 1)
    edited.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = run_module("events", "validate", str(edited), cwd=repo)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{edited}:4: field 'region': got 'Atlantic'; expected 'Caribbean' or 'Eastern Pacific'"
    ]


# --- the build writes and checks the manifest -----------------------------------------------------


def test_build_reproduces_the_manifest_and_check_sees_it_stale(repo: Path) -> None:
    events_dir = repo / "data" / "events"
    committed = (paths.DATA_DIR / "MANIFEST.sha256").read_bytes()
    (events_dir / "MANIFEST.sha256").unlink()
    check = run_module("events.build", "--check")
    assert check.returncode == 0, check.stderr  # the committed folder is current
    stale = run_module("events.build", "--check", cwd=repo)
    assert stale.returncode == 1
    assert stale.stderr.splitlines() == [
        f"{events_dir / 'MANIFEST.sha256'}: out of date; run python -m events.build"
    ]
    build = run_module("events.build", cwd=repo)
    assert build.returncode == 0, build.stderr
    assert f"wrote {events_dir / 'MANIFEST.sha256'}" in build.stdout.splitlines()
    assert (events_dir / "MANIFEST.sha256").read_bytes() == committed
    for name in EVENT_FILES:
        assert (events_dir / name).read_bytes() == (paths.DATA_DIR / name).read_bytes(), name


def test_build_refuses_an_invalid_record_and_leaves_it_alone(repo: Path) -> None:
    record = repo / "data" / "events" / "strikes.csv"
    lines = record.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",Caribbean,", ",Atlantic,", 1)
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = record.read_bytes()
    build = run_module("events.build", cwd=repo)
    assert build.returncode == 1
    assert build.stderr.splitlines() == [
        "build failed: strikes.csv:4: field 'region': got 'Atlantic'; "
        "expected 'Caribbean' or 'Eastern Pacific'"
    ]
    assert record.read_bytes() == before


# --- import limits --------------------------------------------------------------------------------

_HEADER = "id,date,region,reporting_area,location_precision,deaths,status,source_title"
_ROW = "S900,2025-09-02,Caribbean,caribbean-unspecified,region-only,1,confirmed,Test"


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extra=st.integers(min_value=1, max_value=2_000), geojson=st.booleans())
def test_too_many_rows_are_refused_naming_the_limit(
    areas: pd.DataFrame, extra: int, geojson: bool
) -> None:
    count = MAX_IMPORT_ROWS + extra
    if geojson:
        feature: dict[str, Any] = {"type": "Feature", "properties": {}, "geometry": None}
        data = json.dumps({"type": "FeatureCollection", "features": [feature] * count}).encode()
        name = "many.geojson"
    else:
        data = (_HEADER + "\n" + (_ROW + "\n") * count).encode()
        name = "many.csv"
    with pytest.raises(ImportRefusedError) as caught:
        import_file(path_or_bytes=data, filename=name, areas=areas)
    assert str(caught.value) == (
        f"{name}: {count} rows; the import limit is 5000 rows. Split the file and import the parts."
    )


def test_exactly_the_row_limit_is_read(areas: pd.DataFrame) -> None:
    data = (_HEADER + "\n" + (_ROW + "\n") * MAX_IMPORT_ROWS).encode()
    report = import_file(path_or_bytes=data, filename="limit.csv", areas=areas)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (5000, 1, 4999)
    assert str(report.rejections[0]) == (
        "limit.csv:3: field 'id': got 'S900'; expected a unique id (already used on line 2)"
    )


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surplus=st.integers(min_value=1, max_value=3 * 1024 * 1024), on_disk=st.booleans())
def test_oversized_files_are_refused_naming_the_limit(
    tmp_path_factory: pytest.TempPathFactory, areas: pd.DataFrame, surplus: int, on_disk: bool
) -> None:
    size = MAX_IMPORT_BYTES + surplus
    data = (_HEADER + "\n").encode().ljust(size, b"x")
    source: bytes | Path = data
    if on_disk:
        source = tmp_path_factory.mktemp("big") / "big.csv"
        source.write_bytes(data)
    with pytest.raises(ImportRefusedError) as caught:
        import_file(path_or_bytes=source, filename="big.csv", areas=areas)
    assert str(caught.value) == (
        f"big.csv: file is {size / 1024 / 1024:.1f} MB; the import limit is 5 MB. "
        "Split the file and import the parts."
    )


# --- importers never crash ------------------------------------------------------------------------


def _check_outcome(data: bytes, filename: str, areas: pd.DataFrame) -> ImportReport | None:
    try:
        report = import_file(path_or_bytes=data, filename=filename, areas=areas)
    except ImportRefusedError as refused:
        assert str(refused).startswith(f"{filename}: ")
        assert "\n" not in str(refused)
        return None
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    assert len(report.accepted) == report.rows_accepted
    assert report.rows_rejected == len({problem.line for problem in report.rejections})
    for problem in report.rejections:
        assert problem.field and problem.expected
        assert str(problem).startswith(f"{filename}:")
    return report


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@_SETTINGS
@given(document=_JSON, filename=st.sampled_from(["f.geojson", "f.json", "f.csv"]))
def test_import_never_crashes_on_any_json(
    areas: pd.DataFrame, document: object, filename: str
) -> None:
    _check_outcome(json.dumps(document).encode(), filename, areas)


_REQUIRED = ["id", "date", "region", "location_precision", "deaths", "status"]
_ACLED = ["event_date", "latitude", "longitude", "geo_precision", "fatalities", "notes", "source"]
_HEADERS = st.one_of(
    # our CSV: the required columns, then other schema and derived columns in any order
    st.lists(st.sampled_from([*STRIKE_COLUMNS, "verdict"]), max_size=10, unique=True).map(
        lambda extra: [*dict.fromkeys([*_REQUIRED, "reporting_area", "source_title", *extra])]
    ),
    # an ACLED export, with its optional columns
    st.lists(st.sampled_from(["event_id_cnty", "location", "year"]), unique=True).map(
        lambda extra: [*_ACLED, *extra]
    ),
    # anything: mostly refused as a whole
    st.lists(st.sampled_from([*STRIKE_COLUMNS, *_ACLED, "x"]), min_size=1, max_size=8),
)
_PLAUSIBLE = st.one_of(
    st.sampled_from(
        [
            "",
            "S900",
            "2025-09-02",
            "02 September 2025",
            "Caribbean",
            "Eastern Pacific",
            "region-only",
            "exact",
            "approximate",
            "confirmed",
            "unconfirmed",
            "caribbean-unspecified",
            "off-venezuela-north-coast",
            "true",
            "1",
            "2",
            "-1",
            "1e308",
            "nan",
            "-66.93",
            "10.7",
            "https://example.org/a ; https://example.org/b",
            "'=1+1",
            "=cmd|' /C calc'!A0",
            # Shapes found by hostile probing (issue 8): counts past int64, lax coercions,
            # dates outside the campaign, a region that disagrees with its area, broken quotes.
            "9223372036854775808",
            str(2**64),
            "9" * 400,
            "3_000",
            "３",
            "１０.５",
            " 12 ",
            "inf",
            "2099-01-01",
            "1999-12-31",
            "1760000000",
            "2025-09-01",
            "eastern-pacific-unspecified",
            "-100.5",
            '"unclosed',
            "${alert(1)}",
            "C:\\2025\\strikes",
        ]
    ),
    st.text(max_size=10),
    st.floats().map(repr),
)


#: A valid row of each format, which the fuzzer mutates cell by cell to reach every path.
_VALID_STRIKE = {
    "id": "S900",
    "date": "2025-09-02",
    "region": "Caribbean",
    "reporting_area": "caribbean-unspecified",
    "location_precision": "region-only",
    "deaths": "3",
    "status": "confirmed",
    "source_title": "Test",
}
_VALID_ACLED = {
    "event_date": "02 September 2025",
    "latitude": "12.5",
    "longitude": "-66.5",
    "geo_precision": "2",
    "fatalities": "3",
    "source": "https://example.org/a",
}


@_SETTINGS
@given(header=_HEADERS, data=st.data())
def test_import_never_crashes_on_schema_shaped_csv(
    areas: pd.DataFrame, header: list[str], data: st.DataObject
) -> None:
    # Nine cells in ten keep the valid value, so that some rows are accepted.
    valid = _VALID_ACLED if "event_date" in header else _VALID_STRIKE
    cell = {
        name: st.integers(min_value=0, max_value=9).flatmap(
            cast(
                "Callable[[int], st.SearchStrategy[str]]",
                lambda k, name=name: st.just(valid.get(name, "")) if k else _PLAUSIBLE,
            )
        )
        for name in header
    }
    rows = data.draw(
        st.lists(st.tuples(*(cell[name] for name in header)), max_size=5), label="rows"
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    report = _check_outcome(
        buffer.getvalue().encode("utf-8", errors="surrogatepass"), "fuzz.csv", areas
    )
    event("refused" if report is None else f"{report.file_format}, {report.rows_accepted} accepted")


# --- export guard ------------------------------------------------------------------------------

_TEXT_COLUMNS = ("notes", "location_text", "source_title", "announced_by", "alleged_group")
_HOSTILE_TEXT = st.one_of(
    st.sampled_from(["=", "+", "-", "@"]).flatmap(
        lambda trigger: st.text(max_size=12).map(lambda rest: trigger + rest)
    ),
    st.text(max_size=12),
).filter(lambda text: text.strip() != "" and "\x00" not in text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_HOSTILE_TEXT, min_size=len(_TEXT_COLUMNS), max_size=len(_TEXT_COLUMNS)))
def test_csv_export_guards_every_text_cell_and_round_trips(
    strikes: pd.DataFrame, areas: pd.DataFrame, texts: list[str]
) -> None:
    selected = strikes[strikes["id"].isin(["S014", "S001"])].copy()  # a point, a region-only row
    for column, text in zip(_TEXT_COLUMNS, texts, strict=True):
        selected[column] = text
    exported = to_csv_bytes(selected)
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8"), newline="")))
    assert [row["id"] for row in rows] == ["S001", "S014"]
    for row in rows:
        for column, cell in row.items():
            if column in NUMERIC_COLUMNS:
                assert cell == "" or float(cell) == float(cell), (column, cell)
            else:
                assert not cell or cell[0] not in FORMULA_TRIGGERS, (column, cell)
    assert (rows[1]["latitude"], rows[1]["longitude"]) == ("12.06", "-104.69")
    report = import_file(path_or_bytes=exported, filename="export.csv", areas=areas)
    assert report.rows_accepted == 2, report.problem_lines()
    for column, text in zip(_TEXT_COLUMNS, texts, strict=True):
        assert list(report.accepted[column]) == [text, text], column
