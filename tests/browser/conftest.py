"""Real-browser fixtures: one Streamlit server per session, Debian's Chromium, no network.

The server runs ``dashboard.py`` on a free port of 127.0.0.1; every page blocks requests to
any other host, so the tests prove the map works offline (only OSM tiles are ever asked for).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route

from harness.streamlit_server import CHROMIUM_ARGS, CHROMIUM_PATH, stop_server
from harness.streamlit_server import start_server as _start_server

REPO_ROOT = Path(__file__).resolve().parents[2]
MAP_TIMEOUT_MS = 60_000


def start_server(*, log_path: Path, app_dir: Path = REPO_ROOT) -> tuple[str, Any]:
    """Start ``app_dir/dashboard.py`` on a free local port; return its URL and process."""
    if not Path(CHROMIUM_PATH).exists():
        pytest.skip(f"{CHROMIUM_PATH} is missing: run `make browser`")
    return _start_server(log_path=log_path, app_dir=app_dir)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of one dashboard server shared by every browser test of the session."""
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    base_url, process = start_server(log_path=log_path)
    try:
        yield base_url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium (never a downloaded browser)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM_PATH,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A desktop-sized viewport so the map and the point-check column sit side by side."""
    return {**browser_context_args, "viewport": {"width": 1500, "height": 1100}}


class OfflineLog:
    """Requests the page tried to send anywhere but the local server (all were blocked)."""

    def __init__(self) -> None:
        self.blocked_urls: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def offline_page(page: Page, app_url: str) -> tuple[Page, OfflineLog]:
    """A page that can reach only the local server, recording blocked requests and dialogs."""
    log = OfflineLog()

    def _route(route: Route) -> None:
        if route.request.url.startswith(app_url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            log.blocked_urls.append(route.request.url)
            route.abort()

    page.context.route("**/*", _route)

    def _on_dialog(dialog: Any) -> None:
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", _on_dialog)
    page.set_default_timeout(MAP_TIMEOUT_MS)
    return page, log


APP_PARTS = (
    "dashboard.py",
    "map_frame.py",
    "common",
    "mapview",
    "geo",
    "events",
    "data",
    "static",
    ".streamlit",
)


# How each broken copy is broken, and the file name the message must give.
BREAKAGES = {
    "corrupt strike record": ("data/events/strikes.csv", "corrupt"),
    "missing display zones": ("data/geo/display/zones.geojson", "missing"),
}


@pytest.fixture(scope="module", params=sorted(BREAKAGES))
def broken_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """A copy of the app with one data file broken, served on its own port.

    Yields the URL and the broken file's name; the real data files are never touched.
    """
    relative_path, how = BREAKAGES[request.param]
    root = tmp_path_factory.mktemp("broken_app")
    for part in APP_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / part)
    broken = root / relative_path
    if how == "missing":
        broken.unlink()
    else:
        broken.write_text("this is not the strike record\n1,2,3\n", encoding="utf-8")
    base_url, process = start_server(log_path=root / "server.log", app_dir=root)
    try:
        yield base_url, broken.name
    finally:
        stop_server(process)
