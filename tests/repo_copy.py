"""A throw-away copy of the code and data, to corrupt without touching the committed files.

The packages find ``data/`` relative to their own files, so a command run from the copy reads
the copy's data: no option or environment variable is needed to point it elsewhere.
"""

import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("geo", "events")


def copy_repo(destination: Path) -> Path:
    """Copy ``geo/``, ``events/`` and ``data/`` into ``destination``; return it."""
    for package in PACKAGES:
        shutil.copytree(
            REPO_ROOT / package,
            destination / package,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    shutil.copytree(REPO_ROOT / "data", destination / "data")
    return destination
