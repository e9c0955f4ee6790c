from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["tests.plugins.fake_edgar"]

REPO_DIR = Path(__file__).resolve().parent.parent
# Real EDGAR data lives beside the repo, never inside it.
SHARED_DIR = Path(os.environ.get("SHARED_DIR", REPO_DIR.parent / "shared"))
EDGAR_SAMPLE_DIR = SHARED_DIR / "edgar-sample"
SEEDS_DIR = SHARED_DIR / "seeds"


@pytest.fixture(scope="session")
def edgar_sample_dir() -> Path:
    if not EDGAR_SAMPLE_DIR.is_dir():
        pytest.fail(f"{EDGAR_SAMPLE_DIR} is missing: CI and developers keep ../shared beside the repo")
    return EDGAR_SAMPLE_DIR


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR
