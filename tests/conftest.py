from pathlib import Path

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
