import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import clone_rebuild
import pandas as pd
import pytest

from events.load import load_strikes

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="module")
def strikes() -> pd.DataFrame:
    """The committed strike record, loaded once per test module."""
    return load_strikes()


# ------------------------------------------------------------ the clean clone's rebuild
#: The test that checks the clone's rebuild; when it is selected, the rebuild starts in the
#: background as soon as collection ends (see ``clone_rebuild``).
REBUILD_TEST = "test_clone_with_no_siblings_rebuilds_data_identically_and_passes_fast_tests"
_REBUILD: dict[str, Any] = {}


def pytest_collection_finish(session: pytest.Session) -> None:
    if not any(item.name == REBUILD_TEST for item in session.items):
        return
    clone = clone_rebuild.prepare_clone(Path(tempfile.mkdtemp(prefix="clone-rebuild-")))
    _REBUILD["clone"] = clone
    _REBUILD["process"] = clone_rebuild.start(clone)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    process = _REBUILD.pop("process", None)
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # the job and the build's worker processes
        process.wait()
    clone = _REBUILD.pop("clone", None)
    if clone is not None:
        shutil.rmtree(clone.parent.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def background_rebuild() -> tuple[Path, subprocess.Popen[bytes]]:
    """The clone being rebuilt in the background and the job's process."""
    if "process" not in _REBUILD:
        pytest.fail("the background rebuild was not started (see pytest_collection_finish)")
    return _REBUILD["clone"], _REBUILD["process"]
