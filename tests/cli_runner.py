"""Run the project's command lines in a subprocess, as a user would from the repository."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_module(
    *args: str, cwd: Path = REPO_ROOT, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ...`` from the repository like a user would."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
