"""Where the committed data lives."""

from common.paths import DATA_ROOT
from common.paths import GEO_DATA_DIR as GEO_DATA_DIR  # re-exported

DATA_DIR = DATA_ROOT

STATE_OVERRIDES = GEO_DATA_DIR / "state_overrides.csv"
CLOSING_LINES = GEO_DATA_DIR / "closing_lines.csv"
ESSEQUIBO_LINE = GEO_DATA_DIR / "essequibo_line.csv"
TREATY_POINTS = GEO_DATA_DIR / "treaty_points.csv"
TREATY_SIDES = GEO_DATA_DIR / "treaty_sides.csv"
GULF_OF_VENEZUELA_MOUTH = GEO_DATA_DIR / "gulf_of_venezuela_mouth.csv"
WATER_BODY_POINTS = GEO_DATA_DIR / "water_body_points.csv"
TERRITORY_CODES = GEO_DATA_DIR / "territory_codes.csv"
CLAIMS = GEO_DATA_DIR / "claims.csv"
TREATIES = GEO_DATA_DIR / "treaties.csv"
BOUNDARY_LABELS = GEO_DATA_DIR / "boundary_labels.csv"
HISTORIC_BAYS = GEO_DATA_DIR / "historic_bays.csv"
DISPUTED_AREAS = GEO_DATA_DIR / "disputed_areas.csv"
ZONE_NOTES = GEO_DATA_DIR / "zone_notes.csv"
