"""Where the committed data lives."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
GEO_DATA_DIR = DATA_DIR / "geo"

STATE_OVERRIDES = GEO_DATA_DIR / "state_overrides.csv"
CLOSING_LINES = GEO_DATA_DIR / "closing_lines.csv"
ESSEQUIBO_LINE = GEO_DATA_DIR / "essequibo_line.csv"
TREATY_POINTS = GEO_DATA_DIR / "treaty_points.csv"
GULF_OF_VENEZUELA_MOUTH = GEO_DATA_DIR / "gulf_of_venezuela_mouth.csv"
