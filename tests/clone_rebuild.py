"""A clean clone's full rebuild, run in the background while the rest of the suite runs.

Rebuilding the theatre's zones takes minutes on two cores, most of which the suite leaves
idle: ``conftest.py`` starts the rebuild when collection ends (at a lower priority) and
``test_self_contained`` waits for it and checks what it produced. Run as a script, this module
is that background job: each step in turn, stopping at the first failure, with a JSON report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# As a script, this file's folder is on sys.path, so its neighbours import either way.
from cli_runner import run_python
from repo_copy import clone_repo

#: Files of data/geo that the build writes: deleted in the clone, so it must make them anew
#: (and in data/events, the manifest and the areas' verdicts).
BUILT_GEO = (
    "*.geojson",
    "*.parquet",
    "*.npz",
    "claimants.csv",
    "gazetteer.csv",
    "MANIFEST.sha256",
)
#: The tests that read every data file, the point check, the record and the page's layers
#: prove the clone stands alone; the main run covers the rest.
CLONE_SUITE = (
    "tests/test_geo_data.py",
    "tests/test_geo_points.py",
    "tests/test_geo_cli.py",
    "tests/test_events_data.py",
    "tests/test_events_cli.py",
    "tests/test_gazetteer.py",
    "tests/test_mapview.py",
)
#: Each step: name, arguments of ``python``, timeout in seconds.
STEPS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("geo.build", ("-m", "geo.build"), 2400),
    ("events.build", ("-m", "events.build"), 300),
    ("events.build --check", ("-m", "events.build", "--check"), 300),
    # ``make setup`` copies Leaflet and jQuery from the installed XStatic packages.
    ("mapview.assets", ("-m", "mapview.assets"), 120),
    (
        "fast tests",
        (
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not browser and not slow",
            *CLONE_SUITE,
            # A fixed seed: this run proves the clone is self-contained; the property tests
            # explore fresh examples in the main run.
            "--hypothesis-seed=0",
        ),
        1800,
    ),
)
REPORT_NAME = "rebuild_report.json"
#: Niceness of the background job: the foreground tests keep their speed.
BACKGROUND_NICENESS = 10
_TAIL_CHARS = 3000


def prepare_clone(destination: Path) -> Path:
    """Copy the tracked files to ``destination/alone/repo`` and delete what the build makes."""
    clone = clone_repo(destination / "alone" / "repo")
    for pattern in BUILT_GEO:
        for built in (clone / "data" / "geo").rglob(pattern):
            built.unlink()
    for name in ("MANIFEST.sha256", "area_verdicts.csv"):
        (clone / "data" / "events" / name).unlink()
    return clone


def start(clone: Path) -> subprocess.Popen[bytes]:
    """Start the steps in ``clone`` in a background process; its report lands beside it."""
    return subprocess.Popen(
        [sys.executable, __file__, str(clone)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(clone.parent.parent / "rebuild.log").open("wb"),
        preexec_fn=lambda: os.nice(BACKGROUND_NICENESS),
        start_new_session=True,
    )


def read_report(clone: Path) -> dict[str, dict[str, object]]:
    """Steps run, each with its return code and the ends of its output."""
    report: dict[str, dict[str, object]] = json.loads(
        (clone.parent.parent / REPORT_NAME).read_text(encoding="utf-8")
    )
    return report


def _run_steps(clone: Path) -> None:
    report: dict[str, dict[str, object]] = {}
    report_path = clone.parent.parent / REPORT_NAME
    for name, args, timeout in STEPS:
        try:
            done = run_python(*args, root=clone, cwd=clone, timeout=timeout)
            result: dict[str, object] = {
                "returncode": done.returncode,
                "stdout": done.stdout[-_TAIL_CHARS:],
                "stderr": done.stderr[-_TAIL_CHARS:],
            }
        except subprocess.TimeoutExpired:
            result = {"returncode": None, "stdout": "", "stderr": f"timed out after {timeout} s"}
        report[name] = result
        # Written after every step: a report read early says how far the job got.
        report_path.write_text(json.dumps(report, indent=1), encoding="utf-8")
        if result["returncode"] != 0:
            break


if __name__ == "__main__":
    _run_steps(Path(sys.argv[1]))
