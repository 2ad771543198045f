"""The machine's load, printed with every benchmark (the CPU may be shared)."""

from __future__ import annotations

import os


def load_line() -> str:
    """E.g. ``load: 3.10 (1-min average, 2 cores)``."""
    return f"load at the end: {os.getloadavg()[0]:.2f} (1-min average, {os.cpu_count()} cores)"
