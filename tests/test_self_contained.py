"""The repository needs nothing outside itself: a clone with no sibling folders rebuilds ``data/``.

The clone is the git-tracked files copied into an empty temporary folder, so no folder beside
the working tree is there to be read. ``make data`` (``python -m geo.build`` then
``python -m events.build``) run there must reproduce every committed data file byte for byte,
and a representative part of the fast suite must pass there. The rebuild takes minutes, so it
runs in the background from the end of collection (``clone_rebuild``, ``conftest.py``).
"""

from __future__ import annotations

import filecmp
import subprocess
from pathlib import Path

import clone_rebuild
import pytest
from repo_copy import REPO_ROOT, tracked_files

#: Longest wait for the background rebuild after the rest of the suite (seconds).
_REBUILD_WAIT_S = 3600


@pytest.mark.slow
def test_clone_with_no_siblings_rebuilds_data_identically_and_passes_fast_tests(
    background_rebuild: tuple[Path, subprocess.Popen[bytes]],
) -> None:
    # Started when collection ended (conftest.py): the clone is the tracked files alone, its
    # built data deleted; ``make data`` and the clone's fast tests run there meanwhile.
    clone, process = background_rebuild
    assert sorted(p.name for p in clone.parent.iterdir()) == ["repo"]
    process.wait(timeout=_REBUILD_WAIT_S)
    report = clone_rebuild.read_report(clone)
    assert list(report) == [name for name, _, _ in clone_rebuild.STEPS], report
    for name, step in report.items():
        assert step["returncode"] == 0, (name, step)
    assert "70 strike rows; " in str(report["events.build"]["stdout"])

    names = [n for n in tracked_files() if n.startswith("data/")]
    _, mismatch, errors = filecmp.cmpfiles(REPO_ROOT, clone, names, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert " passed" in str(report["fast tests"]["stdout"])
