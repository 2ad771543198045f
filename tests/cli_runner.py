"""Run the project's command lines in a subprocess, as a user would from the repository."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_python(
    *args: str, root: Path = REPO_ROOT, cwd: Path = REPO_ROOT, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` with the checkout ``root`` importable, from ``cwd``."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_module(
    *args: str, cwd: Path = REPO_ROOT, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ...`` from the repository like a user would."""
    return run_python("-m", *args, cwd=cwd, timeout=timeout)
