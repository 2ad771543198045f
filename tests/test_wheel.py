"""``pip install .`` gives working commands and API from any directory, data included.

The wheel is built from a clean copy of the tracked files and installed into a fresh virtual
environment. The heavy third-party packages are not downloaded again: the environment sees the
project's own ``.venv`` site-packages through a ``.pth`` line (which does not carry the
project's editable install), so what is tested is the wheel's own contents and entry points.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from repo_copy import clone_repo

_EXPECTED = {
    "lat": 10.7,
    "lon": -66.93,
    "zone": "territorial_sea",
    "state": "VEN",
    "in_territorial_waters": True,
    "disputed": False,
    "note": "",
    "message": "",
}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bin folder of a fresh venv with the wheel installed (no dependencies fetched)."""
    root = tmp_path_factory.mktemp("wheel")
    source = clone_repo(root / "src")
    dist = root / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    built = _run(
        *pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(source), cwd=root
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = dist.glob("venezuela_strike_map-*.whl")
    venv = root / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=root)
    assert made.returncode == 0, made.stderr
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    (purelib / "project_deps.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    python = venv / "bin" / "python"
    install = _run(*pip, "--python", str(python), "install", "--no-deps", str(wheel), cwd=root)
    assert install.returncode == 0, install.stderr[-2000:]
    return venv / "bin"


@pytest.mark.slow
def test_geo_check_command_works_from_another_directory(installed: Path, tmp_path: Path) -> None:
    result = _run(str(installed / "geo-check"), "--json", "10.70", "-66.93", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {key: answer[key] for key in _EXPECTED} == _EXPECTED
    assert answer["distance_nm"] == pytest.approx(5.6162, abs=1e-4)


@pytest.mark.slow
def test_api_and_data_come_from_the_installed_package(installed: Path, tmp_path: Path) -> None:
    code = (
        "import common.paths, geo.check; "
        "r = geo.check.check_point(lat=10.70, lon=-66.93); "
        "print(geo.check.__file__); print(common.paths.GEO_DATA_DIR); print(r.zone, r.state)"
    )
    result = _run(str(installed / "python"), "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    module, data_dir, answer = result.stdout.splitlines()
    venv = installed.parent
    assert Path(module).is_relative_to(venv) and Path(data_dir).is_relative_to(venv)
    assert Path(data_dir).name == "geo" and (Path(data_dir) / "zone_grid.npz").is_file()
    assert answer == "territorial_sea VEN"


@pytest.mark.slow
def test_strikes_and_geo_build_commands(installed: Path, tmp_path: Path) -> None:
    summary = _run(str(installed / "strikes"), "summary", "--json", cwd=tmp_path)
    assert summary.returncode == 0, summary.stderr
    figures = json.loads(summary.stdout)
    assert (figures["strikes"], figures["vessels"], figures["killed"]) == (
        68,
        68,
        201,
    )  # the record to 4 Oct 2026 (issue 12)
    build = _run(str(installed / "geo-build"), "--help", cwd=tmp_path)
    assert build.returncode == 0 and "--contiguous-zone-nm" in build.stdout
