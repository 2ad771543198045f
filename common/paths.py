"""Where the data files live: ``data/`` of a checkout, or the copy installed with the package."""

from __future__ import annotations

from pathlib import Path
from typing import Final

#: A checkout keeps the data beside the packages; a wheel carries a copy inside ``common``
#: (see ``[tool.setuptools.package-dir]`` in ``pyproject.toml``).
_PACKAGED_DATA: Final = Path(__file__).resolve().parent / "_data"
REPO_ROOT: Final = Path(__file__).resolve().parents[1]
DATA_ROOT: Final = _PACKAGED_DATA if _PACKAGED_DATA.is_dir() else REPO_ROOT / "data"
GEO_DATA_DIR: Final = DATA_ROOT / "geo"
EVENTS_DATA_DIR: Final = DATA_ROOT / "events"
