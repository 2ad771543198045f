"""Start and stop the dashboard on a free local port, for browser tests and benchmarks.

Always on 127.0.0.1, headless, without usage statistics or a file watcher; readiness is the
``/_stcore/health`` answer of the process we started (checked alive, so a stale server on the
same port cannot answer for it); stopped by PID.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SERVER_START_TIMEOUT_S = 60.0

#: Debian's Chromium; ``playwright install`` cannot download a browser here.
CHROMIUM_PATH = "/usr/bin/chromium"
#: Without the background-networking flags Chromium keeps calling hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(*, process: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with {process.returncode}:\n{log_path.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"streamlit did not become healthy:\n{log_path.read_text()[-4000:]}")


def start_server(
    *, log_path: Path, app_dir: Path = REPO_ROOT
) -> tuple[str, subprocess.Popen[bytes]]:
    """Start ``app_dir/dashboard.py`` on a free local port; return its URL and process."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=app_dir,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_healthy(process=process, base_url=base_url, log_path=log_path)
    except Exception:
        stop_server(process)
        raise
    return base_url, process


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop a server we started, by its PID."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
