"""Throw-away copies of the repository, to corrupt or build without touching the committed files.

The packages find ``data/`` relative to their own files, so a command run from a copy reads
the copy's data: no option or environment variable is needed to point it elsewhere.
"""

import shutil
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("common", "geo", "events")


def copy_repo(destination: Path) -> Path:
    """Copy ``common/``, ``geo/``, ``events/`` and ``data/`` into ``destination``; return it."""
    for package in PACKAGES:
        shutil.copytree(
            REPO_ROOT / package,
            destination / package,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    shutil.copytree(REPO_ROOT / "data", destination / "data")
    return destination


def tracked_files() -> list[str]:
    """Paths (relative, POSIX) of every file git tracks in the working tree."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True
    ).stdout
    return [name for name in listed.decode().split("\0") if name]


def clone_repo(destination: Path) -> Path:
    """Copy every git-tracked file (as it is in the working tree) into ``destination``."""
    for name in tracked_files():
        source = REPO_ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is not copied
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination
