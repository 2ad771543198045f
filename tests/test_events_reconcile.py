"""Published running totals against the record: the totals it matches and the documented gaps."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

from events.__main__ import main
from events.filters import filter_strikes
from events.reconcile import GAP_KINDS, load_published_totals, reconcile, record_last_date
from events.summary import summarise


@pytest.fixture(scope="module")
def entries(strikes: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in reconcile(strikes=strikes)}


def _figures(entry: dict[str, Any]) -> dict[str, tuple[int, int, str]]:
    return {
        item["figure"]: (item["stated"], item["record"], item["result"])
        for item in entry["comparisons"]
    }


def test_every_published_total_is_listed_with_an_explanation(
    entries: dict[str, dict[str, Any]],
) -> None:
    totals = load_published_totals()
    assert [total.id for total in totals] == list(entries) == [f"T{n:03d}" for n in range(1, 27)]
    for entry in entries.values():
        assert len(entry["explanation"]) > 40, entry["id"]
        assert entry["comparisons"], entry["id"]
        if entry["result"] == "differs":
            assert entry["gap_kinds"], entry["id"]
        assert set(entry["gap_kinds"]) <= set(GAP_KINDS)


@pytest.mark.parametrize("total_id", ["T001", "T004", "T011", "T014"])
def test_totals_the_record_matches_exactly(
    entries: dict[str, dict[str, Any]], total_id: str
) -> None:
    assert entries[total_id]["result"] == "equal"
    assert all(item["difference"] == 0 for item in entries[total_id]["comparisons"])


def test_named_matches(entries: dict[str, dict[str, Any]]) -> None:
    # UN experts, 4 Nov 2025, before that day's strike: 15 strikes, 64 killed.
    assert _figures(entries["T001"]) == {
        "strikes": (15, 15, "equal"),
        "killed": (64, 64, "equal"),
    }
    # AP, 20 Apr 2026: at least 181 = 169 killed + 12 presumed dead.
    assert entries["T014"]["record"] == {
        "strikes": 53,
        "vessels": 54,
        "killed": 169,
        "presumed_dead": 12,
        "dead_total": 181,
    }
    # CBS, 26 Jan 2026: 126 = 116 + 10.
    assert _figures(entries["T004"]) == {"killed": (126, 126, "equal")}


@pytest.mark.parametrize("total_id", ["T002", "T007", "T009", "T010", "T012", "T013", "T020"])
def test_at_least_totals_the_record_meets(
    entries: dict[str, dict[str, Any]], total_id: str
) -> None:
    assert entries[total_id]["result"] == "consistent"


def test_publishers_counting_boats(entries: dict[str, dict[str, Any]]) -> None:
    # The BBC's "at least 38 strikes" on 6 Feb 2026 is our vessel count (S012: two boats).
    bbc = entries["T005"]
    assert _figures(bbc)["strikes"] == (38, 37, "differs")
    assert bbc["record"]["vessels"] == 38
    assert bbc["gap_kinds"] == ["publisher-counts-vessels"]


def test_lead_ig_through_31_march_includes_s064(
    entries: dict[str, dict[str, Any]], strikes: pd.DataFrame
) -> None:
    assert _figures(entries["T013"]) == {
        "vessels": (47, 48, "consistent"),
        "killed": (156, 163, "consistent"),
    }
    without_s064 = strikes[strikes["id"] != "S064"]
    summary = summarise(filter_strikes(without_s064, date_to="2026-03-31"))
    assert (summary["vessels"], summary["dead_total"]) == (47, 159)
    # "About two-thirds eastern Pacific": 32 of 47 strikes with S064, 32 of 46 without.
    by_region = summarise(filter_strikes(strikes, date_to="2026-03-31"))["by_region"]
    assert (by_region["Eastern Pacific"]["strikes"], by_region["Caribbean"]["strikes"]) == (32, 15)


def test_the_28_may_at_least_199_conflict(
    entries: dict[str, dict[str, Any]], strikes: pd.DataFrame
) -> None:
    ap = entries["T015"]
    assert _figures(ap) == {"killed": (199, 193, "differs")}
    assert ap["gap_kinds"] == ["presumed-dead-basis", "residual-conflict"]
    assert "S057" in ap["explanation"] and "S058" in ap["explanation"]
    # Counting the S057 and S058 survivors as presumed dead, as AP did, leaves a residual of 2.
    by_id = strikes.set_index("id")
    open_survivors = int(by_id.loc[["S057", "S058"], "survivors"].sum())
    assert open_survivors == 4
    assert ap["record"]["dead_total"] + open_survivors == 199 - 2


def test_latest_published_total_and_the_unidentified_strikes(
    entries: dict[str, dict[str, Any]], strikes: pd.DataFrame
) -> None:
    latest = entries["T026"]
    assert latest["date"] == "2026-10-04"
    assert _figures(latest) == {
        "strikes": (71, 68, "differs"),
        "killed": (239, 213, "differs"),
    }
    assert "unidentified-strikes" in latest["gap_kinds"]
    assert "unknown-casualties" in latest["gap_kinds"]
    assert latest["record_lacking_casualties"] == 2  # S066, S067
    last_date = record_last_date(strikes)
    assert last_date is not None
    assert last_date.isoformat() == latest["date"]


def test_reconcile_cli_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reconcile", "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert len(parsed) == 26
    assert parsed[0]["id"] == "T001" and parsed[0]["result"] == "equal"
    assert main(["reconcile"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert (
        text[0] == "T001 2025-11-04 UN human rights experts (OHCHR): equal (record to 2025-11-03)"
    )
    assert "  killed: stated 199 (at-least), record 193, difference -6: differs" in text
    assert sum(line.startswith("  why: ") for line in text) == 26
