"""Issue 13 part A in a real browser: Debian's Chromium, local server, every other host blocked.

A shared link outside the record's dates shows the clamped range's totals with a notice, and a
hostile upload (Markdown link, Markdown image, HTML image) stays literal text in the sidebar
tables while the browser requests nothing from outside.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page
from test_dashboard_answers import HOSTILE_UPLOAD, HTML_IMAGE, MARKDOWN_IMAGE, MARKDOWN_LINK
from test_dashboard_browser import _metric, map_frame
from test_hostile_browser import OUTSIDE_HOST, _upload

pytestmark = pytest.mark.browser

OfflineLog = Any  # tests/browser/conftest.py's OfflineLog: blocked_urls, dialogs


def test_sept_to_dec_link_shows_35_strikes_and_says_what_changed(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, log = offline_page
    page.goto(f"{app_url}/?dates=2025-09-01&dates=2025-12-31")
    map_frame(page)
    notice = page.locator("[data-testid='stAlertContentWarning']").filter(
        has_text="The link asked for 2025-09-01 to 2025-12-31"
    )
    notice.wait_for()
    assert "the dates shown are 2025-09-02 to 2025-12-31" in notice.inner_text()
    assert _metric(page, "Strikes") == "35"
    # The address says what the page shows: reopening it needs no notice.
    page.wait_for_function("() => window.location.search.includes('2025-09-02')")
    assert parse_qs(urlsplit(page.url).query)["dates"] == ["2025-09-02", "2025-12-31"]
    assert page.locator("[data-testid='stException']").count() == 0
    assert log.dialogs == []


def test_hostile_upload_stays_literal_and_fetches_nothing(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, log = offline_page
    page.goto(app_url)
    frame = map_frame(page)
    _upload(page, name="mine.csv", mime_type="text/csv", content=HOSTILE_UPLOAD.encode())
    page.get_by_text("1 accepted, 1 rejected").wait_for()
    literal = f"{MARKDOWN_LINK} {MARKDOWN_IMAGE} {HTML_IMAGE}"
    # The data grid draws on a canvas; its cells are also in the DOM for screen readers.
    page.wait_for_function(
        "(text) => Array.from(document.querySelectorAll("
        "'[data-testid=stSidebar] [data-testid=stDataFrame]'))"
        ".some(table => table.textContent.includes(text))",
        arg=literal,
    )
    rejected = page.locator("[data-testid='stSidebar'] [data-testid='stDataFrame']").filter(
        has_text="reason"
    )
    assert "2025-10-2x" in str(rejected.text_content())
    page.wait_for_timeout(1_000)  # time for any image the page might (wrongly) fetch
    for document in (page, frame):
        assert document.locator(f"img[src*='{OUTSIDE_HOST}']").count() == 0
        assert document.locator(f"a[href*='{OUTSIDE_HOST}']").count() == 0
    assert not [url for url in log.blocked_urls if OUTSIDE_HOST in url], log.blocked_urls
    assert log.dialogs == []


def test_filters_come_first_in_keyboard_order(
    offline_page: tuple[Page, OfflineLog], app_url: str
) -> None:
    page, _ = offline_page
    page.goto(app_url)
    map_frame(page)
    focused = []
    for _ in range(5):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return [e.getAttribute('aria-label') || e.getAttribute('data-testid'),"
                " e.closest('[data-testid=stSidebar]') !== null]; }"
            )
        )
    # Streamlit's own "skip to content" link, then the date range's two ends, then the region.
    assert focused[0][0] == "stSkipToContent"
    assert [label for label, _ in focused[1:3]] == ["Dates — start", "Dates — end"]
    assert all(in_sidebar for _, in_sidebar in focused[1:])
