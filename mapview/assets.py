"""Offline web assets: Leaflet and jQuery copied from installed XStatic packages.

Run ``python -m mapview.assets`` (the set-up step does) to copy them into
``static/vendor/``, which Streamlit serves at ``/app/static/vendor/`` when
``[server] enableStaticServing = true``. No third-party code is committed: the
files come from pinned PyPI packages at set-up time.
"""

from __future__ import annotations

import filecmp
import shutil
import sys
from pathlib import Path

import xstatic.pkg.jquery as _xstatic_jquery
import xstatic.pkg.leaflet as _xstatic_leaflet

REPO_ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = REPO_ROOT / "static" / "vendor"
VENDOR_URL = "/app/static/vendor"

LEAFLET_JS_URL = f"{VENDOR_URL}/leaflet/leaflet.js"
LEAFLET_CSS_URL = f"{VENDOR_URL}/leaflet/leaflet.css"
LEAFLET_IMAGES_URL = f"{VENDOR_URL}/leaflet/images/"
JQUERY_JS_URL = f"{VENDOR_URL}/jquery/jquery.min.js"

# Folium's default_js / default_css, reduced to what the map uses (no Bootstrap,
# awesome-markers or Font Awesome: markers are CircleMarker / GeoJson styling).
LOCAL_JS: list[tuple[str, str]] = [("leaflet", LEAFLET_JS_URL), ("jquery", JQUERY_JS_URL)]
LOCAL_CSS: list[tuple[str, str]] = [("leaflet_css", LEAFLET_CSS_URL)]


def _copy_plan() -> list[tuple[Path, Path]]:
    leaflet_dir = Path(_xstatic_leaflet.BASE_DIR)
    jquery_dir = Path(_xstatic_jquery.BASE_DIR)
    plan = [
        (leaflet_dir / "leaflet.js", VENDOR_DIR / "leaflet" / "leaflet.js"),
        (leaflet_dir / "leaflet.css", VENDOR_DIR / "leaflet" / "leaflet.css"),
        (jquery_dir / "jquery.min.js", VENDOR_DIR / "jquery" / "jquery.min.js"),
    ]
    plan += [
        (image, VENDOR_DIR / "leaflet" / "images" / image.name)
        for image in sorted((leaflet_dir / "images").glob("*.png"))
    ]
    return plan


def install_assets(*, vendor_dir: Path = VENDOR_DIR) -> list[Path]:
    """Copy Leaflet and jQuery into ``vendor_dir``; idempotent.

    Parameters
    ----------
    vendor_dir : Path
        Destination folder (``static/vendor`` by default).

    Returns
    -------
    list of Path
        Files written by this call (empty when everything was already current).

    """
    written: list[Path] = []
    for source, default_target in _copy_plan():
        target = vendor_dir / default_target.relative_to(VENDOR_DIR)
        if target.exists() and filecmp.cmp(source, target, shallow=False):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    return written


def missing_assets(*, vendor_dir: Path = VENDOR_DIR) -> list[Path]:
    """List the vendor files that are not installed yet.

    Parameters
    ----------
    vendor_dir : Path
        Folder to check.

    Returns
    -------
    list of Path
        Expected files that do not exist.

    """
    return [
        vendor_dir / target.relative_to(VENDOR_DIR)
        for _, target in _copy_plan()
        if not (vendor_dir / target.relative_to(VENDOR_DIR)).exists()
    ]


def main() -> int:
    """Install the assets and report what was copied.

    Returns
    -------
    int
        Process exit code.

    """
    written = install_assets()
    print(f"mapview.assets: {len(written)} file(s) copied into {VENDOR_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
