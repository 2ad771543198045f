"""Where the strike record's files live (``data/events/`` of the checkout or the package)."""

from __future__ import annotations

from common.paths import EVENTS_DATA_DIR
from common.paths import REPO_ROOT as REPO_ROOT  # re-exported

DATA_DIR = EVENTS_DATA_DIR
STRIKES_CSV = DATA_DIR / "strikes.csv"
REPORTING_AREAS_GEOJSON = DATA_DIR / "reporting_areas.geojson"
CONTEXT_EVENTS_CSV = DATA_DIR / "context_events.csv"
POSSIBLE_ZONES_CSV = DATA_DIR / "possible_zones.csv"
PUBLISHED_TOTALS_CSV = DATA_DIR / "published_totals.csv"
LAND_EVENTS_CSV = DATA_DIR / "land_events.csv"
DATA_VERSION_CSV = DATA_DIR / "data_version.csv"
ANSWER_CAVEATS_CSV = DATA_DIR / "answer_caveats.csv"
SOURCE_KINDS_CSV = DATA_DIR / "source_kinds.csv"
AREA_VERDICTS_CSV = DATA_DIR / "area_verdicts.csv"
