"""Where the strike record's files live, relative to the repository."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data" / "events"
STRIKES_CSV = DATA_DIR / "strikes.csv"
REPORTING_AREAS_GEOJSON = DATA_DIR / "reporting_areas.geojson"
CONTEXT_EVENTS_CSV = DATA_DIR / "context_events.csv"
POSSIBLE_ZONES_CSV = DATA_DIR / "possible_zones.csv"
#: CI keeps a copy of the shared reference next to the repository (``../shared``).
REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
REFERENCE_STRIKES_CSV = REFERENCE_DIR / "strikes.csv"
PUBLISHED_TOTALS_CSV = DATA_DIR / "published_totals.csv"
LAND_EVENTS_CSV = DATA_DIR / "land_events.csv"
DATA_VERSION_CSV = DATA_DIR / "data_version.csv"
