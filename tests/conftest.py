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
# CI always has ../shared; there a missing copy is a broken checkout, not a reason to skip.
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

_skipped_for_shared: set[str] = set()


def _require_shared(path: Path, nodeid: str) -> Path:
    if path.is_dir():
        return path
    if IN_CI:
        pytest.fail(f"{path} is missing: CI runs every real-data test, so ../shared must sit beside the repo")
    _skipped_for_shared.add(nodeid)
    pytest.skip(f"{path} is missing (real EDGAR data, never copied into the repo)")


@pytest.fixture(scope="session")
def edgar_sample_dir(request: pytest.FixtureRequest) -> Path:
    return _require_shared(EDGAR_SAMPLE_DIR, request.node.nodeid)


@pytest.fixture(scope="session")
def seeds_dir(request: pytest.FixtureRequest) -> Path:
    return _require_shared(SEEDS_DIR, request.node.nodeid)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # A session fixture's skip is reported once per test that needed it; count those tests.
    if report.skipped and "never copied into the repo" in str(report.longrepr):
        _skipped_for_shared.add(report.nodeid)


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    if _skipped_for_shared:
        terminalreporter.write_line(
            f"{len(_skipped_for_shared)} tests skipped: they read real EDGAR files from {SHARED_DIR}, which is missing. "
            "Set SHARED_DIR to a copy of the shared folder (with edgar-sample/ and seeds/) to run them.",
            yellow=True,
        )


@pytest.fixture(autouse=True)
def no_admin_closures_cached(monkeypatch):
    """Every test starts knowing of no admin-added federal closure, without asking the database, so a page's
    pinned query count does not depend on which test warmed the closures' cache before it. A test that adds
    a closure calls admin_closures_forget() (as the admin does) and the next use reads it."""
    import time

    from filings import business_days  # here, not at the top: Django's apps are not ready when conftest loads

    monkeypatch.setattr(business_days, "_admin_cache", (time.monotonic(), frozenset()))
