"""pytest fixtures that run the project's fake EDGAR on 127.0.0.1 and point clients or settings at it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devtools.fake_edgar.server import FakeEdgar
from filings.edgar.client import EdgarClient
from filings.edgar.ratelimit import FileRateLimiter

TEST_USER_AGENT = "Comment Letters Tests tests@example.com"
# Short enough to keep the suite fast, long enough to prove the client waits.
TEST_RATE_BLOCK_SECONDS = 0.5


@pytest.fixture(scope="session")
def _fake_edgar_server(edgar_sample_dir: Path) -> Iterator[FakeEdgar]:
    # One server for the session (its catalogue is built once); each test gets it reset.
    with FakeEdgar(edgar_sample_dir, rate_block_seconds=TEST_RATE_BLOCK_SECONDS) as fake:
        yield fake


@pytest.fixture
def fake_edgar(_fake_edgar_server: FakeEdgar) -> Iterator[FakeEdgar]:
    """The fake EDGAR serving ../shared/edgar-sample: no faults, no blocks, zeroed statistics."""
    _fake_edgar_server.reset()
    yield _fake_edgar_server
    _fake_edgar_server.reset()


@pytest.fixture
def fake_edgar_factory() -> Iterator[Callable[..., FakeEdgar]]:
    """Start a fake EDGAR over another root: `fake_edgar_factory(root, rate_limit=5)`. Stopped after the test."""
    started: list[FakeEdgar] = []

    def start(root: Path, **kwargs) -> FakeEdgar:
        kwargs.setdefault("rate_block_seconds", TEST_RATE_BLOCK_SECONDS)
        fake = FakeEdgar(root, **kwargs)
        fake.start()
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.stop()


def client_for(fake: FakeEdgar, tmp_path: Path, **overrides) -> EdgarClient:
    """An EdgarClient aimed at `fake`, with its own rate-limit file and cache under tmp_path."""
    kwargs = {
        "archives_url": fake.archives_url,
        "data_url": fake.data_url,
        "user_agent": TEST_USER_AGENT,
        "rate_limiter": FileRateLimiter(tmp_path / "edgar-ratelimit.state", rate=10),
        "timeout": 5,
        "max_retries": 4,
        "backoff_base": 0.02,
        "rate_block_seconds": TEST_RATE_BLOCK_SECONDS,
        "cache_dir": tmp_path / "edgar-cache",
    }
    kwargs.update(overrides)
    return EdgarClient(**kwargs)


@pytest.fixture
def edgar_client(fake_edgar: FakeEdgar, tmp_path: Path) -> Iterator[EdgarClient]:
    client = client_for(fake_edgar, tmp_path)
    yield client
    client.close()


def use_fake_edgar(settings, fake: FakeEdgar, *, cache_dir: Path | None = None) -> None:  # noqa: ANN001
    """Point the EDGAR_* settings (pytest-django's `settings`) at `fake`, so EdgarClient.from_settings() uses it.

    The cache is keyed by Archives path, not host, so each call gets a fresh one unless told otherwise.
    """
    settings.EDGAR_ARCHIVES_URL = fake.archives_url
    settings.EDGAR_DATA_URL = fake.data_url
    settings.EDGAR_USER_AGENT = TEST_USER_AGENT
    settings.EDGAR_TIMEOUT = 5
    settings.EDGAR_MAX_RETRIES = 4
    settings.EDGAR_BACKOFF_BASE = 0.02
    settings.EDGAR_RATE_BLOCK_SECONDS = TEST_RATE_BLOCK_SECONDS
    settings.EDGAR_CACHE_DIR = cache_dir if cache_dir is not None else Path(tempfile.mkdtemp(prefix="edgar-cache-"))


@pytest.fixture
def fake_edgar_settings(settings, fake_edgar: FakeEdgar, tmp_path: Path) -> FakeEdgar:  # noqa: ANN001
    """The sample fake EDGAR with the EDGAR_* settings pointed at it (cache and rate-limit state under tmp_path)."""
    use_fake_edgar(settings, fake_edgar, cache_dir=tmp_path / "edgar-cache")
    settings.VAR_DIR = tmp_path
    settings.REDIS_URL = ""  # a file limiter of the test's own, so no other test's budget is shared
    return fake_edgar
