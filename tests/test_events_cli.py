"""The maintainers' command line: ``python -m events validate`` and ``summary --json``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from events.__main__ import main
from events.paths import REPO_ROOT, STRIKES_CSV

FIXTURES = Path(__file__).parent / "data" / "events"


def test_validate_committed_record_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(STRIKES_CSV)]) == 0
    assert capsys.readouterr().out == ""


def test_validate_bad_file_prints_one_line_per_problem(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "bad_strikes.csv"
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{path}:3: field 'location_precision': got 'somewhere'; "
        "expected 'exact', 'approximate' or 'region-only'",
        f"{path}:4: field 'deaths': got '-1'; expected greater than or equal to 0",
        f"{path}:4: field 'region': got 'Atlantic'; expected 'Caribbean' or 'Eastern Pacific'",
    ]


def test_validate_refused_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("title,body\nx,y\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: unknown column(s) ['title', 'body']")


def test_validate_acled_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES / "acled_sample.csv")]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 4


#: The totals the summary gives overall and for each region.
_TOTAL_KEYS = ("strikes", "vessels", "killed", "presumed_dead", "survivors", "date_range")


def test_summary_json_keys_and_totals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) >= {*_TOTAL_KEYS, "by_region", "excluded_unconfirmed"}
    # 63/64/192 before issue 12 added S065, S066, S067, S069, S070 (S068 is unconfirmed).
    assert (summary["strikes"], summary["vessels"], summary["killed"]) == (68, 68, 201)
    assert summary["presumed_dead"] == 12
    assert summary["excluded_unconfirmed"] == 2  # S005 and S068 (issue 12)
    assert summary["by_region"]["Caribbean"]["strikes"] == 21  # + S067, S069, S070
    assert summary["by_region"]["Eastern Pacific"]["presumed_dead"] == 12
    assert set(summary["by_region"]["Caribbean"]) >= set(_TOTAL_KEYS)


def test_summary_json_date_bounds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--json", "--from", "2026-01-01", "--to", "2026-04-20"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["strikes"] == 53 - 35
    assert summary["killed"] + summary["presumed_dead"] == 181 - 123
    assert summary["date_range"] == {"from": "2026-01-23", "to": "2026-04-19"}
    assert summary["filter"] == {"from": "2026-01-01", "to": "2026-04-20"}


def test_summary_rejects_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["summary", "--json", "--from", "2026-02-30"])
    assert caught.value.code == 2
    assert "expected a date YYYY-MM-DD" in capsys.readouterr().err


def test_module_runs_as_script() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "events", "summary", "--json", "--to", "2025-12-31"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(completed.stdout)
    assert (summary["strikes"], summary["vessels"], summary["dead_total"]) == (35, 36, 123)
