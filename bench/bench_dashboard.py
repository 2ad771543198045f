"""Dashboard speed in headless Chromium against a local server; prints figures and ratios.

Run: ``.venv/bin/python -m bench.bench_dashboard [--sessions 20] [--skip-load]``.

Measures (targets from the dashboard issue):
- page open to map with all layers drawn, first visit and later visits (target < 3 s after the
  first visit);
- a date-filter change: server time of the rerun (Streamlit AppTest, same script in-process;
  target < 0.5 s) and browser time until the figures and strike features changed, with a check
  that the map iframe was not reloaded;
- bytes sent over the websocket for the page (the map's HTML/JSON; target < 1.5 MB) and per
  filter change, plus the static Leaflet/jQuery files;
- a session with a 1,000-row upload: the run that reads, checks and draws the file, against a
  later rerun, which reuses that work (before, every rerun redid it);
- one rerun's map frame: the strings rendered once and shared (``map_frame``) against
  ``st_folium`` rendering the map and every layer, as it does on each call;
- a bounded load test: N concurrent sessions (websocket clients by default, or browsers), each
  opening the page, applying a date filter and a point check (a fragment rerun, as the browser
  sends it); p50/p95 per step against the target p95 of 2.5 s, and the server's memory;
- Streamlit's full garbage collection after every run, with the page's data frozen out of the
  collector (as the dashboard does once loaded) and not.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Frame, Page, async_playwright

from harness.streamlit_server import CHROMIUM_ARGS, CHROMIUM_PATH, start_server, stop_server

REPO_ROOT = Path(__file__).resolve().parents[1]
MAP_IFRAME = "iframe[title='streamlit_folium.st_folium']"
TIMEOUT_MS = 180_000
TARGET_OPEN_S = 3.0
TARGET_RERUN_S = 0.5
TARGET_PAYLOAD_BYTES = 1.5e6
TARGET_LOAD_P95_S = 2.5
#: The point check's answer box, whichever the answer (yes: info, no: success, can't tell:
#: warning).
ANSWER_BOXES = ", ".join(
    f"[data-testid='stAlertContent{kind}']" for kind in ("Info", "Success", "Warning")
)


def _server_log() -> Path:
    return Path(tempfile.mkdtemp(prefix="bench_streamlit_")) / "server.log"


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_s(pid: int) -> float:
    """CPU time (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _line(name: str, value_s: float, target_s: float | None = None) -> str:
    ratio = f"  ({value_s / target_s:.2f} × target {target_s} s)" if target_s else ""
    return f"  {name:<58} {value_s:7.3f} s{ratio}"


async def _offline(page: Page, base_url: str) -> None:
    async def _route(route: Any) -> None:
        if route.request.url.startswith(base_url):
            await route.continue_()
        else:
            await route.abort()

    await page.context.route("**/*", _route)


async def _map_ready(page: Page) -> Frame:
    handle = await page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
    assert handle is not None
    frame = await handle.content_frame()
    assert frame is not None
    await frame.wait_for_selector("path.strike-marker", state="attached", timeout=TIMEOUT_MS)
    # All layers drawn: every fixed layer file fetched and added (each counts itself in).
    await frame.wait_for_function(
        "() => window.staticLayersExpected > 0"
        " && window.staticLayersLoaded === window.staticLayersExpected",
        timeout=TIMEOUT_MS,
    )
    return frame


async def _open(
    browser: Browser, base_url: str, context: BrowserContext | None = None
) -> tuple[Page, Frame, float, int]:
    if context is None:
        context = await browser.new_context(viewport={"width": 1500, "height": 1100})
    page = await context.new_page()
    await _offline(page, base_url)
    ws_bytes = [0]

    def _on_websocket(ws: Any) -> None:
        ws.on("framereceived", lambda payload: ws_bytes.__setitem__(0, ws_bytes[0] + len(payload)))

    page.on("websocket", _on_websocket)
    layer_bytes = [0]

    def _on_response(response: Any) -> None:
        # Uncompressed size of each fixed layer file fetched (an upper bound of the transfer).
        marker = "/app/static/vendor/layers/"
        if marker in response.url:
            name = response.url.split(marker, 1)[1]
            layer_bytes[0] += (REPO_ROOT / "static" / "vendor" / "layers" / name).stat().st_size

    page.on("response", _on_response)
    started = time.perf_counter()
    await page.goto(f"{base_url}/")
    frame = await _map_ready(page)
    elapsed = time.perf_counter() - started
    page._bench_ws_bytes = ws_bytes  # type: ignore[attr-defined]
    page._bench_layer_bytes = layer_bytes  # type: ignore[attr-defined]
    return page, frame, elapsed, ws_bytes[0]


async def _rerun_done(page: Page) -> None:
    await page.wait_for_timeout(150)
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS
    )


async def _filter_change(page: Page, frame: Frame, *, presses: int) -> tuple[float, bool]:
    # The strike layers the map last drew: streamlit-folium keeps their script here.
    await frame.evaluate(
        "() => { window.__bench_probe = 1;"
        " window.__bench_before = window.__GLOBAL_DATA__.last_feature_group; }"
    )
    thumb = page.locator("[data-testid='stSlider'] input[type=range]").nth(1)
    await thumb.focus()
    started = time.perf_counter()
    for _ in range(presses):
        await page.keyboard.press("PageDown")
    await frame.wait_for_function(
        "() => window.__GLOBAL_DATA__.last_feature_group !== window.__bench_before",
        timeout=TIMEOUT_MS,
    )
    elapsed = time.perf_counter() - started
    await _rerun_done(page)
    kept = await frame.evaluate("() => window.__bench_probe === 1")
    return elapsed, bool(kept)


def _server_rerun_times(repeats: int) -> tuple[float, list[float]]:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=300)
    started = time.perf_counter()
    app.run()
    first_s = time.perf_counter() - started
    if app.error or app.exception:
        raise RuntimeError(f"the dashboard failed: {[error.value for error in app.error]}")
    slider = app.slider(key="dates")
    low, high = slider.value
    times: list[float] = []
    for index in range(repeats):
        end = high - dt.timedelta(days=14 * (index + 1))
        started = time.perf_counter()
        app.slider(key="dates").set_value((low, end)).run()
        times.append(time.perf_counter() - started)
        if app.exception:
            raise RuntimeError(str(app.exception))
    return first_s, times


async def _session(browser: Browser, base_url: str, index: int) -> dict[str, float]:
    page, frame, open_s, _ = await _open(browser, base_url)
    filter_s, _ = await _filter_change(page, frame, presses=1 + index % 4)
    started = time.perf_counter()
    await page.get_by_label("Position", exact=True).fill(
        f"{10.8 + index * 0.05:.2f} N, {64.0 + index * 0.1:.2f} W"
    )
    await page.get_by_role("button", name="Check position").click()
    await page.locator(ANSWER_BOXES).first.wait_for(timeout=TIMEOUT_MS)
    check_s = time.perf_counter() - started
    await page.context.close()
    return {"open": open_s, "filter": filter_s, "point_check": check_s}


class _WebsocketSession:
    """A minimal Streamlit client over the app's websocket (protobuf BackMsg / ForwardMsg).

    Lighter than a browser: with 2 cores, 20 Chromium pages would measure Chromium, not the
    server.
    """

    def __init__(self, base_url: str) -> None:
        self.url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.widgets: dict[str, Any] = {}
        #: The fragment each widget was drawn in ("" for the page itself).
        self.fragments: dict[str, str] = {}
        self.alerts: list[str] = []
        self.received_bytes = 0

    async def __aenter__(self) -> _WebsocketSession:
        import websockets
        from websockets.typing import Subprotocol

        self.connection = await websockets.connect(
            self.url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
        )
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.connection.close()

    async def run(self, widget_states: list[Any] | None = None, *, fragment_id: str = "") -> float:
        """Rerun the page, or only ``fragment_id`` as the browser does for its widgets."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_script_hash = ""
        message.rerun_script.fragment_id = fragment_id
        for state in widget_states or []:
            message.rerun_script.widget_states.widgets.append(state)
        self.alerts = []
        started = time.perf_counter()
        await self.connection.send(message.SerializeToString())
        while True:
            payload = await asyncio.wait_for(self.connection.recv(), timeout=TIMEOUT_MS / 1000)
            assert isinstance(payload, bytes)
            self.received_bytes += len(payload)
            forward = ForwardMsg()
            forward.ParseFromString(payload)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                widget = element.WhichOneof("type")
                if widget in {"slider", "text_input", "button"}:
                    proto = getattr(element, widget)
                    self.widgets[proto.label] = proto
                    self.fragments[proto.label] = forward.delta.fragment_id
                elif widget == "alert":
                    self.alerts.append(element.alert.body)
            elif kind == "script_finished":
                return time.perf_counter() - started

    def date_filter(self, *, days_removed: int) -> list[Any]:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        slider = self.widgets["Dates"]
        state = WidgetState(id=slider.id)
        # Date sliders carry microseconds since the epoch.
        state.double_array_value.data.extend(
            [slider.min, slider.max - days_removed * 86_400 * 1_000_000]
        )
        return [state]

    def point_check(self, *, position: str) -> list[Any]:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        text = WidgetState(id=self.widgets["Position"].id, string_value=position)
        submit = WidgetState(id=self.widgets["Check position"].id, trigger_value=True)
        return [text, submit]


async def _websocket_session(base_url: str, index: int) -> dict[str, float]:
    async with _WebsocketSession(base_url) as session:
        open_s = await session.run()
        filter_state = session.date_filter(days_removed=20 + 10 * (index % 6))
        filter_s = await session.run(filter_state)
        position = f"{10.8 + index * 0.02:.2f} N, {64.0 + index * 0.05:.2f} W"
        # The button sits in the map's fragment: the browser reruns only that fragment.
        check_s = await session.run(
            [*filter_state, *session.point_check(position=position)],
            fragment_id=session.fragments["Check position"],
        )
        # The answer's first line: "In Venezuela's territorial waters: yes" (or no, can't tell).
        if not any("territorial waters: " in alert for alert in session.alerts):
            raise RuntimeError(f"session {index}: no point-check answer in {session.alerts}")
        return {"open": open_s, "filter": filter_s, "point_check": check_s}


async def _load_test(sessions: int, mode: str) -> None:
    base_url, process = start_server(log_path=_server_log())
    try:
        # Warm the process cache (data loaded once per process), as after the first visit.
        await _websocket_session(base_url, 0)
        rss_before = _rss_mb(process.pid)
        cpu_before = _cpu_s(process.pid)
        started = time.perf_counter()
        if mode == "websocket":
            results = await asyncio.gather(
                *[_websocket_session(base_url, index) for index in range(sessions)]
            )
        else:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
                )
                results = await asyncio.gather(
                    *[_session(browser, base_url, index) for index in range(sessions)]
                )
                await browser.close()
        wall_s = time.perf_counter() - started
        server_cpu_s = _cpu_s(process.pid) - cpu_before
        rss_after = _rss_mb(process.pid)
        print(
            f"Load test: {sessions} concurrent {mode} sessions against one server (each opens "
            f"the page, applies a date filter, checks a point): {wall_s:.1f} s wall time"
        )
        for step in ("open", "filter", "point_check"):
            values = [result[step] for result in results]
            p95 = _percentile(values, 0.95)
            print(
                f"  {step:<14} p50 {_percentile(values, 0.5):6.2f} s   "
                f"p95 {p95:6.2f} s   max {max(values):6.2f} s"
                f"  ({p95 / TARGET_LOAD_P95_S:.2f} × target p95)"
            )
        print(
            f"  server CPU: {server_cpu_s:.1f} s over the {wall_s:.1f} s "
            f"({server_cpu_s / sessions * 1000:.0f} ms per session of three steps; the rest of "
            "the machine's time went to the clients)"
        )
        print(
            f"  server RSS: {rss_before:.0f} MB before, {rss_after:.0f} MB after "
            f"({(rss_after - rss_before) / sessions:.1f} MB per session)"
        )
    finally:
        stop_server(process)


def _upload_csv(rows: int) -> bytes:
    """A valid strike upload of ``rows`` positions in the Caribbean, each with a 5-nm radius."""
    import random

    generator = random.Random(13)
    lines = [
        "id,date,latitude,longitude,location_precision,uncertainty_radius_nm,location_method,"
        "region,deaths,status,location_text,source_urls"
    ]
    for index in range(rows):
        lines.append(
            f"U{index},2025-10-{1 + index % 28:02d},{10 + 3 * generator.random():.4f},"
            f"{-70 + 8 * generator.random():.4f},approximate,5,estimated,Caribbean,{index % 4},"
            f"confirmed,sea {index},https://example.org/{index}"
        )
    return "\n".join(lines).encode()


def _upload_rerun_times(rows: int) -> None:
    """A session with an upload: its first run, then date-filter reruns reusing the file's work."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=600)
    app.run()
    started = time.perf_counter()
    app.file_uploader(key="upload").upload("rows.csv", _upload_csv(rows), "text/csv").run()
    first_s = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(str(app.exception))
    low, high = app.slider(key="dates").value
    times: list[float] = []
    for index in range(3):
        started = time.perf_counter()
        app.slider(key="dates").set_value((low, high - dt.timedelta(days=7 * (index + 1)))).run()
        times.append(time.perf_counter() - started)
    later_s = statistics.median(times)
    print(_line(f"upload of {rows:,} rows: the run that reads, checks and draws it", first_s))
    print(
        _line(f"upload of {rows:,} rows: a later date-filter rerun (median of 3)", later_s)
        + f"  ({first_s / later_s:.0f}× faster than redoing the file's work each run)"
    )


def _collection_times() -> None:
    """Streamlit's full garbage collection after every run, with the page's data in memory.

    Run after the AppTest runs, which loaded the data and froze it (dashboard._load_data).
    """
    import gc

    gc.unfreeze()
    gc.collect()
    started = time.perf_counter()
    gc.collect()
    unfrozen_s = time.perf_counter() - started
    gc.freeze()
    started = time.perf_counter()
    gc.collect()
    frozen_s = time.perf_counter() - started
    # Streamlit collects fully after every run (runner.postScriptGC, on by default).
    print(f"  {'full garbage collection after a run, data frozen':<60}{frozen_s * 1e3:8.3f} ms")
    print(
        f"  {'full garbage collection after a run, not frozen':<60}{unfrozen_s * 1e3:8.3f} ms"
        f"  ({unfrozen_s / frozen_s:,.0f}× frozen)"
    )


def _frame_render_times(repeats: int) -> None:
    """One rerun's map frame: st_folium rendering everything against the shared strings."""
    import folium
    import streamlit_folium

    import map_frame
    from events.load import load_reporting_areas, load_strikes
    from events.verdicts import add_verdicts
    from mapview import style
    from mapview.basemap import build_base_map
    from mapview.map_tools import ViewRequest
    from mapview.strikes import build_strike_groups

    strikes = add_verdicts(load_strikes())
    areas = load_reporting_areas()
    layer_urls = {style.LAYER_TERRITORIAL_SEA: "/app/static/layers/territorial_sea.geojson"}

    def strike_groups() -> list[folium.FeatureGroup]:
        return build_strike_groups(strikes=strikes, reporting_areas=areas)

    def view_group() -> folium.FeatureGroup:
        group = folium.FeatureGroup(name="view", control=False)
        ViewRequest(request={"id": 1, "centre": [11.0, -64.0], "zoom": 8}).add_to(group)
        return group

    def sink(**_: Any) -> None:
        return None

    # Rendering only: the component itself needs a running page.
    streamlit_folium._component_func = sink
    map_frame._component_func = sink  # type: ignore[attr-defined]
    bounds = (5.0, -100.0, 20.0, -60.0)
    st_folium_s: list[float] = []
    for _ in range(repeats):
        started = time.perf_counter()
        streamlit_folium.st_folium(
            build_base_map(layer_urls=layer_urls, bounds=bounds, session_key="a"),
            key="strike_map",
            use_container_width=True,
            returned_objects=list(map_frame.MAP_RETURNS),
            feature_group_to_add=[*strike_groups(), view_group()],
            layer_control=folium.LayerControl(collapsed=True, position="topright"),
        )
        st_folium_s.append(time.perf_counter() - started)
    shared_groups = strike_groups()
    fixed = map_frame.fixed_frame(
        layer_urls=layer_urls,
        fine_layer_urls={},
        bounds=bounds,
        view=None,
        hidden_layers=style.LAYERS_HIDDEN_BY_DEFAULT,
        groups=[map_frame.signature(group) for group in [*shared_groups, view_group()]],
        map_key="strike_map",
    )
    shared_js = map_frame.groups_script(shared_groups)
    frame_s: list[float] = []
    for _ in range(repeats):
        started = time.perf_counter()
        map_frame.draw_map_frame(
            fixed=fixed,
            session_key="a",
            groups_js=shared_js + map_frame.groups_script([view_group()], first_index=2),
            map_key="strike_map",
            height_px=style.MAP_HEIGHT_PX,
            on_change=lambda _returned: None,
        )
        frame_s.append(time.perf_counter() - started)
    ours, alternative = statistics.median(frame_s), statistics.median(st_folium_s)
    print(_line("map frame per rerun, shared strings (median)", ours))
    print(
        _line("map frame per rerun, st_folium renders all (median)", alternative)
        + f"  ({alternative / ours:.0f}× the shared strings)"
    )


async def _browser_bench() -> None:
    base_url, process = start_server(log_path=_server_log())
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
            )
            print("Browser (headless Chromium, offline, one local server)")
            page, frame, first_open_s, _ = await _open(browser, base_url)
            returning_context = page.context
            await page.close()
            print(_line("page open to map, first visit (cold server)", first_open_s))
            returning: list[float] = []
            for _ in range(3):
                page, frame, open_s, _ = await _open(browser, base_url, returning_context)
                returning.append(open_s)
                await page.close()
            await returning_context.close()
            print(
                _line(
                    "page open to map, later visits, same browser (median of 3)",
                    statistics.median(returning),
                    TARGET_OPEN_S,
                )
            )
            fresh: list[float] = []
            payloads: list[int] = []
            layer_payloads: list[int] = []
            for _ in range(3):
                page, frame, open_s, _ = await _open(browser, base_url)
                await _rerun_done(page)
                payloads.append(page._bench_ws_bytes[0])  # type: ignore[attr-defined]
                layer_payloads.append(page._bench_layer_bytes[0])  # type: ignore[attr-defined]
                fresh.append(open_s)
                last_page, last_frame = page, frame
                if len(fresh) < 3:
                    await page.context.close()
            print(
                _line(
                    "page open to map, new browser profile (median of 3)",
                    statistics.median(fresh),
                    TARGET_OPEN_S,
                )
            )
            filter_times: list[float] = []
            kept_all = True
            for _ in range(3):
                bytes_before = last_page._bench_ws_bytes[0]  # type: ignore[attr-defined]
                elapsed, kept = await _filter_change(last_page, last_frame, presses=2)
                filter_times.append(elapsed)
                kept_all = kept_all and kept
            change_bytes = last_page._bench_ws_bytes[0] - bytes_before  # type: ignore[attr-defined]
            print(
                _line(
                    "date filter: key press to new strike features", statistics.median(filter_times)
                )
            )
            print(f"  {'map iframe kept (not reloaded) on filter change':<58} {kept_all}")
            payload = statistics.median(payloads)
            layer_payload = statistics.median(layer_payloads)
            total = payload + layer_payload
            label = "websocket bytes for the page (map script, figures)"
            print(f"  {label:<58} {payload / 1e6:7.3f} MB")
            print(
                f"  {'fixed layer files (GeoJSON, cached after a first visit)':<58} "
                f"{layer_payload / 1e6:7.3f} MB"
            )
            print(
                f"  {'map HTML/JSON for a new visitor, total':<58} {total / 1e6:7.3f} MB"
                f"  ({total / TARGET_PAYLOAD_BYTES:.2f} × target 1.5 MB)"
            )
            print(f"  {'websocket bytes for one filter change':<58} {change_bytes / 1e6:7.3f} MB")
            vendor = sum(
                path.stat().st_size for path in (REPO_ROOT / "static" / "vendor").rglob("*.js")
            ) + sum(
                path.stat().st_size for path in (REPO_ROOT / "static" / "vendor").rglob("*.css")
            )
            print(
                f"  {'static Leaflet + jQuery (cached by the browser)':<58} {vendor / 1e6:7.3f} MB"
            )
            await last_page.context.close()

            await browser.close()
    finally:
        stop_server(process)


def main() -> int:
    """Run the benchmark and print the figures.

    Returns
    -------
    int
        Process exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--load-mode", choices=["websocket", "browser"], default="websocket")
    arguments = parser.parse_args()
    os.chdir(REPO_ROOT)
    print("Server (Streamlit AppTest, same script in-process)")
    first_s, rerun_times = _server_rerun_times(repeats=5)
    print(_line("first run (loads and prepares all data)", first_s))
    print(_line("date-filter rerun, median of 5", statistics.median(rerun_times), TARGET_RERUN_S))
    print(_line("date-filter rerun, max of 5", max(rerun_times), TARGET_RERUN_S))
    _collection_times()
    _frame_render_times(repeats=5)
    _upload_rerun_times(rows=1_000)
    asyncio.run(_browser_bench())
    if not arguments.skip_load:
        asyncio.run(_load_test(arguments.sessions, arguments.load_mode))
    return 0


if __name__ == "__main__":
    sys.exit(main())
